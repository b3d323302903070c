/* test_rubric.c — the reviewers' rubric without the command: the rubric's
 * checks (ids, points, counts, text), reviewer names, a reviews file
 * written and read back and refused when tampered with, the merge of one
 * reviewer's files (later wins, the same result in either order), input
 * lines and JSON refused with their place, and the blind rule of the
 * report's view.  The command and the report: t0205-rubric.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "manifest.h"
#include "review/board.h"
#include "review/rubric.h"
#include "sbx_file.h"

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static const char rubric_json[] =
        "[{\"id\": \"errors\", \"title\": \"Error handling\", \"points\": 5, \"guide\": \"g\"},"
        " {\"id\": \"design\", \"title\": \"Design\", \"points\": 3, \"guide\": \"h\"}]";

static int rubric_of(const char *text, struct gnt_rubric *r, char *err, size_t errsz)
{
        cJSON *v = cJSON_Parse(text);
        int rc = gnt_rubric_from_json(v, "problem.json", "rubric", r, err, errsz);
        cJSON_Delete(v);
        return rc;
}

static void test_rubric_checks(void **state)
{
        (void)state;
        struct gnt_rubric r;
        char err[512];
        assert_int_equal(rubric_of(rubric_json, &r, err, sizeof err), 0);
        assert_int_equal(r.n, 2);
        assert_int_equal(r.total, 8);
        assert_int_equal(gnt_rubric_find(&r, "design"), 1);
        assert_int_equal(gnt_rubric_find(&r, "nope"), -1);
        gnt_rubric_release(&r);

        static const struct {
                const char *json, *want;
        } bad[] = {
                {"[{\"id\": \"a\", \"title\": \"t\", \"points\": 1, \"guide\": \"g\"},"
                 " {\"id\": \"a\", \"title\": \"t\", \"points\": 1, \"guide\": \"g\"}]",
                 "rubric[1]: id \"a\" is used twice"},
                {"[{\"id\": \"../x\", \"title\": \"t\", \"points\": 1, \"guide\": \"g\"}]", "rubric[0]: id: expected"},
                {"[{\"id\": \"a\", \"title\": \"t\", \"points\": 0, \"guide\": \"g\"}]", "rubric[0].points: expected"},
                {"[{\"id\": \"a\", \"title\": \"t\", \"points\": 101, \"guide\": \"g\"}]", "rubric[0].points"},
                {"[{\"id\": \"a\", \"title\": \"t\", \"points\": 2.5, \"guide\": \"g\"}]", "rubric[0].points"},
                {"[{\"id\": \"a\", \"title\": \"t\\n\", \"points\": 1, \"guide\": \"g\"}]", "rubric[0].title"},
                {"[{\"id\": \"a\", \"title\": \"t\", \"points\": 1}]", "rubric[0].guide: missing"},
                {"[{\"id\": \"a\", \"title\": \"t\", \"points\": 1, \"guide\": \"g\", \"x\": 1}]",
                 "rubric[0].x: unknown field"},
                {"[]", "rubric: expected 1 to 20 rubric items, got 0"},
                {"{}", "rubric: expected an array"},
        };
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
                err[0] = '\0';
                assert_int_equal(rubric_of(bad[i].json, &r, err, sizeof err), -EINVAL);
                if (!strstr(err, bad[i].want))
                        fail_msg("case %zu: '%s' lacks '%s'", i, err, bad[i].want);
                assert_null(strchr(err, '\n'));
        }
        /* 21 items; a guide over 200 bytes. */
        char big[8192] = "[";
        for (int i = 0; i < 21; i++)
                snprintf(big + strlen(big), sizeof big - strlen(big),
                         "%s{\"id\": \"i%d\", \"title\": \"t\", \"points\": 1, \"guide\": \"g\"}", i ? "," : "", i);
        strcat(big, "]");
        assert_int_equal(rubric_of(big, &r, err, sizeof err), -EINVAL);
        assert_non_null(strstr(err, "got 21"));
        char guide[400];
        memset(guide, 'x', 201);
        guide[201] = '\0';
        snprintf(big, sizeof big, "[{\"id\": \"a\", \"title\": \"t\", \"points\": 1, \"guide\": \"%s\"}]", guide);
        assert_int_equal(rubric_of(big, &r, err, sizeof err), -EINVAL);
        assert_non_null(strstr(err, "rubric[0].guide"));
}

