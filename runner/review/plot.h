/* plot.h — inline SVG plots for report.html: score histogram, benchmark
 * ratios against the reference (per pair, with target and fail ratios),
 * and a session's timeline.  Text from submissions is escaped. */
#ifndef GAUNTLET_REVIEW_PLOT_H
#define GAUNTLET_REVIEW_PLOT_H

#include <stdio.h>

#include "review/model.h"

void gnt_review_plot_histogram(FILE *f, const double *scores, size_t n);
void gnt_review_plot_bench(FILE *f, const struct gnt_review_grader *g, double target, double fail);
/* Per-benchmark medians and -benchmem figures as a table. */
void gnt_review_plot_bench_table(FILE *f, const struct gnt_review_grader *g);
void gnt_review_plot_timeline(FILE *f, const struct gnt_review_entry *e);

#endif
