/* test_review_args.c — the command lines of `gauntlet report`, `review`
 * and `ticket`: every option and its default, what the options say
 * together, and the exact line for each mistake (the messages users and
 * scripts see); a refused command line leaves the result untouched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "bundle/ticket.h"
#include "review_args.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])) - 1)

/* parse(argv) is refused with the line `want`, and *ret keeps its `field`. */
#define REFUSED(parse, type, field, want, ...)                                                       \
        do {                                                                                         \
                char *argv_[] = {__VA_ARGS__, NULL};                                                 \
                struct type a_ = {.field = "untouched"};                                             \
                char err_[512] = "";                                                                 \
                assert_int_equal(parse(ARGC(argv_), argv_, &a_, err_, sizeof err_), -1);             \
                assert_string_equal(err_, want);                                                     \
                assert_string_equal(a_.field, "untouched");                                          \
        } while (0)

#define REPORT_REFUSED(want, ...)                                                                    \
        REFUSED(gnt_report_args_parse, gnt_report_args, out, want, "report", __VA_ARGS__)
#define REVIEW_REFUSED(want, ...)                                                                    \
        REFUSED(gnt_review_args_parse, gnt_review_args, outdir, want, "review", __VA_ARGS__)
#define TICKET_REFUSED(want, ...)                                                                    \
        REFUSED(gnt_ticket_args_parse, gnt_ticket_args, key, want, "ticket", __VA_ARGS__)

static void report_command(void **state)
{
        (void)state;
        struct gnt_report_args a;
        char err[256];
        char *build[] = {"report", "build", "out", NULL};
        assert_int_equal(gnt_report_args_parse(ARGC(build), build, &a, err, sizeof err), 0);
        assert_false(a.merge);
        assert_string_equal(a.out, "out");
        assert_int_equal(a.n, 1);
        assert_string_equal(a.dirs[0], "out");
        assert_true(a.build.threshold == 0);
        assert_true(a.build.disagree == 0);
        assert_false(a.build.require_verified);
        assert_null(a.build.reviewer);

        char *all[] = {"report", "build", "--similarity-threshold", "0.8", "--require-verified",
                       "--disagree=2.5", "--reviewer", "ada", "o", NULL};
        assert_int_equal(gnt_report_args_parse(ARGC(all), all, &a, err, sizeof err), 0);
        assert_true(a.build.threshold == 0.8);
        assert_true(a.build.require_verified);
        assert_true(a.build.disagree == 2.5);
        assert_string_equal(a.build.reviewer, "ada");
        assert_string_equal(a.out, "o");

        char *merge[] = {"report", "merge", "-o", "m", "s1", "s2", "--similarity-threshold", "1", NULL};
        assert_int_equal(gnt_report_args_parse(ARGC(merge), merge, &a, err, sizeof err), 0);
        assert_true(a.merge);
        assert_string_equal(a.out, "m");
        assert_int_equal(a.n, 2);
        assert_string_equal(a.dirs[0], "s1");
        assert_string_equal(a.dirs[1], "s2");
        assert_true(a.build.threshold == 1);

        char *none[] = {"report", NULL};
        struct gnt_report_args u = {.out = "untouched"};
        assert_int_equal(gnt_report_args_parse(ARGC(none), none, &u, err, sizeof err), -1);
        assert_string_equal(err, "missing action: 'build' or 'merge'");
        assert_string_equal(u.out, "untouched");
        REPORT_REFUSED("unknown action 'show': expected 'build' or 'merge'", "show", "o");
        REPORT_REFUSED("unknown action '-o': expected 'build' or 'merge'", "-o", "m", "merge");
        REPORT_REFUSED("build takes exactly one output folder, got 0", "build");
        REPORT_REFUSED("build takes exactly one output folder, got 2", "build", "a", "b");
        REPORT_REFUSED("build writes into its folder: -o is for merge", "build", "-o", "x", "a");
        REPORT_REFUSED("merge needs -o MERGED, the folder to write", "merge", "a");
        REPORT_REFUSED("merge needs at least one output folder", "merge", "-o", "m");
        REPORT_REFUSED("--reviewer is for build (a reviewer's view of one folder)", "merge", "--reviewer",
                       "ada",
                       "-o", "m", "a");
        REPORT_REFUSED("--reviewer 'Ada': not a reviewer's name", "build", "--reviewer", "Ada", "a");
        REPORT_REFUSED("--reviewer '" "0123456789012345678901234567890123456789" "': not a reviewer's name",
                       "build", "--reviewer", "0123456789012345678901234567890123456789xyz", "a");
        REPORT_REFUSED("--similarity-threshold: expected a number in (0, 1], got '0'", "build",
                       "--similarity-threshold", "0", "a");
        REPORT_REFUSED("--similarity-threshold: expected a number in (0, 1], got '1.5'", "build",
                       "--similarity-threshold", "1.5", "a");
        REPORT_REFUSED("--similarity-threshold: expected a number in (0, 1], got 'nan'", "build",
                       "--similarity-threshold", "nan", "a");
        REPORT_REFUSED("--disagree: expected points in (0, 1000], got '1001'", "build", "--disagree",
                       "1001", "a");
        REPORT_REFUSED("--disagree: expected points in (0, 1000], got '5x'", "build", "--disagree", "5x",
                       "a");
        REPORT_REFUSED("--disagree: expected points in (0, 1000], got '1e999'", "build", "--disagree",
                       "1e999", "a");
        REPORT_REFUSED("unknown option '--bogus'", "build", "--bogus", "a");
        REPORT_REFUSED("option '-o' needs a value", "merge", "a", "-o");
}

