/* test_review.c — the pure parts of the review: HTML escaping of hostile
 * text, content hashes of folders, shard assignment, reading the graders'
 * report schema, meta.json round trip, CSV cells that spreadsheets would
 * run as formulas.  (Batch-mode detection: tests/runner/test_grade_args.c.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "review/board.h"
#include "review/model.h"
#include "review/review.h"
#include "review/store.h"
#include "sbx_file.h"

static char *escape(const char *s, size_t n)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        gnt_review_html_escape(f, s, n);
        fclose(f);
        return buf;
}

static void test_escape_markup(void **state)
{
        (void)state;
        const char *in = "<script>alert('x')</script>\"&";
        char *out = escape(in, strlen(in));
        assert_string_equal(out, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;");
        free(out);
}

static void test_escape_bytes(void **state)
{
        (void)state;
        /* Valid UTF-8 stays; a lone continuation byte, an overlong encoding,
         * a surrogate, NUL and ESC become U+FFFD; tab and newline stay. */
        static const char in[] = "\xc3\xa9\xe2\x9c\x93\x80\xc0\xaf\xed\xa0\x80\x00\x1b\t\n\xf0\x9f\x98\x80";
        char *out = escape(in, sizeof in - 1);
        assert_string_equal(out, "\xc3\xa9\xe2\x9c\x93"
                                 "\xef\xbf\xbd"
                                 "\xef\xbf\xbd\xef\xbf\xbd"
                                 "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
                                 "\xef\xbf\xbd\xef\xbf\xbd\t\n\xf0\x9f\x98\x80");
        free(out);
        /* A sequence cut by the end of the buffer. */
        out = escape("ab\xe2\x9c", 4);
        assert_string_equal(out, "ab\xef\xbf\xbd\xef\xbf\xbd");
        free(out);
}

static void write_file(const char *path, const char *text)
{
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
}

