/* grade.c — one grading as one call: the grader table and the rules
 * between graders, applied here once for every test driver (driver.h):
 * the scratch folder, the toolchain, the submission staged and built,
 * each grader in turn, the total (the candidate's public-test run,
 * grd_run_public_tests, is in gograde.c). */
#include "grade.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"

/* The graders, in the order they run.  The ones at the runs gather (their
 * runs may feed others: a test failing under -race fails correctness);
 * the driver's settle then decides what the runs found together; the
 * ones after the runs judge that (bench needs correctness's verdict). */
static const struct grader {
        enum grd_kind kind;
        unsigned needs;
        bool after_runs;
} graders[] = {
        {GRD_CORRECTNESS, GRD_NEEDS_BUILD | GRD_NEEDS_BUILD_LOG | GRD_USES_REFERENCE, false},
        {GRD_RACE, GRD_NEEDS_BUILD | GRD_USES_REFERENCE, false},
        {GRD_LEAK, GRD_NEEDS_BUILD | GRD_NEEDS_RUN, true},
        {GRD_BENCH, GRD_NEEDS_PASS | GRD_NEEDS_REFERENCE, true},
        {GRD_VET, 0, true},
};

/* The test drivers: the first that takes a problem grades it. */
static const struct grd_driver *const drivers[] = {&grd_driver_gotest, &grd_driver_io};

const struct grd_driver *grd_driver_for(const struct grd_problem *p)
{
        for (size_t i = 0; i < sizeof drivers / sizeof *drivers; i++)
                if (drivers[i]->takes(p))
                        return drivers[i];
        return NULL;
}

/* One grading's walk over the table. */
struct walk {
        struct grd_grading g;
        int ref_rc;                  /* the reference: 1 not prepared yet, 0 ready, < 0 none usable */
        char ref_err[512];           /* ... why */
};

static unsigned needs_of(const struct walk *w, const struct grader *gr)
{
        return gr->needs | (gr->kind == GRD_VET ? w->g.lang->vet_needs : 0);
}

/* Whether kind runs: enabled, or correctness when an enabled grader the
 * driver runs needs its run or its verdict. */
static bool wanted(const struct walk *w, enum grd_kind kind)
{
        const bool *on = w->g.rep->enabled;
        if (on[kind])
                return true;
        if (kind != GRD_CORRECTNESS)
                return false;
        for (size_t i = 0; i < sizeof graders / sizeof *graders; i++)
                if (on[graders[i].kind] && w->g.d->run[graders[i].kind] &&
                    (needs_of(w, &graders[i]) & (GRD_NEEDS_RUN | GRD_NEEDS_PASS)))
                        return true;
        return false;
}

/* The reference, prepared once for every grader that uses it.  A problem
 * without a usable one costs the graders that need one, nothing else. */
static int reference(struct walk *w)
{
        struct grd_ctx *c = w->g.c;
        if (w->ref_rc <= 0 || !w->g.d->reference)
                return 0;
        int rc = w->g.d->reference(&w->g);
        if (rc < 0)
                return rc;
        w->ref_rc = rc == 0 ? 0 : -ENOENT;
        if (rc > 0) {
                snprintf(w->ref_err, sizeof w->ref_err, "%s", c->err);
                c->err[0] = '\0';
        }
        return 0;
}

/* One grader, under the shared rules: not applicable; the build missing
 * ("does not build", or skipped when only correct code is judged);
 * correctness short of full marks; the reference. */
