/* test_parse.c — the test-output parsers on real Go output (files in data/,
 * made by make-seeds.sh) and on hand-made edge cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

static char *slurp(const char *name, size_t *len)
{
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", GRD_TEST_DATA, name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        char *buf = malloc(1 << 20);
        assert_non_null(buf);
        *len = fread(buf, 1, 1 << 20, f);
        fclose(f);
        return buf;
}

static enum grd_test_status status_of(const struct grd_gotest *g, const char *name)
{
        long i = grd_gotest_find(g, name);
        assert_true(i >= 0);
        return g->tests[i].status;
}

static void mixed(void **state)
{
        size_t len;
        char *buf = slurp("mixed.txt", &len);
        struct grd_gotest g;
        assert_int_equal(grd_gotest_parse(buf, len, 0, &g), 0);
        assert_true(g.finished);
        assert_false(g.final_pass);
        assert_false(g.panicked);
        assert_int_equal(g.n_tests, 7);
        assert_int_equal(status_of(&g, "TestPass"), GRD_TEST_PASS);
        assert_int_equal(status_of(&g, "TestFail"), GRD_TEST_FAIL);
        assert_int_equal(status_of(&g, "TestSkip"), GRD_TEST_SKIP);
        assert_int_equal(status_of(&g, "TestSub"), GRD_TEST_FAIL);
        assert_int_equal(status_of(&g, "TestPar"), GRD_TEST_PASS);
        assert_int_equal(status_of(&g, "TestHang"), GRD_TEST_PASS);
        /* output is attributed: the failure text of a subtest lands in its parent */
        assert_non_null(strstr(g.tests[grd_gotest_find(&g, "TestFail")].output, "bad 1"));
        assert_non_null(strstr(g.tests[grd_gotest_find(&g, "TestSub")].output, "b failed"));
        assert_null(strstr(g.tests[grd_gotest_find(&g, "TestSub")].output, "bad 1"));
        grd_gotest_release(&g);
        free(buf);
}

static void panic_fails_only_its_test(void **state)
{
        size_t len;
        char *buf = slurp("panic.txt", &len);
        struct grd_gotest g;
        assert_int_equal(grd_gotest_parse(buf, len, 0, &g), 0);
        assert_false(g.finished);
        assert_true(g.panicked);
        assert_false(g.timed_out);
        assert_int_equal(status_of(&g, "TestPass"), GRD_TEST_PASS);
        assert_int_equal(status_of(&g, "TestFail"), GRD_TEST_FAIL);
        assert_int_equal(status_of(&g, "TestPanic"), GRD_TEST_PANIC);
        assert_int_equal(grd_gotest_find(&g, "TestHang"), -1); /* never reached */
        assert_non_null(strstr(g.tests[grd_gotest_find(&g, "TestPanic")].output, "panic: boom"));
        assert_non_null(g.crash);
        grd_gotest_release(&g);
        free(buf);
}

static void timeout(void **state)
{
        size_t len;
        char *buf = slurp("timeout.txt", &len);
        struct grd_gotest g;
        assert_int_equal(grd_gotest_parse(buf, len, 0, &g), 0);
        assert_true(g.timed_out);
        assert_int_equal(status_of(&g, "TestPass"), GRD_TEST_PASS);
        assert_int_equal(status_of(&g, "TestSkip"), GRD_TEST_SKIP);
        assert_int_equal(status_of(&g, "TestHang"), GRD_TEST_TIMEOUT);
        assert_non_null(strstr(g.tests[grd_gotest_find(&g, "TestHang")].output, "test timed out"));
        /* issue #19: a timed-out test reported elapsed_s 0; it had run the
         * second -test.timeout lists ("TestHang (1s)") */
        assert_true(g.tests[grd_gotest_find(&g, "TestHang")].elapsed_s == 1);
        assert_false(g.cut[grd_gotest_find(&g, "TestHang")]);
        grd_gotest_release(&g);
        free(buf);
}

