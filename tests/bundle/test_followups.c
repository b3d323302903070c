/* test_followups.c — "followups" of problem.json: a valid list reads into
 * the model; every mistake (unknown key, unsafe or repeated id, unknown
 * topic or evidence, text too long or with control characters, "escape"
 * on a C problem, follow-ups in a public manifest) is one line naming the
 * field; the candidate's manifest never carries a question or an answer;
 * and every Go problem of the shipped library has at least two. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "followups.h"
#include "manifest.h"

static const char *library; /* the shipped problems/ folder */

static const char item_ok[] =
        "{\"id\": \"blocked\", \"topic\": \"scheduler\", \"question\": \"What happens to a blocked worker?\", "
        "\"answer\": \"It is parked.\"}";

/* Parse the JSON text of a "followups" value. */
static int parse(const char *json, bool go, struct gnt_followups *f, char *err, size_t errsz)
{
        cJSON *v = cJSON_Parse(json);
        if (!v)
                fail_msg("test input is not JSON: %s", json);
        int r = gnt_followups_from_json(v, "problem.json", "followups", go, f, err, errsz);
        cJSON_Delete(v);
        return r;
}

static void test_valid(void **state)
{
        (void)state;
        char json[2048], err[GNT_ERR_MAX] = "";
        snprintf(json, sizeof json,
                 "[%s, {\"id\": \"allocs-2\", \"topic\": \"escape-analysis\", \"question\": \"Which values escape?\", "
                 "\"answer\": \"The closure.\", \"evidence\": \"escape\"}]",
                 item_ok);
        struct gnt_followups f = {0};
        assert_int_equal(parse(json, true, &f, err, sizeof err), 0);
        assert_int_equal(f.n, 2);
        assert_string_equal(f.items[0].id, "blocked");
        assert_string_equal(f.items[0].topic, "scheduler");
        assert_string_equal(f.items[0].answer, "It is parked.");
        assert_int_equal(f.items[0].evidence, GNT_EVIDENCE_NONE);
        assert_int_equal(f.items[1].evidence, GNT_EVIDENCE_ESCAPE);
        assert_string_equal(gnt_followup_evidence_name(f.items[1].evidence), "escape");
        gnt_followups_release(&f);
        gnt_followups_release(&f); /* released twice: a no-op */
        gnt_followups_release(NULL);
}

static const struct {
        const char *json;
        bool go;
        const char *want;
} cases[] = {
        {"{}", true, "problem.json: followups: expected an array of follow-up questions, got an object"},
        {"[]", true, "problem.json: followups: expected 1 to 12 follow-up questions, got 0"},
        {"[1]", true, "problem.json: followups[0]: expected an object, got 1"},
        {"[{\"id\": \"a\", \"topic\": \"gc\", \"question\": \"q\", \"answer\": \"a\", \"hint\": \"h\"}]", true,
         "problem.json: followups[0].hint: unknown field \"hint\""},
        {"[{\"id\": \"../x\", \"topic\": \"gc\", \"question\": \"q\", \"answer\": \"a\"}]", true,
         "problem.json: followups[0]: id: expected lowercase letters"},
        {"[{\"id\": \"Upper\", \"topic\": \"gc\", \"question\": \"q\", \"answer\": \"a\"}]", true,
         "problem.json: followups[0]: id: expected lowercase letters"},
        {"[{\"id\": \"a\", \"topic\": \"gc\", \"question\": \"q\", \"answer\": \"a\"},"
         " {\"id\": \"a\", \"topic\": \"gc\", \"question\": \"q\", \"answer\": \"a\"}]", true,
         "problem.json: followups[1]: id \"a\" is used twice"},
        {"[{\"id\": \"a\", \"topic\": \"trivia\", \"question\": \"q\", \"answer\": \"a\"}]", true,
         "problem.json: followups[0].topic: expected one of \"scheduler\", \"gc\""},
        {"[{\"id\": \"a\", \"topic\": \"gc\", \"answer\": \"a\"}]", true, "problem.json: followups[0].question: missing"},
        {"[{\"id\": \"a\", \"topic\": \"gc\", \"question\": \"q\"}]", true, "problem.json: followups[0].answer: missing"},
        {"[{\"id\": \"a\", \"topic\": \"gc\", \"question\": \"q\", \"answer\": \"two\\nlines\"}]", true,
         "problem.json: followups[0].answer: expected a string without control characters"},
        {"[{\"id\": \"a\", \"topic\": \"gc\", \"question\": \"\\u001b[2J\", \"answer\": \"a\"}]", true,
         "problem.json: followups[0].question: expected a string without control characters"},
        {"[{\"id\": \"a\", \"topic\": \"gc\", \"question\": \"q\", \"answer\": \"a\", \"evidence\": \"pprof\"}]",
         true, "problem.json: followups[0].evidence: expected one of \"escape\""},
        {"[{\"id\": \"a\", \"topic\": \"gc\", \"question\": \"q\", \"answer\": \"a\", \"evidence\": \"escape\"}]",
         false, "problem.json: followups[0]: evidence: \"escape\" needs a Go problem"},
};

