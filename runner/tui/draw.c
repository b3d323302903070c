/* draw.c — drawing the session screen from its state: header and
 * countdown, statement, results, status line, overlays.  Reads, never
 * changes, the session. */
#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "screen.h"
#include "session/cmdline.h"
#include "session/publicrun.h"
#include "session/workspace.h"

static int64_t now_s(void)
{
        return (int64_t)time(NULL);
}

static attr_t attr_for(const struct screen *sc, int pair, attr_t mono)
{
        return sc->colors ? (attr_t)COLOR_PAIR(pair) : mono;
}

static attr_t md_attr(const struct screen *sc, unsigned char st)
{
        attr_t a = A_NORMAL;
        if (st & GNT_MD_HEADING)
                a |= attr_for(sc, C_HEADING, A_UNDERLINE) | A_BOLD;
        if (st & GNT_MD_BOLD)
                a |= A_BOLD;
        if (st & GNT_MD_EMPH)
                a |= A_UNDERLINE;
        if (st & GNT_MD_CODE)
                a |= attr_for(sc, C_CODE, A_DIM);
        if (st & GNT_MD_BULLET)
                a |= A_BOLD;
        return a;
}

/* Put n wide characters at (y, x), at most maxw columns; returns columns used. */
static int put_w(const struct screen *sc, int y, int x, const wchar_t *t, const unsigned char *style, size_t n,
                 attr_t base, int maxw)
{
        int used = 0;
        move(y, x);
        for (size_t i = 0; i < n; i++) {
                wchar_t c = t[i];
                if (!sc->utf8 && c > 127)
                        c = c == L'•' ? L'*' : c == L'│' ? L'|' : c == L'─' ? L'-' : L'?';
                if (c < 32 || c == 127)
                        c = L' ';
                int w = wcwidth(c);
                if (w < 0) {
                        c = L'?';
                        w = 1;
                }
                if (used + w > maxw)
                        break;
                attrset(base | (style ? md_attr(sc, style[i]) : 0));
                addnwstr(&c, 1);
                used += w;
        }
        attrset(A_NORMAL);
        return used;
}

/* Put a UTF-8 string. */
static int put_s(const struct screen *sc, int y, int x, const char *s, attr_t a, int maxw)
{
        wchar_t buf[1024];
        size_t n = 0;
        mbstate_t ms;
        memset(&ms, 0, sizeof ms);
        while (*s && n < 1023) {
                wchar_t c;
                size_t k = mbrtowc(&c, s, strlen(s), &ms);
                if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
                        memset(&ms, 0, sizeof ms);
                        c = L'?';
                        k = 1;
                }
                buf[n++] = c;
                s += k;
        }
        return put_w(sc, y, x, buf, NULL, n, a, maxw);
}

/* Box drawing: Unicode in a UTF-8 locale (some terminals mangle the
 * alternate character set there), the VT100 line set otherwise. */
static void hline_at(const struct screen *sc, int y, int x, int n)
{
        if (!sc->utf8) {
                mvhline(y, x, ACS_HLINE, n);
                return;
        }
        move(y, x);
        for (int i = 0; i < n; i++)
                addnwstr(L"─", 1);
}

static void vline_at(const struct screen *sc, int y, int x, int n)
{
        if (!sc->utf8) {
                mvvline(y, x, ACS_VLINE, n);
                return;
        }
        for (int i = 0; i < n; i++)
                mvaddnwstr(y + i, x, L"│", 1);
}

static void corner_at(const struct screen *sc, int y, int x, const wchar_t *u, chtype acs)
{
        if (sc->utf8)
                mvaddnwstr(y, x, u, 1);
        else
                mvaddch(y, x, acs);
}

static void fill_row(int y, attr_t a)
{
        attrset(a);
        move(y, 0);
        for (int x = 0; x < COLS; x++)
                addch(' ');
        attrset(A_NORMAL);
}

static void rule(const struct screen *sc, int y, const char *title, bool focused)
{
        attrset(focused ? A_BOLD : A_DIM);
        hline_at(sc, y, 0, COLS);
        attrset(A_NORMAL);
        char t[256];
        snprintf(t, sizeof t, focused ? "[ %s ]" : " %s ", title);
        put_s(sc, y, 2, t, focused ? A_BOLD : A_NORMAL, COLS - 4);
}

