/* testrun.h — one test run of a session: snapshot the workspace, run the
 * public tests through a runner function (the session does not care how
 * tests are run), store the per-test output as a blob, record a "test"
 * entry.  Reports are plain data, read back from the journal. */
#ifndef GAUNTLET_SESSION_TESTRUN_H
#define GAUNTLET_SESSION_TESTRUN_H

#include <stdbool.h>
#include <stddef.h>

#include "session.h"

enum gnt_test_outcome {
        GNT_TEST_PASS,
        GNT_TEST_FAIL,
        GNT_TEST_SKIP,
};

struct gnt_test_case {
        char *name;
        enum gnt_test_outcome outcome;
        double elapsed_s;
        char *output; /* what the test printed (failure text); may be NULL */
};

struct gnt_test_report {
        char status[32];  /* "ok" (the tests ran), "build-failed", "error" */
        char *message;    /* compiler output or what went wrong; may be NULL */
        struct gnt_test_case *cases;
        size_t n;
        double wall_s;
        unsigned seq;     /* journal line of the run, once recorded */
        int64_t time;
        /* Shown with the run, never journalled: the candidate's own tests
         * (never in the counts above, never graded), why they did not run
         * (own_note, with the combined build's output), and the -race
         * build's data race reports.  All may be empty/NULL. */
        struct gnt_test_case *own;
        size_t n_own;
        char *own_note;
        char *own_output;
        bool race;        /* the run was built with -race */
        size_t races;
        char *race_text;
};

void gnt_test_report_release(struct gnt_test_report *r);
/* Append a case (copies the strings).  0 or -ENOMEM. */
int gnt_test_report_add(struct gnt_test_report *r, const char *name, enum gnt_test_outcome o, double elapsed_s,
                        const char *output);
/* Counts by outcome. */
void gnt_test_report_counts(const struct gnt_test_report *r, size_t *pass, size_t *fail, size_t *skip);
const char *gnt_test_outcome_name(enum gnt_test_outcome o);

/* Runs the public tests of the problem in problem_dir (the session's copy
 * of the public part) on the code in code_dir, filling *ret.  Returns 0
 * when a report was produced (whatever the tests did), -errno when the
 * tests could not be run at all (err says why). */
typedef int (*gnt_test_runner_fn)(const char *problem_dir, const char *code_dir, void *ctx,
                                  struct gnt_test_report *ret, char *err, size_t errsz);

/* Snapshot, run, record.  *ret holds the report (release it).  Returns 0,
 * -EALREADY when submitted, -errno (err says what). */
int gnt_session_test(struct gnt_session *s, gnt_test_runner_fn run, void *ctx, struct gnt_test_report *ret,
                     char *err, size_t errsz);

/* The report of the test entry e (outputs read from its blob).  0 or -errno. */
int gnt_session_test_report(const struct gnt_session *s, const struct gnt_journal_entry *e,
                            struct gnt_test_report *ret, char *err, size_t errsz);

#endif
