/* model.c — read back batch.json, meta.json and the graders' report.json
 * into plain structs; write meta.json.  The report reader takes only the
 * fields it knows and ignores the rest, so a newer grader's report still
 * shows; every value is type-checked before use. */
#include "model.h"

#include "sbx_file.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = {"graded", "rejected", "error"};

const char *gnt_review_status_name(enum gnt_review_status s)
{
        return (unsigned)s < 3 ? status_names[s] : "error";
}

int gnt_review_status_from_name(const char *s)
{
        for (int i = 0; s && i < 3; i++)
                if (strcmp(s, status_names[i]) == 0)
                        return i;
        return -EINVAL;
}

static const cJSON *get(const cJSON *o, const char *k)
{
        return cJSON_GetObjectItemCaseSensitive(o, k);
}

static char *dup_str(const cJSON *v)
{
        return cJSON_IsString(v) && v->valuestring ? strdup(v->valuestring) : NULL;
}

static double num(const cJSON *v, double dflt)
{
        return cJSON_IsNumber(v) && isfinite(v->valuedouble) ? v->valuedouble : dflt;
}

static int64_t inum(const cJSON *v, int64_t dflt)
{
        if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || fabs(v->valuedouble) > 9e15)
                return dflt;
        return (int64_t)v->valuedouble;
}

static void copy_to(char *dst, size_t n, const cJSON *v)
{
        if (cJSON_IsString(v) && v->valuestring)
                snprintf(dst, n, "%s", v->valuestring);
}

static int read_json(const char *dir, const char *name, cJSON **ret, bool *missing, char *err, size_t errsz)
{
        char path[PATH_MAX];
        gnt_review_path(path, sizeof path, "%s/%s", dir, name);
        char *text;
        size_t len;
        int r = sbx_file_read(path, GNT_REVIEW_MAX_JSON, 0, &text, &len);
        if (r == -ENOENT && missing) {
                *missing = true;
                return 0;
        }
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot read '%s': %s", path, strerror(-r));
        cJSON *j = cJSON_ParseWithLength(text, len);
        free(text);
        if (!cJSON_IsObject(j)) {
                cJSON_Delete(j);
                return sbx_errf(err, errsz, -EINVAL, "'%s': not a JSON object", path);
        }
        *ret = j;
        return 0;
}

int gnt_review_problem_load(const char *dir, struct gnt_review_problem *ret, char *err, size_t errsz)
{
        cJSON *j = NULL;
        int r = read_json(dir, GNT_REVIEW_BATCH, &j, NULL, err, errsz);
        if (r < 0)
                return r;
        const cJSON *pr = get(j, "problem");
        struct gnt_review_problem p = {0};
        p.id = dup_str(get(pr, "id"));
        p.title = dup_str(get(pr, "title"));
        p.version = dup_str(get(pr, "version"));
        p.language = dup_str(get(pr, "language"));
        if (!p.id || !p.version) {
                gnt_review_problem_release(&p);
                cJSON_Delete(j);
                return sbx_errf(err, errsz, -EINVAL, "'%s/%s': problem.id and problem.version are required",
                                dir, GNT_REVIEW_BATCH);
        }
        const cJSON *gs = get(j, "graders");
        for (int k = 0; k < _GRD_KIND_MAX; k++) {
                const cJSON *g = get(gs, grd_kind_name((enum grd_kind)k));
                if (!cJSON_IsObject(g))
                        continue;
                p.enabled[k] = true;
                p.weight[k] = num(get(g, "weight"), 0);
                if (k == GRD_BENCH) {
                        p.target_ratio = num(get(g, "target_ratio"), 0);
                        p.fail_ratio = num(get(g, "fail_ratio"), 0);
                }
        }
        cJSON_Delete(j);
        *ret = p;
        return 0;
}

void gnt_review_problem_release(struct gnt_review_problem *p)
{
        if (!p)
                return;
        free(p->id);
        free(p->title);
        free(p->version);
        free(p->language);
        memset(p, 0, sizeof *p);
}

