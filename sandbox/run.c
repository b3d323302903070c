/* run.c — one run: the supervisor (the caller's process) clones pid 1
 * into new user, pid, mount, net, ipc and uts namespaces, writes its id
 * maps, makes the run's cgroups while pid 1 builds the view (pid 1 joins
 * them itself before it forks the program), and then relays output and
 * enforces wall, CPU and memory limits until pid 1 reports the program's
 * end.  The program sets rlimits, no_new_privs and the seccomp filter
 * last, then execs.  Errors before exec come back over a close-on-exec
 * pipe as internal errors, never as the program's verdict. */
#include "internal.h"
#include "sbx_file.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double sbx__now_s(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct relay {
        int fd;       /* read end, -1 when closed */
        int dest;     /* where the bytes go */
};

void sbx__run_kill(struct sbx__run *r, enum sbx_status why)
{
        r->seen |= SBX__SEEN(why);
        if (!r->killed && r->pid1 > 0)
                kill(r->pid1, SIGKILL);
        r->killed = true;
}

static void relay_read(struct sbx__run *r, struct relay *rl)
{
        char buf[65536];
        ssize_t n = read(rl->fd, buf, sizeof buf);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
                return;
        if (n <= 0) {
                close(rl->fd);
                rl->fd = -1;
                return;
        }
        uint64_t room = r->out_cap ? (r->out_cap > r->out_bytes ? r->out_cap - r->out_bytes : 0)
                                   : (uint64_t)n;
        size_t keep = (uint64_t)n < room ? (size_t)n : (size_t)room;
        for (size_t off = 0; off < keep;) {
                ssize_t w = write(rl->dest, buf + off, keep - off);
                if (w < 0 && errno == EINTR)
                        continue;
                if (w <= 0)
                        break; /* a closed destination does not stop the run */
                off += (size_t)w;
        }
        r->out_bytes += (uint64_t)n;
        if (r->out_cap && r->out_bytes > r->out_cap)
                sbx__run_kill(r, SBX_STATUS_OUTPUT_LIMIT);
}

static void read_reports(struct sbx__run *r, int *fd)
{
        struct sbx__report rep;
        ssize_t n = read(*fd, &rep, sizeof rep);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
                return;
        if (n != (ssize_t)sizeof rep) {
                close(*fd);
                *fd = -1;
                return;
        }
        if (rep.kind == SBX__REP_STARTED) {
                sbx__oom_protect(r->pid1);
        } else if (rep.kind == SBX__REP_STATUS) {
                r->status = rep;
                r->have_status = true;
        } else if (rep.kind == SBX__REP_NOTE) {
                snprintf(r->disk_note, sizeof r->disk_note, "%s", rep.text);
        } else if (!(r->seen & SBX__SEEN(SBX_STATUS_INTERNAL_ERROR))) {
                r->seen |= SBX__SEEN(SBX_STATUS_INTERNAL_ERROR);
                /* The view's steps say their error already (sbx_errf's "%m"). */
                const char *e = rep.err ? strerror(rep.err) : "";
                size_t tl = strlen(rep.text), el = strlen(e);
                if (!el || (tl >= el && strcmp(rep.text + tl - el, e) == 0))
                        snprintf(r->res->message, sizeof r->res->message, "%s", rep.text);
                else
                        snprintf(r->res->message, sizeof r->res->message, "%s: %s", rep.text, e);
        }
}

/* After the start, the control socket brings pid 1's "q" (memory it
 * cannot see otherwise, when polling) and the program's seccomp listener
 * ("l"); its end closes it. */
static void notif_receive(struct sbx__run *r)
{
        char tag;
        int fd[2] = {-1, -1};
        int n = sbx__recv_fds(r->notif_sock, &tag, fd, 2);
        if (n == 2 && tag == 'q' && !r->have_quota) {
                r->shm_fd = fd[0];
                r->tmp_fd = fd[1];
                r->have_quota = true;
                return;
        }
        if (n == 1 && tag == 'u' && !r->have_disk) { /* the run's disk (disk.c) */
                r->disk_fd = fd[0];
                r->have_disk = true;
                return;
        }
        if (n == 1 && tag == 'l') { /* a listener made ahead (pool.c) was not the program's */
                if (r->notif_fd >= 0)
                        close(r->notif_fd);
                r->notif_fd = fd[0];
                return;
        }
        for (int i = 0; i < n; i++)
                close(fd[i]);
        close(r->notif_sock); /* the end, or a message out of place */
        r->notif_sock = -1;
}