static void load_statement(struct screen *sc, int width)
{
        if (sc->md_width == width && sc->md.lines)
                return;
        gnt_md_release(&sc->md);
        if (gnt_md_render(sc->statement ? sc->statement : "(no statement)",
                          sc->statement ? sc->statement_len : 14, width, &sc->md) == 0)
                sc->md_width = width;
        sc->st.stmt_lines = sc->md.n;
}

static void draw_header(struct screen *sc)
{
        int64_t now = now_s();
        int64_t left = gnt_session_left(sc->s, now);
        attr_t hdr = attr_for(sc, C_HEADER, A_REVERSE);
        fill_row(0, hdr);
        char right[96], d[32];
        attr_t ra = hdr | A_BOLD;
        if (sc->s->submit)
                snprintf(right, sizeof right, " SUBMITTED ");
        else if (sc->s->paused)
                snprintf(right, sizeof right, " PAUSED %s left ", gnt_session_fmt_duration(left, d, sizeof d));
        else if (left < 0)
                snprintf(right, sizeof right, " OVER by %s ", gnt_session_fmt_duration(-left, d, sizeof d));
        else
                snprintf(right, sizeof right, " %02lld:%02lld:%02lld left ", (long long)(left / 3600),
                         (long long)(left / 60 % 60), (long long)(left % 60));
        if (!sc->s->submit && left < 60)
                ra = attr_for(sc, C_CRIT, A_REVERSE | A_BLINK) | A_BOLD;
        else if (!sc->s->submit && left < 600)
                ra = attr_for(sc, C_WARN, A_REVERSE | A_BOLD) | A_BOLD;
        int rw = (int)strlen(right);
        char left_txt[512];
        const char *dot = sc->utf8 ? "·" : "-";
        snprintf(left_txt, sizeof left_txt, " %.40s %s %s %s %s", sc->loop_round ? sc->loop_round : "gauntlet", dot,
                 sc->s->mode, dot, sc->s->title);
        put_s(sc, 0, 0, left_txt, hdr | A_BOLD, COLS - rw - 1);
        if (sc->notice[0] && now < sc->notice_until) {
                int nw = (int)strlen(sc->notice) + 2;
                char n[80];
                snprintf(n, sizeof n, " %s ", sc->notice);
                put_s(sc, 0, COLS - rw - nw - 1, n, attr_for(sc, C_CRIT, A_REVERSE) | A_BOLD | A_BLINK, nw);
        }
        put_s(sc, 0, COLS - rw, right, ra, rw);
}

static void draw_statement(struct screen *sc, int top, int rows)
{
        load_statement(sc, COLS - 2);
        sc->st.page = rows;
        gnt_tui_clamp(&sc->st);
        for (int i = 0; i < rows; i++) {
                size_t k = sc->st.stmt_top + (size_t)i;
                if (k >= sc->md.n)
                        break;
                const struct gnt_md_line *l = &sc->md.lines[k];
                put_w(sc, top + i, 1, l->text, l->style, l->len, A_NORMAL, COLS - 2);
        }
        if (sc->md.n > (size_t)rows) {
                char pos[32];
                snprintf(pos, sizeof pos, " %zu%% ",
                         (sc->st.stmt_top + (size_t)rows) * 100 / (sc->md.n ? sc->md.n : 1));
                put_s(sc, top - 1, COLS - 8, pos, A_DIM, 7);
        }
}

/* A UTF-8 text (failure output, compiler errors) wrapped to width, from
 * row detail_top on. */
