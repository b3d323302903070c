/* store.h — the durable pieces under a session: BLAKE2b-256 hashes,
 * content-addressed blobs, and files written so that a crash leaves either
 * the old or the new content, never a mix. */
#ifndef GAUNTLET_SESSION_STORE_H
#define GAUNTLET_SESSION_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "files.h"

/* A hash as 64 lowercase hex digits + NUL. */
#define GNT_HASH_HEX 65

/* BLAKE2b-256 of buf as hex into out.  Cannot fail. */
void gnt_session_hash(const void *buf, size_t len, char out[GNT_HASH_HEX]);
/* True when s is 64 lowercase hex digits. */
bool gnt_session_hash_valid(const char *s);

/* Store buf as blob_dir/HASH (created durably if missing) and put its hash
 * in out.  Returns 0 or -errno. */
int gnt_session_blob_put(const char *blob_dir, const void *buf, size_t len, char out[GNT_HASH_HEX]);

/* Read blob HASH from blob_dir, checking its content against the name.
 * Returns 0, -ENOENT, -EBADMSG when the content does not match, -errno. */
int gnt_session_blob_get(const char *blob_dir, const char *hash, char **ret, size_t *ret_len);

struct grd_scratch;

/* Make a private scratch folder $TMPDIR/gauntlet-WHAT-XXXXXX (TMPDIR
 * defaults to /tmp) into ret, locked for the caller's life so that one a
 * killed command left is swept by the next gauntlet-WHAT- one (see
 * grd_scratch_create), with an empty folder work/ in it for the caller:
 * that folder's path into buf.  Release with grd_scratch_release, also on
 * failure.  0 or -errno. */
int gnt_session_mkdtemp(const char *what, struct grd_scratch *ret, char *buf, size_t size);

#endif
