/* grade_args.c — parse the command lines of `gauntlet grade` and
 * `gauntlet validate` from one option table: which command line takes
 * which option, which ones ask for a batch, and which take a value (also
 * to tell submissions from option values before parsing). */
#include "grade_args.h"

#include "sbx_file.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The command lines, as bits of an option's `lines`. */
enum { ONE = 1 << 0, BATCH = 1 << 1, VALIDATE = 1 << 2 };

enum opt_id {
        O_BUNDLE, O_JSON, O_JUNIT, O_QUICK, O_PUBKEY, O_VERBOSE, O_KEEP,
        O_REPORT, O_JOBS, O_SHARD, O_TIMEOUT, O_SIMILARITY, O_REQUIRE_VERIFIED, O_CANDIDATE, O_MUTANT, O_COUNT,
};

static const struct {
        const char *name;
        char short_name; /* 0: long form only */
        bool value;
        bool batch;      /* asks `gauntlet grade` for batch mode */
        unsigned lines;  /* where it is taken; elsewhere it is unknown */
} opts[O_COUNT] = {
        [O_BUNDLE] = {"bundle", 'b', true, false, ONE | BATCH},
        /* Known to a batch only to say why it does not take them. */
        [O_JSON] = {"json", 0, true, false, ONE | BATCH},
        [O_JUNIT] = {"junit", 0, true, false, ONE | BATCH},
        [O_QUICK] = {"quick", 0, false, false, ONE | BATCH | VALIDATE},
        [O_PUBKEY] = {"pubkey", 0, true, false, ONE | BATCH | VALIDATE},
        [O_VERBOSE] = {"verbose", 'v', false, false, ONE | VALIDATE},
        [O_KEEP] = {"keep", 0, false, false, ONE},
        [O_REPORT] = {"report", 0, true, true, BATCH},
        [O_JOBS] = {"jobs", 'j', true, true, BATCH},
        [O_SHARD] = {"shard", 0, true, true, BATCH},
        [O_TIMEOUT] = {"timeout", 0, true, false, BATCH},
        [O_SIMILARITY] = {"similarity-threshold", 0, true, false, BATCH},
        [O_REQUIRE_VERIFIED] = {"require-verified", 0, false, false, ONE | BATCH},
        [O_CANDIDATE] = {"candidate", 0, true, false, ONE},
        [O_MUTANT] = {"mutant", 0, true, false, VALIDATE},
};

/* getopt_long's value of a long option without a short form. */
#define LONG_ONLY 256

static bool has_prefix(const char *s, const char *p)
{
        return strncmp(s, p, strlen(p)) == 0;
}

/* An option of the table spelt as arg: "--NAME" or "-C" exactly. */
static int spelt(const char *arg)
{
        for (int i = 0; i < O_COUNT; i++)
                if ((arg[1] == '-' && strcmp(arg + 2, opts[i].name) == 0) ||
                    (opts[i].short_name && arg[1] == opts[i].short_name && !arg[2]))
                        return i;
        return -1;
}

/* A batch when an argument starts like --report, --jobs, --shard or -j
 * (also "--jobs=4", "-j4"), or when more than one argument is not an
 * option or an option's value. */
static bool wants_batch(int argc, char **argv)
{
        int positional = 0;
        for (int i = 1; i < argc; i++) {
                const char *a = argv[i];
                if (strcmp(a, "--") == 0) {
                        positional += argc - i - 1;
                        break;
                }
                for (int k = 0; k < O_COUNT; k++) {
                        char s[3] = {'-', opts[k].short_name, '\0'};
                        if (opts[k].batch && (has_prefix(a, "--") ? has_prefix(a + 2, opts[k].name)
                                                                 : opts[k].short_name && has_prefix(a, s)))
                                return true;
                }
                if (a[0] == '-' && a[1]) {
                        int k = spelt(a);
                        if (k >= 0 && opts[k].value)
                                i++;
                        continue;
                }
                positional++;
        }
        return positional > 1;
}

static int parse_shard(const char *s, unsigned *k, unsigned *n)
{
        char *end;
        unsigned long a = strtoul(s, &end, 10);
        if (end == s || *end != '/')
                return -1;
        const char *q = end + 1;
        unsigned long b = strtoul(q, &end, 10);
        if (end == q || *end || b < 1 || b > 100000 || a < 1 || a > b)
                return -1;
        *k = (unsigned)a;
        *n = (unsigned)b;
        return 0;
}

