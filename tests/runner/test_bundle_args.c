/* test_bundle_args.c — the command lines of `gauntlet pack`, `unpack`,
 * `inspect`, `verify`, `new` and `keygen`: every option and its default,
 * and the exact line for each mistake (the messages users and scripts see);
 * a refused command line leaves the result untouched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "bundle/bundle.h"
#include "bundle_args.h"
#include "problem.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])) - 1)

/* parse(argv) is refused with the line `want`, and *ret keeps its `field`. */
#define REFUSED(parse, type, field, want, ...)                                                       \
        do {                                                                                         \
                char *argv_[] = {__VA_ARGS__, NULL};                                                 \
                struct type a_ = {.field = "untouched"};                                             \
                char err_[256] = "";                                                                 \
                assert_int_equal(parse(ARGC(argv_), argv_, &a_, err_, sizeof err_), -1);             \
                assert_string_equal(err_, want);                                                     \
                assert_string_equal(a_.field, "untouched");                                          \
        } while (0)

#define PACK_REFUSED(want, ...) REFUSED(gnt_pack_args_parse, gnt_pack_args, src, want, "pack", __VA_ARGS__)
#define UNPACK_REFUSED(want, ...)                                                                    \
        REFUSED(gnt_unpack_args_parse, gnt_unpack_args, bundle, want, "unpack", __VA_ARGS__)
#define INSPECT_REFUSED(want, ...)                                                                   \
        REFUSED(gnt_inspect_args_parse, gnt_inspect_args, bundle, want, "inspect", __VA_ARGS__)
#define VERIFY_REFUSED(want, ...)                                                                    \
        REFUSED(gnt_verify_args_parse, gnt_verify_args, submission, want, "verify", __VA_ARGS__)
#define NEW_REFUSED(want, ...) REFUSED(gnt_new_args_parse, gnt_new_args, id, want, "new", __VA_ARGS__)
#define KEYGEN_REFUSED(want, ...)                                                                    \
        REFUSED(gnt_keygen_args_parse, gnt_keygen_args, prefix, want, "keygen", __VA_ARGS__)

static void pack_command(void **state)
{
        (void)state;
        struct gnt_pack_args a;
        char err[256];
        char *plain[] = {"pack", "dir", "-o", "dist", NULL};
        assert_int_equal(gnt_pack_args_parse(ARGC(plain), plain, &a, err, sizeof err), 0);
        assert_string_equal(a.src, "dir");
        assert_string_equal(a.out, "dist");
        assert_null(a.key);
        assert_false(a.sealed);
        assert_int_equal(a.which, GNT_PACK_PUBLIC | GNT_PACK_GRADING);

        char *all[] = {"pack", "--output=d", "--sign", "team.key", "--sealed", "--grading-only", "p", NULL};
        assert_int_equal(gnt_pack_args_parse(ARGC(all), all, &a, err, sizeof err), 0);
        assert_string_equal(a.src, "p");
        assert_string_equal(a.out, "d");
        assert_string_equal(a.key, "team.key");
        assert_true(a.sealed);
        assert_int_equal(a.which, GNT_PACK_GRADING | GNT_PACK_SEALED);

        /* --public-only and --grading-only: the last one wins */
        char *pub[] = {"pack", "p", "-o", "d", "--grading-only", "--public-only", NULL};
        assert_int_equal(gnt_pack_args_parse(ARGC(pub), pub, &a, err, sizeof err), 0);
        assert_int_equal(a.which, GNT_PACK_PUBLIC);

        PACK_REFUSED("missing the problem folder", "-o", "d");
        PACK_REFUSED("unexpected argument 'b'", "a", "b", "-o", "d");
        PACK_REFUSED("missing -o OUTDIR", "a");
        PACK_REFUSED("--sealed needs --sign KEY (the content key is derived from it)", "a", "-o", "d",
                     "--sealed");
        PACK_REFUSED("unknown option '--bogus'", "--bogus", "a");
        PACK_REFUSED("unknown option '-x'", "-x", "a");
        PACK_REFUSED("option '-o' needs a value", "a", "-o");
        PACK_REFUSED("option '--sign' needs a value", "a", "-o", "d", "--sign");
        PACK_REFUSED("unknown option '--sealed=yes'", "a", "--sealed=yes");
}

