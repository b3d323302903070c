/* disk.c — the run's writable space, built by pid 1 in the run's
 * namespaces.  One tmpfs, sized by the disk limit (size= and nr_inodes=)
 * and attached nowhere, holds the view's /tmp and, for every writable
 * tree (each rw --dir, then the workdir), the upper layer of an overlay
 * whose lower layer is the host tree (bound read-only; idmapped for a
 * root caller).  So the kernel bounds what the run writes (ENOSPC), the
 * program never writes a host file itself, and the supervisor, handed the
 * tmpfs, copies the changes back once the program is gone (commit.c). */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef FSOPEN_CLOEXEC
#define FSOPEN_CLOEXEC 0x00000001
#endif
#ifndef FSMOUNT_CLOEXEC
#define FSMOUNT_CLOEXEC 0x00000001
#endif

void sbx__disk_limits(const struct sbx_jail *j, uint64_t *mib, uint64_t *files)
{
        *mib = j->disk_mib ? j->disk_mib : SBX_DISK_DEFAULT_MIB;
        *files = j->disk_files ? j->disk_files : SBX_DISK_DEFAULT_FILES;
}

size_t sbx__disk_ntrees(const struct sbx_jail *j, const char *workdir)
{
        size_t n = workdir ? 1 : 0;
        for (size_t i = 0; i < j->ndirs; i++)
                n += j->dirs[i].rw;
        return n;
}

static int fsconfig_str(int fs, const char *key, const char *value)
{
        return (int)syscall(SYS_fsconfig, fs, value ? FSCONFIG_SET_STRING : FSCONFIG_SET_FLAG, key, value, 0);
}

/* A new mount of type fs with options (key, value pairs; a NULL value is
 * a flag), detached, nosuid and nodev.  fd or -errno. */
