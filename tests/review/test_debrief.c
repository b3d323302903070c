/* test_debrief.c — a mock's debrief: the rule that marks each of the
 * problem's mistakes caught, avoided or undecided; report.json read back
 * as hostile input (garbage, another format, unsafe paths, unknown
 * states); its lines for the screen (the candidate's line under the
 * evidence naming it, the diff to the reference, the checklist). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "grade.h"
#include "review/debrief.h"
#include "session/debrief.h"

static void report_init(struct grd_report *r)
{
        memset(r, 0, sizeof *r);
        r->status = GRD_REPORT_GRADED;
        for (int k = 0; k < _GRD_KIND_MAX; k++) {
                r->enabled[k] = true;
                r->results[k].verdict = GRD_VERDICT_PASS;
        }
}

static void expect_init(int e[_GRD_KIND_MAX])
{
        for (int k = 0; k < _GRD_KIND_MAX; k++)
                e[k] = GRD_VERDICT_PASS;
}

static void test_judge_by_verdict(void **state)
{
        (void)state;
        struct grd_report r;
        int e[_GRD_KIND_MAX];
        char why[256];
        report_init(&r);
        expect_init(e);
        e[GRD_RACE] = GRD_VERDICT_FAIL;
        e[GRD_BENCH] = -1; /* "any" is never a target */
        assert_int_equal(gnt_mistake_judge(e, &r, NULL, why, sizeof why), GNT_MISTAKE_AVOIDED);
        assert_string_equal(why, "race passed");
        r.results[GRD_RACE].verdict = GRD_VERDICT_FAIL;
        r.results[GRD_BENCH].verdict = GRD_VERDICT_FAIL;
        assert_int_equal(gnt_mistake_judge(e, &r, NULL, why, sizeof why), GNT_MISTAKE_CAUGHT);
        assert_string_equal(why, "race failed");
        /* two targets: one skipped here decides nothing, one passed avoids */
        e[GRD_BENCH] = GRD_VERDICT_FAIL;
        r.results[GRD_BENCH].verdict = GRD_VERDICT_SKIP;
        assert_int_equal(gnt_mistake_judge(e, &r, NULL, why, sizeof why), GNT_MISTAKE_UNDECIDED);
        assert_non_null(strstr(why, "bench was skipped"));
        r.results[GRD_BENCH].verdict = GRD_VERDICT_PASS;
        assert_int_equal(gnt_mistake_judge(e, &r, NULL, why, sizeof why), GNT_MISTAKE_AVOIDED);
        /* no target at all, or no grading */
        expect_init(e);
        assert_int_equal(gnt_mistake_judge(e, &r, NULL, why, sizeof why), GNT_MISTAKE_UNDECIDED);
        e[GRD_LEAK] = GRD_VERDICT_FAIL;
        r.status = GRD_REPORT_ERROR;
        assert_int_equal(gnt_mistake_judge(e, &r, NULL, why, sizeof why), GNT_MISTAKE_UNDECIDED);
        assert_int_equal(gnt_mistake_judge(e, NULL, NULL, why, sizeof why), GNT_MISTAKE_UNDECIDED);
}

static void test_judge_by_kill_set(void **state)
{
        (void)state;
        struct grd_report r;
        int e[_GRD_KIND_MAX];
        char why[256];
        report_init(&r);
        expect_init(e);
        e[GRD_CORRECTNESS] = GRD_VERDICT_FAIL;
        struct grd_test_result tests[] = {
                {.name = "TestA", .status = GRD_TEST_FAIL},
                {.name = "TestB", .status = GRD_TEST_PASS},
                {.name = "TestC", .status = GRD_TEST_TIMEOUT},
        };
        r.results[GRD_CORRECTNESS].tests = tests;
        r.results[GRD_CORRECTNESS].n_tests = 3;
        r.results[GRD_CORRECTNESS].verdict = GRD_VERDICT_FAIL;
        char *kb[] = {"TestB"}, *kc[] = {"TestZ", "TestC"};
        struct gnt_mistake_kills only_b = {kb, 1}, c = {kc, 2}, none = {NULL, 0};
        /* failing correctness is not enough: the mistake's own tests pass here */
        assert_int_equal(gnt_mistake_judge(e, &r, &only_b, why, sizeof why), GNT_MISTAKE_AVOIDED);
        assert_string_equal(why, "you passed the 1 test it fails");
        assert_int_equal(gnt_mistake_judge(e, &r, &c, why, sizeof why), GNT_MISTAKE_CAUGHT);
        assert_string_equal(why, "you failed TestC, which it fails");
        /* no kill set known: the grader's verdict */
        assert_int_equal(gnt_mistake_judge(e, &r, &none, why, sizeof why), GNT_MISTAKE_CAUGHT);
        assert_string_equal(why, "correctness failed");
        /* nothing ran (a build failure): no test says either way */
        r.results[GRD_CORRECTNESS].n_tests = 0;
        assert_int_equal(gnt_mistake_judge(e, &r, &c, why, sizeof why), GNT_MISTAKE_UNDECIDED);
}

