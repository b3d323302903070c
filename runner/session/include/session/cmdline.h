/* cmdline.h — the glue shared by the session commands and the screen:
 * the runner adapter that hands the public tests to the graders, grading
 * a submitted mock, and text for reports and the timeline.  Functions
 * named _print write to the FILE given; nothing else prints.  Opening the
 * session a command names, with its messages, is the commands' own
 * (runner/cli/session_cli.h). */
#ifndef GAUNTLET_SESSION_CMDLINE_H
#define GAUNTLET_SESSION_CMDLINE_H

#include <stdbool.h>
#include <stdio.h>

#include "seal.h"
#include "session.h"
#include "testrun.h"

struct grd_report;

/* The runner used by `gauntlet test` and the screen: load problem.json of
 * problem_dir and run its public tests with the graders. */
int gnt_session_grader_runner(const char *problem_dir, const char *code_dir, void *ctx,
                              struct gnt_test_report *ret, char *err, size_t errsz);

/* Warm the shared build cache for the session's problem in the
 * background (graders/warm.h): the public test build of the starter, in a
 * detached process at the lowest priority, so the first `gauntlet test`
 * is as fast as a later one.  Marked by meta/warm.lock while it runs;
 * a failure leaves one line in meta/warm.note.  Never waits, never
 * touches code/.  GAUNTLET_WARM=off turns it off.  0 (started, running
 * already, or nothing to warm), or -errno with err set. */
int gnt_session_warm(const struct gnt_session *s, char *err, size_t errsz);

/* Grade the final snapshot of a submitted mock session with the grading
 * bundle or folder it names.  0 with *ret filled (release with
 * grd_report_release), -ENOENT when there is nothing to grade with, or
 * -errno (err says what). */
int gnt_session_grade(const struct gnt_session *s, struct grd_report *ret, char *err, size_t errsz);

/* After a submit: keep the grading report (rep, or NULL when it was not
 * graded) as .gauntlet/report.json of the session, and record a mock
 * session in the practice history (history.h).  0, or -errno with err
 * saying which step failed; the submit and the grading stand either way. */
int gnt_session_keep_grading(const struct gnt_session *s, const struct grd_report *rep, char *err, size_t errsz);

/* One line describing journal entry i: "12:03:04  test  3 passed, 1 failed". */
const char *gnt_session_describe(const struct gnt_session *s, size_t i, char *buf, size_t size);

void gnt_session_report_print(FILE *f, const struct gnt_test_report *r, bool details);
void gnt_session_status_print(FILE *f, const struct gnt_session *s);
void gnt_session_grade_print(FILE *f, const struct grd_report *r);
void gnt_session_grade_release(struct grd_report *r);

#endif
