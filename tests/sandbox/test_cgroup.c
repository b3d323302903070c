/* test_cgroup.c — cgroup handling and probing on fake /proc and /sys trees
 * (cgroup v1 only like a Debian VM, v2 with delegated controllers, nothing
 * at all), the counter parsers, and — as root on a v1 machine — a real
 * group created, joined, killed and removed.  `test_sandbox_cgroup live`
 * runs only the real group, and exits 77 (skipped) when it cannot. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

static char root[256];

/* SKIP(why) counts a case that cannot run: main turns a run whose every
 * case skipped into exit 77. */
#include "../skip.h"

static void put(const char *rel, const char *text)
{
        char p[1024], dir[1024];
        snprintf(p, sizeof p, "%s/%s", root, rel);
        snprintf(dir, sizeof dir, "%s", p);
        for (char *s = dir + strlen(root) + 1; (s = strchr(s, '/')); s++) {
                *s = '\0';
                mkdir(dir, 0755);
                *s = '/';
        }
        if (text) {
                FILE *f = fopen(p, "w");
                assert_non_null(f);
                fputs(text, f);
                fclose(f);
        } else {
                mkdir(p, 0755);
        }
}

static int setup(void **state)
{
        (void)state;
        snprintf(root, sizeof root, "/tmp/sbx-probe-XXXXXX");
        return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
        (void)state;
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
        return system(cmd) == 0 ? 0 : -1;
}

static void test_probe_v1_only(void **state)
{
        (void)state;
        put("proc/sys/kernel/seccomp/actions_avail", "kill_process kill_thread trap errno user_notif trace log allow\n");
        put("proc/self/ns/user", "");
        put("proc/self/ns/pid", "");
        put("proc/self/mounts",
            "cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0\n"
            "cgroup /sys/fs/cgroup/cpuacct cgroup rw,relatime,cpuacct 0 0\n"
            "cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0\n"
            "cgroup /sys/fs/cgroup/freezer cgroup rw,relatime,freezer 0 0\n"
            "cgroup /sys/fs/cgroup/pids cgroup rw,relatime,pids 0 0\n"
            "cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0\n");
        put("proc/self/cgroup", "8:pids:/\n4:memory:/process_api/abc\n0::/\n");
        put("sys/fs/cgroup/memory/process_api/abc", NULL);
        put("sys/fs/cgroup/pids", NULL);
        put("sys/fs/cgroup/unified/cgroup.controllers", "\n");
        struct sbx_caps c;
        assert_int_equal(sbx_probe(root, 0, &c), 0);
        assert_true(c.seccomp);
        assert_true(c.userns && c.pidns);
        assert_false(c.netns);
        assert_true(c.cgroup1_memory && c.cgroup1_pids && c.cgroup1_cpuacct && c.cgroup1_cpu &&
                    c.cgroup1_freezer);
        assert_false(c.cgroup1_cpuset);
        assert_true(c.cgroup2);
        assert_false(c.cgroup2_delegated); /* mounted, but no controllers */
}

static void test_probe_v2_delegated(void **state)
{
        (void)state;
        put("proc/self/mounts", "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid 0 0\n");
        put("proc/self/cgroup", "0::/user.slice/me\n");
        put("sys/fs/cgroup/user.slice/me/cgroup.controllers", "cpu memory pids\n");
        struct sbx_caps c;
        assert_int_equal(sbx_probe(root, 0, &c), 0);
        assert_true(c.cgroup2);
        assert_string_equal(c.cgroup2_mount, "/sys/fs/cgroup");
        assert_string_equal(c.cgroup2_controllers, "cpu memory pids");
        assert_true(c.cgroup2_delegated);
        assert_false(c.cgroup1_memory);
        assert_false(c.seccomp); /* no actions_avail in this tree */
}

static void test_probe_nothing(void **state)
{
        (void)state;
        put("proc/self/mounts", "proc /proc proc rw 0 0\n");
        struct sbx_caps c;
        assert_int_equal(sbx_probe(root, 0, &c), 0);
        assert_false(c.cgroup2 || c.cgroup1_memory || c.cgroup1_pids || c.seccomp || c.userns);
        assert_int_equal(sbx_probe("/nonexistent-sysroot", 0, &c), -ENOENT);
}

static void test_parsers(void **state)
{
        (void)state;
        assert_true(sbx__cg_parse_cpu_stat("usage_usec 1500000\nuser_usec 1\n") == 1.5);
        assert_true(sbx__cg_parse_cpu_stat("user_usec 3\nusage_usec 250000\n") == 0.25);
        assert_true(sbx__cg_parse_cpu_stat("nr_periods 0\n") < 0);
        assert_int_equal(sbx__cg_parse_oom_kill("oom_kill_disable 0\nunder_oom 0\noom_kill 3\n"), 3);
        assert_int_equal(sbx__cg_parse_oom_kill("low 0\nhigh 0\nmax 2\noom 2\noom_kill 2\n"), 2);
        assert_int_equal(sbx__cg_parse_oom_kill("oom_kill_disable 0\n"), 0);
}

