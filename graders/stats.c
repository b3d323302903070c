/* stats.c — medians, order-statistic CI, CV and the bench score curve. */
#include "stats.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;
        return (x > y) - (x < y);
}

static double *sorted_copy(const double *v, size_t n)
{
        double *s = malloc((n ? n : 1) * sizeof *s);
        if (!s)
                return NULL;
        memcpy(s, v, n * sizeof *s);
        qsort(s, n, sizeof *s, cmp_double);
        return s;
}

double grd_median(const double *v, size_t n)
{
        if (n == 0)
                return NAN;
        double *s = sorted_copy(v, n);
        if (!s)
                return NAN;
        double m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        free(s);
        return m;
}

/* P(Bin(n, 1/2) <= k) */
static double binom_cdf_half(size_t n, size_t k)
{
        double sum = 0, term = pow(0.5, (double)n); /* C(n,0) / 2^n */
        for (size_t i = 0; i <= k && i <= n; i++) {
                sum += term;
                term = term * (double)(n - i) / (double)(i + 1);
        }
        return sum;
}

int grd_median_ci(const double *v, size_t n, double level, double *lo, double *hi, double *achieved)
{
        if (n == 0)
                return -EINVAL;
        double *s = sorted_copy(v, n);
        if (!s)
                return -ENOMEM;
        /* k is 1-based: interval [x(k), x(n-k+1)], coverage 1 - 2 P(X <= k-1) */
        size_t best = 1;
        double cover = 1 - 2 * binom_cdf_half(n, 0);
        for (size_t k = 2; k <= (n + 1) / 2; k++) {
                double c = 1 - 2 * binom_cdf_half(n, k - 1);
                if (c < level)
                        break;
                best = k;
                cover = c;
        }
        *lo = s[best - 1];
        *hi = s[n - best];
        *achieved = n == 1 ? 0 : cover;
        free(s);
        return 0;
}

double grd_cv(const double *v, size_t n)
{
        if (n < 2)
                return 0;
        double mean = 0, ss = 0;
        for (size_t i = 0; i < n; i++)
                mean += v[i];
        mean /= (double)n;
        if (mean == 0)
                return 0;
        for (size_t i = 0; i < n; i++)
                ss += (v[i] - mean) * (v[i] - mean);
        return sqrt(ss / (double)(n - 1)) / fabs(mean);
}

double grd_geomean(const double *v, size_t n)
{
        if (n == 0)
                return NAN;
        double s = 0;
        for (size_t i = 0; i < n; i++) {
                if (!(v[i] > 0))
                        return NAN;
                s += log(v[i]);
        }
        return exp(s / (double)n);
}

double grd_bench_curve(double ratio, double target, double fail)
{
        if (!(ratio > 0) || !isfinite(ratio))
                return 0;
        if (ratio <= target)
                return 1;
        if (fail <= target || ratio >= fail)
                return 0;
        return 1 - log(ratio / target) / log(fail / target);
}

unsigned grd_bench_more_pairs(const double *ratios, unsigned n, unsigned first, unsigned max, double target,
                              double cv_limit, bool *spread, bool *doubt)
{
        if (n >= max)
                return 0;
        unsigned more = 0;
        double lo, hi, level;
        if (n == first && grd_cv(ratios, n) > cv_limit) {
                more = first;
                *spread = true;
        } else if (grd_median_ci(ratios, n, 0.95, &lo, &hi, &level) == 0 && lo <= target && hi > target) {
                more = 2;
                *doubt = true;
        }
        return more < max - n ? more : max - n;
}
