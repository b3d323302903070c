/* batch.c — `gauntlet grade` over many submissions: each grading runs as a
 * child process (`gauntlet grade --bundle UNPACKED SUB --json --junit`), at
 * most -j at a time, so a hostile submission or a grader crash costs only
 * its own verdict.  Results are keyed by the submission's content hash and
 * published by renaming a finished folder into OUTDIR/submissions/, so an
 * interrupted batch (Ctrl-C, kill -9, reboot) resumes where it stopped and
 * never grades the same bytes twice.  --shard K/N picks the submissions
 * whose hash falls in shard K, whatever order or names they come in.
 * Nothing here prints: duplicates, the warm-up, progress and each result
 * go to the caller's callbacks (review.h), and the command prints them
 * (runner/cli/grade_batch.c). */
#include "review.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "bundle/bundle.h"
#include "session/integrity.h"
#include "model.h"
#include "paths.h"
#include "rubric.h"
#include "store.h"
#include "sbx_file.h"
#include "warm.h"

static bool has_prefix(const char *s, const char *p)
{
        return strncmp(s, p, strlen(p)) == 0;
}

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
        interrupted = sig;
}

/* "alice.tar.gz" -> "alice"; "alice/worker-pool-submission.tar.gz" ->
 * "alice" (the archive's own name says nothing about who sent it). */
static char *candidate_name(const char *path, const char *problem_id)
{
        char buf[PATH_MAX];
        snprintf(buf, sizeof buf, "%s", path);
        size_t n = strlen(buf);
        while (n > 1 && buf[n - 1] == '/')
                buf[--n] = '\0';
        char *base = strrchr(buf, '/');
        char *name = base ? base + 1 : buf;
        static const char *const exts[] = {".tar.gz", ".tgz", ".tar.zst", ".tar.xz", ".tar.bz2", ".tar", ".zip", NULL};
        for (int i = 0; exts[i]; i++) {
                size_t nl = strlen(name), el = strlen(exts[i]);
                if (nl > el && strcmp(name + nl - el, exts[i]) == 0) {
                        name[nl - el] = '\0';
                        break;
                }
        }
        size_t nl = strlen(name);
        if (nl >= 11 && strcmp(name + nl - 11, "-submission") == 0)
                name[nl - 11] = '\0';
        bool generic = !*name || strcmp(name, "submission") == 0 || strcmp(name, "code") == 0 ||
                       (problem_id && strcmp(name, problem_id) == 0);
        if (generic && base && base > buf) {
                *base = '\0';
                char *parent = strrchr(buf, '/');
                const char *pn = parent ? parent + 1 : buf;
                if (*pn && strcmp(pn, ".") != 0 && strcmp(pn, "..") != 0)
                        return strdup(pn);
        }
        return strdup(*name ? name : "submission");
}

static const char *base_name(const char *path)
{
        static char buf[PATH_MAX];
        snprintf(buf, sizeof buf, "%s", path);
        size_t n = strlen(buf);
        while (n > 1 && buf[n - 1] == '/')
                buf[--n] = '\0';
        const char *s = strrchr(buf, '/');
        return s ? s + 1 : buf;
}

/* OUTDIR/starter: the starter code, subtracted before similarity.  Copied
 * once, through a temporary folder renamed into place. */
static int copy_starter(struct gnt_review_run *b, const struct grd_problem *p, char *err, size_t errsz)
{
        char src[PATH_MAX], dst[PATH_MAX], tmp[PATH_MAX];
        struct stat sb;
        gnt_review_path(dst, sizeof dst, "%s/%s", b->outdir, GNT_REVIEW_STARTER);
        if (!p->starter || lstat(dst, &sb) == 0)
                return 0;
        gnt_review_path(src, sizeof src, "%s/%s", p->dir, p->starter);
        gnt_review_path(tmp, sizeof tmp, "%s.tmp-%ld", dst, (long)getpid());
        sbx_file_rmtree(tmp);
        int r = gnt_review_copy_code(src, tmp, NULL);
        if (r == 0 && rename(tmp, dst) < 0)
                r = -errno;
        sbx_file_rmtree(tmp);
        if (r < 0)
                sbx_errf(err, errsz, 0, "cannot copy the starter code: %s", strerror(-r));
        return r;
}