static void timeout_durations(void **state)
{
        /* time.Duration's forms, rounded to the second by the testing package */
        const char s[] = "\x16=== RUN   TestA\n\x16=== RUN   TestA/sub\n\x16=== RUN   TestB\n"
                         "panic: test timed out after 1m30s\n\trunning tests:\n\t\tTestA (1m30s)\n"
                         "\t\tTestA/sub (1m29s)\n\t\tTestB (1h0m2s)\n\ngoroutine 1 [running]:\n";
        struct grd_gotest g;
        assert_int_equal(grd_gotest_parse(s, sizeof s - 1, 0, &g), 0);
        assert_int_equal(status_of(&g, "TestA"), GRD_TEST_TIMEOUT);
        assert_true(g.tests[grd_gotest_find(&g, "TestA")].elapsed_s == 90);
        assert_true(g.tests[grd_gotest_find(&g, "TestB")].elapsed_s == 3602);
        grd_gotest_release(&g);
        (void)state;
}

/* Issue #19: a test that calls log.Fatal (os.Exit(1)) showed only its log
 * line.  Real Go output: the stream stops inside TestExit. */
static void exit_mid_test(void **state)
{
        size_t len;
        char *buf = slurp("exit.txt", &len);
        struct grd_gotest g;
        assert_int_equal(grd_gotest_parse(buf, len, 0, &g), 0);
        assert_false(g.finished || g.panicked);
        assert_true(g.interrupted);
        assert_int_equal(status_of(&g, "TestPass"), GRD_TEST_PASS);
        assert_int_equal(status_of(&g, "TestSkip"), GRD_TEST_SKIP);
        long e = grd_gotest_find(&g, "TestExit");
        assert_int_equal(g.tests[e].status, GRD_TEST_FAIL);
        assert_true(g.cut[e] && !g.cut[grd_gotest_find(&g, "TestPass")]);
        assert_int_equal(grd_gotest_note_cut(&g, NULL, 1, 0), 0);
        assert_non_null(strstr(g.tests[e].output, "cannot go on\n"));
        assert_non_null(strstr(g.tests[e].output, "[gauntlet] the test process exited during TestExit (exit status 1)\n"));
        const char *passed = g.tests[grd_gotest_find(&g, "TestPass")].output;
        assert_true(!passed || !strstr(passed, "[gauntlet]"));
        grd_gotest_release(&g);
        /* the same stream cut by the sandbox says so instead */
        assert_int_equal(grd_gotest_parse(buf, len, 0, &g), 0);
        assert_int_equal(grd_gotest_note_cut(&g, "killed by the sandbox: memory limit", -1, 9), 0);
        e = grd_gotest_find(&g, "TestExit");
        assert_non_null(strstr(g.tests[e].output, "[gauntlet] killed by the sandbox: memory limit during TestExit\n"));
        assert_null(strstr(g.tests[e].output, "exited"));
        grd_gotest_release(&g);
        free(buf);
        (void)state;
}

static void killed_midway(void **state)
{
        const char s[] = "\x16=== RUN   TestA\n\x16--- PASS: TestA (0.10s)\n\x16=== RUN   TestB\nworking\n";
        struct grd_gotest g;
        assert_int_equal(grd_gotest_parse(s, sizeof s - 1, 0, &g), 0);
        assert_true(g.interrupted);
        assert_false(g.finished);
        assert_int_equal(status_of(&g, "TestA"), GRD_TEST_PASS);
        assert_true(g.tests[0].elapsed_s > 0.09 && g.tests[0].elapsed_s < 0.11);
        assert_int_equal(status_of(&g, "TestB"), GRD_TEST_FAIL);
        grd_gotest_release(&g);
}

static void rerun_counts_last(void **state)
{
        /* -test.count=2: a later failure of the same test wins over a pass */
        const char s[] = "\x16=== RUN   TestA\n\x16--- PASS: TestA (0.00s)\n"
                         "\x16=== RUN   TestA\n\x16--- FAIL: TestA (0.00s)\n\x16" "FAIL\n";
        struct grd_gotest g;
        assert_int_equal(grd_gotest_parse(s, sizeof s - 1, 0, &g), 0);
        assert_int_equal(g.n_tests, 1);
        assert_int_equal(status_of(&g, "TestA"), GRD_TEST_FAIL);
        grd_gotest_release(&g);
}

