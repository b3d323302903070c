/* probe.h — what this machine offers the sandbox (seccomp, namespaces,
 * cgroups, idmapped mounts), for the doctor and for tests.  A run does
 * not need it: sbx_jail_run finds out by itself and reports what was in
 * force in sbx_result.isolation. */
#ifndef GAUNTLET_SBX_PROBE_H
#define GAUNTLET_SBX_PROBE_H

#include <stdbool.h>
#include <stddef.h>

/* What this machine offers.  Read from files under sysroot ("/" for the live
 * system; tests pass a fake tree). */
struct sbx_caps {
        bool seccomp;            /* seccomp filters in the kernel */
        bool userns;             /* user namespaces enabled */
        bool userns_unpriv;      /* ... also for unprivileged users */
        bool pidns, netns, mountns, ipcns, utsns;
        bool cgroup2;            /* a cgroup2 hierarchy is mounted */
        char cgroup2_mount[256];
        char cgroup2_controllers[128]; /* enabled at our level, space separated */
        bool cgroup2_delegated;  /* we may create child groups there */
        bool cgroup1_memory, cgroup1_pids, cgroup1_cpuacct, cgroup1_cpu,
             cgroup1_cpuset, cgroup1_freezer;
        bool cgroup1_writable;   /* we may create groups in the memory and pids hierarchies */
};

enum {
        SBX_PROBE_LIVE = 1u << 0, /* also try: fork and unshare, test writability */
};

/* As root: whether dir can be an idmapped mount, which a root caller's
 * runs need to give the program a host uid of its own (docs/sandbox.md,
 * "Identity and privileges").  0, or -errno with why filled. */
int sbx_probe_idmap(const char *dir, char *why, size_t whylen);

/* Fill *ret from sysroot.  Returns 0, or -errno when sysroot is unreadable
 * (*ret untouched then). */
int sbx_probe(const char *sysroot, unsigned flags, struct sbx_caps *ret);

#endif
