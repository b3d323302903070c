/* suite.c — run a test binary over its tests in the sandbox, re-running
 * what a crash left unrun, and collect results, race reports and the leak
 * block. */
#include "suite.h"

#include "sbx_file.h"

#include <ctype.h>
#include <math.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void grd_strv_free(char **v, size_t n)
{
        for (size_t i = 0; v && i < n; i++)
                free(v[i]);
        free(v);
}

static int add_name(char ***v, size_t *n, const char *s, size_t len)
{
        for (size_t i = 0; i < *n; i++)
                if (strlen((*v)[i]) == len && memcmp((*v)[i], s, len) == 0)
                        return 0;
        char **nv = realloc(*v, (*n + 1) * sizeof *nv);
        if (!nv)
                return -ENOMEM;
        *v = nv;
        if (!(nv[*n] = strndup(s, len)))
                return -ENOMEM;
        (*n)++;
        return 0;
}

long grd_test_names(const char *dir, char ***ret)
{
        DIR *d = opendir(dir);
        if (!d)
                return -errno;
        char **v = NULL;
        size_t n = 0;
        int rc = 0;
        struct dirent *e;
        while (!rc && (e = readdir(d))) {
                size_t l = strlen(e->d_name);
                if (l < 8 || strcmp(e->d_name + l - 8, "_test.go") != 0 || strncmp(e->d_name, "zz_gauntlet", 11) == 0)
                        continue;
                char p[4096], *text;
                snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
                if (sbx_file_read(p, GRD_FILE_MAX, 0, &text, NULL) < 0)
                        continue;
                /* "func TestXxx(t *testing.T)" at the start of a line */
                for (char *s = text; !rc && (s = strstr(s, "func Test")); s += 9) {
                        if (s != text && s[-1] != '\n')
                                continue;
                        const char *name = s + 5;
                        size_t k = 4;
                        while (isalnum((unsigned char)name[k]) || name[k] == '_')
                                k++;
                        if (name[k] != '(' || (k > 4 && islower((unsigned char)name[4])) || !strstr(name + k, "testing.T"))
                                continue;
                        const char *close = strchr(name + k, ')');
                        if (!close || !memmem(name + k, (size_t)(close - name - k), "testing.T", 9))
                                continue;
                        rc = add_name(&v, &n, name, k);
                }
                free(text);
        }
        closedir(d);
        if (rc < 0) {
                grd_strv_free(v, n);
                return rc;
        }
        if (n)
                qsort(v, n, sizeof *v, sbx_file_name_cmp);
        *ret = v;
        return (long)n;
}

void grd_suite_release(struct grd_suite *s)
{
        if (!s)
                return;
        for (size_t i = 0; i < s->n_tests; i++) {
                free(s->tests[i].name);
                free(s->tests[i].output);
                free(s->tests[i].group);
        }
        free(s->tests);
        free(s->test_runs);
        free(s->test_fails);
        free(s->leaky);
        free(s->alone);
        grd_buf_release(&s->leak_tests);
        grd_buf_release(&s->log);
        grd_buf_release(&s->leak_stacks);
        grd_buf_release(&s->race_text);
        memset(s, 0, sizeof *s);
}

#define PENDING ((enum grd_test_status)-1)

void grd_budget_release(struct grd_budget *b)
{
        if (!b)
                return;
        grd_strv_free(b->names, b->n);
        free(b->secs);
        memset(b, 0, sizeof *b);
}

double grd_budget_timeout(const struct grd_budget *b, char *const *sel, size_t n, double factor, double cap)
{
        if (!b)
                return cap;
        double sum = 0;
        for (size_t i = 0; i < n; i++) {
                size_t k = 0;
                while (k < b->n && strcmp(b->names[k], sel[i]) != 0)
                        k++;
                if (k == b->n || b->secs[k] < 0)
                        return cap;
                sum += b->secs[k];
        }
        double t = factor * sum;
        if (t < GRD_BUDGET_FLOOR_S)
                t = GRD_BUDGET_FLOOR_S;
        /* whole seconds: -test.timeout prints them back as given */
        t = ceil(t);
        return t < cap ? t : cap;
}

