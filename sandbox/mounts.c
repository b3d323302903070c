/* mounts.c — the program's filesystem view, built by pid 1 inside the new
 * user and mount namespaces: a fresh tmpfs as root, the system dirs and
 * requested dirs bound read-only, a minimal /etc, a few device nodes, a
 * fresh /proc, a private /tmp, the workdir bound writable; then pivot_root
 * and the old root detached, so nothing else of the host is reachable. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#define OLD "/oldroot"

static int mkdir_p(const char *path, mode_t mode)
{
        char buf[1100];
        snprintf(buf, sizeof buf, "%s", path);
        for (char *p = buf + 1; *p; p++) {
                if (*p != '/')
                        continue;
                *p = '\0';
                if (mkdir(buf, 0755) < 0 && errno != EEXIST)
                        return -errno;
                *p = '/';
        }
        if (mkdir(buf, mode) < 0 && errno != EEXIST)
                return -errno;
        return 0;
}

/* Flags the kernel locks on a mount made in a less privileged namespace:
 * a remount must repeat them or it fails with EPERM. */
static unsigned long locked_flags(const char *path)
{
        struct statvfs sv;
        unsigned long f = 0;
        if (statvfs(path, &sv) < 0)
                return 0;
        if (sv.f_flag & ST_NOEXEC)
                f |= MS_NOEXEC;
        if (sv.f_flag & ST_NOATIME)
                f |= MS_NOATIME;
        if (sv.f_flag & ST_NODIRATIME)
                f |= MS_NODIRATIME;
        if (sv.f_flag & ST_RELATIME)
                f |= MS_RELATIME;
        if (sv.f_flag & ST_NOSUID)
                f |= MS_NOSUID;
        if (sv.f_flag & ST_NODEV)
                f |= MS_NODEV;
        return f;
}

/* The host's tree as a detached copy held by pid 1, when the host root
 * was detached before the request came (a pool's prepared sandbox: the
 * detach, which may wait for an RCU grace period, is then off the run's
 * path); -1 while the host root is at OLD. */
static int host_tree = -1;

/* src (an absolute host path) as a new detached tree cloned from
 * host_tree, nosuid, and nodev and read-only as asked, attached at dst. */
static int bind_from_tree(const char *src, const char *dst, bool rw, bool dev, char *msg, size_t len)
{
        const char *rel = src[1] ? src + 1 : "";
        int t = (int)syscall(SYS_open_tree, host_tree, rel,
                             OPEN_TREE_CLONE | AT_RECURSIVE | OPEN_TREE_CLOEXEC | (rel[0] ? 0 : AT_EMPTY_PATH));
        if (t < 0)
                return sbx_errf(msg, len, -errno, "cannot bind '%s': %m", src);
        struct mount_attr a = {.attr_set = MOUNT_ATTR_NOSUID | (dev ? 0 : MOUNT_ATTR_NODEV) |
                                           (rw ? 0 : MOUNT_ATTR_RDONLY)};
        int rc = 0;
        if (syscall(SYS_mount_setattr, t, "", AT_EMPTY_PATH | AT_RECURSIVE, &a, sizeof a) < 0)
                rc = sbx_errf(msg, len, -errno, "cannot remount '%s': %m", src);
        else if (syscall(SYS_move_mount, t, "", AT_FDCWD, dst, MOVE_MOUNT_F_EMPTY_PATH) < 0)
                rc = sbx_errf(msg, len, -errno, "cannot bind '%s': %m", src);
        close(t);
        return rc;
}

/* Bind OLD+src at dst, then remount it nosuid (and nodev, read-only as
 * asked).  dst (a dir or, for files, an empty file) must exist. */
static int bind_path(const char *src, const char *dst, bool rw, bool dev, char *msg, size_t len)
{
        if (host_tree >= 0)
                return bind_from_tree(src, dst, rw, dev, msg, len);
        char from[1100];
        snprintf(from, sizeof from, OLD "%s", src);
        if (mount(from, dst, NULL, MS_BIND | MS_REC, NULL) < 0)
                return sbx_errf(msg, len, -errno, "cannot bind '%s': %m", src);
        unsigned long fl = MS_REMOUNT | MS_BIND | MS_NOSUID | locked_flags(dst);
        if (!dev)
                fl |= MS_NODEV;
        if (!rw)
                fl |= MS_RDONLY;
        if (mount(NULL, dst, NULL, fl, NULL) < 0)
                return sbx_errf(msg, len, -errno, "cannot remount '%s': %m", src);
        return 0;
}

/* A dir or the workdir at its own path: the idmapped tree made for it by
 * the supervisor (a root caller), else a bind of the host path. */
