/* test_manifest.c — problem.json and assessment.json: a valid manifest
 * reads into the model; every kind of mistake gives one line naming the
 * file, the field and what was expected. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "bundle/bundle.h"
#include "manifest.h"
#include "scratch.h"
#include "sbx_file.h"

static const char *corpus;
static char base[8192];
static size_t base_len;

static char *slurp(const char *path, size_t *len)
{
        FILE *f = fopen(path, "rb");
        if (!f)
                return NULL;
        char *buf = malloc(1 << 20);
        *len = fread(buf, 1, (1 << 20) - 1, f);
        buf[*len] = '\0';
        fclose(f);
        return buf;
}

static void test_valid(void **state)
{
        (void)state;
        struct grd_problem p = {0};
        char err[GNT_ERR_MAX] = "";
        int r = gnt_manifest_parse(base, base_len, "problem.json", &p, err, sizeof err);
        if (r != 0)
                fail_msg("%s", err);
        assert_string_equal(p.id, "worker-pool");
        assert_int_equal(p.lang, GRD_LANG_GO);
        assert_int_equal(p.minutes, 45);
        assert_int_equal(p.n_areas, 1);
        assert_string_equal(p.hidden_tests, "tests/hidden");
        assert_int_equal(p.n_groups, 2);
        assert_string_equal(p.groups[1].pattern, "^TestCancel");
        assert_true(p.enabled[GRD_BENCH] && p.enabled[GRD_VET]);
        assert_true(p.weight[GRD_RACE] == 20);
        assert_int_equal(p.n_race_gomaxprocs, 3);
        assert_int_equal(p.race_count, 2);
        assert_string_equal(p.benchmarks[0], "BenchmarkPool");
        assert_true(p.bench_target_ratio == 1.5 && p.bench_fail_ratio == 4.0);
        assert_int_equal(p.bench_max_allocs, 10);
        assert_int_equal(p.bench_max_bytes, 2048);
        assert_int_equal(p.run_limits.mem_mib, 512);
        assert_false(p.run_limits.net_loopback);
        assert_false(p.is_public);

        /* The candidate's manifest: parses as public, holds no secret. */
        char *pub = gnt_manifest_public_json(&p);
        assert_non_null(pub);
        assert_null(strstr(pub, "hidden"));
        assert_null(strstr(pub, "BenchmarkPool"));
        assert_null(strstr(pub, "reference"));
        assert_null(strstr(pub, "TestCancel"));
        struct grd_problem q = {0};
        r = gnt_manifest_parse(pub, strlen(pub), "problem.json", &q, err, sizeof err);
        if (r != 0)
                fail_msg("public manifest: %s", err);
        assert_true(q.is_public);
        assert_null(q.hidden_tests);
        assert_true(q.enabled[GRD_BENCH]);
        assert_int_equal(q.n_benchmarks, 0);
        free(pub);
        grd_problem_release(&q);
        grd_problem_release(&p);
}

/* Each case edits the valid manifest (first occurrence of `from` becomes
 * `to`) and expects exactly this error. */
