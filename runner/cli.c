/* cli.c — the command table, help texts and dispatch.  A command's help
 * lives here beside its name so `gauntlet help` and the man page can be
 * checked against one list. */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "version.h"

const struct gnt_command gnt_commands[] = {
        {
                .name = "doctor",
                .run = gnt_cmd_doctor,
                .summary = "show what isolation this machine offers and what gauntlet will use",
                .usage = "gauntlet doctor [--json]",
                .help = "Probes seccomp, user/pid/net/mount namespaces (also for unprivileged users),\n"
                        "cgroup v2 and its controllers, cgroup v1 controllers, the Go toolchain,\n"
                        "`go test -race` support and ThreadSanitizer support of the C compiler.\n"
                        "\n"
                        "Options:\n"
                        "  --json    print a JSON object instead of text\n"
                        "\n"
                        "Exit status:\n"
                        "  0  full containment is available\n"
                        "  1  gauntlet will run degraded (what is missing is said, with the fix)\n"
                        "  2  gauntlet cannot run here\n"
                        "\n"
                        "Examples:\n"
                        "  gauntlet doctor\n"
                        "  gauntlet doctor --json | jq .containment\n",
        },
        {0},
};

const struct gnt_command *gnt_command_find(const char *name)
{
        for (const struct gnt_command *c = gnt_commands; name && c->name; c++)
                if (strcmp(c->name, name) == 0)
                        return c;
        return NULL;
}

void gnt_command_help(FILE *f, const struct gnt_command *c)
{
        fprintf(f, "usage: %s\n\n%s.\n\n%s", c->usage, c->summary, c->help);
}

static void usage_all(FILE *f)
{
        fprintf(f, "usage: gauntlet COMMAND [OPTIONS] [ARGS]\n"
                   "       gauntlet help [COMMAND]\n"
                   "       gauntlet --version\n\n"
                   "gauntlet runs timed coding assessments: candidates work through a problem,\n"
                   "submissions are built and tested inside a sandbox and graded.\n\n"
                   "Commands:\n");
        for (const struct gnt_command *c = gnt_commands; c->name; c++)
                fprintf(f, "  %-10s %s\n", c->name, c->summary);
        fprintf(f, "\nRun 'gauntlet help COMMAND' for a command's options and examples.\n");
}

int gnt_usage_error(const char *cmd, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        fprintf(stderr, cmd ? "gauntlet %s: " : "gauntlet: ", cmd);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
        va_end(ap);
        if (cmd)
                fprintf(stderr, "run 'gauntlet help %s' for usage\n", cmd);
        return GNT_EXIT_USAGE;
}

void gnt_error(const char *cmd, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        fprintf(stderr, cmd ? "gauntlet %s: " : "gauntlet: ", cmd);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
        va_end(ap);
}

int gnt_wants_help(int argc, char **argv)
{
        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--") == 0)
                        return 0;
                if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
                        return 1;
        }
        return 0;
}

static int help(int argc, char **argv)
{
        if (argc < 2) {
                usage_all(stdout);
                return GNT_EXIT_OK;
        }
        const struct gnt_command *c = gnt_command_find(argv[1]);
        if (!c) {
                fprintf(stderr, "gauntlet help: unknown command '%s'\n", argv[1]);
                return GNT_EXIT_USAGE;
        }
        gnt_command_help(stdout, c);
        return GNT_EXIT_OK;
}

int gnt_main(int argc, char **argv)
{
        if (argc < 2) {
                usage_all(stderr);
                return GNT_EXIT_USAGE;
        }
        const char *name = argv[1];
        if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
                printf("gauntlet %s\n", GAUNTLET_VERSION);
                return GNT_EXIT_OK;
        }
        if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
                return help(argc - 1, argv + 1);
        const struct gnt_command *c = gnt_command_find(name);
        if (!c) {
                fprintf(stderr, "gauntlet: unknown command '%s'\n", name);
                fprintf(stderr, "run 'gauntlet help' for the list of commands\n");
                return GNT_EXIT_USAGE;
        }
        if (gnt_wants_help(argc - 1, argv + 1)) {
                gnt_command_help(stdout, c);
                return GNT_EXIT_OK;
        }
        return c->run(argc - 1, argv + 1);
}
