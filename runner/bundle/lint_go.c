/* lint_go.c — the names a gofmt-formatted Go file declares at top level,
 * read line by line without a Go parser: enough to find a benchmark the
 * manifest names, the tests a group pattern matches, and a helper two test
 * files both declare.  Raw strings and block comments are stepped over.
 * Also go.mod's requirements against vendor/modules.txt. */
#include "lint.h"

#include <errno.h>
#include <stdarg.h>
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

/* ---- go.mod against vendor/modules.txt ---- */

struct gomod_req {
        char path[256];
        char ver[128];
        bool explicit_; /* modules.txt: "## explicit" */
        bool matched;
};

struct reqs {
        struct gomod_req *v;
        size_t n, cap;
};

/* The next word of the line [*p, end): spaces and tabs skipped, a quoted
 * go.mod path unquoted; 0 at the end of the line or at a // comment. */
static size_t next_word(const char **p, const char *end, const char **start)
{
        const char *s = *p;
        while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
                s++;
        if (s == end || (end - s >= 2 && s[0] == '/' && s[1] == '/')) {
                *p = s;
                return 0;
        }
        const char *e = s;
        if (*s == '"') {
                s++;
                for (e = s; e < end && *e != '"'; e++)
                        ;
                *p = e < end ? e + 1 : e;
        } else {
                while (e < end && *e != ' ' && *e != '\t' && *e != '\r')
                        e++;
                *p = e;
        }
        *start = s;
        return (size_t)(e - s);
}

static int reqs_add(struct reqs *s, const char *path, size_t plen, const char *ver, size_t vlen)
{
        if (s->n == s->cap) {
                size_t ncap = s->cap ? 2 * s->cap : 16;
                struct gomod_req *nv = realloc(s->v, ncap * sizeof *nv);
                if (!nv)
                        return -ENOMEM;
                s->v = nv;
                s->cap = ncap;
        }
        struct gomod_req *q = &s->v[s->n++];
        memset(q, 0, sizeof *q);
        snprintf(q->path, sizeof q->path, "%.*s", (int)(plen < sizeof q->path ? plen : sizeof q->path - 1), path);
        snprintf(q->ver, sizeof q->ver, "%.*s", (int)(vlen < sizeof q->ver ? vlen : sizeof q->ver - 1), ver);
        return 0;
}

static struct gomod_req *reqs_find(struct reqs *s, const char *path)
{
        for (size_t i = 0; i < s->n; i++)
                if (strcmp(s->v[i].path, path) == 0)
                        return &s->v[i];
        return NULL;
}

__attribute__((format(printf, 4, 5))) static void vsay(int *n, gnt_lint_fn *each, void *ctx, const char *fmt, ...)
{
        char line[1024];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(line, sizeof line, fmt, ap);
        va_end(ap);
        (*n)++;
        if (each)
                each(ctx, line);
}

/* The requirements of go.mod: "require path version" and require blocks. */
static int gomod_requires(const char *text, const char *rel, struct reqs *ret, int *n, gnt_lint_fn *each, void *ctx)
{
        bool block = false;
        unsigned line = 0;
        for (const char *l = text; *l; line++) {
                const char *end = strchr(l, '\n');
                if (!end)
                        end = l + strlen(l);
                const char *p = l, *w, *path, *ver;
                size_t k = next_word(&p, end, &w);
                bool req = block;
                if (block && k == 1 && *w == ')') {
                        block = false;
                        req = false;
                } else if (!block && k == 7 && strncmp(w, "replace", 7) == 0) {
                        vsay(n, each, ctx, "%s/go.mod:%u: replace is not supported in a problem (the graders build from the vendored modules only)",
                             rel, line + 1);
                } else if (!block && k == 7 && strncmp(w, "require", 7) == 0) {
                        const char *q = p;
                        if (next_word(&q, end, &w) == 1 && *w == '(') {
                                block = true;
                                req = false;
                        } else {
                                req = true;
                                k = 0; /* the path is the next word */
                        }
                }
                if (req) {
                        size_t pl = k ? k : next_word(&p, end, &w);
                        path = w;
                        size_t vl = pl ? next_word(&p, end, &ver) : 0;
                        if (pl && vl && reqs_add(ret, path, pl, ver, vl) < 0)
                                return -ENOMEM;
                }
                l = *end ? end + 1 : end;
        }
        return 0;
}

int gnt_go_vendor_check(const char *gomod, const char *mod_rel, const char *modules, const char *rel, gnt_lint_fn *each,
                        void *ctx)
{
        struct reqs need = {0}, have = {0};
        int n = 0, r = gomod_requires(gomod, mod_rel, &need, &n, each, ctx);
        if (r == 0 && !modules && need.n)
                vsay(&n, each, ctx, "%s/go.mod: requires %s %s but %s/vendor/modules.txt is missing (the graders build offline: run go mod vendor)",
                     mod_rel, need.v[0].path, need.v[0].ver, rel);
        struct gomod_req *cur = NULL;
        unsigned line = 0;
        for (const char *l = modules; r == 0 && l && *l; line++) {
                const char *end = strchr(l, '\n');
                if (!end)
                        end = l + strlen(l);
                const char *p = l + 2, *path, *ver;
                if (strncmp(l, "## ", 3) == 0) {
                        if (cur && strncmp(l + 3, "explicit", 8) == 0 && (l[11] == ';' || l + 11 == end))
                                cur->explicit_ = true;
                } else if (strncmp(l, "# ", 2) == 0) {
                        size_t pl = next_word(&p, end, &path);
                        size_t vl = next_word(&p, end, &ver);
                        cur = NULL;
                        const char *arrow = strstr(l, "=>");
                        if (arrow && arrow < end)
                                vsay(&n, each, ctx, "%s/vendor/modules.txt:%u: a replaced module is not supported", rel, line + 1);
                        else if (pl && vl && (r = reqs_add(&have, path, pl, ver, vl)) == 0)
                                cur = &have.v[have.n - 1];
                }
                l = *end ? end + 1 : end;
        }
        for (size_t i = 0; r == 0 && modules && i < need.n; i++) {
                struct gomod_req *h = reqs_find(&have, need.v[i].path);
                if (!h)
                        vsay(&n, each, ctx, "%s/vendor/modules.txt: no '# %s %s' (go.mod requires it: run go mod vendor)", rel,
                             need.v[i].path, need.v[i].ver);
                else if (strcmp(h->ver, need.v[i].ver) != 0)
                        vsay(&n, each, ctx, "%s/vendor/modules.txt: %s is vendored at %s, go.mod requires %s (run go mod vendor)",
                             rel, h->path, h->ver, need.v[i].ver);
                else if (!h->explicit_)
                        vsay(&n, each, ctx, "%s/vendor/modules.txt: %s %s is not marked '## explicit' (run go mod vendor)", rel,
                             h->path, h->ver);
                if (h)
                        h->matched = true;
        }
        for (size_t i = 0; r == 0 && i < have.n; i++)
                if (have.v[i].explicit_ && !have.v[i].matched)
                        vsay(&n, each, ctx, "%s/vendor/modules.txt: %s %s is marked explicit but go.mod does not require it (run go mod vendor)",
                             rel, have.v[i].path, have.v[i].ver);
        free(need.v);
        free(have.v);
        return r < 0 ? r : n;
}