static const struct {
        const char *from, *to, *want;
} cases[] = {
        {"\"target_ratio\": 1.5", "\"target_ratio\": \"fast\"",
         "problem.json: graders.bench.target_ratio: expected a number > 1, got \"fast\""},
        {"\"minutes\": 45", "\"minutes\": 45, \"colour\": 1", "problem.json: colour: unknown field \"colour\""},
        {"\"vet\": {\"weight\": 10}", "\"vet\": {\"weight\": 10, \"strict\": true}",
         "problem.json: graders.vet.strict: unknown field \"strict\""},
        {"\"minutes\": 45", "\"minutes\": 45, \"minutes\": 50", "problem.json: minutes: duplicate key \"minutes\""},
        {"\"weight\": 20, \"gomaxprocs\"", "\"weight\": 20, \"weight\": 30, \"gomaxprocs\"",
         "problem.json: graders.race.weight: duplicate key \"weight\""},
        {"\"weight\": 50,", "\"weight\": 40,", "problem.json: graders: expected weights summing to 100, got 90"},
        {"\"worker-pool\"", "\"Worker_Pool\"", "problem.json: id: expected lowercase letters, digits and '-' "
                                                "(^[a-z0-9][a-z0-9-]{0,63}$), got \"Worker_Pool\""},
        {"\"statement.md\"", "\"../statement.md\"", "problem.json: statement: expected a relative path inside "
                                                    "the problem folder (no \"..\", \".\", empty parts or spaces), "
                                                    "got \"../statement.md\""},
        {"\"reference\": \"reference\"", "\"reference\": \"/etc\"", "problem.json: reference: expected a relative path"},
        {"\"concurrency\"", "\"cooking\"", "problem.json: areas[0]: expected one of \"idiomatic\", \"concurrency\", "
                                           "\"low-level\", \"networking\", \"performance\" or \"reliability\", got "
                                           "\"cooking\""},
        {"\"medium\"", "\"extreme\"", "problem.json: difficulty: expected one of \"easy\", \"medium\" or \"hard\", got "
                                      "\"extreme\""},
        {"\"go\",", "\"rust\",", "problem.json: language: expected one of \"go\" or \"c\", got \"rust\""},
        {"\"minutes\": 45", "\"minutes\": 0", "problem.json: minutes: expected an integer >= 1 and <= 1440, got 0"},
        {"\"minutes\": 45", "\"minutes\": 4.5", "problem.json: minutes: expected an integer >= 1 and <= 1440, got 4.5"},
        {"\"format\": 1", "\"format\": 2", "problem.json: format: expected an integer >= 1 and <= 1, got 2"},
        {"\"title\": \"Bounded worker pool\",", "", "problem.json: title: missing (expected a string)"},
        {"^TestCancel", "^Test(Cancel", "problem.json: tests.groups[1].pattern: expected a POSIX extended regular "
                                        "expression"},
        {"\"basics\"", "\"cancellation\"", "problem.json: tests.groups[1]: group name \"cancellation\" is used twice"},
        {"\"net\": \"none\"", "\"net\": \"internet\"", "problem.json: limits.run.net: expected one of \"none\" or "
                                                       "\"loopback\", got \"internet\""},
        {"\"fail_ratio\": 4.0", "\"fail_ratio\": 1.2", "problem.json: graders.bench.fail_ratio: expected a number > "
                                                      "target_ratio (1.5), got 1.2"},
        {"\"BenchmarkPool\"", "\"PoolBench\"", "problem.json: graders.bench.benchmarks[0]: expected a Go benchmark name"},
        {"\"100ms\"", "\"fast\"", "problem.json: graders.bench.benchtime: expected a go -benchtime value"},
        {"[1, 2, 4]", "[1, 0]", "problem.json: graders.race.gomaxprocs[1]: expected an integer >= 1 and <= 256, got 0"},
        {"\"bench\": \"tests/bench\",", "", "problem.json: tests.bench: missing (the bench grader needs a folder of "
                                            "benchmarks)"},
        {"\"starter\": \"starter\",", "\"starter\": \"starter\", \"io\": {\"comparator\": \"exact\"},",
         "problem.json: tests.bench: not used by I/O problems (there is no bench grader for them)"},
        {"\"minutes\": 45", "\"minutes\": 45, \"public\": true", "problem.json: tests.hidden: not allowed in a public "
                                                                  "manifest (\"public\": true)"},
        {"\"toolchain\": {\"go\": \"1.25\"}", "\"toolchain\": {\"go\": \"latest\"}",
         "problem.json: toolchain.go: expected a Go version such as \"1.25\", got \"latest\""},
        {"\"title\": \"Bounded worker pool\"", "\"title\": \"a\\u0000b\"", "problem.json: contains an escaped NUL"},
        {"\"title\": \"Bounded worker pool\"", "\"title\": \"\"", "problem.json: title: expected a string of 1 to 200 "
                                                                  "bytes, got \"\""},
        {"\"weight\": 10}\n  },", "\"weight\": 10}\n  }},", "problem.json: trailing data after the JSON value"},
        {"\"format\": 1,", "\"format\": 1", "problem.json: not valid JSON at line 3, column 3"},
        {"\"mem_mib\": 512", "\"mem_mib\": 1e400", "problem.json: limits.run.mem_mib: expected an integer >= 16"},
        {"\"minutes\": 45", "\"minutes\": 45, \"public_race\": \"yes\"",
         "problem.json: public_race: expected true or false, got \"yes\""},
};