/* A forbidden syscall: the thread waits in the kernel; we name the call
 * and end the run without ever letting it proceed. */
static void notif_handle(struct sbx__run *r, short revents)
{
        if (revents & POLLIN) {
                struct seccomp_notif req;
                memset(&req, 0, sizeof req);
                if (ioctl(r->notif_fd, SECCOMP_IOCTL_NOTIF_RECV, &req) == 0) {
                        if (!r->res->syscall[0]) {
                                /* The filter kills every other ABI outright. */
                                const char *name = sbx__syscall_name(req.data.nr);
                                snprintf(r->res->syscall, sizeof r->res->syscall, "%s",
                                         name ? name : "unknown");
                        }
                        sbx__run_kill(r, SBX_STATUS_VIOLATION);
                        return;
                }
        }
        if (revents & (POLLHUP | POLLERR | POLLNVAL)) {
                close(r->notif_fd);
                r->notif_fd = -1;
        }
}

/* Check the limits the kernel does not enforce by itself. */
static void run_tick(struct sbx__run *r, double t0)
{
        const struct sbx_jail *j = r->j;
        double wall = sbx__now_s() - t0;
        if (j->wall_s > 0 && wall > j->wall_s)
                sbx__run_kill(r, SBX_STATUS_WALL_LIMIT);
        double cpu = sbx__cg_cpu(&r->cg);
        bool poll_mem = !r->cg.has_mem && j->mem_mib;
        if (cpu < 0 || poll_mem) {
                uint64_t rss;
                double tcpu;
                sbx__tree_scan(r->ns, r->pid1, poll_mem, &rss, &tcpu);
                if (poll_mem)
                        rss += sbx__quota_kib(r);
                if (cpu < 0) {
                        cpu = tcpu;
                        if (tcpu > r->poll_cpu)
                                r->poll_cpu = tcpu;
                }
                if (rss > r->poll_peak_kib)
                        r->poll_peak_kib = rss;
                if (poll_mem && rss > j->mem_mib * 1024)
                        sbx__run_kill(r, SBX_STATUS_MEMORY_LIMIT);
        }
        if (j->cpu_s > 0 && cpu > j->cpu_s)
                sbx__run_kill(r, SBX_STATUS_TIME_LIMIT);
        /* Full is seen while it lasts: a program that freed its space
         * before the end still ran out of it. */
        if (r->have_disk && sbx__disk_full(r->disk_fd))
                r->seen |= SBX__SEEN(SBX_STATUS_DISK_LIMIT);
}

