/* test_policy.c — the seccomp profiles as data: every escape syscall is
 * killed under strict and build, the probes get an errno, clone3 gets
 * ENOSYS, and every (policy, net) pair compiles to a loadable program. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

static const char *const required_escapes[] = {
        "ptrace", "mount", "umount2", "pivot_root", "unshare", "setns", "bpf", "keyctl", "add_key",
        "perf_event_open", "process_vm_readv", "process_vm_writev", "kexec_load", "init_module",
        "finit_module", "delete_module", "reboot", "swapon", "open_by_handle_at", "userfaultfd", NULL,
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

/* Load a compiled program in a child and call syscall nr: the wait status. */
static int try_syscall(const struct sbx__bpf *b, long nr, long a0, unsigned long a1)
{
        pid_t p = fork();
        if (p == 0) {
                struct sock_fprog prog = {.len = b->len, .filter = (struct sock_filter *)b->insns};
                if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
                    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0)
                        _exit(100);
                long r = syscall(nr, a0, a1, 0, 0, 0);
                _exit(r < 0 ? (errno == ENOSYS ? 38 : errno == EPERM ? 1 : 99) : 0);
        }
        int st;
        waitpid(p, &st, 0);
        return st;
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
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
