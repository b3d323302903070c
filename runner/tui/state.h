/* state.h — what the screen shows, apart from how it is drawn: panes,
 * scroll positions, the open overlay.  Key handlers change this state and
 * return what the main loop should do; they never draw. */
#ifndef GAUNTLET_TUI_STATE_H
#define GAUNTLET_TUI_STATE_H

#include <stdbool.h>
#include <stddef.h>

enum gnt_tui_pane {
        GNT_PANE_STATEMENT,
        GNT_PANE_RESULTS,
};

enum gnt_tui_overlay {
        GNT_OVERLAY_NONE,
        GNT_OVERLAY_HELP,
        GNT_OVERLAY_LOG,
        GNT_OVERLAY_CONFIRM_SUBMIT,
        GNT_OVERLAY_MESSAGE, /* a notice / the submit or grading outcome; any key closes */
        GNT_OVERLAY_FOLLOWUPS, /* a submitted mock's follow-up questions, one at a time */
        GNT_OVERLAY_DEBRIEF,   /* a graded mock's debrief: the whole screen, scrolled */
};

enum gnt_tui_action {
        GNT_TUI_NONE,      /* nothing changed */
        GNT_TUI_REDRAW,
        GNT_TUI_QUIT,
        GNT_TUI_RUN_TESTS,
        GNT_TUI_RUN_RACE,  /* the public tests built with -race (when the session allows it) */
        GNT_TUI_EDIT,
        GNT_TUI_SUBMIT,    /* confirmed */
        GNT_TUI_PAUSE,     /* toggle */
        GNT_TUI_SHOW_LOG,  /* load the timeline, then open it */
        GNT_TUI_PAUSED,    /* a key that needs the clock running: say why nothing happens */
        GNT_TUI_NEXT_ROUND, /* an interview loop: leave for its next round */
};

struct gnt_tui_state {
        enum gnt_tui_pane focus;
        enum gnt_tui_overlay overlay;
        bool mock, submitted, paused, running;
        /* Sizes the drawing code last used (for paging and clamping). */
        int page;                 /* rows of the focused pane */
        size_t stmt_lines;        /* rendered statement lines */
        size_t stmt_top;
        size_t n_tests;           /* rows of the results list */
        size_t sel;               /* selected test */
        size_t detail_top;        /* scroll of the selected test's failure text */
        size_t overlay_lines, overlay_top;
        char message[1024];       /* text of GNT_OVERLAY_MESSAGE */
        /* Follow-up questions (a graded mock): how many, the one shown,
         * whether its model answer is revealed (a), and whether closing
         * the grading report opens them. */
        size_t n_followups, fu_sel;
        bool fu_answer, fu_pending;
        /* A graded mock's debrief is there (d opens it). */
        bool has_debrief;
        /* A round of an interview loop with another after it: n goes on
         * once this one is submitted (and not grading). */
        bool loop_next;
};

/* Handle one key (ncurses key code, KEY_* included).  Returns the action
 * for the main loop. */
enum gnt_tui_action gnt_tui_key(struct gnt_tui_state *st, int key);

/* Handle a mouse wheel step (dir -1 up, +1 down) at screen row y, where
 * the statement pane ends at split_y. */
enum gnt_tui_action gnt_tui_wheel(struct gnt_tui_state *st, int dir, int y, int split_y);

/* Keep scroll positions within what there is to show. */
void gnt_tui_clamp(struct gnt_tui_state *st);

#endif
