/* manifest_json.c — the strict reader under problem.json and
 * assessment.json: JSON parsed with duplicate keys, NUL bytes and trailing
 * data refused, typed getters whose errors name the file and the field
 * path, and the one read, parse and check sequence of both manifests. */
#include "manifest_json.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "sbx_file.h"

const char *gnt_errstr(int e)
{
        static _Thread_local char buf[128];
        snprintf(buf, sizeof buf, "%s", strerror(e < 0 ? -e : e));
        if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
                buf[0] = (char)(buf[0] - 'A' + 'a');
        return buf;
}

int gnt_json_fail(struct gnt_json_ctx *c, const char *field, const char *fmt, ...)
{
        if (c->err && c->errsz) {
                int n = snprintf(c->err, c->errsz, field && *field ? "%s: %s: " : "%s: ", c->file, field);
                if (n >= 0 && (size_t)n < c->errsz) {
                        va_list ap;
                        va_start(ap, fmt);
                        vsnprintf(c->err + n, c->errsz - (size_t)n, fmt, ap);
                        va_end(ap);
                }
        }
        return -EINVAL;
}

/* A short description of a JSON value for "got ..." in messages. */
const char *gnt_json_describe(const cJSON *v, char *buf, size_t sz)
{
        if (!v)
                return "nothing";
        if (cJSON_IsString(v)) {
                size_t o = 0;
                buf[o++] = '"';
                for (const char *s = v->valuestring; *s && o + 8 < sz; s++) {
                        unsigned char ch = (unsigned char)*s;
                        if (ch < 0x20 || ch == 0x7f)
                                o += (size_t)snprintf(buf + o, sz - o, "\\x%02x", ch);
                        else
                                buf[o++] = (char)ch;
                }
                if (strlen(v->valuestring) > 40 && o + 4 < sz)
                        o += (size_t)snprintf(buf + o, sz - o, "...");
                snprintf(buf + o, sz - o, "\"");
                return buf;
        }
        if (cJSON_IsNumber(v)) {
                snprintf(buf, sz, "%.17g", v->valuedouble);
                return buf;
        }
        if (cJSON_IsBool(v))
                return cJSON_IsTrue(v) ? "true" : "false";
        if (cJSON_IsNull(v))
                return "null";
        if (cJSON_IsArray(v))
                return "an array";
        return "an object";
}

/* A key from the input as it may appear in a message: control bytes as
 * \xNN, cut at 64 bytes, so an error always stays one line. */
static const char *key_text(const char *k, char *buf, size_t sz)
{
        size_t o = 0;
        for (size_t i = 0; k[i] && o + 8 < sz; i++) {
                unsigned char ch = (unsigned char)k[i];
                if (i >= 64) {
                        o += (size_t)snprintf(buf + o, sz - o, "...");
                        break;
                }
                if (ch < 0x20 || ch == 0x7f || ch == '"' || ch == '\\')
                        o += (size_t)snprintf(buf + o, sz - o, "\\x%02x", ch);
                else
                        buf[o++] = (char)ch;
        }
        buf[o] = '\0';
        return buf;
}

void gnt_json_join(char *out, size_t sz, const char *parent, const char *key_raw)
{
        char kb[300];
        const char *key = key_text(key_raw, kb, sizeof kb);
        snprintf(out, sz, parent && *parent ? "%s.%s" : "%s", parent && *parent ? parent : key, key);
}

/* Duplicate keys: cJSON keeps them all as children and finds only the
 * first, so a second "weight" would be silently ignored.  Walk every
 * object and refuse any name that appears twice. */
static int check_duplicates(struct gnt_json_ctx *c, const cJSON *v, const char *path)
{
        char sub[256];
        if (cJSON_IsObject(v)) {
                /* The pairwise check below is quadratic; no manifest object
                 * comes near this many keys. */
                if (cJSON_GetArraySize(v) > 256)
                        return gnt_json_fail(c, path, "more than 256 keys in one object");
                for (const cJSON *a = v->child; a; a = a->next) {
                        for (const cJSON *b = a->next; b; b = b->next)
                                if (strcmp(a->string, b->string) == 0) {
                                        char kb[300];
                                        gnt_json_join(sub, sizeof sub, path, a->string);
                                        return gnt_json_fail(c, sub, "duplicate key \"%s\"",
                                                             key_text(a->string, kb, sizeof kb));
                                }
                        gnt_json_join(sub, sizeof sub, path, a->string);
                        int r = check_duplicates(c, a, sub);
                        if (r < 0)
                                return r;
                }
        } else if (cJSON_IsArray(v)) {
                int i = 0;
                for (const cJSON *a = v->child; a; a = a->next, i++) {
                        snprintf(sub, sizeof sub, "%s[%d]", path, i);
                        int r = check_duplicates(c, a, sub);
                        if (r < 0)
                                return r;
                }
        }
        return 0;
}

