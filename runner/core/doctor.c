/* doctor.c — turn probed facts into a verdict (full, degraded, cannot run)
 * with one finding per missing piece and how to fix it. */
#include "doctor.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static bool has_word(const char *list, const char *w)
{
        size_t n = strlen(w);
        for (const char *p = list; (p = strstr(p, w)); p += n)
                if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
                        return true;
        return false;
}

static void finding(struct gnt_doctor *d, bool fatal, const char *fix, const char *fmt, ...)
{
        if (d->n_findings >= GNT_DOCTOR_MAX_FINDINGS)
                return;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->findings[d->n_findings].what, sizeof d->findings[0].what, fmt, ap);
        va_end(ap);
        snprintf(d->findings[d->n_findings].fix, sizeof d->findings[0].fix, "%s", fix);
        d->findings[d->n_findings].fatal = fatal;
        d->n_findings++;
}

void gnt_doctor_assess(struct gnt_doctor *d)
{
        const struct sbx_caps *c = &d->caps;
        d->n_findings = 0;

        bool ns_ok = d->root ? (c->pidns && c->mountns && c->netns)
                             : (c->userns_unpriv && c->pidns && c->mountns && c->netns);
        if (!c->seccomp)
                finding(d, true, "use a kernel built with CONFIG_SECCOMP_FILTER",
                        "seccomp filters are not available");
        if (!ns_ok) {
                if (!d->root && c->userns && !c->userns_unpriv)
                        finding(d, true,
                                "run as root, or allow them: sysctl kernel.unprivileged_userns_clone=1 "
                                "(Ubuntu: sysctl kernel.apparmor_restrict_unprivileged_userns=0)",
                                "unprivileged users may not create user namespaces");
                else
                        finding(d, true, "use a kernel with user, pid, mount and network namespaces",
                                "pid, mount or network namespaces are not available");
        }

        bool v2_mem = c->cgroup2_delegated && has_word(c->cgroup2_controllers, "memory");
        bool v2_pids = c->cgroup2_delegated && has_word(c->cgroup2_controllers, "pids");
        bool v1 = c->cgroup1_memory && c->cgroup1_pids && c->cgroup1_writable;
        if (v2_mem && v2_pids) {
                d->memory_by = d->procs_by = "cgroup v2";
        } else if (v1) {
                d->memory_by = d->procs_by = "cgroup v1";
        } else {
                d->memory_by = "polling";
                d->procs_by = (d->root || c->userns_unpriv) ? "rlimit" : "none";
                finding(d, false,
                        d->root ? "mount the cgroup v2 memory and pids controllers, or cgroup v1 memory and pids"
                                : "delegate a cgroup v2 subtree to this user (systemd-run --user -p Delegate=yes --shell), "
                                  "or run as root",
                        "no writable cgroup with memory and pids controllers: memory is limited by "
                        "polling resident size, processes by RLIMIT_NPROC in a user namespace");
        }

        if (d->root && d->idmap_probed && !d->idmap_ok)
                finding(d, false,
                        "keep TMPDIR and the cache on a file system with idmapped mounts (ext4, xfs, btrfs; "
                        "tmpfs from Linux 6.3)",
                        "sandboxed programs would run as host uid 0 without capabilities: %s", d->idmap_why);

        d->go_ok = d->have_go && grd_version_cmp(d->go.version, GNT_GO_MIN) >= 0;
        if (!d->have_go)
                finding(d, false, "install Go " GNT_GO_MIN " or newer, or set GAUNTLET_GO to its go binary",
                        "no Go toolchain found: Go problems cannot be graded");
        else if (!d->go_ok)
                finding(d, false, "install Go " GNT_GO_MIN " or newer, or set GAUNTLET_GO to its go binary",
                        "Go %s is older than " GNT_GO_MIN, d->go.version);

        d->race_ok = d->go_ok && d->go.cgo && d->go.race_runtime && d->have_cc;
        if (d->go_ok && !d->race_ok)
                finding(d, false, "install gcc (apt-get install gcc) and keep CGO_ENABLED=1",
                        "`go test -race` is not available: the race grader cannot run");
        if (!d->have_cc)
                finding(d, false, "install a C compiler (apt-get install gcc)",
                        "no C compiler found: C problems cannot be graded");
        else if (!d->cc.tsan)
                finding(d, false, "install gcc with libtsan (apt-get install gcc libtsan2)",
                        "the C compiler cannot build with ThreadSanitizer: C race grading is off");

        d->containment = GNT_CONTAIN_FULL;
        for (unsigned i = 0; i < d->n_findings; i++) {
                if (d->findings[i].fatal)
                        d->containment = GNT_CONTAIN_NONE;
                else if (d->containment == GNT_CONTAIN_FULL)
                        d->containment = GNT_CONTAIN_DEGRADED;
        }
}
