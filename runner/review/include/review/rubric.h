/* rubric.h — reviewers' hand scores of the submissions in an output folder:
 * the rubric recorded in batch.json, one file per reviewer
 * (OUTDIR/reviews/NAME.json), their merge across shards, and the view the
 * report shows (means, disagreement, the blind rule).  Library code:
 * returns 0 or -errno with one line in err, never prints.  The formats and
 * rules are in docs/report.md, "Reviews". */
#ifndef GAUNTLET_REVIEW_RUBRIC_H
#define GAUNTLET_REVIEW_RUBRIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "manifest.h"
#include "store.h"

#define GNT_REVIEWS_SUBDIR "reviews"
#define GNT_REVIEWER_NAME_MAX 32
#define GNT_REVIEW_NOTE_MAX 2000     /* bytes, per note */
#define GNT_REVIEWS_MAX_BYTES ((size_t)32 << 20)
/* Default margin (points) beyond which reviewers are said to disagree. */
#define GNT_REVIEW_DISAGREE 2.0

/* One reviewer's review of one submission. */
struct gnt_review_score {
        char sha256[GNT_REVIEW_HASH_HEX];
        char *candidate;      /* as the reviewer saw it; informative only */
        int64_t time_ms;      /* when last changed (Unix time, ms) */
        int *pts;             /* per rubric item (rubric order); -1: not scored */
        char **notes;         /* per rubric item; NULL entries when none */
        char *note;           /* on the whole submission; may be NULL */
};

struct gnt_reviewer {
        char *name;
        struct gnt_review_score *s;   /* sorted by sha256, one per submission */
        size_t n;
        size_t n_items;               /* the rubric's, the size of each score's arrays */
};

/* A reviewer's name: ^[a-z0-9][a-z0-9._-]{0,31}$ (it names a file). */
bool gnt_reviewer_name_ok(const char *name);

/* The rubric of the output folder dir (batch.json "rubric"); empty when it
 * has none.  0, or -errno / -EINVAL with err naming the file. */
int gnt_review_rubric_read(const char *dir, struct gnt_rubric *ret, char *err, size_t errsz);
/* "rubric": [...] for batch.json (",\n  \"rubric\": [...]" appended to f;
 * nothing for an empty rubric). */
void gnt_review_rubric_write(FILE *f, const struct gnt_rubric *r);
/* Same ids, titles, guides and points in the same order. */
bool gnt_review_rubric_same(const struct gnt_rubric *a, const struct gnt_rubric *b);

/* Read dir/reviews/NAME.json, checking it against the rubric rb and the
 * submissions of dir (each scored submission must have a folder).  A
 * missing file is an empty reviewer.  0; -EINVAL with err saying what and
 * where; other -errno. */
int gnt_reviewer_load(const char *dir, const char *name, const struct gnt_rubric *rb, struct gnt_reviewer *ret,
                      char *err, size_t errsz);
/* Write dir/reviews/NAME.json atomically (the folder created).  0 or
 * -errno with err. */
int gnt_reviewer_save(const char *dir, const struct gnt_reviewer *r, const struct gnt_rubric *rb,
                      const char *problem_id, const char *problem_version, char *err, size_t errsz);
void gnt_reviewer_release(struct gnt_reviewer *r);

/* The review of sha in r, or NULL. */
struct gnt_review_score *gnt_reviewer_find(const struct gnt_reviewer *r, const char *sha);
/* The review of sha in r, added (empty, in order) when missing; NULL on
 * ENOMEM. */
struct gnt_review_score *gnt_reviewer_get(struct gnt_reviewer *r, const char *sha, const struct gnt_rubric *rb);
/* Every item scored. */
bool gnt_review_score_complete(const struct gnt_review_score *s, const struct gnt_rubric *rb);
/* Sum of the scored items. */
unsigned gnt_review_score_total(const struct gnt_review_score *s, const struct gnt_rubric *rb);
/* Put from's review into into when it is later (by time_ms; at equal
 * times the greater content wins, so a merge is the same in any order).
 * 0 or -ENOMEM. */
int gnt_reviewer_merge(struct gnt_reviewer *into, const struct gnt_reviewer *from, const struct gnt_rubric *rb);

/* Every reviewer of dir (reviews/ *.json, in name order).  0 or -errno
 * with err; a file that is not a reviewer's is an error. */
int gnt_reviewers_load(const char *dir, const struct gnt_rubric *rb, struct gnt_reviewer **ret, size_t *ret_n,
                       char *err, size_t errsz);
void gnt_reviewers_free(struct gnt_reviewer *v, size_t n);

/* Reviews across shards: gnt_review_merge_prepare reads and checks the
 * reviews of every folder (and of out, when it has some) before anything
 * is written, gnt_review_merge_commit writes the merged files into out
 * (after the submissions were copied there).  The rubrics must agree. */
struct gnt_review_merge;
int gnt_review_merge_prepare(const char *const *indirs, size_t n, const char *out, struct gnt_review_merge **ret,
                             char *err, size_t errsz);
