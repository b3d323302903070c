/* similarity.c — winnowing over normalised token k-grams.  Tokens: keywords
 * and operators as themselves, identifiers as one token, literals as one
 * token per kind; comments and layout dropped. */
#include "similarity.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct token {
        uint64_t h;
        unsigned line;
};

struct fp {
        uint64_t h;
        unsigned file;  /* index into labels */
        unsigned first, last;
};

struct gnt_sim_doc {
        char *name;
        char **labels;
        size_t n_labels;
        struct fp *fps;
        size_t n_fps, cap_fps;
        uint64_t *sorted; /* fingerprint hashes, sorted; rebuilt lazily */
        size_t n_sorted;
        bool dirty;
};

static const char *const keywords[] = {
        /* Go */
        "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for",
        "func", "go", "goto", "if", "import", "interface", "map", "package", "range", "return", "select",
        "struct", "switch", "type", "var", "nil", "true", "false", "make", "new", "len", "cap", "append",
        "panic", "recover", "close", "delete", "copy",
        /* C (those not above) */
        "auto", "char", "do", "double", "enum", "extern", "float", "int", "long", "register", "short",
        "signed", "sizeof", "static", "typedef", "union", "unsigned", "void", "volatile", "while",
        "inline", "restrict", "bool", "NULL",
};

static const char *const operators[] = {
        "<<=", ">>=", "...", "&^=", "&&", "||", "<<", ">>", "&^", "++", "--", "==", "!=", "<=", ">=",
        "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", ":=", "<-", "->", "::", "##",
};

static uint64_t fnv(const char *s, size_t n)
{
        uint64_t h = 1469598103934665603ull;
        for (size_t i = 0; i < n; i++) {
                h ^= (unsigned char)s[i];
                h *= 1099511628211ull;
        }
        return h;
}

static bool is_ident_start(int c)
{
        return isalpha(c) || c == '_' || c >= 0x80;
}

static bool is_ident(int c)
{
        return isalnum(c) || c == '_' || c >= 0x80;
}

/* Tokenise text; *ret is a malloc'd array.  Returns the count or -ENOMEM. */
static long tokenize(const char *s, size_t n, struct token **ret)
{
        size_t cap = 256, cnt = 0;
        struct token *t = malloc(cap * sizeof *t);
        if (!t)
                return -ENOMEM;
        unsigned line = 1;
        size_t i = 0;
        static const uint64_t id_tok = 0x1d1d1d1d1d1dull, num_tok = 0x2e2e2e2e2eull, str_tok = 0x3f3f3f3f3full;
        while (i < n) {
                unsigned char c = (unsigned char)s[i];
                unsigned start_line = line;
                uint64_t h;
                if (c == '\n') {
                        line++;
                        i++;
                        continue;
                }
                if (isspace(c)) {
                        i++;
                        continue;
                }
                if (c == '/' && i + 1 < n && s[i + 1] == '/') {
                        while (i < n && s[i] != '\n')
                                i++;
                        continue;
                }
                if (c == '/' && i + 1 < n && s[i + 1] == '*') {
                        i += 2;
                        while (i < n && !(s[i] == '*' && i + 1 < n && s[i + 1] == '/'))
                                line += s[i++] == '\n';
                        i = i + 2 < n ? i + 2 : n;
                        continue;
                }
                if (is_ident_start(c)) {
                        size_t j = i;
                        while (j < n && is_ident((unsigned char)s[j]))
                                j++;
                        h = id_tok;
                        for (size_t k = 0; k < sizeof keywords / sizeof *keywords; k++)
                                if (strlen(keywords[k]) == j - i && memcmp(keywords[k], s + i, j - i) == 0) {
                                        h = fnv(s + i, j - i);
                                        break;
                                }
                        i = j;
                } else if (isdigit(c) || (c == '.' && i + 1 < n && isdigit((unsigned char)s[i + 1]))) {
                        while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '.' || s[i] == '_'))
                                i++;
                        h = num_tok;
                } else if (c == '"' || c == '\'' || c == '`') {
                        char q = (char)c;
                        i++;
                        while (i < n && s[i] != q) {
                                if (s[i] == '\\' && q != '`' && i + 1 < n)
                                        i++;
                                else if (s[i] == '\n' && q != '`')
                                        break; /* unterminated: stop at the line end */
                                line += s[i] == '\n';
                                i++;
                        }
                        if (i < n && s[i] == q)
                                i++;
                        h = str_tok;
                } else {
                        size_t len = 1;
                        for (size_t k = 0; k < sizeof operators / sizeof *operators; k++) {
                                size_t ol = strlen(operators[k]);
                                if (ol > len && i + ol <= n && memcmp(operators[k], s + i, ol) == 0)
                                        len = ol;
                        }
                        i += len;
                        /* Go's semicolons are optional layout: drop them all. */
                        if (len == 1 && c == ';')
                                continue;
                        h = fnv(s + i - len, len);
                }
                if (cnt == cap) {
                        struct token *nt = realloc(t, 2 * cap * sizeof *t);
                        if (!nt) {
                                free(t);
                                return -ENOMEM;
                        }
                        t = nt;
                        cap *= 2;
                }
                t[cnt++] = (struct token){h, start_line};
        }
        *ret = t;
        return (long)cnt;
}

