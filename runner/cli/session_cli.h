/* session_cli.h — opening the session a command names (`--session DIR`,
 * the current folder, or the one `start` made below it), printing what
 * went wrong: shared by the session commands. */
#ifndef GAUNTLET_SESSION_CLI_H
#define GAUNTLET_SESSION_CLI_H

#include "session/session.h"
#include "session/workspace.h"

/* Open the session in dir (NULL: found from the current folder upward);
 * flags as gnt_session_open (GNT_SESSION_REPAIR repairs a torn line).  Prints one error line for cmd and
 * returns an exit status (2) on failure; 0 on success. */
int gnt_session_cli_open(const char *cmd, const char *dir, unsigned flags, struct gnt_session *ret);

/* A session opened again (resume, an interview loop's round): record the
 * "reopen" entry, unless it is submitted.  0, or an exit status (2) with
 * the error printed. */
int gnt_session_cli_reopen(const char *cmd, struct gnt_session *s);

#endif
