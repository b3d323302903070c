/* test_run_args.c — the command line of `gauntlet run`: defaults, every
 * option, and one clear line for each kind of mistake. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "run_args.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])) - 1)

static int parse(char **argv, int argc, struct gnt_run_args *a, char *err)
{
        return gnt_run_args_parse(argc, argv, a, err, 256);
}

static void test_defaults(void **state)
{
        (void)state;
        char *argv[] = {"run", "--", "/bin/true", NULL};
        struct gnt_run_args a;
        char err[256];
        assert_int_equal(parse(argv, ARGC(argv), &a, err), 0);
        assert_true(a.cpu == GNT_RUN_DEFAULT_CPU);
        assert_true(a.wall == GNT_RUN_DEFAULT_CPU * GNT_RUN_DEFAULT_WALL_FACTOR);
        assert_int_equal(a.mem, GNT_RUN_DEFAULT_MEM);
        assert_int_equal(a.procs, GNT_RUN_DEFAULT_PROCS);
        assert_int_equal(a.disk_mib, GNT_RUN_DEFAULT_DISK_MIB);
        assert_int_equal(a.disk_files, GNT_RUN_DEFAULT_DISK_FILES);
        assert_int_equal(a.policy, SBX_POLICY_STRICT);
        assert_int_equal(a.net, SBX_NET_NONE);
        assert_string_equal(a.argv[0], "/bin/true");
        assert_null(a.argv[1]);
        gnt_run_args_release(&a);
}

static void test_all_options(void **state)
{
        (void)state;
        char d1[] = "/usr/local/go", d2[] = "/data:rw";
        char *argv[] = {"run", "--cpu", "1.5", "--wall=4", "--mem", "512", "--procs", "8",
                        "--fsize", "2", "--disk", "300:5000", "--output", "3", "--nofile", "100", "--cpu-affinity", "1",
                        "--policy", "build", "--net", "loopback", "--dir", d1, "--dir", d2,
                        "--workdir", "/w", "--stdin", "in", "--stdout", "out", "--stderr", "err",
                        "--env", "A=1", "--env", "B=", "--result", "r.json", "--", "prog", "-x", NULL};
        struct gnt_run_args a;
        char err[256];
        assert_int_equal(parse(argv, ARGC(argv), &a, err), 0);
        assert_true(a.cpu == 1.5 && a.wall == 4);
        assert_int_equal(a.mem, 512);
        assert_int_equal(a.procs, 8);
        assert_int_equal(a.fsize, 2);
        assert_int_equal(a.disk_mib, 300);
        assert_int_equal(a.disk_files, 5000);
        assert_int_equal(a.output, 3);
        assert_int_equal(a.nofile, 100);
        assert_int_equal(a.cpu_affinity, 1);
        assert_int_equal(a.policy, SBX_POLICY_BUILD);
        assert_int_equal(a.net, SBX_NET_LOOPBACK);
        assert_int_equal(a.ndirs, 2);
        assert_string_equal(a.dirs[0].path, "/usr/local/go");
        assert_false(a.dirs[0].rw);
        assert_string_equal(a.dirs[1].path, "/data");
        assert_true(a.dirs[1].rw);
        assert_string_equal(a.workdir, "/w");
        assert_string_equal(a.stdout_path, "out");
        assert_int_equal(a.nenv, 2);
        assert_string_equal(a.env[1], "B=");
        assert_string_equal(a.result, "r.json");
        assert_string_equal(a.argv[0], "prog");
        assert_string_equal(a.argv[1], "-x");
        /* The options reach a jail. */
        struct sbx_jail *j = sbx_jail_new();
        assert_int_equal(gnt_run_args_apply(&a, j, err, sizeof err), 0);
        sbx_jail_free(j);
        gnt_run_args_release(&a);
}

static void expect_error(char **argv, int argc, const char *needle)
{
        struct gnt_run_args a;
        char err[256] = "";
        assert_int_equal(parse(argv, argc, &a, err), -1);
        if (!strstr(err, needle))
                fail_msg("error '%s' does not mention '%s'", err, needle);
        assert_null(strchr(err, '\n'));
}

static void test_errors(void **state)
{
        (void)state;
        char *no_dashes[] = {"run", "/bin/true", NULL};
        expect_error(no_dashes, ARGC(no_dashes), "missing '--' before the program '/bin/true'");
        char *no_prog[] = {"run", "--cpu", "1", "--", NULL};
        expect_error(no_prog, ARGC(no_prog), "no program given");
        char *bad_cpu[] = {"run", "--cpu", "1s", "--", "x", NULL};
        expect_error(bad_cpu, ARGC(bad_cpu), "option '--cpu': '1s' is not a number of seconds");
        char *neg[] = {"run", "--wall", "-3", "--", "x", NULL};
        expect_error(neg, ARGC(neg), "'-3' is not a number of seconds");
        char *nan[] = {"run", "--cpu", "nan", "--", "x", NULL};
        expect_error(nan, ARGC(nan), "'nan'");
        char *bad_mem[] = {"run", "--mem", "-1", "--", "x", NULL};
        expect_error(bad_mem, ARGC(bad_mem), "option '--mem': '-1' is not a whole number");
        char *disk[] = {"run", "--disk", "64:", "--", "x", NULL};
        expect_error(disk, ARGC(disk), "option '--disk': '' is not a whole number");
        char *disk_mib[] = {"run", "--disk", "1G", "--", "x", NULL};
        expect_error(disk_mib, ARGC(disk_mib), "option '--disk': '1G' is not a whole number");
        char *disk_files[] = {"run", "--disk", "64:9999999999", "--", "x", NULL};
        expect_error(disk_files, ARGC(disk_files), "option '--disk': '9999999999' is too large");
        char *huge[] = {"run", "--procs", "99999999999", "--", "x", NULL};
        expect_error(huge, ARGC(huge), "too large");
        char *pol[] = {"run", "--policy", "loose", "--", "x", NULL};
        expect_error(pol, ARGC(pol), "unknown policy 'loose'");
        char *net[] = {"run", "--net", "host", "--", "x", NULL};
        expect_error(net, ARGC(net), "unknown mode 'host'");
        char *unk[] = {"run", "--frobnicate", "--", "x", NULL};
        expect_error(unk, ARGC(unk), "unknown option '--frobnicate'");
        char *miss[] = {"run", "--cpu", NULL};
        expect_error(miss, ARGC(miss), "needs a value");
        char *env[] = {"run", "--env", "NOVALUE", "--", "x", NULL};
        expect_error(env, ARGC(env), "'NOVALUE' is not NAME=VALUE");
        char *rel[] = {"run", "--dir", "relative/path", "--", "x", NULL};
        expect_error(rel, ARGC(rel), "'relative/path' is not an absolute path");
        char *wd[] = {"run", "--workdir", "w", "--", "x", NULL};
        expect_error(wd, ARGC(wd), "'w' is not an absolute path");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_defaults),
                cmocka_unit_test(test_all_options),
                cmocka_unit_test(test_errors),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
