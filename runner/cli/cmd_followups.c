/* cmd_followups.c — `gauntlet followups`: the questions an interviewer asks
 * after the code, for a submitted mock interview, with the evidence from
 * the candidate's own code; the model answers only with --answers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_args.h"
#include "cli.h"
#include "commands.h"
#include "session/cmdline.h"
#include "session_cli.h"
#include "session/questions.h"

int gnt_cmd_followups(int argc, char **argv)
{
        struct gnt_followups_args a;
        char err[1024];
        if (gnt_followups_args_parse(argc, argv, &a, err, sizeof err) < 0)
                return gnt_usage_error("followups", "%s", err);
        bool answers = a.answers, evidence = a.evidence;
        size_t only = a.only;
        struct gnt_session s;
        int r = gnt_session_cli_open("followups", a.session, 0, &s);
        if (r)
                return r;
        struct gnt_session_followups f = {0};
        r = gnt_session_followups(&s, evidence, &f, err, sizeof err);
        gnt_session_release(&s);
        if (r < 0) {
                gnt_error("followups", "%s", err);
                return GNT_EXIT_USAGE;
        }
        if (only > f.list.n) {
                gnt_error("followups", "there %s %zu follow-up question%s, not %zu", f.list.n == 1 ? "is" : "are",
                          f.list.n, f.list.n == 1 ? "" : "s", only);
                gnt_session_followups_release(&f);
                return GNT_EXIT_USAGE;
        }
        if (f.list.n == 0)
                printf("this problem has no follow-up questions\n");
        else
                printf("Follow-up questions (%zu)%s\n", f.list.n,
                       answers ? ", with model answers" : ": answer aloud, then compare with "
                                                          "'gauntlet followups --answers'");
        gnt_session_followups_print(stdout, &f, answers, only);
        gnt_session_followups_release(&f);
        return GNT_EXIT_OK;
}
