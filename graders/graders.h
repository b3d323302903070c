/* graders.h — internal to graders/: builds, results and the scoring
 * helpers every grader shares (result.c), the Go graders' own entry
 * points; the grader table and its drivers are in driver.h. */
#ifndef GAUNTLET_GRADERS_GRADERS_H
#define GAUNTLET_GRADERS_GRADERS_H

#include "engine.h"
#include "suite.h"

/* Output parameters: the functions of graders/ fill *ret only when they
 * succeed and leave it untouched when they fail.  A caller that releases
 * an output on a path shared with the callee's failure declares it
 * zero-initialised ({0}): every _release accepts that. */

/* A built test binary (or C program) and how its build went. */
struct grd_build {
        char bin[PATH_MAX];
        bool ok;
        char *output;      /* compiler output (bounded); NULL when empty */
        double secs;
};
void grd_build_release(struct grd_build *b);

/* The Go toolchain's builds (lang_go.c), arguments in one order: the
 * source folder, the binary to write, race (-race, cgo on), the result.
 * A failed build is ret->ok false with the compiler's output, not an
 * error.  go test -c of the package in src: */
int grd_go_build(struct grd_ctx *c, const char *src, const char *bin, bool race, struct grd_build *ret);
/* go build of the package main in src, the same environment and cache
 * rules.  Another package than main is a failed build (ret->ok false, the
 * reason in ret->output). */
int grd_go_build_program(struct grd_ctx *c, const char *src, const char *bin, bool race, struct grd_build *ret);
/* go vet and gofmt on the solution's non-test files of code. */
int grd_go_vet(struct grd_ctx *c, const char *code, struct grd_result *r);
/* cc -std=c11 -O2 -Wall -Wextra -pthread SRC.c... -o bin (race:
 * ThreadSanitizer); lang_c.c. */
int grd_c_build(struct grd_ctx *c, const char *src, const char *bin, bool race, struct grd_build *ret);

/* Group-weighted fraction of passing tests (skips excluded); fills each
 * test's group.  1 when there is nothing to count. */
double grd_score_tests(const struct grd_problem *p, struct grd_test_result *t, size_t n);
/* "groups: basics 4/4, deadline 0/3 (-4.58)": each test group's passed and
 * counted tests (after grd_score_tests named their groups) and the points
 * of weight it lost; malloc'd, NULL without groups (or on ENOMEM). */
char *grd_groups_line(const struct grd_problem *p, const struct grd_test_result *t, size_t n, double weight);

void grd_result_set(struct grd_result *r, enum grd_verdict v, double fraction, const char *summary_fmt, ...)
        __attribute__((format(printf, 4, 5)));
void grd_result_evidence(struct grd_result *r, const char *text);
/* Free what r owns and zero it. */
void grd_result_release(struct grd_result *r);
void grd_progress(struct grd_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The race grader: the tests built with -race, run once per GOMAXPROCS
 * setting with the problem's count, each within budget (may be NULL);
 * tests h says hung are not run again, and every run is added to h.
 * Fills r.  0, -errno (c->err). */
struct grd_history;
int grd_go_race(struct grd_ctx *c, const char *src, const struct grd_budget *budget, struct grd_history *h,
                struct grd_result *r);

/* I/O problems: build and run the public cases (p->public_tests:
 * NAME.in/.ans).  -errno with c->err set; run->error is set then unless
 * the submission could not be staged (its own fault, not the run's). */
int grd_io_public(struct grd_ctx *c, const char *code_dir, struct grd_test_run *run);

/* The bench verdict, points and summary from r->ratio (rounded here to the
 * three decimals every report shows, and graded as rounded), r->allocs_ok
 * and the interval: full marks at or below target_ratio, none at or above
 * fail_ratio, halved over the allocation limits; pass only at full marks
 * (grd_result_set's rule). */
void grd_bench_verdict(struct grd_result *r, double target_ratio, double fail_ratio);
/* Bench: candidate binary against the reference's; fills r. */
int grd_go_bench(struct grd_ctx *c, const char *cand_bin, const char *ref_bin, struct grd_result *r);

#endif
