/* test_doctor.c — the doctor's verdicts from probed facts: full, degraded
 * (and why), cannot run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "doctor.h"

static struct gnt_doctor full_machine(void)
{
        struct gnt_doctor d = {.root = true};
        d.caps.seccomp = d.caps.userns = d.caps.userns_unpriv = true;
        d.caps.pidns = d.caps.netns = d.caps.mountns = d.caps.ipcns = d.caps.utsns = true;
        d.caps.cgroup1_memory = d.caps.cgroup1_pids = d.caps.cgroup1_writable = true;
        d.have_go = true;
        strcpy(d.go.version, "go1.26.8");
        d.go.cgo = d.go.race_runtime = true;
        d.have_cc = true;
        d.cc.tsan = true;
        d.idmap_probed = d.idmap_ok = true;
        return d;
}

static bool has_finding(const struct gnt_doctor *d, const char *needle, bool fatal)
{
        for (unsigned i = 0; i < d->n_findings; i++)
                if (strstr(d->findings[i].what, needle) && d->findings[i].fatal == fatal)
                        return true;
        return false;
}

static void full(void **state)
{
        struct gnt_doctor d = full_machine();
        gnt_doctor_assess(&d);
        assert_int_equal(d.containment, GNT_CONTAIN_FULL);
        assert_int_equal(d.n_findings, 0);
        assert_string_equal(d.memory_by, "cgroup v1");
        assert_true(d.race_ok);
}

/* Root without idmapped mounts on the scratch file system: runs go on, as
 * host uid 0 without capabilities, and the verdict says so. */
static void root_without_idmap_degrades(void **state)
{
        struct gnt_doctor d = full_machine();
        d.idmap_ok = false;
        strcpy(d.idmap_why, "no idmapped mount of '/tmp': Invalid argument");
        gnt_doctor_assess(&d);
        assert_int_equal(d.containment, GNT_CONTAIN_DEGRADED);
        assert_true(has_finding(&d, "host uid 0 without capabilities: no idmapped mount of '/tmp'", false));
        /* an unprivileged user's programs have that user's uid anyway */
        d.root = false;
        gnt_doctor_assess(&d);
        assert_false(has_finding(&d, "host uid 0", false));
        (void)state;
}

static void v2_preferred_when_delegated(void **state)
{
        struct gnt_doctor d = full_machine();
        d.caps.cgroup2_delegated = true;
        strcpy(d.caps.cgroup2_controllers, "cpu io memory pids");
        gnt_doctor_assess(&d);
        assert_string_equal(d.memory_by, "cgroup v2");
        assert_string_equal(d.procs_by, "cgroup v2");
        /* v2 without pids falls back to v1. */
        strcpy(d.caps.cgroup2_controllers, "cpu memory");
        gnt_doctor_assess(&d);
        assert_string_equal(d.memory_by, "cgroup v1");
}

/* This machine as nobody: nothing writable, so polling and RLIMIT_NPROC. */
static void unprivileged_without_cgroups(void **state)
{
        struct gnt_doctor d = full_machine();
        d.root = false;
        d.caps.cgroup1_writable = false;
        gnt_doctor_assess(&d);
        assert_int_equal(d.containment, GNT_CONTAIN_DEGRADED);
        assert_string_equal(d.memory_by, "polling");
        assert_string_equal(d.procs_by, "rlimit");
        assert_true(has_finding(&d, "no writable cgroup", false));
}

static void unprivileged_without_userns_cannot_run(void **state)
{
        struct gnt_doctor d = full_machine();
        d.root = false;
        d.caps.userns_unpriv = false;
        gnt_doctor_assess(&d);
        assert_int_equal(d.containment, GNT_CONTAIN_NONE);
        assert_true(has_finding(&d, "unprivileged users may not create user namespaces", true));
        /* Root does not need user namespaces. */
        d.root = true;
        gnt_doctor_assess(&d);
        assert_int_equal(d.containment, GNT_CONTAIN_FULL);
}

static void no_seccomp_cannot_run(void **state)
{
        struct gnt_doctor d = full_machine();
        d.caps.seccomp = false;
        gnt_doctor_assess(&d);
        assert_int_equal(d.containment, GNT_CONTAIN_NONE);
        assert_true(has_finding(&d, "seccomp", true));
}

static void old_or_missing_go_degrades(void **state)
{
        struct gnt_doctor d = full_machine();
        strcpy(d.go.version, "go1.24.9");
        gnt_doctor_assess(&d);
        assert_int_equal(d.containment, GNT_CONTAIN_DEGRADED);
        assert_false(d.go_ok);
        assert_false(d.race_ok);
        assert_true(has_finding(&d, "older than", false));
        d.have_go = false;
        gnt_doctor_assess(&d);
        assert_true(has_finding(&d, "no Go toolchain", false));
}

static void no_race_without_cgo(void **state)
{
        struct gnt_doctor d = full_machine();
        d.go.cgo = false;
        gnt_doctor_assess(&d);
        assert_int_equal(d.containment, GNT_CONTAIN_DEGRADED);
        assert_true(has_finding(&d, "-race", false));
        d = full_machine();
        d.cc.tsan = false;
        gnt_doctor_assess(&d);
        assert_true(has_finding(&d, "ThreadSanitizer", false));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(full),
                cmocka_unit_test(root_without_idmap_degrades),
                cmocka_unit_test(v2_preferred_when_delegated),
                cmocka_unit_test(unprivileged_without_cgroups),
                cmocka_unit_test(unprivileged_without_userns_cannot_run),
                cmocka_unit_test(no_seccomp_cannot_run),
                cmocka_unit_test(old_or_missing_go_degrades),
                cmocka_unit_test(no_race_without_cgo),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
