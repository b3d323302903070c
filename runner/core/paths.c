/* paths.c — locate the problem library, a project-installed Go and the
 * cache, from the running binary's own location. */
#include "paths.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "version.h"

static bool is_dir(const char *p)
{
        struct stat st;
        return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of the running binary, or "" when unknown. */
static const char *exe_dir(void)
{
        static char dir[PATH_MAX];
        if (!dir[0]) {
                ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
                if (n <= 0)
                        return "";
                dir[n] = '\0';
                char *slash = strrchr(dir, '/');
                if (slash)
                        *slash = '\0';
        }
        return dir;
}

static bool in_build_tree(void)
{
        const char *d = exe_dir();
        size_t n = strlen(GAUNTLET_BUILD_DIR);
        return strncmp(d, GAUNTLET_BUILD_DIR, n) == 0 && (d[n] == '/' || d[n] == '\0');
}

const char *gnt_path_problems(void)
{
        static char buf[PATH_MAX];
        const char *env = getenv("GAUNTLET_PROBLEMS");
        if (env && *env)
                return env;
        if (in_build_tree() && is_dir(GAUNTLET_SOURCE_PROBLEMS_DIR))
                return GAUNTLET_SOURCE_PROBLEMS_DIR;
        char rel[PATH_MAX];
        if (snprintf(rel, sizeof rel, "%s/%s", exe_dir(), GAUNTLET_PROBLEMS_RELPATH) < (int)sizeof rel &&
            realpath(rel, buf) && is_dir(buf))
                return buf;
        return GAUNTLET_PROBLEMS_INSTALL_DIR;
}

const char *gnt_path_bundled_go(void)
{
        static char buf[PATH_MAX];
        if (!in_build_tree())
                return NULL;
        /* build-aux/bootstrap.sh installs into SOURCE/.deps/go. */
        snprintf(buf, sizeof buf, "%s/../.deps/go/bin", GAUNTLET_SOURCE_PROBLEMS_DIR);
        return is_dir(buf) ? buf : NULL;
}

static char cache_err[PATH_MAX + 128];

/* The cache holds build results that gradings trust: it must be a real
 * folder of ours that nobody else can write.  0 or -errno. */
static int own_dir(const char *p)
{
        struct stat st;
        if (lstat(p, &st) < 0)
                return -errno;
        if (!S_ISDIR(st.st_mode))
                return -ENOTDIR;
        if (st.st_uid != geteuid() || (st.st_mode & 022))
                return -EPERM;
        return 0;
}

const char *gnt_path_cache(void)
{
        static char buf[PATH_MAX];
        if (buf[0])
                return buf;
        const char *xdg = getenv("XDG_CACHE_HOME");
        const char *home = getenv("HOME");
        int n;
        if (xdg && *xdg == '/')
                n = snprintf(buf, sizeof buf, "%s/gauntlet", xdg);
        else if (home && *home == '/')
                n = snprintf(buf, sizeof buf, "%s/.cache/gauntlet", home);
        else
                n = snprintf(buf, sizeof buf, "/tmp/gauntlet-cache-%u", (unsigned)geteuid());
        int r = n < 0 || (size_t)n >= sizeof buf ? -ENAMETOOLONG : gnt_mkdirs(buf, 0700);
        if (r == 0)
                r = own_dir(buf);
        if (r < 0) {
                snprintf(cache_err, sizeof cache_err, "cannot use the cache folder '%s': %s%s", buf,
                         strerror(-r), r == -EPERM ? " (not a folder of this user that only it can write)" : "");
                buf[0] = '\0';
                return NULL;
        }
        return buf;
}

const char *gnt_path_cache_error(void)
{
        return cache_err[0] ? cache_err : "cannot use the cache folder";
}
