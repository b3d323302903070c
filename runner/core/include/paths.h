/* paths.h — where gauntlet finds its problem library, the Go toolchain the
 * build installed, and its cache; the same answers in a build tree and in
 * an installed tree. */
#ifndef GAUNTLET_PATHS_H
#define GAUNTLET_PATHS_H

/* The problem library: $GAUNTLET_PROBLEMS, else the source tree's problems/
 * when running from the build tree, else PREFIX/share/gauntlet/problems
 * relative to the binary, else the configured install dir.  Never NULL;
 * the string is static. */
const char *gnt_path_problems(void);

/* The folder holding a Go toolchain that `make` installed for the project
 * (…/.deps/go/bin), or NULL when there is none.  Static string. */
const char *gnt_path_bundled_go(void);

/* gauntlet's cache folder ($XDG_CACHE_HOME/gauntlet, else ~/.cache/gauntlet,
 * else /tmp/gauntlet-cache-EUID), created (with its parents) with mode 0700
 * if missing.  NULL when it cannot be created, or is not a folder of this
 * user that only it can write (a folder someone else made in /tmp could
 * feed poisoned build results to gradings); gnt_path_cache_error() then
 * says which and why.  Static strings. */
const char *gnt_path_cache(void);
const char *gnt_path_cache_error(void);

#endif
