/* names.c — entry names of an archive: quoted for messages, checked and
 * normalised (strict UTF-8, no absolute paths, no "..", limits), and the
 * set of names seen, which refuses duplicates (also case-only ones, which
 * would overwrite each other on a case-insensitive file system). */
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- names ---- */

/* Quote a raw entry name for a message: printable ASCII as is, everything
 * else as \xNN, cut at ~120 bytes. */
void gnt_bundle_quote(const char *s, char *out, size_t sz)
{
        size_t o = 0;
        for (size_t i = 0; s && s[i] && o + 5 < sz; i++) {
                unsigned char ch = (unsigned char)s[i];
                if (i >= 120) {
                        o += (size_t)snprintf(out + o, sz - o, "...");
                        break;
                }
                if (ch < 0x20 || ch >= 0x7f || ch == '\'' || ch == '\\')
                        o += (size_t)snprintf(out + o, sz - o, "\\x%02x", ch);
                else
                        out[o++] = (char)ch;
        }
        out[o < sz ? o : sz - 1] = '\0';
}

/* Strict UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF,
 * and no C0/C1 control characters. */
static bool utf8_ok(const unsigned char *s, size_t n)
{
        size_t i = 0;
        while (i < n) {
                unsigned c = s[i];
                if (c < 0x80) {
                        if (c < 0x20 || c == 0x7f)
                                return false;
                        i++;
                        continue;
                }
                unsigned need, cp, min;
                if ((c & 0xe0) == 0xc0)
                        need = 1, cp = c & 0x1f, min = 0x80;
                else if ((c & 0xf0) == 0xe0)
                        need = 2, cp = c & 0x0f, min = 0x800;
                else if ((c & 0xf8) == 0xf0)
                        need = 3, cp = c & 0x07, min = 0x10000;
                else
                        return false;
                for (unsigned k = 1; k <= need; k++) {
                        if (i + k >= n || (s[i + k] & 0xc0) != 0x80)
                                return false;
                        cp = (cp << 6) | (s[i + k] & 0x3f);
                }
                if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
                        return false;
                i += need + 1;
        }
        return true;
}

bool gnt_bundle_utf8_ok(const char *s, size_t n)
{
        return utf8_ok((const unsigned char *)s, n);
}

/* Check a raw entry name and write its normal form (components joined by
 * '/', no "." or empty parts, no trailing '/') into out.  Returns NULL or
 * the reason it is refused. */
const char *gnt_bundle_name_check(const char *raw, const struct gnt_bundle_limits *l, char *out, size_t sz,
                                  unsigned *ret_depth)
{
        size_t n = strlen(raw);
        if (n == 0)
                return "empty name";
        if (n > l->path_bytes)
                return "name too long";
        if (!utf8_ok((const unsigned char *)raw, n))
                return "name is not valid UTF-8 or holds control characters";
        if (strchr(raw, '\\'))
                return "name holds a backslash";
        if (raw[0] == '/')
                return "absolute path";
        size_t o = 0;
        unsigned depth = 0;
        const char *p = raw;
        while (*p) {
                const char *e = strchr(p, '/');
                size_t len = e ? (size_t)(e - p) : strlen(p);
                if (len == 2 && p[0] == '.' && p[1] == '.')
                        return "path leaves the bundle ('..' component)";
                if (len > l->name_bytes)
                        return "path component too long";
                if (len > 0 && !(len == 1 && p[0] == '.')) {
                        if (++depth > l->depth)
                                return "path too deep";
                        if (o + len + 2 > sz)
                                return "name too long";
                        if (o)
                                out[o++] = '/';
                        memcpy(out + o, p, len);
                        o += len;
                }
                p += len + (e ? 1 : 0);
        }
        out[o] = '\0';
        *ret_depth = depth;
        return NULL;
}

/* ---- the set of names seen, to refuse duplicates (also case-only ones,
 * which would overwrite each other on a case-insensitive file system) ---- */

static uint64_t hash_str(const char *s)
{
        uint64_t h = 1469598103934665603ull;
        for (; *s; s++)
                h = (h ^ (unsigned char)*s) * 1099511628211ull;
        return h;
}

