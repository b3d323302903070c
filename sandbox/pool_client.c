/* pool_client.c — the caller's side of a pool (pool.h, docs/sandbox.md
 * "Prepared sandboxes"): where this user's pool listens, and one run
 * handed to it.  The server — the master (pool.c) and its workers
 * (pool_worker.c) — is pool_server.h's.  A run the pool does not take
 * runs in the caller (run.c) as without a pool.  The protocol is in
 * pool.c's header. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

int sbx__send_all(int fd, const void *data, size_t n)
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

int sbx__read_all(int fd, void *data, size_t n)
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
        struct sbx__pool_hello h = {SBX__POOL_MAGIC, SBX__WIRE_VERSION, sizeof *res, (uint32_t)len};
        int fds[3] = {in_fd, out_fd, err_fd};
        int w = sbx__send_msg(fd, &h, sizeof h, fds, 3);
        int sent = w == 0 ? sbx__send_all(fd, req, len) : -1;
        free(req);
        char tag = 0;
        /* A pool that does not take the run within 10 s (stopped, stuck)
         * is left for a run of our own: it starts nothing once we are gone
         * (its "A" would fail). */
        struct timeval tv = {10, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        /* Not sent, not taken, or gone before it started: nothing ran. */
        if (sent < 0 || sbx__read_all(fd, &tag, 1) < 0 || tag != 'A') {
                close(fd);
                return 0;
        }
        struct timeval forever = {0, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &forever, sizeof forever);
        memset(res, 0, sizeof *res);
        if (sbx__read_all(fd, &tag, 1) < 0 || tag != 'R' || sbx__read_all(fd, res, sizeof *res) < 0) {
                memset(res, 0, sizeof *res);
                res->exit_code = -1;
                sbx__internal(res, 0, "the pool ended during the run");
        }
        close(fd);
        return 1;
}
