/* store.c — hashes, blobs and crash-safe file writes for sessions.  Every
 * write that a later journal entry refers to is on disk (fsync'd, folder
 * included) before that entry is written. */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void gnt_session_hash(const void *buf, size_t len, char out[GNT_HASH_HEX])
{
        unsigned char h[32];
        crypto_generichash(h, sizeof h, buf, len, NULL, 0);
        static const char hex[] = "0123456789abcdef";
        for (size_t i = 0; i < sizeof h; i++) {
                out[2 * i] = hex[h[i] >> 4];
                out[2 * i + 1] = hex[h[i] & 15];
        }
        out[64] = '\0';
}

bool gnt_session_hash_valid(const char *s)
{
        if (!s || strlen(s) != 64)
                return false;
        for (size_t i = 0; i < 64; i++)
                if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
                        return false;
        return true;
}

int gnt_session_fsync_dir(const char *dir)
{
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        int r = fsync(fd) < 0 ? -errno : 0;
        close(fd);
        return r;
}

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

int gnt_session_write_atomic(const char *path, const void *buf, size_t len, unsigned mode)
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
        return gnt_session_fsync_dir(dir);
}

int gnt_session_read_file(const char *path, size_t max, char **ret, size_t *ret_len)
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
        *ret_len = len;
        return 0;
}

int gnt_session_blob_put(const char *blob_dir, const void *buf, size_t len, char out[GNT_HASH_HEX])
{
        char h[GNT_HASH_HEX], path[PATH_MAX];
        gnt_session_hash(buf, len, h);
        if (snprintf(path, sizeof path, "%s/%s", blob_dir, h) >= (int)sizeof path)
                return -ENAMETOOLONG;
        struct stat st;
        /* Same name means same content (the name is its hash); a blob of the
         * wrong size was torn by a crash and is written again. */
        if (!(lstat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len)) {
                int r = gnt_session_write_atomic(path, buf, len, 0444);
                if (r < 0)
                        return r;
        }
        memcpy(out, h, GNT_HASH_HEX);
        return 0;
}

int gnt_session_blob_get(const char *blob_dir, const char *hash, char **ret, size_t *ret_len)
{
        char path[PATH_MAX], h[GNT_HASH_HEX];
        if (!gnt_session_hash_valid(hash))
                return -EINVAL;
        snprintf(path, sizeof path, "%s/%s", blob_dir, hash);
        char *buf;
        size_t len;
        int r = gnt_session_read_file(path, (size_t)64 << 20, &buf, &len);
        if (r < 0)
                return r;
        gnt_session_hash(buf, len, h);
        if (strcmp(h, hash) != 0) {
                free(buf);
                return -EBADMSG;
        }
        *ret = buf;
        *ret_len = len;
        return 0;
}

int gnt_session_mkdirs(const char *path, unsigned mode)
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

int gnt_session_mkdtemp(const char *what, char *buf, size_t size)
{
        const char *t = getenv("TMPDIR");
        if (!t || t[0] != '/')
                t = "/tmp";
        if (snprintf(buf, size, "%s/gauntlet-%s-XXXXXX", t, what) >= (int)size)
                return -ENAMETOOLONG;
        return mkdtemp(buf) ? 0 : -errno;
}
