/* child.c — the processes a run starts: pid 1 of the new namespaces,
 * which builds the view, forks the program and reports its end, and the
 * program's last steps before exec (rlimits, no_new_privs, seccomp last).
 * Failures go back to the supervisor over the report pipe. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void send_report(int fd, const struct sbx__report *r)
{
        ssize_t n;
        do
                n = write(fd, r, sizeof *r);
        while (n < 0 && errno == EINTR);
}

int sbx__send_msg(int sock, const void *data, size_t len, const int *fds, int n)
{
        char cbuf[CMSG_SPACE(sizeof(int) * SBX__FDS_MAX)];
        memset(cbuf, 0, sizeof cbuf);
        struct iovec iov = {.iov_base = (void *)data, .iov_len = len};
        struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
        if (n > SBX__FDS_MAX) {
                errno = EINVAL;
                return -1;
        }
        if (n > 0) {
                mh.msg_control = cbuf;
                mh.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)n);
                struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
                cm->cmsg_level = SOL_SOCKET;
                cm->cmsg_type = SCM_RIGHTS;
                cm->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)n);
                memcpy(CMSG_DATA(cm), fds, sizeof(int) * (size_t)n);
        }
        ssize_t w;
        do
                w = sendmsg(sock, &mh, MSG_NOSIGNAL);
        while (w < 0 && errno == EINTR);
        return w == (ssize_t)len ? 0 : -1;
}

int sbx__send_fds(int sock, char tag, const int *fds, int n)
{
        return sbx__send_msg(sock, &tag, 1, fds, n);
}

ssize_t sbx__recv_msg(int sock, void *data, size_t len, int flags, int *fds, int max, int *nfds)
{
        char cbuf[CMSG_SPACE(sizeof(int) * SBX__FDS_MAX)];
        struct iovec iov = {.iov_base = data, .iov_len = len};
        struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
                            .msg_controllen = sizeof cbuf};
        ssize_t r;
        do
                r = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC | flags);
        while (r < 0 && errno == EINTR);
        *nfds = 0;
        for (struct cmsghdr *cm = r >= 0 ? CMSG_FIRSTHDR(&mh) : NULL; cm; cm = CMSG_NXTHDR(&mh, cm)) {
                if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
                        continue;
                size_t k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                for (size_t i = 0; i < k; i++) {
                        int fd;
                        memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof fd);
                        if (*nfds < max)
                                fds[(*nfds)++] = fd;
                        else
                                close(fd); /* more than asked for: not ours to keep */
                }
        }
        return r;
}

int sbx__recv_fds(int sock, char *tag, int *fds, int max)
{
        int n;
        ssize_t r = sbx__recv_msg(sock, tag, 1, 0, fds, max, &n);
        if (r != 1) {
                for (int i = 0; i < n; i++)
                        close(fds[i]);
                return -1;
        }
        return n;
}

__attribute__((noreturn, format(printf, 4, 5)))
static void child_fail(int fd, int kind, int err, const char *fmt, ...)
{
        struct sbx__report r = {.kind = kind, .err = err};
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r.text, sizeof r.text, fmt, ap);
        va_end(ap);
        send_report(fd, &r);
        _exit(127);
}

static void set_limit(int fd, int res, rlim_t soft, rlim_t hard, const char *what)
{
        struct rlimit rl = {soft, hard};
        if (setrlimit(res, &rl) < 0)
                child_fail(fd, SBX__REP_SETUP_ERR, errno, "cannot set %s limit", what);
}

static int above_stdio(int fd)
{
        return fd >= 0 && fd < 3 ? fcntl(fd, F_DUPFD_CLOEXEC, 3) : fd;
}

/* The program's first steps, the same for every request: default signal
 * handling, a session of its own, no capability to gain, no new
 * privileges. */
