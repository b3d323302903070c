/* test_session_args.c — the command lines of `gauntlet start`, `test`,
 * `submit`, `resume`, `status` and `log`: every option and its default, what the options
 * say together (a mock or a take-home), and the exact line for each
 * mistake (the messages users and scripts see). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "session_args.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])) - 1)

static int start(char **argv, int argc, struct gnt_start_args *a, char *err)
{
        return gnt_start_args_parse(argc, argv, a, err, 256);
}

/* The line of a refused `start`; *ret must stay untouched. */
#define START_REFUSED(want, ...)                                                                     \
        do {                                                                                         \
                char *argv_[] = {"start", __VA_ARGS__, NULL};                                        \
                struct gnt_start_args a_ = {.source = "untouched"};                                  \
                char err_[256] = "";                                                                 \
                assert_int_equal(start(argv_, ARGC(argv_), &a_, err_), -1);                          \
                assert_string_equal(err_, want);                                                     \
                assert_string_equal(a_.source, "untouched");                                         \
        } while (0)

typedef int (*session_parser)(int, char **, struct gnt_session_args *, char *, size_t);

#define SESSION_REFUSED(parse, want, ...)                                                            \
        do {                                                                                         \
                char *argv_[] = {__VA_ARGS__, NULL};                                                 \
                struct gnt_session_args a_ = {.session = "untouched"};                               \
                char err_[256] = "";                                                                 \
                assert_int_equal(parse(ARGC(argv_), argv_, &a_, err_, sizeof err_), -1);             \
                assert_string_equal(err_, want);                                                     \
                assert_string_equal(a_.session, "untouched");                                        \
        } while (0)

static void start_defaults(void **state)
{
        (void)state;
        char *argv[] = {"start", NULL};
        struct gnt_start_args a;
        char err[256];
        assert_int_equal(start(argv, ARGC(argv), &a, err), 0);
        assert_null(a.source);
        assert_null(a.mode);
        assert_true(a.mock); /* a pick from the library is a mock */
        assert_null(a.workspace);
        assert_null(a.pubkey);
        assert_null(a.grading);
        assert_null(a.area);
        assert_null(a.problem);
        assert_null(a.ticket);
        assert_true(a.minutes == 0);
        assert_false(a.have_seed);
        assert_false(a.no_screen);

        char *bundle[] = {"start", "b.tar.gz", NULL};
        assert_int_equal(start(bundle, ARGC(bundle), &a, err), 0);
        assert_string_equal(a.source, "b.tar.gz");
        assert_false(a.mock); /* a bundle is a take-home unless --mode mock */
}

static void start_every_option(void **state)
{
        (void)state;
        char *argv[] = {"start", "--mode", "mock", "-w", "ws", "--pubkey=team.pub", "--grading", "g.tar.gz",
                        "--minutes", "45.5", "--seed", "-7", "--no-screen", "dir", NULL};
        struct gnt_start_args a;
        char err[256];
        assert_int_equal(start(argv, ARGC(argv), &a, err), 0);
        assert_string_equal(a.source, "dir");
        assert_string_equal(a.mode, "mock");
        assert_true(a.mock);
        assert_string_equal(a.workspace, "ws");
        assert_string_equal(a.pubkey, "team.pub");
        assert_string_equal(a.grading, "g.tar.gz");
        assert_true(a.minutes == 45.5);
        assert_true(a.have_seed);
        assert_int_equal(a.seed, -7);
        assert_true(a.no_screen);

        char *lib[] = {"start", "--area", "concurrency", "--problem", "worker-pool", "-s", "3", NULL};
        assert_int_equal(start(lib, ARGC(lib), &a, err), 0);
        assert_null(a.source);
        assert_string_equal(a.area, "concurrency");
        assert_string_equal(a.problem, "worker-pool");
        assert_true(a.mock);

        char *tk[] = {"start", "b.tar.gz", "--ticket", "t.json", "--mode", "take-home", NULL};
        assert_int_equal(start(tk, ARGC(tk), &a, err), 0);
        assert_string_equal(a.ticket, "t.json");
        assert_false(a.mock);
}

