/* cmd_review.c — `gauntlet review OUTDIR --reviewer NAME`: record a
 * reviewer's rubric scores and notes of graded submissions
 * (OUTDIR/reviews/NAME.json), or list what they have scored.  Blind: what
 * this prints of other reviewers' scores of a submission appears only once
 * NAME has scored every item of it.  The rules are in docs/report.md. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "review/board.h"
#include "review/rubric.h"
#include "review_args.h"
#include "sbx_file.h"


/* The edits a command line or a file asks for; 0 or an exit status. */
static int collect_edits(const struct gnt_review_args *o, const struct gnt_review_board *b,
                         const struct gnt_rubric *rb, struct gnt_review_edit **ret, size_t *ret_n)
{
        char err[GNT_ERR_MAX];
        if (o->from) {
                char *text;
                size_t len;
                int r = sbx_file_read(o->from, GNT_REVIEWS_MAX_BYTES, SBX_FILE_FOLLOW, &text, &len);
                if (r < 0) {
                        gnt_error("review", "cannot read '%s': %s", o->from, strerror(-r));
                        return GNT_EXIT_USAGE;
                }
                r = gnt_review_edits_parse(o->from, text, len, b, rb, ret, ret_n, err, sizeof err);
                free(text);
                if (r < 0) {
                        gnt_error("review", "%s", err);
                        return GNT_EXIT_USAGE;
                }
                return 0;
        }
        struct gnt_review_edit *e = calloc(1, sizeof *e);
        if (!e)
                return GNT_EXIT_FAIL;
        for (size_t k = 0; k < GNT_RUBRIC_MAX_ITEMS; k++)
                e->pts[k] = -1;
        int r = gnt_review_resolve(b, o->submission, &e->entry, err, sizeof err);
        for (size_t i = 0; r == 0 && i < o->n_scores; i++)
                r = gnt_review_edit_score(e, rb, o->scores[i], err, sizeof err);
        for (size_t i = 0; r == 0 && i < o->n_item_notes; i++) {
                char item[GNT_RUBRIC_ID_MAX + 2];
                const char *eq = strchr(o->item_notes[i], '=');
                size_t n = eq ? (size_t)(eq - o->item_notes[i]) : 0;
                if (!eq || n >= sizeof item) {
                        r = sbx_errf(err, sizeof err, -EINVAL, "--item-note '%.40s': expected ITEM=TEXT",
                                     o->item_notes[i]);
                        break;
                }
                memcpy(item, o->item_notes[i], n);
                item[n] = '\0';
                r = gnt_review_edit_note(e, rb, item, eq + 1, err, sizeof err);
        }
        if (r == 0 && o->note)
                r = gnt_review_edit_note(e, rb, NULL, o->note, err, sizeof err);
        if (r < 0) {
                gnt_review_edits_free(e, 1);
                gnt_error("review", "%s", err);
                return GNT_EXIT_USAGE;
        }
        *ret = e;
        *ret_n = 1;
        return 0;
}

static int64_t now_ms(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read, change and write NAME.json under OUTDIR/reviews/.lock, so two
 * commands of the same reviewer never lose each other's scores. */
static int record(const struct gnt_review_args *o, const struct gnt_review_board *b,
                  const struct gnt_review_problem *p, const struct gnt_rubric *rb, const struct gnt_review_edit *e,
                  size_t n)
{
        char err[GNT_ERR_MAX], dir[PATH_MAX], lock[PATH_MAX];
        struct gnt_reviewer rv;
        /* Checked before anything is created. */
        if (gnt_reviewer_load(o->outdir, o->reviewer, rb, &rv, err, sizeof err) < 0) {
                gnt_error("review", "%s", err);
                return GNT_EXIT_USAGE;
        }
        gnt_reviewer_release(&rv);
        gnt_review_path(dir, sizeof dir, "%s/%s", o->outdir, GNT_REVIEWS_SUBDIR);
        gnt_review_path(lock, sizeof lock, "%s/%s/.lock", o->outdir, GNT_REVIEWS_SUBDIR);
        int r = gnt_mkdirs(dir, 0755);
        int fd = r == 0 ? open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644) : -1;
        if (fd < 0 || flock(fd, LOCK_EX) < 0) {
                gnt_error("review", "cannot lock '%s': %s", lock, strerror(r < 0 ? -r : errno));
                if (fd >= 0)
                        close(fd);
                return GNT_EXIT_FAIL;
        }
        if (gnt_reviewer_load(o->outdir, o->reviewer, rb, &rv, err, sizeof err) < 0) {
                gnt_error("review", "%s", err);
                close(fd);
                return GNT_EXIT_USAGE;
        }
        int64_t t = now_ms();
        r = 0;
        for (size_t i = 0; r == 0 && i < n; i++)
                if ((r = gnt_review_edit_apply(&rv, rb, b, &e[i], t)) < 0)
                        sbx_errf(err, sizeof err, r, "out of memory");
        if (r == 0)
                r = gnt_reviewer_save(o->outdir, &rv, rb, p->id, p->version, err, sizeof err);
        if (r < 0)
                gnt_error("review", "%s", err);
        gnt_reviewer_release(&rv);
        int ret = r < 0 ? GNT_EXIT_FAIL : GNT_EXIT_OK;
        close(fd);
        return ret;
}