static void review_command(void **state)
{
        (void)state;
        struct gnt_review_args a;
        char err[512];
        char *list[] = {"review", "out", "--reviewer", "ada", "--list", NULL};
        assert_int_equal(gnt_review_args_parse(ARGC(list), list, &a, err, sizeof err), 0);
        assert_string_equal(a.outdir, "out");
        assert_string_equal(a.reviewer, "ada");
        assert_true(a.list);
        assert_null(a.submission);
        assert_null(a.from);
        assert_null(a.note);
        assert_int_equal(a.n_scores, 0);
        assert_int_equal(a.n_item_notes, 0);
        assert_true(a.margin == 0);

        char *sub[] = {"review", "--reviewer=bo", "--submission", "s1", "--score", "design=3", "--score",
                       "tests=4", "--item-note", "tests=thin", "--note", "ok", "--disagree", "1.5",
                       "out", NULL};
        assert_int_equal(gnt_review_args_parse(ARGC(sub), sub, &a, err, sizeof err), 0);
        assert_false(a.list);
        assert_string_equal(a.submission, "s1");
        assert_int_equal(a.n_scores, 2);
        assert_string_equal(a.scores[0], "design=3");
        assert_string_equal(a.scores[1], "tests=4");
        assert_int_equal(a.n_item_notes, 1);
        assert_string_equal(a.item_notes[0], "tests=thin");
        assert_string_equal(a.note, "ok");
        assert_true(a.margin == 1.5);

        char *from[] = {"review", "out", "--reviewer", "c.d_e-1", "--from", "scores.json", NULL};
        assert_int_equal(gnt_review_args_parse(ARGC(from), from, &a, err, sizeof err), 0);
        assert_string_equal(a.from, "scores.json");

        REVIEW_REFUSED("expected one output folder, got 0", "--reviewer", "ada", "--list");
        REVIEW_REFUSED("expected one output folder, got 2", "a", "b", "--reviewer", "ada", "--list");
        REVIEW_REFUSED("missing --reviewer NAME", "out", "--list");
        REVIEW_REFUSED("--reviewer 'Ada': expected lowercase letters, digits, '.', '_' and '-' (at most 32, "
                       "starting with a letter or digit)",
                       "out", "--reviewer", "Ada", "--list");
        REVIEW_REFUSED("give exactly one of --list, --submission S or --from FILE", "out", "--reviewer",
                       "ada");
        REVIEW_REFUSED("give exactly one of --list, --submission S or --from FILE", "out", "--reviewer",
                       "ada",
                       "--list", "--from", "f");
        REVIEW_REFUSED("--score, --note and --item-note go with --submission", "out", "--reviewer", "ada",
                       "--list",
                       "--note", "n");
        REVIEW_REFUSED("--submission needs at least one --score, --note or --item-note", "out",
                       "--reviewer", "ada",
                       "--submission", "s");
        REVIEW_REFUSED("--note is given twice", "out", "--note", "a", "--note", "b");
        REVIEW_REFUSED("--disagree: expected points in (0, 1000], got '0'", "out", "--disagree", "0");
        REVIEW_REFUSED("--disagree: expected points in (0, 1000], got ''", "out", "--disagree", "");
        REVIEW_REFUSED("option '--reviewer' needs a value", "out", "--reviewer");
        REVIEW_REFUSED("unknown option '-r'", "out", "-r", "ada");
        REVIEW_REFUSED("unknown option '--list=1'", "out", "--list=1");
}

