/* cmd_report.c — `gauntlet report build OUTDIR` (rebuild the leaderboard
 * and report.html of an output folder) and `gauntlet report merge -o
 * MERGED OUTDIR...` (combine the output folders of shards). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "manifest.h"
#include "review/review.h"
#include "review/rubric.h"

static int parse_threshold(const char *s, double *ret)
{
        char *end;
        errno = 0;
        double v = strtod(s, &end);
        if (errno || end == s || *end || !(v > 0 && v <= 1))
                return gnt_usage_error("report", "--similarity-threshold: expected a number in (0, 1], got '%s'", s);
        *ret = v;
        return 0;
}

static int parse_margin(const char *s, double *ret)
{
        char *end;
        errno = 0;
        double v = strtod(s, &end);
        if (errno || end == s || *end || !(v > 0 && v <= 1000))
                return gnt_usage_error("report", "--disagree: expected points in (0, 1000], got '%s'", s);
        *ret = v;
        return 0;
}

int gnt_cmd_report(int argc, char **argv)
{
        static const struct option opts[] = {
                {"output", required_argument, NULL, 'o'},
                {"similarity-threshold", required_argument, NULL, 's'},
                {"require-verified", no_argument, NULL, 'r'},
                {"disagree", required_argument, NULL, 'd'},
                {"reviewer", required_argument, NULL, 'R'},
                {0},
        };
        if (argc < 2)
                return gnt_usage_error("report", "missing action: 'build' or 'merge'");
        const char *action = argv[1];
        bool merge = strcmp(action, "merge") == 0;
        if (!merge && strcmp(action, "build") != 0)
                return gnt_usage_error("report", "unknown action '%s': expected 'build' or 'merge'", action);
        struct gnt_review_build_opts bo = {0};
        const char *out = NULL;
        optind = 1;
        opterr = 0;
        int c;
        argc--;
        argv++;
        while ((c = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
                switch (c) {
                case 'o':
                        out = optarg;
                        break;
                case 's':
                        if (parse_threshold(optarg, &bo.threshold))
                                return GNT_EXIT_USAGE;
                        break;
                case 'r':
                        bo.require_verified = true;
                        break;
                case 'd':
                        if (parse_margin(optarg, &bo.disagree))
                                return GNT_EXIT_USAGE;
                        break;
                case 'R':
                        if (!gnt_reviewer_name_ok(optarg))
                                return gnt_usage_error("report", "--reviewer '%.40s': not a reviewer's name", optarg);
                        bo.reviewer = optarg;
                        break;
                case ':':
                        return gnt_usage_error("report", "option '%s' needs a value", argv[optind - 1]);
                default:
                        return gnt_usage_error("report", "unknown option '%s'", argv[optind - 1]);
                }
        }
        int n = argc - optind;
        const char *const *dirs = (const char *const *)argv + optind;
        if (merge && bo.reviewer)
                return gnt_usage_error("report", "--reviewer is for build (a reviewer's view of one folder)");
        if (merge) {
                if (!out)
                        return gnt_usage_error("report", "merge needs -o MERGED, the folder to write");
                if (n < 1)
                        return gnt_usage_error("report", "merge needs at least one output folder");
        } else {
                if (n != 1)
                        return gnt_usage_error("report", "build takes exactly one output folder, got %d", n);
                if (out)
                        return gnt_usage_error("report", "build writes into its folder: -o is for merge");
                out = dirs[0];
        }
        char err[GNT_ERR_MAX] = "";
        struct gnt_review_counts cnt;
        int r = gnt_review_build(dirs, (size_t)n, out, &bo, &cnt, err, sizeof err);
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
