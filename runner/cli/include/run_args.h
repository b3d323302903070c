/* run_args.h — the command line of `gauntlet run`, parsed apart from the
 * command so it can be tested on its own. */
#ifndef GAUNTLET_RUN_ARGS_H
#define GAUNTLET_RUN_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sandbox.h"

/* Defaults for candidate code (docs/sandbox.md). */
#define GNT_RUN_DEFAULT_CPU 10.0
#define GNT_RUN_DEFAULT_WALL_FACTOR 3.0
#define GNT_RUN_DEFAULT_MEM 256
#define GNT_RUN_DEFAULT_PROCS 64
#define GNT_RUN_DEFAULT_FSIZE 64
#define GNT_RUN_DEFAULT_OUTPUT 64
#define GNT_RUN_DEFAULT_NOFILE 256
/* --disk: 0 takes the sandbox's defaults (SBX_DISK_DEFAULT_MIB, _FILES). */
#define GNT_RUN_DEFAULT_DISK_MIB 0
#define GNT_RUN_DEFAULT_DISK_FILES 0

struct gnt_run_dir {
        const char *path;
        bool rw;
};

struct gnt_run_args {
        double cpu, wall;
        uint64_t mem, fsize, output;
        uint64_t disk_mib, disk_files; /* --disk MIB[:FILES] */
        unsigned procs, nofile;
        int cpu_affinity;
        enum sbx_policy policy;
        enum sbx_net net;
        struct gnt_run_dir *dirs;
        size_t ndirs;
        const char *workdir, *stdin_path, *stdout_path, *stderr_path, *result;
        const char **env;
        size_t nenv;
        char **argv; /* the program and its arguments (points into argv) */
};

/* Parse argv (argv[0] is "run").  Strings point into argv, the dir and env
 * arrays are malloc'd (release with gnt_run_args_release).  Returns 0, or
 * -1 with one line in err saying what is wrong. */
int gnt_run_args_parse(int argc, char **argv, struct gnt_run_args *ret, char *err, size_t errlen);
void gnt_run_args_release(struct gnt_run_args *a);

/* Apply the arguments to a jail.  0, or -1 with a message in err. */
int gnt_run_args_apply(const struct gnt_run_args *a, struct sbx_jail *j, char *err, size_t errlen);

#endif
