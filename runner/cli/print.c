/* print.c — the lower layers' results as the commands print them. */
#include "print.h"

#include <stdint.h>

#include "cli.h"

void gnt_integrity_print(FILE *f, const struct gnt_integrity *ig, const struct gnt_journal_times *t)
{
        switch (ig->verdict) {
        case GNT_INTEGRITY_VERIFIED: fputs("integrity: verified", f); break;
        case GNT_INTEGRITY_TAMPERED:
                fprintf(f, "integrity: TAMPERED, %zu finding%s (graded all the same)", ig->n_findings,
                        ig->n_findings == 1 ? "" : "s");
                break;
        default:
                fputs("integrity: unverified: ", f);
                gnt_print_safe(f, ig->n_findings ? ig->findings[0] : "no journal", SIZE_MAX, 0);
                break;
        }
        if (t && t->submitted_seen) {
                char when[40];
                gnt_review_fmt_utc(t->submitted, when, sizeof when);
                fprintf(f, "; submitted %s", when);
                if (t->late)
                        fprintf(f, ", late by %lld s", (long long)t->overrun_s);
                else
                        fputs(", on time", f);
        }
        if (ig->has_ticket) {
                fprintf(f, "; ticket %.16s for ", ig->ticket_id);
                gnt_print_safe(f, ig->ticket_candidate, SIZE_MAX, 0);
                if (ig->ticket_unchecked)
                        fputs(" (signature not checked: no --pubkey)", f);
        }
        fputc('\n', f);
        for (size_t i = 0; ig->verdict == GNT_INTEGRITY_TAMPERED && i < ig->n_findings; i++) {
                fputs("  ", f);
                gnt_print_safe(f, ig->findings[i], SIZE_MAX, 0);
                fputc('\n', f);
        }
}