static int count_entries(const char *dir)
{
        DIR *d = opendir(dir);
        int n = 0;
        struct dirent *e;
        while (d && (e = readdir(d)))
                n += e->d_name[0] != '.';
        if (d)
                closedir(d);
        return n;
}

/* v2 logic on a fake tree: a delegated group gets a child, a limit that
 * cannot be written falls back cleanly, and nothing is left behind. */
static void test_cgroup_v2_fake(void **state)
{
        (void)state;
        char mounts[512], self[512], own[512];
        snprintf(mounts, sizeof mounts, "cgroup2 %s/cg2 cgroup2 rw 0 0\n", root);
        put("m2", mounts);
        put("self2", "0::/svc\n");
        put("cg2/svc/cgroup.subtree_control", "cpu memory pids\n");
        snprintf(mounts, sizeof mounts, "%s/m2", root);
        snprintf(self, sizeof self, "%s/self2", root);
        snprintf(own, sizeof own, "%s/cg2/svc", root);

        struct sbx__cgroup cg;
        struct sbx__cg_limits none = {0};
        assert_int_equal(sbx__cg_create(&cg, mounts, self, &none), 0);
        assert_int_equal(cg.version, 2);
        assert_true(strncmp(cg.v2, own, strlen(own)) == 0);
        assert_non_null(strstr(cg.v2, "/gauntlet-"));
        struct stat st;
        assert_int_equal(stat(cg.v2, &st), 0);
        assert_true(sbx__cg_cpu(&cg) < 0); /* no cpu.stat in a fake group */
        assert_false(sbx__cg_oom_killed(&cg));
        sbx__cg_destroy(&cg);
        assert_int_equal(count_entries(own), 1); /* only cgroup.subtree_control */

        /* memory.max does not exist here: the group is removed and the run
         * says no hierarchy could be used. */
        struct sbx__cg_limits lim = {.mem_bytes = 64 << 20, .pids = 10};
        assert_int_equal(sbx__cg_create(&cg, mounts, self, &lim), 0);
        assert_int_equal(cg.version, 0);
        assert_false(cg.has_mem || cg.has_pids);
        assert_string_equal(cg.note, "no writable cgroup hierarchy");
        assert_int_equal(count_entries(own), 1);
        sbx__cg_destroy(&cg);
}

static void test_cgroup_v2_not_delegated(void **state)
{
        (void)state;
        char mounts[512], self[512];
        snprintf(mounts, sizeof mounts, "cgroup2 %s/cg3 cgroup2 rw 0 0\n", root);
        put("m3", mounts);
        put("self3", "0::/\n");
        put("cg3/cgroup.controllers", "\n"); /* like a v1 machine's unified tree */
        put("cg3/cgroup.subtree_control", "\n");
        snprintf(mounts, sizeof mounts, "%s/m3", root);
        snprintf(self, sizeof self, "%s/self3", root);
        struct sbx__cgroup cg;
        struct sbx__cg_limits none = {0};
        assert_int_equal(sbx__cg_create(&cg, mounts, self, &none), 0);
        assert_int_equal(cg.version, 0);
        char dir[512];
        snprintf(dir, sizeof dir, "%s/cg3", root);
        assert_int_equal(count_entries(dir), 2);
}

static void test_cgroup_v1_fake(void **state)
{
        (void)state;
        char mounts[1024], self[512], own[512];
        snprintf(mounts, sizeof mounts,
                 "cgroup %s/v1mem cgroup rw,memory 0 0\ncgroup %s/v1pids cgroup rw,pids 0 0\n", root, root);
        put("m4", mounts);
        put("self4", "8:pids:/\n4:memory:/box/1\n");
        put("v1mem/box/1", NULL);
        put("v1pids", NULL);
        snprintf(mounts, sizeof mounts, "%s/m4", root);
        snprintf(self, sizeof self, "%s/self4", root);
        snprintf(own, sizeof own, "%s/v1mem/box/1", root);
        struct sbx__cgroup cg;
        struct sbx__cg_limits none = {0};
        assert_int_equal(sbx__cg_create(&cg, mounts, self, &none), 0);
        assert_int_equal(cg.version, 1);
        assert_true(cg.has_mem && cg.has_pids);
        assert_true(strncmp(cg.mem, own, strlen(own)) == 0); /* below our own group */
        sbx__cg_destroy(&cg);
        assert_int_equal(count_entries(own), 0);
        /* A limit that cannot be written: the controller is dropped, said. */
        struct sbx__cg_limits lim = {.mem_bytes = 1 << 20};
        assert_int_equal(sbx__cg_create(&cg, mounts, self, &lim), 0);
        assert_false(cg.has_mem);
        assert_non_null(strstr(cg.note, "memory cgroup"));
        assert_int_equal(count_entries(own), 0);
        sbx__cg_destroy(&cg);
}

