/* iograde.c — the I/O test driver, for a program in any language (C, and
 * Go with "io" in the manifest): the solution is built as a program by its
 * language driver (build policy), each data/NAME.in is its stdin (strict
 * policy, run limits) and its stdout is compared with NAME.ans by the
 * manifest's comparator or checker; the race grader runs the cases again
 * with the language's race tool.  Leak and bench do not apply.  Also the
 * candidate's public cases, grd_io_public. */
#include "driver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compare.h"
#include "sbx_file.h"

/* Scratch folders and the language's toolchain (the public cases: a
 * grading has grade.c's). */
static int setup(struct grd_ctx *c)
{
        char d[PATH_MAX];
        int rc;
        const char *dirs[] = {"out", "bin", "home", "tmp"};
        for (size_t i = 0; i < 4; i++)
                if ((rc = grd_ctx_mkdir(c, dirs[i], d)) < 0)
                        return rc;
        const struct grd_lang *l = grd_lang_find(c->p->lang);
        if (!l) {
                snprintf(c->err, sizeof c->err, "no language driver for this problem");
                return -EINVAL;
        }
        return l->find(c);
}

static int build_program(struct grd_ctx *c, const char *src, const char *bin, bool race, struct grd_build *ret)
{
        return grd_lang_find(c->p->lang)->build_program(c, src, bin, race, ret);
}

/* What judges without the checker: the public cases (the checker is
 * secret) fall back to whitespace. */
static enum grd_comparator plain_comparator(const struct grd_problem *p)
{
        return p->io.comparator == GRD_CMP_CHECKER ? GRD_CMP_WHITESPACE : p->io.comparator;
}

/* The problem's checker is author code (secret): it is built like a
 * solution by the language driver its extension names (.c or .go), into
 * ret (PATH_MAX).  -EINVAL with c->err when it does not build. */
static int build_checker(struct grd_ctx *c, char *ret)
{
        const struct grd_problem *p = c->p;
        char csrc[PATH_MAX], cdir[PATH_MAX], fname[PATH_MAX];
        snprintf(csrc, sizeof csrc, "%s/%s", p->dir, p->io.checker ? p->io.checker : "");
        const char *base = strrchr(csrc, '/') + 1;
        const struct grd_lang *l = grd_lang_of_file(base);
        if (!l) {
                snprintf(c->err, sizeof c->err, "the checker '%s' is in no language the graders know", base);
                return -EINVAL;
        }
        int rc = grd_ctx_mkdir(c, "checker", cdir);
        if (rc < 0)
                return rc;
        snprintf(fname, sizeof fname, "%s/%s", cdir, base);
        char *text = NULL;
        if ((rc = sbx_file_read(csrc, GRD_FILE_MAX, 0, &text, NULL)) < 0 ||
            (rc = grd_write_file(fname, text)) < 0) {
                free(text);
                snprintf(c->err, sizeof c->err, "cannot read the checker '%s'", p->io.checker);
                return rc;
        }
        free(text);
        if (!l->found(c) && l->find(c) < 0) {
                snprintf(c->err, sizeof c->err, "the checker '%s' needs a %s", p->io.checker, l->toolchain);
                return -ENOENT;
        }
        if (l->checker_setup && (rc = l->checker_setup(c, cdir)) < 0)
                return rc;
        snprintf(ret, PATH_MAX, "%s/bin/checker", c->work);
        struct grd_build cb = {0};
        if ((rc = l->build_program(c, cdir, ret, false, &cb)) < 0)
                return rc;
        if (!cb.ok) {
                snprintf(c->err, sizeof c->err, "the checker '%s' does not build: %.300s", p->io.checker,
                         cb.output ? cb.output : "");
                rc = -EINVAL;
        }
        grd_build_release(&cb);
        return rc;
}

/* Ask the checker about one case: 1 accepted, 0 not (why set), -errno.
 * It runs in the sandbox as `checker IN GOT ANS`; exit 0 accepts. */
