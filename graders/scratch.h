/* scratch.h — internal to graders/: a grading's scratch folder
 * ($TMPDIR/gauntlet-grade-XXXXXX) that holds a lock for the grading's
 * whole life, so folders of killed gradings can be told from live ones and
 * swept; removal that never follows a symlink nor leaves the folder. */
#ifndef GAUNTLET_GRADERS_SCRATCH_H
#define GAUNTLET_GRADERS_SCRATCH_H

#include <stdbool.h>
#include <stddef.h>

#define GRD_SCRATCH_PREFIX "gauntlet-grade-"
#define GRD_SCRATCH_LOCK "lock"  /* flock'ed for the grading's life */
#define GRD_SCRATCH_KEPT "kept"  /* --keep: never swept */

struct grd_scratch {
        char path[4096];
        int lock_fd;          /* holds the flock; -1 when none */
        bool keep;
};

/* Make a new scratch folder in parent, locked before it appears under its
 * final name (made as .gauntlet-grade-XXXXXX, locked, then renamed), and
 * marked kept when keep.  While it exists, SIGINT, SIGTERM and SIGHUP
 * whose disposition is the default remove it before the process ends
 * (see grd_scratch_release).  Returns 0, or -errno with err set. */
int grd_scratch_create(const char *parent, bool keep, struct grd_scratch *ret, char *err, size_t errsz);

/* Remove the folder (unless kept), then drop the lock.  NULL and a
 * released scratch are no-ops. */
void grd_scratch_release(struct grd_scratch *s);

/* Remove every gauntlet-grade-* folder of parent that this user owns,
 * that carries a lock file nobody holds and no kept mark: the folders of
 * killed gradings.  Folders without a lock file (made by earlier gauntlet
 * versions) are left alone.  Returns how many were removed, or -errno when
 * parent cannot be read. */
int grd_scratch_sweep(const char *parent);

/* Remove path and everything under it without following symlinks and
 * without crossing into another file system.  Async-signal-safe.
 * Returns 0 or -errno (what could not be removed stays). */
int grd_scratch_rmtree(const char *path);

#endif
