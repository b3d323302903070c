/* scratch.c — temporary folders that outlive nothing.  Each folder (a
 * grading's, a validation's, an extracted bundle's ...) holds a lock file,
 * flock'ed for its maker's whole life, so a folder whose lock is free
 * belongs to a process that died (SIGKILL, a crash, a reboot) and the next
 * process making one of the same kind in the same TMPDIR sweeps it.  The
 * folder is locked before it appears under its final name, so a sweep can
 * never take a live one.  Removal is sbx_file_rmtree's, from directory
 * descriptors, never following a symlink nor crossing into another file
 * system: the folder holds what candidate code wrote. */
#include "scratch.h"

#include "sbx_file.h"

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
                        sbx_file_rmtree(live_path[i]);
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
                return sbx_errf(err, errsz, -EINVAL, "cannot create a scratch folder in '%s': %m", parent);
        grd_scratch_sweep(parent, prefix); /* best effort: a folder it cannot take stays */
        char tmp[PATH_MAX], final[PATH_MAX];
        for (int attempt = 0; attempt < 16; attempt++) {
                if (snprintf(tmp, sizeof tmp, "%s/.%sXXXXXX", parent, prefix) >= (int)sizeof tmp)
                        return sbx_errf(err, errsz, -ENAMETOOLONG,
                                        "cannot create a scratch folder in '%s': %m", parent);
                if (!mkdtemp(tmp))
                        return sbx_errf(err, errsz, -errno, "cannot create a scratch folder in '%s': %m",
                                        parent);
                int dfd = open(tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (dfd < 0) {
                        if (errno == ENOENT)
                                continue; /* a sweep took the empty folder: again */
                        return sbx_errf(err, errsz, -errno, "cannot open '%s': %m", tmp);
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
                                return sbx_errf(err, errsz, -e, "cannot create a lock in '%s': %m", tmp);
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
                                sbx_file_rmtree_at(AT_FDCWD, tmp, dfd);
                        close(lfd);
                        close(dfd);
                        if (e == EEXIST || e == ENOTEMPTY || e == ENOENT)
                                continue;
                        return sbx_errf(err, errsz, -e, "cannot rename '%s': %m", tmp);
                }
                close(dfd);
                snprintf(ret->path, sizeof ret->path, "%s", final);
                ret->lock_fd = lfd;
                ret->keep = keep;
                ret->live = keep ? -1 : live_add(ret->path);
                return 0;
        }
        return sbx_errf(err, errsz, -EAGAIN, "cannot create a scratch folder in '%s': %m", parent);
}

void grd_scratch_release(struct grd_scratch *s)
{
        if (!s || !s->path[0])
                return;
        if (!s->keep) {
                sbx_file_rmtree(s->path);
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
                rc = sbx_file_rmtree_at(pfd, name, dfd) == 0 ? 1 : 0;
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
