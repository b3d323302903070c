/* seal.c — the submit step and the submission archive.  The archive is a
 * function of the journal and the blobs only, written in a fixed order by
 * the bundle module's reproducible writer (owner 0/0, mtime the submit
 * time, modes 0644, gzip without name or timestamp). */
#include "seal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bundle/bundle.h"
#include "version.h"
#include "sbx_file.h"

void gnt_session_archive_path(const struct gnt_session *s, char buf[PATH_MAX])
{
        if (snprintf(buf, PATH_MAX, "%s/%s-submission.tar.gz", s->root, s->id) >= PATH_MAX)
                buf[0] = '\0'; /* the root is far shorter than PATH_MAX in practice */
}

struct strset {
        char **v;
        size_t n, cap;
};

static int strset_add(struct strset *set, const char *s)
{
        for (size_t i = 0; i < set->n; i++)
                if (strcmp(set->v[i], s) == 0)
                        return 0;
        if (set->n == set->cap) {
                set->cap = set->cap ? set->cap * 2 : 64;
                char **nv = realloc(set->v, set->cap * sizeof *nv);
                if (!nv)
                        return -ENOMEM;
                set->v = nv;
        }
        if (!(set->v[set->n] = strdup(s)))
                return -ENOMEM;
        set->n++;
        return 0;
}

static void strset_free(struct strset *set)
{
        for (size_t i = 0; i < set->n; i++)
                free(set->v[i]);
        free(set->v);
}

/* Every blob a journal entry refers to: snapshot files and test outputs. */
static int collect_blobs(const struct gnt_journal *j, struct strset *set)
{
        for (size_t i = 0; i < j->n; i++) {
                const struct gnt_entry_data *d = &j->entries[i].d;
                for (size_t k = 0; k < d->snap.n; k++)
                        if (gnt_session_hash_valid(d->snap.files[k].hash) &&
                            strset_add(set, d->snap.files[k].hash) < 0)
                                return -ENOMEM;
                const char *out = d->kind == GNT_ENTRY_TEST ? d->u.test.output : NULL;
                if (out && gnt_session_hash_valid(out) && strset_add(set, out) < 0)
                        return -ENOMEM;
        }
        qsort(set->v, set->n, sizeof *set->v, sbx_file_name_cmp);
        return 0;
}

static cJSON *submission_json(const struct gnt_session *s)
{
        /* The bundle and the ticket are copied as recorded (the ticket's
         * signature covers its exact members). */
        const cJSON *st = s->j.entries[0].json;
        const struct gnt_entry_submit *sub = &s->submit->d.u.submit;
        cJSON *o = cJSON_CreateObject();
        char tb[64];
        const cJSON *ticket = cJSON_GetObjectItemCaseSensitive(st, "ticket");
        /* 2: with the ticket of the start entry. */
        cJSON_AddNumberToObject(o, "format", ticket ? 2 : 1);
        cJSON *pr = cJSON_AddObjectToObject(o, "problem");
        cJSON_AddStringToObject(pr, "id", s->id);
        cJSON_AddStringToObject(pr, "title", s->title);
        cJSON_AddStringToObject(pr, "version", s->version);
        cJSON_AddItemToObject(o, "bundle",
                              cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(st, "bundle"), 1));
        cJSON_AddStringToObject(o, "mode", s->mode);
        if (ticket)
                cJSON_AddItemToObject(o, "ticket", cJSON_Duplicate(ticket, 1));
        cJSON_AddNumberToObject(o, "started", (double)s->started);
        cJSON_AddStringToObject(o, "started_utc", gnt_session_fmt_time(s->started, tb, sizeof tb));
        int64_t d = sub->deadline >= 0 ? sub->deadline : s->deadline;
        int64_t t = sub->submitted >= 0 ? sub->submitted : s->submit->time;
        cJSON_AddNumberToObject(o, "deadline", (double)d);
        cJSON_AddStringToObject(o, "deadline_utc", gnt_session_fmt_time(d, tb, sizeof tb));
        cJSON_AddNumberToObject(o, "submitted", (double)t);
        cJSON_AddStringToObject(o, "submitted_utc", gnt_session_fmt_time(t, tb, sizeof tb));
        cJSON_AddBoolToObject(o, "late", sub->late);
        cJSON_AddNumberToObject(o, "overrun_s", (double)sub->overrun_s);
        cJSON_AddNumberToObject(o, "paused_s", (double)s->paused_total);
        if (s->submit->d.snap.id)
                cJSON_AddStringToObject(o, "snapshot", s->submit->d.snap.id);
        cJSON *jo = cJSON_AddObjectToObject(o, "journal");
        cJSON_AddNumberToObject(jo, "entries", (double)s->j.n);
        cJSON_AddStringToObject(jo, "head", gnt_journal_head(&s->j));
        cJSON_AddNumberToObject(o, "test_runs", s->n_tests);
        cJSON_AddStringToObject(o, "gauntlet", GAUNTLET_VERSION);
        return o;
}