static void start_refused(void **state)
{
        (void)state;
        START_REFUSED("unknown option '--bogus'", "--bogus");
        START_REFUSED("option '--mode' needs a value", "--mode");
        START_REFUSED("too many arguments: 'b'", "a", "b");
        START_REFUSED("--minutes: expected a number of minutes in (0, 1440], got '0'", "--minutes", "0");
        START_REFUSED("--minutes: expected a number of minutes in (0, 1440], got '1441'", "--minutes", "1441");
        START_REFUSED("--minutes: expected a number of minutes in (0, 1440], got '5x'", "--minutes", "5x");
        START_REFUSED("--seed: expected an integer, got 'x'", "--seed", "x");
        START_REFUSED("--ticket goes with the BUNDLE it was issued for", "--ticket", "t.json");
        START_REFUSED("--ticket starts a take-home session, not a mock", "b", "--ticket", "t", "--mode", "mock");
        START_REFUSED("--mode: expected 'take-home' or 'mock', got 'exam'", "--mode", "exam");
        START_REFUSED("--area: expected idiomatic, concurrency, low-level, networking, performance or "
                      "reliability, got 'cooking'",
                      "--area", "cooking");
        START_REFUSED("--area and --problem pick from the library: give no BUNDLE", "b", "--problem", "p");
        START_REFUSED("--minutes is for mock sessions: a take-home keeps the problem's time", "b", "--minutes",
                      "30");
        START_REFUSED("--minutes is for mock sessions: a take-home keeps the problem's time (the ticket's)", "b",
                      "--ticket", "t", "--minutes", "30");
}

/* --loop N: a mock interview loop drawn from the library. */
static void start_loop(void **state)
{
        (void)state;
        char *argv[] = {"start", "--loop", "3", "--area", "concurrency", "--minutes", "20", "--seed", "5", NULL};
        struct gnt_start_args a;
        char err[256];
        assert_int_equal(start(argv, ARGC(argv), &a, err), 0);
        assert_int_equal(a.loop, 3);
        assert_true(a.mock);
        assert_string_equal(a.area, "concurrency");
        assert_true(a.minutes == 20);
        char *mock[] = {"start", "--loop", "8", "--mode", "mock", "--workspace", "L", NULL};
        assert_int_equal(start(mock, ARGC(mock), &a, err), 0);
        assert_int_equal(a.loop, 8);
        assert_string_equal(a.workspace, "L");
        START_REFUSED("--loop: expected a number of rounds from 1 to 8, got '0'", "--loop", "0");
        START_REFUSED("--loop: expected a number of rounds from 1 to 8, got '9'", "--loop", "9");
        START_REFUSED("--loop: expected a number of rounds from 1 to 8, got '-1'", "--loop", "-1");
        START_REFUSED("--loop: expected a number of rounds from 1 to 8, got '3x'", "--loop", "3x");
        START_REFUSED("option '--loop' needs a value", "--loop");
        START_REFUSED("--loop is a mock interview loop: take-home sessions cannot be loops", "--loop", "3", "--mode",
                      "take-home");
        START_REFUSED("--loop is a mock interview loop: take-home sessions cannot be loops", "b", "--loop", "3",
                      "--ticket", "t");
        START_REFUSED("--loop draws its problems from the library: give no BUNDLE", "b", "--loop", "3");
        START_REFUSED("--loop draws its problems: --problem picks one", "--loop", "3", "--problem", "p");
        START_REFUSED("--loop grades with the library's own grading parts: no --grading", "--loop", "3", "--grading",
                      "g");
}

