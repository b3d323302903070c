/* cmd_run.c — `gauntlet run`: one command in the sandbox, its result
 * record printed or written as JSON.  A thin shell over sandbox.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_run.h"
#include "run_args.h"
#include "sandbox.h"

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
        fprintf(f, "\t\t\"host_uid\":\t%u\n\t},\n", r->host_uid);
        fputs("\t\"message\":\t", f);
        json_string(f, r->message);
        fputs("\n}", f);
        if (fclose(f) != 0) {
                free(text);
                return NULL;
        }
        return text;
}

/* Write the record; never through a symlink (the program may have planted
 * one in its workdir). */
static int write_result(const char *path, const char *text)
{
        int fd = strcmp(path, "-") == 0
                         ? dup(1)
                         : open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0)
                return -errno;
        size_t len = strlen(text);
        ssize_t n = write(fd, text, len);
        int saved = errno;
        if (n == (ssize_t)len && write(fd, "\n", 1) != 1)
                n = -1;
        close(fd);
        return n == (ssize_t)len ? 0 : -(saved ? saved : EIO);
}

int gnt_cmd_run(int argc, char **argv)
{
        struct gnt_run_args a;
        char err[256];
        if (gnt_run_args_parse(argc, argv, &a, err, sizeof err) < 0)
                return gnt_usage_error("run", "%s", err);
        struct sbx_jail *j = sbx_jail_new();
        if (!j) {
                gnt_run_args_release(&a);
                gnt_error("run", "out of memory");
                return GNT_EXIT_USAGE;
        }
        if (gnt_run_args_apply(&a, j, err, sizeof err) < 0) {
                sbx_jail_free(j);
                gnt_run_args_release(&a);
                return gnt_usage_error("run", "%s", err);
        }
        /* A pool of prepared sandboxes of ours, when one listens. */
        char pool[SBX_POOL_PATH_MAX];
        if (sbx_pool_path(pool, sizeof pool) == 0)
                (void)sbx_jail_set_pool(j, pool);
        struct sbx_result r;
        int rc = sbx_jail_run(j, (const char *const *)a.argv, &r);
        sbx_jail_free(j);
        if (rc < 0) {
                gnt_run_args_release(&a);
                gnt_error("run", "cannot run '%s': %s", a.argv[0], strerror(-rc));
                return GNT_EXIT_USAGE;
        }
        int status = r.status == SBX_STATUS_OK               ? GNT_EXIT_OK
                     : r.status == SBX_STATUS_INTERNAL_ERROR ? GNT_EXIT_USAGE
                                                             : GNT_EXIT_FAIL;
        if (r.status == SBX_STATUS_INTERNAL_ERROR)
                gnt_error("run", "%s", r.message);
        if (a.result) {
                char *json = result_json(&r, &a);
                rc = json ? write_result(a.result, json) : -ENOMEM;
                free(json);
                if (rc < 0) {
                        gnt_error("run", "cannot write the result to '%s': %s", a.result, strerror(-rc));
                        status = GNT_EXIT_USAGE;
                }
        }
        gnt_run_args_release(&a);
        return status;
}