static void supervise(struct sbx__run *r, struct relay *out, struct relay *err, int rep_fd, double t0)
{
        bool pid1_done = false;
        double drain_until = 0, last_tick = 0;
        for (;;) {
                struct pollfd pfd[9];
                int n = 0, i_out = -1, i_err = -1, i_rep = -1, i_pid = -1, i_ns = -1, i_nf = -1, i_w = -1;
                int i_src = -1, i_dst = -1;
                /* stdin: the pipe's room, or the source's data once there is
                 * room (POLLERR comes either way when the program closed it). */
                if (r->in_dst >= 0 && r->in_wait_src)
                        pfd[i_src = n++] = (struct pollfd){.fd = r->in_src, .events = POLLIN};
                if (r->in_dst >= 0)
                        pfd[i_dst = n++] = (struct pollfd){.fd = r->in_dst, .events = r->in_wait_src ? 0 : POLLOUT};
                if (r->watch_fd >= 0)
                        pfd[i_w = n++] = (struct pollfd){.fd = r->watch_fd, .events = POLLIN};
                if (r->notif_sock >= 0)
                        pfd[i_ns = n++] = (struct pollfd){.fd = r->notif_sock, .events = POLLIN};
                if (r->notif_fd >= 0)
                        pfd[i_nf = n++] = (struct pollfd){.fd = r->notif_fd, .events = POLLIN};
                if (out->fd >= 0)
                        pfd[i_out = n++] = (struct pollfd){.fd = out->fd, .events = POLLIN};
                if (err->fd >= 0)
                        pfd[i_err = n++] = (struct pollfd){.fd = err->fd, .events = POLLIN};
                if (rep_fd >= 0)
                        pfd[i_rep = n++] = (struct pollfd){.fd = rep_fd, .events = POLLIN};
                if (!pid1_done)
                        pfd[i_pid = n++] = (struct pollfd){.fd = r->pidfd, .events = POLLIN};
                if (pid1_done && out->fd < 0 && err->fd < 0 && rep_fd < 0)
                        break;
                if (r->early && r->have_status && r->status.alone && out->fd < 0 && err->fd < 0)
                        break; /* nothing of the program is left */
                if (pid1_done && sbx__now_s() > drain_until)
                        break; /* a writer we could not kill: stop waiting */
                int rc = poll(pfd, (nfds_t)n, 10);
                if (rc < 0 && errno != EINTR)
                        break;
                if (i_w >= 0 && pfd[i_w].revents) {
                        /* A pool's caller sends nothing after its request:
                         * anything readable is its end. */
                        r->watch_fd = -1;
                        if (!pid1_done) {
                                sbx__internal(r->res, 0, "the caller went away");
                                sbx__run_kill(r, SBX_STATUS_INTERNAL_ERROR);
                        }
                }
                if (i_ns >= 0 && pfd[i_ns].revents)
                        notif_receive(r);
                if (i_nf >= 0 && pfd[i_nf].revents)
                        notif_handle(r, pfd[i_nf].revents);
                if (i_out >= 0 && pfd[i_out].revents)
                        relay_read(r, out);
                if (i_err >= 0 && pfd[i_err].revents)
                        relay_read(r, err);
                if (i_rep >= 0 && pfd[i_rep].revents)
                        read_reports(r, &rep_fd);
                if ((i_src >= 0 && pfd[i_src].revents) || (i_dst >= 0 && pfd[i_dst].revents))
                        sbx__pump(r);
                if (i_pid >= 0 && pfd[i_pid].revents) {
                        pid1_done = true;
                        drain_until = sbx__now_s() + 2.0;
                }
                double now = sbx__now_s();
                if (!pid1_done && now - last_tick >= 0.005) {
                        last_tick = now;
                        run_tick(r, t0);
                }
        }
        if (rep_fd >= 0)
                close(rep_fd);
}

/* A redirection: never through a symbolic link the program may have
 * planted below its folders (bases), never waiting on a FIFO it left.  A
 * descriptor, or -errno. */
static int open_out(const char *path, int dflt, const char *const *bases, size_t nbases)
{
        if (!path) {
                int fd = fcntl(dflt, F_DUPFD_CLOEXEC, 3);
                return fd < 0 ? -errno : fd;
        }
        return sbx_file_open(path, bases, nbases, SBX_FILE_WRITE, 0644);
}

static int open_in(const struct sbx_jail *j, const char *const *bases, size_t nbases)
{
        int fd;
        if (j->stdin_fd >= 0)
                fd = fcntl(j->stdin_fd, F_DUPFD_CLOEXEC, 3);
        else if (!j->stdin_path)
                fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
        else
                return sbx_file_open(j->stdin_path, bases, nbases, 0, 0);
        return fd < 0 ? -errno : fd;
}

void sbx__internal(struct sbx_result *res, int err, const char *fmt, ...)
{
        res->status = SBX_STATUS_INTERNAL_ERROR;
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(res->message, sizeof res->message, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < sizeof res->message && err)
                snprintf(res->message + n, sizeof res->message - (size_t)n, ": %s", strerror(err));
}

static void closep(int *fd)
{
        if (*fd >= 0)
                close(*fd);
        *fd = -1;
}

void sbx__oom_mark(pid_t pid1)
{
        if (geteuid() == 0)
                (void)sbx__write_proc(pid1, "oom_score_adj", "1000");
}

void sbx__oom_protect(pid_t pid1)
{
        if (geteuid() == 0)
                (void)sbx__write_proc(pid1, "oom_score_adj", "-1000");
}

