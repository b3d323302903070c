/* screen.h — the screen's own state, shared by the drawing code (draw.c)
 * and the main loop (tui.c).  Internal to runner/tui. */
#ifndef GAUNTLET_TUI_SCREEN_H
#define GAUNTLET_TUI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "markdown.h"
#include "session/questions.h"
#include "session/testrun.h"
#include "state.h"

/* Colour pairs. */
enum { C_HEADER = 1, C_WARN, C_CRIT, C_PASS, C_FAIL, C_HEADING, C_CODE, C_KEY };

/* What the child process is doing. */
enum job_kind { JOB_NONE, JOB_TEST, JOB_GRADE };

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

#endif
