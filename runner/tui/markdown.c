/* markdown.c — a small Markdown renderer for problem statements: blocks
 * first (headings, fences, lists, quotes, paragraphs), then inline styles,
 * then word wrapping by display width. */
#include "markdown.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

struct wbuf {
        wchar_t *t;
        unsigned char *s;
        size_t n, cap;
};

static int wb_put(struct wbuf *b, wchar_t c, unsigned char st)
{
        if (b->n + 1 >= b->cap) {
                size_t cap = b->cap ? b->cap * 2 : 128;
                wchar_t *nt = realloc(b->t, cap * sizeof *nt);
                if (!nt)
                        return -ENOMEM;
                b->t = nt;
                unsigned char *ns = realloc(b->s, cap);
                if (!ns)
                        return -ENOMEM;
                b->s = ns;
                b->cap = cap;
        }
        b->t[b->n] = c;
        b->s[b->n] = st;
        b->n++;
        return 0;
}

int gnt_md_width(const wchar_t *s, size_t n)
{
        int w = 0;
        for (size_t i = 0; i < n; i++) {
                int cw = wcwidth(s[i]);
                w += cw < 0 ? 1 : cw;
        }
        return w;
}

static int cwidth(wchar_t c)
{
        int w = wcwidth(c);
        return w < 0 ? 1 : w;
}

/* Decode UTF-8 (independent of the locale, so tests are stable). */
static size_t utf8_decode(const char *s, size_t len, wchar_t *out)
{
        const unsigned char *u = (const unsigned char *)s;
        unsigned c = u[0];
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || n > len) {
                *out = 0xFFFD;
                return 1;
        }
        unsigned v = n == 1 ? c : n == 2 ? c & 0x1f : n == 3 ? c & 0x0f : c & 0x07;
        for (size_t i = 1; i < n; i++) {
                if ((u[i] & 0xc0) != 0x80) {
                        *out = 0xFFFD;
                        return 1;
                }
                v = (v << 6) | (u[i] & 0x3f);
        }
        *out = (wchar_t)v;
        return n;
}

static int push_line(struct gnt_md_doc *d, const wchar_t *t, const unsigned char *s, size_t n)
{
        struct gnt_md_line *nl = realloc(d->lines, (d->n + 1) * sizeof *nl);
        if (!nl)
                return -ENOMEM;
        d->lines = nl;
        struct gnt_md_line *l = &d->lines[d->n];
        l->text = malloc((n + 1) * sizeof *l->text);
        l->style = malloc(n + 1);
        if (!l->text || !l->style) {
                free(l->text);
                free(l->style);
                return -ENOMEM;
        }
        if (n) {
                memcpy(l->text, t, n * sizeof *t);
                memcpy(l->style, s, n);
        }
        l->text[n] = 0;
        l->style[n] = 0;
        l->len = n;
        d->n++;
        return 0;
}

/* Inline styles of one block's text (already decoded) into out. */
static int inline_styles(const wchar_t *t, size_t n, unsigned char base, struct wbuf *out)
{
        unsigned char st = base;
        for (size_t i = 0; i < n; i++) {
                wchar_t c = t[i];
                if (c == '`') {
                        st ^= GNT_MD_CODE;
                        continue;
                }
                if (!(st & GNT_MD_CODE)) {
                        if (c == '*' && i + 1 < n && t[i + 1] == '*') {
                                st ^= GNT_MD_BOLD;
                                i++;
                                continue;
                        }
                        /* A lone * or _ opens emphasis only before a word and
                         * closes it only after one (a*b and snake_case stay). */
                        if ((c == '*' || c == '_')) {
                                bool open = !(st & GNT_MD_EMPH) && i + 1 < n && t[i + 1] != ' ' &&
                                            (i == 0 || t[i - 1] == ' ' || t[i - 1] == '(');
                                bool close = (st & GNT_MD_EMPH) && i > 0 && t[i - 1] != ' ' &&
                                             (i + 1 == n || !iswalnum((wint_t)t[i + 1]));
                                if (open || close) {
                                        st ^= GNT_MD_EMPH;
                                        continue;
                                }
                        }
                        if (c == '\\' && i + 1 < n && wcschr(L"\\`*_#[]()-.!", t[i + 1])) {
                                i++;
                                c = t[i];
                        }
                }
                if (wb_put(out, c, st) < 0)
                        return -ENOMEM;
        }
        return 0;
}