static void final_status(struct sbx__run *r, double cpu)
{
        const struct sbx_jail *j = r->j;
        struct sbx_result *res = r->res;
        bool oom = sbx__cg_oom_killed(&r->cg);
        if (oom)
                r->seen |= SBX__SEEN(SBX_STATUS_MEMORY_LIMIT);
        if (r->have_status) {
                int st = r->status.wstatus;
                if (WIFEXITED(st)) {
                        res->exit_code = WEXITSTATUS(st);
                        if (res->exit_code != 0)
                                r->seen |= SBX__SEEN(SBX_STATUS_NONZERO_EXIT);
                } else if (WIFSIGNALED(st)) {
                        res->signal = WTERMSIG(st);
                        r->seen |= SBX__SEEN(SBX_STATUS_SIGNALED);
                        if (res->signal == SIGSYS)
                                r->seen |= SBX__SEEN(SBX_STATUS_VIOLATION);
                        else if (res->signal == SIGXCPU)
                                r->seen |= SBX__SEEN(SBX_STATUS_TIME_LIMIT);
                        else if (res->signal == SIGXFSZ)
                                r->seen |= SBX__SEEN(SBX_STATUS_FILE_LIMIT);
                }
        } else if (oom && !(r->seen & SBX__SEEN(SBX_STATUS_INTERNAL_ERROR))) {
                /* pid 1 itself was the OOM killer's choice (before it could
                 * be protected): the program's memory ended the run. */
                res->signal = SIGKILL;
        } else if (!r->killed && !(r->seen & SBX__SEEN(SBX_STATUS_INTERNAL_ERROR))) {
                r->seen |= SBX__SEEN(SBX_STATUS_INTERNAL_ERROR);
                snprintf(res->message, sizeof res->message, "sandbox init ended without a report");
        } else if (r->killed) {
                res->signal = SIGKILL;
        }
        if (j->cpu_s > 0 && cpu > j->cpu_s)
                r->seen |= SBX__SEEN(SBX_STATUS_TIME_LIMIT);
        if (j->wall_s > 0 && res->wall_s > j->wall_s)
                r->seen |= SBX__SEEN(SBX_STATUS_WALL_LIMIT);
        res->status = sbx__status_pick(r->seen);
}

int sbx__cg_give(const struct sbx__cgroup *cg, pid_t pid1, int ctl, const char **what)
{
        int join[SBX__CG_JOIN_MAX];
        int joins = sbx__cg_open_join(cg, join), rc = 0;
        if (joins < 0) {
                *what = "cannot open the run's cgroups";
                return joins;
        }
        /* "C": no memory cgroup, so pid 1 hands over what polling must
         * count too ("q"). */
        if (cg->version && joins == 0 && (rc = sbx__cg_attach(cg, pid1)) < 0) {
                *what = "cannot join the run's cgroups";
        } else if (sbx__send_fds(ctl, cg->has_mem ? 'c' : 'C', join, joins) < 0) {
                rc = -errno;
                *what = "cannot start the sandbox";
        }
        sbx__cg_close_join(join);
        return rc;
}

struct sbx__cg_limits sbx__cg_limits_of(const struct sbx_jail *j)
{
        /* pid 1 counts against pids.max too. */
        return (struct sbx__cg_limits){.mem_bytes = j->mem_mib << 20, .pids = j->procs ? j->procs + 1 : 0};
}

void sbx__run_send_trees(struct sbx__run *r, int ctl, const int *trees, size_t n)
{
        for (size_t i = 0; i < n && !r->killed; i += SBX__FDS_MAX) {
                int k = n - i < SBX__FDS_MAX ? (int)(n - i) : SBX__FDS_MAX;
                if (sbx__send_fds(ctl, 'm', trees + i, k) < 0) {
                        sbx__internal(r->res, errno, "cannot pass %s", "the dirs");
                        sbx__run_kill(r, SBX_STATUS_INTERNAL_ERROR);
                }
        }
}

void sbx__run_cgroups(struct sbx__run *r, int ctl)
{
        const char *what;
        int rc;
        if (!r->killed && (rc = sbx__cg_give(&r->cg, r->pid1, ctl, &what)) < 0) {
                sbx__internal(r->res, -rc, "%s", what);
                sbx__run_kill(r, SBX_STATUS_INTERNAL_ERROR);
        }
}

void sbx__run_teardown(struct sbx__run *r)
{
        if (r->pid1 > 0) {
                kill(r->pid1, SIGKILL); /* no-op when it has exited; never outlives us */
                while (waitpid(r->pid1, NULL, 0) < 0 && errno == EINTR)
                        ;
                r->pid1 = 0;
        }
        if (r->have_disk) { /* its last close detaches its mount */
                closep(&r->disk_fd);
                r->have_disk = false;
        }
        sbx__cg_destroy(&r->cg);
}

