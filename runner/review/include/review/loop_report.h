/* loop_report.h — the combined debrief of an interview loop (session/
 * loop.h): per round the problem, its score, each grader's verdict, the
 * minutes used against the round's own, and the mistakes the problem is
 * built to catch, caught or avoided; the block's totals.  Built from the
 * rounds' session folders and their debriefs (report.json), so it can be
 * written again at any time; kept as LOOP/loop-report.json and
 * loop-report.html (the review report's page head, badges and escaping).
 * Every string from the loop folder is the candidate's: bounded when read,
 * escaped in HTML, control bytes replaced in text. */
#ifndef GAUNTLET_REVIEW_LOOP_REPORT_H
#define GAUNTLET_REVIEW_LOOP_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "grade.h"
#include "session/loop.h"

#define GNT_LOOP_REPORT_JSON "loop-report.json"
#define GNT_LOOP_REPORT_HTML "loop-report.html"
#define GNT_LOOP_REPORT_FORMAT 1

struct gnt_loop_grader {
        bool present;
        char verdict[8];
        double score;
};

struct gnt_loop_mistake {
        char *name, *state;    /* state: caught, avoided, undecided */
};

struct gnt_loop_result {
        size_t round;          /* 1-based */
        char problem[65], area[32];
        char *title;
        enum gnt_loop_round_state state;
        bool graded, late;
        double score;                          /* when graded */
        struct gnt_loop_grader g[_GRD_KIND_MAX];
        double minutes_allowed, minutes_used;  /* -1 when not known yet */
        size_t caught, avoided, undecided;
        struct gnt_loop_mistake *mistakes;
        size_t n_mistakes;
        bool has_page;                         /* round-N/report.html is there */
        const char *why;                       /* not graded: why (static text) */
};

struct gnt_loop_report {
        char root[PATH_MAX];
        size_t n, graded;
        bool complete;         /* every round submitted */
        struct gnt_loop_result r[GNT_LOOP_MAX];
        double minutes_allowed, minutes_used, score; /* score: mean of the graded rounds */
};

/* Build the report of the opened loop l.  0, -ENOMEM (err says so).
 * A round whose folder or debrief cannot be read is shown as not graded,
 * with why. */
int gnt_loop_report_build(const struct gnt_loop *l, struct gnt_loop_report *ret, char *err, size_t errsz);
void gnt_loop_report_release(struct gnt_loop_report *r);

/* loop-report.json text (malloc'd), or NULL on ENOMEM.  Format in
 * docs/sessions.md ("Interview loops"). */
char *gnt_loop_report_json(const struct gnt_loop_report *r);
/* loop-report.html into f.  0 or -EIO. */
int gnt_loop_report_html_write(const struct gnt_loop_report *r, FILE *f);
/* The combined debrief as text (the screen after the loop, `resume`). */
void gnt_loop_report_print(FILE *f, const struct gnt_loop_report *r);

/* Write LOOP/loop-report.json and loop-report.html, each whole or not at
 * all.  0 or -errno (err says which). */
int gnt_loop_report_keep(const struct gnt_loop_report *r, char *err, size_t errsz);

#endif