static void test_reviewer_names(void **state)
{
        (void)state;
        assert_true(gnt_reviewer_name_ok("ana"));
        assert_true(gnt_reviewer_name_ok("j.doe_2-x"));
        static const char *const bad[] = {"", ".x", "-x", "Ana", "a/b", "a b", "..", "x\n",
                                          "abcdefghijabcdefghijabcdefghijabc"};
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
                assert_false(gnt_reviewer_name_ok(bad[i]));
}

/* An output folder with batch.json (the rubric) and two submissions. */
static void make_outdir(char *dir)
{
        strcpy(dir, "/tmp/test_rubric.XXXXXX");
        assert_non_null(mkdtemp(dir));
        char p[512];
        snprintf(p, sizeof p,
                 "{\"format\": 1, \"problem\": {\"id\": \"wp\", \"version\": \"1\"}, \"graders\": {}, \"rubric\": %s}",
                 rubric_json);
        char path[512];
        snprintf(path, sizeof path, "%s/batch.json", dir);
        assert_int_equal(sbx_file_write_atomic(path, NULL, 0, p, strlen(p), 0644, 0), 0);
        const char *shas[] = {SHA_A, SHA_B};
        const char *names[] = {"alice", "bob"};
        for (int i = 0; i < 2; i++) {
                snprintf(path, sizeof path, "%s/submissions/%s", dir, shas[i]);
                assert_int_equal(gnt_mkdirs(path, 0755), 0);
                snprintf(path, sizeof path, "%s/submissions/%s/meta.json", dir, shas[i]);
                snprintf(p, sizeof p,
                         "{\"format\": 1, \"sha256\": \"%s\", \"candidate\": \"%s\", \"source\": \"%s\", "
                         "\"kind\": \"folder\", \"status\": \"graded\", \"message\": null, \"wall_s\": 1}",
                         shas[i], names[i], names[i]);
                assert_int_equal(sbx_file_write_atomic(path, NULL, 0, p, strlen(p), 0644, 0), 0);
        }
}

static void write_reviews(const char *dir, const char *name, const char *text)
{
        char path[512];
        snprintf(path, sizeof path, "%s/reviews", dir);
        assert_int_equal(gnt_mkdirs(path, 0755), 0);
        snprintf(path, sizeof path, "%s/reviews/%s.json", dir, name);
        assert_int_equal(sbx_file_write_atomic(path, NULL, 0, text, strlen(text), 0644, 0), 0);
}

/* The start of a reviews file, up to the array of reviews. */
#define HEAD(who, problem)                                                                                   \
        "{\"format\": 1, \"reviewer\": \"" who "\", \"problem\": {\"id\": \"" problem "\", \"version\": \"1\"}, " \
        "\"reviews\": "

