/* test_toolchain.c — version comparison, and finding Go through
 * $GAUNTLET_GO (a fake go script that answers `go env`). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fake_tree.h"
#include "toolchain.h"

static void versions(void **state)
{
        assert_int_equal(grd_version_cmp("1.25", "go1.25.0"), 0);
        assert_true(grd_version_cmp("go1.26.8", "1.25") > 0);
        assert_true(grd_version_cmp("go1.24.9", "1.25") < 0);
        assert_true(grd_version_cmp("go1.9", "1.25") < 0);
        assert_true(grd_version_cmp("1.25.10", "1.25.9") > 0);
        assert_true(grd_version_cmp("garbage", "1.0") < 0);
        assert_true(grd_version_cmp(NULL, "1.0") < 0);
}

static void gauntlet_go_wins(void **state)
{
        char *r = fake_root_new();
        char *go;
        fake_write(r, "bin/go",
                   "#!/bin/sh\n[ \"$1\" = env ] || exit 2\n"
                   "printf 'go1.25.3\\n/opt/fakego\\n1\\nlinux\\namd64\\n'\n");
        assert_true(asprintf(&go, "%s/bin/go", r) > 0);
        chmod(go, 0755);
        setenv("GAUNTLET_GO", r, 1); /* a folder holding bin/go */
        struct grd_go g;
        assert_int_equal(grd_go_find(NULL, &g), 0);
        assert_string_equal(g.version, "go1.25.3");
        assert_string_equal(g.goroot, "/opt/fakego");
        assert_int_equal(g.minor, 25);
        assert_int_equal(g.patch, 3);
        assert_true(g.cgo);
        assert_false(g.race_runtime);

        /* A GAUNTLET_GO that does not work is an error, not a silent fallback. */
        setenv("GAUNTLET_GO", "/nonexistent/go", 1);
        assert_int_equal(grd_go_find(NULL, &g), -ENOENT);
        fake_write(r, "bin/go", "#!/bin/sh\necho nonsense\n");
        setenv("GAUNTLET_GO", go, 1);
        assert_int_equal(grd_go_find(NULL, &g), -ENOENT);
        unsetenv("GAUNTLET_GO");
        free(go);
        fake_root_free(r);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(versions),
                cmocka_unit_test(gauntlet_go_wins),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
