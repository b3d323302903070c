/* test_paths.c — the cache folder: made with its parents when missing,
 * refused (with the path and the reason) when it is not a folder of this
 * user that only it can write, since gradings trust the build results in
 * it.  Each case runs in its own process: the answer is kept per process. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "paths.h"

static char root[512];

/* In a child: point XDG_CACHE_HOME at root/xdg and ask.  Exit 0 when the
 * answer is path (or NULL with an error naming want_err and the path). */
static int ask(const char *xdg, const char *want_path, const char *want_err)
{
        pid_t p = fork();
        if (p == 0) {
                setenv("XDG_CACHE_HOME", xdg, 1);
                const char *c = gnt_path_cache();
                if (want_path)
                        _exit(c && strcmp(c, want_path) == 0 ? 0 : 1);
                const char *e = gnt_path_cache_error();
                fprintf(stderr, "%s\n", e);
                _exit(!c && strstr(e, want_err) && strstr(e, xdg) ? 0 : 2);
        }
        int st;
        waitpid(p, &st, 0);
        return WIFEXITED(st) ? WEXITSTATUS(st) : 99;
}

static void test_made_with_parents(void **state)
{
        (void)state;
        char xdg[PATH_MAX], want[PATH_MAX + 16];
        snprintf(xdg, sizeof xdg, "%s/a/b/c", root);
        snprintf(want, sizeof want, "%s/gauntlet", xdg);
        assert_int_equal(ask(xdg, want, NULL), 0);
        struct stat st;
        assert_int_equal(stat(want, &st), 0);
        assert_true(S_ISDIR(st.st_mode));
        assert_int_equal(st.st_mode & 0777, 0700);
        assert_int_equal(ask(xdg, want, NULL), 0); /* and used again */
}

static void test_foreign_or_open_refused(void **state)
{
        (void)state;
        char xdg[PATH_MAX], dir[PATH_MAX + 16];
        snprintf(xdg, sizeof xdg, "%s/open", root);
        snprintf(dir, sizeof dir, "%s/gauntlet", xdg);
        assert_int_equal(mkdir(xdg, 0755), 0);
        assert_int_equal(mkdir(dir, 0700), 0);
        assert_int_equal(chmod(dir, 0777), 0); /* anyone may write */
        assert_int_equal(ask(xdg, NULL, "only it can write"), 0);

        snprintf(xdg, sizeof xdg, "%s/link", root);
        snprintf(dir, sizeof dir, "%s/gauntlet", xdg);
        assert_int_equal(mkdir(xdg, 0755), 0);
        assert_int_equal(symlink(root, dir), 0); /* a link, even to a good folder */
        assert_int_equal(ask(xdg, NULL, "Not a directory"), 0);

        snprintf(xdg, sizeof xdg, "%s/file", root);
        snprintf(dir, sizeof dir, "%s/gauntlet", xdg);
        assert_int_equal(mkdir(xdg, 0755), 0);
        FILE *f = fopen(dir, "w");
        assert_non_null(f);
        fclose(f);
        assert_int_equal(ask(xdg, NULL, "cannot use the cache folder"), 0);
}

int main(void)
{
        snprintf(root, sizeof root, "%s/gauntlet-paths-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        if (!mkdtemp(root))
                return 1;
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_made_with_parents),
                cmocka_unit_test(test_foreign_or_open_refused),
        };
        int rc = cmocka_run_group_tests(tests, NULL, NULL);
        char cmd[PATH_MAX + 16];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
        if (system(cmd) != 0)
                rc = rc ? rc : 1;
        return rc;
}
