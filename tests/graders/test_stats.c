/* test_stats.c — medians, the order-statistic CI, CV, the score curve and
 * the output comparators. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <string.h>

#include "compare.h"
#include "stats.h"

static void medians(void **state)
{
        double odd[] = {3, 1, 2}, even[] = {4, 1, 3, 2};
        assert_true(grd_median(odd, 3) == 2);
        assert_true(grd_median(even, 4) == 2.5);
        assert_true(isnan(grd_median(odd, 0)));
        assert_true(odd[0] == 3); /* input untouched */
}

static void ci(void **state)
{
        double v[10] = {10, 1, 9, 2, 8, 3, 7, 4, 6, 5};
        double lo, hi, lvl;
        /* n = 10 at 95%: x(2)..x(9), coverage 1 - 2*11/1024 = 0.9785 */
        assert_int_equal(grd_median_ci(v, 10, 0.95, &lo, &hi, &lvl), 0);
        assert_true(lo == 2 && hi == 9);
        assert_true(fabs(lvl - (1 - 2.0 * 11 / 1024)) < 1e-12);
        /* n = 5 cannot reach 95%: the full range, 93.75% */
        assert_int_equal(grd_median_ci(v, 5, 0.95, &lo, &hi, &lvl), 0);
        assert_true(lo == 1 && hi == 10);
        assert_true(fabs(lvl - 0.9375) < 1e-12);
        assert_int_equal(grd_median_ci(v, 0, 0.95, &lo, &hi, &lvl), -EINVAL);
}

static void cv_and_geomean(void **state)
{
        double same[] = {2, 2, 2}, spread[] = {1, 2, 3};
        assert_true(grd_cv(same, 3) == 0);
        assert_true(fabs(grd_cv(spread, 3) - 0.5) < 1e-12);
        assert_true(grd_cv(spread, 1) == 0);
        double g[] = {1, 4};
        assert_true(fabs(grd_geomean(g, 2) - 2) < 1e-12);
        double bad[] = {1, 0};
        assert_true(isnan(grd_geomean(bad, 2)));
}

static void curve(void **state)
{
        assert_true(grd_bench_curve(0.5, 1.5, 4) == 1);
        assert_true(grd_bench_curve(1.5, 1.5, 4) == 1);
        assert_true(grd_bench_curve(4, 1.5, 4) == 0);
        assert_true(grd_bench_curve(10, 1.5, 4) == 0);
        /* log-linear: the geometric midpoint scores one half */
        assert_true(fabs(grd_bench_curve(sqrt(1.5 * 4), 1.5, 4) - 0.5) < 1e-12);
        assert_true(grd_bench_curve(2, 1.5, 4) > grd_bench_curve(2.5, 1.5, 4));
        assert_true(grd_bench_curve(NAN, 1.5, 4) == 0);
        assert_true(grd_bench_curve(-1, 1.5, 4) == 0);
}

static void more_pairs(void **state)
{
        bool spread = false, doubt = false;
        /* tight and clear of the target: done */
        double tight[] = {1.00, 1.01, 0.99};
        assert_int_equal(grd_bench_more_pairs(tight, 3, 3, 12, 1.3, 0.05, &spread, &doubt), 0);
        assert_false(spread || doubt);
        /* wide after the planned pairs: as many again */
        double wide[] = {0.9, 1.6, 1.0, 1.1, 0.95, 1.05};
        assert_int_equal(grd_bench_more_pairs(wide, 3, 3, 12, 1.3, 0.05, &spread, &doubt), 3);
        assert_true(spread && !doubt);
        /* then the interval (full range at 6) holds 1.3: two more */
        spread = false;
        assert_int_equal(grd_bench_more_pairs(wide, 6, 3, 12, 1.3, 0.05, &spread, &doubt), 2);
        assert_true(doubt && !spread);
        /* the same ratios against a target outside them: no doubt */
        doubt = false;
        assert_int_equal(grd_bench_more_pairs(wide, 6, 3, 12, 2.5, 0.05, &spread, &doubt), 0);
        assert_false(doubt);
        /* a slower one whose every pair is over the target: no doubt */
        double slow[] = {1.52, 1.48, 1.61, 1.55, 1.44, 1.58};
        assert_int_equal(grd_bench_more_pairs(slow, 6, 3, 12, 1.3, 0.05, &spread, &doubt), 0);
        /* never past the most */
        assert_int_equal(grd_bench_more_pairs(wide, 6, 3, 7, 1.3, 0.05, &spread, &doubt), 1);
        assert_int_equal(grd_bench_more_pairs(wide, 6, 3, 6, 1.3, 0.05, &spread, &doubt), 0);
        (void)state;
}

