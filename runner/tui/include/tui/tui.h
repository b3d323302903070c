/* tui.h — the ncurses screen of a session (the only ncurses code).  It
 * drives the same session functions as the plain commands. */
#ifndef GAUNTLET_TUI_H
#define GAUNTLET_TUI_H

#include "session/session.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* What the screen tells the command that runs it; each may be NULL. */
struct gnt_tui_cb {
        void *ctx;
        /* Left while a test run goes on: it is waited for, so that it is
         * recorded (called once, before the wait). */
        void (*waiting)(void *ctx);
        /* A round of an interview loop with another after it: "round 1 of
         * 3" (shown in the status line), and once the round is submitted
         * and graded, n leaves the screen with next_round set.  NULL: a
         * plain session, or the loop's last round. */
        const char *loop_next;
        /* A round of an interview loop: "round 1 of 3", shown in the
         * header in place of the program's name.  NULL: a plain session. */
        const char *loop_round;
};

/* How the screen ended. */
struct gnt_tui_exit {
        char debrief[PATH_MAX + 32]; /* the mock's debrief page; "" when there is none */
        bool next_round;             /* left with n: the loop's next round is wanted */
};

/* Run the screen on an open session until the candidate leaves (q) or
 * submits (s->submit says which).  The session is reloaded from its
 * journal as it changes.  Never prints: the command says what happened
 * from s and *ret.  0, or -errno with one line in err when the terminal
 * cannot be used (nothing was shown). */
int gnt_tui_run(struct gnt_session *s, const struct gnt_tui_cb *cb, struct gnt_tui_exit *ret, char *err,
                size_t errsz);

#endif