static int run_grader(struct walk *w, const struct grader *gr)
{
        struct grd_grading *g = &w->g;
        struct grd_result *r = &g->rep->results[gr->kind];
        unsigned needs = needs_of(w, gr);
        if (!g->d->run[gr->kind]) {
                grd_result_set(r, GRD_VERDICT_SKIP, 0, "%s", g->d->not_applicable);
                return 0;
        }
        if ((needs & (GRD_NEEDS_BUILD | GRD_NEEDS_PASS)) && !g->build.ok) {
                if (needs & GRD_NEEDS_PASS) {
                        grd_result_set(r, GRD_VERDICT_SKIP, 0, "skipped: does not build");
                        return 0;
                }
                grd_result_set(r, GRD_VERDICT_FAIL, 0, "does not build");
                if (needs & GRD_NEEDS_BUILD_LOG) {
                        grd_result_evidence(r, g->build.output);
                        r->build_s = r->wall_s = g->build.secs;
                }
                return 0;
        }
        if ((needs & GRD_NEEDS_PASS) && g->rep->results[GRD_CORRECTNESS].verdict != GRD_VERDICT_PASS) {
                grd_result_set(r, GRD_VERDICT_SKIP, 0, "skipped: correctness did not fully pass");
                return 0;
        }
        double t0 = grd_now();
        if (needs & (GRD_USES_REFERENCE | GRD_NEEDS_REFERENCE)) {
                int rc = reference(w);
                if (rc < 0)
                        return rc;
        }
        if ((needs & GRD_NEEDS_REFERENCE) && w->ref_rc < 0) {
                grd_result_set(r, GRD_VERDICT_ERROR, 0, "%s", w->ref_err);
                r->wall_s = grd_now() - t0;
                return 0;
        }
        return g->d->run[gr->kind](g, r);
}

/* Every grader of the table, the runs settled between the two halves. */
static int run_graders(struct walk *w)
{
        struct grd_grading *g = &w->g;
        int rc = 0;
        for (size_t i = 0; rc == 0 && i < sizeof graders / sizeof *graders; i++)
                if (!graders[i].after_runs && wanted(w, graders[i].kind))
                        rc = run_grader(w, &graders[i]);
        if (rc == 0 && g->build.ok && g->d->settle && wanted(w, GRD_CORRECTNESS))
                rc = g->d->settle(g);
        for (size_t i = 0; rc == 0 && i < sizeof graders / sizeof *graders; i++)
                if (graders[i].after_runs && g->rep->enabled[graders[i].kind])
                        rc = run_grader(w, &graders[i]);
        return rc;
}

/* The scratch folders, the toolchain, the submission staged and built,
 * then the graders.  A rejected submission ends the grading (0). */
static int grade(struct walk *w)
{
        struct grd_grading *g = &w->g;
        struct grd_ctx *c = g->c;
        char d[PATH_MAX];
        int rc;
        const char *dirs[] = {"out", "bin", "home", "tmp"};
        for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
                if ((rc = grd_ctx_mkdir(c, dirs[i], d)) < 0)
                        return rc;
        if ((rc = g->lang->find(c)) < 0)
                return rc;
        snprintf(g->rep->toolchain, sizeof g->rep->toolchain, "%s", g->lang->version(c));
        if ((rc = g->d->stage(g)) < 0 || g->rep->status == GRD_REPORT_REJECTED)
                return g->rep->status == GRD_REPORT_REJECTED ? 0 : rc;
        if ((rc = g->d->build(g)) < 0)
                return rc;
        return run_graders(w);
}

/* The language, the driver and the walk over the table; released here. */
static int grade_with(struct grd_ctx *c, const char *code_dir, struct grd_report *rep)
{
        struct walk w = {.g = {.c = c, .rep = rep, .code = code_dir}, .ref_rc = 1};
        w.g.lang = grd_lang_find(c->p->lang);
        w.g.d = grd_driver_for(c->p);
        if (!w.g.lang || !w.g.d) {
                snprintf(c->err, sizeof c->err, "no driver grades %s problems%s",
                         grd_language_name(c->p->lang) ? grd_language_name(c->p->lang) : "these",
                         c->p->has_io ? " with I/O cases" : "");
                return -EINVAL;
        }
        int rc = grade(&w);
        w.g.d->release(&w.g);
        grd_build_release(&w.g.build);
        return rc;
}

/* A grading that failed internally awards nothing: a grader that had
 * finished keeps its verdict and evidence (the JSON report shows what was
 * learnt), but no score; one still running or not reached drops what it
 * had gathered and says why it has no verdict.  Finished means it has a
 * summary: grd_result_set is how every grader ends. */
