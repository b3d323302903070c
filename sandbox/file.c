/* file.c — the files a supervisor opens (sbx_file.h): resolved without
 * following a symbolic link below the folders a program could write
 * into, opened without ever blocking, records replaced atomically; whole
 * regular files read, trees removed without following or crossing, and
 * the one error-buffer helper. */
#include "sbx_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Tests set it to take the walk where the kernel has openat2. */
bool sbx__file_no_openat2;

struct base_id {
        dev_t dev;
        ino_t ino;
};

struct bases {
        struct base_id *id;
        size_t n;
};

/* The bases that exist, by device and inode (followed: they are the
 * caller's own folders).  0 or -ENOMEM. */
static int bases_load(const char *const *paths, size_t n, struct bases *b)
{
        b->id = NULL;
        b->n = 0;
        if (!n)
                return 0;
        b->id = calloc(n, sizeof *b->id);
        if (!b->id)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                struct stat st;
                if (paths[i] && stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
                        b->id[b->n++] = (struct base_id){st.st_dev, st.st_ino};
        }
        return 0;
}

static bool is_base(const struct bases *b, int fd)
{
        struct stat st;
        if (!b->n || fstat(fd, &st) < 0)
                return false;
        for (size_t i = 0; i < b->n; i++)
                if (b->id[i].dev == st.st_dev && b->id[i].ino == st.st_ino)
                        return true;
        return false;
}

static bool has_dotdot(const char *p)
{
        for (const char *s = p; (s = strstr(s, "..")); s += 2)
                if ((s == p || s[-1] == '/') && (s[2] == '\0' || s[2] == '/'))
                        return true;
        return false;
}

/* The rest of a walk below a base in one call, where the kernel can.
 * A descriptor, -1 when openat2 is missing (ENOSYS, or EPERM from a
 * seccomp filter that does not know it), else -errno. */
static int beneath_openat2(int dir, const char *rest)
{
        static bool missing;
        if (missing || sbx__file_no_openat2)
                return -1;
        struct open_how how = {.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
                               .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS};
        int fd = (int)syscall(SYS_openat2, dir, rest, &how, sizeof how);
        if (fd >= 0)
                return fd;
        if (errno == ENOSYS || errno == EPERM) {
                missing = true;
                return -1;
        }
        return -errno;
}

/* Walk the absolute folder path buf (modified; room for PATH_MAX) from
 * "/": a symbolic link is followed (its text put in its place) until a
 * base is reached, never after.  A descriptor (O_PATH) or -errno. */
