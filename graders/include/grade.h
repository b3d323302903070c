/* grade.h — grade one submission against one problem, and run a problem's
 * public tests for the candidate.  Results are plain data (struct
 * grd_report); the runner turns them into text, JSON and JUnit XML.
 * Library code: never prints, never exits. */
#ifndef GAUNTLET_GRADE_H
#define GAUNTLET_GRADE_H

#include <stdbool.h>
#include <stddef.h>

#include "problem.h"

enum grd_verdict {
        GRD_VERDICT_PASS,  /* full marks */
        GRD_VERDICT_FAIL,  /* less than full marks */
        GRD_VERDICT_SKIP,  /* not run (bench after failed correctness) */
        GRD_VERDICT_ERROR, /* the grader itself failed (sandbox, toolchain) */
        _GRD_VERDICT_MAX,
};

enum grd_test_status {
        GRD_TEST_PASS,
        GRD_TEST_FAIL,
        GRD_TEST_SKIP,
        GRD_TEST_PANIC,
        GRD_TEST_TIMEOUT,
        GRD_TEST_NOT_RUN, /* the binary died before reaching it, twice */
        _GRD_TEST_STATUS_MAX,
};

/* One top-level test (subtests are folded into their parent's output), or
 * one I/O case (name = the data file's stem). */
struct grd_test_result {
        char *name;
        enum grd_test_status status;
        double elapsed_s;
        char *output;  /* failure text (bounded, see GRD_TEST_OUTPUT_MAX); may be NULL */
        char *group;   /* the test group it counts in; NULL without groups */
};

#define GRD_TEST_OUTPUT_MAX (8u * 1024)
#define GRD_EVIDENCE_MAX (32u * 1024)

/* One interleaved A/B pair of benchmark runs. */
struct grd_bench_pair {
        double ratio;       /* geometric mean over benchmarks of cand/ref ns/op */
        double *cand_ns;    /* per benchmark, in problem order */
        double *ref_ns;
};

/* Per benchmark: medians over the pairs, and -benchmem figures. */
struct grd_bench_stat {
        char *name;
        double cand_ns, ref_ns;     /* medians */
        double ratio;               /* median of pairwise ratios */
        double cand_allocs, cand_bytes, ref_allocs, ref_bytes; /* last run; -1 when absent */
};

struct grd_result {
        enum grd_kind kind;
        enum grd_verdict verdict;
        double weight;      /* from the manifest */
        double score;       /* 0..weight */
        char *summary;      /* one line for the terminal */
        char *evidence;     /* bounded text: build errors, race reports, leaked stacks, diffs */
        double wall_s;      /* time this grader took, builds included */
        double build_s;     /* of which compiling */

        /* correctness (and the race grader's runs) */
        struct grd_test_result *tests;
        size_t n_tests;

        /* bench */
        struct grd_bench_pair *pairs;
        size_t n_pairs;
        struct grd_bench_stat *bench;
        size_t n_bench;
        double ratio, ci_low, ci_high, ci_level, cv;
        unsigned extra_pairs; /* pairs added: spread too wide, or the verdict in doubt */
        bool spread_pairs;    /* some because the spread was over 5% */
        bool doubt_pairs;     /* some because the interval held the target */
        bool allocs_ok;
};

enum grd_report_status {
        GRD_REPORT_GRADED,   /* graded, whatever the score */
        GRD_REPORT_REJECTED, /* the submission is unusable (symlinks, no code) */
        GRD_REPORT_ERROR,    /* grading failed: toolchain, sandbox, problem */
};

struct grd_report {
        enum grd_report_status status;
        char message[512];          /* why REJECTED / ERROR */
        char *problem_id, *problem_version;
        double score;               /* 0..100 */
        bool enabled[_GRD_KIND_MAX];
        struct grd_result results[_GRD_KIND_MAX];
        double wall_s;
        char toolchain[64];         /* "go1.26.0" or the C compiler's version */
        unsigned isolation;         /* sandbox SBX_ISO_* bits of the test runs */
        bool quick;
};