static void repeat_failure_is_kept(void **state)
{
        /* -test.count=2: a failure in the first repeat is not hidden by a
         * pass in the second; both runs are counted */
        const char s[] = "\x16=== RUN   TestA\n    a_test.go:3: deadlock\n\x16--- FAIL: TestA (0.00s)\n"
                         "\x16=== RUN   TestA\n\x16--- PASS: TestA (0.00s)\n"
                         "\x16=== RUN   TestB\n\x16--- PASS: TestB (0.00s)\n"
                         "\x16=== RUN   TestB\n\x16--- PASS: TestB (0.00s)\n\x16" "FAIL\n";
        struct grd_gotest g;
        assert_int_equal(grd_gotest_parse(s, sizeof s - 1, 0, &g), 0);
        long a = grd_gotest_find(&g, "TestA"), b = grd_gotest_find(&g, "TestB");
        assert_int_equal(g.tests[a].status, GRD_TEST_FAIL);
        assert_int_equal(g.runs[a], 2);
        assert_int_equal(g.fails[a], 1);
        assert_non_null(strstr(g.tests[a].output, "deadlock"));
        assert_int_equal(g.tests[b].status, GRD_TEST_PASS);
        assert_int_equal(g.runs[b], 2);
        assert_int_equal(g.fails[b], 0);
        grd_gotest_release(&g);

        /* a pass, then a repeat that hangs: the timeout is the result */
        const char t[] = "\x16=== RUN   TestA\n\x16--- PASS: TestA (0.00s)\n\x16=== RUN   TestA\n"
                         "panic: test timed out after 10s\n\trunning tests:\n\t\tTestA (10s)\n";
        assert_int_equal(grd_gotest_parse(t, sizeof t - 1, 0, &g), 0);
        assert_int_equal(status_of(&g, "TestA"), GRD_TEST_TIMEOUT);
        assert_int_equal(g.runs[0], 2);
        assert_int_equal(g.fails[0], 1);
        grd_gotest_release(&g);
}

static void fail_shapes(void **state)
{
        /* what Go 1.25+ prints when a synctest test returns with goroutines
         * still blocked in its bubble: the leak grader's */
        const char *leak = "panic: deadlock: main bubble goroutine has exited but blocked goroutines remain "
                           "[recovered, repanicked]\n\ngoroutine 9 [chan receive (durable), synctest bubble 1]:\n"
                           "pool.(*Pool).Submit.func1()\n\t/src/pool.go:40 +0x2c\n";
        assert_int_equal(grd_fail_shape(leak), GRD_SHAPE_LEAK);
        /* the same after a message the test logged: its own failure too */
        char both[1024];
        snprintf(both, sizeof both, "    hidden_test.go:97: Submit = <nil>, want Canceled\n%s", leak);
        assert_int_equal(grd_fail_shape(both), GRD_SHAPE_PLAIN);
        /* goleak's report is logged, and is the only message */
        assert_int_equal(grd_fail_shape("    leak_test.go:12: found unexpected goroutines:\n"
                                        "        [Goroutine 7 in state chan receive]\n"),
                         GRD_SHAPE_LEAK);
        /* a deadlock of the bubble itself is a failure of the code */
        assert_int_equal(grd_fail_shape("panic: deadlock: all goroutines in bubble are blocked\n"), GRD_SHAPE_PLAIN);
        /* bubbles crossed: the runtime's fatal errors, and a timed-out
         * bubble waiting on a channel that is not its own */
        assert_int_equal(grd_fail_shape("fatal error: send on synctest channel from outside bubble\n"),
                         GRD_SHAPE_BUBBLE);
        assert_int_equal(grd_fail_shape("fatal error: sync: WaitGroup.Add called from multiple synctest bubbles\n"),
                         GRD_SHAPE_BUBBLE);
        assert_int_equal(grd_fail_shape("panic: test timed out after 10s\n\ngoroutine 21 [chan receive, synctest "
                                        "bubble 3]:\npool.(*Pool).Submit()\n"),
                         GRD_SHAPE_BUBBLE);
        assert_int_equal(grd_fail_shape("panic: test timed out after 10s\n\ngoroutine 21 [chan receive (durable), "
                                        "synctest bubble 3]:\ngoroutine 5 [sync.Mutex.Lock, synctest bubble 3]:\n"),
                         GRD_SHAPE_PLAIN);
        /* a race report under -race is the race grader's */
        assert_int_equal(grd_fail_shape("    testing.go:1617: race detected during execution of test\n"),
                         GRD_SHAPE_RACE);
        assert_int_equal(grd_fail_shape("    a_test.go:3: want 3, got 2\n"), GRD_SHAPE_PLAIN);
        assert_int_equal(grd_fail_shape(NULL), GRD_SHAPE_PLAIN);
}

