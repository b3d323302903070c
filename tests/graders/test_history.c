/* test_history.c — the rules drawn from every run of a grading: a test
 * that fails in any run fails correctness (with the runs named), a hung
 * test is not run again, a race report under -race stays the race
 * grader's, and a leak-shaped failure is counted once, for leak. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "history.h"

/* A suite of names[0..n) with the given statuses and outputs (one run each). */
static void suite(struct grd_suite *s, char **names, size_t n, const enum grd_test_status *st,
                  const char *const *out, const bool *leaky)
{
        memset(s, 0, sizeof *s);
        s->tests = calloc(n, sizeof *s->tests);
        s->test_runs = calloc(n, sizeof *s->test_runs);
        s->test_fails = calloc(n, sizeof *s->test_fails);
        s->leaky = calloc(n, sizeof *s->leaky);
        s->alone = calloc(n, sizeof *s->alone);
        s->leak_tests = (struct grd_buf)GRD_BUF_INIT(0);
        s->n_tests = n;
        for (size_t i = 0; i < n; i++) {
                s->tests[i].name = strdup(names[i]);
                s->tests[i].status = st[i];
                s->tests[i].elapsed_s = st[i] == GRD_TEST_TIMEOUT ? 10 : 0.01;
                s->tests[i].output = out && out[i] ? strdup(out[i]) : NULL;
                s->test_runs[i] = 1;
                s->test_fails[i] = st[i] != GRD_TEST_PASS && st[i] != GRD_TEST_SKIP;
                s->leaky[i] = leaky && leaky[i];
                if (s->leaky[i])
                        grd_buf_addf(&s->leak_tests, "--- %s left goroutines behind\n", names[i]);
        }
}

static void flaky_fails_correctness(void **state)
{
        char *names[] = {"TestA", "TestB", "TestC", "TestD"};
        struct grd_history h;
        assert_int_equal(grd_history_init(&h, names, 4), 0);
        struct grd_suite c, r1, r2;
        enum grd_test_status all_pass[] = {GRD_TEST_PASS, GRD_TEST_PASS, GRD_TEST_PASS, GRD_TEST_PASS};
        suite(&c, names, 4, all_pass, NULL, NULL);
        assert_int_equal(grd_history_add(&h, "correctness", true, &c), 0);
        /* under -race: A hangs, B fails on a race report, C leaks only, D passes */
        enum grd_test_status st1[] = {GRD_TEST_TIMEOUT, GRD_TEST_FAIL, GRD_TEST_PASS, GRD_TEST_PASS};
        const char *out1[] = {"panic: test timed out after 10s\n",
                              "    testing.go:1617: race detected during execution of test\n", NULL, NULL};
        bool leak1[] = {false, false, true, false};
        suite(&r1, names, 4, st1, out1, leak1);
        assert_int_equal(grd_history_add(&h, "race GOMAXPROCS=2", false, &r1), 0);

        /* the hung test is not run again */
        char *sel[4];
        assert_int_equal(grd_history_runnable(&h, sel), 3);
        assert_string_equal(sel[0], "TestB");

        /* C leaks again in the next configuration: still one leaky test */
        enum grd_test_status st2[] = {GRD_TEST_PASS, GRD_TEST_PASS, GRD_TEST_PASS};
        bool leak2[] = {false, true, false};
        suite(&r2, &names[1], 3, st2, NULL, leak2);
        assert_int_equal(grd_history_add(&h, "race GOMAXPROCS=4", false, &r2), 0);
        assert_int_equal(h.n_leaky, 1);
        assert_non_null(strstr(h.leaks.s, "TestC left goroutines behind"));

        assert_int_equal(grd_history_fold(&h, c.tests, c.n_tests), 1);
        assert_int_equal(c.tests[0].status, GRD_TEST_TIMEOUT);
        assert_true(c.tests[0].elapsed_s == 10);
        assert_non_null(strstr(c.tests[0].output, "[gauntlet] TestA failed 1 of 2 runs: race GOMAXPROCS=2: timeout"));
        assert_true(strncmp(c.tests[0].output, "[gauntlet] TestA failed", 23) == 0);
        assert_non_null(strstr(c.tests[0].output, "panic: test timed out"));
        /* the race report is the race grader's; the leak is leak's */
        assert_int_equal(c.tests[1].status, GRD_TEST_PASS);
        assert_int_equal(c.tests[2].status, GRD_TEST_PASS);
        assert_int_equal(c.tests[3].status, GRD_TEST_PASS);
        grd_suite_release(&c);
        grd_suite_release(&r1);
        grd_suite_release(&r2);
        grd_history_release(&h);
}

static void steady_failure_says_its_runs_last(void **state)
{
        char *names[] = {"TestA"};
        struct grd_history h;
        assert_int_equal(grd_history_init(&h, names, 1), 0);
        struct grd_suite c, r;
        enum grd_test_status fail[] = {GRD_TEST_FAIL};
        const char *out[] = {"    a_test.go:3: want 3, got 2\n"};
        suite(&c, names, 1, fail, out, NULL);
        suite(&r, names, 1, fail, out, NULL);
        r.test_runs[0] = r.test_fails[0] = 2;
        assert_int_equal(grd_history_add(&h, "correctness", true, &c), 0);
        assert_int_equal(grd_history_add(&h, "race GOMAXPROCS=1", false, &r), 0);
        assert_int_equal(grd_history_fold(&h, c.tests, 1), 0);
        assert_int_equal(c.tests[0].status, GRD_TEST_FAIL);
        /* its own failure first, then every run it failed */
        assert_true(strncmp(c.tests[0].output, "    a_test.go:3: want 3", 23) == 0);
        assert_non_null(strstr(c.tests[0].output,
                               "TestA failed 3 of 3 runs: correctness: fail; race GOMAXPROCS=1: fail, 2 of 2 runs"));
        grd_suite_release(&c);
        grd_suite_release(&r);
        grd_history_release(&h);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(flaky_fails_correctness),
                cmocka_unit_test(steady_failure_says_its_runs_last),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
