/* test_review.c — the pure parts of the review: HTML escaping of hostile
 * text, content hashes of folders, shard assignment, reading the graders'
 * report schema, meta.json round trip, CSV cells that spreadsheets would
 * run as formulas, session times from the journal alone, integrity
 * verdicts through meta.json, a ticket shared by two submissions, ranking
 * with --require-verified.  (Batch-mode detection:
 * tests/runner/test_grade_args.c; real archives: t0204-integrity.sh.) */
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
#include "session/integrity.h"
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

/* The shape runner/session/report_json.c writes (docs/grading.md). */
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
        /* The times come from the journal: the submit entry (no
         * "submitted" member: its time) against the start deadline. */
        gnt_review_entry_parse_session(&e, journal, sizeof journal - 1);
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

/* Lateness follows from the journal's times: a submit line whose flags
 * say "on time" past its deadline is late all the same. */
static void test_journal_times(void **state)
{
        (void)state;
        static const char journal[] =
                "{\"seq\":1,\"type\":\"start\",\"time\":100,\"deadline\":400,\"mode\":\"take-home\"}\n"
                "{\"seq\":2,\"type\":\"pause\",\"time\":200}\n"
                "{\"seq\":3,\"type\":\"submit\",\"time\":470,\"submitted\":461,\"deadline\":430,"
                "\"late\":false,\"overrun_s\":0}\n";
        struct gnt_journal_times t;
        gnt_journal_times_read(journal, sizeof journal - 1, &t);
        assert_true(t.has_session);
        assert_true(t.submitted_seen);
        assert_string_equal(t.mode, "take-home");
        assert_int_equal(t.started, 100);
        assert_int_equal(t.deadline, 430);
        assert_int_equal(t.submitted, 461);
        assert_true(t.late);
        assert_int_equal(t.overrun_s, 31);
        /* No journal: no session. */
        gnt_journal_times_read(NULL, 0, &t);
        assert_false(t.has_session);
        assert_false(t.late);
        char when[40];
        gnt_review_fmt_utc(1790002825, when, sizeof when);
        assert_string_equal(when, "2026-09-21 15:00:25 UTC");
        gnt_review_fmt_duration(3725, when, sizeof when);
        assert_string_equal(when, "1h02m05s");
}

static void put_meta(const char *root, char c, const char *candidate, const char *status, double score,
                     const char *integrity)
{
        char sha[65], dir[512], path[600], text[4096];
        memset(sha, c, 64);
        sha[64] = '\0';
        snprintf(dir, sizeof dir, "%s/submissions/%s", root, sha);
        assert_int_equal(gnt_mkdirs(dir, 0755), 0);
        snprintf(path, sizeof path, "%s/meta.json", dir);
        snprintf(text, sizeof text,
                 "{\"sha256\":\"%s\",\"candidate\":\"%s\",\"source\":\"%s.tar.gz\",\"kind\":\"archive\","
                 "\"status\":\"%s\",\"message\":null,\"wall_s\":1%s%s}",
                 sha, candidate, candidate, status, integrity ? ",\"integrity\":" : "", integrity ? integrity : "");
        write_file(path, text);
        snprintf(path, sizeof path, "%s/report.json", dir);
        snprintf(text, sizeof text, "{\"status\":\"%s\",\"score\":%g,\"graders\":[]}", status, score);
        write_file(path, text);
}

#define TICKET_T1 "\"ticket\":{\"id\":\"1111111111111111111111111111111111111111111111111111111111111111\"," \
                  "\"candidate\":\"x\",\"checked\":true}"

/* A ticket used twice is a finding in both; --require-verified ranks the
 * verified only and lists the rest unranked, with why. */
