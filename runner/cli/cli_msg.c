/* cli_msg.c — the one place errors and help are printed, shared by the
 * full program and the lean front of `gauntlet run` (links libc only). */
#include <stdarg.h>
#include <string.h>

#include "cli.h"

void gnt_command_help(FILE *f, const struct gnt_command *c)
{
        fprintf(f, "usage: %s\n\n%s.\n\n%s", c->usage, c->summary, c->help);
}

static void message(const char *cmd, const char *fmt, va_list ap)
{
        fprintf(stderr, cmd ? "gauntlet %s: " : "gauntlet: ", cmd);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
}

int gnt_usage_error(const char *cmd, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        message(cmd, fmt, ap);
        va_end(ap);
        if (cmd)
                fprintf(stderr, "run 'gauntlet help %s' for usage\n", cmd);
        return GNT_EXIT_USAGE;
}

void gnt_error(const char *cmd, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        message(cmd, fmt, ap);
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

void gnt_print_safe(FILE *f, const char *s, size_t max, int width)
{
        int n = 0;
        size_t i = 0;
        for (const unsigned char *p = (const unsigned char *)s; p && *p && i < max; p++, i++, n++)
                fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, f);
        if (s && strlen(s) > max) {
                fputs("...", f);
                n += 3;
        }
        for (; n < width; n++)
                fputc(' ', f);
}
