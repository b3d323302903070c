/* gotest.c — parse the stream of a Go test binary run with
 * -test.v=test2json: framing lines start with \x16 ("=== RUN", "--- PASS:",
 * final "PASS"/"FAIL"); every other line is output of the test last named.
 * Parsed here directly instead of through `go tool test2json`: the framing
 * is all test2json itself reads, and no process is needed. */
#include "parse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define RUNNING (-1)

struct entry {
        char *name;
        int status;
        double elapsed;
        bool cut;       /* running when the stream ended without a panic */
        unsigned runs;  /* how many times it ran (-test.count repeats it) */
        unsigned fails; /* ... and did not pass */
        int failed;     /* the first repeat's status that was not a pass, or RUNNING */
        struct grd_buf out;
};

struct state {
        struct entry *v;
        size_t n, cap;
        size_t max_output;
        char current[512];      /* full name of the test output belongs to */
        long crash_test;        /* entry running (or just failed) when the crash began */
        bool crashing, in_running_list;
        struct grd_buf crash;
        bool oom;
};

static bool has_prefix(const char *s, size_t n, const char *pfx)
{
        size_t k = strlen(pfx);
        return n >= k && memcmp(s, pfx, k) == 0;
}

/* The top-level test a (sub)test name belongs to: entry index, created if new. */
static long top_entry(struct state *st, const char *name, size_t n, bool create)
{
        const char *slash = memchr(name, '/', n);
        if (slash)
                n = (size_t)(slash - name);
        if (n == 0)
                return -1;
        for (size_t i = 0; i < st->n; i++)
                if (strlen(st->v[i].name) == n && memcmp(st->v[i].name, name, n) == 0)
                        return (long)i;
        if (!create)
                return -1;
        if (st->n == st->cap) {
                size_t cap = st->cap ? st->cap * 2 : 16;
                struct entry *v = realloc(st->v, cap * sizeof *v);
                if (!v) {
                        st->oom = true;
                        return -1;
                }
                st->v = v;
                st->cap = cap;
        }
        struct entry *e = &st->v[st->n];
        e->name = strndup(name, n);
        if (!e->name) {
                st->oom = true;
                return -1;
        }
        e->status = RUNNING;
        e->elapsed = 0;
        e->cut = false;
        e->runs = e->fails = 0;
        e->failed = RUNNING;
        e->out = (struct grd_buf)GRD_BUF_INIT(st->max_output);
        return (long)st->n++;
}

static void set_current(struct state *st, const char *name, size_t n)
{
        while (n && (name[n - 1] == ' ' || name[n - 1] == '\r'))
                n--;
        if (n >= sizeof st->current)
                n = sizeof st->current - 1;
        memcpy(st->current, name, n);
        st->current[n] = '\0';
}

/* One repeat of a test ended with e->status: a failure in any repeat is
 * the test's result (-test.count=2 must not let a second pass hide it). */
static void count_run(struct entry *e)
{
        e->runs++;
        if (e->status != GRD_TEST_PASS && e->status != GRD_TEST_SKIP) {
                e->fails++;
                if (e->failed == RUNNING)
                        e->failed = e->status;
        }
}

static void end_test(struct state *st, int status, const char *rest, size_t n)
{
        /* rest: "TestX/sub (0.01s)" */
        size_t name_len = n;
        double secs = 0;
        for (size_t i = n; i >= 2; i--) {
                if (rest[i - 2] == ' ' && rest[i - 1] == '(') {
                        name_len = i - 2;
                        char tmp[32];
                        size_t k = n - i < sizeof tmp - 1 ? n - i : sizeof tmp - 1;
                        memcpy(tmp, rest + i, k);
                        tmp[k] = '\0';
                        secs = strtod(tmp, NULL);
                        break;
                }
        }
        set_current(st, rest, name_len);
        if (memchr(rest, '/', name_len))
                return; /* a subtest: its parent's line decides */
        long e = top_entry(st, rest, name_len, true);
        if (e < 0)
                return;
        st->v[e].status = status;
        st->v[e].elapsed = secs;
        count_run(&st->v[e]);
}

