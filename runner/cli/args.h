/* args.h — what the command-line parsers (*_args.c) share: the line for an
 * option getopt refused.  The folder's own header. */
#ifndef GAUNTLET_ARGS_H
#define GAUNTLET_ARGS_H

#include <stddef.h>

/* Each parser starts with optind = 0, not 1: glibc then reads the option
 * string's '+' or ':' afresh and forgets a cluster ("-qx") or an order
 * left by an earlier parse, so a parse in a process that parsed before
 * (the unit tests) reads argv exactly as a fresh `gauntlet CMD` does. */

/* After getopt_long returned c (':' or '?') for argv: write "option 'X'
 * needs a value" (':') or "unknown option 'X'" into err and return -1.
 * Parsers whose option string has no leading ':' get '?' for a missing
 * value too, and say "unknown option" for both, as they always have. */
int gnt_args_bad_option(int c, char **argv, char *err, size_t errsz);

/* Exactly one operand after the options: it into *ret and 0; else "missing
 * WHAT" or "unexpected argument 'X'" into err and -1. */
int gnt_args_one_operand(int argc, char **argv, const char *what, const char **ret, char *err, size_t errsz);

#endif