static void program_early(int rep)
{
        /* The program starts with default signal handling, whatever the
         * caller had blocked or ignored. */
        for (int sig = 1; sig < NSIG; sig++)
                if (sig != SIGKILL && sig != SIGSTOP)
                        signal(sig, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        setsid(); /* no controlling terminal to inject into */
        /* exec as a non-root uid leaves no capability anyway; an empty
         * bounding set makes that hold whatever the program execs. */
        for (int cap = 0;; cap++)
                if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
                        if (errno == EINVAL && cap > 0)
                                break; /* past the kernel's last capability */
                        child_fail(rep, SBX__REP_SETUP_ERR, errno, "cannot drop capability %d", cap);
                }
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                child_fail(rep, SBX__REP_SETUP_ERR, errno, "cannot set no_new_privs");
}

/* The seccomp filter (none for NULL).  Every syscall the program's last
 * steps make (program_late) is one both policies allow. */
static void program_filter(const struct sbx__bpf *bpf, int ctl, int rep)
{
        if (!bpf)
                return;
        struct sock_fprog prog = {.len = bpf->len, .filter = (struct sock_filter *)bpf->insns};
        if (bpf->notify) {
                int lfd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                                       SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
                if (lfd < 0)
                        child_fail(rep, SBX__REP_SETUP_ERR, errno, "cannot load the seccomp filter");
                /* Hand the listener to the supervisor and drop our copy: the
                 * program must not answer its own notifications. */
                if (sbx__send_fds(ctl, 'l', &lfd, 1) < 0)
                        child_fail(rep, SBX__REP_SETUP_ERR, errno, "cannot pass the seccomp listener");
                close(lfd);
        } else if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0) {
                child_fail(rep, SBX__REP_SETUP_ERR, errno, "cannot load the seccomp filter");
        }
}

/* The program's last steps, what its request decides: stdio, the workdir,
 * rlimits, the CPU, exec.  in, out and err are above 2. */
__attribute__((noreturn))
static void program_late(const struct sbx__child *c, int rep, int in, int out, int err)
{
        const struct sbx_jail *j = c->j;
        if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
                child_fail(rep, SBX__REP_SETUP_ERR, errno, "cannot redirect stdio");
        /* Every other descriptor closes at exec; the report pipe stays
         * usable until then. */
        if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
                for (int fd = 3; fd < 1024; fd++)
                        if (fd != rep)
                                close(fd);
        if (chdir(c->workdir ? c->workdir : "/tmp") < 0)
                child_fail(rep, SBX__REP_SETUP_ERR, errno, "cannot enter the workdir");
        if (j->cpu_s > 0) {
                rlim_t s = (rlim_t)j->cpu_s; /* ceil, without libm: cpu_s <= a year */
                s += (double)s < j->cpu_s ? 2 : 1;
                set_limit(rep, RLIMIT_CPU, s, s + 1, "cpu");
        }
        if (j->fsize_mib)
                set_limit(rep, RLIMIT_FSIZE, j->fsize_mib << 20, j->fsize_mib << 20, "file size");
        rlim_t nofile = j->nofile ? j->nofile : 1024;
        set_limit(rep, RLIMIT_NOFILE, nofile, nofile, "open files");
        set_limit(rep, RLIMIT_CORE, 0, 0, "core");
        /* Per-user pools the kernel charges up to the caller's uid: bounded
         * here whatever the caller had (locked memory, queued signals,
         * POSIX message queues, which the policies refuse anyway). */
        set_limit(rep, RLIMIT_MEMLOCK, 8 << 20, 8 << 20, "locked memory");
        set_limit(rep, RLIMIT_SIGPENDING, 1024, 1024, "pending signals");
        set_limit(rep, RLIMIT_MSGQUEUE, 0, 0, "message queue");
        if (j->procs)
                set_limit(rep, RLIMIT_NPROC, j->procs + 1, j->procs + 1, "process");
        if (j->cpu_affinity >= 0) {
                cpu_set_t set;
                CPU_ZERO(&set);
                CPU_SET(j->cpu_affinity, &set);
                if (sched_setaffinity(0, sizeof set, &set) < 0)
                        child_fail(rep, SBX__REP_SETUP_ERR, errno, "cannot pin to cpu %d", j->cpu_affinity);
        }
        const char *prog = c->argv[0];
        char *const *argv = (char *const *)c->argv;
        char *const *envp = c->envp;
        if (strchr(prog, '/')) {
                execve(prog, argv, envp);
                child_fail(rep, SBX__REP_EXEC_ERR, errno, "cannot execute '%s'", prog);
        }
        const char *path = SBX__DEFAULT_PATH + 5;
        for (char *const *e = envp; *e; e++)
                if (strncmp(*e, "PATH=", 5) == 0)
                        path = *e + 5;
        int fail_err = ENOENT;
        for (const char *p = path; *p;) {
                size_t n = strcspn(p, ":");
                char full[PATH_MAX];
                if (n > 0 && n + strlen(prog) + 2 < sizeof full) {
                        snprintf(full, sizeof full, "%.*s/%s", (int)n, p, prog);
                        execve(full, argv, envp);
                        if (errno != ENOENT && errno != ENOTDIR)
                                fail_err = errno;
                }
                p += n;
                if (*p == ':')
                        p++;
        }
        child_fail(rep, SBX__REP_EXEC_ERR, fail_err, "cannot execute '%s'", prog);
}