static int run_checker(struct grd_ctx *c, const char *checker, const char *in, const char *got, const char *ans,
                       char *why, size_t why_len)
{
        char bindir[PATH_MAX], data[PATH_MAX], outdir[PATH_MAX], rundir[PATH_MAX], name[32];
        snprintf(bindir, sizeof bindir, "%s", checker);
        *strrchr(bindir, '/') = '\0';
        snprintf(data, sizeof data, "%s", in);
        *strrchr(data, '/') = '\0';
        snprintf(outdir, sizeof outdir, "%s", got);
        *strrchr(outdir, '/') = '\0';
        snprintf(name, sizeof name, "check%u", c->seq);
        int rc = grd_ctx_mkdir(c, name, rundir);
        if (rc < 0)
                return rc;
        struct grd_step st;
        grd_step_init(&st, SBX_POLICY_STRICT, &c->p->run_limits, false);
        st.workdir = rundir;
        st.dirs[0] = bindir;
        st.dirs[1] = data;
        st.dirs[2] = outdir;
        st.env[0] = NULL;
        const char *argv[] = {checker, in, got, ans, NULL};
        struct sbx_result res;
        char *out = NULL;
        if ((rc = grd_step_run(c, &st, argv, &res, &out, NULL)) < 0)
                return rc;
        int ok = res.status == SBX_STATUS_OK;
        if (!ok) {
                size_t n = out ? strcspn(out, "\n") : 0;
                snprintf(why, why_len, "the checker rejects the output%s%.*s", n ? ": " : "",
                         (int)(n > 200 ? 200 : n), out ? out : "");
        }
        free(out);
        return ok;
}

/* One pass of a program over the cases. */
struct io_pass {
        const char *data;           /* the folder of NAME.in / NAME.ans */
        char **cases;
        size_t n;
        const char *bin;
        const char *const *env;     /* NAME=VALUE, NULL-terminated; may be NULL */
        double mem_factor;          /* the race runtimes need more memory */
        double wall_s;              /* per-case wall limit when lower than the run limits'; 0: those */
        bool judge;                 /* compare the output and fill r->tests */
        enum grd_comparator cmp;    /* when judging without a checker */
        const char *checker;        /* judge with this program instead */
};

/* Race evidence gathered over passes. */
struct io_races {
        size_t reports;             /* report blocks on stderr */
        size_t exit66;              /* runs that ended with the race runtimes' exit status */
        struct grd_buf text;        /* the first reports */
};

/* Judge one finished run of case i into t. */
static int judge_case(struct grd_ctx *c, const struct io_pass *ps, size_t i, const struct sbx_result *res,
                      const char *got, const char *err, size_t elen, struct grd_test_result *t)
{
        char in[PATH_MAX], ans[PATH_MAX], why[300] = "";
        snprintf(in, sizeof in, "%s/%s.in", ps->data, ps->cases[i]);
        snprintf(ans, sizeof ans, "%s/%s.ans", ps->data, ps->cases[i]);
        if (!(t->name = strdup(ps->cases[i])))
                return -ENOMEM;
        t->elapsed_s = res->wall_s;
        if (res->status == SBX_STATUS_TIME_LIMIT || res->status == SBX_STATUS_WALL_LIMIT) {
                t->status = GRD_TEST_TIMEOUT;
                snprintf(why, sizeof why, "time limit exceeded (%s)", sbx_status_name(res->status));
        } else if (res->status != SBX_STATUS_OK) {
                t->status = GRD_TEST_FAIL;
                snprintf(why, sizeof why, "run ended with '%s' (exit %d, signal %d)", sbx_status_name(res->status),
                         res->exit_code, res->signal);
        } else if (ps->checker) {
                int ok = run_checker(c, ps->checker, in, got, ans, why, sizeof why);
                if (ok < 0)
                        return ok;
                t->status = ok ? GRD_TEST_PASS : GRD_TEST_FAIL;
        } else {
                char *g = NULL, *w = NULL;
                size_t gl = 0, wl = 0;
                if (sbx_file_read(got, GRD_LOG_MAX, SBX_FILE_HEAD, &g, &gl) < 0 ||
                    sbx_file_read(ans, GRD_LOG_MAX, SBX_FILE_HEAD, &w, &wl) < 0) {
                        free(g);
                        snprintf(c->err, sizeof c->err, "cannot read the output of case '%s'", ps->cases[i]);
                        return -EIO;
                }
                int ok = grd_compare(ps->cmp, c->p->io.tolerance, g, gl, w, wl, why, sizeof why);
                free(g);
                free(w);
                if (ok < 0)
                        return ok;
                t->status = ok == 1 ? GRD_TEST_PASS : GRD_TEST_FAIL;
        }
        if (why[0]) {
                struct grd_buf o = GRD_BUF_INIT(GRD_TEST_OUTPUT_MAX);
                grd_buf_addf(&o, "%s\n", why);
                if (err)
                        grd_buf_add(&o, err, elen);
                t->output = grd_buf_steal(&o);
        }
        return 0;
}

