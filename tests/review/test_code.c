/* test_code.c — the code view of report.html: the Go/C tokenizer and its
 * HTML, the line diff against the starter, file:line references in the
 * graders' evidence (the candidate's files only), and a candidate's files
 * written as a page fragment with hostile names and contents: every byte
 * escaped, ids made of safe characters, evidence and lines linked both
 * ways, huge and binary files summarised. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "review/board.h"
#include "review/code.h"
#include "review/highlight.h"
#include "review/model.h"
#include "sbx_file.h"

static char *hl(enum gnt_review_hl_lang lang, enum gnt_review_hl_open *open, const char *line, size_t max)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        gnt_review_hl_write(f, lang, open, line, strlen(line), max);
        fclose(f);
        return buf;
}

static void expect_hl(enum gnt_review_hl_lang lang, enum gnt_review_hl_open *open, const char *line,
                      const char *want)
{
        char *got = hl(lang, open, line, 1000);
        assert_string_equal(got, want);
        free(got);
}

static void test_hl_go(void **state)
{
        (void)state;
        enum gnt_review_hl_open o = GNT_HL_OPEN_NONE;
        expect_hl(GNT_HL_GO, &o, "func f() error { return \"a\\\"b\" // done",
                  "<span class=\"k\">func</span> f() error { <span class=\"k\">return</span> "
                  "<span class=\"s\">&quot;a\\&quot;b&quot;</span> <span class=\"c\">// done</span>");
        assert_int_equal(o, GNT_HL_OPEN_NONE);
        expect_hl(GNT_HL_GO, &o, "x := 0x1f + 1.5e-3 - .5 + 'r'",
                  "x := <span class=\"n\">0x1f</span> + <span class=\"n\">1.5e-3</span> - <span class=\"n\">.5</span> "
                  "+ <span class=\"s\">&#39;r&#39;</span>");
        /* keywords inside identifiers are not keywords */
        expect_hl(GNT_HL_GO, &o, "format(ifx, go2)", "format(ifx, go2)");
        /* a block comment and a raw string across lines */
        expect_hl(GNT_HL_GO, &o, "a /* one", "a <span class=\"c\">/* one</span>");
        assert_int_equal(o, GNT_HL_OPEN_COMMENT);
        expect_hl(GNT_HL_GO, &o, "two */ var", "<span class=\"c\">two */</span> <span class=\"k\">var</span>");
        assert_int_equal(o, GNT_HL_OPEN_NONE);
        expect_hl(GNT_HL_GO, &o, "s := `raw \"x\"", "s := <span class=\"s\">`raw &quot;x&quot;</span>");
        assert_int_equal(o, GNT_HL_OPEN_RAW);
        expect_hl(GNT_HL_GO, &o, "// not a comment` + 1",
                  "<span class=\"s\">// not a comment`</span> + <span class=\"n\">1</span>");
        assert_int_equal(o, GNT_HL_OPEN_NONE);
}

static void test_hl_c(void **state)
{
        (void)state;
        enum gnt_review_hl_open o = GNT_HL_OPEN_NONE;
        expect_hl(GNT_HL_C, &o, "#include <stdio.h>",
                  "<span class=\"k\">#include</span> <span class=\"s\">&lt;stdio.h&gt;</span>");
        expect_hl(GNT_HL_C, &o, "  static int n = 'a' < 3; /* x */",
                  "  <span class=\"k\">static</span> <span class=\"k\">int</span> n = "
                  "<span class=\"s\">&#39;a&#39;</span> "
                  "&lt; <span class=\"n\">3</span>; <span class=\"c\">/* x */</span>");
        /* `func` is no C keyword, a backquote no string */
        expect_hl(GNT_HL_C, &o, "func `x", "func `x");
        /* go.mod and unknown files: text only */
        expect_hl(GNT_HL_PLAIN, &o, "module x // <b>", "module x // &lt;b&gt;");
        assert_int_equal(gnt_review_hl_lang_of("a/b.go"), GNT_HL_GO);
        assert_int_equal(gnt_review_hl_lang_of("x.h"), GNT_HL_C);
        assert_int_equal(gnt_review_hl_lang_of("go.mod"), GNT_HL_PLAIN);
}