static void test_reviewer_roundtrip_and_tampering(void **state)
{
        (void)state;
        char dir[64], err[512];
        make_outdir(dir);
        struct gnt_rubric rb;
        assert_int_equal(gnt_review_rubric_read(dir, &rb, err, sizeof err), 0);
        assert_int_equal(rb.n, 2);

        struct gnt_reviewer r;
        assert_int_equal(gnt_reviewer_load(dir, "ana", &rb, &r, err, sizeof err), 0);
        assert_int_equal(r.n, 0);
        struct gnt_review_score *s = gnt_reviewer_get(&r, SHA_B, &rb);
        s->pts[0] = 4;
        s->pts[1] = 2;
        s->note = strdup("tabs\tand\nlines <b>");
        s->time_ms = 1234;
        assert_true(gnt_review_score_complete(s, &rb));
        assert_int_equal(gnt_review_score_total(s, &rb), 6);
        s = gnt_reviewer_get(&r, SHA_A, &rb);
        s->pts[1] = 1;
        s->time_ms = 99;
        assert_false(gnt_review_score_complete(s, &rb));
        assert_string_equal(r.s[0].sha256, SHA_A); /* kept in order */
        assert_int_equal(gnt_reviewer_save(dir, &r, &rb, "wp", "1", err, sizeof err), 0);
        gnt_reviewer_release(&r);

        assert_int_equal(gnt_reviewer_load(dir, "ana", &rb, &r, err, sizeof err), 0);
        assert_int_equal(r.n, 2);
        s = gnt_reviewer_find(&r, SHA_B);
        assert_non_null(s);
        assert_int_equal(s->pts[0], 4);
        assert_int_equal(s->time_ms, 1234);
        assert_string_equal(s->note, "tabs\tand\nlines <b>");
        assert_int_equal(gnt_reviewer_find(&r, SHA_A)->pts[0], -1);
        gnt_reviewer_release(&r);

        static const struct {
                const char *text, *want;
        } bad[] = {
                {"not json", "not valid JSON"},
                {"[]", "expected a JSON object"},
                {HEAD("bob", "wp") "[]}",
                 "reviewer: expected \"ana\""},
                {HEAD("ana", "other") "[]}",
                 "problem: expected"},
                {HEAD("ana", "wp")
                 "[{\"sha256\": \"" SHA_A "\", \"time_ms\": 1, \"scores\": {\"errors\": 6}}]}",
                 "reviews[0].scores.errors: expected an integer >= 0 and <= 5, got 6"},
                {HEAD("ana", "wp")
                 "[{\"sha256\": \"" SHA_A "\", \"time_ms\": 1, \"scores\": {\"speed\": 1}}]}",
                 "reviews[0].scores: unknown rubric item \"speed\""},
                {HEAD("ana", "wp")
                 "[{\"sha256\": \"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\", \"time_ms\": 1, "
                 "\"scores\": {}}]}",
                 "reviews[0].sha256: no submission cccccccccccccccc"},
                {HEAD("ana", "wp")
                 "[{\"sha256\": \"" SHA_A "\", \"time_ms\": 1, \"scores\": {}},"
                 " {\"sha256\": \"" SHA_A "\", \"time_ms\": 2, \"scores\": {}}]}",
                 "reviewed twice"},
                {HEAD("ana", "wp")
                 "[{\"sha256\": \"" SHA_A "\", \"time_ms\": 1, \"scores\": {}, \"note\": \"\\u001b[2J\"}]}",
                 "control character"},
        };
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
                write_reviews(dir, "ana", bad[i].text);
                err[0] = '\0';
                assert_int_equal(gnt_reviewer_load(dir, "ana", &rb, &r, err, sizeof err), -EINVAL);
                if (!strstr(err, bad[i].want) || !strstr(err, "reviews/ana.json"))
                        fail_msg("case %zu: '%s' lacks '%s'", i, err, bad[i].want);
        }
        /* A file with a name that is not a reviewer's. */
        char path[512];
        snprintf(path, sizeof path, "%s/reviews/ana.json", dir);
        unlink(path);
        write_reviews(dir, "Bad Name", "{}");
        struct gnt_reviewer *all;
        size_t n;
        assert_int_equal(gnt_reviewers_load(dir, &rb, &all, &n, err, sizeof err), -EINVAL);
        assert_non_null(strstr(err, "not a reviewer's file"));
        gnt_rubric_release(&rb);
        sbx_file_rmtree(dir);
}

static void set(struct gnt_reviewer *r, const struct gnt_rubric *rb, const char *sha, int a, int b, int64_t t,
                const char *note)
{
        struct gnt_review_score *s = gnt_reviewer_get(r, sha, rb);
        s->pts[0] = a;
        s->pts[1] = b;
        s->time_ms = t;
        free(s->note);
        s->note = note ? strdup(note) : NULL;
}

static void test_merge_later_wins(void **state)
{
        (void)state;
        struct gnt_rubric rb;
        char err[256];
        assert_int_equal(rubric_of(rubric_json, &rb, err, sizeof err), 0);
        struct gnt_reviewer x = {.n_items = rb.n}, y = {.n_items = rb.n};
        set(&x, &rb, SHA_A, 1, 1, 100, "old");
        set(&y, &rb, SHA_A, 5, 3, 200, "new");
        set(&x, &rb, SHA_B, 2, 2, 300, "same time x");
        set(&y, &rb, SHA_B, 3, 2, 300, "same time y");

        struct gnt_reviewer m1 = {.n_items = rb.n}, m2 = {.n_items = rb.n};
        assert_int_equal(gnt_reviewer_merge(&m1, &x, &rb), 0);
        assert_int_equal(gnt_reviewer_merge(&m1, &y, &rb), 0);
        assert_int_equal(gnt_reviewer_merge(&m2, &y, &rb), 0);
        assert_int_equal(gnt_reviewer_merge(&m2, &x, &rb), 0);
        for (int k = 0; k < 2; k++) {
                struct gnt_reviewer *m = k ? &m2 : &m1;
                assert_int_equal(m->n, 2);
                struct gnt_review_score *a = gnt_reviewer_find(m, SHA_A), *b = gnt_reviewer_find(m, SHA_B);
                assert_int_equal(a->pts[0], 5);
                assert_string_equal(a->note, "new");
                assert_int_equal(a->time_ms, 200);
                /* Equal times: the same winner whatever the order. */
                assert_int_equal(b->pts[0], 3);
                assert_string_equal(b->note, "same time y");
        }
        gnt_reviewer_release(&x);
        gnt_reviewer_release(&y);
        gnt_reviewer_release(&m1);
        gnt_reviewer_release(&m2);
        gnt_rubric_release(&rb);
}

