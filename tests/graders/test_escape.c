/* test_escape.c — the parser of the compiler's escape analysis
 * (`go build -gcflags=-m`, real output in data/escape.txt): only what goes
 * to the heap, only in the candidate's own files, sorted, without
 * duplicates, bounded, control bytes defanged; garbage is skipped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "escape.h"
#include "sbx_file.h"

static char *data(const char *name, size_t *len)
{
        char path[512], *text = NULL;
        snprintf(path, sizeof path, "%s/%s", GRD_TEST_DATA, name);
        if (sbx_file_read(path, 1 << 20, 0, &text, len) < 0)
                fail_msg("cannot read %s", path);
        return text;
}

static void site_is(const struct grd_escape *e, size_t i, const char *file, unsigned line, unsigned col,
                    const char *what)
{
        assert_true(i < e->n);
        assert_string_equal(e->sites[i].file, file);
        assert_int_equal(e->sites[i].line, line);
        assert_int_equal(e->sites[i].col, col);
        assert_string_equal(e->sites[i].what, what);
}

static void test_real_output(void **state)
{
        (void)state;
        size_t len;
        char *out = data("escape.txt", &len);
        /* helper.go is not the candidate's here: its site is left out. */
        const char *files[] = {"cache.go"};
        struct grd_escape e = {0};
        assert_int_equal(grd_escape_parse(out, len, files, 1, &e), 0);
        assert_int_equal(e.n, 7);
        assert_int_equal(e.dropped, 0);
        site_is(&e, 0, "cache.go", 9, 28, "&Cache{...} escapes to heap");
        site_is(&e, 1, "cache.go", 9, 42, "make(map[string]*Entry) escapes to heap");
        site_is(&e, 2, "cache.go", 12, 2, "moved to heap: e");
        site_is(&e, 3, "cache.go", 25, 76, "k escapes to heap");
        site_is(&e, 4, "cache.go", 28, 2, "moved to heap: n");
        site_is(&e, 5, "cache.go", 29, 9, "func literal escapes to heap");
        site_is(&e, 6, "cache.go", 29, 47, "k escapes to heap");
        for (size_t i = 0; i < e.n; i++) /* never "does not escape", "leaking param", "can inline" */
                assert_null(strstr(e.sites[i].what, "not escape"));
        grd_escape_release(&e);
        const char *both[] = {"helper.go", "cache.go"};
        assert_int_equal(grd_escape_parse(out, len, both, 2, &e), 0);
        assert_int_equal(e.n, 8);
        site_is(&e, 7, "helper.go", 3, 32, "x escapes to heap");
        grd_escape_release(&e);
        grd_escape_release(&e); /* twice: a no-op */
        grd_escape_release(NULL);
        free(out);
}

static void test_order_and_duplicates(void **state)
{
        (void)state;
        const char out[] = "./b.go:3:1: y escapes to heap\r\n"
                           "./a.go:10:2: moved to heap: x\n"
                           "./a.go:2:5: &T{} escapes to heap\n"
                           "./a.go:10:2: moved to heap: x\n" /* inlined elsewhere: the same site again */
                           "a.go:1:1: z escapes to heap";   /* no "./", no final newline */
        const char *files[] = {"a.go", "b.go"};
        struct grd_escape e = {0};
        assert_int_equal(grd_escape_parse(out, sizeof out - 1, files, 2, &e), 0);
        assert_int_equal(e.n, 4);
        site_is(&e, 0, "a.go", 1, 1, "z escapes to heap");
        site_is(&e, 1, "a.go", 2, 5, "&T{} escapes to heap");
        site_is(&e, 2, "a.go", 10, 2, "moved to heap: x");
        site_is(&e, 3, "b.go", 3, 1, "y escapes to heap");
        grd_escape_release(&e);
}

static void test_garbage(void **state)
{
        (void)state;
        const char out[] = "# example.com/x\n"
                           "./a.go:x:1: v escapes to heap\n"          /* no line number */
                           "./a.go:1: v escapes to heap\n"            /* no column */
                           "./a.go:1:2:v escapes to heap\n"           /* no space */
                           "./a.go:1:2: v escapes to heap now\n"      /* not the end of the message */
                           "./a.go:1:2: v does not escape\n"
                           "./a.go:1:2: leaking param: v\n"
                           "./other.go:1:2: v escapes to heap\n"      /* not the candidate's */
                           "./../a.go:1:2: v escapes to heap\n"
                           ":1:2: v escapes to heap\n"
                           "./a.go:99999999999:2: v escapes to heap\n" /* cut, never overflows */
                           "\n\n";
        const char *files[] = {"a.go"};
        struct grd_escape e = {0};
        assert_int_equal(grd_escape_parse(out, sizeof out - 1, files, 1, &e), 0);
        assert_int_equal(e.n, 0);
        grd_escape_release(&e);
        assert_int_equal(grd_escape_parse(NULL, 0, files, 1, &e), 0);
        assert_int_equal(e.n, 0);
        grd_escape_release(&e);
}

/* A message the candidate's source put on the line: control bytes are
 * defanged, long ones cut; past GRD_ESCAPE_SITES_MAX sites are counted. */
static void test_hostile(void **state)
{
        (void)state;
        size_t cap = (GRD_ESCAPE_SITES_MAX + 10) * 64 + 4096;
        char *out = malloc(cap);
        size_t o = (size_t)snprintf(out, cap, "./a.go:1:1: \"\x1b[2J\" + strings.Repeat(\"");
        memset(out + o, 'x', 1000);
        o += 1000;
        o += (size_t)snprintf(out + o, cap - o, "\") escapes to heap\n");
        for (int i = 0; i < GRD_ESCAPE_SITES_MAX + 9; i++)
                o += (size_t)snprintf(out + o, cap - o, "./a.go:%d:3: v%d escapes to heap\n", i + 2, i);
        const char *files[] = {"a.go"};
        struct grd_escape e = {0};
        assert_int_equal(grd_escape_parse(out, o, files, 1, &e), 0);
        assert_int_equal(e.n, GRD_ESCAPE_SITES_MAX);
        assert_int_equal(e.dropped, 10);
        assert_int_equal(strlen(e.sites[0].what), GRD_ESCAPE_WHAT_MAX);
        assert_null(strchr(e.sites[0].what, '\x1b'));
        assert_non_null(strstr(e.sites[0].what, "\"?[2J\""));
        grd_escape_release(&e);
        free(out);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_real_output),
                cmocka_unit_test(test_order_and_duplicates),
                cmocka_unit_test(test_garbage),
                cmocka_unit_test(test_hostile),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
