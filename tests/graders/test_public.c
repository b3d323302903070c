/* test_public.c — grd_run_public_tests(), what `gauntlet test` shows the
 * candidate: public tests only, per-test results, build errors as data.
 * Needs the sandbox and a C compiler; `graders_test_public go` runs the Go
 * cases alone and needs Go too (each skipped, exit 77, without). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grade.h"
#include "manifest.h"
#include "sandbox.h"
#include "sbx_file.h"
#include "toolchain.h"

static char cache[1024];

/* SKIP(why) counts a case that cannot run: main turns a run whose every
 * case skipped into exit 77. */
#include "../skip.h"

static void load(const char *name, struct grd_problem *p)
{
        char dir[PATH_MAX], err[GNT_ERR_MAX];
        snprintf(dir, sizeof dir, "%s/%s", GRD_FIXTURES, name);
        int r = gnt_manifest_load(dir, p, err, sizeof err);
        if (r < 0)
                fail_msg("cannot load '%s': %s", dir, err);
}

static void run(const struct grd_problem *p, const char *code_rel, struct grd_test_run *ret)
{
        char code[PATH_MAX];
        snprintf(code, sizeof code, "%s/%s", GRD_FIXTURES, code_rel);
        struct grd_options o = {.cache_dir = cache};
        assert_int_equal(grd_run_public_tests(p, code, &o, ret), 0);
}

static void c_public(void **state)
{
        struct grd_problem p;
        load("c-sum", &p);
        struct grd_test_run r;
        run(&p, "c-sum/reference", &r);
        assert_true(r.built);
        assert_string_equal(r.message, "");
        assert_int_equal(r.n_tests, 1); /* tests/public/small only, not data/ */
        assert_string_equal(r.tests[0].name, "small");
        assert_int_equal(r.tests[0].status, GRD_TEST_PASS);
        grd_test_run_release(&r);

        run(&p, "c-sum/mutants/wrong", &r);
        assert_true(r.built);
        assert_int_equal(r.n_fail, 1);
        assert_non_null(strstr(r.tests[0].output, "expected '15', got '10'"));
        grd_test_run_release(&r);
        grd_problem_release(&p);
}

static void go_public(void **state)
{
        struct grd_go go;
        if (grd_go_find(NULL, &go) < 0)
                SKIP("no Go toolchain found");
        struct grd_problem p;
        load("go-counter", &p);
        struct grd_test_run r;
        run(&p, "go-counter/reference", &r);
        assert_true(r.built);
        assert_int_equal(r.n_tests, 1); /* TestSumBasic: hidden tests stay hidden */
        assert_string_equal(r.tests[0].name, "TestSumBasic");
        assert_int_equal(r.n_pass, 1);
        grd_test_run_release(&r);

        /* a build error is a result with the compiler's words */
        char dir[PATH_MAX], cmd[3 * PATH_MAX];
        snprintf(dir, sizeof dir, "%s/public-XXXXXX", cache);
        assert_non_null(mkdtemp(dir));
        snprintf(cmd, sizeof cmd, "cp %s/go-counter/reference/go.mod %s/go-counter/mutants/builderr/counter.go %s/",
                 GRD_FIXTURES, GRD_FIXTURES, dir);
        assert_int_equal(system(cmd), 0);
        struct grd_options o = {.cache_dir = cache};
        assert_int_equal(grd_run_public_tests(&p, dir, &o, &r), 0);
        assert_false(r.built);
        assert_false(r.error); /* the code's failure, not the run's */
        assert_non_null(r.build_output);
        assert_non_null(strstr(r.build_output, "counter.go"));
        assert_int_equal(r.n_tests, 0);
        grd_test_run_release(&r);

        /* a symlink is refused, with the reason */
        snprintf(cmd, sizeof cmd, "rm -f %s/counter.go && ln -s /etc/passwd %s/counter.go", dir, dir);
        assert_int_equal(system(cmd), 0);
        assert_int_equal(grd_run_public_tests(&p, dir, &o, &r), 0);
        assert_false(r.built);
        assert_false(r.error);
        assert_non_null(strstr(r.message, "symbolic links are not accepted"));
        grd_test_run_release(&r);
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        assert_int_equal(system(cmd), 0);
        grd_problem_release(&p);
}

/* The file's last bytes are mark (a binary of the kept slot, marked by
 * the test: ELF ignores what follows its sections). */
