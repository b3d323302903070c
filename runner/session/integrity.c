/* integrity.c — the verdict of gnt_session_verify for a submission given
 * to `gauntlet grade`, as an archive or as an unpacked folder (packed into
 * a temporary archive so that verify reads exactly what it reads of an
 * archive), and the session's times as its journal records them. */
#include "integrity.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bundle/bundle.h"
#include "manifest.h"
#include "sbx_file.h"
#include "scratch.h"
#include "session/session.h"
#include "session/verify.h"

/* What a folder may hold to be packed: verify's own limits. */
#define PACK_BYTES ((size_t)256 << 20)
#define PACK_ENTRIES 20000
#define PACK_DEPTH 32

static const char *const names[] = {"unverified", "verified", "tampered"};

const char *gnt_integrity_name(enum gnt_integrity_verdict v)
{
        return (unsigned)v < 3 ? names[v] : "tampered";
}

int gnt_integrity_from_name(const char *s)
{
        for (int i = 0; s && i < 3; i++)
                if (strcmp(s, names[i]) == 0)
                        return i;
        return -EINVAL;
}

static int push(struct gnt_integrity *ig, const char *line)
{
        char **v = realloc(ig->findings, (ig->n_findings + 1) * sizeof *v);
        if (!v)
                return -ENOMEM;
        ig->findings = v;
        if (!(v[ig->n_findings] = strdup(line)))
                return -ENOMEM;
        ig->n_findings++;
        return 0;
}

int gnt_integrity_unverified(struct gnt_integrity *ig, const char *why)
{
        gnt_integrity_release(ig);
        return push(ig, why);
}

int gnt_integrity_add(struct gnt_integrity *ig, const char *line)
{
        if (ig->verdict != GNT_INTEGRITY_TAMPERED) {
                /* An unverified submission's reason is not a finding. */
                for (size_t i = 0; i < ig->n_findings; i++)
                        free(ig->findings[i]);
                ig->n_findings = 0;
                ig->verdict = GNT_INTEGRITY_TAMPERED;
        }
        return push(ig, line);
}

void gnt_integrity_release(struct gnt_integrity *ig)
{
        if (!ig)
                return;
        for (size_t i = 0; i < ig->n_findings; i++)
                free(ig->findings[i]);
        free(ig->findings);
        memset(ig, 0, sizeof *ig);
}

struct pack {
        struct gnt_bundle_writer *w;
        struct gnt_integrity *ig;
        size_t entries, bytes;
        char err[GNT_ERR_MAX];
};

/* Add every regular file under dirfd (at rel) to the archive.  A link, a
 * special file or a limit passed is a finding; 0, or -errno for a
 * failure of our own. */
