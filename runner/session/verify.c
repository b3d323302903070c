/* verify.c — check a sealed submission.  The archive is untrusted input,
 * read by the bundle module's hardened reader: bounded in size and
 * entries, only regular files with safe names. */
#include "verify.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/bundle.h"
#include "journal.h"
#include "session.h"
#include "snapshot.h"
#include "bundle/ticket.h"
#include "sbx_file.h"

#define MAX_ENTRIES 20000
#define MAX_TOTAL ((size_t)256 << 20)
#define MAX_DEPTH 512 /* a 1024-byte path has fewer parts */

static void finding(struct gnt_verify_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void finding(struct gnt_verify_report *r, const char *fmt, ...)
{
        char buf[1024];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
        char **nv = realloc(r->findings, (r->n + 1) * sizeof *nv);
        if (!nv)
                return;
        r->findings = nv;
        if ((r->findings[r->n] = strdup(buf)))
                r->n++;
}

void gnt_verify_report_release(struct gnt_verify_report *r)
{
        if (!r)
                return;
        for (size_t i = 0; i < r->n; i++)
                free(r->findings[i]);
        free(r->findings);
        memset(r, 0, sizeof *r);
}

static const struct gnt_bundle_entry *items_find(const struct gnt_bundle_entries *it, const char *name)
{
        for (size_t i = 0; i < it->n; i++)
                if (strcmp(it->v[i].name, name) == 0)
                        return &it->v[i];
        return NULL;
}

/* Read the archive with the bundle module's hardened reader: plain or
 * gzip'd tar, regular files with safe names, bounded in size and entries.
 * Only the files are kept. */
static int read_archive(const char *path, struct gnt_bundle_entries *out, char *err, size_t errsz)
{
        static const struct gnt_bundle_limits lim = {
                .archive_bytes = MAX_TOTAL,
                .entries = MAX_ENTRIES,
                .total_bytes = MAX_TOTAL,
                .file_bytes = MAX_TOTAL,
                /* A workspace may hold very compressible files; total_bytes
                 * bounds what decompressing costs. */
                .ratio = UINT_MAX,
                .depth = MAX_DEPTH,
        };
        static const struct gnt_bundle_read_opts o = {
                .limits = &lim, .tar_only = true, .files_only = true, .kind = "submission"};
        char *buf, msg[GNT_ERR_MAX];
        size_t len;
        int r = sbx_file_read_at(AT_FDCWD, path, MAX_TOTAL, SBX_FILE_FOLLOW, &buf, &len);
        if (r < 0)
                return sbx_errf(err, errsz, r == -EFBIG ? -EINVAL : r, "cannot read '%s': %s", path,
                                r == -EFBIG ? "larger than 256 MiB" : strerror(-r));
        struct gnt_bundle_entries e;
        r = gnt_bundle_read(buf, len, &o, &e, msg, sizeof msg);
        free(buf);
        if (r < 0)
                return sbx_errf(err, errsz, r == -ENOMEM ? r : -EINVAL, "'%s': %s", path, msg);
        for (size_t i = 0; i < e.n; i++)
                if (!e.v[i].dir && !gnt_session_path_safe(e.v[i].name)) {
                        r = sbx_errf(err, errsz, -EINVAL, "'%s': entry '%.200s': unsafe path", path,
                                     e.v[i].name);
                        gnt_bundle_entries_release(&e);
                        return r;
                }
        size_t k = 0;
        for (size_t i = 0; i < e.n; i++) {
                if (e.v[i].dir)
                        free(e.v[i].name);
                else
                        e.v[k++] = e.v[i];
        }
        e.n = k;
        *out = e;
        return 0;
}

static const char *jstr(const cJSON *o, const char *name)
{
        const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, name);
        return cJSON_IsString(it) ? it->valuestring : NULL;
}

static bool jnum(const cJSON *o, const char *name, double *v)
{
        const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, name);
        if (!cJSON_IsNumber(it))
                return false;
        *v = it->valuedouble;
        return true;
}

static bool same_str(const char *a, const char *b)
{
        return a && b && strcmp(a, b) == 0;
}

