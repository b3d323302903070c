/* cmd_unpack.c — `gauntlet unpack BUNDLE -o DIR [--pubkey KEY]`: verify and
 * extract a bundle safely; nothing is left behind when it is refused. */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bundle/bundle.h"
#include "bundle_args.h"
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
        struct gnt_unpack_args a;
        char err[GNT_ERR_MAX] = "";
        if (gnt_unpack_args_parse(argc, argv, &a, err, sizeof err) < 0)
                return gnt_usage_error("unpack", "%s", err);
        const char *path = a.bundle, *out = a.out, *key = a.pubkey;
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
