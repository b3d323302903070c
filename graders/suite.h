/* suite.h — internal to graders/: run a Go test binary over a list of
 * top-level tests in the sandbox, re-running the rest after a crash so one
 * panic or timeout fails only the test it hits. */
#ifndef GAUNTLET_GRADERS_SUITE_H
#define GAUNTLET_GRADERS_SUITE_H

#include "engine.h"
#include "parse.h"

struct grd_suite {
        struct grd_test_result *tests; /* one per requested name, same order */
        size_t n_tests;
        unsigned *test_runs, *test_fails; /* per test: runs of it (all processes, -test.count
                                        * repeats) and how many did not pass */
        bool *leaky;                   /* per test: it failed only by leaving goroutines
                                        * behind (grd_fail_shape LEAK); counted as passed,
                                        * its output in leak_tests */
        bool *alone;                   /* per test: crossed a synctest bubble with another
                                        * test's state, so its result is a run of its own */
        struct grd_buf leak_tests;     /* "--- TestX: ..." and the output of each leaky test */
        struct grd_buf log;            /* every run's output, bounded (race evidence) */
        size_t runs;
        int last_exit;                 /* exit code of the last run */
        bool leak_checked;             /* some run ended with a complete leak block */
        long leaked;
        struct grd_buf leak_stacks;
        size_t races, race_markers;
        struct grd_buf race_text;
        char note[256];                /* sandbox verdicts worth telling (memory limit) */
};

/* The names of top-level Test functions defined in the *_test.go files of
 * dir, sorted.  Returns the count, -errno. */
long grd_test_names(const char *dir, char ***ret);
void grd_strv_free(char **v, size_t n);

/* How long tests may run: from the reference's own run of them. */
struct grd_budget {
        char **names;
        double *secs;   /* what the reference's test took; < 0 unknown (it did not pass) */
        size_t n;
};

/* The -test.timeout of one process running sel: factor times what the
 * reference's tests took together, at least GRD_BUDGET_FLOOR_S, never
 * more than cap (the problem's timeout_s); cap when some test of sel has
 * no reference time, or b is NULL. */
#define GRD_BUDGET_FLOOR_S 10.0
/* The factors of the grading's runs: plain, and under -race (a hang costs
 * that many times the reference's time, not timeout_s). */
#define GRD_BUDGET_FACTOR 10.0
#define GRD_BUDGET_RACE_FACTOR 40.0
double grd_budget_timeout(const struct grd_budget *b, char *const *sel, size_t n, double factor, double cap);
void grd_budget_release(struct grd_budget *b);

struct grd_suite_opts {
        const char *const *env;      /* extra NAME=VALUE, NULL-terminated; may be NULL */
        unsigned count;              /* -test.count (0: 1) */
        double mem_factor;           /* times the problem's memory limit (0: 1) */
        /* passes not vouched for by the nonce-marked exit line of a clean
         * run are run again (the program could have printed them) */
        bool confirm;
        /* a test that failed only by leaving goroutines behind stays a
         * failure (the candidate's own test runs: no leak grader to
         * hand it to) */
        bool leaks_fail;
        const struct grd_budget *budget; /* NULL: the problem's timeout_s */
        double budget_factor;        /* see grd_budget_timeout */
};

/* Run bin over names with the problem's run limits and o.  A test whose
 * failure shows a synctest bubble crossed (grd_fail_shape BUBBLE) after
 * other tests ran in its process is run again alone, and that run is its
 * result.  Returns 0 or -errno (c->err). */
int grd_suite_run(struct grd_ctx *c, const char *bin, char **names, size_t n, const struct grd_suite_opts *o,
                  struct grd_suite *ret);
void grd_suite_release(struct grd_suite *s);

#endif