static void grader_release(struct gnt_review_grader *g)
{
        free(g->summary);
        free(g->evidence);
        for (size_t i = 0; i < g->n_tests; i++) {
                free(g->tests[i].name);
                free(g->tests[i].status);
                free(g->tests[i].group);
                free(g->tests[i].output);
        }
        free(g->tests);
        free(g->pair_ratios);
        for (size_t i = 0; i < g->n_bench; i++) {
                free(g->bench[i].name);
                free(g->bench[i].pair_ratio);
        }
        free(g->bench);
        memset(g, 0, sizeof *g);
}

void gnt_review_entry_release(struct gnt_review_entry *e)
{
        if (!e)
                return;
        free(e->dir);
        free(e->candidate);
        free(e->source);
        free(e->kind);
        free(e->message);
        free(e->problem_id);
        free(e->problem_version);
        for (size_t i = 0; i < e->n_also_as; i++)
                free(e->also_as[i]);
        free(e->also_as);
        for (int k = 0; k < _GRD_KIND_MAX; k++)
                grader_release(&e->g[k]);
        free(e->mode);
        gnt_integrity_release(&e->ig);
        free(e->events);
        free(e->similar);
        memset(e, 0, sizeof *e);
}

/* A per-pair value: a number, or an object with "ratio". */
static double pair_value(const cJSON *v)
{
        if (cJSON_IsNumber(v))
                return num(v, -1);
        return num(get(v, "ratio"), -1);
}

static void parse_tests(struct gnt_review_grader *g, const cJSON *tests)
{
        int n = cJSON_GetArraySize(tests);
        if (!cJSON_IsArray(tests) || n <= 0)
                return;
        g->tests = calloc((size_t)n, sizeof *g->tests);
        if (!g->tests)
                return;
        const cJSON *t;
        cJSON_ArrayForEach(t, tests)
        {
                char *name = dup_str(get(t, "name"));
                if (!name)
                        continue;
                struct gnt_review_test *x = &g->tests[g->n_tests++];
                x->name = name;
                x->status = dup_str(get(t, "status"));
                if (!x->status)
                        x->status = dup_str(get(t, "result"));
                x->group = dup_str(get(t, "group"));
                x->output = dup_str(get(t, "output"));
                x->elapsed_s = num(get(t, "elapsed_s"), 0);
        }
}

static void parse_bench(struct gnt_review_grader *g, const cJSON *src)
{
        g->ratio = num(get(src, "ratio"), -1);
        g->ci_low = num(get(src, "ci_low"), -1);
        g->ci_high = num(get(src, "ci_high"), -1);
        g->cv = num(get(src, "cv"), -1);
        const cJSON *pairs = get(src, "pairs");
        int np = cJSON_GetArraySize(pairs);
        const cJSON *bl = get(src, "benchmarks");
        int nb = cJSON_GetArraySize(bl);
        if (cJSON_IsArray(pairs) && np > 0 && (g->pair_ratios = calloc((size_t)np, sizeof(double)))) {
                const cJSON *p;
                cJSON_ArrayForEach(p, pairs)
                {
                        double v = pair_value(p);
                        if (v > 0)
                                g->pair_ratios[g->n_pairs++] = v;
                }
        }
        if (!cJSON_IsArray(bl) || nb <= 0 || !(g->bench = calloc((size_t)nb, sizeof *g->bench)))
                return;
        const cJSON *b;
        int bi = 0;
        cJSON_ArrayForEach(b, bl)
        {
                struct gnt_review_bench *x = &g->bench[g->n_bench];
                if (!(x->name = dup_str(get(b, "name"))))
                        continue;
                x->cand_ns = num(get(b, "cand_ns"), -1);
                x->ref_ns = num(get(b, "ref_ns"), -1);
                x->ratio = num(get(b, "ratio"), -1);
                x->cand_allocs = num(get(b, "cand_allocs"), -1);
                x->cand_bytes = num(get(b, "cand_bytes"), -1);
                x->ref_allocs = num(get(b, "ref_allocs"), -1);
                x->ref_bytes = num(get(b, "ref_bytes"), -1);
                /* Per-pair ratios of this benchmark: pairs[i].cand_ns[bi] /
                 * pairs[i].ref_ns[bi], when the pairs carry them. */
                if (np > 0 && (x->pair_ratio = calloc((size_t)np, sizeof(double)))) {
                        const cJSON *p;
                        cJSON_ArrayForEach(p, pairs)
                        {
                                double c = num(cJSON_GetArrayItem(get(p, "cand_ns"), bi), -1);
                                double r = num(cJSON_GetArrayItem(get(p, "ref_ns"), bi), -1);
                                if (c > 0 && r > 0)
                                        x->pair_ratio[x->n_pair++] = c / r;
                        }
                }
                g->n_bench++;
                bi++;
        }
}