void sbx__run_conclude(struct sbx__run *r, int ctl, int out_rd, int out_dst, int err_rd,
                       int err_dst, int rep_rd, double t0, const char *note)
{
        const struct sbx_jail *j = r->j;
        struct sbx_result *res = r->res;
        /* pid 1's "q" and "u" and the program's seccomp listener come on
         * ctl; its end closes it. */
        r->notif_sock = ctl;
        struct relay out = {out_rd, out_dst}, err = {err_rd, err_dst};
        if (r->pidfd >= 0) {
                supervise(r, &out, &err, rep_rd, t0);
                rep_rd = -1;
        }
        /* Whatever is left of the run dies now (pid 1, hence everything in
         * its namespace); the reaping is sbx__run_teardown's. */
        if (!r->early || !r->have_status || !r->status.alone)
                kill(r->pid1, SIGKILL);
        res->wall_s = sbx__now_s() - t0;
        closep(&out.fd);
        closep(&err.fd);
        closep(&rep_rd);
        closep(&out_dst);
        closep(&err_dst);
        closep(&r->pidfd);
        /* pid 1 sent the run's disk before anything the loop saw end: it
         * may still wait on ctl. */
        struct pollfd ctl_left = {.fd = r->notif_sock, .events = POLLIN};
        while (r->notif_sock >= 0 && !r->have_disk && poll(&ctl_left, 1, 0) == 1)
                notif_receive(r);
        closep(&r->notif_sock);
        closep(&r->notif_fd);
        if (r->have_quota) {
                closep(&r->shm_fd);
                closep(&r->tmp_fd);
                r->have_quota = false;
        }
        sbx__pump_stop(r);

        double cpu = sbx__cg_cpu(&r->cg);
        if (cpu < 0)
                cpu = r->have_status && r->status.cpu_s > r->poll_cpu ? r->status.cpu_s : r->poll_cpu;
        res->cpu_s = cpu;
        uint64_t peak = sbx__cg_peak_kib(&r->cg);
        if (peak == 0) {
                peak = r->poll_peak_kib;
                if (r->have_status && (uint64_t)r->status.maxrss_kib > peak)
                        peak = (uint64_t)r->status.maxrss_kib;
        }
        res->peak_mem_kib = peak;
        res->output_bytes = r->out_bytes;
        final_status(r, cpu);

        res->isolation = SBX_ISO_USERNS | SBX_ISO_PIDNS | SBX_ISO_NETNS | SBX_ISO_MOUNTNS |
                         SBX_ISO_IPCNS | SBX_ISO_UTSNS | SBX_ISO_PIVOT_ROOT;
        if (j->policy != SBX_POLICY_OFF)
                res->isolation |= SBX_ISO_SECCOMP;
        if (r->cg.version == 2)
                res->isolation |= SBX_ISO_CGROUP_V2;
        else if (r->cg.version == 1)
                res->isolation |= SBX_ISO_CGROUP_V1;
        if (!r->cg.has_mem && j->mem_mib) {
                res->isolation |= SBX_ISO_MEM_POLL;
                /* Polling counts resident memory, SysV shared memory and
                 * /tmp; kernel buffers stay at their default sizes (the
                 * policies refuse larger ones) but are not counted. */
                snprintf(res->uncounted, sizeof res->uncounted,
                         "socket and pipe buffers: at most 64 KiB for each of %u descriptors",
                         j->nofile ? j->nofile : 1024);
        }
        if (!r->cg.has_pids && j->procs)
                res->isolation |= SBX_ISO_NPROC;
        if (res->status != SBX_STATUS_INTERNAL_ERROR && !res->message[0] && note)
                snprintf(res->message, sizeof res->message, "degraded: %s", note);
        else if (res->status != SBX_STATUS_INTERNAL_ERROR && !res->message[0]) {
                if (!r->cg.has_mem && j->mem_mib && !r->cg.has_pids && j->procs)
                        snprintf(res->message, sizeof res->message,
                                 "degraded: memory by resident-size polling, processes by RLIMIT_NPROC (%s)",
                                 r->cg.note);
                else if (!r->cg.has_mem && j->mem_mib)
                        snprintf(res->message, sizeof res->message,
                                 "degraded: memory by resident-size polling (%s)", r->cg.note);
                else if (!r->cg.has_pids && j->procs)
                        snprintf(res->message, sizeof res->message,
                                 "degraded: processes by RLIMIT_NPROC (%s)", r->cg.note);
        }
}

/* What one call of sbx_jail_run makes for itself: the jail stays as the
 * caller set it, so one jail can run from several threads at once. */
