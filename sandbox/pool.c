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
 * hang-up during a run kills the run.
 *
 * This file: the master; pool_worker.c: a worker; pool_client.c: the
 * caller's side. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define POOL_WORKERS_MAX 64

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
                sbx__pool_worker_main(m, l);
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
        sbx__pool_refuse(client, "every prepared sandbox is busy");
        close(client);
}

/* The socket's folder: made 0700 when missing; ours and closed to others
 * either way (the socket's own mode is not portable protection). */
static int socket_dir(const char *path, char *err, size_t errsz)
{
        char dir[SBX_POOL_PATH_MAX];
        snprintf(dir, sizeof dir, "%s", path);
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir) {
                return sbx_errf(err, errsz, -EINVAL, "'%s': the socket must be in a folder of its own", path);
        }
        *slash = '\0';
        if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
                return sbx_errf(err, errsz, -errno, "cannot create '%s': %m", dir);
        }
        struct stat st;
        if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
                return sbx_errf(err, errsz, -ENOTDIR, "'%s' is not a folder", dir);
        }
        if (st.st_uid != geteuid() || (st.st_mode & 077)) {
                return sbx_errf(err, errsz, -EPERM, "'%s' must be ours and closed to others (mode 0700)",
                                dir);
        }
        return 0;
}

int sbx_pool_open(const char *socket_path, unsigned size, struct sbx_pool **ret, char *err, size_t errsz)
{
        int rc;
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        if (!socket_path || socket_path[0] != '/' || strlen(socket_path) >= sizeof sa.sun_path) {
                return sbx_errf(err, errsz, -EINVAL, "the socket path must be absolute and under %zu bytes",
                                sizeof sa.sun_path);
        }
        if (size == 0 || size > POOL_WORKERS_MAX) {
                return sbx_errf(err, errsz, -EINVAL, "the pool size must be 1 to %d", POOL_WORKERS_MAX);
        }
        rc = socket_dir(socket_path, err, errsz);
        if (rc < 0)
                return rc;
        struct sbx_pool *pool = calloc(1, sizeof *pool);
        struct worker *w = calloc(size, sizeof *w);
        if (!pool || !w) {
                free(pool);
                free(w);
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        }
        pool->w = w;
        pool->size = size;
        pool->listen_fd = pool->sig_fd = -1;
        for (unsigned i = 0; i < size; i++)
                w[i].sock = -1;
        snprintf(pool->path, sizeof pool->path, "%s", socket_path);
        memcpy(sa.sun_path, socket_path, strlen(socket_path) + 1);
        struct sbx__self_ns self;
        if (sbx__self_ns_read(&self) < 0) {
                rc = sbx_errf(err, errsz, -errno, "cannot read its own namespaces: %m");
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
                        rc = sbx_errf(err, errsz, -EADDRINUSE, "a pool already listens at '%s'", socket_path);
                        goto fail;
                }
                if (!S_ISSOCK(st.st_mode)) {
                        rc = sbx_errf(err, errsz, -EEXIST, "'%s' exists and is not a socket", socket_path);
                        goto fail;
                }
                unlink(socket_path);
        }
        /* Non-blocking: the idle workers all wake for a caller, one takes it. */
        pool->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (pool->listen_fd < 0 || bind(pool->listen_fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
            listen(pool->listen_fd, 64) < 0) {
                rc = sbx_errf(err, errsz, -errno, "cannot listen at '%s': %m", socket_path);
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
                rc = sbx_errf(err, errsz, -errno, "cannot watch for signals: %m");
                goto fail;
        }
        for (unsigned i = 0; i < size; i++) {
                rc = worker_start(&w[i], pool->listen_fd);
                if (rc < 0) {
                        sbx_errf(err, errsz, rc, "cannot start a worker: %m");
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
                        rc = sbx_errf(err, errsz, -ECHILD, "%s",
                                      pool->last_error[0] ? pool->last_error : "every worker ended");
                        goto fail;
                }
                if (poll(pfd, size, -1) < 0 && errno != EINTR) {
                        rc = sbx_errf(err, errsz, -errno, "poll: %m");
                        goto fail;
                }
                for (unsigned i = 0; i < size; i++)
                        if (pfd[i].fd >= 0 && pfd[i].revents && worker_read(pool, &w[i]) && w[i].ready) {
                                *ret = pool;
                                return 0;
                        }
        }
fail:
        sbx_pool_free(pool);
        return rc;
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

int sbx_pool_serve(struct sbx_pool *pool, char *err, size_t errsz)
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
                        return sbx_errf(err, errsz, -errno, "poll: %m");
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
                        return sbx_errf(err, errsz, -EIO, "sandboxes can no longer be prepared: %s",
                                        pool->last_error);
                }
                bool wait = pool->failures && sbx__now_s() < pool->failed_at + 0.1 * pool->failures;
                for (unsigned i = 0; i < pool->size && !wait; i++) {
                        int rc;
                        if (pool->w[i].sock < 0 && (rc = worker_start(&pool->w[i], pool->listen_fd)) < 0) {
                                return sbx_errf(err, errsz, rc, "cannot start a worker: %m");
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
