/* stats.h — the numbers behind the bench score: medians, an order-statistic
 * confidence interval on the median, coefficient of variation, and the
 * score curve.  Pure functions; deterministic. */
#ifndef GAUNTLET_STATS_H
#define GAUNTLET_STATS_H

#include <stdbool.h>
#include <stddef.h>

/* Median of v[0..n) (v is not modified).  NAN when n == 0. */
double grd_median(const double *v, size_t n);

/* The one confidence level of the bench grader's interval (and of its
 * doubt rule), as docs/grading.md states it. */
#define GRD_BENCH_CI_LEVEL 0.95

/* Distribution-free interval for the median at exactly level: the order
 * statistics x(k), x(n-k+1) with the narrowest coverage
 * 1 - 2 P(Bin(n, 1/2) < k) still at least level, moved towards the next
 * pair inwards by Hettmansperger and Sheather's interpolation (1986) so
 * that the coverage is level itself rather than the 96%, 97%, 98% an
 * order-statistic pair happens to give.  Writes the bounds.  -EINVAL when
 * n == 0; -ERANGE when even the full range covers less than level (n < 6
 * at 95%): no interval at that level exists, *lo and *hi are untouched. */
int grd_median_ci(const double *v, size_t n, double level, double *lo, double *hi);

/* The fewest samples whose full range covers the median with at least
 * level (6 at 95%). */
unsigned grd_median_ci_min_n(double level);

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
 * variation is over cv_limit (*spread set); else, while there are too few
 * pairs for an interval at GRD_BENCH_CI_LEVEL (an unbounded interval holds
 * every target), enough to have one, and then 2 while the median's
 * interval holds target, i.e. whether the ratio is at or below the target
 * is still in doubt (*doubt set both ways); else 0.  Never past max. */
unsigned grd_bench_more_pairs(const double *ratios, unsigned n, unsigned first, unsigned max, double target,
                              double cv_limit, bool *spread, bool *doubt);

#endif
