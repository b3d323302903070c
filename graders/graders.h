/* graders.h — internal to graders/: the per-language grading passes that
 * grd_grade() drives, and the scoring helpers they share. */
#ifndef GAUNTLET_GRADERS_GRADERS_H
#define GAUNTLET_GRADERS_GRADERS_H

#include "engine.h"
#include "suite.h"

/* A built test binary (or C program) and how its build went. */
struct grd_build {
        char bin[PATH_MAX];
        bool ok;
        char *output;      /* compiler output (bounded); NULL when empty */
        double secs;
};
void grd_build_release(struct grd_build *b);

/* go test -c of the package in src into bin (race: -race, cgo on). */
int grd_go_build(struct grd_ctx *c, const char *src, const char *bin, bool race, struct grd_build *ret);

/* Group-weighted fraction of passing tests (skips excluded); fills each
 * test's group.  1 when there is nothing to count. */
double grd_score_tests(const struct grd_problem *p, struct grd_test_result *t, size_t n);

void grd_result_set(struct grd_result *r, enum grd_verdict v, double fraction, const char *summary_fmt, ...)
        __attribute__((format(printf, 4, 5)));
void grd_result_evidence(struct grd_result *r, const char *text);
void grd_progress(struct grd_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Go: every enabled grader of p on the staged solution in code_dir. */
int grd_go_grade(struct grd_ctx *c, const char *code_dir, struct grd_report *rep);
/* C I/O problems. */
int grd_c_grade(struct grd_ctx *c, const char *code_dir, struct grd_report *rep);
/* C: build and run the public data cases (p->public_tests: NAME.in/.ans). */
int grd_c_public(struct grd_ctx *c, const char *code_dir, struct grd_test_run *run);

/* Bench: candidate binary against the reference's; fills r. */
int grd_go_bench(struct grd_ctx *c, const char *cand_bin, const char *ref_bin, struct grd_result *r);

#endif
