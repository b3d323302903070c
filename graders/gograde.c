/* gograde.c — the Go tests driver: the hidden tests compiled into the
 * candidate's package (go test -c, lang_go.c).  Correctness and leak share
 * one run of the test binary (the injected TestMain checks goroutines after
 * m.Run), race builds with -race and repeats over GOMAXPROCS (gorace.c),
 * bench compares with the reference (bench.c), vet is the language's.
 * Test binaries run with the strict policy and never see the sources or
 * the build cache.  Also the candidate's own public-test run,
 * grd_run_public_tests. */
#include "driver.h"
#include "history.h"
#include "gopublic.h"

#include "sbx_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int stage_go(struct grd_ctx *c, const char *code, const char *name, bool tests, char *dir,
                    struct grd_report *rep)
{
        int rc = grd_ctx_mkdir(c, name, dir);
        if (rc < 0)
                return rc;
        if ((rc = grd_stage_solution(c, code, dir)) < 0) {
                if (rep && rc != -ENOMEM) {
                        rep->status = GRD_REPORT_REJECTED;
                        snprintf(rep->message, sizeof rep->message, "%s", c->err);
                }
                return rc;
        }
        if (!tests)
                return 0;
        if (!c->pkg[0] && (rc = grd_go_package(c, dir, c->pkg, sizeof c->pkg)) < 0) {
                if (rep) {
                        rep->status = GRD_REPORT_REJECTED;
                        snprintf(rep->message, sizeof rep->message, "%s", c->err);
                }
                return rc;
        }
        const char *sets[] = {c->p->public_tests, c->p->hidden_tests, c->p->bench_tests};
        for (size_t i = 0; i < 3; i++)
                if ((rc = grd_stage_tests(c, sets[i], dir)) < 0)
                        return rc;
        return grd_write_testmain(c, dir);
}

static void tests_summary(const struct grd_problem *p, struct grd_result *r, const struct grd_suite *s,
                          double frac, size_t flaky, const struct grd_history *h)
{
        size_t pass = 0, fail = 0, skip = 0;
        struct grd_buf ev = GRD_BUF_INIT(GRD_EVIDENCE_MAX);
        /* Where the points went: one line of the groups, first. */
        char *groups = grd_groups_line(p, s->tests, s->n_tests, r->weight);
        if (groups) {
                grd_buf_addf(&ev, "%s\n", groups);
                free(groups);
        }
        for (size_t i = 0; i < s->n_tests; i++) {
                enum grd_test_status st = s->tests[i].status;
                if (st == GRD_TEST_PASS)
                        pass++;
                else if (st == GRD_TEST_SKIP)
                        skip++;
                else {
                        fail++;
                        grd_buf_addf(&ev, "--- %s: %s\n", grd_test_status_name(st), s->tests[i].name);
                        if (s->tests[i].output)
                                grd_buf_adds(&ev, s->tests[i].output);
                }
        }
        char also[160] = "";
        if (flaky)
                snprintf(also, sizeof also, "; %zu failed only outside the correctness run (flaky)", flaky);
        if (h && h->alone.len)
                grd_buf_addf(&ev, "run alone after crossing a testing/synctest bubble beside other tests (the "
                                  "tests share a process; correct code must not pay for it): %s\n", h->alone.s);
        grd_result_set(r, fail == 0 && pass > 0 ? GRD_VERDICT_PASS : GRD_VERDICT_FAIL, frac,
                       "%zu/%zu tests passed%s%s%s", pass, pass + fail, skip ? ", some skipped" : "", also,
                       s->note[0] ? " (" : "");
        if (s->note[0]) {
                char line[600];
                snprintf(line, sizeof line, "%s%s)", r->summary, s->note);
                free(r->summary);
                r->summary = strdup(line);
        }
        char *e = grd_buf_steal(&ev);
        grd_result_evidence(r, e);
        free(e);
}

/* Move the suite's tests into the result. */
static void take_tests(struct grd_result *r, struct grd_suite *s)
{
        r->tests = s->tests;
        r->n_tests = s->n_tests;
        s->tests = NULL;
        s->n_tests = 0;
}

/* What the Go tests driver keeps over one grading. */
struct gotest {
        char **names;                /* the tests, from the test files */
        size_t n;
        struct grd_history h;        /* every run of every test */
        struct grd_suite cs;         /* the correctness run, until settled */
        double correctness_s;
        char ref[PATH_MAX];          /* the reference's test binary */
        struct grd_budget budget;    /* its tests' times */
        bool budgeted;               /* ... measured */
};

