/* pool.c — prepared sandboxes.  Most of a run's start is the same for
 * every run: new namespaces, id maps, the view's base, cgroups.  A pool
 * does that ahead, so a run only pays for what it asks for.
 *
 * The pool is one master and N workers.  Each worker holds one prepared
 * sandbox: pid 1 waiting in sbx__pid1_prepared_main after the view's base,
 * in its cgroups, beside the program made up to the expected seccomp
 * filter.  Idle workers wait on the listening socket, and one takes each
 * caller; the worker serves only a caller that could have made the same
 * sandbox itself: the pool's own uid, user and mount namespaces and root,
 * no seccomp filter and no no_new_privs (a confined process must not shed
 * its confinement through the pool).  The master starts and restarts
 * workers, and takes a caller only while every worker is busy, to say so.
 * A caller that is not served is told so before anything starts, and
 * runs the program itself.  A worker supervises its run with the code of
 * a direct run (sbx__run_conclude), answers as soon as nothing of the
 * program is left, then tears the sandbox down and prepares the next: no
 * sandbox serves twice.
 *
 * Caller -> worker, one stream connection: a header (magic, versions,
 * request length) with stdin, stdout and stderr as descriptors, then the
 * request (wire.c).  Worker -> caller: "N" + reason (not served, nothing
 * started), or "A" (started) and later "R" + the result.  The caller's
 * hang-up during a run kills the run. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define POOL_MAGIC 0x51544e47u /* "GNTQ" */
#define POOL_WORKERS_MAX 64

struct hello {
        uint32_t magic, wire_version, result_size;
        uint32_t len; /* of the request that follows */
};

static int write_all(int fd, const void *data, size_t n)
{
        const char *p = data;
        while (n > 0) {
                ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
                if (w < 0 && errno == EINTR)
                        continue;
                if (w <= 0)
                        return -1;
                p += w;
                n -= (size_t)w;
        }
        return 0;
}

static int read_all(int fd, void *data, size_t n)
{
        char *p = data;
        while (n > 0) {
                ssize_t r = read(fd, p, n);
                if (r < 0 && errno == EINTR)
                        continue;
                if (r <= 0)
                        return -1;
                p += r;
                n -= (size_t)r;
        }
        return 0;
}

/* ---- the caller's side ---- */

int sbx_pool_path(char *buf, size_t len)
{
        const char *env = getenv("GAUNTLET_POOL");
        int n;
        if (env) {
                if (!env[0] || strcmp(env, "off") == 0)
                        return -ENOENT;
                n = snprintf(buf, len, "%s", env);
        } else {
                const char *xdg = getenv("XDG_RUNTIME_DIR");
                if (xdg && xdg[0] == '/')
                        n = snprintf(buf, len, "%s/gauntlet/pool.sock", xdg);
                else if (geteuid() == 0)
                        n = snprintf(buf, len, "/run/gauntlet/pool.sock");
                else
                        n = snprintf(buf, len, "/tmp/gauntlet-%u/pool.sock", (unsigned)geteuid());
        }
        return n < 0 || (size_t)n >= len || (size_t)n >= SBX_POOL_PATH_MAX ? -ENAMETOOLONG : 0;
}

static int pool_connect(const char *path)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        if (strlen(path) >= sizeof sa.sun_path)
                return -1;
        memcpy(sa.sun_path, path, strlen(path) + 1);
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -1;
        if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
                close(fd);
                return -1;
        }
        /* Only a pool of our own uid gets our files and our program. */
        struct ucred cr;
        socklen_t cl = sizeof cr;
        if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &cl) < 0 || cr.uid != geteuid()) {
                close(fd);
                return -1;
        }
        return fd;
}