static void test_hl_hostile(void **state)
{
        (void)state;
        enum gnt_review_hl_open o = GNT_HL_OPEN_NONE;
        /* markup in code, strings and comments stays text */
        char *out = hl(GNT_HL_GO, &o, "x := \"</pre><script>alert(1)</script>\" // </pre><img src=x onerror=y>", 1000);
        assert_null(strstr(out, "<script"));
        assert_null(strstr(out, "</pre>"));
        assert_null(strstr(out, "<img"));
        assert_non_null(strstr(out, "&lt;/pre&gt;&lt;script&gt;"));
        free(out);
        /* UTF-8 identifiers stay whole; invalid bytes and controls become U+FFFD */
        o = GNT_HL_OPEN_NONE;
        out = hl(GNT_HL_GO, &o, "caf\xc3\xa9 := \xff\x01 \"\xe2\x9c\x93\"", 1000);
        assert_string_equal(out, "caf\xc3\xa9 := \xef\xbf\xbd\xef\xbf\xbd "
                                 "<span class=\"s\">&quot;\xe2\x9c\x93&quot;</span>");
        free(out);
        /* a cut line: never inside a UTF-8 sequence, an ellipsis after */
        o = GNT_HL_OPEN_NONE;
        out = hl(GNT_HL_GO, &o, "ab\xc3\xa9\xc3\xa9\xc3\xa9", 5);
        assert_string_equal(out, "ab\xc3\xa9<span class=\"cut\">\xe2\x80\xa6</span>");
        free(out);
        /* the rest of a cut line still opens a comment for the next */
        o = GNT_HL_OPEN_NONE;
        out = hl(GNT_HL_C, &o, "int a; int b; /* open", 4);
        assert_int_equal(o, GNT_HL_OPEN_COMMENT);
        free(out);
}

