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

#endif
