/* test_admin_args.c — the command lines of `gauntlet doctor`, `pool`,
 * `history` and `followups`: every option and its default, and the exact
 * line for each mistake (the messages users and scripts see); a refused
 * command line leaves the result untouched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "admin_args.h"
#include "pool.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])) - 1)

/* parse(argv) is refused with the line `want`, and *ret keeps `init`. */
#define REFUSED(parse, type, init, check, want, ...)                                                 \
        do {                                                                                         \
                char *argv_[] = {__VA_ARGS__, NULL};                                                 \
                struct type a_ = init;                                                               \
                char err_[512] = "";                                                                 \
                assert_int_equal(parse(ARGC(argv_), argv_, &a_, err_, sizeof err_), -1);             \
                assert_string_equal(err_, want);                                                     \
                check;                                                                               \
        } while (0)

#define DOCTOR_REFUSED(want, ...)                                                                    \
        REFUSED(gnt_doctor_args_parse, gnt_doctor_args, {.json = true}, assert_true(a_.json), want,         \
                "doctor", __VA_ARGS__)
#define POOL_REFUSED(want, ...)                                                                      \
        REFUSED(gnt_pool_args_parse, gnt_pool_args, {.socket = "untouched"},                         \
                assert_string_equal(a_.socket, "untouched"), want, "pool", __VA_ARGS__)
#define HISTORY_REFUSED(want, ...)                                                                   \
        REFUSED(gnt_history_args_parse, gnt_history_args, {.add = "untouched"},                      \
                assert_string_equal(a_.add, "untouched"), want, "history", __VA_ARGS__)
#define FOLLOWUPS_REFUSED(want, ...)                                                                 \
        REFUSED(gnt_followups_args_parse, gnt_followups_args, {.session = "untouched"},               \
                assert_string_equal(a_.session, "untouched"), want, "followups", __VA_ARGS__)

static void doctor_command(void **state)
{
        (void)state;
        struct gnt_doctor_args a = {.json = true};
        char err[256];
        char *plain[] = {"doctor", NULL};
        assert_int_equal(gnt_doctor_args_parse(ARGC(plain), plain, &a, err, sizeof err), 0);
        assert_false(a.json);
        char *json[] = {"doctor", "--json", NULL};
        assert_int_equal(gnt_doctor_args_parse(ARGC(json), json, &a, err, sizeof err), 0);
        assert_true(a.json);

        DOCTOR_REFUSED("unexpected argument 'x'", "x");
        DOCTOR_REFUSED("unexpected argument 'x'", "x", "--json"); /* options stop at the first operand */
        DOCTOR_REFUSED("unknown option '--bogus'", "--bogus");
        DOCTOR_REFUSED("unknown option '-j'", "-j");
        DOCTOR_REFUSED("unknown option '--json=1'", "--json=1");
}

static void pool_command(void **state)
{
        (void)state;
        struct gnt_pool_args a;
        char err[256];
        char *plain[] = {"pool", NULL};
        assert_int_equal(gnt_pool_args_parse(ARGC(plain), plain, &a, err, sizeof err), 0);
        assert_int_equal(a.size, 2);
        assert_null(a.socket);
        char *all[] = {"pool", "--size", "64", "--socket=/run/p.sock", NULL};
        assert_int_equal(gnt_pool_args_parse(ARGC(all), all, &a, err, sizeof err), 0);
        assert_int_equal(a.size, 64);
        assert_string_equal(a.socket, "/run/p.sock");
        char *one[] = {"pool", "--size=1", NULL};
        assert_int_equal(gnt_pool_args_parse(ARGC(one), one, &a, err, sizeof err), 0);
        assert_int_equal(a.size, 1);

        POOL_REFUSED("--size: expected a number from 1 to 64, got '0'", "--size", "0");
        POOL_REFUSED("--size: expected a number from 1 to 64, got '65'", "--size", "65");
        POOL_REFUSED("--size: expected a number from 1 to 64, got '-1'", "--size", "-1");
        POOL_REFUSED("--size: expected a number from 1 to 64, got '3x'", "--size", "3x");
        POOL_REFUSED("--size: expected a number from 1 to 64, got ''", "--size", "");
        POOL_REFUSED("--size: expected a number from 1 to 64, got '99999999999999999999999'", "--size",
                     "99999999999999999999999");
        POOL_REFUSED("unknown option '--size'", "--size"); /* a missing value, said as always */
        POOL_REFUSED("unknown option '--bogus'", "--bogus");
        POOL_REFUSED("unexpected argument 'x'", "x");
        POOL_REFUSED("unexpected argument 'x'", "x", "--size", "3");

        /* The socket's path fits sun_path, with its NUL. */
        char path[SBX_POOL_PATH_MAX + 1];
        memset(path, 'p', sizeof path - 1);
        path[SBX_POOL_PATH_MAX - 1] = '\0';
        char *fits[] = {"pool", "--socket", path, NULL};
        assert_int_equal(gnt_pool_args_parse(ARGC(fits), fits, &a, err, sizeof err), 0);
        assert_int_equal(strlen(a.socket), SBX_POOL_PATH_MAX - 1);
        path[SBX_POOL_PATH_MAX - 1] = 'p';
        path[SBX_POOL_PATH_MAX] = '\0';
        char want[256];
        snprintf(want, sizeof want, "--socket: a path under %d bytes, got '%s'", SBX_POOL_PATH_MAX, path);
        POOL_REFUSED(want, "--socket", path);
}

