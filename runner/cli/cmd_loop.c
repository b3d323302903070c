/* cmd_loop.c — an interview loop from the commands: `start --loop N`
 * draws and creates it, `start` or `resume` in its folder goes on with the
 * current round; on the screen the rounds follow one another on a key
 * press, and the loop ends on its combined debrief (loop_cli.h). */
#include "loop_cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "grade.h"
#include "library.h"
#include "manifest.h"
#include "paths.h"
#include "review/debrief.h"
#include "review/loop_report.h"
#include "screen_cli.h"
#include "session/cmdline.h"
#include "session/debrief.h"
#include "session/history.h"
#include "session/loop.h"
#include "session_cli.h"

static int scan_library(const char *cmd, struct gnt_library *l)
{
        char err[GNT_ERR_MAX];
        const char *dir = gnt_path_problems();
        if (!dir || gnt_library_scan(dir, l, err, sizeof err) < 0) {
                gnt_error(cmd, "cannot read the problem library: %s", dir ? err : "none found");
                return GNT_EXIT_USAGE;
        }
        return 0;
}

/* The round's session, created from the library the first time. */
static int start_round(const char *cmd, const struct gnt_loop *l, struct gnt_session *ret)
{
        const struct gnt_loop_round *rd = &l->rounds[l->current];
        struct gnt_library lib;
        int r = scan_library(cmd, &lib);
        if (r)
                return r;
        const char *dir = NULL;
        for (size_t i = 0; i < lib.n && !dir; i++)
                if (strcmp(lib.p[i].id, rd->problem) == 0)
                        dir = lib.p[i].dir;
        if (!dir) {
                gnt_error(cmd, "round %zu: no problem '%s' in the library '%s'", l->current + 1, rd->problem,
                          gnt_path_problems());
                gnt_library_release(&lib);
                return GNT_EXIT_USAGE;
        }
        printf("round %zu of %zu: %s (%s, %g minutes)\n", l->current + 1, l->n, rd->problem, rd->area, rd->minutes);
        fflush(stdout);
        struct gnt_start_args o = {
                .source = dir, .mock = true, .minutes = rd->minutes, .workspace = rd->dir,
        };
        r = gnt_start_create(&o, ret);
        gnt_library_release(&lib);
        return r;
}

/* A round submitted without its debrief (left while grading, a crash):
 * graded again from its final snapshot, as `gauntlet submit` does. */
static void regrade_missing(const char *cmd, const struct gnt_loop *l)
{
        for (size_t i = 0; i < l->n; i++) {
                struct gnt_session s;
                char err[1024], page[PATH_MAX + 32];
                if (gnt_session_open(l->rounds[i].dir, 0, &s, err, sizeof err) < 0)
                        continue;
                if (s.submit && s.grading && !gnt_session_debrief_page(&s, page)) {
                        fprintf(stderr, "gauntlet %s: round %zu's debrief is missing: grading it again...\n", cmd,
                                i + 1);
                        struct grd_report rep;
                        memset(&rep, 0, sizeof rep);
                        if (gnt_session_grade(&s, &rep, err, sizeof err) < 0) {
                                gnt_error(cmd, "round %zu: cannot grade: %s", i + 1, err);
                        } else {
                                if (gnt_session_keep_grading(&s, &rep, err, sizeof err) < 0)
                                        gnt_error(cmd, "round %zu: %s", i + 1, err);
                                if (gnt_debrief_keep(&s, &rep, err, sizeof err) < 0)
                                        gnt_error(cmd, "round %zu: no debrief: %s", i + 1, err);
                                gnt_session_grade_release(&rep);
                        }
                }
                gnt_session_release(&s);
        }
}

/* Every round submitted: the combined debrief, kept and shown. */
static int finish(const char *cmd, const struct gnt_loop *l)
{
        regrade_missing(cmd, l);
        struct gnt_loop_report rep;
        char err[1024];
        if (gnt_loop_report_build(l, &rep, err, sizeof err) < 0) {
                gnt_error(cmd, "%s", err);
                return GNT_EXIT_USAGE;
        }
        int status = GNT_EXIT_OK;
        if (gnt_loop_report_keep(&rep, err, sizeof err) < 0) {
                gnt_error(cmd, "%s", err);
                status = GNT_EXIT_FAIL;
        }
        printf("\n");
        gnt_loop_report_print(stdout, &rep);
        gnt_loop_report_release(&rep);
        return status;
}