/* Snapshot ids and blob presence for every entry that carries one. */
static void check_snapshots(const struct gnt_journal *j, const struct gnt_bundle_entries *it,
                            struct gnt_verify_report *r)
{
        for (size_t i = 0; i < j->n; i++) {
                const cJSON *snap = cJSON_GetObjectItemCaseSensitive(j->entries[i].json, "snapshot");
                if (!snap)
                        continue;
                const cJSON *files = cJSON_GetObjectItemCaseSensitive(snap, "files");
                const char *id = jstr(snap, "id");
                char calc[GNT_HASH_HEX], why[256];
                if (gnt_session_snapshot_id(files, calc, why, sizeof why) < 0) {
                        finding(r, "journal.jsonl: line %lu: %s", j->entries[i].seq, why);
                        continue;
                }
                if (!same_str(id, calc))
                        finding(r, "journal.jsonl: line %lu: snapshot id does not match its file list",
                                j->entries[i].seq);
                const cJSON *f;
                cJSON_ArrayForEach(f, files)
                {
                        char name[128];
                        snprintf(name, sizeof name, "blobs/%s", f->valuestring);
                        if (!items_find(it, name))
                                finding(r, "journal.jsonl: line %lu: blob of '%s' (%.12s) missing: this "
                                           "snapshot cannot be replayed",
                                        j->entries[i].seq, f->string, f->valuestring);
                }
        }
}

/* code/ against the final snapshot, both ways. */
static void check_code(const cJSON *files, const struct gnt_bundle_entries *it, struct gnt_verify_report *r)
{
        const cJSON *f;
        cJSON_ArrayForEach(f, files)
        {
                char name[2048], h[GNT_HASH_HEX];
                snprintf(name, sizeof name, "code/%s", f->string);
                const struct gnt_bundle_entry *c = items_find(it, name);
                if (!c) {
                        finding(r, "%s: missing (it is in the final snapshot)", name);
                        continue;
                }
                gnt_session_hash(c->data, c->len, h);
                if (strcmp(h, f->valuestring) != 0)
                        finding(r, "%s: differs from the final snapshot", name);
        }
        for (size_t i = 0; i < it->n; i++) {
                if (strncmp(it->v[i].name, "code/", 5) != 0)
                        continue;
                r->code_files++;
                if (!cJSON_GetObjectItemCaseSensitive(files, it->v[i].name + 5))
                        finding(r, "%s: not in the final snapshot", it->v[i].name);
        }
}

static void check_entries(const struct gnt_bundle_entries *it, struct gnt_verify_report *r)
{
        for (size_t i = 0; i < it->n; i++) {
                const char *n = it->v[i].name;
                if (strncmp(n, "blobs/", 6) == 0) {
                        char h[GNT_HASH_HEX];
                        r->blobs++;
                        gnt_session_hash(it->v[i].data, it->v[i].len, h);
                        if (!gnt_session_hash_valid(n + 6))
                                finding(r, "%s: not a blob name", n);
                        else if (strcmp(h, n + 6) != 0)
                                finding(r, "%s: content does not match its name", n);
                } else if (strncmp(n, "code/", 5) != 0 && strcmp(n, "journal.jsonl") != 0 &&
                           strcmp(n, "submission.json") != 0) {
                        finding(r, "%s: unexpected entry", n);
                }
        }
}

