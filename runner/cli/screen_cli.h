/* screen_cli.h — the session screen as the commands run it (start,
 * resume): its messages before and after. */
#ifndef GAUNTLET_SCREEN_CLI_H
#define GAUNTLET_SCREEN_CLI_H

#include <stdbool.h>

#include "session/session.h"

/* Run the screen on s for command cmd, then say how it ended: submitted,
 * or left with the session running, and the debrief page when there is
 * one.  Returns an exit status: 0, or 2 when the terminal cannot be
 * used. */
int gnt_screen_run(const char *cmd, struct gnt_session *s);

/* The same for a round of an interview loop: round names it in the
 * header ("round 1 of 3"), next what n goes on to once it is submitted
 * ("round 2 of 3"); *ret_next says whether the candidate did.  Prints the
 * round's debrief page only: the loop says the rest. */
int gnt_screen_run_round(const char *cmd, struct gnt_session *s, const char *round, const char *next,
                         bool *ret_next);

#endif