/* The real thing: needs root and the v1 memory + pids hierarchies. */
static void test_cgroup_v1_live(void **state)
{
        (void)state;
        struct sbx__cgroup cg;
        struct sbx__cg_limits lim = {.mem_bytes = 64 << 20, .pids = 8};
        if (geteuid() != 0 || access("/sys/fs/cgroup/memory/cgroup.procs", W_OK) != 0)
                SKIP("needs root and a writable v1 memory hierarchy");
        /* A group left by a killed supervisor (dead pid, old, empty) is
         * swept by the next run. */
        char stale[256];
        struct stat ns;
        assert_int_equal(stat("/proc/self/ns/pid", &ns), 0);
        snprintf(stale, sizeof stale, "/sys/fs/cgroup/pids/gauntlet-%d-%lu-0-5ta1e", 4194303,
                 (unsigned long)ns.st_ino);
        /* The same, named in another pid namespace: not ours to judge. */
        char other[256];
        snprintf(other, sizeof other, "/sys/fs/cgroup/pids/gauntlet-%d-%lu-0-5ta1e", 4194303,
                 (unsigned long)ns.st_ino + 1);
        bool made_stale = access("/sys/fs/cgroup/pids/cgroup.procs", W_OK) == 0 && mkdir(stale, 0755) == 0 &&
                          mkdir(other, 0755) == 0;
        if (made_stale) {
                struct timespec old[2] = {{1000, 0}, {1000, 0}};
                made_stale = utimensat(AT_FDCWD, stale, old, 0) == 0 && utimensat(AT_FDCWD, other, old, 0) == 0;
        }
        assert_int_equal(sbx__cg_create(&cg, "/proc/self/mounts", "/proc/self/cgroup", &lim), 0);
        sbx__cg_sweep(&cg);
        struct stat gone;
        if (made_stale) {
                assert_int_equal(stat(stale, &gone), -1);
                assert_int_equal(stat(other, &gone), 0);
        }
        rmdir(stale);
        rmdir(other);
        if (cg.version != 1)
                SKIP("the supervisor's group is not on cgroup v1 here");
        /* One process joins by itself through the files the supervisor
         * opened (the way pid 1 does), one is moved in by pid. */
        int join[SBX__CG_JOIN_MAX];
        assert_int_equal(sbx__cg_open_join(&cg, join), 3);
        int ready[2];
        assert_int_equal(pipe(ready), 0);
        pid_t q = fork();
        if (q == 0) {
                char ok = sbx__cg_join_self(join) == 0 ? 'y' : 'n';
                if (write(ready[1], &ok, 1) != 1)
                        _exit(1);
                for (;;)
                        pause();
        }
        sbx__cg_close_join(join);
        char ok = 0;
        assert_int_equal(read(ready[0], &ok, 1), 1);
        assert_int_equal(ok, 'y');
        close(ready[0]);
        close(ready[1]);
        const char *groups[] = {cg.mem, cg.pids, cg.cpuacct};
        for (size_t i = 0; i < 3; i++) {
                char procs[600], line[32];
                snprintf(procs, sizeof procs, "%s/cgroup.procs", groups[i]);
                FILE *f = fopen(procs, "re");
                assert_non_null(f);
                assert_non_null(fgets(line, sizeof line, f));
                assert_int_equal(atoi(line), q);
                fclose(f);
        }
        pid_t p = fork();
        if (p == 0) {
                for (;;)
                        pause();
        }
        assert_int_equal(sbx__cg_attach(&cg, p), 0);
        assert_true(sbx__cg_cpu(&cg) >= 0);
        assert_false(sbx__cg_oom_killed(&cg));
        char mem[512];
        snprintf(mem, sizeof mem, "%s", cg.mem);
        sbx__cg_destroy(&cg);
        int st;
        assert_int_equal(waitpid(p, &st, 0), p);
        assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
        assert_int_equal(waitpid(q, &st, 0), q);
        assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
        struct stat sb;
        assert_int_equal(stat(mem, &sb), -1);
}

int main(int argc, char **argv)
{
        if (argc > 1 && strcmp(argv[1], "live") == 0) {
                const struct CMUnitTest live[] = {
                        cmocka_unit_test(test_cgroup_v1_live),
                };
                int failed = cmocka_run_group_tests_name("cgroup_v1_live", live, NULL, NULL);
                return SKIP_EXIT(failed, sizeof live / sizeof live[0]);
        }
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_probe_v1_only, setup, teardown),
                cmocka_unit_test_setup_teardown(test_probe_v2_delegated, setup, teardown),
                cmocka_unit_test_setup_teardown(test_probe_nothing, setup, teardown),
                cmocka_unit_test(test_parsers),
                cmocka_unit_test_setup_teardown(test_cgroup_v2_fake, setup, teardown),
                cmocka_unit_test_setup_teardown(test_cgroup_v2_not_delegated, setup, teardown),
                cmocka_unit_test_setup_teardown(test_cgroup_v1_fake, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