int gnt_json_check_keys(struct gnt_json_ctx *c, const cJSON *obj, const char *path,
                        const char *const *allowed)
{
        char sub[256];
        for (const cJSON *a = obj->child; a; a = a->next) {
                bool ok = false;
                for (const char *const *k = allowed; *k && !ok; k++)
                        ok = strcmp(*k, a->string) == 0;
                if (!ok) {
                        char kb[300];
                        gnt_json_join(sub, sizeof sub, path, a->string);
                        return gnt_json_fail(c, sub, "unknown field \"%s\"",
                                             key_text(a->string, kb, sizeof kb));
                }
        }
        return 0;
}

/* Parse text as exactly one JSON value, with nothing but white space after
 * it, no NUL bytes, and no duplicate keys. */
int gnt_json_parse_strict(const char *text, size_t len, const char *file, cJSON **ret, char *err,
                          size_t errsz)
{
        return gnt_json_parse_strict_max(text, len, GNT_MANIFEST_MAX_BYTES, file, ret, err, errsz);
}

int gnt_json_parse_strict_max(const char *text, size_t len, size_t max, const char *file, cJSON **ret, char *err,
                              size_t errsz)
{
        struct gnt_json_ctx c = {.file = file, .err = err, .errsz = errsz};
        if (len > max) {
                gnt_json_fail(&c, NULL, "file is %zu bytes, the limit is %zu", len, max);
                return -EFBIG;
        }
        if (memchr(text, '\0', len))
                return gnt_json_fail(&c, NULL, "contains a NUL byte at offset %zu",
                                     (size_t)((const char *)memchr(text, '\0', len) - text));
        /* cJSON would cut a string at an escaped NUL without a word. */
        for (size_t i = 0; i + 6 <= len; i++)
                if (memcmp(text + i, "\\u0000", 6) == 0)
                        return gnt_json_fail(&c, NULL, "contains an escaped NUL (\\u0000) at offset %zu", i);
        char *copy = malloc(len + 1);
        if (!copy)
                return -ENOMEM;
        memcpy(copy, text, len);
        copy[len] = '\0';
        const char *end = NULL;
        cJSON *root = cJSON_ParseWithLengthOpts(copy, len + 1, &end, false);
        int r = 0;
        if (!root) {
                /* end points at the failure: say line and column. */
                size_t off = end && end >= copy && end <= copy + len ? (size_t)(end - copy) : len;
                unsigned line = 1, col = 1;
                for (size_t i = 0; i < off; i++, col++)
                        if (copy[i] == '\n')
                                line++, col = 0;
                r = off >= len ? gnt_json_fail(&c, NULL, "not valid JSON: unexpected end of file")
                               : gnt_json_fail(&c, NULL, "not valid JSON at line %u, column %u", line, col);
                goto out;
        }
        for (const char *p = end; p && p < copy + len; p++)
                if (!strchr(" \t\r\n", *p)) {
                        r = gnt_json_fail(&c, NULL, "trailing data after the JSON value at offset %zu",
                                          (size_t)(p - copy));
                        goto out;
                }
        r = check_duplicates(&c, root, "");
out:
        free(copy);
        if (r < 0) {
                cJSON_Delete(root);
                return r;
        }
        *ret = root;
        return 0;
}

/* ---- typed getters: each returns 0, 1 when absent (and not required), or
 * -EINVAL with the message written ---- */

/* Look up obj[key] and write its field path into sub.  0 with *ret set
 * when it is present and is (unless NULL) accepts it; otherwise as the
 * getters, the message saying that `what` was expected. */
