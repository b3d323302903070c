/* cmd_pool.c — `gauntlet pool`: keep sandboxes prepared so that every
 * `gauntlet run` of this user starts in a fraction of the time (docs/
 * sandbox.md "Prepared sandboxes").  Runs in the foreground until a
 * signal. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "pool_server.h"

int gnt_cmd_pool(int argc, char **argv)
{
        static const struct option opts[] = {
                {"size", required_argument, NULL, 'n'},
                {"socket", required_argument, NULL, 's'},
                {0},
        };
        unsigned size = 2;
        char path[SBX_POOL_PATH_MAX] = "";
        const char *socket_arg = NULL;
        int c;
        optind = 1;
        opterr = 0;
        while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
                if (c == 'n') {
                        char *end;
                        errno = 0;
                        unsigned long v = strtoul(optarg, &end, 10);
                        if (errno || !*optarg || *end || optarg[0] == '-' || v < 1 || v > 64)
                                return gnt_usage_error("pool", "--size: expected a number from 1 to 64, got '%s'",
                                                       optarg);
                        size = (unsigned)v;
                } else if (c == 's') {
                        socket_arg = optarg;
                } else {
                        return gnt_usage_error("pool", "unknown option '%s'", argv[optind - 1]);
                }
        }
        if (optind < argc)
                return gnt_usage_error("pool", "unexpected argument '%s'", argv[optind]);
        if (socket_arg) {
                if (snprintf(path, sizeof path, "%s", socket_arg) >= (int)sizeof path)
                        return gnt_usage_error("pool", "--socket: a path under %d bytes, got '%s'",
                                               SBX_POOL_PATH_MAX, socket_arg);
        } else if (sbx_pool_path(path, sizeof path) < 0) {
                return gnt_usage_error("pool", "GAUNTLET_POOL is '%s': give the socket with --socket",
                                       getenv("GAUNTLET_POOL") ? getenv("GAUNTLET_POOL") : "");
        }
        char why[512];
        struct sbx_pool *pool = NULL;
        if (sbx_pool_open(path, size, &pool, why, sizeof why) < 0) {
                gnt_error("pool", "%s", why);
                return GNT_EXIT_USAGE;
        }
        fprintf(stderr, "gauntlet pool: %u prepared sandbox%s at %s (stop: Ctrl-C or SIGTERM)\n", size,
                size == 1 ? "" : "es", path);
        int rc = sbx_pool_serve(pool, why, sizeof why);
        sbx_pool_free(pool);
        if (rc < 0) {
                gnt_error("pool", "%s", why);
                return GNT_EXIT_USAGE;
        }
        fprintf(stderr, "gauntlet pool: stopped\n");
        return GNT_EXIT_OK;
}