static void framing(struct state *st, struct grd_gotest *g, const char *s, size_t n)
{
        if (has_prefix(s, n, "=== RUN   ")) {
                set_current(st, s + 10, n - 10);
                long e = top_entry(st, st->current, strlen(st->current), true);
                /* -test.count>1 runs a test again: the new run counts */
                if (e >= 0 && !strchr(st->current, '/'))
                        st->v[e].status = RUNNING;
        } else if (has_prefix(s, n, "=== PAUSE ") || has_prefix(s, n, "=== CONT  ") ||
                   has_prefix(s, n, "=== NAME  ")) {
                set_current(st, s + 10, n - 10);
        } else if (has_prefix(s, n, "=== NAME")) {
                st->current[0] = '\0';
        } else if (has_prefix(s, n, "--- PASS: ")) {
                end_test(st, GRD_TEST_PASS, s + 10, n - 10);
        } else if (has_prefix(s, n, "--- FAIL: ")) {
                end_test(st, GRD_TEST_FAIL, s + 10, n - 10);
        } else if (has_prefix(s, n, "--- SKIP: ")) {
                end_test(st, GRD_TEST_SKIP, s + 10, n - 10);
        } else if ((n == 4 || (n == 5 && s[4] == '\r')) && (has_prefix(s, n, "PASS") || has_prefix(s, n, "FAIL"))) {
                g->finished = true;
                g->final_pass = s[0] == 'P';
                st->current[0] = '\0';
        }
}

/* Seconds in a Go duration as time.Duration prints it ("1h2m3s", "5s",
 * "1.5ms"), or -1. */
static double go_duration(const char *s, size_t n)
{
        static const struct {
                const char *unit;
                double secs;
        } units[] = {{"ns", 1e-9}, {"us", 1e-6}, {"\xc2\xb5s", 1e-6}, {"ms", 1e-3}, {"h", 3600}, {"m", 60}, {"s", 1}};
        char tmp[64];
        if (n == 0 || n >= sizeof tmp)
                return -1;
        memcpy(tmp, s, n);
        tmp[n] = '\0';
        double total = 0;
        for (const char *p = tmp; *p;) {
                char *end;
                if (!(*p >= '0' && *p <= '9'))
                        return -1;
                double v = strtod(p, &end);
                size_t u = 0;
                while (u < sizeof units / sizeof *units && strncmp(end, units[u].unit, strlen(units[u].unit)) != 0)
                        u++;
                if (u == sizeof units / sizeof *units)
                        return -1;
                total += v * units[u].secs;
                p = end + strlen(units[u].unit);
        }
        return total;
}

static void crash_line(struct state *st, struct grd_gotest *g, const char *s, size_t n)
{
        grd_buf_add(&st->crash, s, n);
        grd_buf_add(&st->crash, "\n", 1);
        /* panic: test timed out after 1s
         *         running tests:
         *                 TestHang (1s)          */
        if (!g->timed_out)
                return;
        if (has_prefix(s, n, "\trunning tests:")) {
                st->in_running_list = true;
        } else if (st->in_running_list && has_prefix(s, n, "\t\t")) {
                const char *name = s + 2;
                size_t k = 0;
                while (k < n - 2 && name[k] != ' ')
                        k++;
                long e = top_entry(st, name, k, false);
                if (e >= 0) {
                        bool was_running = st->v[e].status == RUNNING;
                        st->v[e].status = GRD_TEST_TIMEOUT;
                        if (was_running)
                                count_run(&st->v[e]);
                        /* "TestHang (5s)": how long it had run, to the second */
                        const char *d = name + k;
                        size_t dn = n - 2 - k;
                        while (dn && (d[dn - 1] == '\r' || d[dn - 1] == ' '))
                                dn--;
                        if (dn > 3 && d[0] == ' ' && d[1] == '(' && d[dn - 1] == ')') {
                                double secs = go_duration(d + 2, dn - 3);
                                if (secs > st->v[e].elapsed)
                                        st->v[e].elapsed = secs;
                        }
                }
        } else {
                st->in_running_list = false;
        }
}

static void line(struct state *st, struct grd_gotest *g, const char *s, size_t n)
{
        if (st->crashing) {
                crash_line(st, g, s, n);
                return;
        }
        size_t i = 0;
        while (i < n && s[i] == ' ')
                i++;
        if (i < n && s[i] == '\x16') {
                framing(st, g, s + i + 1, n - i - 1);
                return;
        }
        if (!g->finished && (has_prefix(s, n, "panic: ") || has_prefix(s, n, "fatal error: "))) {
                st->crashing = true;
                g->panicked = true;
                g->timed_out = has_prefix(s, n, "panic: test timed out after");
                st->crash_test = st->current[0] ? top_entry(st, st->current, strlen(st->current), false) : -1;
                crash_line(st, g, s, n);
                return;
        }
        if (!st->current[0])
                return;
        long e = top_entry(st, st->current, strlen(st->current), true);
        if (e < 0)
                return;
        grd_buf_add(&st->v[e].out, s, n);
        grd_buf_add(&st->v[e].out, "\n", 1);
}