static int walk(char *buf, const struct bases *b)
{
        int dir = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (dir < 0)
                return -errno;
        bool beneath = is_base(b, dir);
        int links = 0, rc = 0;
        char *p = buf;
        for (;;) {
                while (*p == '/')
                        p++;
                if (!*p)
                        break;
                char *end = strchrnul(p, '/');
                size_t len = (size_t)(end - p);
                if (len == 1 && p[0] == '.') {
                        p = end;
                        continue;
                }
                if (beneath) {
                        /* From a base on: no "..", no symbolic link. */
                        if (has_dotdot(p)) {
                                rc = -EXDEV;
                                goto fail;
                        }
                        int fd = beneath_openat2(dir, p);
                        if (fd >= 0) {
                                close(dir);
                                return fd;
                        }
                        if (fd < -1) {
                                rc = fd;
                                goto fail;
                        }
                }
                char save = *end;
                *end = '\0';
                int fd = openat(dir, p, O_PATH | O_NOFOLLOW | O_CLOEXEC);
                *end = save;
                struct stat st;
                if (fd < 0 || fstat(fd, &st) < 0) {
                        rc = -errno;
                        if (fd >= 0)
                                close(fd);
                        goto fail;
                }
                if (S_ISLNK(st.st_mode)) {
                        char target[PATH_MAX];
                        if (beneath || ++links > 40) {
                                close(fd);
                                rc = -ELOOP;
                                goto fail;
                        }
                        ssize_t n = readlinkat(fd, "", target, sizeof target);
                        rc = n < 0 ? -errno : n == 0 ? -ENOENT : (size_t)n >= sizeof target ? -ENAMETOOLONG : 0;
                        close(fd);
                        if (rc < 0)
                                goto fail;
                        /* The link's text takes its place: the rest is walked
                         * from the root or from here, base checks included. */
                        size_t tail = strlen(end);
                        if ((size_t)n + tail + 1 > PATH_MAX) {
                                rc = -ENAMETOOLONG;
                                goto fail;
                        }
                        memmove(buf + n, end, tail + 1);
                        memcpy(buf, target, (size_t)n);
                        p = buf;
                        if (target[0] == '/') {
                                close(dir);
                                if ((dir = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
                                        return -errno;
                                beneath = is_base(b, dir);
                        }
                        continue;
                }
                if (!S_ISDIR(st.st_mode)) {
                        close(fd);
                        rc = -ENOTDIR;
                        goto fail;
                }
                close(dir);
                dir = fd;
                p = end;
                if (!beneath)
                        beneath = is_base(b, dir);
        }
        return dir;
fail:
        close(dir);
        return rc;
}

int sbx_file_open_parent(const char *path, const char *const *bases, size_t nbases, char *name, size_t namelen)
{
        if (!path || !*path)
                return -ENOENT;
        const char *slash = strrchr(path, '/');
        const char *last = slash ? slash + 1 : path;
        if (!*last || strcmp(last, ".") == 0 || strcmp(last, "..") == 0)
                return -EISDIR;
        if (strlen(last) >= namelen)
                return -ENAMETOOLONG;
        char *buf = malloc(PATH_MAX);
        if (!buf)
                return -ENOMEM;
        struct bases b;
        int rc = bases_load(bases, nbases, &b);
        if (rc < 0)
                goto out;
        /* The folder part; with bases made absolute: a walk starts at the
         * root, so that every base on the way is seen. */
        size_t plen = slash ? (size_t)(slash - path) + 1 : 0;
        size_t at = 0;
        if (path[0] != '/' && b.n) {
                if (!getcwd(buf, PATH_MAX)) {
                        rc = -errno;
                        goto out;
                }
                at = strlen(buf);
                buf[at++] = '/';
        } else if (!plen) {
                buf[at++] = '.';
        }
        if (at + plen + 1 > PATH_MAX) {
                rc = -ENAMETOOLONG;
                goto out;
        }
        memcpy(buf + at, path, plen);
        buf[at + plen] = '\0';
        if (!b.n) {
                /* No base: the caller's own path, as open(2) would take it. */
                rc = open(buf, O_PATH | O_DIRECTORY | O_CLOEXEC);
                rc = rc < 0 ? -errno : rc;
        } else {
                rc = walk(buf, &b);
        }
        if (rc >= 0)
                snprintf(name, namelen, "%s", last);
out:
        free(b.id);
        free(buf);
        return rc;
}

/* Whether fd may serve: readable or writable without waiting. */
static int check_kind(int fd, unsigned flags)
{
        struct stat st;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (S_ISREG(st.st_mode) || S_ISCHR(st.st_mode))
                return 0;
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
        /* A FIFO opened for writing without blocking has a reader. */
        if (S_ISFIFO(st.st_mode) && (flags & SBX_FILE_WRITE))
                return 0;
        return -EINVAL;
}

int sbx_file_open(const char *path, const char *const *bases, size_t nbases, unsigned flags, unsigned mode)
{
        /* O_NONBLOCK: a FIFO must not hold us (for writing, one without a
         * reader fails with ENXIO); O_NOCTTY: a terminal must not become
         * ours; O_NOFOLLOW: the last component is never followed. */
        int oflags = O_NONBLOCK | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC |
                     (flags & SBX_FILE_WRITE ? O_WRONLY | O_CREAT | O_TRUNC : O_RDONLY);
        char name[NAME_MAX + 1];
        int dir = sbx_file_open_parent(path, bases, nbases, name, sizeof name);
        if (dir < 0)
                return dir;
        int fd = openat(dir, name, oflags, mode);
        int rc = fd < 0 ? -errno : check_kind(fd, flags);
        close(dir);
        if (rc == 0) {
                int fl = fcntl(fd, F_GETFL);
                if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)
                        rc = -errno;
        }
        if (rc < 0) {
                if (fd >= 0)
                        close(fd);
                return rc;
        }
        return fd;
}

int sbx_file_remove(const char *path, const char *const *bases, size_t nbases)
{
        char name[NAME_MAX + 1];
        int dir = sbx_file_open_parent(path, bases, nbases, name, sizeof name);
        if (dir < 0)
                return dir;
        int rc = unlinkat(dir, name, 0) < 0 && errno != ENOENT ? -errno : 0;
        close(dir);
        return rc;
}

/* "." NAME "." 12 hex digits (or NAME "." how "-" ...), NAME cut to 200
 * bytes so the whole stays under NAME_MAX. */
static void fresh_name(char *buf, size_t len, const char *name, const char *how)
{
        unsigned char r[6];
        if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
                struct timespec ts;
                clock_gettime(CLOCK_MONOTONIC, &ts);
                uint64_t v = (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 20) ^ (uint64_t)(uintptr_t)buf;
                memcpy(r, &v, sizeof r);
        }
        snprintf(buf, len, "%s%.200s.%s%02x%02x%02x%02x%02x%02x", how ? "" : ".", name, how ? how : "",
                 r[0], r[1], r[2], r[3], r[4], r[5]);
}