struct run_setup {
        const struct sbx_jail *j;
        struct sbx_result res;
        double t0;
        const struct sbx__bpf *bpf;
        char *workdir;         /* resolved, or NULL */
        struct sbx__dir *dirs; /* j->dirs resolved, j->ndirs of them */
        const char **bases;    /* where a program may have planted things */
        size_t nbases;
        int in_fd, out_dst, err_dst;
        int rep[2], outp[2], errp[2], ctl[2];
        char **envp;
        int *trees; /* idmapped dirs and workdir, then pid 1's room for them */
        size_t ntrees;
        struct sbx__wtree *wtrees; /* the writable ones, for the copy-back */
        size_t nwtrees;
        unsigned host_uid, host_gid;
        char idmap_note[240];
};

static int resolve(const char *path, char **out, struct sbx_result *res)
{
        *out = realpath(path, NULL);
        if (!*out) {
                sbx__internal(res, errno, "cannot use dir '%s'", path);
                return -1;
        }
        return 0;
}

/* Step 1: the policy's BPF, and the workdir and dirs as resolved host
 * paths (views are built from those: a symbolic link inside a path must
 * not be followed from within the new root).  0 or -1 (s->res says). */
static int run_resolve(struct run_setup *s)
{
        const struct sbx_jail *j = s->j;
        if (j->policy != SBX_POLICY_OFF) {
                s->bpf = sbx__policy_bpf(j->policy, j->net);
                if (!s->bpf || !s->bpf->valid) {
                        sbx__internal(&s->res, 0, "no built-in '%s' seccomp policy",
                                      sbx_policy_name(j->policy));
                        return -1;
                }
        }
        if (j->workdir && resolve(j->workdir, &s->workdir, &s->res) < 0)
                return -1;
        s->dirs = calloc(j->ndirs ? j->ndirs : 1, sizeof *s->dirs);
        s->bases = calloc(j->ndirs + 1, sizeof *s->bases);
        if (!s->dirs || !s->bases) {
                sbx__internal(&s->res, ENOMEM, "cannot allocate %s", "dirs");
                return -1;
        }
        for (size_t i = 0; i < j->ndirs; i++) {
                s->dirs[i].rw = j->dirs[i].rw;
                if (resolve(j->dirs[i].path, &s->dirs[i].path, &s->res) < 0)
                        return -1;
        }
        if (s->workdir)
                s->bases[s->nbases++] = s->workdir;
        for (size_t i = 0; i < j->ndirs; i++)
                s->bases[s->nbases++] = s->dirs[i].path;
        return 0;
}

/* Step 2: the redirections, opened as the caller: no symbolic link below
 * the run's folders (an earlier run's program may have planted one, to
 * have a host file read or written with the caller's rights), none as
 * the last component, no wait on a FIFO.  0 or -1. */
static int run_open_stdio(struct run_setup *s)
{
        const struct sbx_jail *j = s->j;
        int rc;
        if ((rc = s->in_fd = open_in(j, s->bases, s->nbases)) < 0) {
                sbx__internal(&s->res, 0, "cannot open stdin '%s': %s", j->stdin_path ? j->stdin_path : "-",
                              sbx_file_strerror(rc));
                return -1;
        }
        if ((rc = s->out_dst = open_out(j->stdout_path, 1, s->bases, s->nbases)) < 0) {
                sbx__internal(&s->res, 0, "cannot open stdout '%s': %s",
                              j->stdout_path ? j->stdout_path : "-", sbx_file_strerror(rc));
                return -1;
        }
        if ((rc = s->err_dst = open_out(j->stderr_path, 2, s->bases, s->nbases)) < 0) {
                sbx__internal(&s->res, 0, "cannot open stderr '%s': %s",
                              j->stderr_path ? j->stderr_path : "-", sbx_file_strerror(rc));
                return -1;
        }
        return 0;
}

/* Step 3a: what pid 1 is handed: stdin pump, report and output pipes, the
 * control socket pair, the environment, the host trees the copy-back
 * writes into (opened now), and for a root caller the idmapped trees: its
 * program gets a host uid of its own (idmap.c), or keeps the caller's
 * where the kernel or a file system cannot, and the record says so. */