static void finish(struct state *st, struct grd_gotest *g)
{
        for (size_t i = 0; i < st->n; i++) {
                struct entry *e = &st->v[i];
                bool crashed_here = (long)i == st->crash_test;
                if (e->status == RUNNING) {
                        if (g->timed_out)
                                e->status = GRD_TEST_TIMEOUT;
                        else if (g->panicked)
                                e->status = GRD_TEST_PANIC;
                        else {
                                e->status = GRD_TEST_FAIL;
                                e->cut = true;
                                g->interrupted = true;
                        }
                        crashed_here = crashed_here || g->panicked;
                        count_run(e);
                } else if (crashed_here && g->panicked && !g->timed_out && e->status == GRD_TEST_FAIL) {
                        /* "--- FAIL" is printed before the panic text */
                        e->status = GRD_TEST_PANIC;
                        if (e->failed == GRD_TEST_FAIL)
                                e->failed = GRD_TEST_PANIC;
                }
                if (e->status == GRD_TEST_PASS && e->failed != RUNNING)
                        e->status = e->failed;
                if ((crashed_here || e->status == GRD_TEST_TIMEOUT) && st->crash.s) {
                        size_t room = e->out.max && e->out.max > e->out.len ? e->out.max - e->out.len : 0;
                        size_t k = st->crash.len < room ? st->crash.len : room;
                        if (k)
                                grd_buf_add(&e->out, st->crash.s, k);
                }
        }
}

int grd_gotest_parse(const char *buf, size_t len, size_t max_output, struct grd_gotest *ret)
{
        struct state st = {.max_output = max_output ? max_output : GRD_TEST_OUTPUT_MAX, .crash_test = -1,
                           .crash = GRD_BUF_INIT(GRD_EVIDENCE_MAX)};
        struct grd_gotest g = {0};
        size_t i = 0;
        while (i < len && !st.oom) {
                const char *nl = memchr(buf + i, '\n', len - i);
                size_t n = nl ? (size_t)(nl - (buf + i)) : len - i;
                line(&st, &g, buf + i, n);
                i += n + 1;
        }
        finish(&st, &g);
        if (st.oom)
                goto oom;
        g.tests = calloc(st.n ? st.n : 1, sizeof *g.tests);
        g.cut = calloc(st.n ? st.n : 1, sizeof *g.cut);
        g.runs = calloc(st.n ? st.n : 1, sizeof *g.runs);
        g.fails = calloc(st.n ? st.n : 1, sizeof *g.fails);
        if (!g.tests || !g.cut || !g.runs || !g.fails) {
                free(g.tests);
                free(g.cut);
                free(g.runs);
                free(g.fails);
                goto oom;
        }
        for (size_t k = 0; k < st.n; k++) {
                g.tests[k].name = st.v[k].name;
                g.tests[k].status = (enum grd_test_status)st.v[k].status;
                g.tests[k].elapsed_s = st.v[k].elapsed;
                g.cut[k] = st.v[k].cut;
                g.runs[k] = st.v[k].runs;
                g.fails[k] = st.v[k].fails;
                g.tests[k].output = grd_buf_steal(&st.v[k].out);
        }
        g.n_tests = st.n;
        g.crash = grd_buf_steal(&st.crash);
        free(st.v);
        *ret = g;
        return 0;
oom:
        for (size_t k = 0; k < st.n; k++) {
                free(st.v[k].name);
                grd_buf_release(&st.v[k].out);
        }
        free(st.v);
        grd_buf_release(&st.crash);
        return -ENOMEM;
}

void grd_gotest_release(struct grd_gotest *g)
{
        if (!g)
                return;
        for (size_t i = 0; i < g->n_tests; i++) {
                free(g->tests[i].name);
                free(g->tests[i].output);
                free(g->tests[i].group);
        }
        free(g->tests);
        free(g->cut);
        free(g->runs);
        free(g->fails);
        free(g->crash);
        memset(g, 0, sizeof *g);
}

int grd_gotest_note_cut(struct grd_gotest *g, const char *why, int exit_code, int signal)
{
        for (size_t i = 0; i < g->n_tests; i++) {
                if (!g->cut || !g->cut[i])
                        continue;
                struct grd_test_result *t = &g->tests[i];
                struct grd_buf o = GRD_BUF_INIT(0);
                if (t->output)
                        grd_buf_adds(&o, t->output);
                if (why)
                        grd_buf_addf(&o, "[gauntlet] %s during %s\n", why, t->name);
                else if (signal)
                        grd_buf_addf(&o, "[gauntlet] the test process was ended by signal %d during %s\n", signal,
                                     t->name);
                else
                        grd_buf_addf(&o, "[gauntlet] the test process exited during %s (exit status %d)\n", t->name,
                                     exit_code);
                char *s = grd_buf_steal(&o);
                if (!s)
                        return -ENOMEM;
                free(t->output);
                t->output = s;
        }
        return 0;
}

long grd_gotest_find(const struct grd_gotest *g, const char *name)
{
        for (size_t i = 0; i < g->n_tests; i++)
                if (strcmp(g->tests[i].name, name) == 0)
                        return (long)i;
        return -1;
}