static struct gotest *state(const struct grd_grading *g)
{
        return g->state;
}

static const struct grd_budget *budget_of(const struct gotest *t)
{
        return t->budgeted ? &t->budget : NULL;
}

/* The correctness run; its results stay in t->cs (the leak block too)
 * until the other runs are in (settle). */
static int gt_correctness(struct grd_grading *g, struct grd_result *r)
{
        (void)r;
        struct grd_ctx *c = g->c;
        struct gotest *t = state(g);
        double t0 = grd_now();
        grd_progress(c, "correctness: running %zu tests", t->n);
        struct grd_suite_opts o = {.count = 1, .confirm = true, .budget = budget_of(t),
                                   .budget_factor = GRD_BUDGET_FACTOR};
        int rc = grd_suite_run(c, g->build.bin, t->names, t->n, &o, &t->cs);
        if (rc == 0)
                rc = grd_history_add(&t->h, "correctness", true, &t->cs);
        t->correctness_s = grd_now() - t0;
        return rc;
}

static int gt_race(struct grd_grading *g, struct grd_result *r)
{
        struct gotest *t = state(g);
        return grd_go_race(g->c, g->src, budget_of(t), &t->h, r);
}

/* Correctness from every run: the correctness run's results with the
 * failures of the other runs folded in. */
static int gt_settle(struct grd_grading *g)
{
        struct gotest *t = state(g);
        struct grd_suite *s = &t->cs;
        struct grd_result *cr = &g->rep->results[GRD_CORRECTNESS];
        size_t flaky = grd_history_fold(&t->h, s->tests, s->n_tests);
        double frac = grd_score_tests(g->c->p, s->tests, s->n_tests);
        tests_summary(g->c->p, cr, s, frac, flaky, &t->h);
        if (t->n == 0)
                grd_result_set(cr, GRD_VERDICT_ERROR, 0, "the problem defines no tests");
        cr->build_s = g->build.secs;
        cr->wall_s = t->correctness_s + g->build.secs;
        take_tests(cr, s);
        return 0;
}

/* Leak from the correctness run's leak block and the leak-shaped failures
 * of every run. */
static int gt_leak(struct grd_grading *g, struct grd_result *lr)
{
        struct gotest *t = state(g);
        const struct grd_history *h = &t->h;
        struct grd_suite *s = &t->cs;
        char leaky[200] = "";
        if (h->n_leaky)
                snprintf(leaky, sizeof leaky, "%zu test%s left goroutines blocked", h->n_leaky,
                         h->n_leaky == 1 ? "" : "s");
        if (!s->leak_checked && !h->n_leaky)
                grd_result_set(lr, GRD_VERDICT_FAIL, 0, "could not check: the test binary never finished (%s)",
                               s->note[0] ? s->note : "crashed");
        else if (s->leaked > 0 || h->n_leaky)
                grd_result_set(lr, GRD_VERDICT_FAIL, 0, "%s%s%s", leaky, h->n_leaky && s->leaked > 0 ? "; " : "",
                               s->leaked > 0 ? "goroutines still running after the tests" : "");
        else
                grd_result_set(lr, GRD_VERDICT_PASS, 1, "no goroutines left running");
        if (s->leaked > 0) {
                char head[96];
                snprintf(head, sizeof head, "%ld goroutine%s still running after the tests:", s->leaked,
                         s->leaked == 1 ? "" : "s");
                grd_result_evidence(lr, head);
                char *st = grd_buf_steal(&s->leak_stacks);
                grd_result_evidence(lr, st);
                free(st);
        }
        grd_result_evidence(lr, h->leaks.s);
        lr->wall_s = g->rep->results[GRD_CORRECTNESS].wall_s;
        return 0;
}

