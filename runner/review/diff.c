/* diff.c — a line diff of a candidate's file against the starter's: the
 * common prefix and suffix, then a longest common subsequence of the rest
 * by dynamic programming, bounded (a middle over 4M cells is shown as
 * replaced whole rather than costing seconds per file). */
#include "code.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Cells of the dynamic programming table at most (16-bit cells: the
 * common subsequence is at most min(m, k) <= sqrt of this). */
#define DIFF_CELLS_MAX ((size_t)4 << 20)

long gnt_review_lines_split(const char *text, size_t len, size_t max, struct gnt_review_line **ret)
{
        *ret = NULL;
        size_t n = 0;
        for (size_t i = 0; i < len; i++)
                n += text[i] == '\n';
        if (len && text[len - 1] != '\n')
                n++;
        if (n > max)
                return -EFBIG;
        if (!n)
                return 0;
        struct gnt_review_line *v = malloc(n * sizeof *v);
        if (!v)
                return -ENOMEM;
        const char *p = text, *end = text + len;
        for (size_t i = 0; i < n; i++) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                size_t k = nl ? (size_t)(nl - p) : (size_t)(end - p);
                v[i] = (struct gnt_review_line){p, k};
                p += k + 1;
        }
        *ret = v;
        return (long)n;
}

static bool same(const struct gnt_review_line *x, const struct gnt_review_line *y)
{
        return x->n == y->n && (x->n == 0 || memcmp(x->s, y->s, x->n) == 0);
}

static void push(struct gnt_review_diff *d, size_t *k, enum gnt_review_diff_op op, size_t ai, size_t bi)
{
        d[(*k)++] = (struct gnt_review_diff){op, ai, bi};
}

/* The middle a[0..m) against b[0..k) (offsets ao, bo in the whole files). */
static int diff_middle(const struct gnt_review_line *a, size_t m, const struct gnt_review_line *b, size_t k,
                       size_t ao, size_t bo, struct gnt_review_diff *d, size_t *nd)
{
        uint16_t *L = NULL;
        if (m && k && m <= DIFF_CELLS_MAX / k) {
                L = calloc((m + 1) * (k + 1), sizeof *L);
                if (!L)
                        return -ENOMEM;
        }
        if (!L) { /* nothing in common, or too large to look for it */
                for (size_t i = 0; i < m; i++)
                        push(d, nd, GNT_DIFF_DEL, ao + i, bo);
                for (size_t j = 0; j < k; j++)
                        push(d, nd, GNT_DIFF_ADD, ao + m, bo + j);
                return 0;
        }
        /* L[i][j]: length of a common subsequence of a[i..] and b[j..]. */
#define AT(i, j) L[(i) * (k + 1) + (j)]
        for (size_t i = m; i-- > 0;)
                for (size_t j = k; j-- > 0;)
                        AT(i, j) = same(&a[i], &b[j]) ? (uint16_t)(AT(i + 1, j + 1) + 1)
                                   : AT(i + 1, j) >= AT(i, j + 1) ? AT(i + 1, j)
                                                                   : AT(i, j + 1);
        size_t i = 0, j = 0;
        while (i < m || j < k) {
                if (i < m && j < k && same(&a[i], &b[j])) {
                        push(d, nd, GNT_DIFF_SAME, ao + i++, bo + j++);
                } else if (j == k || (i < m && AT(i + 1, j) >= AT(i, j + 1))) {
                        push(d, nd, GNT_DIFF_DEL, ao + i++, bo + j);
                } else {
                        push(d, nd, GNT_DIFF_ADD, ao + i, bo + j++);
                }
        }
#undef AT
        free(L);
        return 0;
}

long gnt_review_diff_lines(const struct gnt_review_line *a, size_t na, const struct gnt_review_line *b, size_t nb,
                           struct gnt_review_diff **ret)
{
        *ret = NULL;
        struct gnt_review_diff *d = malloc((na + nb ? na + nb : 1) * sizeof *d);
        if (!d)
                return -ENOMEM;
        size_t p = 0, s = 0, nd = 0;
        while (p < na && p < nb && same(&a[p], &b[p]))
                p++;
        while (s < na - p && s < nb - p && same(&a[na - 1 - s], &b[nb - 1 - s]))
                s++;
        for (size_t i = 0; i < p; i++)
                push(d, &nd, GNT_DIFF_SAME, i, i);
        int r = diff_middle(a + p, na - p - s, b + p, nb - p - s, p, p, d, &nd);
        if (r < 0) {
                free(d);
                return r;
        }
        for (size_t i = 0; i < s; i++)
                push(d, &nd, GNT_DIFF_SAME, na - s + i, nb - s + i);
        *ret = d;
        return (long)nd;
}
