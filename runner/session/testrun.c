/* testrun.c — run the public tests of a session and record the run. */
#include "testrun.h"

#include "sbx_file.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Failure text kept per test: enough to see the assertion, bounded so a
 * test printing megabytes cannot bloat the session. */
#define OUTPUT_KEEP 8192

static const char *const outcome_names[] = {"pass", "fail", "skip"};

const char *gnt_test_outcome_name(enum gnt_test_outcome o)
{
        return (unsigned)o < 3 ? outcome_names[o] : "?";
}

void gnt_test_report_release(struct gnt_test_report *r)
{
        if (!r)
                return;
        for (size_t i = 0; i < r->n; i++) {
                free(r->cases[i].name);
                free(r->cases[i].output);
        }
        free(r->cases);
        free(r->message);
        for (size_t i = 0; i < r->n_own; i++) {
                free(r->own[i].name);
                free(r->own[i].output);
        }
        free(r->own);
        free(r->own_note);
        free(r->own_output);
        free(r->race_text);
        memset(r, 0, sizeof *r);
}

static char *dup_cut(const char *s)
{
        if (!s)
                return NULL;
        size_t n = strlen(s);
        if (n <= OUTPUT_KEEP)
                return strdup(s);
        char *d = malloc(OUTPUT_KEEP + 64);
        if (d)
                snprintf(d, OUTPUT_KEEP + 64, "%.*s\n[... %zu bytes cut]\n", OUTPUT_KEEP, s, n - OUTPUT_KEEP);
        return d;
}

int gnt_test_report_add(struct gnt_test_report *r, const char *name, enum gnt_test_outcome o, double elapsed_s,
                        const char *output)
{
        struct gnt_test_case *nc = realloc(r->cases, (r->n + 1) * sizeof *nc);
        if (!nc)
                return -ENOMEM;
        r->cases = nc;
        struct gnt_test_case *c = &r->cases[r->n];
        c->name = strdup(name);
        c->outcome = o;
        c->elapsed_s = elapsed_s;
        c->output = dup_cut(output);
        if (!c->name)
                return -ENOMEM;
        r->n++;
        return 0;
}

void gnt_test_report_counts(const struct gnt_test_report *r, size_t *pass, size_t *fail_n, size_t *skip)
{
        size_t c[3] = {0};
        for (size_t i = 0; i < r->n; i++)
                if ((unsigned)r->cases[i].outcome < 3)
                        c[r->cases[i].outcome]++;
        *pass = c[0];
        *fail_n = c[1];
        *skip = c[2];
}

/* The "test" entry of a run: counts, times to the millisecond (cut, not
 * rounded), the output blob's hash, the snapshot. */
static int record_test(struct gnt_session *s, const struct gnt_test_report *rep, const char *out_hash,
                       const struct gnt_snapshot *snap, char *err, size_t errsz)
{
        size_t np, nf, ns;
        gnt_test_report_counts(rep, &np, &nf, &ns);
        struct gnt_test_rec *tests = rep->n ? calloc(rep->n, sizeof *tests) : NULL;
        if (rep->n && !tests)
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        for (size_t i = 0; i < rep->n; i++)
                tests[i] = (struct gnt_test_rec){rep->cases[i].name, gnt_test_outcome_name(rep->cases[i].outcome),
                                                 (double)(int64_t)(rep->cases[i].elapsed_s * 1000) / 1000};
        int64_t now = (int64_t)time(NULL);
        struct gnt_entry_data d = {.kind = GNT_ENTRY_TEST, .snap = gnt_snapshot_rec_of(snap)};
        d.u.test = (struct gnt_entry_test){
                .status = rep->status,
                .passed = (long)np,
                .failed = (long)nf,
                .skipped = (long)ns,
                .wall_s = (double)(int64_t)(rep->wall_s * 1000) / 1000,
                .output = out_hash,
                .after_deadline = gnt_session_left(s, now) < 0,
                .tests = tests,
                .n_tests = rep->n,
        };
        int r = gnt_session_record(s, &d, err, errsz);
        free(tests);
        return r;
}