int sbx__pool_run(const char *path, const struct sbx_jail *j, const struct sbx__dir *dirs, const char *workdir,
                  const char *const *argv, int in_fd, int out_fd, int err_fd, struct sbx_result *res)
{
        int fd = pool_connect(path);
        if (fd < 0)
                return 0; /* no pool there: the usual case costs a connect() */
        char *req;
        size_t len;
        if (sbx__wire_encode(j, dirs, workdir, argv, &req, &len) < 0) {
                close(fd);
                return 0;
        }
        struct hello h = {POOL_MAGIC, SBX__WIRE_VERSION, sizeof *res, (uint32_t)len};
        int fds[3] = {in_fd, out_fd, err_fd};
        int w = sbx__send_msg(fd, &h, sizeof h, fds, 3);
        int sent = w == 0 ? write_all(fd, req, len) : -1;
        free(req);
        char tag = 0;
        /* A pool that does not take the run within 10 s (stopped, stuck)
         * is left for a run of our own: it starts nothing once we are gone
         * (its "A" would fail). */
        struct timeval tv = {10, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        /* Not sent, not taken, or gone before it started: nothing ran. */
        if (sent < 0 || read_all(fd, &tag, 1) < 0 || tag != 'A') {
                close(fd);
                return 0;
        }
        struct timeval forever = {0, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &forever, sizeof forever);
        memset(res, 0, sizeof *res);
        if (read_all(fd, &tag, 1) < 0 || tag != 'R' || read_all(fd, res, sizeof *res) < 0) {
                memset(res, 0, sizeof *res);
                res->exit_code = -1;
                sbx__internal(res, 0, "the pool ended during the run");
        }
        close(fd);
        return 1;
}

/* ---- a worker: one prepared sandbox at a time ---- */

struct prepared {
        pid_t pid1;
        int pidfd, ctl, rep_rd;
        int listener; /* the waiting program's seccomp listener, or -1 */
        const struct sbx__bpf *expect; /* its filter (NULL: none) */
        struct sbx__cg_limits lim; /* the limits its groups have */
        ino_t ns;
        unsigned host_uid;
        bool idmapped;
        struct sbx__cgroup cg;
};

static void prepared_drop(struct prepared *p)
{
        if (p->pid1 > 0) {
                kill(p->pid1, SIGKILL);
                while (waitpid(p->pid1, NULL, 0) < 0 && errno == EINTR)
                        ;
        }
        if (p->pidfd >= 0)
                close(p->pidfd);
        if (p->ctl >= 0)
                close(p->ctl);
        if (p->rep_rd >= 0)
                close(p->rep_rd);
        if (p->listener >= 0)
                close(p->listener);
        sbx__cg_destroy(&p->cg);
        p->pid1 = 0;
        p->pidfd = p->ctl = p->rep_rd = p->listener = -1;
}

/* What the next request is expected to ask for: the last one's policy,
 * network mode and cgroup limits. */
struct expect {
        enum sbx_policy policy;
        enum sbx_net net;
        struct sbx__cg_limits lim;
};

/* Clone pid 1 into new namespaces and let it build the view's base while
 * the cgroups are made with the expected limits, join them, and make the
 * program up to the expected seccomp filter.  0, or -1 with why filled. */
static int prepare(struct prepared *p, const struct expect *e, char *why, size_t len)
{
        enum sbx_policy policy = e->policy;
        enum sbx_net net = e->net;
        memset(p, 0, sizeof *p);
        p->pidfd = p->ctl = p->rep_rd = p->listener = -1;
        p->expect = policy == SBX_POLICY_OFF ? NULL : sbx__policy_bpf(policy, net);
        if (policy != SBX_POLICY_OFF && (!p->expect || !p->expect->valid)) {
                snprintf(why, len, "no built-in '%s' seccomp policy", sbx_policy_name(policy));
                return -1;
        }
        int ctl[2], rep[2];
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ctl) < 0) {
                snprintf(why, len, "cannot create a socket pair: %s", strerror(errno));
                return -1;
        }
        if (pipe2(rep, O_CLOEXEC) < 0) {
                snprintf(why, len, "cannot create a pipe: %s", strerror(errno));
                close(ctl[0]);
                close(ctl[1]);
                return -1;
        }
        p->ctl = ctl[0];
        p->rep_rd = rep[0];
        p->idmapped = geteuid() == 0;
        struct sbx__prep arg = {.ctl = ctl[1], .rep_wr = rep[1], .idmapped = p->idmapped, .expect = p->expect};
        static const size_t stack_size = 256 * 1024;
        char *stack = malloc(stack_size);
        int flags = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC |
                    CLONE_NEWUTS | SIGCHLD;
        p->pid1 = stack ? clone(sbx__pid1_prepared_main, stack + stack_size, flags, &arg) : -1;
        int err = stack ? errno : ENOMEM;
        free(stack);
        close(ctl[1]);
        close(rep[1]);
        if (p->pid1 < 0) {
                p->pid1 = 0;
                snprintf(why, len, "cannot create the namespaces: %s", strerror(err));
                prepared_drop(p);
                return -1;
        }
        /* A root pool's programs have host uids of their own (idmap.c):
         * the worker's id, unique among the pool's live sandboxes. */
        unsigned uid = (unsigned)geteuid(), gid = (unsigned)getegid();
        if (uid == 0)
                uid = gid = sbx__host_id();
        p->host_uid = uid;
        int rc = sbx__map_ids(p->pid1, SBX__INNER_ID, uid, SBX__INNER_ID, gid);
        sbx__oom_mark(p->pid1);
        char path[64];
        struct stat st;
        snprintf(path, sizeof path, "/proc/%d/ns/pid", (int)p->pid1);
        p->ns = stat(path, &st) == 0 ? st.st_ino : 0;
        p->pidfd = (int)syscall(SYS_pidfd_open, p->pid1, 0);
        if (rc < 0 || p->pidfd < 0 || sbx__send_fds(p->ctl, 'g', NULL, 0) < 0) {
                snprintf(why, len, "cannot start a sandbox: %s", strerror(rc < 0 ? -rc : errno));
                prepared_drop(p);
                return -1;
        }
        /* The request writes its limits where they differ. */
        p->lim = e->lim;
        sbx__cg_create(&p->cg, "/proc/self/mounts", "/proc/self/cgroup", &p->lim);
        const char *what;
        if ((rc = sbx__cg_give(&p->cg, p->pid1, p->ctl, &what)) < 0) {
                snprintf(why, len, "%s: %s", what, strerror(-rc));
                prepared_drop(p);
                return -1;
        }
        sbx__cg_sweep(&p->cg);
        char tag = 0;
        int n = sbx__recv_fds(p->ctl, &tag, &p->listener, 1);
        if (n == 1 && tag == 'l')
                n = sbx__recv_fds(p->ctl, &tag, NULL, 0);
        if (n != 0 || tag != 'p') {
                /* Dead, its report (if any) is in the pipe, and the read
                 * cannot wait for a pid 1 that went astray. */
                kill(p->pid1, SIGKILL);
                struct sbx__report r;
                if (read(p->rep_rd, &r, sizeof r) == (ssize_t)sizeof r && r.kind == SBX__REP_SETUP_ERR)
                        snprintf(why, len, "cannot prepare a sandbox: %s: %s", r.text, strerror(r.err));
                else
                        snprintf(why, len, "cannot prepare a sandbox: its pid 1 ended");
                prepared_drop(p);
                return -1;
        }
        return 0;
}