static void parse_grader(struct gnt_review_grader *g, const cJSON *o)
{
        g->present = true;
        copy_to(g->verdict, sizeof g->verdict, get(o, "verdict"));
        g->score = num(get(o, "score"), 0);
        g->weight = num(get(o, "weight"), 0);
        g->summary = dup_str(get(o, "summary"));
        g->evidence = dup_str(get(o, "evidence"));
        g->wall_s = num(get(o, "wall_s"), 0);
        parse_tests(g, get(o, "tests"));
        const cJSON *b = get(o, "bench");
        parse_bench(g, cJSON_IsObject(b) ? b : o);
}

int gnt_review_entry_parse_report(struct gnt_review_entry *e, const char *text, size_t len)
{
        cJSON *j = cJSON_ParseWithLength(text, len);
        if (!cJSON_IsObject(j)) {
                cJSON_Delete(j);
                return -EINVAL;
        }
        e->has_report = true;
        int st = gnt_review_status_from_name(cJSON_GetStringValue(get(j, "status")));
        e->status = st >= 0 ? (enum gnt_review_status)st : GNT_REVIEW_ERROR;
        const cJSON *msg = get(j, "message");
        if (cJSON_IsString(msg) && msg->valuestring[0]) {
                free(e->message);
                e->message = strdup(msg->valuestring);
        }
        e->score = num(get(j, "score"), 0);
        const cJSON *pr = get(j, "problem");
        e->problem_id = dup_str(cJSON_IsObject(pr) ? get(pr, "id") : get(j, "problem_id"));
        e->problem_version = dup_str(cJSON_IsObject(pr) ? get(pr, "version") : get(j, "problem_version"));
        /* "graders": an array of objects with "name", or an object keyed by
         * grader name. */
        const cJSON *gs = get(j, "graders");
        const cJSON *g;
        cJSON_ArrayForEach(g, gs)
        {
                const char *name = cJSON_IsArray(gs) ? cJSON_GetStringValue(get(g, "name")) : g->string;
                int k = name ? grd_kind_from_name(name) : -EINVAL;
                if (k >= 0 && cJSON_IsObject(g) && !e->g[k].present)
                        parse_grader(&e->g[k], g);
        }
        cJSON_Delete(j);
        return 0;
}

static int push_event(struct gnt_review_entry *e, const struct gnt_review_event *ev)
{
        if (e->n_events >= 10000)
                return 0;
        struct gnt_review_event *n = realloc(e->events, (e->n_events + 1) * sizeof *n);
        if (!n)
                return -ENOMEM;
        e->events = n;
        e->events[e->n_events++] = *ev;
        return 0;
}

static void event_from_json(struct gnt_review_event *ev, const cJSON *o)
{
        memset(ev, 0, sizeof *ev);
        ev->time = inum(get(o, "time"), 0);
        copy_to(ev->type, sizeof ev->type, get(o, "type"));
        copy_to(ev->status, sizeof ev->status, get(o, "status"));
        ev->passed = (int)inum(get(o, "passed"), 0);
        ev->failed = (int)inum(get(o, "failed"), 0);
        ev->skipped = (int)inum(get(o, "skipped"), 0);
        ev->late = cJSON_IsTrue(get(o, "late")) || cJSON_IsTrue(get(o, "after_deadline"));
}

