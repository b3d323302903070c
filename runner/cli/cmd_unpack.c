/* cmd_unpack.c — `gauntlet unpack BUNDLE -o DIR [--pubkey KEY]`: verify and
 * extract a bundle safely; nothing is left behind when it is refused. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bundle/bundle.h"
#include "cli.h"
#include "commands.h"

static bool folder_is_empty(const char *path)
{
        DIR *d = opendir(path);
        struct dirent *de;
        bool empty = d != NULL;
        while (empty && (de = readdir(d)))
                empty = strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0;
        if (d)
                closedir(d);
        return empty;
}

int gnt_cmd_unpack(int argc, char **argv)
{
        static const struct option opts[] = {
                {"output", required_argument, NULL, 'o'},
                {"pubkey", required_argument, NULL, 'k'},
                {0},
        };
        const char *out = NULL, *key = NULL;
        int o;
        optind = 1;
        opterr = 0;
        while ((o = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
                if (o == 'o')
                        out = optarg;
                else if (o == 'k')
                        key = optarg;
                else
                        return gnt_usage_error("unpack", o == ':' ? "option '%s' needs a value" : "unknown option '%s'", argv[optind - 1]);
        }
        if (optind >= argc)
                return gnt_usage_error("unpack", "missing the bundle");
        if (optind + 1 < argc)
                return gnt_usage_error("unpack", "unexpected argument '%s'", argv[optind + 1]);
        if (!out || !*out)
                return gnt_usage_error("unpack", "missing -o DIR");
        const char *path = argv[optind];
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
                gnt_error("unpack", "cannot unpack '%s': a folder, not a bundle archive", path);
                return GNT_EXIT_USAGE;
        }
        /* rename() below replaces an empty folder, nothing else. */
        if (lstat(out, &st) == 0 && !(S_ISDIR(st.st_mode) && folder_is_empty(out))) {
                gnt_error("unpack", "cannot unpack to '%s': already exists and is not an empty folder", out);
                return GNT_EXIT_USAGE;
        }
        /* Extract beside the target so the final rename stays on one file
         * system. */
        char parent[PATH_MAX];
        snprintf(parent, sizeof parent, "%s", out);
        struct gnt_bundle_opts bo = {.pubkey = key, .tmp_parent = dirname(parent)};
        struct gnt_bundle *b = NULL;
        char err[GNT_ERR_MAX] = "";
        int r = gnt_bundle_open(path, &bo, &b, err, sizeof err);
        if (r < 0) {
                gnt_error("unpack", "cannot unpack '%s': %s", path, err);
                return GNT_EXIT_USAGE;
        }
        if (rename(b->root, out) < 0) {
                gnt_error("unpack", "cannot move the bundle to '%s': %s", out, gnt_errstr(errno));
                gnt_bundle_close(b);
                return GNT_EXIT_USAGE;
        }
        const struct grd_problem *p = gnt_bundle_problem(b);
        printf("unpacked %s %s '%s' to '%s' (signature: %s%s%s)\n", b->is_public ? "public" : "grading",
               b->assessment ? "assessment" : "problem", b->assessment ? b->assessment->id : p->id, out,
               gnt_sig_status_name(b->sig), b->key_id[0] ? ", key " : "", b->key_id);
        gnt_bundle_close(b);
        return GNT_EXIT_OK;
}
