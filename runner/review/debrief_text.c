/* debrief_text.c — a mock's debrief as styled text lines for the screen
 * (debrief.h): the same evidence as report.html, the candidate's own lines
 * found with refs.c and shown under the evidence naming them, the diff to
 * the reference with diff.c.  Control bytes never reach the terminal: the
 * screen's drawing replaces them. */
#include "review/debrief.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"

/* Cap on lines: a debrief is long, not endless. */
#define DL_MAX 20000

static int add(struct gnt_debrief_lines *l, enum gnt_debrief_style st, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static int add(struct gnt_debrief_lines *l, enum gnt_debrief_style st, const char *fmt, ...)
{
        if (l->n >= DL_MAX)
                return 0;
        if (l->n == l->cap) {
                size_t nc = l->cap ? 2 * l->cap : 256;
                struct gnt_debrief_line *nv = realloc(l->v, nc * sizeof *nv);
                if (!nv)
                        return -ENOMEM;
                l->v = nv;
                l->cap = nc;
        }
        va_list ap;
        va_start(ap, fmt);
        char *t;
        int r = vasprintf(&t, fmt, ap);
        va_end(ap);
        if (r < 0)
                return -ENOMEM;
        /* Tabs to 4-column stops: Go's test output and code indent with
         * them, and the screen would show each as one space. */
        size_t tabs = 0;
        for (const char *p = t; *p; p++)
                tabs += *p == '\t';
        if (tabs) {
                char *x = malloc((size_t)r + 3 * tabs + 1);
                if (!x) {
                        free(t);
                        return -ENOMEM;
                }
                size_t o = 0, col = 0;
                for (const char *p = t; *p; p++) {
                        if (*p == '\t') {
                                do
                                        x[o++] = ' ';
                                while (++col % 4);
                                continue;
                        }
                        x[o++] = *p;
                        col += ((unsigned char)*p & 0xc0) != 0x80;
                }
                x[o] = '\0';
                free(t);
                t = x;
        }
        l->v[l->n].text = t;
        l->v[l->n++].style = st;
        return 0;
}

void gnt_debrief_lines_release(struct gnt_debrief_lines *l)
{
        for (size_t i = 0; l && i < l->n; i++)
                free(l->v[i].text);
        if (l)
                free(l->v);
        if (l)
                memset(l, 0, sizeof *l);
}

struct ctx {
        const struct gnt_debrief *d;
        struct gnt_debrief_lines *l;
        const char **names;
        struct gnt_review_refset rs;
        char module[256];
        int r;
};

/* Line n (1-based) of the candidate's file, trimmed; NULL when none. */
static const char *code_line(const struct gnt_debrief_file *f, unsigned n, size_t *len)
{
        if (!f || !f->text || n == 0)
                return NULL;
        const char *p = f->text, *end = f->text + f->len;
        for (unsigned i = 1; i < n && p < end; i++) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                if (!nl)
                        return NULL;
                p = nl + 1;
        }
        if (p >= end)
                return NULL;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t k = nl ? (size_t)(nl - p) : (size_t)(end - p);
        while (k && (*p == ' ' || *p == '\t'))
                p++, k--;
        *len = k > 200 ? 200 : k;
        return p;
}

/* Evidence text, a line each; a line naming the candidate's code is
 * marked, and the line of code it names follows it. */
static void evidence(struct ctx *c, const char *text, const char *indent)
{
        for (const char *p = text; c->r == 0 && p && *p;) {
                size_t k = strcspn(p, "\n");
                struct gnt_review_ref ref;
                bool hit = gnt_review_ref_find(&c->rs, p, k, 0, &ref);
                c->r = add(c->l, hit ? GNT_DL_MARK : GNT_DL_TEXT, "%s%s%.*s", hit ? "> " : "  ", indent, (int)k, p);
                size_t len = 0;
                const char *src = hit ? code_line(&c->d->code[ref.file], ref.line, &len) : NULL;
                if (src && c->r == 0)
                        c->r = add(c->l, GNT_DL_CODE, "  %s    your line %s:%u:  %.*s", indent, c->d->code[ref.file].path,
                                   ref.line, (int)len, src);
                p += k + (p[k] == '\n');
        }
}

static bool test_failed(const struct gnt_review_test *t)
{
        return t->status && strcmp(t->status, "pass") != 0 && strcmp(t->status, "skip") != 0;
}

static void bench(struct ctx *c, const struct gnt_review_grader *g)
{
        if (g->ratio > 0)
                c->r = add(c->l, GNT_DL_TEXT, "  time against the reference: %.2fx (median ratio; %.2f-%.2f)", g->ratio,
                           g->ci_low, g->ci_high);
        if (c->r == 0 && g->n_bench)
                c->r = add(c->l, GNT_DL_DIM, "  %-28s %12s %12s %7s %10s %10s", "benchmark", "yours ns/op", "ref ns/op",
                           "ratio", "allocs/op", "ref allocs");
        for (size_t i = 0; c->r == 0 && i < g->n_bench; i++) {
                const struct gnt_review_bench *b = &g->bench[i];
                c->r = add(c->l, b->ratio > 1.5 ? GNT_DL_FAIL : GNT_DL_TEXT, "  %-28.28s %12.0f %12.0f %6.2fx %10.0f %10.0f",
                           b->name ? b->name : "?", b->cand_ns, b->ref_ns, b->ratio, b->cand_allocs, b->ref_allocs);
        }
}