/* The program, started when its request is known: every step in turn.
 * Seccomp comes before the request's steps, as in a prepared program
 * (zygote_main), so both take the same path to exec. */
__attribute__((noreturn))
static void target_main(const struct sbx__child *c)
{
        /* Descriptors we still need must not sit where stdio goes (a
         * caller that runs with stdin closed hands out fd 0). */
        int rep = above_stdio(c->rep_wr), ctl = above_stdio(c->ctl), in = above_stdio(c->in_fd),
            out = above_stdio(c->out_wr), err = above_stdio(c->err_wr);
        if (rep < 0 || ctl < 0 || in < 0 || out < 0 || err < 0)
                child_fail(rep >= 0 ? rep : c->rep_wr, SBX__REP_SETUP_ERR, errno, "cannot redirect stdio");
        program_early(rep);
        program_filter(c->bpf, ctl, rep);
        program_late(c, rep, in, out, err);
}

/* A pool's program made ahead of its request (pid 1's child, sharing its
 * memory but not its descriptors): its first steps and the seccomp filter
 * of the policy the pool expects, then "z" (ready) out on sock; "w" (go,
 * with stdin, stdout and stderr) comes in once pid 1 has decoded the
 * request into c and built the view. */
struct zygote {
        const struct sbx__child *c; /* set by pid 1 before "w" */
        const struct sbx__bpf *bpf;
        int ctl, rep;
        int sock, peer; /* the zygote's end of the socket pair, pid 1's */
        pid_t pid;
};

static int zygote_main(void *arg)
{
        struct zygote *z = arg;
        close(z->peer);
        program_early(z->rep);
        program_filter(z->bpf, z->ctl, z->rep);
        if (sbx__send_fds(z->sock, 'z', NULL, 0) < 0)
                _exit(127);
        char tag;
        int io[3] = {-1, -1, -1};
        if (sbx__recv_fds(z->sock, &tag, io, 3) != 3 || tag != 'w')
                _exit(127);
        int in = above_stdio(io[0]), out = above_stdio(io[1]), err = above_stdio(io[2]);
        if (in < 0 || out < 0 || err < 0)
                child_fail(z->rep, SBX__REP_SETUP_ERR, errno, "cannot redirect stdio");
        program_late(z->c, z->rep, in, out, err);
}

