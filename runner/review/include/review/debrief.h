/* debrief.h — a mock's debrief read back from SESSION/report.json (written
 * by session/debrief.h) and rendered as SESSION/report.html with the review
 * report's own renderer: the same graders' table and evidence, the same
 * code view (the candidate's lines named by evidence marked), then the
 * practice part: the reference solution, the diff from the candidate's
 * code to it, and the problem's mistakes marked caught or avoided.  The
 * screen (tui/) reads the same model.  Every string here came from the
 * session folder, which the candidate controls: bounded when read,
 * escaped when shown. */
#ifndef GAUNTLET_REVIEW_DEBRIEF_H
#define GAUNTLET_REVIEW_DEBRIEF_H

#include <stddef.h>

#include "review/model.h"
#include "session/session.h"

struct grd_report;

struct gnt_debrief_file {
        char *path;
        char *text; /* NULL: not shown (why says so) */
        size_t len;
        char *why;
};

struct gnt_debrief_mistake {
        char *name, *description, *state, *why;
        char graders[96]; /* the graders it is built to fail, comma-separated */
};

struct gnt_debrief {
        char *id, *title, *version;
        double target_ratio, fail_ratio;
        struct gnt_review_entry e; /* the grading, as the review report reads it */
        struct gnt_debrief_file *code, *ref;
        size_t n_code, n_ref;
        struct gnt_debrief_mistake *mistakes;
        size_t n_mistakes;
        char *rule;
};

/* Parse report.json text.  0, -EINVAL (err says what), -ENOMEM.  Release
 * with gnt_debrief_release (also after a failure). */
int gnt_debrief_parse(const char *text, size_t len, struct gnt_debrief *ret, char *err, size_t errsz);
void gnt_debrief_release(struct gnt_debrief *d);

/* The candidate's file of that path, or NULL. */
const struct gnt_debrief_file *gnt_debrief_code_file(const struct gnt_debrief *d, const char *path);

/* The debrief as text lines for the screen, each with a style: the
 * graders' summary, failed tests with their messages, race reports, leaked
 * stacks, benchmarks, vet findings (a line naming the candidate's code
 * marked, and that line of code shown under it), the reference, the diff
 * to it, the mistakes.  Lines are not wrapped. */
enum gnt_debrief_style {
        GNT_DL_TEXT,
        GNT_DL_HEAD,    /* a section's title */
        GNT_DL_PASS,
        GNT_DL_FAIL,
        GNT_DL_MARK,    /* evidence naming the candidate's code */
        GNT_DL_CODE,    /* code: the candidate's line under a mark, the reference */
        GNT_DL_ADD,     /* the reference's line in the diff */
        GNT_DL_DEL,     /* the candidate's line in the diff */
        GNT_DL_DIM,
};

struct gnt_debrief_line {
        char *text;
        enum gnt_debrief_style style;
};

struct gnt_debrief_lines {
        struct gnt_debrief_line *v;
        size_t n, cap;
};

/* html_path: where report.html is (shown near the top), or NULL.
 * 0 or -ENOMEM; release with gnt_debrief_lines_release. */
int gnt_debrief_lines(const struct gnt_debrief *d, const char *html_path, struct gnt_debrief_lines *ret);
void gnt_debrief_lines_release(struct gnt_debrief_lines *l);

/* report.html of d into f.  dir holds code/ (the final snapshot) and
 * starter/ (the start snapshot): the code view reads them.  0 or -EIO. */
int gnt_debrief_html_write(const struct gnt_debrief *d, const char *dir, FILE *f);

/* The page's own styles after the review report's (the mistakes' states:
 * st-caught, st-avoided, st-undecided); the loop report uses them too. */
extern const char gnt_debrief_css[];

/* After a mock's grading (rep): SESSION/report.json and SESSION/report.html,
 * each written whole or not at all.  0; -EPERM a take-home (nothing is
 * written); -ENOENT a mock without grading parts; -errno (err says what). */
int gnt_debrief_keep(const struct gnt_session *s, const struct grd_report *rep, char *err, size_t errsz);

#endif
