/* test_policy.c — the seccomp profiles as data: every escape syscall is
 * killed under strict and build, the probes get an errno, clone3 gets
 * ENOSYS, set-id modes and other processes' limits are refused, only the
 * socket families a policy names open, every syscall the running kernel
 * knows is classified, and every (policy, net) pair compiles to a
 * loadable program. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

static const char *const required_escapes[] = {
        "ptrace", "mount", "umount2", "pivot_root", "unshare", "setns", "bpf", "keyctl", "add_key",
        "perf_event_open", "process_vm_readv", "process_vm_writev", "kexec_load", "init_module",
        "finit_module", "delete_module", "reboot", "swapon", "open_by_handle_at", "userfaultfd",
        "open_tree", "open_tree_attr", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick",
        "mount_setattr", "listmount", "statmount", NULL,
};

static void test_escapes_killed(void **state)
{
        (void)state;
        for (const char *const *s = required_escapes; *s; s++) {
                bool listed = false;
                for (const char *const *e = sbx__escape_syscalls; *e; e++)
                        listed |= strcmp(*e, *s) == 0;
                assert_true(listed);
                for (int n = 0; n < _SBX_NET_MAX; n++) {
                        assert_int_equal(sbx__policy_lookup(SBX_POLICY_STRICT, n, *s), SBX__KILL);
                        assert_int_equal(sbx__policy_lookup(SBX_POLICY_BUILD, n, *s), SBX__KILL);
                }
        }
}

static void test_probes_get_errno(void **state)
{
        (void)state;
        static const char *const probes[] = {"clone3", "io_uring_setup", "io_uring_enter", "personality", NULL};
        for (const char *const *s = probes; *s; s++) {
                assert_int_equal(sbx__policy_lookup(SBX_POLICY_STRICT, SBX_NET_NONE, *s), SBX__ERRNO);
                assert_int_equal(sbx__policy_lookup(SBX_POLICY_BUILD, SBX_NET_NONE, *s), SBX__ERRNO);
        }
        const struct sbx__rule *rules;
        enum sbx__action dflt;
        int err;
        size_t n = sbx__policy_rules(SBX_POLICY_STRICT, SBX_NET_NONE, &rules, &dflt, &err);
        assert_true(n > 100);
        assert_int_equal(dflt, SBX__ERRNO);
        assert_int_equal(err, ENOSYS);
        for (size_t i = 0; i < n; i++)
                if (strcmp(rules[i].name, "clone3") == 0)
                        assert_int_equal(rules[i].err, ENOSYS);
}

static void test_strict_allows_what_go_needs(void **state)
{
        (void)state;
        static const char *const go[] = {"futex", "mmap", "rt_sigaction", "sched_yield", "tgkill",
                                         "epoll_pwait", "nanosleep", "getrandom", "execve", "wait4",
                                         "timer_create", "mincore", "readlinkat", NULL};
        for (const char *const *s = go; *s; s++)
                assert_int_equal(sbx__policy_lookup(SBX_POLICY_STRICT, SBX_NET_NONE, *s), SBX__ALLOW);
        /* Off means no filter at all. */
        assert_int_equal(sbx__policy_lookup(SBX_POLICY_OFF, SBX_NET_NONE, "mount"), SBX__ALLOW);
}

static void test_inet_sockets_follow_net(void **state)
{
        (void)state;
        const struct sbx__rule *rules;
        enum sbx__action dflt;
        int err;
        for (int net = 0; net < _SBX_NET_MAX; net++) {
                size_t n = sbx__policy_rules(SBX_POLICY_STRICT, net, &rules, &dflt, &err);
                enum sbx__action inet = SBX__KILL;
                bool found = false;
                for (size_t i = 0; i < n && !found; i++)
                        if (strcmp(rules[i].name, "socket") == 0 && rules[i].arg == SBX__ARG_SOCKET_INET) {
                                inet = rules[i].action;
                                found = true;
                        }
                assert_true(found);
                assert_int_equal(inet, net == SBX_NET_LOOPBACK ? SBX__ALLOW : SBX__ERRNO);
        }
}

/* Load a compiled program in a child and call syscall nr: the wait
 * status (exit 38 ENOSYS, 1 EPERM, 99 another error, 0 success). */
static int try_syscall4(const struct sbx__bpf *b, long nr, long a0, unsigned long a1, unsigned long a2,
                        unsigned long a3)
{
        pid_t p = fork();
        if (p == 0) {
                struct sock_fprog prog = {.len = b->len, .filter = (struct sock_filter *)b->insns};
                if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
                    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0)
                        _exit(100);
                long r = syscall(nr, a0, a1, a2, a3, 0);
                _exit(r < 0 ? (errno == ENOSYS ? 38 : errno == EPERM ? 1 : 99) : 0);
        }
        int st;
        waitpid(p, &st, 0);
        return st;
}