static int write_batch_json(struct gnt_review_run *b, char *err, size_t errsz)
{
        const struct grd_problem *p = gnt_bundle_problem(b->bundle);
        char path[PATH_MAX];
        gnt_review_path(path, sizeof path, "%s/%s", b->outdir, GNT_REVIEW_BATCH);
        struct gnt_review_problem old;
        if (gnt_review_problem_load(b->outdir, &old, NULL, 0) == 0) {
                bool same = strcmp(old.id, p->id) == 0 && strcmp(old.version, p->version) == 0;
                gnt_review_problem_release(&old);
                if (!same) {
                        sbx_errf(err, errsz, 0,
                                 "'%s' holds results of another problem ('%s'); use a new --report folder",
                                 b->outdir, old.id ? old.id : "?");
                        return -EEXIST;
                }
                return copy_starter(b, p, err, errsz);
        }
        /* The reviewers' rubric goes with it: `gauntlet review` and the
         * report work from the output folder alone. */
        struct gnt_rubric rb = {0};
        int rr = gnt_manifest_rubric_load(p->dir, &rb, err, errsz);
        if (rr < 0)
                return rr;
        FILE *f;
        char *text = NULL;
        size_t len = 0;
        if (!(f = open_memstream(&text, &len))) {
                gnt_rubric_release(&rb);
                return -ENOMEM;
        }
        /* A small hand-written JSON: ids, versions and titles are escaped
         * by the one helper below. */
        fputs("{\n  \"format\": 1,\n  \"problem\": {", f);
        const char *keys[] = {"id", "title", "version", "language"};
        const char *vals[] = {p->id, p->title, p->version, grd_language_name(p->lang)};
        for (int i = 0; i < 4; i++) {
                fprintf(f, "%s\"%s\": \"", i ? ", " : "", keys[i]);
                for (const unsigned char *s = (const unsigned char *)(vals[i] ? vals[i] : ""); *s; s++) {
                        if (*s == '"' || *s == '\\')
                                fprintf(f, "\\%c", *s);
                        else if (*s < 0x20)
                                fprintf(f, "\\u%04x", *s);
                        else
                                fputc(*s, f);
                }
                fputc('"', f);
        }
        fputs("},\n  \"graders\": {", f);
        bool first = true;
        for (int k = 0; k < _GRD_KIND_MAX; k++) {
                if (!p->enabled[k])
                        continue;
                fprintf(f, "%s\n    \"%s\": {\"weight\": %g", first ? "" : ",", grd_kind_name((enum grd_kind)k),
                        p->weight[k]);
                if (k == GRD_BENCH)
                        fprintf(f, ", \"target_ratio\": %g, \"fail_ratio\": %g", p->bench_target_ratio,
                                p->bench_fail_ratio);
                fputc('}', f);
                first = false;
        }
        fputs("\n  }", f);
        gnt_review_rubric_write(f, &rb);
        gnt_rubric_release(&rb);
        fputs("\n}\n", f);
        fclose(f);
        int r = text ? sbx_file_write_atomic(path, NULL, 0, text, len, 0644, SBX_FILE_SYNC) : -ENOMEM;
        free(text);
        if (r < 0) {
                sbx_errf(err, errsz, 0, "cannot write '%s': %s", path, strerror(-r));
                return r;
        }
        return copy_starter(b, p, err, errsz);
}

/* Remove what an interrupted run left: .tmp-* folders (we hold the lock,
 * so no other batch is using them). */
static void clean_stale(const char *subdir)
{
        DIR *d = opendir(subdir);
        if (!d)
                return;
        struct dirent *de;
        while ((de = readdir(d))) {
                if (!has_prefix(de->d_name, ".tmp-"))
                        continue;
                char p[PATH_MAX];
                gnt_review_path(p, sizeof p, "%s/%s", subdir, de->d_name);
                sbx_file_rmtree(p);
        }
        closedir(d);
}

static int lock_outdir(struct gnt_review_run *b, char *err, size_t errsz)
{
        int r = gnt_mkdirs(b->subdir, 0755);
        if (r < 0) {
                sbx_errf(err, errsz, 0, "cannot create '%s': %s", b->subdir, strerror(-r));
                return r;
        }
        char p[PATH_MAX];
        gnt_review_path(p, sizeof p, "%s/.lock", b->outdir);
        b->lock_fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (b->lock_fd < 0) {
                sbx_errf(err, errsz, 0, "cannot open '%s': %s", p, strerror(errno));
                return -errno;
        }
        if (flock(b->lock_fd, LOCK_EX | LOCK_NB) < 0) {
                sbx_errf(err, errsz, 0,
                         "'%s' is in use by another batch (give each shard its own --report folder)",
                         b->outdir);
                return -EBUSY;
        }
        clean_stale(b->subdir);
        return 0;
}