static int cmp(enum grd_comparator c, double tol, const char *got, const char *want, char *why)
{
        return grd_compare(c, tol, got, strlen(got), want, strlen(want), why, 200);
}

static void comparators(void **state)
{
        char why[200];
        assert_int_equal(cmp(GRD_CMP_EXACT, 0, "1 2\n", "1 2\n", why), 1);
        assert_int_equal(cmp(GRD_CMP_EXACT, 0, "1 2\n3\n", "1 2\n4\n", why), 0);
        assert_string_equal(why, "line 2: expected '4', got '3'");
        assert_int_equal(cmp(GRD_CMP_EXACT, 0, "1 2", "1 2\n", why), 0);
        assert_non_null(strstr(why, "ends early"));
        assert_int_equal(cmp(GRD_CMP_EXACT, 0, "1  2\n", "1 2\n", why), 0);
        /* a difference far into a long line is shown where it is */
        assert_int_equal(cmp(GRD_CMP_EXACT, 0, "checkout count=3 errors=1 p50=100 p90=2000 p99=5000 max=1200\n",
                             "checkout count=3 errors=1 p50=100 p90=2000 p99=2000 max=1200\n", why),
                         0);
        assert_string_equal(why, "line 1, column 48: expected '...50=100 p90=2000 p99=2000 max=1200', "
                                 "got '...50=100 p90=2000 p99=5000 max=1200'");

        assert_int_equal(cmp(GRD_CMP_WHITESPACE, 0, "1  2\r\n\n", "1 2\n", why), 1);
        assert_int_equal(cmp(GRD_CMP_WHITESPACE, 0, "1 2 3", "1 2", why), 0);
        assert_non_null(strstr(why, "extra output: '3'"));
        assert_int_equal(cmp(GRD_CMP_WHITESPACE, 0, "1\n", "1\n2\n", why), 0);
        assert_non_null(strstr(why, "expected '2' on line 2"));
        assert_int_equal(cmp(GRD_CMP_WHITESPACE, 0, "1.0", "1", why), 0);

        assert_int_equal(cmp(GRD_CMP_FLOAT, 1e-6, "1.0000001 abc", "1 abc", why), 1);
        assert_int_equal(cmp(GRD_CMP_FLOAT, 1e-6, "1.01", "1", why), 0);
        assert_non_null(strstr(why, "beyond tolerance"));
        /* relative: 1e12 vs 1e12+1 is within 1e-6 relative */
        assert_int_equal(cmp(GRD_CMP_FLOAT, 1e-6, "1000000000001", "1e12", why), 1);
        assert_int_equal(cmp(GRD_CMP_FLOAT, 1e-6, "abd", "abc", why), 0);
        assert_int_equal(cmp(GRD_CMP_FLOAT, 1e-6, "nan", "nan", why), 1);
        assert_int_equal(cmp(GRD_CMP_FLOAT, 1e-6, "nan", "1", why), 0);
        assert_int_equal(cmp(GRD_CMP_FLOAT, -1, "1", "1", why), -EINVAL);
        assert_int_equal(cmp(GRD_CMP_CHECKER, 0, "1", "1", why), -EINVAL);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(medians),
                cmocka_unit_test(ci),
                cmocka_unit_test(cv_and_geomean),
                cmocka_unit_test(curve),
                cmocka_unit_test(more_pairs),
                cmocka_unit_test(comparators),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
