/* test_grade_args.c — the command lines of `gauntlet grade` (one
 * submission or a batch) and `gauntlet validate`: when a batch is meant,
 * every option and its default, and the exact line for each mistake (the
 * messages users and scripts see). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "grade_args.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])) - 1)

static int parse(enum gnt_grade_cmd cmd, char **argv, int argc, struct gnt_grade_args *a, char *err)
{
        return gnt_grade_args_parse(cmd, argc, argv, a, err, 256);
}

/* The line of a refused command line; *ret must stay untouched. */
#define REFUSED(cmd, want, ...)                                                                      \
        do {                                                                                         \
                char *argv_[] = {__VA_ARGS__, NULL};                                                 \
                struct gnt_grade_args a_ = {.bundle = "untouched"};                                  \
                char err_[256] = "";                                                                 \
                assert_int_equal(parse(cmd, argv_, ARGC(argv_), &a_, err_), -1);                     \
                assert_string_equal(err_, want);                                                     \
                assert_string_equal(a_.bundle, "untouched");                                         \
        } while (0)

static bool batch(char **argv, int argc)
{
        struct gnt_grade_args a;
        char err[256];
        assert_int_equal(parse(GNT_ARGS_GRADE, argv, argc, &a, err), 0);
        return a.batch;
}

static void batch_mode_detection(void **state)
{
        (void)state;
        char *one[] = {"grade", "--bundle", "b.tar.gz", "sub.tar.gz", "--json", "r.json", NULL};
        assert_false(batch(one, ARGC(one)));
        char *q[] = {"grade", "--quick", "-b", "b", "a", "--junit", "x.xml", NULL};
        assert_false(batch(q, ARGC(q)));
        char *two[] = {"grade", "-b", "b", "a.tar.gz", "c.tar.gz", "--report", "out", NULL};
        assert_true(batch(two, ARGC(two)));
        char *rep[] = {"grade", "-b", "b", "a.tar.gz", "--report", "out", NULL};
        assert_true(batch(rep, ARGC(rep)));
        char *j[] = {"grade", "-b", "b", "-j", "2", "a", "--report=out", NULL};
        assert_true(batch(j, ARGC(j)));
        char *j4[] = {"grade", "-b", "b", "-j4", "a", "--report", "out", NULL};
        assert_true(batch(j4, ARGC(j4)));
        char *sh[] = {"grade", "-b", "b", "--shard=1/2", "a", "--report", "out", NULL};
        assert_true(batch(sh, ARGC(sh)));
        /* After "--" everything is a submission. */
        char *dd[] = {"grade", "-b", "b", "--report", "o", "--", "-x", "y", NULL};
        assert_true(batch(dd, ARGC(dd)));
        /* Without a batch option, two submissions are a batch, and one
         * that then lacks --report is told so. */
        REFUSED(GNT_ARGS_GRADE, "batch grading needs --report OUTDIR for its results", "grade", "-b", "b", "a", "c");
}