/* Run ps->bin on every case: results into r->tests when judging, race
 * reports into *races (may be NULL). */
static int run_pass(struct grd_ctx *c, const struct io_pass *ps, struct grd_result *r, struct io_races *races)
{
        char bindir[PATH_MAX];
        snprintf(bindir, sizeof bindir, "%s", ps->bin);
        *strrchr(bindir, '/') = '\0';
        if (ps->judge) {
                r->tests = calloc(ps->n ? ps->n : 1, sizeof *r->tests);
                if (!r->tests)
                        return -ENOMEM;
                r->n_tests = ps->n;
        }
        for (size_t i = 0; i < ps->n; i++) {
                char in[PATH_MAX], got[PATH_MAX], rundir[PATH_MAX], name[32];
                snprintf(in, sizeof in, "%s/%s.in", ps->data, ps->cases[i]);
                snprintf(got, sizeof got, "%s/out/%s.%u.got", c->work, ps->cases[i], c->seq);
                snprintf(name, sizeof name, "case%u", c->seq);
                int rc = grd_ctx_mkdir(c, name, rundir);
                if (rc < 0)
                        return rc;
                struct grd_step st;
                grd_step_init(&st, SBX_POLICY_STRICT, &c->p->run_limits, false);
                st.lim.mem_mib = (uint64_t)((double)st.lim.mem_mib * ps->mem_factor);
                if (ps->wall_s > 0 && ps->wall_s < st.lim.wall_s)
                        st.lim.wall_s = ps->wall_s;
                st.workdir = rundir;
                st.dirs[0] = bindir;
                st.stdin_path = in;
                st.stdout_path = got;
                size_t e = 0;
                for (; ps->env && ps->env[e] && e + 1 < sizeof st.env / sizeof *st.env; e++)
                        st.env[e] = ps->env[e];
                st.env[e] = NULL;
                const char *argv[] = {ps->bin, NULL};
                struct sbx_result res;
                char *err = NULL;
                size_t elen = 0;
                if ((rc = grd_step_run(c, &st, argv, &res, &err, &elen)) < 0)
                        return rc;
                if (races) {
                        struct grd_races rr;
                        if (grd_race_parse(err ? err : "", elen, 0, &rr) == 0) {
                                races->reports += rr.n_reports;
                                if (rr.text && races->text.len == 0) {
                                        grd_buf_addf(&races->text, "case %s:\n", ps->cases[i]);
                                        grd_buf_adds(&races->text, rr.text);
                                }
                                grd_races_release(&rr);
                        }
                        races->exit66 += res.status == SBX_STATUS_NONZERO_EXIT && res.exit_code == 66;
                }
                if (ps->judge)
                        rc = judge_case(c, ps, i, &res, got, err, elen, &r->tests[i]);
                free(err);
                unlink(got);
                if (rc < 0)
                        return rc;
        }
        return 0;
}

static void correctness_summary(struct grd_ctx *c, struct grd_result *cr)
{
        double frac = grd_score_tests(c->p, cr->tests, cr->n_tests);
        size_t pass = 0;
        struct grd_buf ev = GRD_BUF_INIT(GRD_EVIDENCE_MAX);
        for (size_t i = 0; i < cr->n_tests; i++) {
                if (cr->tests[i].status == GRD_TEST_PASS) {
                        pass++;
                        continue;
                }
                grd_buf_addf(&ev, "--- %s: %s\n%s", grd_test_status_name(cr->tests[i].status), cr->tests[i].name,
                             cr->tests[i].output ? cr->tests[i].output : "");
        }
        grd_result_set(cr, pass == cr->n_tests && pass ? GRD_VERDICT_PASS : GRD_VERDICT_FAIL, frac,
                       "%zu/%zu cases passed (%s comparator)", pass, cr->n_tests,
                       grd_comparator_name(c->p->io.comparator));
        char *e = grd_buf_steal(&ev);
        grd_result_evidence(cr, e);
        free(e);
}

/* What the I/O driver keeps over one grading. */
struct io_cases {
        char data[PATH_MAX];         /* the folder of NAME.in / NAME.ans */
        char **cases;                /* NAME of each */
        size_t n;
        char checker[PATH_MAX];      /* the checker's program, "" without */
};

static struct io_cases *cases_of(const struct grd_grading *g)
{
        return g->state;
}

/* The race grader: the cases again with the language's race tool.  Go
 * runs once per GOMAXPROCS value; every pass is repeated race.count times. */
