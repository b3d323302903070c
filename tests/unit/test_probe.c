/* test_probe.c — sbx_probe on fake /proc and /sys trees: a cgroup v1-only
 * machine like ours, a cgroup v2 machine with controllers, a bare one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fake_tree.h"
#include "probe.h"

static void common_proc(const char *r)
{
        fake_write(r, "proc/sys/kernel/seccomp/actions_avail",
                   "kill_process kill_thread trap errno user_notif trace log allow\n");
        fake_write(r, "proc/sys/user/max_user_namespaces", "96364\n");
        static const char *const ns[] = {"user", "pid", "net", "mnt", "ipc", "uts"};
        for (size_t i = 0; i < 6; i++) {
                char rel[64];
                snprintf(rel, sizeof rel, "proc/self/ns/%s", ns[i]);
                fake_write(r, rel, "");
        }
}

/* This machine kind: v1 memory/pids/cpu/cpuacct/cpuset/freezer, v2 without controllers. */
static void v1_only(void **state)
{
        char *r = fake_root_new();
        common_proc(r);
        fake_write(r, "proc/self/mounts",
                   "tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0\n"
                   "cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0\n"
                   "cgroup /sys/fs/cgroup/cpuacct cgroup rw,relatime,cpuacct 0 0\n"
                   "cgroup /sys/fs/cgroup/cpuset cgroup rw,relatime,cpuset 0 0\n"
                   "cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0\n"
                   "cgroup /sys/fs/cgroup/freezer cgroup rw,relatime,freezer 0 0\n"
                   "cgroup /sys/fs/cgroup/pids cgroup rw,relatime,pids 0 0\n"
                   "cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0\n");
        fake_write(r, "proc/self/cgroup",
                   "8:pids:/\n4:memory:/process_api/abc\n2:cpuacct:/\n0::/\n");
        fake_write(r, "sys/fs/cgroup/unified/cgroup.controllers", "hugetlb\n");
        fake_mkdir(r, "sys/fs/cgroup/memory/process_api/abc");
        fake_mkdir(r, "sys/fs/cgroup/pids");

        struct sbx_caps c;
        assert_int_equal(sbx_probe(r, 0, &c), 0);
        assert_true(c.seccomp);
        assert_true(c.userns && c.userns_unpriv);
        assert_true(c.pidns && c.netns && c.mountns && c.ipcns && c.utsns);
        assert_true(c.cgroup2);
        assert_string_equal(c.cgroup2_mount, "/sys/fs/cgroup/unified");
        assert_string_equal(c.cgroup2_controllers, "hugetlb");
        assert_true(c.cgroup1_memory && c.cgroup1_pids && c.cgroup1_cpuacct && c.cgroup1_cpu);
        assert_true(c.cgroup1_cpuset && c.cgroup1_freezer);
        /* Access checks as the test's own user: root here, so writable. */
        if (geteuid() == 0)
                assert_true(c.cgroup1_writable);
        fake_root_free(r);
}

static void v2_delegated(void **state)
{
        char *r = fake_root_new();
        common_proc(r);
        fake_write(r, "proc/self/mounts", "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev 0 0\n");
        fake_write(r, "proc/self/cgroup", "0::/user.slice/user-1000.slice/session-3.scope\n");
        fake_write(r, "sys/fs/cgroup/user.slice/user-1000.slice/session-3.scope/cgroup.controllers",
                   "cpuset cpu io memory pids\n");
        struct sbx_caps c;
        assert_int_equal(sbx_probe(r, 0, &c), 0);
        assert_true(c.cgroup2);
        assert_string_equal(c.cgroup2_mount, "/sys/fs/cgroup");
        assert_string_equal(c.cgroup2_controllers, "cpuset cpu io memory pids");
        assert_false(c.cgroup1_memory || c.cgroup1_pids);
        if (geteuid() == 0)
                assert_true(c.cgroup2_delegated);
        fake_root_free(r);
}

/* Debian's knob off: user namespaces exist, but not for unprivileged users. */
static void userns_restricted(void **state)
{
        char *r = fake_root_new();
        common_proc(r);
        fake_write(r, "proc/sys/kernel/unprivileged_userns_clone", "0\n");
        fake_write(r, "proc/self/mounts", "");
        struct sbx_caps c;
        assert_int_equal(sbx_probe(r, 0, &c), 0);
        assert_true(c.userns);
        assert_false(c.userns_unpriv);
        assert_false(c.cgroup2 || c.cgroup1_memory);
        fake_write(r, "proc/sys/kernel/unprivileged_userns_clone", "1\n");
        fake_write(r, "proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1\n");
        assert_int_equal(sbx_probe(r, 0, &c), 0);
        assert_false(c.userns_unpriv);
        fake_root_free(r);
}

static void bare_machine(void **state)
{
        char *r = fake_root_new();
        fake_mkdir(r, "proc");
        struct sbx_caps c;
        memset(&c, 0x55, sizeof c);
        assert_int_equal(sbx_probe(r, 0, &c), 0);
        assert_false(c.seccomp || c.userns || c.pidns || c.cgroup2 || c.cgroup1_memory);
        fake_root_free(r);
}

static void missing_root_is_an_error(void **state)
{
        struct sbx_caps c;
        memset(&c, 0x55, sizeof c);
        unsigned char before = ((unsigned char *)&c)[0];
        assert_int_equal(sbx_probe("/nonexistent/gauntlet", 0, &c), -ENOENT);
        assert_int_equal(((unsigned char *)&c)[0], before);
}

/* Controller names must match whole words: "cpu" is not "cpuacct". */
static void controller_words(void **state)
{
        char *r = fake_root_new();
        common_proc(r);
        fake_write(r, "proc/self/mounts", "cgroup /sys/fs/cgroup/cpuacct cgroup rw,cpuacct 0 0\n");
        struct sbx_caps c;
        assert_int_equal(sbx_probe(r, 0, &c), 0);
        assert_true(c.cgroup1_cpuacct);
        assert_false(c.cgroup1_cpu);
        fake_root_free(r);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(v1_only),
                cmocka_unit_test(v2_delegated),
                cmocka_unit_test(userns_restricted),
                cmocka_unit_test(bare_machine),
                cmocka_unit_test(missing_root_is_an_error),
                cmocka_unit_test(controller_words),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