int sbx_file_write_all(int fd, const void *data, size_t len)
{
        const char *p = data;
        while (len > 0) {
                ssize_t n = write(fd, p, len);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        return -errno;
                p += n;
                len -= (size_t)n;
        }
        return 0;
}

/* A directory at name: swap it with the new file at tmp in one step
 * (RENAME_EXCHANGE: the path is never empty), then give it a name that
 * says what happened. */
static int displace(int dir, const char *tmp, const char *name)
{
        char aside[NAME_MAX + 1];
        if (renameat2(dir, tmp, dir, name, RENAME_EXCHANGE) == 0) {
                for (int i = 0; i < 8; i++) {
                        fresh_name(aside, sizeof aside, name, "displaced-");
                        if (renameat2(dir, tmp, dir, aside, RENAME_NOREPLACE) == 0 || errno != EEXIST)
                                break;
                }
                return 0; /* else it stays at tmp's name: still out of the way */
        }
        if (errno != EINVAL && errno != ENOSYS)
                return -errno;
        /* A file system without exchange: aside first, then the file. */
        for (int i = 0;; i++) {
                fresh_name(aside, sizeof aside, name, "displaced-");
                if (renameat2(dir, name, dir, aside, RENAME_NOREPLACE) == 0)
                        break;
                if (errno != EEXIST || i == 8)
                        return -errno;
        }
        return renameat(dir, tmp, dir, name) < 0 ? -errno : 0;
}

int sbx_file_write_atomic(const char *path, const char *const *bases, size_t nbases, const void *data,
                          size_t len, unsigned mode, unsigned flags)
{
        char name[NAME_MAX + 1], tmp[NAME_MAX + 1];
        int dir = sbx_file_open_parent(path, bases, nbases, name, sizeof name);
        if (dir < 0)
                return dir;
        int fd = -1, rc = 0;
        for (int i = 0; fd < 0; i++) {
                fresh_name(tmp, sizeof tmp, name, NULL);
                fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
                if (fd < 0 && (errno != EEXIST || i == 8)) {
                        rc = -errno;
                        goto out;
                }
        }
        rc = sbx_file_write_all(fd, data, len);
        if (rc == 0 && (flags & SBX_FILE_SYNC) && fsync(fd) < 0)
                rc = -errno;
        if (close(fd) < 0 && rc == 0)
                rc = -errno;
        if (rc == 0 && renameat(dir, tmp, dir, name) < 0) {
                rc = -errno;
                /* rename(2) says EISDIR for a directory in the way; an
                 * empty one it would not even refuse, it is a file that
                 * cannot replace it. */
                if ((rc == -EISDIR || rc == -ENOTEMPTY || rc == -EEXIST) && (flags & SBX_FILE_DISPLACE))
                        rc = displace(dir, tmp, name);
                else if (rc == -ENOTEMPTY || rc == -EEXIST)
                        rc = -EISDIR;
        }
        if (rc < 0)
                unlinkat(dir, tmp, 0);
        if (rc == 0 && (flags & SBX_FILE_SYNC)) {
                int d = openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (d < 0 || fsync(d) < 0)
                        rc = -errno;
                if (d >= 0)
                        close(d);
        }
out:
        close(dir);
        return rc;
}

/* ---- whole-file reads ---- */

/* Free a buffer that may hold a secret. */
static void drop(char *buf, size_t cap)
{
        if (buf)
                explicit_bzero(buf, cap);
        free(buf);
}

/* Read fd from offset 0 to its end: size (<= max) is what fstat said, the
 * file may still grow or shrink while it is read. */