static void draw_text_block(struct screen *sc, const char *text, int top, int x, int rows, int width)
{
        /* Decode once to wide characters, then lay out rows by width. */
        size_t n = strlen(text), k = 0;
        wchar_t *w = malloc((n + 1) * sizeof *w);
        if (!w)
                return;
        mbstate_t ms;
        memset(&ms, 0, sizeof ms);
        for (const char *p = text; *p;) {
                size_t used = mbrtowc(&w[k], p, strlen(p), &ms);
                if (used == (size_t)-1 || used == (size_t)-2 || used == 0) {
                        memset(&ms, 0, sizeof ms);
                        w[k] = L'?';
                        used = 1;
                }
                if (w[k] == L'\t')
                        w[k] = L' ';
                k++;
                p += used;
        }
        size_t row = 0, i = 0;
        while (i < k) {
                size_t start = i;
                int cols = 0;
                while (i < k && w[i] != L'\n') {
                        int cw = wcwidth(w[i]);
                        cw = cw < 0 ? 1 : cw;
                        if (cols + cw > width)
                                break;
                        cols += cw;
                        i++;
                }
                if (row >= sc->st.detail_top && (int)(row - sc->st.detail_top) < rows)
                        put_w(sc, top + (int)(row - sc->st.detail_top), x, w + start, NULL, i - start, A_NORMAL,
                              width);
                row++;
                if (i < k && w[i] == L'\n')
                        i++;
        }
        if (sc->st.detail_top >= row)
                sc->st.detail_top = row ? row - 1 : 0;
        free(w);
}

/* The rows of the results list: the public tests, the candidate's own
 * (labelled theirs), then a row saying why theirs did not run and a row
 * with the -race build's reports, when there are. */
struct result_row {
        const char *mark, *name, *suffix;
        enum gnt_test_outcome outcome;
        const char *text, *text2; /* the detail; text2 follows after a blank line */
};

static size_t result_rows(const struct gnt_test_report *r)
{
        return r->n + r->n_own + (r->own_note ? 1 : 0) + (r->race ? 1 : 0);
}

static void result_row(const struct gnt_test_report *r, size_t k, struct result_row *ret)
{
        static const char *const marks[] = {"PASS", "FAIL", "SKIP"};
        struct result_row w = {0};
        const struct gnt_test_case *c = NULL;
        if (k < r->n)
                c = &r->cases[k];
        else if (k < r->n + r->n_own)
                c = &r->own[k - r->n], w.suffix = " (your test)";
        if (c) {
                w.mark = marks[(unsigned)c->outcome < 3 ? c->outcome : 1];
                w.name = c->name;
                w.outcome = c->outcome;
                w.text = c->output;
        } else if (r->own_note && k == r->n + r->n_own) {
                w = (struct result_row){"YOURS", "not run", NULL, GNT_TEST_SKIP, r->own_note, r->own_output};
        } else {
                w = (struct result_row){"RACE", r->races ? "data races found" : "none found",
                                        NULL, r->races ? GNT_TEST_FAIL : GNT_TEST_PASS,
                                        r->race_text ? r->race_text : "no data race reports: the public run was "
                                                                      "built with -race", NULL};
        }
        *ret = w;
}