int gnt_session_test(struct gnt_session *s, gnt_test_runner_fn run, void *ctx, struct gnt_test_report *ret,
                     char *err, size_t errsz)
{
        if (s->submit)
                return sbx_errf(err, errsz, -EALREADY, "the session was submitted; nothing more can be run");
        struct gnt_snapshot snap;
        int r = gnt_session_snapshot(s, &snap, err, errsz);
        if (r < 0)
                return r;
        struct gnt_test_report rep;
        memset(&rep, 0, sizeof rep);
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        r = run(s->problem_dir, s->code, ctx, &rep, err, errsz);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (r < 0) {
                gnt_snapshot_release(&snap);
                gnt_test_report_release(&rep);
                return r;
        }
        if (rep.wall_s <= 0)
                rep.wall_s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        if (!rep.status[0])
                snprintf(rep.status, sizeof rep.status, "ok");

        /* Outputs go to a blob; the entry holds the verdicts and the blob's
         * hash, so the journal stays small and the outputs stay checkable. */
        cJSON *out = cJSON_CreateObject();
        if (rep.message)
                cJSON_AddStringToObject(out, "message", rep.message);
        cJSON *outs = cJSON_AddObjectToObject(out, "tests");
        for (size_t i = 0; i < rep.n; i++)
                if (rep.cases[i].output && !cJSON_GetObjectItemCaseSensitive(outs, rep.cases[i].name))
                        cJSON_AddStringToObject(outs, rep.cases[i].name, rep.cases[i].output);
        char *text = cJSON_PrintUnformatted(out);
        cJSON_Delete(out);
        char out_hash[GNT_HASH_HEX];
        r = text ? gnt_session_blob_put(s->blobs, text, strlen(text), out_hash) : -ENOMEM;
        free(text);
        if (r == 0)
                r = record_test(s, &rep, out_hash, &snap, err, errsz);
        else
                sbx_errf(err, errsz, r, "cannot store the test output: %s", strerror(-r));
        gnt_snapshot_release(&snap);
        if (r < 0) {
                gnt_test_report_release(&rep);
                return r;
        }
        rep.seq = (unsigned)s->last_test->seq;
        rep.time = s->last_test->time;
        *ret = rep;
        return 0;
}

int gnt_session_test_report(const struct gnt_session *s, const struct gnt_journal_entry *e,
                            struct gnt_test_report *ret, char *err, size_t errsz)
{
        struct gnt_test_report rep;
        memset(&rep, 0, sizeof rep);
        const struct gnt_entry_test *t = &e->d.u.test;
        if (e->d.kind != GNT_ENTRY_TEST || !t->status)
                return sbx_errf(err, errsz, -EBADMSG, "line %lu: test entry without a status", e->seq);
        snprintf(rep.status, sizeof rep.status, "%s", t->status);
        rep.wall_s = t->wall_s;
        rep.seq = (unsigned)e->seq;
        rep.time = e->time;
        /* The failure texts: a blob of {"message": ..., "tests": {name: text}}. */
        cJSON *outs = NULL;
        if (t->output) {
                char *buf;
                size_t len;
                if (gnt_session_blob_get(s->blobs, t->output, &buf, &len) == 0) {
                        outs = cJSON_ParseWithLength(buf, len);
                        free(buf);
                }
        }
        const cJSON *msg = cJSON_GetObjectItemCaseSensitive(outs, "message");
        if (cJSON_IsString(msg))
                rep.message = strdup(msg->valuestring);
        const cJSON *per = cJSON_GetObjectItemCaseSensitive(outs, "tests");
        for (size_t i = 0; i < t->n_tests; i++) {
                const struct gnt_test_rec *tr = &t->tests[i];
                enum gnt_test_outcome oc = strcmp(tr->result, "pass") == 0   ? GNT_TEST_PASS
                                           : strcmp(tr->result, "skip") == 0 ? GNT_TEST_SKIP
                                                                             : GNT_TEST_FAIL;
                const cJSON *txt = cJSON_GetObjectItemCaseSensitive(per, tr->name);
                if (gnt_test_report_add(&rep, tr->name, oc, tr->elapsed_s,
                                        cJSON_IsString(txt) ? txt->valuestring : NULL) < 0) {
                        cJSON_Delete(outs);
                        gnt_test_report_release(&rep);
                        return sbx_errf(err, errsz, -ENOMEM, "out of memory");
                }
        }
        cJSON_Delete(outs);
        *ret = rep;
        return 0;
}
