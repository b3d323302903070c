/* pool_worker.c — a worker of a pool (pool.c): one prepared sandbox at a
 * time — pid 1 made ahead up to the view's base, its cgroups joined, the
 * program made up to the expected seccomp filter — a caller taken off
 * the listening socket and checked (the pool's own uid, namespaces and
 * root, no seccomp filter, no no_new_privs), its request decoded and
 * served with a direct run's supervision, then the sandbox torn down and
 * the next one prepared. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

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

void sbx__pool_refuse(int client, const char *why)
{
        char msg[256];
        int n = snprintf(msg, sizeof msg, "N%s", why);
        (void)sbx__send_all(client, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
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

/* One caller's request while a worker serves it. */
struct request {
        int io[3];                    /* the caller's stdin, stdout, stderr */
        char *buf;                    /* the request as bytes */
        size_t len;
        struct sbx_jail *j;           /* decoded */
        char **argv;
        const struct sbx__bpf *bpf;   /* its policy; NULL: none */
        int *trees;                   /* the idmapped trees of a root pool */
        size_t ntrees;
        struct sbx__wtree *wt;        /* the writable trees, for the copy-back */
        size_t nwt;
};

static void request_free(struct request *q)
{
        if (q->trees)
                sbx__idmap_close(q->trees, q->ntrees);
        free(q->trees);
        sbx__wtrees_close(q->wt, q->nwt);
        for (int i = 0; i < 3; i++)
                if (q->io[i] >= 0)
                        close(q->io[i]);
        free(q->buf);
        sbx__wire_free_argv(q->argv);
        sbx_jail_free(q->j);
}

/* Read and decode the caller's request, refusing (with the reason sent
 * back) what is not one this worker can run.  true when it is. */
static bool request_read(int client, struct request *q)
{
        struct sbx__pool_hello h;
        /* A caller that stalls mid-request loses its place, not the pool. */
        struct timeval tv = {5, 0};
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        int nfds;
        ssize_t n = sbx__recv_msg(client, &h, sizeof h, MSG_WAITALL, q->io, 3, &nfds);
        if (n != (ssize_t)sizeof h || nfds != 3 || h.magic != SBX__POOL_MAGIC ||
            h.wire_version != SBX__WIRE_VERSION || h.result_size != sizeof(struct sbx_result)) {
                sbx__pool_refuse(client, "not a request of this version of the sandbox");
                return false;
        }
        if (h.len == 0 || h.len > SBX__WIRE_MAX || !(q->buf = malloc(h.len)) ||
            sbx__read_all(client, q->buf, h.len) < 0) {
                sbx__pool_refuse(client, "a request cut short or too long");
                return false;
        }
        q->len = h.len;
        if (sbx__wire_decode(q->buf, q->len, &q->j, &q->argv) < 0) {
                sbx__pool_refuse(client, "a malformed request");
                return false;
        }
        if (q->j->policy != SBX_POLICY_OFF &&
            (!(q->bpf = sbx__policy_bpf(q->j->policy, q->j->net)) || !q->bpf->valid)) {
                sbx__pool_refuse(client, "no built-in policy");
                return false;
        }
        return true;
}

/* Open the request's trees: idmapped ones for a root pool, and the
 * writable ones for the copy-back.  true, or false when refused. */
static bool request_trees(const struct prepared *p, int client, struct request *q)
{
        struct sbx_jail *j = q->j;
        /* A root pool's dirs and workdir are idmapped trees; where a file
         * system cannot be, the caller's own run degrades (and says so). */
        q->ntrees = p->idmapped ? j->ndirs + (j->workdir ? 1 : 0) : 0;
        if (q->ntrees) {
                char why[200];
                if (!(q->trees = calloc(q->ntrees, sizeof *q->trees)) ||
                    sbx__idmap_trees(j->dirs, j->ndirs, j->workdir, p->host_uid, q->trees, why, sizeof why) < 0) {
                        free(q->trees);
                        q->trees = NULL;
                        sbx__pool_refuse(client, "a dir that cannot be idmapped");
                        return false;
                }
        }
        char wwhy[200];
        if (sbx__wtrees_open(j->dirs, j->ndirs, j->workdir, &q->wt, &q->nwt, wwhy, sizeof wwhy) < 0) {
                sbx__pool_refuse(client, "a writable dir that cannot be opened");
                return false;
        }
        return true;
}