/* Wrap styled text at width; the first line starts with prefix, the next
 * ones with indent spaces. */
static int wrap(struct gnt_md_doc *d, const struct wbuf *b, const wchar_t *prefix, unsigned char pst, int indent,
                int width, bool hard)
{
        struct wbuf line = {0};
        int r = 0;
        size_t i = 0;
        bool first = true;
        if (width < indent + 8)
                width = indent + 8;
        do {
                line.n = 0;
                if (first && prefix) {
                        for (const wchar_t *p = prefix; *p; p++)
                                if ((r = wb_put(&line, *p, pst)) < 0)
                                        goto out;
                } else {
                        for (int k = 0; k < indent; k++)
                                if ((r = wb_put(&line, L' ', GNT_MD_PLAIN)) < 0)
                                        goto out;
                }
                first = false;
                int w = gnt_md_width(line.t, line.n);
                size_t start_n = line.n, last_space = 0, resume = i;
                bool have_space = false;
                while (i < b->n && w + cwidth(b->t[i]) <= width) {
                        if (b->t[i] == ' ' && !hard) {
                                have_space = true;
                                last_space = line.n;
                                resume = i + 1;
                        }
                        w += cwidth(b->t[i]);
                        if ((r = wb_put(&line, b->t[i], b->s[i])) < 0)
                                goto out;
                        i++;
                }
                if (i < b->n && have_space && !hard && b->t[i] != ' ') {
                        line.n = last_space; /* break at the last space */
                        i = resume;
                } else if (i < b->n && line.n == start_n) {
                        if ((r = wb_put(&line, b->t[i], b->s[i])) < 0) /* wider than the line */
                                goto out;
                        i++;
                }
                while (!hard && i < b->n && b->t[i] == ' ')
                        i++;
                while (!hard && line.n > start_n && line.t[line.n - 1] == ' ')
                        line.n--;
                if ((r = push_line(d, line.t, line.s, line.n)) < 0)
                        goto out;
        } while (i < b->n);
out:
        free(line.t);
        free(line.s);
        return r;
}

static bool is_blank(const wchar_t *t, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (t[i] != ' ')
                        return false;
        return true;
}

/* Length of a list marker ("- ", "* ", "12. ") at t, else 0. */
static size_t list_marker(const wchar_t *t, size_t n)
{
        size_t i = 0;
        while (i < n && t[i] == ' ')
                i++;
        if (i + 1 < n && (t[i] == '-' || t[i] == '*' || t[i] == '+') && t[i + 1] == ' ')
                return i + 2;
        size_t k = i;
        while (k < n && iswdigit((wint_t)t[k]))
                k++;
        if (k > i && k + 1 < n && (t[k] == '.' || t[k] == ')') && t[k + 1] == ' ')
                return k + 2;
        return 0;
}

/* A table row's cells: split at '|' (outer pipes dropped), spaces trimmed. */
struct cells {
        struct wbuf c[16];
        size_t n;
};

static void cells_release(struct cells *cs)
{
        for (size_t i = 0; i < cs->n; i++) {
                free(cs->c[i].t);
                free(cs->c[i].s);
        }
        cs->n = 0;
}

static int split_row(const struct wbuf *row, struct cells *cs)
{
        size_t i = 0, n = row->n;
        memset(cs, 0, sizeof *cs);
        while (i < n && row->t[i] == ' ')
                i++;
        if (i < n && row->t[i] == '|')
                i++;
        while (n > i && row->t[n - 1] == ' ')
                n--;
        if (n > i && row->t[n - 1] == '|')
                n--;
        while (i <= n && cs->n < 16) {
                size_t e = i;
                bool code = false;
                while (e < n && (row->t[e] != '|' || code)) {
                        if (row->t[e] == '`')
                                code = !code;
                        e++;
                }
                size_t a = i, b = e;
                while (a < b && row->t[a] == ' ')
                        a++;
                while (b > a && row->t[b - 1] == ' ')
                        b--;
                if (inline_styles(row->t + a, b - a, 0, &cs->c[cs->n]) < 0)
                        return -ENOMEM;
                cs->n++;
                i = e + 1;
        }
        return 0;
}