static int read_all(int fd, size_t size, size_t max, unsigned flags, char **ret, size_t *ret_len)
{
        size_t cap = size + 1, len = 0;
        char *buf = malloc(cap);
        int rc = 0;
        if (!buf)
                return -ENOMEM;
        for (;;) {
                /* Full: one byte more says whether it grew, without
                 * reallocating the buffer of a file that did not. */
                bool full = len + 1 == cap;
                if (full && len == max && (flags & SBX_FILE_HEAD))
                        break;
                char more;
                ssize_t n = full ? pread(fd, &more, 1, (off_t)len)
                                 : pread(fd, buf + len, cap - 1 - len, (off_t)len);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0) {
                        rc = -errno;
                        goto fail;
                }
                if (n == 0)
                        break;
                if (!full) {
                        len += (size_t)n;
                        if (len <= max)
                                continue;
                        if (!(flags & SBX_FILE_HEAD)) {
                                rc = -EFBIG;
                                goto fail;
                        }
                        len = max;
                        break;
                }
                if (len + 1 > max) {
                        rc = -EFBIG;
                        goto fail;
                }
                size_t ncap = cap < (max + 2) / 2 ? cap * 2 : max + 2;
                char *nb = malloc(ncap);
                if (!nb) {
                        rc = -ENOMEM;
                        goto fail;
                }
                memcpy(nb, buf, len);
                drop(buf, cap);
                buf = nb;
                cap = ncap;
                buf[len++] = more;
        }
        buf[len] = '\0';
        *ret = buf;
        if (ret_len)
                *ret_len = len;
        return 0;
fail:
        drop(buf, cap);
        return rc;
}

int sbx_file_read_fd(int fd, size_t max, unsigned flags, char **ret, size_t *ret_len)
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
        size_t size = (uint64_t)st.st_size > max ? max : (size_t)st.st_size;
        if ((uint64_t)st.st_size > max && !(flags & SBX_FILE_HEAD))
                return -EFBIG;
        return read_all(fd, size, max, flags, ret, ret_len);
}

int sbx_file_read_at(int dirfd, const char *path, size_t max, unsigned flags, char **ret, size_t *ret_len)
{
        /* O_NONBLOCK: opening a FIFO must not wait for a writer (it is
         * refused as not regular); O_NOCTTY: nor may a terminal become ours. */
        int oflags =
                O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (flags & SBX_FILE_FOLLOW ? 0 : O_NOFOLLOW);
        int fd = openat(dirfd, path, oflags);
        if (fd < 0)
                return -errno;
        int rc = sbx_file_read_fd(fd, max, flags, ret, ret_len);
        close(fd);
        return rc;
}

int sbx_file_read(const char *path, size_t max, unsigned flags, char **ret, size_t *ret_len)
{
        return sbx_file_read_at(AT_FDCWD, path, max, flags, ret, ret_len);
}

/* ---- tree removal (async-signal-safe: no malloc, no stdio) ---- */

/* Past this depth a folder is moved up to the top and taken by a later
 * pass, so a hostile nest of folders costs passes, not stack. */
#define RM_DEPTH_MAX 128

struct dirent64_ {
        uint64_t d_ino;
        int64_t d_off;
        unsigned short d_reclen;
        unsigned char d_type;
        char d_name[];
};

static void utoa(char *dst, unsigned long v)
{
        char tmp[24];
        size_t n = 0;
        do
                tmp[n++] = (char)('0' + v % 10);
        while ((v /= 10) && n < sizeof tmp);
        while (n)
                *dst++ = tmp[--n];
        *dst = '\0';
}

/* A folder we own but may not read or write (a program chmod'ed it):
 * give it back its owner bits through its /proc/self/fd link, which names
 * exactly the inode opened without following a symlink. */
