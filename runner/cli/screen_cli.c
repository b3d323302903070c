/* screen_cli.c — the session screen as the commands run it. */
#include "screen_cli.h"

#include <stdio.h>

#include "cli.h"
#include "manifest.h"
#include "tui/tui.h"

static void on_waiting(void *ctx)
{
        printf("waiting for the test run to finish and be recorded...\n");
        fflush(stdout);
}

int gnt_screen_run_round(const char *cmd, struct gnt_session *s, const char *round, const char *next,
                         bool *ret_next)
{
        struct gnt_tui_cb cb = {.waiting = on_waiting, .loop_next = next, .loop_round = round};
        struct gnt_tui_exit ex;
        char err[GNT_ERR_MAX];
        *ret_next = false;
        if (gnt_tui_run(s, &cb, &ex, err, sizeof err) < 0) {
                gnt_error(cmd, "%s", err);
                return GNT_EXIT_USAGE;
        }
        *ret_next = ex.next_round;
        if (s->submit && ex.debrief[0])
                printf("debrief:   %s\n", ex.debrief);
        return GNT_EXIT_OK;
}

int gnt_screen_run(const char *cmd, struct gnt_session *s)
{
        struct gnt_tui_cb cb = {.waiting = on_waiting};
        struct gnt_tui_exit ex;
        char err[GNT_ERR_MAX];
        if (gnt_tui_run(s, &cb, &ex, err, sizeof err) < 0) {
                gnt_error(cmd, "%s", err);
                return GNT_EXIT_USAGE;
        }
        if (!s->submit)
                printf("left the screen; the session keeps running: 'gauntlet resume' in %s returns\n", s->root);
        else
                printf("submitted: %s\n", s->root);
        if (ex.debrief[0])
                printf("debrief:   %s\n", ex.debrief);
        return GNT_EXIT_OK;
}