int gnt_review_merge_commit(struct gnt_review_merge *m, const char *out, char *err, size_t errsz);
void gnt_review_merge_free(struct gnt_review_merge *m);

/* ---- a reviewer's input (rubric_input.c) ---- */

struct gnt_review_board;

/* The changes to one submission's review. */
struct gnt_review_edit {
        size_t entry;                          /* board entry index */
        int pts[GNT_RUBRIC_MAX_ITEMS];         /* -1: unchanged */
        char *notes[GNT_RUBRIC_MAX_ITEMS];     /* NULL: unchanged; "": removed */
        char *note;                            /* NULL: unchanged; "": removed */
};

/* The board entry a reviewer means by `what`: a full sha256, a candidate
 * name, or a unique hash prefix of at least 8 hex digits.  0 with
 * *ret_idx, or -EINVAL / -ENOENT with err (unknown, or ambiguous). */
int gnt_review_resolve(const struct gnt_review_board *b, const char *what, size_t *ret_idx, char *err,
                       size_t errsz);
/* "ID=N" (a score) into e; err names the item and the range on failure. */
int gnt_review_edit_score(struct gnt_review_edit *e, const struct gnt_rubric *rb, const char *arg, char *err,
                          size_t errsz);
/* "ID=TEXT" (an item's note), or TEXT for the whole submission
 * (item NULL). */
int gnt_review_edit_note(struct gnt_review_edit *e, const struct gnt_rubric *rb, const char *item,
                         const char *text, char *err, size_t errsz);
void gnt_review_edit_release(struct gnt_review_edit *e);
/* Parse a file of scores (JSON {"reviews": [...]}, or lines
 * SUBMISSION<TAB>ITEM<TAB>SCORE[<TAB>NOTE]; docs/report.md) into edits,
 * one per submission.  Nothing is applied; any error is -EINVAL with
 * "FILE:LINE: ..." or "FILE: reviews[i].field: ...". */
int gnt_review_edits_parse(const char *file, const char *text, size_t len, const struct gnt_review_board *b,
                           const struct gnt_rubric *rb, struct gnt_review_edit **ret, size_t *ret_n, char *err,
                           size_t errsz);
void gnt_review_edits_free(struct gnt_review_edit *v, size_t n);
/* Apply e to r's review of the entry's submission, stamped now_ms.
 * 0 or -ENOMEM. */
int gnt_review_edit_apply(struct gnt_reviewer *r, const struct gnt_rubric *rb, const struct gnt_review_board *b,
                          const struct gnt_review_edit *e, int64_t now_ms);

/* ---- the report's view (rubric_view.c) ---- */

/* What the report shows of one submission's reviews. */
struct gnt_rubric_cell {
        size_t *shown;        /* reviewer indexes whose review is shown */
        size_t n_shown;
        size_t n_complete;    /* complete reviews among the shown */
        size_t n_hidden;      /* others' reviews kept from the viewer */
        double mean;          /* mean total of the complete shown reviews */
        double *item_mean;    /* per item, over the complete shown reviews */
        bool disagree;        /* total or an item spread over the margin */
};

struct gnt_rubric_view {
        struct gnt_rubric rubric;
        struct gnt_reviewer *rv;
        size_t n_rv;
        char *viewer;         /* NULL: everything (the hiring manager's report) */
        double margin;
        struct gnt_rubric_cell *cell;  /* per board entry */
        size_t n_cells;
        size_t n_disagree;
};

/* Load the rubric and reviews of b's folder into b->rubric (NULL when
 * the folder has no rubric).  viewer: NULL for the full view, else a
 * reviewer's blind view (others' reviews of a submission shown only once
 * the viewer has scored it completely).  margin <= 0: the default. */
int gnt_review_board_rubric(struct gnt_review_board *b, const char *viewer, double margin, char *err,
                            size_t errsz);
void gnt_rubric_view_free(struct gnt_rubric_view *v);

/* Writers: CSV header and row cells (each starting with ','), the JSON
 * members of an entry and of the leaderboard, HTML leaderboard header and
 * cell, and the card's section.  Nothing when b->rubric is NULL. */
void gnt_rubric_csv_head(const struct gnt_review_board *b, FILE *f);
void gnt_rubric_csv_row(const struct gnt_review_board *b, size_t idx, FILE *f);
struct cJSON;
void gnt_rubric_json_top(const struct gnt_review_board *b, struct cJSON *o);
void gnt_rubric_json_entry(const struct gnt_review_board *b, size_t idx, struct cJSON *x);
void gnt_rubric_html_stats(const struct gnt_review_board *b, FILE *f);
void gnt_rubric_html_head(const struct gnt_review_board *b, FILE *f);
void gnt_rubric_html_cell(const struct gnt_review_board *b, size_t idx, FILE *f);
void gnt_rubric_html_card(const struct gnt_review_board *b, size_t idx, FILE *f);
extern const char gnt_rubric_css[];

#endif
