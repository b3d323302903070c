/* publicrun.c — the public run with the candidate's own tests and -race
 * (publicrun.h); its extras kept beside the journal, not in it. */
#include "publicrun.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "manifest.h"
#include "sbx_file.h"

#define EXTRAS_FILE "last-run.json"
/* Per-test outputs are cut at 8 KiB (testrun.c), the race text at the
 * graders' evidence bound: a kept file past this is not ours. */
#define EXTRAS_MAX (4u << 20)
#define EXTRAS_OWN_MAX 500

int gnt_session_race_allowed(const struct gnt_session *s, char *why, size_t size)
{
        struct grd_problem p;
        memset(&p, 0, sizeof p);
        int r = gnt_manifest_load(s->problem_dir, &p, why, size);
        if (r < 0)
                return r;
        if (p.has_io)
                r = sbx_errf(why, size, -EPERM, "-race needs Go tests: this problem is tested by input/output cases");
        else if (!s->mock && !p.public_race)
                r = sbx_errf(why, size, -EPERM, "this take-home's problem does not allow -race runs before submitting");
        grd_problem_release(&p);
        return r;
}

static void put_case(cJSON *arr, const struct gnt_test_case *c, bool yours)
{
        cJSON *t = cJSON_CreateObject();
        cJSON_AddStringToObject(t, "name", c->name);
        if (yours)
                cJSON_AddTrueToObject(t, "yours");
        cJSON_AddStringToObject(t, "result", gnt_test_outcome_name(c->outcome));
        cJSON_AddNumberToObject(t, "elapsed_s", c->elapsed_s);
        if (c->output)
                cJSON_AddStringToObject(t, "output", c->output);
        cJSON_AddItemToArray(arr, t);
}

static int extras_save(const struct gnt_session *s, const struct gnt_test_report *r)
{
        cJSON *o = cJSON_CreateObject();
        if (!o)
                return -ENOMEM;
        cJSON_AddNumberToObject(o, "seq", r->seq);
        cJSON *own = cJSON_AddArrayToObject(o, "own");
        for (size_t i = 0; i < r->n_own && i < EXTRAS_OWN_MAX; i++)
                put_case(own, &r->own[i], false);
        if (r->own_note)
                cJSON_AddStringToObject(o, "own_note", r->own_note);
        if (r->own_output)
                cJSON_AddStringToObject(o, "own_output", r->own_output);
        cJSON_AddBoolToObject(o, "race", r->race);
        cJSON_AddNumberToObject(o, "races", (double)r->races);
        if (r->race_text)
                cJSON_AddStringToObject(o, "race_text", r->race_text);
        char *text = cJSON_PrintUnformatted(o);
        cJSON_Delete(o);
        if (!text)
                return -ENOMEM;
        char path[PATH_MAX + 32];
        snprintf(path, sizeof path, "%s/%s", s->meta, EXTRAS_FILE);
        int rc = sbx_file_write_atomic(path, NULL, 0, text, strlen(text), 0644, 0);
        free(text);
        return rc;
}

static char *str_of(const cJSON *o, const char *key)
{
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
        return cJSON_IsString(v) ? strdup(v->valuestring) : NULL;
}

