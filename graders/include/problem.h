/* problem.h — the plain model of a problem and its grading settings, as the
 * graders see it.  Filled by the runner's manifest reader (problem.json);
 * nothing here knows JSON or archives. */
#ifndef GAUNTLET_PROBLEM_H
#define GAUNTLET_PROBLEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum grd_language {
        GRD_LANG_GO,
        GRD_LANG_C,
        _GRD_LANG_MAX,
};

/* The graders, in the order they run and report. */
enum grd_kind {
        GRD_CORRECTNESS,
        GRD_RACE,
        GRD_LEAK,
        GRD_BENCH,
        GRD_VET,
        _GRD_KIND_MAX,
};

enum grd_comparator {
        GRD_CMP_EXACT,      /* byte for byte */
        GRD_CMP_WHITESPACE, /* tokens separated by any white space */
        GRD_CMP_FLOAT,      /* tokens; numbers within tolerance (abs or rel) */
        GRD_CMP_CHECKER,    /* a checker program decides */
        _GRD_CMP_MAX,
};

/* Sandbox limits for one step (build or run); 0 means the default. */
struct grd_step_limits {
        double cpu_s;
        double wall_s;
        uint64_t mem_mib;
        unsigned procs;
        uint64_t fsize_mib;
        uint64_t output_mib;
        bool net_loopback;
};

struct grd_test_group {
        char *name;
        char *pattern; /* POSIX extended regex on test names */
        double weight;
};

struct grd_problem {
        char *dir;            /* absolute path of the (unpacked) problem folder */
        int format;           /* manifest format version */
        char *id;
        char *title;
        char *version;
        enum grd_language lang;
        unsigned minutes;     /* session time limit */
        char **areas;
        size_t n_areas;
        char *difficulty;     /* "easy", "medium" or "hard" */
        char *toolchain_min;  /* minimum toolchain version, e.g. "1.25"; may be NULL */

        /* Paths relative to dir; NULL when absent. */
        char *statement;
        char *starter;
        char *public_tests;
        char *hidden_tests;   /* secret */
        char *bench_tests;    /* secret */
        char *reference;      /* secret */
        char *data_dir;       /* I/O tests: NAME.in / NAME.ans pairs (secret) */
        /* Tested by I/O cases ("io" in problem.json): always for C; for Go,
         * the solution is a program (package main) instead of a package
         * tested by Go tests. */
        bool has_io;

        struct grd_test_group *groups;
        size_t n_groups;

        struct {
                enum grd_comparator comparator;
                double tolerance;
                char *checker; /* relative path of a checker source, for GRD_CMP_CHECKER */
        } io;

        /* Per-grader settings; weights of enabled graders sum to 100. */
        bool enabled[_GRD_KIND_MAX];
        double weight[_GRD_KIND_MAX];
        double correctness_timeout_s;
        unsigned *race_gomaxprocs;
        size_t n_race_gomaxprocs;
        unsigned race_count;
        char **benchmarks;
        size_t n_benchmarks;
        double bench_target_ratio;  /* full marks at or below */
        double bench_fail_ratio;    /* zero at or above */
        unsigned bench_pairs;
        char *bench_time;           /* go -test.benchtime value, e.g. "100ms" */
        int64_t bench_max_allocs;   /* per op; -1 when not checked */
        int64_t bench_max_bytes;    /* per op; -1 when not checked */

        struct grd_step_limits build_limits;
        struct grd_step_limits run_limits;

        /* A candidate's copy ("public": true in problem.json, written by
         * `gauntlet pack`): hidden/bench tests, reference, data and secret
         * grader settings are absent. */
        bool is_public;
        /* "public_race": true lets a take-home candidate run the public
         * tests built with -race (`gauntlet test --race`); mock sessions
         * always may.  Go problems tested by Go tests only. */
        bool public_race;
};

/* Free everything the problem owns and zero it; NULL is a no-op. */
void grd_problem_release(struct grd_problem *p);

/* "correctness", "race", ...; NULL when out of range. */
const char *grd_kind_name(enum grd_kind k);
/* -EINVAL when unknown. */
int grd_kind_from_name(const char *name);
const char *grd_language_name(enum grd_language l);
int grd_language_from_name(const char *name);
const char *grd_comparator_name(enum grd_comparator c);
int grd_comparator_from_name(const char *name);

#endif
