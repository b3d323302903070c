/* test_stats.c — medians, the order-statistic CI, CV, the score curve and
 * the output comparators. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "graders.h"
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
        double lo, hi;
        /* n = 10 at 95%: x(2)..x(9) covers 0.9785, x(3)..x(8) 0.8906; the
         * interval lies between, interpolated to 95% exactly */
        assert_int_equal(grd_median_ci(v, 10, 0.95, &lo, &hi), 0);
        double gk = 1 - 2.0 * 11 / 1024, gk1 = 1 - 2.0 * 56 / 1024, i = (gk - 0.95) / (gk - gk1);
        double lam = 8 * i / (2 + 6 * i);
        assert_true(fabs(lo - (2 + lam)) < 1e-12 && fabs(hi - (9 - lam)) < 1e-12);
        assert_true(lo > 2 && lo < 3 && hi > 8 && hi < 9);
        /* n = 5: even the full range covers only 93.75%: no 95% interval */
        lo = hi = -7;
        assert_int_equal(grd_median_ci(v, 5, 0.95, &lo, &hi), -ERANGE);
        assert_true(lo == -7 && hi == -7);
        assert_int_equal(grd_median_ci(v, 6, 0.95, &lo, &hi), 0);
        assert_int_equal(grd_median_ci_min_n(0.95), 6);
        assert_int_equal(grd_median_ci_min_n(0.90), 5);
        assert_int_equal(grd_median_ci(v, 0, 0.95, &lo, &hi), -EINVAL);
        (void)state;
}

/* xorshift64*: a fixed stream, so the test is deterministic */
static double uniform(uint64_t *x)
{
        *x ^= *x >> 12;
        *x ^= *x << 25;
        *x ^= *x >> 27;
        return (double)((*x * 2685821657736338717ull) >> 11) / 9007199254740992.0;
}

/* The interval's real coverage is the level it reports, 95%, whatever the
 * number of pairs (the order-statistic pairs alone cover 96.9% at 6,
 * 97.9% at 10, 98.8% at 13...).  Skewed samples like pair ratios: a
 * log-normal around 1 (median 1 exactly) and uniform ones (median 0.5). */