static void refuse(int client, const char *why)
{
        char msg[256];
        int n = snprintf(msg, sizeof msg, "N%s", why);
        (void)write_all(client, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
}

static int make_memfd(const void *data, size_t len)
{
        int fd = (int)syscall(SYS_memfd_create, "gauntlet-request", MFD_CLOEXEC | MFD_ALLOW_SEALING);
        if (fd < 0)
                return -1;
        if (write(fd, data, len) != (ssize_t)len ||
            fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0) {
                close(fd);
                return -1;
        }
        return fd;
}

/* Serve the caller on client with the prepared sandbox p.  true when p
 * was used (and is gone), false when the caller was refused before. */
static bool serve(struct prepared *p, int client, struct expect *e)
{
        bool used = false;
        struct hello h;
        int io[3] = {-1, -1, -1};
        char *req = NULL;
        struct sbx_jail *j = NULL;
        char **argv = NULL;
        int *trees = NULL;
        size_t ntrees = 0;
        struct sbx__wtree *wt = NULL; /* the writable trees, for the copy-back */
        size_t nwt = 0;
        /* A caller that stalls mid-request loses its place, not the pool. */
        struct timeval tv = {5, 0};
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        int nfds;
        ssize_t n = sbx__recv_msg(client, &h, sizeof h, MSG_WAITALL, io, 3, &nfds);
        if (n != (ssize_t)sizeof h || nfds != 3 || h.magic != POOL_MAGIC ||
            h.wire_version != SBX__WIRE_VERSION || h.result_size != sizeof(struct sbx_result)) {
                refuse(client, "not a request of this version of the sandbox");
                goto out;
        }
        if (h.len == 0 || h.len > SBX__WIRE_MAX || !(req = malloc(h.len)) || read_all(client, req, h.len) < 0) {
                refuse(client, "a request cut short or too long");
                goto out;
        }
        int rc = sbx__wire_decode(req, h.len, &j, &argv);
        if (rc < 0) {
                refuse(client, "a malformed request");
                goto out;
        }
        const struct sbx__bpf *bpf = NULL;
        if (j->policy != SBX_POLICY_OFF && (!(bpf = sbx__policy_bpf(j->policy, j->net)) || !bpf->valid)) {
                refuse(client, "no built-in policy");
                goto out;
        }
        e->policy = j->policy;
        e->net = j->net;
        /* A root pool's dirs and workdir are idmapped trees; where a file
         * system cannot be, the caller's own run degrades (and says so). */
        ntrees = p->idmapped ? j->ndirs + (j->workdir ? 1 : 0) : 0;
        if (ntrees) {
                char why[200];
                if (!(trees = calloc(ntrees, sizeof *trees)) ||
                    sbx__idmap_trees(j->dirs, j->ndirs, j->workdir, p->host_uid, trees, why, sizeof why) < 0) {
                        free(trees);
                        trees = NULL;
                        refuse(client, "a dir that cannot be idmapped");
                        goto out;
                }
        }
        char wwhy[200];
        if (sbx__wtrees_open(j->dirs, j->ndirs, j->workdir, &wt, &nwt, wwhy, sizeof wwhy) < 0) {
                refuse(client, "a writable dir that cannot be opened");
                goto out;
        }
        /* A sandbox whose pid 1 ended while it waited (killed from
         * outside, out of memory) is made again; the caller runs its
         * program itself meanwhile. */
        struct pollfd alive = {.fd = p->pidfd, .events = POLLIN};
        if (poll(&alive, 1, 0) != 0) {
                refuse(client, "the prepared sandbox ended");
                used = true;
                goto out;
        }
        if (write_all(client, "A", 1) < 0)
                goto out;
        used = true;

        double t0 = sbx__now_s();
        struct sbx_result res = {.exit_code = -1, .host_uid = p->host_uid, .prepared = true};
        struct sbx__run r = {.j = j, .res = &res, .pid1 = p->pid1, .pidfd = p->pidfd,
                             .out_cap = j->output_mib << 20, .ns = p->ns, .cg = p->cg,
                             .notif_sock = -1, .notif_fd = -1, .watch_fd = client, .in_src = -1,
                             .in_dst = -1};
        p->pidfd = -1;
        memset(&p->cg, 0, sizeof p->cg);
        struct sbx__cg_limits lim = sbx__cg_limits_of(j);
        if (lim.mem_bytes != p->lim.mem_bytes || lim.pids != p->lim.pids)
                sbx__cg_set_limits(&r.cg, &lim);
        e->lim = lim;
        int outp[2] = {-1, -1}, errp[2] = {-1, -1}, mfd = -1;
        /* The caller's stdin (its file, its pipe) stays with us: the
         * program gets a pipe we fill, as in a run of its own. */
        if (pipe2(outp, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0 || (mfd = make_memfd(req, h.len)) < 0 ||
            (rc = sbx__run_stdin(&r, &io[0])) < 0) {
                sbx__internal(&res, errno, "cannot create %s", "pipes");
                sbx__run_kill(&r, SBX_STATUS_INTERNAL_ERROR);
        } else {
                int give[4] = {mfd, io[0], outp[1], errp[1]};
                if (sbx__send_fds(p->ctl, 'r', give, 4) < 0) {
                        sbx__internal(&res, errno, "cannot start %s", "the sandbox");
                        sbx__run_kill(&r, SBX_STATUS_INTERNAL_ERROR);
                }
        }
        sbx__run_send_trees(&r, p->ctl, trees, ntrees);
        if (mfd >= 0)
                close(mfd);
        if (outp[1] >= 0)
                close(outp[1]);
        if (errp[1] >= 0)
                close(errp[1]);
        close(io[0]);
        io[0] = -1;
        /* The program made ahead has its filter's listener with us; one
         * started now (another policy) sends its own on ctl. */
        if (bpf == p->expect) {
                r.notif_fd = p->listener;
                p->listener = -1;
        }
        /* The caller has its result once nothing of the program is left;
         * pid 1, the namespaces and the cgroups go after, before this
         * worker takes another caller. */
        r.early = true;
        sbx__run_conclude(&r, p->ctl, bpf && bpf->notify, outp[0], io[1], errp[0], io[2], p->rep_rd, t0, NULL);
        p->ctl = p->rep_rd = io[1] = io[2] = -1;
        /* The changes go back before the caller is answered: it may read
         * them as soon as it has its result. */
        sbx__run_commit(&r, wt, nwt, p->idmapped ? p->host_uid : (unsigned)-1);
        res.prepared = true;
        res.host_uid = p->host_uid;
        (void)(write_all(client, "R", 1) == 0 && write_all(client, &res, sizeof res) == 0);
        sbx__run_teardown(&r);
        p->pid1 = 0; /* reaped */
out:
        if (trees)
                sbx__idmap_close(trees, ntrees);
        free(trees);
        sbx__wtrees_close(wt, nwt);
        for (int i = 0; i < 3; i++)
                if (io[i] >= 0)
                        close(io[i]);
        free(req);
        sbx__wire_free_argv(argv);
        sbx_jail_free(j);
        return used;
}

/* The namespaces and root the pool serves. */
struct self_ns {
        struct stat mnt, user, root;
};

static int self_ns_read(struct self_ns *self)
{
        return stat("/proc/self/ns/mnt", &self->mnt) < 0 || stat("/proc/self/ns/user", &self->user) < 0 ||
                               stat("/", &self->root) < 0
                       ? -errno
                       : 0;
}

static bool same_file(const char *path, const struct stat *want)
{
        struct stat st;
        return stat(path, &st) == 0 && st.st_dev == want->st_dev && st.st_ino == want->st_ino;
}

/* Whether the pool may run programs for the peer: it could have made the
 * same sandbox itself.  NULL, or why not. */
static const char *peer_refusal(const struct self_ns *self, int client)
{
        struct ucred cr;
        socklen_t cl = sizeof cr;
        if (getsockopt(client, SOL_SOCKET, SO_PEERCRED, &cr, &cl) < 0 || cr.pid <= 0)
                return "a caller in another pid namespace";
        if (cr.uid != geteuid())
                return "a caller of another uid";
        char p[64];
        snprintf(p, sizeof p, "/proc/%d/ns/mnt", (int)cr.pid);
        if (!same_file(p, &self->mnt))
                return "a caller in another mount namespace";
        snprintf(p, sizeof p, "/proc/%d/ns/user", (int)cr.pid);
        if (!same_file(p, &self->user))
                return "a caller in another user namespace";
        snprintf(p, sizeof p, "/proc/%d/root", (int)cr.pid);
        if (!same_file(p, &self->root))
                return "a caller with another root";
        snprintf(p, sizeof p, "/proc/%d/status", (int)cr.pid);
        char st[4096];
        int fd = open(p, O_RDONLY | O_CLOEXEC);
        ssize_t n = fd >= 0 ? read(fd, st, sizeof st - 1) : -1;
        if (fd >= 0)
                close(fd);
        if (n <= 0)
                return "a caller whose status cannot be read";
        st[n] = '\0';
        const char *nnp_line = strstr(st, "\nNoNewPrivs:"), *sec_line = strstr(st, "\nSeccomp:");
        bool nnp = !nnp_line || atoi(nnp_line + 12) != 0, filtered = !sec_line || atoi(sec_line + 9) != 0;
        if (filtered)
                return "a caller under a seccomp filter";
        if (nnp)
                return "a caller with no_new_privs";
        return NULL;
}

/* The worker's life: prepare, say "r"eady (or "e" + why, and end), take
 * a caller from the listening socket ("b"usy to the master), check it,
 * serve, again; the master's hang-up ends it (after the run in
 * progress). */
__attribute__((noreturn))
static void worker_main(int master, int listen_fd)
{
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGPIPE);
        sigprocmask(SIG_SETMASK, &set, NULL);
        struct self_ns self;
        if (self_ns_read(&self) < 0)
                _exit(1);
        struct prepared p;
        bool have = false, told = false;
        /* A sandbox holds the mount table of the moment it was prepared;
         * when the host's changes (a new mount a request may name), it is
         * made again.  /proc/self/mounts polls POLLPRI on a change. */
        int mounts = open("/proc/self/mounts", O_RDONLY | O_CLOEXEC);
        int ep = epoll_create1(EPOLL_CLOEXEC);
        struct epoll_event ev = {.events = EPOLLIN | EPOLLEXCLUSIVE, .data.u32 = 0};
        if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, listen_fd, &ev) < 0)
                _exit(1);
        ev = (struct epoll_event){.events = EPOLLIN, .data.u32 = 1};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, master, &ev) < 0)
                _exit(1);
        ev = (struct epoll_event){.events = EPOLLPRI, .data.u32 = 2};
        if (mounts >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, mounts, &ev) < 0)
                _exit(1);
        /* Until a request says otherwise: `gauntlet run`'s defaults. */
        struct expect e = {SBX_POLICY_STRICT, SBX_NET_NONE, {.mem_bytes = 256u << 20, .pids = 65}};
        for (;;) {
                char why[300];
                if (!have && prepare(&p, &e, why, sizeof why) < 0) {
                        char msg[320];
                        int n = snprintf(msg, sizeof msg, "e%s", why);
                        (void)send(master, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1, MSG_NOSIGNAL);
                        _exit(1);
                }
                if (!have) {
                        /* Its pid 1 ending while it waits (killed from
                         * outside) wakes us to make another. */
                        struct epoll_event pe = {.events = EPOLLIN, .data.u32 = 3};
                        if (epoll_ctl(ep, EPOLL_CTL_ADD, p.pidfd, &pe) < 0)
                                _exit(1);
                }
                have = true;
                if (!told && send(master, "r", 1, MSG_NOSIGNAL) != 1)
                        break;
                told = true;
                struct epoll_event evs[4];
                int n = epoll_wait(ep, evs, 4, -1);
                if (n < 0 && errno != EINTR)
                        break;
                bool caller = false, stop = false, remake = false;
                for (int i = 0; i < n; i++) {
                        caller |= evs[i].data.u32 == 0;
                        stop |= evs[i].data.u32 == 1;
                        remake |= evs[i].data.u32 >= 2; /* mounts changed, pid 1 ended */
                }
                if (stop)
                        break; /* the master stops (or is gone) */
                if (remake) {
                        prepared_drop(&p);
                        have = false; /* the caller, if one came, waits for the new one */
                        continue;
                }
                if (!caller)
                        continue;
                /* One idle worker is woken for a caller (EPOLLEXCLUSIVE), or
                 * a few: one takes it. */
                int client = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
                if (client < 0)
                        continue;
                told = false;
                (void)send(master, "b", 1, MSG_NOSIGNAL);
                const char *refusal = peer_refusal(&self, client);
                if (refusal)
                        refuse(client, refusal);
                else if (serve(&p, client, &e)) {
                        prepared_drop(&p);
                        have = false;
                }
                close(client);
        }
        if (have)
                prepared_drop(&p);
        _exit(0);
}