static int pack_dir(struct pack *pk, int dirfd, const char *rel, unsigned depth)
{
        char line[PATH_MAX + 80];
        if (depth > PACK_DEPTH) {
                snprintf(line, sizeof line, "%s: nested deeper than %d folders", rel, PACK_DEPTH);
                return gnt_integrity_add(pk->ig, line);
        }
        int fd = dup(dirfd);
        DIR *d = fd < 0 ? NULL : fdopendir(fd);
        if (!d) {
                if (fd >= 0)
                        close(fd);
                return -errno;
        }
        int r = 0;
        struct dirent *de;
        while (r == 0 && (de = readdir(d))) {
                if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                        continue;
                char name[PATH_MAX];
                if ((size_t)snprintf(name, sizeof name, "%s%s%s", rel, *rel ? "/" : "", de->d_name) >= sizeof name) {
                        r = gnt_integrity_add(pk->ig, "a path longer than PATH_MAX: over verify's limits");
                        break;
                }
                struct stat sb;
                if (fstatat(dirfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) < 0) {
                        r = -errno;
                        break;
                }
                if (++pk->entries > PACK_ENTRIES) {
                        snprintf(line, sizeof line, "more than %d entries: over verify's limits", PACK_ENTRIES);
                        r = gnt_integrity_add(pk->ig, line);
                        break;
                }
                if (S_ISDIR(sb.st_mode)) {
                        int sub = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                        if (sub < 0) {
                                snprintf(line, sizeof line, "%.1000s: cannot be read: %s", name, strerror(errno));
                                r = gnt_integrity_add(pk->ig, line);
                                continue;
                        }
                        r = pack_dir(pk, sub, name, depth + 1);
                        close(sub);
                        continue;
                }
                if (!S_ISREG(sb.st_mode)) {
                        snprintf(line, sizeof line, "%.1000s: not a regular file", name);
                        if (pk->ig->n_findings < GNT_INTEGRITY_MAX_FINDINGS)
                                r = gnt_integrity_add(pk->ig, line);
                        continue;
                }
                char *buf;
                size_t len;
                r = sbx_file_read_at(dirfd, de->d_name, PACK_BYTES - pk->bytes, 0, &buf, &len);
                if (r == -EFBIG) {
                        r = gnt_integrity_add(pk->ig, "larger than 256 MiB: over verify's limits");
                        break;
                }
                if (r == -ENOMEM)
                        break;
                if (r < 0) {
                        /* Unreadable (a mode the candidate set): it cannot
                         * be what was sealed either. */
                        snprintf(line, sizeof line, "%.1000s: cannot be read: %s", name, strerror(-r));
                        r = pk->ig->n_findings < GNT_INTEGRITY_MAX_FINDINGS ? gnt_integrity_add(pk->ig, line) : 0;
                        continue;
                }
                pk->bytes += len;
                r = gnt_bundle_writer_add_data(pk->w, name, buf, len, 0644, pk->err, sizeof pk->err);
                free(buf);
                if (r == -EINVAL || r == -ENAMETOOLONG) {
                        snprintf(line, sizeof line, "%.1000s: %.900s", name, pk->err);
                        r = pk->ig->n_findings < GNT_INTEGRITY_MAX_FINDINGS ? gnt_integrity_add(pk->ig, line) : 0;
                }
        }
        closedir(d);
        return r;
}

