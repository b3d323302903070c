/* board.h — the leaderboard of one output folder: entries ranked, similar
 * pairs found, written as CSV, JSON and HTML.  Internal to runner/review. */
#ifndef GAUNTLET_REVIEW_BOARD_H
#define GAUNTLET_REVIEW_BOARD_H

#include <stdio.h>

#include "model.h"
#include "similarity.h"

struct gnt_rubric_view;

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
        struct gnt_rubric_view *rubric; /* reviewers' scores (rubric.h); NULL without a rubric */
        bool require_verified;     /* rank verified submissions only (set before ranking) */
        size_t n_graded, n_rejected, n_error;
        size_t n_ranked;           /* graded and ranked: order[0..n_ranked) by score */
        size_t n_tampered, n_unverified;
};

/* Load every submission folder of dir/submissions and the problem.  A
 * ticket id found in more than one submission is a "ticket: " finding in
 * each of them (they become tampered). */
int gnt_review_board_load(const char *dir, struct gnt_review_board *ret, char *err, size_t errsz);
void gnt_review_board_release(struct gnt_review_board *b);

/* Order and rank: graded by score (highest first), ties by candidate name
 * then hash, sharing a rank on equal scores; then, with require_verified,
 * the graded submissions that are not verified (unranked, excluded); then
 * rejected, then errors. */
void gnt_review_board_rank(struct gnt_review_board *b);

/* Fingerprint each entry's code/ (minus dir/starter) and flag the pairs
 * whose shared fingerprints reach the threshold on either side. */
int gnt_review_board_similarity(struct gnt_review_board *b, double threshold, char *err, size_t errsz);

int gnt_review_board_write_csv(const struct gnt_review_board *b, FILE *f);
/* leaderboard.junit.xml (junit.c): one test case per submission, failing
 * when tampered or left out of the ranking, an error when not graded. */
int gnt_review_board_write_junit(const struct gnt_review_board *b, FILE *f);
/* Returns a malloc'd text; NULL on ENOMEM. */
char *gnt_review_board_json(const struct gnt_review_board *b);

/* report.html (html.c). */
int gnt_review_html_write(const struct gnt_review_board *b, FILE *f);
/* The pieces of a candidate's card that the debrief (debrief.h) shares:
 * the page's head (style sheets; title escaped), and the graders' table
 * with each grader's evidence, its file:line references linked into cv
 * (code.h; may be NULL). */
void gnt_review_html_head(FILE *f, const char *title);
struct gnt_review_cv;
void gnt_review_html_graders(FILE *f, const struct gnt_review_entry *e, struct gnt_review_cv *cv);
/* Its integrity parts (html_integrity.c): the warning block listing every
 * tampered submission with its findings, first on the page; and on a
 * candidate's card what was found (or why it is unverified or unranked). */
void gnt_review_html_integrity(const struct gnt_review_board *b, FILE *f);
void gnt_review_html_integrity_card(const struct gnt_review_entry *e, FILE *f);

/* Text helpers shared by the writers. */
void gnt_review_html_escape(FILE *f, const char *s, size_t n);
/* A verdict (pass, fail, skip, error, ...) as the report's coloured badge. */
void gnt_review_html_verdict(FILE *f, const char *v);
/* "1h02m03s", "5m03s", "12s". */
void gnt_review_fmt_duration(int64_t s, char *buf, size_t size);
/* Why e is not ranked although graded ("not verified: tampered"), or
 * NULL when it is ranked or not graded. */
const char *gnt_review_excluded_reason(const struct gnt_review_entry *e);

#endif