/* submission.json against the journal it claims to summarise. */
static void check_record(const cJSON *sub, const struct gnt_journal *j, struct gnt_verify_report *r)
{
        const cJSON *st = j->entries[0].json;
        const struct gnt_journal_entry *last = &j->entries[j->n - 1];
        const cJSON *sp = cJSON_GetObjectItemCaseSensitive(st, "problem");
        const cJSON *rp = cJSON_GetObjectItemCaseSensitive(sub, "problem");
        const cJSON *sb = cJSON_GetObjectItemCaseSensitive(st, "bundle");
        const cJSON *rb = cJSON_GetObjectItemCaseSensitive(sub, "bundle");
        snprintf(r->problem_id, sizeof r->problem_id, "%s", jstr(sp, "id") ? jstr(sp, "id") : "");
        snprintf(r->problem_version, sizeof r->problem_version, "%s",
                 jstr(sp, "version") ? jstr(sp, "version") : "");
        snprintf(r->public_hash, sizeof r->public_hash, "%s",
                 jstr(sb, "public_hash") ? jstr(sb, "public_hash") : "");
        snprintf(r->file_sha256, sizeof r->file_sha256, "%s",
                 jstr(sb, "file_sha256") ? jstr(sb, "file_sha256") : "");
        if (!same_str(jstr(sp, "id"), jstr(rp, "id")) || !same_str(jstr(sp, "version"), jstr(rp, "version")))
                finding(r, "submission.json: problem id or version differs from the journal's start entry");
        if (!same_str(jstr(sb, "public_hash"), jstr(rb, "public_hash")) ||
            !cJSON_Compare(cJSON_GetObjectItemCaseSensitive(sb, "file_sha256"),
                           cJSON_GetObjectItemCaseSensitive(rb, "file_sha256"), 1))
                finding(r, "submission.json: bundle hash differs from the journal's start entry");
        double v;
        if (!jnum(sub, "started", &v) || (int64_t)v != j->entries[0].time)
                finding(r, "submission.json: 'started' differs from the time of the start entry");
        if (strcmp(last->type, "submit") != 0) {
                finding(r, "journal.jsonl: line %lu: the journal does not end with a submit entry",
                        last->seq);
                return;
        }
        const cJSON *lj = last->json;
        const cJSON *ls = cJSON_GetObjectItemCaseSensitive(lj, "snapshot");
        double sub_t, dl, over, lsub, ldl, lover;
        if (!jnum(lj, "submitted", &lsub) || !jnum(lj, "deadline", &ldl) || !jnum(lj, "overrun_s", &lover)) {
                finding(r, "journal.jsonl: line %lu: submit entry lacks submitted, deadline or overrun_s",
                        last->seq);
                return;
        }
        bool llate = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(lj, "late"));
        if (llate != (lsub > ldl) || lover != (lsub > ldl ? lsub - ldl : 0))
                finding(r, "journal.jsonl: line %lu: late flag or overrun does not follow from the "
                           "submit and deadline times",
                        last->seq);
        if (lsub > (double)last->time || lsub < (double)j->entries[0].time)
                finding(r, "journal.jsonl: line %lu: submit time outside the journal's times", last->seq);
        /* The deadline: as fixed at start, plus the pauses the journal shows. */
        double start_dl;
        if (jnum(st, "deadline", &start_dl)) {
                int64_t paused = 0, since = 0;
                bool p = false;
                for (size_t i = 1; i < j->n; i++) {
                        if (strcmp(j->entries[i].type, "pause") == 0 && !p) {
                                p = true;
                                since = j->entries[i].time;
                        } else if (strcmp(j->entries[i].type, "resume") == 0 && p) {
                                p = false;
                                paused += j->entries[i].time - since;
                        }
                }
                if (paused > 0 && !same_str(jstr(st, "mode"), "mock"))
                        finding(r, "journal.jsonl: pauses in a session that is not a mock");
                if ((int64_t)ldl != (int64_t)start_dl + paused)
                        finding(r, "journal.jsonl: line %lu: deadline %.0f is not the start deadline %.0f "
                                   "plus %lld s paused",
                                last->seq, ldl, start_dl, (long long)paused);
        }
        r->late = llate;
        r->overrun_s = (long long)lover;
        if (!jnum(sub, "submitted", &sub_t) || sub_t != lsub || !jnum(sub, "deadline", &dl) || dl != ldl ||
            !jnum(sub, "overrun_s", &over) || over != lover ||
            cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(sub, "late")) != llate)
                finding(r, "submission.json: submitted, deadline, late or overrun differ from the "
                           "journal's submit entry");
        if (!same_str(jstr(sub, "snapshot"), jstr(ls, "id")))
                finding(r, "submission.json: 'snapshot' is not the submit entry's snapshot");
        const cJSON *jo = cJSON_GetObjectItemCaseSensitive(sub, "journal");
        if (!same_str(jstr(jo, "head"), last->hash))
                finding(r, "submission.json: journal head hash does not match the journal's last line");
        if (!jnum(jo, "entries", &v) || (size_t)v != j->n)
                finding(r, "submission.json: journal entry count differs from the journal");
}