/* "public_race": off unless said, and kept in the candidate's copy. */
static void test_public_race(void **state)
{
        (void)state;
        char text[16384], err[GNT_ERR_MAX] = "";
        struct grd_problem p = {0};
        assert_int_equal(gnt_manifest_parse(base, base_len, "problem.json", &p, err, sizeof err), 0);
        assert_false(p.public_race);
        char *pub = gnt_manifest_public_json(&p);
        assert_non_null(pub);
        assert_null(strstr(pub, "public_race"));
        free(pub);
        grd_problem_release(&p);
        const char *at = strstr(base, "\"minutes\": 45");
        assert_non_null(at);
        snprintf(text, sizeof text, "%.*s\"public_race\": true, %s", (int)(at - base), base, at);
        if (gnt_manifest_parse(text, strlen(text), "problem.json", &p, err, sizeof err) != 0)
                fail_msg("%s", err);
        assert_true(p.public_race);
        pub = gnt_manifest_public_json(&p);
        assert_non_null(pub);
        struct grd_problem q = {0};
        if (gnt_manifest_parse(pub, strlen(pub), "problem.json", &q, err, sizeof err) != 0)
                fail_msg("public manifest: %s", err);
        assert_true(q.is_public && q.public_race);
        free(pub);
        grd_problem_release(&q);
        grd_problem_release(&p);
}

static void test_errors(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                char text[16384], err[GNT_ERR_MAX] = "";
                const char *at = strstr(base, cases[i].from);
                if (!at)
                        fail_msg("case %zu: '%s' not in the base manifest", i, cases[i].from);
                snprintf(text, sizeof text, "%.*s%s%s", (int)(at - base), base, cases[i].to,
                         at + strlen(cases[i].from));
                struct grd_problem p = {0};
                int r = gnt_manifest_parse(text, strlen(text), "problem.json", &p, err, sizeof err);
                if (r != -EINVAL || strncmp(err, cases[i].want, strlen(cases[i].want)) != 0)
                        fail_msg("case %zu: expected -EINVAL '%s', got %d '%s'", i, cases[i].want, r, err);
                assert_null(p.id); /* untouched on failure */
        }
}

/* A Go problem with "io" is an I/O problem: a program, not a package;
 * the graders that need Go tests are refused with the field named. */
static void test_go_io(void **state)
{
        (void)state;
        char path[PATH_MAX], err[GNT_ERR_MAX] = "";
        size_t len;
        snprintf(path, sizeof path, "%s/ok-go-io.json", corpus);
        char *io = slurp(path, &len);
        assert_non_null(io);
        struct grd_problem p = {0};
        if (gnt_manifest_parse(io, len, "problem.json", &p, err, sizeof err) != 0)
                fail_msg("%s", err);
        assert_int_equal(p.lang, GRD_LANG_GO);
        assert_true(p.has_io);
        assert_string_equal(p.data_dir, "data");
        assert_int_equal(p.io.comparator, GRD_CMP_EXACT);
        assert_null(p.hidden_tests);
        assert_true(p.enabled[GRD_RACE] && !p.enabled[GRD_LEAK] && !p.enabled[GRD_BENCH]);
        assert_int_equal(p.n_race_gomaxprocs, 2);

        /* the candidate's copy keeps the comparator, not the data */
        char *pub = gnt_manifest_public_json(&p);
        assert_non_null(pub);
        assert_null(strstr(pub, "\"data\""));
        assert_null(strstr(pub, "^large"));
        struct grd_problem q = {0};
        if (gnt_manifest_parse(pub, strlen(pub), "problem.json", &q, err, sizeof err) != 0)
                fail_msg("public manifest: %s", err);
        assert_true(q.has_io && q.is_public);
        assert_int_equal(q.io.comparator, GRD_CMP_EXACT);
        free(pub);
        grd_problem_release(&q);
        grd_problem_release(&p);

        /* a Go problem without "io" stays a package tested by Go tests */
        snprintf(path, sizeof path, "%s/ok-go.json", corpus);
        char *plain = slurp(path, &len);
        assert_int_equal(gnt_manifest_parse(plain, len, "problem.json", &p, err, sizeof err), 0);
        assert_false(p.has_io);
        grd_problem_release(&p);
        free(plain);

        static const struct {
                const char *from, *to, *want;
        } bad[] = {
                {"\"vet\": {\"weight\": 10}", "\"vet\": {\"weight\": 5}, \"leak\": {\"weight\": 5}",
                 "problem.json: graders.leak: not available for I/O problems (each case is a process that has "
                 "exited; use correctness, race and vet)"},
                {"\"vet\": {\"weight\": 10}",
                 "\"vet\": {\"weight\": 5}, \"bench\": {\"weight\": 5, \"benchmarks\": [\"BenchmarkX\"], "
                 "\"target_ratio\": 1.5, \"fail_ratio\": 3}",
                 "problem.json: graders.bench: not available for I/O problems (it compares Go benchmarks; use "
                 "correctness, race and vet)"},
                {"\"public\": \"tests/public\",", "\"public\": \"tests/public\", \"bench\": \"tests/bench\",",
                 "problem.json: tests.bench: not used by I/O problems (there is no bench grader for them)"},
                {"\"comparator\": \"exact\"}", "\"comparator\": \"checker\", \"checker\": \"check.py\"}",
                 "problem.json: io.checker: expected a C (.c) or Go (.go) source file, got \"check.py\""},
                {"\"data\": \"data\", ", "", "problem.json: io.data: missing"},
                {"\"minutes\": 45,", "\"minutes\": 45, \"public_race\": true,",
                 "problem.json: public_race: only Go problems tested by Go tests have a -race build"},
                {"\"comparator\": \"exact\"", "\"comparator\": \"diff\"",
                 "problem.json: io.comparator: expected one of \"exact\", \"whitespace\", \"float\" or \"checker\", "
                 "got \"diff\""},
        };
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
                char text[16384];
                const char *at = strstr(io, bad[i].from);
                if (!at)
                        fail_msg("case %zu: '%s' not in ok-go-io.json", i, bad[i].from);
                snprintf(text, sizeof text, "%.*s%s%s", (int)(at - io), io, bad[i].to, at + strlen(bad[i].from));
                int r = gnt_manifest_parse(text, strlen(text), "problem.json", &p, err, sizeof err);
                if (r != -EINVAL || strncmp(err, bad[i].want, strlen(bad[i].want)) != 0)
                        fail_msg("case %zu: expected -EINVAL '%s', got %d '%s'", i, bad[i].want, r, err);
                assert_null(p.id);
        }
        free(io);
}