static bool ends_with(const char *path, const char *mark)
{
        FILE *f = fopen(path, "rb");
        if (!f)
                return false;
        char buf[64] = "";
        size_t k = strlen(mark);
        bool ok = fseek(f, -(long)k, SEEK_END) == 0 && fread(buf, 1, k, f) == k && memcmp(buf, mark, k) == 0;
        fclose(f);
        return ok;
}

static void append(const char *path, const char *text, const char *mode)
{
        FILE *f = fopen(path, mode);
        assert_non_null(f);
        assert_int_equal(fputs(text, f) >= 0, 1);
        assert_int_equal(fclose(f), 0);
}

/* A public run keeps its test binary in the cache; a run of unchanged code
 * takes it without linking, and a run of other code never gets it: not
 * after a change, not from a slot holding another code's binary or garbage. */
static void go_public_kept_binary(void **state)
{
        struct grd_go go;
        if (grd_go_find(NULL, &go) < 0)
                SKIP("no Go toolchain found");
        struct grd_problem p;
        load("go-counter", &p);
        char slot[PATH_MAX], dir[PATH_MAX], cmd[3 * PATH_MAX];
        snprintf(slot, sizeof slot, "%s/public/go-counter@1.0.0.test", cache);
        unlink(slot);
        struct grd_test_run r;
        run(&p, "go-counter/reference", &r);
        assert_int_equal(r.n_pass, 1);
        grd_test_run_release(&r);
        struct stat st;
        assert_int_equal(stat(slot, &st), 0);

        /* unchanged code: the kept binary runs as it is (its mark stays) */
        append(slot, "gauntlet-kept", "ab");
        run(&p, "go-counter/reference", &r);
        assert_int_equal(r.n_pass, 1);
        grd_test_run_release(&r);
        assert_true(ends_with(slot, "gauntlet-kept"));

        /* changed code: linked again, its own results, kept in turn */
        snprintf(dir, sizeof dir, "%s/public-XXXXXX", cache);
        assert_non_null(mkdtemp(dir));
        snprintf(cmd, sizeof cmd, "sed 's/s := 0/s := 1/' %s/go-counter/reference/counter.go >%s/counter.go && "
                 "cp %s/go-counter/reference/go.mod %s/", GRD_FIXTURES, dir, GRD_FIXTURES, dir);
        assert_int_equal(system(cmd), 0);
        struct grd_options o = {.cache_dir = cache};
        assert_int_equal(grd_run_public_tests(&p, dir, &o, &r), 0);
        assert_true(r.built);
        assert_int_equal(r.n_fail, 1);
        assert_int_equal(r.n_pass, 0);
        grd_test_run_release(&r);
        assert_false(ends_with(slot, "gauntlet-kept"));

        /* the slot holds the wrong code's binary: the reference gets its own */
        run(&p, "go-counter/reference", &r);
        assert_int_equal(r.n_pass, 1);
        assert_int_equal(r.n_fail, 0);
        grd_test_run_release(&r);

        /* garbage in the slot, ELF or not, is linked over */
        static const char *const garbage[] = {"not a test binary", "\177ELF, but not a test binary"};
        for (size_t i = 0; i < 2; i++) {
                append(slot, garbage[i], "wb");
                run(&p, "go-counter/reference", &r);
                assert_true(r.built);
                assert_int_equal(r.n_pass, 1);
                grd_test_run_release(&r);
                assert_false(ends_with(slot, garbage[i]));
        }
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        assert_int_equal(system(cmd), 0);
        grd_problem_release(&p);
}

/* A code folder: the reference of go-counter and one test file of the
 * candidate's own (name, text); dir is filled and must be removed. */
static void own_code(char *dir, size_t size, const char *name, const char *text)
{
        char cmd[3 * PATH_MAX], path[PATH_MAX];
        snprintf(dir, size, "%s/own-XXXXXX", cache);
        assert_non_null(mkdtemp(dir));
        snprintf(cmd, sizeof cmd, "cp %s/go-counter/reference/go.mod %s/go-counter/reference/counter.go %s/",
                 GRD_FIXTURES, GRD_FIXTURES, dir);
        assert_int_equal(system(cmd), 0);
        snprintf(path, sizeof path, "%s/%s", dir, name);
        append(path, text, "w");
}