static void test_command(void **state)
{
        (void)state;
        struct gnt_session_args a;
        char err[256];
        char *none[] = {"test", NULL};
        assert_int_equal(gnt_test_args_parse(ARGC(none), none, &a, err, sizeof err), 0);
        assert_null(a.session);
        assert_false(a.quiet);
        char *all[] = {"test", "--session", "s", "-q", NULL};
        assert_int_equal(gnt_test_args_parse(ARGC(all), all, &a, err, sizeof err), 0);
        assert_string_equal(a.session, "s");
        assert_true(a.quiet);
        char *lng[] = {"test", "-S", "s", "--quiet", NULL};
        assert_int_equal(gnt_test_args_parse(ARGC(lng), lng, &a, err, sizeof err), 0);
        assert_true(a.quiet);
        assert_false(a.race);
        assert_false(a.json);
        char *race[] = {"test", "--race", "--json", NULL};
        assert_int_equal(gnt_test_args_parse(ARGC(race), race, &a, err, sizeof err), 0);
        assert_true(a.race);
        assert_true(a.json);
        assert_false(a.quiet);
        char *rs[] = {"test", "-rj", NULL};
        assert_int_equal(gnt_test_args_parse(ARGC(rs), rs, &a, err, sizeof err), 0);
        assert_true(a.race && a.json);
        SESSION_REFUSED(gnt_test_args_parse, "unexpected argument 'dir'", "test", "dir");
        SESSION_REFUSED(gnt_test_args_parse, "option '--session' needs a value", "test", "--session");
        SESSION_REFUSED(gnt_test_args_parse, "unknown option '--no-grade'", "test", "--no-grade");
        SESSION_REFUSED(gnt_test_args_parse, "unknown option '-n'", "test", "-n");
}

static void submit_command(void **state)
{
        (void)state;
        struct gnt_session_args a;
        char err[256];
        char *none[] = {"submit", NULL};
        assert_int_equal(gnt_submit_args_parse(ARGC(none), none, &a, err, sizeof err), 0);
        assert_null(a.session);
        assert_false(a.no_grade);
        char *all[] = {"submit", "--no-grade", "--session=s", NULL};
        assert_int_equal(gnt_submit_args_parse(ARGC(all), all, &a, err, sizeof err), 0);
        assert_string_equal(a.session, "s");
        assert_true(a.no_grade);
        SESSION_REFUSED(gnt_submit_args_parse, "unexpected argument 'dir'", "submit", "dir");
        SESSION_REFUSED(gnt_submit_args_parse, "unknown option '--quiet'", "submit", "--quiet");
        SESSION_REFUSED(gnt_submit_args_parse, "unknown option '-q'", "submit", "-q");
}

static void resume_command(void **state)
{
        (void)state;
        struct gnt_session_args a;
        char err[256];
        char *none[] = {"resume", NULL};
        assert_int_equal(gnt_resume_args_parse(ARGC(none), none, &a, err, sizeof err), 0);
        assert_null(a.session);
        assert_false(a.no_screen);
        /* The session folder may be given plainly. */
        char *dir[] = {"resume", "-n", "s", NULL};
        assert_int_equal(gnt_resume_args_parse(ARGC(dir), dir, &a, err, sizeof err), 0);
        assert_string_equal(a.session, "s");
        assert_true(a.no_screen);
        char *opt[] = {"resume", "--session", "s", "--no-screen", NULL};
        assert_int_equal(gnt_resume_args_parse(ARGC(opt), opt, &a, err, sizeof err), 0);
        assert_string_equal(a.session, "s");
        assert_true(a.no_screen);
        SESSION_REFUSED(gnt_resume_args_parse, "unexpected argument 's'", "resume", "s", "t");
        SESSION_REFUSED(gnt_resume_args_parse, "unexpected argument 't'", "resume", "--session", "s", "t");
        SESSION_REFUSED(gnt_resume_args_parse, "unknown option '--quiet'", "resume", "--quiet");
}

