/* review_args.c — parse the command lines of `gauntlet report`, `review`
 * and `ticket` (review_args.h). */
#include "review_args.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "bundle/ticket.h"
#include "sbx_file.h"

/* A number in (0, max] for option `name`; -1 with its line otherwise. */
static int parse_range(const char *name, const char *what, double max, const char *s, double *ret, char *err,
                       size_t errsz)
{
        char *end;
        errno = 0;
        double v = strtod(s, &end);
        if (errno || end == s || *end || !(v > 0 && v <= max))
                return sbx_errf(err, errsz, -1, "%s: expected %s, got '%s'", name, what, s);
        *ret = v;
        return 0;
}

static int report_option(int c, char **argv, struct gnt_report_args *a, char *err, size_t errsz)
{
        switch (c) {
        case 'o': a->out = optarg; return 0;
        case 'r': a->build.require_verified = true; return 0;
        case 's':
                return parse_range("--similarity-threshold", "a number in (0, 1]", 1, optarg,
                                   &a->build.threshold, err, errsz);
        case 'd':
                return parse_range("--disagree", "points in (0, 1000]", 1000, optarg, &a->build.disagree, err,
                                   errsz);
        case 'R':
                if (!gnt_reviewer_name_ok(optarg))
                        return sbx_errf(err, errsz, -1, "--reviewer '%.40s': not a reviewer's name", optarg);
                a->build.reviewer = optarg;
                return 0;
        default: return gnt_args_bad_option(c, argv, err, errsz);
        }
}

/* argv[1] is the action; the options and folders follow it. */
int gnt_report_args_parse(int argc, char **argv, struct gnt_report_args *ret, char *err, size_t errsz)
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
                return sbx_errf(err, errsz, -1, "missing action: 'build' or 'merge'");
        struct gnt_report_args a = {.merge = strcmp(argv[1], "merge") == 0};
        if (!a.merge && strcmp(argv[1], "build") != 0)
                return sbx_errf(err, errsz, -1, "unknown action '%s': expected 'build' or 'merge'", argv[1]);
        argc--;
        argv++;
        optind = 0; /* a fresh parse: args.h */
        opterr = 0;
        int c;
        while ((c = getopt_long(argc, argv, ":o:", opts, NULL)) != -1)
                if (report_option(c, argv, &a, err, errsz) < 0)
                        return -1;
        a.n = argc - optind;
        a.dirs = (const char *const *)argv + optind;
        if (a.merge && a.build.reviewer)
                return sbx_errf(err, errsz, -1, "--reviewer is for build (a reviewer's view of one folder)");
        if (a.merge && !a.out)
                return sbx_errf(err, errsz, -1, "merge needs -o MERGED, the folder to write");
        if (a.merge && a.n < 1)
                return sbx_errf(err, errsz, -1, "merge needs at least one output folder");
        if (!a.merge && a.n != 1)
                return sbx_errf(err, errsz, -1, "build takes exactly one output folder, got %d", a.n);
        if (!a.merge && a.out)
                return sbx_errf(err, errsz, -1, "build writes into its folder: -o is for merge");
        if (!a.merge)
                a.out = a.dirs[0];
        *ret = a;
        return 0;
}

static int review_option(int c, char **argv, struct gnt_review_args *a, char *err, size_t errsz)
{
        switch (c) {
        case 'r': a->reviewer = optarg; return 0;
        case 'l': a->list = true; return 0;
        case 's': a->submission = optarg; return 0;
        case 'f': a->from = optarg; return 0;
        case 'n':
                if (a->note)
                        return sbx_errf(err, errsz, -1, "--note is given twice");
                a->note = optarg;
                return 0;
        case 'S':
                if (a->n_scores == sizeof a->scores / sizeof a->scores[0])
                        return sbx_errf(err, errsz, -1, "too many --score options");
                a->scores[a->n_scores++] = optarg;
                return 0;
        case 'i':
                if (a->n_item_notes == sizeof a->item_notes / sizeof a->item_notes[0])
                        return sbx_errf(err, errsz, -1, "too many --item-note options");
                a->item_notes[a->n_item_notes++] = optarg;
                return 0;
        case 'd':
                return parse_range("--disagree", "points in (0, 1000]", 1000, optarg, &a->margin, err, errsz);
        default: return gnt_args_bad_option(c, argv, err, errsz);
        }
}