static int attach_path(const char *path, int tree, bool rw, char *msg, size_t len)
{
        if (tree < 0)
                return bind_path(path, path, rw, false, msg, len);
        int rc = sbx__idmap_attach(tree, path);
        return rc < 0 ? sbx_errf(msg, len, rc, "cannot attach '%s': %m", path) : 0;
}

int sbx__write_text(const char *path, int flags, const char *text)
{
        int fd = open(path, O_WRONLY | O_CLOEXEC | flags, 0644);
        if (fd < 0)
                return -errno;
        ssize_t n = write(fd, text, strlen(text));
        int saved = errno;
        close(fd);
        return n < 0 ? -saved : 0;
}

int sbx__write_proc(pid_t pid, const char *name, const char *text)
{
        char p[64];
        snprintf(p, sizeof p, "/proc/%d/%s", (int)pid, name);
        return sbx__write_text(p, 0, text);
}

int sbx__map_ids(pid_t pid, unsigned uid_in, unsigned uid_out, unsigned gid_in, unsigned gid_out)
{
        char map[64];
        snprintf(map, sizeof map, "%u %u 1\n", uid_in, uid_out);
        int rc = sbx__write_proc(pid, "uid_map", map);
        if (rc == 0)
                rc = sbx__write_proc(pid, "setgroups", "deny");
        snprintf(map, sizeof map, "%u %u 1\n", gid_in, gid_out);
        return rc == 0 ? sbx__write_proc(pid, "gid_map", map) : rc;
}

/* A new file of the view (created, never through a link). */
static int write_text(const char *path, const char *text)
{
        return sbx__write_text(path, O_CREAT | O_TRUNC | O_NOFOLLOW, text);
}

static int copy_file(const char *src, const char *dst)
{
        int in = open(src, O_RDONLY | O_CLOEXEC);
        if (in < 0)
                return errno == ENOENT ? 0 : -errno;
        int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (out < 0) {
                int saved = errno;
                close(in);
                return -saved;
        }
        char buf[16384];
        ssize_t n;
        int rc = 0;
        while ((n = read(in, buf, sizeof buf)) > 0)
                if (write(out, buf, (size_t)n) != n) {
                        rc = -EIO;
                        break;
                }
        close(in);
        close(out);
        return n < 0 ? -EIO : rc;
}

/* /usr, /lib*, /bin, /sbin as the host has them: real dirs bound, merged-
 * usr symlinks recreated. */
static int system_dirs(char *msg, size_t len)
{
        static const char *const names[] = {"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32"};
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
                char host[64], dst[64], target[256];
                snprintf(host, sizeof host, OLD "/%s", names[i]);
                snprintf(dst, sizeof dst, "/%s", names[i]);
                struct stat st;
                if (lstat(host, &st) < 0)
                        continue;
                if (S_ISLNK(st.st_mode)) {
                        ssize_t n = readlink(host, target, sizeof target - 1);
                        if (n < 0)
                                continue;
                        target[n] = '\0';
                        if (symlink(target, dst) < 0)
                                return sbx_errf(msg, len, -errno, "cannot link '%s': %m", dst);
                } else if (S_ISDIR(st.st_mode)) {
                        if (mkdir(dst, 0755) < 0)
                                return sbx_errf(msg, len, -errno, "cannot create '%s': %m", dst);
                        int rc = bind_path(dst, dst, false, false, msg, len);
                        if (rc < 0)
                                return rc;
                }
        }
        return 0;
}

static int etc_files(char *msg, size_t len)
{
        char pw[256];
        snprintf(pw, sizeof pw,
                 "root:x:0:0:root:/root:/usr/sbin/nologin\n"
                 "runner:x:%d:%d:sandboxed program:/tmp:/usr/sbin/nologin\n"
                 "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
                 SBX__INNER_ID, SBX__INNER_ID);
        char gr[128];
        snprintf(gr, sizeof gr, "root:x:0:\nrunner:x:%d:\nnogroup:x:65534:\n", SBX__INNER_ID);
        int rc;
        if (mkdir("/etc", 0755) < 0 ||
            (rc = write_text("/etc/passwd", pw)) < 0 ||
            (rc = write_text("/etc/group", gr)) < 0 ||
            (rc = write_text("/etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost\n")) < 0 ||
            (rc = write_text("/etc/nsswitch.conf", "passwd: files\ngroup: files\nhosts: files\n")) < 0 ||
            (rc = write_text("/etc/resolv.conf", "")) < 0 ||
            (rc = write_text("/etc/hostname", "gauntlet\n")) < 0 ||
            (rc = copy_file(OLD "/etc/ld.so.cache", "/etc/ld.so.cache")) < 0)
                return sbx_errf(msg, len, errno ? -errno : -EIO, "cannot write the view's /etc: %m");
        return 0;
}