static void grader(struct ctx *c, enum grd_kind k, const struct gnt_review_grader *g)
{
        const char *name = grd_kind_name(k);
        size_t n_failed = 0;
        for (size_t i = 0; i < g->n_tests; i++)
                n_failed += test_failed(&g->tests[i]);
        if (k == GRD_CORRECTNESS && n_failed) {
                c->r = add(c->l, GNT_DL_HEAD, "== %s: %zu of %zu tests failed", name, n_failed, g->n_tests);
                for (size_t i = 0; c->r == 0 && i < g->n_tests; i++) {
                        const struct gnt_review_test *t = &g->tests[i];
                        if (!test_failed(t))
                                continue;
                        c->r = add(c->l, GNT_DL_FAIL, "FAIL %s (%s)", t->name ? t->name : "?", t->status);
                        if (c->r == 0)
                                evidence(c, t->output, "    ");
                }
        }
        if (k == GRD_BENCH && (g->n_bench || g->ratio > 0)) {
                if (c->r == 0 && (c->r = add(c->l, GNT_DL_HEAD, "== bench: %s", g->summary ? g->summary : "")) == 0)
                        bench(c, g);
        }
        const char *ev = g->evidence;
        bool failed = strcmp(g->verdict, "pass") != 0;
        if (c->r || !ev || !*ev || (k == GRD_CORRECTNESS && n_failed))
                return;
        if (k == GRD_RACE) {
                size_t cut = gnt_review_race_split(ev);
                char *reports = cut ? strndup(ev, cut) : NULL;
                if (reports) {
                        c->r = add(c->l, GNT_DL_HEAD, "== race: %s", strstr(reports, "WARNING:") ? "race reports" : "notes");
                        if (c->r == 0)
                                evidence(c, reports, "");
                }
                free(reports);
                if (c->r == 0 && ev[cut]) {
                        c->r = add(c->l, GNT_DL_HEAD, "== race: test runs that did not pass under -race");
                        if (c->r == 0)
                                evidence(c, ev + cut, "");
                }
                return;
        }
        static const char *const what[] = {"output", "", "leaked goroutines", "benchmark notes", "findings"};
        c->r = add(c->l, GNT_DL_HEAD, "== %s: %s", name, failed || k == GRD_BENCH ? what[k] : "notes");
        if (c->r == 0)
                evidence(c, ev, "");
}

static void file_lines(struct ctx *c, const struct gnt_debrief_file *f, enum gnt_debrief_style st)
{
        if (!f->text) {
                c->r = add(c->l, GNT_DL_DIM, "  (%s)", f->why);
                return;
        }
        unsigned n = 1;
        for (const char *p = f->text; c->r == 0 && p < f->text + f->len; n++) {
                size_t k = strcspn(p, "\n");
                c->r = add(c->l, st, "%4u  %.*s", n, (int)k, p);
                p += k + (p[k] == '\n');
        }
}

static void diff(struct ctx *c, const struct gnt_debrief_file *rf)
{
        const struct gnt_debrief_file *cf = gnt_debrief_code_file(c->d, rf->path);
        struct gnt_review_line *a = NULL, *b = NULL;
        struct gnt_review_diff *df = NULL;
        long na = cf && cf->text ? gnt_review_lines_split(cf->text, cf->len, GNT_REVIEW_CODE_LINES_MAX, &a) : 0;
        long nb = rf->text ? gnt_review_lines_split(rf->text, rf->len, GNT_REVIEW_CODE_LINES_MAX, &b) : -1;
        long nd = na >= 0 && nb >= 0 ? gnt_review_diff_lines(a, (size_t)na, b, (size_t)nb, &df) : -1;
        size_t plus = 0, minus = 0;
        for (long k = 0; k < nd; k++)
                plus += df[k].op == GNT_DIFF_ADD, minus += df[k].op == GNT_DIFF_DEL;
        c->r = add(c->l, GNT_DL_TEXT, "--- %s%s  (-%zu yours, +%zu the reference's)", rf->path,
                   cf ? "" : " (not in your code)", minus, plus);
        for (long k = 0; c->r == 0 && k < nd; k++) {
                const struct gnt_review_line *ln = df[k].op == GNT_DIFF_DEL ? &a[df[k].ai] : &b[df[k].bi];
                char m = df[k].op == GNT_DIFF_DEL ? '-' : df[k].op == GNT_DIFF_ADD ? '+' : ' ';
                c->r = add(c->l, m == '-' ? GNT_DL_DEL : m == '+' ? GNT_DL_ADD : GNT_DL_TEXT, "%c %.*s", m, (int)ln->n,
                           ln->s);
        }
        if (c->r == 0 && nd < 0)
                c->r = add(c->l, GNT_DL_DIM, "  (cannot be compared)");
        free(a);
        free(b);
        free(df);
}

