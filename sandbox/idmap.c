/* idmap.c — the program's identity on the host when the caller is root.
 *
 * Inside its user namespace the program is SBX__INNER_ID.  Mapped to the
 * caller's uid, a root caller's program would be uid 0 on the host: no
 * capability, but the owner of every root-owned file for permission
 * checks, so any way out of the mount namespace would reach /etc/shadow or
 * /root.  Instead a root caller's program gets a host uid and gid of its
 * own, SBX__HOST_ID_BASE + the supervising thread's id (unique among the
 * live runs of one pid namespace), owning nothing on the host.  Its workdir and --dir paths still
 * behave as before: each is bound as an idmapped mount (mount_setattr
 * MOUNT_ATTR_IDMAP) that shows the caller's files as the program's,
 * read-only: a writable tree is the lower layer of an overlay whose upper
 * layer gets the writes (disk.c), copied back as the program's host uid,
 * never the caller's (commit.c).  The supervisor makes
 * these detached mounts (this needs root in the initial namespaces) and
 * pid 1 attaches them in its view (move_mount). */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC O_CLOEXEC
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

unsigned sbx__host_id(void)
{
        return SBX__HOST_ID_BASE + (unsigned)gettid();
}

/* The helper only exists to own the new user namespace while its maps
 * are written.  It holds nothing of the caller's (a grading's scratch
 * lock among them) and dies with it: should the caller be killed, the
 * read ends (no writer left) or the parent-death signal lands. */
static int wait_on(void *arg)
{
        int fd = *(int *)arg;
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (sbx__close_all_but(&fd, 1) < 0)
                return 1;
        char c;
        (void)!read(fd, &c, 1);
        return 0;
}

/* One map of an idmapped tree (on-disk id -> id the program sees): the
 * caller's id is the program's (host_id); the ids of other runs'
 * programs (which own what copy-backs wrote, commit.c) are themselves,
 * and host_id's own earlier files show as SBX__HOST_ID_BASE, a uid no
 * run has: someone else's, readable and removable as their mode and
 * folder allow, never an unmapped id (which the kernel lets nobody
 * remove or rename). */
static int idmap_write(pid_t pid, const char *file, unsigned caller, unsigned host_id)
{
        const unsigned base = SBX__HOST_ID_BASE, end = SBX__HOST_ID_BASE + SBX__HOST_ID_SPAN;
        char map[256];
        int n = snprintf(map, sizeof map, "%u %u 1\n", caller, host_id);
        if (caller < base && host_id > base && host_id < end) {
                n += snprintf(map + n, sizeof map - (size_t)n, "%u %u 1\n", host_id, base);
                if (host_id - base > 1)
                        n += snprintf(map + n, sizeof map - (size_t)n, "%u %u %u\n", base + 1, base + 1,
                                      host_id - base - 1);
                if (end - host_id > 1)
                        n += snprintf(map + n, sizeof map - (size_t)n, "%u %u %u\n", host_id + 1, host_id + 1,
                                      end - host_id - 1);
        }
        return sbx__write_proc(pid, file, map);
}

/* A user namespace mapping the caller's uid and gid to host_id (and the
 * other runs' ids to themselves), held by an fd (its only process has
 * exited).  fd or -errno. */
static int idmap_userns(unsigned host_id)
{
        /* The child runs on this array, in our memory (CLONE_VM); we only
         * go deeper than this frame until it has exited. */
        char stack[16384] __attribute__((aligned(16)));
        int go[2];
        if (pipe2(go, O_CLOEXEC) < 0)
                return -errno;
        /* CLONE_VM: nothing to copy, the child only waits (0.16 ms here
         * against 0.33 ms for a copy of the caller). */
        pid_t pid = clone(wait_on, stack + sizeof stack, CLONE_NEWUSER | CLONE_VM | SIGCHLD, &go[0]);
        if (pid < 0) {
                int saved = errno;
                close(go[0]);
                close(go[1]);
                return -saved;
        }
        int rc = idmap_write(pid, "uid_map", (unsigned)geteuid(), host_id);
        if (rc == 0)
                rc = sbx__write_proc(pid, "setgroups", "deny");
        if (rc == 0)
                rc = idmap_write(pid, "gid_map", (unsigned)getegid(), host_id);
        int fd = -1;
        if (rc == 0) {
                char p[64];
                snprintf(p, sizeof p, "/proc/%d/ns/user", (int)pid);
                fd = open(p, O_RDONLY | O_CLOEXEC);
                if (fd < 0)
                        rc = -errno;
        }
        (void)!write(go[1], "x", 1);
        close(go[1]);
        while (waitpid(pid, NULL, __WALL) < 0 && errno == EINTR)
                ;
        close(go[0]);
        return rc < 0 ? rc : fd;
}

int sbx__idmap_trees(const struct sbx__dir *dirs, size_t ndirs, const char *workdir, unsigned host_id,
                     int *fds, char *why, size_t whylen)
{
        size_t n = ndirs + (workdir ? 1 : 0);
        for (size_t i = 0; i < n; i++)
                fds[i] = -1;
        int userns = idmap_userns(host_id);
        if (userns < 0) {
                snprintf(why, whylen, "cannot make an id-mapping user namespace: %s", strerror(-userns));
                return userns;
        }
        int rc = 0;
        for (size_t i = 0; i < n && rc == 0; i++) {
                const char *path = i < ndirs ? dirs[i].path : workdir;
                /* The path was resolved; a symlink there now was planted
                 * since, and is not followed.  Read-only even for a
                 * writable tree: it is the lower layer of an overlay
                 * (disk.c), the program writes to the upper. */
                fds[i] = (int)syscall(SYS_open_tree, AT_FDCWD, path,
                                      OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE | AT_SYMLINK_NOFOLLOW);
                struct mount_attr attr = {
                        .attr_set = MOUNT_ATTR_IDMAP | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_RDONLY,
                        .userns_fd = (uint64_t)userns,
                };
                if (fds[i] < 0 ||
                    syscall(SYS_mount_setattr, fds[i], "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) < 0) {
                        rc = -errno;
                        snprintf(why, whylen, "no idmapped mount of '%s': %s", path, strerror(errno));
                }
        }
        close(userns);
        if (rc < 0)
                sbx__idmap_close(fds, n);
        return rc;
}

void sbx__idmap_close(int *fds, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (fds[i] >= 0) {
                        close(fds[i]);
                        fds[i] = -1;
                }
}

int sbx__idmap_attach(int fd, const char *dst)
{
        return syscall(SYS_move_mount, fd, "", AT_FDCWD, dst, MOVE_MOUNT_F_EMPTY_PATH) < 0 ? -errno : 0;
}

int sbx_probe_idmap(const char *dir, char *why, size_t whylen)
{
        struct sbx__dir d = {.path = (char *)dir, .rw = true};
        int fd;
        int rc = sbx__idmap_trees(&d, 1, NULL, sbx__host_id(), &fd, why, whylen);
        if (rc == 0)
                close(fd);
        return rc;
}
