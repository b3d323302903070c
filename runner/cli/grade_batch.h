/* grade_batch.h — `gauntlet grade` over many submissions: the command's
 * half of a batch (runner/review/ grades; this prints). */
#ifndef GAUNTLET_GRADE_BATCH_H
#define GAUNTLET_GRADE_BATCH_H

#include "grade_args.h"

/* a->batch: --report, -j/--jobs, --shard, or more than one submission.
 * Returns the exit status: 0 when every selected submission has a result
 * (whatever its verdict), 1 when the batch was interrupted or the report
 * could not be written, 2 for a bad bundle, submission or output folder. */
int gnt_grade_batch(const struct gnt_grade_args *a);

#endif
