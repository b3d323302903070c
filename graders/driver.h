/* driver.h — internal to graders/: the two sides of the grader table.
 * A language driver (struct grd_lang: lang_go.c, lang_c.c, listed in
 * lang.c) knows a toolchain: find it, build a program, its race tool, its
 * vet.  A test driver (struct grd_driver: gograde.c for Go tests compiled
 * into the package, iograde.c for I/O cases fed to a program) knows how a
 * problem's tests run and does each grader's work over the build.  grade.c
 * holds the graders (kind, what each needs, when it runs) and applies the
 * rules between them, once, for every driver. */
#ifndef GAUNTLET_GRADERS_DRIVER_H
#define GAUNTLET_GRADERS_DRIVER_H

#include "graders.h"

/* What a grader needs (grade.c's table; a language may add to vet's). */
enum {
        /* the submission's build (a test binary or a program): without
         * it the grader fails, "does not build" */
        GRD_NEEDS_BUILD = 1u << 0,
        /* ... and a failed build's compiler output is its evidence, the
         * build's time its own */
        GRD_NEEDS_BUILD_LOG = 1u << 1,
        /* the correctness run's findings (run for it when correctness
         * itself is not enabled) */
        GRD_NEEDS_RUN = 1u << 2,
        /* correct code: skipped unless correctness fully passed, and
         * skipped (not failed) without a build */
        GRD_NEEDS_PASS = 1u << 3,
        /* the reference's times when there is a usable reference */
        GRD_USES_REFERENCE = 1u << 4,
        /* the reference itself: an error without a usable one */
        GRD_NEEDS_REFERENCE = 1u << 5,
};

/* A language: its toolchain's operations.  Every build takes (ctx, the
 * source folder, the binary to write, race, the result) and reports a
 * failed build as ret->ok false with the compiler's output, not as an
 * error: 0, or -errno with c->err. */
struct grd_lang {
        enum grd_language id;
        const char *ext;             /* a source file's extension: ".go", ".c" */
        const char *toolchain;       /* "Go toolchain", "C compiler" */
        /* Find the toolchain into c (work/tmp exists); -ENOENT with c->err. */
        int (*find)(struct grd_ctx *c);
        /* Whether find already filled c. */
        bool (*found)(const struct grd_ctx *c);
        const char *(*version)(const struct grd_ctx *c);
        /* The package main (or the program's sources) of src into bin. */
        int (*build_program)(struct grd_ctx *c, const char *src, const char *bin, bool race, struct grd_build *ret);
        /* What a checker's folder (a program of its own) needs beside
         * its source: Go's go.mod.  NULL: nothing.  0, -errno. */
        int (*checker_setup)(struct grd_ctx *c, const char *dir);
        /* The race tool: the build flag the summaries name, what its
         * report is called, and whether its runs repeat over GOMAXPROCS. */
        const char *race_flag;
        const char *race_report;
        bool race_gomaxprocs;
        /* vet: the language's idiom checks on the submission as handed in
         * (code) or on its plain build (b); fills r.  0, -errno. */
        int (*vet)(struct grd_ctx *c, const char *code, const struct grd_build *b, struct grd_result *r);
        unsigned vet_needs;          /* GRD_NEEDS_*: C's vet reads the build's warnings */
};

extern const struct grd_lang grd_lang_go; /* lang_go.c */
extern const struct grd_lang grd_lang_c;  /* lang_c.c */

/* The language of p (lang.c), NULL when none is known; the language whose
 * sources end in name's extension, NULL when none. */
const struct grd_lang *grd_lang_find(enum grd_language id);
const struct grd_lang *grd_lang_of_file(const char *name);

/* One grading as the graders see it. */
struct grd_grading {
        struct grd_ctx *c;
        struct grd_report *rep;
        const struct grd_driver *d;
        const struct grd_lang *lang;
        const char *code;            /* the submission as handed in */
        char src[PATH_MAX];          /* its staged copy */
        struct grd_build build;      /* the submission's build */
        void *state;                 /* the test driver's own */
};

/* A grader's work: fills r.  0, -errno (c->err) for an internal error. */
typedef int (*grd_grader_fn)(struct grd_grading *g, struct grd_result *r);

/* A test driver: how a problem's tests run.  grade.c calls, in order:
 * stage, build, then each grader of its table (reference before the first
 * that uses it, settle once the runs are in), release. */
struct grd_driver {
        const char *name;
        /* Whether this driver grades p (the first in grade.c's list that
         * takes it does). */
        bool (*takes)(const struct grd_problem *p);
        /* The submission staged into g->src, with what the runs need (the
         * tests, the cases); a submission that cannot be staged sets
         * rep->status to GRD_REPORT_REJECTED with the reason. */
        int (*stage)(struct grd_grading *g);
        /* The submission's build into g->build (a test binary or a
         * program) and what is built beside it (a checker). */
        int (*build)(struct grd_grading *g);
        /* The reference for the graders that use it: 0 ready; 1 when the
         * problem has no usable one (c->err says why: it costs only the
         * graders that need one); -errno.  NULL: the driver uses none. */
        int (*reference)(struct grd_grading *g);
        /* Each grader's work; NULL: not applicable (skipped, saying
         * not_applicable). */
        grd_grader_fn run[_GRD_KIND_MAX];
        /* Once every run is in, before the graders that judge them: what
         * the runs found together (Go: a test failing in any run fails
         * correctness).  NULL: nothing to do.  0, -errno. */
        int (*settle)(struct grd_grading *g);
        const char *not_applicable;  /* "not applicable to I/O problems" */
        /* The candidate-side run of the public tests on code_dir (gauntlet
         * test) into run, in c (nonce fixed, nothing else made): 0; -errno
         * with c->err, and *rejected when the code itself is at fault (it
         * cannot be staged) rather than the run.  NULL: none. */
        int (*public_run)(struct grd_ctx *c, const char *code_dir, const struct grd_options *o,
                          struct grd_test_run *run, bool *rejected);
        /* Free g->state; called once, whatever happened. */
        void (*release)(struct grd_grading *g);
};

/* The test driver that grades p (grade.c): the first of the list that
 * takes it; NULL when none does. */
const struct grd_driver *grd_driver_for(const struct grd_problem *p);

extern const struct grd_driver grd_driver_gotest; /* gograde.c */
extern const struct grd_driver grd_driver_io;     /* iograde.c */

/* vet, for any test driver: the language's (g->lang->vet). */
int grd_lang_vet(struct grd_grading *g, struct grd_result *r);

#endif
