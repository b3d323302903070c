/* tui.h — the ncurses screen of a session (the only ncurses code).  It
 * drives the same session functions as the plain commands. */
#ifndef GAUNTLET_TUI_H
#define GAUNTLET_TUI_H

#include "session/session.h"

/* Run the screen on an open session until the candidate leaves (q) or
 * submits.  The session is reloaded from its journal as it changes.
 * Returns an exit status: 0, or 2 when the terminal cannot be used. */
int gnt_tui_run(struct gnt_session *s);

#endif