static void void_report(struct grd_report *rep)
{
        for (int k = 0; k < _GRD_KIND_MAX; k++) {
                struct grd_result *r = &rep->results[k];
                r->score = 0;
                if (!rep->enabled[k] || r->summary)
                        continue;
                double weight = r->weight;
                grd_result_release(r);
                r->kind = (enum grd_kind)k;
                r->weight = weight;
                grd_result_set(r, GRD_VERDICT_ERROR, 0, "not graded: %s", rep->message);
        }
}

int grd_grade(const struct grd_problem *p, const char *code_dir, const struct grd_options *o,
              struct grd_report *ret)
{
        if (!p || !code_dir || !o || !o->cache_dir || !ret || !p->dir)
                return -EINVAL;
        struct grd_report rep = {.status = GRD_REPORT_GRADED, .quick = o->quick};
        rep.problem_id = p->id ? strdup(p->id) : NULL;
        rep.problem_version = p->version ? strdup(p->version) : NULL;
        for (int k = 0; k < _GRD_KIND_MAX; k++) {
                rep.enabled[k] = p->enabled[k];
                rep.results[k].kind = (enum grd_kind)k;
                rep.results[k].weight = p->enabled[k] ? p->weight[k] : 0;
                rep.results[k].verdict = GRD_VERDICT_SKIP;
        }
        double t0 = grd_now();
        struct grd_ctx c;
        int rc = grd_ctx_init(&c, p, o);
        if (rc == 0)
                rc = grade_with(&c, code_dir, &rep);
        if (rc == -ENOMEM) {
                grd_ctx_release(&c);
                grd_report_release(&rep);
                return rc;
        }
        if (rc < 0 && rep.status == GRD_REPORT_GRADED) {
                rep.status = GRD_REPORT_ERROR;
                snprintf(rep.message, sizeof rep.message, "%s", c.err[0] ? c.err : strerror(-rc));
        }
        rep.isolation = c.isolation;
        grd_ctx_release(&c);
        if (rep.status == GRD_REPORT_ERROR)
                void_report(&rep);
        rep.score = 0;
        for (int k = 0; k < _GRD_KIND_MAX; k++)
                if (rep.enabled[k])
                        rep.score += rep.results[k].score;
        rep.score = round(rep.score * 100) / 100;
        rep.wall_s = grd_now() - t0;
        *ret = rep;
        return 0;
}

/* How a public run that failed ends: the reason in run->message; when the
 * failure was internal (run->error), nothing else, so no half-run tests or
 * build output can pass for results. */
static void public_failed(struct grd_test_run *run, const struct grd_ctx *c, int rc)
{
        char msg[sizeof run->message];
        snprintf(msg, sizeof msg, "%s", c->err[0] ? c->err : strerror(-rc));
        if (run->error) {
                grd_test_run_release(run);
                run->error = true;
        }
        memcpy(run->message, msg, sizeof msg);
}

int grd_run_public_tests(const struct grd_problem *p, const char *code_dir, const struct grd_options *o,
                         struct grd_test_run *ret)
{
        if (!p || !code_dir || !o || !o->cache_dir || !ret)
                return -EINVAL;
        struct grd_test_run run = {0};
        if (!p->public_tests) {
                run.built = true;
                *ret = run;
                return 0;
        }
        const struct grd_driver *d = grd_driver_for(p);
        struct grd_ctx c;
        int rc = grd_ctx_init(&c, p, o);
        memcpy(c.nonce, GRD_PUBLIC_NONCE, sizeof c.nonce);
        /* a submission that cannot be staged is the candidate's to fix; a
         * failure anywhere else is the run's error */
        bool rejected = false;
        if (rc == 0 && (!d || !d->public_run)) {
                snprintf(c.err, sizeof c.err, "this problem's tests cannot be run before submitting");
                rc = -EINVAL;
        } else if (rc == 0) {
                rc = d->public_run(&c, code_dir, o, &run, &rejected);
        }
        if (rc < 0 && rc != -ENOMEM) {
                if (!rejected)
                        run.error = true;
                public_failed(&run, &c, rc);
        }
        grd_ctx_release(&c);
        if (rc == -ENOMEM) {
                grd_test_run_release(&run);
                return rc;
        }
        *ret = run;
        return rc == -ENOENT || rc == -EINVAL ? rc : 0;
}