struct grd_options {
        const char *cache_dir;      /* shared cache root (GOCACHE lives under it); required */
        /* Where scratch folders go; NULL: an absolute $TMPDIR, else /tmp.
         * Each grading first removes the folders of killed gradings found
         * there. */
        const char *work_parent;
        bool quick;                 /* fewer benchmark pairs (CI) */
        bool keep_work;             /* keep the scratch folder (marked: never swept) */
        /* Reuse the reference's built binaries between gradings of the same
         * problem (validate): a folder owned by the caller; NULL builds the
         * reference in the grading's scratch folder. */
        const char *reference_dir;
        /* Progress notes ("building", "race gomaxprocs=2"), may be NULL. */
        void (*progress)(void *ctx, const char *what);
        void *progress_ctx;
        /* grd_run_public_tests only (grading ignores both): run the
         * candidate's own *_test.go of code_dir with the public tests, and
         * build the run with -race. */
        bool own_tests;
        bool race;
};

/* Grade the code in code_dir (a folder holding the candidate's go.mod and
 * *.go, or C sources and headers) against p.  Fills *ret (release with
 * grd_report_release) and returns 0 whenever a report was produced,
 * including REJECTED and ERROR reports (ret->message says why).  An ERROR
 * report (a grader failed internally: sandbox, toolchain, scratch folder)
 * awards nothing: its score and every grader's are 0; graders that had
 * finished keep their verdict and evidence, every other enabled grader
 * gets GRD_VERDICT_ERROR with the reason as summary.  Returns -EINVAL for
 * missing arguments, -ENOMEM; *ret untouched then.
 * While it runs (and grd_run_public_tests too), SIGINT, SIGTERM and
 * SIGHUP left at their default disposition are caught to remove the
 * scratch folder, then re-raised with the default: the process ends as it
 * would have.  Other dispositions are left alone. */
int grd_grade(const struct grd_problem *p, const char *code_dir,
              const struct grd_options *o, struct grd_report *ret);
void grd_report_release(struct grd_report *r);

/* The candidate's own test run (`gauntlet test`): build and run only the
 * public tests (p->public_tests) against code_dir. */
struct grd_test_run {
        bool built;                 /* false: build_output says why */
        char *build_output;         /* compiler output (bounded); may be NULL */
        struct grd_test_result *tests;
        size_t n_tests;
        size_t n_pass, n_fail, n_skip;
        char *crash;                /* panic / timeout text (bounded); may be NULL */
        /* The candidate's own tests (o->own_tests): never counted in
         * n_pass/n_fail/n_skip, never graded.  own_note says why they did
         * not run beside the public ones ("" when they did, or there were
         * none); own_output is then the combined build's output (may be
         * NULL), and the public tests were built alone. */
        struct grd_test_result *own_tests;
        size_t n_own;
        char own_note[512];
        char *own_output;
        /* o->race: the run was built with -race; races reports found, their
         * text (bounded) in race_text (NULL without any). */
        bool race;
        size_t races;
        char *race_text;
        double build_s, run_s;
        /* The run failed internally (sandbox, toolchain, scratch folder):
         * message says why, and nothing else is filled (no build output,
         * no tests: what ran before the failure is dropped). */
        bool error;
        /* Why the run is an error, or why the code could not be staged
         * (built false); else "". */
        char message[512];
};

/* Returns 0 when a run record was produced: see ret->built and ret->tests
 * (a build error is a result, not an error); when the code could not be
 * staged (a symlink) ret->built is false and ret->message says why; when
 * a step failed internally (the sandbox) ret->error is set.  -EINVAL for
 * bad arguments or a broken problem, -ENOENT when there is no Go
 * toolchain or C compiler or no source file (ret->message set for both),
 * -ENOMEM.  C problems run the public NAME.in/NAME.ans cases of
 * tests/public with the problem's comparator (whitespace when it is a
 * checker, which is secret).  Go problems keep their last test binary in
 * o->cache_dir/public/ (docs/grading.md, "Candidate-side test runs"). */
int grd_run_public_tests(const struct grd_problem *p, const char *code_dir,
                         const struct grd_options *o, struct grd_test_run *ret);
void grd_test_run_release(struct grd_test_run *r);

const char *grd_verdict_name(enum grd_verdict v);
int grd_verdict_from_name(const char *name);
const char *grd_test_status_name(enum grd_test_status s);

#endif
