/* keys.c — key handling of the screen: pure state changes, no drawing. */
#include "state.h"

#include <curses.h>

static void scroll_by(size_t *top, long delta, size_t total, int page)
{
        long max = (long)total - (page > 0 ? page : 1);
        long v = (long)*top + delta;
        if (v > max)
                v = max;
        if (v < 0)
                v = 0;
        *top = (size_t)v;
}

void gnt_tui_clamp(struct gnt_tui_state *st)
{
        scroll_by(&st->stmt_top, 0, st->stmt_lines, st->page);
        if (st->n_tests == 0)
                st->sel = 0;
        else if (st->sel >= st->n_tests)
                st->sel = st->n_tests - 1;
        scroll_by(&st->overlay_top, 0, st->overlay_lines, st->page);
}

static enum gnt_tui_action open_followups(struct gnt_tui_state *st)
{
        st->fu_pending = false;
        if (!st->n_followups)
                return GNT_TUI_REDRAW;
        st->overlay = GNT_OVERLAY_FOLLOWUPS;
        st->fu_sel = 0;
        st->fu_answer = false;
        st->overlay_top = 0;
        return GNT_TUI_REDRAW;
}

/* One question at a time: a reveals (or hides) its model answer, n and p
 * (or the arrows) move between questions with the answer hidden again, q
 * or Escape closes; other keys do nothing, so a stray key loses no place. */
static enum gnt_tui_action followups_key(struct gnt_tui_state *st, int key)
{
        int page = st->page > 1 ? st->page - 1 : 1;
        switch (key) {
        case 'a': case 'A': st->fu_answer = !st->fu_answer; return GNT_TUI_REDRAW;
        case 'n': case KEY_RIGHT:
                if (st->fu_sel + 1 < st->n_followups) {
                        st->fu_sel++;
                        st->fu_answer = false;
                        st->overlay_top = 0;
                }
                return GNT_TUI_REDRAW;
        case 'p': case 'b': case KEY_LEFT:
                if (st->fu_sel > 0) {
                        st->fu_sel--;
                        st->fu_answer = false;
                        st->overlay_top = 0;
                }
                return GNT_TUI_REDRAW;
        case KEY_UP: case 'k': scroll_by(&st->overlay_top, -1, st->overlay_lines, st->page); return GNT_TUI_REDRAW;
        case KEY_DOWN: case 'j': scroll_by(&st->overlay_top, 1, st->overlay_lines, st->page); return GNT_TUI_REDRAW;
        case KEY_PPAGE: scroll_by(&st->overlay_top, -page, st->overlay_lines, st->page); return GNT_TUI_REDRAW;
        case KEY_NPAGE: case ' ': scroll_by(&st->overlay_top, page, st->overlay_lines, st->page); return GNT_TUI_REDRAW;
        case 'q': case 'Q': case 27:
                st->overlay = GNT_OVERLAY_NONE;
                return GNT_TUI_REDRAW;
        default:
                return GNT_TUI_NONE;
        }
}

/* The debrief fills the screen: the scroll keys move it, f goes on to the
 * follow-up questions, q closes it (and opens the questions when the
 * grading just ended).  Not Escape: a key sequence curses does not know
 * starts with one, and would close a long view.  Other keys do nothing, so
 * a stray key loses no place. */
static enum gnt_tui_action debrief_key(struct gnt_tui_state *st, int key)
{
        long page = st->page > 1 ? st->page - 1 : 1, by;
        switch (key) {
        case KEY_UP: case 'k': by = -1; break;
        case KEY_DOWN: case 'j': case '\n': by = 1; break;
        case KEY_PPAGE: case 'b': by = -page; break;
        case KEY_NPAGE: case ' ': by = page; break;
        case KEY_HOME: case 'g': by = -(long)st->overlay_lines; break;
        case KEY_END: case 'G': by = (long)st->overlay_lines; break;
        case KEY_RESIZE: return GNT_TUI_REDRAW;
        case 'n':
                return st->loop_next && st->submitted && !st->running ? GNT_TUI_NEXT_ROUND : GNT_TUI_NONE;
        case 'f':
                if (!st->n_followups)
                        return GNT_TUI_NONE;
                st->overlay = GNT_OVERLAY_NONE;
                return open_followups(st);
        case 'q': case 'Q':
                st->overlay = GNT_OVERLAY_NONE;
                if (st->fu_pending) /* the debrief, then the interviewer's questions */
                        return open_followups(st);
                return GNT_TUI_REDRAW;
        default:
                return GNT_TUI_NONE;
        }
        scroll_by(&st->overlay_top, by, st->overlay_lines, st->page);
        return GNT_TUI_REDRAW;
}