static int try_syscall(const struct sbx__bpf *b, long nr, long a0, unsigned long a1)
{
        return try_syscall4(b, nr, a0, a1, 0, 0);
}

static int exit_of(int st)
{
        return WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

/* No file the program makes may carry a set-uid or set-gid bit, whatever
 * the call and whatever garbage sits in the high bits; plain modes pass
 * (the path does not exist: ENOENT, 99). */
static void test_setid_modes_refused(void **state)
{
        (void)state;
        const char *path = "/nonexistent-gauntlet/x";
        const unsigned long hi = 0x100000000UL;
        for (int p = 0; p < SBX_POLICY_OFF; p++)
                for (int n = 0; n < _SBX_NET_MAX; n++) {
                        const struct sbx__bpf *b = &sbx__builtin_bpf[p][n][0];
                        const unsigned long bad[] = {04755, 02755, 06755, hi | 04000, S_ISGID | S_IFREG};
                        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
                                unsigned long m = bad[i];
                                assert_int_equal(exit_of(try_syscall(b, SYS_chmod, (long)path, m)), 1);
                                assert_int_equal(exit_of(try_syscall(b, SYS_fchmod, -1, m)), 1);
                                assert_int_equal(exit_of(try_syscall4(b, SYS_fchmodat, AT_FDCWD, (unsigned long)path, m, 0)), 1);
                                assert_int_equal(exit_of(try_syscall4(b, 452 /* fchmodat2 */, AT_FDCWD, (unsigned long)path, m, 0)), 1);
                                assert_int_equal(exit_of(try_syscall4(b, SYS_open, (long)path, O_CREAT | O_WRONLY, m, 0)), 1);
                                assert_int_equal(exit_of(try_syscall4(b, SYS_openat, AT_FDCWD, (unsigned long)path, O_CREAT | O_WRONLY, m)), 1);
                                assert_int_equal(exit_of(try_syscall(b, SYS_creat, (long)path, m)), 1);
                                assert_int_equal(exit_of(try_syscall(b, SYS_mkdir, (long)path, m)), 1);
                                assert_int_equal(exit_of(try_syscall4(b, SYS_mkdirat, AT_FDCWD, (unsigned long)path, m, 0)), 1);
                                assert_int_equal(exit_of(try_syscall4(b, SYS_mknod, (long)path, m | S_IFIFO, 0, 0)), 1);
                                assert_int_equal(exit_of(try_syscall4(b, SYS_mknodat, AT_FDCWD, (unsigned long)path, m | S_IFIFO, 0)), 1);
                        }
                        assert_int_equal(exit_of(try_syscall(b, SYS_chmod, (long)path, 0755)), 99);
                        assert_int_equal(exit_of(try_syscall4(b, SYS_openat, AT_FDCWD, (unsigned long)path, O_CREAT | O_WRONLY, 0644)), 99);
                        assert_int_equal(exit_of(try_syscall(b, SYS_mkdir, (long)path, 01777)), 99);
                        /* openat2's mode is out of seccomp's sight: refused. */
                        assert_int_equal(exit_of(try_syscall(b, SYS_openat2, AT_FDCWD, (unsigned long)path)), 38);
                }
}

/* The program shares its uid with its sandbox's pid 1: limits,
 * scheduling and priority of any process but itself are refused. */
static void test_other_processes_refused(void **state)
{
        (void)state;
        struct rlimit rl;
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(0, &set);
        for (int p = 0; p < SBX_POLICY_OFF; p++)
                for (int n = 0; n < _SBX_NET_MAX; n++) {
                        const struct sbx__bpf *b = &sbx__builtin_bpf[p][n][0];
                        assert_int_equal(exit_of(try_syscall4(b, SYS_prlimit64, 1, RLIMIT_NOFILE, 0, (unsigned long)&rl)), 1);
                        assert_int_equal(exit_of(try_syscall4(b, SYS_prlimit64, 0x100000000L, RLIMIT_NOFILE, 0, (unsigned long)&rl)), 1);
                        assert_int_equal(exit_of(try_syscall4(b, SYS_prlimit64, 0, RLIMIT_NOFILE, 0, (unsigned long)&rl)), 0);
                        assert_int_equal(exit_of(try_syscall4(b, SYS_sched_setaffinity, 1, sizeof set, (unsigned long)&set, 0)), 1);
                        assert_int_equal(exit_of(try_syscall4(b, SYS_setpriority, PRIO_PROCESS, 1, 0, 0)), 1);
                        assert_int_equal(exit_of(try_syscall4(b, SYS_setpriority, PRIO_USER, 0, 0, 0)), 1);
                        assert_int_equal(exit_of(try_syscall4(b, SYS_setpriority, PRIO_PGRP, 0, 0, 0)), 1);
                        assert_int_equal(exit_of(try_syscall4(b, SYS_setpriority, PRIO_PROCESS, 0, 0, 0)), 0);
                        assert_int_equal(exit_of(try_syscall(b, SYS_ioprio_set, 1, 1)), 1);
                        /* AIO contexts are a host-wide pool. */
                        assert_int_equal(exit_of(try_syscall(b, SYS_io_setup, 1, 0)), 38);
                }
}

