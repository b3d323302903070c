/* cmd_submit.c — `gauntlet submit`: final snapshot, submit entry, sealed
 * archive; in a mock session with grading at hand, the grading report. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "grade.h"
#include "review/debrief.h"
#include "session/cmdline.h"
#include "session/debrief.h"
#include "session_args.h"
#include "session_cli.h"
#include "session/questions.h"

int gnt_cmd_submit(int argc, char **argv)
{
        struct gnt_session_args a;
        char aerr[1024];
        if (gnt_submit_args_parse(argc, argv, &a, aerr, sizeof aerr) < 0)
                return gnt_usage_error("submit", "%s", aerr);
        const char *dir = a.session;
        bool grade = !a.no_grade;
        struct gnt_session s;
        int r = gnt_session_cli_open("submit", dir, GNT_SESSION_REPAIR, &s);
        if (r)
                return r;
        char path[PATH_MAX], err[1024];
        bool again = s.submit != NULL;
        r = gnt_session_submit(&s, path, err, sizeof err);
        char page[PATH_MAX + 32];
        bool regrade = r == -EALREADY && grade && s.mock && s.grading && !gnt_session_debrief_page(&s, page);
        if (r == -EALREADY && !regrade) {
                gnt_error("submit", "%s", err);
                gnt_session_release(&s);
                return GNT_EXIT_FAIL;
        }
        if (regrade) {
                /* A graded mock whose debrief was lost (the grading killed
                 * with its screen, a crash): the same grading again. */
                fprintf(stderr, "gauntlet submit: already submitted; its debrief is missing: grading again\n");
                gnt_session_archive_path(&s, path);
                r = 0;
        }
        if (r < 0) {
                gnt_error("submit", "%s", err);
                gnt_session_release(&s);
                return GNT_EXIT_USAGE;
        }
        const struct gnt_entry_submit *sub = &s.submit->d.u.submit;
        char d[32];
        printf("%s: %s\n", regrade ? "submitted before" : again ? "sealed again (the archive was missing)" : "submitted",
               path);
        if (sub->late)
                printf("LATE: submitted %s after the deadline\n",
                       gnt_session_fmt_duration(sub->overrun_s, d, sizeof d));
        else
                printf("on time\n");
        bool graded = false, debrief = false;
        if (grade && s.grading) {
                struct grd_report rep;
                memset(&rep, 0, sizeof rep);
                fprintf(stderr, "grading with '%s' (this takes a while)...\n", s.grading);
                if (gnt_session_grade(&s, &rep, err, sizeof err) < 0) {
                        gnt_error("submit", "cannot grade: %s", err);
                } else {
                        gnt_session_grade_print(stdout, &rep);
                        graded = true;
                        if (gnt_session_keep_grading(&s, &rep, err, sizeof err) < 0)
                                gnt_error("submit", "%s", err);
                        if (gnt_debrief_keep(&s, &rep, err, sizeof err) < 0)
                                gnt_error("submit", "no debrief: %s", err);
                        else
                                debrief = true;
                        gnt_session_grade_release(&rep);
                }
        }
        if (!graded && s.mock && gnt_session_keep_grading(&s, NULL, err, sizeof err) < 0)
                gnt_error("submit", "%s", err);
        if (debrief) {
                gnt_session_debrief_path(&s, GNT_DEBRIEF_HTML, page);
                printf("\nThe debrief (every failure with its evidence, the reference solution and a diff to it,\n"
                       "the mistakes this problem is built to catch): %s\n", page);
        }
        if (graded)
                gnt_session_followups_submit_print(stdout, stderr, &s);
        gnt_session_release(&s);
        return GNT_EXIT_OK;
}