static void test_raw(void **state)
{
        (void)state;
        char err[GNT_ERR_MAX];
        struct grd_problem p = {0};
        assert_int_equal(gnt_manifest_parse("", 0, "problem.json", &p, err, sizeof err), -EINVAL);
        assert_string_equal(err, "problem.json: not valid JSON: unexpected end of file");
        assert_int_equal(gnt_manifest_parse("{\"a\":1}\0x", 9, "problem.json", &p, err, sizeof err), -EINVAL);
        assert_string_equal(err, "problem.json: contains a NUL byte at offset 7");
        size_t big = GNT_MANIFEST_MAX_BYTES + 1;
        char *huge = malloc(big);
        memset(huge, ' ', big);
        assert_int_equal(gnt_manifest_parse(huge, big, "problem.json", &p, err, sizeof err), -EFBIG);
        assert_non_null(strstr(err, "the limit is"));
        free(huge);
        /* Many keys: refused before the quadratic duplicate check. */
        char *wide = malloc(16 * 300 + 16);
        size_t o = 0;
        wide[o++] = '{';
        for (int i = 0; i < 300; i++)
                o += (size_t)sprintf(wide + o, "%s\"k%d\":1", i ? "," : "", i);
        wide[o++] = '}';
        assert_int_equal(gnt_manifest_parse(wide, o, "problem.json", &p, err, sizeof err), -EINVAL);
        assert_string_equal(err, "problem.json: more than 256 keys in one object");
        free(wide);
        assert_int_equal(gnt_manifest_parse("[]", 2, "problem.json", &p, err, sizeof err), -EINVAL);
        assert_string_equal(err, "problem.json: expected a JSON object, got an array");
}

/* Files ok-*.json must parse, bad-*.json must not. */
static void test_corpus(void **state)
{
        (void)state;
        DIR *d = opendir(corpus);
        assert_non_null(d);
        struct dirent *de;
        int seen = 0;
        while ((de = readdir(d))) {
                bool ok = strncmp(de->d_name, "ok-", 3) == 0, bad = strncmp(de->d_name, "bad-", 4) == 0;
                if (!ok && !bad)
                        continue;
                char path[PATH_MAX], err[GNT_ERR_MAX] = "";
                size_t len;
                snprintf(path, sizeof path, "%s/%s", corpus, de->d_name);
                char *text = slurp(path, &len);
                assert_non_null(text);
                struct grd_problem p = {0};
                int r = gnt_manifest_parse(text, len, de->d_name, &p, err, sizeof err);
                if (ok != (r == 0))
                        fail_msg("%s: %s", de->d_name, r == 0 ? "accepted" : err);
                if (r < 0 && (strchr(err, '\n') || strncmp(err, de->d_name, strlen(de->d_name)) != 0))
                        fail_msg("%s: error is not one line naming the file: '%s'", de->d_name, err);
                grd_problem_release(&p);
                free(text);
                seen++;
        }
        closedir(d);
        assert_true(seen >= 5);
}

