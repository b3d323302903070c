/* cmd_log.c — `gauntlet log`: the timeline of a session or of a sealed
 * submission, and replay of its snapshots (--show, --diff). */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bundle/bundle.h"
#include "cli.h"
#include "commands.h"
#include "scratch.h"
#include "session/debrief.h"
#include "session/cmdline.h"
#include "session_args.h"
#include "session_cli.h"
#include "session/verify.h"

extern char **environ;

/* The snapshot of entry seq, or NULL (message printed). */
static const struct gnt_snapshot_rec *snapshot_of(const struct gnt_session *s, long seq)
{
        if (seq < 1 || (size_t)seq > s->j.n) {
                gnt_error("log", "no entry %ld (the journal has %zu)", seq, s->j.n);
                return NULL;
        }
        const struct gnt_snapshot_rec *snap = &s->j.entries[seq - 1].d.snap;
        if (!snap->id) {
                gnt_error("log", "entry %ld (%s) holds no snapshot", seq, s->j.entries[seq - 1].type);
                return NULL;
        }
        return snap;
}

/* The entry with a snapshot before seq, or 0. */
static long previous_snapshot(const struct gnt_session *s, long seq)
{
        for (long i = seq - 1; i >= 1; i--)
                if (s->j.entries[i - 1].d.snap.id)
                        return i;
        return 0;
}

static int show(const struct gnt_session *s, long seq, const char *out, const char *file)
{
        const struct gnt_snapshot_rec *snap = snapshot_of(s, seq);
        if (!snap)
                return GNT_EXIT_USAGE;
        char err[1024];
        if (out) {
                if (gnt_session_snapshot_restore(snap, s->blobs, out, err, sizeof err) < 0) {
                        gnt_error("log", "%s", err);
                        return GNT_EXIT_FAIL;
                }
                printf("snapshot of entry %ld written to %s\n", seq, out);
                return GNT_EXIT_OK;
        }
        for (size_t i = 0; i < snap->n; i++) {
                const struct gnt_snapshot_file *f = &snap->files[i];
                if (file && strcmp(file, f->path) != 0)
                        continue;
                char *buf;
                size_t len;
                int r = gnt_session_blob_get(s->blobs, f->hash, &buf, &len);
                if (file) {
                        if (r < 0) {
                                gnt_error("log", "blob of '%s': %s", file, strerror(-r));
                                return GNT_EXIT_FAIL;
                        }
                        fwrite(buf, 1, len, stdout);
                        free(buf);
                        return GNT_EXIT_OK;
                }
                printf("%-40s %8s  %.12s%s\n", f->path, "", f->hash, r < 0 ? "  (blob missing)" : "");
                if (r == 0)
                        free(buf);
        }
        if (file) {
                gnt_error("log", "no file '%s' in the snapshot of entry %ld", file, seq);
                return GNT_EXIT_USAGE;
        }
        return GNT_EXIT_OK;
}

static int diff(const struct gnt_session *s, long from, long to)
{
        const struct gnt_snapshot_rec *a = snapshot_of(s, from), *b = snapshot_of(s, to);
        if (!a || !b)
                return GNT_EXIT_USAGE;
        char tmp[PATH_MAX], da[PATH_MAX + 32], db[PATH_MAX + 32], err[1024];
        struct grd_scratch sc;
        int r = gnt_session_mkdtemp("diff", &sc, tmp, sizeof tmp);
        if (r < 0) {
                gnt_error("log", "cannot create a scratch folder: %s", strerror(-r));
                grd_scratch_release(&sc);
                return GNT_EXIT_USAGE;
        }
        snprintf(da, sizeof da, "%s/entry-%ld", tmp, from);
        snprintf(db, sizeof db, "%s/entry-%ld", tmp, to);
        mkdir(da, 0700);
        mkdir(db, 0700);
        int status = GNT_EXIT_OK;
        if (gnt_session_snapshot_restore(a, s->blobs, da, err, sizeof err) < 0 ||
            gnt_session_snapshot_restore(b, s->blobs, db, err, sizeof err) < 0) {
                gnt_error("log", "%s", err);
                status = GNT_EXIT_FAIL;
        } else {
                char la[32], lb[32];
                snprintf(la, sizeof la, "entry-%ld", from);
                snprintf(lb, sizeof lb, "entry-%ld", to);
                fflush(stdout);
                posix_spawn_file_actions_t fa;
                posix_spawn_file_actions_init(&fa);
                posix_spawn_file_actions_addchdir_np(&fa, tmp);
                char *argv[] = {"diff", "-ruN", la, lb, NULL};
                pid_t pid;
                int e = posix_spawnp(&pid, "diff", &fa, NULL, argv, environ);
                posix_spawn_file_actions_destroy(&fa);
                int ws = 0;
                if (e != 0) {
                        gnt_error("log", "cannot run 'diff': %s", strerror(e));
                        status = GNT_EXIT_USAGE;
                } else if (waitpid(pid, &ws, 0) < 0 || !WIFEXITED(ws) || WEXITSTATUS(ws) > 1) {
                        gnt_error("log", "'diff' failed");
                        status = GNT_EXIT_USAGE;
                } else if (WEXITSTATUS(ws) == 0) {
                        printf("no change between entry %ld and entry %ld\n", from, to);
                }
        }
        grd_scratch_release(&sc);
        return status;
}

