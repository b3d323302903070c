/* engine.h — internal to graders/: one grading's scratch folder, staging
 * of solution and test files, and build/run steps through the sandbox. */
#ifndef GAUNTLET_GRADERS_ENGINE_H
#define GAUNTLET_GRADERS_ENGINE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "grade.h"
#include "problem.h"
#include "sandbox.h"
#include "scratch.h"
#include "toolchain.h"

#define GRD_FILE_MAX (1u << 20)      /* largest source file accepted */
#define GRD_FILES_MAX 256            /* most source files accepted */
#define GRD_VENDOR_FILES 8192        /* most files of a problem's vendor/ tree */
#define GRD_VENDOR_DEPTH 32          /* deepest folder of a vendor/ tree */
#define GRD_LOG_MAX (16u << 20)      /* most output read back from a run */
/* The leak block's nonce of the candidate's own test runs (and of the
 * warm-up that prepares them): fixed, so the test package and test main
 * of unchanged code come from the cache instead of being compiled every
 * run.  A public run decides no score: forging its leak block fools only
 * the candidate.  Gradings draw theirs. */
#define GRD_PUBLIC_NONCE "7075626c69632d72756e2d6e6f6e6365"

struct grd_ctx {
        const struct grd_problem *p;
        const struct grd_options *o;
        struct grd_go go;
        struct grd_cc cc;
        struct grd_scratch scratch;  /* the locked scratch folder */
        char work[PATH_MAX];         /* its path (deleted at the end unless kept) */
        char gocache[PATH_MAX];
        char nonce[33];              /* per grading: marks the leak block */
        bool strip;                  /* test builds link without symbol table and DWARF */
        char pkg[128];               /* Go package name of the solution */
        unsigned isolation;
        unsigned seq;                /* for unique file names */
        char err[512];               /* why a step failed internally */
};

/* A sandboxed step: output (stdout and stderr merged, in order) goes to
 * a file under ctx->work and is read back into *out (bounded). */
struct grd_step {
        enum sbx_policy policy;
        struct grd_step_limits lim;
        /* The sandbox's disk: everything the step writes (/tmp, the
         * workdir, rw dirs) in MiB and files; grd_step_init sets it. */
        uint64_t disk_mib, disk_files;
        const char *workdir;
        const char *dirs[6];         /* extra read-only views */
        const char *rw_dirs[4];      /* extra writable views */
        const char *env[24];         /* NAME=VALUE, NULL-terminated */
        const char *stdin_path;
        const char *stdout_path;     /* when set: stdout here, stderr into *out */
        int cpu;                     /* pin to this CPU, -1 not */
};

void grd_step_init(struct grd_step *s, enum sbx_policy pol, const struct grd_step_limits *lim, bool build);
/* Run argv; fills *res and *out (NUL-terminated, may be NULL when empty).
 * Returns 0 when the sandbox produced a result (check res->status), or
 * -errno with ctx->err set. */
int grd_step_run(struct grd_ctx *c, const struct grd_step *s, const char *const *argv,
                 struct sbx_result *res, char **out, size_t *out_len);

/* Sweep the scratch folders of killed gradings from the parent folder
 * (o->work_parent, else an absolute $TMPDIR, else /tmp), then make this
 * grading's. */
int grd_ctx_init(struct grd_ctx *c, const struct grd_problem *p, const struct grd_options *o);
void grd_ctx_release(struct grd_ctx *c);
/* mkdir work/name (0700); path in ret (PATH_MAX). */
int grd_ctx_mkdir(struct grd_ctx *c, const char *name, char *ret);

/* Copy the solution files of src into dst: for Go the non-test *.go and
 * go.mod, for C the *.c and *.h.  Symlinks, special files and oversized
 * files reject the submission (-ELOOP, -EFBIG, -EMFILE with c->err);
 * -ENOENT when there is no source at all. */
int grd_stage_solution(struct grd_ctx *c, const char *src, const char *dst);
/* Copy the candidate's own *_test.go of src into dst (the public test run
 * only: grading never calls it, and grd_stage_solution leaves them out).
 * Symlinks and special files are skipped.  Returns how many were copied,
 * -EMFILE, -EFBIG or -errno with c->err. */
int grd_stage_own_tests(struct grd_ctx *c, const char *src, const char *dst);
/* Sorted names in dir ending in suffix (removed when strip); returns the
 * count, -errno.  Free with grd_strv_free. */
long grd_list_suffix(const char *dir, const char *suffix, bool strip, char ***ret);
/* Overlay: copy every regular file of src (a mutant) over dst. */
int grd_stage_overlay(struct grd_ctx *c, const char *src, const char *dst);
/* Copy *_test.go of the problem folder's rel (may be NULL) into dst.
 * -EINVAL with c->err when one defines TestMain. */
int grd_stage_tests(struct grd_ctx *c, const char *rel, const char *dst);
/* The package clause of the first non-test .go file in dir. */
int grd_go_package(struct grd_ctx *c, const char *dir, char *ret, size_t len);
/* Write zz_gauntlet_leak_test.go (external test package) into dir. */
int grd_write_testmain(struct grd_ctx *c, const char *dir);

/* Create or truncate path (0644; a symlink there is not followed) and
 * write text into it.  0 or -errno.  (Whole-file reads: sbx_file_read.) */
int grd_write_file(const char *path, const char *text);
double grd_now(void);

/* Go environment for a build (cgo on/off) or a run. */
void grd_go_env(struct grd_ctx *c, struct grd_step *s, bool cgo, char store[][PATH_MAX + 32], size_t nstore);

#endif
