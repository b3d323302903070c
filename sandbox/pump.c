/* pump.c — the program's stdin: never a descriptor of the host file (a
 * program could reopen it through /proc/self/fd/0, for writing too), but
 * a pipe the supervisor fills from it — or from the caller's own pipe —
 * in its poll loop, with splice, never waiting on either side. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

int sbx__run_stdin(struct sbx__run *r, int *fd)
{
        struct stat st;
        if (fstat(*fd, &st) < 0)
                return -errno;
        /* /dev/null has nothing to protect: passed as it is (no pump, no
         * cost to a run's start). */
        if (S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3))
                return 0;
        int p[2];
        if (pipe2(p, O_CLOEXEC) < 0)
                return -errno;
        /* The supervisor never waits on the program's pipe. */
        if (fcntl(p[1], F_SETFL, O_NONBLOCK) < 0) {
                int err = errno;
                close(p[0]);
                close(p[1]);
                return -err;
        }
        r->in_src = *fd;
        r->in_dst = p[1];
        r->in_wait_src = false;
        r->in_len = 0;
        *fd = p[0];
        return 0;
}

void sbx__pump_stop(struct sbx__run *r)
{
        if (r->in_src >= 0)
                close(r->in_src);
        if (r->in_dst >= 0)
                close(r->in_dst); /* the program reads the end of its input */
        r->in_src = r->in_dst = -1;
}

/* One step of the fallback for a source splice cannot read (a terminal,
 * some devices): write what is left, else read what is there (up to
 * PIPE_BUF, never waiting: the source is the caller's and stays
 * blocking).  As splice: bytes moved, 0 at the end, -1 with errno. */
static ssize_t pump_copy(struct sbx__run *r)
{
        if (!r->in_len) {
                struct pollfd q = {.fd = r->in_src, .events = POLLIN};
                if (poll(&q, 1, 0) == 0) {
                        errno = EAGAIN;
                        return -1;
                }
                ssize_t n = read(r->in_src, r->in_buf, sizeof r->in_buf);
                if (n <= 0)
                        return n;
                r->in_len = (size_t)n;
        }
        ssize_t w = write(r->in_dst, r->in_buf, r->in_len);
        if (w > 0) {
                memmove(r->in_buf, r->in_buf + w, r->in_len - (size_t)w);
                r->in_len -= (size_t)w;
        }
        return w;
}

/* Move what the source has into the program's pipe without ever waiting
 * (at most 256 KiB a turn: output and limits come first), then note what
 * the next move waits for: room in the pipe, or data from the source. */
void sbx__pump(struct sbx__run *r)
{
        size_t moved = 0;
        bool copy = r->in_len > 0;
        while (moved < (256u << 10)) {
                ssize_t n = copy ? pump_copy(r)
                                 : splice(r->in_src, NULL, r->in_dst, NULL, 1u << 16, SPLICE_F_NONBLOCK);
                if (n < 0 && errno == EINVAL && !copy) {
                        copy = true;
                        continue;
                }
                if (n > 0) {
                        moved += (size_t)n;
                        continue;
                }
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0 && errno == EAGAIN) {
                        struct pollfd q = {.fd = r->in_dst, .events = POLLOUT};
                        if (poll(&q, 1, 0) == 1 && (q.revents & POLLERR))
                                break; /* the program closed its stdin */
                        r->in_wait_src = q.revents & POLLOUT && !r->in_len;
                        return;
                }
                break; /* the end of the source, a closed stdin (EPIPE), an error */
        }
        if (moved >= (256u << 10)) {
                r->in_wait_src = false;
                return;
        }
        sbx__pump_stop(r);
}
