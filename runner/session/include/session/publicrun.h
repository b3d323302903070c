/* publicrun.h — the public run of a session as `gauntlet test` and the
 * screen's t and r keys make it: the problem's public tests, the
 * candidate's own *_test.go beside them (shown, labelled theirs, never in
 * the journal's counts, never graded), and on request the same run built
 * with -race.  What the journal does not hold (their tests, the race
 * reports) is kept in .gauntlet/last-run.json for the screen and resume. */
#ifndef GAUNTLET_SESSION_PUBLICRUN_H
#define GAUNTLET_SESSION_PUBLICRUN_H

#include <stdbool.h>
#include <stddef.h>

#include "session.h"
#include "testrun.h"

/* What gnt_session_grader_runner runs, as its ctx (NULL: the public tests
 * alone, no -race). */
struct gnt_public_run_opts {
        bool own_tests;
        bool race;
};

/* Whether s may run the public tests under -race: a mock session always,
 * a take-home when its problem says "public_race": true; never a problem
 * tested by input/output cases.  0, or -EPERM with why (one line),
 * -errno when the problem cannot be read. */
int gnt_session_race_allowed(const struct gnt_session *s, char *why, size_t size);

/* gnt_session_test with the candidate's own tests, built with -race when
 * race (refused with -EPERM and the reason when not allowed), then the
 * extras kept (a failure to keep them costs only the screen's view of
 * them).  Same returns as gnt_session_test. */
int gnt_session_test_public(struct gnt_session *s, bool race, struct gnt_test_report *ret, char *err,
                            size_t errsz);

/* The run as JSON (`gauntlet test --json`): the public tests' counts and
 * results, "your_tests" (each "yours": true; never in the counts), their
 * note, and the -race reports.  malloc'd; NULL on ENOMEM. */
char *gnt_session_report_json(const struct gnt_test_report *r);

/* Fill r's own tests and race reports from the kept extras when they are
 * those of run r->seq; leaves r as it is otherwise (no extras, another
 * run's, an unreadable or oversized file). */
void gnt_session_test_extras_load(const struct gnt_session *s, struct gnt_test_report *r);

#endif
