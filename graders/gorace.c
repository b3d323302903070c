/* gorace.c — the race grader for Go tests: a -race build run once per
 * GOMAXPROCS setting.  A race report fails it; the tests' own failures
 * are reported here and counted by correctness (through the history),
 * and a test that hung is not run again. */
#include "graders.h"
#include "history.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tally {
        size_t races, markers, bad_exit, failed, ran;
        struct grd_buf ev;        /* the first race reports */
        struct grd_buf names_bad; /* the first three failed test runs, for the summary */
        struct grd_buf fails;     /* every failed test run's output */
        struct grd_buf left_out;  /* tests not run again, having hung */
        size_t n_left_out;
        bool *left;               /* per test of the history: in left_out */
};

static void tally_release(struct tally *t)
{
        grd_buf_release(&t->ev);
        grd_buf_release(&t->names_bad);
        grd_buf_release(&t->fails);
        grd_buf_release(&t->left_out);
        free(t->left);
}

/* What one configuration's runs found. */
static void tally_add(struct tally *t, const struct grd_suite *s, unsigned procs)
{
        t->races += s->races;
        t->markers += s->race_markers;
        t->bad_exit += s->last_exit == 66;
        if (s->race_text.s && t->ev.len == 0) {
                grd_buf_addf(&t->ev, "GOMAXPROCS=%u:\n", procs);
                grd_buf_adds(&t->ev, s->race_text.s);
        }
        for (size_t k = 0; k < s->n_tests; k++) {
                enum grd_test_status st = s->tests[k].status;
                if (st == GRD_TEST_PASS || st == GRD_TEST_SKIP)
                        continue;
                if (t->failed++ < 3)
                        grd_buf_addf(&t->names_bad, "%s%s (%s, GOMAXPROCS=%u)", t->failed > 1 ? ", " : "",
                                     s->tests[k].name, grd_test_status_name(st), procs);
                grd_buf_addf(&t->fails, "--- %s under -race, GOMAXPROCS=%u: %s\n", grd_test_status_name(st), procs,
                             s->tests[k].name);
                if (s->tests[k].output)
                        grd_buf_adds(&t->fails, s->tests[k].output);
        }
}

static void tally_verdict(struct tally *t, struct grd_result *r)
{
        if (t->left_out.len)
                grd_buf_addf(&t->ev, "left out of later -race runs after hanging in an earlier one (not run "
                                     "again): %s\n", t->left_out.s);
        char also[400] = "";
        if (t->failed)
                snprintf(also, sizeof also, "; %zu test run%s did not pass under -race: %s%s", t->failed,
                         t->failed == 1 ? "" : "s", t->names_bad.s ? t->names_bad.s : "",
                         t->failed > 3 ? ", ..." : "");
        size_t reports = t->races ? t->races : t->markers;
        if (reports)
                grd_result_set(r, GRD_VERDICT_FAIL, 0, "%zu data race report%s%s", reports, reports == 1 ? "" : "s",
                               also);
        else if (t->bad_exit)
                grd_result_set(r, GRD_VERDICT_FAIL, 0, "the race detector ended a run (exit status 66)%s", also);
        else
                grd_result_set(r, GRD_VERDICT_PASS, 1, "no data races over GOMAXPROCS %zu setting%s%s%s", t->ran,
                               t->ran == 1 ? "" : "s", also,
                               t->n_left_out ? " (tests that hung were not run again)" : "");
        if (t->bad_exit && !reports)
                grd_buf_adds(&t->ev, "a run exited with status 66, the race runtime's status after a report, "
                                     "but its report was not in the output (the program closed its stderr?)\n");
        char *e = grd_buf_steal(&t->ev);
        grd_result_evidence(r, e);
        free(e);
        e = grd_buf_steal(&t->fails);
        grd_result_evidence(r, e);
        free(e);
}

int grd_go_race(struct grd_ctx *c, const char *src, const struct grd_budget *budget, struct grd_history *h,
                struct grd_result *r)
{
        double t0 = grd_now();
        char bin[PATH_MAX];
        snprintf(bin, sizeof bin, "%s/bin/race.test", c->work);
        grd_progress(c, "race: building with -race");
        struct grd_build b = {0};
        int rc = grd_go_build(c, src, bin, true, &b);
        if (rc < 0)
                return rc;
        r->build_s = b.secs;
        if (!b.ok) {
                grd_result_set(r, GRD_VERDICT_FAIL, 0, "does not build with -race");
                grd_result_evidence(r, b.output);
                grd_build_release(&b);
                r->wall_s = grd_now() - t0;
                return 0;
        }
        grd_build_release(&b);
        static const unsigned dflt[] = {1, 2, 4};
        const unsigned *procs = c->p->n_race_gomaxprocs ? c->p->race_gomaxprocs : dflt;
        size_t np = c->p->n_race_gomaxprocs ? c->p->n_race_gomaxprocs : 3;
        struct tally t = {.ev = GRD_BUF_INIT(GRD_EVIDENCE_MAX), .names_bad = GRD_BUF_INIT(256),
                          .fails = GRD_BUF_INIT(GRD_EVIDENCE_MAX / 2), .left_out = GRD_BUF_INIT(1024),
                          .left = calloc(h->n ? h->n : 1, sizeof *t.left)};
        char **names = calloc(h->n ? h->n : 1, sizeof *names);
        if (!names || !t.left) {
                free(names);
                tally_release(&t);
                return -ENOMEM;
        }
        for (size_t i = 0; i < np; i++) {
                char gmp[32], label[48];
                snprintf(gmp, sizeof gmp, "GOMAXPROCS=%u", procs[i]);
                snprintf(label, sizeof label, "race %s", gmp);
                const char *env[] = {gmp, "GORACE=atexit_sleep_ms=0", NULL};
                /* a test that hung in an earlier run would only hang again:
                 * its time is not spent twice */
                size_t n = grd_history_runnable(h, names);
                for (size_t k = 0; k < h->n; k++)
                        if (h->hung[k] && !t.left[k]) {
                                t.left[k] = true;
                                grd_buf_addf(&t.left_out, "%s%s", t.n_left_out++ ? ", " : "", h->names[k]);
                        }
                if (n == 0)
                        break;
                t.ran++;
                grd_progress(c, "race: GOMAXPROCS=%u count=%u", procs[i], c->p->race_count ? c->p->race_count : 1);
                struct grd_suite s = {0};
                /* the race runtime roughly doubles memory use */
                struct grd_suite_opts o = {.env = env, .count = c->p->race_count, .mem_factor = 2.0,
                                           .budget = budget, .budget_factor = GRD_BUDGET_RACE_FACTOR};
                if ((rc = grd_suite_run(c, bin, names, n, &o, &s)) < 0 ||
                    (rc = grd_history_add(h, label, false, &s)) < 0) {
                        grd_suite_release(&s);
                        free(names);
                        tally_release(&t);
                        return rc;
                }
                tally_add(&t, &s, procs[i]);
                if (i == 0) {
                        /* the first configuration's results are the grader's list */
                        r->tests = s.tests;
                        r->n_tests = s.n_tests;
                        s.tests = NULL;
                        s.n_tests = 0;
                }
                grd_suite_release(&s);
        }
        free(names);
        tally_verdict(&t, r);
        tally_release(&t);
        r->wall_s = grd_now() - t0;
        return 0;
}
