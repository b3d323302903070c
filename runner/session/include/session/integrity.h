/* integrity.h — is a submission what gauntlet sealed?  Every submission
 * `gauntlet grade` grades (alone or in a batch) is checked exactly as
 * `gauntlet verify` checks it: gnt_session_verify (journal chain, record,
 * snapshots, code against the final snapshot, the bundle it answers, the
 * team's ticket) makes every finding; this module only turns them into a
 * verdict and reads the session's times from the journal, never from
 * submission.json.  Library code: returns 0 or -errno, never prints. */
#ifndef GAUNTLET_REVIEW_INTEGRITY_H
#define GAUNTLET_REVIEW_INTEGRITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

struct gnt_bundle;

enum gnt_integrity_verdict {
        GNT_INTEGRITY_UNVERIFIED, /* no journal and no submission record: a plain folder or archive */
        GNT_INTEGRITY_VERIFIED,   /* a sealed submission every check of `verify` passes */
        GNT_INTEGRITY_TAMPERED,   /* claims to be sealed, but at least one check fails */
};

/* Findings kept of one submission (then one line says how many more). */
#define GNT_INTEGRITY_MAX_FINDINGS 100

struct gnt_integrity {
        enum gnt_integrity_verdict verdict;
        /* Tampered: what was found, one line each, as `gauntlet verify`
         * prints them (ticket findings start with "ticket: ").
         * Unverified: one line saying why.  Verified: none. */
        char **findings;
        size_t n_findings;
        bool has_ticket, ticket_unchecked;   /* unchecked: no team key was given */
        char ticket_id[65], ticket_candidate[128];
};

/* What the submission must answer to; every field may be NULL. */
struct gnt_integrity_opts {
        const char *file_sha256;      /* the bundle file's SHA-256 (hex) */
        const char *public_hash;      /* its public part's hash, as a session computes it */
        const unsigned char *team_pk; /* 32-byte Ed25519 key tickets must be signed with */
        const char *candidate;        /* whom the reviewer has it from: the ticket must name them */
};

/* The session's times, read from its journal: the start entry (mode,
 * start) and the submit entry (submitted, effective deadline).  late and
 * overrun_s follow from those two times. */
struct gnt_journal_times {
        bool has_session;             /* the journal has a start entry */
        bool submitted_seen;          /* ... and a submit entry */
        char mode[16];
        int64_t started, deadline, submitted, overrun_s;
        bool late;
};

const char *gnt_integrity_name(enum gnt_integrity_verdict v);
/* -EINVAL for an unknown name. */
int gnt_integrity_from_name(const char *s);

/* Check the submission path (an archive or a folder, as given) whose files
 * lie in dir (the folder itself, or where the caller extracted the
 * archive).  Neither journal.jsonl nor submission.json in dir: unverified.
 * Otherwise gnt_session_verify decides: an archive is read as it is; a
 * folder is packed into a temporary archive first (regular files only: a
 * link or a special file is a finding).  A submission verify refuses to
 * read is tampered, with its reason as the finding.  *ret (release with
 * gnt_integrity_release) is set on success.  Returns 0, or -errno for
 * gauntlet's own failures (-ENOMEM, no temporary folder) with err set. */
int gnt_integrity_check(const char *path, const char *dir, const struct gnt_integrity_opts *o,
                        struct gnt_integrity *ret, char *err, size_t errsz);

/* Make ig unverified, with why as its one line.  0 or -ENOMEM. */
int gnt_integrity_unverified(struct gnt_integrity *ig, const char *why);

/* Add a finding (the verdict becomes tampered).  0 or -ENOMEM. */
int gnt_integrity_add(struct gnt_integrity *ig, const char *line);

void gnt_integrity_release(struct gnt_integrity *ig);

/* The hashes a session records of the bundle it started from, for the
 * bundle's file (hex, "" for a folder) and public part ("" without a single
 * problem: an assessment).  0 or -errno with
 * err set. */
int gnt_integrity_bundle_hashes(const struct gnt_bundle *b, char file_sha[65], char public_hash[65], char *err,
                                size_t errsz);

/* Read the times of the journal text (lines that do not parse are
 * skipped: whether the journal holds is the verdict's business). */
void gnt_journal_times_read(const char *journal, size_t len, struct gnt_journal_times *ret);

/* "2026-12-07 21:25:14 UTC" (to the second); "?" for no time. */
void gnt_review_fmt_utc(int64_t t, char *buf, size_t size);

/* {"verdict", "findings": [...], "ticket": null | {"id", "candidate",
 * "checked"}}; NULL on ENOMEM. */
cJSON *gnt_integrity_json(const struct gnt_integrity *ig);
/* The reverse (a missing or malformed object gives unverified with why).
 * Unknown verdicts read as tampered. */
void gnt_integrity_from_json(struct gnt_integrity *ig, const cJSON *o);

#endif
