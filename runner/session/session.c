/* session.c — create, find and open sessions; the state is replayed from
 * the journal every time, so a crash can lose nothing that was recorded. */
#include "session.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "manifest.h"
#include "problem.h"
#include "bundle/ticket.h"
#include "scratch.h"
#include "toolchain.h"
#include "version.h"
#include "workspace.h"
#include "sbx_file.h"

static bool is_file(const char *p)
{
        struct stat st;
        return lstat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int set_paths(struct gnt_session *s, const char *root)
{
        char abs[PATH_MAX];
        if (!realpath(root, abs))
                return -errno;
        if (snprintf(s->root, sizeof s->root, "%s", abs) >= (int)sizeof s->root ||
            snprintf(s->meta, sizeof s->meta, "%s%s", abs, GNT_SESSION_META) >= (int)sizeof s->meta ||
            snprintf(s->code, sizeof s->code, "%s/code", abs) >= (int)sizeof s->code ||
            snprintf(s->journal, sizeof s->journal, "%s/%s", s->meta, GNT_SESSION_JOURNAL) >=
                    (int)sizeof s->journal ||
            snprintf(s->blobs, sizeof s->blobs, "%s/blobs", s->meta) >= (int)sizeof s->blobs ||
            snprintf(s->problem_dir, sizeof s->problem_dir, "%s/problem", s->meta) >=
                    (int)sizeof s->problem_dir)
                return -ENAMETOOLONG;
        return 0;
}

int gnt_session_find(const char *dir, char ret_root[PATH_MAX])
{
        char cur[PATH_MAX], probe[PATH_MAX + 64];
        if (!realpath(dir, cur))
                return -errno;
        for (;;) {
                snprintf(probe, sizeof probe, "%s%s/%s", strcmp(cur, "/") ? cur : "", GNT_SESSION_META,
                         GNT_SESSION_JOURNAL);
                if (is_file(probe)) {
                        memcpy(ret_root, cur, PATH_MAX);
                        return 0;
                }
                char *slash = strrchr(cur, '/');
                if (!slash || strcmp(cur, "/") == 0)
                        return -ENOENT;
                if (slash == cur)
                        slash[1] = '\0';
                else
                        *slash = '\0';
        }
}

/* Replay the entries into the derived state. */
static int replay(struct gnt_session *s, char *err, size_t errsz)
{
        const struct gnt_entry_start *st = &s->j.entries[0].d.u.start;
        s->id = st->problem_id;
        s->title = st->title;
        s->version = st->version;
        s->mode = st->mode;
        s->public_hash = st->public_hash;
        s->grading = st->grading;
        s->started = s->j.entries[0].time;
        s->deadline = st->deadline;
        if (!s->id || !s->title || !s->version || !s->mode || !s->public_hash || s->deadline < s->started ||
            !gnt_session_path_safe(s->id))
                return sbx_errf(err, errsz, -EBADMSG,
                                "line 1: start entry lacks problem, mode, bundle or deadline");
        s->mock = strcmp(s->mode, "mock") == 0;
        s->paused = false;
        s->paused_total = 0;
        s->n_tests = 0;
        s->last_test = s->submit = NULL;
        for (size_t i = 1; i < s->j.n; i++) {
                const struct gnt_journal_entry *e = &s->j.entries[i];
                switch (e->d.kind) {
                case GNT_ENTRY_TEST:
                        s->n_tests++;
                        s->last_test = e;
                        break;
                case GNT_ENTRY_PAUSE:
                        if (!s->paused) {
                                s->paused = true;
                                s->paused_since = e->time;
                        }
                        break;
                case GNT_ENTRY_RESUME:
                        if (s->paused) {
                                s->paused = false;
                                s->paused_total += e->time - s->paused_since;
                        }
                        break;
                case GNT_ENTRY_SUBMIT:
                        s->submit = e;
                        break;
                default:
                        break;
                }
        }
        return 0;
}

int gnt_session_open(const char *root, unsigned flags, struct gnt_session *ret, char *err, size_t errsz)
{
        struct gnt_session s;
        memset(&s, 0, sizeof s);
        int r = set_paths(&s, root);
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot open session '%s': %s", root, strerror(-r));
        if (!is_file(s.journal))
                return sbx_errf(err, errsz, -ENOENT, "'%s' is not a session (no %s%s/%s)", root, root,
                                GNT_SESSION_META, GNT_SESSION_JOURNAL);
        char jerr[512];
        r = gnt_journal_load(s.journal, &s.j, jerr, sizeof jerr);
        if (r < 0)
                return sbx_errf(err, errsz, r, "%s: %s", s.journal, jerr);
        if (s.j.n == 0) {
                gnt_journal_release(&s.j);
                return sbx_errf(err, errsz, -EBADMSG, "%s: no complete entry (the start never finished)",
                                s.journal);
        }
        if (s.j.torn_len && (flags & GNT_SESSION_REPAIR) && !gnt_journal_last(&s.j, "submit")) {
                gnt_journal_release(&s.j);
                /* Repair by appending nothing new: a "reopen" entry follows the
                 * "recovered" one so the repair is visible and dated. */
                struct gnt_entry_data d = {.kind = GNT_ENTRY_REOPEN, .u.reopen.reason = "torn last line"};
                r = gnt_journal_append(s.journal, &d, &s.recovered, &s.j, jerr, sizeof jerr);
                if (r < 0)
                        return sbx_errf(err, errsz, r, "%s: %s", s.journal, jerr);
        }
        r = replay(&s, err, errsz);
        if (r < 0) {
                gnt_journal_release(&s.j);
                return r;
        }
        *ret = s;
        return 0;
}

void gnt_session_release(struct gnt_session *s)
{
        if (!s)
                return;
        gnt_journal_release(&s->j);
}

int gnt_session_record(struct gnt_session *s, const struct gnt_entry_data *d, char *err, size_t errsz)
{
        struct gnt_journal nj;
        char jerr[512];
        size_t rec = 0;
        int r = gnt_journal_append(s->journal, d, &rec, &nj, jerr, sizeof jerr);
        if (r < 0)
                return sbx_errf(err, errsz, r, "%s: %s", s->journal, jerr);
        gnt_journal_release(&s->j);
        s->j = nj;
        s->recovered += rec;
        return replay(s, err, errsz);
}

int64_t gnt_session_deadline(const struct gnt_session *s, int64_t now)
{
        int64_t d = s->deadline + s->paused_total;
        if (s->paused && now > s->paused_since)
                d += now - s->paused_since;
        return d;
}

int64_t gnt_session_left(const struct gnt_session *s, int64_t now)
{
        if (s->submit)
                now = s->submit->time;
        return gnt_session_deadline(s, now) - now;
}

int gnt_session_pause(struct gnt_session *s, bool pause, char *err, size_t errsz)
{
        if (!s->mock)
                return sbx_errf(err, errsz, -EPERM, "a take-home session cannot be paused");
        if (s->submit)
                return sbx_errf(err, errsz, -EALREADY, "the session was submitted");
        if (s->paused == pause)
                return sbx_errf(err, errsz, -EALREADY,
                                pause ? "the session is paused already" : "the session is not paused");
        struct gnt_entry_data d = {.kind = pause ? GNT_ENTRY_PAUSE : GNT_ENTRY_RESUME};
        return gnt_session_record(s, &d, err, errsz);
}

int gnt_session_snapshot(struct gnt_session *s, struct gnt_snapshot *ret, char *err, size_t errsz)
{
        return gnt_session_snapshot_new(s->code, s->blobs, ret, err, errsz);
}

/* Copy the regular files of src into dst (created), recursively.  Links
 * and special files are skipped: the public part is data, nothing else. */
static int copy_tree(const char *src, const char *dst, char *err, size_t errsz)
{
        int r = gnt_mkdirs(dst, 0755);
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot create '%s': %s", dst, strerror(-r));
        DIR *d = opendir(src);
        if (!d)
                return sbx_errf(err, errsz, -errno, "cannot read '%s': %s", src, strerror(errno));
        struct dirent *de;
        while ((de = readdir(d))) {
                if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                        continue;
                char s[PATH_MAX], t[PATH_MAX];
                if (snprintf(s, sizeof s, "%s/%s", src, de->d_name) >= (int)sizeof s ||
                    snprintf(t, sizeof t, "%s/%s", dst, de->d_name) >= (int)sizeof t) {
                        r = sbx_errf(err, errsz, -ENAMETOOLONG, "path too long under '%s'", src);
                        break;
                }
                struct stat st;
                if (lstat(s, &st) < 0)
                        continue;
                if (S_ISDIR(st.st_mode)) {
                        r = copy_tree(s, t, err, errsz);
                } else if (S_ISREG(st.st_mode)) {
                        char *buf;
                        size_t len;
                        r = sbx_file_read(s, GNT_SNAPSHOT_MAX_FILE, 0, &buf, &len);
                        if (r < 0) {
                                sbx_errf(err, errsz, r, "cannot read '%s': %s", s, strerror(-r));
                                break;
                        }
                        r = sbx_file_write_atomic(t, NULL, 0, buf, len, 0644, SBX_FILE_SYNC);
                        free(buf);
                        if (r < 0)
                                sbx_errf(err, errsz, r, "cannot write '%s': %s", t, strerror(-r));
                }
                if (r < 0)
                        break;
        }
        closedir(d);
        return r;
}

static int copy_one(const char *src_root, const char *rel, const char *dst_root, char *err, size_t errsz)
{
        char s[PATH_MAX], t[PATH_MAX];
        if (!rel)
                return 0;
        if (!gnt_session_path_safe(rel))
                return sbx_errf(err, errsz, -EINVAL, "unsafe path '%s' in the manifest", rel);
        snprintf(s, sizeof s, "%s/%s", src_root, rel);
        snprintf(t, sizeof t, "%s/%s", dst_root, rel);
        struct stat st;
        if (lstat(s, &st) < 0)
                return sbx_errf(err, errsz, -errno, "cannot read '%s': %s", s, strerror(errno));
        if (S_ISDIR(st.st_mode))
                return copy_tree(s, t, err, errsz);
        if (!S_ISREG(st.st_mode))
                return sbx_errf(err, errsz, -EINVAL, "'%s' is not a regular file", s);
        char *slash = strrchr(t, '/');
        *slash = '\0';
        int r = gnt_mkdirs(t, 0755);
        *slash = '/';
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot create the folder of '%s': %s", t, strerror(-r));
        char *buf;
        size_t len;
        r = sbx_file_read(s, GNT_SNAPSHOT_MAX_FILE, 0, &buf, &len);
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot read '%s': %s", s, strerror(-r));
        r = sbx_file_write_atomic(t, NULL, 0, buf, len, 0644, SBX_FILE_SYNC);
        free(buf);
        return r < 0 ? sbx_errf(err, errsz, r, "cannot write '%s': %s", t, strerror(-r)) : 0;
}

int gnt_session_copy_public(const struct grd_problem *p, const char *public_json, const char *dst, char *err,
                            size_t errsz)
{
        char t[PATH_MAX];
        int r = gnt_mkdirs(dst, 0755);
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot create '%s': %s", dst, strerror(-r));
        snprintf(t, sizeof t, "%s/problem.json", dst);
        r = sbx_file_write_atomic(t, NULL, 0, public_json, strlen(public_json), 0644, SBX_FILE_SYNC);
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot write '%s': %s", t, strerror(-r));
        r = copy_one(p->dir, p->statement, dst, err, errsz);
        if (r == 0)
                r = copy_one(p->dir, p->starter, dst, err, errsz);
        if (r == 0)
                r = copy_one(p->dir, p->public_tests, dst, err, errsz);
        return r;
}

int gnt_session_tree_hash(const char *dir, char ret[GNT_HASH_HEX], char *err, size_t errsz)
{
        char tmp[PATH_MAX];
        struct grd_scratch sc;
        int r = gnt_session_mkdtemp("hash", &sc, tmp, sizeof tmp);
        if (r < 0) {
                grd_scratch_release(&sc);
                return sbx_errf(err, errsz, r, "cannot create a scratch folder: %s", strerror(-r));
        }
        cJSON *files = NULL;
        r = gnt_session_snapshot_take(dir, tmp, &files, ret, err, errsz);
        cJSON_Delete(files);
        grd_scratch_release(&sc);
        return r;
}

int gnt_session_public_hash(const struct grd_problem *p, char ret[GNT_HASH_HEX], char *err, size_t errsz)
{
        char tmp[PATH_MAX];
        struct grd_scratch sc = {0};
        char *pj = gnt_manifest_public_json(p);
        int r = pj ? gnt_session_mkdtemp("public", &sc, tmp, sizeof tmp) : -ENOMEM;
        if (r < 0)
                sbx_errf(err, errsz, r, "cannot read the public part of '%s': %s", p->id, strerror(-r));
        else if ((r = gnt_session_copy_public(p, pj, tmp, err, errsz)) == 0)
                r = gnt_session_tree_hash(tmp, ret, err, errsz);
        grd_scratch_release(&sc);
        free(pj);
        return r;
}

static bool dir_empty(const char *path)
{
        DIR *d = opendir(path);
        if (!d)
                return false;
        struct dirent *de;
        bool empty = true;
        while ((de = readdir(d)))
                if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
                        empty = false;
        closedir(d);
        return empty;
}

/* The machine, as the start entry records it; the strings live in f. */
struct host_facts {
        struct utsname u;
        struct grd_go go;
        struct gnt_entry_host h;
};

static void host_facts(struct host_facts *f)
{
        memset(f, 0, sizeof *f);
        if (uname(&f->u) == 0) {
                f->h.system = f->u.sysname;
                f->h.release = f->u.release;
                f->h.machine = f->u.machine;
                f->h.hostname = f->u.nodename;
        }
        f->h.cpus = (int64_t)sysconf(_SC_NPROCESSORS_ONLN);
        if (grd_go_find(NULL, &f->go) == 0)
                f->h.go = f->go.version;
        f->h.uid = (int64_t)getuid();
}

/* The start entry: the problem, the bundle, the mode, the minutes and the
 * deadline (the ticket's, when there is one, from this very time), the
 * ticket without its content key, the workspace's snapshot. */
static int write_start(struct gnt_session *s, const struct gnt_session_params *params, const char *public_hash,
                       const struct gnt_snapshot *snap, char *err, size_t errsz)
{
        const struct grd_problem *p = params->problem;
        const struct gnt_ticket *tk = params->ticket;
        int64_t now = (int64_t)time(NULL);
        if (tk && (now < tk->not_before || now > tk->not_after)) {
                char a[32], b[32];
                return sbx_errf(err, errsz, -EKEYREJECTED, "the ticket %s: it may be started from %s to %s",
                                now < tk->not_before ? "is not valid yet" : "has expired",
                                gnt_session_fmt_time(tk->not_before, a, sizeof a),
                                gnt_session_fmt_time(tk->not_after, b, sizeof b));
        }
        double minutes = tk ? (double)tk->minutes : params->minutes > 0 ? params->minutes : (double)p->minutes;
        /* The name only: the candidate's folders are none of the journal's business. */
        const char *base = strrchr(params->source, '/');
        struct host_facts hf;
        host_facts(&hf);
        struct gnt_entry_data d = {.kind = GNT_ENTRY_START, .snap = gnt_snapshot_rec_of(snap)};
        d.u.start = (struct gnt_entry_start){
                .format = 2, /* 2: start entries may carry a ticket (docs/sessions.md) */
                .problem_id = p->id,
                .title = p->title,
                .version = p->version,
                .language = grd_language_name(p->lang),
                .source = base && base[1] ? base + 1 : params->source,
                .file_sha256 = params->bundle_sha256,
                .public_hash = public_hash,
                .mode = params->mock ? "mock" : "take-home",
                .minutes = minutes,
                .deadline = now + (int64_t)(minutes * 60 + 0.5),
                .grading = params->grading,
                .gauntlet = GAUNTLET_VERSION,
                .host = hf.h,
                .ticket = tk,
        };
        char jerr[512];
        int r = gnt_journal_create_at(s->journal, now, &d, jerr, sizeof jerr);
        return r < 0 ? sbx_errf(err, errsz, r, "%s", jerr) : 0;
}

int gnt_session_create(const char *root, const struct gnt_session_params *params, struct gnt_session *ret,
                       char *err, size_t errsz)
{
        const struct grd_problem *p = params->problem;
        struct gnt_session s;
        memset(&s, 0, sizeof s);
        struct stat st;
        if (stat(root, &st) == 0) {
                char j[PATH_MAX + 64];
                snprintf(j, sizeof j, "%s%s/%s", root, GNT_SESSION_META, GNT_SESSION_JOURNAL);
                if (lstat(j, &st) == 0 && st.st_size > 0) {
                        struct gnt_journal old;
                        char jerr[256];
                        int lr = gnt_journal_load(j, &old, jerr, sizeof jerr);
                        bool complete = lr < 0 || old.n > 0;
                        if (lr == 0)
                                gnt_journal_release(&old);
                        if (complete)
                                return sbx_errf(err, errsz, -EEXIST,
                                                "'%s' already holds a session (run 'gauntlet resume' there)",
                                                root);
                        /* Only a torn first line: the start never finished. */
                        unlink(j);
                }
                /* An empty folder, or a start that died before its first
                 * entry: the workspace has nothing of the candidate's yet. */
                snprintf(j, sizeof j, "%s%s", root, GNT_SESSION_META);
                if (!dir_empty(root) && lstat(j, &st) < 0)
                        return sbx_errf(err, errsz, -EEXIST, "'%s' exists and is not empty", root);
        } else if (errno != ENOENT) {
                return sbx_errf(err, errsz, -errno, "cannot use '%s': %s", root, strerror(errno));
        }
        int r = gnt_mkdirs(root, 0755);
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot create '%s': %s", root, strerror(-r));
        r = set_paths(&s, root);
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot use '%s': %s", root, strerror(-r));
        if ((r = gnt_mkdirs(s.blobs, 0755)) < 0 || (r = gnt_mkdirs(s.code, 0755)) < 0)
                return sbx_errf(err, errsz, r, "cannot create '%s': %s", s.meta, strerror(-r));
        r = gnt_session_copy_public(p, params->public_json, s.problem_dir, err, errsz);
        if (r < 0)
                return r;
        char public_hash[GNT_HASH_HEX];
        cJSON *pub_files = NULL;
        r = gnt_session_snapshot_take(s.problem_dir, s.blobs, &pub_files, public_hash, err, errsz);
        if (r < 0)
                return r;
        cJSON_Delete(pub_files);
        /* The workspace: starter code and the public tests beside it, so
         * the candidate's own `go test` works too. */
        char src[PATH_MAX];
        if (p->starter) {
                if (snprintf(src, sizeof src, "%s/%s", s.problem_dir, p->starter) >= (int)sizeof src)
                        return sbx_errf(err, errsz, -ENAMETOOLONG, "path too long: '%s'", p->starter);
                if ((r = copy_tree(src, s.code, err, errsz)) < 0)
                        return r;
        }
        if (p->public_tests) {
                if (snprintf(src, sizeof src, "%s/%s", s.problem_dir, p->public_tests) >= (int)sizeof src)
                        return sbx_errf(err, errsz, -ENAMETOOLONG, "path too long: '%s'", p->public_tests);
                if ((r = copy_tree(src, s.code, err, errsz)) < 0)
                        return r;
        }
        if (p->statement) {
                char *buf;
                size_t len;
                if (snprintf(src, sizeof src, "%s/%s", s.problem_dir, p->statement) >= (int)sizeof src)
                        return sbx_errf(err, errsz, -ENAMETOOLONG, "path too long: '%s'", p->statement);
                if (sbx_file_read(src, GNT_SNAPSHOT_MAX_FILE, 0, &buf, &len) == 0) {
                        /* The candidate's copy states this session's minutes. */
                        char t[PATH_MAX + 16], *adj;
                        size_t adj_len;
                        double m = params->ticket          ? (double)params->ticket->minutes
                                   : params->minutes > 0 ? params->minutes
                                                         : (double)p->minutes;
                        if (gnt_statement_set_minutes(buf, len, m, &adj, &adj_len) == 0) {
                                free(buf);
                                buf = adj;
                                len = adj_len;
                        }
                        snprintf(t, sizeof t, "%s/statement.md", s.root);
                        r = sbx_file_write_atomic(t, NULL, 0, buf, len, 0444, SBX_FILE_SYNC);
                        free(buf);
                        if (r < 0)
                                return sbx_errf(err, errsz, r, "cannot write '%s': %s", t, strerror(-r));
                }
        }
        if ((r = gnt_fsync_dir(s.code)) < 0 || (r = gnt_fsync_dir(s.root)) < 0)
                return sbx_errf(err, errsz, r, "cannot sync '%s': %s", s.root, strerror(-r));
        const struct gnt_ticket *tk = params->ticket;
        if (tk && strcmp(tk->public_hash, public_hash) != 0)
                return sbx_errf(err, errsz, -EKEYREJECTED,
                                "the ticket is for another bundle (public part %.16s, this one's %.16s)",
                                tk->public_hash, public_hash);
        struct gnt_snapshot snap;
        if ((r = gnt_session_snapshot(&s, &snap, err, errsz)) < 0)
                return r;
        r = write_start(&s, params, public_hash, &snap, err, errsz);
        gnt_snapshot_release(&snap);
        if (r < 0)
                return r;
        return gnt_session_open(s.root, 0, ret, err, errsz);
}

const char *gnt_session_fmt_time(int64_t t, char *buf, size_t size)
{
        time_t tt = (time_t)t;
        struct tm tm;
        gmtime_r(&tt, &tm);
        strftime(buf, size, "%Y-%m-%d %H:%M:%S UTC", &tm);
        return buf;
}

const char *gnt_session_fmt_duration(int64_t s, char *buf, size_t size)
{
        const char *sign = s < 0 ? "-" : "";
        if (s < 0)
                s = -s;
        if (s >= 3600)
                snprintf(buf, size, "%s%lldh%02lldm%02llds", sign, (long long)(s / 3600),
                         (long long)(s / 60 % 60), (long long)(s % 60));
        else
                snprintf(buf, size, "%s%lldm%02llds", sign, (long long)(s / 60), (long long)(s % 60));
        return buf;
}