static void ci_coverage_is_the_level(void **state)
{
        uint64_t x = 88172645463325252ull;
        for (size_t n = 6; n <= 24; n++) {
                for (int dist = 0; dist < 2; dist++) {
                        int trials = 20000, hits = 0;
                        double v[24], truth = dist ? 0.5 : 1;
                        for (int t = 0; t < trials; t++) {
                                for (size_t k = 0; k < n; k++) {
                                        if (dist) {
                                                v[k] = uniform(&x);
                                        } else {
                                                double u1 = uniform(&x) + 1e-12, u2 = uniform(&x);
                                                v[k] = exp(0.2 * sqrt(-2 * log(u1)) * cos(2 * M_PI * u2));
                                        }
                                }
                                double lo, hi;
                                assert_int_equal(grd_median_ci(v, n, GRD_BENCH_CI_LEVEL, &lo, &hi), 0);
                                hits += lo <= truth && truth <= hi;
                        }
                        double cover = (double)hits / trials;
                        if (fabs(cover - 0.95) > 0.01)
                                fail_msg("n=%zu: coverage %.4f, not 95%%", n, cover);
                }
        }
        (void)state;
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
        /* tight and clear of the target, but 3 pairs bound no 95% interval:
         * enough to have one (6) */
        double tight[] = {1.00, 1.01, 0.99, 1.00, 1.02, 0.98};
        assert_int_equal(grd_bench_more_pairs(tight, 3, 3, 12, 1.3, 0.05, &spread, &doubt), 3);
        assert_true(doubt && !spread);
        doubt = false;
        assert_int_equal(grd_bench_more_pairs(tight, 5, 5, 20, 1.3, 0.05, &spread, &doubt), 1);
        assert_true(doubt && !spread);
        /* then tight and clear of the target: done */
        doubt = false;
        assert_int_equal(grd_bench_more_pairs(tight, 6, 3, 12, 1.3, 0.05, &spread, &doubt), 0);
        assert_false(spread || doubt);
        /* wide after the planned pairs: as many again */
        double wide[] = {0.9, 1.6, 1.0, 1.1, 0.95, 1.05};
        assert_int_equal(grd_bench_more_pairs(wide, 3, 3, 12, 1.3, 0.05, &spread, &doubt), 3);
        assert_true(spread && !doubt);
        /* then the 95% interval (to 1.42 at 6) holds 1.3: two more */
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

static struct grd_result bench_result(double weight, double ratio, bool allocs_ok)
{
        struct grd_result r = {.kind = GRD_BENCH, .weight = weight, .ratio = ratio, .allocs_ok = allocs_ok,
                               .ci_level = GRD_BENCH_CI_LEVEL, .ci_low = ratio * 0.9, .ci_high = ratio * 1.1};
        grd_bench_verdict(&r, 1.3, 4);
        return r;
}

/* Issue #19: a bench at x1.300 (1.3003 measured) with target x1.3 showed
 * "fail 10.00 / 10" beside a total of 100/100.  The verdict comes from the
 * ratio as shown, and the points shown agree with the verdict. */
static void bench_verdict_agrees_with_points(void **state)
{
        struct grd_result r = bench_result(10, 1.3003, true);
        assert_int_equal(r.verdict, GRD_VERDICT_PASS);
        assert_true(r.score == 10);
        assert_non_null(strstr(r.summary, "x1.300 the reference's time (95% CI"));
        free(r.summary);
        r = bench_result(10, 1.3006, true); /* shown as x1.301: over the target */
        assert_int_equal(r.verdict, GRD_VERDICT_FAIL);
        assert_true(r.score == 9.99);
        free(r.summary);
        r = bench_result(1, 1.3006, true); /* 0.9993 of 1 would print as 1.00 */
        assert_int_equal(r.verdict, GRD_VERDICT_FAIL);
        assert_true(r.score == 0.99);
        free(r.summary);
        r = bench_result(35, 1.1, false); /* allocations over: half, and a fail */
        assert_int_equal(r.verdict, GRD_VERDICT_FAIL);
        assert_true(r.score == 17.5);
        free(r.summary);
        /* every ratio near the target, every weight: pass exactly when the
         * points printed are the full weight, and the points are printed as
         * they are stored (rounded once) */
        const double weights[] = {1, 2.5, 5, 10, 35};
        for (size_t w = 0; w < sizeof weights / sizeof *weights; w++)
                for (double ratio = 1.295; ratio < 1.33; ratio += 0.0000137) {
                        r = bench_result(weights[w], ratio, true);
                        char shown[32], full[32], again[32];
                        snprintf(shown, sizeof shown, "%.2f", r.score);
                        snprintf(full, sizeof full, "%.2f", weights[w]);
                        snprintf(again, sizeof again, "%.2f", round(r.score * 100) / 100);
                        if ((r.verdict == GRD_VERDICT_PASS) != (strcmp(shown, full) == 0) ||
                            strcmp(shown, again) != 0)
                                fail_msg("ratio %.7f weight %g: %s %s / %s", ratio, weights[w],
                                         grd_verdict_name(r.verdict), shown, full);
                        free(r.summary);
                }
        (void)state;
}

/* The same rule for every grader: a fail never shows the full weight, a
 * pass never less. */
static void verdict_rule(void **state)
{
        struct grd_result r = {.weight = 50};
        grd_result_set(&r, GRD_VERDICT_FAIL, 0.99995, "9999/10000 tests passed"); /* 49.9975 */
        assert_int_equal(r.verdict, GRD_VERDICT_FAIL);
        assert_true(r.score == 49.99);
        grd_result_set(&r, GRD_VERDICT_PASS, 1, "all passed");
        assert_int_equal(r.verdict, GRD_VERDICT_PASS);
        assert_true(r.score == 50);
        grd_result_set(&r, GRD_VERDICT_PASS, 0.5, "a pass short of full marks");
        assert_int_equal(r.verdict, GRD_VERDICT_FAIL);
        assert_true(r.score == 25);
        grd_result_set(&r, GRD_VERDICT_FAIL, 1.0 / 3, "a third");
        assert_true(r.score == 16.67);
        free(r.summary);
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

static void budgets(void **state)
{
        char *names[] = {"TestA", "TestB", "TestC"};
        double secs[] = {0.5, 2.0, -1};
        struct grd_budget b = {.names = names, .secs = secs, .n = 3};
        /* ten times what the reference took, whole seconds, never less than
         * the floor, never more than the problem's timeout */
        assert_true(grd_budget_timeout(&b, names, 2, 10, 60) == 25);
        assert_true(grd_budget_timeout(&b, names, 1, 10, 60) == GRD_BUDGET_FLOOR_S);
        assert_true(grd_budget_timeout(&b, names, 2, 40, 60) == 60);
        /* a test the reference did not pass, or does not have: the timeout */
        assert_true(grd_budget_timeout(&b, &names[2], 1, 10, 60) == 60);
        char *other[] = {"TestZ"};
        assert_true(grd_budget_timeout(&b, other, 1, 10, 45) == 45);
        assert_true(grd_budget_timeout(NULL, names, 1, 10, 30) == 30);
        /* a floor over the problem's own timeout: the timeout wins */
        assert_true(grd_budget_timeout(&b, names, 1, 10, 5) == 5);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(medians),
                cmocka_unit_test(ci),
                cmocka_unit_test(ci_coverage_is_the_level),
                cmocka_unit_test(cv_and_geomean),
                cmocka_unit_test(curve),
                cmocka_unit_test(more_pairs),
                cmocka_unit_test(comparators),
                cmocka_unit_test(bench_verdict_agrees_with_points),
                cmocka_unit_test(verdict_rule),
                cmocka_unit_test(budgets),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