void gnt_review_entry_parse_session(struct gnt_review_entry *e, const char *journal, size_t journal_len)
{
        if (!journal)
                return;
        struct gnt_journal_times t;
        gnt_journal_times_read(journal, journal_len, &t);
        if (t.has_session) {
                e->has_session = true;
                free(e->mode);
                e->mode = t.mode[0] ? strdup(t.mode) : NULL;
                e->started = t.started;
                e->deadline = t.deadline;
                e->submitted = t.submitted;
                e->late = t.late;
                e->overrun_s = t.overrun_s;
        }
        const char *p = journal, *end = journal + journal_len;
        while (p < end) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
                cJSON *o = cJSON_ParseWithLength(p, n);
                if (cJSON_IsObject(o)) {
                        struct gnt_review_event ev;
                        event_from_json(&ev, o);
                        if (ev.type[0] && strcmp(ev.type, "snapshot") != 0)
                                push_event(e, &ev);
                }
                cJSON_Delete(o);
                p += n + 1;
        }
}

static void parse_meta(struct gnt_review_entry *e, const cJSON *m)
{
        e->candidate = dup_str(get(m, "candidate"));
        e->source = dup_str(get(m, "source"));
        e->kind = dup_str(get(m, "kind"));
        int st = gnt_review_status_from_name(cJSON_GetStringValue(get(m, "status")));
        e->status = st >= 0 ? (enum gnt_review_status)st : GNT_REVIEW_ERROR;
        e->message = dup_str(get(m, "message"));
        e->wall_s = num(get(m, "wall_s"), 0);
        gnt_integrity_from_json(&e->ig, get(m, "integrity"));
        const cJSON *also = get(m, "also_as"), *a;
        size_t na = cJSON_IsArray(also) ? (size_t)cJSON_GetArraySize(also) : 0;
        if (na && na <= 10000 && (e->also_as = calloc(na, sizeof *e->also_as)))
                cJSON_ArrayForEach(a, also)
                {
                        if (cJSON_IsString(a) && e->n_also_as < na && (e->also_as[e->n_also_as] = strdup(a->valuestring)))
                                e->n_also_as++;
                }
        const cJSON *s = get(m, "session");
        if (cJSON_IsObject(s)) {
                e->has_session = true;
                e->mode = dup_str(get(s, "mode"));
                e->started = inum(get(s, "started"), 0);
                e->deadline = inum(get(s, "deadline"), 0);
                e->submitted = inum(get(s, "submitted"), 0);
                e->late = cJSON_IsTrue(get(s, "late"));
                e->overrun_s = inum(get(s, "overrun_s"), 0);
        }
        const cJSON *ev;
        cJSON_ArrayForEach(ev, get(m, "timeline"))
        {
                struct gnt_review_event x;
                event_from_json(&x, ev);
                if (x.type[0])
                        push_event(e, &x);
        }
}

static bool hex64(const char *s)
{
        if (!s || strlen(s) != 64)
                return false;
        for (int i = 0; i < 64; i++)
                if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
                        return false;
        return true;
}