struct gnt_sim_doc *gnt_sim_doc_new(const char *name)
{
        struct gnt_sim_doc *d = calloc(1, sizeof *d);
        if (!d || !(d->name = strdup(name ? name : ""))) {
                free(d);
                return NULL;
        }
        return d;
}

void gnt_sim_doc_free(struct gnt_sim_doc *d)
{
        if (!d)
                return;
        for (size_t i = 0; i < d->n_labels; i++)
                free(d->labels[i]);
        free(d->labels);
        free(d->fps);
        free(d->sorted);
        free(d->name);
        free(d);
}

const char *gnt_sim_doc_name(const struct gnt_sim_doc *d)
{
        return d->name;
}

size_t gnt_sim_doc_size(const struct gnt_sim_doc *d)
{
        return d->n_fps;
}

static int push_fp(struct gnt_sim_doc *d, struct fp f)
{
        if (d->n_fps == d->cap_fps) {
                size_t cap = d->cap_fps ? 2 * d->cap_fps : 64;
                struct fp *n = realloc(d->fps, cap * sizeof *n);
                if (!n)
                        return -ENOMEM;
                d->fps = n;
                d->cap_fps = cap;
        }
        d->fps[d->n_fps++] = f;
        d->dirty = true;
        return 0;
}

int gnt_sim_doc_add_file(struct gnt_sim_doc *d, const char *label, const char *text, size_t len)
{
        char **labels = realloc(d->labels, (d->n_labels + 1) * sizeof *labels);
        if (!labels)
                return -ENOMEM;
        d->labels = labels;
        if (!(labels[d->n_labels] = strdup(label)))
                return -ENOMEM;
        unsigned file = (unsigned)d->n_labels++;

        struct token *t;
        long nt = tokenize(text, len, &t);
        if (nt < 0)
                return (int)nt;
        int r = 0;
        long ng = nt - GNT_SIM_K + 1; /* k-grams */
        uint64_t *g = ng > 0 ? malloc((size_t)ng * sizeof *g) : NULL;
        if (ng > 0 && !g) {
                free(t);
                return -ENOMEM;
        }
        for (long i = 0; i < ng; i++) {
                uint64_t h = 0;
                for (long k = 0; k < GNT_SIM_K; k++)
                        h = (h ^ t[i + k].h) * 0x100000001b3ull + 0x9e3779b97f4a7c15ull;
                g[i] = h;
        }
        /* Winnowing: the rightmost minimum of every window of W k-grams;
         * a file shorter than one window keeps its single minimum. */
        long last = -1;
        long windows = ng >= GNT_SIM_W ? ng - GNT_SIM_W + 1 : (ng > 0 ? 1 : 0);
        long wlen = ng >= GNT_SIM_W ? GNT_SIM_W : ng;
        for (long w = 0; w < windows && r == 0; w++) {
                long m = w;
                for (long i = w; i < w + wlen; i++)
                        if (g[i] <= g[m])
                                m = i;
                if (m != last) {
                        r = push_fp(d, (struct fp){g[m], file, t[m].line, t[m + GNT_SIM_K - 1].line});
                        last = m;
                }
        }
        free(g);
        free(t);
        return r;
}

static int cmp_u64(const void *a, const void *b)
{
        uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
        return x < y ? -1 : x > y;
}

/* The sorted hash list, rebuilt after changes.  Cast away const: the
 * cache does not change what the document means. */
static const uint64_t *sorted_hashes(const struct gnt_sim_doc *cd, size_t *n)
{
        struct gnt_sim_doc *d = (struct gnt_sim_doc *)cd;
        if (d->dirty || (!d->sorted && d->n_fps)) {
                uint64_t *s = realloc(d->sorted, (d->n_fps ? d->n_fps : 1) * sizeof *s);
                if (!s)
                        return NULL;
                for (size_t i = 0; i < d->n_fps; i++)
                        s[i] = d->fps[i].h;
                qsort(s, d->n_fps, sizeof *s, cmp_u64);
                d->sorted = s;
                d->n_sorted = d->n_fps;
                d->dirty = false;
        }
        *n = d->n_sorted;
        return d->sorted;
}

