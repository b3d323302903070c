/* history.h — the practice history: one record per graded (or
 * submitted) mock session on this machine, in the user's data folder
 * ($XDG_DATA_HOME/gauntlet/history/<session>.json), and what it says:
 * per-area trends, the weakest area, the problem to practise next.
 * Take-home sessions are never recorded.  The format is in
 * docs/sessions.md ("Practice history"). */
#ifndef GAUNTLET_SESSION_HISTORY_H
#define GAUNTLET_SESSION_HISTORY_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "session.h"

struct gnt_library;

/* A problem counts as solved once scored at least this. */
#define GNT_HISTORY_SOLVED 80.0
/* Trends and the weakest area look at an area's last this many sessions. */
#define GNT_HISTORY_RECENT 5
/* Largest record file read. */
#define GNT_HISTORY_MAX_FILE ((size_t)64 << 10)

struct gnt_history_grader {
        char name[16];         /* correctness, race, ... */
        char verdict[8];       /* pass, fail, skip, error */
        double score, weight;
};

struct gnt_history_rec {
        char session[65];      /* hash of the session's first journal line */
        char *problem_id, *title, *version, *difficulty;
        char **areas;
        size_t n_areas;
        int64_t started, submitted;
        double minutes_allowed, minutes_used;
        bool late, graded;
        double score;          /* 0..100 when graded */
        struct gnt_history_grader graders[8];
        size_t n_graders;
        char *folder;          /* the session folder when it was recorded */
};

struct gnt_history {
        struct gnt_history_rec *r;  /* oldest first (by submit time, then session) */
        size_t n;
};

struct gnt_history_area {
        char name[32];
        size_t sessions;       /* graded sessions of this area */
        double mean;           /* over the last GNT_HISTORY_RECENT of them */
        double last[GNT_HISTORY_RECENT]; /* their scores, oldest first */
        size_t n_last;
        int trend;             /* +1 improving, -1 declining, 0 steady or too few */
};

struct gnt_history_summary {
        struct gnt_history_area *areas; /* every area with a graded session, by name */
        size_t n_areas;
        const char *weakest;            /* an area name, or NULL (nothing graded yet) */
        /* The problem to practise next: from the library, in the weakest
         * area (or, when all of it is solved, the next weakest), never
         * scored GNT_HISTORY_SOLVED; never attempted ones first.  With no
         * history: an easy problem.  Both NULL when the library has none. */
        const char *next_id, *next_area;
        const char *why;                /* one line: why this problem */
        char why_buf[160];
};

void gnt_history_rec_release(struct gnt_history_rec *r);
void gnt_history_release(struct gnt_history *h);
void gnt_history_summary_release(struct gnt_history_summary *s);

/* $XDG_DATA_HOME/gauntlet/history (absolute XDG_DATA_HOME only), else
 * $HOME/.local/share/gauntlet/history.  0, -ENOENT (no HOME). */
int gnt_history_dir(char *buf, size_t size);

/* The record of submitted mock session s, with the grading report's JSON
 * text (docs/grading.md) or NULL when it was not graded.  The problem's
 * areas and difficulty come from the session's copy of the problem.
 * 0, -EINVAL (not a submitted mock; err says why), -ENOMEM. */
int gnt_history_rec_make(const struct gnt_session *s, const char *report_json, struct gnt_history_rec *ret,
                         char *err, size_t errsz);

/* Write r into dir (created) as <session>.json, atomically and durably;
 * an existing record of the same session is replaced.  0 or -errno. */
int gnt_history_write(const char *dir, const struct gnt_history_rec *r, char *err, size_t errsz);

/* Read every record of dir (missing: an empty history).  A file that is not
 * a record is skipped and passed to bad (may be NULL) with why.  0, -errno
 * (the folder cannot be read), -ENOMEM. */
int gnt_history_load(const char *dir, struct gnt_history *ret,
                     void (*bad)(void *ctx, const char *file, const char *why), void *ctx, char *err,
                     size_t errsz);

/* The best score of problem id in h (0 for an ungraded attempt); -1 when
 * it was never attempted. */
double gnt_history_best(const struct gnt_history *h, const char *id);

/* Per-area trends, the weakest area and the next problem from lib (may be
 * NULL: no suggestion).  Only records of area filter (NULL: all) count.
 * 0 or -ENOMEM.  The summary points into h and lib. */
int gnt_history_summarise(const struct gnt_history *h, const struct gnt_library *lib, const char *area,
                          struct gnt_history_summary *ret);

/* A record as JSON text (malloc'd; NULL on ENOMEM), and back (0, -EINVAL
 * with err saying what is wrong). */
char *gnt_history_rec_json(const struct gnt_history_rec *r);
int gnt_history_rec_parse(const char *text, size_t len, struct gnt_history_rec *ret, char *err, size_t errsz);

#endif