/* The reference's test binary for bench: reused from o->reference_dir. */
static int reference_bin(struct grd_ctx *c, char *bin, struct grd_report *rep)
{
        if (c->o->reference_dir) {
                snprintf(bin, PATH_MAX, "%s/reference.test", c->o->reference_dir);
                if (access(bin, X_OK) == 0)
                        return 0;
        } else {
                snprintf(bin, PATH_MAX, "%s/bin/reference.test", c->work);
        }
        if (!c->p->reference) {
                snprintf(c->err, sizeof c->err, "the problem has no reference solution to compare with");
                return -ENOENT;
        }
        char src[PATH_MAX], dir[PATH_MAX];
        snprintf(src, sizeof src, "%s/%s", c->p->dir, c->p->reference);
        grd_progress(c, "bench: building the reference");
        int rc = stage_go(c, src, "ref", true, dir, NULL);
        if (rc < 0)
                return rc;
        struct grd_build b = {0};
        if ((rc = grd_go_build(c, dir, bin, false, &b)) < 0)
                return rc;
        if (!b.ok) {
                snprintf(c->err, sizeof c->err, "the reference solution does not build: %.400s",
                         b.output ? b.output : "");
                rc = -EINVAL;
        }
        rep->results[GRD_BENCH].build_s += b.secs;
        grd_build_release(&b);
        return rc;
}

/* What each test of the reference takes: one run of the reference's test
 * binary (in validate, kept beside that binary for the other gradings of
 * the problem).  Tests the reference does not pass get no time (< 0). */
static int ref_budget(struct grd_ctx *c, const char *ref, char **names, size_t n, struct grd_budget *ret)
{
        struct grd_budget bg = {.names = calloc(n ? n : 1, sizeof *bg.names),
                                .secs = calloc(n ? n : 1, sizeof *bg.secs)};
        if (!bg.names || !bg.secs) {
                grd_budget_release(&bg);
                return -ENOMEM;
        }
        for (size_t i = 0; i < n; i++) {
                bg.secs[i] = -1;
                if (!(bg.names[bg.n++] = strdup(names[i]))) {
                        grd_budget_release(&bg);
                        return -ENOMEM;
                }
        }
        char cache[PATH_MAX] = "", *text = NULL;
        if (c->o->reference_dir)
                snprintf(cache, sizeof cache, "%s/reference.times", c->o->reference_dir);
        if (cache[0] && sbx_file_read(cache, GRD_FILE_MAX, 0, &text, NULL) == 0) {
                /* "SECONDS NAME" lines, written below */
                for (char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
                        char name[256];
                        double secs;
                        if (sscanf(l, "%lf %255s", &secs, name) != 2)
                                continue;
                        for (size_t i = 0; i < n; i++)
                                if (strcmp(names[i], name) == 0)
                                        bg.secs[i] = secs;
                }
                free(text);
                *ret = bg;
                return 0;
        }
        grd_progress(c, "timing the reference's tests");
        struct grd_suite s = {0};
        struct grd_suite_opts o = {.count = 1};
        int rc = grd_suite_run(c, ref, names, n, &o, &s);
        if (rc < 0) {
                grd_budget_release(&bg);
                return rc;
        }
        struct grd_buf w = GRD_BUF_INIT(0);
        for (size_t i = 0; i < n; i++)
                if (s.tests[i].status == GRD_TEST_PASS || s.tests[i].status == GRD_TEST_SKIP) {
                        bg.secs[i] = s.tests[i].elapsed_s;
                        grd_buf_addf(&w, "%.3f %s\n", bg.secs[i], names[i]);
                }
        grd_suite_release(&s);
        if (cache[0] && w.s)
                grd_write_file(cache, w.s);
        grd_buf_release(&w);
        *ret = bg;
        return 0;
}

/* The solution and the problem's tests in src, and the tests' names. */
static int gt_stage(struct grd_grading *g)
{
        struct gotest *t = calloc(1, sizeof *t);
        if (!t)
                return -ENOMEM;
        g->state = t;
        int rc = stage_go(g->c, g->code, "src", true, g->src, g->rep);
        if (rc < 0)
                return rc;
        char **names = NULL;
        long n = grd_test_names(g->src, &names);
        if (n < 0)
                return (int)n;
        t->names = names;
        t->n = (size_t)n;
        return grd_history_init(&t->h, t->names, t->n);
}

static int gt_build(struct grd_grading *g)
{
        char bin[PATH_MAX];
        snprintf(bin, sizeof bin, "%s/bin/candidate.test", g->c->work);
        grd_progress(g->c, "building the tests");
        return grd_go_build(g->c, g->src, bin, false, &g->build);
}

