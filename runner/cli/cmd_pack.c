/* cmd_pack.c — `gauntlet pack DIR -o OUTDIR [--sign KEY [--sealed]]`:
 * validate a problem (or assessment) folder and write its public (perhaps
 * sealed) and grading bundles. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>

#include "bundle/bundle.h"
#include "bundle_args.h"
#include "cli.h"
#include "commands.h"
#include "bundle/lint.h"

static void lint_line(void *ctx, const char *line)
{
        gnt_error("pack", "cannot pack '%s': %s", (const char *)ctx, line);
}

int gnt_cmd_pack(int argc, char **argv)
{
        struct gnt_pack_args a;
        char err[GNT_ERR_MAX] = "";
        if (gnt_pack_args_parse(argc, argv, &a, err, sizeof err) < 0)
                return gnt_usage_error("pack", "%s", err);
        const char *src = a.src, *out = a.out, *key = a.key;
        bool sealed = a.sealed;
        struct gnt_pack_result res;
        /* What can be checked without running, every mistake at once; a
         * manifest that does not load is reported by the packer below. */
        int mistakes = gnt_lint_folder(src, lint_line, (void *)src, err, sizeof err);
        if (mistakes == -ENOMEM) {
                gnt_error("pack", "cannot check '%s': out of memory", src);
                return GNT_EXIT_FAIL;
        }
        if (mistakes > 0)
                return GNT_EXIT_USAGE;
        if (gnt_bundle_pack(src, out, a.which, key, &res, err, sizeof err) < 0) {
                gnt_error("pack", "cannot pack '%s': %s", src, err);
                return GNT_EXIT_USAGE;
        }
        if (res.public_path[0])
                printf("%s  (public, %zu files%s%s)\n", res.public_path, res.public_files, sealed ? ", sealed" : "",
                       key ? ", signed" : "");
        if (res.grading_path[0])
                printf("%s  (grading, %zu files%s)\n", res.grading_path, res.grading_files, key ? ", signed" : "");
        return GNT_EXIT_OK;
}
