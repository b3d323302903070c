/* cmd_resume.c — `gauntlet resume`: reopen a session after leaving the
 * screen, a crash, a closed terminal or a reboot.  A torn journal line is
 * repaired on open; the workspace is never touched. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "session/cmdline.h"
#include "tui/tui.h"

int gnt_cmd_resume(int argc, char **argv)
{
        static const struct option longopts[] = {
                {"session", required_argument, NULL, 'S'},
                {"no-screen", no_argument, NULL, 'n'},
                {0},
        };
        const char *dir = NULL;
        bool no_screen = false;
        int c;
        optind = 1;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":S:n", longopts, NULL)) != -1) {
                switch (c) {
                case 'S': dir = optarg; break;
                case 'n': no_screen = true; break;
                case ':': return gnt_usage_error("resume", "option '%s' needs a value", argv[optind - 1]);
                default: return gnt_usage_error("resume", "unknown option '%s'", argv[optind - 1]);
                }
        }
        if (optind < argc) {
                if (dir || optind < argc - 1)
                        return gnt_usage_error("resume", "unexpected argument '%s'", argv[optind]);
                dir = argv[optind];
        }
        struct gnt_session s;
        int r = gnt_session_cli_open("resume", dir, GNT_SESSION_REPAIR, &s);
        if (r)
                return r;
        if (!s.submit) {
                cJSON *p = cJSON_CreateObject();
                struct utsname u;
                cJSON_AddStringToObject(p, "reason", "resumed");
                if (uname(&u) == 0)
                        cJSON_AddStringToObject(p, "hostname", u.nodename);
                char err[1024];
                if (gnt_session_record(&s, "reopen", p, err, sizeof err) < 0) {
                        gnt_error("resume", "%s", err);
                        gnt_session_release(&s);
                        return GNT_EXIT_USAGE;
                }
        }
        char werr[512];
        if (!s.submit)
                (void)gnt_session_warm(&s, werr, sizeof werr); /* another machine, an emptied cache */
        int status = GNT_EXIT_OK;
        if (!no_screen && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
                status = gnt_tui_run(&s);
        else
                gnt_session_status_print(stdout, &s);
        gnt_session_release(&s);
        return status;
}
