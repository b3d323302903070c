/* cmd_submit.c — `gauntlet submit`: final snapshot, submit entry, sealed
 * archive; in a mock session with grading at hand, the grading report. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "grade.h"
#include "session/cmdline.h"
#include "session/questions.h"

int gnt_cmd_submit(int argc, char **argv)
{
        static const struct option longopts[] = {
                {"session", required_argument, NULL, 'S'},
                {"no-grade", no_argument, NULL, 'G'},
                {0},
        };
        const char *dir = NULL;
        bool grade = true;
        int c;
        optind = 1;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":S:", longopts, NULL)) != -1) {
                switch (c) {
                case 'S': dir = optarg; break;
                case 'G': grade = false; break;
                case ':': return gnt_usage_error("submit", "option '%s' needs a value", argv[optind - 1]);
                default: return gnt_usage_error("submit", "unknown option '%s'", argv[optind - 1]);
                }
        }
        if (optind < argc)
                return gnt_usage_error("submit", "unexpected argument '%s'", argv[optind]);
        struct gnt_session s;
        int r = gnt_session_cli_open("submit", dir, GNT_SESSION_REPAIR, &s);
        if (r)
                return r;
        char path[PATH_MAX], err[1024];
        bool again = s.submit != NULL;
        r = gnt_session_submit(&s, path, err, sizeof err);
        if (r == -EALREADY) {
                gnt_error("submit", "%s", err);
                gnt_session_release(&s);
                return GNT_EXIT_FAIL;
        }
        if (r < 0) {
                gnt_error("submit", "%s", err);
                gnt_session_release(&s);
                return GNT_EXIT_USAGE;
        }
        const struct gnt_entry_submit *sub = &s.submit->d.u.submit;
        char d[32];
        printf("%s: %s\n", again ? "sealed again (the archive was missing)" : "submitted", path);
        if (sub->late)
                printf("LATE: submitted %s after the deadline\n",
                       gnt_session_fmt_duration(sub->overrun_s, d, sizeof d));
        else
                printf("on time\n");
        bool graded = false;
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
                        gnt_session_grade_release(&rep);
                }
        }
        if (!graded && s.mock && gnt_session_keep_grading(&s, NULL, err, sizeof err) < 0)
                gnt_error("submit", "%s", err);
        if (graded)
                gnt_session_followups_submit_print(stdout, stderr, &s);
        gnt_session_release(&s);
        return GNT_EXIT_OK;
}