static void status_command(void **state)
{
        (void)state;
        struct gnt_session_args a;
        char err[256];
        char *none[] = {"status", NULL};
        assert_int_equal(gnt_status_args_parse(ARGC(none), none, &a, err, sizeof err), 0);
        assert_null(a.session);
        assert_false(a.json);
        char *all[] = {"status", "-j", "-S", "s", NULL};
        assert_int_equal(gnt_status_args_parse(ARGC(all), all, &a, err, sizeof err), 0);
        assert_string_equal(a.session, "s");
        assert_true(a.json);
        assert_false(a.quiet);
        assert_false(a.no_screen);
        char *lng[] = {"status", "--json", NULL};
        assert_int_equal(gnt_status_args_parse(ARGC(lng), lng, &a, err, sizeof err), 0);
        assert_true(a.json);
        SESSION_REFUSED(gnt_status_args_parse, "unexpected argument 'dir'", "status", "dir");
        SESSION_REFUSED(gnt_status_args_parse, "unknown option '-q'", "status", "-q");
}

#define LOG_REFUSED(want, ...)                                                                       \
        do {                                                                                         \
                char *argv_[] = {"log", __VA_ARGS__, NULL};                                          \
                struct gnt_log_args a_ = {.path = "untouched"};                                      \
                char err_[256] = "";                                                                 \
                assert_int_equal(gnt_log_args_parse(ARGC(argv_), argv_, &a_, err_, sizeof err_), -1); \
                assert_string_equal(err_, want);                                                     \
                assert_string_equal(a_.path, "untouched");                                           \
        } while (0)

static void log_command(void **state)
{
        (void)state;
        struct gnt_log_args a;
        char err[256];
        char *none[] = {"log", NULL};
        assert_int_equal(gnt_log_args_parse(ARGC(none), none, &a, err, sizeof err), 0);
        assert_null(a.session);
        assert_null(a.path);
        assert_int_equal(a.show, 0);
        assert_false(a.diff);
        assert_null(a.out);
        assert_null(a.file);
        assert_false(a.json);

        char *show[] = {"log", "sub.tar.gz", "--show", "3", "-o", "dir", "--file", "main.go", NULL};
        assert_int_equal(gnt_log_args_parse(ARGC(show), show, &a, err, sizeof err), 0);
        assert_string_equal(a.path, "sub.tar.gz");
        assert_int_equal(a.show, 3);
        assert_string_equal(a.out, "dir");
        assert_string_equal(a.file, "main.go");

        char *one[] = {"log", "-S", "s", "--diff", "7", NULL};
        assert_int_equal(gnt_log_args_parse(ARGC(one), one, &a, err, sizeof err), 0);
        assert_string_equal(a.session, "s");
        assert_true(a.diff);
        assert_int_equal(a.diff_from, 0); /* the snapshot before 7 */
        assert_int_equal(a.diff_to, 7);

        char *two[] = {"log", "--diff=2:9", "-j", NULL};
        assert_int_equal(gnt_log_args_parse(ARGC(two), two, &a, err, sizeof err), 0);
        assert_int_equal(a.diff_from, 2);
        assert_int_equal(a.diff_to, 9);
        assert_true(a.json);

        LOG_REFUSED("unexpected argument 'a'", "a", "b");
        LOG_REFUSED("unexpected argument 'a'", "--session", "s", "a");
        LOG_REFUSED("unknown option '--quiet'", "--quiet");
        LOG_REFUSED("option '--show' needs a value", "--show");
        LOG_REFUSED("--show: expected an entry number, got '0'", "--show", "0");
        LOG_REFUSED("--show: expected an entry number, got 'x'", "--show", "x");
        LOG_REFUSED("--diff: expected N or FROM:TO entry numbers, got '2:'", "--diff", "2:");
        LOG_REFUSED("--diff: expected N or FROM:TO entry numbers, got 'a:3'", "--diff", "a:3");
        LOG_REFUSED("--out and --file go with --show N", "--out", "d");
        LOG_REFUSED("--out and --file go with --show N", "--diff", "3", "--file", "f");
        LOG_REFUSED("--show and --diff cannot be combined", "--show", "2", "--diff", "3");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(start_defaults), cmocka_unit_test(start_every_option),
                cmocka_unit_test(start_refused),  cmocka_unit_test(start_loop), cmocka_unit_test(test_command),
                cmocka_unit_test(submit_command), cmocka_unit_test(resume_command),
                cmocka_unit_test(status_command), cmocka_unit_test(log_command),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
