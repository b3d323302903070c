/* jail.c — the jail handle: settings for runs, their validation, and the
 * names and precedence of statuses, policies and network modes. */
#include "internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[_SBX_STATUS_MAX] = {
        [SBX_STATUS_OK] = "ok",
        [SBX_STATUS_NONZERO_EXIT] = "nonzero-exit",
        [SBX_STATUS_SIGNALED] = "signaled",
        [SBX_STATUS_TIME_LIMIT] = "time-limit",
        [SBX_STATUS_WALL_LIMIT] = "wall-limit",
        [SBX_STATUS_MEMORY_LIMIT] = "memory-limit",
        [SBX_STATUS_OUTPUT_LIMIT] = "output-limit",
        [SBX_STATUS_FILE_LIMIT] = "file-limit",
        [SBX_STATUS_DISK_LIMIT] = "disk-limit",
        [SBX_STATUS_VIOLATION] = "violation",
        [SBX_STATUS_INTERNAL_ERROR] = "internal-error",
};

static const char *const policy_names[_SBX_POLICY_MAX] = {
        [SBX_POLICY_STRICT] = "strict",
        [SBX_POLICY_BUILD] = "build",
        [SBX_POLICY_OFF] = "off",
};

static const char *const net_names[_SBX_NET_MAX] = {
        [SBX_NET_NONE] = "none",
        [SBX_NET_LOOPBACK] = "loopback",
};

/* When several conditions hold, the first in this list is reported: a
 * sandbox failure hides everything, a forbidden syscall explains whatever
 * followed, a kill by a limit explains the signal that ended the program,
 * a full disk explains how a program that was not killed failed (or what
 * it could not write, when it exited 0 all the same). */
static const enum sbx_status precedence[] = {
        SBX_STATUS_INTERNAL_ERROR, SBX_STATUS_VIOLATION,   SBX_STATUS_MEMORY_LIMIT,
        SBX_STATUS_TIME_LIMIT,     SBX_STATUS_WALL_LIMIT,  SBX_STATUS_OUTPUT_LIMIT,
        SBX_STATUS_FILE_LIMIT,     SBX_STATUS_DISK_LIMIT,  SBX_STATUS_SIGNALED,
        SBX_STATUS_NONZERO_EXIT,
};

enum sbx_status sbx__status_pick(unsigned seen)
{
        for (size_t i = 0; i < sizeof precedence / sizeof precedence[0]; i++)
                if (seen & SBX__SEEN(precedence[i]))
                        return precedence[i];
        return SBX_STATUS_OK;
}

static int name_find(const char *const *names, int n, const char *name)
{
        for (int i = 0; name && i < n; i++)
                if (strcmp(names[i], name) == 0)
                        return i;
        return -EINVAL;
}

const char *sbx_status_name(enum sbx_status s)
{
        return (unsigned)s < _SBX_STATUS_MAX ? status_names[s] : NULL;
}

int sbx_status_from_name(const char *name)
{
        return name_find(status_names, _SBX_STATUS_MAX, name);
}

const char *sbx_policy_name(enum sbx_policy p)
{
        return (unsigned)p < _SBX_POLICY_MAX ? policy_names[p] : NULL;
}

int sbx_policy_from_name(const char *name)
{
        return name_find(policy_names, _SBX_POLICY_MAX, name);
}

const char *sbx_net_name(enum sbx_net n)
{
        return (unsigned)n < _SBX_NET_MAX ? net_names[n] : NULL;
}

int sbx_net_from_name(const char *name)
{
        return name_find(net_names, _SBX_NET_MAX, name);
}

struct sbx_jail *sbx_jail_new(void)
{
        struct sbx_jail *j = calloc(1, sizeof *j);
        if (!j)
                return NULL;
        j->env = calloc(1, sizeof *j->env);
        if (!j->env) {
                free(j);
                return NULL;
        }
        j->cpu_affinity = -1;
        j->stdin_fd = -1;
        j->policy = SBX_POLICY_STRICT;
        j->net = SBX_NET_NONE;
        return j;
}

void sbx_jail_free(struct sbx_jail *j)
{
        if (!j)
                return;
        for (size_t i = 0; i < j->ndirs; i++)
                free(j->dirs[i].path);
        free(j->dirs);
        for (size_t i = 0; i < j->nenv; i++)
                free(j->env[i]);
        free(j->env);
        free(j->workdir);
        free(j->stdin_path);
        free(j->stdout_path);
        free(j->stderr_path);
        free(j->pool);
        free(j);
}

/* A year of CPU or wall time is absurd for one run; so is a limit that
 * cannot be represented. */
#define SECONDS_MAX (365.0 * 24 * 3600)
#define MIB_MAX (UINT64_C(1) << 30) /* 1 PiB */

static int set_seconds(double *field, double s)
{
        if (!isfinite(s) || s < 0 || s > SECONDS_MAX)
                return -EINVAL;
        *field = s;
        return 0;
}

static int set_mib(uint64_t *field, uint64_t mib)
{
        if (mib > MIB_MAX)
                return -EINVAL;
        *field = mib;
        return 0;
}

int sbx_jail_set_cpu(struct sbx_jail *j, double seconds)
{
        return set_seconds(&j->cpu_s, seconds);
}

int sbx_jail_set_wall(struct sbx_jail *j, double seconds)
{
        return set_seconds(&j->wall_s, seconds);
}