/* What one run of the binary told. */
struct one_run {
        struct grd_gotest g;
        bool trusted;      /* m.Run returned 0, said by the nonce line: every test that ran passed */
        bool seen_exit;
        const char *why;   /* the sandbox ended it, or NULL */
        enum grd_test_status killed;
        double wall_s;     /* how long the run took */
};

/* Why the sandbox ended a run, NULL when it did not; a time limit makes
 * the test it cut off a timeout (*killed). */
static const char *killed_why(enum sbx_status st, enum grd_test_status *killed)
{
        switch (st) {
        case SBX_STATUS_TIME_LIMIT:
        case SBX_STATUS_WALL_LIMIT:
                *killed = GRD_TEST_TIMEOUT;
                return "killed by the sandbox: time limit";
        case SBX_STATUS_MEMORY_LIMIT:
                return "killed by the sandbox: memory limit";
        case SBX_STATUS_OUTPUT_LIMIT:
                return "killed by the sandbox: output limit";
        case SBX_STATUS_FILE_LIMIT:
                return "killed by the sandbox: file size limit";
        case SBX_STATUS_VIOLATION:
                return "killed by the sandbox: forbidden system call";
        case SBX_STATUS_SIGNALED:
                return "killed by a signal";
        default:
                return NULL;
        }
}

/* Run bin over the tests sel[0..nsel) once; output, races and the leak
 * block are added to s. */
static int run_once(struct grd_ctx *c, struct grd_suite *s, const char *bin, char *const *sel, size_t nsel,
                    const struct grd_suite_opts *o, struct one_run *ret)
{
        const struct grd_problem *p = c->p;
        const char *const *env = o->env;
        unsigned count = o->count;
        double mem_factor = o->mem_factor > 0 ? o->mem_factor : 1;
        double timeout = p->correctness_timeout_s > 0 ? p->correctness_timeout_s : 60;
        /* -test.count runs every test count times in the process */
        timeout = grd_budget_timeout(o->budget, sel, nsel, o->budget_factor * (count ? count : 1), timeout);
        char bindir[PATH_MAX], rundir[PATH_MAX], name[32], tflag[64], cflag[32];
        snprintf(bindir, sizeof bindir, "%s", bin);
        *strrchr(bindir, '/') = '\0';
        snprintf(tflag, sizeof tflag, "-test.timeout=%gs", timeout);
        snprintf(cflag, sizeof cflag, "-test.count=%u", count ? count : 1);
        struct grd_buf pattern = GRD_BUF_INIT(0);
        grd_buf_adds(&pattern, "-test.run=^(");
        for (size_t i = 0; i < nsel; i++)
                grd_buf_addf(&pattern, "%s%s", i ? "|" : "", sel[i]);
        if (grd_buf_adds(&pattern, ")$") < 0) {
                grd_buf_release(&pattern);
                return -ENOMEM;
        }
        snprintf(name, sizeof name, "run%u", c->seq++);
        int rc = grd_ctx_mkdir(c, name, rundir);
        if (rc < 0) {
                grd_buf_release(&pattern);
                return rc;
        }
        struct grd_step st;
        grd_step_init(&st, SBX_POLICY_STRICT, &p->run_limits, false);
        st.lim.mem_mib = (uint64_t)((double)st.lim.mem_mib * mem_factor);
        /* the binary's own -test.timeout must fire first: it names the test */
        if (st.lim.wall_s < timeout + 15)
                st.lim.wall_s = timeout + 15;
        if (st.lim.cpu_s && st.lim.cpu_s < timeout + 15)
                st.lim.cpu_s = timeout + 15;
        st.workdir = rundir;
        st.dirs[0] = bindir;
        size_t e = 0;
        char tmp[PATH_MAX + 8], home[PATH_MAX + 8];
        snprintf(tmp, sizeof tmp, "TMPDIR=%s", rundir);
        snprintf(home, sizeof home, "HOME=%s", rundir);
        st.env[e++] = tmp;
        st.env[e++] = home;
        for (size_t i = 0; env && env[i] && e < 20; i++)
                st.env[e++] = env[i];
        st.env[e] = NULL;
        const char *argv[] = {bin, "-test.v=test2json", cflag, tflag, pattern.s, NULL};
        struct sbx_result res;
        char *out = NULL;
        size_t len = 0;
        rc = grd_step_run(c, &st, argv, &res, &out, &len);
        grd_buf_release(&pattern);
        if (rc < 0)
                return rc;
        s->runs++;
        s->last_exit = res.exit_code;
        grd_buf_add(&s->log, out ? out : "", len);

        struct one_run r = {.killed = GRD_TEST_FAIL, .wall_s = res.wall_s};
        struct grd_races rr;
        struct grd_leaks l;
        if (grd_gotest_parse(out ? out : "", len, GRD_TEST_OUTPUT_MAX, &r.g) < 0) {
                free(out);
                return -ENOMEM;
        }
        if (grd_race_parse(out ? out : "", len, 0, &rr) == 0) {
                s->races += rr.n_reports;
                s->race_markers += rr.n_test_markers;
                if (rr.text)
                        grd_buf_adds(&s->race_text, rr.text);
                grd_races_release(&rr);
        }
        if (grd_leak_parse(out ? out : "", len, c->nonce, 0, &l) == 0) {
                r.seen_exit = l.seen_exit;
                r.trusted = l.seen_exit && l.exit_code == 0 && res.status == SBX_STATUS_OK;
                if (l.seen_block) {
                        s->leak_checked = true;
                        if (l.n_leaked > 0) {
                                s->leaked += l.n_leaked;
                                if (l.stacks)
                                        grd_buf_adds(&s->leak_stacks, l.stacks);
                        }
                }
                grd_leaks_release(&l);
        }
        free(out);
        r.why = killed_why(res.status, &r.killed);
        if (r.why)
                snprintf(s->note, sizeof s->note, "%s%s%s", r.why, res.syscall[0] ? " " : "", res.syscall);
        if (grd_gotest_note_cut(&r.g, r.why, res.exit_code, res.signal) < 0) {
                grd_gotest_release(&r.g);
                return -ENOMEM;
        }
        *ret = r;
        return 0;
}