static int io_race(struct grd_grading *g, struct grd_result *rr)
{
        struct grd_ctx *c = g->c;
        const struct grd_problem *p = c->p;
        const struct grd_lang *l = g->lang;
        const struct io_cases *ic = cases_of(g);
        double t0 = grd_now();
        char tbin[PATH_MAX];
        snprintf(tbin, sizeof tbin, "%s/bin/prog-race", c->work);
        grd_progress(c, "race: compiling with %s", l->race_flag);
        struct grd_build tb = {0};
        int rc = l->build_program(c, g->src, tbin, true, &tb);
        if (rc < 0)
                return rc;
        rr->build_s = tb.secs;
        if (!tb.ok) {
                grd_result_set(rr, GRD_VERDICT_FAIL, 0, "does not build with %s", l->race_flag);
                grd_result_evidence(rr, tb.output);
                grd_build_release(&tb);
                rr->wall_s = grd_now() - t0;
                return 0;
        }
        grd_build_release(&tb);
        static const unsigned dflt[] = {1, 2, 4};
        const unsigned *procs = p->n_race_gomaxprocs ? p->race_gomaxprocs : dflt;
        size_t np = !l->race_gomaxprocs ? 1 : p->n_race_gomaxprocs ? p->n_race_gomaxprocs : 3;
        unsigned count = p->race_count ? p->race_count : 1;
        struct io_races races = {.text = GRD_BUF_INIT(GRD_EVIDENCE_MAX)};
        for (size_t i = 0; rc == 0 && i < np; i++) {
                char gmp[32];
                snprintf(gmp, sizeof gmp, "GOMAXPROCS=%u", procs[i]);
                const char *go_env[] = {gmp, "GORACE=atexit_sleep_ms=0", NULL};
                struct io_pass ps = {.data = ic->data, .cases = ic->cases, .n = ic->n, .bin = tbin,
                                     .env = l->race_gomaxprocs ? go_env : NULL, .mem_factor = 2.0};
                for (unsigned k = 0; rc == 0 && k < count; k++) {
                        if (l->race_gomaxprocs)
                                grd_progress(c, "race: %zu cases, GOMAXPROCS=%u (%u/%u)", ic->n, procs[i], k + 1,
                                             count);
                        else
                                grd_progress(c, "race: %zu cases (%u/%u)", ic->n, k + 1, count);
                        rc = run_pass(c, &ps, NULL, &races);
                }
        }
        char *e = grd_buf_steal(&races.text);
        if (rc == 0) {
                size_t found = races.reports ? races.reports : races.exit66;
                const char *what = l->race_report;
                if (found)
                        grd_result_set(rr, GRD_VERDICT_FAIL, 0, "%zu %s%s", found, what, found == 1 ? "" : "s");
                else
                        grd_result_set(rr, GRD_VERDICT_PASS, 1, "no %ss%s", what,
                                       np > 1 ? " over GOMAXPROCS settings" : "");
                if (!races.reports && races.exit66)
                        grd_result_evidence(rr, "runs ended with exit status 66, the race runtime's, "
                                                "with no report on stderr");
                grd_result_evidence(rr, e);
        }
        free(e);
        rr->wall_s = grd_now() - t0;
        return rc;
}

/* The solution in src, and the problem's cases. */
static int io_stage(struct grd_grading *g)
{
        struct grd_ctx *c = g->c;
        const struct grd_problem *p = c->p;
        struct io_cases *ic = calloc(1, sizeof *ic);
        if (!ic)
                return -ENOMEM;
        g->state = ic;
        int rc = grd_ctx_mkdir(c, "src", g->src);
        if (rc < 0)
                return rc;
        if ((rc = grd_stage_solution(c, g->code, g->src)) < 0) {
                if (rc == -ENOMEM)
                        return rc;
                g->rep->status = GRD_REPORT_REJECTED;
                snprintf(g->rep->message, sizeof g->rep->message, "%s", c->err);
                return 0;
        }
        if (!p->data_dir) {
                snprintf(c->err, sizeof c->err, "the problem has no data folder");
                return -EINVAL;
        }
        snprintf(ic->data, sizeof ic->data, "%s/%s", p->dir, p->data_dir);
        char **cases = NULL;
        long n = grd_list_suffix(ic->data, ".in", true, &cases);
        if (n < 0) {
                snprintf(c->err, sizeof c->err, "cannot read '%s': %s", ic->data, strerror((int)-n));
                return (int)n;
        }
        ic->cases = cases;
        ic->n = (size_t)n;
        return 0;
}

