/* files.c — whole-file reads (following a symlink only when asked),
 * crash-safe writes, mkdir -p. */
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_all(int fd, const void *buf, size_t len)
{
        const char *p = buf;
        while (len > 0) {
                ssize_t n = write(fd, p, len);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                p += n;
                len -= (size_t)n;
        }
        return 0;
}

int gnt_fsync_dir(const char *dir)
{
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        int r = fsync(fd) < 0 ? -errno : 0;
        close(fd);
        return r;
}

int gnt_write_atomic(const char *path, const void *buf, size_t len, unsigned mode)
{
        char tmp[PATH_MAX], dir[PATH_MAX];
        if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp ||
            snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir)
                return -ENAMETOOLONG;
        char *slash = strrchr(dir, '/');
        if (slash)
                *slash = '\0';
        else
                strcpy(dir, ".");
        int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
        if (fd < 0)
                return -errno;
        int r = write_all(fd, buf, len);
        if (r == 0 && fsync(fd) < 0)
                r = -errno;
        if (close(fd) < 0 && r == 0)
                r = -errno;
        if (r == 0 && rename(tmp, path) < 0)
                r = -errno;
        if (r < 0) {
                unlink(tmp);
                return r;
        }
        return gnt_fsync_dir(dir);
}

/* Free a buffer that may hold a secret. */
static void drop(char *buf, size_t cap)
{
        if (buf)
                explicit_bzero(buf, cap);
        free(buf);
}

/* Read fd from offset 0 to its end: size is what fstat said, the file may
 * still grow or shrink while it is read. */
static int read_all(int fd, size_t size, size_t max, char **ret, size_t *ret_len)
{
        size_t cap = size + 1, len = 0;
        char *buf = malloc(cap);
        if (!buf)
                return -ENOMEM;
        for (;;) {
                if (len + 1 == cap) {
                        /* Full: one byte more says whether it grew, without
                         * reallocating the buffer of a file that did not. */
                        char more;
                        ssize_t n = pread(fd, &more, 1, (off_t)len);
                        if (n < 0 && errno == EINTR)
                                continue;
                        if (n <= 0) {
                                if (n == 0)
                                        break;
                                int e = -errno;
                                drop(buf, cap);
                                return e;
                        }
                        if (len + 1 > max) {
                                drop(buf, cap);
                                return -EFBIG;
                        }
                        size_t ncap = cap < (max + 2) / 2 ? cap * 2 : max + 2;
                        char *nb = malloc(ncap);
                        if (!nb) {
                                drop(buf, cap);
                                return -ENOMEM;
                        }
                        memcpy(nb, buf, len);
                        drop(buf, cap);
                        buf = nb;
                        cap = ncap;
                        buf[len++] = more;
                        continue;
                }
                ssize_t n = pread(fd, buf + len, cap - 1 - len, (off_t)len);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0) {
                        int e = -errno;
                        drop(buf, cap);
                        return e;
                }
                if (n == 0)
                        break;
                len += (size_t)n;
                if (len > max) {
                        drop(buf, cap);
                        return -EFBIG;
                }
        }
        buf[len] = '\0';
        *ret = buf;
        if (ret_len)
                *ret_len = len;
        return 0;
}

int gnt_read_fd(int fd, size_t max, char **ret, size_t *ret_len)
{
        if (max > SIZE_MAX - 2)
                max = SIZE_MAX - 2;
        struct stat st;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
        if (!S_ISREG(st.st_mode))
                return -EINVAL;
        if ((uint64_t)st.st_size > max)
                return -EFBIG;
        return read_all(fd, (size_t)st.st_size, max, ret, ret_len);
}

int gnt_read_file_at(int dirfd, const char *path, size_t max, unsigned flags, char **ret, size_t *ret_len)
{
        /* O_NONBLOCK: opening a FIFO must not wait for a writer (it is
         * refused as not regular); O_NOCTTY: nor may a terminal become ours. */
        int oflags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (flags & GNT_READ_FOLLOW ? 0 : O_NOFOLLOW);
        int fd = openat(dirfd, path, oflags);
        if (fd < 0)
                return -errno;
        int r = gnt_read_fd(fd, max, ret, ret_len);
        close(fd);
        return r;
}

int gnt_read_file(const char *path, size_t max, char **ret, size_t *ret_len)
{
        return gnt_read_file_at(AT_FDCWD, path, max, 0, ret, ret_len);
}

int gnt_mkdirs(const char *path, unsigned mode)
{
        char buf[PATH_MAX];
        if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
                return -ENAMETOOLONG;
        for (char *p = buf + 1; *p; p++) {
                if (*p != '/')
                        continue;
                *p = '\0';
                if (mkdir(buf, mode) < 0 && errno != EEXIST)
                        return -errno;
                *p = '/';
        }
        if (mkdir(buf, mode) < 0 && errno != EEXIST)
                return -errno;
        return 0;
}