int sbx_jail_set_mem(struct sbx_jail *j, uint64_t mib)
{
        return set_mib(&j->mem_mib, mib);
}

int sbx_jail_set_fsize(struct sbx_jail *j, uint64_t mib)
{
        return set_mib(&j->fsize_mib, mib);
}

int sbx_jail_set_output(struct sbx_jail *j, uint64_t mib)
{
        return set_mib(&j->output_mib, mib);
}

int sbx_jail_set_disk(struct sbx_jail *j, uint64_t mib, uint64_t files)
{
        /* tmpfs takes any size; a billion inodes is past any sane run. */
        if (mib > MIB_MAX || files > 1000000000)
                return -EINVAL;
        j->disk_mib = mib;
        j->disk_files = files;
        return 0;
}

int sbx_jail_set_procs(struct sbx_jail *j, unsigned n)
{
        if (n > 1000000)
                return -EINVAL;
        j->procs = n;
        return 0;
}

int sbx_jail_set_nofile(struct sbx_jail *j, unsigned n)
{
        if (n > 1048576)
                return -EINVAL;
        j->nofile = n;
        return 0;
}

int sbx_jail_set_cpu_affinity(struct sbx_jail *j, int cpu)
{
        if (cpu < -1 || cpu >= 1024)
                return -EINVAL;
        j->cpu_affinity = cpu;
        return 0;
}

int sbx_jail_set_policy(struct sbx_jail *j, enum sbx_policy p)
{
        if ((unsigned)p >= _SBX_POLICY_MAX)
                return -EINVAL;
        j->policy = p;
        return 0;
}

int sbx_jail_set_net(struct sbx_jail *j, enum sbx_net n)
{
        if ((unsigned)n >= _SBX_NET_MAX)
                return -EINVAL;
        j->net = n;
        return 0;
}

/* An absolute path without "..": the view is built from these. */
static bool path_ok(const char *path)
{
        if (!path || path[0] != '/' || strlen(path) >= 1024)
                return false;
        for (const char *p = path; (p = strstr(p, "..")); p += 2)
                if ((p == path || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
                        return false;
        return true;
}

int sbx_jail_add_dir(struct sbx_jail *j, const char *path, bool rw)
{
        if (!path_ok(path))
                return -EINVAL;
        struct sbx__dir *d = realloc(j->dirs, (j->ndirs + 1) * sizeof *d);
        if (!d)
                return -ENOMEM;
        j->dirs = d;
        d[j->ndirs].path = strdup(path);
        if (!d[j->ndirs].path)
                return -ENOMEM;
        d[j->ndirs].rw = rw;
        j->ndirs++;
        return 0;
}

static int set_string(char **field, const char *value)
{
        char *copy = NULL;
        if (value && !(copy = strdup(value)))
                return -ENOMEM;
        free(*field);
        *field = copy;
        return 0;
}

int sbx_jail_set_workdir(struct sbx_jail *j, const char *path)
{
        if (path && !path_ok(path))
                return -EINVAL;
        return set_string(&j->workdir, path);
}

int sbx_jail_set_pool(struct sbx_jail *j, const char *socket_path)
{
        if (socket_path && (!socket_path[0] || strlen(socket_path) >= SBX_POOL_PATH_MAX))
                return -EINVAL;
        return set_string(&j->pool, socket_path);
}

int sbx_jail_set_stdin(struct sbx_jail *j, const char *path)
{
        int rc = set_string(&j->stdin_path, path);
        if (rc == 0)
                j->stdin_fd = -1;
        return rc;
}

int sbx_jail_set_stdin_fd(struct sbx_jail *j, int fd)
{
        if (fd < -1)
                return -EBADF;
        int rc = set_string(&j->stdin_path, NULL);
        if (rc == 0)
                j->stdin_fd = fd;
        return rc;
}

int sbx_jail_set_stdout(struct sbx_jail *j, const char *path)
{
        return set_string(&j->stdout_path, path);
}

int sbx_jail_set_stderr(struct sbx_jail *j, const char *path)
{
        return set_string(&j->stderr_path, path);
}

int sbx_jail_add_env(struct sbx_jail *j, const char *name_value)
{
        const char *eq = name_value ? strchr(name_value, '=') : NULL;
        if (!eq || eq == name_value)
                return -EINVAL;
        char **env = realloc(j->env, (j->nenv + 2) * sizeof *env);
        if (!env)
                return -ENOMEM;
        j->env = env;
        char *copy = strdup(name_value);
        if (!copy)
                return -ENOMEM;
        /* A later NAME= replaces an earlier one. */
        size_t nl = (size_t)(eq - name_value) + 1;
        for (size_t i = 0; i < j->nenv; i++) {
                if (strncmp(env[i], name_value, nl) == 0) {
                        free(env[i]);
                        env[i] = copy;
                        return 0;
                }
        }
        env[j->nenv++] = copy;
        env[j->nenv] = NULL;
        return 0;
}

char **sbx__program_env(const struct sbx_jail *j)
{
        bool has_path = false;
        for (size_t i = 0; i < j->nenv; i++)
                has_path |= strncmp(j->env[i], "PATH=", 5) == 0;
        char **envp = calloc(j->nenv + 2, sizeof *envp);
        if (!envp)
                return NULL;
        memcpy(envp, j->env, j->nenv * sizeof *envp);
        if (!has_path)
                envp[j->nenv] = (char *)SBX__DEFAULT_PATH;
        return envp;
}