static void output_is_bounded(void **state)
{
        size_t n = 200000;
        char *s = malloc(n + 64);
        int k = sprintf(s, "\x16=== RUN   TestBig\n");
        memset(s + k, 'x', n);
        s[k + n - 1] = '\n';
        struct grd_gotest g;
        assert_int_equal(grd_gotest_parse(s, (size_t)k + n, 1024, &g), 0);
        assert_true(strlen(g.tests[0].output) < 1100);
        assert_non_null(strstr(g.tests[0].output, "truncated"));
        grd_gotest_release(&g);
        free(s);
}

static void bench_lines(void **state)
{
        size_t len;
        char *buf = slurp("bench.txt", &len);
        struct grd_bench_line *b;
        long n = grd_bench_parse(buf, len, &b);
        /* -count=3: 3 lines each, the 2nd and 3rd without framing */
        assert_int_equal(n, 6);
        assert_string_equal(b[0].name, "BenchmarkSum");
        assert_string_equal(b[5].name, "BenchmarkAlloc");
        for (long i = 0; i < n; i++) {
                assert_true(b[i].ns_op > 0);
                assert_true(b[i].iterations > 0);
                assert_true(b[i].allocs_op == 0);
                assert_true(b[i].bytes_op == 0);
        }
        free(b);
        free(buf);

        buf = slurp("bench-plain.txt", &len);
        n = grd_bench_parse(buf, len, &b);
        assert_int_equal(n, 2);
        assert_string_equal(b[0].name, "BenchmarkAlloc"); /* "-2" suffix dropped */
        free(b);
        free(buf);
}

static void bench_line_edges(void **state)
{
        struct grd_bench_line b;
        const char *ok = "BenchmarkX/size=10-4 \t 1000\t 12.5 ns/op\t 80.00 MB/s\t 16 B/op\t 1 allocs/op";
        assert_int_equal(grd_bench_parse_line(ok, strlen(ok), &b), 1);
        assert_string_equal(b.name, "BenchmarkX/size=10");
        assert_true(b.ns_op == 12.5 && b.bytes_op == 16 && b.allocs_op == 1);
        const char *noalloc = "BenchmarkY 5 3.0 ns/op";
        assert_int_equal(grd_bench_parse_line(noalloc, strlen(noalloc), &b), 1);
        assert_true(b.allocs_op == -1 && b.bytes_op == -1);
        const char *bad[] = {"BenchmarkSum", "Benchmark 1 2 ns/op", "BenchmarkA x 1 ns/op",
                             "BenchmarkA 10 -1 ns/op", "BenchmarkA 10 1 B/op", " BenchmarkA 10 1 ns/op",
                             "BenchmarkA 10 1", "BenchmarkA 1.5 1 ns/op", "BenchmarkA 10 nan ns/op"};
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
                assert_int_equal(grd_bench_parse_line(bad[i], strlen(bad[i]), &b), 0);
}

