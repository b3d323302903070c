/* benchparse.c — benchmark result lines of a Go test binary:
 *   BenchmarkSum-2 \t 300295\t 383.1 ns/op\t 0 B/op\t 0 allocs/op
 * The "-N" GOMAXPROCS suffix is dropped; extra metrics (MB/s, custom
 * b.ReportMetric units) are ignored.  From the 2nd -test.count on, lines
 * carry no framing at all, so every line is examined. */
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Next whitespace-separated field of s[*i..n); false at the end. */
static bool field(const char *s, size_t n, size_t *i, const char **f, size_t *fl)
{
        while (*i < n && (s[*i] == ' ' || s[*i] == '\t'))
                (*i)++;
        if (*i >= n)
                return false;
        *f = s + *i;
        while (*i < n && s[*i] != ' ' && s[*i] != '\t')
                (*i)++;
        *fl = (size_t)(s + *i - *f);
        return true;
}

static bool number(const char *f, size_t fl, double *ret)
{
        char tmp[64];
        if (fl == 0 || fl >= sizeof tmp)
                return false;
        memcpy(tmp, f, fl);
        tmp[fl] = '\0';
        char *end;
        errno = 0;
        double v = strtod(tmp, &end);
        if (*end || errno || !isfinite(v) || v < 0 || !(isdigit((unsigned char)tmp[0]) || tmp[0] == '.'))
                return false;
        *ret = v;
        return true;
}

int grd_bench_parse_line(const char *s, size_t n, struct grd_bench_line *ret)
{
        size_t i = 0;
        const char *f;
        size_t fl;
        if (n && s[n - 1] == '\r')
                n--;
        if (!field(s, n, &i, &f, &fl) || f != s || fl <= 9 || memcmp(f, "Benchmark", 9) != 0)
                return 0;
        struct grd_bench_line b = {.bytes_op = -1, .allocs_op = -1, .ns_op = -1};
        size_t name_len = fl;
        /* strip "-N" when N is all digits */
        for (size_t k = fl; k > 9; k--) {
                if (f[k - 1] == '-') {
                        bool digits = k < fl;
                        for (size_t d = k; d < fl; d++)
                                digits = digits && isdigit((unsigned char)f[d]);
                        if (digits)
                                name_len = k - 1;
                        break;
                }
                if (!isdigit((unsigned char)f[k - 1]))
                        break;
        }
        if (name_len >= sizeof b.name)
                return 0;
        memcpy(b.name, f, name_len);
        b.name[name_len] = '\0';

        double iters;
        if (!field(s, n, &i, &f, &fl) || !number(f, fl, &iters) || iters < 1 || memchr(f, '.', fl))
                return 0;
        b.iterations = (long long)iters;
        const char *vf, *uf;
        size_t vl, ul;
        while (field(s, n, &i, &vf, &vl)) {
                double v;
                if (!number(vf, vl, &v) || !field(s, n, &i, &uf, &ul))
                        return 0;
                if (ul == 5 && memcmp(uf, "ns/op", 5) == 0)
                        b.ns_op = v;
                else if (ul == 4 && memcmp(uf, "B/op", 4) == 0)
                        b.bytes_op = v;
                else if (ul == 9 && memcmp(uf, "allocs/op", 9) == 0)
                        b.allocs_op = v;
        }
        if (b.ns_op < 0)
                return 0;
        *ret = b;
        return 1;
}

long grd_bench_parse(const char *buf, size_t len, struct grd_bench_line **ret)
{
        struct grd_bench_line *v = NULL;
        size_t n = 0, cap = 0, i = 0;
        while (i < len) {
                const char *nl = memchr(buf + i, '\n', len - i);
                size_t k = nl ? (size_t)(nl - (buf + i)) : len - i;
                struct grd_bench_line b;
                if (grd_bench_parse_line(buf + i, k, &b) == 1) {
                        if (n == cap) {
                                cap = cap ? cap * 2 : 8;
                                struct grd_bench_line *nv = realloc(v, cap * sizeof *nv);
                                if (!nv) {
                                        free(v);
                                        return -ENOMEM;
                                }
                                v = nv;
                        }
                        v[n++] = b;
                }
                i += k + 1;
        }
        *ret = v;
        return (long)n;
}
