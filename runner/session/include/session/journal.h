/* journal.h — the session journal: JSON lines, each fsync'd and chained to
 * the one before by the BLAKE2b-256 hash of that line's bytes.  The reader
 * never trusts its input: any damage is reported as "line N: what". */
#ifndef GAUNTLET_SESSION_JOURNAL_H
#define GAUNTLET_SESSION_JOURNAL_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "entry.h"
#include "store.h"

/* Hash standing in for the line before the first. */
#define GNT_JOURNAL_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"
/* Longest line accepted (a test entry with its results summary). */
#define GNT_JOURNAL_MAX_LINE ((size_t)1 << 20)
#define GNT_JOURNAL_MAX_SIZE ((size_t)64 << 20)

struct gnt_journal_entry {
        unsigned long seq;        /* 1-based, equals the line number */
        const char *type;         /* points into json */
        int64_t time;             /* seconds since the epoch */
        char hash[GNT_HASH_HEX];  /* hash of this line's bytes (the next "prev") */
        size_t offset, len;       /* of the line in the journal, newline excluded */
        struct gnt_entry_data d;  /* the line as typed data: what readers use */
        /* The parsed line, owned: for the journal's own checks (`verify`
         * reads the members strictly) and for printing it whole; other
         * readers use d. */
        cJSON *json;
};

struct gnt_journal {
        struct gnt_journal_entry *entries;
        size_t n;
        size_t valid_len;   /* bytes up to and including the last complete line */
        size_t torn_len;    /* bytes after it (an unfinished last line), 0 if none */
};

enum {
        /* A last line without its newline is reported in torn_len instead of
         * being an error (the journal can then be repaired). */
        GNT_JOURNAL_ALLOW_TORN = 1u << 0,
};

/* Parse and check buf: every line a JSON object with "seq" (its line
 * number), "prev" (the hash of the previous line, GENESIS for the first),
 * a known "type", an integer "time" not before the previous entry's; the
 * first entry a start, no entry after a submit.  Returns 0 with *ret
 * filled (release with gnt_journal_release), or -EBADMSG with a message
 * "line N: ..." in err; -ENOMEM. */
int gnt_journal_parse(const char *buf, size_t len, unsigned flags, struct gnt_journal *ret, char *err,
                      size_t errsz);

void gnt_journal_release(struct gnt_journal *j);

/* Hash of the last line (GENESIS when empty). */
const char *gnt_journal_head(const struct gnt_journal *j);

/* Last entry of the given type (NULL type: last entry at all), or NULL. */
const struct gnt_journal_entry *gnt_journal_last(const struct gnt_journal *j, const char *type);

/* Known entry types. */
bool gnt_journal_type_known(const char *type);

/* Read the journal at path (ALLOW_TORN), and when its last line is torn,
 * truncate to the last complete entry, fsync, and append a "recovered"
 * entry recording how many bytes were dropped and their hash.  Then append
 * the entry d, encoded by gnt_entry_line (its type is d->kind; "seq",
 * "prev" and "time" are the journal's).  The whole step holds an exclusive
 * lock on the journal.  *ret_recovered (may be NULL) is set to the bytes
 * dropped.  When ret is not NULL, it receives the journal as it is after
 * the append.  Returns 0, -EBADMSG (err says which line is damaged),
 * -EALREADY (submitted: the journal is closed), -EINVAL (unknown kind), or
 * -errno (err says what failed). */
int gnt_journal_append(const char *path, const struct gnt_entry_data *d, size_t *ret_recovered,
                       struct gnt_journal *ret, char *err, size_t errsz);

/* Create a new journal at path holding only the entry d.  Fails with
 * -EEXIST when a non-empty journal is there.  The folder is fsync'd so the
 * new file survives a crash. */
int gnt_journal_create(const char *path, const struct gnt_entry_data *d, char *err, size_t errsz);
/* The same with the entry's time given (seconds since the epoch), for a
 * start whose deadline is computed from that very time. */
int gnt_journal_create_at(const char *path, int64_t time, const struct gnt_entry_data *d, char *err,
                          size_t errsz);

/* Read and parse the journal at path without changing it.  A torn last
 * line is allowed (reported in torn_len).  Returns as gnt_journal_parse, or
 * -errno on read errors. */
int gnt_journal_load(const char *path, struct gnt_journal *ret, char *err, size_t errsz);

#endif
