/* compare.c — exact, whitespace-tolerant and float comparators. */
#include "compare.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tok {
        const char *s;
        size_t n;
        size_t line; /* 1-based */
};

static bool next_tok(const char *b, size_t len, size_t *i, size_t *line, struct tok *t)
{
        while (*i < len && isspace((unsigned char)b[*i])) {
                if (b[*i] == '\n')
                        (*line)++;
                (*i)++;
        }
        if (*i >= len)
                return false;
        t->s = b + *i;
        t->line = *line;
        while (*i < len && !isspace((unsigned char)b[*i]))
                (*i)++;
        t->n = (size_t)(b + *i - t->s);
        return true;
}

static void quote(char *dst, size_t dl, const char *s, size_t n)
{
        size_t k = n < 40 ? n : 40;
        snprintf(dst, dl, "'%.*s%s'", (int)k, s, n > k ? "..." : "");
}

/* A line quoted around column col (0-based) when the difference lies
 * past what quote() shows: 20 bytes before it, 40 in all, "..." for what
 * is cut. */
static void quote_at(char *dst, size_t dl, const char *s, size_t n, size_t col)
{
        if (col < 30) {
                quote(dst, dl, s, n);
                return;
        }
        size_t from = col - 20, k = n - from < 40 ? n - from : 40;
        snprintf(dst, dl, "'...%.*s%s'", (int)k, s + from, n - from > k ? "..." : "");
}

static bool as_number(const struct tok *t, double *v)
{
        char tmp[128];
        if (t->n == 0 || t->n >= sizeof tmp)
                return false;
        memcpy(tmp, t->s, t->n);
        tmp[t->n] = '\0';
        char *end;
        errno = 0;
        *v = strtod(tmp, &end);
        return *end == '\0' && errno != ERANGE;
}

static bool close_enough(double a, double b, double tol)
{
        if (isnan(a) || isnan(b))
                return isnan(a) && isnan(b);
        if (a == b)
                return true;
        double d = fabs(a - b);
        return d <= tol || d <= tol * fmax(fabs(a), fabs(b));
}

static int compare_tokens(bool floats, double tol, const char *got, size_t gl, const char *want, size_t wl,
                          char *why, size_t why_len)
{
        size_t gi = 0, wi = 0, gline = 1, wline = 1, index = 0;
        for (;;) {
                struct tok g, w;
                bool hg = next_tok(got, gl, &gi, &gline, &g);
                bool hw = next_tok(want, wl, &wi, &wline, &w);
                index++;
                char qa[64], qb[64];
                if (!hg && !hw)
                        return 1;
                if (!hg) {
                        quote(qa, sizeof qa, w.s, w.n);
                        snprintf(why, why_len, "output ends early: expected %s on line %zu", qa, w.line);
                        return 0;
                }
                if (!hw) {
                        quote(qa, sizeof qa, g.s, g.n);
                        snprintf(why, why_len, "extra output: %s on line %zu", qa, g.line);
                        return 0;
                }
                bool same = g.n == w.n && memcmp(g.s, w.s, g.n) == 0;
                double a, b;
                if (!same && floats && as_number(&g, &a) && as_number(&w, &b))
                        same = close_enough(a, b, tol);
                if (!same) {
                        quote(qa, sizeof qa, w.s, w.n);
                        quote(qb, sizeof qb, g.s, g.n);
                        snprintf(why, why_len, "line %zu, token %zu: expected %s, got %s%s", g.line, index, qa, qb,
                                 floats ? " (beyond tolerance)" : "");
                        return 0;
                }
        }
}

static int compare_exact(const char *got, size_t gl, const char *want, size_t wl, char *why, size_t why_len)
{
        if (gl == wl && memcmp(got, want, gl) == 0)
                return 1;
        size_t i = 0, line = 1, line_start = 0;
        while (i < gl && i < wl && got[i] == want[i]) {
                if (got[i] == '\n') {
                        line++;
                        line_start = i + 1;
                }
                i++;
        }
        const char *ge = memchr(got + line_start, '\n', gl - line_start);
        const char *we = memchr(want + line_start, '\n', wl - line_start);
        size_t gn = ge ? (size_t)(ge - got) - line_start : gl - line_start;
        size_t wn = we ? (size_t)(we - want) - line_start : wl - line_start;
        size_t col = i - line_start;
        char qa[64], qb[64];
        quote_at(qa, sizeof qa, want + line_start, wn, col);
        quote_at(qb, sizeof qb, got + line_start, gn, col);
        if (i == gl)
                snprintf(why, why_len, "output ends early at line %zu: expected %s", line, qa);
        else if (i == wl)
                snprintf(why, why_len, "extra output from line %zu: %s", line, qb);
        else if (col >= 30)
                snprintf(why, why_len, "line %zu, column %zu: expected %s, got %s", line, col + 1, qa, qb);
        else
                snprintf(why, why_len, "line %zu: expected %s, got %s", line, qa, qb);
        return 0;
}

int grd_compare(enum grd_comparator c, double tolerance, const char *got, size_t got_len,
                const char *want, size_t want_len, char *why, size_t why_len)
{
        if ((!got && got_len) || (!want && want_len) || !why || why_len == 0)
                return -EINVAL;
        why[0] = '\0';
        got = got ? got : "";
        want = want ? want : "";
        switch (c) {
        case GRD_CMP_EXACT:
                return compare_exact(got, got_len, want, want_len, why, why_len);
        case GRD_CMP_WHITESPACE:
                return compare_tokens(false, 0, got, got_len, want, want_len, why, why_len);
        case GRD_CMP_FLOAT:
                if (!(tolerance >= 0))
                        return -EINVAL;
                return compare_tokens(true, tolerance, got, got_len, want, want_len, why, why_len);
        default:
                return -EINVAL;
        }
}