static enum gnt_tui_action overlay_key(struct gnt_tui_state *st, int key)
{
        int page = st->page > 1 ? st->page - 1 : 1;
        switch (st->overlay) {
        case GNT_OVERLAY_CONFIRM_SUBMIT:
                st->overlay = GNT_OVERLAY_NONE;
                return (key == 'y' || key == 'Y') ? GNT_TUI_SUBMIT : GNT_TUI_REDRAW;
        case GNT_OVERLAY_MESSAGE:
                /* The pause notice says "press p to continue": p does. */
                st->overlay = GNT_OVERLAY_NONE;
                if (st->fu_pending) /* the grading report, then the interviewer's questions */
                        return open_followups(st);
                if ((key == 'p' || key == 'P') && st->paused && st->mock && !st->submitted)
                        return GNT_TUI_PAUSE;
                return GNT_TUI_REDRAW;
        case GNT_OVERLAY_FOLLOWUPS:
                return followups_key(st, key);
        case GNT_OVERLAY_DEBRIEF:
                return debrief_key(st, key);
        case GNT_OVERLAY_LOG:
        case GNT_OVERLAY_HELP:
                switch (key) {
                case KEY_UP: case 'k': scroll_by(&st->overlay_top, -1, st->overlay_lines, st->page); return GNT_TUI_REDRAW;
                case KEY_DOWN: case 'j': scroll_by(&st->overlay_top, 1, st->overlay_lines, st->page); return GNT_TUI_REDRAW;
                case KEY_PPAGE: scroll_by(&st->overlay_top, -page, st->overlay_lines, st->page); return GNT_TUI_REDRAW;
                case KEY_NPAGE: case ' ': scroll_by(&st->overlay_top, page, st->overlay_lines, st->page); return GNT_TUI_REDRAW;
                case KEY_HOME: st->overlay_top = 0; return GNT_TUI_REDRAW;
                case KEY_END: scroll_by(&st->overlay_top, (long)st->overlay_lines, st->overlay_lines, st->page); return GNT_TUI_REDRAW;
                default: break;
                }
                st->overlay = GNT_OVERLAY_NONE;
                return GNT_TUI_REDRAW;
        default:
                st->overlay = GNT_OVERLAY_NONE;
                return GNT_TUI_REDRAW;
        }
}