/* Pack the folder dir into a temporary archive and verify that. */
static int verify_folder(const char *dir, const struct gnt_verify_bundle *vb, struct gnt_verify_report *rep,
                         struct gnt_integrity *ig, char *err, size_t errsz)
{
        struct grd_scratch sc = {0};
        char tmp[PATH_MAX], arc[PATH_MAX + 16];
        int r = gnt_session_mkdtemp("verify", &sc, tmp, sizeof tmp);
        if (r < 0) {
                grd_scratch_release(&sc);
                return sbx_errf(err, errsz, r, "cannot create a temporary folder: %s", strerror(-r));
        }
        snprintf(arc, sizeof arc, "%s/s.tar", tmp);
        struct pack pk = {.ig = ig};
        int out = open(arc, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        int root = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (out < 0 || root < 0) {
                r = -errno;
                sbx_errf(err, errsz, r, "cannot read '%s': %s", out < 0 ? arc : dir, strerror(-r));
                goto out;
        }
        r = gnt_bundle_writer_new(out, 0, &pk.w, pk.err, sizeof pk.err);
        if (r == 0)
                r = pack_dir(&pk, root, "", 0);
        if (r == 0 && ig->verdict != GNT_INTEGRITY_TAMPERED)
                r = gnt_bundle_writer_finish(pk.w, NULL, NULL, pk.err, sizeof pk.err);
        if (r < 0) {
                sbx_errf(err, errsz, r, "cannot pack '%s' to verify it: %s", dir, pk.err[0] ? pk.err : strerror(-r));
                goto out;
        }
        if (ig->verdict == GNT_INTEGRITY_TAMPERED)
                goto out; /* what cannot be packed cannot be sealed */
        char why[GNT_ERR_MAX];
        r = gnt_session_verify(arc, vb, rep, why, sizeof why);
        if (r == -EINVAL) {
                /* Say it of the folder, not of the temporary archive. */
                char line[GNT_ERR_MAX + PATH_MAX];
                char *at = strstr(why, arc);
                if (at)
                        snprintf(line, sizeof line, "%.*s%s%s", (int)(at - why), why, dir, at + strlen(arc));
                else
                        snprintf(line, sizeof line, "%s", why);
                r = gnt_integrity_add(ig, line);
        } else if (r < 0) {
                sbx_errf(err, errsz, r, "cannot verify '%s': %s", dir, why);
        }
out:
        gnt_bundle_writer_free(pk.w);
        if (out >= 0)
                close(out);
        if (root >= 0)
                close(root);
        grd_scratch_release(&sc);
        return r;
}

static bool has_file(const char *dir, const char *name)
{
        char p[PATH_MAX];
        struct stat sb;
        snprintf(p, sizeof p, "%s/%s", dir, name);
        return lstat(p, &sb) == 0;
}

int gnt_integrity_check(const char *path, const char *dir, const struct gnt_integrity_opts *o,
                        struct gnt_integrity *ret, char *err, size_t errsz)
{
        struct gnt_integrity ig = {0};
        struct stat sb;
        bool is_dir = stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
        if (!has_file(dir, "journal.jsonl") && !has_file(dir, "submission.json")) {
                int r = push(&ig, is_dir ? "no journal: a plain folder, not a sealed submission"
                                         : "no journal: a plain archive, not a sealed submission");
                if (r < 0) {
                        gnt_integrity_release(&ig);
                        return sbx_errf(err, errsz, r, "out of memory");
                }
                *ret = ig;
                return 0;
        }
        struct gnt_verify_bundle vb = {
                .file_sha256 = o && o->file_sha256 && *o->file_sha256 ? o->file_sha256 : NULL,
                .public_hash = o && o->public_hash && *o->public_hash ? o->public_hash : NULL,
                .team_pk = o ? o->team_pk : NULL,
                .candidate = o ? o->candidate : NULL,
        };
        struct gnt_verify_report rep = {0};
        ig.verdict = GNT_INTEGRITY_VERIFIED;
        int r;
        if (is_dir) {
                r = verify_folder(dir, &vb, &rep, &ig, err, errsz);
        } else {
                char why[GNT_ERR_MAX];
                r = gnt_session_verify(path, &vb, &rep, why, sizeof why);
                if (r == -EINVAL)
                        r = gnt_integrity_add(&ig, why);
                else if (r < 0)
                        sbx_errf(err, errsz, r, "cannot verify '%s': %s", path, why);
        }
        /* A hostile archive can make thousands (one per stray file): the
         * first ones say what happened, the count says how much. */
        for (size_t i = 0; r == 0 && i < rep.n && i < GNT_INTEGRITY_MAX_FINDINGS; i++)
                r = gnt_integrity_add(&ig, rep.findings[i]);
        if (r == 0 && rep.n > GNT_INTEGRITY_MAX_FINDINGS) {
                char line[80];
                snprintf(line, sizeof line, "... and %zu more findings", rep.n - GNT_INTEGRITY_MAX_FINDINGS);
                r = gnt_integrity_add(&ig, line);
        }
        ig.has_ticket = rep.has_ticket;
        ig.ticket_unchecked = rep.ticket_unchecked;
        snprintf(ig.ticket_id, sizeof ig.ticket_id, "%s", rep.ticket_id);
        snprintf(ig.ticket_candidate, sizeof ig.ticket_candidate, "%s", rep.ticket_candidate);
        gnt_verify_report_release(&rep);
        if (r < 0) {
                if (r == -ENOMEM)
                        sbx_errf(err, errsz, r, "out of memory");
                gnt_integrity_release(&ig);
                return r;
        }
        *ret = ig;
        return 0;
}

int gnt_integrity_bundle_hashes(const struct gnt_bundle *b, char file_sha[65], char public_hash[65], char *err,
                                size_t errsz)
{
        const struct grd_problem *p = gnt_bundle_problem(b);
        snprintf(file_sha, 65, "%s", b->is_archive ? b->sha256_hex : "");
        public_hash[0] = '\0'; /* no single problem (an assessment): the file's hash alone */
        return p ? gnt_session_public_hash(p, public_hash, err, errsz) : 0;
}

void gnt_journal_times_read(const char *journal, size_t len, struct gnt_journal_times *ret)
{
        struct gnt_journal_times t = {0};
        const char *p = journal, *end = journal ? journal + len : NULL;
        while (p && p < end) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
                struct gnt_entry_line l;
                if (gnt_entry_line_parse(p, n, &l) == 0) {
                        if (l.d.kind == GNT_ENTRY_START && !t.has_session) {
                                t.has_session = true;
                                t.started = l.time > 0 ? l.time : 0;
                                t.deadline = l.d.u.start.deadline > 0 ? l.d.u.start.deadline : 0;
                                snprintf(t.mode, sizeof t.mode, "%s", l.d.u.start.mode ? l.d.u.start.mode : "");
                        } else if (l.d.kind == GNT_ENTRY_SUBMIT && t.has_session) {
                                t.submitted_seen = true;
                                t.submitted = l.d.u.submit.submitted >= 0 ? l.d.u.submit.submitted
                                                                           : (l.time > 0 ? l.time : 0);
                                if (l.d.u.submit.deadline >= 0)
                                        t.deadline = l.d.u.submit.deadline;
                        }
                        gnt_entry_line_release(&l);
                }
                p += n + 1;
        }
        /* Late by the recorded times, whatever flag a line carries. */
        t.late = t.submitted_seen && t.deadline > 0 && t.submitted > t.deadline;
        t.overrun_s = t.late ? t.submitted - t.deadline : 0;
        *ret = t;
}

