/* probe.c — what isolation this machine offers: seccomp, namespaces, cgroup
 * v2 and v1 controllers.  Reads files under a sysroot so tests can feed a
 * fake /proc and /sys; SBX_PROBE_LIVE also tries the real thing. */
#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <grp.h>
#include <unistd.h>

struct probe_ctx {
        const char *root;
};

static int probe_path(const struct probe_ctx *c, const char *rel, char *buf, size_t len)
{
        const char *sep = (c->root[0] && c->root[strlen(c->root) - 1] == '/') ? "" : "/";
        while (*rel == '/')
                rel++;
        int n = snprintf(buf, len, "%s%s%s", c->root, sep, rel);
        return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}

static bool probe_exists(const struct probe_ctx *c, const char *rel)
{
        char p[4096];
        return probe_path(c, rel, p, sizeof p) == 0 && access(p, F_OK) == 0;
}

static bool probe_writable(const struct probe_ctx *c, const char *rel)
{
        char p[4096];
        return probe_path(c, rel, p, sizeof p) == 0 && access(p, W_OK) == 0;
}

/* Read a small file into buf (NUL-terminated, trailing newline dropped). */
static int probe_read(const struct probe_ctx *c, const char *rel, char *buf, size_t len)
{
        char p[4096];
        int r = probe_path(c, rel, p, sizeof p);
        if (r < 0)
                return r;
        int fd = open(p, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        ssize_t n = read(fd, buf, len - 1);
        int saved = errno;
        close(fd);
        if (n < 0)
                return -saved;
        buf[n] = '\0';
        while (n > 0 && buf[n - 1] == '\n')
                buf[--n] = '\0';
        return 0;
}

static long probe_read_long(const struct probe_ctx *c, const char *rel, long dflt)
{
        char buf[64];
        if (probe_read(c, rel, buf, sizeof buf) < 0)
                return dflt;
        char *end;
        errno = 0;
        long v = strtol(buf, &end, 10);
        return (errno || end == buf) ? dflt : v;
}

static bool has_word(const char *list, const char *word, const char *seps)
{
        size_t wl = strlen(word);
        for (const char *p = list; (p = strstr(p, word)); p += wl) {
                bool start = p == list || strchr(seps, p[-1]);
                bool end = p[wl] == '\0' || strchr(seps, p[wl]);
                if (start && end)
                        return true;
        }
        return false;
}

/* Our own group in a hierarchy, from /proc/self/cgroup: "0::/x" for v2,
 * "N:memory,...:/x" for v1.  Writes "/" when not found. */
static void probe_own_group(const struct probe_ctx *c, const char *controller, char *out, size_t len)
{
        char p[4096];
        snprintf(out, len, "/");
        if (probe_path(c, "proc/self/cgroup", p, sizeof p) < 0)
                return;
        FILE *f = fopen(p, "re");
        if (!f)
                return;
        char line[1024];
        while (fgets(line, sizeof line, f)) {
                line[strcspn(line, "\n")] = '\0';
                char *c1 = strchr(line, ':');
                char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
                if (!c2)
                        continue;
                *c1 = '\0';
                *c2 = '\0';
                const char *ctrls = c1 + 1;
                bool match = controller ? has_word(ctrls, controller, ",")
                                        : (strcmp(line, "0") == 0 && *ctrls == '\0');
                if (match) {
                        snprintf(out, len, "%s", c2 + 1);
                        break;
                }
        }
        fclose(f);
}

static void probe_cgroups(const struct probe_ctx *c, struct sbx_caps *caps)
{
        char p[4096];
        if (probe_path(c, "proc/self/mounts", p, sizeof p) < 0)
                return;
        FILE *f = fopen(p, "re");
        if (!f)
                return;
        char dev[256], mnt[256], type[64], opts[512];
        char line[1400];
        char memory_mnt[256] = "", pids_mnt[256] = "";
        while (fgets(line, sizeof line, f)) {
                if (sscanf(line, "%255s %255s %63s %511s", dev, mnt, type, opts) != 4)
                        continue;
                if (strcmp(type, "cgroup2") == 0 && !caps->cgroup2) {
                        caps->cgroup2 = true;
                        snprintf(caps->cgroup2_mount, sizeof caps->cgroup2_mount, "%s", mnt);
                } else if (strcmp(type, "cgroup") == 0) {
                        if (has_word(opts, "memory", ",")) {
                                caps->cgroup1_memory = true;
                                snprintf(memory_mnt, sizeof memory_mnt, "%s", mnt);
                        }
                        if (has_word(opts, "pids", ",")) {
                                caps->cgroup1_pids = true;
                                snprintf(pids_mnt, sizeof pids_mnt, "%s", mnt);
                        }
                        caps->cgroup1_cpuacct |= has_word(opts, "cpuacct", ",");
                        caps->cgroup1_cpu |= has_word(opts, "cpu", ",");
                        caps->cgroup1_cpuset |= has_word(opts, "cpuset", ",");
                        caps->cgroup1_freezer |= has_word(opts, "freezer", ",");
                }
        }
        fclose(f);

        char own[1024], rel[2048];
        if (caps->cgroup2) {
                probe_own_group(c, NULL, own, sizeof own);
                snprintf(rel, sizeof rel, "%s%s/cgroup.controllers", caps->cgroup2_mount,
                         strcmp(own, "/") ? own : "");
                probe_read(c, rel, caps->cgroup2_controllers, sizeof caps->cgroup2_controllers);
                snprintf(rel, sizeof rel, "%s%s", caps->cgroup2_mount, strcmp(own, "/") ? own : "");
                caps->cgroup2_delegated = caps->cgroup2_controllers[0] && probe_writable(c, rel);
        }
        if (caps->cgroup1_memory && caps->cgroup1_pids) {
                probe_own_group(c, "memory", own, sizeof own);
                snprintf(rel, sizeof rel, "%s%s", memory_mnt, strcmp(own, "/") ? own : "");
                bool mem_w = probe_writable(c, rel);
                probe_own_group(c, "pids", own, sizeof own);
                snprintf(rel, sizeof rel, "%s%s", pids_mnt, strcmp(own, "/") ? own : "");
                caps->cgroup1_writable = mem_w && probe_writable(c, rel);
        }
}

/* Try unshare(flags) in a child, optionally as nobody.  true on success. */
static bool probe_try_unshare(int flags, bool as_nobody)
{
        pid_t pid = fork();
        if (pid < 0)
                return false;
        if (pid == 0) {
                if (as_nobody && (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
                                  setresuid(65534, 65534, 65534) < 0))
                        _exit(2);
                _exit(unshare(flags) == 0 ? 0 : 1);
        }
        int st;
        while (waitpid(pid, &st, 0) < 0)
                if (errno != EINTR)
                        return false;
        return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int sbx_probe(const char *sysroot, unsigned flags, struct sbx_caps *ret)
{
        struct probe_ctx c = {.root = sysroot ? sysroot : "/"};
        struct sbx_caps caps = {0};
        char buf[512];

        if (!probe_exists(&c, "proc"))
                return -ENOENT;

        /* seccomp: the kernel lists the filter actions it supports. */
        if (probe_read(&c, "proc/sys/kernel/seccomp/actions_avail", buf, sizeof buf) == 0)
                caps.seccomp = has_word(buf, "errno", " ") &&
                               (has_word(buf, "kill_process", " ") || has_word(buf, "kill_thread", " "));

        caps.userns = probe_exists(&c, "proc/self/ns/user") &&
                      probe_read_long(&c, "proc/sys/user/max_user_namespaces", 1) > 0;
        /* Debian's knob and Ubuntu's AppArmor restriction both stop unprivileged users. */
        caps.userns_unpriv = caps.userns &&
                             probe_read_long(&c, "proc/sys/kernel/unprivileged_userns_clone", 1) != 0 &&
                             probe_read_long(&c, "proc/sys/kernel/apparmor_restrict_unprivileged_userns", 0) == 0;
        caps.pidns = probe_exists(&c, "proc/self/ns/pid");
        caps.netns = probe_exists(&c, "proc/self/ns/net");
        caps.mountns = probe_exists(&c, "proc/self/ns/mnt");
        caps.ipcns = probe_exists(&c, "proc/self/ns/ipc");
        caps.utsns = probe_exists(&c, "proc/self/ns/uts");
        probe_cgroups(&c, &caps);

        if (flags & SBX_PROBE_LIVE) {
                bool root = geteuid() == 0;
                int ns = CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS;
                caps.userns = caps.userns && probe_try_unshare(CLONE_NEWUSER, false);
                caps.userns_unpriv = caps.userns && probe_try_unshare(CLONE_NEWUSER | ns, root);
                if (!root && !caps.userns_unpriv)
                        caps.pidns = caps.netns = caps.mountns = caps.ipcns = caps.utsns = false;
        }
        *ret = caps;
        return 0;
}
