/* verify.h — check a submission archive: the journal's hash chain, the
 * submission record against the journal, every snapshot against its id,
 * the code against the final snapshot, the blobs against their names, and
 * optionally the problem the session answered.  What this proves (and what
 * it cannot, on a machine the candidate controls) is in docs/sessions.md. */
#ifndef GAUNTLET_SESSION_VERIFY_H
#define GAUNTLET_SESSION_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"

struct gnt_verify_report {
        char **findings;   /* one line each, "journal.jsonl: line 3: ..." */
        size_t n;
        /* What was read (for the summary). */
        char problem_id[128], problem_version[64];
        char public_hash[GNT_HASH_HEX];
        char file_sha256[GNT_HASH_HEX]; /* "" when the session started from a folder */
        size_t entries, test_runs, code_files, blobs;
        bool late;
        long long overrun_s;
        /* The team's ticket the session started under (docs/sessions.md,
         * "Tickets").  Every check of it is a finding starting "ticket: ". */
        bool has_ticket;
        bool ticket_unchecked;         /* a ticket, but no team key given: signature not checked */
        char ticket_id[65];            /* the ticket's id (hex), "" without a ticket */
        char ticket_candidate[128];    /* whom the ticket names */
        long long ticket_minutes;      /* the minutes it grants */
        long long ticket_not_before, ticket_not_after; /* its window, Unix seconds */
};

void gnt_verify_report_release(struct gnt_verify_report *r);

/* The bundle the session should answer: any field may be NULL. */
struct gnt_verify_bundle {
        const char *file_sha256; /* of the bundle file */
        const char *public_hash; /* of its public part, as a session computes it */
        /* The team's Ed25519 public key (32 bytes, see gnt_bundle_pubkey_read):
         * a ticket must be signed by it.  NULL: a ticket's signature is not
         * checked (report->ticket_unchecked), its other checks still are. */
        const unsigned char *team_pk;
        /* Whom the reviewer has this archive from: the ticket must name
         * them.  NULL: not compared. */
        const char *candidate;
};

/* Read the archive at path and check it.  Returns 0 when it could be
 * checked (r->n == 0: valid; else each finding is a break), -EINVAL when
 * it is not a readable submission archive (err says why), -errno. */
int gnt_session_verify(const char *path, const struct gnt_verify_bundle *bundle, struct gnt_verify_report *r,
                       char *err, size_t errsz);

/* Unpack the journal and blobs of a submission archive into dest (which
 * must not exist) as a read-only session folder layout (dest/.gauntlet/),
 * so a reviewer can replay it with the session functions.  Does not
 * verify (run gnt_session_verify for that).  Returns 0, -EINVAL (not a
 * submission; err says why), -errno. */
int gnt_session_unpack_submission(const char *path, const char *dest, char *err, size_t errsz);

#endif
