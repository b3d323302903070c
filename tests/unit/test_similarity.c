/* test_similarity.c — winnowing fingerprints: copies survive renaming,
 * reformatting and comments; independent code does not match; the starter
 * is subtracted; matching regions point at the copied lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review/similarity.h"

static const char *const pool_a =
        "package pool\n"
        "\n"
        "import (\n\t\"context\"\n\t\"sync\"\n)\n"
        "\n"
        "// Run calls fn for every job with at most n workers.\n"
        "func Run(ctx context.Context, n int, jobs []int, fn func(context.Context, int) error) error {\n"
        "\tctx, cancel := context.WithCancel(ctx)\n"
        "\tdefer cancel()\n"
        "\tch := make(chan int)\n"
        "\tvar wg sync.WaitGroup\n"
        "\tvar once sync.Once\n"
        "\tvar first error\n"
        "\tfor i := 0; i < n; i++ {\n"
        "\t\twg.Add(1)\n"
        "\t\tgo func() {\n"
        "\t\t\tdefer wg.Done()\n"
        "\t\t\tfor j := range ch {\n"
        "\t\t\t\tif err := fn(ctx, j); err != nil {\n"
        "\t\t\t\t\tonce.Do(func() { first = err; cancel() })\n"
        "\t\t\t\t}\n"
        "\t\t\t}\n"
        "\t\t}()\n"
        "\t}\n"
        "loop:\n"
        "\tfor _, j := range jobs {\n"
        "\t\tselect {\n"
        "\t\tcase ch <- j:\n"
        "\t\tcase <-ctx.Done():\n"
        "\t\t\tbreak loop\n"
        "\t\t}\n"
        "\t}\n"
        "\tclose(ch)\n"
        "\twg.Wait()\n"
        "\treturn first\n"
        "}\n";

/* The same code with every name changed, comments added and the layout
 * squeezed: what a candidate hiding a copy would do. */
static const char *const pool_disguised =
        "package pool\n"
        "import (\"context\"; \"sync\")\n"
        "/* Execute work items concurrently. */\n"
        "func Execute(c context.Context, workers int, items []int, do func(context.Context, int) error) error {\n"
        "\tc, stop := context.WithCancel(c); defer stop()\n"
        "\tq := make(chan int) // work queue\n"
        "\tvar group sync.WaitGroup\n\tvar o sync.Once\n\tvar firstErr error\n"
        "\tfor w := 0; w < workers; w++ { group.Add(1); go func() { defer group.Done()\n"
        "\t\tfor it := range q { if e := do(c, it); e != nil { o.Do(func() { firstErr = e; stop() }) } }\n"
        "\t}() }\n"
        "feed:\n"
        "\tfor _, it := range items { select { case q <- it: case <-c.Done(): break feed } }\n"
        "\tclose(q); group.Wait(); return firstErr\n"
        "}\n";

/* An independent solution of the same problem (semaphore, errgroup-like). */
static const char *const pool_other =
        "package pool\n"
        "\n"
        "import (\n\t\"context\"\n\t\"errors\"\n)\n"
        "\n"
        "type result struct{ err error }\n"
        "\n"
        "func Run(ctx context.Context, n int, jobs []int, fn func(context.Context, int) error) error {\n"
        "\tif n <= 0 {\n\t\treturn errors.New(\"pool: n must be positive\")\n\t}\n"
        "\tsem := make(chan struct{}, n)\n"
        "\tresults := make(chan result, len(jobs))\n"
        "\tpending := 0\n"
        "\tfor _, j := range jobs {\n"
        "\t\tif ctx.Err() != nil {\n\t\t\tbreak\n\t\t}\n"
        "\t\tsem <- struct{}{}\n"
        "\t\tpending++\n"
        "\t\tgo func(j int) {\n\t\t\tdefer func() { <-sem }()\n\t\t\tresults <- result{fn(ctx, j)}\n\t\t}(j)\n"
        "\t}\n"
        "\tvar err error\n"
        "\tfor ; pending > 0; pending-- {\n"
        "\t\tif r := <-results; r.err != nil && err == nil {\n\t\t\terr = r.err\n\t\t}\n"
        "\t}\n"
        "\treturn err\n"
        "}\n";

static struct gnt_sim_doc *doc(const char *name, const char *label, const char *text)
{
        struct gnt_sim_doc *d = gnt_sim_doc_new(name);
        assert_non_null(d);
        assert_int_equal(gnt_sim_doc_add_file(d, label, text, strlen(text)), 0);
        return d;
}

static void identical_is_full_match(void **state)
{
        struct gnt_sim_doc *a = doc("a", "pool.go", pool_a), *b = doc("b", "pool.go", pool_a);
        struct gnt_sim_match m;
        assert_true(gnt_sim_doc_size(a) > 5);
        assert_int_equal(gnt_sim_compare(a, b, &m), 0);
        assert_true(m.frac_a > 0.999 && m.frac_b > 0.999);
        assert_int_equal(m.n_regions, 1);
        assert_string_equal(m.regions[0].file_a, "pool.go");
        gnt_sim_match_release(&m);
        gnt_sim_doc_free(a);
        gnt_sim_doc_free(b);
}

static void renaming_and_layout_do_not_hide_a_copy(void **state)
{
        struct gnt_sim_doc *a = doc("a", "pool.go", pool_a), *b = doc("b", "exec.go", pool_disguised);
        struct gnt_sim_match m;
        assert_int_equal(gnt_sim_compare(a, b, &m), 0);
        assert_true(m.frac_a > 0.8);
        assert_true(m.frac_b > 0.8);
        gnt_sim_match_release(&m);
        gnt_sim_doc_free(a);
        gnt_sim_doc_free(b);
}

