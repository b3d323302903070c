/* fault_wrap.c — test-only fault injection: linked into a copy of the full
 * gauntlet program with -Wl,--wrap=sbx_jail_run, it makes the sandbox fail
 * on demand so every grader's and command's handling of an internal error
 * can be driven from a shell script (t5008-fault-injection.sh).
 *
 *   GAUNTLET_FAULT_AT=N    call N of this process fails (1-based)
 *   GAUNTLET_FAULT_AT=N+   every call from N on fails
 *   GAUNTLET_FAULT_KIND    "status" (default): the call returns 0 with
 *                          SBX_STATUS_INTERNAL_ERROR and a message, as the
 *                          sandbox does when it cannot set a jail up;
 *                          "errno": it returns -EIO (a failed call)
 *   GAUNTLET_FAULT_LOG     append one line per call to this file:
 *                          "PID N injected|real PROGRAM ARGS..." (cut at
 *                          1 KiB)
 * Other calls go to the real sbx_jail_run.  Nothing here is built into
 * gauntlet itself. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandbox.h"

int __real_sbx_jail_run(const struct sbx_jail *j, const char *const argv[], struct sbx_result *ret);
int __wrap_sbx_jail_run(const struct sbx_jail *j, const char *const argv[], struct sbx_result *ret);

/* The command a step runs: the graders wrap most in /bin/sh -c 'exec "$0"
 * "$@" 2>&1' PROGRAM ARGS..., so what follows the script. */
static const char *const *command_of(const char *const argv[])
{
        if (argv && argv[0] && strcmp(argv[0], "/bin/sh") == 0 && argv[1] && strcmp(argv[1], "-c") == 0 && argv[2] &&
            argv[3])
                return argv + 3;
        return argv;
}

static void log_call(unsigned long n, bool injected, const char *const argv[])
{
        const char *path = getenv("GAUNTLET_FAULT_LOG");
        if (!path || !*path)
                return;
        char line[1024];
        size_t len = (size_t)snprintf(line, sizeof line, "%ld %lu %s", (long)getpid(), n,
                                      injected ? "injected" : "real");
        for (const char *const *a = command_of(argv); a && *a && len < sizeof line; a++)
                len += (size_t)snprintf(line + len, sizeof line - len, " %s", *a);
        if (len >= sizeof line - 1)
                len = sizeof line - 2;
        line[len++] = '\n';
        int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0)
                return;
        (void)!write(fd, line, len);
        close(fd);
}

int __wrap_sbx_jail_run(const struct sbx_jail *j, const char *const argv[], struct sbx_result *ret)
{
        static unsigned long calls;
        unsigned long n = __atomic_add_fetch(&calls, 1, __ATOMIC_SEQ_CST);
        const char *at = getenv("GAUNTLET_FAULT_AT");
        bool inject = false;
        if (at && *at) {
                char *end;
                unsigned long k = strtoul(at, &end, 10);
                bool from = *end == '+';
                inject = k > 0 && (n == k || (from && n > k));
        }
        log_call(n, inject, argv);
        if (!inject)
                return __real_sbx_jail_run(j, argv, ret);
        const char *kind = getenv("GAUNTLET_FAULT_KIND");
        if (kind && strcmp(kind, "errno") == 0)
                return -EIO;
        memset(ret, 0, sizeof *ret);
        ret->status = SBX_STATUS_INTERNAL_ERROR;
        ret->exit_code = -1;
        snprintf(ret->message, sizeof ret->message, "injected fault at call %lu", n);
        return 0;
}
