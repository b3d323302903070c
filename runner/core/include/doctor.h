/* doctor.h — assess what this machine offers for containment and grading;
 * the logic behind `gauntlet doctor`, apart from its printing. */
#ifndef GAUNTLET_DOCTOR_H
#define GAUNTLET_DOCTOR_H

#include <stdbool.h>

#include "probe.h"
#include "toolchain.h"

enum gnt_containment {
        GNT_CONTAIN_FULL = 0,
        GNT_CONTAIN_DEGRADED = 1,
        GNT_CONTAIN_NONE = 2,
};

#define GNT_DOCTOR_MAX_FINDINGS 16

struct gnt_doctor {
        bool root;
        struct sbx_caps caps;
        bool have_go;
        struct grd_go go;
        bool have_cc;
        struct grd_cc cc;
        /* Derived by gnt_doctor_assess(). */
        const char *memory_by; /* "cgroup v2", "cgroup v1", "polling" */
        const char *procs_by;  /* "cgroup v2", "cgroup v1", "rlimit", "none" */
        bool go_ok, race_ok;
        /* As root: whether the scratch and cache folders can be idmapped
         * (sbx_probe_idmap), so programs get a host uid of their own. */
        bool idmap_probed, idmap_ok;
        char idmap_why[200];
        enum gnt_containment containment;
        unsigned n_findings;
        struct {
                bool fatal;
                char what[160];
                char fix[200];
        } findings[GNT_DOCTOR_MAX_FINDINGS];
};

/* Minimum Go version the problem library needs. */
#define GNT_GO_MIN "1.25"

/* Derive the verdict and findings from the probed facts in d.  Pure. */
void gnt_doctor_assess(struct gnt_doctor *d);

#endif
