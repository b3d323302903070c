/* leakparse.c — the block the generated TestMain prints after m.Run().
 * Only lines that start with the per-grading nonce count, so the program
 * under test cannot print a forged "no leaks" block without knowing it. */
#include "parse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

int grd_leak_parse(const char *buf, size_t len, const char *nonce, size_t max, struct grd_leaks *ret)
{
        size_t nl_len = nonce ? strlen(nonce) : 0;
        if (nl_len < 16)
                return -EINVAL;
        struct grd_leaks l = {.exit_code = -1, .n_leaked = -1};
        struct grd_buf stacks = GRD_BUF_INIT(max ? max : GRD_EVIDENCE_MAX);
        bool in_block = false;
        long declared = -1;
        size_t i = 0;
        while (i < len) {
                const char *s = buf + i;
                const char *nl = memchr(s, '\n', len - i);
                size_t n = nl ? (size_t)(nl - s) : len - i;
                i += n + 1;
                bool mine = n > nl_len && memcmp(s, nonce, nl_len) == 0 && s[nl_len] == ' ';
                if (!mine) {
                        if (in_block && (grd_buf_add(&stacks, s, n) < 0 || grd_buf_add(&stacks, "\n", 1) < 0))
                                goto oom;
                        continue;
                }
                char word[64];
                size_t k = n - nl_len - 1;
                if (k >= sizeof word)
                        k = sizeof word - 1;
                memcpy(word, s + nl_len + 1, k);
                word[k] = '\0';
                if (strncmp(word, "gauntlet-exit ", 14) == 0) {
                        l.seen_exit = true;
                        l.exit_code = atoi(word + 14);
                } else if (strncmp(word, "gauntlet-leak-begin ", 20) == 0) {
                        in_block = true;
                        declared = atol(word + 20);
                        grd_buf_release(&stacks);
                } else if (strcmp(word, "gauntlet-leak-end") == 0 && in_block) {
                        in_block = false;
                        l.seen_block = true;
                        l.n_leaked = declared;
                }
        }
        if (l.seen_block && l.n_leaked > 0)
                l.stacks = grd_buf_steal(&stacks);
        grd_buf_release(&stacks);
        *ret = l;
        return 0;
oom:
        grd_buf_release(&stacks);
        return -ENOMEM;
}

void grd_leaks_release(struct grd_leaks *l)
{
        if (!l)
                return;
        free(l->stacks);
        memset(l, 0, sizeof *l);
}

/* A line the testing package printed for t.Log, t.Error or t.Fatal:
 * indented, then "file.go:NN: ". */
static bool log_line(const char *s, size_t n)
{
        size_t i = 0;
        while (i < n && s[i] == ' ')
                i++;
        if (i < 4)
                return false;
        const char *colon = memchr(s + i, ':', n - i);
        if (!colon || colon - (s + i) < 4 || memcmp(colon - 3, ".go", 3) != 0)
                return false;
        size_t k = (size_t)(colon - s) + 1, d = 0;
        while (k + d < n && s[k + d] >= '0' && s[k + d] <= '9')
                d++;
        return d > 0 && k + d < n && s[k + d] == ':';
}

static bool has(const char *s, size_t n, const char *needle)
{
        size_t k = strlen(needle);
        return n >= k && memmem(s, n, needle, k) != NULL;
}

/* A goroutine of a synctest bubble waiting on a channel that is not the
 * bubble's ("goroutine 7 [chan receive, synctest bubble 2]:" without
 * "(durable)"): the bubble can never go idle, so its fake clock stands. */
static bool foreign_wait(const char *s, size_t n)
{
        if (n < 10 || memcmp(s, "goroutine ", 10) != 0 || !has(s, n, ", synctest bubble ") || has(s, n, "(durable)"))
                return false;
        const char *br = memchr(s, '[', n);
        if (!br)
                return false;
        size_t r = n - (size_t)(br + 1 - s);
        return (r >= 12 && memcmp(br + 1, "chan receive", 12) == 0) ||
               (r >= 9 && memcmp(br + 1, "chan send", 9) == 0) || (r >= 6 && memcmp(br + 1, "select", 6) == 0);
}

static const char *const leak_marks[] = {
        "deadlock: main bubble goroutine has exited but blocked goroutines remain",
        "found unexpected goroutines",
};

static const char *const bubble_marks[] = {
        "synctest channel from outside bubble",
        "synctest timer from outside bubble",
        "synctest timer accessed from outside bubble",
        "synctest goroutine from outside bubble",
        "called from multiple synctest bubbles",
};

enum grd_fail_shape grd_fail_shape(const char *output)
{
        if (!output)
                return GRD_SHAPE_PLAIN;
        bool leak = false, other_log = false, bubble = false, foreign = false;
        for (const char *s = output; *s;) {
                const char *nl = strchr(s, '\n');
                size_t n = nl ? (size_t)(nl - s) : strlen(s);
                if (has(s, n, "race detected during execution of test") || has(s, n, "WARNING: DATA RACE"))
                        return GRD_SHAPE_RACE;
                bool mark = false;
                for (size_t i = 0; i < sizeof leak_marks / sizeof *leak_marks; i++)
                        mark = mark || has(s, n, leak_marks[i]);
                for (size_t i = 0; i < sizeof bubble_marks / sizeof *bubble_marks; i++)
                        bubble = bubble || has(s, n, bubble_marks[i]);
                foreign = foreign || foreign_wait(s, n);
                leak = leak || mark;
                /* a message the test logged itself, other than the leak
                 * report: the test failed on its own account too */
                if (!leak && !mark && log_line(s, n))
                        other_log = true;
                s += n + (nl ? 1 : 0);
        }
        if (bubble || foreign)
                return GRD_SHAPE_BUBBLE;
        if (leak && !other_log)
                return GRD_SHAPE_LEAK;
        return GRD_SHAPE_PLAIN;
}
