/* policy.c — the seccomp profiles as data.  They are compiled to BPF at
 * build time (policy_compile.c, run by policy_gen); runs only load the
 * result, so the library needs no libseccomp at run time.
 *
 * Choice of action, per syscall (docs/sandbox.md has the full argument):
 * - escape and spying syscalls (sbx__escape_syscalls) KILL the process: no
 *   honest program calls them, and a kill ends the attempt at once;
 * - anything else not allowed fails with an errno (ENOSYS for unknown
 *   syscalls, EPERM for refused socket families), because Go and glibc
 *   probe syscalls and cope with an error but die on SIGSYS;
 * - clone3 fails with ENOSYS: seccomp cannot see its flags, and glibc then
 *   falls back to clone, whose flags are checked. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define A(n) {n, SBX__ALLOW, 0, SBX__ARG_NONE}
#define K(n) {n, SBX__KILL, 0, SBX__ARG_NONE}
#define E(n, e) {n, SBX__ERRNO, e, SBX__ARG_NONE}

const char *const sbx__escape_syscalls[] = {
        "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
        "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree", "fsopen",
        "fsconfig", "fsmount", "fspick", "mount_setattr",
        "unshare", "setns",
        "bpf", "perf_event_open", "userfaultfd",
        "keyctl", "add_key", "request_key",
        "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
        "reboot", "swapon", "swapoff", "acct", "quotactl", "quotactl_fd",
        "open_by_handle_at", "name_to_handle_at", "lookup_dcookie",
        "fanotify_init", "iopl", "ioperm", "syslog", "vhangup",
        "settimeofday", "clock_settime", "clock_adjtime", "adjtimex",
        "sethostname", "setdomainname", "nfsservctl", "uselib", "_sysctl",
        NULL,
};

/* Shared by every policy, checked before the policy's own rules: the
 * escape set (filled in at compile time from sbx__escape_syscalls), new
 * namespaces through clone, terminal injection, and the probes. */
static const struct sbx__rule common_rules[] = {
        {"clone", SBX__KILL, 0, SBX__ARG_CLONE_NS},
        {"ioctl", SBX__KILL, 0, SBX__ARG_IOCTL_TTY},
        E("clone3", ENOSYS),
        E("io_uring_setup", ENOSYS), E("io_uring_enter", ENOSYS), E("io_uring_register", ENOSYS),
        E("personality", EPERM),
        E("seccomp", EPERM),
        E("landlock_create_ruleset", ENOSYS), E("landlock_add_rule", ENOSYS),
        E("landlock_restrict_self", ENOSYS),
        {"socket", SBX__ERRNO, EPERM, SBX__ARG_SOCKET_OTHER},
        {"socketpair", SBX__ERRNO, EPERM, SBX__ARG_SOCKET_OTHER},
};

/* strict: what Go test binaries (plain, cgo, -race), test2json and C
 * programs with pthreads need.  Everything else: ENOSYS. */