static bool separator_row(const struct wbuf *row)
{
        bool dash = false;
        for (size_t i = 0; i < row->n; i++) {
                if (row->t[i] == '-')
                        dash = true;
                else if (!wcschr(L"|: ", row->t[i]))
                        return false;
        }
        return dash;
}

/* Tables: aligned columns when they fit, else one block per row with the
 * header names as labels (a narrow pane still reads well). */
static int render_table(struct gnt_md_doc *d, struct wbuf *rows, size_t nrows, int width)
{
        struct cells *cs = calloc(nrows ? nrows : 1, sizeof *cs);
        if (!cs)
                return -ENOMEM;
        int r = 0;
        size_t n = 0, ncols = 0;
        for (size_t i = 0; i < nrows && r == 0; i++) {
                if (separator_row(&rows[i]))
                        continue;
                r = split_row(&rows[i], &cs[n]);
                if (cs[n].n > ncols)
                        ncols = cs[n].n;
                n++;
        }
        int w[16] = {0}, total = 0;
        for (size_t i = 0; i < n; i++)
                for (size_t c = 0; c < cs[i].n; c++) {
                        int cw = gnt_md_width(cs[i].c[c].t, cs[i].c[c].n);
                        if (cw > w[c])
                                w[c] = cw;
                }
        for (size_t c = 0; c < ncols; c++)
                total += w[c] + (c ? 3 : 0);
        struct wbuf line = {0};
        for (size_t i = 0; i < n && r == 0; i++) {
                line.n = 0;
                if (total <= width) {
                        for (size_t c = 0; c < ncols && r == 0; c++) {
                                if (c)
                                        for (const wchar_t *p = L" │ "; *p && r == 0; p++)
                                                r = wb_put(&line, *p, GNT_MD_PLAIN);
                                const struct wbuf *cell = c < cs[i].n ? &cs[i].c[c] : NULL;
                                int cw = 0;
                                for (size_t k = 0; cell && k < cell->n && r == 0; k++) {
                                        r = wb_put(&line, cell->t[k], cell->s[k] | (i == 0 ? GNT_MD_BOLD : 0));
                                        cw += cwidth(cell->t[k]);
                                }
                                for (; cw < w[c] && c + 1 < ncols && r == 0; cw++)
                                        r = wb_put(&line, ' ', GNT_MD_PLAIN);
                        }
                        if (r == 0)
                                r = push_line(d, line.t, line.s, line.n);
                        if (i == 0 && r == 0) {
                                line.n = 0;
                                for (int k = 0; k < total && k < width && r == 0; k++)
                                        r = wb_put(&line, L'─', GNT_MD_PLAIN);
                                if (r == 0)
                                        r = push_line(d, line.t, line.s, line.n);
                        }
                        continue;
                }
                if (i == 0 && n > 1)
                        continue; /* the header names become labels below */
                for (size_t c = 0; c < cs[i].n && r == 0; c++) {
                        line.n = 0;
                        if (n > 1 && c < cs[0].n && cs[0].c[c].n) {
                                for (size_t k = 0; k < cs[0].c[c].n && r == 0; k++)
                                        r = wb_put(&line, cs[0].c[c].t[k], GNT_MD_BOLD);
                                for (const wchar_t *p = L": "; *p && r == 0; p++)
                                        r = wb_put(&line, *p, GNT_MD_BOLD);
                        }
                        for (size_t k = 0; k < cs[i].c[c].n && r == 0; k++)
                                r = wb_put(&line, cs[i].c[c].t[k], cs[i].c[c].s[k]);
                        if (r == 0)
                                r = wrap(d, &line, c == 0 ? L"• " : L"  ", c == 0 ? GNT_MD_BULLET : 0, 4, width,
                                         false);
                }
        }
        free(line.t);
        free(line.s);
        for (size_t i = 0; i < nrows; i++)
                cells_release(&cs[i]);
        free(cs);
        return r;
}

/* The renderer's state between lines: the lines made so far, the block
 * being gathered (a paragraph, a list item, a quote, or table rows). */
struct render {
        struct gnt_md_doc d;
        struct wbuf para, styled;
        struct wbuf *table;
        size_t n_table;
        wchar_t prefix[16];
        int para_kind; /* 0 none, 1 paragraph, 2 list item, 3 quote */
        int para_indent;
        int width;
};

