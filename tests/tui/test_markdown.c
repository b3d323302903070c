/* test_markdown.c — statements render legibly: headings, code blocks kept
 * verbatim, lists with hanging indents, inline styles, wide characters
 * wrapped by display width, nothing wider than the pane. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tui/markdown.h"

static struct gnt_md_doc render(const char *md, int width)
{
        struct gnt_md_doc d;
        assert_int_equal(gnt_md_render(md, strlen(md), width, &d), 0);
        for (size_t i = 0; i < d.n; i++)
                if (gnt_md_width(d.lines[i].text, d.lines[i].len) > width)
                        fail_msg("line %zu is wider than %d", i, width);
        return d;
}

static void test_blocks(void **state)
{
        struct gnt_md_doc d = render("# Title\n\nSome *emphasis* and **bold** and `code`.\n\n"
                                     "```go\nfunc f() {\n\treturn\n}\n```\n\n- one\n- two\n",
                                     40);
        assert_true(d.n >= 8);
        assert_true(wcscmp(d.lines[0].text, L"Title") == 0);
        assert_true(d.lines[0].style[0] & GNT_MD_HEADING);
        const struct gnt_md_line *p = &d.lines[2];
        assert_true(wcsncmp(p->text, L"Some emphasis and bold and code.", 32) == 0);
        assert_true(p->style[5] & GNT_MD_EMPH);
        assert_false(p->style[4] & GNT_MD_EMPH);
        assert_true(p->style[18] & GNT_MD_BOLD);
        assert_true(p->style[27] & GNT_MD_CODE);
        /* The code block keeps its text, indented, tabs at their width. */
        assert_true(wcscmp(d.lines[4].text, L"  func f() {") == 0);
        assert_true(d.lines[4].style[2] & GNT_MD_CODE);
        assert_true(wcscmp(d.lines[5].text, L"          return") == 0);
        assert_true(wcscmp(d.lines[8].text, L"• one") == 0);
        assert_true(wcscmp(d.lines[9].text, L"• two") == 0);
        gnt_md_release(&d);
}

static void test_tabs(void **state)
{
        /* A tab in code advances to the next stop (GNT_MD_TAB), from the
         * block's edge, wherever it sits in the line; outside code it is
         * one space. */
        struct gnt_md_doc d = render("```\nab\tc\n\t\tx := 1\n```\n\nword\tword\n", 60);
        assert_true(d.n >= 4);
        assert_true(wcscmp(d.lines[0].text, L"  ab      c") == 0);
        assert_true(wcscmp(d.lines[1].text, L"                  x := 1") == 0);
        assert_true(wcscmp(d.lines[3].text, L"word word") == 0);
        gnt_md_release(&d);
}

static void test_wrap_and_indent(void **state)
{
        struct gnt_md_doc d = render("1. a list item long enough to wrap over the width\n", 20);
        assert_true(d.n >= 3);
        assert_true(wcsncmp(d.lines[0].text, L"1. a list item", 14) == 0);
        /* Hanging indent under the text, not the number. */
        assert_true(wcsncmp(d.lines[1].text, L"   ", 3) == 0 && d.lines[1].text[3] != L' ');
        gnt_md_release(&d);
        /* snake_case and a*b are not emphasis. */
        d = render("call max_in_flight with a*b\n", 60);
        assert_true(wcscmp(d.lines[0].text, L"call max_in_flight with a*b") == 0);
        gnt_md_release(&d);
}

static void test_wide(void **state)
{
        /* Each CJK character is two columns: 10 of them need 20 columns. */
        struct gnt_md_doc d = render("日本語のテキストです日本語のテキストです\n", 12);
        assert_true(d.n >= 4);
        assert_int_equal(gnt_md_width(d.lines[0].text, d.lines[0].len), 12);
        gnt_md_release(&d);
        /* Invalid UTF-8 is replaced, never passed through. */
        d = render("bad \xff byte\n", 40);
        assert_true(wcscmp(d.lines[0].text, L"bad \xFFFD byte") == 0);
        gnt_md_release(&d);
}

static void test_tables(void **state)
{
        const char *md = "| name | weight |\n|---|---|\n| race | 20 |\n| vet | **10** |\n";
        /* Wide enough: aligned columns, a rule under the header. */
        struct gnt_md_doc d = render(md, 40);
        assert_int_equal(d.n, 4);
        assert_true(wcscmp(d.lines[0].text, L"name │ weight") == 0);
        assert_true(d.lines[0].style[0] & GNT_MD_BOLD);
        assert_true(d.lines[1].text[0] == L'─');
        assert_true(wcscmp(d.lines[2].text, L"race │ 20") == 0);
        assert_true(wcscmp(d.lines[3].text, L"vet  │ 10") == 0);
        assert_true(d.lines[3].style[7] & GNT_MD_BOLD);
        gnt_md_release(&d);
        /* Too narrow: one block per row, the header names as labels. */
        d = render(md, 12);
        assert_int_equal(d.n, 4);
        assert_true(wcscmp(d.lines[0].text, L"• name: race") == 0);
        assert_true(wcscmp(d.lines[1].text, L"  weight: 20") == 0);
        gnt_md_release(&d);
}

int main(void)
{
        if (!setlocale(LC_CTYPE, "C.UTF-8")) {
                fprintf(stderr, "skip: no C.UTF-8 locale for wcwidth\n");
                return 77;
        }
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_blocks),
                cmocka_unit_test(test_wrap_and_indent),
                cmocka_unit_test(test_wide),
                cmocka_unit_test(test_tables),
                cmocka_unit_test(test_tabs),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
