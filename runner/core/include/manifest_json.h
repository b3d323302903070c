/* manifest_json.h — what problem.json and assessment.json have in common:
 * typed getters that write one error line naming the file and the field
 * path, unknown-key checks, and the one read, parse and check sequence both
 * go through.  Internal to the manifest sources (manifest.c, assessment.c);
 * the public interface is manifest.h. */
#ifndef GAUNTLET_MANIFEST_JSON_H
#define GAUNTLET_MANIFEST_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "manifest.h"

/* The top-level manifest format this reader understands. */
#define GNT_MANIFEST_FORMAT 1

/* Where a message goes: the file it names and the caller's buffer (err may
 * be NULL). */
struct gnt_json_ctx {
        const char *file;
        char *err;
        size_t errsz;
};

/* Write "FILE: FIELD: message" ("FILE: message" when field is NULL or
 * empty) into c->err.  Returns -EINVAL. */
int gnt_json_fail(struct gnt_json_ctx *c, const char *field, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* A short description of a JSON value for "got ..." in messages: written
 * into buf, or a constant string. */
const char *gnt_json_describe(const cJSON *v, char *buf, size_t sz);

/* "got %s" of v, for a function holding a local char got_buf[128]. */
#define GOT(v) gnt_json_describe((v), got_buf, sizeof got_buf)

/* Return from the calling function when expr is negative. */
#define TRY(expr)                      \
        do {                           \
                int r_ = (expr);       \
                if (r_ < 0)            \
                        return r_;     \
        } while (0)

/* The field path parent.key, with the key quoted as gnt_json_check_keys
 * would (control bytes as \xNN, cut at 64 bytes). */
void gnt_json_join(char *out, size_t sz, const char *parent, const char *key);

/* Refuse any member of obj whose name is not in the NULL-terminated list
 * allowed.  0 or -EINVAL. */
int gnt_json_check_keys(struct gnt_json_ctx *c, const cJSON *obj, const char *path,
                        const char *const *allowed);

/* Typed getters of obj[key], path naming obj in messages ("" at the top).
 * Each returns 0 with *out set, 1 when the key is absent and not required
 * (*out untouched, but get_object sets it to NULL), -EINVAL with the
 * message written, or -ENOMEM. */
int gnt_json_get_object(struct gnt_json_ctx *c, const cJSON *obj, const char *key, const char *path,
                        bool required, const cJSON **out);
/* 1 to maxlen bytes, no control characters; *out (freed first) is a copy. */
int gnt_json_get_string(struct gnt_json_ctx *c, const cJSON *obj, const char *key, const char *path,
                        bool required, size_t maxlen, char **out);
/* A number in [lo, hi]; lo_open makes the low end exclusive, hi >= 1e300
 * means no upper bound; integer refuses a fraction. */
int gnt_json_get_number(struct gnt_json_ctx *c, const cJSON *obj, const char *key, const char *path,
                        bool required, double lo, bool lo_open, double hi, bool integer, double *out);
/* An integer in [lo, hi]; for get_uint hi is at most UINT_MAX and *out
 * holds its default (it is read). */
int gnt_json_get_uint(struct gnt_json_ctx *c, const cJSON *obj, const char *key, const char *path,
                      bool required, double lo, double hi, unsigned *out);
int gnt_json_get_u64(struct gnt_json_ctx *c, const cJSON *obj, const char *key, const char *path,
                     bool required, double lo, double hi, uint64_t *out);
/* One of the NULL-terminated names; *out is its index. */
int gnt_json_get_enum(struct gnt_json_ctx *c, const cJSON *obj, const char *key, const char *path,
                      bool required, const char *const *names, int *out);
/* A path inside the problem folder (gnt_manifest_path_ok); *out a copy. */
int gnt_json_get_path(struct gnt_json_ctx *c, const cJSON *obj, const char *key, const char *path,
                      bool required, char **out);

/* The fields every manifest starts with, in this order: "format" (which
 * must be GNT_MANIFEST_FORMAT), "id" (^[a-z0-9][a-z0-9-]{0,63}$) and
 * "title" (1 to 200 bytes).  0, -EINVAL or -ENOMEM. */
int gnt_json_get_head(struct gnt_json_ctx *c, const cJSON *root, int *format, char **id, char **title);

/* The index of s in the NULL-terminated names, or -1. */
int gnt_json_enum_index(const char *const *names, const char *s);
/* The names as "\"a\", \"b\" or \"c\"", for messages. */
void gnt_json_enum_list(const char *const *names, char *buf, size_t sz);

/* True when inner is outer or lies inside it ('/'-separated paths). */
bool gnt_json_path_within(const char *outer, const char *inner);

/* Check that rel exists under dirfd as a folder (want_dir) or a regular
 * file, walking every component without following a symlink.  Messages
 * name field.  0, -ENOENT (missing), -EINVAL (a symlink, a wrong type) or
 * another -errno. */
int gnt_json_check_path(struct gnt_json_ctx *c, int dirfd, const char *field, const char *rel,
                        bool want_dir);

/* One kind of manifest, as the shared reader sees it.  The object it
 * fills is size bytes, starts zeroed, and holds at dir_offset the char *
 * that a load sets to the folder's absolute path. */
struct gnt_manifest_kind {
        const char *file;         /* the file a load reads; the name in messages by default */
        const char *const *keys;  /* the top-level fields allowed */
        size_t size;
        size_t dir_offset;
        /* Fill obj from root, a JSON object whose keys are checked. */
        int (*parse)(struct gnt_json_ctx *c, const cJSON *root, void *obj);
        /* For a load: check what obj names against the folder dirfd. */
        int (*check)(struct gnt_json_ctx *c, int dirfd, const void *obj);
        /* Free what obj owns (after a failure, partly filled). */
        void (*release)(void *obj);
};

/* Parse text as a manifest of kind k (name in messages, k->file when NULL)
 * into *ret, which is untouched on failure.  Returns as gnt_manifest_parse. */
int gnt_manifest_parse_kind(const struct gnt_manifest_kind *k, const char *text, size_t len,
                            const char *name, void *ret, char *err, size_t errsz);

/* Read DIR/k->file (gnt_manifest_read_file), parse it, run k->check on the
 * folder and set the absolute path.  *ret is untouched on failure.
 * Returns as gnt_manifest_load. */
int gnt_manifest_load_kind(const struct gnt_manifest_kind *k, const char *dir, void *ret, char *err,
                           size_t errsz);

#endif
