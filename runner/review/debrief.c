/* debrief.c — a mock's debrief read back from report.json, and kept
 * (report.json, then report.html) after the grading (debrief.h). */
#include "review/debrief.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scratch.h"
#include "session/debrief.h"
#include "session/snapshot.h"
#include "session/store.h"
#include "sbx_file.h"

static char *dup_str(const cJSON *o, const char *name)
{
        const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, name));
        return strdup(v ? v : "");
}

static int parse_files(const cJSON *arr, struct gnt_debrief_file **ret, size_t *ret_n)
{
        size_t n = 0, cap = (size_t)cJSON_GetArraySize(arr);
        if (cap > GNT_DEBRIEF_FILES_MAX)
                cap = GNT_DEBRIEF_FILES_MAX;
        *ret = calloc(cap ? cap : 1, sizeof **ret);
        if (!*ret)
                return -ENOMEM;
        const cJSON *it;
        cJSON_ArrayForEach(it, arr)
        {
                const char *path = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "path"));
                const char *text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "text"));
                if (n == cap || !path || !gnt_session_path_safe(path))
                        continue;
                struct gnt_debrief_file *f = &(*ret)[n++];
                f->path = strdup(path);
                f->why = dup_str(it, "why");
                if (text) {
                        f->len = strnlen(text, GNT_DEBRIEF_FILE_MAX);
                        f->text = strndup(text, f->len);
                }
                if (!f->path || !f->why || (text && !f->text))
                        return -ENOMEM;
        }
        *ret_n = n;
        return 0;
}

static int parse_mistakes(const cJSON *arr, struct gnt_debrief *d)
{
        size_t cap = (size_t)cJSON_GetArraySize(arr);
        if (cap > 64)
                cap = 64;
        d->mistakes = calloc(cap ? cap : 1, sizeof *d->mistakes);
        if (!d->mistakes)
                return -ENOMEM;
        const cJSON *it;
        cJSON_ArrayForEach(it, arr)
        {
                if (d->n_mistakes == cap)
                        break;
                struct gnt_debrief_mistake *m = &d->mistakes[d->n_mistakes++];
                m->name = dup_str(it, "name");
                m->description = dup_str(it, "description");
                m->why = dup_str(it, "why");
                const char *st = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "state"));
                m->state = strdup(gnt_mistake_from_name(st) >= 0 ? st : "undecided");
                if (!m->name || !m->description || !m->why || !m->state)
                        return -ENOMEM;
                const cJSON *g;
                size_t o = 0;
                cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(it, "graders"))
                {
                        const char *s = cJSON_GetStringValue(g);
                        if (s && grd_kind_from_name(s) >= 0 && o < sizeof m->graders)
                                o += (size_t)snprintf(m->graders + o, sizeof m->graders - o, "%s%s", o ? ", " : "", s);
                }
        }
        return 0;
}

int gnt_debrief_parse(const char *text, size_t len, struct gnt_debrief *ret, char *err, size_t errsz)
{
        memset(ret, 0, sizeof *ret);
        cJSON *j = cJSON_ParseWithLength(text, len);
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(j, "problem");
        const cJSON *g = cJSON_GetObjectItemCaseSensitive(j, "grading");
        const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(j, "debrief_format");
        int r = -EINVAL;
        if (!cJSON_IsObject(j) || !cJSON_IsObject(p) || !cJSON_IsObject(g) || !cJSON_IsNumber(fmt) ||
            fmt->valuedouble != GNT_DEBRIEF_FORMAT) {
                sbx_errf(err, errsz, -EINVAL, "%s: not a debrief of format %d", GNT_DEBRIEF_JSON, GNT_DEBRIEF_FORMAT);
                goto out;
        }
        ret->id = dup_str(p, "id");
        ret->title = dup_str(p, "title");
        ret->version = dup_str(p, "version");
        ret->rule = dup_str(j, "mistake_rule");
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(p, "bench_target_ratio");
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(p, "bench_fail_ratio");
        ret->target_ratio = cJSON_IsNumber(t) ? t->valuedouble : 0;
        ret->fail_ratio = cJSON_IsNumber(f) ? f->valuedouble : 0;
        char *gtext = cJSON_PrintUnformatted(g);
        r = !ret->id || !ret->title || !ret->version || !ret->rule || !gtext ? -ENOMEM : 0;
        /* the entry's id makes the code view's element ids: hex only */
        memset(ret->e.sha256, 'd', 16);
        ret->e.candidate = strdup("you");
        if (r == 0 && gnt_review_entry_parse_report(&ret->e, gtext, strlen(gtext)) < 0)
                r = sbx_errf(err, errsz, -EINVAL, "%s: grading: not a grading report", GNT_DEBRIEF_JSON);
        free(gtext);
        if (r == 0)
                r = parse_files(cJSON_GetObjectItemCaseSensitive(j, "code"), &ret->code, &ret->n_code);
        if (r == 0)
                r = parse_files(cJSON_GetObjectItemCaseSensitive(j, "reference"), &ret->ref, &ret->n_ref);
        if (r == 0)
                r = parse_mistakes(cJSON_GetObjectItemCaseSensitive(j, "mistakes"), ret);
        if (r == -ENOMEM)
                sbx_errf(err, errsz, r, "out of memory");
out:
        cJSON_Delete(j);
        return r;
}

