/* tui.c — the main loop of the session screen: keys to actions, tests and
 * grading in a child process (so the countdown keeps ticking), the editor,
 * submit, countdown notices.  draw.c draws; keys.c maps keys to actions. */
#include "tui.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "grade.h"
#include "warm.h"
#include "session/cmdline.h"
#include "session/publicrun.h"
#include "session/workspace.h"
#include "session/history.h"
#include "review/debrief.h"
#include "library.h"
#include "paths.h"
#include "screen.h"
#include "sbx_file.h"

static int64_t now_s(void)
{
        return (int64_t)time(NULL);
}

static void load_report(struct screen *sc)
{
        if (sc->have_rep)
                gnt_test_report_release(&sc->rep);
        sc->have_rep = false;
        char err[256];
        if (sc->s->last_test && gnt_session_test_report(sc->s, sc->s->last_test, &sc->rep, err, sizeof err) == 0) {
                sc->have_rep = true;
                /* the candidate's own tests and -race reports of that run */
                gnt_session_test_extras_load(sc->s, &sc->rep);
        }
        sc->st.sel = 0;
        sc->st.detail_top = 0;
        /* Select the first failure: that is what the candidate wants to read. */
        for (size_t i = 0; sc->have_rep && i < sc->rep.n; i++)
                if (sc->rep.cases[i].outcome == GNT_TEST_FAIL) {
                        sc->st.sel = i;
                        break;
                }
}

static void sync_state(struct screen *sc)
{
        sc->st.mock = sc->s->mock;
        sc->st.submitted = sc->s->submit != NULL;
        sc->st.paused = sc->s->paused;
        sc->st.running = sc->job != JOB_NONE;
        struct stat st;
        sc->journal_size = stat(sc->s->journal, &st) == 0 ? st.st_size : 0;
}

/* Reload the session from its journal (after a child or another command
 * wrote to it). */
static void reload(struct screen *sc)
{
        struct gnt_session fresh;
        char err[512];
        if (gnt_session_open(sc->s->root, 0, &fresh, err, sizeof err) < 0)
                return;
        unsigned before = sc->s->n_tests;
        gnt_session_release(sc->s);
        *sc->s = fresh;
        if (sc->s->n_tests != before || !sc->have_rep)
                load_report(sc);
        sync_state(sc);
}

/* The practice history of this machine in three lines, for a mock's
 * start page (nothing when there is none or it cannot be read). */
static void load_practice(struct screen *sc)
{
        char dir[PATH_MAX], err[256];
        struct gnt_history h;
        if (!sc->s->mock || gnt_history_dir(dir, sizeof dir) < 0 ||
            gnt_history_load(dir, &h, NULL, NULL, err, sizeof err) < 0)
                return;
        struct gnt_library lib = {0};
        const char *libdir = gnt_path_problems();
        if (!libdir || gnt_library_scan(libdir, &lib, err, sizeof err) < 0)
                lib.n = 0;
        struct gnt_history_summary sum;
        if (h.n > 0 && gnt_history_summarise(&h, &lib, NULL, &sum) == 0) {
                size_t graded = 0;
                for (size_t i = 0; i < h.n; i++)
                        graded += h.r[i].graded;
                snprintf(sc->practice[0], sizeof sc->practice[0], "Your practice: %zu mock session%s, %zu graded",
                         h.n, h.n == 1 ? "" : "s", graded);
                for (size_t i = 0; i < sum.n_areas && sum.weakest; i++)
                        if (strcmp(sum.areas[i].name, sum.weakest) == 0)
                                snprintf(sc->practice[1], sizeof sc->practice[1],
                                         "Weakest area: %s (mean %.0f over its last %zu)", sum.weakest,
                                         sum.areas[i].mean, sum.areas[i].n_last);
                if (sum.next_id)
                        snprintf(sc->practice[sc->practice[1][0] ? 2 : 1], sizeof sc->practice[2],
                                 "Next to practise: %.60s (gauntlet history)", sum.next_id);
                gnt_history_summary_release(&sum);
        }
        gnt_library_release(&lib);
        gnt_history_release(&h);
}