/* Run the accepted request in the prepared sandbox and answer the caller
 * with its result.  The sandbox is used up. */
static void request_run(struct prepared *p, int client, struct request *q)
{
        struct sbx_jail *j = q->j;
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
        int outp[2] = {-1, -1}, errp[2] = {-1, -1}, mfd = -1;
        /* The caller's stdin (its file, its pipe) stays with us: the
         * program gets a pipe we fill, as in a run of its own. */
        if (pipe2(outp, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0 || (mfd = make_memfd(q->buf, q->len)) < 0 ||
            sbx__run_stdin(&r, &q->io[0]) < 0) {
                sbx__internal(&res, errno, "cannot create %s", "pipes");
                sbx__run_kill(&r, SBX_STATUS_INTERNAL_ERROR);
        } else {
                int give[4] = {mfd, q->io[0], outp[1], errp[1]};
                if (sbx__send_fds(p->ctl, 'r', give, 4) < 0) {
                        sbx__internal(&res, errno, "cannot start %s", "the sandbox");
                        sbx__run_kill(&r, SBX_STATUS_INTERNAL_ERROR);
                }
        }
        sbx__run_send_trees(&r, p->ctl, q->trees, q->ntrees);
        if (mfd >= 0)
                close(mfd);
        if (outp[1] >= 0)
                close(outp[1]);
        if (errp[1] >= 0)
                close(errp[1]);
        close(q->io[0]);
        q->io[0] = -1;
        /* The program made ahead has its filter's listener with us; one
         * started now (another policy) sends its own on ctl. */
        if (q->bpf == p->expect) {
                r.notif_fd = p->listener;
                p->listener = -1;
        }
        /* The caller has its result once nothing of the program is left;
         * pid 1, the namespaces and the cgroups go after, before this
         * worker takes another caller. */
        r.early = true;
        sbx__run_conclude(&r, p->ctl, outp[0], q->io[1], errp[0], q->io[2], p->rep_rd, t0, NULL);
        p->ctl = p->rep_rd = q->io[1] = q->io[2] = -1;
        /* The changes go back before the caller is answered: it may read
         * them as soon as it has its result. */
        sbx__run_commit(&r, q->wt, q->nwt, p->idmapped ? p->host_uid : (unsigned)-1);
        res.prepared = true;
        res.host_uid = p->host_uid;
        (void)(sbx__send_all(client, "R", 1) == 0 && sbx__send_all(client, &res, sizeof res) == 0);
        sbx__run_teardown(&r);
        p->pid1 = 0; /* reaped */
}

/* Serve the caller on client with the prepared sandbox p.  true when p
 * was used (and is gone), false when the caller was refused before; e
 * gets what the request asked for, so the next one is prepared alike. */
static bool serve(struct prepared *p, int client, struct expect *e)
{
        struct request q = {.io = {-1, -1, -1}};
        bool used = false;
        if (!request_read(client, &q))
                goto out;
        e->policy = q.j->policy;
        e->net = q.j->net;
        if (!request_trees(p, client, &q))
                goto out;
        /* A sandbox whose pid 1 ended while it waited (killed from
         * outside, out of memory) is made again; the caller runs its
         * program itself meanwhile. */
        struct pollfd alive = {.fd = p->pidfd, .events = POLLIN};
        if (poll(&alive, 1, 0) != 0) {
                sbx__pool_refuse(client, "the prepared sandbox ended");
                used = true;
                goto out;
        }
        if (sbx__send_all(client, "A", 1) < 0)
                goto out;
        used = true;
        e->lim = sbx__cg_limits_of(q.j);
        request_run(p, client, &q);
out:
        request_free(&q);
        return used;
}

/* The namespaces and root the pool serves. */
int sbx__self_ns_read(struct sbx__self_ns *self)
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
static const char *peer_refusal(const struct sbx__self_ns *self, int client)
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
void sbx__pool_worker_main(int master, int listen_fd)
{
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGPIPE);
        sigprocmask(SIG_SETMASK, &set, NULL);
        struct sbx__self_ns self;
        if (sbx__self_ns_read(&self) < 0)
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
                        sbx__pool_refuse(client, refusal);
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

