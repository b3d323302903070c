/* gopublic.h — internal to graders/: the build of a candidate's public
 * test run of a Go problem, shared by grd_run_public_tests and the
 * warm-up (which makes it ahead, on the starter, so the first run finds
 * its packages compiled and its binary linked).
 *
 * The last test binary of a problem's public runs is kept in the cache,
 * so that a run of unchanged code does not link it again.  Whether the
 * kept binary is current is the go command's own decision: placed at the
 * build's -o path, it is used only when its build ID starts with the
 * action ID of this very link (a hash of every input: the compiled
 * packages, the flags, the toolchain), and linked afresh otherwise.
 * Best effort: a failure to keep or place it costs a link. */
#ifndef GAUNTLET_GRADERS_GOPUBLIC_H
#define GAUNTLET_GRADERS_GOPUBLIC_H

#include <stdbool.h>

#include "graders.h"
#include "suite.h"

#define GRD_PUBLIC_BIN_DIR "public"     /* in the cache: ID@VERSION.test, one per problem */
#define GRD_PUBLIC_BIN_MAX (64u << 20)  /* a larger test binary is not kept */

/* Stage the solution in code_dir with the problem's public tests and the
 * public leak block (GRD_PUBLIC_NONCE) into src (an empty folder under
 * c->work), then go test -c it into bin (under c->work/bin), linked
 * without symbol table and DWARF, starting from the kept binary and
 * keeping the new one.  c->go must be set, and c->work/home made.
 * Returns 0 with *ret filled (check ret->ok: the code's own failure);
 * -errno with c->err when the code could not be staged (*rejected: the
 * candidate's to fix, as grd_stage_solution says) or the build could not
 * run (the run's error). */
int grd_public_build(struct grd_ctx *c, const char *code_dir, const char *src, const char *bin, bool *rejected,
                     struct grd_build *ret);

/* The candidate's own *_test.go in a public run: built and run beside the
 * public tests (the same package), reported apart, never graded. */
struct grd_public_own {
        char **files;       /* their files, staged into src under their own names */
        size_t n_files;
        char **names;       /* their Test functions */
        size_t n;
        bool staged;        /* they are in the build */
        char note[512];     /* why they did not run, "" when they did (or there were none) */
        char *output;       /* the combined build's output, when that is why; may be NULL */
};
void grd_public_own_release(struct grd_public_own *o);

/* grd_public_build, with the candidate's own tests of code_dir when own
 * is not NULL (a file named like a public test file or gauntlet's own
 * leaves them out; when the combined build fails and the public tests
 * build alone, they are left out and own->note says why, naming a
 * declaration both sides make), and with -race when race is set (that
 * binary is not kept). */
int grd_public_build_run(struct grd_ctx *c, const char *code_dir, const char *src, const char *bin, bool race,
                         struct grd_public_own *own, bool *rejected, struct grd_build *ret);

/* Move the results of s into run: the public tests' to run->tests (and
 * their counts), own's names to run->own_tests; the races found to
 * run->races and run->race_text.  0 or -ENOMEM. */
int grd_public_take(struct grd_test_run *run, struct grd_suite *s, const struct grd_public_own *own);

#endif
