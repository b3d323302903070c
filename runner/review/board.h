/* board.h — the leaderboard of one output folder: entries ranked, similar
 * pairs found, written as CSV, JSON and HTML.  Internal to runner/review. */
#ifndef GAUNTLET_REVIEW_BOARD_H
#define GAUNTLET_REVIEW_BOARD_H

#include <stdio.h>

#include "model.h"
#include "similarity.h"

struct gnt_review_pair {
        size_t a, b;               /* entry indexes, a's candidate sorts first */
        struct gnt_sim_match m;
};

struct gnt_review_board {
        char *dir;                 /* the output folder */
        struct gnt_review_problem problem;
        struct gnt_review_entry *e;
        size_t n;
        size_t *order;             /* entry indexes in leaderboard order */
        double threshold;
        struct gnt_review_pair *pairs;
        size_t n_pairs;
        struct gnt_sim_doc **docs; /* per entry (may be NULL); own the region labels */
        size_t n_graded, n_rejected, n_error;
};

/* Load every submission folder of dir/submissions and the problem. */
int gnt_review_board_load(const char *dir, struct gnt_review_board *ret, char *err, size_t errsz);
void gnt_review_board_release(struct gnt_review_board *b);

/* Order and rank: graded by score (highest first), ties by candidate name
 * then hash, sharing a rank on equal scores; then rejected, then errors. */
void gnt_review_board_rank(struct gnt_review_board *b);

/* Fingerprint each entry's code/ (minus dir/starter) and flag the pairs
 * whose shared fingerprints reach the threshold on either side. */
int gnt_review_board_similarity(struct gnt_review_board *b, double threshold, char *err, size_t errsz);

int gnt_review_board_write_csv(const struct gnt_review_board *b, FILE *f);
/* Returns a malloc'd text; NULL on ENOMEM. */
char *gnt_review_board_json(const struct gnt_review_board *b);

/* report.html (html.c). */
int gnt_review_html_write(const struct gnt_review_board *b, FILE *f);

/* Text helpers shared by the writers. */
void gnt_review_html_escape(FILE *f, const char *s, size_t n);
/* "1h02m", "5m03s", "12s". */
void gnt_review_fmt_duration(int64_t s, char *buf, size_t size);

#endif