enum gnt_tui_action gnt_tui_key(struct gnt_tui_state *st, int key)
{
        if (st->overlay != GNT_OVERLAY_NONE)
                return overlay_key(st, key);
        int page = st->page > 1 ? st->page - 1 : 1;
        bool stmt = st->focus == GNT_PANE_STATEMENT;
        switch (key) {
        case 'q':
        case 'Q':
                return GNT_TUI_QUIT;
        case '?':
        case KEY_F(1):
                st->overlay = GNT_OVERLAY_HELP;
                st->overlay_top = 0;
                return GNT_TUI_REDRAW;
        case 'l':
                if (st->running)
                        return GNT_TUI_NONE;
                st->overlay_top = 0;
                return GNT_TUI_SHOW_LOG;
        case 't':
                if (st->running || st->submitted)
                        return GNT_TUI_NONE;
                return st->paused ? GNT_TUI_PAUSED : GNT_TUI_RUN_TESTS;
        case 'r':
                if (st->running || st->submitted)
                        return GNT_TUI_NONE;
                return st->paused ? GNT_TUI_PAUSED : GNT_TUI_RUN_RACE;
        case 'e':
                if (st->running || st->submitted)
                        return GNT_TUI_NONE;
                return st->paused ? GNT_TUI_PAUSED : GNT_TUI_EDIT;
        case 's':
                if (st->running || st->submitted)
                        return GNT_TUI_NONE;
                st->overlay = GNT_OVERLAY_CONFIRM_SUBMIT;
                return GNT_TUI_REDRAW;
        case 'p':
                return st->mock && !st->submitted && !st->running ? GNT_TUI_PAUSE : GNT_TUI_NONE;
        case 'f':
                return st->submitted && st->n_followups ? open_followups(st) : GNT_TUI_NONE;
        case 'n':
                return st->loop_next && st->submitted && !st->running ? GNT_TUI_NEXT_ROUND : GNT_TUI_NONE;
        case 'd':
                if (!st->submitted || !st->has_debrief)
                        return GNT_TUI_NONE;
                st->overlay = GNT_OVERLAY_DEBRIEF;
                st->overlay_top = 0;
                return GNT_TUI_REDRAW;
        case '\t':
        case KEY_BTAB:
                st->focus = stmt ? GNT_PANE_RESULTS : GNT_PANE_STATEMENT;
                return GNT_TUI_REDRAW;
        case KEY_UP:
        case 'k':
                if (stmt)
                        scroll_by(&st->stmt_top, -1, st->stmt_lines, st->page);
                else if (st->sel > 0) {
                        st->sel--;
                        st->detail_top = 0;
                }
                return GNT_TUI_REDRAW;
        case KEY_DOWN:
        case 'j':
                if (stmt)
                        scroll_by(&st->stmt_top, 1, st->stmt_lines, st->page);
                else if (st->sel + 1 < st->n_tests) {
                        st->sel++;
                        st->detail_top = 0;
                }
                return GNT_TUI_REDRAW;
        case KEY_PPAGE:
                if (stmt)
                        scroll_by(&st->stmt_top, -page, st->stmt_lines, st->page);
                else
                        st->detail_top = st->detail_top > (size_t)page ? st->detail_top - (size_t)page : 0;
                return GNT_TUI_REDRAW;
        case KEY_NPAGE:
        case ' ':
                if (stmt)
                        scroll_by(&st->stmt_top, page, st->stmt_lines, st->page);
                else
                        st->detail_top += (size_t)page; /* clamped by the drawing code */
                return GNT_TUI_REDRAW;
        case KEY_HOME:
                if (stmt)
                        st->stmt_top = 0;
                else
                        st->sel = st->detail_top = 0;
                return GNT_TUI_REDRAW;
        case KEY_END:
                if (stmt)
                        scroll_by(&st->stmt_top, (long)st->stmt_lines, st->stmt_lines, st->page);
                else if (st->n_tests)
                        st->sel = st->n_tests - 1;
                return GNT_TUI_REDRAW;
        case KEY_RESIZE:
                return GNT_TUI_REDRAW;
        default:
                return GNT_TUI_NONE;
        }
}

enum gnt_tui_action gnt_tui_wheel(struct gnt_tui_state *st, int dir, int y, int split_y)
{
        if (st->overlay == GNT_OVERLAY_LOG || st->overlay == GNT_OVERLAY_HELP ||
            st->overlay == GNT_OVERLAY_FOLLOWUPS || st->overlay == GNT_OVERLAY_DEBRIEF) {
                scroll_by(&st->overlay_top, dir * 3, st->overlay_lines, st->page);
                return GNT_TUI_REDRAW;
        }
        if (st->overlay != GNT_OVERLAY_NONE)
                return GNT_TUI_NONE;
        if (y < split_y) {
                scroll_by(&st->stmt_top, dir * 3, st->stmt_lines, st->page);
        } else if (dir < 0 && st->sel > 0) {
                st->sel--;
                st->detail_top = 0;
        } else if (dir > 0 && st->sel + 1 < st->n_tests) {
                st->sel++;
                st->detail_top = 0;
        }
        return GNT_TUI_REDRAW;
}
