/* entry.c — a journal line decoded into its typed entry, and a typed
 * entry encoded into its line (entry.h). */
#include "entry.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bundle/ticket.h"

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
        st->gauntlet = str(o, "gauntlet");
        const cJSON *h = member(o, "host");
        st->host = (struct gnt_entry_host){
                .system = str(h, "system"),
                .release = str(h, "release"),
                .machine = str(h, "machine"),
                .hostname = str(h, "hostname"),
                .cpus = integer(h, "cpus", -1),
                .uid = integer(h, "uid", -1),
                .go = str(h, "go"),
        };
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
                ret->u.reopen.hostname = str(o, "hostname");
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

/* Encoding.  Every add is checked once, at the end: cJSON leaves a member
 * out when it cannot allocate, so a failed add shows as a NULL return. */

struct enc {
        bool failed;
};

static cJSON *put(struct enc *x, cJSON *o, const char *name, cJSON *item)
{
        if (!item || !cJSON_AddItemToObject(o, name, item)) {
                cJSON_Delete(item);
                x->failed = true;
                return NULL;
        }
        return item;
}

static void put_str(struct enc *x, cJSON *o, const char *name, const char *v)
{
        if (v)
                put(x, o, name, cJSON_CreateString(v));
}

static void put_num(struct enc *x, cJSON *o, const char *name, double v)
{
        put(x, o, name, cJSON_CreateNumber(v));
}

static void put_bool(struct enc *x, cJSON *o, const char *name, bool v)
{
        put(x, o, name, cJSON_CreateBool(v));
}

static cJSON *put_obj(struct enc *x, cJSON *o, const char *name)
{
        cJSON *c = put(x, o, name, cJSON_CreateObject());
        return c ? c : o; /* members then land nowhere harmful; x->failed is set */
}

static void encode_snapshot(struct enc *x, cJSON *o, const struct gnt_snapshot_rec *snap)
{
        if (!snap->id)
                return;
        cJSON *so = put_obj(x, o, "snapshot");
        put_str(x, so, "id", snap->id);
        cJSON *files = put_obj(x, so, "files");
        for (size_t i = 0; i < snap->n; i++)
                put_str(x, files, snap->files[i].path, snap->files[i].hash);
}

static void encode_host(struct enc *x, cJSON *o, const struct gnt_entry_host *h)
{
        cJSON *ho = put_obj(x, o, "host");
        put_str(x, ho, "system", h->system);
        put_str(x, ho, "release", h->release);
        put_str(x, ho, "machine", h->machine);
        put_str(x, ho, "hostname", h->hostname);
        put_num(x, ho, "cpus", (double)h->cpus);
        put_str(x, ho, "go", h->go);
        put_num(x, ho, "uid", (double)h->uid);
}

static void encode_start(struct enc *x, cJSON *o, const struct gnt_entry_start *st)
{
        put_num(x, o, "format", st->format);
        cJSON *pr = put_obj(x, o, "problem");
        put_str(x, pr, "id", st->problem_id);
        put_str(x, pr, "title", st->title);
        put_str(x, pr, "version", st->version);
        put_str(x, pr, "language", st->language);
        cJSON *bu = put_obj(x, o, "bundle");
        put_str(x, bu, "source", st->source);
        /* A folder has no file: null, not absent. */
        put(x, bu, "file_sha256", st->file_sha256 ? cJSON_CreateString(st->file_sha256) : cJSON_CreateNull());
        put_str(x, bu, "public_hash", st->public_hash);
        put_str(x, o, "mode", st->mode);
        put_num(x, o, "minutes", st->minutes);
        put_num(x, o, "deadline", (double)st->deadline);
        put_str(x, o, "grading", st->grading);
        put_str(x, o, "gauntlet", st->gauntlet);
        encode_host(x, o, &st->host);
        if (st->ticket)
                put(x, o, "ticket", gnt_ticket_json(st->ticket, false));
}

static void encode_test(struct enc *x, cJSON *o, const struct gnt_entry_test *t)
{
        put_str(x, o, "status", t->status);
        put_num(x, o, "passed", (double)t->passed);
        put_num(x, o, "failed", (double)t->failed);
        put_num(x, o, "skipped", (double)t->skipped);
        put_num(x, o, "wall_s", t->wall_s);
        cJSON *tests = put(x, o, "tests", cJSON_CreateArray());
        for (size_t i = 0; tests && i < t->n_tests; i++) {
                cJSON *c = cJSON_CreateObject();
                if (!c || !cJSON_AddItemToArray(tests, c)) {
                        cJSON_Delete(c);
                        x->failed = true;
                        break;
                }
                put_str(x, c, "name", t->tests[i].name);
                put_str(x, c, "result", t->tests[i].result);
                put_num(x, c, "elapsed_s", t->tests[i].elapsed_s);
        }
        put_str(x, o, "output", t->output);
        put_bool(x, o, "after_deadline", t->after_deadline);
}

static void encode(struct enc *x, cJSON *o, const struct gnt_entry_data *d)
{
        switch (d->kind) {
        case GNT_ENTRY_START:
                encode_start(x, o, &d->u.start);
                break;
        case GNT_ENTRY_TEST:
                encode_test(x, o, &d->u.test);
                break;
        case GNT_ENTRY_SUBMIT:
                put_num(x, o, "submitted", (double)d->u.submit.submitted);
                put_num(x, o, "deadline", (double)d->u.submit.deadline);
                put_bool(x, o, "late", d->u.submit.late);
                put_num(x, o, "overrun_s", (double)d->u.submit.overrun_s);
                break;
        case GNT_ENTRY_RECOVERED:
                put_num(x, o, "dropped_bytes", (double)d->u.recovered.dropped_bytes);
                put_str(x, o, "dropped_hash", d->u.recovered.dropped_hash);
                break;
        case GNT_ENTRY_REOPEN:
                put_str(x, o, "reason", d->u.reopen.reason);
                put_str(x, o, "hostname", d->u.reopen.hostname);
                break;
        default:
                break;
        }
        encode_snapshot(x, o, &d->snap);
}

char *gnt_entry_line(unsigned long seq, const char *prev, int64_t time, const struct gnt_entry_data *d)
{
        const char *type = gnt_entry_kind_name(d->kind);
        cJSON *o = type ? cJSON_CreateObject() : NULL;
        if (!o)
                return NULL;
        struct enc x = {0};
        put_num(&x, o, "seq", (double)seq);
        put_str(&x, o, "prev", prev);
        put_str(&x, o, "type", type);
        put_num(&x, o, "time", (double)time);
        encode(&x, o, d);
        char *s = x.failed ? NULL : cJSON_PrintUnformatted(o);
        cJSON_Delete(o);
        if (!s)
                return NULL;
        size_t n = strlen(s);
        char *line = realloc(s, n + 2);
        if (!line) {
                free(s);
                return NULL;
        }
        line[n] = '\n';
        line[n + 1] = '\0';
        return line;
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
