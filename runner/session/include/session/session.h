/* session.h — a timed session: a folder holding the candidate's workspace
 * (code/), the public part of the problem, and .gauntlet/ with the journal
 * and the snapshot blobs.  The session's state (deadline, pauses, last test
 * run, submitted or not) is always derived from the journal.  The same
 * functions back the plain commands and the screen.  No printing here. */
#ifndef GAUNTLET_SESSION_H
#define GAUNTLET_SESSION_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "journal.h"
#include "snapshot.h"
#include "store.h"

#define GNT_SESSION_META "/.gauntlet"
#define GNT_SESSION_JOURNAL "journal.jsonl"

struct grd_problem;
struct gnt_ticket;

struct gnt_session {
        char root[PATH_MAX];        /* the session folder */
        char meta[PATH_MAX];        /* root/.gauntlet */
        char code[PATH_MAX];        /* root/code: the workspace */
        char journal[PATH_MAX];     /* meta/journal.jsonl */
        char blobs[PATH_MAX];       /* meta/blobs */
        char problem_dir[PATH_MAX]; /* meta/problem: the public part */
        struct gnt_journal j;
        size_t recovered;           /* bytes of a torn line dropped on open */

        /* From the start entry (strings point into j). */
        const char *id, *title, *version, *mode, *public_hash, *grading;
        int64_t started, deadline;  /* deadline as fixed at start */
        bool mock;

        /* Derived from later entries. */
        int64_t paused_total;       /* seconds spent paused (mock only) */
        bool paused;
        int64_t paused_since;
        unsigned n_tests;
        const struct gnt_journal_entry *last_test, *submit;
};

/* What start needs to know.  problem_dir holds problem.json and the files
 * the manifest names; only the public part is copied. */
struct gnt_session_params {
        const struct grd_problem *problem;
        const char *source;      /* what the candidate gave: bundle or folder (its name is recorded) */
        const char *bundle_sha256; /* SHA-256 (hex) of the bundle file, NULL for a folder */
        bool mock;
        double minutes;          /* 0: the manifest's */
        const char *grading;     /* a grading bundle or folder for the end report, or NULL */
        const char *public_json; /* the candidate's problem.json (secrets removed) */
        /* The team's ticket (take-home only), or NULL.  Its minutes fix the
         * deadline; the start must fall in its window and the public part
         * must be the one it names; it is recorded (without its content
         * key) in the start entry. */
        const struct gnt_ticket *ticket;
};

/* Walk up from dir to the first folder holding .gauntlet/journal.jsonl;
 * its path into ret_root.  Returns 0 or -ENOENT. */
int gnt_session_find(const char *dir, char ret_root[PATH_MAX]);

enum {
        GNT_SESSION_REPAIR = 1u << 0, /* repair a torn last line (records "recovered") */
};

/* Open the session at root.  Returns 0, -ENOENT (no session there),
 * -EBADMSG (journal damaged: err says line and what), -errno. */
int gnt_session_open(const char *root, unsigned flags, struct gnt_session *ret, char *err, size_t errsz);
void gnt_session_release(struct gnt_session *s);

/* Create a session folder at root (which must not exist, be empty, or be a
 * session whose start never completed), copy the public part and the
 * starter code, and write the start entry.  Returns 0, -EEXIST (a session
 * is there already), -EKEYREJECTED (the ticket is for another bundle or
 * outside its window), -errno; err says what. */
int gnt_session_create(const char *root, const struct gnt_session_params *params, struct gnt_session *ret,
                       char *err, size_t errsz);

/* Copy the public part of a problem (statement, starter, public tests)
 * from its folder to dst, and write public_json there as problem.json.
 * Returns 0 or -errno. */
int gnt_session_copy_public(const struct grd_problem *p, const char *public_json, const char *dst, char *err,
                            size_t errsz);

/* The public-part hash of a problem, as a session started from it records
 * it (the public part copied to a scratch folder and hashed).  0 or -errno. */
int gnt_session_public_hash(const struct grd_problem *p, char ret[GNT_HASH_HEX], char *err, size_t errsz);

/* Hash of a folder's regular files (names and contents), as a snapshot id. */
int gnt_session_tree_hash(const char *dir, char ret[GNT_HASH_HEX], char *err, size_t errsz);

/* Effective deadline: the fixed one plus time spent paused. */
int64_t gnt_session_deadline(const struct gnt_session *s, int64_t now);
/* Seconds left at now (negative once over); frozen while paused. */
int64_t gnt_session_left(const struct gnt_session *s, int64_t now);

/* Append the entry d (typed: the journal encodes it, entry.h) and reload
 * the state.  0 or as gnt_journal_append. */
int gnt_session_record(struct gnt_session *s, const struct gnt_entry_data *d, char *err, size_t errsz);

/* Pause (mock only) / resume.  -EPERM for a take-home session, -EALREADY
 * when already in that state or submitted. */
int gnt_session_pause(struct gnt_session *s, bool pause, char *err, size_t errsz);

/* Take a snapshot of the workspace for an entry (release it); an entry
 * records it as its d.snap = gnt_snapshot_rec_of(snap). */
int gnt_session_snapshot(struct gnt_session *s, struct gnt_snapshot *ret, char *err, size_t errsz);

/* "YYYY-MM-DD HH:MM:SS UTC" into buf. */
const char *gnt_session_fmt_time(int64_t t, char *buf, size_t size);
/* "1h02m03s", "-4m05s" into buf. */
const char *gnt_session_fmt_duration(int64_t s, char *buf, size_t size);

#endif