/* ---- the master ---- */

struct worker {
        pid_t pid;
        int sock; /* -1: not running */
        bool ready;
};

struct sbx_pool {
        int listen_fd, sig_fd;
        char path[SBX_POOL_PATH_MAX];
        unsigned size;
        struct worker *w;
        unsigned failures; /* workers in a row that could not prepare */
        double failed_at;  /* when the last of them said so */
        char last_error[400];
};

static int worker_start(struct worker *w, int listen_fd)
{
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
                return -errno;
        pid_t pid = fork();
        if (pid < 0) {
                int err = errno;
                close(sv[0]);
                close(sv[1]);
                return -err;
        }
        if (pid == 0) {
                /* Nothing of the master's but our end and the listening
                 * socket: not the other workers' ends, not its signals. */
                int keep[] = {sv[1], listen_fd};
                if (sbx__close_all_but(keep, 2) < 0)
                        _exit(1);
                int m = sv[1], l = listen_fd;
                if (m < 3 && ((m = fcntl(sv[1], F_DUPFD_CLOEXEC, 3)) < 0 || close(sv[1]) < 0))
                        _exit(1);
                if (l < 3 && ((l = fcntl(listen_fd, F_DUPFD_CLOEXEC, 3)) < 0 || close(listen_fd) < 0))
                        _exit(1);
                /* stdin, stdout and stderr on /dev/null, lowest first. */
                for (int fd = 0; fd < 3; fd++)
                        if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) != fd)
                                _exit(1);
                worker_main(m, l);
        }
        close(sv[1]);
        w->pid = pid;
        w->sock = sv[0];
        w->ready = false;
        return 0;
}

