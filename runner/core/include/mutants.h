/* mutants.h — a problem's mutants (mutants/NAME/): their names and what
 * each expect.json declares (a description of the mistake, and a verdict
 * per grader).  `validate` grades them against these; a mock's debrief
 * shows them to the candidate as the mistakes the problem is built to
 * catch.  Grading part only.  Errors as manifest.h: 0 or -errno, one line
 * in err. */
#ifndef GAUNTLET_MUTANTS_H
#define GAUNTLET_MUTANTS_H

#include <stddef.h>

#include "problem.h"

#define GNT_MUTANT_ANY (-1) /* "any": the grader's outcome is not the point */

struct gnt_mutant_expect {
        char description[256];
        int verdict[_GRD_KIND_MAX]; /* enum grd_verdict, or GNT_MUTANT_ANY */
};

/* Parse DIR/mutants/NAME/expect.json strictly; every grader p enables must
 * be named, no other.  0, -ENOENT, -EINVAL (err: the file, the field and
 * what was expected), -errno. */
int gnt_mutant_expect_load(const struct grd_problem *p, const char *dir, const char *name,
                           struct gnt_mutant_expect *ret, char *err, size_t errsz);

/* The folder names of mdir (dot names skipped), sorted; only those listed
 * in only[0..n_only) when n_only > 0.  *ret is malloc'd (free each name,
 * then the array); returns how many (0 when mdir cannot be read). */
size_t gnt_mutant_names(const char *mdir, const char *const *only, size_t n_only, char ***ret);

/* The mutant's code: the reference's files (p->reference) overlaid with
 * mutants/NAME/'s, expect.json aside, copied into dst (created, 0700).
 * Regular files only (a symlink is refused).  0 or -errno (err says
 * which file). */
int gnt_mutant_stage(const struct grd_problem *p, const char *name, const char *dst, char *err, size_t errsz);

#endif
