/* files.c — whole-file reads without following symlinks, crash-safe
 * writes, mkdir -p. */
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

int gnt_read_file(const char *path, size_t max, char **ret, size_t *ret_len)
{
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return -errno;
        struct stat st;
        if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
                int e = S_ISREG(st.st_mode) ? -errno : -EINVAL;
                close(fd);
                return e;
        }
        if ((size_t)st.st_size > max) {
                close(fd);
                return -EFBIG;
        }
        size_t cap = (size_t)st.st_size + 1, len = 0;
        char *buf = malloc(cap);
        if (!buf) {
                close(fd);
                return -ENOMEM;
        }
        for (;;) {
                if (len + 1 >= cap) {
                        if (cap > max + 1) {
                                free(buf);
                                close(fd);
                                return -EFBIG;
                        }
                        char *nb = realloc(buf, cap * 2);
                        if (!nb) {
                                free(buf);
                                close(fd);
                                return -ENOMEM;
                        }
                        buf = nb;
                        cap *= 2;
                }
                ssize_t n = read(fd, buf + len, cap - 1 - len);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0) {
                        int e = -errno;
                        free(buf);
                        close(fd);
                        return e;
                }
                if (n == 0)
                        break;
                len += (size_t)n;
        }
        close(fd);
        if (len > max) {
                free(buf);
                return -EFBIG;
        }
        buf[len] = '\0';
        *ret = buf;
        if (ret_len)
                *ret_len = len;
        return 0;
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
