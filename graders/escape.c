/* escape.c — the escape analysis of a submission, as evidence for the
 * follow-up questions of a mock interview: `go build -gcflags=-m` of the
 * candidate's package in the sandbox (build policy, the grading's cache
 * and limits, nothing run), and a parser keeping what the compiler moves to
 * the heap in the candidate's own files. */
#include "escape.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graders.h"
#include "sbx_file.h"

static bool ends_with(const char *s, size_t n, const char *suf)
{
        size_t k = strlen(suf);
        return n >= k && memcmp(s + n - k, suf, k) == 0;
}

static bool starts_with(const char *s, size_t n, const char *pre)
{
        size_t k = strlen(pre);
        return n >= k && memcmp(s, pre, k) == 0;
}

/* "./F:L:C: msg" → file, line, column and message; false when the line has
 * another shape. */
static bool split_line(const char *s, size_t n, const char **file, size_t *flen, unsigned *line, unsigned *col,
                       const char **msg, size_t *mlen)
{
        if (starts_with(s, n, "./"))
                s += 2, n -= 2;
        const char *colon = memchr(s, ':', n);
        if (!colon || colon == s)
                return false;
        *file = s;
        *flen = (size_t)(colon - s);
        const char *p = colon + 1, *end = s + n;
        unsigned v[2];
        for (int i = 0; i < 2; i++) {
                unsigned x = 0;
                const char *d = p;
                while (p < end && *p >= '0' && *p <= '9' && x < 10000000)
                        x = x * 10 + (unsigned)(*p++ - '0');
                if (p == d || p >= end || *p != ':')
                        return false;
                p++;
                v[i] = x;
        }
        if (p >= end || *p != ' ')
                return false;
        p++;
        *line = v[0];
        *col = v[1];
        *msg = p;
        *mlen = (size_t)(end - p);
        return true;
}

/* Control bytes (a terminal's escape sequences among them) as '?': the
 * text is the candidate's own source, echoed by the compiler, and it is
 * printed on a terminal.  keep_nl keeps newlines and tabs. */
static void defang(char *s, bool keep_nl)
{
        for (; s && *s; s++)
                if (((unsigned char)*s < 0x20 && !(keep_nl && (*s == '\n' || *s == '\t'))) || *s == 0x7f)
                        *s = '?';
}

static int site_cmp(const void *a, const void *b)
{
        const struct grd_escape_site *x = a, *y = b;
        int r = strcmp(x->file, y->file);
        if (r)
                return r;
        if (x->line != y->line)
                return x->line < y->line ? -1 : 1;
        if (x->col != y->col)
                return x->col < y->col ? -1 : 1;
        return strcmp(x->what, y->what);
}

static void sites_free(struct grd_escape_site *v, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                free(v[i].file);
                free(v[i].what);
        }
        free(v);
}

/* The candidate's file named by file[0..flen), or NULL. */
static const char *own_file(const char *file, size_t flen, const char *const *files, size_t n_files)
{
        for (size_t i = 0; i < n_files; i++)
                if (strlen(files[i]) == flen && memcmp(files[i], file, flen) == 0)
                        return files[i];
        return NULL;
}

int grd_escape_parse(const char *out, size_t len, const char *const *files, size_t n_files, struct grd_escape *ret)
{
        struct grd_escape_site *v = NULL;
        size_t n = 0, cap = 0, dropped = 0;
        const char *p = out, *end = out ? out + len : out;
        while (p && p < end) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                size_t ln = nl ? (size_t)(nl - p) : (size_t)(end - p);
                const char *line = p;
                p = nl ? nl + 1 : end;
                if (ln && line[ln - 1] == '\r')
                        ln--;
                const char *file, *msg;
                size_t flen, mlen;
                unsigned l, c;
                if (!split_line(line, ln, &file, &flen, &l, &c, &msg, &mlen))
                        continue;
                if (!ends_with(msg, mlen, " escapes to heap") && !starts_with(msg, mlen, "moved to heap: "))
                        continue;
                if (memchr(msg, '\0', mlen))
                        continue;
                const char *own = own_file(file, flen, files, n_files);
                if (!own)
                        continue;
                if (n == GRD_ESCAPE_SITES_MAX) {
                        dropped++;
                        continue;
                }
                if (n == cap) {
                        size_t nc = cap ? cap * 2 : 16;
                        struct grd_escape_site *nv = realloc(v, nc * sizeof *nv);
                        if (!nv)
                                goto nomem;
                        v = nv;
                        cap = nc;
                }
                struct grd_escape_site *s = &v[n];
                s->line = l;
                s->col = c;
                s->file = strdup(own);
                s->what = strndup(msg, mlen < GRD_ESCAPE_WHAT_MAX ? mlen : GRD_ESCAPE_WHAT_MAX);
                if (!s->file || !s->what) {
                        free(s->file);
                        free(s->what);
                        goto nomem;
                }
                defang(s->file, false);
                defang(s->what, false);
                n++;
        }
        if (n)
                qsort(v, n, sizeof *v, site_cmp);
        /* The compiler repeats a site when a function is inlined into
         * another of the same file: one line each. */
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
                if (k && site_cmp(&v[k - 1], &v[i]) == 0) {
                        free(v[i].file);
                        free(v[i].what);
                        continue;
                }
                v[k++] = v[i];
        }
        ret->sites = v;
        ret->n = k;
        ret->dropped = dropped;
        return 0;
