/* snapshot.h — a snapshot of the candidate's code: every regular file of
 * the workspace stored as a content-addressed blob, listed as a JSON object
 * path -> hash (sorted by path).  The snapshot's id is the hash of that
 * object's compact text. */
#ifndef GAUNTLET_SESSION_SNAPSHOT_H
#define GAUNTLET_SESSION_SNAPSHOT_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "entry.h"
#include "store.h"

#define GNT_SNAPSHOT_MAX_FILES 2000
#define GNT_SNAPSHOT_MAX_FILE ((size_t)4 << 20)
#define GNT_SNAPSHOT_MAX_TOTAL ((size_t)32 << 20)

/* Walk code_dir (symlinks, dot files, editor backups "x~" and "#x#" are
 * left out), store each file in blob_dir, and return the path -> hash
 * object in *ret_files (caller deletes) and its id.  Returns 0, -EFBIG
 * (limits above), -errno; err says what and where. */
int gnt_session_snapshot_take(const char *code_dir, const char *blob_dir, cJSON **ret_files,
                              char ret_id[GNT_HASH_HEX], char *err, size_t errsz);

/* The id of a path -> hash object.  Returns 0, -EINVAL when files is not
 * an object of valid paths and hashes (err says which). */
int gnt_session_snapshot_id(const cJSON *files, char ret_id[GNT_HASH_HEX], char *err, size_t errsz);

/* True when path is a safe relative file path: no leading '/', no '.' or
 * '..' or empty component, no control characters. */
int gnt_session_path_safe(const char *path);

struct gnt_snapshot_rec;
struct gnt_snapshot_file;

/* A snapshot just taken, as an entry records it.  files and their strings
 * are one allocation, owned (gnt_snapshot_release). */
struct gnt_snapshot {
        char id[GNT_HASH_HEX];
        struct gnt_snapshot_file *files; /* sorted by path */
        size_t n;
};

/* gnt_session_snapshot_take as typed data.  Returns as that. */
int gnt_session_snapshot_new(const char *code_dir, const char *blob_dir, struct gnt_snapshot *ret, char *err,
                             size_t errsz);
void gnt_snapshot_release(struct gnt_snapshot *s);
/* The snapshot as an entry's d.snap (points into s). */
struct gnt_snapshot_rec gnt_snapshot_rec_of(const struct gnt_snapshot *s);

/* The id of a recorded snapshot, computed from its files (not the id it
 * claims).  0, -EINVAL (a path or hash is not valid; err says which). */
int gnt_snapshot_rec_id(const struct gnt_snapshot_rec *snap, char ret_id[GNT_HASH_HEX], char *err, size_t errsz);

/* Write the files of a recorded snapshot under dir (created if missing;
 * existing files are replaced), reading blob_dir.  Every path and hash is
 * checked first.  Returns 0 or -errno. */
int gnt_session_snapshot_restore(const struct gnt_snapshot_rec *snap, const char *blob_dir, const char *dir,
                                 char *err, size_t errsz);

#endif