static void one_submission(void **state)
{
        (void)state;
        char *argv[] = {"grade", "--quick", "-b", "B", "sub", "--json", "r.json", "--junit", "j.xml",
                        "--pubkey", "k.pub", "-v", "--keep", "--candidate", "ada", "--require-verified", NULL};
        struct gnt_grade_args a;
        char err[256];
        assert_int_equal(parse(GNT_ARGS_GRADE, argv, ARGC(argv), &a, err), 0);
        assert_false(a.batch);
        assert_string_equal(a.bundle, "B");
        assert_string_equal(a.json, "r.json");
        assert_string_equal(a.junit, "j.xml");
        assert_string_equal(a.pubkey, "k.pub");
        assert_true(a.quick && a.verbose && a.keep);
        assert_string_equal(a.candidate, "ada");
        assert_true(a.require_verified);
        assert_int_equal(a.n_args, 1);
        assert_string_equal(a.args[0], "sub");
        assert_null(a.report);

        REFUSED(GNT_ARGS_GRADE, "missing --bundle GRADING_BUNDLE", "grade", "sub");
        REFUSED(GNT_ARGS_GRADE, "no submission given", "grade", "-b", "B");
        REFUSED(GNT_ARGS_GRADE, "unknown option '--bogus'", "grade", "-b", "B", "sub", "--bogus");
        /* Batch options that do not ask for a batch are not known here. */
        REFUSED(GNT_ARGS_GRADE, "unknown option '--timeout'", "grade", "-b", "B", "sub", "--timeout", "5");
        REFUSED(GNT_ARGS_GRADE, "option '--json' needs a value", "grade", "-b", "B", "sub", "--json");
        REFUSED(GNT_ARGS_GRADE, "option '--bundle' needs a value", "grade", "sub", "--bundle");
        REFUSED(GNT_ARGS_GRADE, "--candidate: expected a name, got ''", "grade", "-b", "B", "sub", "--candidate", "");
        REFUSED(GNT_ARGS_GRADE, "option '--candidate' needs a value", "grade", "-b", "B", "sub", "--candidate");
        char *plain[] = {"grade", "-b", "B", "sub", NULL};
        assert_int_equal(parse(GNT_ARGS_GRADE, plain, ARGC(plain), &a, err), 0);
        assert_false(a.require_verified);
        assert_null(a.candidate);
}

static void a_batch(void **state)
{
        (void)state;
        char *argv[] = {"grade", "-b", "B", "a", "c", "--report", "out", "-j", "3", "--shard", "2/5", "--timeout",
                        "90.5", "--similarity-threshold", "0.25", "--quick", "--pubkey", "k.pub", "--require-verified", NULL};
        struct gnt_grade_args a;
        char err[256];
        assert_int_equal(parse(GNT_ARGS_GRADE, argv, ARGC(argv), &a, err), 0);
        assert_true(a.batch);
        assert_string_equal(a.bundle, "B");
        assert_string_equal(a.report, "out");
        assert_int_equal(a.jobs, 3);
        assert_int_equal(a.shard_k, 2);
        assert_int_equal(a.shard_n, 5);
        assert_true(a.timeout_s == 90.5);
        assert_true(a.threshold == 0.25);
        assert_true(a.quick);
        assert_string_equal(a.pubkey, "k.pub");
        assert_true(a.require_verified);
        assert_int_equal(a.n_args, 2);
        assert_string_equal(a.args[0], "a");
        assert_string_equal(a.args[1], "c");

        char *defaults[] = {"grade", "-b", "B", "a", "--report", "out", NULL};
        assert_int_equal(parse(GNT_ARGS_GRADE, defaults, ARGC(defaults), &a, err), 0);
        assert_int_equal(a.jobs, 1);
        assert_int_equal(a.shard_n, 0);
        assert_true(a.timeout_s == GNT_GRADE_DEFAULT_TIMEOUT);
        assert_true(a.threshold == 0);

        REFUSED(GNT_ARGS_GRADE, "-j: expected a number of jobs from 1 to 256, got '0'", "grade", "-b", "B", "a",
                "--report", "o", "-j", "0");
        REFUSED(GNT_ARGS_GRADE, "-j: expected a number of jobs from 1 to 256, got '257'", "grade", "-b", "B", "a",
                "--report", "o", "--jobs=257");
        REFUSED(GNT_ARGS_GRADE, "--shard: expected K/N with 1 <= K <= N, got '3/2'", "grade", "-b", "B", "a",
                "--report", "o", "--shard", "3/2");
        REFUSED(GNT_ARGS_GRADE, "--timeout: expected seconds > 0, got '-1'", "grade", "-b", "B", "a", "--report",
                "o", "--timeout", "-1");
        REFUSED(GNT_ARGS_GRADE, "--similarity-threshold: expected a number in (0, 1], got '2'", "grade", "-b", "B",
                "a", "--report", "o", "--similarity-threshold", "2");
        REFUSED(GNT_ARGS_GRADE,
                "'--json' is for one submission: in batch mode every report goes under --report OUTDIR", "grade",
                "-b", "B", "a", "--report", "o", "--json", "r.json");
        REFUSED(GNT_ARGS_GRADE, "unknown option '--keep'", "grade", "-b", "B", "a", "--report", "o", "--keep");
        /* Candidates' names come from their file names in a batch. */
        REFUSED(GNT_ARGS_GRADE, "unknown option '--candidate'", "grade", "-b", "B", "a", "--report", "o",
                "--candidate", "x");
        REFUSED(GNT_ARGS_GRADE, "unknown option '-v'", "grade", "-b", "B", "a", "-j", "2", "-v");
        REFUSED(GNT_ARGS_GRADE, "option '--report' needs a value", "grade", "-b", "B", "a", "--report");
        REFUSED(GNT_ARGS_GRADE, "missing --bundle GRADING_BUNDLE", "grade", "a", "--report", "o");
        REFUSED(GNT_ARGS_GRADE, "no submission given", "grade", "-b", "B", "--report", "o");
}