static int member(struct gnt_json_ctx *c, const cJSON *obj, const char *key, const char *path, bool required,
                  cJSON_bool (*is)(const cJSON *), const char *what, char sub[static 256], const cJSON **ret)
{
        char got_buf[128];
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
        gnt_json_join(sub, 256, path, key);
        if (!v)
                return required ? gnt_json_fail(c, sub, "missing (expected %s)", what) : 1;
        if (is && !is(v))
                return gnt_json_fail(c, sub, "expected %s, got %s", what, GOT(v));
        *ret = v;
        return 0;
}

int gnt_json_get_object(struct gnt_json_ctx *c, const cJSON *obj, const char *key, const char *path,
                        bool required, const cJSON **out)
{
        char sub[256];
        *out = NULL;
        return member(c, obj, key, path, required, cJSON_IsObject, "an object", sub, out);
}

int gnt_json_get_string(struct gnt_json_ctx *c, const cJSON *obj, const char *key, const char *path,
                        bool required, size_t maxlen, char **out)
{
        char sub[256], got_buf[128];
        const cJSON *v = NULL;
        int r = member(c, obj, key, path, required, cJSON_IsString, "a string", sub, &v);
        if (r != 0)
                return r;
        size_t n = strlen(v->valuestring);
        if (n == 0 || n > maxlen)
                return gnt_json_fail(c, sub, "expected a string of 1 to %zu bytes, got %s", maxlen, GOT(v));
        for (const unsigned char *s = (const unsigned char *)v->valuestring; *s; s++)
                if (*s < 0x20 || *s == 0x7f)
                        return gnt_json_fail(c, sub, "expected a string without control characters, got %s",
                                             GOT(v));
        char *d = strdup(v->valuestring);
        if (!d)
                return -ENOMEM;
        free(*out);
        *out = d;
        return 0;
}

/* A number in [lo, hi]; lo_open makes the low end exclusive. */
int gnt_json_get_number(struct gnt_json_ctx *c, const cJSON *obj, const char *key, const char *path,
                        bool required, double lo, bool lo_open, double hi, bool integer, double *out)
{
        char sub[256], got_buf[128], want[96];
        const char *kind = integer ? "an integer" : "a number";
        if (hi >= 1e300)
                snprintf(want, sizeof want, "%s %s %g", kind, lo_open ? ">" : ">=", lo);
        else
                snprintf(want, sizeof want, "%s %s %g and <= %g", kind, lo_open ? ">" : ">=", lo, hi);
        const cJSON *v = NULL;
        int r = member(c, obj, key, path, required, cJSON_IsNumber, want, sub, &v);
        if (r != 0)
                return r;
        double d = v->valuedouble;
        if (!isfinite(d) || (integer && d != floor(d)) || (lo_open ? d <= lo : d < lo) || d > hi)
                return gnt_json_fail(c, sub, "expected %s, got %s", want, GOT(v));
        *out = d;
        return 0;
}

int gnt_json_get_u64(struct gnt_json_ctx *c, const cJSON *obj, const char *key, const char *path,
                     bool required, double lo, double hi, uint64_t *out)
{
        double d;
        int r = gnt_json_get_number(c, obj, key, path, required, lo, false, hi, true, &d);
        if (r == 0)
                *out = (uint64_t)d;
        return r;
}

/* hi is at most UINT_MAX, so the value fits; *out, given its default,
 * keeps it unless a value is read. */
int gnt_json_get_uint(struct gnt_json_ctx *c, const cJSON *obj, const char *key, const char *path,
                      bool required, double lo, double hi, unsigned *out)
{
        uint64_t v = *out;
        int r = gnt_json_get_u64(c, obj, key, path, required, lo, hi, &v);
        *out = (unsigned)v;
        return r;
}

int gnt_json_enum_index(const char *const *names, const char *s)
{
        for (int i = 0; names[i]; i++)
                if (strcmp(names[i], s) == 0)
                        return i;
        return -1;
}

void gnt_json_enum_list(const char *const *names, char *buf, size_t sz)
{
        size_t o = 0;
        buf[0] = '\0';
        for (int i = 0; names[i] && o < sz; i++)
                o += (size_t)snprintf(buf + o, sz - o, "%s\"%s\"", i ? (names[i + 1] ? ", " : " or ") : "",
                                      names[i]);
}