static void history_command(void **state)
{
        (void)state;
        struct gnt_history_args a;
        char err[256];
        char *plain[] = {"history", NULL};
        assert_int_equal(gnt_history_args_parse(ARGC(plain), plain, &a, err, sizeof err), 0);
        assert_false(a.json);
        assert_null(a.area);
        assert_null(a.add);
        char *all[] = {"history", "--json", "--area", "concurrency", "--add=sess", NULL};
        assert_int_equal(gnt_history_args_parse(ARGC(all), all, &a, err, sizeof err), 0);
        assert_true(a.json);
        assert_string_equal(a.area, "concurrency");
        assert_string_equal(a.add, "sess");

        HISTORY_REFUSED("--area: expected idiomatic, concurrency, low-level, networking, performance or "
                        "reliability, got 'cooking'",
                        "--area", "cooking");
        HISTORY_REFUSED("unexpected argument 'x'", "x");
        HISTORY_REFUSED("option '--area' needs a value", "--area");
        HISTORY_REFUSED("option '--add' needs a value", "--add");
        HISTORY_REFUSED("unknown option '-j'", "-j");
        HISTORY_REFUSED("unknown option '--bogus'", "--bogus");
}

static void followups_command(void **state)
{
        (void)state;
        struct gnt_followups_args a;
        char err[256];
        char *plain[] = {"followups", NULL};
        assert_int_equal(gnt_followups_args_parse(ARGC(plain), plain, &a, err, sizeof err), 0);
        assert_null(a.session);
        assert_false(a.answers);
        assert_true(a.evidence);
        assert_int_equal(a.only, 0);
        char *all[] = {"followups", "-S", "s", "-a", "--no-evidence", "1000", NULL};
        assert_int_equal(gnt_followups_args_parse(ARGC(all), all, &a, err, sizeof err), 0);
        assert_string_equal(a.session, "s");
        assert_true(a.answers);
        assert_false(a.evidence);
        assert_int_equal(a.only, 1000);
        char *lng[] = {"followups", "2", "--session=d", "--answers", NULL};
        assert_int_equal(gnt_followups_args_parse(ARGC(lng), lng, &a, err, sizeof err), 0);
        assert_string_equal(a.session, "d");
        assert_int_equal(a.only, 2);

        FOLLOWUPS_REFUSED("expected a question number, got '0'", "0");
        FOLLOWUPS_REFUSED("expected a question number, got '1001'", "1001");
        FOLLOWUPS_REFUSED("expected a question number, got '-1'", "--", "-1");
        FOLLOWUPS_REFUSED("expected a question number, got '2x'", "2x");
        FOLLOWUPS_REFUSED("expected a question number, got ''", "");
        FOLLOWUPS_REFUSED("unexpected argument '3'", "2", "3");
        FOLLOWUPS_REFUSED("option '--session' needs a value", "--session");
        FOLLOWUPS_REFUSED("unknown option '--no-evidence=1'", "--no-evidence=1");
        FOLLOWUPS_REFUSED("unknown option '--bogus'", "--bogus");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(doctor_command),
                cmocka_unit_test(pool_command),
                cmocka_unit_test(history_command),
                cmocka_unit_test(followups_command),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