/* One submission as this reviewer may see it: their scores, and the
 * others' only once theirs are complete. */
static void show(const struct gnt_review_board *b, const struct gnt_rubric *rb, const struct gnt_reviewer *all,
                 size_t n_all, const char *me, size_t idx, double margin)
{
        const struct gnt_review_entry *en = &b->e[idx];
        const struct gnt_review_score *mine = NULL;
        for (size_t r = 0; r < n_all; r++)
                if (strcmp(all[r].name, me) == 0)
                        mine = gnt_reviewer_find(&all[r], en->sha256);
        gnt_print_safe(stdout, en->candidate, 40, 0);
        printf(" (%.8s): ", en->sha256);
        if (!mine) {
                printf("not scored\n");
                return;
        }
        printf("%u/%u", gnt_review_score_total(mine, rb), rb->total);
        for (size_t k = 0; k < rb->n; k++) {
                const char *sep = k ? "," : " \xe2\x80\x94";
                if (mine->pts[k] >= 0)
                        printf("%s %s %d/%u", sep, rb->items[k].id, mine->pts[k], rb->items[k].points);
                else
                        printf("%s %s -/%u", sep, rb->items[k].id, rb->items[k].points);
        }
        putchar('\n');
        if (!gnt_review_score_complete(mine, rb)) {
                printf("  in progress: others' scores show once every item is scored\n");
                return;
        }
        bool any = false, disagree = false;
        for (size_t r = 0; r < n_all; r++) {
                const struct gnt_review_score *s = gnt_reviewer_find(&all[r], en->sha256);
                if (strcmp(all[r].name, me) == 0 || !s || !gnt_review_score_complete(s, rb))
                        continue;
                printf("%s %s %u/%u", any ? "," : "  others:", all[r].name, gnt_review_score_total(s, rb),
                       rb->total);
                any = true;
                disagree |= fabs((double)gnt_review_score_total(s, rb) - gnt_review_score_total(mine, rb)) >
                            margin + 1e-9;
                for (size_t k = 0; k < rb->n; k++)
                        disagree |= abs(s->pts[k] - mine->pts[k]) > margin + 1e-9;
        }
        if (any)
                printf("%s\n", disagree ? " (you disagree by more than the margin)" : "");
}

