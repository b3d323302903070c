/* skeleton.h — the folder `gauntlet new problem` writes (skeleton.c). */
#ifndef GAUNTLET_SKELETON_H
#define GAUNTLET_SKELETON_H

#include <stddef.h>

#include "problem.h"

/* Write a complete, tiny problem `id` (^[a-z0-9][a-z0-9-]{0,63}$) of
 * language lang into the new folder dir (it must not exist): manifest,
 * statement, starter, reference, tests (Go: public, hidden and bench; C:
 * public and hidden I/O cases) and one mutant, which `gauntlet pack` and
 * `gauntlet validate` accept as they stand.  areas: comma-separated names
 * of gnt_manifest_area_names, 1-6, distinct.  0, or -errno with one line
 * in err: -EINVAL a bad id or area, -EEXIST dir exists, else what writing
 * met (what was written is removed). */
int gnt_skeleton_write(const char *dir, const char *id, enum grd_language lang, const char *areas, char *err,
                       size_t errsz);

#endif