/* Only the families a policy names open: AF_UNIX always, AF_INET(6) with
 * loopback, nothing else (AF_VSOCK reaches the host from any network
 * namespace), whatever garbage sits in the high bits. */
static void test_socket_families(void **state)
{
        (void)state;
        for (int p = 0; p < SBX_POLICY_OFF; p++)
                for (int n = 0; n < _SBX_NET_MAX; n++) {
                        const struct sbx__bpf *b = &sbx__builtin_bpf[p][n][0];
                        assert_int_equal(exit_of(try_syscall(b, SYS_socket, AF_UNIX, SOCK_STREAM)), 0);
                        assert_int_equal(exit_of(try_syscall(b, SYS_socket, AF_INET, SOCK_STREAM)),
                                         n == SBX_NET_LOOPBACK ? 0 : 1);
                        const int refused[] = {AF_VSOCK, AF_NETLINK, AF_PACKET, AF_BLUETOOTH, AF_ALG, AF_XDP,
                                               AF_KEY, AF_UNSPEC};
                        for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
                                assert_int_equal(exit_of(try_syscall(b, SYS_socket, refused[i], SOCK_STREAM)), 1);
                                assert_int_equal(exit_of(try_syscall4(b, SYS_socketpair, refused[i], SOCK_STREAM, 0, 0)), 1);
                        }
                        /* The family is compared as the kernel reads it (an int). */
                        assert_int_equal(exit_of(try_syscall(b, SYS_socket, 0x100000000L | AF_VSOCK, SOCK_STREAM)), 1);
                        assert_int_equal(exit_of(try_syscall(b, SYS_socket, 0x100000000L | AF_UNIX, SOCK_STREAM)), 0);
                }
}

/* The number nr with all-zero arguments in a child that is nobody with
 * no_new_privs: the errno it got (0 on success, -1 when it died). */
static int probe_kernel(long nr)
{
        pid_t p = fork();
        if (p == 0) {
                /* cmocka's handlers must not catch what the probe raises
                 * (uprobe outside a trampoline is SIGILL). */
                for (int sig = 1; sig < NSIG; sig++)
                        signal(sig, SIG_DFL);
                alarm(2);
                if (getuid() == 0 && (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
                                      setresuid(65534, 65534, 65534) < 0))
                        _exit(255);
                prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
                long r = syscall(nr, 0, 0, 0, 0, 0, 0);
                _exit(r < 0 ? (errno & 0x7f) : 0);
        }
        int st;
        waitpid(p, &st, 0);
        return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Every syscall the running kernel knows was looked at: every named number
 * is in the policy's tables, and no number without a name (gaps, and the
 * numbers past the newest we know) answers anything but ENOSYS.  A new
 * kernel with a new syscall fails here until it is classified. */
static void test_every_kernel_syscall_classified(void **state)
{
        (void)state;
        int missing = 0;
        for (int nr = 0; nr < sbx__nsyscalls + 64; nr++) {
                const char *name = sbx__syscall_name(nr);
                if (name) {
                        if (!sbx__policy_classified(name)) {
                                print_error("syscall %d '%s' is not classified by the policies\n", nr, name);
                                missing++;
                        }
                        continue;
                }
                int e = probe_kernel(nr);
                if (e != ENOSYS) {
                        print_error("the kernel knows syscall %d (%s), which the policies never classified\n", nr,
                                    e < 0 ? "it killed the probe" : strerror(e));
                        missing++;
                }
        }
        assert_int_equal(missing, 0);
}

/* The killing variant kills; the notifying one, loaded without a
 * listener, refuses (the run's supervisor holds the listener and kills);
 * and the programs built into the library are exactly what the policy
 * tables compile to today. */