static void worker_reap(struct worker *w)
{
        if (w->sock >= 0)
                close(w->sock);
        w->sock = -1;
        w->ready = false;
        if (w->pid > 0)
                while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR)
                        ;
        w->pid = 0;
}

/* A message from a worker: ready, busy, or why it could not prepare
 * (then it has exited).  false when the worker is gone. */
static bool worker_read(struct sbx_pool *pool, struct worker *w)
{
        char msg[400];
        ssize_t n = recv(w->sock, msg, sizeof msg - 1, 0);
        if (n > 0 && (msg[0] == 'r' || msg[0] == 'b')) {
                w->ready = msg[0] == 'r';
                pool->failures = 0;
                return true;
        }
        if (n > 0 && msg[0] == 'e') {
                msg[n] = '\0';
                snprintf(pool->last_error, sizeof pool->last_error, "%s", msg + 1);
                pool->failures++;
                pool->failed_at = sbx__now_s();
        }
        worker_reap(w);
        return false;
}

/* A caller the workers left in the queue while every one was busy: it
 * runs its program itself. */
static void pool_refuse_busy(struct sbx_pool *pool)
{
        int client = accept4(pool->listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if (client < 0)
                return;
        refuse(client, "every prepared sandbox is busy");
        close(client);
}

/* The socket's folder: made 0700 when missing; ours and closed to others
 * either way (the socket's own mode is not portable protection). */
static int socket_dir(const char *path, char *why, size_t len)
{
        char dir[SBX_POOL_PATH_MAX];
        snprintf(dir, sizeof dir, "%s", path);
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir) {
                snprintf(why, len, "'%s': the socket must be in a folder of its own", path);
                return -EINVAL;
        }
        *slash = '\0';
        if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
                snprintf(why, len, "cannot create '%s': %s", dir, strerror(errno));
                return -errno;
        }
        struct stat st;
        if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
                snprintf(why, len, "'%s' is not a folder", dir);
                return -ENOTDIR;
        }
        if (st.st_uid != geteuid() || (st.st_mode & 077)) {
                snprintf(why, len, "'%s' must be ours and closed to others (mode 0700)", dir);
                return -EPERM;
        }
        return 0;
}

