/* args.c — what the command-line parsers share (args.h). */
#include "args.h"

#include <getopt.h>

#include "sbx_file.h"

int gnt_args_bad_option(int c, char **argv, char *err, size_t errsz)
{
        if (c == ':')
                return sbx_errf(err, errsz, -1, "option '%s' needs a value", argv[optind - 1]);
        return sbx_errf(err, errsz, -1, "unknown option '%s'", argv[optind - 1]);
}

int gnt_args_one_operand(int argc, char **argv, const char *what, const char **ret, char *err, size_t errsz)
{
        if (optind >= argc)
                return sbx_errf(err, errsz, -1, "missing %s", what);
        if (optind + 1 < argc)
                return sbx_errf(err, errsz, -1, "unexpected argument '%s'", argv[optind + 1]);
        *ret = argv[optind];
        return 0;
}
