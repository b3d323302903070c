/* test_jail.c — one jail run from two threads at once: a run resolves its
 * own copy of the jail's dirs and never changes the jail, so both runs
 * see the folder and the jail keeps its settings throughout (a watcher
 * thread reads them all the while).  Real runs in the sandbox: skipped
 * where namespaces cannot be made. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#include "../skip.h"

#define RUNS 12

struct runner {
        const struct sbx_jail *j;
        const char *const *argv;
        int ok, failed;
        char message[300];
};

static atomic_int running;
static char top[] = "/tmp/gauntlet-jail-XXXXXX";

/* The folder is removed whatever the case's outcome. */
static int setup(void **state)
{
        (void)state;
        return mkdtemp(top) && chmod(top, 0755) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
        (void)state;
        return sbx_file_rmtree(top) == 0 ? 0 : -1;
}

static void *run_many(void *arg)
{
        struct runner *r = arg;
        for (int i = 0; i < RUNS; i++) {
                struct sbx_result res;
                if (sbx_jail_run(r->j, r->argv, &res) == 0 && res.status == SBX_STATUS_OK) {
                        r->ok++;
                } else {
                        r->failed++;
                        snprintf(r->message, sizeof r->message, "%s: %s", sbx_status_name(res.status),
                                 res.message);
                }
        }
        atomic_fetch_sub(&running, 1);
        return NULL;
}

static void test_one_jail_two_threads(void **state)
{
        (void)state;
        char real[128], link[128];
        snprintf(real, sizeof real, "%s/real", top);
        snprintf(link, sizeof link, "%s/link", top);
        assert_int_equal(mkdir(real, 0755), 0);
        assert_int_equal(symlink("real", link), 0);

        struct sbx_jail *j = sbx_jail_new();
        assert_non_null(j);
        /* Through the symbolic link: a run works on the resolved path. */
        assert_int_equal(sbx_jail_add_dir(j, link, false), 0);
        assert_int_equal(sbx_jail_set_wall(j, 20), 0);
        assert_int_equal(sbx_jail_set_pool(j, NULL), 0);
        const struct sbx__dir *dirs = j->dirs;
        const char *path = j->dirs[0].path;

        char script[300];
        snprintf(script, sizeof script, "test -d '%s' && sleep 0.05", real);
        const char *argv[] = {"/bin/sh", "-c", script, NULL};
        struct sbx_result probe;
        assert_int_equal(sbx_jail_run(j, argv, &probe), 0);
        if (probe.status == SBX_STATUS_INTERNAL_ERROR && strstr(probe.message, "namespaces")) {
                char why[320];
                snprintf(why, sizeof why, "no sandbox here: %s", probe.message);
                sbx_jail_free(j);
                SKIP(why);
        }
        assert_int_equal(probe.status, SBX_STATUS_OK);

        struct runner a = {.j = j, .argv = argv}, b = {.j = j, .argv = argv};
        pthread_t ta, tb;
        atomic_store(&running, 2);
        assert_int_equal(pthread_create(&ta, NULL, run_many, &a), 0);
        assert_int_equal(pthread_create(&tb, NULL, run_many, &b), 0);
        /* The jail as set, every time we look while the runs go on. */
        size_t looks = 0, changed = 0;
        while (atomic_load(&running) > 0) {
                const struct sbx__dir *now = *(const struct sbx__dir *volatile *)&j->dirs;
                changed += now != dirs || now[0].path != path || strcmp(now[0].path, link) != 0;
                looks++;
                usleep(100); /* a look every 0.1 ms, leaving the CPUs to the runs */
        }
        pthread_join(ta, NULL);
        pthread_join(tb, NULL);
        print_message("%zu looks at the jail during %d runs\n", looks, 2 * RUNS);
        assert_int_equal(changed, 0);
        if (a.failed)
                print_message("first thread: %s\n", a.message);
        if (b.failed)
                print_message("second thread: %s\n", b.message);
        assert_int_equal(a.ok, RUNS);
        assert_int_equal(b.ok, RUNS);
        assert_ptr_equal(j->dirs, dirs);
        assert_string_equal(j->dirs[0].path, link);
        sbx_jail_free(j);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_one_jail_two_threads, setup, teardown),
        };
        int failed = cmocka_run_group_tests(tests, NULL, NULL);
        return SKIP_EXIT(failed, 1);
}