int gnt_review_entry_load(const char *dir, struct gnt_review_entry *ret, char *err, size_t errsz)
{
        cJSON *m = NULL;
        int r = read_json(dir, GNT_REVIEW_META, &m, NULL, err, errsz);
        if (r < 0)
                return r;
        struct gnt_review_entry e = {0};
        const char *sha = cJSON_GetStringValue(get(m, "sha256"));
        if (!hex64(sha)) {
                cJSON_Delete(m);
                return sbx_errf(err, errsz, -EINVAL, "'%s/%s': sha256: expected 64 hex digits", dir,
                                GNT_REVIEW_META);
        }
        snprintf(e.sha256, sizeof e.sha256, "%s", sha);
        parse_meta(&e, m);
        cJSON_Delete(m);
        if (!e.candidate)
                e.candidate = strdup(e.sha256);
        e.dir = strdup(dir);
        char path[PATH_MAX];
        gnt_review_path(path, sizeof path, "%s/%s", dir, GNT_REVIEW_REPORT);
        char *text;
        size_t len;
        r = sbx_file_read(path, GNT_REVIEW_MAX_JSON, 0, &text, &len);
        if (r == 0) {
                /* The batch's own status stays when it is worse than the
                 * report's (a crash after the report was written). */
                enum gnt_review_status st = e.status;
                char *msg = e.message ? strdup(e.message) : NULL;
                if (gnt_review_entry_parse_report(&e, text, len) < 0) {
                        e.status = GNT_REVIEW_ERROR;
                        free(e.message);
                        e.message = strdup("the grading report is not valid JSON");
                } else if (st > e.status) {
                        e.status = st;
                        free(e.message);
                        e.message = msg;
                        msg = NULL;
                }
                free(msg);
                free(text);
        }
        if (!e.candidate || !e.dir) {
                gnt_review_entry_release(&e);
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        }
        *ret = e;
        return 0;
}

char *gnt_review_meta_json(const struct gnt_review_entry *e)
{
        cJSON *o = cJSON_CreateObject();
        if (!o)
                return NULL;
        cJSON_AddNumberToObject(o, "format", 1);
        cJSON_AddStringToObject(o, "sha256", e->sha256);
        cJSON_AddStringToObject(o, "candidate", e->candidate ? e->candidate : e->sha256);
        cJSON_AddStringToObject(o, "source", e->source ? e->source : "");
        cJSON_AddStringToObject(o, "kind", e->kind ? e->kind : "archive");
        cJSON_AddStringToObject(o, "status", gnt_review_status_name(e->status));
        if (e->message)
                cJSON_AddStringToObject(o, "message", e->message);
        else
                cJSON_AddNullToObject(o, "message");
        cJSON_AddNumberToObject(o, "wall_s", round(e->wall_s * 1000) / 1000);
        if (e->n_also_as) {
                cJSON *also = cJSON_AddArrayToObject(o, "also_as");
                for (size_t i = 0; i < e->n_also_as; i++)
                        cJSON_AddItemToArray(also, cJSON_CreateString(e->also_as[i]));
        }
        cJSON *ig = gnt_integrity_json(&e->ig);
        if (!ig) {
                cJSON_Delete(o);
                return NULL;
        }
        cJSON_AddItemToObject(o, "integrity", ig);
        if (e->has_session) {
                cJSON *s = cJSON_AddObjectToObject(o, "session");
                if (e->mode)
                        cJSON_AddStringToObject(s, "mode", e->mode);
                cJSON_AddNumberToObject(s, "started", (double)e->started);
                cJSON_AddNumberToObject(s, "deadline", (double)e->deadline);
                cJSON_AddNumberToObject(s, "submitted", (double)e->submitted);
                cJSON_AddBoolToObject(s, "late", e->late);
                cJSON_AddNumberToObject(s, "overrun_s", (double)e->overrun_s);
        } else {
                cJSON_AddNullToObject(o, "session");
        }
        cJSON *tl = cJSON_AddArrayToObject(o, "timeline");
        for (size_t i = 0; tl && i < e->n_events; i++) {
                const struct gnt_review_event *ev = &e->events[i];
                cJSON *x = cJSON_CreateObject();
                cJSON_AddNumberToObject(x, "time", (double)ev->time);
                cJSON_AddStringToObject(x, "type", ev->type);
                if (strcmp(ev->type, "test") == 0) {
                        cJSON_AddStringToObject(x, "status", ev->status);
                        cJSON_AddNumberToObject(x, "passed", ev->passed);
                        cJSON_AddNumberToObject(x, "failed", ev->failed);
                        cJSON_AddNumberToObject(x, "skipped", ev->skipped);
                }
                if (ev->late)
                        cJSON_AddBoolToObject(x, "late", true);
                cJSON_AddItemToArray(tl, x);
        }
        char *text = cJSON_Print(o);
        cJSON_Delete(o);
        return text;
}
