/* history.c — practice history records: making, writing, reading. */
#include "history.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "files.h"
#include "library.h"
#include "manifest.h"
#include "problem.h"
#include "sbx_file.h"

void gnt_history_rec_release(struct gnt_history_rec *r)
{
        if (!r)
                return;
        free(r->problem_id);
        free(r->title);
        free(r->version);
        free(r->difficulty);
        for (size_t i = 0; i < r->n_areas; i++)
                free(r->areas[i]);
        free(r->areas);
        free(r->folder);
        memset(r, 0, sizeof *r);
}

void gnt_history_release(struct gnt_history *h)
{
        for (size_t i = 0; h && i < h->n; i++)
                gnt_history_rec_release(&h->r[i]);
        if (h) {
                free(h->r);
                h->r = NULL;
                h->n = 0;
        }
}

int gnt_history_dir(char *buf, size_t size)
{
        const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
        int n;
        if (xdg && xdg[0] == '/')
                n = snprintf(buf, size, "%s/gauntlet/history", xdg);
        else if (home && home[0] == '/')
                n = snprintf(buf, size, "%s/.local/share/gauntlet/history", home);
        else
                return -ENOENT;
        return n > 0 && (size_t)n < size ? 0 : -ENAMETOOLONG;
}

static char *dup_or_null(const char *s)
{
        return s ? strdup(s) : NULL;
}

/* The graders of a grading report's JSON text (docs/grading.md). */
static int graders_from_report(const char *report_json, struct gnt_history_rec *r, char *err, size_t errsz)
{
        cJSON *o = cJSON_Parse(report_json);
        const cJSON *sc = cJSON_GetObjectItemCaseSensitive(o, "score");
        const cJSON *st = cJSON_GetObjectItemCaseSensitive(o, "status");
        const cJSON *gs = cJSON_GetObjectItemCaseSensitive(o, "graders");
        if (!cJSON_IsObject(o) || !cJSON_IsNumber(sc) || !cJSON_IsString(st) || !cJSON_IsArray(gs)) {
                cJSON_Delete(o);
                return sbx_errf(err, errsz, -EINVAL, "not a grading report (no status, score and graders)");
        }
        r->graded = strcmp(st->valuestring, "graded") == 0;
        r->score = sc->valuedouble;
        const cJSON *g;
        cJSON_ArrayForEach(g, gs)
        {
                const cJSON *nm = cJSON_GetObjectItemCaseSensitive(g, "name");
                const cJSON *v = cJSON_GetObjectItemCaseSensitive(g, "verdict");
                if (!cJSON_IsString(nm) || !cJSON_IsString(v) || r->n_graders == 8)
                        continue;
                struct gnt_history_grader *hg = &r->graders[r->n_graders++];
                snprintf(hg->name, sizeof hg->name, "%s", nm->valuestring);
                snprintf(hg->verdict, sizeof hg->verdict, "%s", v->valuestring);
                hg->score = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(g, "score"));
                hg->weight = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(g, "weight"));
        }
        cJSON_Delete(o);
        return 0;
}

int gnt_history_rec_make(const struct gnt_session *s, const char *report_json, struct gnt_history_rec *ret,
                         char *err, size_t errsz)
{
        if (!s->mock)
                return sbx_errf(err, errsz, -EINVAL, "'%s' is a take-home session: only mock sessions are kept",
                                s->root);
        if (!s->submit)
                return sbx_errf(err, errsz, -EINVAL, "'%s' is not submitted yet", s->root);
        struct gnt_history_rec r;
        memset(&r, 0, sizeof r);
        struct grd_problem p;
        memset(&p, 0, sizeof p);
        char merr[GNT_ERR_MAX];
        if (gnt_manifest_load(s->problem_dir, &p, merr, sizeof merr) < 0)
                return sbx_errf(err, errsz, -EINVAL, "the session's problem: %s", merr);
        snprintf(r.session, sizeof r.session, "%s", s->j.entries[0].hash);
        r.problem_id = dup_or_null(s->id);
        r.title = dup_or_null(s->title);
        r.version = dup_or_null(s->version);
        r.difficulty = dup_or_null(p.difficulty);
        r.areas = p.areas;
        r.n_areas = p.n_areas;
        p.areas = NULL;
        p.n_areas = 0;
        grd_problem_release(&p);
        r.folder = strdup(s->root);
        const struct gnt_entry_submit *sub = &s->submit->d.u.submit;
        r.started = s->started;
        r.submitted = sub->submitted >= 0 ? sub->submitted : s->submit->time;
        double allowed = s->j.entries[0].d.u.start.minutes;
        r.minutes_allowed = allowed > 0 ? allowed : (double)(s->deadline - s->started) / 60;
        r.minutes_used = (double)(r.submitted - r.started - s->paused_total) / 60;
        if (r.minutes_used < 0)
                r.minutes_used = 0;
        r.late = sub->late;
        int rc = 0;
        if (!r.problem_id || !r.title || !r.version || !r.folder)
                rc = sbx_errf(err, errsz, -ENOMEM, "out of memory");
        else if (report_json)
                rc = graders_from_report(report_json, &r, err, errsz);
        if (rc < 0) {
                gnt_history_rec_release(&r);
                return rc;
        }
        *ret = r;
        return 0;
}

