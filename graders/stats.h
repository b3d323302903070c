/* stats.h — the numbers behind the bench score: medians, an order-statistic
 * confidence interval on the median, coefficient of variation, and the
 * score curve.  Pure functions; deterministic. */
#ifndef GAUNTLET_STATS_H
#define GAUNTLET_STATS_H

#include <stdbool.h>
#include <stddef.h>

/* Median of v[0..n) (v is not modified).  NAN when n == 0. */
double grd_median(const double *v, size_t n);

/* Distribution-free interval for the median from the order statistics:
 * the widest symmetric pair x(k), x(n-k+1) whose coverage
 * 1 - 2 P(Bin(n, 1/2) < k) is at least level — or, when n is too small for
 * level, the full range with the coverage it really has.  Writes the
 * bounds and the achieved coverage.  -EINVAL when n == 0. */
int grd_median_ci(const double *v, size_t n, double level, double *lo, double *hi, double *achieved);

/* Sample standard deviation / mean; 0 when n < 2 or the mean is 0. */
double grd_cv(const double *v, size_t n);

/* Geometric mean of positive values; NAN when any is not positive. */
double grd_geomean(const double *v, size_t n);

/* Fraction of the marks for a candidate/reference ratio: 1 at or below
 * target, 0 at or above fail, log-linear between. */
double grd_bench_curve(double ratio, double target, double fail);

/* How many more benchmark pairs to run after n pair ratios, of which
 * first were the planned pairs and max is the most there may be: as many
 * again when, right after the planned ones, their coefficient of
 * variation is over cv_limit (*spread set); else 2 while the median's 95%
 * interval holds target, i.e. whether the ratio is at or below the target
 * is still in doubt (*doubt set); else 0.  Never past max. */
unsigned grd_bench_more_pairs(const double *ratios, unsigned n, unsigned first, unsigned max, double target,
                              double cv_limit, bool *spread, bool *doubt);

#endif