static void rm_rf(const char *dir)
{
        char cmd[PATH_MAX + 16];
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        assert_int_equal(system(cmd), 0);
}

static void run_own(const struct grd_problem *p, const char *dir, bool race, struct grd_test_run *r)
{
        struct grd_options o = {.cache_dir = cache, .own_tests = true, .race = race};
        assert_int_equal(grd_run_public_tests(p, dir, &o, r), 0);
        assert_false(r->error);
}

/* The candidate's own tests run beside the public ones, reported apart:
 * never in the public counts. */
static void go_own_tests(void **state)
{
        struct grd_go go;
        if (grd_go_find(NULL, &go) < 0)
                SKIP("no Go toolchain found");
        struct grd_problem p;
        load("go-counter", &p);
        char dir[PATH_MAX];
        struct grd_test_run r;

        /* a passing one and a failing one */
        own_code(dir, sizeof dir, "mine_test.go",
                 "package counter\n\nimport \"testing\"\n\n"
                 "func TestMineEmpty(t *testing.T) {\n\tif Sum(nil) != 0 {\n\t\tt.Fatal(\"empty\")\n\t}\n}\n\n"
                 "func TestMineWrong(t *testing.T) {\n\tif Sum([]int{2}) != 3 {\n\t\tt.Fatal(\"mine says 3\")\n\t}\n}\n");
        run_own(&p, dir, false, &r);
        assert_true(r.built);
        assert_string_equal(r.own_note, "");
        assert_int_equal(r.n_tests, 1);
        assert_string_equal(r.tests[0].name, "TestSumBasic");
        assert_int_equal(r.n_pass, 1);
        assert_int_equal(r.n_fail, 0); /* their failure is not the public summary's */
        assert_int_equal(r.n_own, 2);
        assert_string_equal(r.own_tests[0].name, "TestMineEmpty");
        assert_int_equal(r.own_tests[0].status, GRD_TEST_PASS);
        assert_string_equal(r.own_tests[1].name, "TestMineWrong");
        assert_int_equal(r.own_tests[1].status, GRD_TEST_FAIL);
        assert_non_null(strstr(r.own_tests[1].output, "mine says 3"));
        grd_test_run_release(&r);

        /* only their test changed: the kept binary (keyed by the build ID,
         * which covers their files) is not taken for current */
        char path[PATH_MAX + 16];
        snprintf(path, sizeof path, "%s/mine_test.go", dir);
        append(path, "package counter\n\nimport \"testing\"\n\n"
                     "func TestMineWrong(t *testing.T) {\n\tif Sum([]int{2}) != 2 {\n\t\tt.Fatal(\"two\")\n\t}\n}\n",
               "w");
        run_own(&p, dir, false, &r);
        assert_int_equal(r.n_own, 1);
        assert_string_equal(r.own_tests[0].name, "TestMineWrong");
        assert_int_equal(r.own_tests[0].status, GRD_TEST_PASS);
        grd_test_run_release(&r);

        /* without own_tests (the option off), they are not run */
        struct grd_options o = {.cache_dir = cache};
        assert_int_equal(grd_run_public_tests(&p, dir, &o, &r), 0);
        assert_int_equal(r.n_own, 0);
        assert_int_equal(r.n_tests, 1);
        grd_test_run_release(&r);
        rm_rf(dir);
        grd_problem_release(&p);
}

/* Their tests not building, or clashing with the public tests' names,
 * never hide the public results: a note says why they did not run. */
