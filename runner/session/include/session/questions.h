/* questions.h — the follow-up questions of a submitted mock
 * interview, with the evidence each names taken from the candidate's final
 * code.  They come from the grading part the mock was started with (the
 * library folder or --grading B), never from the session folder, which
 * holds the public part only: a take-home has none to show.  No printing
 * here except the _print function, into the FILE given. */
#ifndef GAUNTLET_SESSION_QUESTIONS_H
#define GAUNTLET_SESSION_QUESTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "followups.h"
#include "session.h"

struct gnt_session_followups {
        struct gnt_followups list;
        /* The escape analysis of the final code as text (one line per
         * site), when a follow-up asks for it and evidence was wanted;
         * else NULL.  A failed analysis is text saying why, not an error. */
        char *escape;
};

/* The follow-ups of the submitted mock s; with evidence, the candidate's
 * final snapshot is restored into a scratch folder and analysed in the
 * sandbox (seconds).  0 with *ret filled (ret->list.n may be 0: the
 * problem has none); -EPERM a take-home; -ENOENT a mock without grading
 * parts; -EAGAIN not submitted yet; -errno reading the grading part; err
 * says why in one line.  Release with gnt_session_followups_release. */
int gnt_session_followups(const struct gnt_session *s, bool evidence, struct gnt_session_followups *ret,
                          char *err, size_t errsz);
void gnt_session_followups_release(struct gnt_session_followups *f);

/* The evidence text of item it ("" when it names none or none was made). */
const char *gnt_session_followup_evidence(const struct gnt_session_followups *f, const struct gnt_followup *it);

/* Print the questions (numbered, with topic and evidence), and the model
 * answers when answers is true; only the item numbered `only` (1-based)
 * when it is not 0. */
void gnt_session_followups_print(FILE *out, const struct gnt_session_followups *f, bool answers, size_t only);

/* What `gauntlet submit` prints after a mock's grading report: the
 * questions with their evidence (no answers) and how to see the answers;
 * nothing when the problem has none; a failure as one line on errf. */
void gnt_session_followups_submit_print(FILE *out, FILE *errf, const struct gnt_session *s);

#endif