static void free_rows(struct render *st)
{
        for (size_t q = 0; q < st->n_table; q++) {
                free(st->table[q].t);
                free(st->table[q].s);
        }
        st->n_table = 0;
}

/* Emit the pending table, then the pending paragraph / list item / quote. */
static int flush(struct render *st)
{
        int r = 0;
        if (st->n_table) {
                r = render_table(&st->d, st->table, st->n_table, st->width);
                free_rows(st);
                if (r < 0)
                        return r;
        }
        if (st->para_kind) {
                int k = st->para_kind;
                st->styled.n = 0;
                if ((r = inline_styles(st->para.t, st->para.n, k == 3 ? GNT_MD_EMPH : 0, &st->styled)) < 0)
                        return r;
                if ((r = wrap(&st->d, &st->styled, k == 2 ? st->prefix : k == 3 ? L"│ " : NULL,
                              k == 2 ? GNT_MD_BULLET : GNT_MD_PLAIN, st->para_indent, st->width, false)) < 0)
                        return r;
                st->para_kind = 0;
                st->para.n = 0;
        }
        return 0;
}

/* Emit the pending paragraph but keep gathering table rows. */
static int flush_para(struct render *st)
{
        size_t keep = st->n_table;
        st->n_table = 0;
        int r = flush(st);
        st->n_table = keep;
        return r;
}

/* A line of a fenced code block: indented by two, tabs keeping their width
 * (to the next stop of GNT_MD_TAB columns from the block's left edge:
 * gofmt indents with tabs), wrapped without breaking at spaces. */
static int code_line(struct render *st, const wchar_t *t, size_t n)
{
        struct wbuf cb = {0};
        int r = 0;
        for (int k = 0; k < 2 && r == 0; k++)
                r = wb_put(&cb, ' ', GNT_MD_CODE);
        size_t col = 0;
        for (size_t k = 0; r == 0 && k < n; k++) {
                if (t[k] != '\t') {
                        r = wb_put(&cb, t[k], GNT_MD_CODE);
                        col += (size_t)cwidth(t[k]);
                        continue;
                }
                do
                        r = wb_put(&cb, ' ', GNT_MD_CODE);
                while (r == 0 && ++col % GNT_MD_TAB != 0);
        }
        if (r == 0)
                r = wrap(&st->d, &cb, L"", 0, 4, st->width, true);
        free(cb.t);
        free(cb.s);
        return r;
}

static int table_row(struct render *st, const wchar_t *t, size_t lead, size_t n)
{
        int r = flush_para(st);
        if (r < 0)
                return r;
        struct wbuf *nt = realloc(st->table, (st->n_table + 1) * sizeof *nt);
        if (!nt)
                return -ENOMEM;
        st->table = nt;
        memset(&st->table[st->n_table], 0, sizeof *st->table);
        st->n_table++;
        for (size_t q = lead; q < n && r == 0; q++)
                r = wb_put(&st->table[st->n_table - 1], t[q], 0);
        return r;
}

static int heading(struct render *st, const wchar_t *t, size_t lead, size_t n)
{
        size_t h = lead;
        while (h < n && t[h] == '#')
                h++;
        while (h < n && t[h] == ' ')
                h++;
        st->styled.n = 0;
        int r = inline_styles(t + h, n - h, GNT_MD_HEADING | GNT_MD_BOLD, &st->styled);
        return r < 0 ? r : wrap(&st->d, &st->styled, NULL, 0, 0, st->width, false);
}

/* A list item starts: its marker (lm: where the text starts) as prefix. */
static int list_item(struct render *st, const wchar_t *t, size_t lead, size_t lm, size_t n)
{
        st->para_kind = 2;
        size_t k = 0;
        for (size_t s = 0; s < lead && k < 8; s++)
                st->prefix[k++] = ' ';
        if (iswdigit((wint_t)t[lead])) {
                for (size_t q = lead; q < lm && k < 14; q++)
                        st->prefix[k++] = t[q];
        } else {
                st->prefix[k++] = L'•';
                st->prefix[k++] = ' ';
        }
        st->prefix[k] = 0;
        st->para_indent = gnt_md_width(st->prefix, wcslen(st->prefix));
        int r = 0;
        for (size_t q = lm; q < n && r == 0; q++)
                r = wb_put(&st->para, t[q], 0);
        return r;
}

