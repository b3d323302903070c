/* lint_go.c — the names a gofmt-formatted Go file declares at top level,
 * read line by line without a Go parser: enough to find a benchmark the
 * manifest names, the tests a group pattern matches, and a helper two test
 * files both declare.  Raw strings and block comments are stepped over. */
#include "lint.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct scan {
        struct gnt_go_decl *v;
        size_t n, cap;
};

static bool ident_start(unsigned char c)
{
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static bool ident_char(unsigned char c)
{
        return ident_start(c) || (c >= '0' && c <= '9');
}

/* Length of the identifier at s (0 when there is none). */
static size_t ident_len(const char *s)
{
        size_t n = 0;
        if (!ident_start((unsigned char)s[0]))
                return 0;
        while (ident_char((unsigned char)s[n]))
                n++;
        return n;
}

static int add(struct scan *s, const char *name, size_t len, unsigned line, char kind)
{
        if ((len == 1 && name[0] == '_') || (kind == 'f' && len == 4 && strncmp(name, "init", 4) == 0))
                return 0;
        if (s->n == s->cap) {
                size_t ncap = s->cap ? 2 * s->cap : 32;
                struct gnt_go_decl *nv = realloc(s->v, ncap * sizeof *nv);
                if (!nv)
                        return -ENOMEM;
                s->v = nv;
                s->cap = ncap;
        }
        struct gnt_go_decl *d = &s->v[s->n++];
        snprintf(d->name, sizeof d->name, "%.*s", (int)(len < sizeof d->name ? len : sizeof d->name - 1), name);
        d->line = line;
        d->kind = kind;
        return 0;
}

/* "a, b, c" at s: every name of a var or const spec; one for a type. */
static int add_names(struct scan *s, const char *p, unsigned line, char kind)
{
        for (;;) {
                size_t n = ident_len(p);
                if (!n)
                        return 0;
                int r = add(s, p, n, line, kind);
                if (r < 0 || kind == 't')
                        return r;
                p += n;
                if (strncmp(p, ", ", 2) != 0)
                        return 0;
                p += 2;
        }
}

/* Toggle *raw for every backquote of the line outside "..." and '...'
 * literals and a // comment. */
static void track_raw(const char *l, size_t len, bool *raw)
{
        char quote = 0;
        for (size_t i = 0; i < len; i++) {
                char c = l[i];
                if (*raw) {
                        if (c == '`')
                                *raw = false;
                } else if (quote) {
                        if (c == '\\')
                                i++;
                        else if (c == quote)
                                quote = 0;
                } else if (c == '`') {
                        *raw = true;
                } else if (c == '"' || c == '\'') {
                        quote = c;
                } else if (c == '/' && i + 1 < len && l[i + 1] == '/') {
                        return;
                }
        }
}

static char spec_kind(const char *l, size_t *skip)
{
        static const struct {
                const char *kw;
                char kind;
        } kws[] = {{"var ", 'v'}, {"const ", 'c'}, {"type ", 't'}};
        for (size_t i = 0; i < 3; i++) {
                size_t n = strlen(kws[i].kw);
                if (strncmp(l, kws[i].kw, n) == 0) {
                        *skip = n;
                        return kws[i].kind;
                }
        }
        return 0;
}

int gnt_go_scan(const char *text, char *pkg, size_t pkgsz, struct gnt_go_decl **ret, size_t *ret_n)
{
        struct scan s = {0};
        bool raw = false, comment = false;
        char block = 0; /* the kind of a grouped "var (" ... ")", 'i' for import */
        unsigned line = 0;
        int r = 0;
        if (pkgsz)
                pkg[0] = '\0';
        for (const char *l = text; r == 0 && *l; line++) {
                const char *end = strchr(l, '\n');
                size_t len = end ? (size_t)(end - l) : strlen(l);
                bool was_raw = raw;
                track_raw(l, len, &raw);
                if (comment) {
                        const char *close = strstr(l, "*/");
                        comment = !close || (end && close > end);
                } else if (was_raw) {
                        /* inside a raw string: not code */
                } else if (strncmp(l, "/*", 2) == 0) {
                        const char *close = strstr(l + 2, "*/");
                        comment = !close || (end && close > end);
                } else if (block) {
                        if (l[0] == ')')
                                block = 0;
                        else if (block != 'i' && l[0] == '\t' && ident_len(l + 1))
                                r = add_names(&s, l + 1, line + 1, block);
                } else if (strncmp(l, "package ", 8) == 0 && pkgsz) {
                        size_t n = ident_len(l + 8);
                        snprintf(pkg, pkgsz, "%.*s", (int)(n < pkgsz ? n : pkgsz - 1), l + 8);
                } else if (strncmp(l, "import (", 8) == 0) {
                        block = 'i';
                } else if (strncmp(l, "func ", 5) == 0) {
                        size_t n = ident_len(l + 5);
                        if (n)
                                r = add(&s, l + 5, n, line + 1, 'f');
                } else {
                        size_t skip = 0;
                        char k = spec_kind(l, &skip);
                        if (k && l[skip] == '(')
                                block = k;
                        else if (k)
                                r = add_names(&s, l + skip, line + 1, k);
                }
                l = end ? end + 1 : l + len;
        }
        if (r < 0) {
                free(s.v);
                return r;
        }
        *ret = s.v;
        *ret_n = s.n;
        return 0;
}
