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
