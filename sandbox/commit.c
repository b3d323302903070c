/* commit.c — a run's changes copied back to the host.  The program wrote
 * into the upper layers of overlays on the run's disk (disk.c), never
 * into a host tree; once none of its processes is left, the supervisor
 * walks each upper layer and makes the host tree match: new and changed
 * files (written under a temporary name, then renamed over), directories,
 * symbolic links as links, FIFOs, and deletions (whiteouts, opaque
 * directories).  Host paths are opened one component at a time, never
 * through a symbolic link and never into another mount; nothing copied
 * carries a set-uid or set-gid bit, and for a root caller what is created
 * belongs to the program's host uid, never to root. */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

/* Directory levels a copy-back follows (each holds two descriptors). */
#define DEPTH_MAX 128
/* Files with several names whose first copy is kept open to link to. */
#define LINKS_MAX 64

struct link {
        dev_t dev;
        ino_t ino;
        int fd; /* the host copy */
};

struct commit {
        uid_t owner;          /* (uid_t)-1: what we create stays ours */
        bool root;            /* we are root: no permission to lend ourselves */
        uint64_t bytes, files, max_bytes, max_files;
        unsigned long long nonce;
        unsigned seq;
        struct link links[LINKS_MAX];
        size_t nlinks;
        char *why;
        size_t whylen;
        const char *tree; /* for messages */
};

__attribute__((format(printf, 3, 4)))
static int fail(struct commit *cm, int err, const char *fmt, ...)
{
        if (cm->why[0])
                return -err; /* the first failure explains */
        int n = snprintf(cm->why, cm->whylen, "'%s': ", cm->tree);
        va_list ap;
        va_start(ap, fmt);
        if (n >= 0 && (size_t)n < cm->whylen)
                n += vsnprintf(cm->why + n, cm->whylen - (size_t)n, fmt, ap);
        va_end(ap);
        if (err != EDQUOT && n >= 0 && (size_t)n < cm->whylen)
                snprintf(cm->why + n, cm->whylen - (size_t)n, ": %s", strerror(err));
        return -err;
}

static bool is_dot(const char *n)
{
        return n[0] == '.' && (!n[1] || (n[1] == '.' && !n[2]));
}

/* An entry of the upper layer.  The program may have taken every right
 * from its own files; an unprivileged supervisor owns them (they are the
 * caller's uid outside), so it gives itself back the one it needs. */