static int parse(const char *text, struct gnt_debrief *d)
{
        char err[256];
        int r = gnt_debrief_parse(text, strlen(text), d, err, sizeof err);
        if (r < 0)
                assert_true(err[0]);
        return r;
}

static void test_parse_hostile(void **state)
{
        (void)state;
        struct gnt_debrief d;
        static const char *const bad[] = {
                "", "not json", "[]", "{\"debrief_format\": 2, \"problem\": {}, \"grading\": {}}",
                "{\"debrief_format\": 1, \"problem\": \"x\", \"grading\": {}}",
                "{\"debrief_format\": 1, \"problem\": {}}",
        };
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
                assert_int_equal(parse(bad[i], &d), -EINVAL);
                gnt_debrief_release(&d);
        }
        assert_int_equal(parse("{\"debrief_format\": 1, \"problem\": {\"id\": \"p\"}, \"grading\": {\"status\": "
                               "\"graded\", \"score\": 12.5},"
                               "\"code\": [{\"path\": \"../../etc/passwd\", \"text\": \"x\"}, {\"path\": \"/abs\"},"
                               " {\"path\": \"ok.go\", \"text\": \"package p\\n\"}, 7, {\"path\": 3}],"
                               "\"reference\": [{\"path\": \"ok.go\", \"text\": null, \"why\": \"too large to show\"}],"
                               "\"mistakes\": [{\"name\": \"m\", \"state\": \"<script>\", \"graders\": [\"race\", "
                               "\"nope\", 4]}]}",
                               &d),
                         0);
        assert_int_equal(d.n_code, 1);
        assert_string_equal(d.code[0].path, "ok.go");
        assert_int_equal(d.n_ref, 1);
        assert_null(d.ref[0].text);
        assert_int_equal(d.n_mistakes, 1);
        assert_string_equal(d.mistakes[0].state, "undecided");
        assert_string_equal(d.mistakes[0].graders, "race");
        assert_true(d.e.score == 12.5);
        gnt_debrief_release(&d);
}

static bool has_line(const struct gnt_debrief_lines *l, enum gnt_debrief_style st, const char *text)
{
        for (size_t i = 0; i < l->n; i++)
                if (l->v[i].style == st && strstr(l->v[i].text, text))
                        return true;
        return false;
}

static void test_lines(void **state)
{
        (void)state;
        struct gnt_debrief d;
        const char *text =
                "{\"debrief_format\": 1, \"problem\": {\"id\": \"p\", \"title\": \"P\"},"
                "\"grading\": {\"status\": \"graded\", \"score\": 40, \"graders\": {"
                "\"correctness\": {\"verdict\": \"fail\", \"score\": 40, \"weight\": 50, \"summary\": \"1/2 tests\","
                " \"tests\": [{\"name\": \"TestX\", \"status\": \"fail\", \"output\": \"x_test.go:9: got 1\\tnot 2\\n\"}]},"
                "\"race\": {\"verdict\": \"fail\", \"score\": 0, \"weight\": 20, \"evidence\": "
                "\"WARNING: DATA RACE\\n  p.(*T).f()\\n      example.com/p/pool.go:2 +0x1\\n\"}}},"
                "\"code\": [{\"path\": \"go.mod\", \"text\": \"module example.com/p\\n\"},"
                " {\"path\": \"pool.go\", \"text\": \"package p\\nvar n int // racy\\n\"}],"
                "\"reference\": [{\"path\": \"pool.go\", \"text\": \"package p\\nvar n atomic.Int64\\n\"}],"
                "\"mistakes\": [{\"name\": \"racy\", \"description\": \"a racy counter\", \"state\": \"caught\","
                " \"graders\": [\"race\"], \"why\": \"race failed\"}], \"mistake_rule\": \"the rule\"}";
        assert_int_equal(parse(text, &d), 0);
        struct gnt_debrief_lines l;
        assert_int_equal(gnt_debrief_lines(&d, "/s/report.html", &l), 0);
        assert_true(has_line(&l, GNT_DL_TEXT, "score: 40.00 / 100"));
        assert_true(has_line(&l, GNT_DL_FAIL, "FAIL TestX (fail)"));
        assert_true(has_line(&l, GNT_DL_TEXT, "x_test.go:9: got 1    not 2")); /* the tab expanded */
        assert_true(has_line(&l, GNT_DL_MARK, "example.com/p/pool.go:2"));
        assert_true(has_line(&l, GNT_DL_CODE, "your line pool.go:2:  var n int // racy"));
        assert_true(has_line(&l, GNT_DL_FAIL, "[CAUGHT   ] racy: a racy counter"));
        assert_true(has_line(&l, GNT_DL_DEL, "- var n int // racy"));
        assert_true(has_line(&l, GNT_DL_ADD, "+ var n atomic.Int64"));
        assert_true(has_line(&l, GNT_DL_DIM, "/s/report.html"));
        for (size_t i = 0; i < l.n; i++)
                assert_null(strchr(l.v[i].text, '\t'));
        gnt_debrief_lines_release(&l);
        gnt_debrief_release(&d);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_judge_by_verdict),
                cmocka_unit_test(test_judge_by_kill_set),
                cmocka_unit_test(test_parse_hostile),
                cmocka_unit_test(test_lines),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