static void test_errors(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                char err[GNT_ERR_MAX] = "";
                struct gnt_followups f = {0};
                int r = parse(cases[i].json, cases[i].go, &f, err, sizeof err);
                if (r != -EINVAL || strncmp(err, cases[i].want, strlen(cases[i].want)) != 0)
                        fail_msg("case %zu: expected -EINVAL '%s', got %d '%s'", i, cases[i].want, r, err);
                if (strchr(err, '\n'))
                        fail_msg("case %zu: more than one line: '%s'", i, err);
                assert_null(f.items); /* untouched on failure */
        }
}

/* Lengths: the bounds themselves pass, one byte more does not; thirteen
 * items are too many. */
static void test_bounds(void **state)
{
        (void)state;
        size_t big = GNT_FOLLOWUP_ANSWER_MAX + 2;
        char *q = malloc(GNT_FOLLOWUP_QUESTION_MAX + 2), *a = malloc(big), *json = malloc(4 * big);
        for (int extra = 0; extra <= 1; extra++) {
                memset(q, 'q', GNT_FOLLOWUP_QUESTION_MAX + (size_t)extra);
                q[GNT_FOLLOWUP_QUESTION_MAX + extra] = '\0';
                memset(a, 'a', GNT_FOLLOWUP_ANSWER_MAX);
                a[GNT_FOLLOWUP_ANSWER_MAX] = '\0';
                snprintf(json, 4 * big, "[{\"id\": \"x\", \"topic\": \"gc\", \"question\": \"%s\", \"answer\": \"%s\"}]",
                         q, a);
                char err[GNT_ERR_MAX] = "";
                struct gnt_followups f = {0};
                int r = parse(json, true, &f, err, sizeof err);
                if (extra)
                        assert_true(r == -EINVAL && strstr(err, "followups[0].question: expected a string of 1 to 400"));
                else
                        assert_int_equal(r, 0);
                gnt_followups_release(&f);
        }
        size_t o = (size_t)snprintf(json, 4 * big, "[");
        for (int i = 0; i <= GNT_FOLLOWUPS_MAX; i++)
                o += (size_t)snprintf(json + o, 4 * big - o,
                                      "%s{\"id\": \"q%d\", \"topic\": \"gc\", \"question\": \"q\", \"answer\": \"a\"}",
                                      i ? "," : "", i);
        snprintf(json + o, 4 * big - o, "]");
        char err[GNT_ERR_MAX] = "";
        struct gnt_followups f = {0};
        assert_int_equal(parse(json, true, &f, err, sizeof err), -EINVAL);
        assert_string_equal(err, "problem.json: followups: expected 1 to 12 follow-up questions, got 13");
        free(q);
        free(a);
        free(json);
}

/* The whole manifest: followups are checked on every parse (so validate
 * and pack refuse a bad one), refused in a public manifest, and absent
 * from the manifest a candidate receives. */
