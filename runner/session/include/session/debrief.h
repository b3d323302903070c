/* debrief.h — a graded mock's debrief, as data: the grading report with
 * all its evidence, the candidate's final code, the problem's reference
 * solution, and the mistakes the problem is built to catch (its mutants),
 * each judged against this attempt.  Kept as SESSION/report.json (the
 * screen reads it back; review/debrief.h renders it as report.html).
 * A mock only: a take-home never gets one, and nothing of the grading part
 * reaches its session folder.  No printing here. */
#ifndef GAUNTLET_SESSION_DEBRIEF_H
#define GAUNTLET_SESSION_DEBRIEF_H

#include <stdbool.h>
#include <stddef.h>

#include "grade.h"
#include "session.h"

#define GNT_DEBRIEF_JSON "report.json"
#define GNT_DEBRIEF_HTML "report.html"
#define GNT_DEBRIEF_FORMAT 1
/* Largest report.json read back (the session folder is the candidate's). */
#define GNT_DEBRIEF_MAX ((size_t)8 << 20)
/* Code and reference files kept in it: each, and all of a side. */
#define GNT_DEBRIEF_FILE_MAX ((size_t)256 << 10)
#define GNT_DEBRIEF_SIDE_MAX ((size_t)1 << 20)
#define GNT_DEBRIEF_FILES_MAX 100

/* How this attempt stands against one of the problem's mistakes. */
enum gnt_mistake {
        GNT_MISTAKE_CAUGHT,    /* every grader the mutant fails failed here too */
        GNT_MISTAKE_AVOIDED,   /* a grader the mutant fails passed here */
        GNT_MISTAKE_UNDECIDED, /* such a grader was skipped or broke here, or the mutant names none */
        _GNT_MISTAKE_MAX,
};

/* "caught", "avoided", "undecided"; NULL out of range. */
const char *gnt_mistake_name(enum gnt_mistake m);
int gnt_mistake_from_name(const char *name);

/* The rule, as the debrief states it to the candidate. */
extern const char gnt_mistake_rule[];

/* The hidden tests a mutant fails (its kill set), when it was graded. */
struct gnt_mistake_kills {
        char **tests;
        size_t n;
};

/* Judge one mutant (its expect.json verdicts: enum grd_verdict or -1 for
 * "any", per grader) against this attempt's report rep.  The graders the
 * mutant is declared to fail are the ones it targets (docs/bundle-format.md,
 * "Mutants").  Correctness, with the mutant's kill set k (NULL, or none:
 * unknown): failed here when this attempt failed one of those tests, passed
 * when it passed them all; without: the grader's verdict.  Any other target:
 * the grader's verdict.  CAUGHT when every target failed here, AVOIDED when
 * one passed, else UNDECIDED.  why gets one line saying so. */
enum gnt_mistake gnt_mistake_judge(const int expect[_GRD_KIND_MAX], const struct grd_report *rep,
                                   const struct gnt_mistake_kills *k, char *why, size_t whysz);

/* The paths of a session's debrief files (GNT_DEBRIEF_JSON or _HTML). */
void gnt_session_debrief_path(const struct gnt_session *s, const char *name, char ret[PATH_MAX + 32]);

/* Build the debrief of the submitted, graded mock s as JSON text (format
 * in docs/sessions.md, "The debrief"): rep is its grading, code_dir holds
 * its final snapshot; the reference and the mutants are read from the
 * grading part the mock names.  *ret malloc'd.  0; -EPERM a take-home;
 * -ENOENT no grading part; -EAGAIN not submitted; -errno (err says what). */
int gnt_session_debrief_json(const struct gnt_session *s, const struct grd_report *rep, const char *code_dir,
                             char **ret, char *err, size_t errsz);

/* The path of the debrief page of s into ret when s is a mock whose
 * debrief was kept (report.json and report.html are regular files): true;
 * else false. */
bool gnt_session_debrief_page(const struct gnt_session *s, char ret[PATH_MAX + 32]);

/* Read SESSION/report.json back (bounded; not parsed).  0, -ENOENT (no
 * debrief: a take-home, an ungraded mock, before the submit), -errno. */
int gnt_session_debrief_read(const struct gnt_session *s, char **ret, size_t *ret_len, char *err, size_t errsz);

#endif