static int run_prepare(struct run_setup *s, struct sbx__run *r)
{
        const struct sbx_jail *j = s->j;
        int rc;
        if ((rc = sbx__run_stdin(r, &s->in_fd)) < 0) {
                sbx__internal(&s->res, -rc, "cannot create %s", "the stdin pipe");
                return -1;
        }
        if (pipe2(s->rep, O_CLOEXEC) < 0 || pipe2(s->outp, O_CLOEXEC) < 0 || pipe2(s->errp, O_CLOEXEC) < 0) {
                sbx__internal(&s->res, errno, "cannot create %s", "pipes");
                return -1;
        }
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, s->ctl) < 0) {
                sbx__internal(&s->res, errno, "cannot create %s", "a socket pair");
                return -1;
        }
        if (!(s->envp = sbx__program_env(j))) {
                sbx__internal(&s->res, ENOMEM, "cannot allocate %s", "the environment");
                return -1;
        }
        char why[200];
        if (sbx__wtrees_open(s->dirs, j->ndirs, s->workdir, &s->wtrees, &s->nwtrees, why, sizeof why) < 0) {
                sbx__internal(&s->res, 0, "%s", why);
                return -1;
        }
        s->host_uid = (unsigned)geteuid();
        s->host_gid = (unsigned)getegid();
        if (s->host_uid != 0)
                return 0;
        unsigned id = sbx__host_id();
        size_t n = j->ndirs + (s->workdir ? 1 : 0);
        s->trees = n ? calloc(2 * n, sizeof *s->trees) : NULL;
        if (n && !s->trees) {
                sbx__internal(&s->res, ENOMEM, "cannot allocate %s", "dirs");
                return -1;
        }
        if (n && sbx__idmap_trees(s->dirs, j->ndirs, s->workdir, id, s->trees, why, sizeof why) < 0) {
                snprintf(s->idmap_note, sizeof s->idmap_note, "the program has host uid 0: %s", why);
                free(s->trees);
                s->trees = NULL;
        } else {
                s->ntrees = n;
                s->host_uid = s->host_gid = id;
        }
        return 0;
}

/* Step 3b: pid 1 cloned into new namespaces, its id maps written, "g",
 * the idmapped trees sent, the cgroups made while it builds the view. */
static int run_spawn(struct run_setup *s, struct sbx__run *r, const char *const argv[])
{
        const struct sbx_jail *j = s->j;
        struct sbx__child c = {.j = j, .dirs = s->dirs, .argv = argv, .envp = s->envp, .workdir = s->workdir,
                               .host_root = s->host_uid == 0, .ntrees = s->ntrees,
                               .trees = s->trees ? s->trees + s->ntrees : NULL, .ctl = s->ctl[1],
                               .rep_wr = s->rep[1], .in_fd = s->in_fd, .out_wr = s->outp[1],
                               .err_wr = s->errp[1], .bpf = s->bpf};
        static const size_t stack_size = 256 * 1024;
        char *stack = malloc(stack_size);
        if (!stack) {
                sbx__internal(&s->res, ENOMEM, "cannot allocate %s", "a stack");
                return -1;
        }
        int flags = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC |
                    CLONE_NEWUTS | SIGCHLD;
        r->pid1 = clone(sbx__pid1_main, stack + stack_size, flags, &c);
        int clone_err = errno;
        free(stack);
        if (r->pid1 < 0) {
                sbx__internal(&s->res, clone_err, "cannot create %s", "the namespaces");
                return -1;
        }
        closep(&s->ctl[1]);
        closep(&s->rep[1]);
        closep(&s->outp[1]);
        closep(&s->errp[1]);
        closep(&s->in_fd);

        /* The program is SBX__INNER_ID inside: not root, so exec drops every
         * capability the namespace gave pid 1. */
        int rc = sbx__map_ids(r->pid1, SBX__INNER_ID, s->host_uid, SBX__INNER_ID, s->host_gid);
        s->res.host_uid = s->host_uid;
        sbx__oom_mark(r->pid1);
        if (rc < 0) {
                sbx__internal(&s->res, -rc, "cannot write the %s id maps", "user namespace");
                sbx__run_kill(r, SBX_STATUS_INTERNAL_ERROR);
        }
        char p[64];
        struct stat st;
        snprintf(p, sizeof p, "/proc/%d/ns/pid", (int)r->pid1);
        r->ns = stat(p, &st) == 0 ? st.st_ino : 0;
        r->pidfd = (int)syscall(SYS_pidfd_open, r->pid1, 0);
        if (r->pidfd < 0 && !r->killed) {
                sbx__internal(&s->res, errno, "cannot open %s", "a pidfd");
                sbx__run_kill(r, SBX_STATUS_INTERNAL_ERROR);
        }
        if (!r->killed && sbx__send_fds(s->ctl[0], 'g', NULL, 0) < 0) {
                sbx__internal(&s->res, errno, "cannot start %s", "the sandbox");
                sbx__run_kill(r, SBX_STATUS_INTERNAL_ERROR);
        }
        sbx__run_send_trees(r, s->ctl[0], s->trees, s->ntrees);
        if (s->trees)
                sbx__idmap_close(s->trees, s->ntrees);
        free(s->trees);
        s->trees = NULL;
        struct sbx__cg_limits lim = sbx__cg_limits_of(j);
        sbx__cg_create(&r->cg, "/proc/self/mounts", "/proc/self/cgroup", &lim);
        sbx__run_cgroups(r, s->ctl[0]);
        if (!r->killed)
                sbx__cg_sweep(&r->cg);
        return 0;
}

