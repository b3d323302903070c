/* test_keys.c — key handlers change state and return what the main loop
 * should do; nothing is drawn, so no terminal is needed. */
#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tui/state.h"

static void test_actions(void **state)
{
        struct gnt_tui_state st = {.page = 10, .stmt_lines = 100, .n_tests = 3};
        assert_int_equal(gnt_tui_key(&st, 't'), GNT_TUI_RUN_TESTS);
        /* r: the -race run (whether the session allows it is the main
         * loop's to check: it says why not) */
        assert_int_equal(gnt_tui_key(&st, 'r'), GNT_TUI_RUN_RACE);
        st.running = true;
        assert_int_equal(gnt_tui_key(&st, 'r'), GNT_TUI_NONE);
        st.running = false;
        assert_int_equal(gnt_tui_key(&st, 'e'), GNT_TUI_EDIT);
        assert_int_equal(gnt_tui_key(&st, 'q'), GNT_TUI_QUIT);
        /* Submit needs a confirmation; anything but y cancels. */
        assert_int_equal(gnt_tui_key(&st, 's'), GNT_TUI_REDRAW);
        assert_int_equal(st.overlay, GNT_OVERLAY_CONFIRM_SUBMIT);
        assert_int_equal(gnt_tui_key(&st, 'n'), GNT_TUI_REDRAW);
        assert_int_equal(st.overlay, GNT_OVERLAY_NONE);
        gnt_tui_key(&st, 's');
        assert_int_equal(gnt_tui_key(&st, 'y'), GNT_TUI_SUBMIT);
        /* Pause only in a mock session. */
        assert_int_equal(gnt_tui_key(&st, 'p'), GNT_TUI_NONE);
        st.mock = true;
        assert_int_equal(gnt_tui_key(&st, 'p'), GNT_TUI_PAUSE);
        /* Paused: t and e say why they do nothing; the notice's "press p
         * to continue" continues; another key only closes the notice. */
        st.paused = true;
        assert_int_equal(gnt_tui_key(&st, 't'), GNT_TUI_PAUSED);
        assert_int_equal(gnt_tui_key(&st, 'r'), GNT_TUI_PAUSED);
        assert_int_equal(gnt_tui_key(&st, 'e'), GNT_TUI_PAUSED);
        st.overlay = GNT_OVERLAY_MESSAGE;
        assert_int_equal(gnt_tui_key(&st, 'x'), GNT_TUI_REDRAW);
        assert_int_equal(st.overlay, GNT_OVERLAY_NONE);
        st.overlay = GNT_OVERLAY_MESSAGE;
        assert_int_equal(gnt_tui_key(&st, 'p'), GNT_TUI_PAUSE);
        assert_int_equal(st.overlay, GNT_OVERLAY_NONE);
        st.paused = false;
        /* A notice in a running session: p closes it, nothing more. */
        st.overlay = GNT_OVERLAY_MESSAGE;
        assert_int_equal(gnt_tui_key(&st, 'p'), GNT_TUI_REDRAW);
        /* While tests run, no second run, no edit, no submit. */
        st.running = true;
        assert_int_equal(gnt_tui_key(&st, 't'), GNT_TUI_NONE);
        assert_int_equal(gnt_tui_key(&st, 's'), GNT_TUI_NONE);
        assert_int_equal(st.overlay, GNT_OVERLAY_NONE);
        st.running = false;
        st.submitted = true;
        assert_int_equal(gnt_tui_key(&st, 't'), GNT_TUI_NONE);
        assert_int_equal(gnt_tui_key(&st, 'l'), GNT_TUI_SHOW_LOG);
}

