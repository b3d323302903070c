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


/* Default share of either side's fingerprints two submissions must have in
 * common to be flagged. */
#define GNT_REVIEW_SIM_THRESHOLD 0.5

struct gnt_review_entry;

/* A batch: `gauntlet grade` over many submissions (--report, -j/--jobs,
 * --shard, or more than one submission).  Each grading runs as a child
 * (`EXE grade --bundle UNPACKED SUB --json --junit`), at most jobs at a
 * time; results are published under OUTDIR/submissions/ by the content
 * hash, so a batch run again resumes.  The command drives it:
 * gnt_review_batch_open, gnt_review_batch_run, then gnt_review_build for
 * the report, and gnt_review_batch_close; what happens on the way comes
 * through the callbacks, and the command prints it. */
struct gnt_review_batch_opts {
        const char *bundle;      /* the grading bundle */
        const char *outdir;      /* OUTDIR (--report) */
        const char *pubkey;      /* the team's key: signs the bundle and the tickets; NULL: none */
        const char *exe;         /* the gauntlet executable each grading runs */
        bool exe_is_stand_in;    /* exe stands in for gauntlet (tests): no warm-up */
        unsigned jobs;           /* at most this many gradings at a time; 0: 1 */
        unsigned shard_k, shard_n; /* only the submissions of shard K of N; 0/0: all */
        double timeout_s;        /* a grading running longer is killed */
        double threshold;        /* similarity threshold; <= 0: the default */
        bool quick, require_verified;
        char **subs;             /* the submissions, archives or folders, as given */
        size_t n_subs;
};

/* Where a batch stands. */
struct gnt_review_batch_status {
        const char *problem_id;
        unsigned jobs, shard_k, shard_n;
        size_t queued;           /* to grade in this run */
        size_t done, running, graded, rejected, errors;
        size_t skipped_done;     /* graded by an earlier run */
        size_t skipped_shard;    /* in other shards */
        size_t dupes;            /* the same bytes as another submission */
        double elapsed_s;        /* since the queue started */
};

/* What a batch tells while it works.  Each may be NULL. */
struct gnt_review_batch_cb {
        void *ctx;
        /* While opening: path is byte for byte twin, queued before; it is
         * graded once, and flagged (the entry's also_as). */
        void (*duplicate)(void *ctx, const char *path, const char *twin);
        /* The build cache warmed before the queue (done false), and after
         * (done true; err: why it failed, harmless, or NULL). */
        void (*warming)(void *ctx, bool done, const char *err);
        /* Every turn of the queue (about ten a second). */
        void (*progress)(void *ctx, const struct gnt_review_batch_status *st);
        /* One submission decided, st counting it. */
        void (*result)(void *ctx, const struct gnt_review_batch_status *st, const struct gnt_review_entry *e);
};

struct gnt_review_run;

/* Open the bundle, lock OUTDIR, write its batch.json and starter, and
 * plan the queue (hash every submission; drop duplicates, other shards and
 * what an earlier run published).  0 with *ret set, or -errno with one
 * line in err: the inputs are refused (a bad bundle, submission or output
 * folder). */
int gnt_review_batch_open(const struct gnt_review_batch_opts *o, const struct gnt_review_batch_cb *cb,
                          struct gnt_review_run **ret, char *err, size_t errsz);

/* Grade the queue; SIGINT and SIGTERM stop it (the gradings running are
 * killed, what is published stays).  0 when every queued submission has
 * a result, whatever its verdict; -EINTR when interrupted, or -errno for
 * the batch's own failures, with one line in err. */
int gnt_review_batch_run(struct gnt_review_run *b, char *err, size_t errsz);

void gnt_review_batch_status(const struct gnt_review_run *b, struct gnt_review_batch_status *ret);

/* NULL is a no-op. */
void gnt_review_batch_close(struct gnt_review_run *b);

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