int gnt_cmd_log(int argc, char **argv)
{
        struct gnt_log_args a;
        char aerr[1024];
        if (gnt_log_args_parse(argc, argv, &a, aerr, sizeof aerr) < 0)
                return gnt_usage_error("log", "%s", aerr);
        /* Given plainly: a sealed archive (a file) or a session folder. */
        const char *dir = a.session, *archive = NULL;
        struct stat st;
        if (a.path && stat(a.path, &st) == 0 && S_ISREG(st.st_mode))
                archive = a.path;
        else if (a.path)
                dir = a.path;

        char tmp[PATH_MAX], err[1024];
        struct grd_scratch sc = {0};
        struct gnt_session s;
        int r;
        if (archive) {
                if ((r = gnt_session_mkdtemp("log", &sc, tmp, sizeof tmp)) < 0) {
                        gnt_error("log", "cannot create a scratch folder: %s", strerror(-r));
                        grd_scratch_release(&sc);
                        return GNT_EXIT_USAGE;
                }
                if (gnt_session_unpack_submission(archive, tmp, err, sizeof err) < 0 ||
                    gnt_session_open(tmp, 0, &s, err, sizeof err) < 0) {
                        gnt_error("log", "%s", err);
                        grd_scratch_release(&sc);
                        return GNT_EXIT_USAGE;
                }
                /* A replay of a tampered archive is still shown, with a warning. */
                struct gnt_verify_report vr;
                if (gnt_session_verify(archive, NULL, &vr, err, sizeof err) == 0) {
                        if (vr.n)
                                fprintf(stderr,
                                        "gauntlet log: warning: '%s' does not verify (%s); run 'gauntlet verify'\n",
                                        archive, vr.findings[0]);
                        gnt_verify_report_release(&vr);
                }
        } else if ((r = gnt_session_cli_open("log", dir, 0, &s))) {
                return r;
        }
        int status = GNT_EXIT_OK;
        long from = a.diff_from;
        if (a.show) {
                status = show(&s, a.show, a.out, a.file);
        } else if (a.diff) {
                if (!from)
                        from = previous_snapshot(&s, a.diff_to);
                if (!from) {
                        gnt_error("log", "entry %ld has no earlier snapshot to compare with", a.diff_to);
                        status = GNT_EXIT_USAGE;
                } else {
                        status = diff(&s, from, a.diff_to);
                }
        } else if (a.json) {
                for (size_t i = 0; i < s.j.n; i++) {
                        char *t = cJSON_PrintUnformatted(s.j.entries[i].json);
                        if (t)
                                puts(t);
                        free(t);
                }
        } else {
                char line[512];
                printf("%s %s — %s (%s)\n", s.id, s.version, s.title, s.mode);
                for (size_t i = 0; i < s.j.n; i++)
                        puts(gnt_session_describe(&s, i, line, sizeof line));
                if (s.j.torn_len)
                        printf("(a torn last line of %zu bytes follows: run 'gauntlet resume' to repair)\n",
                               s.j.torn_len);
                char page[PATH_MAX + 32];
                if (!archive && gnt_session_debrief_page(&s, page))
                        printf("debrief: %s\n", page);
        }
        gnt_session_release(&s);
        grd_scratch_release(&sc);
        return status;
}