static void test_compiled_filters_behave(void **state)
{
        (void)state;
        for (int p = 0; p < SBX_POLICY_OFF; p++) {
                for (int n = 0; n < _SBX_NET_MAX; n++) {
                        for (int k = 0; k < 2; k++) {
                                struct sbx__bpf b = {0};
                                assert_int_equal(sbx__policy_compile(p, n, k, &b), 0);
                                assert_true(b.valid && b.len > 10);
                                const struct sbx__bpf *built = &sbx__builtin_bpf[p][n][k];
                                assert_int_equal(built->len, b.len);
                                assert_memory_equal(built->insns, b.insns, (size_t)b.len * 8);
                                int st = try_syscall(&b, SYS_unshare, 0, 0);
                                if (k)
                                        assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 38);
                                else
                                        assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS);
                                st = try_syscall(&b, SYS_clone3, 0, 0);
                                assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 38);
                                st = try_syscall(&b, SYS_getpid, 0, 0);
                                assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
                                /* Terminal injection is refused like an escape in
                                 * every policy, high bits or not; other ioctls pass
                                 * (fd -1: EBADF, exit 99). */
                                const unsigned long tty[] = {TIOCSTI, TIOCLINUX, 0x100000000UL | TIOCSTI};
                                for (size_t t = 0; t < 3; t++) {
                                        st = try_syscall(&b, SYS_ioctl, -1, tty[t]);
                                        if (k)
                                                assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 38);
                                        else
                                                assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS);
                                }
                                st = try_syscall(&b, SYS_ioctl, -1, TCGETS);
                                assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 99);
                                /* Socket buffers keep their default size:
                                 * asking for more succeeds without effect
                                 * (fd -1 would be EBADF otherwise); other
                                 * options reach the kernel. */
                                const unsigned long bufs[] = {SO_SNDBUF, SO_RCVBUF, SO_SNDBUFFORCE,
                                                              SO_RCVBUFFORCE, 0x100000000UL | SO_SNDBUF};
                                for (size_t t = 0; t < 5; t++)
                                        assert_int_equal(exit_of(try_syscall4(&b, SYS_setsockopt, -1, SOL_SOCKET, bufs[t], 0)), 0);
                                assert_int_equal(exit_of(try_syscall4(&b, SYS_setsockopt, -1, SOL_SOCKET, SO_REUSEADDR, 0)), 99);
                                assert_int_equal(exit_of(try_syscall4(&b, SYS_setsockopt, -1, 6 /* IPPROTO_TCP */, SO_SNDBUF, 0)), 99);
                                assert_int_equal(exit_of(try_syscall(&b, SYS_ioctl, -1, FIONREAD)), 99);
                                /* A program cannot hide its descriptors from
                                 * the supervisor's /proc scan. */
                                assert_int_equal(exit_of(try_syscall(&b, SYS_prctl, PR_SET_DUMPABLE, 0)), 1);
                                assert_int_equal(exit_of(try_syscall(&b, SYS_prctl, 0x100000000L | PR_SET_DUMPABLE, 0)), 1);
                                assert_int_equal(exit_of(try_syscall(&b, SYS_prctl, PR_GET_DUMPABLE, 0)), 0);
                                /* Pipes keep their default size too. */
                                assert_int_equal(exit_of(try_syscall(&b, SYS_fcntl, -1, F_SETPIPE_SZ)), 1);
                                assert_int_equal(exit_of(try_syscall(&b, SYS_fcntl, -1, F_GETFD)), 99);
                                free((void *)b.insns);
                        }
                }
        }
}

/* Violations are named from a table generated at build time. */
static void test_syscall_names(void **state)
{
        (void)state;
        assert_string_equal(sbx__syscall_name(SYS_ioctl), "ioctl");
        assert_string_equal(sbx__syscall_name(SYS_ptrace), "ptrace");
        assert_string_equal(sbx__syscall_name(SYS_read), "read");
        assert_true(sbx__nsyscalls > SYS_clone3);
        assert_null(sbx__syscall_name(-1));
        assert_null(sbx__syscall_name(sbx__nsyscalls));
        assert_null(sbx__syscall_name(1 << 30));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_escapes_killed),
                cmocka_unit_test(test_probes_get_errno),
                cmocka_unit_test(test_strict_allows_what_go_needs),
                cmocka_unit_test(test_inet_sockets_follow_net),
                cmocka_unit_test(test_compiled_filters_behave),
                cmocka_unit_test(test_syscall_names),
                cmocka_unit_test(test_setid_modes_refused),
                cmocka_unit_test(test_other_processes_refused),
                cmocka_unit_test(test_socket_families),
                cmocka_unit_test(test_every_kernel_syscall_classified),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