static void races(void **state)
{
        size_t len;
        char *buf = slurp("race.txt", &len);
        struct grd_races r;
        assert_int_equal(grd_race_parse(buf, len, 0, &r), 0);
        assert_int_equal(r.n_reports, 1);
        assert_int_equal(r.n_test_markers, 1);
        assert_non_null(strstr(r.text, "WARNING: DATA RACE"));
        assert_non_null(strstr(r.text, "Previous write at"));
        assert_null(strstr(r.text, "=== RUN"));
        grd_races_release(&r);

        struct grd_gotest g;
        assert_int_equal(grd_gotest_parse(buf, len, 0, &g), 0);
        /* count=2: the 1st run failed on the race, the 2nd passed; the
         * failure stands, and says whose finding it is */
        assert_int_equal(status_of(&g, "TestRace"), GRD_TEST_FAIL);
        assert_int_equal(g.runs[grd_gotest_find(&g, "TestRace")], 2);
        assert_int_equal(g.fails[grd_gotest_find(&g, "TestRace")], 1);
        assert_int_equal(grd_fail_shape(g.tests[grd_gotest_find(&g, "TestRace")].output), GRD_SHAPE_RACE);
        grd_gotest_release(&g);
        free(buf);

        const char *clean = "==================\nnot a race\n==================\n";
        assert_int_equal(grd_race_parse(clean, strlen(clean), 0, &r), 0);
        assert_int_equal(r.n_reports, 0);
        assert_null(r.text);
        grd_races_release(&r);

        const char *tsan = "==================\nWARNING: ThreadSanitizer: data race (pid=1)\n  Write of size 4\n"
                           "==================\nThreadSanitizer: reported 1 warnings\n";
        assert_int_equal(grd_race_parse(tsan, strlen(tsan), 0, &r), 0);
        assert_int_equal(r.n_reports, 1);
        assert_non_null(strstr(r.text, "Write of size 4"));
        grd_races_release(&r);
}

static void leaks(void **state)
{
        const char *nonce = "0123456789abcdef0123456789abcdef";
        char s[1024];
        snprintf(s, sizeof s,
                 "%s gauntlet-leak-begin 0\n%s gauntlet-leak-end\n" /* forged by the program: no nonce */
                 "%s gauntlet-exit 0\n%s gauntlet-leak-begin 1\ngoroutine 7 [chan receive]:\np.worker()\n"
                 "%s gauntlet-leak-end\n",
                 "ffffffffffffffffffffffffffffffff", "ffffffffffffffffffffffffffffffff", nonce, nonce, nonce);
        struct grd_leaks l;
        assert_int_equal(grd_leak_parse(s, strlen(s), nonce, 0, &l), 0);
        assert_true(l.seen_exit);
        assert_int_equal(l.exit_code, 0);
        assert_true(l.seen_block);
        assert_int_equal(l.n_leaked, 1);
        assert_non_null(strstr(l.stacks, "p.worker()"));
        grd_leaks_release(&l);

        /* a block cut short (the program was killed) is not a clean bill */
        snprintf(s, sizeof s, "%s gauntlet-exit 0\n%s gauntlet-leak-begin 0\n", nonce, nonce);
        assert_int_equal(grd_leak_parse(s, strlen(s), nonce, 0, &l), 0);
        assert_false(l.seen_block);
        grd_leaks_release(&l);
        assert_int_equal(grd_leak_parse(s, strlen(s), "short", 0, &l), -EINVAL);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(mixed),
                cmocka_unit_test(panic_fails_only_its_test),
                cmocka_unit_test(timeout),
                cmocka_unit_test(timeout_durations),
                cmocka_unit_test(exit_mid_test),
                cmocka_unit_test(killed_midway),
                cmocka_unit_test(rerun_counts_last),
                cmocka_unit_test(repeat_failure_is_kept),
                cmocka_unit_test(fail_shapes),
                cmocka_unit_test(output_is_bounded),
                cmocka_unit_test(bench_lines),
                cmocka_unit_test(bench_line_edges),
                cmocka_unit_test(races),
                cmocka_unit_test(leaks),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
