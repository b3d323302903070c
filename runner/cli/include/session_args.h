/* session_args.h — the command lines of the session commands `gauntlet
 * start`, `test`, `submit`, `resume`, `status` and `log`, parsed apart from the commands so
 * they can be tested on their own (as run_args.h and grade_args.h).  Each
 * parser takes argv with argv[0] the command's name (getopt's state is
 * reset), fills *ret with strings pointing into argv and returns 0, or -1
 * with one line in err saying what is wrong (printed after "gauntlet
 * CMD: "); *ret is then untouched. */
#ifndef GAUNTLET_SESSION_ARGS_H
#define GAUNTLET_SESSION_ARGS_H

#include <stdbool.h>
#include <stddef.h>

/* `gauntlet start [BUNDLE|DIR] [options]` */
struct gnt_start_args {
        const char *source;      /* BUNDLE or DIR; NULL: pick from the library */
        const char *mode;        /* --mode: "take-home", "mock", or NULL */
        bool mock;               /* the session is a mock: --mode mock, or a pick from the library
                                  * without --mode and --ticket */
        const char *workspace;   /* --workspace DIR */
        const char *pubkey;      /* --pubkey */
        const char *grading;     /* --grading BUNDLE|DIR */
        const char *area;        /* --area, one of the library's areas */
        const char *problem;     /* --problem ID */
        const char *ticket;      /* --ticket FILE */
        double minutes;          /* --minutes, in (0, 1440]; 0: the problem's */
        long seed;               /* --seed, when have_seed */
        bool have_seed;
        bool no_screen;          /* --no-screen */
        unsigned loop;           /* --loop N: an interview loop of N rounds (1..GNT_LOOP_MAX); 0: none */
};

int gnt_start_args_parse(int argc, char **argv, struct gnt_start_args *ret, char *err, size_t errsz);

/* `gauntlet test`, `submit`, `resume` and `status`: the session they work
 * on, and each one's own switch. */
struct gnt_session_args {
        const char *session;     /* --session DIR (resume: or DIR); NULL: found from here */
        bool quiet;              /* test: --quiet */
        bool no_grade;           /* submit: --no-grade */
        bool no_screen;          /* resume: --no-screen */
        bool json;               /* status, test: --json */
        bool race;               /* test: --race */
};

int gnt_test_args_parse(int argc, char **argv, struct gnt_session_args *ret, char *err, size_t errsz);
int gnt_submit_args_parse(int argc, char **argv, struct gnt_session_args *ret, char *err, size_t errsz);
int gnt_resume_args_parse(int argc, char **argv, struct gnt_session_args *ret, char *err, size_t errsz);
int gnt_status_args_parse(int argc, char **argv, struct gnt_session_args *ret, char *err, size_t errsz);

/* `gauntlet log [SESSION|ARCHIVE] [options]` */
struct gnt_log_args {
        const char *session;     /* --session DIR */
        const char *path;        /* a session folder or a sealed archive, given plainly
                                  * (not with --session); the command tells which */
        long show;               /* --show N: replay entry N's snapshot; 0: not given */
        const char *out, *file;  /* --out DIR, --file PATH: with --show */
        bool diff;               /* --diff N or FROM:TO */
        long diff_from, diff_to; /* diff_from 0: the snapshot before diff_to */
        bool json;               /* --json */
};

int gnt_log_args_parse(int argc, char **argv, struct gnt_log_args *ret, char *err, size_t errsz);

#endif
