/* review_args.h — the command lines of the reviewing commands `gauntlet
 * report`, `review` and `ticket`, parsed apart from the commands so they can
 * be tested on their own (as session_args.h).  Each parser takes argv with
 * argv[0] the command's name (getopt's state is reset), fills *ret with
 * strings pointing into argv and returns 0, or -1 with one line in err
 * saying what is wrong (printed after "gauntlet CMD: "); *ret is then
 * untouched. */
#ifndef GAUNTLET_REVIEW_ARGS_H
#define GAUNTLET_REVIEW_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "review/review.h"
#include "review/rubric.h"

/* `gauntlet report build OUTDIR [options]` and `gauntlet report merge -o
 * MERGED OUTDIR... [options]` */
struct gnt_report_args {
        bool merge;                          /* merge (else build) */
        const char *out;                     /* merge: -o MERGED; build: its one folder */
        const char *const *dirs;             /* the output folders, n of them (build: 1) */
        int n;
        struct gnt_review_build_opts build;  /* --similarity-threshold (0, 1], --require-verified,
                                              * --disagree (0, 1000], --reviewer NAME (build only);
                                              * zero: the defaults */
};

int gnt_report_args_parse(int argc, char **argv, struct gnt_report_args *ret, char *err, size_t errsz);

/* `gauntlet review OUTDIR --reviewer NAME (--list | --submission S
 * (--score ITEM=N | --note TEXT | --item-note ITEM=TEXT)... | --from FILE)
 * [--disagree N]` */
struct gnt_review_args {
        const char *outdir;                  /* OUTDIR */
        const char *reviewer;                /* --reviewer NAME, a valid reviewer's name */
        const char *submission;              /* --submission S */
        const char *from;                    /* --from FILE */
        bool list;                           /* --list; exactly one of list, submission, from */
        double margin;                       /* --disagree, in (0, 1000]; 0: the default */
        const char *scores[GNT_RUBRIC_MAX_ITEMS * 2];     /* --score ..., as given */
        size_t n_scores;
        const char *item_notes[GNT_RUBRIC_MAX_ITEMS * 2]; /* --item-note ..., as given */
        size_t n_item_notes;
        const char *note;                    /* --note TEXT, once */
};

int gnt_review_args_parse(int argc, char **argv, struct gnt_review_args *ret, char *err, size_t errsz);

/* `gauntlet ticket BUNDLE --key KEY --candidate NAME [options]` and
 * `gauntlet ticket --list (--ledger FILE | --key KEY) [--json]` */
struct gnt_ticket_args {
        const char *bundle;                  /* BUNDLE (not with --list) */
        const char *key;                     /* -k, --key KEY */
        const char *candidate;               /* -c, --candidate NAME (its length is checked on issue) */
        const char *out, *ledger;            /* -o, --output FILE; --ledger FILE */
        const char *from, *until;            /* --from, --until, as given (read on issue) */
        long long minutes;                   /* -M, --minutes 1..GNT_TICKET_MINUTES_MAX; 0: the problem's */
        bool list, json;                     /* --list, --json */
};

int gnt_ticket_args_parse(int argc, char **argv, struct gnt_ticket_args *ret, char *err, size_t errsz);

#endif