/* Step 4: supervise to the end, the final status, the copy-back (what it
 * creates is never root's: for a root caller it is the program's host
 * uid, the one it would have had when degraded), the teardown. */
static void run_conclude(struct run_setup *s, struct sbx__run *r)
{
        sbx__run_conclude(r, s->ctl[0], s->outp[0], s->out_dst, s->errp[0], s->err_dst, s->rep[0], s->t0,
                          s->idmap_note[0] ? s->idmap_note : NULL);
        sbx__run_commit(r, s->wtrees, s->nwtrees,
                        geteuid() != 0 ? (unsigned)-1 : s->host_uid ? s->host_uid : sbx__host_id());
        sbx__run_teardown(r);
        /* sbx__run_conclude and the teardown closed these. */
        s->ctl[0] = s->outp[0] = s->errp[0] = s->rep[0] = s->out_dst = s->err_dst = -1;
}

static void run_release(struct run_setup *s, struct sbx__run *r)
{
        closep(&s->in_fd);
        closep(&s->out_dst);
        closep(&s->err_dst);
        sbx__pump_stop(r);
        free(s->bases);
        for (int i = 0; i < 2; i++) {
                closep(&s->rep[i]);
                closep(&s->outp[i]);
                closep(&s->errp[i]);
                closep(&s->ctl[i]);
        }
        for (size_t i = 0; s->dirs && i < s->j->ndirs; i++)
                free(s->dirs[i].path);
        free(s->dirs);
        free(s->workdir);
        free(s->envp);
        if (s->trees)
                sbx__idmap_close(s->trees, s->ntrees);
        free(s->trees);
        sbx__wtrees_close(s->wtrees, s->nwtrees);
}

int sbx_jail_run(const struct sbx_jail *j, const char *const argv[], struct sbx_result *ret)
{
        if (!j || !argv || !argv[0] || !argv[0][0] || !ret)
                return -EINVAL;
        struct run_setup s = {.j = j, .res = {.exit_code = -1}, .t0 = sbx__now_s(), .in_fd = -1,
                              .out_dst = -1, .err_dst = -1, .rep = {-1, -1}, .outp = {-1, -1},
                              .errp = {-1, -1}, .ctl = {-1, -1}};
        struct sbx__run r = {.j = j, .res = &s.res, .pidfd = -1, .out_cap = j->output_mib << 20,
                             .notif_sock = -1, .notif_fd = -1, .watch_fd = -1, .in_src = -1, .in_dst = -1};
        /* Writing to a closed reader must not kill the caller: SIGPIPE is
         * blocked for the run and a pending one dropped afterwards. */
        sigset_t pipe_set, old_mask;
        sigemptyset(&pipe_set);
        sigaddset(&pipe_set, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe_set, &old_mask);

        if (run_resolve(&s) < 0 || run_open_stdio(&s) < 0) {
                s.res.status = SBX_STATUS_INTERNAL_ERROR;
        } else if (j->pool && sbx__pool_run(j->pool, j, s.dirs, s.workdir, argv, s.in_fd, s.out_dst,
                                            s.err_dst, &s.res) > 0) {
                /* A pool's prepared sandbox served us (its worker pumps stdin). */
        } else if (run_prepare(&s, &r) < 0 || run_spawn(&s, &r, argv) < 0) {
                s.res.status = SBX_STATUS_INTERNAL_ERROR;
        } else {
                run_conclude(&s, &r);
        }
        run_release(&s, &r);
        if (!sigismember(&old_mask, SIGPIPE)) {
                struct timespec zero = {0, 0};
                while (sigtimedwait(&pipe_set, NULL, &zero) > 0)
                        ;
        }
        pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
        *ret = s.res;
        return 0;
}