static int dev_nodes(char *msg, size_t len)
{
        static const char *const nodes[] = {"null", "zero", "full", "random", "urandom"};
        if (mkdir("/dev", 0755) < 0)
                return sbx_errf(msg, len, -errno, "cannot create '/dev': %m");
        /* A bind keeps the flags of the mount it comes from: when the host's
         * /dev is nosuid already, the remount of each node changes nothing
         * (and costs two mount calls a node). */
        bool nosuid = locked_flags(OLD "/dev") & MS_NOSUID;
        for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++) {
                char p[32], from[48];
                snprintf(p, sizeof p, "/dev/%s", nodes[i]);
                int fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
                if (fd < 0)
                        return sbx_errf(msg, len, -errno, "cannot create '%s': %m", p);
                close(fd);
                snprintf(from, sizeof from, OLD "%s", p);
                int rc = nosuid ? mount(from, p, NULL, MS_BIND, NULL) : 0;
                if (rc < 0)
                        return sbx_errf(msg, len, -errno, "cannot bind '%s': %m", p);
                if (!nosuid && (rc = bind_path(p, p, true, true, msg, len)) < 0)
                        return rc;
        }
        if (symlink("/proc/self/fd", "/dev/fd") < 0 || symlink("/proc/self/fd/0", "/dev/stdin") < 0 ||
            symlink("/proc/self/fd/1", "/dev/stdout") < 0 ||
            symlink("/proc/self/fd/2", "/dev/stderr") < 0 || symlink("/tmp", "/dev/shm") < 0)
                return sbx_errf(msg, len, -errno, "cannot link in '/dev': %m");
        return 0;
}

/* Host files of /proc that a program has no use for and that tell about
 * the host or its kernel (its command line and config, symbols, timers,
 * slabs and pages, I/O maps, keys): each covered by /dev/null, whatever
 * the program's host uid. */
static const char *const proc_masked[] = {
        "/proc/cmdline", "/proc/config.gz", "/proc/kallsyms", "/proc/kcore", "/proc/keys",
        "/proc/key-users", "/proc/timer_list", "/proc/sched_debug", "/proc/slabinfo",
        "/proc/kpageflags", "/proc/kpagecount", "/proc/kpagecgroup", "/proc/latency_stats",
        "/proc/iomem", "/proc/ioports", "/proc/vmallocinfo", "/proc/modules", "/proc/mtrr",
        "/proc/pagetypeinfo", "/proc/sysrq-trigger", "/proc/buddyinfo", "/proc/zoneinfo",
};

/* Per-user kernel objects of the run's user namespace.  Each count is
 * also charged to the namespace's owner (the caller) up the chain, so the
 * run's own limit is what bounds what it takes of the caller's. */
static const char *const userns_limits[][2] = {
        {"/proc/sys/user/max_inotify_instances", "16"},
        {"/proc/sys/user/max_inotify_watches", "8192"},
        {"/proc/sys/user/max_fanotify_groups", "0"},
        {"/proc/sys/user/max_fanotify_marks", "0"},
};

/* A fresh /proc for the new pid namespace, with hidepid=ptraceable: a
 * process is listed only to those that may ptrace it, so pid 1 (not
 * dumpable, made by the supervisor) and its command line, which names the
 * caller's files, are out of the program's sight.  (hidepid=invisible
 * would also show every process to members of the mount's gid, 0 by
 * default: a program with host gid 0, a degraded root caller's, saw pid
 * 1; it is the fallback for kernels before 5.8 only.)  When the program's
 * uid is the host's root (a root caller, degraded), files that trust uid
 * 0 without a capability check (/proc/sys, /proc/sysrq-trigger) are made
 * read-only as well. */
