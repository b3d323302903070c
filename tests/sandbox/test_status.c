/* test_status.c — status, policy and net names round-trip, and the status
 * precedence when several conditions hold at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "internal.h"

static void test_names_round_trip(void **state)
{
        (void)state;
        for (int s = 0; s < _SBX_STATUS_MAX; s++)
                assert_int_equal(sbx_status_from_name(sbx_status_name(s)), s);
        assert_null(sbx_status_name(_SBX_STATUS_MAX));
        assert_int_equal(sbx_status_from_name("timeout"), -EINVAL);
        assert_int_equal(sbx_status_from_name(NULL), -EINVAL);
        assert_string_equal(sbx_status_name(SBX_STATUS_MEMORY_LIMIT), "memory-limit");
        for (int p = 0; p < _SBX_POLICY_MAX; p++)
                assert_int_equal(sbx_policy_from_name(sbx_policy_name(p)), p);
        assert_int_equal(sbx_policy_from_name("loose"), -EINVAL);
        for (int n = 0; n < _SBX_NET_MAX; n++)
                assert_int_equal(sbx_net_from_name(sbx_net_name(n)), n);
        assert_int_equal(sbx_net_from_name("host"), -EINVAL);
}

#define S(x) SBX__SEEN(SBX_STATUS_##x)

static void test_precedence(void **state)
{
        (void)state;
        assert_int_equal(sbx__status_pick(0), SBX_STATUS_OK);
        assert_int_equal(sbx__status_pick(S(NONZERO_EXIT)), SBX_STATUS_NONZERO_EXIT);
        assert_int_equal(sbx__status_pick(S(SIGNALED) | S(NONZERO_EXIT)), SBX_STATUS_SIGNALED);
        assert_int_equal(sbx__status_pick(S(SIGNALED) | S(FILE_LIMIT)), SBX_STATUS_FILE_LIMIT);
        /* a full disk explains a failure, and is said even after exit 0 */
        assert_int_equal(sbx__status_pick(S(DISK_LIMIT)), SBX_STATUS_DISK_LIMIT);
        assert_int_equal(sbx__status_pick(S(NONZERO_EXIT) | S(SIGNALED) | S(DISK_LIMIT)), SBX_STATUS_DISK_LIMIT);
        assert_int_equal(sbx__status_pick(S(DISK_LIMIT) | S(FILE_LIMIT)), SBX_STATUS_FILE_LIMIT);
        assert_int_equal(sbx__status_pick(S(DISK_LIMIT) | S(MEMORY_LIMIT)), SBX_STATUS_MEMORY_LIMIT);
        assert_int_equal(sbx__status_pick(S(FILE_LIMIT) | S(OUTPUT_LIMIT)), SBX_STATUS_OUTPUT_LIMIT);
        assert_int_equal(sbx__status_pick(S(OUTPUT_LIMIT) | S(WALL_LIMIT)), SBX_STATUS_WALL_LIMIT);
        assert_int_equal(sbx__status_pick(S(WALL_LIMIT) | S(TIME_LIMIT)), SBX_STATUS_TIME_LIMIT);
        assert_int_equal(sbx__status_pick(S(TIME_LIMIT) | S(MEMORY_LIMIT) | S(SIGNALED)),
                         SBX_STATUS_MEMORY_LIMIT);
        assert_int_equal(sbx__status_pick(S(MEMORY_LIMIT) | S(VIOLATION)), SBX_STATUS_VIOLATION);
        assert_int_equal(sbx__status_pick(S(VIOLATION) | S(INTERNAL_ERROR) | S(OK)),
                         SBX_STATUS_INTERNAL_ERROR);
}

static void test_jail_setters_validate(void **state)
{
        (void)state;
        struct sbx_jail *j = sbx_jail_new();
        assert_non_null(j);
        assert_int_equal(sbx_jail_set_cpu(j, -1), -EINVAL);
        assert_int_equal(sbx_jail_set_cpu(j, 1.0 / 0.0), -EINVAL);
        assert_int_equal(sbx_jail_set_cpu(j, 2.5), 0);
        assert_int_equal(sbx_jail_set_wall(j, 1e12), -EINVAL);
        assert_int_equal(sbx_jail_set_policy(j, _SBX_POLICY_MAX), -EINVAL);
        assert_int_equal(sbx_jail_set_disk(j, UINT64_MAX, 0), -EINVAL);
        assert_int_equal(sbx_jail_set_disk(j, 64, UINT64_MAX), -EINVAL);
        assert_int_equal(sbx_jail_set_disk(j, 0, 0), 0); /* the defaults */
        assert_int_equal(sbx_jail_set_disk(j, 64, 1000), 0);
        assert_int_equal(sbx_jail_add_dir(j, "relative", false), -EINVAL);
        assert_int_equal(sbx_jail_add_dir(j, "/a/../etc", false), -EINVAL);
        assert_int_equal(sbx_jail_add_dir(j, "/usr/local/go", false), 0);
        assert_int_equal(sbx_jail_add_env(j, "=x"), -EINVAL);
        assert_int_equal(sbx_jail_add_env(j, "NOEQUALS"), -EINVAL);
        assert_int_equal(sbx_jail_add_env(j, "A=1"), 0);
        assert_int_equal(sbx_jail_add_env(j, "A=2"), 0);
        const char *argv[] = {NULL};
        struct sbx_result r;
        assert_int_equal(sbx_jail_run(j, argv, &r), -EINVAL);
        sbx_jail_free(j);
        sbx_jail_free(NULL);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_names_round_trip),
                cmocka_unit_test(test_precedence),
                cmocka_unit_test(test_jail_setters_validate),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
