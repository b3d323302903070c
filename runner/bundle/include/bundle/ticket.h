/* ticket.h — tickets: the hiring team's signed, per-candidate grant to
 * start one bundle (which bundle, who, how many minutes, in which window),
 * carrying the key that opens a sealed bundle; and the team's ledger of the
 * tickets it issued.  The format is in docs/sessions.md, "Tickets".
 *
 * Errors as in bundle.h: 0 or a negative errno, one line in err. */
#ifndef GAUNTLET_BUNDLE_TICKET_H
#define GAUNTLET_BUNDLE_TICKET_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest ticket file read. */
#define GNT_TICKET_MAX_FILE 16384
/* Longest candidate name, in bytes. */
#define GNT_TICKET_CANDIDATE_MAX 127
/* Most minutes a ticket may grant (a week). */
#define GNT_TICKET_MINUTES_MAX 10080

struct gnt_ticket {
        char id[65];              /* 32 random bytes, hex */
        char key_id[17];          /* the signing key's id */
        char candidate[GNT_TICKET_CANDIDATE_MAX + 1];
        char problem_id[65], problem_version[33];
        char bundle_sha256[65];   /* SHA-256 of the bundle file handed out */
        char public_hash[65];     /* its public part, as a session computes it */
        long long minutes;
        long long not_before, not_after; /* the window start must fall in, Unix seconds */
        long long issued;
        uint8_t sig[64];
        bool has_content_key;     /* a sealed bundle's key rides along, outside the signature */
        uint8_t content_key[32];
};

/* Parse a ticket from JSON text (a ticket file) or from a parsed object
 * (a journal's start entry): every member checked, unknown members
 * refused.  Does not check the signature.  *ret untouched on failure.
 * -EINVAL (err says which member), -ENOMEM. */
int gnt_ticket_parse(const char *text, size_t len, struct gnt_ticket *ret, char *err, size_t errsz);
int gnt_ticket_from_json(const cJSON *o, struct gnt_ticket *ret, char *err, size_t errsz);

/* Read and parse the ticket file at path (at most GNT_TICKET_MAX_FILE
 * bytes).  -ENOENT and other -errno, -EINVAL. */
int gnt_ticket_read(const char *path, struct gnt_ticket *ret, char *err, size_t errsz);

/* The ticket as a JSON object (caller deletes); with_key adds the content
 * key (the file given to the candidate), without it is what a journal and
 * the ledger record.  NULL when out of memory. */
cJSON *gnt_ticket_json(const struct gnt_ticket *t, bool with_key);

/* Sign t with the secret key file: sets id (random), key_id, issued (when
 * 0: now) and sig over the other fields.  -EINVAL (a field out of range,
 * or not a key), -errno. */
int gnt_ticket_sign(struct gnt_ticket *t, const char *seckey, char *err, size_t errsz);

/* Check t's signature against the team's public key pk (32 bytes).
 * 0 when signed by pk and unchanged; -EKEYREJECTED with why ("signed by
 * key X, not the team's key Y", "signature does not match ...") otherwise. */
int gnt_ticket_verify(const struct gnt_ticket *t, const uint8_t pk[32], char *why, size_t whysz);

/* The ledger beside a secret key: "team.key" -> "team.tickets.jsonl". */
void gnt_ticket_ledger_path(const char *seckey, char *out, size_t sz);

/* Append t (without its content key) as one line to the ledger at path,
 * created 0600 if missing, under an exclusive lock, fsync'd.  -errno. */
int gnt_ticket_ledger_append(const char *path, const struct gnt_ticket *t, char *err, size_t errsz);

/* Every ticket of the ledger at path, in order (*ret freed by the caller).
 * A line that is not a ticket: -EINVAL, err names the line. */
int gnt_ticket_ledger_read(const char *path, struct gnt_ticket **ret, size_t *ret_n, char *err, size_t errsz);

#endif
