/* test_workspace.c — the statement's time budget follows the session's
 * minutes; the session folder below the current one is found. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "session/workspace.h"

static char *set(const char *in, double m)
{
        char *out = NULL;
        size_t n = 0;
        assert_int_equal(gnt_statement_set_minutes(in, strlen(in), m, &out, &n), 0);
        assert_int_equal(strlen(out), n);
        return out;
}

static void test_budget(void **state)
{
        (void)state;
        char *o = set("# Pool\n\n**Time budget: 45 minutes.** Standard library only.\n", 5);
        assert_string_equal(o, "# Pool\n\n**Time budget: 5 minutes.** Standard library only.\n");
        free(o);
        o = set("Intro.\nTime budget: **30 minutes**.\nMore.", 1.5);
        assert_string_equal(o, "Intro.\nTime budget: **1.5 minutes**.\nMore.");
        free(o);
        /* Only the first sentence of that shape; other numbers untouched. */
        o = set("Time budget: 45 minutes; 45 minutes is plenty.", 90);
        assert_string_equal(o, "Time budget: 90 minutes; 45 minutes is plenty.");
        free(o);
        /* None: one is added under the title, or on top. */
        o = set("# Title\nText 45 minutes.\n", 60);
        assert_string_equal(o, "# Title\nTime budget: **60 minutes**.\n\nText 45 minutes.\n");
        free(o);
        o = set("Plain text.", 20);
        assert_string_equal(o, "Time budget: **20 minutes**.\n\nPlain text.");
        free(o);
        o = set("# Only a title", 20);
        assert_string_equal(o, "# Only a title\n\nTime budget: **20 minutes**.\n\n");
        free(o);
        /* "Time budget:" without a number of minutes is not a budget. */
        o = set("Time budget: ample.", 20);
        assert_string_equal(o, "Time budget: **20 minutes**.\n\nTime budget: ample.");
        free(o);
        char *out;
        size_t n;
        assert_int_equal(gnt_statement_set_minutes("x", 1, 0, &out, &n), -EINVAL);
        assert_int_equal(gnt_statement_set_minutes("x", 1, -3, &out, &n), -EINVAL);
}

static void mk(const char *path)
{
        assert_int_equal(mkdir(path, 0700), 0);
}

static void test_find_below(void **state)
{
        (void)state;
        char tmpl[] = "/tmp/gauntlet-ws.XXXXXX", root[PATH_MAX], err[256], p[PATH_MAX];
        const char *base = mkdtemp(tmpl);
        assert_non_null(base);
        assert_int_equal(gnt_session_find_below(base, root, err, sizeof err), -ENOENT);
        /* A folder without a journal, a file named like one: not sessions. */
        snprintf(p, sizeof p, "%s/plain", base);
        mk(p);
        snprintf(p, sizeof p, "%s/gauntlet-a", base);
        mk(p);
        snprintf(p, sizeof p, "%s/gauntlet-a/.gauntlet", base);
        mk(p);
        assert_int_equal(gnt_session_find_below(base, root, err, sizeof err), -ENOENT);
        snprintf(p, sizeof p, "%s/gauntlet-a/.gauntlet/journal.jsonl", base);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fclose(f);
        assert_int_equal(gnt_session_find_below(base, root, err, sizeof err), 0);
        snprintf(p, sizeof p, "%s/gauntlet-a", base);
        assert_string_equal(root, p);
        /* A symlink to a session is not followed. */
        snprintf(p, sizeof p, "%s/link", base);
        assert_int_equal(symlink("gauntlet-a", p), 0);
        assert_int_equal(gnt_session_find_below(base, root, err, sizeof err), 0);
        /* Two: refused, both named. */
        snprintf(p, sizeof p, "%s/gauntlet-b", base);
        mk(p);
        snprintf(p, sizeof p, "%s/gauntlet-b/.gauntlet", base);
        mk(p);
        snprintf(p, sizeof p, "%s/gauntlet-b/.gauntlet/journal.jsonl", base);
        f = fopen(p, "w");
        assert_non_null(f);
        fclose(f);
        assert_int_equal(gnt_session_find_below(base, root, err, sizeof err), -EEXIST);
        assert_non_null(strstr(err, "2 session folders here (gauntlet-a, gauntlet-b)"));
        char cmd[PATH_MAX + 16];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
        assert_int_equal(system(cmd), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_budget),
                cmocka_unit_test(test_find_below),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
