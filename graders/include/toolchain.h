/* toolchain.h — find the Go toolchain and the C compiler, and what they can
 * do (version, cgo, the race runtime, ThreadSanitizer). */
#ifndef GAUNTLET_TOOLCHAIN_H
#define GAUNTLET_TOOLCHAIN_H

#include <limits.h>
#include <stdbool.h>

struct grd_go {
        char path[PATH_MAX];   /* the go binary */
        char goroot[PATH_MAX];
        char version[32];      /* "go1.26.8" */
        int major, minor, patch;
        bool cgo;              /* CGO_ENABLED=1 and a C compiler for it */
        bool race_runtime;     /* the race runtime for this GOOS/GOARCH exists */
};

struct grd_cc {
        char path[PATH_MAX];
        char version[128];     /* first line of --version */
        bool tsan;             /* -fsanitize=thread compiles, links and runs */
};

/* Find go: $GAUNTLET_GO (a go binary or a folder holding go or bin/go), then
 * each of extra_dirs (NULL-terminated, may be NULL), then PATH, then
 * /usr/local/go/bin, then the newest /usr/lib/go-1.N/bin.  The first go
 * that runs and reports a version wins.  Returns 0, -ENOENT when none was
 * found (*ret untouched). */
int grd_go_find(const char *const *extra_dirs, struct grd_go *ret);

/* Find cc (or gcc, clang) on PATH and test ThreadSanitizer in scratch_dir
 * (a writable folder).  Returns 0, -ENOENT when there is no C compiler. */
int grd_cc_find(const char *scratch_dir, struct grd_cc *ret);

/* Compare versions "1.25" / "go1.25.3": <0, 0, >0 like strcmp.  A version
 * that does not parse compares lowest. */
int grd_version_cmp(const char *a, const char *b);

#endif