char *gnt_history_rec_json(const struct gnt_history_rec *r)
{
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "format", 1);
        cJSON_AddStringToObject(o, "session", r->session);
        cJSON *p = cJSON_AddObjectToObject(o, "problem");
        cJSON_AddStringToObject(p, "id", r->problem_id);
        cJSON_AddStringToObject(p, "title", r->title);
        cJSON_AddStringToObject(p, "version", r->version);
        if (r->difficulty)
                cJSON_AddStringToObject(p, "difficulty", r->difficulty);
        cJSON *ar = cJSON_AddArrayToObject(p, "areas");
        for (size_t i = 0; i < r->n_areas; i++)
                cJSON_AddItemToArray(ar, cJSON_CreateString(r->areas[i]));
        cJSON_AddNumberToObject(o, "started", (double)r->started);
        cJSON_AddNumberToObject(o, "submitted", (double)r->submitted);
        cJSON_AddNumberToObject(o, "minutes_allowed", r->minutes_allowed);
        cJSON_AddNumberToObject(o, "minutes_used", (double)(long long)(r->minutes_used * 100 + 0.5) / 100);
        cJSON_AddBoolToObject(o, "late", r->late);
        cJSON_AddBoolToObject(o, "graded", r->graded);
        if (r->graded)
                cJSON_AddNumberToObject(o, "score", r->score);
        else
                cJSON_AddNullToObject(o, "score");
        cJSON *gs = cJSON_AddArrayToObject(o, "graders");
        for (size_t i = 0; i < r->n_graders; i++) {
                cJSON *g = cJSON_CreateObject();
                cJSON_AddStringToObject(g, "name", r->graders[i].name);
                cJSON_AddStringToObject(g, "verdict", r->graders[i].verdict);
                cJSON_AddNumberToObject(g, "score", r->graders[i].score);
                cJSON_AddNumberToObject(g, "weight", r->graders[i].weight);
                cJSON_AddItemToArray(gs, g);
        }
        cJSON_AddStringToObject(o, "folder", r->folder ? r->folder : "");
        char *t = cJSON_Print(o);
        cJSON_Delete(o);
        return t;
}

static const char *jstr(const cJSON *o, const char *k, size_t max)
{
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
        return cJSON_IsString(v) && strlen(v->valuestring) <= max ? v->valuestring : NULL;
}

static bool jnum(const cJSON *o, const char *k, double lo, double hi, double *ret)
{
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
        if (!cJSON_IsNumber(v) || !(v->valuedouble >= lo && v->valuedouble <= hi))
                return false;
        *ret = v->valuedouble;
        return true;
}

/* The checks of one record; NULL when sound, else what is wrong. */
static const char *check_rec(const cJSON *o, const cJSON *p, const cJSON *ar)
{
        double d;
        const char *sess = jstr(o, "session", 64);
        if (!cJSON_IsObject(o) || !jnum(o, "format", 1, 1, &d))
                return "not a history record (format 1)";
        if (!sess || strlen(sess) != 64 || strspn(sess, "0123456789abcdef") != 64)
                return "'session' is not a hash";
        if (!cJSON_IsObject(p) || !jstr(p, "id", 128) || !gnt_session_path_safe(jstr(p, "id", 128)) ||
            !jstr(p, "title", 512) || !jstr(p, "version", 64))
                return "'problem' lacks id, title or version";
        if (!cJSON_IsArray(ar) || cJSON_GetArraySize(ar) > 6)
                return "'problem.areas' is not a list of areas";
        if (!jnum(o, "started", 0, 1e12, &d) || !jnum(o, "submitted", 0, 1e12, &d) ||
            !jnum(o, "minutes_allowed", 0, 1e7, &d) || !jnum(o, "minutes_used", 0, 1e9, &d))
                return "times missing or out of range";
        const cJSON *sc = cJSON_GetObjectItemCaseSensitive(o, "score");
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "graded")) && !jnum(o, "score", 0, 100, &d))
                return "'score' is not 0..100";
        if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "graded")) && !cJSON_IsNull(sc))
                return "'score' of an ungraded session is not null";
        return NULL;
}