static void message(struct screen *sc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void message(struct screen *sc, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(sc->st.message, sizeof sc->st.message, fmt, ap);
        va_end(ap);
        sc->st.overlay = GNT_OVERLAY_MESSAGE;
}

static void start_job(struct screen *sc, enum job_kind kind)
{
        int p[2];
        if (pipe2(p, O_CLOEXEC) < 0) {
                message(sc, "cannot start: %s", strerror(errno));
                return;
        }
        pid_t pid = fork();
        if (pid < 0) {
                close(p[0]);
                close(p[1]);
                message(sc, "cannot start: %s", strerror(errno));
                return;
        }
        if (pid == 0) {
                /* The child never touches the terminal: the parent owns it. */
                int null = open("/dev/null", O_RDWR | O_CLOEXEC);
                if (null >= 0) {
                        dup2(null, STDIN_FILENO);
                        dup2(null, STDOUT_FILENO);
                        dup2(null, STDERR_FILENO);
                }
                FILE *out = fdopen(p[1], "w");
                struct gnt_session s;
                char err[1024];
                int code = 0;
                if (gnt_session_open(sc->s->root, GNT_SESSION_REPAIR, &s, err, sizeof err) < 0) {
                        fprintf(out, "%s\n", err);
                        code = 2;
                } else if (kind == JOB_TEST) {
                        struct gnt_test_report rep;
                        if (gnt_session_test_public(&s, sc->job_race, &rep, err, sizeof err) < 0) {
                                fprintf(out, "%s\n", err);
                                code = 2;
                        } else {
                                gnt_test_report_release(&rep);
                        }
                } else {
                        struct grd_report rep;
                        memset(&rep, 0, sizeof rep);
                        if (gnt_session_grade(&s, &rep, err, sizeof err) < 0) {
                                fprintf(out, "cannot grade: %s\n", err);
                                code = 2;
                        } else {
                                gnt_session_grade_print(out, &rep);
                                if (gnt_session_keep_grading(&s, &rep, err, sizeof err) < 0)
                                        fprintf(out, "\n(%s)\n", err);
                                if (gnt_debrief_keep(&s, &rep, err, sizeof err) < 0)
                                        fprintf(out, "\n(no debrief: %s)\n", err);
                                gnt_session_grade_release(&rep);
                                gnt_tui_followups_child(out, &s);
                        }
                }
                fflush(out);
                _exit(code);
        }
        close(p[1]);
        fcntl(p[0], F_SETFL, O_NONBLOCK);
        sc->pipe_fd = p[0];
        sc->pid = pid;
        sc->job = kind;
        free(sc->job_out);
        sc->job_out = NULL;
        sc->job_out_len = 0;
        clock_gettime(CLOCK_MONOTONIC, &sc->job_t0);
        sync_state(sc);
}

static void drain_job(struct screen *sc)
{
        char buf[4096];
        ssize_t n;
        while ((n = read(sc->pipe_fd, buf, sizeof buf)) > 0) {
                if (sc->job_out_len > 65536)
                        continue;
                char *nb = realloc(sc->job_out, sc->job_out_len + (size_t)n + 1);
                if (!nb)
                        return;
                sc->job_out = nb;
                memcpy(sc->job_out + sc->job_out_len, buf, (size_t)n);
                sc->job_out_len += (size_t)n;
                sc->job_out[sc->job_out_len] = '\0';
        }
}

/* Returns true when the job ended. */
static bool poll_job(struct screen *sc)
{
        if (sc->job == JOB_NONE)
                return false;
        drain_job(sc);
        int ws;
        pid_t r = waitpid(sc->pid, &ws, WNOHANG);
        if (r == 0)
                return false;
        drain_job(sc);
        close(sc->pipe_fd);
        enum job_kind kind = sc->job;
        sc->job = JOB_NONE;
        reload(sc);
        bool ok = r == sc->pid && WIFEXITED(ws) && WEXITSTATUS(ws) == 0;
        if (kind == JOB_TEST && !ok) {
                message(sc, "the tests could not run:\n%s", sc->job_out ? sc->job_out : "the run was interrupted");
        } else if (kind == JOB_TEST) {
                sc->st.focus = GNT_PANE_RESULTS;
        } else {
                char path[PATH_MAX];
                gnt_session_archive_path(sc->s, path);
                gnt_tui_followups_load(sc, sc->job_out, sc->job_out_len);
                sc->st.fu_pending = ok && sc->st.n_followups > 0;
                if (ok && gnt_tui_debrief_load(sc)) { /* the whole report, where the summary was */
                        sc->st.overlay = GNT_OVERLAY_DEBRIEF;
                        sc->st.overlay_top = 0;
                        sync_state(sc);
                        return true;
                }
                message(sc, "Grading report (%s)\n\n%s\nSubmission: %s%s", sc->s->id,
                        sc->job_out ? sc->job_out : "no report\n", path,
                        sc->st.fu_pending ? "\n\nThe interviewer has follow-up questions: press any key." : "");
        }
        sync_state(sc);
        return true;
}

static void run_editor(struct screen *sc)
{
        const char *ed = getenv("VISUAL");
        if (!ed || !*ed)
                ed = getenv("EDITOR");
        if (!ed || !*ed)
                ed = "vi";
        def_prog_mode();
        endwin();
        pid_t pid = fork();
        if (pid == 0) {
                if (chdir(sc->s->code) < 0)
                        _exit(127);
                /* The file the candidate completes, else the folder.
                 * Through the shell, so EDITOR="code -w" works. */
                char file[PATH_MAX];
                if (gnt_session_main_file(sc->s, file, sizeof file) < 0)
                        snprintf(file, sizeof file, ".");
                execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", ed, file, (char *)NULL);
                _exit(127);
        }
        int ws = 0;
        if (pid > 0)
                while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
                        ;
        reset_prog_mode();
        clearok(stdscr, TRUE);
        refresh();
        if (pid < 0 || !WIFEXITED(ws) || WEXITSTATUS(ws) == 127)
                message(sc, "cannot run the editor '%s' (set $VISUAL or $EDITOR)", ed);
}

static void do_submit(struct screen *sc)
{
        char path[PATH_MAX], err[1024];
        int r = gnt_session_submit(sc->s, path, err, sizeof err);
        sync_state(sc);
        if (r < 0 && r != -EALREADY) {
                message(sc, "submit failed: %s", err);
                return;
        }
        const struct gnt_entry_submit *sub = &sc->s->submit->d.u.submit;
        char d[32];
        char extra[128] = "on time";
        if (sub->late)
                snprintf(extra, sizeof extra, "LATE by %s", gnt_session_fmt_duration(sub->overrun_s, d, sizeof d));
        if (sc->s->grading) {
                message(sc, "Submitted (%s):\n%s\n\nGrading with the full test suite; the report opens here.", extra,
                        path);
                start_job(sc, JOB_GRADE);
        } else {
                /* A mock without grading parts is still practice: recorded. */
                char herr[512];
                if (sc->s->mock && gnt_session_keep_grading(sc->s, NULL, herr, sizeof herr) < 0)
                        message(sc, "Submitted (%s):\n%s\n\n(%s)", extra, path, herr);
                else
                        message(sc, "Submitted (%s). Send this file:\n%s\n\nCheck it with: gauntlet verify %s",
                                extra, path, path);
        }
}

static void open_log(struct screen *sc)
{
        gnt_tui_lines_free(sc->log, sc->n_log);
        sc->log = calloc(sc->s->j.n + 1, sizeof *sc->log);
        sc->n_log = 0;
        if (!sc->log)
                return;
        for (size_t i = 0; i < sc->s->j.n; i++) {
                char line[512];
                sc->log[sc->n_log++] = strdup(gnt_session_describe(sc->s, i, line, sizeof line));
        }
        char *more = NULL;
        if (sc->have_db && asprintf(&more, "debrief: %s (d opens it here)", sc->db_html) > 0) {
                char **nv = realloc(sc->log, (sc->n_log + 2) * sizeof *nv);
                if (nv) {
                        sc->log = nv;
                        sc->log[sc->n_log++] = more;
                        more = NULL;
                }
        }
        free(more);
        sc->st.overlay = GNT_OVERLAY_LOG;
        sc->st.overlay_top = 0;
}

static void check_notices(struct screen *sc)
{
        static const int64_t marks[] = {600, 300, 60};
        int64_t left = gnt_session_left(sc->s, now_s());
        if (!sc->s->submit && !sc->s->paused)
                for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
                        if (sc->prev_left > marks[i] && left <= marks[i]) {
                                snprintf(sc->notice, sizeof sc->notice, "%lld MINUTE%s LEFT",
                                         (long long)(marks[i] / 60), marks[i] == 60 ? "" : "S");
                                sc->notice_until = now_s() + 8;
                                flash();
                        }
        sc->prev_left = left;
}


/* What a key's action does; true when the screen is to close. */
static bool act(struct screen *sc, enum gnt_tui_action a, struct gnt_tui_exit *ret)
{
        char err[512];
        switch (a) {
        case GNT_TUI_QUIT:
                return true;
        case GNT_TUI_NEXT_ROUND:
                ret->next_round = true;
                return true;
        case GNT_TUI_RUN_TESTS:
                sc->job_race = false;
                start_job(sc, JOB_TEST);
                break;
        case GNT_TUI_RUN_RACE:
                if (gnt_session_race_allowed(sc->s, err, sizeof err) < 0) {
                        message(sc, "No -race run: %s.", err);
                        break;
                }
                sc->job_race = true;
                start_job(sc, JOB_TEST);
                break;
        case GNT_TUI_EDIT:
                run_editor(sc);
                break;
        case GNT_TUI_SUBMIT:
                do_submit(sc);
                break;
        case GNT_TUI_PAUSE:
                if (gnt_session_pause(sc->s, !sc->s->paused, err, sizeof err) < 0)
                        message(sc, "%s", err);
                sync_state(sc);
                if (sc->s->paused)
                        message(sc, "Paused: the clock is stopped; editing and test runs wait.\n\n"
                                    "Press p to continue the clock (any other key closes this).");
                break;
        case GNT_TUI_PAUSED:
                message(sc, "The session is paused: the clock is stopped, so nothing can be edited\n"
                            "or run.  Press p to continue the clock first.");
                break;
        case GNT_TUI_SHOW_LOG:
                reload(sc);
                open_log(sc);
                break;
        default:
                break;
        }
        return false;
}

int gnt_tui_run(struct gnt_session *s, const struct gnt_tui_cb *cb, struct gnt_tui_exit *ret, char *ret_err,
                size_t ret_errsz)
{
        struct screen sc;
        memset(&sc, 0, sizeof sc);
        sc.s = s;
        sc.pipe_fd = -1;
        setlocale(LC_ALL, "");
        const char *cs = nl_langinfo(CODESET);
        sc.utf8 = cs && strcmp(cs, "UTF-8") == 0;
        char path[PATH_MAX + 32];
        snprintf(path, sizeof path, "%s/statement.md", s->root);
        if (sbx_file_read(path, (size_t)1 << 20, 0, &sc.statement, &sc.statement_len) < 0)
                sc.statement = NULL;
        *ret = (struct gnt_tui_exit){0};
        if (!initscr()) {
                free(sc.statement);
                const char *term = getenv("TERM");
                return sbx_errf(ret_err, ret_errsz, -ENOTTY, "cannot use this terminal ($TERM='%.64s')", term ? term : "");
        }
        cbreak();
        noecho();
        keypad(stdscr, TRUE);
        curs_set(0);
        set_escdelay(25);
        timeout(250);
        mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
        gnt_tui_colors_init(&sc);
        load_report(&sc);
        if (s->submit) {
                gnt_tui_followups_load(&sc, NULL, 0); /* a graded mock reopened: f shows them */
                if (gnt_tui_debrief_load(&sc)) /* and it opens on its debrief */
                        sc.st.overlay = GNT_OVERLAY_DEBRIEF;
        }
        load_practice(&sc);
        sc.loop_next = cb ? cb->loop_next : NULL;
        sc.loop_round = cb ? cb->loop_round : NULL;
        sc.st.loop_next = sc.loop_next != NULL;
        sync_state(&sc);
        sc.prev_left = gnt_session_left(s, now_s());
        sc.warming = grd_warm_running(s->meta);
        bool quit = false;
        gnt_tui_draw(&sc);
        while (!quit) {
                int key = getch();
                enum gnt_tui_action a = GNT_TUI_REDRAW;
                if (key == KEY_MOUSE) {
                        MEVENT ev;
                        a = GNT_TUI_NONE;
                        if (getmouse(&ev) == OK && (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)))
                                a = gnt_tui_wheel(&sc.st, ev.bstate & BUTTON4_PRESSED ? -1 : 1, ev.y, sc.split_y);
                } else if (key != ERR) {
                        if (LINES < 24 || COLS < 80)
                                a = (key == 'q' || key == 'Q') ? GNT_TUI_QUIT : GNT_TUI_REDRAW;
                        else
                                a = gnt_tui_key(&sc.st, key);
                }
                if (act(&sc, a, ret))
                        quit = true;
                poll_job(&sc);
                sc.warming = grd_warm_running(s->meta); /* a lock test: never waits */
                if (sc.job == JOB_NONE) {
                        struct stat st;
                        if (stat(s->journal, &st) == 0 && st.st_size != sc.journal_size)
                                reload(&sc); /* another command recorded something */
                }
                check_notices(&sc);
                gnt_tui_draw(&sc);
        }
        endwin();
        if (sc.job != JOB_NONE) {
                /* Let a test run finish and record itself; a grading report
                 * would have nobody to read it. */
                if (sc.job == JOB_GRADE)
                        kill(sc.pid, SIGTERM);
                else if (cb && cb->waiting)
                        cb->waiting(cb->ctx);
                waitpid(sc.pid, NULL, 0);
                close(sc.pipe_fd);
        }
        if (sc.have_db)
                snprintf(ret->debrief, sizeof ret->debrief, "%s", sc.db_html);
        gnt_md_release(&sc.md);
        if (sc.have_fu)
                gnt_session_followups_release(&sc.fu);
        gnt_tui_debrief_release(&sc);
        free(sc.statement);
        free(sc.job_out);
        gnt_tui_lines_free(sc.log, sc.n_log);
        if (sc.have_rep)
                gnt_test_report_release(&sc.rep);
        return 0;
}