/* What the options say together. */
static int review_check(const struct gnt_review_args *a, char *err, size_t errsz)
{
        if (!a->reviewer)
                return sbx_errf(err, errsz, -1, "missing --reviewer NAME");
        if (!gnt_reviewer_name_ok(a->reviewer))
                return sbx_errf(err, errsz, -1,
                                "--reviewer '%.40s': expected lowercase letters, digits, '.', '_' and '-' "
                                "(at most %d, starting with a letter or digit)",
                                a->reviewer, GNT_REVIEWER_NAME_MAX);
        if (a->list + !!a->submission + !!a->from != 1)
                return sbx_errf(err, errsz, -1, "give exactly one of --list, --submission S or --from FILE");
        bool edits = a->n_scores || a->n_item_notes || a->note;
        if (edits && !a->submission)
                return sbx_errf(err, errsz, -1, "--score, --note and --item-note go with --submission");
        if (a->submission && !edits)
                return sbx_errf(err, errsz, -1,
                                "--submission needs at least one --score, --note or --item-note");
        return 0;
}

int gnt_review_args_parse(int argc, char **argv, struct gnt_review_args *ret, char *err, size_t errsz)
{
        static const struct option opts[] = {
                {"reviewer", required_argument, NULL, 'r'}, {"list", no_argument, NULL, 'l'},
                {"submission", required_argument, NULL, 's'}, {"score", required_argument, NULL, 'S'},
                {"note", required_argument, NULL, 'n'},       {"item-note", required_argument, NULL, 'i'},
                {"from", required_argument, NULL, 'f'},       {"disagree", required_argument, NULL, 'd'},
                {0},
        };
        struct gnt_review_args a = {0};
        optind = 0; /* a fresh parse: args.h */
        opterr = 0;
        int c;
        while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1)
                if (review_option(c, argv, &a, err, errsz) < 0)
                        return -1;
        if (argc - optind != 1)
                return sbx_errf(err, errsz, -1, "expected one output folder, got %d", argc - optind);
        a.outdir = argv[optind];
        if (review_check(&a, err, errsz) < 0)
                return -1;
        *ret = a;
        return 0;
}

static int ticket_option(int c, char **argv, struct gnt_ticket_args *a, char *err, size_t errsz)
{
        char *end;
        switch (c) {
        case 'k': a->key = optarg; return 0;
        case 'c': a->candidate = optarg; return 0;
        case 'f': a->from = optarg; return 0;
        case 'u': a->until = optarg; return 0;
        case 'o': a->out = optarg; return 0;
        case 'l': a->ledger = optarg; return 0;
        case 'L': a->list = true; return 0;
        case 'j': a->json = true; return 0;
        case 'M':
                a->minutes = strtoll(optarg, &end, 10);
                if (*end || end == optarg || a->minutes < 1 || a->minutes > GNT_TICKET_MINUTES_MAX)
                        return sbx_errf(err, errsz, -1, "--minutes: expected 1 to %d, got '%s'",
                                        GNT_TICKET_MINUTES_MAX, optarg);
                return 0;
        default: return gnt_args_bad_option(c, argv, err, errsz);
        }
}

int gnt_ticket_args_parse(int argc, char **argv, struct gnt_ticket_args *ret, char *err, size_t errsz)
{
        static const struct option opts[] = {
                {"key", required_argument, NULL, 'k'},    {"candidate", required_argument, NULL, 'c'},
                {"minutes", required_argument, NULL, 'M'}, {"from", required_argument, NULL, 'f'},
                {"until", required_argument, NULL, 'u'},  {"output", required_argument, NULL, 'o'},
                {"ledger", required_argument, NULL, 'l'}, {"list", no_argument, NULL, 'L'},
                {"json", no_argument, NULL, 'j'},         {0},
        };
        struct gnt_ticket_args a = {0};
        int c;
        optind = 0; /* a fresh parse: args.h */
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":k:c:M:o:", opts, NULL)) != -1)
                if (ticket_option(c, argv, &a, err, errsz) < 0)
                        return -1;
        if (optind < argc)
                a.bundle = argv[optind++];
        if (optind < argc)
                return sbx_errf(err, errsz, -1, "unexpected argument '%s'", argv[optind]);
        if (a.list && a.bundle)
                return sbx_errf(err, errsz, -1, "--list takes no BUNDLE");
        if (a.list && !a.ledger && !a.key)
                return sbx_errf(err, errsz, -1, "--list needs --ledger FILE or --key KEY");
        if (!a.list && !a.bundle)
                return sbx_errf(err, errsz, -1, "missing the BUNDLE");
        if (!a.list && !a.key)
                return sbx_errf(err, errsz, -1, "missing --key KEY (the team's secret key)");
        if (!a.list && !a.candidate)
                return sbx_errf(err, errsz, -1, "missing --candidate NAME");
        *ret = a;
        return 0;
}