static void draw_results(struct screen *sc, int top, int rows)
{
        sc->st.n_tests = sc->have_rep ? result_rows(&sc->rep) : 0;
        gnt_tui_clamp(&sc->st);
        if (!sc->have_rep) {
                put_s(sc, top + 1, 2, "No test run yet: press t to run the public tests.", A_DIM, COLS - 4);
                /* A mock's start page: where the practice stands. */
                for (int i = 0; i < 3 && sc->practice[i][0] && top + 3 + i < top + rows; i++)
                        put_s(sc, top + 3 + i, 2, sc->practice[i], i ? A_NORMAL : A_BOLD, COLS - 4);
                return;
        }
        /* The list is as wide as the longest name, up to half the screen. */
        int lw = 26;
        size_t nr = result_rows(&sc->rep);
        struct result_row row_of;
        for (size_t i = 0; i < nr; i++) {
                result_row(&sc->rep, i, &row_of);
                int w = (int)(strlen(row_of.name) + (row_of.suffix ? strlen(row_of.suffix) : 0)) + 8;
                if (w > lw)
                        lw = w;
        }
        if (lw > COLS * 2 / 5)
                lw = COLS * 2 / 5;
        if (strcmp(sc->rep.status, "ok") != 0 && sc->rep.n == 0) {
                put_s(sc, top, 1, strcmp(sc->rep.status, "build-failed") == 0 ? "BUILD FAILED" : "TESTS DID NOT RUN",
                      attr_for(sc, C_FAIL, A_BOLD) | A_BOLD, COLS - 2);
                draw_text_block(sc, sc->rep.message ? sc->rep.message : "", top + 1, 1, rows - 1, COLS - 2);
                return;
        }
        size_t first = sc->st.sel >= (size_t)rows ? sc->st.sel - (size_t)rows + 1 : 0;
        for (int i = 0; i < rows && first + (size_t)i < nr; i++) {
                size_t k = first + (size_t)i;
                struct result_row c;
                result_row(&sc->rep, k, &c);
                bool sel = k == sc->st.sel;
                attr_t a = c.outcome == GNT_TEST_PASS   ? attr_for(sc, C_PASS, A_NORMAL)
                           : c.outcome == GNT_TEST_FAIL ? attr_for(sc, C_FAIL, A_BOLD) | A_BOLD
                                                        : A_DIM;
                if (sel && sc->st.focus == GNT_PANE_RESULTS)
                        a |= A_REVERSE;
                char row[512];
                snprintf(row, sizeof row, "%s %s%s", c.mark, c.name, c.suffix ? c.suffix : "");
                put_s(sc, top + i, 1, row, a, lw - 2);
        }
        attrset(A_DIM);
        vline_at(sc, top, lw, rows);
        attrset(A_NORMAL);
        int dx = lw + 2, dw = COLS - dx - 1;
        if (nr == 0) {
                put_s(sc, top, dx, "no tests ran", A_DIM, dw);
                return;
        }
        struct result_row c;
        result_row(&sc->rep, sc->st.sel < nr ? sc->st.sel : nr - 1, &c);
        char *both = NULL;
        if (c.text && c.text2 && asprintf(&both, "%s\n\n%s", c.text, c.text2) >= 0)
                c.text = both;
        if (c.text && *c.text)
                draw_text_block(sc, c.text, top, dx, rows, dw);
        else
                put_s(sc, top, dx, c.outcome == GNT_TEST_PASS ? "passed" : "no output", A_DIM, dw);
        free(both);
}

static void draw_status(struct screen *sc)
{
        int y = LINES - 1;
        const char *dot = sc->utf8 ? "·" : "-";
        fill_row(y, A_REVERSE);
        char buf[256];
        if (sc->job != JOB_NONE) {
                static const char spin[] = "|/-\\";
                struct timespec t;
                clock_gettime(CLOCK_MONOTONIC, &t);
                long el = (long)(t.tv_sec - sc->job_t0.tv_sec);
                snprintf(buf, sizeof buf, " %c %s in the sandbox... %lds   (q leaves; the run finishes)",
                         spin[(t.tv_nsec / 250000000) % 4],
                         sc->job != JOB_TEST ? "grading"
                         : sc->job_race     ? "running the public tests with -race"
                                            : "running the public tests",
                         el);
        } else if (sc->s->submit && sc->loop_next) {
                /* an interview loop: what matters now is going on */
                snprintf(buf, sizeof buf, " submitted %s n next: %.40s %s %sl log %s q quit", dot, sc->loop_next, dot,
                         sc->have_db ? (sc->utf8 ? "d debrief · " : "d debrief - ") : "", dot);
        } else if (sc->s->submit) {
                snprintf(buf, sizeof buf, " submitted %s %s%sl log %s ? help %s q quit", dot,
                         sc->have_db ? (sc->utf8 ? "d debrief · " : "d debrief - ") : "",
                         sc->st.n_followups ? (sc->utf8 ? "f follow-up questions · " : "f follow-up questions - ") : "",
                         dot, dot);
        } else if (sc->warming) {
                /* the keys that matter first, so it fits in 80 columns */
                snprintf(buf, sizeof buf, " %s %s e edit %s t test %s s submit %s ? help %s q quit",
                         sc->utf8 ? "warming the build cache…" : "warming the build cache...", dot, dot, dot, dot, dot);
        } else {
                snprintf(buf, sizeof buf, " e edit %s t test %s s submit %s l log%s%s %s Tab pane %s ? help %s q quit", dot,
                         dot, dot, sc->s->mock ? (sc->utf8 ? " · " : " - ") : "",
                         sc->s->mock ? (sc->s->paused ? "p continue" : "p pause") : "", dot, dot, dot);
        }
        put_s(sc, y, 0, buf, A_REVERSE, COLS);
}