static bool published(const struct gnt_review_run *b, const char *sha)
{
        char p[PATH_MAX];
        struct stat sb;
        gnt_review_path(p, sizeof p, "%s/%s/%s", b->subdir, sha, GNT_REVIEW_META);
        return stat(p, &sb) == 0;
}

/* j is byte for byte a submission queued before: its name goes with that
 * one (also_as), and the reviewer hears of it now. */
static int note_duplicate(struct gnt_review_run *b, const struct gnt_review_job *j)
{
        for (size_t k = 0; k < b->n_q; k++) {
                struct gnt_review_entry *e = &b->q[k].e;
                if (strcmp(b->q[k].sha, j->sha) != 0)
                        continue;
                char **na = realloc(e->also_as, (e->n_also_as + 1) * sizeof *na);
                if (!na)
                        return -ENOMEM;
                e->also_as = na;
                if (!(e->also_as[e->n_also_as] = strdup(base_name(j->path))))
                        return -ENOMEM;
                e->n_also_as++;
                if (b->cb.duplicate)
                        b->cb.duplicate(b->cb.ctx, j->path, b->q[k].path);
                return 0;
        }
        return 0; /* its twin was graded in an earlier run: already published */
}

/* Hash every argument, drop duplicates, other shards and what is done. */
static int plan(struct gnt_review_run *b, char *err, size_t errsz)
{
        b->q = calloc(b->n_subs ? b->n_subs : 1, sizeof *b->q);
        if (!b->q)
                return -ENOMEM;
        const char *pid = gnt_bundle_problem(b->bundle)->id;
        char (*seen)[GNT_REVIEW_HASH_HEX] = calloc(b->n_subs ? b->n_subs : 1, sizeof *seen);
        if (!seen)
                return -ENOMEM;
        size_t n_seen = 0;
        for (size_t i = 0; i < b->n_subs; i++) {
                struct gnt_review_job j = {.path = b->subs[i]};
                int r = gnt_review_hash_path(j.path, j.sha, &j.is_dir);
                if (r < 0) {
                        sbx_errf(err, errsz, 0, "cannot read '%s': %s", j.path,
                                 r == -EFBIG ? "larger than 256 MiB" : strerror(-r));
                        free(seen);
                        return r;
                }
                if (b->shard_n && gnt_review_shard_of(j.sha, b->shard_n) != b->shard_k) {
                        b->skipped_shard++;
                        continue;
                }
                bool dup = false;
                for (size_t k = 0; k < n_seen && !dup; k++)
                        dup = strcmp(seen[k], j.sha) == 0;
                if (dup) {
                        /* One archive under two names: graded once, and
                         * the grading says so (a finding on the board). */
                        b->dupes++;
                        if ((r = note_duplicate(b, &j)) < 0) {
                                free(seen);
                                return sbx_errf(err, errsz, r, "out of memory");
                        }
                        continue;
                }
                memcpy(seen[n_seen++], j.sha, sizeof j.sha);
                if (published(b, j.sha)) {
                        b->skipped_done++;
                        continue;
                }
                j.e.candidate = candidate_name(j.path, pid);
                j.e.source = strdup(base_name(j.path));
                j.e.kind = strdup(j.is_dir ? "folder" : "archive");
                memcpy(j.e.sha256, j.sha, sizeof j.sha);
                b->q[b->n_q++] = j;
                if (!j.e.candidate || !j.e.source || !j.e.kind) {
                        free(seen);
                        return sbx_errf(err, errsz, -ENOMEM, "out of memory");
                }
        }
        free(seen);
        return 0;
}

void gnt_review_batch_status(const struct gnt_review_run *b, struct gnt_review_batch_status *ret)
{
        size_t running = 0;
        for (size_t i = 0; i < b->n_q; i++)
                running += b->q[i].pid > 0;
        *ret = (struct gnt_review_batch_status){
                .problem_id = gnt_bundle_problem(b->bundle)->id,
                .jobs = b->jobs,
                .shard_k = b->shard_k,
                .shard_n = b->shard_n,
                .queued = b->n_q,
                .done = b->done,
                .running = running,
                .graded = b->graded,
                .rejected = b->rejected,
                .errors = b->errors,
                .skipped_done = b->skipped_done,
                .skipped_shard = b->skipped_shard,
                .dupes = b->dupes,
                .elapsed_s = b->started.tv_sec ? gnt_review_since(&b->started) : 0,
        };
}