static void ticket_bundle(const struct gnt_ticket *t, const cJSON *st, const struct gnt_verify_bundle *bundle,
                          struct gnt_verify_report *r)
{
        const cJSON *sb = cJSON_GetObjectItemCaseSensitive(st, "bundle");
        const cJSON *sp = cJSON_GetObjectItemCaseSensitive(st, "problem");
        const char *file = jstr(sb, "file_sha256");
        if (!same_str(t->bundle_sha256, file) || !same_str(t->public_hash, jstr(sb, "public_hash")))
                finding(r, "ticket: for another bundle (the ticket's %.16s, the session started from %.16s)",
                        t->bundle_sha256, file ? file : "a folder");
        else if (!same_str(t->problem_id, jstr(sp, "id")) || !same_str(t->problem_version, jstr(sp, "version")))
                finding(r, "ticket: for problem %s %s, the session answers %s %s", t->problem_id,
                        t->problem_version, jstr(sp, "id") ? jstr(sp, "id") : "?",
                        jstr(sp, "version") ? jstr(sp, "version") : "?");
        if (bundle && (bundle->file_sha256 || bundle->public_hash) &&
            !same_str(bundle->file_sha256, t->bundle_sha256) && !same_str(bundle->public_hash, t->public_hash))
                finding(r, "ticket: for another bundle than the one given (the ticket's %.16s)", t->bundle_sha256);
}

/* The ticket of the start entry: the team's, for this bundle and this
 * candidate, and the session's start and minutes follow from it. */
static void check_ticket(const struct gnt_journal *j, const cJSON *sub, const struct gnt_verify_bundle *bundle,
                         struct gnt_verify_report *r)
{
        const struct gnt_journal_entry *e0 = &j->entries[0];
        const cJSON *st = e0->json;
        const cJSON *tj = cJSON_GetObjectItemCaseSensitive(st, "ticket");
        const cJSON *sj = sub ? cJSON_GetObjectItemCaseSensitive(sub, "ticket") : NULL;
        if (sub && (tj || sj) && !cJSON_Compare(tj, sj, 1))
                finding(r, "ticket: submission.json's ticket is not the one in the journal's start entry");
        if (!tj)
                return;
        struct gnt_ticket t;
        char why[512], a[32], b[32], c[32];
        if (gnt_ticket_from_json(tj, &t, why, sizeof why) < 0) {
                finding(r, "ticket: malformed in the start entry: %s", why);
                return;
        }
        r->has_ticket = true;
        memcpy(r->ticket_id, t.id, sizeof r->ticket_id);
        snprintf(r->ticket_candidate, sizeof r->ticket_candidate, "%s", t.candidate);
        r->ticket_minutes = t.minutes;
        r->ticket_not_before = t.not_before;
        r->ticket_not_after = t.not_after;
        if (t.has_content_key)
                finding(r, "ticket: the start entry carries a content key (gauntlet never records it)");
        if (!bundle || !bundle->team_pk)
                r->ticket_unchecked = true;
        else if (gnt_ticket_verify(&t, bundle->team_pk, why, sizeof why) < 0)
                finding(r, "ticket: not the team's: %s", why);
        if (bundle && bundle->candidate && strcmp(bundle->candidate, t.candidate) != 0)
                finding(r, "ticket: issued to '%s', not to '%s'", t.candidate, bundle->candidate);
        ticket_bundle(&t, st, bundle, r);
        if (e0->time < t.not_before || e0->time > t.not_after)
                finding(r, "ticket: the session started at %s, outside the ticket's window (%s to %s)",
                        gnt_session_fmt_time(e0->time, a, sizeof a), gnt_session_fmt_time(t.not_before, b, sizeof b),
                        gnt_session_fmt_time(t.not_after, c, sizeof c));
        double m, dl;
        if (!same_str(jstr(st, "mode"), "take-home"))
                finding(r, "ticket: the session is a %s, not a take-home", jstr(st, "mode") ? jstr(st, "mode") : "?");
        if (!jnum(st, "minutes", &m) || m != (double)t.minutes)
                finding(r, "ticket: the session's minutes are not the ticket's %lld", t.minutes);
        if (!jnum(st, "deadline", &dl) || (int64_t)dl != e0->time + t.minutes * 60)
                finding(r, "ticket: the start deadline is not the start time plus the ticket's %lld minutes",
                        t.minutes);
}