static void draw_box(struct screen *sc, const char *title, char **lines, size_t n, size_t top)
{
        int h = LINES - 4, w = COLS - 6, y0 = 2, x0 = 3;
        for (int y = 0; y < h; y++) {
                move(y0 + y, x0);
                for (int x = 0; x < w; x++)
                        addch(' ');
        }
        attrset(A_BOLD);
        hline_at(sc, y0, x0, w);
        hline_at(sc, y0 + h - 1, x0, w);
        vline_at(sc, y0, x0, h);
        vline_at(sc, y0, x0 + w - 1, h);
        corner_at(sc, y0, x0, L"┌", ACS_ULCORNER);
        corner_at(sc, y0, x0 + w - 1, L"┐", ACS_URCORNER);
        corner_at(sc, y0 + h - 1, x0, L"└", ACS_LLCORNER);
        corner_at(sc, y0 + h - 1, x0 + w - 1, L"┘", ACS_LRCORNER);
        attrset(A_NORMAL);
        char t[256];
        snprintf(t, sizeof t, " %s ", title);
        put_s(sc, y0, x0 + 2, t, A_BOLD, w - 4);
        sc->st.overlay_lines = n;
        sc->st.page = h - 2;
        gnt_tui_clamp(&sc->st);
        for (int i = 0; i < h - 2 && top + (size_t)i < n; i++)
                put_s(sc, y0 + 1 + i, x0 + 2, lines[top + (size_t)i], A_NORMAL, w - 4);
}

static attr_t debrief_attr(const struct screen *sc, enum gnt_debrief_style st)
{
        switch (st) {
        case GNT_DL_HEAD: return attr_for(sc, C_HEADING, A_UNDERLINE) | A_BOLD;
        case GNT_DL_PASS: return attr_for(sc, C_PASS, A_NORMAL);
        case GNT_DL_FAIL: return attr_for(sc, C_FAIL, A_BOLD) | A_BOLD;
        case GNT_DL_MARK: return attr_for(sc, C_CODE, A_REVERSE) | A_BOLD;
        case GNT_DL_CODE: return attr_for(sc, C_CODE, A_BOLD);
        case GNT_DL_ADD: return attr_for(sc, C_PASS, A_BOLD);
        case GNT_DL_DEL: return attr_for(sc, C_FAIL, A_UNDERLINE);
        case GNT_DL_DIM: return A_DIM;
        default: return A_NORMAL;
        }
}

/* The debrief over the whole screen: a title row, the wrapped lines, a
 * row of keys with how far down the view is. */
static void draw_debrief(struct screen *sc)
{
        erase();
        gnt_tui_debrief_wrap(sc, COLS - 1);
        const char *dot = sc->utf8 ? "·" : "-";
        char t[512];
        snprintf(t, sizeof t, " Grading report (%s): your debrief %s score %.2f / 100", sc->s->id, dot, sc->db.e.score);
        fill_row(0, A_REVERSE);
        put_s(sc, 0, 0, t, A_REVERSE | A_BOLD, COLS);
        int rows = LINES - 2;
        sc->st.overlay_lines = sc->n_db_rows;
        sc->st.page = rows;
        gnt_tui_clamp(&sc->st);
        for (int i = 0; i < rows && sc->st.overlay_top + (size_t)i < sc->n_db_rows; i++) {
                const struct gnt_tui_row *r = &sc->db_rows[sc->st.overlay_top + (size_t)i];
                const struct gnt_debrief_line *l = &sc->db_lines.v[r->line];
                char buf[1024];
                snprintf(buf, sizeof buf, "%s%.*s", r->off ? "    " : "", (int)r->len, l->text + r->off);
                put_s(sc, 1 + i, 0, buf, debrief_attr(sc, l->style), COLS - 1);
        }
        size_t end = sc->st.overlay_top + (size_t)rows;
        char next[64] = "";
        if (sc->loop_next && sc->job == JOB_NONE)
                snprintf(next, sizeof next, "n next: %.40s %s ", sc->loop_next, dot);
        snprintf(t, sizeof t, " Up/Down PgUp/PgDn g/G %s %s%sq %s   %zu%%", dot, next,
                 sc->st.n_followups ? (sc->utf8 ? "f follow-ups · " : "f follow-ups - ") : "",
                 sc->st.fu_pending ? "the interviewer's questions" : "close",
                 sc->n_db_rows ? (end > sc->n_db_rows ? sc->n_db_rows : end) * 100 / sc->n_db_rows : 100);
        fill_row(LINES - 1, A_REVERSE);
        put_s(sc, LINES - 1, 0, t, A_REVERSE, COLS);
        refresh();
}