nomem:
        sites_free(v, n);
        return -ENOMEM;
}

/* go build -gcflags=-m of the staged package in src: the same sandbox step
 * as the graders' builds (build policy, Go root read-only, scratch and
 * cache writable, cgo off). */
static int escape_build(struct grd_ctx *c, const char *src, struct sbx_result *res, char **out, size_t *out_len)
{
        struct grd_step st;
        char store[8][PATH_MAX + 32];
        grd_step_init(&st, SBX_POLICY_BUILD, &c->p->build_limits, true);
        st.lim.net_loopback = false;
        st.workdir = src;
        st.dirs[0] = c->go.goroot;
        st.rw_dirs[0] = c->work;
        st.rw_dirs[1] = c->gocache;
        grd_go_env(c, &st, false, store, 8);
        char bin[PATH_MAX + 32];
        snprintf(bin, sizeof bin, "%s/bin/escape.out", c->work);
        const char *argv[] = {c->go.path, "build", "-gcflags=-m", "-o", bin, ".", NULL};
        return grd_step_run(c, &st, argv, res, out, out_len);
}

static int escape_run(struct grd_ctx *c, const char *code_dir, struct grd_escape *e)
{
        char d[PATH_MAX], src[PATH_MAX];
        const char *dirs[] = {"out", "bin", "home", "tmp", "src"};
        int rc = 0;
        for (size_t i = 0; rc == 0 && i < 5; i++)
                rc = grd_ctx_mkdir(c, dirs[i], d);
        if (rc < 0)
                return rc;
        if (grd_go_find(NULL, &c->go) < 0) {
                snprintf(c->err, sizeof c->err, "no Go toolchain found (set GAUNTLET_GO or install Go)");
                return -ENOENT;
        }
        snprintf(src, sizeof src, "%s/src", c->work);
        if ((rc = grd_stage_solution(c, code_dir, src)) < 0)
                return rc;
        char **names = NULL;
        long nn = grd_list_suffix(src, ".go", false, &names);
        if (nn <= 0) {
                snprintf(c->err, sizeof c->err, "no Go source file to analyse");
                return nn < 0 ? (int)nn : -ENOENT;
        }
        struct sbx_result res;
        char *out = NULL;
        size_t len = 0;
        double t0 = grd_now();
        rc = escape_build(c, src, &res, &out, &len);
        e->secs = grd_now() - t0;
        if (rc == 0) {
                e->built = res.status == SBX_STATUS_OK;
                if (e->built) {
                        rc = grd_escape_parse(out, len, (const char *const *)names, (size_t)nn, e);
                } else {
                        struct grd_buf m = GRD_BUF_INIT(GRD_EVIDENCE_MAX);
                        if (res.status != SBX_STATUS_NONZERO_EXIT)
                                grd_buf_addf(&m, "[gauntlet] the build ended with '%s'\n",
                                             sbx_status_name(res.status));
                        if (out)
                                grd_buf_adds(&m, out);
                        e->output = grd_buf_steal(&m);
                        defang(e->output, true);
                }
        }
        free(out);
        grd_strv_free(names, (size_t)nn);
        return rc;
}

int grd_go_escape(const struct grd_problem *p, const char *code_dir, const struct grd_options *o,
                  struct grd_escape *ret, char *err, size_t errsz)
{
        if (!p || !code_dir || !o || !o->cache_dir || !ret) {
                snprintf(err, errsz, "missing arguments");
                return -EINVAL;
        }
        if (p->lang != GRD_LANG_GO) {
                snprintf(err, errsz, "escape analysis needs a Go problem");
                return -EINVAL;
        }
        struct grd_ctx c;
        struct grd_escape e = {0};
        int rc = grd_ctx_init(&c, p, o);
        if (rc == 0)
                rc = escape_run(&c, code_dir, &e);
        if (rc < 0) {
                snprintf(err, errsz, "%s", c.err[0] ? c.err : strerror(-rc));
                grd_escape_release(&e);
        } else {
                *ret = e;
        }
        grd_ctx_release(&c);
        return rc;
}

void grd_escape_release(struct grd_escape *e)
{
        if (!e)
                return;
        sites_free(e->sites, e->n);
        free(e->output);
        memset(e, 0, sizeof *e);
}
