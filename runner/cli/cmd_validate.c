/* cmd_validate.c — `gauntlet validate DIR|BUNDLE [--mutant NAME]...`: the
 * proof a problem is sound.  First the checks that need no compiler
 * (lint.h); then the reference must earn full marks, or validation stops
 * there; then every mutant (the reference overlaid with mutants/NAME/), or
 * those named, must earn exactly the verdicts its expect.json declares.
 * The reference's bench binary is built once per problem and shared by
 * all its mutants. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle/bundle.h"
#include "cli.h"
#include "commands.h"
#include "grade.h"
#include "grade_args.h"
#include "bundle/lint.h"
#include "manifest.h"
#include "mutants.h"
#include "paths.h"
#include "session/report_json.h"
#include "scratch.h"
#include "sbx_file.h"

/* Messages quote paths into fixed buffers; cutting a very long one short is
 * intended. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

static void progress(void *ctx, const char *what)
{
        fprintf(stderr, "gauntlet validate: %s: %s\n", (const char *)ctx, what);
}

/* Why a verdict did not hold, for a log read later (CI): each grader whose
 * verdict differs, its summary and the start of its evidence. */
static void print_mismatches(const struct grd_report *rep, const struct gnt_mutant_expect *ex)
{
        for (int k = 0; rep->status == GRD_REPORT_GRADED && k < _GRD_KIND_MAX; k++) {
                const struct grd_result *r = &rep->results[k];
                if (!rep->enabled[k] || ex->verdict[k] < 0 || (int)r->verdict == ex->verdict[k])
                        continue;
                printf("       %s: %s\n", grd_kind_name((enum grd_kind)k), r->summary ? r->summary : "");
                const char *e = r->evidence ? r->evidence : "";
                for (int line = 0; *e && line < 12; line++) {
                        const char *nl = strchr(e, '\n');
                        int len = nl ? (int)(nl - e) : (int)strlen(e);
                        printf("       | %.*s\n", len > 200 ? 200 : len, e);
                        e = nl ? nl + 1 : e + len;
                }
        }
}

static void print_verdicts(const struct grd_report *r)
{
        for (int k = 0; k < _GRD_KIND_MAX; k++)
                if (r->enabled[k])
                        printf(" %s=%s", grd_kind_name((enum grd_kind)k), grd_verdict_name(r->results[k].verdict));
}

/* Grade mutant `name` (the reference overlaid with mutants/NAME/, copied
 * under scratch: gnt_mutant_stage) against its expect.json: 0 its
 * verdicts held, 1 they did not. */
static int validate_mutant(const struct grd_problem *p, struct grd_options *o, char *label, size_t labelsz,
                           const char *scratch, const char *name, bool verbose)
{
        char err[GNT_ERR_MAX], code[PATH_MAX];
        struct gnt_mutant_expect ex;
        struct grd_report rep;
        if (gnt_mutant_expect_load(p, p->dir, name, &ex, err, sizeof err) < 0) {
                printf("  FAIL mutant %s: %s\n", name, err);
                return 1;
        }
        snprintf(code, sizeof code, "%s/mutant-%s", scratch, name);
        if (gnt_mutant_stage(p, name, code, err, sizeof err) < 0) {
                printf("  FAIL mutant %s: %s\n", name, err);
                return 1;
        }
        snprintf(label, labelsz, "%s mutant %s", p->id, name);
        int r = grd_grade(p, code, o, &rep);
        sbx_file_rmtree(code);
        if (r < 0) {
                printf("  FAIL mutant %s: cannot grade: %s\n", name, strerror(-r));
                return 1;
        }
        bool held = rep.status == GRD_REPORT_GRADED, any_fail = false;
        char diff[512] = "";
        size_t dl = 0;
        for (int k = 0; rep.status == GRD_REPORT_GRADED && k < _GRD_KIND_MAX; k++) {
                if (!rep.enabled[k])
                        continue;
                enum grd_verdict got = rep.results[k].verdict;
                any_fail = any_fail || got == GRD_VERDICT_FAIL;
                if (ex.verdict[k] >= 0 && (int)got != ex.verdict[k]) {
                        held = false;
                        dl += (size_t)snprintf(diff + dl, dl < sizeof diff ? sizeof diff - dl : 0,
                                               "%s%s expected %s, got %s", dl ? "; " : "",
                                               grd_kind_name((enum grd_kind)k),
                                               grd_verdict_name((enum grd_verdict)ex.verdict[k]),
                                               grd_verdict_name(got));
                }
        }
        if (held && !any_fail) {
                held = false;
                snprintf(diff, sizeof diff, "no grader failed it: a mutant must earn at least one fail");
        }
        if (rep.status != GRD_REPORT_GRADED)
                snprintf(diff, sizeof diff, "not graded: %s", rep.message);
        printf("  %-4s mutant %s (%s):", held ? "ok" : "FAIL", name, ex.description);
        print_verdicts(&rep);
        printf(" (%.1f s)\n", rep.wall_s);
        if (!held) {
                printf("       %s\n", diff);
                if (verbose)
                        gnt_report_print(stdout, &rep, true);
                else
                        print_mismatches(&rep, &ex);
        }
        fflush(stdout);
        grd_report_release(&rep);
        return held ? 0 : 1;
}

/* 0 all held, 1 a mutant's verdicts did not, 2 the reference is short of
 * full marks (then no mutant is graded), -errno internal. */
