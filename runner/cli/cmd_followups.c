/* cmd_followups.c — `gauntlet followups`: the questions an interviewer asks
 * after the code, for a submitted mock interview, with the evidence from
 * the candidate's own code; the model answers only with --answers. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "session/cmdline.h"
#include "session_cli.h"
#include "session/questions.h"

int gnt_cmd_followups(int argc, char **argv)
{
        static const struct option longopts[] = {
                {"session", required_argument, NULL, 'S'},
                {"answers", no_argument, NULL, 'a'},
                {"no-evidence", no_argument, NULL, 'E'},
                {0},
        };
        const char *dir = NULL;
        bool answers = false, evidence = true;
        int c;
        optind = 1;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":S:a", longopts, NULL)) != -1) {
                switch (c) {
                case 'S': dir = optarg; break;
                case 'a': answers = true; break;
                case 'E': evidence = false; break;
                case ':': return gnt_usage_error("followups", "option '%s' needs a value", argv[optind - 1]);
                default: return gnt_usage_error("followups", "unknown option '%s'", argv[optind - 1]);
                }
        }
        size_t only = 0;
        if (optind < argc) {
                char *end;
                unsigned long n = strtoul(argv[optind], &end, 10);
                if (!*argv[optind] || *end || n < 1 || n > 1000 || argv[optind][0] == '-')
                        return gnt_usage_error("followups", "expected a question number, got '%s'", argv[optind]);
                only = n;
                if (++optind < argc)
                        return gnt_usage_error("followups", "unexpected argument '%s'", argv[optind]);
        }
        struct gnt_session s;
        int r = gnt_session_cli_open("followups", dir, 0, &s);
        if (r)
                return r;
        struct gnt_session_followups f = {0};
        char err[1024];
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