void gnt_bundle_seen_release(struct gnt_bundle_seen *s)
{
        for (size_t i = 0; i < s->cap; i++) {
                free(s->slots[i].lower);
                free(s->slots[i].orig);
        }
        free(s->slots);
        memset(s, 0, sizeof *s);
}

static struct gnt_bundle_seen_slot *seen_find(struct gnt_bundle_seen *s, const char *lower)
{
        if (!s->cap)
                return NULL;
        for (size_t i = hash_str(lower) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
                if (!s->slots[i].lower)
                        return NULL;
                if (strcmp(s->slots[i].lower, lower) == 0)
                        return &s->slots[i];
        }
}

static int seen_add(struct gnt_bundle_seen *s, const char *lower, const char *orig, enum gnt_bundle_seen_kind kind)
{
        if ((s->n + 1) * 2 > s->cap) {
                size_t ncap = s->cap ? s->cap * 2 : 256;
                struct gnt_bundle_seen_slot *ns = calloc(ncap, sizeof *ns);
                if (!ns)
                        return -ENOMEM;
                for (size_t i = 0; i < s->cap; i++) {
                        if (!s->slots[i].lower)
                                continue;
                        size_t j = hash_str(s->slots[i].lower) & (ncap - 1);
                        while (ns[j].lower)
                                j = (j + 1) & (ncap - 1);
                        ns[j] = s->slots[i];
                }
                free(s->slots);
                s->slots = ns;
                s->cap = ncap;
        }
        size_t j = hash_str(lower) & (s->cap - 1);
        while (s->slots[j].lower)
                j = (j + 1) & (s->cap - 1);
        s->slots[j].lower = strdup(lower);
        s->slots[j].orig = strdup(orig);
        s->slots[j].kind = kind;
        if (!s->slots[j].lower || !s->slots[j].orig)
                return -ENOMEM;
        s->n++;
        return 0;
}

/* The key a name is compared by: its ASCII lower case, unless exact. */
static void seen_key(const struct gnt_bundle_seen *s, const char *in, char *out)
{
        for (; *in; in++)
                *out++ = (!s->exact && *in >= 'A' && *in <= 'Z') ? (char)(*in - 'A' + 'a') : *in;
        *out = '\0';
}

/* Record the entry `path` (normalised) of kind `kind`, and its parent
 * folders.  Returns NULL or why it clashes. */
const char *gnt_bundle_seen_record(struct gnt_bundle_seen *s, const char *path, enum gnt_bundle_seen_kind kind, int *rc)
{
        char orig[PATH_MAX], lower[PATH_MAX];
        size_t n = strlen(path);
        *rc = 0;
        for (size_t i = 0; i <= n; i++) {
                if (path[i] != '/' && path[i] != '\0')
                        continue;
                memcpy(orig, path, i);
                orig[i] = '\0';
                seen_key(s, orig, lower);
                bool last = i == n;
                struct gnt_bundle_seen_slot *sl = seen_find(s, lower);
                if (sl) {
                        if (strcmp(sl->orig, orig) != 0)
                                return "differs only in letter case from another entry";
                        if (!last) {
                                if (sl->kind == SEEN_FILE)
                                        return "a parent folder is a file in the bundle";
                                continue;
                        }
                        if (sl->kind == SEEN_IMPLICIT_DIR && kind == SEEN_DIR) {
                                sl->kind = SEEN_DIR;
                                return NULL;
                        }
                        if (sl->kind != SEEN_FILE && kind == SEEN_FILE)
                                return "a file with the name of a folder in the bundle";
                        return "duplicate entry";
                }
                if ((*rc = seen_add(s, lower, orig, last ? kind : SEEN_IMPLICIT_DIR)) < 0)
                        return "out of memory";
        }
        return NULL;
}

bool gnt_bundle_seen_is_file(struct gnt_bundle_seen *s, const char *path)
{
        char lower[PATH_MAX];
        seen_key(s, path, lower);
        struct gnt_bundle_seen_slot *sl = seen_find(s, lower);
        return sl && sl->kind == SEEN_FILE && strcmp(sl->orig, path) == 0;
}