static void chmod_owner(int dfd, const char *name, const struct stat *st)
{
        if (st->st_uid != geteuid())
                return;
        int pfd = openat(dfd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (pfd < 0)
                return;
        struct stat now;
        if (fstat(pfd, &now) == 0 && now.st_ino == st->st_ino && now.st_dev == st->st_dev) {
                char link[40] = "/proc/self/fd/";
                utoa(link + strlen(link), (unsigned long)pfd);
                chmod(link, 0700);
        }
        close(pfd);
}

static int rm_entries(int fd, int top, dev_t dev, int depth);

/* Remove name in dfd: a file, or a folder and everything in it.
 * 0 removed, 1 moved up to top (too deep), -errno. */
static int rm_at(int dfd, const char *name, int top, dev_t dev, int depth)
{
        static unsigned long flat_seq;
        struct stat st;
        if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                return errno == ENOENT ? 0 : -errno;
        if (!S_ISDIR(st.st_mode))
                return unlinkat(dfd, name, 0) < 0 && errno != ENOENT ? -errno : 0;
        if (st.st_dev != dev)
                return -EXDEV; /* a mount point: not ours to empty */
        if (depth >= RM_DEPTH_MAX) {
                char flat[40] = "gauntlet-deep-";
                utoa(flat + strlen(flat), ++flat_seq);
                return renameat(dfd, name, top, flat) < 0 ? -errno : 1;
        }
        int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 && errno == EACCES) {
                chmod_owner(dfd, name, &st);
                fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }
        if (fd < 0)
                return errno == ENOENT ? 0 : -errno;
        struct stat now;
        if (fstat(fd, &now) < 0 || now.st_ino != st.st_ino || now.st_dev != st.st_dev) {
                close(fd);
                return -ESTALE; /* swapped under us: leave it */
        }
        if ((now.st_mode & 0700) != 0700 && now.st_uid == geteuid())
                fchmod(fd, 0700);
        int rc = rm_entries(fd, top, dev, depth);
        close(fd);
        if (unlinkat(dfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
                return rc < 0 ? rc : -errno;
        return 0;
}

/* Empty the folder fd.  Entries removed while reading may hide others
 * from the same pass, so passes repeat until one finds nothing or makes no
 * progress. */
static int rm_entries(int fd, int top, dev_t dev, int depth)
{
        int rc = 0;
        for (;;) {
                bool any = false, progress = false;
                if (lseek(fd, 0, SEEK_SET) < 0)
                        return -errno;
                char buf[512] __attribute__((aligned(8)));
                long n;
                while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
                        for (long off = 0; off < n;) {
                                const struct dirent64_ *e = (const void *)(buf + off);
                                off += e->d_reclen;
                                if (e->d_name[0] == '.' &&
                                    (e->d_name[1] == '\0' || (e->d_name[1] == '.' && e->d_name[2] == '\0')))
                                        continue;
                                any = true;
                                int r = rm_at(fd, e->d_name, top, dev, depth + 1);
                                if (r >= 0)
                                        progress = true;
                                else
                                        rc = r;
                        }
                }
                if (n < 0)
                        return -errno;
                if (!any)
                        return 0;
                if (!progress)
                        return rc < 0 ? rc : -ENOTEMPTY;
        }
}

int sbx_file_rmtree_at(int dirfd, const char *name, int fd)
{
        struct stat st;
        if (fstat(fd, &st) < 0)
                return -errno;
        /* The top's device is the one nothing below may leave. */
        int rc = rm_entries(fd, fd, st.st_dev, 0);
        if (unlinkat(dirfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
                return rc < 0 ? rc : -errno;
        return rc;
}

int sbx_file_rmtree(const char *path)
{
        char parent[PATH_MAX];
        const char *slash = strrchr(path, '/');
        const char *name = slash ? slash + 1 : path;
        size_t plen = slash ? (size_t)(slash - path) : 0;
        if (!*name || plen >= sizeof parent)
                return -EINVAL;
        if (slash && plen == 0)
                parent[plen++] = '/';
        else if (!slash)
                parent[plen++] = '.';
        else
                memcpy(parent, path, plen);
        parent[plen] = '\0';
        int pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (pfd < 0)
                return errno == ENOENT ? 0 : -errno;
        int fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int rc;
        if (fd < 0) {
                /* not a folder (or gone): remove the name itself */
                rc = errno == ENOENT                      ? 0
                     : errno == ENOTDIR || errno == ELOOP ? rm_at(pfd, name, pfd, 0, 0)
                                                          : -errno;
        } else {
                rc = sbx_file_rmtree_at(pfd, name, fd);
                close(fd);
        }
        close(pfd);
        return rc;
}

int sbx_file_name_cmp(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- messages ---- */

int sbx_errf(char *err, size_t errsz, int rc, const char *fmt, ...)
{
        if (!err || !errsz)
                return rc;
        int saved = errno;
        if (rc < 0)
                errno = -rc; /* for "%m" */
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errsz, fmt, ap);
        va_end(ap);
        errno = saved;
        return rc;
}

const char *sbx_file_strerror(int err)
{
        switch (err < 0 ? -err : err) {
        case ELOOP:
                return "a symbolic link where none is followed";
        case EXDEV:
                return "'..' below a folder of the run";
        case ENXIO:
                return "a FIFO without a reader, or a socket";
        case EINVAL:
                return "neither a regular file nor a character device";
        default:
                return strerror(err < 0 ? -err : err);
        }
}