static void files_free(struct gnt_debrief_file *v, size_t n)
{
        for (size_t i = 0; v && i < n; i++) {
                free(v[i].path);
                free(v[i].text);
                free(v[i].why);
        }
        free(v);
}

void gnt_debrief_release(struct gnt_debrief *d)
{
        if (!d)
                return;
        free(d->id);
        free(d->title);
        free(d->version);
        free(d->rule);
        gnt_review_entry_release(&d->e);
        files_free(d->code, d->n_code);
        files_free(d->ref, d->n_ref);
        for (size_t i = 0; d->mistakes && i < d->n_mistakes; i++) {
                free(d->mistakes[i].name);
                free(d->mistakes[i].description);
                free(d->mistakes[i].state);
                free(d->mistakes[i].why);
        }
        free(d->mistakes);
        memset(d, 0, sizeof *d);
}

const struct gnt_debrief_file *gnt_debrief_code_file(const struct gnt_debrief *d, const char *path)
{
        for (size_t i = 0; i < d->n_code; i++)
                if (strcmp(d->code[i].path, path) == 0)
                        return &d->code[i];
        return NULL;
}

/* report.html from the report.json text just written, the final and the
 * start snapshots restored in dir (code/, starter/). */
static int write_html(const struct gnt_session *s, const char *json, const char *dir, char *err, size_t errsz)
{
        struct gnt_debrief d;
        int r = gnt_debrief_parse(json, strlen(json), &d, err, errsz);
        char *page = NULL;
        size_t len = 0;
        FILE *m = r == 0 ? open_memstream(&page, &len) : NULL;
        if (r == 0 && !m)
                r = sbx_errf(err, errsz, -ENOMEM, "out of memory");
        if (m) {
                r = gnt_debrief_html_write(&d, dir, m);
                if (fclose(m) != 0 && r == 0)
                        r = -ENOMEM;
                if (r < 0)
                        sbx_errf(err, errsz, r, "cannot write the debrief page: %s", strerror(-r));
        }
        if (r == 0) {
                char path[PATH_MAX + 32];
                gnt_session_debrief_path(s, GNT_DEBRIEF_HTML, path);
                r = sbx_file_write_atomic(path, NULL, 0, page, len, 0644, SBX_FILE_SYNC);
                if (r < 0)
                        sbx_errf(err, errsz, r, "cannot write '%s': %s", path, strerror(-r));
        }
        free(page);
        gnt_debrief_release(&d);
        return r;
}

int gnt_debrief_keep(const struct gnt_session *s, const struct grd_report *rep, char *err, size_t errsz)
{
        if (!s->mock)
                return sbx_errf(err, errsz, -EPERM, "a take-home session has no debrief");
        if (!s->grading || !s->submit || !rep)
                return sbx_errf(err, errsz, -ENOENT, "nothing to debrief: the mock was not graded");
        char tmp[PATH_MAX], code[PATH_MAX + 8], starter[PATH_MAX + 16];
        struct grd_scratch sc;
        int r = gnt_session_mkdtemp("debrief", &sc, tmp, sizeof tmp);
        if (r < 0) {
                grd_scratch_release(&sc);
                return sbx_errf(err, errsz, r, "cannot create a scratch folder: %s", strerror(-r));
        }
        snprintf(code, sizeof code, "%s/code", tmp);
        snprintf(starter, sizeof starter, "%s/starter", tmp);
        char *json = NULL;
        r = gnt_session_snapshot_restore(&s->submit->d.snap, s->blobs, code, err, errsz);
        /* the start snapshot is what the candidate was given: the code
         * view's "starter" (a session journal always starts with it) */
        if (r == 0 && s->j.n && s->j.entries[0].d.snap.id)
                r = gnt_session_snapshot_restore(&s->j.entries[0].d.snap, s->blobs, starter, err, errsz);
        if (r == 0)
                r = gnt_session_debrief_json(s, rep, code, &json, err, errsz);
        if (r == 0) {
                char path[PATH_MAX + 32];
                gnt_session_debrief_path(s, GNT_DEBRIEF_JSON, path);
                r = sbx_file_write_atomic(path, NULL, 0, json, strlen(json), 0644, SBX_FILE_SYNC);
                if (r < 0)
                        sbx_errf(err, errsz, r, "cannot write '%s': %s", path, strerror(-r));
        }
        if (r == 0)
                r = write_html(s, json, tmp, err, errsz);
        free(json);
        grd_scratch_release(&sc);
        return r;
}
