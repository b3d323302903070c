/* batch.h — the state of a batch run and of one submission in it, shared
 * by the queue (batch.c) and the per-submission steps (job.c).  Internal
 * to runner/review. */
#ifndef GAUNTLET_REVIEW_BATCH_H
#define GAUNTLET_REVIEW_BATCH_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "bundle/bundle.h"
#include "review/model.h"
#include "review/review.h"
#include "review/store.h"

struct gnt_review_job {
        char *path;            /* as given */
        char sha[GNT_REVIEW_HASH_HEX];
        bool is_dir;
        pid_t pid;             /* 0: not running */
        char tmp[PATH_MAX];    /* OUTDIR/submissions/.tmp-HASH-PID */
        struct timespec t0;
        bool timed_out;
        struct gnt_review_entry e;
};

struct gnt_review_run {
        const char *bundle_path, *outdir, *pubkey;
        unsigned jobs, shard_k, shard_n;
        double timeout_s, threshold;
        bool quick, require_verified, exe_is_stand_in;
        struct gnt_review_batch_cb cb;
        char **subs;
        size_t n_subs;

        struct gnt_bundle *bundle;
        /* What every submission must answer to (gnt_integrity_check). */
        char file_sha[65], public_hash[65];
        unsigned char team_pk[32];
        bool has_pk;
        char exe[PATH_MAX];
        char subdir[PATH_MAX];
        int lock_fd;

        struct gnt_review_job *q;
        size_t n_q;
        size_t done, graded, rejected, errors, skipped_done, skipped_shard, dupes;
        struct timespec started;
};

/* Seconds since t0 (CLOCK_MONOTONIC). */
double gnt_review_since(const struct timespec *t0);

/* Prepare j (unpack an archive, check its integrity, copy its code
 * aside, read its journal) and fork its grading.  Returns 0 with j->pid set, or 0 with
 * j->pid == 0 when the submission was decided without a grading (its
 * archive was refused); -errno for the batch's own failures, with one
 * line in err. */
int gnt_review_job_start(struct gnt_review_run *b, struct gnt_review_job *j, char *err, size_t errsz);

/* Decide j's verdict from its grading's report and wait status, write
 * meta.json and publish its folder under OUTDIR/submissions/.  0 or
 * -errno. */
int gnt_review_job_finish(struct gnt_review_run *b, struct gnt_review_job *j, int status);

#endif