static int new_mount(const char *type, const char *const *opts, size_t nopts)
{
        int fs = (int)syscall(SYS_fsopen, type, FSOPEN_CLOEXEC);
        if (fs < 0)
                return -errno;
        int rc = 0;
        for (size_t i = 0; i + 1 < nopts && rc == 0; i += 2)
                if (fsconfig_str(fs, opts[i], opts[i + 1]) < 0)
                        rc = -errno;
        if (rc == 0 && syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
                rc = -errno;
        int m = rc == 0 ? (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV)
                        : -1;
        if (rc == 0 && m < 0)
                rc = -errno;
        close(fs);
        return rc < 0 ? rc : m;
}

int sbx__disk_new(const struct sbx_jail *j, size_t ntrees, char *msg, size_t len)
{
        uint64_t mib, files;
        sbx__disk_limits(j, &mib, &files);
        /* Our own inodes come on top of the program's: the root, tmp/, and
         * per tree its upper, its work dir, the work dir's "work" and the
         * whiteout overlayfs keeps there. */
        char size[32], inodes[32];
        snprintf(size, sizeof size, "%llum", (unsigned long long)mib);
        snprintf(inodes, sizeof inodes, "%llu", (unsigned long long)(files + 4 + 4 * ntrees));
        const char *const opts[] = {"size", size, "nr_inodes", inodes, "mode", "0700", "huge", "never"};
        int disk = new_mount("tmpfs", opts, sizeof opts / sizeof opts[0]);
        if (disk < 0)
                return sbx_errf(msg, len, disk, "cannot make the run's disk (tmpfs): %m");
        int rc = 0;
        /* mkdirat's mode goes through our umask: the modes are set after. */
        if (mkdirat(disk, "tmp", 0700) < 0 || fchmodat(disk, "tmp", 01777, 0) < 0)
                rc = sbx_errf(msg, len, -errno, "cannot make '/tmp' on the run's disk: %m");
        for (size_t k = 0; k < ntrees && rc == 0; k++) {
                char w[32];
                snprintf(w, sizeof w, "w%zu", k);
                if (mkdirat(disk, w, 0700) < 0)
                        rc = sbx_errf(msg, len, -errno, "cannot make a work dir on the run's disk: %m");
        }
        if (rc < 0) {
                close(disk);
                return rc;
        }
        return disk;
}

int sbx__disk_tmp(int disk, char *msg, size_t len)
{
        /* A clone of tmp/ alone: from /tmp no path leads to the rest of
         * the disk (the upper layers). */
        int t = (int)syscall(SYS_open_tree, disk, "tmp", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
        if (t < 0)
                return sbx_errf(msg, len, -errno, "cannot mount '/tmp': %m");
        int rc = 0;
        if (syscall(SYS_move_mount, t, "", AT_FDCWD, "/tmp", MOVE_MOUNT_F_EMPTY_PATH) < 0)
                rc = sbx_errf(msg, len, -errno, "cannot mount '/tmp': %m");
        close(t);
        return rc;
}

/* A host tree's upper dir, with the tree root's mode and times (the
 * overlay's root shows the upper's; unchanged, the copy-back finds them
 * equal). */
static int upper_dir(int disk, size_t k, const struct stat *lower, char *u, size_t ulen)
{
        struct timespec t[2] = {lower->st_atim, lower->st_mtim};
        snprintf(u, ulen, "u%zu", k);
        if (mkdirat(disk, u, 0700) < 0 || fchmodat(disk, u, lower->st_mode & 01777, 0) < 0 ||
            utimensat(disk, u, t, 0) < 0)
                return -errno;
        return 0;
}

int sbx__disk_overlay(int disk, size_t k, const char *path, char *msg, size_t len)
{
        /* The lower layer is what is attached at path now: the host tree,
         * read-only.  The overlay covers it: nothing the program can name
         * leads to it, or to the upper and work dirs (on the detached
         * disk).  Layers are named through /proc/self/fd, so no host path
         * (commas, colons) goes through the option parser. */
        int lower = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (lower < 0)
                return sbx_errf(msg, len, -errno, "cannot open '%s' in the view: %m", path);
        struct stat st;
        char u[32], w[32], lo[48], up[48], wk[48];
        int ufd = -1, wfd = -1, rc = 0;
        if (fstat(lower, &st) < 0 || upper_dir(disk, k, &st, u, sizeof u) < 0) {
                rc = sbx_errf(msg, len, -errno, "cannot make the upper layer of '%s': %m", path);
                goto out;
        }
        snprintf(w, sizeof w, "w%zu", k);
        ufd = openat(disk, u, O_PATH | O_DIRECTORY | O_CLOEXEC);
        wfd = openat(disk, w, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (ufd < 0 || wfd < 0) {
                rc = sbx_errf(msg, len, -errno, "cannot open the layers of '%s': %m", path);
                goto out;
        }
        snprintf(lo, sizeof lo, "/proc/self/fd/%d", lower);
        snprintf(up, sizeof up, "/proc/self/fd/%d", ufd);
        snprintf(wk, sizeof wk, "/proc/self/fd/%d", wfd);
        /* userxattr: the markers of an overlay made in a user namespace
         * (user.overlay.*).  No redirects, no metadata-only copies, no
         * index: the copy-back reads plain files, whiteouts and opaque
         * dirs only. */
        const char *const opts[] = {"lowerdir", lo,         "upperdir", up,      "workdir",      wk,
                                    "userxattr", NULL,      "index",    "off",   "metacopy",     "off",
                                    "redirect_dir", "nofollow"};
        int m = new_mount("overlay", opts, sizeof opts / sizeof opts[0]);
        if (m < 0) {
                rc = sbx_errf(msg, len, m, "no overlay on '%s': %m", path);
                goto out;
        }
        if (syscall(SYS_move_mount, m, "", AT_FDCWD, path, MOVE_MOUNT_F_EMPTY_PATH) < 0)
                rc = sbx_errf(msg, len, -errno, "cannot mount the overlay on '%s': %m", path);
        close(m);
out:
        if (ufd >= 0)
                close(ufd);
        if (wfd >= 0)
                close(wfd);
        close(lower);
        return rc;
}

int sbx__disk_file(int disk, size_t k, const char *path, char *msg, size_t len)
{
        /* A writable file: a copy on the disk (what it costs counts),
         * bound over it.  The copy keeps the file's mtime: the copy-back
         * replaces the host file only when size, mtime or mode differ. */
        char u[32];
        snprintf(u, sizeof u, "u%zu", k);
        int in = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
        if (in < 0)
                return sbx_errf(msg, len, -errno, "cannot read '%s': %m", path);
        struct stat st;
        int rc = 0, out = -1;
        if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode)) {
                rc = sbx_errf(msg, len, errno ? -errno : -EINVAL, "cannot read '%s': %m", path);
                goto done;
        }
        out = openat(disk, u, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (out < 0) {
                rc = sbx_errf(msg, len, -errno, "cannot copy '%s' to the run's disk: %m", path);
                goto done;
        }
        for (off_t off = 0; off < st.st_size;) {
                ssize_t n = sendfile(out, in, &off, (size_t)(st.st_size - off));
                if (n <= 0) {
                        rc = sbx_errf(msg, len, n < 0 ? -errno : -EIO, "cannot copy '%s' to the run's disk: %m",
                                      path);
                        goto done;
                }
        }
        struct timespec t[2] = {st.st_atim, st.st_mtim};
        if (fchmod(out, st.st_mode & 0777) < 0 || futimens(out, t) < 0) {
                rc = sbx_errf(msg, len, -errno, "cannot copy '%s' to the run's disk: %m", path);
                goto done;
        }
        int tree = (int)syscall(SYS_open_tree, disk, u, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
        if (tree < 0 || syscall(SYS_move_mount, tree, "", AT_FDCWD, path, MOVE_MOUNT_F_EMPTY_PATH) < 0)
                rc = sbx_errf(msg, len, -errno, "cannot bind the copy of '%s': %m", path);
        if (tree >= 0)
                close(tree);
done:
        if (out >= 0)
                close(out);
        close(in);
        return rc;
}

bool sbx__disk_full(int disk)
{
        struct statfs sf;
        return fstatfs(disk, &sf) == 0 && (sf.f_bfree == 0 || sf.f_ffree == 0);
}