/* A board of two entries, enough for resolving and parsing input. */
static void small_board(struct gnt_review_board *b, struct gnt_review_entry *e)
{
        memset(b, 0, sizeof *b);
        memset(e, 0, 2 * sizeof *e);
        strcpy(e[0].sha256, SHA_A);
        e[0].candidate = "alice";
        strcpy(e[1].sha256, SHA_B);
        e[1].candidate = "bob";
        b->e = e;
        b->n = 2;
        b->dir = "out";
}

static void test_input(void **state)
{
        (void)state;
        struct gnt_rubric rb;
        char err[512];
        assert_int_equal(rubric_of(rubric_json, &rb, err, sizeof err), 0);
        struct gnt_review_board b;
        struct gnt_review_entry e[2];
        small_board(&b, e);
        size_t idx = 9;
        assert_int_equal(gnt_review_resolve(&b, "bob", &idx, err, sizeof err), 0);
        assert_int_equal(idx, 1);
        assert_int_equal(gnt_review_resolve(&b, "aaaaaaaa", &idx, err, sizeof err), 0);
        assert_int_equal(idx, 0);
        assert_int_equal(gnt_review_resolve(&b, "aaaa", &idx, err, sizeof err), -ENOENT);
        assert_int_equal(gnt_review_resolve(&b, "carol\x1b[2J", &idx, err, sizeof err), -ENOENT);
        assert_null(strchr(err, '\x1b'));

        struct gnt_review_edit *v;
        size_t n;
        const char tsv[] = "submission\titem\tscore\tnote\n# a comment\n"
                           "alice\terrors\t4\tclear\nalice\tdesign\t2\nbob\t-\t-\toverall\n";
        assert_int_equal(gnt_review_edits_parse("s.tsv", tsv, strlen(tsv), &b, &rb, &v, &n, err, sizeof err), 0);
        assert_int_equal(n, 2);
        assert_int_equal(v[0].entry, 0);
        assert_int_equal(v[0].pts[0], 4);
        assert_int_equal(v[0].pts[1], 2);
        assert_string_equal(v[0].notes[0], "clear");
        assert_string_equal(v[1].note, "overall");
        assert_int_equal(v[1].pts[0], -1);
        gnt_review_edits_free(v, n);

        static const struct {
                const char *text, *want;
        } bad[] = {
                {"alice\terrors\t6\n", "s.tsv:1: score '6' for 'errors': expected a whole number from 0 to 5"},
                {"alice\terrors\t-1\n", "s.tsv:1: score '-1'"},
                {"# x\nalice\tspeed\t1\n", "s.tsv:2: unknown rubric item 'speed' (the rubric has: errors, design)"},
                {"carol\terrors\t1\n", "s.tsv:1: no submission 'carol'"},
                {"alice errors 1\n", "s.tsv:1: expected SUBMISSION<TAB>ITEM<TAB>SCORE"},
                {"alice\terrors\t1\nalice\terrors\t2\n", "s.tsv:2: 'errors' is scored twice"},
                {"\n# nothing\n", "s.tsv: no scores in it"},
                {"{\"reviews\": [{\"submission\": \"bob\", \"scores\": {\"design\": 4}}]}",
                 "s.tsv: reviews[0].scores.design: expected an integer >= 0 and <= 3, got 4"},
                {"{\"reviews\": [{\"submission\": \"zed\", \"scores\": {}}]}", "reviews[0].submission: no submission"},
                {"{\"reviews\": [{\"submission\": \"bob\", \"scores\": {\"x\": 1}}]}",
                 "reviews[0].scores: unknown rubric item 'x'"},
                {"{\"reviews\": 3}", "reviews: expected an array"},
                {"{\"reviews\": [], \"extra\": 1}", "extra: unknown field"},
                {"{\"reviews\": [", "not valid JSON"},
        };
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
                err[0] = '\0';
                int r = gnt_review_edits_parse("s.tsv", bad[i].text, strlen(bad[i].text), &b, &rb, &v, &n, err,
                                               sizeof err);
                assert_int_equal(r, -EINVAL);
                if (!strstr(err, bad[i].want))
                        fail_msg("case %zu: '%s' lacks '%s'", i, err, bad[i].want);
        }
        gnt_rubric_release(&rb);
}

