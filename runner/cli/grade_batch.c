/* grade_batch.c — `gauntlet grade` over many submissions: the lines a
 * batch prints.  The plan and the summary go to stdout; each result too,
 * unless stderr is a terminal, where a progress bar is redrawn in place
 * and the results are written above it. */
#include "grade_batch.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "manifest.h"
#include "review/model.h"
#include "review/review.h"

struct batch_view {
        bool tty;
        bool drawn;        /* a progress bar is on the terminal's last line */
        char bar[200];     /* as last drawn */
};

static void clear_bar(struct batch_view *v)
{
        if (v->tty && v->drawn) {
                fprintf(stderr, "\r\033[K");
                v->drawn = false;
        }
}

static void on_duplicate(void *ctx, const char *path, const char *twin)
{
        fprintf(stderr, "gauntlet grade: '");
        gnt_print_safe(stderr, path, 200, 0);
        fprintf(stderr, "' is byte for byte '");
        gnt_print_safe(stderr, twin, 200, 0);
        fprintf(stderr, "': graded once, and flagged\n");
}

static void on_warming(void *ctx, bool done, const char *err)
{
        struct batch_view *v = ctx;
        if (v->tty)
                fprintf(stderr, done ? "\r\033[K" : "warming the build cache...");
        if (done && err)
                fprintf(stderr, "gauntlet grade: note: warm-up failed: %s\n", err);
}

static void on_progress(void *ctx, const struct gnt_review_batch_status *st)
{
        struct batch_view *v = ctx;
        if (!v->tty)
                return;
        enum { BAR = 28 };
        size_t total = st->queued ? st->queued : 1;
        size_t fill = st->done * BAR / total;
        char bar[BAR + 1];
        for (size_t i = 0; i < BAR; i++)
                bar[i] = i < fill ? '#' : '.';
        bar[BAR] = '\0';
        char eta[32] = "";
        if (st->done && st->done < st->queued)
                snprintf(eta, sizeof eta, ", ~%.0fs left",
                         st->elapsed_s / (double)st->done * (double)(st->queued - st->done));
        char line[sizeof v->bar];
        snprintf(line, sizeof line, "[%s] %zu/%zu  %zu running  graded %zu, rejected %zu, errors %zu  %.0fs%s", bar,
                 st->done, st->queued, st->running, st->graded, st->rejected, st->errors, st->elapsed_s, eta);
        if (v->drawn && strcmp(line, v->bar) == 0)
                return;
        memcpy(v->bar, line, sizeof line);
        fprintf(stderr, "\r\033[K%s", line);
        v->drawn = true;
}

static void on_result(void *ctx, const struct gnt_review_batch_status *st, const struct gnt_review_entry *e)
{
        struct batch_view *v = ctx;
        clear_bar(v);
        FILE *f = v->tty ? stderr : stdout;
        fprintf(f, "[%*zu/%zu] %-8s ", (int)snprintf(NULL, 0, "%zu", st->queued), st->done, st->queued,
                gnt_review_status_name(e->status));
        if (e->status == GNT_REVIEW_GRADED)
                fprintf(f, "%6.2f  ", e->score);
        else
                fputs("     -  ", f);
        gnt_print_safe(f, e->candidate, 40, 0);
        fprintf(f, "  (%.8s, %.1f s)", e->sha256, e->wall_s);
        if (e->status != GNT_REVIEW_GRADED && e->message) {
                fputs(": ", f);
                gnt_print_safe(f, e->message, 160, 0);
        }
        /* A submission that does not verify is flagged on its line. */
        const struct gnt_integrity *ig = &e->ig;
        if (ig->verdict == GNT_INTEGRITY_TAMPERED) {
                fprintf(f, "  TAMPERED (%zu finding%s): ", ig->n_findings, ig->n_findings == 1 ? "" : "s");
                gnt_print_safe(f, ig->n_findings ? ig->findings[0] : "", 160, 0);
        } else if (ig->verdict == GNT_INTEGRITY_UNVERIFIED) {
                fputs("  unverified", f);
        }
        fputc('\n', f);
        fflush(f);
}

