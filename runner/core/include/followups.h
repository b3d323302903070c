/* followups.h — the follow-up questions of a problem ("followups" in
 * problem.json): what an interviewer asks aloud after the code, each with a
 * model answer and, optionally, evidence taken from the candidate's own
 * code (the compiler's escape analysis).  Like the rubric they belong to
 * the grading part only: a public manifest may not carry them, so a
 * take-home candidate never receives a question or an answer.  A mock
 * session shows them after its grading (`gauntlet followups`, the screen).
 * Errors as manifest.h: 0 or -errno, one line in err. */
#ifndef GAUNTLET_FOLLOWUPS_H
#define GAUNTLET_FOLLOWUPS_H

#include <stdbool.h>
#include <stddef.h>

#define GNT_FOLLOWUPS_MAX 12           /* items per problem */
#define GNT_FOLLOWUP_ID_MAX 32          /* ^[a-z][a-z0-9_-]{0,31}$ */
#define GNT_FOLLOWUP_QUESTION_MAX 400   /* bytes */
#define GNT_FOLLOWUP_ANSWER_MAX 1600    /* bytes */

/* What of the candidate's code is shown beside a question. */
enum gnt_followup_evidence {
        GNT_EVIDENCE_NONE,
        GNT_EVIDENCE_ESCAPE, /* `go build -gcflags=-m`: what escapes to the heap, in the candidate's files */
        _GNT_EVIDENCE_MAX,
};

struct gnt_followup {
        char *id;
        char *topic;     /* one of gnt_followup_topics */
        char *question;
        char *answer;    /* the model answer */
        enum gnt_followup_evidence evidence;
};

struct gnt_followups {
        struct gnt_followup *items;
        size_t n;
};

/* The topics a follow-up may name, NULL-terminated (docs/problems.md). */
extern const char *const gnt_followup_topics[];
/* "escape" for GNT_EVIDENCE_ESCAPE, "" for none. */
const char *gnt_followup_evidence_name(enum gnt_followup_evidence e);

/* Read the "followups" array v (the value of field `field` in `file`, used
 * in messages) into *ret, checked as problem.json is: 1 to
 * GNT_FOLLOWUPS_MAX objects of exactly "id" (safe, unique), "topic" (a
 * known topic), "question", "answer" (bounded, no control characters) and
 * an optional "evidence" (a known kind; "escape" only when go is true).
 * NULL v gives an empty list.  0, -EINVAL (err says where), -ENOMEM; *ret
 * untouched on failure. */
struct cJSON;
int gnt_followups_from_json(const struct cJSON *v, const char *file, const char *field, bool go,
                            struct gnt_followups *ret, char *err, size_t errsz);

/* The follow-ups of the problem folder dir (its problem.json, read
 * strictly; an empty list when it declares none).  Errors as
 * gnt_manifest_load. */
int gnt_manifest_followups_load(const char *dir, struct gnt_followups *ret, char *err, size_t errsz);

/* Free what f owns and zero it; NULL is a no-op. */
void gnt_followups_release(struct gnt_followups *f);

#endif
