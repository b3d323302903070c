/* cmd_run.c — `gauntlet run`: one command in the sandbox, its result
 * record printed or written as JSON (atomically, never through anything
 * the program planted), gauntlet's own stdin passed on when it is a pipe
 * or a file.  A thin shell over sandbox.h and sbx_file.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_run.h"
#include "pool.h"
#include "run_args.h"
#include "sandbox.h"
#include "sbx_file.h"

/* The result record is written by hand: this file is part of the lean
 * front, which links libc only (cmd_run.h).  Strings are escaped as JSON
 * requires; bytes that are not UTF-8 become U+FFFD, so the record is valid
 * JSON whatever a path or message holds. */
static void json_string(FILE *f, const char *s)
{
        const unsigned char *p = (const unsigned char *)s;
        fputc('"', f);
        while (*p) {
                unsigned c = *p;
                size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
                if (n == 1) {
                        if (c == '"' || c == '\\')
                                fprintf(f, "\\%c", c);
                        else if (c == '\n')
                                fputs("\\n", f);
                        else if (c == '\t')
                                fputs("\\t", f);
                        else if (c == '\r')
                                fputs("\\r", f);
                        else if (c < 0x20 || c == 0x7f)
                                fprintf(f, "\\u%04x", c);
                        else
                                fputc((int)c, f);
                        p++;
                        continue;
                }
                /* a whole, shortest-form sequence outside the surrogates */
                uint32_t cp = n ? c & (0x7fu >> n) : 0;
                size_t i = 1;
                for (; n && i < n && (p[i] & 0xc0) == 0x80; i++)
                        cp = cp << 6 | (p[i] & 0x3f);
                static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
                if (!n || i < n || cp < least[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                        fputs("\\ufffd", f);
                        p += i;
                        continue;
                }
                fwrite(p, 1, n, f);
                p += n;
        }
        fputc('"', f);
}

static const char *isolation_cgroup(unsigned iso)
{
        return (iso & SBX_ISO_CGROUP_V2) ? "v2" : (iso & SBX_ISO_CGROUP_V1) ? "v1" : "none";
}

static void json_bool(FILE *f, const char *name, unsigned v, const char *sep)
{
        fprintf(f, "\t\t\"%s\":\t%s%s\n", name, v ? "true" : "false", sep);
}

/* The record (docs/sandbox.md "The result record"), tab-indented. */
static char *result_json(const struct sbx_result *r, const struct gnt_run_args *a)
{
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        if (!f)
                return NULL;
        unsigned iso = r->isolation;
        fprintf(f, "{\n\t\"status\":\t\"%s\",\n", sbx_status_name(r->status));
        if (r->exit_code >= 0)
                fprintf(f, "\t\"exit_code\":\t%d,\n", r->exit_code);
        else
                fputs("\t\"exit_code\":\tnull,\n", f);
        fprintf(f, "\t\"signal\":\t%d,\n", r->signal);
        fprintf(f, "\t\"cpu_s\":\t%.15g,\n", (double)(long long)(r->cpu_s * 1e4 + 0.5) / 1e4);
        fprintf(f, "\t\"wall_s\":\t%.15g,\n", (double)(long long)(r->wall_s * 1e4 + 0.5) / 1e4);
        fprintf(f, "\t\"peak_mem_kib\":\t%llu,\n", (unsigned long long)r->peak_mem_kib);
        fprintf(f, "\t\"output_bytes\":\t%llu,\n", (unsigned long long)r->output_bytes);
        fprintf(f, "\t\"prepared\":\t%s,\n", r->prepared ? "true" : "false");
        fputs("\t\"syscall\":\t", f);
        if (r->syscall[0])
                json_string(f, r->syscall);
        else
                fputs("null", f);
        fputs(",\n\t\"isolation\":\t{\n\t\t\"seccomp\":\t", f);
        if (iso & SBX_ISO_SECCOMP)
                json_string(f, sbx_policy_name(a->policy));
        else
                fputs("false", f);
        fputs(",\n", f);
        json_bool(f, "user_ns", iso & SBX_ISO_USERNS, ",");
        json_bool(f, "pid_ns", iso & SBX_ISO_PIDNS, ",");
        json_bool(f, "net_ns", iso & SBX_ISO_NETNS, ",");
        json_bool(f, "mount_ns", iso & SBX_ISO_MOUNTNS, ",");
        json_bool(f, "ipc_ns", iso & SBX_ISO_IPCNS, ",");
        json_bool(f, "uts_ns", iso & SBX_ISO_UTSNS, ",");
        json_bool(f, "pivot_root", iso & SBX_ISO_PIVOT_ROOT, ",");
        fprintf(f, "\t\t\"cgroup\":\t\"%s\",\n", isolation_cgroup(iso));
        fprintf(f, "\t\t\"memory\":\t\"%s\",\n",
                !a->mem ? "unlimited" : (iso & SBX_ISO_MEM_POLL) ? "polling" : "cgroup");
        fprintf(f, "\t\t\"processes\":\t\"%s\",\n",
                !a->procs ? "unlimited" : (iso & SBX_ISO_NPROC) ? "rlimit" : "cgroup");
        fputs("\t\t\"memory_uncounted\":\t", f);
        if (r->uncounted[0])
                json_string(f, r->uncounted);
        else
                fputs("null", f);
        fprintf(f, ",\n\t\t\"host_uid\":\t%u\n\t},\n", r->host_uid);
        fputs("\t\"message\":\t", f);
        json_string(f, r->message);
        fputs("\n}\n", f);
        if (fclose(f) != 0) {
                free(text);
                return NULL;
        }
        return text;
}

/* Write the record to stdout ("-") or in place of path: a whole new file
 * renamed over it, so nothing the program left there (a FIFO, a forged
 * or read-only record, a symbolic link, a directory: moved aside) is
 * written into or stands in for it, and no symbolic link is followed
 * below the run's folders (bases). */
static int write_result(const char *path, const char *text, const char *const *bases, size_t nbases)
{
        size_t len = strlen(text);
        if (strcmp(path, "-") != 0)
                return sbx_file_write_atomic(path, bases, nbases, text, len, 0644, SBX_FILE_DISPLACE);
        for (size_t off = 0; off < len;) {
                ssize_t n = write(1, text + off, len - off);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        return n < 0 ? -errno : -EIO;
                off += (size_t)n;
        }
        return 0;
}

/* Whether anything (a file, a link, a folder) is at path. */
static bool entry_exists(const char *path, const char *const *bases, size_t nbases)
{
        char name[NAME_MAX + 1];
        int dir = sbx_file_open_parent(path, bases, nbases, name, sizeof name);
        if (dir < 0)
                return false;
        struct stat st;
        bool there = fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
        close(dir);
        return there;
}

/* The run's folders, where its program may plant things: the bases of
 * every path written or read here (sbx_file.h).  A malloc'd array. */
static const char **run_bases(const struct gnt_run_args *a, size_t *ret_n)
{
        const char **b = calloc(a->ndirs + 1, sizeof *b);
        size_t n = 0;
        if (b && a->workdir)
                b[n++] = a->workdir;
        for (size_t i = 0; b && i < a->ndirs; i++)
                b[n++] = a->dirs[i].path;
        *ret_n = n;
        return b;
}

int gnt_cmd_run(int argc, char **argv)
{
        struct gnt_run_args a;
        char err[256];
        if (gnt_run_args_parse(argc, argv, &a, err, sizeof err) < 0)
                return gnt_usage_error("run", "%s", err);
        int status = GNT_EXIT_USAGE, rc;
        size_t nbases = 0;
        const char **bases = run_bases(&a, &nbases);
        struct sbx_jail *j = sbx_jail_new();
        if (!j || !bases) {
                gnt_error("run", "out of memory");
                goto out;
        }
        if (gnt_run_args_apply(&a, j, err, sizeof err) < 0) {
                status = gnt_usage_error("run", "%s", err);
                goto out;
        }
        /* No record of an earlier run may stay at the path: if this one
         * cannot be written, nothing there looks like its verdict. */
        if (a.result && strcmp(a.result, "-") != 0 && (rc = sbx_file_remove(a.result, bases, nbases)) < 0) {
                gnt_error("run", "cannot write the result to '%s': %s", a.result, sbx_file_strerror(rc));
                goto out;
        }
        /* Without --stdin, our own stdin when it is a pipe, a socket or a
         * file (through the sandbox's pipe: the program cannot reopen the
         * file); a terminal, or none, stays /dev/null. */
        struct stat st;
        if (!a.stdin_path && fstat(0, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISREG(st.st_mode) || S_ISSOCK(st.st_mode)))
                (void)sbx_jail_set_stdin_fd(j, 0);
        /* A pool of prepared sandboxes of ours, when one listens. */
        char pool[SBX_POOL_PATH_MAX];
        if (sbx_pool_path(pool, sizeof pool) == 0)
                (void)sbx_jail_set_pool(j, pool);
        struct sbx_result r;
        rc = sbx_jail_run(j, (const char *const *)a.argv, &r);
        if (rc < 0) {
                gnt_error("run", "cannot run '%s': %s", a.argv[0], strerror(-rc));
                goto out;
        }
        status = r.status == SBX_STATUS_OK               ? GNT_EXIT_OK
                 : r.status == SBX_STATUS_INTERNAL_ERROR ? GNT_EXIT_USAGE
                                                         : GNT_EXIT_FAIL;
        if (r.status == SBX_STATUS_INTERNAL_ERROR)
                gnt_error("run", "%s", r.message);
        if (a.result) {
                char *json = result_json(&r, &a);
                rc = json ? write_result(a.result, json, bases, nbases) : -ENOMEM;
                free(json);
                if (rc < 0) {
                        /* What the program may have put there meanwhile must
                         * not pass for the record either. */
                        bool left = strcmp(a.result, "-") != 0 && sbx_file_remove(a.result, bases, nbases) < 0 &&
                                    entry_exists(a.result, bases, nbases);
                        gnt_error("run", "cannot write the result to '%s': %s%s", a.result, sbx_file_strerror(rc),
                                  left ? " (what is at that path is not this run's record)" : "");
                        status = GNT_EXIT_USAGE;
                }
        }
out:
        sbx_jail_free(j);
        free(bases);
        gnt_run_args_release(&a);
        return status;
}