/* One option's value into a; 0 or -1 with err. */
static int take(struct gnt_grade_args *a, enum opt_id id, const char *v, char *err, size_t errsz)
{
        char *end;
        switch (id) {
        case O_BUNDLE: a->bundle = v; break;
        case O_PUBKEY: a->pubkey = v; break;
        case O_QUICK: a->quick = true; break;
        case O_VERBOSE: a->verbose = true; break;
        case O_KEEP: a->keep = true; break;
        case O_REQUIRE_VERIFIED: a->require_verified = true; break;
        case O_CANDIDATE:
                if (!*v)
                        return sbx_errf(err, errsz, -1, "--candidate: expected a name, got ''");
                a->candidate = v;
                break;
        case O_REPORT: a->report = v; break;
        case O_MUTANT:
                if (!*v || strchr(v, '/') || v[0] == '.')
                        return sbx_errf(err, errsz, -1, "--mutant: expected the name of a folder of mutants/, got '%s'",
                                        v);
                if (a->n_mutants == GNT_VALIDATE_MAX_MUTANTS)
                        return sbx_errf(err, errsz, -1, "--mutant: at most %d of them", GNT_VALIDATE_MAX_MUTANTS);
                a->mutants[a->n_mutants++] = v;
                break;
        case O_JSON:
        case O_JUNIT:
                if (a->batch)
                        return sbx_errf(err, errsz, -1,
                                        "'--%s' is for one submission: in batch mode every report goes under "
                                        "--report OUTDIR",
                                        opts[id].name);
                *(id == O_JSON ? &a->json : &a->junit) = v;
                break;
        case O_JOBS: {
                unsigned long n = strtoul(v, &end, 10);
                if (end == v || *end || n < 1 || n > 256)
                        return sbx_errf(err, errsz, -1,
                                        "-j: expected a number of jobs from 1 to 256, got '%s'", v);
                a->jobs = (unsigned)n;
                break;
        }
        case O_SHARD:
                if (parse_shard(v, &a->shard_k, &a->shard_n) < 0)
                        return sbx_errf(err, errsz, -1, "--shard: expected K/N with 1 <= K <= N, got '%s'",
                                        v);
                break;
        case O_TIMEOUT:
                a->timeout_s = strtod(v, &end);
                if (end == v || *end || !(a->timeout_s > 0))
                        return sbx_errf(err, errsz, -1, "--timeout: expected seconds > 0, got '%s'", v);
                break;
        case O_SIMILARITY:
                a->threshold = strtod(v, &end);
                if (end == v || *end || !(a->threshold > 0 && a->threshold <= 1))
                        return sbx_errf(err, errsz, -1,
                                        "--similarity-threshold: expected a number in (0, 1], got '%s'", v);
                break;
        case O_COUNT:
                break;
        }
        return 0;
}

int gnt_grade_args_parse(enum gnt_grade_cmd cmd, int argc, char **argv, struct gnt_grade_args *ret, char *err,
                         size_t errsz)
{
        struct gnt_grade_args a = {.jobs = 1, .timeout_s = GNT_GRADE_DEFAULT_TIMEOUT};
        a.batch = cmd == GNT_ARGS_GRADE && wants_batch(argc, argv);
        unsigned line = cmd == GNT_ARGS_VALIDATE ? VALIDATE : a.batch ? BATCH : ONE;

        /* This command line's part of the table, for getopt_long. */
        struct option lo[O_COUNT + 1];
        char so[2 * O_COUNT + 2] = ":";
        size_t n = 0, k = 1;
        for (int i = 0; i < O_COUNT; i++) {
                if (!(opts[i].lines & line))
                        continue;
                int val = opts[i].short_name ? opts[i].short_name : LONG_ONLY + i;
                lo[n++] = (struct option){opts[i].name, opts[i].value ? required_argument : no_argument, NULL, val};
                if (opts[i].short_name) {
                        so[k++] = opts[i].short_name;
                        if (opts[i].value)
                                so[k++] = ':';
                }
        }
        lo[n] = (struct option){0};
        so[k] = '\0';

        /* 0, not 1: glibc then also forgets a cluster ("-vq") left half
         * read by an earlier parse that stopped at an error. */
        optind = 0;
        opterr = 0;
        int c;
        while ((c = getopt_long(argc, argv, so, lo, NULL)) != -1) {
                if (c == ':')
                        return sbx_errf(err, errsz, -1, "option '%s' needs a value", argv[optind - 1]);
                int id = c >= LONG_ONLY ? c - LONG_ONLY : -1;
                for (int i = 0; id < 0 && c != '?' && i < O_COUNT; i++)
                        if (opts[i].short_name == c)
                                id = i;
                /* optopt names an unknown short option; argv[optind - 1]
                 * would be its cluster, or the word before it. */
                if (id < 0 && optopt)
                        return sbx_errf(err, errsz, -1, "unknown option '-%c'", optopt);
                if (id < 0)
                        return sbx_errf(err, errsz, -1, "unknown option '%s'", argv[optind - 1]);
                if (take(&a, (enum opt_id)id, optarg, err, errsz) < 0)
                        return -1;
        }
        a.args = argv + optind;
        a.n_args = (size_t)(argc - optind);

        if (cmd == GNT_ARGS_GRADE && !a.bundle)
                return sbx_errf(err, errsz, -1, "missing --bundle GRADING_BUNDLE");
        if (a.batch && !a.report)
                return sbx_errf(err, errsz, -1, "batch grading needs --report OUTDIR for its results");
        if (a.n_args == 0)
                return sbx_errf(err, errsz, -1,
                                cmd == GNT_ARGS_GRADE ? "no submission given"
                                                      : "no problem folder or bundle given");
        if (!a.batch && a.n_args > 1)
                return sbx_errf(err, errsz, -1, "unexpected argument '%s'", a.args[1]);
        *ret = a;
        return 0;
}