static void unpack_command(void **state)
{
        (void)state;
        struct gnt_unpack_args a;
        char err[256];
        char *plain[] = {"unpack", "b.tar.gz", "-o", "out", NULL};
        assert_int_equal(gnt_unpack_args_parse(ARGC(plain), plain, &a, err, sizeof err), 0);
        assert_string_equal(a.bundle, "b.tar.gz");
        assert_string_equal(a.out, "out");
        assert_null(a.pubkey);

        char *all[] = {"unpack", "--pubkey", "team.pub", "--output", "o", "b", NULL};
        assert_int_equal(gnt_unpack_args_parse(ARGC(all), all, &a, err, sizeof err), 0);
        assert_string_equal(a.bundle, "b");
        assert_string_equal(a.out, "o");
        assert_string_equal(a.pubkey, "team.pub");

        UNPACK_REFUSED("missing the bundle", "-o", "d");
        UNPACK_REFUSED("unexpected argument 'c'", "b", "c", "-o", "d");
        UNPACK_REFUSED("missing -o DIR", "b");
        UNPACK_REFUSED("missing -o DIR", "b", "-o", "");
        UNPACK_REFUSED("option '--pubkey' needs a value", "b", "--pubkey");
        UNPACK_REFUSED("unknown option '--json'", "b", "--json");
}

static void inspect_command(void **state)
{
        (void)state;
        struct gnt_inspect_args a;
        char err[256];
        char *plain[] = {"inspect", "b.tar.gz", NULL};
        assert_int_equal(gnt_inspect_args_parse(ARGC(plain), plain, &a, err, sizeof err), 0);
        assert_string_equal(a.bundle, "b.tar.gz");
        assert_null(a.pubkey);
        assert_false(a.json);

        char *all[] = {"inspect", "--json", "b", "--pubkey=k.pub", NULL};
        assert_int_equal(gnt_inspect_args_parse(ARGC(all), all, &a, err, sizeof err), 0);
        assert_string_equal(a.bundle, "b");
        assert_string_equal(a.pubkey, "k.pub");
        assert_true(a.json);

        INSPECT_REFUSED("missing the bundle", "--json");
        INSPECT_REFUSED("unexpected argument 'c'", "b", "c");
        INSPECT_REFUSED("option '--pubkey' needs a value", "b", "--pubkey");
        INSPECT_REFUSED("unknown option '-o'", "-o", "x", "b");
        INSPECT_REFUSED("unknown option '--bogus'", "--bogus");
}

static void verify_command(void **state)
{
        (void)state;
        struct gnt_verify_args a;
        char err[256];
        char *plain[] = {"verify", "sub.tar.gz", NULL};
        assert_int_equal(gnt_verify_args_parse(ARGC(plain), plain, &a, err, sizeof err), 0);
        assert_string_equal(a.submission, "sub.tar.gz");
        assert_null(a.bundle);
        assert_null(a.pubkey);
        assert_null(a.candidate);
        assert_false(a.quiet);

        char *all[] = {"verify", "-b", "b", "-k", "k", "--candidate", "ada", "-q", "s", NULL};
        assert_int_equal(gnt_verify_args_parse(ARGC(all), all, &a, err, sizeof err), 0);
        assert_string_equal(a.submission, "s");
        assert_string_equal(a.bundle, "b");
        assert_string_equal(a.pubkey, "k");
        assert_string_equal(a.candidate, "ada");
        assert_true(a.quiet);

        char *longs[] = {"verify", "--bundle=b2", "--pubkey", "k2", "--quiet", "s2", NULL};
        assert_int_equal(gnt_verify_args_parse(ARGC(longs), longs, &a, err, sizeof err), 0);
        assert_string_equal(a.bundle, "b2");
        assert_string_equal(a.pubkey, "k2");
        assert_true(a.quiet);

        VERIFY_REFUSED("missing SUBMISSION", "-q");
        VERIFY_REFUSED("too many arguments", "a", "b");
        VERIFY_REFUSED("option '-b' needs a value", "s", "-b");
        VERIFY_REFUSED("option '--candidate' needs a value", "s", "--candidate");
        VERIFY_REFUSED("unknown option '--bogus'", "--bogus", "s");
}