static const struct sbx__rule strict_rules[] = {
        {"clone", SBX__ALLOW, 0, SBX__ARG_CLONE_PLAIN},
        {"socket", SBX__ALLOW, 0, SBX__ARG_SOCKET_UNIX},
        {"socketpair", SBX__ALLOW, 0, SBX__ARG_SOCKET_UNIX},
        A("read"), A("write"), A("readv"), A("writev"), A("pread64"), A("pwrite64"),
        A("preadv"), A("pwritev"), A("preadv2"), A("pwritev2"),
        A("open"), A("openat"), A("openat2"), A("creat"), A("close"), A("close_range"),
        A("stat"), A("fstat"), A("lstat"), A("newfstatat"), A("statx"), A("statfs"), A("fstatfs"),
        A("lseek"), A("access"), A("faccessat"), A("faccessat2"), A("readlink"), A("readlinkat"),
        A("getdents"), A("getdents64"), A("getcwd"), A("chdir"), A("fchdir"),
        A("mkdir"), A("mkdirat"), A("rmdir"), A("unlink"), A("unlinkat"), A("rename"),
        A("renameat"), A("renameat2"), A("link"), A("linkat"), A("symlink"), A("symlinkat"),
        A("chmod"), A("fchmod"), A("fchmodat"), A("chown"), A("fchown"), A("lchown"),
        A("fchownat"), A("umask"), A("truncate"), A("ftruncate"), A("fallocate"),
        A("fsync"), A("fdatasync"), A("sync_file_range"), A("flock"), A("fcntl"),
        A("utime"), A("utimes"), A("utimensat"), A("futimesat"), A("fadvise64"), A("readahead"),
        A("copy_file_range"), A("sendfile"), A("splice"), A("tee"), A("vmsplice"),
        A("dup"), A("dup2"), A("dup3"), A("pipe"), A("pipe2"), A("ioctl"),
        A("poll"), A("ppoll"), A("select"), A("pselect6"),
        A("epoll_create"), A("epoll_create1"), A("epoll_ctl"), A("epoll_wait"),
        A("epoll_pwait"), A("epoll_pwait2"), A("eventfd"), A("eventfd2"),
        A("signalfd"), A("signalfd4"), A("timerfd_create"), A("timerfd_settime"),
        A("timerfd_gettime"), A("inotify_init"), A("inotify_init1"),
        A("inotify_add_watch"), A("inotify_rm_watch"), A("memfd_create"),
        A("mmap"), A("munmap"), A("mprotect"), A("mremap"), A("madvise"), A("msync"),
        A("mincore"), A("brk"), A("mlock"), A("munlock"), A("membarrier"),
        A("rt_sigaction"), A("rt_sigprocmask"), A("rt_sigreturn"), A("rt_sigpending"),
        A("rt_sigtimedwait"), A("rt_sigqueueinfo"), A("rt_sigsuspend"), A("sigaltstack"),
        A("pause"), A("kill"), A("tkill"), A("tgkill"), A("pidfd_open"),
        A("pidfd_send_signal"), A("restart_syscall"),
        A("nanosleep"), A("clock_nanosleep"), A("clock_gettime"), A("clock_getres"),
        A("gettimeofday"), A("time"), A("getitimer"), A("setitimer"), A("alarm"),
        A("timer_create"), A("timer_settime"), A("timer_gettime"), A("timer_getoverrun"),
        A("timer_delete"), A("times"),
        A("fork"), A("vfork"), A("execve"), A("execveat"), A("exit"), A("exit_group"),
        A("wait4"), A("waitid"), A("set_tid_address"), A("set_robust_list"),
        A("get_robust_list"), A("futex"), A("futex_waitv"), A("rseq"), A("arch_prctl"),
        A("prctl"), A("sched_yield"), A("sched_getaffinity"), A("sched_setaffinity"),
        A("sched_getparam"), A("sched_setparam"), A("sched_getscheduler"),
        A("sched_setscheduler"), A("sched_get_priority_max"), A("sched_get_priority_min"),
        A("sched_rr_get_interval"), A("getpriority"), A("setpriority"), A("getcpu"),
        A("getpid"), A("getppid"), A("gettid"), A("getuid"), A("geteuid"), A("getgid"),
        A("getegid"), A("getresuid"), A("getresgid"), A("getgroups"), A("getpgid"),
        A("getpgrp"), A("getsid"), A("setpgid"), A("setsid"), A("capget"),
        A("setuid"), A("setgid"), A("setreuid"), A("setregid"), A("setresuid"),
        A("setresgid"), A("setfsuid"), A("setfsgid"), A("setgroups"),
        A("uname"), A("sysinfo"), A("getrusage"), A("getrlimit"), A("setrlimit"),
        A("prlimit64"), A("getrandom"),
        A("shmget"), A("shmat"), A("shmdt"), A("shmctl"), A("semget"), A("semop"),
        A("semtimedop"), A("semctl"), A("msgget"), A("msgsnd"), A("msgrcv"), A("msgctl"),
        A("bind"), A("listen"), A("accept"), A("accept4"), A("connect"), A("shutdown"),
        A("getsockname"), A("getpeername"), A("getsockopt"), A("setsockopt"),
        A("sendto"), A("recvfrom"), A("sendmsg"), A("recvmsg"), A("sendmmsg"),
        A("recvmmsg"),
};

