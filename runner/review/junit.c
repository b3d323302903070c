/* junit.c — leaderboard.junit.xml: the batch as one JUnit suite for CI,
 * one test case per submission.  A tampered submission (a ticket shared
 * with another archive included, which only the whole batch shows) fails,
 * as does one --require-verified left out of the ranking; a submission
 * that was not graded is an error.  No timings: the same submissions give
 * the same file on any machine and through any sharding. */
#include "board.h"

#include <errno.h>
#include <string.h>

/* Candidate text as XML: gnt_review_html_escape's entities are XML's too,
 * and it replaces invalid UTF-8 and control characters. */
static void xml(FILE *f, const char *s)
{
        if (s)
                gnt_review_html_escape(f, s, strlen(s));
}

static void findings(FILE *f, const struct gnt_integrity *ig)
{
        for (size_t i = 0; i < ig->n_findings; i++) {
                xml(f, ig->findings[i]);
                fputc('\n', f);
        }
}

int gnt_review_board_write_junit(const struct gnt_review_board *b, FILE *f)
{
        size_t failures = 0, errors = 0;
        for (size_t i = 0; i < b->n; i++) {
                const struct gnt_review_entry *e = &b->e[i];
                if (e->status != GNT_REVIEW_GRADED)
                        errors++;
                else if (e->ig.verdict == GNT_INTEGRITY_TAMPERED || e->excluded)
                        failures++;
        }
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"gauntlet.", f);
        xml(f, b->problem.id);
        fprintf(f, ".submissions\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\">\n", b->n, failures,
                errors);
        for (size_t i = 0; i < b->n; i++) {
                const struct gnt_review_entry *e = &b->e[b->order[i]];
                const struct gnt_integrity *ig = &e->ig;
                fputs("    <testcase classname=\"gauntlet.submissions\" name=\"", f);
                xml(f, e->candidate);
                fprintf(f, " (%.12s)\">\n", e->sha256);
                if (e->status != GNT_REVIEW_GRADED) {
                        fprintf(f, "      <error message=\"%s: ", gnt_review_status_name(e->status));
                        xml(f, e->message);
                        fputs("\"/>\n", f);
                } else if (ig->verdict == GNT_INTEGRITY_TAMPERED) {
                        fprintf(f, "      <failure message=\"tampered: %zu finding%s: ", ig->n_findings,
                                ig->n_findings == 1 ? "" : "s");
                        xml(f, ig->n_findings ? ig->findings[0] : "");
                        fputs("\">", f);
                        findings(f, ig);
                        fputs("</failure>\n", f);
                } else if (e->excluded) {
                        fputs("      <failure message=\"", f);
                        xml(f, gnt_review_excluded_reason(e));
                        fputs("\">", f);
                        findings(f, ig);
                        fputs("</failure>\n", f);
                }
                fprintf(f, "      <system-out>score %.2f; %s; integrity %s", e->score, gnt_review_status_name(e->status),
                        gnt_integrity_name(ig->verdict));
                if (e->rank)
                        fprintf(f, "; rank %u", e->rank);
                if (e->has_session)
                        fputs(e->late ? "; late" : "; on time", f);
                fputs("</system-out>\n    </testcase>\n", f);
        }
        fputs("  </testsuite>\n</testsuites>\n", f);
        return ferror(f) ? -EIO : 0;
}
