/* cmd_run.c — `gauntlet run`: one command in the sandbox, its result
 * record printed or written as JSON.  A thin shell over sandbox.h. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "run_args.h"
#include "sandbox.h"

static cJSON *isolation_json(const struct sbx_result *r, const struct gnt_run_args *a)
{
        unsigned iso = r->isolation;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, "seccomp", (iso & SBX_ISO_SECCOMP)
                                                    ? cJSON_CreateString(sbx_policy_name(a->policy))
                                                    : cJSON_CreateFalse());
        cJSON_AddBoolToObject(o, "user_ns", iso & SBX_ISO_USERNS);
        cJSON_AddBoolToObject(o, "pid_ns", iso & SBX_ISO_PIDNS);
        cJSON_AddBoolToObject(o, "net_ns", iso & SBX_ISO_NETNS);
        cJSON_AddBoolToObject(o, "mount_ns", iso & SBX_ISO_MOUNTNS);
        cJSON_AddBoolToObject(o, "ipc_ns", iso & SBX_ISO_IPCNS);
        cJSON_AddBoolToObject(o, "uts_ns", iso & SBX_ISO_UTSNS);
        cJSON_AddBoolToObject(o, "pivot_root", iso & SBX_ISO_PIVOT_ROOT);
        cJSON_AddStringToObject(o, "cgroup", (iso & SBX_ISO_CGROUP_V2)   ? "v2"
                                             : (iso & SBX_ISO_CGROUP_V1) ? "v1"
                                                                         : "none");
        cJSON_AddStringToObject(o, "memory", !a->mem                    ? "unlimited"
                                             : (iso & SBX_ISO_MEM_POLL) ? "polling"
                                                                        : "cgroup");
        cJSON_AddStringToObject(o, "processes", !a->procs              ? "unlimited"
                                                : (iso & SBX_ISO_NPROC) ? "rlimit"
                                                                        : "cgroup");
        return o;
}

static char *result_json(const struct sbx_result *r, const struct gnt_run_args *a)
{
        cJSON *o = cJSON_CreateObject();
        if (!o)
                return NULL;
        cJSON_AddStringToObject(o, "status", sbx_status_name(r->status));
        if (r->exit_code >= 0)
                cJSON_AddNumberToObject(o, "exit_code", r->exit_code);
        else
                cJSON_AddNullToObject(o, "exit_code");
        cJSON_AddNumberToObject(o, "signal", r->signal);
        cJSON_AddNumberToObject(o, "cpu_s", (double)(long long)(r->cpu_s * 1e4 + 0.5) / 1e4);
        cJSON_AddNumberToObject(o, "wall_s", (double)(long long)(r->wall_s * 1e4 + 0.5) / 1e4);
        cJSON_AddNumberToObject(o, "peak_mem_kib", (double)r->peak_mem_kib);
        cJSON_AddNumberToObject(o, "output_bytes", (double)r->output_bytes);
        if (r->syscall[0])
                cJSON_AddStringToObject(o, "syscall", r->syscall);
        else
                cJSON_AddNullToObject(o, "syscall");
        cJSON_AddItemToObject(o, "isolation", isolation_json(r, a));
        cJSON_AddStringToObject(o, "message", r->message);
        char *s = cJSON_Print(o);
        cJSON_Delete(o);
        return s;
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
