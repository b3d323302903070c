/* report_json.h — a grading report (graders/include/grade.h) as JSON (schema in
 * docs/grading.md), as JUnit XML for CI systems, and as a short text
 * summary for the terminal. */
#ifndef GAUNTLET_REPORT_JSON_H
#define GAUNTLET_REPORT_JSON_H

#include <stdio.h>

#include "grade.h"

struct gnt_integrity;
struct gnt_journal_times;

/* Identification of what was graded, carried into the reports. */
struct gnt_report_meta {
        const char *submission;    /* path as given */
        const char *bundle;        /* grading bundle path as given */
        const char *bundle_sha256; /* "" for a folder */
        /* Whether the submission verified (review/integrity.h) and the
         * session's times from its journal; NULL: not reported. */
        const struct gnt_integrity *integrity;
        const struct gnt_journal_times *times;
};

/* malloc'd NUL-terminated texts; NULL on ENOMEM. */
char *gnt_report_json(const struct grd_report *r, const struct gnt_report_meta *m);
char *gnt_report_junit(const struct grd_report *r, const struct gnt_report_meta *m);

/* Human summary: one line per grader with score and key evidence. */
void gnt_report_print(FILE *f, const struct grd_report *r, bool verbose);

/* Write text to path (replacing it).  0 or -errno. */
int gnt_report_write(const char *path, const char *text);

#endif
