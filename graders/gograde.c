/* gograde.c — the Go graders: correctness and leak share one run of the
 * test binary (the injected TestMain checks goroutines after m.Run), race
 * builds with -race and repeats over GOMAXPROCS, bench compares with the
 * reference, vet runs go vet and gofmt.  Compilation runs in the sandbox
 * with the build policy and runs no candidate code; test binaries run with
 * the strict policy and never see the sources or the build cache. */
#include "graders.h"
#include "history.h"

#include "sbx_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void build_step(struct grd_ctx *c, struct grd_step *st, const char *src, bool cgo,
                       char store[][PATH_MAX + 32], const char *extra_rw)
{
        grd_step_init(st, SBX_POLICY_BUILD, &c->p->build_limits, true);
        st->lim.net_loopback = false;
        st->workdir = src;
        st->dirs[0] = c->go.goroot;
        st->rw_dirs[0] = c->work;
        st->rw_dirs[1] = c->gocache;
        st->rw_dirs[2] = extra_rw;
        grd_go_env(c, st, cgo, store, 8);
}

/* go test -c (test) or go build of the package in src. */
static int go_compile(struct grd_ctx *c, const char *src, const char *bin, bool test, bool race,
                      struct grd_build *ret)
{
        struct grd_build b = {0};
        snprintf(b.bin, sizeof b.bin, "%s", bin);
        char bindir[PATH_MAX];
        snprintf(bindir, sizeof bindir, "%s", bin);
        *strrchr(bindir, '/') = '\0';
        struct grd_step st;
        char store[8][PATH_MAX + 32];
        build_step(c, &st, src, race, store, strncmp(bindir, c->work, strlen(c->work)) ? bindir : NULL);
        const char *argv[12];
        size_t k = 0;
        argv[k++] = c->go.path;
        if (test) {
                argv[k++] = "test";
                argv[k++] = "-c";
        } else {
                argv[k++] = "build";
        }
        argv[k++] = "-trimpath";
        if (test)
                argv[k++] = "-vet=off";
        argv[k++] = "-o";
        argv[k++] = bin;
        if (race)
                argv[k++] = "-race";
        argv[k++] = ".";
        argv[k] = NULL;
        struct sbx_result res;
        char *out = NULL;
        double t0 = grd_now();
        int rc = grd_step_run(c, &st, argv, &res, &out, NULL);
        b.secs = grd_now() - t0;
        if (rc < 0)
                return rc;
        b.ok = res.status == SBX_STATUS_OK && access(bin, X_OK) == 0;
        if (!b.ok && res.status != SBX_STATUS_NONZERO_EXIT) {
                struct grd_buf m = GRD_BUF_INIT(GRD_EVIDENCE_MAX);
                grd_buf_addf(&m, "[gauntlet] the build ended with '%s'%s%s\n", sbx_status_name(res.status),
                             res.message[0] ? ": " : "", res.message);
                if (out)
                        grd_buf_adds(&m, out);
                free(out);
                out = grd_buf_steal(&m);
        }
        if (out && strlen(out) > GRD_EVIDENCE_MAX)
                out[GRD_EVIDENCE_MAX] = '\0';
        b.output = out;
        *ret = b;
        return 0;
}

int grd_go_build(struct grd_ctx *c, const char *src, const char *bin, bool race, struct grd_build *ret)
{
        return go_compile(c, src, bin, true, race, ret);
}

int grd_go_build_program(struct grd_ctx *c, const char *src, bool race, const char *bin, struct grd_build *ret)
{
        char pkg[128] = "";
        int rc = grd_go_package(c, src, pkg, sizeof pkg);
        if (rc == -ENOMEM)
                return rc;
        if (rc < 0 || strcmp(pkg, "main") != 0) {
                /* go build of a library would write no program: say why */
                char msg[256];
                snprintf(msg, sizeof msg, "[gauntlet] the program must be package main, %s%s\n",
                         rc < 0 ? "no package clause was found" : "found package ", rc < 0 ? "" : pkg);
                c->err[0] = '\0';
                struct grd_build b = {0};
                snprintf(b.bin, sizeof b.bin, "%s", bin);
                if (!(b.output = strdup(msg)))
                        return -ENOMEM;
                *ret = b;
                return 0;
        }
        return go_compile(c, src, bin, false, race, ret);
}

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