static void tell_progress(struct gnt_review_run *b)
{
        if (!b->cb.progress)
                return;
        struct gnt_review_batch_status st;
        gnt_review_batch_status(b, &st);
        b->cb.progress(b->cb.ctx, &st);
}

static void tell_result(struct gnt_review_run *b, const struct gnt_review_job *j)
{
        if (!b->cb.result)
                return;
        struct gnt_review_batch_status st;
        gnt_review_batch_status(b, &st);
        b->cb.result(b->cb.ctx, &st, &j->e);
}

static void kill_all(struct gnt_review_run *b)
{
        for (size_t i = 0; i < b->n_q; i++)
                if (b->q[i].pid > 0)
                        kill(-b->q[i].pid, SIGKILL);
        for (size_t i = 0; i < b->n_q; i++)
                if (b->q[i].pid > 0) {
                        waitpid(b->q[i].pid, NULL, 0);
                        b->q[i].pid = 0;
                        sbx_file_rmtree(b->q[i].tmp);
                }
}

static struct gnt_review_job *job_of(struct gnt_review_run *b, pid_t pid)
{
        for (size_t i = 0; i < b->n_q; i++)
                if (b->q[i].pid == pid)
                        return &b->q[i];
        return NULL;
}

static int run_queue(struct gnt_review_run *b, char *err, size_t errsz)
{
        size_t next = 0, running = 0;
        int r = 0;
        clock_gettime(CLOCK_MONOTONIC, &b->started);
        while ((next < b->n_q || running) && !interrupted) {
                while (next < b->n_q && running < b->jobs && !interrupted) {
                        struct gnt_review_job *j = &b->q[next++];
                        err[0] = '\0';
                        r = gnt_review_job_start(b, j, err, errsz);
                        if (r < 0) {
                                if (!err[0])
                                        sbx_errf(err, errsz, 0, "cannot start grading '%s': %s", j->path,
                                                 strerror(-r));
                                kill_all(b);
                                return r;
                        }
                        if (j->pid) {
                                running++;
                        } else if ((r = gnt_review_job_finish(b, j, 0)) == 0) {
                                tell_result(b, j);
                        } else {
                                sbx_errf(err, errsz, 0, "cannot record the result of '%s': %s", j->path,
                                         strerror(-r));
                        }
                        if (r < 0)
                                break;
                }
                if (r < 0)
                        break;
                tell_progress(b);
                int status;
                pid_t pid = waitpid(-1, &status, WNOHANG);
                if (pid > 0) {
                        struct gnt_review_job *j = job_of(b, pid);
                        if (!j)
                                continue;
                        running--;
                        r = gnt_review_job_finish(b, j, status);
                        if (r < 0) {
                                sbx_errf(err, errsz, 0, "cannot record the result of '%s': %s", j->path,
                                         strerror(-r));
                                break;
                        }
                        tell_result(b, j);
                        continue;
                }
                for (size_t i = 0; i < b->n_q; i++) {
                        struct gnt_review_job *j = &b->q[i];
                        if (j->pid > 0 && !j->timed_out && gnt_review_since(&j->t0) > b->timeout_s) {
                                j->timed_out = true;
                                kill(-j->pid, SIGKILL);
                        }
                }
                struct timespec ts = {0, 100 * 1000 * 1000};
                nanosleep(&ts, NULL);
        }
        if (interrupted || r < 0)
                kill_all(b);
        return r;
}

/* What every submission is verified against: the bundle's hashes, the
 * team's key (the --pubkey that signs the bundle also signs tickets). */
static int integrity_inputs(struct gnt_review_run *b, char *err, size_t errsz)
{
        int r = gnt_integrity_bundle_hashes(b->bundle, b->file_sha, b->public_hash, err, errsz);
        if (r < 0 || !b->pubkey)
                return r;
        r = gnt_bundle_pubkey_read(b->pubkey, b->team_pk, NULL, err, errsz);
        b->has_pk = r == 0;
        return r;
}

/* A fresh worker pays for the standard library once, not once per job:
 * the reference built as the gradings build it (plain, -race, vet) before
 * -j jobs would each build it at the same time (graders/warm.h; measured
 * in docs/grading.md, "Cold start").  One job at a time pays once anyway. */