static void print_plan(const struct gnt_review_batch_status *st)
{
        printf("grading %zu submission%s of '%s' with %u job%s", st->queued, st->queued == 1 ? "" : "s",
               st->problem_id, st->jobs, st->jobs == 1 ? "" : "s");
        if (st->shard_n)
                printf(", shard %u/%u (%zu in other shards)", st->shard_k, st->shard_n, st->skipped_shard);
        if (st->skipped_done)
                printf(", %zu already graded", st->skipped_done);
        if (st->dupes)
                printf(", %zu duplicate%s skipped", st->dupes, st->dupes == 1 ? "" : "s");
        printf("\n");
        fflush(stdout);
}

/* The program each grading runs: this one, or a test's stand-in
 * (GAUNTLET_BATCH_GRADER). */
static int find_exe(char exe[PATH_MAX], bool *stand_in)
{
        const char *hook = getenv("GAUNTLET_BATCH_GRADER");
        *stand_in = hook && *hook;
        if (*stand_in) {
                if (snprintf(exe, PATH_MAX, "%s", hook) >= PATH_MAX)
                        return -ENAMETOOLONG;
                return 0;
        }
        ssize_t n = readlink("/proc/self/exe", exe, PATH_MAX - 1);
        if (n <= 0)
                return -errno;
        exe[n] = '\0';
        return 0;
}

int gnt_grade_batch(const struct gnt_grade_args *a)
{
        char exe[PATH_MAX], err[GNT_ERR_MAX] = "";
        struct gnt_review_batch_opts o = {
                .bundle = a->bundle,
                .outdir = a->report,
                .pubkey = a->pubkey,
                .exe = exe,
                .jobs = a->jobs,
                .shard_k = a->shard_k,
                .shard_n = a->shard_n,
                .timeout_s = a->timeout_s,
                .threshold = a->threshold,
                .quick = a->quick,
                .require_verified = a->require_verified,
                .subs = a->args,
                .n_subs = a->n_args,
        };
        int r = find_exe(exe, &o.exe_is_stand_in);
        if (r < 0) {
                gnt_error("grade", "cannot find the gauntlet executable: %s", strerror(-r));
                return GNT_EXIT_FAIL;
        }
        struct batch_view v = {.tty = isatty(STDERR_FILENO)};
        struct gnt_review_batch_cb cb = {
                .ctx = &v,
                .duplicate = on_duplicate,
                .warming = on_warming,
                .progress = on_progress,
                .result = on_result,
        };
        struct gnt_review_run *b;
        if ((r = gnt_review_batch_open(&o, &cb, &b, err, sizeof err)) < 0) {
                gnt_error("grade", "%s", err);
                return GNT_EXIT_USAGE;
        }
        struct gnt_review_batch_status st;
        gnt_review_batch_status(b, &st);
        print_plan(&st);

        int ret = GNT_EXIT_OK;
        r = gnt_review_batch_run(b, err, sizeof err);
        clear_bar(&v);
        if (r < 0) {
                gnt_error("grade", "%s", err);
                ret = GNT_EXIT_FAIL;
        }
        const char *dirs[] = {a->report};
        struct gnt_review_build_opts bo = {.threshold = a->threshold, .require_verified = a->require_verified};
        struct gnt_review_counts cnt;
        if (gnt_review_build(dirs, 1, a->report, &bo, &cnt, err, sizeof err) < 0) {
                gnt_error("grade", "%s", err);
                ret = GNT_EXIT_FAIL;
        } else {
                printf("%zu submissions in '%s': %zu graded, %zu rejected, %zu grading errors; %zu similar pairs; "
                       "%zu tampered, %zu unverified\n",
                       cnt.submissions, a->report, cnt.graded, cnt.rejected, cnt.error, cnt.similar_pairs,
                       cnt.tampered, cnt.unverified);
                printf("report: %s/report.html\n", a->report);
        }
        gnt_review_batch_close(b);
        return ret;
}