struct sbx_pool *sbx_pool_open(const char *socket_path, unsigned size, char *why, size_t whylen)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        if (!socket_path || socket_path[0] != '/' || strlen(socket_path) >= sizeof sa.sun_path) {
                snprintf(why, whylen, "the socket path must be absolute and under %zu bytes", sizeof sa.sun_path);
                return NULL;
        }
        if (size == 0 || size > POOL_WORKERS_MAX) {
                snprintf(why, whylen, "the pool size must be 1 to %d", POOL_WORKERS_MAX);
                return NULL;
        }
        if (socket_dir(socket_path, why, whylen) < 0)
                return NULL;
        struct sbx_pool *pool = calloc(1, sizeof *pool);
        struct worker *w = calloc(size, sizeof *w);
        if (!pool || !w) {
                free(pool);
                free(w);
                snprintf(why, whylen, "out of memory");
                return NULL;
        }
        pool->w = w;
        pool->size = size;
        pool->listen_fd = pool->sig_fd = -1;
        for (unsigned i = 0; i < size; i++)
                w[i].sock = -1;
        snprintf(pool->path, sizeof pool->path, "%s", socket_path);
        memcpy(sa.sun_path, socket_path, strlen(socket_path) + 1);
        struct self_ns self;
        if (self_ns_read(&self) < 0) {
                snprintf(why, whylen, "cannot read its own namespaces: %s", strerror(errno));
                goto fail;
        }
        /* A socket left by a pool that died may be replaced; one that
         * answers belongs to a live pool. */
        struct stat st;
        if (lstat(socket_path, &st) == 0) {
                int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
                bool live = probe >= 0 && connect(probe, (struct sockaddr *)&sa, sizeof sa) == 0;
                if (probe >= 0)
                        close(probe);
                if (live) {
                        snprintf(why, whylen, "a pool already listens at '%s'", socket_path);
                        goto fail;
                }
                if (!S_ISSOCK(st.st_mode)) {
                        snprintf(why, whylen, "'%s' exists and is not a socket", socket_path);
                        goto fail;
                }
                unlink(socket_path);
        }
        /* Non-blocking: the idle workers all wake for a caller, one takes it. */
        pool->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (pool->listen_fd < 0 || bind(pool->listen_fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
            listen(pool->listen_fd, 64) < 0) {
                snprintf(why, whylen, "cannot listen at '%s': %s", socket_path, strerror(errno));
                goto fail;
        }
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGTERM);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGHUP);
        pthread_sigmask(SIG_BLOCK, &set, NULL);
        pool->sig_fd = signalfd(-1, &set, SFD_CLOEXEC);
        if (pool->sig_fd < 0) {
                snprintf(why, whylen, "cannot watch for signals: %s", strerror(errno));
                goto fail;
        }
        for (unsigned i = 0; i < size; i++) {
                int rc = worker_start(&w[i], pool->listen_fd);
                if (rc < 0) {
                        snprintf(why, whylen, "cannot start a worker: %s", strerror(-rc));
                        goto fail;
                }
        }
        /* Ready when the first sandbox is: a machine that cannot make one
         * fails here, with the reason. */
        for (;;) {
                struct pollfd pfd[POOL_WORKERS_MAX];
                for (unsigned i = 0; i < size; i++)
                        pfd[i] = (struct pollfd){.fd = w[i].sock, .events = POLLIN};
                bool any = false;
                for (unsigned i = 0; i < size; i++)
                        any |= w[i].sock >= 0;
                if (!any) {
                        snprintf(why, whylen, "%s", pool->last_error[0] ? pool->last_error : "every worker ended");
                        goto fail;
                }
                if (poll(pfd, size, -1) < 0 && errno != EINTR) {
                        snprintf(why, whylen, "poll: %s", strerror(errno));
                        goto fail;
                }
                for (unsigned i = 0; i < size; i++)
                        if (pfd[i].fd >= 0 && pfd[i].revents && worker_read(pool, &w[i]) && w[i].ready)
                                return pool;
        }