int gnt_json_get_enum(struct gnt_json_ctx *c, const cJSON *obj, const char *key, const char *path,
                      bool required, const char *const *names, int *out)
{
        char sub[256], got_buf[128], want[256];
        size_t o = (size_t)snprintf(want, sizeof want, "one of ");
        gnt_json_enum_list(names, want + o, sizeof want - o);
        const cJSON *v = NULL;
        int r = member(c, obj, key, path, required, cJSON_IsString, want, sub, &v);
        if (r != 0)
                return r;
        int i = gnt_json_enum_index(names, v->valuestring);
        if (i < 0)
                return gnt_json_fail(c, sub, "expected %s, got %s", want, GOT(v));
        *out = i;
        return 0;
}

/* A path inside the problem: relative, '/'-separated, no empty, "." or ".."
 * components, printable ASCII without backslash. */
bool gnt_manifest_path_ok(const char *s)
{
        size_t n = strlen(s);
        if (n == 0 || n > 255 || s[0] == '/' || s[n - 1] == '/')
                return false;
        for (const char *p = s; *p; p++)
                if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || *p == '\\')
                        return false;
        const char *p = s;
        while (*p) {
                const char *e = strchr(p, '/');
                size_t len = e ? (size_t)(e - p) : strlen(p);
                if (len == 0 || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
                        return false;
                p += len + (e ? 1 : 0);
        }
        return true;
}

int gnt_json_get_path(struct gnt_json_ctx *c, const cJSON *obj, const char *key, const char *path,
                      bool required, char **out)
{
        char sub[256], got_buf[128];
        const cJSON *v = NULL;
        int r = member(c, obj, key, path, required, NULL, "a relative path inside the problem folder", sub, &v);
        if (r != 0)
                return r;
        if (!cJSON_IsString(v) || !gnt_manifest_path_ok(v->valuestring))
                return gnt_json_fail(c, sub, "expected a relative path inside the problem folder "
                                             "(no \"..\", \".\", empty parts or spaces), got %s", GOT(v));
        char *d = strdup(v->valuestring);
        if (!d)
                return -ENOMEM;
        *out = d;
        return 0;
}

/* ^[a-z0-9][a-z0-9-]{0,63}$ */
static bool id_ok(const char *s)
{
        size_t n = strlen(s);
        if (n < 1 || n > 64)
                return false;
        for (size_t i = 0; i < n; i++) {
                char ch = s[i];
                bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || (i > 0 && ch == '-');
                if (!ok)
                        return false;
        }
        return true;
}

int gnt_json_get_head(struct gnt_json_ctx *c, const cJSON *root, int *format, char **id, char **title)
{
        double d;
        TRY(gnt_json_get_number(c, root, "format", "", true, 1, false, GNT_MANIFEST_FORMAT, true, &d));
        *format = (int)d;
        TRY(gnt_json_get_string(c, root, "id", "", true, 64, id));
        if (!id_ok(*id))
                return gnt_json_fail(c, "id", "expected lowercase letters, digits and '-' "
                                              "(^[a-z0-9][a-z0-9-]{0,63}$), got \"%s\"", *id);
        return gnt_json_get_string(c, root, "title", "", true, 200, title);
}

/* Read dirfd/name with the runner's one whole-file reader: no symlink in
 * the last component, at most GNT_MANIFEST_MAX_BYTES.  A folder is "not a
 * regular file" (-EINVAL) like any other file that is not regular. */
int gnt_manifest_read_file(int dirfd, const char *name, char **ret, size_t *ret_len, char *err, size_t errsz)
{
        int r = sbx_file_read_at(dirfd, name, GNT_MANIFEST_MAX_BYTES, 0, ret, ret_len);
        if (r == -EISDIR)
                r = -EINVAL;
        if (r == 0 || !err)
                return r;
        struct stat st;
        if (r == -ELOOP)
                snprintf(err, errsz, "%s: is a symlink", name);
        else if (r == -EINVAL)
                snprintf(err, errsz, "%s: not a regular file", name);
        else if (r == -EFBIG && fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                 st.st_size > GNT_MANIFEST_MAX_BYTES)
                snprintf(err, errsz, "%s: file is %lld bytes, the limit is %d", name, (long long)st.st_size,
                         GNT_MANIFEST_MAX_BYTES);
        else if (r == -EFBIG) /* it grew past the limit while being read, then shrank */
                snprintf(err, errsz, "%s: file is over the limit of %d bytes", name, GNT_MANIFEST_MAX_BYTES);
        else
                snprintf(err, errsz, "%s: cannot open: %s", name, gnt_errstr(r));
        return r;
}