static void test_hash_folder(void **state)
{
        (void)state;
        char a[] = "/tmp/review-test-XXXXXX", b[] = "/tmp/review-test-XXXXXX";
        assert_non_null(mkdtemp(a));
        assert_non_null(mkdtemp(b));
        char p[512], ha[GNT_REVIEW_HASH_HEX], hb[GNT_REVIEW_HASH_HEX];
        bool is_dir = false;
        /* The same files in two places, created in different orders. */
        snprintf(p, sizeof p, "%s/pool.go", a);
        write_file(p, "package pool\n");
        snprintf(p, sizeof p, "%s/sub", a);
        mkdir(p, 0755);
        snprintf(p, sizeof p, "%s/sub/x.go", a);
        write_file(p, "package x\n");
        snprintf(p, sizeof p, "%s/sub", b);
        mkdir(p, 0755);
        snprintf(p, sizeof p, "%s/sub/x.go", b);
        write_file(p, "package x\n");
        snprintf(p, sizeof p, "%s/pool.go", b);
        write_file(p, "package pool\n");
        assert_int_equal(gnt_review_hash_path(a, ha, &is_dir), 0);
        assert_true(is_dir);
        assert_int_equal(gnt_review_hash_path(b, hb, NULL), 0);
        assert_string_equal(ha, hb);
        /* One byte changes it; so does a symlink in place of a file. */
        write_file(p, "package poo1\n");
        assert_int_equal(gnt_review_hash_path(b, hb, NULL), 0);
        assert_string_not_equal(ha, hb);
        unlink(p);
        assert_int_equal(symlink("/etc/passwd", p), 0);
        assert_int_equal(gnt_review_hash_path(b, hb, NULL), 0);
        assert_string_not_equal(ha, hb);
        /* A file's hash is SHA-256 of its bytes. */
        snprintf(p, sizeof p, "%s/pool.go", a);
        write_file(p, "abc");
        assert_int_equal(gnt_review_hash_path(p, ha, &is_dir), 0);
        assert_false(is_dir);
        assert_string_equal(ha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_int_equal(sbx_file_rmtree(a), 0);
        assert_int_equal(sbx_file_rmtree(b), 0);
        struct stat sb;
        assert_int_equal(lstat(a, &sb), -1);
        assert_int_equal(gnt_review_hash_path("/nonexistent/x", ha, NULL), -ENOENT);
}

static void test_shards(void **state)
{
        (void)state;
        unsigned count[4] = {0};
        srand(7);
        for (int i = 0; i < 4000; i++) {
                char h[GNT_REVIEW_HASH_HEX];
                for (int k = 0; k < 64; k++)
                        h[k] = "0123456789abcdef"[rand() % 16];
                h[64] = '\0';
                unsigned s = gnt_review_shard_of(h, 4);
                assert_in_range(s, 1, 4);
                assert_int_equal(s, gnt_review_shard_of(h, 4));
                assert_int_equal(gnt_review_shard_of(h, 1), 1);
                count[s - 1]++;
        }
        for (int k = 0; k < 4; k++)
                assert_in_range(count[k], 850, 1150);
}

/* The shape runner/report_json.c writes (docs/grading.md). */
static const char report[] =
        "{\"report_format\":1,\"problem_id\":\"worker-pool\",\"problem_version\":\"1.0.0\",\"status\":\"graded\","
        "\"score\":71.5,\"graders\":["
        "{\"name\":\"correctness\",\"verdict\":\"fail\",\"score\":41.5,\"weight\":50,\"summary\":\"10 of 12\","
        "\"evidence\":null,\"wall_s\":2.5,\"tests\":[{\"name\":\"TestA\",\"status\":\"pass\",\"elapsed_s\":0.1,"
        "\"group\":\"basics\"},{\"name\":\"Test<b>\",\"status\":\"panic\",\"elapsed_s\":0,\"group\":null,"
        "\"output\":\"panic: boom\"}]},"
        "{\"name\":\"bench\",\"verdict\":\"skip\",\"score\":0,\"weight\":10,\"summary\":null,\"evidence\":null,"
        "\"bench\":{\"ratio\":1.25,\"ci_low\":1.2,\"ci_high\":1.3,\"cv\":0.01,\"benchmarks\":[{\"name\":\"BenchmarkX\","
        "\"cand_ns\":125,\"ref_ns\":100,\"ratio\":1.25,\"cand_allocs\":1,\"cand_bytes\":8,\"ref_allocs\":1,"
        "\"ref_bytes\":8}],\"pairs\":[{\"ratio\":1.2,\"cand_ns\":[120],\"ref_ns\":[100]},"
        "{\"ratio\":1.3,\"cand_ns\":[130],\"ref_ns\":[100]}]}},"
        "{\"name\":\"nonsense\",\"verdict\":\"pass\"},{\"name\":7}]}";

static void test_parse_report(void **state)
{
        (void)state;
        struct gnt_review_entry e = {0};
        assert_int_equal(gnt_review_entry_parse_report(&e, report, strlen(report)), 0);
        assert_int_equal(e.status, GNT_REVIEW_GRADED);
        assert_float_equal(e.score, 71.5, 1e-9);
        assert_string_equal(e.problem_id, "worker-pool");
        const struct gnt_review_grader *c = &e.g[GRD_CORRECTNESS];
        assert_true(c->present);
        assert_string_equal(c->verdict, "fail");
        assert_int_equal(c->n_tests, 2);
        assert_string_equal(c->tests[1].name, "Test<b>");
        assert_string_equal(c->tests[1].status, "panic");
        assert_string_equal(c->tests[1].output, "panic: boom");
        const struct gnt_review_grader *b = &e.g[GRD_BENCH];
        assert_true(b->present);
        assert_int_equal(b->n_pairs, 2);
        assert_float_equal(b->pair_ratios[1], 1.3, 1e-9);
        assert_int_equal(b->n_bench, 1);
        assert_int_equal(b->bench[0].n_pair, 2);
        assert_float_equal(b->bench[0].pair_ratio[0], 1.2, 1e-9);
        assert_false(e.g[GRD_RACE].present);
        gnt_review_entry_release(&e);
        assert_int_equal(gnt_review_entry_parse_report(&e, "[1,2]", 5), -EINVAL);
        assert_int_equal(gnt_review_entry_parse_report(&e, "{\"status\":", 10), -EINVAL);
}

static void test_meta_roundtrip(void **state)
{
        (void)state;
        char dir[] = "/tmp/review-meta-XXXXXX";
        assert_non_null(mkdtemp(dir));
        struct gnt_review_entry e = {0};
        memset(e.sha256, 'a', 64);
        e.candidate = strdup("al\"ice\n");
        e.source = strdup("alice.tar.gz");
        e.kind = strdup("archive");
        e.status = GNT_REVIEW_REJECTED;
        e.message = strdup("cannot unpack");
        static const char journal[] =
                "{\"seq\":1,\"type\":\"start\",\"time\":100,\"deadline\":400}\n"
                "not json at all\n"
                "{\"seq\":2,\"type\":\"test\",\"time\":200,\"status\":\"ok\",\"passed\":3,\"failed\":1}\n"
                "{\"seq\":3,\"type\":\"submit\",\"time\":450,\"late\":true}";
        gnt_review_entry_parse_session(&e, "{\"started\":100,\"deadline\":400,\"submitted\":450,\"late\":true,"
                                           "\"overrun_s\":50,\"mode\":\"take-home\"}",
                                       journal, sizeof journal - 1);
        assert_true(e.has_session);
        assert_int_equal(e.n_events, 3);
        char *meta = gnt_review_meta_json(&e);
        assert_non_null(meta);
        char p[512];
        snprintf(p, sizeof p, "%s/meta.json", dir);
        write_file(p, meta);
        free(meta);
        struct gnt_review_entry back;
        char err[256];
        assert_int_equal(gnt_review_entry_load(dir, &back, err, sizeof err), 0);
        assert_string_equal(back.candidate, "al\"ice\n");
        assert_int_equal(back.status, GNT_REVIEW_REJECTED);
        assert_string_equal(back.message, "cannot unpack");
        assert_true(back.late);
        assert_int_equal(back.overrun_s, 50);
        assert_int_equal(back.n_events, 3);
        assert_string_equal(back.events[1].type, "test");
        assert_int_equal(back.events[1].passed, 3);
        assert_int_equal(back.events[1].failed, 1);
        gnt_review_entry_release(&back);
        gnt_review_entry_release(&e);
        /* A bad hash is refused with the file named. */
        write_file(p, "{\"sha256\":\"../../etc\"}");
        assert_int_equal(gnt_review_entry_load(dir, &back, err, sizeof err), -EINVAL);
        assert_non_null(strstr(err, "meta.json"));
        sbx_file_rmtree(dir);
}

static void test_csv_cells(void **state)
{
        (void)state;
        struct gnt_review_entry e[1];
        memset(e, 0, sizeof e);
        memset(e[0].sha256, 'b', 64);
        e[0].candidate = strdup("=HYPERLINK(\"http://x\")");
        e[0].source = strdup("a,b");
        e[0].message = strdup("line\x1b[2Jone");
        e[0].status = GNT_REVIEW_ERROR;
        size_t order[1] = {0};
        struct gnt_review_board b = {.e = e, .n = 1, .order = order};
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_int_equal(gnt_review_board_write_csv(&b, f), 0);
        fclose(f);
        assert_non_null(strstr(buf, "\"'=HYPERLINK(\"\"http://x\"\")\""));
        assert_non_null(strstr(buf, "\"a,b\""));
        assert_null(strchr(buf, '\x1b'));
        free(buf);
        gnt_review_entry_release(&e[0]);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_escape_markup), cmocka_unit_test(test_escape_bytes),
                cmocka_unit_test(test_hash_folder),   cmocka_unit_test(test_shards),
                cmocka_unit_test(test_parse_report),  cmocka_unit_test(test_meta_roundtrip),
                cmocka_unit_test(test_csv_cells),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
