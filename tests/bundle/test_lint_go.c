/* test_lint_go.c — gnt_go_scan: the top-level names of a gofmt-formatted Go
 * file, as pack's duplicate-name, benchmark and group checks see them; and
 * gnt_go_vendor_check: go.mod against vendor/modules.txt. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bundle/lint.h"

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

/* gnt_go_vendor_check: the lines it reports, joined by '|'. */
struct lines {
        char buf[2048];
        int n;
};

static void collect(void *ctx, const char *line)
{
        struct lines *l = ctx;
        size_t k = strlen(l->buf);
        snprintf(l->buf + k, sizeof l->buf - k, "%s%s", l->n++ ? "|" : "", line);
}

static const char vendored_mod[] = "module svc\n\ngo 1.25\n\nrequire (\n"
                                   "\tgoogle.golang.org/grpc v1.85.0\n"
                                   "\tgolang.org/x/net v0.60.0 // indirect\n)\n\n"
                                   "require \"google.golang.org/protobuf\" v1.36.12\n";
static const char vendored_txt[] = "# golang.org/x/net v0.60.0\n## explicit; go 1.25.0\ngolang.org/x/net/http2\n"
                                   "# google.golang.org/grpc v1.85.0\n## explicit; go 1.24.0\ngoogle.golang.org/grpc\n"
                                   "# google.golang.org/protobuf v1.36.12\n## explicit\ngoogle.golang.org/protobuf/proto\n";

static void vendor_consistent(void **state)
{
        (void)state;
        struct lines l = {0};
        assert_int_equal(gnt_go_vendor_check(vendored_mod, "starter", vendored_txt, "starter", collect, &l), 0);
        assert_string_equal(l.buf, "");
        /* the standard library only: nothing to vendor */
        assert_int_equal(gnt_go_vendor_check("module sum\n\ngo 1.25\n", "reference", NULL, "reference", collect, &l), 0);
        assert_int_equal(gnt_go_vendor_check("module sum\n\ngo 1.25\nrequire ()\n", "reference", NULL, "reference", collect, &l), 0);
}

static void vendor_mismatch(void **state)
{
        (void)state;
        struct lines l = {0};
        assert_int_equal(gnt_go_vendor_check(vendored_mod, "starter", NULL, "starter", collect, &l), 1);
        assert_string_equal(l.buf, "starter/go.mod: requires google.golang.org/grpc v1.85.0 but starter/vendor/modules.txt "
                                   "is missing (the graders build offline: run go mod vendor)");

        /* grpc at another version, x/net not explicit, protobuf missing, an
         * explicit module go.mod does not require */
        static const char txt[] = "# golang.org/x/net v0.60.0\ngolang.org/x/net/http2\n"
                                  "# google.golang.org/grpc v1.84.0\n## explicit; go 1.24.0\n"
                                  "# example.com/extra v1.0.0\n## explicit\n";
        memset(&l, 0, sizeof l);
        assert_int_equal(gnt_go_vendor_check(vendored_mod, "reference", txt, "reference", collect, &l), 4);
        assert_string_equal(l.buf,
                            "reference/vendor/modules.txt: google.golang.org/grpc is vendored at v1.84.0, go.mod requires v1.85.0 (run go mod vendor)|"
                            "reference/vendor/modules.txt: golang.org/x/net v0.60.0 is not marked '## explicit' (run go mod vendor)|"
                            "reference/vendor/modules.txt: no '# google.golang.org/protobuf v1.36.12' (go.mod requires it: run go mod vendor)|"
                            "reference/vendor/modules.txt: example.com/extra v1.0.0 is marked explicit but go.mod does not require it (run go mod vendor)");

        /* replace directives, in go.mod and as modules.txt records them */
        memset(&l, 0, sizeof l);
        assert_int_equal(gnt_go_vendor_check("module m\nreplace a.example/x => ./x\n", "s",
                                             "# a.example/x v1.0.0 => ./x\n", "s", collect, &l),
                         2);
        assert_string_equal(l.buf, "s/go.mod:2: replace is not supported in a problem (the graders build from the vendored modules only)|"
                                   "s/vendor/modules.txt:1: a replaced module is not supported");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(declarations),
                cmocka_unit_test(not_code),
                cmocka_unit_test(empty_and_odd),
                cmocka_unit_test(vendor_consistent),
                cmocka_unit_test(vendor_mismatch),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