/* Tokens cover any bytes without gaps, and never split bytes >= 0x80. */
static void test_hl_cover(void **state)
{
        (void)state;
        unsigned seed = 12345;
        static const char alphabet[] = "ab_09.\"'`/*#<> \t\\+-eEx\xc3\xa9\xff";
        for (int round = 0; round < 3000; round++) {
                char line[64];
                size_t n = (size_t)(round % 60);
                for (size_t i = 0; i < n; i++) {
                        seed = seed * 1103515245u + 12345u;
                        line[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
                }
                for (int lang = GNT_HL_PLAIN; lang <= GNT_HL_C; lang++) {
                        enum gnt_review_hl_open o = (enum gnt_review_hl_open)(round % 3);
                        size_t pos = 0;
                        while (pos < n) {
                                struct gnt_review_hl_token t;
                                size_t next = gnt_review_hl_next((enum gnt_review_hl_lang)lang, &o, line, n, pos, &t);
                                assert_int_equal(t.off, pos);
                                assert_true(t.len > 0);
                                assert_int_equal(next, pos + t.len);
                                assert_true(next <= n);
                                if (next < n)
                                        assert_false((unsigned char)line[next - 1] >= 0x80 &&
                                                     (unsigned char)line[next] >= 0x80);
                                pos = next;
                        }
                }
        }
}

static long split(const char *text, struct gnt_review_line **ret)
{
        return gnt_review_lines_split(text, strlen(text), 100, ret);
}

static void test_lines(void **state)
{
        (void)state;
        struct gnt_review_line *l;
        assert_int_equal(split("", &l), 0);
        assert_null(l);
        assert_int_equal(split("a\nbc", &l), 2);
        assert_int_equal(l[1].n, 2);
        free(l);
        assert_int_equal(split("a\nbc\n", &l), 2);
        free(l);
        assert_int_equal(split("\n", &l), 1);
        assert_int_equal(l[0].n, 0);
        free(l);
        assert_int_equal(gnt_review_lines_split("a\nb\nc\n", 6, 2, &l), -EFBIG);
}

/* Check a script: every line of a and b once, in order, SAME only on equal
 * lines; returns the number of SAME steps. */
static size_t check_script(const struct gnt_review_line *a, size_t na, const struct gnt_review_line *b, size_t nb,
                           const struct gnt_review_diff *d, long nd)
{
        size_t ai = 0, bi = 0, same = 0;
        for (long i = 0; i < nd; i++) {
                switch (d[i].op) {
                case GNT_DIFF_SAME:
                        assert_int_equal(d[i].ai, ai);
                        assert_int_equal(d[i].bi, bi);
                        assert_int_equal(a[ai].n, b[bi].n);
                        assert_memory_equal(a[ai].s, b[bi].s, a[ai].n);
                        ai++, bi++, same++;
                        break;
                case GNT_DIFF_DEL:
                        assert_int_equal(d[i].ai, ai++);
                        break;
                case GNT_DIFF_ADD:
                        assert_int_equal(d[i].bi, bi++);
                        break;
                }
        }
        assert_int_equal(ai, na);
        assert_int_equal(bi, nb);
        return same;
}

static size_t lcs(const char *a, const char *b)
{
        size_t n = strlen(a), m = strlen(b), L[40][40] = {{0}};
        for (size_t i = n; i-- > 0;)
                for (size_t j = m; j-- > 0;)
                        L[i][j] = a[i] == b[j]                 ? L[i + 1][j + 1] + 1
                                  : L[i + 1][j] > L[i][j + 1] ? L[i + 1][j]
                                                              : L[i][j + 1];
        return L[0][0];
}

static void test_diff(void **state)
{
        (void)state;
        struct gnt_review_line *a, *b;
        struct gnt_review_diff *d;
        split("x\ny\nz\n", &a);
        split("x\nq\nz\n", &b);
        long nd = gnt_review_diff_lines(a, 3, b, 3, &d);
        assert_int_equal(nd, 4);
        assert_int_equal(d[0].op, GNT_DIFF_SAME);
        assert_int_equal(d[1].op, GNT_DIFF_DEL);
        assert_int_equal(d[2].op, GNT_DIFF_ADD);
        assert_int_equal(d[3].op, GNT_DIFF_SAME);
        free(d);
        /* nothing against something, and the other way round */
        nd = gnt_review_diff_lines(NULL, 0, b, 3, &d);
        assert_int_equal(check_script(NULL, 0, b, 3, d, nd), 0);
        free(d);
        nd = gnt_review_diff_lines(a, 3, NULL, 0, &d);
        assert_int_equal(check_script(a, 3, NULL, 0, d, nd), 0);
        free(d);
        free(a);
        free(b);
        /* random one-letter lines: the script keeps a longest common subsequence */
        unsigned seed = 7;
        for (int round = 0; round < 400; round++) {
                char sa[40] = "", sb[40] = "";
                size_t na = (size_t)(round % 13), nb = (size_t)(round * 7 % 17);
                for (size_t i = 0; i < na; i++)
                        sa[i] = "abcd"[(seed = seed * 1103515245u + 12345u) >> 16 & 3];
                for (size_t i = 0; i < nb; i++)
                        sb[i] = "abcd"[(seed = seed * 1103515245u + 12345u) >> 16 & 3];
                struct gnt_review_line la[40], lb[40];
                for (size_t i = 0; i < na; i++)
                        la[i] = (struct gnt_review_line){&sa[i], 1};
                for (size_t i = 0; i < nb; i++)
                        lb[i] = (struct gnt_review_line){&sb[i], 1};
                nd = gnt_review_diff_lines(la, na, lb, nb, &d);
                assert_true(nd >= 0);
                assert_int_equal(check_script(la, na, lb, nb, d, nd), lcs(sa, sb));
                free(d);
        }
}

/* A middle too large to search is replaced whole, still a valid script. */
static void test_diff_large(void **state)
{
        (void)state;
        size_t n = 3000;
        struct gnt_review_line *a = calloc(n, sizeof *a), *b = calloc(n, sizeof *b);
        char *ta = calloc(n, 8), *tb = calloc(n, 8);
        for (size_t i = 0; i < n; i++) {
                a[i] = (struct gnt_review_line){ta + 8 * i, (size_t)snprintf(ta + 8 * i, 8, "a%zu", i)};
                b[i] = (struct gnt_review_line){tb + 8 * i, (size_t)snprintf(tb + 8 * i, 8, "b%zu", i)};
        }
        b[0] = a[0]; /* a common first line: found as prefix */
        struct gnt_review_diff *d;
        long nd = gnt_review_diff_lines(a, n, b, n, &d);
        assert_int_equal(nd, (long)(2 * n - 1));
        assert_int_equal(check_script(a, n, b, n, d, nd), 1);
        free(d);
        free(a);
        free(b);
        free(ta);
        free(tb);
}

static const char *const files[] = {"pool.go", "sub/util.go", "hist.c"};
static const struct gnt_review_refset fs = {files, 3, "workerpool"};

/* The first reference in text: "FILE:LINE@OFF", or "" when none. */
static const char *first_ref(const char *text)
{
        static char buf[128];
        struct gnt_review_ref r;
        buf[0] = '\0';
        if (gnt_review_ref_find(&fs, text, strlen(text), 0, &r))
                snprintf(buf, sizeof buf, "%s:%u@%zu+%zu", files[r.file], r.line, r.off, r.len);
        return buf;
}

static void test_refs(void **state)
{
        (void)state;
        /* Go frames under -trimpath, test messages, compiler output */
        assert_string_equal(first_ref("      workerpool/pool.go:140 +0x124"), "pool.go:140@6+22");
        assert_string_equal(first_ref("    pool.go:42: got 1, want 2"), "pool.go:42@4+10");
        assert_string_equal(first_ref("./pool.go:12:5: syntax error"), "pool.go:12@0+12");
        assert_string_equal(first_ref("\tworkerpool/sub/util.go:7 +0x1"), "sub/util.go:7@1+24");
        /* ThreadSanitizer frames in a grading's staging folder */
        assert_string_equal(first_ref("    #0 worker /tmp/gauntlet-grade-P1se1z/src/hist.c:56 (prog+0x1)"),
                            "hist.c:56@14+40");
        /* not the candidate's: the problem's tests, the standard library,
         * other folders and modules, look-alike names */
        assert_string_equal(first_ref("    hidden_test.go:304: Wait = x"), "");
        assert_string_equal(first_ref("\tworkerpool/hidden_test.go:300 +0x25"), "");
        assert_string_equal(first_ref("\truntime/debug/stack.go:26 +0x5e"), "");
        assert_string_equal(first_ref("\truntime/pool.go:26 +0x5e"), "");
        assert_string_equal(first_ref("\t/usr/local/go/src/pool.go:3"), "");
        assert_string_equal(first_ref("\t/tmp/x/src/pool.go:3"), "");
        assert_string_equal(first_ref("otherpool/pool.go:5"), "");
        assert_string_equal(first_ref("mypool.go:3"), "");
        assert_string_equal(first_ref("pool.go:0 pool.go:x pool.go:1234567890123 pool.go:12abc"), "");
        assert_string_equal(first_ref("#include <x/pool.go:3>"), "");
        /* the first match wins; the next search starts after it */
        const char *two = "mypool.go:3 then pool.go:4, pool.go:9.";
        struct gnt_review_ref r;
        assert_true(gnt_review_ref_find(&fs, two, strlen(two), 0, &r));
        assert_int_equal(r.line, 4);
        assert_true(gnt_review_ref_find(&fs, two, strlen(two), r.off + r.len, &r));
        assert_int_equal(r.line, 9);
        assert_false(gnt_review_ref_find(&fs, two, strlen(two), r.off + r.len, &r));
        /* a search starting inside a path does not take its tail */
        const char *mid = "workerpool/pool.go:7";
        assert_false(gnt_review_ref_find(&fs, mid, strlen(mid), 3, &r));
        /* without a module path, Go frames do not match */
        const struct gnt_review_refset bare = {files, 3, NULL};
        const char *frame = "workerpool/pool.go:140";
        assert_false(gnt_review_ref_find(&bare, frame, strlen(frame), 0, &r));
}

static void test_gomod_and_split(void **state)
{
        (void)state;
        char m[64];
        gnt_review_gomod_module("module workerpool\n\ngo 1.25\n", 27, m, sizeof m);
        assert_string_equal(m, "workerpool");
        const char *q = "// x\n  module \"example.com/x/v2\"\n";
        gnt_review_gomod_module(q, strlen(q), m, sizeof m);
        assert_string_equal(m, "example.com/x/v2");
        gnt_review_gomod_module("module bad<name>\n", 17, m, sizeof m);
        assert_string_equal(m, "");
        gnt_review_gomod_module("go 1.25\n", 8, m, sizeof m);
        assert_string_equal(m, "");

        const char *ev = "GOMAXPROCS=1:\n==================\nWARNING: DATA RACE\n==================\n"
                         "--- fail under -race, GOMAXPROCS=1: TestX\n    x.go:1: no\n";
        assert_int_equal(gnt_review_race_split(ev), strstr(ev, "--- fail") - ev);
        assert_int_equal(gnt_review_race_split("--- panic under -race, GOMAXPROCS=4: T\n"), 0);
        assert_int_equal(gnt_review_race_split("--- fail: TestX\n"), 16);
        assert_int_equal(gnt_review_race_split(""), 0);

        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        gnt_review_id_name(f, "pool.go");
        fputc('|', f);
        gnt_review_id_name(f, "<script>\"x y_/\xc3\xa9.go");
        fclose(f);
        assert_string_equal(buf, "pool.go|_3cscript_3e_22x_20y_5f_2f_c3_a9.go");
        free(buf);
}

static void put(const char *dir, const char *name, const char *text, size_t len)
{
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", dir, name);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        assert_int_equal(fwrite(text, 1, len, f), len);
        fclose(f);
}

static size_t count(const char *hay, const char *needle)
{
        size_t n = 0;
        for (const char *p = hay; (p = strstr(p, needle)); p++)
                n++;
        return n;
}

static const char starter_go[] = "package workerpool\n\n// New makes a pool.\nfunc New() *Pool {\n\treturn nil\n}\n";
static const char cand_go[] = "package workerpool\n\n// New makes a pool.\nfunc New() *Pool {\n"
                              "\tp := &Pool{}\n\tgo p.work() // </pre><script>alert(1)</script>\n\treturn p\n}\n";

/* A candidate folder: pool.go changed from the starter, go.mod as in the
 * starter, a file whose name is markup, a binary file, a huge file. */
static void make_folder(char *root, struct gnt_review_entry *e)
{
        assert_non_null(mkdtemp(root));
        char p[1024];
        snprintf(p, sizeof p, "%s/starter", root);
        assert_int_equal(mkdir(p, 0755), 0);
        put(p, "pool.go", starter_go, strlen(starter_go));
        put(p, "go.mod", "module workerpool\n", 18);
        put(p, "gone.go", "package workerpool\n", 19);
        snprintf(p, sizeof p, "%s/sub", root);
        assert_int_equal(mkdir(p, 0755), 0);
        snprintf(p, sizeof p, "%s/sub/code", root);
        assert_int_equal(mkdir(p, 0755), 0);
        put(p, "pool.go", cand_go, strlen(cand_go));
        put(p, "go.mod", "module workerpool\n", 18);
        put(p, "<script>alert(2)<\"x'.go", "package workerpool // </pre><b>x</b>\n", 37);
        put(p, "bin.go", "pack\0age", 8);
        /* three of 200 KiB: the third is past the candidate's 512 KiB */
        char *line = malloc(200 << 10);
        for (size_t i = 0; i < 200 << 10; i++)
                line[i] = i % 100 == 99 ? '\n' : 'y';
        put(p, "big1.go", line, 200 << 10);
        put(p, "big2.go", line, 200 << 10);
        put(p, "big3.go", line, 200 << 10);
        free(line);
        size_t big = GNT_REVIEW_CODE_FILE_MAX + 10;
        char *huge = malloc(big);
        memset(huge, 'x', big);
        put(p, "huge.go", huge, big);
        free(huge);
        memset(e, 0, sizeof *e);
        snprintf(e->sha256, sizeof e->sha256, "%s", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        snprintf(p, sizeof p, "%s/sub", root);
        e->dir = strdup(p);
}

static void test_view(void **state)
{
        (void)state;
        char root[] = "/tmp/review-code-XXXXXX";
        struct gnt_review_entry e;
        make_folder(root, &e);
        struct gnt_review_starter *st = gnt_review_starter_load(root);
        assert_non_null(st);
        assert_true(gnt_review_starter_has_line(st, "  return nil  ", 14));
        assert_false(gnt_review_starter_has_line(st, "", 0));
        assert_false(gnt_review_starter_has_line(st, "\treturn p", 9));
        struct gnt_review_cv *cv = gnt_review_cv_new(st, &e);
        assert_non_null(cv);
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        fputs("<pre>", f);
        gnt_review_cv_text(f, cv,
                           "WARNING: DATA RACE\n  workerpool.New()\n      workerpool/pool.go:6 +0x1\n"
                           "  runtime/pool.go:6\n  workerpool/pool.go:99 +0x1\n</pre><script>alert(3)</script>",
                           "race");
        fputs("</pre>\n<pre>", f);
        gnt_review_cv_text(f, cv, "    pool.go:6: leaked\n    pool.go:7: leaked\n", "Test<script>");
        fputs("</pre>\n", f);
        gnt_review_cv_write(f, cv);
        fclose(f);
        if (getenv("CODE_DUMP"))
                fputs(buf, stderr);
        /* evidence -> line, for lines of the file only (99 is past its end) */
        assert_non_null(strstr(buf, "<a class=\"ref\" id=\"r-0123456789abcdef-1\" "
                                    "href=\"#c-0123456789abcdef-pool.go-L6\">workerpool/pool.go:6</a>"));
        assert_non_null(strstr(buf, "href=\"#c-0123456789abcdef-pool.go-L7\">pool.go:7</a>"));
        assert_null(strstr(buf, "L99"));
        assert_int_equal(count(buf, "class=\"ref\""), 3);
        /* line -> evidence: the marked line has the id and links back to
         * the first reference of each label */
        assert_non_null(strstr(buf, "<span class=\"L a hit\" id=\"c-0123456789abcdef-pool.go-L6\">"));
        assert_non_null(strstr(buf, "href=\"#r-0123456789abcdef-1\">\xe2\x86\x90 race</a>"));
        assert_non_null(strstr(buf, "href=\"#r-0123456789abcdef-2\">\xe2\x86\x90 Test&lt;script&gt;</a>"));
        assert_int_equal(count(buf, "class=\"L a hit\""), 2);
        /* the diff: unchanged starter lines, added ones, a removed one (the
         * numbers and +/- come from the style sheet) */
        assert_non_null(strstr(buf, "<pre class=\"src\"><span class=\"L u\"><span class=\"k\">package</span> "
                                    "workerpool\n"
                                    "</span><span class=\"L u\">\n</span>"));
        assert_non_null(strstr(buf, "</span><span class=\"L r\">\t<span class=\"k\">return</span> "
                                    "<span class=\"k\">nil</span>\n"
                                    "</span><span class=\"L a\">\tp := &amp;Pool{}\n</span>"));
        assert_int_equal(count(buf, "<span class=\"L r\">"), 1);
        /* go.mod is as in the starter: collapsed */
        assert_non_null(strstr(buf, "<details class=\"file\"><summary><code>go.mod</code> <span class=\"muted\">1 line "
                                    "\xc2\xb7 same as the starter"));
        assert_non_null(strstr(buf, "<details class=\"file\" open><summary><code>pool.go</code>"));
        assert_non_null(strstr(buf, "2 lines named by the evidence"));
        /* hostile names and contents are text; binary and huge summarised */
        assert_non_null(strstr(buf, "<code>&lt;script&gt;alert(2)&lt;&quot;x&#39;.go</code>"));
        assert_non_null(strstr(buf, "// &lt;/pre&gt;&lt;b&gt;x&lt;/b&gt;"));
        assert_non_null(strstr(buf, "<code>bin.go</code> <span class=\"muted\">8 bytes \xc2\xb7 binary"));
        assert_non_null(strstr(buf, "<code>huge.go</code> <span class=\"muted\">262154 bytes \xc2\xb7 too large"));
        assert_non_null(strstr(buf, "Starter files not in the submission: <code>gone.go</code>"));
        assert_non_null(strstr(buf, "<details class=\"file\" open><summary><code>big2.go</code>"));
        assert_non_null(strstr(buf, "<code>big3.go</code> <span class=\"muted\">204800 bytes \xc2\xb7 not shown: the "
                                    "report shows at most 512 KiB"));
        assert_null(strstr(buf, "<script"));
        assert_null(strstr(buf, "<b>"));
        assert_int_equal(count(buf, "<pre"), count(buf, "</pre>"));
        assert_int_equal(count(buf, "<details"), count(buf, "</details>"));
        assert_int_equal(count(buf, "<span"), count(buf, "</span>"));
        /* ids: only [A-Za-z0-9._-] */
        for (const char *p = buf; (p = strstr(p, " id=\"")); p++)
                for (const char *q = p + 5; *q != '"'; q++)
                        assert_non_null(
                                strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *q));
        free(buf);
        gnt_review_cv_free(cv);

        /* similarity excerpts: the starter's lines dropped at the ends,
         * dimmed inside; a region of starter lines only is left out */
        buf = NULL;
        f = open_memstream(&buf, &len);
        assert_true(gnt_review_code_region(f, st, &e, "pool.go", 1, 8, &e, "pool.go", 2, 9));
        assert_false(gnt_review_code_region(f, st, &e, "pool.go", 1, 4, &e, "pool.go", 5, 7));
        assert_false(gnt_review_code_region(f, st, &e, "pool.go", 1, 3, &e, "pool.go", 5, 7));
        fclose(f);
        assert_int_equal(count(buf, "<div class=\"sides\">"), 1);
        assert_int_equal(count(buf, "pool.go:5\xe2\x80\x93" "7</div>"), 2);
        assert_int_equal(count(buf, "<span class=\"st\">"), 0);
        assert_null(strstr(buf, "package"));
        assert_null(strstr(buf, "<script"));
        free(buf);
        /* unreadable code: said so, not dropped */
        buf = NULL;
        f = open_memstream(&buf, &len);
        assert_true(gnt_review_code_region(f, st, &e, "../etc/passwd", 1, 3, &e, "pool.go", 5, 7));
        fclose(f);
        assert_non_null(strstr(buf, "(code not available)"));
        free(buf);
        gnt_review_starter_free(st);
        free(e.dir);
        sbx_file_rmtree(root);
}

/* The card's sections apply: a passing race grader whose runs recorded
 * test failures shows no "N of M tests failed" and does not call them
 * races; a candidate without a build error has no build block; one that
 * did not build has it.  Pairs and chips come strongest first. */
static const char report_race_pass[] =
        "{\"status\":\"graded\",\"score\":80,\"graders\":["
        "{\"name\":\"correctness\",\"verdict\":\"pass\",\"score\":50,\"weight\":50,\"summary\":\"2/2\","
        "\"tests\":[{\"name\":\"TestA\",\"status\":\"pass\"},{\"name\":\"TestB\",\"status\":\"pass\"}]},"
        "{\"name\":\"race\",\"verdict\":\"pass\",\"score\":20,\"weight\":20,"
        "\"summary\":\"no data races; 1 test run did not pass under -race\","
        "\"evidence\":\"--- fail under -race, GOMAXPROCS=1: TestB\\n    pool.go:6: flaky\\n\","
        "\"tests\":[{\"name\":\"TestA\",\"status\":\"pass\"},{\"name\":\"TestB\",\"status\":\"fail\","
        "\"output\":\"pool.go:6: flaky\"}]}]}";
static const char report_unbuilt[] =
        "{\"status\":\"graded\",\"score\":0,\"graders\":["
        "{\"name\":\"correctness\",\"verdict\":\"fail\",\"score\":0,\"weight\":50,\"summary\":\"does not build\","
        "\"evidence\":\"./pool.go:7:2: undefined: q\"},"
        "{\"name\":\"race\",\"verdict\":\"fail\",\"score\":0,\"weight\":20,\"summary\":\"does not build\"}]}";

static void test_sections(void **state)
{
        (void)state;
        char root[] = "/tmp/review-code-XXXXXX";
        struct gnt_review_entry e[3];
        make_folder(root, &e[0]);
        for (int i = 1; i < 3; i++) {
                memset(&e[i], 0, sizeof e[i]);
                snprintf(e[i].sha256, sizeof e[i].sha256, "%d%063d", i, 0);
                e[i].dir = strdup(e[0].dir);
        }
        assert_int_equal(gnt_review_entry_parse_report(&e[0], report_race_pass, strlen(report_race_pass)), 0);
        assert_int_equal(gnt_review_entry_parse_report(&e[1], report_unbuilt, strlen(report_unbuilt)), 0);
        e[0].candidate = strdup("ann");
        e[1].candidate = strdup("bob");
        e[2].candidate = strdup("cy");
        /* pairs as the board orders them (strongest first): the copy, 80%,
         * 61%; each entry's list in that order */
        struct gnt_review_pair pairs[3] = {{.a = 0, .b = 2, .m = {.frac_a = 1.0, .frac_b = 1.0, .shared = 40}},
                                           {.a = 1, .b = 2, .m = {.frac_a = 0.5, .frac_b = 0.8, .shared = 12}},
                                           {.a = 0, .b = 1, .m = {.frac_a = 0.61, .frac_b = 0.3, .shared = 9}}};
        size_t sim0[] = {0, 2}, sim1[] = {1, 2}, sim2[] = {0, 1}, order[] = {0, 1, 2};
        e[0].similar = sim0, e[0].n_similar = 2;
        e[1].similar = sim1, e[1].n_similar = 2;
        e[2].similar = sim2, e[2].n_similar = 2;
        char outdir[1100];
        snprintf(outdir, sizeof outdir, "%s", root);
        struct gnt_review_board b = {.dir = outdir, .problem = {.id = "p", .version = "1"}, .e = e, .n = 3,
                                     .order = order, .pairs = pairs, .n_pairs = 3, .threshold = 0.5};
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_int_equal(gnt_review_html_write(&b, f), 0);
        fclose(f);
        assert_null(strstr(buf, "tests failed"));
        assert_null(strstr(buf, "<summary>race: race reports"));
        assert_null(strstr(buf, "build errors and crashes"));
        assert_int_equal(count(buf, "<summary>race: test runs that did not pass under -race (test failures, not "
                                    "data races"),
                         1);
        assert_int_equal(count(buf, "<summary>correctness: build errors</summary>"), 1);
        /* the build error names bob's line 7, which is marked */
        assert_non_null(strstr(buf, "href=\"#c-1000000000000000-pool.go-L7\">./pool.go:7</a>"));
        assert_non_null(strstr(buf, "id=\"c-1000000000000000-pool.go-L7\"><span class=\"refs\">"));
        /* in the board's order: the copy, 80%, 61%; ann's chips: cy, then bob */
        const char *p1 = strstr(buf, "id=\"pair-1\""), *p2 = strstr(buf, "id=\"pair-2\""),
                   *p3 = strstr(buf, "id=\"pair-3\"");
        assert_true(p1 && p2 && p3 && p1 < p2 && p2 < p3);
        const char *row = strstr(buf, "<td class=\"sim\"");
        assert_non_null(row);
        const char *c1 = strstr(row, "href=\"#pair-1\""), *c2 = strstr(row, "href=\"#pair-3\"");
        assert_true(c1 && c2 && c1 < c2);
        assert_int_equal(count(buf, "<script"), 1);
        free(buf);
        for (int i = 0; i < 3; i++) {
                e[i].similar = NULL;
                e[i].n_similar = 0;
                gnt_review_entry_release(&e[i]);
        }
        sbx_file_rmtree(root);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_hl_go),    cmocka_unit_test(test_hl_c),      cmocka_unit_test(test_hl_hostile),
                cmocka_unit_test(test_hl_cover), cmocka_unit_test(test_lines),     cmocka_unit_test(test_diff),
                cmocka_unit_test(test_diff_large), cmocka_unit_test(test_refs),
                cmocka_unit_test(test_gomod_and_split), cmocka_unit_test(test_view),
                cmocka_unit_test(test_sections),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