static int proc_mount(bool host_root, char *msg, size_t len)
{
        if (mkdir("/proc", 0555) < 0)
                return sbx_errf(msg, len, -errno, "cannot create '/proc': %m");
        if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=ptraceable") < 0 &&
            mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=invisible") < 0)
                return sbx_errf(msg, len, -errno, "cannot mount '/proc': %m");
        for (size_t i = 0; i < sizeof userns_limits / sizeof userns_limits[0]; i++) {
                int rc = sbx__write_text(userns_limits[i][0], 0, userns_limits[i][1]);
                if (rc < 0 && rc != -ENOENT)
                        return sbx_errf(msg, len, rc, "cannot write '%s': %m", userns_limits[i][0]);
        }
        for (size_t i = 0; i < sizeof proc_masked / sizeof proc_masked[0]; i++)
                if (access(proc_masked[i], F_OK) == 0 &&
                    mount("/dev/null", proc_masked[i], NULL, MS_BIND, NULL) < 0)
                        return sbx_errf(msg, len, -errno, "cannot cover '%s': %m", proc_masked[i]);
        if (!host_root)
                return 0;
        static const char *const ro[] = {"/proc/sys", "/proc/irq", "/proc/bus"};
        for (size_t i = 0; i < sizeof ro / sizeof ro[0]; i++) {
                if (access(ro[i], F_OK) < 0)
                        continue;
                if (mount(ro[i], ro[i], NULL, MS_BIND | MS_REC, NULL) < 0 ||
                    mount(NULL, ro[i], NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | locked_flags(ro[i]), NULL) < 0)
                        return sbx_errf(msg, len, -errno, "cannot protect '%s': %m", ro[i]);
        }
        return 0;
}

/* Detach the host root now, keeping a detached copy of its tree to bind
 * from, where the kernel lets trees be cloned out of a detached one (else
 * the host root stays at OLD until sbx__view_finish). */
static int detach_early(char *msg, size_t len)
{
        int t = (int)syscall(SYS_open_tree, AT_FDCWD, OLD, OPEN_TREE_CLONE | AT_RECURSIVE | OPEN_TREE_CLOEXEC);
        int probe = t >= 0 ? (int)syscall(SYS_open_tree, t, "", AT_EMPTY_PATH | OPEN_TREE_CLONE |
                                                                    AT_RECURSIVE | OPEN_TREE_CLOEXEC)
                           : -1;
        if (probe < 0) {
                if (t >= 0)
                        close(t);
                return 0;
        }
        close(probe);
        if (umount2(OLD, MNT_DETACH) < 0 || rmdir(OLD) < 0) {
                close(t);
                return sbx_errf(msg, len, -errno, "cannot detach the host root: %m");
        }
        host_tree = t;
        return 0;
}

int sbx__view_base(bool host_root, bool early, char *msg, size_t len)
{
        /* Nothing we mount may propagate back to the host. */
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
                return sbx_errf(msg, len, -errno, "cannot make mounts private: %m");
        if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=4m,nr_inodes=4096,mode=0755") < 0)
                return sbx_errf(msg, len, -errno, "cannot mount the root tmpfs: %m");
        if (chdir("/tmp") < 0 || mkdir("oldroot", 0700) < 0)
                return sbx_errf(msg, len, -errno, "cannot prepare the new root: %m");
        /* pivot_root moves the tmpfs to "/": /oldroot/tmp is the host's /tmp
         * again, so host paths below /tmp stay reachable for binding. */
        if (syscall(SYS_pivot_root, ".", "oldroot") < 0)
                return sbx_errf(msg, len, -errno, "cannot pivot_root: %m");
        if (chdir("/") < 0)
                return sbx_errf(msg, len, -errno, "cannot chdir to the new root: %m");

        int rc = system_dirs(msg, len);
        if (rc == 0)
                rc = etc_files(msg, len);
        if (rc == 0)
                rc = dev_nodes(msg, len);
        if (rc == 0)
                rc = proc_mount(host_root, msg, len);
        if (rc < 0)
                return rc;
        if (mkdir("/tmp", 01777) < 0)
                return sbx_errf(msg, len, -errno, "cannot create '/tmp': %m");
        if (sethostname("gauntlet", 8) < 0)
                return sbx_errf(msg, len, -errno, "cannot set the hostname: %m");
        return early ? detach_early(msg, len) : 0;
}

/* Writable tree k, attached read-only at path: an overlay whose upper
 * layer is on the run's disk (a file: a copy there), so what the program
 * writes is bounded by the disk and reaches the host only through the
 * copy-back.  Where the kernel cannot make the overlay, a root caller's
 * run fails (its program would write host files as the caller); anyone
 * else's gets the tree writable as before, and the record says so. */
static int writable(int disk, size_t k, const char *path, bool dir, bool root_caller, char *note, size_t notelen,
                    char *msg, size_t len)
{
        int rc = dir ? sbx__disk_overlay(disk, k, path, msg, len) : sbx__disk_file(disk, k, path, msg, len);
        if (rc == 0 || root_caller || !dir)
                return rc;
        if (!note[0])
                snprintf(note, notelen, "writes to '%s' are bounded by --fsize only (%s)", path, msg);
        if (mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV | locked_flags(path), NULL) < 0)
                return sbx_errf(msg, len, -errno, "cannot remount '%s': %m", path);
        msg[0] = '\0';
        return 0;
}

