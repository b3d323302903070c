/* loop_cli.h — `gauntlet start --loop N`: an interview loop run from the
 * commands (start, resume), round after round, ending on the combined
 * debrief (session/loop.h, review/loop_report.h). */
#ifndef GAUNTLET_LOOP_CLI_H
#define GAUNTLET_LOOP_CLI_H

#include <stdbool.h>

#include "session/session.h"
#include "session_args.h"

/* Create the session o names (o->source: a bundle or folder; o->workspace:
 * the folder, else gauntlet-ID), printing what went wrong.  0 with *ret
 * open, or an exit status. */
int gnt_start_create(const struct gnt_start_args *o, struct gnt_session *ret);
/* What `start` prints when there is no screen: the session and next steps. */
void gnt_start_print_next(const struct gnt_session *s);

/* `start --loop N`: draw the plan, create the loop folder, run its first
 * round.  An exit status. */
int gnt_loop_cli_start(const struct gnt_start_args *o);

/* Go on with the loop at root (`start` or `resume` in a loop folder): the
 * current round, started when it is not yet; on the screen round after
 * round; once every round is submitted, the combined debrief.  An exit
 * status. */
int gnt_loop_cli_continue(const char *cmd, const char *root, bool no_screen);

#endif
