/* model.h — what the review reads back from an output folder: the problem
 * (batch.json) and one entry per submission (meta.json written by the
 * batch + report.json written by `gauntlet grade --json`).  Every string
 * here came from, or was shaped by, a candidate: treat it as hostile when
 * printing.  The JSON formats are described in docs/report.md. */
#ifndef GAUNTLET_REVIEW_MODEL_H
#define GAUNTLET_REVIEW_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "session/integrity.h"
#include "problem.h"
#include "store.h"

#define GNT_REVIEW_SUBDIR "submissions"
#define GNT_REVIEW_META "meta.json"
#define GNT_REVIEW_REPORT "report.json"
#define GNT_REVIEW_JUNIT "junit.xml"
#define GNT_REVIEW_BATCH "batch.json"
#define GNT_REVIEW_STARTER "starter"

/* Largest report.json / meta.json read back. */
#define GNT_REVIEW_MAX_JSON ((size_t)16 << 20)

struct gnt_review_problem {
        char *id, *title, *version, *language;
        bool enabled[_GRD_KIND_MAX];
        double weight[_GRD_KIND_MAX];
        double target_ratio, fail_ratio; /* 0 when the problem has no bench */
};

struct gnt_review_test {
        char *name, *status, *group, *output;
        double elapsed_s;
};

struct gnt_review_bench {
        char *name;
        double cand_ns, ref_ns, ratio;        /* medians; -1 when absent */
        double cand_allocs, cand_bytes, ref_allocs, ref_bytes;
        double *pair_ratio;                   /* this benchmark's cand/ref per pair */
        size_t n_pair;
};

struct gnt_review_grader {
        bool present;
        char verdict[8];      /* pass, fail, skip, error */
        double score, weight;
        char *summary, *evidence;
        double wall_s;
        struct gnt_review_test *tests;
        size_t n_tests;
        double *pair_ratios;  /* bench: per interleaved pair */
        size_t n_pairs;
        double ratio, ci_low, ci_high, cv; /* -1 when absent */
        struct gnt_review_bench *bench;
        size_t n_bench;
};

struct gnt_review_event {
        int64_t time;
        char type[16];        /* start, test, submit, pause, resume, ... */
        char status[24];      /* test: ok, build-failed, error */
        int passed, failed, skipped;
        bool late;
};

enum gnt_review_status {
        GNT_REVIEW_GRADED,
        GNT_REVIEW_REJECTED,
        GNT_REVIEW_ERROR,
};

struct gnt_review_entry {
        char sha256[GNT_REVIEW_HASH_HEX];
        char *dir;            /* its folder */
        char *candidate;      /* display name */
        char *source;         /* file or folder name it was given as */
        char *kind;           /* "archive" or "folder" */
        enum gnt_review_status status;
        char *message;        /* why rejected / error; may be NULL */
        double score;
        double wall_s;
        bool has_report;
        char *problem_id, *problem_version; /* from the report, may be NULL */
        struct gnt_review_grader g[_GRD_KIND_MAX];

        /* Whether it is what gauntlet sealed (meta.json "integrity"). */
        struct gnt_integrity ig;
        /* The same bytes handed in under other names too (file or folder
         * names as given; graded once, as this entry). */
        char **also_as;
        size_t n_also_as;

        bool has_session;     /* the journal has a start entry */
        char *mode;
        /* From the journal, never from submission.json. */
        int64_t started, deadline, submitted, overrun_s;
        bool late;
        struct gnt_review_event *events;
        size_t n_events;

        /* Filled by the leaderboard. */
        unsigned rank;        /* 0: unranked (rejected, error, excluded) */
        bool excluded;        /* graded but left out of the ranking: not verified (--require-verified) */
        size_t *similar;      /* indexes of flagged pairs it is part of */
        size_t n_similar;
};

const char *gnt_review_status_name(enum gnt_review_status s);
int gnt_review_status_from_name(const char *s);

/* Read dir/batch.json.  0, -ENOENT, -EINVAL (err says what). */
int gnt_review_problem_load(const char *dir, struct gnt_review_problem *ret, char *err, size_t errsz);
void gnt_review_problem_release(struct gnt_review_problem *p);

/* Read one submission folder (meta.json and, when present, report.json).
 * 0, or -errno / -EINVAL with err naming the file. */
int gnt_review_entry_load(const char *dir, struct gnt_review_entry *ret, char *err, size_t errsz);
void gnt_review_entry_release(struct gnt_review_entry *e);

/* Fill the grader and score fields of e from the text of a grading report
 * (report.json).  Returns 0 or -EINVAL (not a JSON object). */
int gnt_review_entry_parse_report(struct gnt_review_entry *e, const char *text, size_t len);

/* Fill the session fields of e (times, timeline) from the journal text
 * (may be NULL).  submission.json is never read: a candidate can edit it.
 * Unreadable lines are skipped: whether the journal holds is e->ig's
 * business (gnt_integrity_check). */
void gnt_review_entry_parse_session(struct gnt_review_entry *e, const char *journal, size_t journal_len);

/* meta.json of e (sha256, candidate, source, kind, status, message,
 * wall_s, integrity, session, timeline) as a malloc'd text; NULL on
 * ENOMEM. */
char *gnt_review_meta_json(const struct gnt_review_entry *e);

#endif
