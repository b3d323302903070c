/* escape.h — the compiler's escape analysis of a submission: which of the
 * candidate's own values the Go compiler moves to the heap, as evidence for
 * a follow-up question ("which of your allocations escape?").  The build
 * (`go build -gcflags=-m`) runs in the sandbox with the build policy, like
 * every grader's build; no candidate code runs.  Library code: never
 * prints, never exits. */
#ifndef GAUNTLET_ESCAPE_H
#define GAUNTLET_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "grade.h"
#include "problem.h"

#define GRD_ESCAPE_SITES_MAX 200     /* sites kept; the rest counted in dropped */
#define GRD_ESCAPE_WHAT_MAX 160      /* bytes of one message kept */

/* One heap allocation the compiler reports in a file of the candidate:
 * "&Pool{...} escapes to heap", "moved to heap: x". */
struct grd_escape_site {
        char *file;      /* the file's name, as the candidate wrote it ("pool.go") */
        unsigned line, col;
        char *what;      /* the compiler's message, cut at GRD_ESCAPE_WHAT_MAX bytes */
};

struct grd_escape {
        bool built;                    /* false: the package did not compile (output says why) */
        char *output;                  /* the compiler's errors when not built (bounded); else NULL */
        struct grd_escape_site *sites; /* sorted by file, line, column; no duplicates */
        size_t n;
        size_t dropped;                /* sites past GRD_ESCAPE_SITES_MAX */
        double secs;
};

/* Parse the output of `go build -gcflags=-m` (len bytes, need not be
 * NUL-terminated): keep the lines "./F:L:C: ... escapes to heap" and
 * "./F:L:C: moved to heap: x" whose file F is one of files[0..n_files)
 * (the candidate's own; other files, other messages and malformed lines
 * are skipped).  Fills ret->sites, ret->n and ret->dropped; 0 or -ENOMEM
 * (*ret untouched then). */
int grd_escape_parse(const char *out, size_t len, const char *const *files, size_t n_files,
                     struct grd_escape *ret);

/* Stage the candidate's non-test Go files of code_dir (the rules of
 * grading: symlinks and oversized files refused) and run the escape
 * analysis on that package in the sandbox, with p's build limits and the
 * shared cache of o.  0 with *ret filled (a compile error is ret->built
 * false, not an error); -ENOENT no Go toolchain or no Go file, -ELOOP,
 * -EFBIG, -EMFILE a submission that cannot be staged, -EIO the sandbox
 * failed, -ENOMEM; err says why. */
int grd_go_escape(const struct grd_problem *p, const char *code_dir, const struct grd_options *o,
                  struct grd_escape *ret, char *err, size_t errsz);

/* Free what e owns and zero it; NULL is a no-op. */
void grd_escape_release(struct grd_escape *e);

#endif