char **gnt_tui_lines_split(const char *text, size_t *ret_n)
{
        size_t n = 1;
        for (const char *p = text; *p; p++)
                n += *p == '\n';
        char **v = calloc(n + 1, sizeof *v);
        if (!v)
                return NULL;
        size_t k = 0;
        const char *p = text;
        while (k < n) {
                const char *nl = strchr(p, '\n');
                size_t len = nl ? (size_t)(nl - p) : strlen(p);
                v[k++] = strndup(p, len);
                if (!nl)
                        break;
                p = nl + 1;
        }
        *ret_n = k;
        return v;
}

void gnt_tui_lines_free(char **v, size_t n)
{
        for (size_t i = 0; v && i < n; i++)
                free(v[i]);
        free(v);
}

#define HELP_FMT \
        "e          edit: $VISUAL, else $EDITOR, else vi, on %s\n" \
        "t          run the public tests in the sandbox, and your own\n" \
        "           *_test.go beside them (shown as yours, never graded)\n" \
        "r          the public tests built with -race: in mock sessions and\n" \
        "           take-homes whose problem allows it (here: %s)\n" \
        "s          submit (asks first): seals the submission archive\n" \
        "l          the timeline: every test run and snapshot\n" \
        "p          pause / continue the clock (mock sessions only)\n" \
        "f          follow-up questions (a graded mock, after submit)\n" \
        "d          the debrief (a graded mock, after submit): evidence,\n" \
        "           the reference, the mistakes the problem catches\n" \
        "n          an interview loop: the next round (after submit)\n" \
        "Tab        switch between the statement and the results\n" \
        "Up/Down    scroll the statement / select a test\n" \
        "PgUp/PgDn  page the statement / the selected test's output\n" \
        "Home/End   top / bottom; the mouse wheel scrolls a pane\n" \
        "?          this help\n" \
        "q          leave: the session and its clock keep running;\n" \
        "           'gauntlet resume' comes back\n" \
        "\n" \
        "Your code is in %s\n" \
        "Each test run and the submit record a snapshot in the\n" \
        "session's journal."

static char **help_lines(const struct screen *sc, size_t *n)
{
        char file[PATH_MAX], what[PATH_MAX + 16], text[sizeof HELP_FMT + 4 * PATH_MAX], why[256];
        if (gnt_session_main_file(sc->s, file, sizeof file) == 0)
                snprintf(what, sizeof what, "code/%s", file);
        else
                snprintf(what, sizeof what, "the workspace");
        /* which sessions may, and whether this one does */
        const char *race = gnt_session_race_allowed(sc->s, why, sizeof why) == 0 ? "yes"
                           : sc->s->mock ? "no, I/O tests"
                                         : "no, not allowed";
        snprintf(text, sizeof text, HELP_FMT, what, race, sc->s->code);
        return gnt_tui_lines_split(text, n);
}