static const struct sbx__rule strict_inet_rules[] = {
        {"socket", SBX__ALLOW, 0, SBX__ARG_SOCKET_INET},
};

static const struct sbx__rule no_inet_rules[] = {
        {"socket", SBX__ERRNO, EPERM, SBX__ARG_SOCKET_INET},
};

/* One table per (policy, net): common rules, then the policy's own.  Built
 * on first use into static storage (the tables are constant after that). */
struct table {
        struct sbx__rule rules[512];
        size_t n;
        bool built;
};

static void table_add(struct table *t, const struct sbx__rule *r, size_t n)
{
        for (size_t i = 0; i < n && t->n < sizeof t->rules / sizeof t->rules[0]; i++)
                t->rules[t->n++] = r[i];
}

size_t sbx__policy_rules(enum sbx_policy p, enum sbx_net n, const struct sbx__rule **ret_rules,
                         enum sbx__action *ret_default, int *ret_default_err)
{
        static struct table tables[_SBX_POLICY_MAX][_SBX_NET_MAX];
        struct table *t = &tables[p][n];
        if (!t->built) {
                for (const char *const *s = sbx__escape_syscalls; *s; s++) {
                        struct sbx__rule k = K(*s);
                        table_add(t, &k, 1);
                }
                table_add(t, common_rules, sizeof common_rules / sizeof common_rules[0]);
                if (p == SBX_POLICY_STRICT) {
                        if (n == SBX_NET_LOOPBACK)
                                table_add(t, strict_inet_rules, 1);
                        else
                                table_add(t, no_inet_rules, 1);
                        table_add(t, strict_rules, sizeof strict_rules / sizeof strict_rules[0]);
                } else if (p == SBX_POLICY_BUILD && n == SBX_NET_NONE) {
                        table_add(t, no_inet_rules, 1);
                }
                t->built = true;
        }
        *ret_rules = t->rules;
        /* build: everything not named is allowed (compilers fork, exec, and
         * use a wide and changing set of syscalls). */
        *ret_default = p == SBX_POLICY_STRICT ? SBX__ERRNO : SBX__ALLOW;
        *ret_default_err = ENOSYS;
        return p == SBX_POLICY_OFF ? 0 : t->n;
}

enum sbx__action sbx__policy_lookup(enum sbx_policy p, enum sbx_net n, const char *name)
{
        const struct sbx__rule *rules;
        enum sbx__action dflt;
        int err;
        size_t count = sbx__policy_rules(p, n, &rules, &dflt, &err);
        if (p == SBX_POLICY_OFF)
                return SBX__ALLOW;
        for (size_t i = 0; i < count; i++)
                if (strcmp(rules[i].name, name) == 0 && rules[i].arg == SBX__ARG_NONE)
                        return rules[i].action;
        return dflt;
}

bool sbx__notify_available(void)
{
        static int avail = -1;
        if (avail < 0) {
                char buf[256] = "";
                int fd = open("/proc/sys/kernel/seccomp/actions_avail", O_RDONLY | O_CLOEXEC);
                ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
                if (fd >= 0)
                        close(fd);
                buf[n > 0 ? n : 0] = '\0';
                avail = strstr(buf, "user_notif") != NULL;
        }
        return avail;
}

const struct sbx__bpf *sbx__policy_bpf(enum sbx_policy p, enum sbx_net n)
{
        if (p != SBX_POLICY_STRICT && p != SBX_POLICY_BUILD)
                return NULL;
        return &sbx__builtin_bpf[p][n][sbx__notify_available() ? 1 : 0];
}

const char *sbx__syscall_name(int nr)
{
        return nr >= 0 && nr < sbx__nsyscalls ? sbx__syscall_names[nr] : NULL;
}