static void warm_once(const struct gnt_review_run *b)
{
        const struct grd_problem *p = gnt_bundle_problem(b->bundle);
        const char *env = getenv("GAUNTLET_WARM"), *cache = NULL;
        if (b->exe_is_stand_in || b->n_q < 2 || b->jobs < 2 || !p->reference || (env && strcmp(env, "off") == 0) ||
            !(cache = gnt_path_cache()))
                return;
        unsigned what = GRD_WARM_TEST | (p->enabled[GRD_RACE] ? GRD_WARM_RACE : 0) |
                        (p->enabled[GRD_VET] ? GRD_WARM_VET : 0);
        char code[PATH_MAX], err[GNT_ERR_MAX];
        gnt_review_path(code, sizeof code, "%s/%s", p->dir, p->reference);
        struct grd_options o = {.cache_dir = cache};
        if (b->cb.warming)
                b->cb.warming(b->cb.ctx, false, NULL);
        int r = grd_warm(p, code, &o, what, 0, err, sizeof err);
        /* A failure is harmless: each job builds what it needs. */
        if (b->cb.warming)
                b->cb.warming(b->cb.ctx, true, r < 0 ? err : NULL);
}

int gnt_review_batch_open(const struct gnt_review_batch_opts *o, const struct gnt_review_batch_cb *cb,
                          struct gnt_review_run **ret, char *err, size_t errsz)
{
        struct gnt_review_run *b = calloc(1, sizeof *b);
        if (!b)
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        *b = (struct gnt_review_run){
                .bundle_path = o->bundle,
                .outdir = o->outdir,
                .pubkey = o->pubkey,
                .jobs = o->jobs ? o->jobs : 1,
                .shard_k = o->shard_k,
                .shard_n = o->shard_n,
                .timeout_s = o->timeout_s,
                .threshold = o->threshold,
                .quick = o->quick,
                .require_verified = o->require_verified,
                .exe_is_stand_in = o->exe_is_stand_in,
                .subs = o->subs,
                .n_subs = o->n_subs,
                .lock_fd = -1,
        };
        if (cb)
                b->cb = *cb;
        char why[GNT_ERR_MAX] = "";
        struct gnt_bundle_opts bo = {.pubkey = b->pubkey};
        int r = gnt_bundle_open(b->bundle_path, &bo, &b->bundle, why, sizeof why);
        if (r < 0) {
                sbx_errf(err, errsz, 0, "cannot open '%s': %s", b->bundle_path, why);
        } else if (b->bundle->is_public || b->bundle->n_problems != 1) {
                r = sbx_errf(err, errsz, -EINVAL, "'%s' is not a grading bundle of one problem", b->bundle_path);
        } else if (snprintf(b->exe, sizeof b->exe, "%s", o->exe) >= (int)sizeof b->exe) {
                r = sbx_errf(err, errsz, -ENAMETOOLONG, "the gauntlet executable's path is too long");
        } else {
                gnt_review_path(b->subdir, sizeof b->subdir, "%s/%s", b->outdir, GNT_REVIEW_SUBDIR);
                if ((r = integrity_inputs(b, err, errsz)) == 0 && (r = lock_outdir(b, err, errsz)) == 0 &&
                    (r = write_batch_json(b, err, errsz)) == 0)
                        r = plan(b, err, errsz);
        }
        if (r < 0) {
                gnt_review_batch_close(b);
                return r;
        }
        *ret = b;
        return 0;
}

int gnt_review_batch_run(struct gnt_review_run *b, char *err, size_t errsz)
{
        warm_once(b); /* before the handlers: Ctrl-C ends it as any grading */
        struct sigaction sa = {.sa_handler = on_signal}, old_int, old_term;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &old_int);
        sigaction(SIGTERM, &sa, &old_term);
        int r = run_queue(b, err, errsz);
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
        if (interrupted)
                return sbx_errf(err, errsz, -EINTR,
                                "interrupted: %zu of %zu graded; run the same command again to resume", b->done,
                                b->n_q);
        return r;
}

void gnt_review_batch_close(struct gnt_review_run *b)
{
        if (!b)
                return;
        for (size_t i = 0; b->q && i < b->n_q; i++)
                gnt_review_entry_release(&b->q[i].e);
        free(b->q);
        gnt_bundle_close(b->bundle);
        if (b->lock_fd >= 0)
                close(b->lock_fd);
        free(b);
}