static int up_open(struct commit *cm, int dfd, const char *name, int flags, mode_t need)
{
        int fd = openat(dfd, name, flags | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
        if (fd < 0 && errno == EACCES && !cm->root && fchmodat(dfd, name, need, 0) == 0)
                fd = openat(dfd, name, flags | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
        return fd;
}

/* A host directory below dfd: never through a symbolic link, never into
 * another mount (a mount point inside a host tree is not the tree's). */
static int host_dir(int dfd, const char *name)
{
        struct open_how how = {.flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC,
                               .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_XDEV};
        return (int)syscall(SYS_openat2, dfd, name, &how, sizeof how);
}

static int budget(struct commit *cm, uint64_t bytes, uint64_t files)
{
        cm->bytes += bytes;
        cm->files += files;
        if (cm->bytes > cm->max_bytes || cm->files > cm->max_files)
                return fail(cm, EDQUOT, "the files to copy back pass the disk limit");
        return 0;
}

static void tmp_name(struct commit *cm, char *buf, size_t len)
{
        snprintf(buf, len, ".gauntlet-%llx-%u", cm->nonce, cm->seq++);
}

/* Remove name from the host dir dfd, a directory with all it holds. */
static int host_remove(struct commit *cm, int dfd, const char *name, int depth)
{
        if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT)
                return 0;
        if (errno != EISDIR && errno != EPERM)
                return fail(cm, errno, "cannot remove '%s'", name);
        if (depth > DEPTH_MAX)
                return fail(cm, ELOOP, "cannot remove '%s'", name);
        int fd = host_dir(dfd, name);
        if (fd < 0)
                return fail(cm, errno, "cannot remove '%s'", name);
        DIR *d = fdopendir(fd);
        if (!d) {
                close(fd);
                return fail(cm, errno, "cannot remove '%s'", name);
        }
        int rc = 0;
        struct dirent *e;
        while (rc == 0 && (e = readdir(d)))
                if (!is_dot(e->d_name))
                        rc = host_remove(cm, dirfd(d), e->d_name, depth + 1);
        closedir(d);
        if (rc == 0 && unlinkat(dfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
                rc = fail(cm, errno, "cannot remove '%s'", name);
        return rc;
}

/* Put tmp (in dfd) in place of name: a directory there goes first. */
static int install(struct commit *cm, int dfd, const char *tmp, const char *name)
{
        int rc = 0;
        if (renameat(dfd, tmp, dfd, name) < 0) {
                if (errno != EISDIR && errno != ENOTEMPTY && errno != EEXIST)
                        rc = fail(cm, errno, "cannot write '%s'", name);
                else if ((rc = host_remove(cm, dfd, name, 0)) == 0 && renameat(dfd, tmp, dfd, name) < 0)
                        rc = fail(cm, errno, "cannot write '%s'", name);
        }
        if (rc < 0)
                unlinkat(dfd, tmp, 0);
        return rc;
}

/* Owner, mode without set-uid and set-gid, times, on a new host entry. */
static int finish(struct commit *cm, int fd, const struct stat *st, const char *name)
{
        struct timespec t[2] = {st->st_atim, st->st_mtim};
        mode_t keep = S_ISDIR(st->st_mode) ? 01777 : 0777;
        /* chown first: it would clear the set-id bits anyway, and fchmod
         * then sets the final mode. */
        if ((cm->owner != (uid_t)-1 && fchown(fd, cm->owner, cm->owner) < 0) ||
            fchmod(fd, st->st_mode & keep) < 0 || futimens(fd, t) < 0)
                return fail(cm, errno, "cannot set the owner and mode of '%s'", name);
        return 0;
}

static int copy_data(struct commit *cm, int in, int out, const struct stat *st, const char *name)
{
        /* Only the data: holes stay holes (a sparse file of the run's
         * costs no more on the host than on its disk). */
        for (off_t off = 0;;) {
                off_t data = lseek(in, off, SEEK_DATA);
                if (data < 0)
                        break; /* ENXIO: no data past off */
                off_t hole = lseek(in, data, SEEK_HOLE);
                if (hole < 0)
                        hole = st->st_size;
                int rc = budget(cm, (uint64_t)(hole - data), 0);
                if (rc < 0)
                        return rc;
                if (lseek(out, data, SEEK_SET) < 0)
                        return fail(cm, errno, "cannot write '%s'", name);
                for (off_t o = data; o < hole;) {
                        ssize_t n = sendfile(out, in, &o, (size_t)(hole - o));
                        if (n <= 0)
                                return fail(cm, n < 0 ? errno : EIO, "cannot write '%s'", name);
                }
                off = hole;
        }
        if (ftruncate(out, st->st_size) < 0)
                return fail(cm, errno, "cannot write '%s'", name);
        return 0;
}

/* A regular file of the upper layer (up/uname) to host/hname. */
static int put_file(struct commit *cm, int up, const char *uname, const struct stat *st, int host, const char *hname)
{
        char tmp[64];
        tmp_name(cm, tmp, sizeof tmp);
        int rc;
        /* Another name of a file already copied: linked to the copy. */
        for (size_t i = 0; st->st_nlink > 1 && i < cm->nlinks; i++) {
                if (cm->links[i].dev != st->st_dev || cm->links[i].ino != st->st_ino)
                        continue;
                char self[48];
                snprintf(self, sizeof self, "/proc/self/fd/%d", cm->links[i].fd);
                if (linkat(AT_FDCWD, self, host, tmp, AT_SYMLINK_FOLLOW) < 0)
                        break; /* another file system: a copy of its own */
                if ((rc = budget(cm, 0, 1)) < 0) {
                        unlinkat(host, tmp, 0);
                        return rc;
                }
                return install(cm, host, tmp, hname);
        }
        if ((rc = budget(cm, 0, 1)) < 0)
                return rc;
        int in = up_open(cm, up, uname, O_RDONLY | O_NONBLOCK, 0400);
        if (in < 0)
                return fail(cm, errno, "cannot read the run's '%s'", hname);
        int out = openat(host, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (out < 0) {
                close(in);
                return fail(cm, errno, "cannot create '%s'", hname);
        }
        rc = copy_data(cm, in, out, st, hname);
        close(in);
        if (rc == 0)
                rc = finish(cm, out, st, hname);
        if (rc == 0)
                rc = install(cm, host, tmp, hname);
        else
                unlinkat(host, tmp, 0);
        if (rc == 0 && st->st_nlink > 1 && cm->nlinks < LINKS_MAX)
                cm->links[cm->nlinks++] = (struct link){st->st_dev, st->st_ino, out};
        else
                close(out);
        return rc;
}

static int put_other(struct commit *cm, int up, const char *name, const struct stat *st, int host)
{
        char tmp[64], target[4096];
        tmp_name(cm, tmp, sizeof tmp);
        int rc = budget(cm, 0, 1);
        if (rc < 0)
                return rc;
        if (S_ISLNK(st->st_mode)) {
                /* A link stays a link: copied, never followed. */
                ssize_t n = readlinkat(up, name, target, sizeof target - 1);
                if (n < 0)
                        return fail(cm, errno, "cannot read the run's '%s'", name);
                target[n] = '\0';
                if (symlinkat(target, host, tmp) < 0)
                        return fail(cm, errno, "cannot create '%s'", name);
        } else if (mknodat(host, tmp, S_IFIFO | 0600, 0) < 0) {
                return fail(cm, errno, "cannot create '%s'", name);
        }
        struct timespec t[2] = {st->st_atim, st->st_mtim};
        if ((cm->owner != (uid_t)-1 && fchownat(host, tmp, cm->owner, cm->owner, AT_SYMLINK_NOFOLLOW) < 0) ||
            (S_ISFIFO(st->st_mode) && fchmodat(host, tmp, st->st_mode & 0777, 0) < 0) ||
            utimensat(host, tmp, t, AT_SYMLINK_NOFOLLOW) < 0) {
                rc = fail(cm, errno, "cannot set the owner and mode of '%s'", name);
                unlinkat(host, tmp, 0);
                return rc;
        }
        return install(cm, host, tmp, name);
}

static int commit_dir(struct commit *cm, int up, int host, bool opaque, int depth);

/* Mode and times of a host directory from the upper layer's: the
 * program's chmod without set-id bits (a host dir's own set-gid stays
 * unless the program changed the mode). */
static void dir_meta(struct commit *cm, int hfd, const struct stat *st, const struct stat *was, bool created)
{
        struct timespec t[2] = {st->st_atim, st->st_mtim};
        if (created || (st->st_mode & 01777) != (was->st_mode & 01777))
                (void)fchmod(hfd, st->st_mode & 01777);
        else if (!cm->root && (was->st_mode & 0300) != 0300)
                (void)fchmod(hfd, was->st_mode & 07777); /* lent to ourselves: given back */
        (void)futimens(hfd, t);
}

static int put_dir(struct commit *cm, int up, const char *name, const struct stat *st, int host, bool opaque,
                   int depth)
{
        if (depth >= DEPTH_MAX)
                return fail(cm, EDQUOT, "more than %d levels of directories", DEPTH_MAX);
        int ufd = up_open(cm, up, name, O_RDONLY | O_DIRECTORY, 0700);
        if (ufd < 0)
                return fail(cm, errno, "cannot read the run's '%s'", name);
        /* An opaque dir (removed and made again in the run, or inside such
         * a one) replaces the host's with all it held: a new directory,
         * the program's. */
        char x[8];
        ssize_t xn = fgetxattr(ufd, "user.overlay.opaque", x, sizeof x);
        opaque = opaque || (xn == 1 && x[0] == 'y');
        bool created = false;
        int rc = 0, hfd = host_dir(host, name);
        if (hfd < 0 && errno != ENOENT && errno != ENOTDIR && errno != ELOOP) {
                rc = fail(cm, errno, "cannot open '%s'", name);
                goto out;
        }
        if (hfd >= 0 && opaque) {
                close(hfd);
                hfd = -1;
                errno = EEXIST;
        }
        if (hfd < 0) { /* missing, not a directory, or replaced */
                if ((errno != ENOENT && (rc = host_remove(cm, host, name, 0)) < 0) || (rc = budget(cm, 0, 1)) < 0)
                        goto out;
                if (mkdirat(host, name, 0700) < 0 && errno != EEXIST) {
                        rc = fail(cm, errno, "cannot create '%s'", name);
                        goto out;
                }
                if ((hfd = host_dir(host, name)) < 0) {
                        rc = fail(cm, errno, "cannot open '%s'", name);
                        goto out;
                }
                created = true;
                /* The new dir may have taken a set-gid bit from its parent:
                 * dir_meta sets its mode after its contents. */
                if (cm->owner != (uid_t)-1 && fchown(hfd, cm->owner, cm->owner) < 0) {
                        rc = fail(cm, errno, "cannot set the owner of '%s'", name);
                        goto out;
                }
        }
        struct stat was;
        if (fstat(hfd, &was) < 0) {
                rc = fail(cm, errno, "cannot open '%s'", name);
                goto out;
        }
        if (!created && !cm->root && (was.st_mode & 0300) != 0300)
                (void)fchmod(hfd, (was.st_mode & 07777) | 0300);
        rc = commit_dir(cm, ufd, hfd, opaque, depth + 1);
        dir_meta(cm, hfd, st, &was, created);
out:
        if (hfd >= 0)
                close(hfd);
        close(ufd);
        return rc;
}

struct names {
        char **v;
        size_t n, cap;
};

static int names_add(struct names *ns, const char *name)
{
        if (ns->n == ns->cap) {
                size_t cap = ns->cap ? 2 * ns->cap : 16;
                char **v = realloc(ns->v, cap * sizeof *v);
                if (!v)
                        return -ENOMEM;
                ns->v = v;
                ns->cap = cap;
        }
        if (!(ns->v[ns->n] = strdup(name)))
                return -ENOMEM;
        ns->n++;
        return 0;
}

/* The entries of the upper directory up into the host directory host
 * (opaque: inside a directory that replaced the host's).  Subdirectories
 * come after the others, with this level's listing closed: two
 * descriptors a level. */
static int commit_dir(struct commit *cm, int up, int host, bool opaque, int depth)
{
        int rc = 0;
        int fd = openat(up, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
        if (!d) {
                if (fd >= 0)
                        close(fd);
                return fail(cm, errno, "cannot read the run's files");
        }
        struct names dirs = {0};
        struct dirent *e;
        struct stat st;
        while (rc == 0 && (e = readdir(d))) {
                const char *n = e->d_name;
                if (is_dot(n))
                        continue;
                if (fstatat(up, n, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                        rc = fail(cm, errno, "cannot read the run's '%s'", n);
                } else if (S_ISCHR(st.st_mode) && st.st_rdev == 0) {
                        rc = host_remove(cm, host, n, 0); /* a whiteout: deleted */
                } else if (S_ISDIR(st.st_mode)) {
                        if (names_add(&dirs, n) < 0)
                                rc = fail(cm, ENOMEM, "cannot read the run's files");
                } else if (S_ISREG(st.st_mode)) {
                        rc = put_file(cm, up, n, &st, host, n);
                } else if (S_ISLNK(st.st_mode) || S_ISFIFO(st.st_mode)) {
                        rc = put_other(cm, up, n, &st, host);
                } /* sockets and devices mean nothing once the run is over */
        }
        closedir(d);
        for (size_t i = 0; i < dirs.n; i++) {
                if (rc == 0 && fstatat(up, dirs.v[i], &st, AT_SYMLINK_NOFOLLOW) < 0)
                        rc = fail(cm, errno, "cannot read the run's '%s'", dirs.v[i]);
                if (rc == 0)
                        rc = put_dir(cm, up, dirs.v[i], &st, host, opaque, depth);
                free(dirs.v[i]);
        }
        free(dirs.v);
        return rc;
}

int sbx__wtrees_open(const struct sbx__dir *dirs, size_t ndirs, const char *workdir, struct sbx__wtree **ret,
                     size_t *ret_n, char *why, size_t whylen)
{
        size_t n = workdir ? 1 : 0, k = 0;
        for (size_t i = 0; i < ndirs; i++)
                n += dirs[i].rw;
        *ret = NULL;
        *ret_n = 0;
        if (n == 0)
                return 0;
        struct sbx__wtree *t = calloc(n, sizeof *t);
        if (!t) {
                snprintf(why, whylen, "out of memory");
                return -ENOMEM;
        }
        int rc = 0;
        for (size_t i = 0; i <= ndirs && rc == 0; i++) {
                const char *p = i < ndirs ? (dirs[i].rw ? dirs[i].path : NULL) : workdir;
                if (!p)
                        continue;
                struct sbx__wtree *w = &t[k++];
                w->path = p;
                w->fd = open(p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (w->fd >= 0 || errno != ENOTDIR)
                        goto check;
                /* A writable file: its folder and its name. */
                const char *slash = strrchr(p, '/');
                char parent[4096];
                snprintf(parent, sizeof parent, "%.*s", (int)(slash - p), p);
                w->file = true;
                w->name = strdup(slash + 1);
                w->fd = w->name ? open(parent[0] ? parent : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
        check:
                if (w->fd < 0) {
                        rc = -errno;
                        snprintf(why, whylen, "cannot use dir '%s': %s", p, strerror(errno));
                }
        }
        if (rc < 0) {
                sbx__wtrees_close(t, k);
                return rc;
        }
        *ret = t;
        *ret_n = n;
        return 0;
}

void sbx__wtrees_close(struct sbx__wtree *t, size_t n)
{
        for (size_t i = 0; t && i < n; i++) {
                if (t[i].fd >= 0)
                        close(t[i].fd);
                free(t[i].name);
        }
        free(t);
}

/* A writable file: replaced when the run changed it. */
static int commit_file(struct commit *cm, int disk, const char *u, const struct sbx__wtree *w)
{
        struct stat st, host;
        if (fstatat(disk, u, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
                return 0; /* not made (the run failed before) */
        if (fstatat(w->fd, w->name, &host, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(host.st_mode) &&
            host.st_size == st.st_size && host.st_mtim.tv_sec == st.st_mtim.tv_sec &&
            host.st_mtim.tv_nsec == st.st_mtim.tv_nsec && (host.st_mode & 0777) == (st.st_mode & 0777))
                return 0;
        return put_file(cm, disk, u, &st, w->fd, w->name);
}

int sbx__disk_commit(int disk, const struct sbx__wtree *t, size_t n, uid_t owner, uint64_t max_bytes,
                     uint64_t max_files, char *why, size_t whylen)
{
        struct commit cm = {.owner = owner, .root = geteuid() == 0, .max_bytes = max_bytes,
                            .max_files = max_files, .why = why, .whylen = whylen};
        why[0] = '\0';
        if (getrandom(&cm.nonce, sizeof cm.nonce, GRND_NONBLOCK) != (ssize_t)sizeof cm.nonce)
                cm.nonce = (unsigned long long)getpid() << 32 ^ (unsigned long long)(uintptr_t)&cm;
        int rc = 0;
        for (size_t k = 0; k < n && rc == 0; k++) {
                char u[32];
                snprintf(u, sizeof u, "u%zu", k);
                cm.tree = t[k].path;
                if (t[k].file) {
                        rc = commit_file(&cm, disk, u, &t[k]);
                        continue;
                }
                struct stat st, was;
                int ufd = up_open(&cm, disk, u, O_RDONLY | O_DIRECTORY, 0700);
                if (ufd < 0) {
                        if (errno != ENOENT && errno != ENOTDIR)
                                rc = fail(&cm, errno, "cannot read the run's files");
                        continue; /* not made (the run failed before) */
                }
                if (fstat(ufd, &st) < 0 || fstat(t[k].fd, &was) < 0)
                        rc = fail(&cm, errno, "cannot read the run's files");
                if (rc == 0 && !cm.root && (was.st_mode & 0300) != 0300)
                        (void)fchmod(t[k].fd, (was.st_mode & 07777) | 0300);
                if (rc == 0)
                        rc = commit_dir(&cm, ufd, t[k].fd, false, 0);
                if (rc == 0)
                        dir_meta(&cm, t[k].fd, &st, &was, false);
                close(ufd);
        }
        for (size_t i = 0; i < cm.nlinks; i++)
                close(cm.links[i].fd);
        return rc;
}

void sbx__run_commit(struct sbx__run *r, const struct sbx__wtree *t, size_t n, unsigned owner)
{
        if (!r->have_disk)
                return;
        struct sbx_result *res = r->res;
        unsigned seen = r->seen;
        /* Nothing of the program may write while we copy: its processes
         * are gone once pid 1 is (a pool's run knows it earlier). */
        if (r->pid1 > 0 && !(r->early && r->have_status && r->status.alone)) {
                kill(r->pid1, SIGKILL);
                while (waitpid(r->pid1, NULL, 0) < 0 && errno == EINTR)
                        ;
                r->pid1 = 0;
        }
        if (sbx__disk_full(r->disk_fd))
                r->seen |= SBX__SEEN(SBX_STATUS_DISK_LIMIT);
        if (n && !(r->seen & SBX__SEEN(SBX_STATUS_INTERNAL_ERROR))) {
                uint64_t mib, files;
                sbx__disk_limits(r->j, &mib, &files);
                char why[200];
                int rc = sbx__disk_commit(r->disk_fd, t, n, owner, mib << 20, files, why, sizeof why);
                if (rc == -EDQUOT) {
                        r->seen |= SBX__SEEN(SBX_STATUS_DISK_LIMIT);
                        snprintf(res->message, sizeof res->message, "copied back in part: %s", why);
                } else if (rc < 0) {
                        r->seen |= SBX__SEEN(SBX_STATUS_INTERNAL_ERROR);
                        sbx__internal(res, 0, "cannot copy the run's files back: %s", why);
                }
        }
        if (r->seen != seen)
                res->status = sbx__status_pick(r->seen);
        if (r->disk_note[0] && res->status != SBX_STATUS_INTERNAL_ERROR) {
                size_t len = strlen(res->message);
                snprintf(res->message + len, sizeof res->message - len, "%s%s", len ? "; " : "degraded: ",
                         r->disk_note);
        }
        /* The disk goes with sbx__run_teardown: its last close detaches
         * its mount (an RCU grace period), off a pool's answer. */
}