void gnt_tui_draw(struct screen *sc)
{
        erase();
        if (LINES < 24 || COLS < 80) {
                char m[128];
                snprintf(m, sizeof m, "terminal too small: %dx%d, gauntlet needs at least 80x24", COLS, LINES);
                put_s(sc, LINES / 2, 0, m, A_BOLD, COLS);
                put_s(sc, LINES / 2 + 1, 0, "enlarge the window, or press q to leave", A_NORMAL, COLS);
                refresh();
                return;
        }
        if (sc->st.overlay == GNT_OVERLAY_DEBRIEF && sc->have_db) {
                draw_debrief(sc);
                return;
        }
        draw_header(sc);
        int mid = LINES - 2; /* rows 1 .. LINES-2 */
        int stmt_rows = (mid - 2) * 55 / 100;
        sc->split_y = 1 + 1 + stmt_rows;
        rule(sc, 1, "Statement", sc->st.focus == GNT_PANE_STATEMENT);
        draw_statement(sc, 2, stmt_rows);
        char rt[256] = "Results";
        if (sc->have_rep) {
                size_t np, nf, ns;
                char tb[16];
                time_t tt = (time_t)sc->rep.time;
                struct tm tm;
                gmtime_r(&tt, &tm);
                strftime(tb, sizeof tb, "%H:%M:%S", &tm);
                gnt_test_report_counts(&sc->rep, &np, &nf, &ns);
                snprintf(rt, sizeof rt, "Results: %zu passed, %zu failed (run %u at %s UTC)", np, nf, sc->s->n_tests,
                         tb);
        }
        rule(sc, sc->split_y, rt, sc->st.focus == GNT_PANE_RESULTS);
        int res_rows = LINES - 2 - sc->split_y;
        draw_results(sc, sc->split_y + 1, res_rows);
        if (sc->st.focus == GNT_PANE_STATEMENT)
                sc->st.page = stmt_rows;
        draw_status(sc);
        char **lines;
        size_t n;
        switch (sc->st.overlay) {
        case GNT_OVERLAY_HELP:
                lines = help_lines(sc, &n);
                if (lines)
                        draw_box(sc, "Keys (any other key closes)", lines, n, sc->st.overlay_top);
                gnt_tui_lines_free(lines, n);
                break;
        case GNT_OVERLAY_LOG:
                draw_box(sc, "Timeline (Up/Down/PgUp/PgDn; any other key closes)", sc->log, sc->n_log,
                         sc->st.overlay_top);
                break;
        case GNT_OVERLAY_CONFIRM_SUBMIT: {
                char q[256];
                int64_t left = gnt_session_left(sc->s, now_s());
                char d[32];
                snprintf(q, sizeof q, "Submit now? %s  [y/N]",
                         left < 0 ? "(past the deadline: it will be marked late)"
                                  : "Your code is sealed; no more changes.");
                (void)d;
                int w = (int)strlen(q) + 4, y = LINES / 2, x = (COLS - w) / 2;
                fill_row(y - 1, A_NORMAL);
                attrset(attr_for(sc, C_WARN, A_REVERSE) | A_BOLD);
                move(y, x > 0 ? x : 0);
                for (int i = 0; i < w && i < COLS; i++)
                        addch(' ');
                put_s(sc, y, (x > 0 ? x : 0) + 2, q, attr_for(sc, C_WARN, A_REVERSE) | A_BOLD, COLS - 2);
                break;
        }
        case GNT_OVERLAY_FOLLOWUPS: {
                char title[256];
                lines = gnt_tui_followup_lines(sc, COLS - 10, title, sizeof title, &n);
                if (lines)
                        draw_box(sc, title, lines, n, sc->st.overlay_top);
                gnt_tui_lines_free(lines, n);
                break;
        }
        case GNT_OVERLAY_MESSAGE:
                lines = gnt_tui_lines_split(sc->st.message, &n);
                if (lines)
                        draw_box(sc, "gauntlet (any key closes)", lines, n, 0);
                gnt_tui_lines_free(lines, n);
                break;
        default:
                break;
        }
        refresh();
}

void gnt_tui_colors_init(struct screen *sc)
{
        sc->colors = has_colors() && start_color() == OK;
        if (!sc->colors)
                return;
        use_default_colors();
        init_pair(C_HEADER, COLOR_WHITE, COLOR_BLUE);
        init_pair(C_WARN, COLOR_BLACK, COLOR_YELLOW);
        init_pair(C_CRIT, COLOR_WHITE, COLOR_RED);
        init_pair(C_PASS, COLOR_GREEN, -1);
        init_pair(C_FAIL, COLOR_RED, -1);
        init_pair(C_HEADING, COLOR_CYAN, -1);
        init_pair(C_CODE, COLOR_YELLOW, -1);
        init_pair(C_KEY, COLOR_BLACK, COLOR_WHITE);
}