int gnt_session_seal(const struct gnt_session *s, const char *path, char *err, size_t errsz)
{
        if (!s->submit)
                return sbx_errf(err, errsz, -EINVAL, "the session is not submitted");
        const struct gnt_snapshot_rec *snap = &s->submit->d.snap;
        char id[GNT_HASH_HEX];
        int r = gnt_snapshot_rec_id(snap, id, err, errsz);
        if (r < 0)
                return r;
        char *journal = NULL, *text = NULL, msg[GNT_ERR_MAX];
        size_t jlen;
        struct strset blobs = {0};
        struct gnt_bundle_writer *w = NULL;
        void *arc = NULL;
        size_t arclen = 0;
        r = sbx_file_read(s->journal, GNT_JOURNAL_MAX_SIZE, 0, &journal, &jlen);
        if (r < 0) {
                sbx_errf(err, errsz, r, "cannot read '%s': %s", s->journal, strerror(-r));
                goto out;
        }
        /* Seal exactly the complete entries that were parsed. */
        jlen = s->j.valid_len;
        cJSON *sj = submission_json(s);
        text = cJSON_Print(sj);
        cJSON_Delete(sj);
        if (!text || collect_blobs(&s->j, &blobs) < 0) {
                r = sbx_errf(err, errsz, -ENOMEM, "out of memory");
                goto out;
        }
        /* The bundle module's reproducible writer; every entry carries the
         * submit time, so sealing again gives the same bytes. */
        r = gnt_bundle_writer_new(-1, s->submit->time, &w, msg, sizeof msg);
        if (r < 0) {
                sbx_errf(err, errsz, r, "cannot start the archive: %s", msg);
                goto out;
        }
        size_t tlen = strlen(text);
        text[tlen++] = '\n'; /* replaces the NUL: cJSON_Print leaves room */
        r = gnt_bundle_writer_add_data(w, "submission.json", text, tlen, 0644, msg, sizeof msg);
        if (r == 0)
                r = gnt_bundle_writer_add_data(w, "journal.jsonl", journal, jlen, 0644, msg, sizeof msg);
        for (size_t i = 0; r == 0 && i < snap->n; i++) {
                const struct gnt_snapshot_file *f = &snap->files[i];
                char name[PATH_MAX], *buf;
                size_t len;
                snprintf(name, sizeof name, "code/%s", f->path);
                r = gnt_session_blob_get(s->blobs, f->hash, &buf, &len);
                if (r < 0) {
                        sbx_errf(err, errsz, r, "blob of '%s' in the final snapshot: %s", f->path,
                                 r == -EBADMSG ? "content does not match its hash" : strerror(-r));
                        goto out;
                }
                r = gnt_bundle_writer_add_data(w, name, buf, len, 0644, msg, sizeof msg);
                free(buf);
        }
        for (size_t i = 0; r == 0 && i < blobs.n; i++) {
                char name[128], *buf;
                size_t len;
                snprintf(name, sizeof name, "blobs/%s", blobs.v[i]);
                int g = gnt_session_blob_get(s->blobs, blobs.v[i], &buf, &len);
                if (g == -ENOENT)
                        continue; /* verify reports what replay lacks */
                if (g < 0) {
                        r = sbx_errf(err, errsz, g, "blob %s: %s", blobs.v[i],
                                     g == -EBADMSG ? "content does not match its hash" : strerror(-g));
                        goto out;
                }
                r = gnt_bundle_writer_add_data(w, name, buf, len, 0644, msg, sizeof msg);
                free(buf);
        }
        if (r == 0)
                r = gnt_bundle_writer_finish(w, &arc, &arclen, msg, sizeof msg);
        if (r < 0) {
                sbx_errf(err, errsz, r, "cannot write the archive: %s", msg);
                goto out;
        }
        r = sbx_file_write_atomic(path, NULL, 0, arc, arclen, 0644, SBX_FILE_SYNC);
        if (r < 0)
                sbx_errf(err, errsz, r, "cannot write '%s': %s", path, strerror(-r));
out:
        gnt_bundle_writer_free(w);
        free(arc);
        free(journal);
        free(text);
        strset_free(&blobs);
        return r;
}

int gnt_session_submit(struct gnt_session *s, char ret_path[PATH_MAX], char *err, size_t errsz)
{
        gnt_session_archive_path(s, ret_path);
        if (!ret_path[0])
                return sbx_errf(err, errsz, -ENAMETOOLONG, "the session path '%s' is too long", s->root);
        struct stat st;
        if (s->submit) {
                if (stat(ret_path, &st) == 0)
                        return sbx_errf(err, errsz, -EALREADY, "the session was submitted already: '%s'",
                                        ret_path);
                return gnt_session_seal(s, ret_path, err, errsz);
        }
        if (s->paused) {
                int r = gnt_session_pause(s, false, err, errsz);
                if (r < 0)
                        return r;
        }
        struct gnt_snapshot snap;
        int r = gnt_session_snapshot(s, &snap, err, errsz);
        if (r < 0)
                return r;
        int64_t now = (int64_t)time(NULL);
        if (now < s->j.entries[s->j.n - 1].time)
                now = s->j.entries[s->j.n - 1].time;
        int64_t deadline = gnt_session_deadline(s, now);
        struct gnt_entry_data d = {.kind = GNT_ENTRY_SUBMIT, .snap = gnt_snapshot_rec_of(&snap)};
        d.u.submit = (struct gnt_entry_submit){
                .submitted = now,
                .deadline = deadline,
                .late = now > deadline,
                .overrun_s = now > deadline ? now - deadline : 0,
        };
        r = gnt_session_record(s, &d, err, errsz);
        gnt_snapshot_release(&snap);
        if (r < 0)
                return r;
        return gnt_session_seal(s, ret_path, err, errsz);
}
