/* admin_args.h — the command lines of `gauntlet doctor`, `pool`, `history`
 * and `followups`, parsed apart from the commands so they can be tested on
 * their own (as session_args.h).  Each parser takes argv with argv[0] the
 * command's name (getopt's state is reset), fills *ret with strings
 * pointing into argv and returns 0, or -1 with one line in err saying what
 * is wrong (printed after "gauntlet CMD: "); *ret is then untouched. */
#ifndef GAUNTLET_ADMIN_ARGS_H
#define GAUNTLET_ADMIN_ARGS_H

#include <stdbool.h>
#include <stddef.h>

/* `gauntlet doctor [--json]` */
struct gnt_doctor_args {
        bool json;               /* --json */
};

int gnt_doctor_args_parse(int argc, char **argv, struct gnt_doctor_args *ret, char *err, size_t errsz);

/* `gauntlet pool [--size N] [--socket PATH]` */
struct gnt_pool_args {
        unsigned size;           /* --size, 1..64; default 2 */
        const char *socket;      /* --socket PATH, shorter than SBX_POOL_PATH_MAX; NULL: the
                                  * user's (GAUNTLET_POOL or the default) */
};

int gnt_pool_args_parse(int argc, char **argv, struct gnt_pool_args *ret, char *err, size_t errsz);

/* `gauntlet history [--json] [--area AREA] [--add DIR]` */
struct gnt_history_args {
        bool json;               /* --json */
        const char *area;        /* --area, one of the library's areas */
        const char *add;         /* --add DIR: record a submitted mock session */
};

int gnt_history_args_parse(int argc, char **argv, struct gnt_history_args *ret, char *err, size_t errsz);

/* `gauntlet followups [N] [--session DIR] [--answers] [--no-evidence]` */
struct gnt_followups_args {
        const char *session;     /* -S, --session DIR; NULL: found from here */
        bool answers;            /* -a, --answers */
        bool evidence;           /* false with --no-evidence */
        size_t only;             /* N, 1..1000: that question only; 0: all */
};

int gnt_followups_args_parse(int argc, char **argv, struct gnt_followups_args *ret, char *err, size_t errsz);

#endif
