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

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_actions),
                cmocka_unit_test(test_scrolling),
                cmocka_unit_test(test_followups),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