int gnt_history_rec_parse(const char *text, size_t len, struct gnt_history_rec *ret, char *err, size_t errsz)
{
        cJSON *o = cJSON_ParseWithLength(text, len);
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "problem");
        const cJSON *ar = cJSON_GetObjectItemCaseSensitive(p, "areas");
        const char *why = o ? check_rec(o, p, ar) : "not JSON";
        if (why) {
                cJSON_Delete(o);
                return sbx_errf(err, errsz, -EINVAL, "%s", why);
        }
        struct gnt_history_rec r;
        memset(&r, 0, sizeof r);
        snprintf(r.session, sizeof r.session, "%s", jstr(o, "session", 64));
        r.problem_id = strdup(jstr(p, "id", 128));
        r.title = strdup(jstr(p, "title", 512));
        r.version = strdup(jstr(p, "version", 64));
        r.difficulty = dup_or_null(jstr(p, "difficulty", 16));
        r.folder = dup_or_null(jstr(o, "folder", PATH_MAX));
        r.areas = calloc(6, sizeof *r.areas);
        int rc = r.problem_id && r.title && r.version && r.areas ? 0 : -ENOMEM;
        const cJSON *a;
        cJSON_ArrayForEach(a, ar)
        {
                if (rc == 0 && cJSON_IsString(a) && gnt_area_known(a->valuestring) &&
                    !(r.areas[r.n_areas++] = strdup(a->valuestring)))
                        rc = -ENOMEM;
        }
        double d = 0;
        jnum(o, "started", 0, 1e12, &d);
        r.started = (int64_t)d;
        jnum(o, "submitted", 0, 1e12, &d);
        r.submitted = (int64_t)d;
        jnum(o, "minutes_allowed", 0, 1e7, &r.minutes_allowed);
        jnum(o, "minutes_used", 0, 1e9, &r.minutes_used);
        r.late = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "late"));
        r.graded = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "graded"));
        if (r.graded)
                jnum(o, "score", 0, 100, &r.score);
        const cJSON *g;
        cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(o, "graders"))
        {
                const char *nm = jstr(g, "name", 15), *v = jstr(g, "verdict", 7);
                if (!nm || !v || r.n_graders == 8)
                        continue;
                struct gnt_history_grader *hg = &r.graders[r.n_graders++];
                snprintf(hg->name, sizeof hg->name, "%s", nm);
                snprintf(hg->verdict, sizeof hg->verdict, "%s", v);
                jnum(g, "score", 0, 100, &hg->score);
                jnum(g, "weight", 0, 100, &hg->weight);
        }
        cJSON_Delete(o);
        if (rc < 0) {
                gnt_history_rec_release(&r);
                return sbx_errf(err, errsz, rc, "out of memory");
        }
        *ret = r;
        return 0;
}

int gnt_history_write(const char *dir, const struct gnt_history_rec *r, char *err, size_t errsz)
{
        int rc = gnt_mkdirs(dir, 0700);
        if (rc < 0)
                return sbx_errf(err, errsz, rc, "cannot create '%s': %s", dir, strerror(-rc));
        char *t = gnt_history_rec_json(r);
        if (!t)
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        char name[80];
        snprintf(name, sizeof name, "%s.json", r->session);
        char path[PATH_MAX];
        if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
                rc = -ENAMETOOLONG;
        else
                rc = sbx_file_write_atomic(path, NULL, 0, t, strlen(t), 0600, SBX_FILE_SYNC);
        free(t);
        return rc < 0 ? sbx_errf(err, errsz, rc, "cannot write '%s/%s': %s", dir, name, strerror(-rc)) : 0;
}

static int cmp_rec(const void *a, const void *b)
{
        const struct gnt_history_rec *x = a, *y = b;
        if (x->submitted != y->submitted)
                return x->submitted < y->submitted ? -1 : 1;
        return strcmp(x->session, y->session);
}

int gnt_history_load(const char *dir, struct gnt_history *ret,
                     void (*bad)(void *ctx, const char *file, const char *why), void *ctx, char *err,
                     size_t errsz)
{
        struct gnt_history h = {0};
        DIR *d = opendir(dir);
        if (!d) {
                if (errno == ENOENT) {
                        *ret = h;
                        return 0;
                }
                return sbx_errf(err, errsz, -errno, "cannot read '%s': %s", dir, strerror(errno));
        }
        struct dirent *de;
        int rc = 0;
        while (rc == 0 && (de = readdir(d))) {
                if (de->d_name[0] == '.')
                        continue;
                size_t l = strlen(de->d_name);
                char why[256], *buf = NULL;
                size_t len;
                if (l < 6 || strcmp(de->d_name + l - 5, ".json") != 0) {
                        if (bad)
                                bad(ctx, de->d_name, "not a .json record");
                        continue;
                }
                int r = sbx_file_read_at(dirfd(d), de->d_name, GNT_HISTORY_MAX_FILE, 0, &buf, &len);
                struct gnt_history_rec rec;
                if (r < 0)
                        snprintf(why, sizeof why, "%s", strerror(-r));
                else if ((r = gnt_history_rec_parse(buf, len, &rec, why, sizeof why)) == 0) {
                        struct gnt_history_rec *nr = realloc(h.r, (h.n + 1) * sizeof *nr);
                        if (!nr) {
                                gnt_history_rec_release(&rec);
                                rc = -ENOMEM;
                        } else {
                                h.r = nr;
                                h.r[h.n++] = rec;
                        }
                }
                free(buf);
                if (r < 0 && r != -ENOMEM && bad)
                        bad(ctx, de->d_name, why);
                if (r == -ENOMEM)
                        rc = r;
        }
        closedir(d);
        if (rc < 0) {
                gnt_history_release(&h);
                return sbx_errf(err, errsz, rc, "out of memory");
        }
        if (h.n)
                qsort(h.r, h.n, sizeof *h.r, cmp_rec);
        *ret = h;
        return 0;
}