static void validate(void **state)
{
        (void)state;
        char *argv[] = {"validate", "dist/x.grading.tar.gz", "--quick", "--verbose", "--pubkey", "k.pub", NULL};
        struct gnt_grade_args a;
        char err[256];
        assert_int_equal(parse(GNT_ARGS_VALIDATE, argv, ARGC(argv), &a, err), 0);
        assert_false(a.batch);
        assert_true(a.quick && a.verbose);
        assert_string_equal(a.pubkey, "k.pub");
        assert_int_equal(a.n_args, 1);
        assert_string_equal(a.args[0], "dist/x.grading.tar.gz");

        REFUSED(GNT_ARGS_VALIDATE, "no problem folder or bundle given", "validate", "-v");
        REFUSED(GNT_ARGS_VALIDATE, "unexpected argument 'c'", "validate", "a", "c");
        REFUSED(GNT_ARGS_VALIDATE, "unknown option '--report'", "validate", "a", "--report", "o");
        REFUSED(GNT_ARGS_VALIDATE, "unknown option '-b'", "validate", "a", "-b", "B");
        REFUSED(GNT_ARGS_VALIDATE, "unknown option '--keep'", "validate", "a", "--keep");
        REFUSED(GNT_ARGS_VALIDATE, "option '--pubkey' needs a value", "validate", "a", "--pubkey");

        /* --mutant NAME, repeatable, only for validate. */
        char *mv[] = {"validate", "--mutant", "slow", "a", "--mutant=racy", NULL};
        assert_int_equal(parse(GNT_ARGS_VALIDATE, mv, ARGC(mv), &a, err), 0);
        assert_int_equal(a.n_mutants, 2);
        assert_string_equal(a.mutants[0], "slow");
        assert_string_equal(a.mutants[1], "racy");
        assert_string_equal(a.args[0], "a");
        char *none[] = {"validate", "a", NULL};
        assert_int_equal(parse(GNT_ARGS_VALIDATE, none, ARGC(none), &a, err), 0);
        assert_int_equal(a.n_mutants, 0);
        REFUSED(GNT_ARGS_VALIDATE, "--mutant: expected the name of a folder of mutants/, got '../x'", "validate",
                "a", "--mutant", "../x");
        REFUSED(GNT_ARGS_VALIDATE, "option '--mutant' needs a value", "validate", "a", "--mutant");
        REFUSED(GNT_ARGS_GRADE, "unknown option '--mutant'", "grade", "-b", "B", "s", "--mutant", "x");
}

/* A parse stopped halfway through a cluster leaves nothing behind, and
 * names the letter it did not know. */
static void parses_are_independent(void **state)
{
        (void)state;
        REFUSED(GNT_ARGS_VALIDATE, "unknown option '-x'", "validate", "a", "-vx");
        REFUSED(GNT_ARGS_VALIDATE, "unknown option '-x'", "validate", "a", "-xv");
        char *argv[] = {"validate", "a", NULL};
        struct gnt_grade_args a;
        char err[256];
        assert_int_equal(parse(GNT_ARGS_VALIDATE, argv, ARGC(argv), &a, err), 0);
        assert_false(a.verbose);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(batch_mode_detection), cmocka_unit_test(one_submission),
                cmocka_unit_test(a_batch),              cmocka_unit_test(validate),
                cmocka_unit_test(parses_are_independent),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