static void go_own_tests_broken(void **state)
{
        struct grd_go go;
        if (grd_go_find(NULL, &go) < 0)
                SKIP("no Go toolchain found");
        struct grd_problem p;
        load("go-counter", &p);
        char dir[PATH_MAX];
        struct grd_test_run r;

        own_code(dir, sizeof dir, "mine_test.go",
                 "package counter\n\nimport \"testing\"\n\nfunc TestMine(t *testing.T) {\n\tundefinedThing()\n}\n");
        run_own(&p, dir, false, &r);
        assert_true(r.built);
        assert_int_equal(r.n_pass, 1);
        assert_int_equal(r.n_own, 0);
        assert_non_null(strstr(r.own_note, "do not build"));
        assert_non_null(r.own_output);
        assert_non_null(strstr(r.own_output, "mine_test.go"));
        assert_non_null(strstr(r.own_output, "undefinedThing"));
        grd_test_run_release(&r);
        rm_rf(dir);

        /* a declaration both make: named */
        own_code(dir, sizeof dir, "mine_test.go",
                 "package counter\n\nimport \"testing\"\n\nfunc TestSumBasic(t *testing.T) {}\n");
        run_own(&p, dir, false, &r);
        assert_true(r.built);
        assert_int_equal(r.n_pass, 1);
        assert_int_equal(r.n_own, 0);
        assert_non_null(strstr(r.own_note, "'TestSumBasic'"));
        assert_non_null(strstr(r.own_note, "rename yours"));
        grd_test_run_release(&r);
        rm_rf(dir);

        /* a name the solution declares too: the build says where */
        own_code(dir, sizeof dir, "mine_test.go",
                 "package counter\n\nimport \"testing\"\n\nfunc Sum(xs []int) int { return 0 }\n\n"
                 "func TestMine(t *testing.T) {}\n");
        run_own(&p, dir, false, &r);
        assert_true(r.built);
        assert_int_equal(r.n_pass, 1);
        assert_int_equal(r.n_own, 0);
        if (!strstr(r.own_note, "your tests declare 'Sum', which counter.go declares too: rename yours"))
                fail_msg("note: %s", r.own_note);
        grd_test_run_release(&r);
        rm_rf(dir);

        /* a helper both declare (here gauntlet's harness's TestMain): the
         * build names it */
        own_code(dir, sizeof dir, "main_test.go",
                 "package counter\n\nimport \"testing\"\n\nfunc TestMain(m *testing.M) { m.Run() }\n\n"
                 "func TestMine(t *testing.T) {}\n");
        run_own(&p, dir, false, &r);
        assert_true(r.built);
        assert_int_equal(r.n_pass, 1);
        assert_int_equal(r.n_own, 0);
        if (!strstr(r.own_note, "'TestMain'"))
                fail_msg("note: %s", r.own_note);
        assert_non_null(r.own_output);
        assert_non_null(strstr(r.own_output, "TestMain"));
        grd_test_run_release(&r);
        rm_rf(dir);

        /* an edited copy of a public test file (the workspace holds the
         * public tests): the problem's runs, and the note says so */
        own_code(dir, sizeof dir, "public_test.go",
                 "package counter\n\nimport \"testing\"\n\nfunc TestSumBasic(t *testing.T) {}\n");
        run_own(&p, dir, false, &r);
        assert_int_equal(r.n_tests, 1);
        assert_int_equal(r.n_pass, 1);
        assert_int_equal(r.n_own, 0);
        assert_non_null(strstr(r.own_note, "'public_test.go' is a public test file: the problem's ran"));
        grd_test_run_release(&r);
        rm_rf(dir);

        /* the unedited copy: nothing to say */
        char *pub = NULL;
        char pubp[PATH_MAX];
        snprintf(pubp, sizeof pubp, "%s/go-counter/tests/public/public_test.go", GRD_FIXTURES);
        assert_int_equal(sbx_file_read(pubp, 1 << 20, 0, &pub, NULL), 0);
        own_code(dir, sizeof dir, "public_test.go", pub);
        free(pub);
        run_own(&p, dir, false, &r);
        assert_int_equal(r.n_pass, 1);
        assert_int_equal(r.n_own, 0);
        assert_string_equal(r.own_note, "");
        grd_test_run_release(&r);
        rm_rf(dir);
        grd_problem_release(&p);
}

