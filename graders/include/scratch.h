/* scratch.h — gauntlet's temporary folders ($TMPDIR/gauntlet-grade-XXXXXX
 * for a grading, and one prefix per other kind): each holds a lock for its
 * maker's whole life, so folders of killed processes can be told from live
 * ones and swept (removal: sbx_file_rmtree, sbx_file.h). */
#ifndef GAUNTLET_GRADERS_SCRATCH_H
#define GAUNTLET_GRADERS_SCRATCH_H

#include <stdbool.h>
#include <stddef.h>

#define GRD_SCRATCH_GRADE "gauntlet-grade-"  /* a grading's folder */
#define GRD_SCRATCH_LOCK "lock"  /* flock'ed for the maker's life */
#define GRD_SCRATCH_KEPT "kept"  /* --keep: never swept */

struct grd_scratch {
        char path[4096];
        int lock_fd;          /* holds the flock; -1 when none */
        int live;             /* slot in the signal-cleanup table; -1 when none */
        bool keep;
};

/* Where scratch folders go: $TMPDIR when it is an absolute path, else
 * /tmp.  Never NULL. */
const char *grd_scratch_parent(void);

/* Make a new scratch folder parent/PREFIXXXXXXX (prefix is a file name
 * part such as GRD_SCRATCH_GRADE; a leading dot hides the folder), locked
 * before it appears under its final name (made as .PREFIXXXXXXX, locked,
 * then renamed), and marked kept when keep.  First sweeps parent of the
 * dead folders of the same prefix (grd_scratch_sweep, best effort).
 * While it exists, SIGINT, SIGTERM and SIGHUP whose disposition is the
 * default remove it, and every other live scratch folder of the process,
 * before the process ends (see grd_scratch_release).  Returns 0, or
 * -EINVAL for a prefix that is empty or holds a '/', -errno, with err
 * set. */
int grd_scratch_create(const char *parent, const char *prefix, bool keep, struct grd_scratch *ret, char *err,
                       size_t errsz);

/* Remove the folder (unless kept), then drop the lock.  NULL and a
 * released scratch are no-ops. */
void grd_scratch_release(struct grd_scratch *s);

/* Remove every PREFIX* folder of parent that this user owns, that carries
 * a lock file nobody holds and no kept mark: the folders of killed
 * processes.  Folders without a lock file (made by earlier gauntlet
 * versions) are left alone.  Returns how many were removed, or -errno when
 * parent cannot be read. */
int grd_scratch_sweep(const char *parent, const char *prefix);

#endif