static void test_integrity_board(void **state)
{
        (void)state;
        char root[] = "/tmp/review-board-XXXXXX";
        assert_non_null(mkdtemp(root));
        char p[600];
        snprintf(p, sizeof p, "%s/batch.json", root);
        write_file(p, "{\"problem\":{\"id\":\"p\",\"version\":\"1\"},\"graders\":{}}");
        put_meta(root, 'a', "alice", "graded", 90, "{\"verdict\":\"verified\",\"findings\":[]," TICKET_T1 "}");
        put_meta(root, 'b', "bob", "graded", 80, "{\"verdict\":\"verified\",\"findings\":[]," TICKET_T1 "}");
        put_meta(root, 'c', "carol", "graded", 95,
                 "{\"verdict\":\"unverified\",\"findings\":[\"no journal: a plain folder\"]}");
        put_meta(root, 'd', "dave", "graded", 99,
                 "{\"verdict\":\"tampered\",\"findings\":[\"code/pool.go: differs from the final snapshot\"]}");
        put_meta(root, 'e', "erin", "graded", 50, "{\"verdict\":\"verified\",\"findings\":[]}");
        put_meta(root, 'f', "frank", "graded", 70, NULL); /* graded before integrity checks */
        struct gnt_review_board b;
        char err[256];
        assert_int_equal(gnt_review_board_load(root, &b, err, sizeof err), 0);
        assert_int_equal(b.n, 6);
        /* alice and bob share one ticket: both tampered, each naming the other. */
        assert_int_equal(b.e[0].ig.verdict, GNT_INTEGRITY_TAMPERED);
        assert_int_equal(b.e[1].ig.verdict, GNT_INTEGRITY_TAMPERED);
        assert_int_equal(b.e[0].ig.n_findings, 1);
        assert_non_null(strstr(b.e[0].ig.findings[0], "ticket: ticket 1111111111111111 is also used by 'bob'"));
        assert_non_null(strstr(b.e[1].ig.findings[0], "also used by 'alice'"));
        assert_int_equal(b.e[5].ig.verdict, GNT_INTEGRITY_UNVERIFIED);
        assert_non_null(strstr(b.e[5].ig.findings[0], "not checked"));

        gnt_review_board_rank(&b);
        assert_int_equal(b.n_tampered, 3);
        assert_int_equal(b.n_unverified, 2);
        assert_string_equal(b.e[b.order[0]].candidate, "dave"); /* still ranked first by score */
        assert_int_equal(b.e[b.order[0]].rank, 1);

        b.require_verified = true;
        gnt_review_board_rank(&b);
        assert_string_equal(b.e[b.order[0]].candidate, "erin");
        assert_int_equal(b.e[b.order[0]].rank, 1);
        assert_int_equal(b.n_ranked, 1);
        assert_int_equal(b.n_graded, 6);
        for (size_t i = 1; i < b.n; i++) {
                assert_int_equal(b.e[b.order[i]].rank, 0);
                assert_true(b.e[b.order[i]].excluded);
        }
        assert_string_equal(gnt_review_excluded_reason(&b.e[3]), "not ranked: tampered (--require-verified)");
        assert_string_equal(gnt_review_excluded_reason(&b.e[2]), "not ranked: unverified (--require-verified)");
        assert_null(gnt_review_excluded_reason(&b.e[4]));

        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_int_equal(gnt_review_board_write_csv(&b, f), 0);
        fclose(f);
        assert_non_null(strstr(buf, "rank,candidate,score,status,integrity,"));
        assert_non_null(strstr(buf, ",integrity_findings\n"));
        assert_non_null(strstr(buf, "1,erin,50.00,graded,verified,"));
        assert_non_null(strstr(buf, ",dave,99.00,graded,tampered,"));
        assert_non_null(strstr(buf, "not ranked: tampered (--require-verified),code/pool.go: differs"));
        free(buf);
        char *json = gnt_review_board_json(&b);
        assert_non_null(json);
        assert_non_null(strstr(json, "\"excluded\":\t\"not ranked: tampered (--require-verified)\""));
        assert_non_null(strstr(json, "\"tampered\":\t3"));
        assert_non_null(strstr(json, "\"require_verified\":\ttrue"));
        free(json);
        buf = NULL;
        f = open_memstream(&buf, &len);
        assert_int_equal(gnt_review_html_write(&b, f), 0);
        fclose(f);
        const char *warn = strstr(buf, "<section class=\"warn\" id=\"integrity\">");
        assert_non_null(warn);
        assert_true(warn < strstr(buf, "id=\"leaderboard\""));
        assert_non_null(strstr(warn, "3 submissions did not verify"));
        assert_non_null(strstr(buf, "<span class=\"v v-tampered\">tampered</span>"));
        free(buf);
        gnt_review_board_release(&b);
        sbx_file_rmtree(root);
}

/* A folder: nothing claiming a session is unverified; a sealed-looking
 * folder goes through verify (a bad journal is a finding), and a link in
 * it is a finding of its own: never followed, never packed. */
static void test_integrity_folder(void **state)
{
        (void)state;
        char dir[] = "/tmp/review-ig-XXXXXX";
        assert_non_null(mkdtemp(dir));
        char p[600], err[512];
        snprintf(p, sizeof p, "%s/pool.go", dir);
        write_file(p, "package pool\n");
        struct gnt_integrity ig;
        assert_int_equal(gnt_integrity_check(dir, dir, NULL, &ig, err, sizeof err), 0);
        assert_int_equal(ig.verdict, GNT_INTEGRITY_UNVERIFIED);
        assert_int_equal(ig.n_findings, 1);
        assert_non_null(strstr(ig.findings[0], "plain folder"));
        gnt_integrity_release(&ig);

        snprintf(p, sizeof p, "%s/submission.json", dir);
        write_file(p, "{}");
        snprintf(p, sizeof p, "%s/journal.jsonl", dir);
        write_file(p, "not a journal\n");
        assert_int_equal(gnt_integrity_check(dir, dir, NULL, &ig, err, sizeof err), 0);
        assert_int_equal(ig.verdict, GNT_INTEGRITY_TAMPERED);
        assert_true(ig.n_findings >= 1);
        bool journal = false;
        for (size_t i = 0; i < ig.n_findings; i++)
                journal |= strncmp(ig.findings[i], "journal.jsonl: ", 15) == 0;
        assert_true(journal);
        gnt_integrity_release(&ig);

        snprintf(p, sizeof p, "%s/code", dir);
        assert_int_equal(mkdir(p, 0755), 0);
        snprintf(p, sizeof p, "%s/code/x.go", dir);
        assert_int_equal(symlink("/etc/passwd", p), 0);
        assert_int_equal(gnt_integrity_check(dir, dir, NULL, &ig, err, sizeof err), 0);
        assert_int_equal(ig.verdict, GNT_INTEGRITY_TAMPERED);
        assert_string_equal(ig.findings[0], "code/x.go: not a regular file");
        gnt_integrity_release(&ig);
        sbx_file_rmtree(dir);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_escape_markup), cmocka_unit_test(test_escape_bytes),
                cmocka_unit_test(test_hash_folder),   cmocka_unit_test(test_shards),
                cmocka_unit_test(test_parse_report),  cmocka_unit_test(test_meta_roundtrip),
                cmocka_unit_test(test_csv_cells),     cmocka_unit_test(test_journal_times),
                cmocka_unit_test(test_integrity_board), cmocka_unit_test(test_integrity_folder),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
