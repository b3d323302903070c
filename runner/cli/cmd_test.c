/* cmd_test.c — `gauntlet test`: run the public tests in the sandbox on the
 * workspace, record the run (with a snapshot) and show per-test results. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "commands.h"
#include "session/cmdline.h"
#include "session/publicrun.h"
#include "session_args.h"
#include "session_cli.h"

int gnt_cmd_test(int argc, char **argv)
{
        struct gnt_session_args a;
        char aerr[1024];
        if (gnt_test_args_parse(argc, argv, &a, aerr, sizeof aerr) < 0)
                return gnt_usage_error("test", "%s", aerr);
        const char *dir = a.session;
        bool quiet = a.quiet;
        struct gnt_session s;
        int r = gnt_session_cli_open("test", dir, GNT_SESSION_REPAIR, &s);
        if (r)
                return r;
        if (s.paused) {
                char err[256];
                if (gnt_session_pause(&s, false, err, sizeof err) == 0)
                        fprintf(stderr, "gauntlet test: the session was paused; the clock runs again\n");
        }
        struct gnt_test_report rep;
        char err[1024];
        if (a.race && gnt_session_race_allowed(&s, err, sizeof err) < 0) {
                gnt_error("test", "%s", err);
                gnt_session_release(&s);
                return GNT_EXIT_USAGE;
        }
        if (!quiet)
                fprintf(stderr, "running the public tests of '%s'%s...\n", s.id, a.race ? " built with -race" : "");
        r = gnt_session_test_public(&s, a.race, &rep, err, sizeof err);
        if (r < 0) {
                gnt_error("test", "%s", err);
                gnt_session_release(&s);
                return GNT_EXIT_USAGE;
        }
        char *json = a.json ? gnt_session_report_json(&rep) : NULL;
        if (json)
                printf("%s\n", json);
        else
                gnt_session_report_print(stdout, &rep, !quiet);
        free(json);
        int64_t left = gnt_session_left(&s, (int64_t)time(NULL));
        char d[32];
        /* with --json, stdout holds the JSON document alone */
        if (!a.json && left < 0)
                printf("past the deadline by %s: submit now ('gauntlet submit'); it will be marked late\n",
                       gnt_session_fmt_duration(-left, d, sizeof d));
        else if (!a.json)
                printf("time left: %s\n", gnt_session_fmt_duration(left, d, sizeof d));
        size_t np, nf, ns;
        gnt_test_report_counts(&rep, &np, &nf, &ns);
        int status = strcmp(rep.status, "ok") == 0 && nf == 0 && rep.n > 0 && rep.races == 0 ? GNT_EXIT_OK : GNT_EXIT_FAIL;
        if (strcmp(rep.status, "error") == 0)
                status = GNT_EXIT_USAGE;
        gnt_test_report_release(&rep);
        gnt_session_release(&s);
        return status;
}
