/* entry.c — decoding a journal line into its typed entry (entry.h). */
#include "entry.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

static const char *const kind_names[_GNT_ENTRY_MAX] = {
        [GNT_ENTRY_START] = "start",   [GNT_ENTRY_TEST] = "test",
        [GNT_ENTRY_PAUSE] = "pause",   [GNT_ENTRY_RESUME] = "resume",
        [GNT_ENTRY_REOPEN] = "reopen", [GNT_ENTRY_RECOVERED] = "recovered",
        [GNT_ENTRY_SUBMIT] = "submit",
};

const char *gnt_entry_kind_name(enum gnt_entry_kind k)
{
        return k >= 0 && k < _GNT_ENTRY_MAX ? kind_names[k] : NULL;
}

int gnt_entry_kind_from_name(const char *name)
{
        for (int k = 0; name && k < _GNT_ENTRY_MAX; k++)
                if (strcmp(name, kind_names[k]) == 0)
                        return k;
        return -1;
}

static const cJSON *member(const cJSON *o, const char *name)
{
        return cJSON_GetObjectItemCaseSensitive(o, name);
}

static const char *str(const cJSON *o, const char *name)
{
        const cJSON *it = member(o, name);
        return cJSON_IsString(it) ? it->valuestring : NULL;
}

static double num(const cJSON *o, const char *name, double dflt)
{
        const cJSON *it = member(o, name);
        return cJSON_IsNumber(it) ? it->valuedouble : dflt;
}

/* Integer seconds or counts: a fraction or an out-of-range number reads
 * as absent. */
static int64_t integer(const cJSON *o, const char *name, int64_t dflt)
{
        double v = num(o, name, (double)dflt);
        return v >= -1e15 && v <= 1e15 && v == (double)(int64_t)v ? (int64_t)v : dflt;
}

static bool flag(const cJSON *o, const char *name)
{
        return cJSON_IsTrue(member(o, name));
}

static int decode_snapshot(const cJSON *o, struct gnt_snapshot_rec *ret)
{
        const cJSON *snap = member(o, "snapshot");
        ret->id = str(snap, "id");
        const cJSON *files = member(snap, "files");
        if (!ret->id || !cJSON_IsObject(files)) {
                ret->id = NULL; /* a snapshot needs both */
                return 0;
        }
        size_t n = (size_t)cJSON_GetArraySize(files);
        if (n == 0)
                return 0;
        ret->files = calloc(n, sizeof *ret->files);
        if (!ret->files)
                return -ENOMEM;
        const cJSON *f;
        cJSON_ArrayForEach(f, files)
        {
                if (f->string && cJSON_IsString(f) && ret->n < n)
                        ret->files[ret->n++] = (struct gnt_snapshot_file){f->string, f->valuestring};
        }
        return 0;
}

static void decode_start(const cJSON *o, struct gnt_entry_start *st)
{
        const cJSON *pr = member(o, "problem"), *bu = member(o, "bundle"), *tk = member(o, "ticket");
        st->format = (int)integer(o, "format", 1);
        st->problem_id = str(pr, "id");
        st->title = str(pr, "title");
        st->version = str(pr, "version");
        st->language = str(pr, "language");
        st->source = str(bu, "source");
        st->file_sha256 = str(bu, "file_sha256");
        st->public_hash = str(bu, "public_hash");
        st->mode = str(o, "mode");
        st->minutes = num(o, "minutes", -1);
        st->deadline = integer(o, "deadline", -1);
        st->grading = str(o, "grading");
        st->has_ticket = cJSON_IsObject(tk);
        st->ticket_id = str(tk, "id");
        st->ticket_candidate = str(tk, "candidate");
        st->ticket_minutes = num(tk, "minutes", -1);
}

static int decode_test(const cJSON *o, struct gnt_entry_test *t)
{
        t->status = str(o, "status");
        t->passed = (long)integer(o, "passed", 0);
        t->failed = (long)integer(o, "failed", 0);
        t->skipped = (long)integer(o, "skipped", 0);
        t->wall_s = num(o, "wall_s", 0);
        t->output = str(o, "output");
        t->after_deadline = flag(o, "after_deadline");
        const cJSON *tests = member(o, "tests");
        size_t n = cJSON_IsArray(tests) ? (size_t)cJSON_GetArraySize(tests) : 0;
        if (n == 0)
                return 0;
        t->tests = calloc(n, sizeof *t->tests);
        if (!t->tests)
                return -ENOMEM;
        const cJSON *it;
        cJSON_ArrayForEach(it, tests)
        {
                const char *name = str(it, "name"), *res = str(it, "result");
                if (name && res && t->n_tests < n)
                        t->tests[t->n_tests++] = (struct gnt_test_rec){name, res, num(it, "elapsed_s", 0)};
        }
        return 0;
}

int gnt_entry_decode(const struct cJSON *o, enum gnt_entry_kind k, struct gnt_entry_data *ret)
{
        memset(ret, 0, sizeof *ret);
        ret->kind = k;
        int r = 0;
        switch (k) {
        case GNT_ENTRY_START:
                decode_start(o, &ret->u.start);
                break;
        case GNT_ENTRY_TEST:
                r = decode_test(o, &ret->u.test);
                break;
        case GNT_ENTRY_SUBMIT:
                ret->u.submit = (struct gnt_entry_submit){
                        .submitted = integer(o, "submitted", -1),
                        .deadline = integer(o, "deadline", -1),
                        .late = flag(o, "late"),
                        .overrun_s = integer(o, "overrun_s", 0),
                };
                break;
        case GNT_ENTRY_RECOVERED:
                ret->u.recovered.dropped_bytes = integer(o, "dropped_bytes", 0);
                ret->u.recovered.dropped_hash = str(o, "dropped_hash");
                break;
        case GNT_ENTRY_REOPEN:
                ret->u.reopen.reason = str(o, "reason");
                break;
        default:
                break;
        }
        if (r == 0 && (k == GNT_ENTRY_START || k == GNT_ENTRY_TEST || k == GNT_ENTRY_SUBMIT))
                r = decode_snapshot(o, &ret->snap);
        if (r < 0)
                gnt_entry_data_release(ret);
        return r;
}

void gnt_entry_data_release(struct gnt_entry_data *d)
{
        if (!d)
                return;
        free(d->snap.files);
        if (d->kind == GNT_ENTRY_TEST)
                free(d->u.test.tests);
        memset(d, 0, sizeof *d);
}

int gnt_entry_line_parse(const char *line, size_t len, struct gnt_entry_line *ret)
{
        memset(ret, 0, sizeof *ret);
        cJSON *o = cJSON_ParseWithLength(line, len);
        int k = gnt_entry_kind_from_name(str(o, "type"));
        if (!cJSON_IsObject(o) || k < 0) {
                cJSON_Delete(o);
                return -EINVAL;
        }
        int r = gnt_entry_decode(o, (enum gnt_entry_kind)k, &ret->d);
        if (r < 0) {
                cJSON_Delete(o);
                return r;
        }
        ret->time = integer(o, "time", -1);
        ret->json = o;
        return 0;
}

void gnt_entry_line_release(struct gnt_entry_line *l)
{
        if (!l)
                return;
        gnt_entry_data_release(&l->d);
        cJSON_Delete(l->json);
        memset(l, 0, sizeof *l);
}
