/* manifest.h — read problem.json (and assessment.json) into the plain model
 * of graders/include/problem.h, checking every field: types, ranges, enum values,
 * weights, paths, unknown and duplicate keys.  The format is documented in
 * docs/bundle-format.md and docs/problem.schema.json.
 *
 * Errors: functions return 0 or a negative errno and, on failure, write one
 * line into err (when err is not NULL) naming the file, the field path and
 * what was expected, e.g.
 *   problem.json: graders.bench.target_ratio: expected a number > 1, got "fast"
 * Output parameters are untouched on failure. */
#ifndef GAUNTLET_MANIFEST_H
#define GAUNTLET_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "problem.h"

/* Room for one error line; callers may pass any size. */
#define GNT_ERR_MAX 512

/* A manifest larger than this is refused (-EFBIG). */
#define GNT_MANIFEST_MAX_BYTES (256 * 1024)

#define GNT_MANIFEST_NAME "problem.json"
#define GNT_ASSESSMENT_NAME "assessment.json"

/* The areas a problem may name ("idiomatic", "concurrency", ...), NULL-terminated. */
extern const char *const gnt_manifest_area_names[];

/* Parse the text of a problem.json (len bytes, need not be NUL-terminated).
 * `name` is used in messages (e.g. "problem.json").  Checks everything that
 * does not need the folder; paths are checked to be relative, normalised
 * and free of "..", but not that they exist.  On success *ret is filled
 * (ret->dir stays NULL); release it with grd_problem_release().
 * Errors: -EINVAL malformed or invalid (err says where), -EFBIG too large,
 * -ENOMEM. */
int gnt_manifest_parse(const char *text, size_t len, const char *name,
                       struct grd_problem *ret, char *err, size_t errsz);

/* Read DIR/problem.json, parse it, and check that every path it names
 * exists inside DIR with the right type (statement a file, the rest
 * folders), that no path it names goes through a symlink, and that public
 * paths (statement, starter, tests.public) neither contain nor lie inside
 * a secret path (tests.hidden, tests.bench, reference, io.data, mutants/).
 * On success ret->dir is the absolute, symlink-free path of DIR.
 * Errors: as gnt_manifest_parse, plus -ENOENT (no problem.json or a named
 * path missing) and other -errno from reading. */
int gnt_manifest_load(const char *dir, struct grd_problem *ret, char *err, size_t errsz);

/* An assessment: several problems under one session time limit.
 * assessment.json = {"format": 1, "id", "title", "minutes",
 * "problems": ["relative/folder", ...]} (see docs/bundle-format.md). */
struct gnt_assessment {
        char *dir;        /* absolute path of the folder holding assessment.json */
        int format;
        char *id;
        char *title;
        unsigned minutes; /* the session time limit for all problems together */
        char **problems;  /* relative folders, as written */
        size_t n_problems;
};

/* Parse the text of an assessment.json; ret->dir stays NULL.  Errors as
 * gnt_manifest_parse. */
int gnt_assessment_parse(const char *text, size_t len, const char *name,
                         struct gnt_assessment *ret, char *err, size_t errsz);

/* Read DIR/assessment.json and check that every problem folder exists
 * inside DIR and holds a problem.json (each is NOT parsed here: use
 * gnt_manifest_load on DIR/problems[i]).  Errors as gnt_manifest_load. */
int gnt_assessment_load(const char *dir, struct gnt_assessment *ret, char *err, size_t errsz);

/* Free what the assessment owns and zero it; NULL is a no-op. */
void gnt_assessment_release(struct gnt_assessment *a);

/* The problem.json a candidate receives: the manifest of p with every
 * secret removed (tests.hidden, tests.bench, tests.groups, reference,
 * io.data, grader settings beyond weights and the correctness timeout)
 * and "public": true added.  Returns a malloc'd NUL-terminated JSON text
 * (stable key order, so packing is reproducible), or NULL on ENOMEM. */
char *gnt_manifest_public_json(const struct grd_problem *p);

/* The rubric: what reviewers score by hand beside the graders ("rubric" in
 * problem.json, optional; docs/problems.md).  It belongs to the grading
 * bundle only: a public manifest may not carry it (the guides are written
 * for reviewers and often describe the expected solution). */
#define GNT_RUBRIC_MAX_ITEMS 20
#define GNT_RUBRIC_MAX_POINTS 100   /* per item */
#define GNT_RUBRIC_ID_MAX 32
#define GNT_RUBRIC_TITLE_MAX 80
#define GNT_RUBRIC_GUIDE_MAX 200

struct gnt_rubric_item {
        char *id;         /* ^[a-z][a-z0-9_-]{0,31}$, unique */
        char *title;
        char *guide;      /* one line for the reviewer */
        unsigned points;  /* 1..GNT_RUBRIC_MAX_POINTS */
};

struct gnt_rubric {
        struct gnt_rubric_item *items;
        size_t n;
        unsigned total;   /* sum of the items' points */
};

/* Read the "rubric" array v (the value of field `field` in `file`, both
 * used in messages) into *ret, checking it as problem.json does.  NULL v
 * gives an empty rubric.  0, -EINVAL (err says where), -ENOMEM. */
struct cJSON;
int gnt_rubric_from_json(const struct cJSON *v, const char *file, const char *field, struct gnt_rubric *ret,
                         char *err, size_t errsz);
/* The rubric of the problem folder dir (its problem.json, read strictly;
 * an empty rubric when it declares none).  Errors as gnt_manifest_load. */
int gnt_manifest_rubric_load(const char *dir, struct gnt_rubric *ret, char *err, size_t errsz);
/* Index of the item named id, or -1. */
int gnt_rubric_find(const struct gnt_rubric *r, const char *id);
/* Free what r owns and zero it; NULL is a no-op. */
void gnt_rubric_release(struct gnt_rubric *r);

/* Helpers shared with the bundle code.
 *
 * Parse text as exactly one JSON value: no NUL bytes, nothing but white
 * space after it, no duplicate keys in any object, at most
 * GNT_MANIFEST_MAX_BYTES.  *ret is a cJSON tree to cJSON_Delete. */
int gnt_json_parse_strict(const char *text, size_t len, const char *file, struct cJSON **ret,
                          char *err, size_t errsz);
/* The same with another size limit (other files the runner reads
 * strictly: a reviewer's scores). */
int gnt_json_parse_strict_max(const char *text, size_t len, size_t max, const char *file, struct cJSON **ret,
                              char *err, size_t errsz);
/* Read the regular file dirfd/name (not a symlink, at most
 * GNT_MANIFEST_MAX_BYTES) into a malloc'd NUL-terminated buffer, with
 * sbx_file_read_at (sbx_file.h).  Errors, each with a line naming the file:
 * -ELOOP a symlink, -EINVAL not a regular file (a folder too), -EFBIG too
 * large, other -errno from opening or reading. */
int gnt_manifest_read_file(int dirfd, const char *name, char **ret, size_t *ret_len,
                           char *err, size_t errsz);
/* DIR/problem.json read (gnt_manifest_read_file) and parsed strictly
 * (gnt_json_parse_strict), not checked further: for the parts read apart
 * from the problem (the rubric, the follow-ups).  0 or as those. */
int gnt_manifest_read_json(const char *dir, struct cJSON **ret, char *err, size_t errsz);
/* True for a relative '/'-separated path without empty, "." or ".."
 * components, of printable ASCII without space or backslash. */
bool gnt_manifest_path_ok(const char *path);
/* strerror(e) with a lowercase first letter, for messages in house style.
 * The string is thread-local and valid until the next call. */
const char *gnt_errstr(int e);

#endif
