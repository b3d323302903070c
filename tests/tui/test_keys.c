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

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_actions),
                cmocka_unit_test(test_scrolling),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