/* The program, and the checker beside a program that builds. */
static int io_build(struct grd_grading *g)
{
        struct grd_ctx *c = g->c;
        char bin[PATH_MAX];
        snprintf(bin, sizeof bin, "%s/bin/prog", c->work);
        grd_progress(c, "compiling");
        int rc = g->lang->build_program(c, g->src, bin, false, &g->build);
        if (rc == 0 && c->p->io.comparator == GRD_CMP_CHECKER && g->build.ok)
                rc = build_checker(c, cases_of(g)->checker);
        return rc;
}

static int io_correctness(struct grd_grading *g, struct grd_result *cr)
{
        struct grd_ctx *c = g->c;
        const struct io_cases *ic = cases_of(g);
        double t0 = grd_now();
        grd_progress(c, "correctness: %zu cases", ic->n);
        struct io_pass ps = {.data = ic->data, .cases = ic->cases, .n = ic->n, .bin = g->build.bin,
                             .mem_factor = 1.0, .wall_s = c->p->correctness_timeout_s, .judge = true,
                             .cmp = plain_comparator(c->p), .checker = ic->checker[0] ? ic->checker : NULL};
        int rc = run_pass(c, &ps, cr, NULL);
        if (rc < 0)
                return rc;
        correctness_summary(c, cr);
        cr->build_s = g->build.secs;
        cr->wall_s = grd_now() - t0 + g->build.secs;
        return 0;
}

static bool io_takes(const struct grd_problem *p)
{
        (void)p;
        return true; /* any language's program: the last driver tried */
}

static void io_release(struct grd_grading *g)
{
        struct io_cases *ic = cases_of(g);
        if (!ic)
                return;
        grd_strv_free(ic->cases, ic->n);
        free(ic);
        g->state = NULL;
}

/* The public cases as the driver's public run: a failure leaves run as
 * grd_io_public set it (its error flag included). */
static int io_public_run(struct grd_ctx *c, const char *code_dir, const struct grd_options *o,
                         struct grd_test_run *run, bool *rejected)
{
        (void)o;
        int rc = grd_io_public(c, code_dir, run);
        *rejected = rc < 0;
        return rc;
}

const struct grd_driver grd_driver_io = {
        .name = "I/O",
        .takes = io_takes,
        .stage = io_stage,
        .build = io_build,
        .run = {
                [GRD_CORRECTNESS] = io_correctness,
                [GRD_RACE] = io_race,
                [GRD_VET] = grd_lang_vet,
        },
        .not_applicable = "not applicable to I/O problems",
        .public_run = io_public_run,
        .release = io_release,
};

int grd_io_public(struct grd_ctx *c, const char *code, struct grd_test_run *run)
{
        const struct grd_problem *p = c->p;
        char src[PATH_MAX], bin[PATH_MAX], data[PATH_MAX];
        int rc = setup(c);
        if (rc == 0)
                rc = grd_ctx_mkdir(c, "src", src);
        if (rc < 0) {
                run->error = true;
                return rc;
        }
        if ((rc = grd_stage_solution(c, code, src)) < 0)
                return rc; /* the submission's: not an error of the run */
        snprintf(data, sizeof data, "%s/%s", p->dir, p->public_tests);
        char **cases = NULL;
        long n = grd_list_suffix(data, ".in", true, &cases);
        if (n < 0)
                n = 0; /* no public cases: an empty run */
        snprintf(bin, sizeof bin, "%s/bin/prog", c->work);
        struct grd_build b = {0};
        if ((rc = build_program(c, src, bin, false, &b)) < 0)
                goto out;
        run->built = b.ok;
        run->build_s = b.secs;
        run->build_output = b.output;
        b.output = NULL;
        if (b.ok) {
                struct grd_result r = {0};
                struct io_pass ps = {.data = data, .cases = cases, .n = (size_t)n, .bin = bin, .mem_factor = 1.0,
                                     .wall_s = p->correctness_timeout_s, .judge = true,
                                     .cmp = plain_comparator(p)};
                double t0 = grd_now();
                rc = run_pass(c, &ps, &r, NULL);
                run->run_s = grd_now() - t0;
                run->tests = r.tests;
                run->n_tests = r.n_tests;
                for (size_t i = 0; i < r.n_tests; i++) {
                        enum grd_test_status st = r.tests[i].status;
                        run->n_pass += st == GRD_TEST_PASS;
                        run->n_fail += st != GRD_TEST_PASS;
                }
        }
        grd_build_release(&b);
out:
        run->error = rc < 0;
        grd_strv_free(cases, (size_t)n);
        return rc;
}