int gnt_session_verify(const char *path, const struct gnt_verify_bundle *bundle, struct gnt_verify_report *r,
                       char *err, size_t errsz)
{
        memset(r, 0, sizeof *r);
        struct gnt_bundle_entries it = {0};
        int ret = read_archive(path, &it, err, errsz);
        if (ret < 0)
                goto out;
        const struct gnt_bundle_entry *js = items_find(&it, "journal.jsonl");
        const struct gnt_bundle_entry *ss = items_find(&it, "submission.json");
        if (!js || !ss) {
                ret = sbx_errf(err, errsz, -EINVAL, "'%s' is not a submission: no %s", path,
                               js ? "submission.json" : "journal.jsonl");
                goto out;
        }
        cJSON *sub = cJSON_ParseWithLength(ss->data, ss->len);
        if (!cJSON_IsObject(sub)) {
                cJSON_Delete(sub);
                finding(r, "submission.json: not a JSON object");
                sub = NULL;
        }
        check_entries(&it, r);
        struct gnt_journal j;
        char why[512];
        if (gnt_journal_parse(js->data, js->len, 0, &j, why, sizeof why) < 0) {
                finding(r, "journal.jsonl: %s", why);
                cJSON_Delete(sub);
                goto out;
        }
        if (j.n == 0) {
                finding(r, "journal.jsonl: empty");
                cJSON_Delete(sub);
                gnt_journal_release(&j);
                goto out;
        }
        r->entries = j.n;
        for (size_t i = 0; i < j.n; i++)
                r->test_runs += strcmp(j.entries[i].type, "test") == 0;
        if (sub)
                check_record(sub, &j, r);
        check_ticket(&j, sub, bundle, r);
        check_snapshots(&j, &it, r);
        const struct gnt_journal_entry *last = &j.entries[j.n - 1];
        if (strcmp(last->type, "submit") == 0)
                check_code(cJSON_GetObjectItemCaseSensitive(
                                   cJSON_GetObjectItemCaseSensitive(last->json, "snapshot"), "files"),
                           &it, r);
        if (bundle && (bundle->file_sha256 || bundle->public_hash)) {
                bool ok = (bundle->file_sha256 && same_str(bundle->file_sha256, r->file_sha256)) ||
                          (bundle->public_hash && same_str(bundle->public_hash, r->public_hash));
                if (!ok)
                        finding(r, "bundle: the session did not start from this bundle (public part hash "
                                   "%.16s, the bundle's %.16s)",
                                r->public_hash, bundle->public_hash ? bundle->public_hash : "?");
        }
        gnt_journal_release(&j);
        cJSON_Delete(sub);
out:
        gnt_bundle_entries_release(&it);
        return ret;
}

int gnt_session_unpack_submission(const char *path, const char *dest, char *err, size_t errsz)
{
        struct gnt_bundle_entries it = {0};
        int r = read_archive(path, &it, err, errsz);
        if (r < 0)
                goto out;
        if (!items_find(&it, "journal.jsonl")) {
                r = sbx_errf(err, errsz, -EINVAL, "'%s' is not a submission: no journal.jsonl", path);
                goto out;
        }
        char meta[PATH_MAX], blobs[PATH_MAX + 8];
        snprintf(meta, sizeof meta, "%s/.gauntlet", dest);
        snprintf(blobs, sizeof blobs, "%s/blobs", meta);
        r = gnt_mkdirs(blobs, 0700);
        if (r < 0) {
                sbx_errf(err, errsz, r, "cannot create '%s': %s", blobs, strerror(-r));
                goto out;
        }
        for (size_t i = 0; i < it.n; i++) {
                char t[PATH_MAX + 80];
                const char *n = it.v[i].name;
                if (strcmp(n, "journal.jsonl") == 0)
                        snprintf(t, sizeof t, "%s/journal.jsonl", meta);
                else if (strncmp(n, "blobs/", 6) == 0 && gnt_session_hash_valid(n + 6))
                        snprintf(t, sizeof t, "%s/%s", blobs, n + 6);
                else
                        continue;
                r = sbx_file_write_atomic(t, NULL, 0, it.v[i].data, it.v[i].len, 0644, SBX_FILE_SYNC);
                if (r < 0) {
                        sbx_errf(err, errsz, r, "cannot write '%s': %s", t, strerror(-r));
                        goto out;
                }
        }
out:
        gnt_bundle_entries_release(&it);
        return r;
}