void gnt_session_test_extras_load(const struct gnt_session *s, struct gnt_test_report *r)
{
        char path[PATH_MAX + 32];
        snprintf(path, sizeof path, "%s/%s", s->meta, EXTRAS_FILE);
        char *text = NULL;
        size_t len = 0;
        if (sbx_file_read(path, EXTRAS_MAX, 0, &text, &len) < 0)
                return;
        cJSON *o = cJSON_ParseWithLength(text, len);
        free(text);
        const cJSON *seq = cJSON_GetObjectItemCaseSensitive(o, "seq");
        if (!cJSON_IsNumber(seq) || seq->valuedouble != (double)r->seq || r->n_own || r->race) {
                cJSON_Delete(o);
                return;
        }
        /* the cases through a report of their own: the same copying rules */
        struct gnt_test_report tmp;
        memset(&tmp, 0, sizeof tmp);
        const cJSON *t;
        cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(o, "own"))
        {
                const cJSON *name = cJSON_GetObjectItemCaseSensitive(t, "name");
                const cJSON *res = cJSON_GetObjectItemCaseSensitive(t, "result");
                const cJSON *el = cJSON_GetObjectItemCaseSensitive(t, "elapsed_s");
                const cJSON *out = cJSON_GetObjectItemCaseSensitive(t, "output");
                if (!cJSON_IsString(name) || !cJSON_IsString(res) || tmp.n >= EXTRAS_OWN_MAX)
                        break;
                enum gnt_test_outcome oc = strcmp(res->valuestring, "pass") == 0   ? GNT_TEST_PASS
                                           : strcmp(res->valuestring, "skip") == 0 ? GNT_TEST_SKIP
                                                                                   : GNT_TEST_FAIL;
                if (gnt_test_report_add(&tmp, name->valuestring, oc, cJSON_IsNumber(el) ? el->valuedouble : 0,
                                        cJSON_IsString(out) ? out->valuestring : NULL) < 0)
                        break;
        }
        r->own = tmp.cases;
        r->n_own = tmp.n;
        r->own_note = str_of(o, "own_note");
        r->own_output = str_of(o, "own_output");
        r->race = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "race"));
        const cJSON *races = cJSON_GetObjectItemCaseSensitive(o, "races");
        r->races = cJSON_IsNumber(races) && races->valuedouble >= 0 && races->valuedouble < 1e6
                           ? (size_t)races->valuedouble
                           : 0;
        r->race_text = str_of(o, "race_text");
        cJSON_Delete(o);
}

char *gnt_session_report_json(const struct gnt_test_report *r)
{
        cJSON *o = cJSON_CreateObject();
        if (!o)
                return NULL;
        size_t np, nf, ns;
        gnt_test_report_counts(r, &np, &nf, &ns);
        cJSON_AddNumberToObject(o, "run", r->seq);
        cJSON_AddStringToObject(o, "status", r->status);
        if (r->message)
                cJSON_AddStringToObject(o, "message", r->message);
        cJSON_AddNumberToObject(o, "passed", (double)np);
        cJSON_AddNumberToObject(o, "failed", (double)nf);
        cJSON_AddNumberToObject(o, "skipped", (double)ns);
        cJSON_AddNumberToObject(o, "wall_s", (double)(int64_t)(r->wall_s * 1000) / 1000);
        cJSON *t = cJSON_AddArrayToObject(o, "tests");
        for (size_t i = 0; i < r->n; i++)
                put_case(t, &r->cases[i], false);
        cJSON *y = cJSON_AddArrayToObject(o, "your_tests");
        for (size_t i = 0; i < r->n_own; i++)
                put_case(y, &r->own[i], true);
        if (r->own_note)
                cJSON_AddStringToObject(o, "your_tests_note", r->own_note);
        if (r->own_output)
                cJSON_AddStringToObject(o, "your_tests_build_output", r->own_output);
        cJSON_AddBoolToObject(o, "race", r->race);
        if (r->race) {
                cJSON_AddNumberToObject(o, "races", (double)r->races);
                if (r->race_text)
                        cJSON_AddStringToObject(o, "race_text", r->race_text);
        }
        char *s = cJSON_Print(o);
        cJSON_Delete(o);
        return s;
}

int gnt_session_test_public(struct gnt_session *s, bool race, struct gnt_test_report *ret, char *err,
                            size_t errsz)
{
        if (race) {
                int r = gnt_session_race_allowed(s, err, errsz);
                if (r < 0)
                        return r;
        }
        struct gnt_public_run_opts o = {.own_tests = true, .race = race};
        int r = gnt_session_test(s, gnt_session_grader_runner, &o, ret, err, errsz);
        if (r < 0)
                return r;
        (void)extras_save(s, ret);
        return 0;
}
