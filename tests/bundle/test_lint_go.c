/* test_lint_go.c — gnt_go_scan: the top-level names of a gofmt-formatted Go
 * file, as pack's duplicate-name, benchmark and group checks see them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lint.h"

/* "name:line:kind ..." of what text declares, and its package. */
static void scan(const char *text, char *out, size_t outsz, char *pkg, size_t pkgsz)
{
        struct gnt_go_decl *d = NULL;
        size_t n = 0, len = 0;
        assert_int_equal(gnt_go_scan(text, pkg, pkgsz, &d, &n), 0);
        out[0] = '\0';
        for (size_t i = 0; i < n; i++)
                len += (size_t)snprintf(out + len, outsz - len, "%s%s:%u:%c", i ? " " : "", d[i].name, d[i].line,
                                        d[i].kind);
        free(d);
}

static void declarations(void **state)
{
        (void)state;
        char out[1024], pkg[64];
        scan("package sum_test\n"
             "\n"
             "import (\n"
             "\t\"testing\"\n"
             ")\n"
             "\n"
             "func TestA(t *testing.T) {}\n"
             "func (r *ring) Push(x int) {}\n"
             "func init() {}\n"
             "func Map[T any](xs []T) {}\n"
             "type ring struct {\n"
             "\tbuf []int\n"
             "}\n"
             "var sink, _ = 1, 2\n"
             "const limit = 3\n"
             "var (\n"
             "\tseen, want = 1, 2\n"
             "\tcases = []struct {\n"
             "\t\tname string\n"
             "\t}{}\n"
             "\t// a comment\n"
             ")\n"
             "const (\n"
             "\tA State = iota\n"
             "\tB\n"
             ")\n"
             "type (\n"
             "\tState int\n"
             "\tpair struct{ a, b int }\n"
             ")\n"
             "var _ = helper\n",
             out, sizeof out, pkg, sizeof pkg);
        assert_string_equal(pkg, "sum_test");
        assert_string_equal(out, "TestA:7:f Map:10:f ring:11:t sink:14:v limit:15:c seen:17:v want:17:v "
                                 "cases:18:v A:24:c B:25:c State:28:t pair:29:t");
}

/* Raw strings and block comments are not code, even at column 0. */
static void not_code(void **state)
{
        (void)state;
        char out[1024], pkg[64];
        scan("package p\n"
             "\n"
             "var doc = `\n"
             "func Hidden() {}\n"
             "`\n"
             "/*\n"
             "func Commented() {}\n"
             "*/\n"
             "var quote = \"`\"\n"
             "func After() {}\n"
             "// func Line() {}\n",
             out, sizeof out, pkg, sizeof pkg);
        assert_string_equal(out, "doc:3:v quote:9:v After:10:f");
}

static void empty_and_odd(void **state)
{
        (void)state;
        char out[256], pkg[16];
        scan("", out, sizeof out, pkg, sizeof pkg);
        assert_string_equal(out, "");
        assert_string_equal(pkg, "");
        /* no final newline, CR, a name longer than the record */
        char big[400] = "package q\nfunc ";
        memset(big + strlen(big), 'x', 300);
        scan(big, out, sizeof out, pkg, sizeof pkg);
        assert_int_equal(strlen(out), 127 + 4);
        scan("package q\nfunc F() {}", out, sizeof out, pkg, sizeof pkg);
        assert_string_equal(out, "F:2:f");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(declarations),
                cmocka_unit_test(not_code),
                cmocka_unit_test(empty_and_odd),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
