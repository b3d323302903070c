/* admin_args.c — parse the command lines of `gauntlet doctor`, `pool`,
 * `history` and `followups` (admin_args.h). */
#include "admin_args.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "library.h"
#include "pool.h"
#include "sbx_file.h"

/* doctor and pool: an option string without ':', so a missing value is
 * an "unknown option" too (gnt_args_bad_option); '+': stop at the first
 * operand. */
int gnt_doctor_args_parse(int argc, char **argv, struct gnt_doctor_args *ret, char *err, size_t errsz)
{
        static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {0}};
        struct gnt_doctor_args a = {0};
        int c;
        optind = 0; /* a fresh parse: args.h */
        opterr = 0;
        while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
                if (c == 'j')
                        a.json = true;
                else
                        return gnt_args_bad_option(c, argv, err, errsz);
        }
        if (optind < argc)
                return sbx_errf(err, errsz, -1, "unexpected argument '%s'", argv[optind]);
        *ret = a;
        return 0;
}

int gnt_pool_args_parse(int argc, char **argv, struct gnt_pool_args *ret, char *err, size_t errsz)
{
        static const struct option opts[] = {
                {"size", required_argument, NULL, 'n'},
                {"socket", required_argument, NULL, 's'},
                {0},
        };
        struct gnt_pool_args a = {.size = 2};
        int c;
        optind = 0; /* a fresh parse: args.h */
        opterr = 0;
        while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
                if (c == 'n') {
                        char *end;
                        errno = 0;
                        unsigned long v = strtoul(optarg, &end, 10);
                        if (errno || !*optarg || *end || optarg[0] == '-' || v < 1 || v > 64)
                                return sbx_errf(err, errsz, -1,
                                                "--size: expected a number from 1 to 64, got '%s'", optarg);
                        a.size = (unsigned)v;
                } else if (c == 's') {
                        a.socket = optarg;
                } else {
                        return gnt_args_bad_option(c, argv, err, errsz);
                }
        }
        if (optind < argc)
                return sbx_errf(err, errsz, -1, "unexpected argument '%s'", argv[optind]);
        if (a.socket && strlen(a.socket) >= SBX_POOL_PATH_MAX)
                return sbx_errf(err, errsz, -1, "--socket: a path under %d bytes, got '%s'",
                                SBX_POOL_PATH_MAX, a.socket);
        *ret = a;
        return 0;
}

int gnt_history_args_parse(int argc, char **argv, struct gnt_history_args *ret, char *err, size_t errsz)
{
        static const struct option opts[] = {
                {"json", no_argument, NULL, 'j'},
                {"area", required_argument, NULL, 'a'},
                {"add", required_argument, NULL, 'A'},
                {0},
        };
        struct gnt_history_args a = {0};
        int c;
        optind = 0; /* a fresh parse: args.h */
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
                switch (c) {
                case 'j': a.json = true; break;
                case 'a': a.area = optarg; break;
                case 'A': a.add = optarg; break;
                default: return gnt_args_bad_option(c, argv, err, errsz);
                }
        }
        if (optind < argc)
                return sbx_errf(err, errsz, -1, "unexpected argument '%s'", argv[optind]);
        if (a.area && !gnt_area_known(a.area))
                return sbx_errf(err, errsz, -1,
                                "--area: expected idiomatic, concurrency, low-level, networking, "
                                "performance or reliability, got '%s'",
                                a.area);
        *ret = a;
        return 0;
}

int gnt_followups_args_parse(int argc, char **argv, struct gnt_followups_args *ret, char *err, size_t errsz)
{
        static const struct option opts[] = {
                {"session", required_argument, NULL, 'S'},
                {"answers", no_argument, NULL, 'a'},
                {"no-evidence", no_argument, NULL, 'E'},
                {0},
        };
        struct gnt_followups_args a = {.evidence = true};
        int c;
        optind = 0; /* a fresh parse: args.h */
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":S:a", opts, NULL)) != -1) {
                switch (c) {
                case 'S': a.session = optarg; break;
                case 'a': a.answers = true; break;
                case 'E': a.evidence = false; break;
                default: return gnt_args_bad_option(c, argv, err, errsz);
                }
        }
        if (optind < argc) {
                char *end;
                unsigned long n = strtoul(argv[optind], &end, 10);
                if (!*argv[optind] || *end || n < 1 || n > 1000 || argv[optind][0] == '-')
                        return sbx_errf(err, errsz, -1, "expected a question number, got '%s'", argv[optind]);
                a.only = n;
                if (++optind < argc)
                        return sbx_errf(err, errsz, -1, "unexpected argument '%s'", argv[optind]);
        }
        *ret = a;
        return 0;
}
