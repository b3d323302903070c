/* grade_args.h — the command lines of `gauntlet grade` (one submission or
 * a batch) and `gauntlet validate`: one option table, one parser, one set
 * of messages, kept apart from the commands so they can be tested on
 * their own. */
#ifndef GAUNTLET_GRADE_ARGS_H
#define GAUNTLET_GRADE_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#define GNT_GRADE_DEFAULT_TIMEOUT 1800.0 /* seconds a batch grading may take */
#define GNT_VALIDATE_MAX_MUTANTS 64       /* --mutant given this many times at most */

enum gnt_grade_cmd {
        GNT_ARGS_GRADE,    /* `gauntlet grade`: one submission, or a batch */
        GNT_ARGS_VALIDATE, /* `gauntlet validate DIR|BUNDLE` */
};

struct gnt_grade_args {
        /* grade: --report, -j/--jobs, --shard or several submissions ask
         * for a batch (runner/review/), which takes other options. */
        bool batch;
        const char *bundle;        /* -b, --bundle */
        const char *json, *junit;  /* one submission: the reports */
        const char *pubkey;        /* --pubkey: signs the bundle and the candidates' tickets */
        const char *candidate;     /* one submission: --candidate, whom its ticket must name */
        bool require_verified;     /* --require-verified */
        bool quick, verbose, keep;
        const char *report;        /* batch: --report OUTDIR */
        unsigned jobs;             /* batch: -j, --jobs; 1 when not given */
        unsigned shard_k, shard_n; /* batch: --shard K/N; 0/0 when not given */
        double timeout_s;          /* batch: --timeout; GNT_GRADE_DEFAULT_TIMEOUT */
        double threshold;          /* batch: --similarity-threshold; 0: the default */
        /* validate: --mutant NAME (repeatable): only these mutants, pointing
         * into argv; none given: every mutant. */
        const char *mutants[GNT_VALIDATE_MAX_MUTANTS];
        size_t n_mutants;
        /* The submissions (validate: the one folder or bundle), pointing
         * into argv. */
        char **args;
        size_t n_args;
};

/* Parse argv (argv[0] is the command's name; getopt's state is reset)
 * into *ret.  Strings point into argv.  Returns 0, or -1 with one line in
 * err saying what is wrong (printed after "gauntlet CMD: "); *ret is then
 * untouched. */
int gnt_grade_args_parse(enum gnt_grade_cmd cmd, int argc, char **argv, struct gnt_grade_args *ret, char *err,
                         size_t errsz);

#endif