/* -race: a public test that races reports it (the plain run passes). */
static void go_public_race(void **state)
{
        struct grd_go go;
        if (grd_go_find(NULL, &go) < 0)
                SKIP("no Go toolchain found");
        char pdir[PATH_MAX], cmd[4 * PATH_MAX], path[PATH_MAX + 64], err[GNT_ERR_MAX];
        snprintf(pdir, sizeof pdir, "%s/race-XXXXXX", cache);
        assert_non_null(mkdtemp(pdir));
        snprintf(cmd, sizeof cmd, "cp -r %s/go-counter/. %s/", GRD_FIXTURES, pdir);
        assert_int_equal(system(cmd), 0);
        snprintf(path, sizeof path, "%s/tests/public/counter_test.go", pdir);
        append(path,
               "package counter\n\nimport (\n\t\"sync\"\n\t\"testing\"\n)\n\n"
               "func TestCounterTogether(t *testing.T) {\n\tvar c Counter\n\tvar wg sync.WaitGroup\n"
               "\tfor i := 0; i < 4; i++ {\n\t\twg.Add(1)\n\t\tgo func() {\n\t\t\tdefer wg.Done()\n"
               "\t\t\tfor k := 0; k < 200; k++ {\n\t\t\t\tc.Inc()\n\t\t\t\t_ = c.Value()\n\t\t\t}\n\t\t}()\n\t}\n"
               "\twg.Wait()\n\tif c.Value() != 800 {\n\t\tt.Fatalf(\"%d\", c.Value())\n\t}\n}\n",
               "w");
        struct grd_problem p;
        memset(&p, 0, sizeof p);
        if (gnt_manifest_load(pdir, &p, err, sizeof err) < 0)
                fail_msg("cannot load '%s': %s", pdir, err);
        char code[PATH_MAX + 32];
        snprintf(code, sizeof code, "%s/mutants/racy", pdir);
        snprintf(cmd, sizeof cmd, "cp %s/reference/go.mod %s/", pdir, code);
        assert_int_equal(system(cmd), 0);
        struct grd_test_run r;
        run_own(&p, code, true, &r);
        assert_true(r.built);
        assert_true(r.race);
        assert_true(r.races > 0);
        assert_non_null(r.race_text);
        assert_non_null(strstr(r.race_text, "DATA RACE"));
        assert_non_null(strstr(r.race_text, "counter.go"));
        grd_test_run_release(&r);

        /* the reference: no race */
        snprintf(code, sizeof code, "%s/reference", pdir);
        run_own(&p, code, true, &r);
        assert_true(r.built);
        assert_int_equal(r.races, 0);
        assert_null(r.race_text);
        assert_int_equal(r.n_fail, 0);
        assert_int_equal(r.n_pass, 2);
        grd_test_run_release(&r);
        grd_problem_release(&p);
        rm_rf(pdir);
}

/* Go I/O problems: the public NAME.in/.ans cases, compared like the
 * hidden ones */
static void go_io_public(void **state)
{
        struct grd_go go;
        if (grd_go_find(NULL, &go) < 0)
                SKIP("no Go toolchain found");
        struct grd_problem p;
        load("go-io-stats", &p);
        struct grd_test_run r;
        run(&p, "go-io-stats/reference", &r);
        assert_true(r.built);
        assert_string_equal(r.message, "");
        assert_int_equal(r.n_tests, 1); /* tests/public/small only, not data/ */
        assert_string_equal(r.tests[0].name, "small");
        assert_int_equal(r.n_pass, 1);
        grd_test_run_release(&r);

        run(&p, "go-io-stats/mutants/library", &r);
        assert_false(r.built);
        assert_non_null(strstr(r.build_output, "must be package main"));
        assert_int_equal(r.n_tests, 0);
        grd_test_run_release(&r);
        grd_problem_release(&p);
}

int main(int argc, char **argv)
{
        /* the sandbox must work here, else there is nothing to test */
        struct sbx_jail *j = sbx_jail_new();
        struct sbx_result res;
        const char *true_argv[] = {"/bin/true", NULL};
        if (!j || sbx_jail_run(j, true_argv, &res) < 0 || res.status != SBX_STATUS_OK) {
                printf("skip: the sandbox cannot run programs here (%s)\n", j ? res.message : "no memory");
                sbx_jail_free(j);
                return 77;
        }
        sbx_jail_free(j);
        const char *x = getenv("XDG_CACHE_HOME");
        snprintf(cache, sizeof cache, "%s/gauntlet", x && *x ? x : "/tmp");
        mkdir(x ? x : "/tmp", 0700);
        mkdir(cache, 0700);
        if (argc > 1 && strcmp(argv[1], "go") == 0) {
                const struct CMUnitTest go[] = {
                        cmocka_unit_test(go_public),
                        cmocka_unit_test(go_public_kept_binary),
                        cmocka_unit_test(go_own_tests),
                        cmocka_unit_test(go_own_tests_broken),
                        cmocka_unit_test(go_public_race),
                        cmocka_unit_test(go_io_public),
                };
                int failed = cmocka_run_group_tests_name("go", go, NULL, NULL);
                return SKIP_EXIT(failed, sizeof go / sizeof go[0]);
        }
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(c_public),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