static void mistakes(struct ctx *c)
{
        const struct gnt_debrief *d = c->d;
        size_t caught = 0;
        for (size_t i = 0; i < d->n_mistakes; i++)
                caught += strcmp(d->mistakes[i].state, "caught") == 0;
        c->r = add(c->l, GNT_DL_HEAD, "== What interviewers look for here: %zu mistake%s, %zu caught in this attempt",
                   d->n_mistakes, d->n_mistakes == 1 ? "" : "s", caught);
        for (size_t i = 0; c->r == 0 && i < d->n_mistakes; i++) {
                const struct gnt_debrief_mistake *m = &d->mistakes[i];
                bool got = strcmp(m->state, "caught") == 0;
                c->r = add(c->l, got ? GNT_DL_FAIL : strcmp(m->state, "avoided") == 0 ? GNT_DL_PASS : GNT_DL_DIM,
                           "[%-9s] %s: %s", got ? "CAUGHT" : m->state, m->name, m->description);
                if (c->r == 0)
                        c->r = add(c->l, GNT_DL_DIM, "            built to fail: %s", m->graders);
                if (c->r == 0)
                        c->r = add(c->l, GNT_DL_DIM, "            here: %s", m->why);
        }
        if (c->r == 0)
                c->r = add(c->l, GNT_DL_DIM, "%s", d->rule);
}

static void summary(struct ctx *c, const char *html_path)
{
        const struct gnt_review_entry *e = &c->d->e;
        if (e->status != GNT_REVIEW_GRADED)
                c->r = add(c->l, GNT_DL_FAIL, "not graded: %s", e->message ? e->message : "");
        else
                c->r = add(c->l, GNT_DL_TEXT, "score: %.2f / 100", e->score);
        for (int k = 0; c->r == 0 && k < _GRD_KIND_MAX; k++) {
                const struct gnt_review_grader *g = &e->g[k];
                if (!g->present)
                        continue;
                bool pass = strcmp(g->verdict, "pass") == 0, fail = strcmp(g->verdict, "fail") == 0;
                c->r = add(c->l, pass ? GNT_DL_PASS : fail ? GNT_DL_FAIL : GNT_DL_DIM, "  %-12s %-5s %6.2f / %-5g %s",
                           grd_kind_name((enum grd_kind)k), g->verdict, g->score, g->weight, g->summary ? g->summary : "");
        }
        if (c->r == 0 && html_path)
                c->r = add(c->l, GNT_DL_DIM, "The same in a browser: %s", html_path);
}

int gnt_debrief_lines(const struct gnt_debrief *d, const char *html_path, struct gnt_debrief_lines *ret)
{
        memset(ret, 0, sizeof *ret);
        struct ctx c = {.d = d, .l = ret};
        c.names = calloc(d->n_code + 1, sizeof *c.names);
        if (!c.names)
                return -ENOMEM;
        for (size_t i = 0; i < d->n_code; i++) {
                c.names[i] = d->code[i].path;
                if (strcmp(d->code[i].path, "go.mod") == 0 && d->code[i].text)
                        gnt_review_gomod_module(d->code[i].text, d->code[i].len, c.module, sizeof c.module);
        }
        c.rs = (struct gnt_review_refset){c.names, d->n_code, c.module[0] ? c.module : NULL};
        summary(&c, html_path);
        for (int k = 0; c.r == 0 && k < _GRD_KIND_MAX; k++)
                if (d->e.g[k].present) {
                        c.r = add(ret, GNT_DL_TEXT, "%s", "");
                        if (c.r == 0)
                                grader(&c, (enum grd_kind)k, &d->e.g[k]);
                }
        if (c.r == 0)
                c.r = add(ret, GNT_DL_TEXT, "%s", "");
        if (c.r == 0)
                mistakes(&c);
        if (c.r == 0)
                c.r = add(ret, GNT_DL_TEXT, "%s", "");
        if (c.r == 0)
                c.r = add(ret, GNT_DL_HEAD, "== Your code against the reference (- yours, + the reference's)");
        for (size_t i = 0; c.r == 0 && i < d->n_ref; i++)
                diff(&c, &d->ref[i]);
        if (c.r == 0)
                c.r = add(ret, GNT_DL_TEXT, "%s", "");
        if (c.r == 0)
                c.r = add(ret, GNT_DL_HEAD, "== The reference solution");
        for (size_t i = 0; c.r == 0 && i < d->n_ref; i++) {
                c.r = add(ret, GNT_DL_TEXT, "--- %s", d->ref[i].path);
                if (c.r == 0)
                        file_lines(&c, &d->ref[i], GNT_DL_CODE);
        }
        free(c.names);
        if (c.r < 0)
                gnt_debrief_lines_release(ret);
        return c.r;
}