/* Seconds of a run not accounted for by the tests that ended in it: how
 * long the test(s) cut off by the end of the run had been running. */
static double run_left(const struct one_run *r)
{
        double left = r->wall_s;
        for (size_t i = 0; i < r->g.n_tests; i++)
                if (!r->g.cut[i])
                        left -= r->g.tests[i].elapsed_s;
        return left > 0 ? left : 0;
}

/* Passes from a run that did not end with m.Run returning 0 (a crash, or
 * a failure elsewhere) could be lines the program printed itself: run them
 * again together, and one by one if that run is not clean either.  What a
 * clean run does not confirm fails. */
static int confirm_passes(struct grd_ctx *c, struct grd_suite *s, const char *bin, char **names, bool *trusted,
                          const struct grd_suite_opts *o)
{
        char **sel = calloc(s->n_tests ? s->n_tests : 1, sizeof *sel);
        size_t *idx = calloc(s->n_tests ? s->n_tests : 1, sizeof *idx);
        size_t n = 0;
        int rc = 0;
        if (!sel || !idx) {
                rc = -ENOMEM;
                goto out;
        }
        for (size_t i = 0; i < s->n_tests; i++)
                if (s->tests[i].status == GRD_TEST_PASS && !trusted[i]) {
                        sel[n] = names[i];
                        idx[n++] = i;
                }
        if (n == 0)
                goto out;
        struct one_run r;
        if ((rc = run_once(c, s, bin, sel, n, o, &r)) < 0)
                goto out;
        bool all = r.trusted;
        grd_gotest_release(&r.g);
        for (size_t k = 0; k < n && !all; k++) {
                if ((rc = run_once(c, s, bin, &sel[k], 1, o, &r)) < 0)
                        goto out;
                if (!r.trusted) {
                        struct grd_test_result *t = &s->tests[idx[k]];
                        struct grd_buf ob = GRD_BUF_INIT(GRD_TEST_OUTPUT_MAX + 256);
                        long j = grd_gotest_find(&r.g, sel[k]);
                        if (j >= 0 && r.g.tests[j].output)
                                grd_buf_adds(&ob, r.g.tests[j].output);
                        grd_buf_adds(&ob, "[gauntlet] reported as passing, but a run of this test alone did not end "
                                         "cleanly\n");
                        free(t->output);
                        t->output = grd_buf_steal(&ob);
                        s->test_runs[idx[k]]++;
                        s->test_fails[idx[k]]++;
                        t->status = j >= 0 && r.g.tests[j].status != GRD_TEST_PASS ? r.g.tests[j].status
                                                                                    : GRD_TEST_FAIL;
                }
                grd_gotest_release(&r.g);
        }
out:
        free(sel);
        free(idx);
        return rc;
}