int sbx__close_all_but(const int *keep, size_t n)
{
        int k[8];
        size_t m = 0;
        for (size_t i = 0; i < n && m < 8; i++)
                if (keep[i] >= 0)
                        k[m++] = keep[i];
        for (size_t i = 1; i < m; i++) /* insertion sort: a handful */
                for (size_t j = i; j > 0 && k[j - 1] > k[j]; j--) {
                        int t = k[j];
                        k[j] = k[j - 1];
                        k[j - 1] = t;
                }
        unsigned from = 0;
        for (size_t i = 0; i <= m; i++) {
                unsigned to = i < m ? (unsigned)k[i] : ~0U;
                if (to > from && syscall(SYS_close_range, from, to - 1, 0) < 0)
                        return -1;
                if (i < m)
                        from = (unsigned)k[i] + 1;
        }
        return 0;
}

/* The program's stack until exec.  pid 1 is a process of its own (a copy
 * of the supervisor's memory, never shared with it), so these areas are
 * its alone, and only the program uses them: one for a program made
 * ahead (a pool's), one for a program started for its request, which may
 * follow a killed one made ahead (a stack of its own: nothing of the dead
 * one's frames, nor of their sanitizer shadow, is in its way). */
static char program_stack[64 * 1024] __attribute__((aligned(64)));
static char zygote_stack[64 * 1024] __attribute__((aligned(64)));

static int target_entry(void *arg)
{
        target_main(arg);
}

/* pid 1's first steps, the same for every run: die with the supervisor,
 * hold none of its files but keep, wait for the id maps, become the
 * program's uid. */
