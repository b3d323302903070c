/* cmd_pack.c — `gauntlet pack DIR -o OUTDIR [--sign KEY [--sealed]]`:
 * validate a problem (or assessment) folder and write its public (perhaps
 * sealed) and grading bundles. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bundle/bundle.h"
#include "cli.h"
#include "commands.h"
#include "bundle/lint.h"

static void lint_line(void *ctx, const char *line)
{
        gnt_error("pack", "cannot pack '%s': %s", (const char *)ctx, line);
}

int gnt_cmd_pack(int argc, char **argv)
{
        static const struct option opts[] = {
                {"output", required_argument, NULL, 'o'},
                {"sign", required_argument, NULL, 's'},
                {"public-only", no_argument, NULL, 'P'},
                {"grading-only", no_argument, NULL, 'G'},
                {"sealed", no_argument, NULL, 'S'},
                {0},
        };
        const char *out = NULL, *key = NULL;
        unsigned which = GNT_PACK_PUBLIC | GNT_PACK_GRADING;
        bool sealed = false;
        int o;
        optind = 1;
        opterr = 0;
        while ((o = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
                switch (o) {
                case 'o':
                        out = optarg;
                        break;
                case 's':
                        key = optarg;
                        break;
                case 'P':
                        which = GNT_PACK_PUBLIC;
                        break;
                case 'G':
                        which = GNT_PACK_GRADING;
                        break;
                case 'S':
                        sealed = true;
                        break;
                default:
                        return gnt_usage_error("pack", o == ':' ? "option '%s' needs a value" : "unknown option '%s'", argv[optind - 1]);
                }
        }
        if (optind >= argc)
                return gnt_usage_error("pack", "missing the problem folder");
        if (optind + 1 < argc)
                return gnt_usage_error("pack", "unexpected argument '%s'", argv[optind + 1]);
        if (!out)
                return gnt_usage_error("pack", "missing -o OUTDIR");
        if (sealed && !key)
                return gnt_usage_error("pack", "--sealed needs --sign KEY (the content key is derived from it)");
        if (sealed)
                which |= GNT_PACK_SEALED;
        const char *src = argv[optind];
        char err[GNT_ERR_MAX] = "";
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
        if (gnt_bundle_pack(src, out, which, key, &res, err, sizeof err) < 0) {
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