static void put(const char *dir, const char *rel, const char *text)
{
        char p[PATH_MAX];
        snprintf(p, sizeof p, "%s/%s", dir, rel);
        for (char *s = strchr(p + strlen(dir) + 1, '/'); s; s = strchr(s + 1, '/')) {
                *s = '\0';
                mkdir(p, 0755);
                *s = '/';
        }
        if (text) {
                FILE *f = fopen(p, "w");
                assert_non_null(f);
                fputs(text, f);
                fclose(f);
        } else {
                mkdir(p, 0755);
        }
}

static void test_load(void **state)
{
        (void)state;
        char dir[PATH_MAX], err[GNT_ERR_MAX] = "", p[PATH_MAX + 32];
        snprintf(dir, sizeof dir, "%s/gauntlet-test-manifest-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        assert_non_null(mkdtemp(dir));
        put(dir, "problem.json", base);
        put(dir, "statement.md", "# x\n");
        put(dir, "starter", NULL);
        put(dir, "tests/public", NULL);
        put(dir, "tests/hidden", NULL);
        put(dir, "tests/bench", NULL);
        struct grd_problem pr = {0};
        /* reference/ is missing. */
        assert_int_equal(gnt_manifest_load(dir, &pr, err, sizeof err), -ENOENT);
        assert_string_equal(err, "problem.json: reference: \"reference\" does not exist in the problem folder");
        /* a symlink on the way is refused */
        snprintf(p, sizeof p, "%s/reference", dir);
        assert_int_equal(symlink("/usr", p), 0);
        assert_int_equal(gnt_manifest_load(dir, &pr, err, sizeof err), -EINVAL);
        assert_string_equal(err, "problem.json: reference: \"reference\" is a symlink (not allowed in a problem folder)");
        unlink(p);
        put(dir, "reference", NULL);
        int r = gnt_manifest_load(dir, &pr, err, sizeof err);
        if (r != 0)
                fail_msg("%s", err);
        assert_non_null(pr.dir);
        assert_true(pr.dir[0] == '/');
        grd_problem_release(&pr);

        /* statement is a folder */
        snprintf(p, sizeof p, "%s/statement.md", dir);
        unlink(p);
        mkdir(p, 0755);
        assert_int_equal(gnt_manifest_load(dir, &pr, err, sizeof err), -EINVAL);
        assert_string_equal(err, "problem.json: statement: \"statement.md\" is not a regular file");
        rmdir(p);
        put(dir, "statement.md", "# x\n");

        /* a public path containing a secret one */
        char text[16384];
        const char *at = strstr(base, "\"public\": \"tests/public\"");
        snprintf(text, sizeof text, "%.*s\"public\": \"tests\"%s", (int)(at - base), base,
                 at + strlen("\"public\": \"tests/public\""));
        put(dir, "problem.json", text);
        assert_int_equal(gnt_manifest_load(dir, &pr, err, sizeof err), -EINVAL);
        assert_string_equal(err, "problem.json: tests.public: \"tests\" overlaps the secret path \"tests/hidden\"");
        sbx_file_rmtree(dir);
}

static void test_assessment(void **state)
{
        (void)state;
        char err[GNT_ERR_MAX];
        struct gnt_assessment a = {0};
        const char *ok = "{\"format\": 1, \"id\": \"backend-senior\", \"title\": \"Senior backend\", \"minutes\": 120,"
                         " \"problems\": [\"worker-pool\", \"http-middleware\"]}";
        assert_int_equal(gnt_assessment_parse(ok, strlen(ok), NULL, &a, err, sizeof err), 0);
        assert_int_equal(a.n_problems, 2);
        assert_int_equal(a.minutes, 120);
        gnt_assessment_release(&a);
        const char *dup = "{\"format\": 1, \"id\": \"x\", \"title\": \"X\", \"minutes\": 1, \"problems\": [\"a\", \"a/b\"]}";
        assert_int_equal(gnt_assessment_parse(dup, strlen(dup), NULL, &a, err, sizeof err), -EINVAL);
        assert_string_equal(err, "assessment.json: problems[1]: \"a/b\" overlaps \"a\"");
        const char *unk = "{\"format\": 1, \"id\": \"x\", \"title\": \"X\", \"minutes\": 1, \"problems\": [\"a\"], \"x\": 1}";
        assert_int_equal(gnt_assessment_parse(unk, strlen(unk), NULL, &a, err, sizeof err), -EINVAL);
        assert_string_equal(err, "assessment.json: x: unknown field \"x\"");
}

/* The manifest file itself, of a problem or an assessment: each refusal
 * is one line naming the file, and the output is left untouched. */
static void test_read(void **state)
{
        (void)state;
        char dir[PATH_MAX], p[PATH_MAX + 32], err[GNT_ERR_MAX], want[GNT_ERR_MAX];
        snprintf(dir, sizeof dir, "%s/gauntlet-test-read-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        assert_non_null(mkdtemp(dir));
        struct grd_problem pr = {0};
        snprintf(p, sizeof p, "%s/problem.json", dir);

        assert_int_equal(gnt_manifest_load(dir, &pr, err, sizeof err), -ENOENT);
        assert_string_equal(err, "problem.json: cannot open: no such file or directory");

        assert_int_equal(symlink("elsewhere.json", p), 0);
        assert_int_equal(gnt_manifest_load(dir, &pr, err, sizeof err), -ELOOP);
        assert_string_equal(err, "problem.json: is a symlink");
        unlink(p);

        assert_int_equal(mkdir(p, 0755), 0);
        assert_int_equal(gnt_manifest_load(dir, &pr, err, sizeof err), -EINVAL);
        assert_string_equal(err, "problem.json: not a regular file");
        rmdir(p);

        /* A FIFO is refused at once, not waited on for a writer. */
        assert_int_equal(mkfifo(p, 0644), 0);
        assert_int_equal(gnt_manifest_load(dir, &pr, err, sizeof err), -EINVAL);
        assert_string_equal(err, "problem.json: not a regular file");
        unlink(p);

        FILE *f = fopen(p, "w");
        assert_non_null(f);
        for (int i = 0; i <= GNT_MANIFEST_MAX_BYTES; i++)
                fputc(' ', f);
        fclose(f);
        assert_int_equal(gnt_manifest_load(dir, &pr, err, sizeof err), -EFBIG);
        snprintf(want, sizeof want, "problem.json: file is %d bytes, the limit is %d", GNT_MANIFEST_MAX_BYTES + 1,
                 GNT_MANIFEST_MAX_BYTES);
        assert_string_equal(err, want);
        unlink(p);
        assert_null(pr.id);
        assert_null(pr.dir);

        struct gnt_assessment a = {0};
        snprintf(p, sizeof p, "%s/assessment.json", dir);
        assert_int_equal(symlink("elsewhere.json", p), 0);
        assert_int_equal(gnt_assessment_load(dir, &a, err, sizeof err), -ELOOP);
        assert_string_equal(err, "assessment.json: is a symlink");
        unlink(p);
        put(dir, "assessment.json", "{\"format\": 1, \"id\": \"x\", \"title\": \"X\", \"minutes\": 1, "
                                    "\"problems\": [\"a\"]}");
        assert_int_equal(gnt_assessment_load(dir, &a, err, sizeof err), -ENOENT);
        assert_string_equal(err, "assessment.json: problems[0]: \"a\" does not exist in the problem folder");
        assert_null(a.id);
        put(dir, "a/problem.json", "{}");
        int r = gnt_assessment_load(dir, &a, err, sizeof err);
        if (r != 0)
                fail_msg("%s", err);
        assert_string_equal(a.id, "x");
        assert_int_equal(a.n_problems, 1);
        assert_true(a.dir[0] == '/');
        gnt_assessment_release(&a);
        sbx_file_rmtree(dir);
}

int main(int argc, char **argv)
{
        corpus = argc > 1 ? argv[1] : NULL;
        if (!corpus) {
                fprintf(stderr, "usage: test_manifest CORPUS-DIR\n");
                return 2;
        }
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/ok-go.json", corpus);
        size_t len;
        char *b = slurp(path, &len);
        if (!b || len >= sizeof base)
                return 1;
        memcpy(base, b, len + 1);
        base_len = len;
        free(b);
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_valid),  cmocka_unit_test(test_public_race),
                cmocka_unit_test(test_errors), cmocka_unit_test(test_go_io),
                cmocka_unit_test(test_raw),
                cmocka_unit_test(test_corpus), cmocka_unit_test(test_load),   cmocka_unit_test(test_assessment),
                cmocka_unit_test(test_read),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
