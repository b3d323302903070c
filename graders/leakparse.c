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
