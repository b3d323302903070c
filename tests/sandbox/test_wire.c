/* test_wire.c — a request to a prepared sandbox as bytes (wire.c): what is
 * encoded comes back equal; every truncation, a flipped byte anywhere, a
 * string with a NUL, an absurd count or value, another version, is
 * refused; the decoder validates through the jail's setters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static struct sbx_jail *sample(void)
{
        struct sbx_jail *j = sbx_jail_new();
        assert_non_null(j);
        assert_int_equal(sbx_jail_set_cpu(j, 2.5), 0);
        assert_int_equal(sbx_jail_set_wall(j, 7), 0);
        assert_int_equal(sbx_jail_set_mem(j, 512), 0);
        assert_int_equal(sbx_jail_set_procs(j, 33), 0);
        assert_int_equal(sbx_jail_set_fsize(j, 9), 0);
        assert_int_equal(sbx_jail_set_output(j, 3), 0);
        assert_int_equal(sbx_jail_set_disk(j, 300, 4000), 0);
        assert_int_equal(sbx_jail_set_nofile(j, 77), 0);
        assert_int_equal(sbx_jail_set_cpu_affinity(j, 1), 0);
        assert_int_equal(sbx_jail_set_policy(j, SBX_POLICY_BUILD), 0);
        assert_int_equal(sbx_jail_set_net(j, SBX_NET_LOOPBACK), 0);
        assert_int_equal(sbx_jail_add_dir(j, "/usr/local/go", false), 0);
        assert_int_equal(sbx_jail_add_dir(j, "/srv/cache", true), 0);
        assert_int_equal(sbx_jail_set_workdir(j, "/tmp/work"), 0);
        assert_int_equal(sbx_jail_add_env(j, "GOCACHE=/srv/cache"), 0);
        assert_int_equal(sbx_jail_add_env(j, "A=\xff odd bytes"), 0);
        return j;
}

static const char *const argv_sample[] = {"./prog", "", "two words", "-x", NULL};

static void encode(const struct sbx_jail *j, char **buf, size_t *len)
{
        /* The resolved dirs travel, not the jail's own. */
        assert_int_equal(sbx__wire_encode(j, j->dirs, j->workdir, argv_sample, buf, len), 0);
}

static void test_round_trip(void **state)
{
        (void)state;
        struct sbx_jail *j = sample(), *k = NULL;
        char *buf, **argv = NULL;
        size_t len;
        encode(j, &buf, &len);
        assert_int_equal(sbx__wire_decode(buf, len, &k, &argv), 0);
        assert_true(k->cpu_s == 2.5 && k->wall_s == 7);
        assert_int_equal(k->mem_mib, 512);
        assert_int_equal(k->procs, 33);
        assert_int_equal(k->fsize_mib, 9);
        assert_int_equal(k->output_mib, 3);
        assert_int_equal(k->disk_mib, 300);
        assert_int_equal(k->disk_files, 4000);
        assert_int_equal(k->nofile, 77);
        assert_int_equal(k->cpu_affinity, 1);
        assert_int_equal(k->policy, SBX_POLICY_BUILD);
        assert_int_equal(k->net, SBX_NET_LOOPBACK);
        assert_int_equal(k->ndirs, 2);
        assert_string_equal(k->dirs[0].path, "/usr/local/go");
        assert_false(k->dirs[0].rw);
        assert_string_equal(k->dirs[1].path, "/srv/cache");
        assert_true(k->dirs[1].rw);
        assert_string_equal(k->workdir, "/tmp/work");
        assert_int_equal(k->nenv, 2);
        assert_string_equal(k->env[1], "A=\xff odd bytes");
        for (int i = 0; argv_sample[i]; i++)
                assert_string_equal(argv[i], argv_sample[i]);
        assert_null(argv[4]);
        assert_null(k->stdin_path); /* redirections are descriptors */
        sbx__wire_free_argv(argv);
        sbx_jail_free(k);
        /* No workdir, no dirs, no environment. */
        struct sbx_jail *bare = sbx_jail_new();
        free(buf);
        const char *const one[] = {"true", NULL};
        assert_int_equal(sbx__wire_encode(bare, NULL, NULL, one, &buf, &len), 0);
        assert_int_equal(sbx__wire_decode(buf, len, &k, &argv), 0);
        assert_null(k->workdir);
        assert_int_equal(k->ndirs + k->nenv, 0);
        assert_int_equal(k->policy, SBX_POLICY_STRICT);
        assert_int_equal(k->cpu_affinity, -1);
        sbx__wire_free_argv(argv);
        sbx_jail_free(k);
        sbx_jail_free(bare);
        sbx_jail_free(j);
        free(buf);
}

/* Every prefix is refused, and so is the whole with a byte more. */
static void test_truncated(void **state)
{
        (void)state;
        struct sbx_jail *j = sample(), *k;
        char *buf, **argv;
        size_t len;
        encode(j, &buf, &len);
        for (size_t n = 0; n < len; n++)
                assert_true(sbx__wire_decode(buf, n, &k, &argv) < 0);
        char *more = malloc(len + 1);
        memcpy(more, buf, len);
        more[len] = 'x';
        assert_int_equal(sbx__wire_decode(more, len + 1, &k, &argv), -EBADMSG);
        free(more);
        free(buf);
        sbx_jail_free(j);
}