static int validate_problem(const struct grd_problem *p, const struct gnt_grade_args *a, const char *cache)
{
        int failed = 0;
        struct grd_scratch sc;
        int r = grd_scratch_create(grd_scratch_parent(), "gauntlet-validate-", false, &sc, NULL, 0);
        if (r < 0) {
                gnt_error("validate", "cannot create a temporary folder: %s", strerror(-r));
                return r;
        }
        const char *refdir = sc.path;
        char label[128];
        struct grd_options o = {.cache_dir = cache, .quick = a->quick, .reference_dir = refdir,
                                .progress = a->verbose || isatty(STDERR_FILENO) ? progress : NULL,
                                .progress_ctx = label};
        char refcode[PATH_MAX];
        snprintf(refcode, sizeof refcode, "%s/%s", p->dir, p->reference);
        printf("problem %s %s\n", p->id, p->version ? p->version : "");
        struct gnt_rubric rb = {0};
        if (gnt_manifest_rubric_load(p->dir, &rb, NULL, 0) == 0 && rb.n)
                printf("  rubric: %zu items, %u points (checked)\n", rb.n, rb.total);
        gnt_rubric_release(&rb);
        fflush(stdout);
        snprintf(label, sizeof label, "%s reference", p->id);
        struct grd_report rep;
        r = grd_grade(p, refcode, &o, &rep);
        if (r < 0) {
                gnt_error("validate", "cannot grade the reference of '%s': %s", p->id, strerror(-r));
                grd_scratch_release(&sc);
                return r;
        }
        bool ok = rep.status == GRD_REPORT_GRADED && rep.score >= 100 - 1e-9;
        for (int k = 0; k < _GRD_KIND_MAX; k++)
                ok = ok && (!rep.enabled[k] || rep.results[k].verdict == GRD_VERDICT_PASS);
        printf("  %-4s reference: score %.2f%s (%.1f s)\n", ok ? "ok" : "FAIL", rep.score,
               rep.status == GRD_REPORT_GRADED ? "" : " (not graded)", rep.wall_s);
        if (!ok) {
                /* Mutants are measured against a sound reference: grading
                 * them now would only repeat its failure. */
                gnt_report_print(stdout, &rep, a->verbose);
                printf("  stopped: the reference must earn full marks before any mutant is graded\n");
                grd_report_release(&rep);
                grd_scratch_release(&sc);
                return 2;
        }
        grd_report_release(&rep);

        char mdir[PATH_MAX];
        snprintf(mdir, sizeof mdir, "%s/mutants", p->dir);
        char **names = NULL;
        size_t n = gnt_mutant_names(mdir, a->mutants, a->n_mutants, &names);
        for (size_t i = 0; i < n; i++)
                failed |= validate_mutant(p, &o, label, sizeof label, refdir, names[i], a->verbose);
        for (size_t i = 0; i < n; i++)
                free(names[i]);
        free(names);
        grd_scratch_release(&sc);
        return failed;
}

/* Each mistake lint finds, printed as it is found. */
static void lint_line(void *ctx, const char *line)
{
        gnt_error("validate", "'%s': %s", (const char *)ctx, line);
}

/* Every --mutant names a mutant of some problem of the bundle. */
static int mutants_exist(const struct gnt_bundle *b, const struct gnt_grade_args *a)
{
        for (size_t i = 0; i < a->n_mutants; i++) {
                bool found = false;
                for (size_t k = 0; !found && k < b->n_problems; k++) {
                        char path[PATH_MAX];
                        struct stat st;
                        snprintf(path, sizeof path, "%s/mutants/%s", b->problems[k].dir, a->mutants[i]);
                        found = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
                }
                if (!found)
                        return gnt_usage_error("validate", "--mutant %s: no such mutant (no folder mutants/%s)",
                                               a->mutants[i], a->mutants[i]);
        }
        return 0;
}

int gnt_cmd_validate(int argc, char **argv)
{
        struct gnt_grade_args a;
        char err[GNT_ERR_MAX];
        if (gnt_grade_args_parse(GNT_ARGS_VALIDATE, argc, argv, &a, err, sizeof err) < 0)
                return gnt_usage_error("validate", "%s", err);
        const char *path = a.args[0];
        struct gnt_bundle_opts bo = {.pubkey = a.pubkey};
        struct gnt_bundle *b = NULL;
        if (gnt_bundle_open(path, &bo, &b, err, sizeof err) < 0) {
                gnt_error("validate", "cannot open '%s': %s", path, err);
                return GNT_EXIT_USAGE;
        }
        if (b->is_public) {
                gnt_error("validate", "'%s' is a public bundle: validation needs the grading bundle", path);
                gnt_bundle_close(b);
                return GNT_EXIT_USAGE;
        }
        const char *cache = gnt_path_cache();
        if (!cache) {
                gnt_error("validate", "%s", gnt_path_cache_error());
                gnt_bundle_close(b);
                return GNT_EXIT_FAIL;
        }
        int status = mutants_exist(b, &a), mistakes = 0;
        /* What can be checked without running, for every problem, before
         * anything is graded. */
        for (size_t i = 0; status == GNT_EXIT_OK && i < b->n_problems; i++) {
                int r = gnt_lint_problem(&b->problems[i], lint_line, (void *)path);
                if (r < 0) {
                        gnt_error("validate", "cannot check '%s': %s", path, strerror(-r));
                        status = GNT_EXIT_FAIL;
                }
                mistakes += r > 0 ? r : 0;
        }
        if (status != GNT_EXIT_OK || mistakes) {
                gnt_bundle_close(b);
                return status != GNT_EXIT_OK ? status : GNT_EXIT_USAGE;
        }
        for (size_t i = 0; i < b->n_problems; i++) {
                int r = validate_problem(&b->problems[i], &a, cache);
                if (r != 0)
                        status = GNT_EXIT_FAIL;
                if (r == 2)
                        break; /* stopped at a reference short of full marks */
        }
        printf("%s\n", status == GNT_EXIT_OK ? "all verdicts hold" : "some verdicts do not hold");
        gnt_bundle_close(b);
        return status;
}