static void pid1_begin(int ctl, int rep, const int *keep, size_t nkeep)
{
        /* The supervisor's death kills us; if it died before prctl took
         * effect, the control socket reads EOF below and we leave. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        /* The caller's other descriptors (a grading's lock, its files) are
         * not ours to hold: kept open here they would outlive a killed
         * caller until this process dies too. */
        if (sbx__close_all_but(keep, nkeep) < 0)
                child_fail(rep, SBX__REP_SETUP_ERR, errno, "cannot close the caller's descriptors");
        char go;
        if (sbx__recv_fds(ctl, &go, NULL, 0) != 0 || go != 'g')
                _exit(127);
        /* The maps are written: from now on nothing outside needs our /proc
         * files, and the program must not read our descriptors. */
        prctl(PR_SET_DUMPABLE, 0);
        /* Become the program's uid now, keeping the namespace's
         * capabilities (inner uid 0 is not mapped, so the change clears
         * none): what pid 1 creates in the view must belong to a mapped
         * uid, and for a root caller pid 1's own host uid 0 is not.
         * Raw system calls: libc's wrappers would signal and wait for
         * every thread of the caller's copied thread list, which hangs
         * when one of them was starting or ending at the clone (two runs
         * from two threads, tests/sandbox/test_jail.c). */
        if (syscall(SYS_setresgid, SBX__INNER_ID, SBX__INNER_ID, SBX__INNER_ID) < 0 ||
            syscall(SYS_setresuid, SBX__INNER_ID, SBX__INNER_ID, SBX__INNER_ID) < 0)
                child_fail(rep, SBX__REP_SETUP_ERR, errno, "cannot take the program's uid");
        /* A change of credentials clears the parent-death signal: set it
         * again.  A supervisor that died in between never sends "c" (or,
         * for a pool, "r"): the control socket reads EOF and we leave. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
}

/* The idmapped trees of the dirs and the workdir (a root caller). */
static void pid1_recv_trees(int ctl, int *trees, size_t n)
{
        char tag;
        for (size_t got = 0; got < n;) {
                int k = sbx__recv_fds(ctl, &tag, trees + got, (int)(n - got));
                if (k <= 0 || tag != 'm')
                        _exit(127);
                got += (size_t)k;
        }
}

/* Join the run's cgroups: the supervisor sends the "tasks" files of v1
 * groups, which we write ourselves into while still a single thread (the
 * cheap way in, see sbx__cg_open_join); v2 groups it has joined us to.
 * The program starts inside them. */
static bool polled_memory; /* "C": no memory cgroup counts the run */

static void pid1_join(int ctl, int rep)
{
        char go;
        int join[SBX__CG_JOIN_MAX] = {-1, -1, -1};
        if (sbx__recv_fds(ctl, &go, join, SBX__CG_JOIN_MAX) < 0 || (go != 'c' && go != 'C'))
                _exit(127);
        polled_memory = go == 'C';
        int rc = sbx__cg_join_self(join);
        sbx__cg_close_join(join);
        if (rc < 0)
                child_fail(rep, SBX__REP_SETUP_ERR, -rc, "cannot join the run's cgroups");
}

/* Memory without a cgroup is the processes' resident size, polled by the
 * supervisor.  What no process shows there is bounded in our namespaces
 * (SysV shared memory and message queues by the IPC namespace's limits;
 * /tmp has its size) and handed over to be counted: the IPC namespace's
 * list of shared memory, opened here, and /tmp.  The limits are best
 * effort (a root caller's program with host uid 0 has /proc/sys
 * read-only by then); the counting is not. */
static void pid1_polled_memory(const struct sbx_jail *j, int ctl, int rep)
{
        char v[32];
        uint64_t bytes = j->mem_mib ? j->mem_mib << 20 : 0;
        const char *const lim[][2] = {
                {"/proc/sys/kernel/shmmni", "64"},
                {"/proc/sys/kernel/msgmni", "16"},
                {"/proc/sys/kernel/shmmax", v},
        };
        snprintf(v, sizeof v, "%llu", (unsigned long long)bytes);
        for (size_t i = 0; bytes && i < sizeof lim / sizeof lim[0]; i++)
                (void)sbx__write_text(lim[i][0], 0, lim[i][1]);
        if (bytes) {
                snprintf(v, sizeof v, "%llu", (unsigned long long)(bytes / (uint64_t)sysconf(_SC_PAGESIZE)));
                (void)sbx__write_text("/proc/sys/kernel/shmall", 0, v);
        }
        int fds[2] = {open("/proc/sysvipc/shm", O_RDONLY | O_CLOEXEC),
                      open("/tmp", O_PATH | O_DIRECTORY | O_CLOEXEC)};
        if (fds[0] < 0 || fds[1] < 0 || sbx__send_fds(ctl, 'q', fds, 2) < 0)
                child_fail(rep, SBX__REP_SETUP_ERR, errno, "cannot hand over %s", "the run's memory");
        close(fds[0]);
        close(fds[1]);
}

/* The rest of a run, once the view's base is built: the request's part
 * of the view, lo, the cgroups (unless joined ahead), the program (z's
 * when it was made for this request's policy), its end reported. */
__attribute__((noreturn))
static void pid1_run(const struct sbx__child *c, int *trees, bool joined, struct zygote *z)
{
        int rep = c->rep_wr;
        char msg[200], note[160];
        int disk = -1;
        /* A root caller's program writes nothing to a host tree itself
         * (c->host_root: degraded, with host uid 0). */
        int rc = sbx__view_finish(c->j, c->dirs, c->workdir, trees, trees || c->host_root, &disk, note,
                                  sizeof note, msg, sizeof msg);
        if (rc < 0)
                child_fail(rep, SBX__REP_SETUP_ERR, -rc, "%s", msg);
        /* The run's disk outlives our namespaces in the supervisor's hands:
         * it checks its room and copies the changes back. */
        if (sbx__send_fds(c->ctl, 'u', &disk, 1) < 0)
                child_fail(rep, SBX__REP_SETUP_ERR, errno, "cannot hand over %s", "the run's disk");
        close(disk);
        if (note[0]) {
                struct sbx__report n = {.kind = SBX__REP_NOTE};
                snprintf(n.text, sizeof n.text, "%s", note);
                send_report(rep, &n);
        }
        for (size_t i = 0; trees && i < c->ntrees; i++)
                close(trees[i]);
        if (c->j->net == SBX_NET_LOOPBACK && (rc = sbx__net_lo_up()) < 0)
                child_fail(rep, SBX__REP_SETUP_ERR, -rc, "cannot bring 'lo' up");
        /* Meanwhile the supervisor made the run's cgroups. */
        if (!joined)
                pid1_join(c->ctl, rep);
        if (polled_memory)
                pid1_polled_memory(c->j, c->ctl, rep);
        pid_t target = -1;
        if (z && z->pid > 0) {
                if (z->bpf == c->bpf) {
                        z->c = c;
                        int io[3] = {c->in_fd, c->out_wr, c->err_wr};
                        if (sbx__send_fds(z->peer, 'w', io, 3) == 0)
                                target = z->pid;
                }
                if (target < 0) { /* made for another policy, or gone */
                        kill(z->pid, SIGKILL);
                        while (waitpid(z->pid, NULL, 0) < 0 && errno == EINTR)
                                ;
                }
                close(z->peer);
        }
        /* Else the program shares our memory until it execs (as
         * posix_spawn does): no copy of our page tables, and we wait
         * meanwhile. */
        if (target < 0)
                target = clone(target_entry, program_stack + sizeof program_stack,
                               CLONE_VM | CLONE_VFORK | SIGCHLD, (void *)c);
        if (target < 0)
                child_fail(rep, SBX__REP_SETUP_ERR, errno, "cannot fork the program");
        /* The program has our OOM score and its floor: now we may leave
         * the OOM killer's list. */
        struct sbx__report started = {.kind = SBX__REP_STARTED};
        send_report(rep, &started);
        close(c->in_fd);
        close(c->out_wr);
        close(c->err_wr);
        struct sbx__report r = {.kind = SBX__REP_STATUS};
        for (;;) {
                int st;
                pid_t p = waitpid(-1, &st, 0);
                if (p == target) {
                        r.wstatus = st;
                        break;
                }
                if (p < 0 && errno != EINTR)
                        child_fail(rep, SBX__REP_SETUP_ERR, errno, "lost the program");
        }
        /* Orphans are ours: no child left means no process of the program
         * is left in the namespace. */
        siginfo_t si;
        r.alone = waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) < 0 && errno == ECHILD;
        struct rusage ru;
        getrusage(RUSAGE_CHILDREN, &ru);
        r.cpu_s = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                  (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
        r.maxrss_kib = ru.ru_maxrss;
        send_report(rep, &r);
        _exit(0);
}

/* pid 1 of the new pid namespace.  When it exits the kernel kills every
 * process left in the namespace: daemons cannot outlive the run. */
int sbx__pid1_main(void *arg)
{
        const struct sbx__child *c = arg;
        const int keep[] = {c->ctl, c->rep_wr, c->in_fd, c->out_wr, c->err_wr};
        pid1_begin(c->ctl, c->rep_wr, keep, sizeof keep / sizeof keep[0]);
        int *trees = c->ntrees ? c->trees : NULL;
        if (trees)
                pid1_recv_trees(c->ctl, trees, c->ntrees);
        char msg[200];
        int rc = sbx__view_base(c->host_root, false, msg, sizeof msg);
        if (rc < 0)
                child_fail(c->rep_wr, SBX__REP_SETUP_ERR, -rc, "%s", msg);
        pid1_run(c, trees, false, NULL);
}

/* pid 1 of a pool's prepared sandbox: the same steps, with a pause after
 * the view's base ("p" out) until a request comes ("r" in, with the
 * request and the program's stdin, stdout and stderr).  It was cloned
 * from a single-threaded worker, so it may allocate. */
int sbx__pid1_prepared_main(void *arg)
{
        const struct sbx__prep *p = arg;
        int rep = p->rep_wr;
        const int keep[] = {p->ctl, p->rep_wr};
        pid1_begin(p->ctl, rep, keep, sizeof keep / sizeof keep[0]);
        char tag, msg[200];
        int rc = sbx__view_base(false, true, msg, sizeof msg);
        if (rc < 0)
                child_fail(rep, SBX__REP_SETUP_ERR, -rc, "%s", msg);
        /* The cgroups are joined ahead too, and the program made up to its
         * seccomp filter, for the policy the pool expects. */
        pid1_join(p->ctl, rep);
        static struct zygote z; /* shared with the zygote: ours alone */
        int zs[2];
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, zs) < 0)
                child_fail(rep, SBX__REP_SETUP_ERR, errno, "cannot create %s", "a socket pair");
        /* z is shared with the zygote: nothing it reads changes after. */
        z = (struct zygote){.bpf = p->expect, .ctl = p->ctl, .rep = rep, .sock = zs[1], .peer = zs[0]};
        pid_t zpid = clone(zygote_main, zygote_stack + sizeof zygote_stack, CLONE_VM | SIGCHLD, &z);
        if (zpid < 0)
                child_fail(rep, SBX__REP_SETUP_ERR, errno, "cannot fork the program");
        close(zs[1]);
        if (sbx__recv_fds(zs[0], &tag, NULL, 0) != 0 || tag != 'z')
                child_fail(rep, SBX__REP_SETUP_ERR, ECHILD, "cannot prepare the program");
        z.pid = zpid; /* read by pid 1 alone from here */
        if (sbx__send_fds(p->ctl, 'p', NULL, 0) < 0)
                _exit(127);
        int fds[4] = {-1, -1, -1, -1};
        if (sbx__recv_fds(p->ctl, &tag, fds, 4) != 4 || tag != 'r')
                _exit(127);
        struct stat st;
        if (fstat(fds[0], &st) < 0 || st.st_size <= 0 || st.st_size > SBX__WIRE_MAX)
                _exit(127);
        char *req = malloc((size_t)st.st_size);
        if (!req || pread(fds[0], req, (size_t)st.st_size, 0) != st.st_size)
                _exit(127);
        close(fds[0]);
        struct sbx_jail *j;
        char **argv;
        if ((rc = sbx__wire_decode(req, (size_t)st.st_size, &j, &argv)) < 0)
                child_fail(rep, SBX__REP_SETUP_ERR, -rc, "cannot read the request");
        free(req);
        char **envp = sbx__program_env(j);
        if (!envp)
                child_fail(rep, SBX__REP_SETUP_ERR, ENOMEM, "cannot allocate %s", "the environment");
        size_t ntrees = p->idmapped ? j->ndirs + (j->workdir ? 1 : 0) : 0;
        int *trees = ntrees ? calloc(ntrees, sizeof *trees) : NULL;
        if (ntrees && !trees)
                child_fail(rep, SBX__REP_SETUP_ERR, ENOMEM, "cannot allocate %s", "dirs");
        if (trees)
                pid1_recv_trees(p->ctl, trees, ntrees);
        const struct sbx__bpf *bpf = NULL;
        if (j->policy != SBX_POLICY_OFF && (!(bpf = sbx__policy_bpf(j->policy, j->net)) || !bpf->valid))
                child_fail(rep, SBX__REP_SETUP_ERR, ENOENT, "no built-in '%s' seccomp policy",
                           sbx_policy_name(j->policy));
        struct sbx__child c = {.j = j, .dirs = j->dirs, .argv = (const char *const *)argv, .envp = envp,
                               .workdir = j->workdir, .ntrees = ntrees, .trees = trees, .ctl = p->ctl,
                               .rep_wr = rep, .in_fd = fds[1], .out_wr = fds[2], .err_wr = fds[3],
                               .bpf = bpf};
        pid1_run(&c, trees, true, &z);
}