void gnt_review_fmt_utc(int64_t t, char *buf, size_t size)
{
        time_t tt = (time_t)t;
        struct tm tm;
        if (t <= 0 || !gmtime_r(&tt, &tm) || !strftime(buf, size, "%Y-%m-%d %H:%M:%S UTC", &tm))
                snprintf(buf, size, "?");
}

cJSON *gnt_integrity_json(const struct gnt_integrity *ig)
{
        cJSON *o = cJSON_CreateObject();
        if (!o)
                return NULL;
        cJSON_AddStringToObject(o, "verdict", gnt_integrity_name(ig->verdict));
        cJSON *f = cJSON_AddArrayToObject(o, "findings");
        for (size_t i = 0; f && i < ig->n_findings; i++)
                cJSON_AddItemToArray(f, cJSON_CreateString(ig->findings[i]));
        if (ig->has_ticket) {
                cJSON *t = cJSON_AddObjectToObject(o, "ticket");
                cJSON_AddStringToObject(t, "id", ig->ticket_id);
                cJSON_AddStringToObject(t, "candidate", ig->ticket_candidate);
                cJSON_AddBoolToObject(t, "checked", !ig->ticket_unchecked);
        } else {
                cJSON_AddNullToObject(o, "ticket");
        }
        return o;
}

void gnt_integrity_from_json(struct gnt_integrity *ig, const cJSON *o)
{
        memset(ig, 0, sizeof *ig);
        if (!cJSON_IsObject(o)) {
                push(ig, "not checked: graded by a gauntlet without integrity checks");
                return;
        }
        const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "verdict"));
        int k = gnt_integrity_from_name(v);
        ig->verdict = k >= 0 ? (enum gnt_integrity_verdict)k : GNT_INTEGRITY_TAMPERED;
        const cJSON *f;
        cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(o, "findings"))
        {
                if (cJSON_IsString(f) && ig->n_findings <= GNT_INTEGRITY_MAX_FINDINGS)
                        push(ig, f->valuestring);
        }
        if (ig->verdict == GNT_INTEGRITY_TAMPERED && !ig->n_findings)
                push(ig, "tampered (no finding recorded)");
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "ticket");
        if (cJSON_IsObject(t)) {
                ig->has_ticket = true;
                const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t, "id"));
                const char *c = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t, "candidate"));
                snprintf(ig->ticket_id, sizeof ig->ticket_id, "%s", id ? id : "");
                snprintf(ig->ticket_candidate, sizeof ig->ticket_candidate, "%s", c ? c : "");
                ig->ticket_unchecked = !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(t, "checked"));
        }
}
