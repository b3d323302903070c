/* internal.h — pieces shared by the bundle sources; not for other modules. */
#ifndef GAUNTLET_BUNDLE_INTERNAL_H
#define GAUNTLET_BUNDLE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bundle/bundle.h"

struct archive;

/* Copy in, replacing each 0 by the default. */
void gnt_bundle_limits_fill(const struct gnt_bundle_limits *in, struct gnt_bundle_limits *out);

/* Quote a raw entry name for a message (\xNN for anything unprintable). */
void gnt_bundle_quote(const char *s, char *out, size_t sz);

/* Check a raw entry name against the limits and normalise it into out.
 * Returns NULL, or the reason it is refused. */
const char *gnt_bundle_name_check(const char *raw, const struct gnt_bundle_limits *l, char *out, size_t sz,
                                  unsigned *ret_depth);

/* Strict UTF-8 without C0/C1 control characters (names.c). */
bool gnt_bundle_utf8_ok(const char *s, size_t n);

/* The set of names an archive has shown (names.c). */
enum gnt_bundle_seen_kind { SEEN_IMPLICIT_DIR, SEEN_DIR, SEEN_FILE };

struct gnt_bundle_seen_slot {
        char *lower, *orig;
        enum gnt_bundle_seen_kind kind;
};

struct gnt_bundle_seen {
        struct gnt_bundle_seen_slot *slots;
        size_t cap, n;
        bool exact; /* compare names exactly, letter case included */
};

void gnt_bundle_seen_release(struct gnt_bundle_seen *s);
/* Record path (a normal form) as kind; NULL, or why it is refused (a
 * duplicate, a file under a file, ...) with *rc set on a failure. */
const char *gnt_bundle_seen_record(struct gnt_bundle_seen *s, const char *path, enum gnt_bundle_seen_kind kind,
                                   int *rc);
/* Whether path was recorded as a file. */
bool gnt_bundle_seen_is_file(struct gnt_bundle_seen *s, const char *path);

/* A libarchive reader with only the formats (tar, zip, 7zip) and filters
 * (gzip, bzip2, xz, lzma, zstd) bundles may use; tar_only: tar, plain or
 * gzip'd. */
struct archive *gnt_bundle_reader_new(bool tar_only);

/* Standard base64 with padding; out needs 4 * ((n + 2) / 3) + 1 bytes. */
void gnt_b64_encode(const uint8_t *in, size_t n, char *out);
/* Decode exactly want bytes from a line of base64 (trailing white space
 * allowed).  -EINVAL when it does not decode to exactly want bytes. */
int gnt_b64_decode(const char *in, uint8_t *out, size_t want);

/* The key id: the first 8 bytes of BLAKE2b-256 of the public key, in hex. */
void gnt_key_id(const uint8_t pk[32], char out[17]);

/* Read the secret key file seckey (64 bytes: seed || public key) and its
 * key id, checked against the key inside.  The caller wipes sk. */
int gnt_bundle_seckey_read(const char *seckey, uint8_t sk[64], char id[17], char *err, size_t errsz);

/* Sealed bundles (sealed.c).  Add the sealed form of inner (the public
 * bundle's bytes) to w: GNT_SEALED_DATA, then GNT_SEALED_COVER made from
 * p.  -EINVAL not a key, -ENOMEM, -EIO. */
int gnt_bundle_seal_write(const struct grd_problem *p, const void *inner, size_t len, const char *seckey,
                          struct gnt_bundle_writer *w, char *err, size_t errsz);
/* Read the cover in dir (an extracted sealed bundle) into *ret_cover and
 * its seal id; with key, also decrypt the content into *ret_plain (both
 * freed by the caller).  -EINVAL not a sealed bundle, -EKEYREJECTED the
 * key does not open it, -errno. */
int gnt_bundle_seal_open(const char *dir, const uint8_t *key, char **ret_cover, char ret_seal_id[65],
                         void **ret_plain, size_t *ret_len, char *err, size_t errsz);

/* Check that seckey is a readable, well-formed secret key file. */
int gnt_bundle_seckey_check(const char *seckey, char *err, size_t errsz);

#endif
