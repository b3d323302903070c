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
        int split_y;
};

/* Draw the whole screen from sc (the only function that draws). */
void gnt_tui_draw(struct screen *sc);
/* Set up colours when the terminal has them (sc->colors says). */
void gnt_tui_colors_init(struct screen *sc);
/* Split text at newlines into a NULL-terminated heap array; *ret_n lines. */
char **gnt_tui_lines_split(const char *text, size_t *ret_n);
void gnt_tui_lines_free(char **v, size_t n);

#endif