static void new_command(void **state)
{
        (void)state;
        struct gnt_new_args a;
        char err[256];
        char *plain[] = {"new", "problem", "lru", "--lang", "go", "--areas", "idiomatic", NULL};
        assert_int_equal(gnt_new_args_parse(ARGC(plain), plain, &a, err, sizeof err), 0);
        assert_string_equal(a.id, "lru");
        assert_string_equal(a.lang, "go");
        assert_int_equal(a.language, GRD_LANG_GO);
        assert_string_equal(a.areas, "idiomatic");
        assert_null(a.out);

        char *all[] = {"new", "--lang=c", "-o", "here", "problem", "ring", "--areas",
                       "low-level,performance", NULL};
        assert_int_equal(gnt_new_args_parse(ARGC(all), all, &a, err, sizeof err), 0);
        assert_string_equal(a.id, "ring");
        assert_int_equal(a.language, GRD_LANG_C);
        assert_string_equal(a.areas, "low-level,performance");
        assert_string_equal(a.out, "here");

        NEW_REFUSED("missing what to make: 'problem'", "--lang", "go");
        NEW_REFUSED("cannot make 'assessment': only 'problem'", "assessment", "x");
        NEW_REFUSED("missing the problem id", "problem");
        NEW_REFUSED("unexpected argument 'b'", "problem", "a", "b");
        NEW_REFUSED("missing --lang go|c", "problem", "a", "--areas", "idiomatic");
        NEW_REFUSED("--lang: expected go or c, got 'rust'", "problem", "a", "--lang", "rust");
        NEW_REFUSED("missing --areas (comma-separated: idiomatic, concurrency, low-level, networking, "
                    "performance, reliability)",
                    "problem", "a", "--lang", "go");
        NEW_REFUSED("option '--lang' needs a value", "problem", "a", "--lang");
        NEW_REFUSED("unknown option '--bogus'", "--bogus");
}

static void keygen_command(void **state)
{
        (void)state;
        struct gnt_keygen_args a;
        char err[256];
        char *plain[] = {"keygen", "-o", "team", NULL};
        assert_int_equal(gnt_keygen_args_parse(ARGC(plain), plain, &a, err, sizeof err), 0);
        assert_string_equal(a.prefix, "team");
        char *lng[] = {"keygen", "--output=keys/t", NULL};
        assert_int_equal(gnt_keygen_args_parse(ARGC(lng), lng, &a, err, sizeof err), 0);
        assert_string_equal(a.prefix, "keys/t");

        char *none[] = {"keygen", NULL};
        struct gnt_keygen_args u = {.prefix = "untouched"};
        assert_int_equal(gnt_keygen_args_parse(ARGC(none), none, &u, err, sizeof err), -1);
        assert_string_equal(err, "missing -o PREFIX");
        assert_string_equal(u.prefix, "untouched");
        KEYGEN_REFUSED("missing -o PREFIX", "-o", "");
        KEYGEN_REFUSED("unexpected argument 'x'", "-o", "p", "x");
        KEYGEN_REFUSED("option '-o' needs a value", "-o");
        KEYGEN_REFUSED("unknown option '--bogus'", "--bogus");
}

/* Garbage: nothing but refusals, never a crash, and a long line is cut
 * to the buffer, not written past it. */
static void garbage(void **state)
{
        (void)state;
        char big[4096];
        memset(big, 'x', sizeof big - 1);
        big[sizeof big - 1] = '\0';
        char *argv[] = {"pack", "a", big, NULL};
        struct gnt_pack_args a = {.src = "untouched"};
        char err[32];
        memset(err, '#', sizeof err);
        assert_int_equal(gnt_pack_args_parse(ARGC(argv), argv, &a, err, 16), -1);
        assert_int_equal(strlen(err), 15);
        assert_int_equal(err[16], '#');
        assert_string_equal(a.src, "untouched");
        PACK_REFUSED("unexpected argument 'a'", "-", "a"); /* "-" is an operand */
        PACK_REFUSED("missing -o OUTDIR", "--", "--");    /* after "--", "--" is the folder */
        PACK_REFUSED("unexpected argument '-o'", "a", "--", "-o", "d");
        UNPACK_REFUSED("unknown option '-\xff'", "-\xff", "b");
        VERIFY_REFUSED("too many arguments", "", "");
        NEW_REFUSED("cannot make '': only 'problem'", "");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(pack_command),    cmocka_unit_test(unpack_command),
                                 cmocka_unit_test(inspect_command),
                cmocka_unit_test(verify_command),  cmocka_unit_test(new_command),
                                    cmocka_unit_test(keygen_command),
                cmocka_unit_test(garbage),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