static void test_manifest(void **state)
{
        (void)state;
        char path[PATH_MAX], *text = NULL;
        size_t len = 0;
        snprintf(path, sizeof path, "%s/worker-pool/problem.json", library);
        FILE *fp = fopen(path, "rb");
        if (!fp)
                fail_msg("cannot open %s", path);
        text = malloc(1 << 18);
        len = fread(text, 1, (1 << 18) - 1, fp);
        text[len] = '\0';
        fclose(fp);
        struct grd_problem p = {0};
        char err[GNT_ERR_MAX] = "";
        assert_int_equal(gnt_manifest_parse(text, len, "problem.json", &p, err, sizeof err), 0);
        struct gnt_followups f = {0};
        assert_int_equal(gnt_manifest_followups_load(library, &f, err, sizeof err), -ENOENT); /* no problem.json */
        snprintf(path, sizeof path, "%s/worker-pool", library);
        assert_int_equal(gnt_manifest_followups_load(path, &f, err, sizeof err), 0);
        assert_true(f.n >= 2);
        char *pub = gnt_manifest_public_json(&p);
        assert_non_null(pub);
        assert_null(strstr(pub, "followups"));
        for (size_t i = 0; i < f.n; i++) {
                if (strstr(pub, f.items[i].question) || strstr(pub, f.items[i].answer))
                        fail_msg("the public manifest carries follow-up %s", f.items[i].id);
        }
        /* The public manifest with a follow-up added is refused. */
        char *bad = malloc(strlen(pub) + 512);
        snprintf(bad, strlen(pub) + 512, "{\"followups\": [%s], %s", item_ok, pub + 1);
        struct grd_problem q = {0};
        assert_int_equal(gnt_manifest_parse(bad, strlen(bad), "problem.json", &q, err, sizeof err), -EINVAL);
        assert_string_equal(err, "problem.json: followups: not allowed in a public manifest (\"public\": true)");
        /* A broken follow-up breaks the whole manifest. */
        char *at = strstr(text, "\"topic\": \"");
        assert_non_null(at);
        memcpy(at + 10, "xyz", 3);
        assert_int_equal(gnt_manifest_parse(text, len, "problem.json", &q, err, sizeof err), -EINVAL);
        assert_non_null(strstr(err, "problem.json: followups[0].topic: expected one of"));
        free(bad);
        free(pub);
        free(text);
        gnt_followups_release(&f);
        grd_problem_release(&p);
}

/* The library's rule: every Go problem carries at least two follow-ups
 * (a hiring team's own problem may have none). */
static void test_library(void **state)
{
        (void)state;
        DIR *d = opendir(library);
        assert_non_null(d);
        struct dirent *de;
        int go = 0;
        while ((de = readdir(d))) {
                if (de->d_name[0] == '.')
                        continue;
                char dir[PATH_MAX], err[GNT_ERR_MAX] = "";
                snprintf(dir, sizeof dir, "%s/%s", library, de->d_name);
                struct grd_problem p = {0};
                if (gnt_manifest_load(dir, &p, err, sizeof err) < 0)
                        fail_msg("%s: %s", de->d_name, err);
                struct gnt_followups f = {0};
                assert_int_equal(gnt_manifest_followups_load(dir, &f, err, sizeof err), 0);
                if (p.lang == GRD_LANG_GO) {
                        go++;
                        if (f.n < 2)
                                fail_msg("%s: a Go problem of the library needs at least two follow-up questions, "
                                         "has %zu", de->d_name, f.n);
                }
                gnt_followups_release(&f);
                grd_problem_release(&p);
        }
        closedir(d);
        assert_true(go >= 1);
}

int main(int argc, char **argv)
{
        library = argc > 1 ? argv[1] : NULL;
        if (!library) {
                fprintf(stderr, "usage: test_followups PROBLEMS-DIR\n");
                return 2;
        }
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_valid),    cmocka_unit_test(test_errors),  cmocka_unit_test(test_bounds),
                cmocka_unit_test(test_manifest), cmocka_unit_test(test_library),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