/* Take what run r said of tests[i] (r's test k); *shared is set when
 * the test crossed a synctest bubble in a process other tests (or other
 * repeats of it) ran in: nsel counts the runs of tests in the process. */
static void take_result(struct grd_suite *s, size_t i, const struct one_run *r, long k, size_t nsel, bool leaks_fail,
                        bool *shared)
{
        struct grd_test_result *t = &r->g.tests[k];
        enum grd_test_status stt = t->status;
        double elapsed = t->elapsed_s;
        if (r->g.cut[k] && r->why) {
                stt = r->killed;
                /* it ran from its start to the kill: the run's time less
                 * what the tests that ended took */
                elapsed = run_left(r);
        }
        s->test_runs[i] += r->g.runs[k] ? r->g.runs[k] : 1;
        s->test_fails[i] += stt == GRD_TEST_PASS || stt == GRD_TEST_SKIP ? 0 : (r->g.fails[k] ? r->g.fails[k] : 1);
        enum grd_fail_shape shape = stt == GRD_TEST_PASS || stt == GRD_TEST_SKIP ? GRD_SHAPE_PLAIN
                                                                                 : grd_fail_shape(t->output);
        *shared = shape == GRD_SHAPE_BUBBLE && nsel > 1;
        bool leaked = shape == GRD_SHAPE_LEAK && !leaks_fail;
        if (leaked) {
                /* goroutines left behind, and nothing else wrong: the leak
                 * grader's finding, not a failed test */
                grd_buf_addf(&s->leak_tests, "--- %s left goroutines behind (%s):\n", t->name,
                             grd_test_status_name(stt));
                grd_buf_adds(&s->leak_tests, t->output ? t->output : "");
                s->leaky[i] = true;
                s->test_fails[i] = 0;
                stt = GRD_TEST_PASS;
        }
        struct grd_buf o = GRD_BUF_INIT(GRD_TEST_OUTPUT_MAX + 256);
        if (t->output && !leaked)
                grd_buf_adds(&o, t->output);
        free(s->tests[i].output);
        s->tests[i].status = stt;
        s->tests[i].elapsed_s = elapsed;
        s->tests[i].output = grd_buf_steal(&o);
}

/* Tests that crossed a synctest bubble beside other tests (a channel made
 * in one test's bubble reused in another's through a process-wide
 * sync.Pool: the runtime ends the process) run again, each alone: correct
 * code must not fail because the tests share a process.  The run alone is
 * the result; crossing a bubble there too is the code's own doing. */
static int run_alone(struct grd_ctx *c, struct grd_suite *s, const char *bin, char **names, const bool *shared,
                     bool *trusted, const struct grd_suite_opts *o)
{
        /* -test.count repeats in one process cross bubbles too: each
         * repeat is a process of its own */
        struct grd_suite_opts one = *o;
        one.count = 1;
        unsigned repeats = o->count ? o->count : 1;
        for (size_t i = 0; i < s->n_tests; i++) {
                if (!shared[i])
                        continue;
                s->test_runs[i] = s->test_fails[i] = 0;
                s->alone[i] = true;
                unsigned runs = 0, fails = 0;
                for (unsigned rep = 0; rep < repeats; rep++) {
                        struct one_run r;
                        int rc = run_once(c, s, bin, &names[i], 1, &one, &r);
                        if (rc < 0)
                                return rc;
                        long k = grd_gotest_find(&r.g, names[i]);
                        bool again = false;
                        if (k >= 0) {
                                s->test_runs[i] = s->test_fails[i] = 0;
                                take_result(s, i, &r, k, 1, o->leaks_fail, &again);
                                trusted[i] = r.trusted || s->leaky[i];
                        } else {
                                s->tests[i].status = GRD_TEST_NOT_RUN;
                                s->test_runs[i] = s->test_fails[i] = 1;
                                trusted[i] = false;
                        }
                        runs += s->test_runs[i];
                        fails += s->test_fails[i];
                        grd_gotest_release(&r.g);
                        if (s->tests[i].status != GRD_TEST_PASS && s->tests[i].status != GRD_TEST_SKIP)
                                break;
                }
                s->test_runs[i] = runs;
                s->test_fails[i] = fails;
                if (s->tests[i].status == GRD_TEST_PASS)
                        continue; /* the correctness evidence names it */
                struct grd_buf out = GRD_BUF_INIT(GRD_TEST_OUTPUT_MAX + 512);
                if (s->tests[i].output)
                        grd_buf_adds(&out, s->tests[i].output);
                grd_buf_adds(&out, "[gauntlet] it crossed a testing/synctest bubble in a process shared with other "
                                   "tests; this is a run of it alone\n");
                free(s->tests[i].output);
                s->tests[i].output = grd_buf_steal(&out);
        }
        return 0;
}

