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

/* Coverage of [x(k), x(n-k+1)] (k 1-based): 1 - 2 P(Bin(n, 1/2) <= k-1). */
static double coverage(size_t n, size_t k)
{
        return 1 - 2 * binom_cdf_half(n, k - 1);
}

unsigned grd_median_ci_min_n(double level)
{
        unsigned n = 1;
        while (n < 64 && coverage(n, 1) < level)
                n++;
        return n;
}

int grd_median_ci(const double *v, size_t n, double level, double *lo, double *hi)
{
        if (n == 0)
                return -EINVAL;
        if (coverage(n, 1) < level)
                return -ERANGE;
        double *s = sorted_copy(v, n);
        if (!s)
                return -ENOMEM;
        /* k: the innermost pair still covering level; k+1 covers less */
        size_t k = 1;
        while (k + 1 <= (n + 1) / 2 && coverage(n, k + 1) >= level)
                k++;
        double a = s[k - 1], b = s[n - k];
        if (k + 1 <= (n + 1) / 2) {
                /* Hettmansperger-Sheather: interpolate between x(k) and
                 * x(k+1) (and x(n-k+1), x(n-k)) to coverage level */
                double gk = coverage(n, k), gk1 = coverage(n, k + 1);
                double i = (gk - level) / (gk - gk1);
                double lam = (double)(n - k) * i / ((double)k + (double)(n - 2 * k) * i);
                a = lam * s[k] + (1 - lam) * s[k - 1];
                b = lam * s[n - k - 1] + (1 - lam) * s[n - k];
        }
        *lo = a;
        *hi = b;
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
        unsigned more = 0, least = grd_median_ci_min_n(GRD_BENCH_CI_LEVEL);
        double lo, hi;
        if (n == first && grd_cv(ratios, n) > cv_limit) {
                more = first;
                *spread = true;
        } else if (n < least) {
                /* no interval at the level yet: it would be unbounded */
                more = least - n;
                *doubt = true;
        } else if (grd_median_ci(ratios, n, GRD_BENCH_CI_LEVEL, &lo, &hi) == 0 && lo <= target && hi > target) {
                more = 2;
                *doubt = true;
        }
        return more < max - n ? more : max - n;
}
