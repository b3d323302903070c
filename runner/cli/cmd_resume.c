/* cmd_resume.c — `gauntlet resume`: reopen a session after leaving the
 * screen, a crash, a closed terminal or a reboot.  A torn journal line is
 * repaired on open; the workspace is never touched. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "session/cmdline.h"
#include "session/debrief.h"
#include "session_args.h"
#include "loop_cli.h"
#include "session/loop.h"
#include "session_cli.h"
#include "screen_cli.h"

/* An interview loop is resumed as a whole: DIR is its folder, or, with
 * no DIR, the session found from here is one of its rounds, or no session
 * is found and the loop folder is here, above or the one below.  A round's
 * folder named as DIR resumes that session alone. */
static bool resume_finds_loop(const char *dir, char loop[PATH_MAX])
{
        char root[PATH_MAX], real[PATH_MAX], err[256];
        if (dir)
                return realpath(dir, real) && gnt_loop_find(dir, loop) == 0 && strcmp(loop, real) == 0;
        if (gnt_session_find(".", root) == 0)
                return gnt_loop_of_session(root, loop) == 0;
        if (gnt_loop_find(".", loop) == 0)
                return true;
        return gnt_session_find_below(".", root, err, sizeof err) == -ENOENT &&
               gnt_loop_find_below(".", loop, err, sizeof err) == 0;
}

int gnt_cmd_resume(int argc, char **argv)
{
        struct gnt_session_args a;
        char aerr[1024];
        if (gnt_resume_args_parse(argc, argv, &a, aerr, sizeof aerr) < 0)
                return gnt_usage_error("resume", "%s", aerr);
        const char *dir = a.session;
        bool no_screen = a.no_screen;
        char loop[PATH_MAX];
        if (resume_finds_loop(dir, loop))
                return gnt_loop_cli_continue("resume", loop, no_screen);
        struct gnt_session s;
        int r = gnt_session_cli_open("resume", dir, GNT_SESSION_REPAIR, &s);
        if (r)
                return r;
        if ((r = gnt_session_cli_reopen("resume", &s)) != 0) {
                gnt_session_release(&s);
                return r;
        }
        char werr[512];
        if (!s.submit)
                (void)gnt_session_warm(&s, werr, sizeof werr); /* another machine, an emptied cache */
        int status = GNT_EXIT_OK;
        if (!no_screen && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
                status = gnt_screen_run("resume", &s);
        } else {
                gnt_session_status_print(stdout, &s);
                char page[PATH_MAX + 32]; /* the screen names it as it leaves */
                if (gnt_session_debrief_page(&s, page))
                        printf("debrief:   %s\n", page);
        }
        gnt_session_release(&s);
        return status;
}
