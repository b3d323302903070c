/* scratch.c — temporary folders that outlive nothing.  Each folder (a
 * grading's, a validation's, an extracted bundle's ...) holds a lock file,
 * flock'ed for its maker's whole life, so a folder whose lock is free
 * belongs to a process that died (SIGKILL, a crash, a reboot) and the next
 * process making one of the same kind in the same TMPDIR sweeps it.  The
 * folder is locked before it appears under its final name, so a sweep can
 * never take a live one.  Removal works from directory descriptors, never
 * follows a symlink and never crosses into another file system: the
 * folder holds what candidate code wrote. */
#include "scratch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

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

/* ---- removal (async-signal-safe: no malloc, no stdio) ---- */

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

/* Remove the folder name of pfd, which is already open as fd. */
static int rm_folder(int pfd, const char *name, int fd)
{
        struct stat st;
        if (fstat(fd, &st) < 0)
                return -errno;
        int rc = rm_entries(fd, fd, st.st_dev, 0);
        if (unlinkat(pfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
                return rc < 0 ? rc : -errno;
        return 0;
}

int grd_scratch_rmtree(const char *path)
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
                return -errno;
        int fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int rc;
        if (fd < 0) {
                /* not a folder (or gone): remove the name itself */
                rc = errno == ENOENT ? 0 : errno == ENOTDIR || errno == ELOOP ? rm_at(pfd, name, pfd, 0, 0) : -errno;
        } else {
                rc = rm_folder(pfd, name, fd);
                close(fd);
        }
        close(pfd);
        return rc;
}

/* ---- removal on SIGINT / SIGTERM / SIGHUP ---- */

/* Scratch folders of one process alive at once: a validation's, its
 * grading's, a bundle's.  One past this still works, without the removal
 * on a signal: the next sweep takes it. */
#define LIVE_MAX 16
static const int fatal_sigs[] = {SIGINT, SIGTERM, SIGHUP};
static char live_path[LIVE_MAX][PATH_MAX];
static volatile sig_atomic_t live_used[LIVE_MAX];
static unsigned live_count;
static bool installed[sizeof fatal_sigs / sizeof *fatal_sigs];
static pthread_mutex_t live_mu = PTHREAD_MUTEX_INITIALIZER;

/* The signal would have ended the process: remove the live folders, then
 * end it the same way. */
static void on_fatal_signal(int sig)
{
        int saved = errno;
        for (size_t i = 0; i < LIVE_MAX; i++)
                if (live_used[i])
                        grd_scratch_rmtree(live_path[i]);
        struct sigaction dfl = {.sa_handler = SIG_DFL};
        sigemptyset(&dfl.sa_mask);
        sigaction(sig, &dfl, NULL);
        raise(sig); /* delivered when the handler returns */
        errno = saved;
}

/* Catch only signals left at their default (ending the process): a
 * program that handles or ignores them keeps doing so.  Returns the slot,
 * or -1 when the table is full. */
static int live_add(const char *path)
{
        int slot = -1;
        pthread_mutex_lock(&live_mu);
        for (int i = 0; i < LIVE_MAX && slot < 0; i++)
                if (!live_used[i]) {
                        snprintf(live_path[i], sizeof live_path[i], "%s", path);
                        __atomic_signal_fence(__ATOMIC_SEQ_CST); /* the path before the flag */
                        live_used[i] = 1;
                        slot = i;
                }
        if (slot >= 0 && live_count++ == 0)
                for (size_t k = 0; k < sizeof fatal_sigs / sizeof *fatal_sigs; k++) {
                        struct sigaction old;
                        installed[k] = false;
                        if (sigaction(fatal_sigs[k], NULL, &old) < 0 || (old.sa_flags & SA_SIGINFO) ||
                            old.sa_handler != SIG_DFL)
                                continue;
                        struct sigaction sa = {.sa_handler = on_fatal_signal};
                        sigemptyset(&sa.sa_mask);
                        installed[k] = sigaction(fatal_sigs[k], &sa, NULL) == 0;
                }
        pthread_mutex_unlock(&live_mu);
        return slot;
}

static void live_remove(int slot)
{
        if (slot < 0 || slot >= LIVE_MAX)
                return;
        pthread_mutex_lock(&live_mu);
        if (live_used[slot]) {
                live_used[slot] = 0;
                if (--live_count == 0)
                        for (size_t k = 0; k < sizeof fatal_sigs / sizeof *fatal_sigs; k++) {
                                struct sigaction now;
                                if (!installed[k] || sigaction(fatal_sigs[k], NULL, &now) < 0 ||
                                    (now.sa_flags & SA_SIGINFO) || now.sa_handler != on_fatal_signal)
                                        continue; /* someone else's handler now: theirs */
                                struct sigaction dfl = {.sa_handler = SIG_DFL};
                                sigemptyset(&dfl.sa_mask);
                                sigaction(fatal_sigs[k], &dfl, NULL);
                                installed[k] = false;
                        }
        }
        pthread_mutex_unlock(&live_mu);
}

/* ---- create, release, sweep ---- */

static int fail(char *err, size_t errsz, int e, const char *what, const char *path)
{
        if (err)
                snprintf(err, errsz, "cannot %s '%s': %s", what, path, strerror(e));
        return -e;
}

const char *grd_scratch_parent(void)
{
        const char *t = getenv("TMPDIR");
        return t && t[0] == '/' ? t : "/tmp";
}

static bool prefix_valid(const char *prefix)
{
        return prefix && *prefix && !strchr(prefix, '/') && strlen(prefix) < NAME_MAX - 8;
}

int grd_scratch_create(const char *parent, const char *prefix, bool keep, struct grd_scratch *ret, char *err,
                       size_t errsz)
{
        if (!prefix_valid(prefix))
                return fail(err, errsz, EINVAL, "create a scratch folder in", parent);
        grd_scratch_sweep(parent, prefix); /* best effort: a folder it cannot take stays */
        char tmp[PATH_MAX], final[PATH_MAX];
        for (int attempt = 0; attempt < 16; attempt++) {
                if (snprintf(tmp, sizeof tmp, "%s/.%sXXXXXX", parent, prefix) >= (int)sizeof tmp)
                        return fail(err, errsz, ENAMETOOLONG, "create a scratch folder in", parent);
                if (!mkdtemp(tmp))
                        return fail(err, errsz, errno, "create a scratch folder in", parent);
                int dfd = open(tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (dfd < 0) {
                        if (errno == ENOENT)
                                continue; /* a sweep took the empty folder: again */
                        return fail(err, errsz, errno, "open", tmp);
                }
                int lfd = openat(dfd, GRD_SCRATCH_LOCK, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
                struct stat ls, ds, now;
                /* a sweep may have locked the new lock file first (then it
                 * is removing the folder) or already removed it */
                if (lfd < 0 || flock(lfd, LOCK_EX | LOCK_NB) < 0 || fstat(lfd, &ls) < 0 || ls.st_nlink == 0 ||
                    fstat(dfd, &ds) < 0 || stat(tmp, &now) < 0 || now.st_ino != ds.st_ino) {
                        int e = errno;
                        if (lfd >= 0)
                                close(lfd);
                        close(dfd);
                        if (lfd < 0 && e != ENOENT)
                                return fail(err, errsz, e, "create a lock in", tmp);
                        continue;
                }
                if (keep) {
                        int k = openat(dfd, GRD_SCRATCH_KEPT, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
                        if (k >= 0)
                                close(k);
                }
                snprintf(final, sizeof final, "%s/%s", parent, strrchr(tmp, '/') + 2);
                /* locked before it can be seen under the name sweeps look for */
                long r = syscall(SYS_renameat2, AT_FDCWD, tmp, AT_FDCWD, final, 1 /* RENAME_NOREPLACE */);
                if (r < 0 && (errno == EINVAL || errno == ENOSYS))
                        r = rename(tmp, final); /* no NOREPLACE here: mkdtemp names are random */
                if (r < 0) {
                        int e = errno;
                        if (e == EEXIST || e == ENOTEMPTY)
                                rm_folder(AT_FDCWD, tmp, dfd);
                        close(lfd);
                        close(dfd);
                        if (e == EEXIST || e == ENOTEMPTY || e == ENOENT)
                                continue;
                        return fail(err, errsz, e, "rename", tmp);
                }
                close(dfd);
                snprintf(ret->path, sizeof ret->path, "%s", final);
                ret->lock_fd = lfd;
                ret->keep = keep;
                ret->live = keep ? -1 : live_add(ret->path);
                return 0;
        }
        return fail(err, errsz, EAGAIN, "create a scratch folder in", parent);
}

void grd_scratch_release(struct grd_scratch *s)
{
        if (!s || !s->path[0])
                return;
        if (!s->keep) {
                grd_scratch_rmtree(s->path);
                live_remove(s->live);
        }
        if (s->lock_fd >= 0)
                close(s->lock_fd);
        s->lock_fd = -1;
        s->live = -1;
        s->path[0] = '\0';
}

/* 1 a folder's final name (PREFIX*), 2 one being made (.PREFIX*), 0 none
 * of this kind. */
static int sweepable_name(const char *n, const char *prefix, size_t plen)
{
        if (strncmp(n, prefix, plen) == 0)
                return 1;
        return n[0] == '.' && strncmp(n + 1, prefix, plen) == 0 ? 2 : 0;
}

/* One candidate folder: 1 removed, 0 left alone, -errno. */
static int sweep_one(int pfd, const char *name, bool being_made)
{
        struct stat st;
        if (fstatat(pfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid())
                return 0;
        int dfd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (dfd < 0)
                return 0;
        struct stat now;
        if (fstat(dfd, &now) < 0 || now.st_ino != st.st_ino || now.st_dev != st.st_dev) {
                close(dfd);
                return 0;
        }
        int lfd = openat(dfd, GRD_SCRATCH_LOCK, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (lfd < 0) {
                /* no lock: another version's folder, or one being made
                 * (.PREFIX*, empty: rmdir is harmless, its maker starts
                 * again) */
                if (being_made)
                        unlinkat(pfd, name, AT_REMOVEDIR);
                close(dfd);
                return 0;
        }
        int rc = 0;
        struct stat ls;
        if (fstat(lfd, &ls) == 0 && S_ISREG(ls.st_mode) && flock(lfd, LOCK_EX | LOCK_NB) == 0 &&
            faccessat(dfd, GRD_SCRATCH_KEPT, F_OK, AT_SYMLINK_NOFOLLOW) < 0)
                rc = rm_folder(pfd, name, dfd) == 0 ? 1 : 0;
        close(lfd);
        close(dfd);
        return rc;
}

int grd_scratch_sweep(const char *parent, const char *prefix)
{
        if (!prefix_valid(prefix))
                return -EINVAL;
        int pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (pfd < 0)
                return -errno;
        int dup_fd = fcntl(pfd, F_DUPFD_CLOEXEC, 0);
        DIR *d = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
        if (!d) {
                int e = errno;
                if (dup_fd >= 0)
                        close(dup_fd);
                close(pfd);
                return -e;
        }
        size_t plen = strlen(prefix);
        int removed = 0;
        struct dirent *e;
        while ((e = readdir(d))) {
                int kind = sweepable_name(e->d_name, prefix, plen);
                if (kind && (e->d_type == DT_DIR || e->d_type == DT_UNKNOWN))
                        removed += sweep_one(pfd, e->d_name, kind == 2) > 0;
        }
        closedir(d);
        close(pfd);
        return removed;
}