static void not_built(struct grd_result *r, const char *what)
{
        grd_result_set(r, GRD_VERDICT_FAIL, 0, "%s", what);
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

/* The correctness run; its results stay in *s (the leak block too) until
 * the other runs are in (finish_correctness_and_leak). */
static int correctness_run(struct grd_ctx *c, const struct grd_build *b, char **names, size_t n,
                           const struct grd_budget *budget, struct grd_history *h, struct grd_suite *s)
{
        grd_progress(c, "correctness: running %zu tests", n);
        struct grd_suite_opts o = {.count = 1, .confirm = true, .budget = budget,
                                   .budget_factor = GRD_BUDGET_FACTOR};
        int rc = grd_suite_run(c, b->bin, names, n, &o, s);
        if (rc < 0)
                return rc;
        return grd_history_add(h, "correctness", true, s);
}

/* Correctness and leak from every run: the correctness run's results with
 * the failures of the other runs folded in; leak from the correctness
 * run's leak block and the leak-shaped failures of every run. */
static void finish_correctness_and_leak(struct grd_ctx *c, const struct grd_build *b, size_t n,
                                        struct grd_suite *s, const struct grd_history *h, double secs,
                                        struct grd_report *rep)
{
        struct grd_result *cr = &rep->results[GRD_CORRECTNESS], *lr = &rep->results[GRD_LEAK];
        size_t flaky = grd_history_fold(h, s->tests, s->n_tests);
        double frac = grd_score_tests(c->p, s->tests, s->n_tests);
        tests_summary(c->p, cr, s, frac, flaky, h);
        if (n == 0)
                grd_result_set(cr, GRD_VERDICT_ERROR, 0, "the problem defines no tests");
        cr->build_s = b->secs;
        cr->wall_s = secs + b->secs;
        if (rep->enabled[GRD_LEAK]) {
                char leaky[200] = "";
                if (h->n_leaky)
                        snprintf(leaky, sizeof leaky, "%zu test%s left goroutines blocked", h->n_leaky,
                                 h->n_leaky == 1 ? "" : "s");
                if (!s->leak_checked && !h->n_leaky)
                        grd_result_set(lr, GRD_VERDICT_FAIL, 0,
                                       "could not check: the test binary never finished (%s)",
                                       s->note[0] ? s->note : "crashed");
                else if (s->leaked > 0 || h->n_leaky)
                        grd_result_set(lr, GRD_VERDICT_FAIL, 0, "%s%s%s", leaky,
                                       h->n_leaky && s->leaked > 0 ? "; " : "",
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
                lr->wall_s = cr->wall_s;
        }
        take_tests(cr, s);
}

int grd_go_vet(struct grd_ctx *c, const char *code, struct grd_result *r)
{
        double t0 = grd_now();
        char dir[PATH_MAX];
        int rc = stage_go(c, code, "vet", false, dir, NULL);
        if (rc < 0)
                return rc;
        grd_progress(c, "vet: go vet and gofmt");
        struct grd_step st;
        char store[8][PATH_MAX + 32];
        build_step(c, &st, dir, false, store, NULL);
        const char *argv[] = {c->go.path, "vet", ".", NULL};
        struct sbx_result res;
        char *out = NULL;
        if ((rc = grd_step_run(c, &st, argv, &res, &out, NULL)) < 0)
                return rc;
        bool vet_ok = res.status == SBX_STATUS_OK;
        char gofmt[PATH_MAX];
        snprintf(gofmt, sizeof gofmt, "%s/bin/gofmt", c->go.goroot);
        const char *fargv[] = {gofmt, "-l", "-d", ".", NULL};
        struct sbx_result fres;
        char *fout = NULL;
        if ((rc = grd_step_run(c, &st, fargv, &fres, &fout, NULL)) < 0) {
                free(out);
                return rc;
        }
        bool fmt_ok = fres.status == SBX_STATUS_OK && (!fout || !*fout);
        if (vet_ok && fmt_ok)
                grd_result_set(r, GRD_VERDICT_PASS, 1, "go vet and gofmt are clean");
        else
                grd_result_set(r, GRD_VERDICT_FAIL, 0, "%s%s%s", vet_ok ? "" : "go vet reports problems",
                               !vet_ok && !fmt_ok ? "; " : "", fmt_ok ? "" : "gofmt would reformat files");
        if (!vet_ok) {
                grd_result_evidence(r, "go vet:");
                grd_result_evidence(r, out ? out : "(no output)");
        }
        if (!fmt_ok) {
                grd_result_evidence(r, "gofmt -l -d:");
                grd_result_evidence(r, fout ? fout : "(no output)");
        }
        free(out);
        free(fout);
        r->wall_s = grd_now() - t0;
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

int grd_go_grade(struct grd_ctx *c, const char *code, struct grd_report *rep)
{
        if (grd_go_find(NULL, &c->go) < 0) {
                snprintf(c->err, sizeof c->err, "no Go toolchain found (set GAUNTLET_GO or install Go)");
                return -ENOENT;
        }
        snprintf(rep->toolchain, sizeof rep->toolchain, "%s", c->go.version);
        char d[PATH_MAX], src[PATH_MAX];
        int rc;
        const char *dirs[] = {"out", "bin", "home", "tmp"};
        for (size_t i = 0; i < 4; i++)
                if ((rc = grd_ctx_mkdir(c, dirs[i], d)) < 0)
                        return rc;
        if ((rc = stage_go(c, code, "src", true, src, rep)) < 0)
                return rep->status == GRD_REPORT_REJECTED ? 0 : rc;
        char **names = NULL;
        long n = grd_test_names(src, &names);
        if (n < 0)
                return (int)n;

        char bin[PATH_MAX];
        snprintf(bin, sizeof bin, "%s/bin/candidate.test", c->work);
        grd_progress(c, "building the tests");
        /* released at out: whether or not their callees filled them */
        struct grd_build b = {0};
        struct grd_suite cs = {0};
        struct grd_history h = {0};
        struct grd_budget budget = {0};
        char ref[PATH_MAX] = "", ref_err[sizeof c->err] = "";
        int ref_rc = 1; /* 1: not built yet */
        if ((rc = grd_go_build(c, src, bin, false, &b)) < 0)
                goto out;
        bool need_run = rep->enabled[GRD_CORRECTNESS] || rep->enabled[GRD_LEAK] || rep->enabled[GRD_BENCH];
        if ((rc = grd_history_init(&h, names, (size_t)n)) < 0)
                goto out;
        if (b.ok && (need_run || rep->enabled[GRD_RACE])) {
                /* the reference's binary times the tests (and is bench's
                 * opponent); a problem without a usable one costs bench
                 * only, anything else (the sandbox failing) is the
                 * grading's error */
                if ((ref_rc = reference_bin(c, ref, rep)) == -ENOENT || ref_rc == -EINVAL) {
                        snprintf(ref_err, sizeof ref_err, "%s", c->err);
                        c->err[0] = '\0';
                } else if ((rc = ref_rc) < 0 || (rc = ref_budget(c, ref, names, (size_t)n, &budget)) < 0) {
                        goto out;
                }
        }
        const struct grd_budget *bp = ref_rc == 0 ? &budget : NULL;
        double t0 = grd_now();
        if (!b.ok) {
                struct grd_result *cr = &rep->results[GRD_CORRECTNESS];
                not_built(cr, "does not build");
                grd_result_evidence(cr, b.output);
                cr->build_s = cr->wall_s = b.secs;
                not_built(&rep->results[GRD_LEAK], "does not build");
                grd_result_set(&rep->results[GRD_BENCH], GRD_VERDICT_SKIP, 0, "skipped: does not build");
        } else if (need_run && (rc = correctness_run(c, &b, names, (size_t)n, bp, &h, &cs)) < 0) {
                goto out;
        }
        double correctness_s = grd_now() - t0;
        if (rep->enabled[GRD_RACE]) {
                if (!b.ok) {
                        not_built(&rep->results[GRD_RACE], "does not build");
                } else if ((rc = grd_go_race(c, src, bp, &h, &rep->results[GRD_RACE])) < 0)
                        goto out;
        }
        /* correctness and leak are decided once every run is in */
        if (b.ok && need_run)
                finish_correctness_and_leak(c, &b, (size_t)n, &cs, &h, correctness_s, rep);
        if (rep->enabled[GRD_BENCH] && b.ok) {
                struct grd_result *br = &rep->results[GRD_BENCH];
                if (rep->results[GRD_CORRECTNESS].verdict != GRD_VERDICT_PASS) {
                        grd_result_set(br, GRD_VERDICT_SKIP, 0, "skipped: correctness did not fully pass");
                } else {
                        double t1 = grd_now();
                        if (ref_rc > 0 && (ref_rc = reference_bin(c, ref, rep)) < 0 && ref_rc != -ENOENT &&
                            ref_rc != -EINVAL) {
                                rc = ref_rc;
                                goto out;
                        }
                        if (ref_rc == -ENOENT || ref_rc == -EINVAL)
                                grd_result_set(br, GRD_VERDICT_ERROR, 0, "%s", ref_err[0] ? ref_err : c->err);
                        else
                                rc = grd_go_bench(c, bin, ref, br);
                        br->wall_s = grd_now() - t1;
                        if (rc < 0)
                                goto out;
                }
        }
        if (rep->enabled[GRD_VET])
                rc = grd_go_vet(c, code, &rep->results[GRD_VET]);
out:
        grd_suite_release(&cs);
        grd_history_release(&h);
        grd_budget_release(&budget);
        grd_build_release(&b);
        grd_strv_free(names, (size_t)n);
        return rc;
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
        struct grd_ctx c;
        int rc = grd_ctx_init(&c, p, o);
        memcpy(c.nonce, GRD_PUBLIC_NONCE, sizeof c.nonce);
        if (p->lang == GRD_LANG_C || p->has_io) {
                if (rc == 0)
                        rc = grd_io_public(&c, code_dir, &run);
                else
                        run.error = true;
                if (rc < 0 && rc != -ENOMEM)
                        public_failed(&run, &c, rc);
                grd_ctx_release(&c);
                if (rc == -ENOMEM) {
                        grd_test_run_release(&run);
                        return rc;
                }
                *ret = run;
                return rc == -ENOENT || rc == -EINVAL ? rc : 0;
        }
        char d[PATH_MAX], src[PATH_MAX], bin[PATH_MAX];
        char **names = NULL;
        long n = 0;
        const char *dirs[] = {"out", "bin", "home", "tmp", "src"};
        for (size_t i = 0; rc == 0 && i < 5; i++)
                rc = grd_ctx_mkdir(&c, dirs[i], d);
        if (rc == 0 && grd_go_find(NULL, &c.go) < 0) {
                snprintf(c.err, sizeof c.err, "no Go toolchain found (set GAUNTLET_GO or install Go)");
                rc = -ENOENT;
        }
        snprintf(src, sizeof src, "%s/src", c.work);
        /* a submission that cannot be staged is the candidate's to fix; a
         * failure anywhere else is the run's error */
        bool rejected = false;
        if (rc == 0) {
                if ((rc = grd_stage_solution(&c, code_dir, src)) == 0)
                        rc = grd_go_package(&c, src, c.pkg, sizeof c.pkg);
                rejected = rc < 0;
                if (rc == 0 && (rc = grd_stage_tests(&c, p->public_tests, src)) == 0)
                        rc = grd_write_testmain(&c, src);
        }
        if (rc == 0 && (n = grd_test_names(src, &names)) < 0)
                rc = (int)n;
        struct grd_build b = {0};
        snprintf(bin, sizeof bin, "%s/bin/public.test", c.work);
        if (rc == 0 && (rc = grd_go_build(&c, src, bin, false, &b)) == 0) {
                run.built = b.ok;
                run.build_s = b.secs;
                run.build_output = b.output;
                b.output = NULL;
                if (b.ok) {
                        struct grd_suite s = {0};
                        double t0 = grd_now();
                        struct grd_suite_opts so = {.count = 1, .leaks_fail = true};
                        if ((rc = grd_suite_run(&c, bin, names, (size_t)n, &so, &s)) == 0) {
                                run.run_s = grd_now() - t0;
                                for (size_t i = 0; i < s.n_tests; i++) {
                                        enum grd_test_status st = s.tests[i].status;
                                        run.n_pass += st == GRD_TEST_PASS;
                                        run.n_skip += st == GRD_TEST_SKIP;
                                        run.n_fail += st != GRD_TEST_PASS && st != GRD_TEST_SKIP;
                                }
                                run.tests = s.tests;
                                run.n_tests = s.n_tests;
                                s.tests = NULL;
                                s.n_tests = 0;
                                if (s.note[0])
                                        run.crash = strdup(s.note);
                                grd_suite_release(&s);
                        }
                }
        }
        grd_build_release(&b);
        grd_strv_free(names, n > 0 ? (size_t)n : 0);
        if (rc < 0 && rc != -ENOMEM) {
                run.error = !rejected;
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
