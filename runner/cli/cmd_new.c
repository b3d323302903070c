/* cmd_new.c — `gauntlet new problem ID --lang go|c --areas A,B [-o DIR]`:
 * write a complete, tiny problem that packs and validates as it stands
 * (skeleton.c), for an author to replace piece by piece. */
#include <stdio.h>

#include "bundle_args.h"
#include "cli.h"
#include "commands.h"
#include "manifest.h"
#include "skeleton.h"

int gnt_cmd_new(int argc, char **argv)
{
        struct gnt_new_args a;
        char err[GNT_ERR_MAX];
        if (gnt_new_args_parse(argc, argv, &a, err, sizeof err) < 0)
                return gnt_usage_error("new", "%s", err);
        const char *id = a.id, *out = a.out, *lang = a.lang;
        enum grd_language l = (enum grd_language)a.language;
        if (gnt_skeleton_write(out ? out : id, id, l, a.areas, err, sizeof err) < 0) {
                gnt_error("new", "%s", err);
                return GNT_EXIT_USAGE;
        }
        const char *dir = out ? out : id;
        printf("%s  (problem %s, %s: packs and validates as it stands)\n", dir, id, lang);
        printf("next: edit it, then\n  gauntlet pack %s -o dist\n  gauntlet validate %s\n", dir, dir);
        return GNT_EXIT_OK;
}
