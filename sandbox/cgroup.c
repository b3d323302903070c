/* cgroup.c — the run's cgroups: created below the process's own group in
 * each hierarchy (cgroup v2 when it has memory and pids for us, else the v1
 * memory, pids, cpuacct and freezer hierarchies), limits written, counters
 * read, every member killed and the groups removed after the run. */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int write_file(const char *dir, const char *name, const char *value)
{
        char p[768];
        snprintf(p, sizeof p, "%s/%s", dir, name);
        int fd = open(p, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return -errno;
        size_t len = strlen(value);
        ssize_t n = write(fd, value, len);
        int saved = errno;
        close(fd);
        if (n < 0)
                return -saved;
        return (size_t)n == len ? 0 : -EIO;
}

static int read_file(const char *dir, const char *name, char *buf, size_t len)
{
        char p[768];
        snprintf(p, sizeof p, "%s/%s", dir, name);
        int fd = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return -errno;
        ssize_t n = read(fd, buf, len - 1);
        int saved = errno;
        close(fd);
        if (n < 0)
                return -saved;
        buf[n] = '\0';
        return 0;
}

static uint64_t read_u64(const char *dir, const char *name)
{
        char buf[64];
        if (read_file(dir, name, buf, sizeof buf) < 0)
                return 0;
        return strtoull(buf, NULL, 10);
}

static bool word_in(const char *list, const char *word, char sep)
{
        size_t wl = strlen(word);
        for (const char *p = list; (p = strstr(p, word)); p += wl) {
                bool start = p == list || p[-1] == sep;
                bool end = p[wl] == '\0' || p[wl] == sep || p[wl] == '\n' || p[wl] == ' ';
                if (start && end)
                        return true;
        }
        return false;
}

double sbx__cg_parse_cpu_stat(const char *text)
{
        const char *p = strstr(text, "usage_usec ");
        if (!p || (p != text && p[-1] != '\n'))
                return -1;
        return (double)strtoull(p + 11, NULL, 10) / 1e6;
}

uint64_t sbx__cg_parse_oom_kill(const char *text)
{
        for (const char *p = text; (p = strstr(p, "oom_kill ")); p += 9)
                if (p == text || p[-1] == '\n')
                        return strtoull(p + 9, NULL, 10);
        return 0;
}

/* Our own group in one hierarchy, from /proc/self/cgroup. */
static int own_group(const char *proc_self_cgroup, const char *controller, char *out, size_t len)
{
        FILE *f = fopen(proc_self_cgroup, "re");
        if (!f)
                return -errno;
        char line[1024];
        int rc = -ENOENT;
        while (fgets(line, sizeof line, f)) {
                line[strcspn(line, "\n")] = '\0';
                char *c1 = strchr(line, ':');
                char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
                if (!c2)
                        continue;
                *c1 = '\0';
                *c2 = '\0';
                bool match = controller ? word_in(c1 + 1, controller, ',')
                                        : (strcmp(line, "0") == 0 && c1[1] == '\0');
                if (match) {
                        snprintf(out, len, "%s", strcmp(c2 + 1, "/") ? c2 + 1 : "");
                        rc = 0;
                        break;
                }
        }
        fclose(f);
        return rc;
}

struct mounts {
        char v2[256];
        char memory[256], pids[256], cpuacct[256], freezer[256];
};

static void read_mounts(const char *path, struct mounts *m)
{
        memset(m, 0, sizeof *m);
        FILE *f = fopen(path, "re");
        if (!f)
                return;
        char line[1400], dev[256], mnt[256], type[64], opts[512];
        while (fgets(line, sizeof line, f)) {
                if (sscanf(line, "%255s %255s %63s %511s", dev, mnt, type, opts) != 4)
                        continue;
                if (strcmp(type, "cgroup2") == 0 && !m->v2[0])
                        snprintf(m->v2, sizeof m->v2, "%s", mnt);
                if (strcmp(type, "cgroup") != 0)
                        continue;
                if (word_in(opts, "memory", ','))
                        snprintf(m->memory, sizeof m->memory, "%s", mnt);
                if (word_in(opts, "pids", ','))
                        snprintf(m->pids, sizeof m->pids, "%s", mnt);
                if (word_in(opts, "cpuacct", ','))
                        snprintf(m->cpuacct, sizeof m->cpuacct, "%s", mnt);
                if (word_in(opts, "freezer", ','))
                        snprintf(m->freezer, sizeof m->freezer, "%s", mnt);
        }
        fclose(f);
}

/* Our pid namespace (its inode): pids name groups only within one. */
static unsigned long pid_ns(void)
{
        static atomic_ulong ns;
        unsigned long v = atomic_load(&ns);
        struct stat st;
        if (!v && stat("/proc/self/ns/pid", &st) == 0)
                atomic_store(&ns, v = (unsigned long)st.st_ino);
        return v;
}

static void unique_name(char *out, size_t len)
{
        static atomic_uint counter;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        snprintf(out, len, "gauntlet-%d-%lu-%u-%lx", (int)getpid(), pid_ns(), atomic_fetch_add(&counter, 1),
                 (unsigned long)ts.tv_nsec);
}

/* Remove groups left by a supervisor that was killed before its cleanup
 * (SIGKILL, Ctrl-C): siblings named gauntlet-PID-PIDNS-*, of our pid
 * namespace (a pid means nothing in another), whose PID is gone, older
 * than a minute and empty.  A live run's group is never empty for long,
 * and rmdir refuses a group with members anyway.  (Names of older
 * versions, gauntlet-PID-COUNTER-NSEC, count as ours.) */
static void sweep_stale(const char *parent)
{
        DIR *d = opendir(parent);
        if (!d)
                return;
        struct dirent *e;
        time_t now = time(NULL);
        while ((e = readdir(d))) {
                int pid;
                unsigned long ns;
                unsigned counter;
                unsigned long nsec;
                int fields = sscanf(e->d_name, "gauntlet-%d-%lu-%u-%lx", &pid, &ns, &counter, &nsec);
                if (fields < 1 || pid <= 0 || (fields == 4 && ns != pid_ns()))
                        continue;
                if (kill(pid, 0) == 0 || errno != ESRCH)
                        continue;
                char p[1024], procs[16];
                struct stat st;
                snprintf(p, sizeof p, "%s/%s", parent, e->d_name);
                if (stat(p, &st) < 0 || !S_ISDIR(st.st_mode) || now - st.st_mtime < 60)
                        continue;
                if (read_file(p, "cgroup.procs", procs, sizeof procs) == 0 && procs[0] == '\0')
                        rmdir(p);
        }
        closedir(d);
}

/* mkdir mount/own/name into out.  0 or -errno. */
static int make_group(const char *mount, const char *proc_self_cgroup, const char *controller,
                      const char *name, char *out, size_t len)
{
        char own[512];
        int rc = own_group(proc_self_cgroup, controller, own, sizeof own);
        if (rc < 0)
                return rc;
        int n = snprintf(out, len, "%s%s/%s", mount, own, name);
        if (n < 0 || (size_t)n >= len)
                return -ENAMETOOLONG;
        if (mkdir(out, 0755) < 0) {
                rc = -errno;
                out[0] = '\0';
                return rc;
        }
        return 0;
}

/* The limits of lim; with reset, a zero is written as "no limit" too (a
 * group that had other limits), else left alone (a new group has none). */
static int limit_v2(const struct sbx__cgroup *cg, const struct sbx__cg_limits *lim, bool reset)
{
        char v[32];
        if (lim->mem_bytes || reset) {
                snprintf(v, sizeof v, "%" PRIu64, lim->mem_bytes);
                if (write_file(cg->v2, "memory.max", lim->mem_bytes ? v : "max") < 0)
                        return -EACCES;
                int sw = write_file(cg->v2, "memory.swap.max", lim->mem_bytes ? "0" : "max");
                if (sw < 0 && sw != -ENOENT)
                        return -EACCES;
        }
        if (lim->pids || reset) {
                snprintf(v, sizeof v, "%u", lim->pids);
                if (write_file(cg->v2, "pids.max", lim->pids ? v : "max") < 0)
                        return -EACCES;
        }
        return 0;
}

/* v1: a controller whose limit cannot be written is given up (the run
 * degrades to polling or RLIMIT_NPROC, and says why). */
static void limit_v1(struct sbx__cgroup *cg, const struct sbx__cg_limits *lim, bool reset)
{
        char v[32];
        int rc;
        if (cg->has_mem && (lim->mem_bytes || reset)) {
                snprintf(v, sizeof v, "%" PRIu64, lim->mem_bytes);
                const char *val = lim->mem_bytes ? v : "-1";
                /* memsw exists only with swap accounting; without it there
                 * is no swap to escape into either.  It may never be below
                 * the memory limit: written before and after it, one of the
                 * two holds whichever way the limit moves. */
                (void)write_file(cg->mem, "memory.memsw.limit_in_bytes", val);
                rc = write_file(cg->mem, "memory.limit_in_bytes", val);
                int sw = write_file(cg->mem, "memory.memsw.limit_in_bytes", val);
                if (rc == 0 && sw < 0 && sw != -ENOENT)
                        rc = sw;
                if (rc < 0) {
                        rmdir(cg->mem);
                        cg->mem[0] = '\0';
                        cg->has_mem = false;
                        snprintf(cg->note, sizeof cg->note, "memory cgroup: %s", strerror(-rc));
                }
        }
        if (cg->has_pids && (lim->pids || reset)) {
                snprintf(v, sizeof v, "%u", lim->pids);
                if ((rc = write_file(cg->pids, "pids.max", lim->pids ? v : "max")) < 0) {
                        rmdir(cg->pids);
                        cg->pids[0] = '\0';
                        cg->has_pids = false;
                        snprintf(cg->note, sizeof cg->note, "pids cgroup: %s", strerror(-rc));
                }
        }
}

static int try_v2(struct sbx__cgroup *cg, const struct mounts *m, const char *proc_self_cgroup,
                  const struct sbx__cg_limits *lim, const char *name)
{
        char own[400], dir[700], ctrls[256];
        if (!m->v2[0] || own_group(proc_self_cgroup, NULL, own, sizeof own) < 0)
                return -ENOENT;
        snprintf(dir, sizeof dir, "%s%s", m->v2, own);
        /* Our group must hand memory and pids to its children. */
        if (read_file(dir, "cgroup.subtree_control", ctrls, sizeof ctrls) < 0 ||
            !word_in(ctrls, "memory", ' ') || !word_in(ctrls, "pids", ' ')) {
                if (read_file(dir, "cgroup.controllers", ctrls, sizeof ctrls) < 0 ||
                    !word_in(ctrls, "memory", ' ') || !word_in(ctrls, "pids", ' '))
                        return -EOPNOTSUPP;
                if (write_file(dir, "cgroup.subtree_control", "+memory +pids +cpu") < 0 &&
                    write_file(dir, "cgroup.subtree_control", "+memory +pids") < 0)
                        return -EBUSY; /* processes in our group: no delegation */
        }
        int rc = make_group(m->v2, proc_self_cgroup, NULL, name, cg->v2, sizeof cg->v2);
        if (rc < 0)
                return rc;
        if (limit_v2(cg, lim, false) < 0) {
                rmdir(cg->v2);
                cg->v2[0] = '\0';
                return -EACCES;
        }
        cg->version = 2;
        cg->has_mem = cg->has_pids = cg->has_cpu = true;
        char ev[512];
        cg->oom_before = read_file(cg->v2, "memory.events", ev, sizeof ev) == 0
                                 ? sbx__cg_parse_oom_kill(ev) : 0;
        return 0;
}

static void try_v1(struct sbx__cgroup *cg, const struct mounts *m, const char *proc_self_cgroup,
                   const struct sbx__cg_limits *lim, const char *name)
{
        int rc;
        if (m->memory[0]) {
                rc = make_group(m->memory, proc_self_cgroup, "memory", name, cg->mem, sizeof cg->mem);
                if (rc == 0) {
                        char oc[256];
                        cg->has_mem = true;
                        cg->oom_before = read_file(cg->mem, "memory.oom_control", oc, sizeof oc) == 0
                                                 ? sbx__cg_parse_oom_kill(oc) : 0;
                } else {
                        cg->mem[0] = '\0';
                        snprintf(cg->note, sizeof cg->note, "memory cgroup: %s", strerror(-rc));
                }
        }
        if (m->pids[0]) {
                rc = make_group(m->pids, proc_self_cgroup, "pids", name, cg->pids, sizeof cg->pids);
                if (rc == 0)
                        cg->has_pids = true;
                else
                        cg->pids[0] = '\0';
                if (rc < 0)
                        snprintf(cg->note, sizeof cg->note, "pids cgroup: %s", strerror(-rc));
        }
        if (m->cpuacct[0] &&
            make_group(m->cpuacct, proc_self_cgroup, "cpuacct", name, cg->cpuacct, sizeof cg->cpuacct) == 0)
                cg->has_cpu = true;
        else
                cg->cpuacct[0] = '\0';
        limit_v1(cg, lim, false);
        /* No freezer group: the run's pid namespace already dies at once
         * with its pid 1 (the kernel refuses new pids in a dying namespace),
         * and each extra hierarchy costs a task migration per run. */
        if (cg->has_mem || cg->has_pids || cg->has_cpu)
                cg->version = 1;
}

int sbx__cg_create(struct sbx__cgroup *cg, const char *mounts, const char *proc_self_cgroup,
                   const struct sbx__cg_limits *lim)
{
        memset(cg, 0, sizeof *cg);
        struct mounts m;
        read_mounts(mounts, &m);
        char name[96];
        unique_name(name, sizeof name);
        int rc = try_v2(cg, &m, proc_self_cgroup, lim, name);
        if (rc == 0)
                return 0;
        try_v1(cg, &m, proc_self_cgroup, lim, name);
        if (cg->version == 0 && !cg->note[0])
                snprintf(cg->note, sizeof cg->note, "no writable cgroup hierarchy");
        return 0;
}

void sbx__cg_set_limits(struct sbx__cgroup *cg, const struct sbx__cg_limits *lim)
{
        if (cg->version == 2 && limit_v2(cg, lim, true) < 0) {
                cg->has_mem = cg->has_pids = false;
                snprintf(cg->note, sizeof cg->note, "cgroup v2 limits: %s", strerror(EACCES));
        } else if (cg->version == 1) {
                limit_v1(cg, lim, true);
        }
}

void sbx__cg_sweep(const struct sbx__cgroup *cg)
{
        /* The parents are the folders our own groups were made in: no
         * second read of /proc/self/mounts and /proc/self/cgroup. */
        const char *const groups[] = {cg->v2, cg->mem, cg->pids, cg->cpuacct};
        for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
                char dir[sizeof cg->mem];
                snprintf(dir, sizeof dir, "%s", groups[i]);
                char *slash = strrchr(dir, '/');
                if (!dir[0] || !slash || slash == dir)
                        continue;
                *slash = '\0';
                sweep_stale(dir);
        }
}

