/* cmd_pool.c — `gauntlet pool`: keep sandboxes prepared so that every
 * `gauntlet run` of this user starts in a fraction of the time (docs/
 * sandbox.md "Prepared sandboxes").  Runs in the foreground until a
 * signal. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_args.h"
#include "cli.h"
#include "commands.h"
#include "pool_server.h"

int gnt_cmd_pool(int argc, char **argv)
{
        struct gnt_pool_args a;
        char why[512];
        if (gnt_pool_args_parse(argc, argv, &a, why, sizeof why) < 0)
                return gnt_usage_error("pool", "%s", why);
        unsigned size = a.size;
        char path[SBX_POOL_PATH_MAX] = "";
        if (a.socket)
                snprintf(path, sizeof path, "%s", a.socket); /* its length is checked */
        else if (sbx_pool_path(path, sizeof path) < 0)
                return gnt_usage_error("pool", "GAUNTLET_POOL is '%s': give the socket with --socket",
                                       getenv("GAUNTLET_POOL") ? getenv("GAUNTLET_POOL") : "");
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
