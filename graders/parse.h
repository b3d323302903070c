/* parse.h — pure parsers for what Go test binaries print: the
 * `-test.v=test2json` stream (per-test results), benchmark result lines,
 * race reports (Go and ThreadSanitizer) and the leak block written by the
 * injected TestMain.  No I/O, no processes: text in, data out. */
#ifndef GAUNTLET_PARSE_H
#define GAUNTLET_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "grade.h"

/* One run of a test binary with -test.v=test2json. */
struct grd_gotest {
        struct grd_test_result *tests; /* top-level tests, in first-seen order */
        size_t n_tests;
        bool finished;     /* the final "PASS"/"FAIL" line was seen */
        bool final_pass;   /* ... and it was "PASS" */
        bool panicked;     /* "panic: " or "fatal error: " ended the stream */
        bool timed_out;    /* "panic: test timed out after ..." */
        bool interrupted;  /* some test started and never ended (status FAIL) */
        bool *cut;         /* per test: one of those, running when the stream
                            * ended without a panic (the process exited, or
                            * was killed, during it); n_tests entries */
        unsigned *runs;    /* per test: how many times it ran (-test.count) */
        unsigned *fails;   /* ... and how many of those did not pass; a
                            * test that failed in any repeat has that
                            * repeat's status, whatever the others did */
        char *crash;       /* text from the panic on (bounded); NULL if none */
};

/* Parse buf (len bytes, need not be NUL-terminated).  Output lines are
 * attributed to the test the framing names, bounded to max_output bytes
 * per test.  Tests that were running when a panic or timeout ended the
 * stream get GRD_TEST_PANIC / GRD_TEST_TIMEOUT; those -test.timeout lists
 * as running get the time it shows ("TestX (5s)") as elapsed_s.  Returns
 * 0, -ENOMEM (*ret untouched then). */
int grd_gotest_parse(const char *buf, size_t len, size_t max_output, struct grd_gotest *ret);
void grd_gotest_release(struct grd_gotest *g);
/* Say in the output of each test the stream cut off what cut it: why (the
 * sandbox's reason, "killed by the sandbox: time limit") when the run was
 * ended, else "the test process exited during TestX (exit status N)" —
 * os.Exit, log.Fatal: the testing package prints nothing then — or the
 * signal that ended it.  0, -ENOMEM. */
int grd_gotest_note_cut(struct grd_gotest *g, const char *why, int exit_code, int signal);
/* Index of the test named name, or -1. */
long grd_gotest_find(const struct grd_gotest *g, const char *name);

/* One benchmark result line: "BenchmarkX-2  1000  123.4 ns/op  16 B/op  1 allocs/op". */
struct grd_bench_line {
        char name[128];   /* without the -GOMAXPROCS suffix */
        long long iterations;
        double ns_op;
        double bytes_op;  /* -1 when absent */
        double allocs_op; /* -1 when absent */
};

/* Parse every result line in buf (framing lines with \x16 are skipped).
 * *ret is a malloc'd array (NULL when none).  Returns the count, -ENOMEM. */
long grd_bench_parse(const char *buf, size_t len, struct grd_bench_line **ret);
/* Parse one line (without its newline): 1 when it is a result line, 0 not. */
int grd_bench_parse_line(const char *line, size_t len, struct grd_bench_line *ret);

/* Race reports: blocks between "==================" lines starting with
 * "WARNING: DATA RACE" (Go) or "WARNING: ThreadSanitizer:" (C). */
struct grd_races {
        size_t n_reports;         /* blocks found */
        size_t n_test_markers;    /* "race detected during execution of test" lines */
        char *text;               /* the first reports, whole (bounded by max); NULL if none */
};
int grd_race_parse(const char *buf, size_t len, size_t max, struct grd_races *ret);
void grd_races_release(struct grd_races *r);

/* The leak block printed by the generated TestMain:
 *   NONCE gauntlet-exit CODE
 *   NONCE gauntlet-leak-begin N
 *   ...stacks...
 *   NONCE gauntlet-leak-end
 * Lines not starting with the nonce are never trusted. */
struct grd_leaks {
        bool seen_exit;   /* the TestMain finished (m.Run returned) */
        int exit_code;    /* what m.Run returned */
        bool seen_block;  /* a complete leak block was found */
        long n_leaked;    /* goroutines still alive */
        char *stacks;     /* their stacks (bounded by max); NULL if none */
};
int grd_leak_parse(const char *buf, size_t len, const char *nonce, size_t max, struct grd_leaks *ret);
void grd_leaks_release(struct grd_leaks *l);

/* Why a test that did not pass failed, read from its output: whose
 * finding it is.  RACE: a race report (the race grader's); BUBBLE: the
 * runtime caught a testing/synctest bubble crossed ("send on synctest
 * channel from outside bubble"), or a timed-out bubble waits on a channel
 * of none (blocked, not "durable") — state shared with another test of the
 * process, the harness's doing until a run of the test alone says
 * otherwise; LEAK: goroutines left behind ("deadlock: main bubble
 * goroutine has exited but blocked goroutines remain", goleak's "found
 * unexpected goroutines") and no message the test logged itself before
 * it (the leak grader's); PLAIN: anything else (correctness). */
enum grd_fail_shape {
        GRD_SHAPE_PLAIN,
        GRD_SHAPE_LEAK,
        GRD_SHAPE_BUBBLE,
        GRD_SHAPE_RACE,
};
enum grd_fail_shape grd_fail_shape(const char *output);

#endif