int sbx__view_finish(const struct sbx_jail *j, const struct sbx__dir *dirs, const char *workdir,
                     const int *trees, bool root_caller, int *ret_disk, char *note, size_t notelen,
                     char *msg, size_t len)
{
        int rc;
        struct stat st;
        note[0] = '\0';
        /* Compilers are found through /etc/alternatives (cc, c++, ld). */
        if (j->policy == SBX_POLICY_BUILD &&
            (host_tree >= 0 ? fstatat(host_tree, "etc/alternatives", &st, 0) : stat(OLD "/etc/alternatives", &st)) == 0 &&
            S_ISDIR(st.st_mode)) {
                if (mkdir("/etc/alternatives", 0755) < 0)
                        return sbx_errf(msg, len, -errno, "cannot create '/etc/alternatives': %m");
                if ((rc = bind_path("/etc/alternatives", "/etc/alternatives", false, false, msg, len)) < 0)
                        return rc;
        }
        /* Everything the run writes lives on its disk: /tmp, and the
         * upper layers of the writable trees, in the order of
         * sbx__disk_ntrees (rw dirs, then the workdir). */
        size_t k = 0;
        int disk = sbx__disk_new(j, sbx__disk_ntrees(j, workdir), msg, len);
        if (disk < 0)
                return disk;
        if ((rc = sbx__disk_tmp(disk, msg, len)) < 0)
                goto fail;

        for (size_t i = 0; i < j->ndirs; i++) {
                const char *p = dirs[i].path;
                int tree = trees ? trees[i] : -1;
                char host[1100];
                snprintf(host, sizeof host, OLD "%s", p);
                if ((tree >= 0         ? fstat(tree, &st)
                     : host_tree >= 0 ? fstatat(host_tree, p[1] ? p + 1 : "", &st, p[1] ? 0 : AT_EMPTY_PATH)
                                      : stat(host, &st)) < 0) {
                        rc = sbx_errf(msg, len, -errno, "cannot use dir '%s': %m", p);
                        goto fail;
                }
                bool dir = S_ISDIR(st.st_mode);
                struct stat here;
                if (dir) {
                        if ((rc = mkdir_p(p, 0755)) < 0) {
                                rc = sbx_errf(msg, len, rc, "cannot create '%s' in the view: %m", p);
                                goto fail;
                        }
                } else if (stat(p, &here) < 0) {
                        /* (A file that is there already, in a writable dir's
                         * overlay, is not opened: that would copy it up.) */
                        char parent[1100];
                        snprintf(parent, sizeof parent, "%s", p);
                        *strrchr(parent, '/') = '\0';
                        if ((parent[0] && (rc = mkdir_p(parent, 0755)) < 0) ||
                            (rc = write_text(p, "")) < 0) {
                                rc = sbx_errf(msg, len, rc, "cannot create '%s' in the view: %m", p);
                                goto fail;
                        }
                }
                /* A writable dir's host tree is the overlay's lower layer:
                 * attached read-only, the overlay goes on top. */
                if ((rc = attach_path(p, tree, false, msg, len)) < 0 ||
                    (dirs[i].rw && (rc = writable(disk, k++, p, dir, root_caller, note, notelen, msg, len)) < 0))
                        goto fail;
        }
        if (workdir) {
                if ((rc = mkdir_p(workdir, 0755)) < 0) {
                        rc = sbx_errf(msg, len, rc, "cannot create workdir '%s' in the view: %m", workdir);
                        goto fail;
                }
                if ((rc = attach_path(workdir, trees ? trees[j->ndirs] : -1, false, msg, len)) < 0 ||
                    (rc = writable(disk, k++, workdir, true, root_caller, note, notelen, msg, len)) < 0)
                        goto fail;
        }

        /* A tree detached early stays open until pid 1 ends: its last
         * close may wait for an RCU grace period too. */
        if (host_tree < 0 && (umount2(OLD, MNT_DETACH) < 0 || rmdir(OLD) < 0)) {
                rc = sbx_errf(msg, len, -errno, "cannot detach the host root: %m");
                goto fail;
        }
        if (mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0) {
                rc = sbx_errf(msg, len, -errno, "cannot make the root read-only: %m");
                goto fail;
        }
        *ret_disk = disk;
        return 0;
fail:
        close(disk);
        return rc;
}

int sbx__net_lo_up(void)
{
        int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -errno;
        struct ifreq ifr = {0};
        snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
        int rc = 0;
        if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
                rc = -errno;
        } else {
                ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
                if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
                        rc = -errno;
        }
        close(fd);
        return rc;
}