/* The reference's binary times the tests (and is bench's opponent). */
static int gt_reference(struct grd_grading *g)
{
        struct gotest *t = state(g);
        int rc = reference_bin(g->c, t->ref, g->rep);
        if (rc == -ENOENT || rc == -EINVAL)
                return 1;
        if (rc < 0 || (rc = ref_budget(g->c, t->ref, t->names, t->n, &t->budget)) < 0)
                return rc;
        t->budgeted = true;
        return 0;
}

static int gt_bench(struct grd_grading *g, struct grd_result *r)
{
        double t0 = grd_now();
        int rc = grd_go_bench(g->c, g->build.bin, state(g)->ref, r);
        r->wall_s = grd_now() - t0;
        return rc;
}

static bool gt_takes(const struct grd_problem *p)
{
        return p->lang == GRD_LANG_GO && !p->has_io;
}

static void gt_release(struct grd_grading *g)
{
        struct gotest *t = state(g);
        if (!t)
                return;
        grd_suite_release(&t->cs);
        grd_history_release(&t->h);
        grd_budget_release(&t->budget);
        grd_strv_free(t->names, t->n);
        free(t);
        g->state = NULL;
}

/* The Go tests driver's public run (grd_run_public_tests): the public
 * tests, and the candidate's own when asked, built into the code's
 * package and run once. */
static int go_public_run(struct grd_ctx *c, const char *code_dir, const struct grd_options *o,
                         struct grd_test_run *run, bool *rejected)
{
        int rc = 0;
        char d[PATH_MAX], src[PATH_MAX], bin[PATH_MAX];
        char **names = NULL;
        long n = 0;
        const char *dirs[] = {"out", "bin", "home", "tmp", "src"};
        for (size_t i = 0; rc == 0 && i < 5; i++)
                rc = grd_ctx_mkdir(c, dirs[i], d);
        if (rc == 0 && grd_go_find(NULL, &c->go) < 0) {
                snprintf(c->err, sizeof c->err, "no Go toolchain found (set GAUNTLET_GO or install Go)");
                rc = -ENOENT;
        }
        snprintf(src, sizeof src, "%s/src", c->work);
        /* a submission that cannot be staged is the candidate's to fix; a
         * failure anywhere else is the run's error */
        struct grd_build b = {0};
        struct grd_public_own own = {0};
        snprintf(bin, sizeof bin, "%s/bin/public%s.test", c->work, o->race ? "-race" : "");
        if (rc == 0 &&
            (rc = grd_public_build_run(c, code_dir, src, bin, o->race, o->own_tests ? &own : NULL, rejected,
                                       &b)) == 0 &&
            (n = grd_test_names(src, &names)) < 0)
                rc = (int)n;
        if (rc == 0) {
                run->built = b.ok;
                run->race = o->race;
                run->build_s = b.secs;
                run->build_output = b.output;
                b.output = NULL;
                memcpy(run->own_note, own.note, sizeof run->own_note);
                run->own_output = own.output;
                own.output = NULL;
                if (b.ok) {
                        struct grd_suite s = {0};
                        double t0 = grd_now();
                        /* as the race grader runs it: the race runtime
                         * roughly doubles memory use */
                        const char *env[] = {"GORACE=atexit_sleep_ms=0", NULL};
                        struct grd_suite_opts so = {.count = 1, .leaks_fail = true, .env = o->race ? env : NULL,
                                                    .mem_factor = o->race ? 2.0 : 1.0};
                        if ((rc = grd_suite_run(c, bin, names, (size_t)n, &so, &s)) == 0) {
                                run->run_s = grd_now() - t0;
                                rc = grd_public_take(run, &s, &own);
                                if (rc == 0 && s.note[0])
                                        run->crash = strdup(s.note);
                        }
                        grd_suite_release(&s);
                }
        }
        grd_public_own_release(&own);
        grd_build_release(&b);
        grd_strv_free(names, n > 0 ? (size_t)n : 0);
        return rc;
}

const struct grd_driver grd_driver_gotest = {
        .name = "Go tests",
        .takes = gt_takes,
        .stage = gt_stage,
        .build = gt_build,
        .reference = gt_reference,
        .run = {
                [GRD_CORRECTNESS] = gt_correctness,
                [GRD_RACE] = gt_race,
                [GRD_LEAK] = gt_leak,
                [GRD_BENCH] = gt_bench,
                [GRD_VET] = grd_lang_vet,
        },
        .settle = gt_settle,
        .public_run = go_public_run,
        .release = gt_release,
};

