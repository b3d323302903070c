/* cmd_new.c — `gauntlet new problem ID --lang go|c --areas A,B [-o DIR]`:
 * write a complete, tiny problem that packs and validates as it stands
 * (skeleton.c), for an author to replace piece by piece. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "manifest.h"
#include "skeleton.h"

int gnt_cmd_new(int argc, char **argv)
{
        static const struct option opts[] = {
                {"lang", required_argument, NULL, 'l'},
                {"areas", required_argument, NULL, 'a'},
                {"output", required_argument, NULL, 'o'},
                {0},
        };
        const char *lang = NULL, *areas = NULL, *out = NULL;
        int o;
        optind = 1;
        opterr = 0;
        while ((o = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
                switch (o) {
                case 'l':
                        lang = optarg;
                        break;
                case 'a':
                        areas = optarg;
                        break;
                case 'o':
                        out = optarg;
                        break;
                default:
                        return gnt_usage_error("new", o == ':' ? "option '%s' needs a value" : "unknown option '%s'",
                                               argv[optind - 1]);
                }
        }
        if (optind >= argc)
                return gnt_usage_error("new", "missing what to make: 'problem'");
        if (strcmp(argv[optind], "problem") != 0)
                return gnt_usage_error("new", "cannot make '%s': only 'problem'", argv[optind]);
        if (optind + 1 >= argc)
                return gnt_usage_error("new", "missing the problem id");
        if (optind + 2 < argc)
                return gnt_usage_error("new", "unexpected argument '%s'", argv[optind + 2]);
        const char *id = argv[optind + 1];
        if (!lang)
                return gnt_usage_error("new", "missing --lang go|c");
        int l = grd_language_from_name(lang);
        if (l < 0)
                return gnt_usage_error("new", "--lang: expected go or c, got '%s'", lang);
        if (!areas)
                return gnt_usage_error("new", "missing --areas (comma-separated: idiomatic, concurrency, low-level, "
                                              "networking, performance, reliability)");
        char err[GNT_ERR_MAX];
        if (gnt_skeleton_write(out ? out : id, id, (enum grd_language)l, areas, err, sizeof err) < 0) {
                gnt_error("new", "%s", err);
                return GNT_EXIT_USAGE;
        }
        const char *dir = out ? out : id;
        printf("%s  (problem %s, %s: packs and validates as it stands)\n", dir, id, lang);
        printf("next: edit it, then\n  gauntlet pack %s -o dist\n  gauntlet validate %s\n", dir, dir);
        return GNT_EXIT_OK;
}