/* The blind rule: ana sees bob's review of a submission only after
 * scoring every item of it; the full view shows both and flags the
 * spread. */
static void test_blind_view(void **state)
{
        (void)state;
        char dir[64], err[512];
        make_outdir(dir);
        struct gnt_rubric rb;
        assert_int_equal(gnt_review_rubric_read(dir, &rb, err, sizeof err), 0);
        struct gnt_reviewer ana = {.n_items = rb.n}, bob = {.n_items = rb.n};
        ana.name = strdup("ana");
        bob.name = strdup("bob");
        set(&ana, &rb, SHA_A, 5, 3, 10, NULL);  /* complete */
        set(&ana, &rb, SHA_B, 1, -1, 10, NULL); /* in progress */
        set(&bob, &rb, SHA_A, 1, 3, 10, NULL);
        set(&bob, &rb, SHA_B, 2, 2, 10, NULL);
        assert_int_equal(gnt_reviewer_save(dir, &ana, &rb, "wp", "1", err, sizeof err), 0);
        assert_int_equal(gnt_reviewer_save(dir, &bob, &rb, "wp", "1", err, sizeof err), 0);
        gnt_reviewer_release(&ana);
        gnt_reviewer_release(&bob);

        struct gnt_review_board b;
        assert_int_equal(gnt_review_board_load(dir, &b, err, sizeof err), 0);
        assert_int_equal(b.n, 2);
        size_t ia = strcmp(b.e[0].sha256, SHA_A) == 0 ? 0 : 1, ib = 1 - ia;

        assert_int_equal(gnt_review_board_rubric(&b, NULL, 0, err, sizeof err), 0);
        const struct gnt_rubric_view *v = b.rubric;
        assert_int_equal(v->cell[ia].n_shown, 2);
        assert_int_equal(v->cell[ia].n_complete, 2);
        assert_true(v->cell[ia].mean > 5.99 && v->cell[ia].mean < 6.01); /* (8 + 4) / 2 */
        assert_true(v->cell[ia].disagree);                               /* totals 8 and 4, errors 5 and 1 */
        assert_int_equal(v->cell[ib].n_complete, 1);                     /* ana's is in progress */
        assert_false(v->cell[ib].disagree);

        assert_int_equal(gnt_review_board_rubric(&b, "ana", 0, err, sizeof err), 0);
        v = b.rubric;
        assert_int_equal(v->cell[ia].n_shown, 2); /* scored: sees bob */
        assert_int_equal(v->cell[ib].n_shown, 1); /* not yet: only her own */
        assert_int_equal(v->cell[ib].n_hidden, 1);
        assert_int_equal(v->cell[ib].n_complete, 0);

        char *html = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&html, &len);
        gnt_review_board_rank(&b);
        gnt_rubric_html_card(&b, ib, f);
        fclose(f);
        assert_non_null(strstr(html, "1 other review hidden"));
        assert_null(strstr(html, "<th>bob</th>"));
        free(html);

        /* A margin wider than the spread: no flag. */
        assert_int_equal(gnt_review_board_rubric(&b, NULL, 10, err, sizeof err), 0);
        assert_false(b.rubric->cell[ia].disagree);
        gnt_review_board_release(&b);
        gnt_rubric_release(&rb);
        sbx_file_rmtree(dir);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_rubric_checks),
                cmocka_unit_test(test_reviewer_names),
                cmocka_unit_test(test_reviewer_roundtrip_and_tampering),
                cmocka_unit_test(test_merge_later_wins),
                cmocka_unit_test(test_input),
                cmocka_unit_test(test_blind_view),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