/* No screen: where the round stands and what to do next. */
static void print_round(const struct gnt_loop *l, const struct gnt_session *s, bool created)
{
        if (created)
                gnt_start_print_next(s);
        else
                gnt_session_status_print(stdout, s);
        printf("interview loop %s: round %zu of %zu; once it is submitted, 'gauntlet resume' in the loop "
               "folder starts %s\n",
               l->root, l->current + 1, l->n,
               l->current + 1 < l->n ? "the next round" : "nothing more: it shows the combined debrief");
}

int gnt_loop_cli_continue(const char *cmd, const char *root, bool no_screen)
{
        bool screen = !no_screen && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
        for (;;) {
                struct gnt_loop l;
                char err[1024];
                if (gnt_loop_open(root, GNT_SESSION_REPAIR, &l, err, sizeof err) < 0) {
                        gnt_error(cmd, "interview loop '%s': %s", root, err);
                        return GNT_EXIT_USAGE;
                }
                if (l.current == l.n)
                        return finish(cmd, &l);
                struct gnt_session s;
                bool created = l.rounds[l.current].state == GNT_ROUND_NOT_STARTED;
                if (created) /* a round graded before the next one's clock starts */
                        regrade_missing(cmd, &l);
                int r = created ? start_round(cmd, &l, &s)
                                : gnt_session_cli_open(cmd, l.rounds[l.current].dir, GNT_SESSION_REPAIR, &s);
                if (r)
                        return r;
                if (!created && (r = gnt_session_cli_reopen(cmd, &s)) != 0) {
                        gnt_session_release(&s);
                        return r;
                }
                if (!s.submit)
                        (void)gnt_session_warm(&s, err, sizeof err);
                if (!screen) {
                        print_round(&l, &s, created);
                        gnt_session_release(&s);
                        return GNT_EXIT_OK;
                }
                char next[64], round[32];
                snprintf(round, sizeof round, "round %zu of %zu", l.current + 1, l.n);
                if (l.current + 1 < l.n)
                        snprintf(next, sizeof next, "round %zu of %zu", l.current + 2, l.n);
                else
                        snprintf(next, sizeof next, "the loop's combined debrief");
                bool go_on = false;
                r = gnt_screen_run_round(cmd, &s, round, next, &go_on);
                bool submitted = s.submit != NULL;
                gnt_session_release(&s);
                if (r)
                        return r;
                if (go_on || (submitted && l.current + 1 == l.n))
                        continue;
                printf("left the interview loop at round %zu of %zu%s: 'gauntlet resume' in %s goes on\n",
                       l.current + 1, l.n, submitted ? " (submitted)" : "; its clock keeps running", l.root);
                return GNT_EXIT_OK;
        }
}

int gnt_loop_cli_start(const struct gnt_start_args *o)
{
        struct gnt_library lib;
        int r = scan_library("start", &lib);
        if (r)
                return r;
        char dir[PATH_MAX], err[1024];
        struct gnt_history h = {0};
        bool have_h = gnt_history_dir(dir, sizeof dir) == 0 && gnt_history_load(dir, &h, NULL, NULL, err, sizeof err) == 0;
        struct gnt_loop_params p = {
                .n = o->loop,
                .area = o->area,
                .minutes = o->minutes,
                .seed = o->have_seed ? o->seed : (long)((unsigned)time(NULL) ^ (unsigned)getpid()),
        };
        struct gnt_loop l;
        r = gnt_loop_draw(&lib, have_h ? &h : NULL, &p, (int64_t)time(NULL), &l, err, sizeof err);
        if (have_h)
                gnt_history_release(&h);
        gnt_library_release(&lib);
        if (r < 0) {
                gnt_error("start", "%s", err);
                return GNT_EXIT_USAGE;
        }
        char root[PATH_MAX];
        if (o->workspace) {
                snprintf(root, sizeof root, "%s", o->workspace);
        } else {
                time_t now = time(NULL);
                struct tm tm;
                gmtime_r(&now, &tm);
                strftime(root, sizeof root, "gauntlet-loop-%Y%m%d-%H%M%S", &tm);
        }
        if (gnt_loop_create(root, &l, err, sizeof err) < 0) {
                gnt_error("start", "cannot create the interview loop: %s", err);
                return GNT_EXIT_USAGE;
        }
        printf("interview loop: %zu rounds, %g minutes in all, one after another (%s)\n", l.n, l.total_minutes,
               l.root);
        for (size_t i = 0; i < l.n; i++)
                printf("  round %zu: %s (%s, %g minutes)\n", i + 1, l.rounds[i].problem, l.rounds[i].area,
                       l.rounds[i].minutes);
        fflush(stdout);
        return gnt_loop_cli_continue("start", l.root, o->no_screen);
}
