/* entry.h — journal entries as typed data.  The journal decodes each line
 * once, when it is read (gnt_journal_parse), and encodes each new line
 * from the same structs (gnt_entry_line); everything above it reads and
 * writes these structs, never the JSON.  Strings point into the journal and live
 * as long as it does; a member the line lacks is NULL / 0 / -1 as noted.
 * The formats are in docs/sessions.md ("The journal"). */
#ifndef GAUNTLET_SESSION_ENTRY_H
#define GAUNTLET_SESSION_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum gnt_entry_kind {
        GNT_ENTRY_START,
        GNT_ENTRY_TEST,
        GNT_ENTRY_PAUSE,
        GNT_ENTRY_RESUME,
        GNT_ENTRY_REOPEN,
        GNT_ENTRY_RECOVERED,
        GNT_ENTRY_SUBMIT,
        _GNT_ENTRY_MAX,
};

/* "start", "test", ...; NULL when out of range. */
const char *gnt_entry_kind_name(enum gnt_entry_kind k);
/* -1 when unknown. */
int gnt_entry_kind_from_name(const char *name);

struct gnt_snapshot_file {
        const char *path, *hash;
};

/* The "snapshot" member of a start, test or submit entry. */
struct gnt_snapshot_rec {
        const char *id;                 /* NULL: the entry has none */
        struct gnt_snapshot_file *files; /* as recorded (sorted by path when written by gauntlet) */
        size_t n;
};

struct gnt_ticket;

/* The machine a session was started on (the start entry's "host"). */
struct gnt_entry_host {
        const char *system, *release, *machine, *hostname; /* NULL: unknown, left out */
        int64_t cpus, uid;              /* -1 when absent */
        const char *go;                 /* Go toolchain version; NULL: none found, left out */
};

struct gnt_entry_start {
        int format;                     /* 1 when absent */
        const char *problem_id, *title, *version, *language;
        const char *source, *file_sha256, *public_hash; /* the bundle */
        const char *mode;               /* "take-home" or "mock" */
        double minutes;                 /* -1 when absent */
        int64_t deadline;               /* -1 when absent */
        const char *grading;            /* mock: what grades the submission */
        const char *gauntlet;           /* the version that started it */
        struct gnt_entry_host host;
        bool has_ticket;
        const char *ticket_id, *ticket_candidate;
        double ticket_minutes;          /* -1 when absent */
        /* Writing only: the ticket to record (without its content key).
         * Reading fills has_ticket and the ticket_ members instead. */
        const struct gnt_ticket *ticket;
};

struct gnt_test_rec {
        const char *name, *result;      /* result: "pass", "fail", "skip" */
        double elapsed_s;
};

struct gnt_entry_test {
        const char *status;             /* "ok", "build-failed", "error" */
        long passed, failed, skipped;
        double wall_s;
        const char *output;             /* blob of the failure texts, or NULL */
        bool after_deadline;
        struct gnt_test_rec *tests;
        size_t n_tests;
};

struct gnt_entry_submit {
        int64_t submitted, deadline;    /* -1 when absent */
        bool late;
        int64_t overrun_s;
};

struct gnt_entry_recovered {
        int64_t dropped_bytes;
        const char *dropped_hash;
};

struct gnt_entry_reopen {
        const char *reason;             /* "resumed", "torn last line"; NULL when absent */
        const char *hostname;           /* where it was resumed; NULL: unknown, left out */
};

/* What a line holds beyond seq, prev, type and time. */
struct gnt_entry_data {
        enum gnt_entry_kind kind;
        struct gnt_snapshot_rec snap;
        union {
                struct gnt_entry_start start;
                struct gnt_entry_test test;
                struct gnt_entry_submit submit;
                struct gnt_entry_recovered recovered;
                struct gnt_entry_reopen reopen;
        } u;
};

struct cJSON;

/* The line recording d as entry number seq after the line hashed prev, at
 * time (seconds since the epoch), newline included: "seq", "prev", "type"
 * and "time" first, then d's members in the order docs/sessions.md gives.
 * What is written is what has always been written: members a writer
 * leaves NULL are left out (bundle.file_sha256 is written as null), the
 * numbers as given (round them before).  The snapshot is written when
 * d->snap.id is set (start, test and submit entries have one).  Malloc'd;
 * NULL when out of memory or d->kind is unknown. */
char *gnt_entry_line(unsigned long seq, const char *prev, int64_t time, const struct gnt_entry_data *d);

/* Decode the parsed line o of kind k into *ret (strings point into o).
 * Members of the wrong JSON type read as absent: whether a line is well
 * formed is the journal reader's and `verify`'s to say.  0 or -ENOMEM. */
int gnt_entry_decode(const struct cJSON *o, enum gnt_entry_kind k, struct gnt_entry_data *ret);
/* Free what gnt_entry_decode allocated (not the strings). */
void gnt_entry_data_release(struct gnt_entry_data *d);

/* One line read leniently, without the journal's checks (chain, order):
 * for what a journal that may be damaged or forged claims, e.g. the times
 * a review shows next to `verify`'s findings. */
struct gnt_entry_line {
        int64_t time;                   /* -1 when absent */
        struct gnt_entry_data d;
        struct cJSON *json;             /* owned */
};

/* 0 with *ret (release it), -EINVAL when the line is not a JSON object with
 * a known "type", -ENOMEM. */
int gnt_entry_line_parse(const char *line, size_t len, struct gnt_entry_line *ret);
void gnt_entry_line_release(struct gnt_entry_line *l);

#endif
