/* job.c — one submission of a batch: unpack it, check it as `gauntlet
 * verify` does, copy its code aside for similarity, read its journal, run
 * `gauntlet grade` on it as a child process (own process group, dies with
 * the batch), then turn the child's report and exit status into a verdict
 * and publish the result folder atomically (rename). */
#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "session/integrity.h"
#include "manifest.h"
#include "sbx_file.h"

double gnt_review_since(const struct timespec *t0)
{
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void set_result(struct gnt_review_job *j, enum gnt_review_status st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_result(struct gnt_review_job *j, enum gnt_review_status st, const char *fmt, ...)
{
        char msg[1024];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        j->e.status = st;
        free(j->e.message);
        j->e.message = strdup(msg);
}

/* The session's times and timeline: from the journal only. */
static void read_session(struct gnt_review_job *j, const char *input)
{
        char p[PATH_MAX];
        char *jr = NULL;
        size_t jl = 0;
        gnt_review_path(p, sizeof p, "%s/journal.jsonl", input);
        if (sbx_file_read(p, (size_t)64 << 20, 0, &jr, &jl) == 0)
                gnt_review_entry_parse_session(&j->e, jr, jl);
        free(jr);
}

/* The integrity verdict, exactly as `gauntlet verify` would give it with
 * the batch's bundle, team key and this candidate's name.  0, or -errno
 * for the batch's own failures. */
static int check_integrity(struct gnt_review_run *b, struct gnt_review_job *j, const char *input, char *ret_err,
                           size_t ret_errsz)
{
        struct gnt_integrity_opts o = {
                .file_sha256 = b->file_sha,
                .public_hash = b->public_hash,
                .team_pk = b->has_pk ? b->team_pk : NULL,
                .candidate = j->e.candidate,
        };
        char err[GNT_ERR_MAX] = "";
        gnt_integrity_release(&j->e.ig);
        int r = gnt_integrity_check(j->path, input, &o, &j->e.ig, err, sizeof err);
        if (r < 0)
                sbx_errf(ret_err, ret_errsz, 0, "cannot check '%s': %s", j->path, err);
        return r;
}

/* Unpack (archives) and copy the code aside; fork the grading.  Returns 0
 * with j->pid set, or 0 with j->pid == 0 when the submission was decided
 * without a grading (unpack refused it); -errno for our own failures. */
int gnt_review_job_start(struct gnt_review_run *b, struct gnt_review_job *j, char *err, size_t errsz)
{
        gnt_review_path(j->tmp, sizeof j->tmp, "%s/.tmp-%.16s-%ld", b->subdir, j->sha, (long)getpid());
        sbx_file_rmtree(j->tmp);
        int r = gnt_mkdirs(j->tmp, 0755);
        if (r < 0)
                return r;
        clock_gettime(CLOCK_MONOTONIC, &j->t0);
        char input[PATH_MAX];
        /* Until it is checked (a submission that cannot be read is not). */
        if (gnt_integrity_unverified(&j->e.ig, "not checked: the submission could not be read") < 0)
                return -ENOMEM;
        if (j->is_dir) {
                if (!realpath(j->path, input)) {
                        set_result(j, GNT_REVIEW_REJECTED, "cannot read the folder: %s", strerror(errno));
                        return 0;
                }
        } else {
                gnt_review_path(input, sizeof input, "%s/input", j->tmp);
                char *buf;
                size_t len;
                r = sbx_file_read(j->path, (size_t)64 << 20, 0, &buf, &len);
                if (r < 0) {
                        set_result(j, GNT_REVIEW_REJECTED, "cannot read the archive: %s",
                                   r == -EFBIG ? "larger than 64 MiB" : strerror(-r));
                        return 0;
                }
                char why[GNT_ERR_MAX] = "";
                r = gnt_bundle_extract(buf, len, input, NULL, NULL, why, sizeof why);
                free(buf);
                if (r < 0) {
                        set_result(j, GNT_REVIEW_REJECTED, "cannot unpack the submission: %s",
                                   why[0] ? why : strerror(-r));
                        return 0;
                }
        }
        if ((r = check_integrity(b, j, input, err, errsz)) < 0)
                return r;
        read_session(j, input);
        char code[PATH_MAX], copy[PATH_MAX];
        struct stat sb;
        gnt_review_path(code, sizeof code, "%s/submission.json", input);
        bool sealed = lstat(code, &sb) == 0;
        gnt_review_path(code, sizeof code, "%s%s", input, sealed ? "/code" : "");
        gnt_review_path(copy, sizeof copy, "%s/code", j->tmp);
        gnt_review_copy_code(code, copy, NULL); /* for similarity; best effort */

        char rep[PATH_MAX], junit[PATH_MAX], log[PATH_MAX];
        gnt_review_path(rep, sizeof rep, "%s/%s", j->tmp, GNT_REVIEW_REPORT);
        gnt_review_path(junit, sizeof junit, "%s/%s", j->tmp, GNT_REVIEW_JUNIT);
        gnt_review_path(log, sizeof log, "%s/grade.log", j->tmp);
        char *args[24];
        int n = 0;
        args[n++] = b->exe;
        args[n++] = "grade";
        args[n++] = "--bundle";
        args[n++] = b->bundle->root;
        args[n++] = input;
        args[n++] = "--json";
        args[n++] = rep;
        args[n++] = "--junit";
        args[n++] = junit;
        if (b->quick)
                args[n++] = "--quick";
        /* The grading checks the unpacked copy the same way, for its own
         * report and JUnit: the same key, the same candidate. */
        if (b->pubkey) {
                args[n++] = "--pubkey";
                args[n++] = (char *)b->pubkey;
        }
        args[n++] = "--candidate";
        args[n++] = j->e.candidate;
        args[n] = NULL;
        fflush(NULL);
        pid_t batch = getpid();
        pid_t pid = fork();
        if (pid < 0)
                return -errno;
        if (pid == 0) {
                /* Own process group, so a time-out kills the whole grading;
                 * dies with the batch, so a kill -9 of it leaves nothing
                 * (also when the batch died before the signal was armed:
                 * the parent is then another process, whatever reaps
                 * orphans here). */
                setpgid(0, 0);
                prctl(PR_SET_PDEATHSIG, SIGKILL);
                if (getppid() != batch)
                        _exit(127);
                signal(SIGINT, SIG_DFL);
                signal(SIGTERM, SIG_DFL);
                int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
                int out = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
                if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
                        _exit(127);
                closefrom(3);
                execv(b->exe, args);
                _exit(127);
        }
        setpgid(pid, pid);
        j->pid = pid;
        return 0;
}

/* The last non-empty line of the grading's log: its own error message. */
static void last_line(const char *log, char *out, size_t size)
{
        char *text;
        size_t len;
        out[0] = '\0';
        if (sbx_file_read(log, (size_t)1 << 20, 0, &text, &len) < 0)
                return;
        while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
                text[--len] = '\0';
        char *nl = strrchr(text, '\n');
        snprintf(out, size, "%s", nl ? nl + 1 : text);
        free(text);
}

/* Decide the verdict from the child's report and exit, write meta.json,
 * and publish the folder. */
int gnt_review_job_finish(struct gnt_review_run *b, struct gnt_review_job *j, int status)
{
        j->e.wall_s = gnt_review_since(&j->t0);
        char p[PATH_MAX], line[600];
        gnt_review_path(p, sizeof p, "%s/grade.log", j->tmp);
        last_line(p, line, sizeof line);
        if (j->pid) {
                gnt_review_path(p, sizeof p, "%s/%s", j->tmp, GNT_REVIEW_REPORT);
                char *text;
                size_t len;
                bool have = sbx_file_read(p, GNT_REVIEW_MAX_JSON, 0, &text, &len) == 0;
                bool parsed = have && gnt_review_entry_parse_report(&j->e, text, len) == 0;
                if (have)
                        free(text);
                if (j->timed_out) {
                        set_result(j, GNT_REVIEW_ERROR, "grading took longer than %g s and was stopped", b->timeout_s);
                } else if (WIFSIGNALED(status)) {
                        set_result(j, GNT_REVIEW_ERROR, "the grading process died of signal %d (%s)",
                                   WTERMSIG(status), strsignal(WTERMSIG(status)));
                } else if (!parsed) {
                        int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
                        if (code == 127)
                                set_result(j, GNT_REVIEW_ERROR, "cannot run '%s'", b->exe);
                        else
                                set_result(j, code == 2 || code == 1 ? GNT_REVIEW_REJECTED : GNT_REVIEW_ERROR,
                                           "%s", line[0] ? line : "the grading wrote no report");
                }
        }
        if (j->e.status != GNT_REVIEW_GRADED && !j->e.message)
                j->e.message = strdup(line[0] ? line : "not graded");
        gnt_review_path(p, sizeof p, "%s/input", j->tmp);
        sbx_file_rmtree(p);
        char *meta = gnt_review_meta_json(&j->e);
        if (!meta)
                return -ENOMEM;
        gnt_review_path(p, sizeof p, "%s/%s", j->tmp, GNT_REVIEW_META);
        int r = sbx_file_write_atomic(p, NULL, 0, meta, strlen(meta), 0644, SBX_FILE_SYNC);
        free(meta);
        char final[PATH_MAX];
        gnt_review_path(final, sizeof final, "%s/%s", b->subdir, j->sha);
        if (r == 0 && rename(j->tmp, final) < 0)
                r = -errno;
        if (r < 0) {
                sbx_file_rmtree(j->tmp);
                return r;
        }
        j->pid = 0;
        b->done++;
        switch (j->e.status) {
        case GNT_REVIEW_GRADED: b->graded++; break;
        case GNT_REVIEW_REJECTED: b->rejected++; break;
        default: b->errors++; break;
        }
        return 0;
}