/* Any single byte flipped: refused, or decoded into a jail the setters
 * accept (never a crash, an unterminated string or a leak under ASan). */
static void test_flipped(void **state)
{
        (void)state;
        struct sbx_jail *j = sample(), *k;
        char *buf, **argv;
        size_t len;
        encode(j, &buf, &len);
        int refused = 0;
        for (size_t i = 0; i < len; i++)
                for (int bit = 0; bit < 8; bit++) {
                        buf[i] ^= (char)(1 << bit);
                        if (sbx__wire_decode(buf, len, &k, &argv) == 0) {
                                assert_true(k->policy < _SBX_POLICY_MAX && k->net < _SBX_NET_MAX);
                                for (size_t d = 0; d < k->ndirs; d++)
                                        assert_int_equal(k->dirs[d].path[0], '/');
                                assert_non_null(argv[0]);
                                sbx__wire_free_argv(argv);
                                sbx_jail_free(k);
                        } else {
                                refused++;
                        }
                        buf[i] ^= (char)(1 << bit);
                }
        assert_true(refused > 0);
        free(buf);
        sbx_jail_free(j);
}

static void test_refused_values(void **state)
{
        (void)state;
        struct sbx_jail *j = sample(), *k;
        char *buf, **argv;
        size_t len;
        encode(j, &buf, &len);
        /* another version, another magic */
        uint32_t v = SBX__WIRE_VERSION + 1;
        memcpy(buf + 4, &v, 4);
        assert_int_equal(sbx__wire_decode(buf, len, &k, &argv), -EPROTO);
        v = SBX__WIRE_VERSION;
        memcpy(buf + 4, &v, 4);
        buf[0] ^= 1;
        assert_int_equal(sbx__wire_decode(buf, len, &k, &argv), -EPROTO);
        buf[0] ^= 1;
        /* a negative CPU time, an absurd memory limit: the setters refuse */
        double cpu = -1;
        memcpy(buf + 8, &cpu, sizeof cpu);
        assert_int_equal(sbx__wire_decode(buf, len, &k, &argv), -EINVAL);
        cpu = 2.5;
        memcpy(buf + 8, &cpu, sizeof cpu);
        uint64_t mem = UINT64_MAX;
        memcpy(buf + 24, &mem, sizeof mem);
        assert_int_equal(sbx__wire_decode(buf, len, &k, &argv), -EINVAL);
        mem = 512;
        memcpy(buf + 24, &mem, sizeof mem);
        /* an absurd count of files for the disk (after cpu, wall, mem,
         * fsize, output and the disk's MiB) */
        uint64_t files = UINT64_MAX;
        memcpy(buf + 56, &files, sizeof files);
        assert_int_equal(sbx__wire_decode(buf, len, &k, &argv), -EINVAL);
        free(buf);
        /* a relative dir, a dir with "..", an env entry without '=', a
         * string with a NUL, an empty argv[0] */
        struct sbx__dir rel = {.path = "usr/lib", .rw = false}, dots = {.path = "/a/../etc", .rw = false};
        struct sbx_jail *bad = sbx_jail_new();
        bad->ndirs = 1;
        bad->dirs = &rel;
        assert_int_equal(sbx__wire_encode(bad, &rel, NULL, argv_sample, &buf, &len), 0);
        assert_int_equal(sbx__wire_decode(buf, len, &k, &argv), -EINVAL);
        free(buf);
        assert_int_equal(sbx__wire_encode(bad, &dots, NULL, argv_sample, &buf, &len), 0);
        assert_int_equal(sbx__wire_decode(buf, len, &k, &argv), -EINVAL);
        free(buf);
        bad->ndirs = 0;
        bad->dirs = NULL;
        const char *const empty[] = {"", NULL};
        assert_int_equal(sbx__wire_encode(bad, NULL, NULL, empty, &buf, &len), 0);
        assert_int_equal(sbx__wire_decode(buf, len, &k, &argv), -EBADMSG);
        /* "true" with a NUL inside: argv[0] is the last string */
        free(buf);
        const char *const one[] = {"true", NULL};
        assert_int_equal(sbx__wire_encode(bad, NULL, NULL, one, &buf, &len), 0);
        buf[len - 2] = '\0';
        assert_int_equal(sbx__wire_decode(buf, len, &k, &argv), -EBADMSG);
        /* a count of strings past the end */
        uint32_t huge = 0x7fffffff;
        memcpy(buf + len - 4 - 4 - 4, &huge, 4); /* argc, before its one string */
        assert_int_equal(sbx__wire_decode(buf, len, &k, &argv), -EBADMSG);
        free(buf);
        sbx_jail_free(bad);
        sbx_jail_free(j);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_round_trip),
                cmocka_unit_test(test_truncated),
                cmocka_unit_test(test_flipped),
                cmocka_unit_test(test_refused_values),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
