/* html_integrity.c — what report.html says of integrity: a warning block
 * first on the page listing every tampered submission with what was found
 * (a tampered submission is still graded, so its score must not be read
 * without this), and per candidate card the findings, the reason it is
 * unverified, or why it is not ranked.  Findings come from the candidate's
 * archive (file names, ticket names): they are escaped like all other
 * candidate text. */
#include "board.h"

#include <string.h>

static void esc(FILE *f, const char *s)
{
        if (s)
                gnt_review_html_escape(f, s, strlen(s));
}

static void findings_list(const struct gnt_integrity *ig, FILE *f)
{
        size_t shown = ig->n_findings < 20 ? ig->n_findings : 20;
        fputs("<ul>", f);
        for (size_t i = 0; i < shown; i++) {
                fputs("<li><code>", f);
                esc(f, ig->findings[i]);
                fputs("</code></li>", f);
        }
        if (ig->n_findings > shown)
                fprintf(f, "<li>%zu more</li>", ig->n_findings - shown);
        fputs("</ul>\n", f);
}

void gnt_review_html_integrity(const struct gnt_review_board *b, FILE *f)
{
        if (!b->n_tampered)
                return;
        fprintf(f,
                "<section class=\"warn\" id=\"integrity\">\n<h2>%zu submission%s did not verify</h2>\n"
                "<p>These archives are not what gauntlet sealed: their journal, record or code was changed "
                "after the session, or their ticket does not hold. They are graded all the same; their score, "
                "times and lateness cannot be trusted.%s</p>\n",
                b->n_tampered, b->n_tampered == 1 ? "" : "s",
                b->require_verified ? " They are left out of the ranking (--require-verified)." : "");
        for (size_t i = 0; i < b->n; i++) {
                const struct gnt_review_entry *e = &b->e[b->order[i]];
                if (e->ig.verdict != GNT_INTEGRITY_TAMPERED)
                        continue;
                /* Ids come from the content hash only. */
                fprintf(f, "<h3><a href=\"#c-%.16s\">", e->sha256);
                esc(f, e->candidate);
                fprintf(f, "</a> <span class=\"v v-tampered\">tampered</span> <span class=\"muted\">%.12s, %s",
                        e->sha256, gnt_review_status_name(e->status));
                if (e->status == GNT_REVIEW_GRADED)
                        fprintf(f, " %.2f", e->score);
                fputs("</span></h3>\n", f);
                findings_list(&e->ig, f);
        }
        fputs("</section>\n", f);
}

void gnt_review_html_integrity_card(const struct gnt_review_entry *e, FILE *f)
{
        const struct gnt_integrity *ig = &e->ig;
        const char *why = gnt_review_excluded_reason(e);
        if (ig->verdict == GNT_INTEGRITY_VERIFIED && !ig->has_ticket && !why)
                return;
        fputs("<div class=\"meta\">", f);
        if (ig->verdict == GNT_INTEGRITY_TAMPERED) {
                fprintf(f, "<span class=\"late\">Does not verify: %zu finding%s</span>", ig->n_findings,
                        ig->n_findings == 1 ? "" : "s");
        } else if (ig->verdict == GNT_INTEGRITY_UNVERIFIED) {
                fputs("Unverified: ", f);
                esc(f, ig->n_findings ? ig->findings[0] : "no journal");
        } else {
                fputs("Verified", f);
        }
        if (ig->has_ticket) {
                fputs(" \xc2\xb7 ticket ", f);
                esc(f, ig->ticket_id);
                fputs(" for ", f);
                esc(f, ig->ticket_candidate);
                if (ig->ticket_unchecked)
                        fputs(" (signature not checked: no --pubkey)", f);
        }
        if (why) {
                fputs(" \xc2\xb7 ", f);
                esc(f, why);
        }
        fputs("</div>\n", f);
        if (ig->verdict == GNT_INTEGRITY_TAMPERED)
                findings_list(ig, f);
}
