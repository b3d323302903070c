/* cli.h — the command table and the shared pieces of the command line:
 * dispatch, help, and the one place errors are printed. */
#ifndef GAUNTLET_CLI_H
#define GAUNTLET_CLI_H

#include <stdio.h>

/* Exit statuses shared by every command (a command may add its own 1). */
enum {
        GNT_EXIT_OK = 0,
        GNT_EXIT_FAIL = 1,  /* the job ran and failed (or ran degraded) */
        GNT_EXIT_USAGE = 2, /* bad arguments, bad input, or setup error */
};

struct gnt_command {
        const char *name;
        int (*run)(int argc, char **argv); /* argv[0] is the command name */
        const char *summary;               /* one line, for `gauntlet help` */
        const char *usage;                 /* synopsis lines */
        const char *help;                  /* options, exit status, examples */
};

extern const struct gnt_command gnt_commands[];

const struct gnt_command *gnt_command_find(const char *name);

/* Full help of one command to f. */
void gnt_command_help(FILE *f, const struct gnt_command *c);

/* Entry point behind main(): dispatch argv to a command.  Returns the exit
 * status. */
int gnt_main(int argc, char **argv);

/* Print "gauntlet: " + message + newline to stderr; returns GNT_EXIT_USAGE
 * so callers can `return gnt_usage_error(...)`. */
int gnt_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print "gauntlet CMD: " + message + newline to stderr. */
void gnt_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* True when argv holds -h or --help before any "--". */
int gnt_wants_help(int argc, char **argv);

/* Text from a candidate or a file on a terminal: at most max bytes, control
 * characters (escape sequences!) as '?', "..." when cut, padded with
 * spaces to width columns (0: no padding). */
void gnt_print_safe(FILE *f, const char *s, size_t max, int width);

#endif
