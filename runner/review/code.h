/* code.h — the candidates' code in report.html: each file of
 * OUTDIR/submissions/<hash>/code/ diffed against OUTDIR/starter (diff.c),
 * highlighted (highlight.c), with the lines that evidence names marked
 * and linked both ways (refs.c: file:line references in race reports,
 * goroutine stacks, test messages, compiler output).  Internal to
 * runner/review; everything written is escaped, and element ids are made
 * of the content hash and an encoding of the file name that only uses
 * [A-Za-z0-9._-]. */
#ifndef GAUNTLET_REVIEW_CODE_H
#define GAUNTLET_REVIEW_CODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "review/model.h"

/* Bounds of the code view: a file larger or longer than this is
 * summarised, not shown; a line is cut after GNT_REVIEW_CODE_LINE_MAX
 * bytes; a candidate's files are shown up to GNT_REVIEW_CODE_BUDGET bytes
 * in all (the rest summarised). */
#define GNT_REVIEW_CODE_FILE_MAX ((size_t)256 << 10)
#define GNT_REVIEW_CODE_LINES_MAX 5000
#define GNT_REVIEW_CODE_LINE_MAX 400
#define GNT_REVIEW_CODE_BUDGET ((size_t)512 << 10)
#define GNT_REVIEW_CODE_FILES_MAX 200

/* ---- diff.c: lines of two texts ---- */

struct gnt_review_line {
        const char *s;
        size_t n; /* without the newline */
};

/* Split text into lines (a final line without newline counts; a final
 * newline does not start one).  At most max lines are returned; *ret is
 * malloc'd (NULL when there are none).  Returns the number of lines, or
 * -ENOMEM, or -EFBIG when there are more than max. */
long gnt_review_lines_split(const char *text, size_t len, size_t max, struct gnt_review_line **ret);

enum gnt_review_diff_op {
        GNT_DIFF_SAME, /* a[ai] == b[bi] */
        GNT_DIFF_DEL,  /* a[ai] only (the starter's) */
        GNT_DIFF_ADD,  /* b[bi] only (the candidate's) */
};

struct gnt_review_diff {
        enum gnt_review_diff_op op;
        size_t ai, bi; /* the index that does not apply is the next one's */
};

/* The edit script from a to b: every line of a and of b once, in order,
 * a longest common subsequence kept as SAME (common prefix and suffix
 * first; the middle by dynamic programming when it is at most 4M cells,
 * else all of it deleted then added).  *ret is malloc'd.  Returns the
 * number of steps or -ENOMEM. */
long gnt_review_diff_lines(const struct gnt_review_line *a, size_t na, const struct gnt_review_line *b, size_t nb,
                           struct gnt_review_diff **ret);

/* ---- refs.c: file:line references of a candidate's files ---- */

struct gnt_review_refset {
        const char *const *files; /* relative paths of the candidate's code */
        size_t n_files;
        const char *module;       /* Go module path (go.mod), or NULL */
};

struct gnt_review_ref {
        size_t off, len; /* the whole reference in the text ("workerpool/pool.go:42") */
        size_t file;     /* index into files */
        unsigned line;
};

/* Find the first reference to one of fs's files at or after text[from].
 * A reference is PATH:LINE where PATH, taken whole (letters, digits and
 * . _ - + / @ ~ and bytes >= 0x80), is a candidate file's relative path
 * alone or after "./", after the module path and "/" (Go's -trimpath
 * frames), or after an absolute "…/gauntlet-grade-*\/src/" (a grading's
 * staging folder: C frames, compiler output).  The standard library's
 * files, the problem's tests and other folders do not match.  Returns
 * true and fills *ret, or false when there is none. */
bool gnt_review_ref_find(const struct gnt_review_refset *fs, const char *text, size_t len, size_t from,
                         struct gnt_review_ref *ret);

/* The module path named by a go.mod text, into buf (empty when none or
 * when it holds anything but [A-Za-z0-9._~/+-]). */
void gnt_review_gomod_module(const char *text, size_t len, char *buf, size_t size);

/* Where the race grader's evidence turns from race reports to the test
 * runs that did not pass under -race (lines "--- STATUS under -race,
 * GOMAXPROCS=N: TestX"): the offset of the first such line, or strlen(ev)
 * when there is none. */
size_t gnt_review_race_split(const char *ev);

/* Write name as an id fragment: [A-Za-z0-9.-] kept, any other byte as
 * _XX (hex), so distinct names give distinct fragments. */
void gnt_review_id_name(FILE *f, const char *name);

/* ---- code.c: the view ---- */

/* The starter's files (OUTDIR/starter) and the set of its lines. */
struct gnt_review_starter;

/* Load dir/starter (missing: an empty starter).  NULL on ENOMEM. */
struct gnt_review_starter *gnt_review_starter_load(const char *outdir);
void gnt_review_starter_free(struct gnt_review_starter *s);

/* Does a line with this text (white space at either end ignored) occur in
 * the starter?  Blank lines do not. */
bool gnt_review_starter_has_line(const struct gnt_review_starter *s, const char *line, size_t n);

/* One region of a similar pair, for the similarity section: lines
 * a_first..a_last of a's code/file_a beside b_first..b_last of b's
 * code/file_b, numbered, escaped and highlighted, at most 80 lines each.
 * Lines that also occur in the starter are dimmed, and dropped at either
 * end; when nothing but starter or blank lines is left of a side, nothing
 * is written and false returned. */
bool gnt_review_code_region(FILE *f, const struct gnt_review_starter *s, const struct gnt_review_entry *a,
                            const char *file_a, unsigned a_first, unsigned a_last, const struct gnt_review_entry *b,
                            const char *file_b, unsigned b_first, unsigned b_last);

/* One candidate's code view: built before the card's evidence is written
 * (the evidence links to lines), written at the end of the card. */
struct gnt_review_cv;

/* Read e's code/ and diff it against s.  NULL on ENOMEM. */
struct gnt_review_cv *gnt_review_cv_new(const struct gnt_review_starter *s, const struct gnt_review_entry *e);
void gnt_review_cv_free(struct gnt_review_cv *cv);

/* Evidence text, escaped, with every reference to a shown line of the
 * candidate's code as a link to it, remembered (under label, e.g. the
 * grader or test name, which must stay valid until gnt_review_cv_write)
 * for the link back from the line.  cv NULL: the text escaped only. */
void gnt_review_cv_text(FILE *f, struct gnt_review_cv *cv, const char *text, const char *label);

/* The files: a summary line, then each file with its diff against the
 * starter (starter-identical files collapsed), marked lines with links
 * back to the evidence naming them. */
void gnt_review_cv_write(FILE *f, struct gnt_review_cv *cv);

/* The style sheet of the code view (appended to the page's). */
extern const char gnt_review_code_css[];

#endif