static void list(const struct gnt_review_board *b, const struct gnt_rubric *rb, const struct gnt_reviewer *all,
                 size_t n_all, const char *me)
{
        const struct gnt_reviewer *mine = NULL;
        for (size_t r = 0; r < n_all; r++)
                if (strcmp(all[r].name, me) == 0)
                        mine = &all[r];
        size_t done = 0;
        for (size_t i = 0; i < b->n; i++) {
                const struct gnt_review_score *s = mine ? gnt_reviewer_find(mine, b->e[i].sha256) : NULL;
                done += s && gnt_review_score_complete(s, rb);
        }
        printf("reviewer %s: %zu of %zu submissions scored (rubric of %zu items, %u points)\n", me, done, b->n,
               rb->n, rb->total);
        printf("%-24s %-8s  %-8s %6s  %-12s %s\n", "CANDIDATE", "SHA256", "STATUS", "AUTO", "YOURS", "OTHERS");
        for (size_t i = 0; i < b->n; i++) {
                const struct gnt_review_entry *en = &b->e[b->order[i]];
                const struct gnt_review_score *s = mine ? gnt_reviewer_find(mine, en->sha256) : NULL;
                bool complete = s && gnt_review_score_complete(s, rb);
                gnt_print_safe(stdout, en->candidate, 40, 24);
                printf(" %.8s  %-8s %6.1f  ", en->sha256, gnt_review_status_name(en->status), en->score);
                char yours[32];
                if (complete)
                        snprintf(yours, sizeof yours, "%u/%u", gnt_review_score_total(s, rb), rb->total);
                else
                        snprintf(yours, sizeof yours, "%s", s ? "in progress" : "not scored");
                printf("%-12s ", yours);
                size_t others = 0;
                for (size_t r = 0; r < n_all; r++) {
                        const struct gnt_review_score *x = gnt_reviewer_find(&all[r], en->sha256);
                        if (&all[r] == mine || !x || !gnt_review_score_complete(x, rb))
                                continue;
                        if (complete)
                                printf("%s%s %u", others ? ", " : "", all[r].name, gnt_review_score_total(x, rb));
                        others++;
                }
                if (!complete)
                        printf("%s", "hidden until you score");
                else if (!others)
                        printf("-");
                putchar('\n');
        }
}

int gnt_cmd_review(int argc, char **argv)
{
        struct gnt_review_args o;
        char err[GNT_ERR_MAX];
        if (gnt_review_args_parse(argc, argv, &o, err, sizeof err) < 0)
                return gnt_usage_error("review", "%s", err);
        int ret = 0;
        struct gnt_review_board b;
        if (gnt_review_board_load(o.outdir, &b, err, sizeof err) < 0) {
                gnt_error("review", "%s", err);
                return GNT_EXIT_USAGE;
        }
        gnt_review_board_rank(&b);
        struct gnt_rubric rb = {0};
        struct gnt_review_edit *e = NULL;
        size_t n = 0;
        if (!b.order) {
                gnt_error("review", "out of memory");
                ret = GNT_EXIT_FAIL;
        } else if (gnt_review_rubric_read(o.outdir, &rb, err, sizeof err) < 0) {
                gnt_error("review", "%s", err);
                ret = GNT_EXIT_USAGE;
        } else if (!rb.n) {
                gnt_error("review", "'%s' records no rubric: problem '%s' declares none (docs/problems.md)",
                          o.outdir, b.problem.id);
                ret = GNT_EXIT_USAGE;
        }
        /* Every reviewer's file is checked before anything is written,
         * and read again afterwards for what this reviewer may see. */
        struct gnt_reviewer *all = NULL;
        size_t n_all = 0;
        if (ret == 0 && gnt_reviewers_load(o.outdir, &rb, &all, &n_all, err, sizeof err) < 0) {
                gnt_error("review", "%s", err);
                ret = GNT_EXIT_USAGE;
        }
        if (ret == 0 && !o.list) {
                gnt_reviewers_free(all, n_all);
                all = NULL;
                n_all = 0;
                ret = collect_edits(&o, &b, &rb, &e, &n);
                if (ret == 0)
                        ret = record(&o, &b, &b.problem, &rb, e, n);
                if (ret == 0 && gnt_reviewers_load(o.outdir, &rb, &all, &n_all, err, sizeof err) < 0) {
                        gnt_error("review", "%s", err);
                        ret = GNT_EXIT_FAIL;
                }
        }
        if (ret == 0 && o.list)
                list(&b, &rb, all, n_all, o.reviewer);
        for (size_t i = 0; ret == 0 && i < n; i++)
                show(&b, &rb, all, n_all, o.reviewer, e[i].entry, o.margin > 0 ? o.margin : GNT_REVIEW_DISAGREE);
        gnt_reviewers_free(all, n_all);
        gnt_review_edits_free(e, n);
        gnt_rubric_release(&rb);
        gnt_review_board_release(&b);
        return ret;
}