size_t gnt_sim_doc_hashes(const struct gnt_sim_doc *d, const uint64_t **ret)
{
        size_t n = 0;
        const uint64_t *s = sorted_hashes(d, &n);
        *ret = s && n ? s : NULL;
        return *ret ? n : 0;
}

static bool contains(const uint64_t *s, size_t n, uint64_t h)
{
        return n && bsearch(&h, s, n, sizeof *s, cmp_u64) != NULL;
}

void gnt_sim_doc_subtract(struct gnt_sim_doc *d, const struct gnt_sim_doc *base)
{
        size_t nb;
        const uint64_t *sb = sorted_hashes(base, &nb);
        if (!sb)
                return;
        size_t w = 0;
        for (size_t i = 0; i < d->n_fps; i++)
                if (!contains(sb, nb, d->fps[i].h))
                        d->fps[w++] = d->fps[i];
        d->n_fps = w;
        d->dirty = true;
}

static int cmp_region(const void *x, const void *y)
{
        const struct gnt_sim_region *a = x, *b = y;
        int c = strcmp(a->file_a, b->file_a);
        if (c)
                return c;
        if (a->a_first != b->a_first)
                return a->a_first < b->a_first ? -1 : 1;
        c = strcmp(a->file_b, b->file_b);
        if (c)
                return c;
        return (a->b_first > b->b_first) - (a->b_first < b->b_first);
}

/* The first fingerprint of d with hash h (d's fingerprints unsorted: linear). */
static const struct fp *find_fp(const struct gnt_sim_doc *d, uint64_t h)
{
        for (size_t i = 0; i < d->n_fps; i++)
                if (d->fps[i].h == h)
                        return &d->fps[i];
        return NULL;
}

int gnt_sim_compare(const struct gnt_sim_doc *a, const struct gnt_sim_doc *b, struct gnt_sim_match *ret)
{
        size_t na, nb;
        const uint64_t *sa = sorted_hashes(a, &na), *sb = sorted_hashes(b, &nb);
        if ((a->n_fps && !sa) || (b->n_fps && !sb))
                return -ENOMEM;
        struct gnt_sim_match m = {0};
        size_t in_b = 0, in_a = 0;
        for (size_t i = 0; i < na; i++)
                in_b += contains(sb, nb, sa[i]);
        for (size_t i = 0; i < nb; i++)
                in_a += contains(sa, na, sb[i]);
        m.frac_a = na ? (double)in_b / (double)na : 0;
        m.frac_b = nb ? (double)in_a / (double)nb : 0;
        m.shared = in_b;
        if (in_b) {
                m.regions = calloc(in_b, sizeof *m.regions);
                if (!m.regions)
                        return -ENOMEM;
                for (size_t i = 0; i < a->n_fps; i++) {
                        const struct fp *fa = &a->fps[i];
                        if (!contains(sb, nb, fa->h))
                                continue;
                        const struct fp *fb = find_fp(b, fa->h);
                        m.regions[m.n_regions++] = (struct gnt_sim_region){
                                a->labels[fa->file], fa->first, fa->last, b->labels[fb->file], fb->first, fb->last};
                }
                qsort(m.regions, m.n_regions, sizeof *m.regions, cmp_region);
                /* Merge runs that touch on both sides. */
                size_t w = 0;
                for (size_t i = 0; i < m.n_regions; i++) {
                        struct gnt_sim_region *r = &m.regions[i], *p = w ? &m.regions[w - 1] : NULL;
                        if (p && strcmp(p->file_a, r->file_a) == 0 && strcmp(p->file_b, r->file_b) == 0 &&
                            r->a_first <= p->a_last + 1 && r->b_first + 1 >= p->b_first &&
                            r->b_first <= p->b_last + 1) {
                                if (r->a_last > p->a_last)
                                        p->a_last = r->a_last;
                                if (r->b_last > p->b_last)
                                        p->b_last = r->b_last;
                                if (r->b_first < p->b_first)
                                        p->b_first = r->b_first;
                        } else {
                                m.regions[w++] = *r;
                        }
                }
                m.n_regions = w;
        }
        *ret = m;
        return 0;
}

void gnt_sim_match_release(struct gnt_sim_match *m)
{
        if (!m)
                return;
        free(m->regions);
        memset(m, 0, sizeof *m);
}