static void independent_solutions_do_not_match(void **state)
{
        struct gnt_sim_doc *a = doc("a", "pool.go", pool_a), *b = doc("b", "pool.go", pool_other);
        struct gnt_sim_match m;
        assert_int_equal(gnt_sim_compare(a, b, &m), 0);
        assert_true(m.frac_a < 0.2);
        assert_true(m.frac_b < 0.2);
        gnt_sim_match_release(&m);
        gnt_sim_doc_free(a);
        gnt_sim_doc_free(b);
}

/* Both candidates keep a long starter helper verbatim: without subtraction
 * they look alike, with it they do not. */
static void starter_is_subtracted(void **state)
{
        static const char *const starter =
                "package pool\n\n"
                "// Stats counts what the pool did; provided, keep as is.\n"
                "type Stats struct {\n\tStarted, Finished, Failed int\n\tNames []string\n}\n\n"
                "func (s *Stats) Record(name string, err error) {\n"
                "\ts.Finished++\n\ts.Names = append(s.Names, name)\n"
                "\tif err != nil {\n\t\ts.Failed++\n\t}\n"
                "\tif len(s.Names) > 1000 {\n\t\ts.Names = s.Names[len(s.Names)-1000:]\n\t}\n}\n";
        struct gnt_sim_doc *base = doc("starter", "stats.go", starter);
        struct gnt_sim_doc *a = doc("a", "pool.go", pool_a), *b = doc("b", "pool.go", pool_other);
        assert_int_equal(gnt_sim_doc_add_file(a, "stats.go", starter, strlen(starter)), 0);
        assert_int_equal(gnt_sim_doc_add_file(b, "stats.go", starter, strlen(starter)), 0);
        struct gnt_sim_match m;
        assert_int_equal(gnt_sim_compare(a, b, &m), 0);
        double before = m.frac_a;
        gnt_sim_match_release(&m);
        size_t size_before = gnt_sim_doc_size(a);
        gnt_sim_doc_subtract(a, base);
        gnt_sim_doc_subtract(b, base);
        assert_true(gnt_sim_doc_size(a) < size_before);
        assert_int_equal(gnt_sim_compare(a, b, &m), 0);
        assert_true(before > 0.25);
        assert_true(m.frac_a < 0.2);
        gnt_sim_match_release(&m);
        gnt_sim_doc_free(base);
        gnt_sim_doc_free(a);
        gnt_sim_doc_free(b);
}

/* A copied function inside otherwise different code: the region names the
 * copied lines on both sides. */
static void regions_point_at_the_copy(void **state)
{
        char *mixed = NULL;
        assert_true(asprintf(&mixed, "%s\n// helper below\n%s", pool_other, strstr(pool_a, "func Run")) > 0);
        struct gnt_sim_doc *a = doc("a", "pool.go", pool_a), *b = doc("b", "mixed.go", mixed);
        struct gnt_sim_match m;
        assert_int_equal(gnt_sim_compare(a, b, &m), 0);
        assert_true(m.frac_a > 0.7);
        assert_true(m.frac_b < 0.8);
        assert_true(m.n_regions >= 1);
        unsigned other_lines = 0;
        for (const char *p = pool_other; *p; p++)
                other_lines += *p == '\n';
        /* The largest region is the copy, after the independent part of mixed.go. */
        size_t big = 0;
        for (size_t i = 1; i < m.n_regions; i++)
                if (m.regions[i].b_last - m.regions[i].b_first > m.regions[big].b_last - m.regions[big].b_first)
                        big = i;
        assert_string_equal(m.regions[big].file_b, "mixed.go");
        assert_true(m.regions[big].b_first > other_lines);
        assert_true(m.regions[big].b_last - m.regions[big].b_first >= 20);
        assert_true(m.regions[big].a_first >= 9 && m.regions[big].a_last <= 40);
        gnt_sim_match_release(&m);
        gnt_sim_doc_free(a);
        gnt_sim_doc_free(b);
        free(mixed);
}

static void tiny_and_empty_files(void **state)
{
        struct gnt_sim_doc *a = doc("a", "x.go", ""), *b = doc("b", "y.go", "package x\nfunc f() {}\n");
        struct gnt_sim_match m;
        assert_int_equal(gnt_sim_compare(a, b, &m), 0);
        assert_true(m.frac_a == 0 && m.frac_b == 0);
        gnt_sim_match_release(&m);
        /* Unterminated comments and strings do not run past the end. */
        assert_int_equal(gnt_sim_doc_add_file(a, "bad.go", "/* open", 7), 0);
        assert_int_equal(gnt_sim_doc_add_file(a, "bad2.go", "\"open", 5), 0);
        assert_int_equal(gnt_sim_doc_add_file(a, "bad3.go", "`open\n\n", 7), 0);
        gnt_sim_doc_free(a);
        gnt_sim_doc_free(b);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(identical_is_full_match),
                cmocka_unit_test(renaming_and_layout_do_not_hide_a_copy),
                cmocka_unit_test(independent_solutions_do_not_match),
                cmocka_unit_test(starter_is_subtracted),
                cmocka_unit_test(regions_point_at_the_copy),
                cmocka_unit_test(tiny_and_empty_files),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