int sbx__cg_attach(const struct sbx__cgroup *cg, pid_t pid)
{
        char v[32];
        snprintf(v, sizeof v, "%d", (int)pid);
        if (cg->version == 2)
                return write_file(cg->v2, "cgroup.procs", v);
        const char *dirs[] = {cg->mem, cg->pids, cg->cpuacct, cg->freezer};
        for (size_t i = 0; i < 4; i++) {
                if (!dirs[i][0])
                        continue;
                int rc = write_file(dirs[i], "cgroup.procs", v);
                if (rc < 0)
                        return rc;
        }
        return 0;
}

int sbx__cg_open_join(const struct sbx__cgroup *cg, int fds[SBX__CG_JOIN_MAX])
{
        for (size_t i = 0; i < SBX__CG_JOIN_MAX; i++)
                fds[i] = -1;
        if (cg->version != 1)
                return 0;
        const char *dirs[] = {cg->mem, cg->pids, cg->cpuacct};
        int n = 0;
        for (size_t i = 0; i < 3; i++) {
                if (!dirs[i][0])
                        continue;
                char p[768];
                snprintf(p, sizeof p, "%s/tasks", dirs[i]);
                int fd = open(p, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
                if (fd < 0) {
                        int rc = -errno;
                        sbx__cg_close_join(fds);
                        return rc;
                }
                fds[n++] = fd;
        }
        return n;
}

int sbx__cg_join_self(const int fds[SBX__CG_JOIN_MAX])
{
        for (size_t i = 0; i < SBX__CG_JOIN_MAX; i++) {
                if (fds[i] < 0)
                        continue;
                ssize_t w = write(fds[i], "0", 1);
                if (w != 1)
                        return w < 0 ? -errno : -EIO;
        }
        return 0;
}

void sbx__cg_close_join(int fds[SBX__CG_JOIN_MAX])
{
        for (size_t i = 0; i < SBX__CG_JOIN_MAX; i++) {
                if (fds[i] >= 0)
                        close(fds[i]);
                fds[i] = -1;
        }
}

double sbx__cg_cpu(const struct sbx__cgroup *cg)
{
        if (cg->version == 2) {
                char buf[512];
                return read_file(cg->v2, "cpu.stat", buf, sizeof buf) == 0 ? sbx__cg_parse_cpu_stat(buf) : -1;
        }
        if (cg->version == 1 && cg->has_cpu)
                return (double)read_u64(cg->cpuacct, "cpuacct.usage") / 1e9;
        return -1;
}

uint64_t sbx__cg_peak_kib(const struct sbx__cgroup *cg)
{
        if (cg->version == 2)
                return read_u64(cg->v2, "memory.peak") / 1024;
        if (cg->version == 1 && cg->has_mem)
                return read_u64(cg->mem, "memory.max_usage_in_bytes") / 1024;
        return 0;
}

uint64_t sbx__cg_current_kib(const struct sbx__cgroup *cg)
{
        if (cg->version == 2)
                return read_u64(cg->v2, "memory.current") / 1024;
        if (cg->version == 1 && cg->has_mem)
                return read_u64(cg->mem, "memory.usage_in_bytes") / 1024;
        return 0;
}

bool sbx__cg_oom_killed(const struct sbx__cgroup *cg)
{
        char buf[512];
        if (cg->version == 2)
                return read_file(cg->v2, "memory.events", buf, sizeof buf) == 0 &&
                       sbx__cg_parse_oom_kill(buf) > cg->oom_before;
        if (cg->version == 1 && cg->has_mem)
                return read_file(cg->mem, "memory.oom_control", buf, sizeof buf) == 0 &&
                       sbx__cg_parse_oom_kill(buf) > cg->oom_before;
        return false;
}

/* SIGKILL every pid listed in dir/cgroup.procs; returns how many were listed. */
static int kill_members(const char *dir)
{
        char p[768];
        snprintf(p, sizeof p, "%s/cgroup.procs", dir);
        FILE *f = fopen(p, "re");
        if (!f)
                return 0;
        int n = 0, pid;
        while (fscanf(f, "%d", &pid) == 1) {
                if (pid > 0)
                        kill(pid, SIGKILL);
                n++;
        }
        fclose(f);
        return n;
}

/* rmdir, retrying while the killed members are still being torn down. */
static void remove_group(char *dir)
{
        if (!dir[0])
                return;
        for (int i = 0; i < 400; i++) {
                if (rmdir(dir) == 0 || errno == ENOENT)
                        break;
                if (errno != EBUSY)
                        break;
                kill_members(dir);
                struct timespec ts = {0, i < 20 ? 200000 : 5000000};
                nanosleep(&ts, NULL);
        }
        dir[0] = '\0';
}

void sbx__cg_destroy(struct sbx__cgroup *cg)
{
        if (cg->version == 2 && cg->v2[0]) {
                if (write_file(cg->v2, "cgroup.kill", "1") < 0)
                        kill_members(cg->v2);
                remove_group(cg->v2);
        }
        /* v1: freeze so a forking tree cannot outrun the kill, kill, thaw so
         * the signals are delivered. */
        if (cg->freezer[0]) {
                char state[32] = "";
                if (read_file(cg->freezer, "cgroup.procs", state, sizeof state) == 0 && state[0]) {
                        write_file(cg->freezer, "freezer.state", "FROZEN");
                        kill_members(cg->freezer);
                        write_file(cg->freezer, "freezer.state", "THAWED");
                }
        }
        const char *dirs[] = {cg->mem, cg->pids, cg->cpuacct};
        for (size_t i = 0; i < 3; i++)
                if (dirs[i][0])
                        kill_members(dirs[i]);
        remove_group(cg->freezer);
        remove_group(cg->mem);
        remove_group(cg->pids);
        remove_group(cg->cpuacct);
        cg->version = 0;
}