/* More --score or --item-note options than a rubric can hold. */
static void review_too_many(void **state)
{
        (void)state;
        enum { max = GNT_RUBRIC_MAX_ITEMS * 2 };
        for (int kind = 0; kind < 2; kind++) {
                char *argv[2 + 2 * (max + 1) + 1];
                int n = 0;
                argv[n++] = "review";
                argv[n++] = "out";
                for (int i = 0; i <= max; i++) {
                        argv[n++] = kind ? "--item-note" : "--score";
                        argv[n++] = "x=1";
                }
                argv[n] = NULL;
                struct gnt_review_args a = {.outdir = "untouched"};
                char err[256];
                assert_int_equal(gnt_review_args_parse(n, argv, &a, err, sizeof err), -1);
                assert_string_equal(err, kind ? "too many --item-note options" : "too many --score options");
                assert_string_equal(a.outdir, "untouched");
                /* one fewer is fine */
                argv[n - 2] = "--reviewer";
                argv[n - 1] = "ada";
                char *rest[] = {"--submission", "s"};
                char *argv2[sizeof argv / sizeof *argv + 2];
                memcpy(argv2, argv, (size_t)n * sizeof *argv);
                memcpy(argv2 + n, rest, sizeof rest);
                argv2[n + 2] = NULL;
                assert_int_equal(gnt_review_args_parse(n + 2, argv2, &a, err, sizeof err), 0);
                assert_int_equal(kind ? a.n_item_notes : a.n_scores, max);
        }
}

static void ticket_command(void **state)
{
        (void)state;
        struct gnt_ticket_args a;
        char err[256];
        char *issue[] = {"ticket", "b.tar.gz", "--key", "team.key", "--candidate", "ada", NULL};
        assert_int_equal(gnt_ticket_args_parse(ARGC(issue), issue, &a, err, sizeof err), 0);
        assert_string_equal(a.bundle, "b.tar.gz");
        assert_string_equal(a.key, "team.key");
        assert_string_equal(a.candidate, "ada");
        assert_null(a.out);
        assert_null(a.ledger);
        assert_null(a.from);
        assert_null(a.until);
        assert_int_equal(a.minutes, 0);
        assert_false(a.list);
        assert_false(a.json);

        char *all[] = {"ticket", "-k", "k", "-c", "bo", "-M", "90", "--from", "now", "--until", "+2d",
                       "-o", "t.json",
                       "--ledger", "l.jsonl", "b", NULL};
        assert_int_equal(gnt_ticket_args_parse(ARGC(all), all, &a, err, sizeof err), 0);
        assert_int_equal(a.minutes, 90);
        assert_string_equal(a.from, "now");
        assert_string_equal(a.until, "+2d");
        assert_string_equal(a.out, "t.json");
        assert_string_equal(a.ledger, "l.jsonl");

        char *list[] = {"ticket", "--list", "--json", "--ledger", "l", NULL};
        assert_int_equal(gnt_ticket_args_parse(ARGC(list), list, &a, err, sizeof err), 0);
        assert_true(a.list);
        assert_true(a.json);
        assert_null(a.bundle);
        char *listk[] = {"ticket", "--list", "--key", "k", NULL};
        assert_int_equal(gnt_ticket_args_parse(ARGC(listk), listk, &a, err, sizeof err), 0);
        char *maxm[] = {"ticket", "b", "-k", "k", "-c", "c", "--minutes=10080", NULL};
        assert_int_equal(gnt_ticket_args_parse(ARGC(maxm), maxm, &a, err, sizeof err), 0);
        assert_int_equal(a.minutes, GNT_TICKET_MINUTES_MAX);

        TICKET_REFUSED("missing the BUNDLE", "--key", "k", "--candidate", "c");
        TICKET_REFUSED("missing --key KEY (the team's secret key)", "b", "--candidate", "c");
        TICKET_REFUSED("missing --candidate NAME", "b", "--key", "k");
        TICKET_REFUSED("unexpected argument 'c'", "b", "c");
        TICKET_REFUSED("--list takes no BUNDLE", "--list", "b", "--key", "k");
        TICKET_REFUSED("--list needs --ledger FILE or --key KEY", "--list");
        TICKET_REFUSED("--minutes: expected 1 to 10080, got '0'", "b", "--minutes", "0");
        TICKET_REFUSED("--minutes: expected 1 to 10080, got '10081'", "b", "--minutes", "10081");
        TICKET_REFUSED("--minutes: expected 1 to 10080, got '9x'", "b", "-M", "9x");
        TICKET_REFUSED("--minutes: expected 1 to 10080, got ''", "b", "-M", "");
        TICKET_REFUSED("option '--key' needs a value", "b", "--key");
        TICKET_REFUSED("option '-c' needs a value", "b", "-c");
        TICKET_REFUSED("unknown option '--bogus'", "--bogus");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(report_command),  cmocka_unit_test(review_command),
                cmocka_unit_test(review_too_many), cmocka_unit_test(ticket_command),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
