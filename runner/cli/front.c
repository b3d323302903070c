/* front.c — the `gauntlet` executable.  It links libc only: `gauntlet run`
 * (and --version) are answered here, so a sandboxed run does not pay for
 * loading ncurses, libsodium and cJSON (about 1 ms a run, docs/sandbox.md
 * "Spawn time").  Every other command is the full program, which this
 * executes in place from GAUNTLET_FULL_RELPATH beside this file (the same
 * relative path in the build tree and an installed tree). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_run.h"
#include "version.h"

static int run_full(char **argv)
{
        char self[PATH_MAX], path[PATH_MAX + sizeof GAUNTLET_FULL_RELPATH + 1];
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        if (n <= 0) {
                gnt_error(NULL, "cannot find its own executable (/proc/self/exe): %s",
                          n < 0 ? strerror(errno) : "empty link");
                return GNT_EXIT_USAGE;
        }
        self[n] = '\0';
        char *slash = strrchr(self, '/');
        if (!slash)
                slash = self;
        *slash = '\0';
        snprintf(path, sizeof path, "%s/%s", self, GAUNTLET_FULL_RELPATH);
        execv(path, argv);
        gnt_error(NULL, "cannot start '%s': %s (an incomplete installation?)", path, strerror(errno));
        return GNT_EXIT_USAGE;
}

int main(int argc, char **argv)
{
        const char *name = argc >= 2 ? argv[1] : "";
        if (strcmp(name, "run") == 0) {
                static const struct gnt_command run = GNT_RUN_COMMAND;
                if (gnt_wants_help(argc - 1, argv + 1)) {
                        gnt_command_help(stdout, &run);
                        return GNT_EXIT_OK;
                }
                return gnt_cmd_run(argc - 1, argv + 1);
        }
        if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
                printf("gauntlet %s\n", GAUNTLET_VERSION);
                return GNT_EXIT_OK;
        }
        return run_full(argv);
}
