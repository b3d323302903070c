/* review.h — reviewing many submissions of one problem: batch grading
 * (`gauntlet grade` with -j, --report, --shard or several submissions),
 * and the report of an output folder: leaderboard (CSV, JSON), one
 * self-contained report.html, similarity flags.  `gauntlet report merge`
 * builds the same report from several output folders (shards).  The layout
 * of an output folder is described in docs/report.md. */
#ifndef GAUNTLET_REVIEW_H
#define GAUNTLET_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "grade_args.h"

/* Default share of either side's fingerprints two submissions must have in
 * common to be flagged. */
#define GNT_REVIEW_SIM_THRESHOLD 0.5

/* `gauntlet grade` in batch mode, with its parsed command line
 * (a->batch: --report, -j/--jobs, --shard, or more than one submission).
 * Returns the exit status: 0 when every selected submission has a result
 * (whatever its verdict), 1 when the batch was interrupted or the report
 * could not be written, 2 for a bad bundle or output folder. */
int gnt_review_batch(const struct gnt_grade_args *a);

struct gnt_review_build_opts {
        double threshold;       /* similarity threshold, 0..1; <= 0: the default */
        bool require_verified;  /* rank only verified submissions; the others are listed unranked */
        double disagree;        /* reviewers' margin in points; <= 0: the default (rubric.h) */
        const char *reviewer;   /* a reviewer's blind view: only OUTDIR/reviews/NAME.html is written */
};

struct gnt_review_counts {
        size_t submissions, graded, rejected, error, similar_pairs;
        size_t tampered, unverified; /* integrity verdicts, whatever the status */
        size_t copied;      /* submission folders copied in from other folders */
};

/* Build the leaderboard and report of the output folders indirs[0..n) into
 * outdir (which may be one of them).  Every submission is read from its
 * folder under INDIR/submissions/; the folders must hold the same problem.
 * When outdir is not among indirs, the submissions are copied into it, so
 * the merged folder can be rebuilt alone.  *ret_counts (may be NULL) gets
 * what the report holds.  Returns 0, or -errno with one line in err saying
 * what failed and on what. */
int gnt_review_build(const char *const *indirs, size_t n, const char *outdir,
                     const struct gnt_review_build_opts *o, struct gnt_review_counts *ret_counts, char *err,
                     size_t errsz);

#endif