static void test_scrolling(void **state)
{
        struct gnt_tui_state st = {.page = 10, .stmt_lines = 25, .n_tests = 3};
        gnt_tui_key(&st, KEY_NPAGE);
        assert_int_equal(st.stmt_top, 9);
        gnt_tui_key(&st, KEY_NPAGE);
        assert_int_equal(st.stmt_top, 15); /* the last page, not past it */
        gnt_tui_key(&st, KEY_END);
        assert_int_equal(st.stmt_top, 15);
        gnt_tui_key(&st, KEY_HOME);
        assert_int_equal(st.stmt_top, 0);
        gnt_tui_key(&st, KEY_UP);
        assert_int_equal(st.stmt_top, 0);
        /* Tab moves the arrows to the results list. */
        gnt_tui_key(&st, '\t');
        assert_int_equal(st.focus, GNT_PANE_RESULTS);
        gnt_tui_key(&st, KEY_DOWN);
        gnt_tui_key(&st, KEY_DOWN);
        gnt_tui_key(&st, KEY_DOWN);
        assert_int_equal(st.sel, 2);
        gnt_tui_key(&st, KEY_UP);
        assert_int_equal(st.sel, 1);
        /* The wheel scrolls the pane under the pointer. */
        gnt_tui_wheel(&st, 1, 3, 12);
        assert_int_equal(st.stmt_top, 3);
        gnt_tui_wheel(&st, 1, 15, 12);
        assert_int_equal(st.sel, 2);
}

/* A graded mock's follow-up questions: closing the grading report opens
 * the first, a reveals and hides its answer, n/p move with the answer
 * hidden again, q closes, f reopens; a stray key keeps the place; none of
 * it without questions or before the submit. */
static void test_followups(void **state)
{
        (void)state;
        struct gnt_tui_state st = {.page = 10, .mock = true};
        assert_int_equal(gnt_tui_key(&st, 'f'), GNT_TUI_NONE); /* not submitted, no questions */
        st.submitted = true;
        assert_int_equal(gnt_tui_key(&st, 'f'), GNT_TUI_NONE); /* no questions */
        st.n_followups = 3;
        st.fu_pending = true;
        st.overlay = GNT_OVERLAY_MESSAGE;                       /* the grading report */
        assert_int_equal(gnt_tui_key(&st, 'x'), GNT_TUI_REDRAW);
        assert_int_equal(st.overlay, GNT_OVERLAY_FOLLOWUPS);
        assert_false(st.fu_pending);
        assert_int_equal(st.fu_sel, 0);
        assert_false(st.fu_answer);
        assert_int_equal(gnt_tui_key(&st, 'a'), GNT_TUI_REDRAW);
        assert_true(st.fu_answer);
        assert_int_equal(gnt_tui_key(&st, 'x'), GNT_TUI_NONE);  /* a stray key: still open */
        assert_int_equal(st.overlay, GNT_OVERLAY_FOLLOWUPS);
        assert_int_equal(gnt_tui_key(&st, 'n'), GNT_TUI_REDRAW);
        assert_int_equal(st.fu_sel, 1);
        assert_false(st.fu_answer);                              /* hidden again */
        gnt_tui_key(&st, KEY_RIGHT);
        gnt_tui_key(&st, 'n');                                   /* past the last: stays */
        assert_int_equal(st.fu_sel, 2);
        gnt_tui_key(&st, 'p');
        assert_int_equal(st.fu_sel, 1);
        gnt_tui_key(&st, KEY_LEFT);
        gnt_tui_key(&st, KEY_LEFT);
        assert_int_equal(st.fu_sel, 0);
        assert_int_equal(gnt_tui_key(&st, 'q'), GNT_TUI_REDRAW); /* closes the view, not the screen */
        assert_int_equal(st.overlay, GNT_OVERLAY_NONE);
        st.fu_sel = 2;
        st.fu_answer = true;
        assert_int_equal(gnt_tui_key(&st, 'f'), GNT_TUI_REDRAW);
        assert_int_equal(st.overlay, GNT_OVERLAY_FOLLOWUPS);
        assert_int_equal(st.fu_sel, 0);
        assert_false(st.fu_answer);
        assert_int_equal(gnt_tui_key(&st, 27), GNT_TUI_REDRAW);  /* Escape closes */
        assert_int_equal(st.overlay, GNT_OVERLAY_NONE);
        /* A report closed without questions pending: nothing opens. */
        st.overlay = GNT_OVERLAY_MESSAGE;
        gnt_tui_key(&st, 'x');
        assert_int_equal(st.overlay, GNT_OVERLAY_NONE);
}

/* The debrief: d opens it only after a graded mock's submit; it scrolls,
 * ignores stray keys and Escape (a key curses does not know starts with
 * one), and q closes it, going on to the follow-up questions right after
 * the grading. */
