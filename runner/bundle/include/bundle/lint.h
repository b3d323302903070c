/* lint.h — what can be checked in a problem folder without building or
 * running anything, beyond the manifest reader's own checks: the mutants'
 * expect.json, the benchmarks and test groups the manifest names against
 * the test files, names declared twice in the one package all test files
 * form, and the I/O cases' pairs.  `pack` and `validate` run it before
 * anything else; the rules are documented in docs/bundle-format.md,
 * section 6. */
#ifndef GAUNTLET_LINT_H
#define GAUNTLET_LINT_H

#include <stddef.h>

#include "problem.h"

/* Called once per mistake with one line, e.g.
 *   mutants/x/expect.json: verdicts.race: "fial" is not a verdict (pass, fail, skip, any)
 * paths relative to the problem folder. */
typedef void gnt_lint_fn(void *ctx, const char *line);

/* Check the loaded problem p (p->dir set, not a public manifest); each
 * mistake is passed to each (may be NULL).  Returns the number of
 * mistakes (0: clean), or -ENOMEM. */
int gnt_lint_problem(const struct grd_problem *p, gnt_lint_fn *each, void *ctx);

/* The same for the folder dir: a problem folder, or an assessment folder
 * (each of its problems; lines then start with the problem's folder).
 * Returns the number of mistakes, or a negative errno with one line in err
 * when a manifest does not load (the manifest reader's error). */
int gnt_lint_folder(const char *dir, gnt_lint_fn *each, void *ctx, char *err, size_t errsz);

/* One top-level declaration of a Go file (lint_go.c). */
struct gnt_go_decl {
        char name[128];
        unsigned line;
        char kind; /* 'f' func, 't' type, 'v' var, 'c' const */
};

/* Scan the Go source text (NUL-terminated; gofmt layout assumed: top-level
 * declarations at column 0, grouped specs indented by one tab) for its
 * package name and the names it declares at top level: funcs (not
 * methods, not init), types, vars and consts, single or grouped; the blank
 * identifier is left out.  *ret is a malloc'd array of *ret_n entries (the
 * caller frees it).  0 or -ENOMEM. */
int gnt_go_scan(const char *text, char *pkg, size_t pkgsz, struct gnt_go_decl **ret, size_t *ret_n);

/* Check go.mod (text; mod_rel/go.mod in the lines) against the vendored
 * modules.txt the graders build it with (text, NULL when there is none;
 * rel/vendor/modules.txt in the lines) as the go command does before a
 * -mod=vendor build: every requirement vendored at its version and marked
 * "## explicit", every explicit module required, no replace directive; and
 * requirements without a modules.txt at all (the graders build offline).
 * Each mistake is passed to each (may be NULL).  Returns the number of
 * mistakes, or -ENOMEM. */
int gnt_go_vendor_check(const char *gomod, const char *mod_rel, const char *modules, const char *rel, gnt_lint_fn *each,
                        void *ctx);

#endif