/* Check that rel exists under dirfd with the wanted type, walking every
 * component without following symlinks. */
int gnt_json_check_path(struct gnt_json_ctx *c, int dirfd, const char *field, const char *rel, bool want_dir)
{
        char buf[PATH_MAX];
        snprintf(buf, sizeof buf, "%s", rel);
        for (char *slash = buf;; slash++) {
                slash = strchr(slash, '/');
                if (slash)
                        *slash = '\0';
                struct stat st;
                if (fstatat(dirfd, buf, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                        int e = errno;
                        gnt_json_fail(c, field, "\"%s\" does not exist in the problem folder", rel);
                        return e == ENOENT ? -ENOENT : -e;
                }
                if (S_ISLNK(st.st_mode))
                        return gnt_json_fail(c, field,
                                             "\"%s\" is a symlink (not allowed in a problem folder)", buf);
                if (slash) {
                        if (!S_ISDIR(st.st_mode))
                                return gnt_json_fail(c, field, "\"%s\" is not a folder", buf);
                        *slash = '/';
                        continue;
                }
                if (want_dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
                        return gnt_json_fail(c, field, "\"%s\" is not a %s", rel,
                                             want_dir ? "folder" : "regular file");
                return 0;
        }
}

bool gnt_json_path_within(const char *outer, const char *inner)
{
        size_t n = strlen(outer);
        return strncmp(outer, inner, n) == 0 && (inner[n] == '\0' || inner[n] == '/');
}


/* Parse text into obj (zeroed, k->size bytes): strict JSON, an object,
 * only the fields of k, then what k->parse checks.  On failure obj may be
 * partly filled. */
static int parse_into(const struct gnt_manifest_kind *k, struct gnt_json_ctx *c, const char *text, size_t len,
                      void *obj)
{
        char got_buf[128];
        cJSON *root = NULL;
        int r = gnt_json_parse_strict(text, len, c->file, &root, c->err, c->errsz);
        if (r < 0)
                return r;
        if (!cJSON_IsObject(root))
                r = gnt_json_fail(c, NULL, "expected a JSON object, got %s", GOT(root));
        else if ((r = gnt_json_check_keys(c, root, "", k->keys)) == 0)
                r = k->parse(c, root, obj);
        cJSON_Delete(root);
        if (r == -ENOMEM)
                gnt_json_fail(c, NULL, "out of memory");
        return r;
}

int gnt_manifest_parse_kind(const struct gnt_manifest_kind *k, const char *text, size_t len, const char *name,
                            void *ret, char *err, size_t errsz)
{
        struct gnt_json_ctx c = {.file = name ? name : k->file, .err = err, .errsz = errsz};
        void *obj = calloc(1, k->size);
        if (!obj)
                return -ENOMEM;
        int r = parse_into(k, &c, text, len, obj);
        if (r == 0)
                memcpy(ret, obj, k->size);
        else
                k->release(obj);
        free(obj);
        return r;
}

int gnt_manifest_load_kind(const struct gnt_manifest_kind *k, const char *dir, void *ret, char *err,
                           size_t errsz)
{
        struct gnt_json_ctx c = {.file = k->file, .err = err, .errsz = errsz};
        int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dirfd < 0) {
                int e = errno;
                if (err)
                        snprintf(err, errsz, "cannot open the folder: %s", gnt_errstr(e));
                return -e;
        }
        char *text = NULL;
        size_t len = 0;
        void *obj = calloc(1, k->size);
        int r = obj ? gnt_manifest_read_file(dirfd, k->file, &text, &len, err, errsz) : -ENOMEM;
        if (r == 0)
                r = parse_into(k, &c, text, len, obj);
        if (r == 0)
                r = k->check(&c, dirfd, obj);
        char *abs = r == 0 ? realpath(dir, NULL) : NULL;
        if (r == 0 && !abs)
                r = -errno;
        if (r == 0) {
                memcpy((char *)obj + k->dir_offset, &abs, sizeof abs);
                memcpy(ret, obj, k->size);
        } else if (obj) {
                k->release(obj);
        }
        free(obj);
        free(text);
        close(dirfd);
        return r;
}
