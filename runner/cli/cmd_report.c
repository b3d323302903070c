/* cmd_report.c — `gauntlet report build OUTDIR` (rebuild the leaderboard
 * and report.html of an output folder) and `gauntlet report merge -o
 * MERGED OUTDIR...` (combine the output folders of shards). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "manifest.h"
#include "review/review.h"
#include "review_args.h"
#include "review/rubric.h"

int gnt_cmd_report(int argc, char **argv)
{
        struct gnt_report_args a;
        char err[GNT_ERR_MAX] = "";
        if (gnt_report_args_parse(argc, argv, &a, err, sizeof err) < 0)
                return gnt_usage_error("report", "%s", err);
        const struct gnt_review_build_opts bo = a.build;
        const char *out = a.out;
        struct gnt_review_counts cnt;
        int r = gnt_review_build(a.dirs, (size_t)a.n, out, &bo, &cnt, err, sizeof err);
        if (r < 0) {
                gnt_error("report", "%s", err);
                return r == -EINVAL || r == -ENOENT ? GNT_EXIT_USAGE : GNT_EXIT_FAIL;
        }
        printf("%zu submissions: %zu graded, %zu rejected, %zu grading errors; %zu similar pairs; %zu tampered, "
               "%zu unverified\n",
               cnt.submissions, cnt.graded, cnt.rejected, cnt.error, cnt.similar_pairs, cnt.tampered, cnt.unverified);
        if (bo.reviewer)
                printf("report: %s/%s/%s.html (the blind view of %s)\n", out, GNT_REVIEWS_SUBDIR, bo.reviewer,
                       bo.reviewer);
        else
                printf("report: %s/report.html\n", out);
        return GNT_EXIT_OK;
}