/* Text joining the pending paragraph or quote (a space between lines). */
static int join(struct render *st, const wchar_t *t, size_t from, size_t n)
{
        int r = st->para.n ? wb_put(&st->para, ' ', 0) : 0;
        for (size_t q = from; q < n && r == 0; q++)
                r = wb_put(&st->para, t[q], 0);
        return r;
}

/* One line outside code blocks (tabs already spaces). */
static int text_line(struct render *st, const wchar_t *t, size_t n, bool *last_blank)
{
        size_t lead = 0;
        while (lead < n && t[lead] == ' ')
                lead++;
        int r;
        if (is_blank(t, n)) {
                if ((r = flush(st)) < 0)
                        return r;
                if (!*last_blank && (r = push_line(&st->d, L"", (const unsigned char *)"", 0)) < 0)
                        return r;
                *last_blank = true;
                return 0;
        }
        *last_blank = false;
        if (t[lead] == '|')
                return table_row(st, t, lead, n);
        if (st->n_table) { /* the table ends; a paragraph before it was emitted already */
                int kind = st->para_kind;
                st->para_kind = 0;
                r = flush(st);
                st->para_kind = kind;
                if (r < 0)
                        return r;
        }
        if (t[lead] == '#')
                return (r = flush(st)) < 0 ? r : heading(st, t, lead, n);
        size_t lm = list_marker(t, n);
        if (lm)
                return (r = flush(st)) < 0 ? r : list_item(st, t, lead, lm, n);
        if (t[lead] == '>') {
                if (st->para_kind != 3 && (r = flush(st)) < 0)
                        return r;
                st->para_kind = 3;
                st->para_indent = 2;
                size_t q = lead + 1;
                return join(st, t, q < n && t[q] == ' ' ? q + 1 : q, n);
        }
        if (st->para_kind == 0) {
                st->para_kind = 1;
                st->para_indent = 0;
        }
        return join(st, t, lead, n);
}

int gnt_md_render(const char *text, size_t len, int width, struct gnt_md_doc *ret)
{
        struct render st = {.width = width};
        struct wbuf raw = {0};
        int r = 0;
        bool in_code = false, last_blank = true;
        size_t off = 0;
        while (off < len && r == 0) {
                raw.n = 0;
                while (off < len && text[off] != '\n' && r == 0) {
                        wchar_t c;
                        off += utf8_decode(text + off, len - off, &c);
                        if (c != '\r')
                                r = wb_put(&raw, c, 0);
                }
                if (r < 0)
                        break;
                if (off < len)
                        off++;
                const wchar_t *t = raw.t ? raw.t : L"";
                size_t n = raw.n, lead = 0;
                for (size_t k = 0; !in_code && k < n; k++)
                        if (raw.t[k] == '\t')
                                raw.t[k] = ' '; /* outside code, a tab is a space */
                while (lead < n && t[lead] == ' ')
                        lead++;
                if (n - lead >= 3 && t[lead] == '`' && t[lead + 1] == '`' && t[lead + 2] == '`') {
                        r = flush(&st);
                        in_code = !in_code;
                } else if (in_code) {
                        r = code_line(&st, t, n);
                        last_blank = false;
                } else {
                        r = text_line(&st, t, n, &last_blank);
                }
        }
        if (r == 0)
                r = flush(&st);
        while (r == 0 && st.d.n && st.d.lines[st.d.n - 1].len == 0) {
                st.d.n--;
                free(st.d.lines[st.d.n].text);
                free(st.d.lines[st.d.n].style);
        }
        free_rows(&st);
        free(st.table);
        free(st.para.t);
        free(st.para.s);
        free(st.styled.t);
        free(st.styled.s);
        free(raw.t);
        free(raw.s);
        if (r < 0) {
                gnt_md_release(&st.d);
                return r;
        }
        *ret = st.d;
        return 0;
}

void gnt_md_release(struct gnt_md_doc *d)
{
        if (!d)
                return;
        for (size_t i = 0; i < d->n; i++) {
                free(d->lines[i].text);
                free(d->lines[i].style);
        }
        free(d->lines);
        memset(d, 0, sizeof *d);
}
