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

/* Run bin over names with the problem's run limits.  env: extra NAME=VALUE
 * (NULL-terminated, may be NULL).  confirm: passes not vouched for by the
 * nonce-marked exit line of a clean run are run again (the program could
 * have printed them).  Returns 0 or -errno (c->err). */
int grd_suite_run(struct grd_ctx *c, const char *bin, char **names, size_t n, const char *const *env,
                  unsigned count, double mem_factor, bool confirm, struct grd_suite *ret);
void grd_suite_release(struct grd_suite *s);

#endif