int grd_suite_run(struct grd_ctx *c, const char *bin, char **names, size_t n, const struct grd_suite_opts *o,
                  struct grd_suite *ret)
{
        struct grd_suite s = {.log = GRD_BUF_INIT(GRD_EVIDENCE_MAX), .leak_stacks = GRD_BUF_INIT(GRD_EVIDENCE_MAX),
                              .race_text = GRD_BUF_INIT(GRD_EVIDENCE_MAX),
                              .leak_tests = GRD_BUF_INIT(GRD_EVIDENCE_MAX), .last_exit = -1};
        int rc = 0;
        size_t m = n ? n : 1;
        s.tests = calloc(m, sizeof *s.tests);
        s.test_runs = calloc(m, sizeof *s.test_runs);
        s.test_fails = calloc(m, sizeof *s.test_fails);
        s.leaky = calloc(m, sizeof *s.leaky);
        s.alone = calloc(m, sizeof *s.alone);
        bool *trusted = calloc(m, sizeof *trusted), *shared = calloc(m, sizeof *shared);
        char **sel = calloc(m, sizeof *sel);
        if (!s.tests || !s.test_runs || !s.test_fails || !s.leaky || !s.alone || !trusted || !shared || !sel) {
                rc = -ENOMEM;
                goto out;
        }
        s.n_tests = n;
        for (size_t i = 0; i < n; i++) {
                s.tests[i].status = PENDING;
                if (!(s.tests[i].name = strdup(names[i]))) {
                        rc = -ENOMEM;
                        goto out;
                }
        }
        for (;;) {
                size_t pending = 0;
                for (size_t i = 0; i < n; i++)
                        if (s.tests[i].status == PENDING)
                                sel[pending++] = names[i];
                if (pending == 0)
                        break;
                struct one_run r;
                if ((rc = run_once(c, &s, bin, sel, pending, o, &r)) < 0)
                        break;
                size_t decided = 0;
                for (size_t i = 0; i < n; i++) {
                        if (s.tests[i].status != PENDING)
                                continue;
                        long k = grd_gotest_find(&r.g, names[i]);
                        if (k < 0)
                                continue;
                        /* -test.count repeats share the process too */
                        take_result(&s, i, &r, k, pending * (o->count > 1 ? o->count : 1), o->leaks_fail,
                                    &shared[i]);
                        trusted[i] = r.trusted || s.leaky[i];
                        decided++;
                }
                bool finished = r.g.finished;
                grd_gotest_release(&r.g);
                if (decided == 0 || finished) {
                        /* no progress, or a complete run that did not
                         * reach them: never going to run */
                        for (size_t i = 0; i < n; i++)
                                if (s.tests[i].status == PENDING) {
                                        s.tests[i].status = GRD_TEST_NOT_RUN;
                                        char msg[300];
                                        snprintf(msg, sizeof msg, "[gauntlet] the test binary never reached this test%s%s\n",
                                                 s.note[0] ? ": " : "", s.note);
                                        s.tests[i].output = strdup(msg);
                                }
                        break;
                }
        }
        if (rc == 0)
                rc = run_alone(c, &s, bin, names, shared, trusted, o);
        if (rc == 0 && o->confirm)
                rc = confirm_passes(c, &s, bin, names, trusted, o);
out:
        free(trusted);
        free(shared);
        free(sel);
        if (rc < 0) {
                grd_suite_release(&s);
                return rc;
        }
        *ret = s;
        return 0;
}
