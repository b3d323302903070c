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

#define A(n) {n, SBX__ALLOW, 0, SBX__ARG_NONE, 0}
#define K(n) {n, SBX__KILL, 0, SBX__ARG_NONE, 0}
#define E(n, e) {n, SBX__ERRNO, e, SBX__ARG_NONE, 0}
/* Allowed, except with a set-uid or set-gid bit in the mode (argument i):
 * a file the program makes must never become a set-id file on the host. */
#define NOSETID(n, i) {n, SBX__ERRNO, EPERM, SBX__ARG_SETID, i}
/* Allowed on the caller itself (pid 0 in argument i) only: the program
 * must not change pid 1 of its sandbox, which has the same uid. */
#define SELF(n, i) {n, SBX__ERRNO, EPERM, SBX__ARG_OTHER_PID, i}

const char *const sbx__escape_syscalls[] = {
        "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
        /* the whole mount API, old and new */
        "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree", "open_tree_attr",
        "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr", "listmount", "statmount",
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
 * namespaces through clone, terminal injection, set-id modes, other
 * processes' limits and scheduling, and the probes. */
static const struct sbx__rule common_rules[] = {
        {"clone", SBX__KILL, 0, SBX__ARG_CLONE_NS, 0},
        {"ioctl", SBX__KILL, 0, SBX__ARG_IOCTL_TTY, 0},
        E("clone3", ENOSYS),
        E("io_uring_setup", ENOSYS), E("io_uring_enter", ENOSYS), E("io_uring_register", ENOSYS),
        E("personality", EPERM),
        E("seccomp", EPERM),
        E("landlock_create_ruleset", ENOSYS), E("landlock_add_rule", ENOSYS),
        E("landlock_restrict_self", ENOSYS),
        {"socket", SBX__ERRNO, EPERM, SBX__ARG_SOCKET_OTHER, 0},
        {"socketpair", SBX__ERRNO, EPERM, SBX__ARG_SOCKET_OTHER, 0},
        /* openat2's mode sits in a struct seccomp cannot read; glibc and Go
         * call openat. */
        E("openat2", ENOSYS),
        NOSETID("chmod", 1), NOSETID("fchmod", 1), NOSETID("fchmodat", 2), NOSETID("fchmodat2", 2),
        NOSETID("open", 2), NOSETID("openat", 3), NOSETID("creat", 1),
        NOSETID("mkdir", 1), NOSETID("mkdirat", 2), NOSETID("mknod", 1), NOSETID("mknodat", 2),
        SELF("prlimit64", 0), SELF("sched_setaffinity", 0), SELF("sched_setscheduler", 0),
        SELF("sched_setparam", 0), SELF("sched_setattr", 0),
        {"setpriority", SBX__ERRNO, EPERM, SBX__ARG_OTHER_PRIO, 0},
        /* Other processes' memory and I/O priority. */
        E("process_madvise", EPERM), E("process_mrelease", EPERM), E("migrate_pages", EPERM),
        E("move_pages", EPERM), E("ioprio_set", EPERM),
        /* Host-wide or per-user kernel pools a run must not drain: AIO
         * contexts (fs.aio-max-nr is one count for the whole host), POSIX
         * message queues. */
        E("io_setup", ENOSYS), E("io_destroy", ENOSYS), E("io_submit", ENOSYS),
        E("io_cancel", ENOSYS), E("io_getevents", ENOSYS), E("io_pgetevents", ENOSYS),
        E("mq_open", ENOSYS), E("mq_unlink", ENOSYS), E("mq_timedsend", ENOSYS),
        E("mq_timedreceive", ENOSYS), E("mq_notify", ENOSYS), E("mq_getsetattr", ENOSYS),
        /* Extended attributes: reading is harmless, writing refused. */
        E("setxattr", EPERM), E("lsetxattr", EPERM), E("fsetxattr", EPERM), E("setxattrat", EPERM),
        E("removexattr", EPERM), E("lremovexattr", EPERM), E("fremovexattr", EPERM),
        E("removexattrat", EPERM), E("file_setattr", EPERM),
        E("capset", EPERM), E("fanotify_mark", ENOSYS),
        /* Looked at and refused: surfaces no program here needs (LDT,
         * NUMA policy, secret memory, LSM attributes, shadow stacks). */
        E("modify_ldt", ENOSYS), E("get_thread_area", ENOSYS), E("set_thread_area", ENOSYS),
        E("get_mempolicy", ENOSYS), E("set_mempolicy", ENOSYS), E("mbind", ENOSYS),
        E("set_mempolicy_home_node", ENOSYS), E("memfd_secret", ENOSYS), E("map_shadow_stack", ENOSYS),
        E("lsm_get_self_attr", ENOSYS), E("lsm_set_self_attr", ENOSYS), E("lsm_list_modules", ENOSYS),
        E("remap_file_pages", ENOSYS), E("cachestat", ENOSYS), E("sysfs", ENOSYS), E("ustat", ENOSYS),
        /* Not implemented by the kernel on any architecture we build for. */
        E("afs_syscall", ENOSYS), E("create_module", ENOSYS), E("epoll_ctl_old", ENOSYS),
        E("epoll_wait_old", ENOSYS), E("get_kernel_syms", ENOSYS), E("getpmsg", ENOSYS),
        E("putpmsg", ENOSYS), E("query_module", ENOSYS), E("security", ENOSYS), E("tuxcall", ENOSYS),
        E("vserver", ENOSYS),
};

/* strict: what Go test binaries (plain, cgo, -race), test2json and C
 * programs with pthreads need.  Everything else: ENOSYS. */
static const struct sbx__rule strict_rules[] = {
        {"clone", SBX__ALLOW, 0, SBX__ARG_CLONE_PLAIN, 0},
        {"socket", SBX__ALLOW, 0, SBX__ARG_SOCKET_UNIX, 0},
        {"socketpair", SBX__ALLOW, 0, SBX__ARG_SOCKET_UNIX, 0},
        A("read"), A("write"), A("readv"), A("writev"), A("pread64"), A("pwrite64"),
        A("preadv"), A("pwritev"), A("preadv2"), A("pwritev2"),
        A("close"), A("close_range"),
        A("stat"), A("fstat"), A("lstat"), A("newfstatat"), A("statx"), A("statfs"), A("fstatfs"),
        A("lseek"), A("access"), A("faccessat"), A("faccessat2"), A("readlink"), A("readlinkat"),
        A("getdents"), A("getdents64"), A("getcwd"), A("chdir"), A("fchdir"),
        A("rmdir"), A("unlink"), A("unlinkat"), A("rename"),
        A("renameat"), A("renameat2"), A("link"), A("linkat"), A("symlink"), A("symlinkat"),
        A("chown"), A("fchown"), A("lchown"),
        A("fchownat"), A("umask"), A("truncate"), A("ftruncate"), A("fallocate"),
        A("fsync"), A("fdatasync"), A("sync_file_range"), A("flock"), A("fcntl"),
        A("utime"), A("utimes"), A("utimensat"), A("futimesat"), A("fadvise64"), A("readahead"),
        A("copy_file_range"), A("sendfile"), A("splice"), A("tee"), A("vmsplice"),
        A("getxattr"), A("lgetxattr"), A("fgetxattr"), A("getxattrat"), A("listxattr"),
        A("llistxattr"), A("flistxattr"), A("listxattrat"), A("file_getattr"),
        A("dup"), A("dup2"), A("dup3"), A("pipe"), A("pipe2"), A("ioctl"),
        A("poll"), A("ppoll"), A("select"), A("pselect6"),
        A("epoll_create"), A("epoll_create1"), A("epoll_ctl"), A("epoll_wait"),
        A("epoll_pwait"), A("epoll_pwait2"), A("eventfd"), A("eventfd2"),
        A("signalfd"), A("signalfd4"), A("timerfd_create"), A("timerfd_settime"),
        A("timerfd_gettime"), A("inotify_init"), A("inotify_init1"),
        A("inotify_add_watch"), A("inotify_rm_watch"), A("memfd_create"),
        A("mmap"), A("munmap"), A("mprotect"), A("mremap"), A("madvise"), A("msync"),
        A("mincore"), A("brk"), A("mlock"), A("mlock2"), A("munlock"), A("mlockall"),
        A("munlockall"), A("membarrier"), A("mseal"),
        A("pkey_alloc"), A("pkey_free"), A("pkey_mprotect"),
        A("rt_sigaction"), A("rt_sigprocmask"), A("rt_sigreturn"), A("rt_sigpending"),
        A("rt_sigtimedwait"), A("rt_sigqueueinfo"), A("rt_tgsigqueueinfo"), A("rt_sigsuspend"),
        A("sigaltstack"),
        A("pause"), A("kill"), A("tkill"), A("tgkill"), A("pidfd_open"),
        A("pidfd_send_signal"), A("restart_syscall"),
        A("nanosleep"), A("clock_nanosleep"), A("clock_gettime"), A("clock_getres"),
        A("gettimeofday"), A("time"), A("getitimer"), A("setitimer"), A("alarm"),
        A("timer_create"), A("timer_settime"), A("timer_gettime"), A("timer_getoverrun"),
        A("timer_delete"), A("times"),
        A("fork"), A("vfork"), A("execve"), A("execveat"), A("exit"), A("exit_group"),
        A("wait4"), A("waitid"), A("set_tid_address"), A("set_robust_list"),
        A("get_robust_list"), A("futex"), A("futex_waitv"), A("futex_wake"), A("futex_wait"),
        A("futex_requeue"), A("rseq"), A("arch_prctl"),
        A("prctl"), A("sched_yield"), A("sched_getaffinity"),
        A("sched_getparam"), A("sched_getscheduler"), A("sched_getattr"),
        A("sched_get_priority_max"), A("sched_get_priority_min"),
        A("sched_rr_get_interval"), A("getpriority"), A("ioprio_get"), A("getcpu"),
        A("getpid"), A("getppid"), A("gettid"), A("getuid"), A("geteuid"), A("getgid"),
        A("getegid"), A("getresuid"), A("getresgid"), A("getgroups"), A("getpgid"),
        A("getpgrp"), A("getsid"), A("setpgid"), A("setsid"), A("capget"),
        A("setuid"), A("setgid"), A("setreuid"), A("setregid"), A("setresuid"),
        A("setresgid"), A("setfsuid"), A("setfsgid"), A("setgroups"),
        A("uname"), A("sysinfo"), A("getrusage"), A("getrlimit"), A("setrlimit"),
        A("getrandom"),
        A("shmget"), A("shmat"), A("shmdt"), A("shmctl"), A("semget"), A("semop"),
        A("semtimedop"), A("semctl"), A("msgget"), A("msgsnd"), A("msgrcv"), A("msgctl"),
        A("bind"), A("listen"), A("accept"), A("accept4"), A("connect"), A("shutdown"),
        A("getsockname"), A("getpeername"), A("getsockopt"), A("setsockopt"),
        A("sendto"), A("recvfrom"), A("sendmsg"), A("recvmsg"), A("sendmmsg"),
        A("recvmmsg"),
};

/* build: compilers and linkers on top of strict (they flush what they
 * wrote). */
static const struct sbx__rule build_rules[] = {
        A("sync"), A("syncfs"),
};

static const struct sbx__rule strict_inet_rules[] = {
        {"socket", SBX__ALLOW, 0, SBX__ARG_SOCKET_INET, 0},
};

static const struct sbx__rule no_inet_rules[] = {
        {"socket", SBX__ERRNO, EPERM, SBX__ARG_SOCKET_INET, 0},
};

/* Syscalls libseccomp 2.5 does not know by name.  Numbers from 424 on are
 * the same on every architecture. */
static const struct {
        const char *name;
        int nr;
} extra_syscalls[] = {
        {"statmount", 457}, {"listmount", 458}, {"lsm_get_self_attr", 459},
        {"lsm_set_self_attr", 460}, {"lsm_list_modules", 461}, {"mseal", 462},
        {"setxattrat", 463}, {"getxattrat", 464}, {"listxattrat", 465}, {"removexattrat", 466},
        {"open_tree_attr", 467}, {"file_getattr", 468}, {"file_setattr", 469},
#if defined(__x86_64__)
        {"uretprobe", 335}, {"uprobe", 336},
#endif
};

/* Syscalls the kernel lets past every seccomp filter: they act only when
 * called from a uprobe's trampoline (anywhere else the caller gets
 * SIGILL or SIGSEGV).  Listed so that the classification is complete. */
static const char *const kernel_passthrough[] = {"uretprobe", "uprobe"};

int sbx__syscall_extra_nr(const char *name)
{
        for (size_t i = 0; i < sizeof extra_syscalls / sizeof extra_syscalls[0]; i++)
                if (strcmp(extra_syscalls[i].name, name) == 0)
                        return extra_syscalls[i].nr;
        return -1;
}

const char *sbx__syscall_extra_name(int nr)
{
        for (size_t i = 0; i < sizeof extra_syscalls / sizeof extra_syscalls[0]; i++)
                if (extra_syscalls[i].nr == nr)
                        return extra_syscalls[i].name;
        return NULL;
}

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
                if (n == SBX_NET_LOOPBACK)
                        table_add(t, strict_inet_rules, 1);
                else
                        table_add(t, no_inet_rules, 1);
                table_add(t, strict_rules, sizeof strict_rules / sizeof strict_rules[0]);
                if (p == SBX_POLICY_BUILD)
                        table_add(t, build_rules, sizeof build_rules / sizeof build_rules[0]);
                t->built = true;
        }
        *ret_rules = t->rules;
        /* Anything not named fails with ENOSYS, in both policies: a
         * syscall the kernel gains is refused until it is classified here
         * (test_policy fails when the running kernel knows one that is
         * not). */
        *ret_default = SBX__ERRNO;
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
                if (strcmp(rules[i].name, name) == 0 &&
                    (rules[i].arg == SBX__ARG_NONE || rules[i].arg == SBX__ARG_SETID ||
                     rules[i].arg == SBX__ARG_OTHER_PID || rules[i].arg == SBX__ARG_OTHER_PRIO))
                        /* a whole rule allows the plain case */
                        return rules[i].arg == SBX__ARG_NONE ? rules[i].action : SBX__ALLOW;
        return dflt;
}

bool sbx__policy_classified(const char *name)
{
        const struct sbx__rule *rules;
        enum sbx__action dflt;
        int err;
        size_t count = sbx__policy_rules(SBX_POLICY_BUILD, SBX_NET_LOOPBACK, &rules, &dflt, &err);
        for (size_t i = 0; i < count; i++)
                if (strcmp(rules[i].name, name) == 0)
                        return true;
        for (size_t i = 0; i < sizeof kernel_passthrough / sizeof kernel_passthrough[0]; i++)
                if (strcmp(kernel_passthrough[i], name) == 0)
                        return true;
        return false;
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