static void test_debrief(void **state)
{
        (void)state;
        struct gnt_tui_state st = {.page = 10, .mock = true};
        assert_int_equal(gnt_tui_key(&st, 'd'), GNT_TUI_NONE); /* not submitted */
        st.submitted = true;
        assert_int_equal(gnt_tui_key(&st, 'd'), GNT_TUI_NONE); /* no debrief (a take-home) */
        assert_int_equal(st.overlay, GNT_OVERLAY_NONE);
        st.has_debrief = true;
        assert_int_equal(gnt_tui_key(&st, 'd'), GNT_TUI_REDRAW);
        assert_int_equal(st.overlay, GNT_OVERLAY_DEBRIEF);
        st.overlay_lines = 100;
        gnt_tui_key(&st, KEY_NPAGE);
        assert_int_equal(st.overlay_top, 9);
        gnt_tui_key(&st, 'G');
        assert_int_equal(st.overlay_top, 90);
        gnt_tui_key(&st, 'k');
        assert_int_equal(st.overlay_top, 89);
        gnt_tui_key(&st, 'g');
        assert_int_equal(st.overlay_top, 0);
        assert_int_equal(gnt_tui_key(&st, 27), GNT_TUI_NONE);
        assert_int_equal(gnt_tui_key(&st, 'x'), GNT_TUI_NONE);
        assert_int_equal(gnt_tui_key(&st, 'f'), GNT_TUI_NONE); /* no questions */
        assert_int_equal(st.overlay, GNT_OVERLAY_DEBRIEF);
        assert_int_equal(gnt_tui_key(&st, 'q'), GNT_TUI_REDRAW);
        assert_int_equal(st.overlay, GNT_OVERLAY_NONE);
        /* just graded: q goes on to the interviewer's questions */
        st.overlay = GNT_OVERLAY_DEBRIEF;
        st.n_followups = 2;
        st.fu_pending = true;
        assert_int_equal(gnt_tui_key(&st, 'q'), GNT_TUI_REDRAW);
        assert_int_equal(st.overlay, GNT_OVERLAY_FOLLOWUPS);
        assert_false(st.fu_pending);
        gnt_tui_key(&st, 'q');
        gnt_tui_key(&st, 'd');
        assert_int_equal(gnt_tui_key(&st, 'f'), GNT_TUI_REDRAW); /* f from the debrief */
        assert_int_equal(st.overlay, GNT_OVERLAY_FOLLOWUPS);
}

/* An interview loop's round: n goes on to the next round once this one
 * is submitted and not grading, from the debrief or the main view; never
 * in a plain session, and in the follow-up questions n is the next
 * question. */
static void test_loop_next(void **state)
{
        (void)state;
        struct gnt_tui_state st = {.page = 10, .mock = true};
        assert_int_equal(gnt_tui_key(&st, 'n'), GNT_TUI_NONE); /* a plain session */
        st.loop_next = true;
        assert_int_equal(gnt_tui_key(&st, 'n'), GNT_TUI_NONE); /* not submitted */
        st.submitted = true;
        st.running = true;
        assert_int_equal(gnt_tui_key(&st, 'n'), GNT_TUI_NONE); /* grading */
        st.running = false;
        assert_int_equal(gnt_tui_key(&st, 'n'), GNT_TUI_NEXT_ROUND);
        st.has_debrief = true;
        gnt_tui_key(&st, 'd');
        assert_int_equal(st.overlay, GNT_OVERLAY_DEBRIEF);
        assert_int_equal(gnt_tui_key(&st, 'n'), GNT_TUI_NEXT_ROUND);
        st.overlay = GNT_OVERLAY_FOLLOWUPS;
        st.n_followups = 2;
        st.fu_sel = 0;
        assert_int_equal(gnt_tui_key(&st, 'n'), GNT_TUI_REDRAW);
        assert_int_equal(st.fu_sel, 1);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_actions),
                cmocka_unit_test(test_scrolling),
                cmocka_unit_test(test_followups),
                cmocka_unit_test(test_debrief),
                cmocka_unit_test(test_loop_next),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
