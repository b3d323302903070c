/* screen.h — the screen's own state, shared by the drawing code (draw.c)
 * and the main loop (tui.c).  Internal to runner/tui. */
#ifndef GAUNTLET_TUI_SCREEN_H
#define GAUNTLET_TUI_SCREEN_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "markdown.h"
#include "review/debrief.h"
#include "session/questions.h"
#include "session/testrun.h"
#include "state.h"

/* Colour pairs. */
enum { C_HEADER = 1, C_WARN, C_CRIT, C_PASS, C_FAIL, C_HEADING, C_CODE, C_KEY };

/* What the child process is doing. */
enum job_kind { JOB_NONE, JOB_TEST, JOB_GRADE };

/* A screen row of a wrapped text line: line index, byte offset, length. */
struct gnt_tui_row {
        size_t line, off, len;
};

struct screen {
        struct gnt_session *s;
        struct gnt_tui_state st;
        struct gnt_md_doc md;
        int md_width;
        char *statement;
        size_t statement_len;
        struct gnt_test_report rep;
        bool have_rep;
        char **log;
        size_t n_log;
        bool colors, utf8;
        /* The running job. */
        enum job_kind job;
        bool job_race;          /* a JOB_TEST built with -race */
        pid_t pid;
        int pipe_fd;
        char *job_out;
        size_t job_out_len;
        struct timespec job_t0;
        /* Countdown notices. */
        int64_t prev_left;
        char notice[64];
        int64_t notice_until;
        off_t journal_size;
        /* The build cache is warming in the background (graders/warm.h). */
        bool warming;
        int split_y;
        /* Mock sessions: the practice history in three lines (empty when
         * there is none), shown until the first test run. */
        char practice[3][160];
        /* A graded mock's follow-up questions (followups.c). */
        struct gnt_session_followups fu;
        bool have_fu;
        /* A graded mock's debrief (debrief.c): the model, its lines, and
         * those lines wrapped to db_width columns. */
        struct gnt_debrief db;
        struct gnt_debrief_lines db_lines;
        bool have_db;
        char db_html[PATH_MAX + 32];
        struct gnt_tui_row *db_rows;
        size_t n_db_rows;
        int db_width;
        /* An interview loop's round with another after it ("round 1 of 3"). */
        const char *loop_next;
        const char *loop_round; /* "round 1 of 3", or NULL */
};

/* Draw the whole screen from sc (the only function that draws). */
void gnt_tui_draw(struct screen *sc);
/* Set up colours when the terminal has them (sc->colors says). */
void gnt_tui_colors_init(struct screen *sc);
/* Split text at newlines into a NULL-terminated heap array; *ret_n lines. */
char **gnt_tui_lines_split(const char *text, size_t *ret_n);
void gnt_tui_lines_free(char **v, size_t n);

/* Follow-up questions (followups.c).  In the grading child, after the
 * report: a NUL byte and the escape analysis, when a question needs it. */
void gnt_tui_followups_child(FILE *out, const struct gnt_session *s);
/* Load sc's follow-ups from the session's grading part (a submitted mock
 * only), the evidence from what follows the NUL in the child's output. */
void gnt_tui_followups_load(struct screen *sc, const char *job_out, size_t job_out_len);
/* The selected question, its evidence and (revealed) model answer as lines
 * of at most width columns for the box; its title into title.  NULL when
 * there is nothing to show.  Free with gnt_tui_lines_free. */
char **gnt_tui_followup_lines(const struct screen *sc, int width, char *title, size_t title_size, size_t *ret_n);

/* The debrief (debrief.c): load it from the session's report.json (a
 * submitted mock only; false when there is none), release it, and wrap its
 * lines to width columns into sc->db_rows (kept until the width changes). */
bool gnt_tui_debrief_load(struct screen *sc);
void gnt_tui_debrief_release(struct screen *sc);
void gnt_tui_debrief_wrap(struct screen *sc, int width);

#endif