fail:
        sbx_pool_free(pool);
        return NULL;
}

void sbx_pool_free(struct sbx_pool *pool)
{
        if (!pool)
                return;
        if (pool->listen_fd >= 0) {
                close(pool->listen_fd);
                unlink(pool->path);
        }
        /* Closing a worker's end ends it: an idle one tears its sandbox
         * down at once, a busy one after its run. */
        for (unsigned i = 0; i < pool->size; i++)
                if (pool->w[i].sock >= 0) {
                        close(pool->w[i].sock);
                        pool->w[i].sock = -1;
                }
        for (unsigned i = 0; i < pool->size; i++)
                worker_reap(&pool->w[i]);
        if (pool->sig_fd >= 0)
                close(pool->sig_fd);
        free(pool->w);
        free(pool);
}

int sbx_pool_serve(struct sbx_pool *pool, char *why, size_t whylen)
{
        struct pollfd pfd[POOL_WORKERS_MAX + 2];
        for (;;) {
                nfds_t n = 0;
                /* Callers are the idle workers'; the master takes one only
                 * while every worker is busy, to say so. */
                bool idle = false;
                for (unsigned i = 0; i < pool->size; i++)
                        idle |= pool->w[i].sock >= 0 && pool->w[i].ready;
                pfd[n++] = (struct pollfd){.fd = pool->sig_fd, .events = POLLIN};
                pfd[n++] = (struct pollfd){.fd = idle ? -1 : pool->listen_fd, .events = POLLIN};
                for (unsigned i = 0; i < pool->size; i++)
                        pfd[n++] = (struct pollfd){.fd = pool->w[i].sock, .events = POLLIN};
                /* Restarted workers are checked on every turn; a wait of
                 * 100 ms bounds the retry rate when preparing fails. */
                if (poll(pfd, n, 100) < 0 && errno != EINTR) {
                        snprintf(why, whylen, "poll: %s", strerror(errno));
                        return -errno;
                }
                if (pfd[0].revents) {
                        struct signalfd_siginfo si;
                        (void)!read(pool->sig_fd, &si, sizeof si);
                        break;
                }
                for (unsigned i = 0; i < pool->size; i++)
                        if (pfd[2 + i].fd >= 0 && pfd[2 + i].revents)
                                worker_read(pool, &pool->w[i]);
                if (pfd[1].fd >= 0 && pfd[1].revents)
                        pool_refuse_busy(pool);
                /* A worker that could not prepare is started again after
                 * 0.1 s per failure in a row (a passing shortage of memory
                 * or pids); ten in a row (5.5 s) end the pool. */
                if (pool->failures >= 10) {
                        snprintf(why, whylen, "sandboxes can no longer be prepared: %s", pool->last_error);
                        return -EIO;
                }
                bool wait = pool->failures && sbx__now_s() < pool->failed_at + 0.1 * pool->failures;
                for (unsigned i = 0; i < pool->size && !wait; i++) {
                        int rc;
                        if (pool->w[i].sock < 0 && (rc = worker_start(&pool->w[i], pool->listen_fd)) < 0) {
                                snprintf(why, whylen, "cannot start a worker: %s", strerror(-rc));
                                return rc;
                        }
                }
        }
        /* Stop taking callers; let the runs in progress end unless a second
         * signal comes. */
        close(pool->listen_fd);
        pool->listen_fd = -1;
        unlink(pool->path);
        for (unsigned i = 0; i < pool->size; i++)
                if (pool->w[i].sock >= 0) {
                        close(pool->w[i].sock);
                        pool->w[i].sock = -1;
                }
        for (;;) {
                bool left = false;
                for (unsigned i = 0; i < pool->size; i++) {
                        if (pool->w[i].pid <= 0)
                                continue;
                        if (waitpid(pool->w[i].pid, NULL, WNOHANG) == pool->w[i].pid)
                                pool->w[i].pid = 0;
                        else
                                left = true;
                }
                if (!left)
                        break;
                struct pollfd sp = {.fd = pool->sig_fd, .events = POLLIN};
                if (poll(&sp, 1, 20) == 1) {
                        struct signalfd_siginfo si;
                        (void)!read(pool->sig_fd, &si, sizeof si);
                        for (unsigned i = 0; i < pool->size; i++)
                                if (pool->w[i].pid > 0)
                                        kill(pool->w[i].pid, SIGTERM);
                }
        }
        return 0;
}
