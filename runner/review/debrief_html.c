/* debrief_html.c — report.html of a mock's debrief, written with the review
 * report's renderer (board.h: the page head, the graders' table and
 * evidence; code.h: the code view with the lines evidence names; diff.c,
 * highlight.c) and the practice part after it: the reference solution,
 * the diff from the candidate's code to it, and the mistakes the problem
 * is built to catch, each caught or avoided in this attempt.  Every string
 * from the session folder is escaped and appears only as element text. */
#include "review/debrief.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "highlight.h"
#include "plot.h"
#include "review/board.h"
#include "session/debrief.h"
#include "version.h"

static void esc(FILE *f, const char *s)
{
        if (s)
                gnt_review_html_escape(f, s, strlen(s));
}

const char gnt_debrief_css[] =
        ".mist td.state{white-space:nowrap}.st-caught{color:#fff;background:var(--fail)}"
        ".st-avoided{color:var(--pass);background:var(--pass-bg)}.st-undecided{color:var(--skip);"
        "background:var(--skip-bg)}\n";

/* One file's lines, highlighted, as the code view writes them. */
static void write_lines(FILE *f, const char *path, const struct gnt_review_line *l, size_t n, char kind)
{
        enum gnt_review_hl_lang lang = gnt_review_hl_lang_of(path);
        enum gnt_review_hl_open open = GNT_HL_OPEN_NONE;
        for (size_t i = 0; i < n; i++) {
                fprintf(f, "<span class=\"L %c\">", kind);
                gnt_review_hl_write(f, lang, &open, l[i].s, l[i].n, GNT_REVIEW_CODE_LINE_MAX);
                fputs("\n</span>", f);
        }
}

static void write_reference(FILE *f, const struct gnt_debrief *d)
{
        fputs("<section id=\"reference\">\n<h2>The reference solution</h2>\n", f);
        for (size_t i = 0; i < d->n_ref; i++) {
                const struct gnt_debrief_file *rf = &d->ref[i];
                fputs("<details class=\"file\" open><summary><code>", f);
                esc(f, rf->path);
                fputs("</code></summary>\n", f);
                struct gnt_review_line *l = NULL;
                long n = rf->text ? gnt_review_lines_split(rf->text, rf->len, GNT_REVIEW_CODE_LINES_MAX, &l) : -1;
                if (n < 0) {
                        fputs("<p class=\"muted\">", f);
                        esc(f, rf->text ? "too long to show" : rf->why);
                        fputs("</p>\n", f);
                } else {
                        fputs("<pre class=\"src\">", f);
                        write_lines(f, rf->path, l, (size_t)n, 'u');
                        fputs("</pre>\n", f);
                }
                free(l);
                fputs("</details>\n", f);
        }
        if (!d->n_ref)
                fputs("<p class=\"muted\">The problem's grading part holds no reference files.</p>\n", f);
        fputs("</section>\n", f);
}

/* Each reference file against the candidate's file of the same path:
 * − your line, + the reference's. */
static void write_diff(FILE *f, const struct gnt_debrief *d)
{
        fputs("<section id=\"diff\">\n<h2>Your code against the reference</h2>\n"
              "<p class=\"legend\"><span class=\"lg r\">\xe2\x88\x92 your line</span> <span class=\"lg a\">+ the "
              "reference's line</span> <span class=\"lg u\">in both</span></p>\n",
              f);
        for (size_t i = 0; i < d->n_ref; i++) {
                const struct gnt_debrief_file *rf = &d->ref[i];
                const struct gnt_debrief_file *cf = gnt_debrief_code_file(d, rf->path);
                struct gnt_review_line *a = NULL, *b = NULL;
                struct gnt_review_diff *df = NULL;
                long na = cf && cf->text ? gnt_review_lines_split(cf->text, cf->len, GNT_REVIEW_CODE_LINES_MAX, &a) : 0;
                long nb = rf->text ? gnt_review_lines_split(rf->text, rf->len, GNT_REVIEW_CODE_LINES_MAX, &b) : -1;
                long nd = na >= 0 && nb >= 0 ? gnt_review_diff_lines(a, (size_t)na, b, (size_t)nb, &df) : -1;
                size_t add = 0, del = 0;
                for (long k = 0; k < nd; k++)
                        add += df[k].op == GNT_DIFF_ADD, del += df[k].op == GNT_DIFF_DEL;
                fprintf(f, "<details class=\"file\"%s><summary><code>", add || del ? " open" : "");
                esc(f, rf->path);
                fputs("</code> <span class=\"muted\">", f);
                if (nd < 0)
                        fputs("cannot be compared", f);
                else if (!cf)
                        fputs("not in your code", f);
                else if (!add && !del)
                        fputs("the same as the reference", f);
                else
                        fprintf(f, "\xe2\x88\x92%zu +%zu against the reference", del, add);
                fputs("</span></summary>\n<pre class=\"src\">", f);
                enum gnt_review_hl_lang lang = gnt_review_hl_lang_of(rf->path);
                enum gnt_review_hl_open oa = GNT_HL_OPEN_NONE, ob = GNT_HL_OPEN_NONE;
                for (long k = 0; k < nd; k++) {
                        const struct gnt_review_line *ln = df[k].op == GNT_DIFF_DEL ? &a[df[k].ai] : &b[df[k].bi];
                        char kind = df[k].op == GNT_DIFF_DEL ? 'r' : df[k].op == GNT_DIFF_ADD ? 'a' : 'u';
                        if (df[k].op == GNT_DIFF_SAME)
                                gnt_review_hl_skip(lang, &oa, a[df[k].ai].s, a[df[k].ai].n);
                        fprintf(f, "<span class=\"L %c\">", kind);
                        gnt_review_hl_write(f, lang, kind == 'r' ? &oa : &ob, ln->s, ln->n, GNT_REVIEW_CODE_LINE_MAX);
                        fputs("\n</span>", f);
                }
                fputs("</pre>\n</details>\n", f);
                free(a);
                free(b);
                free(df);
        }
        fputs("</section>\n", f);
}

static void write_mistakes(FILE *f, const struct gnt_debrief *d)
{
        size_t caught = 0;
        for (size_t i = 0; i < d->n_mistakes; i++)
                caught += strcmp(d->mistakes[i].state, "caught") == 0;
        fprintf(f, "<section id=\"mistakes\">\n<h2>What interviewers look for here</h2>\n<p>The %zu mistake%s this "
                   "problem is built to catch; %zu caught in this attempt.</p>\n<p class=\"muted\">",
                d->n_mistakes, d->n_mistakes == 1 ? "" : "s", caught);
        esc(f, d->rule);
        fputs("</p>\n<div class=\"wrap\"><table class=\"mist\">\n<thead><tr><th>In this attempt</th><th>The mistake</th>"
              "<th>Graders it fails</th><th>Here</th></tr></thead>\n<tbody>\n",
              f);
        for (size_t i = 0; i < d->n_mistakes; i++) {
                const struct gnt_debrief_mistake *m = &d->mistakes[i];
                int st = gnt_mistake_from_name(m->state);
                fprintf(f, "<tr><td class=\"state\"><span class=\"v st-%s\">%s</span></td><td><b>",
                        gnt_mistake_name(st >= 0 ? st : GNT_MISTAKE_UNDECIDED),
                        gnt_mistake_name(st >= 0 ? st : GNT_MISTAKE_UNDECIDED));
                esc(f, m->name);
                fputs("</b>: ", f);
                esc(f, m->description);
                fputs("</td><td>", f);
                esc(f, m->graders);
                fputs("</td><td>", f);
                esc(f, m->why);
                fputs("</td></tr>\n", f);
        }
        fputs("</tbody></table></div>\n</section>\n", f);
}

int gnt_debrief_html_write(const struct gnt_debrief *d, const char *dir, FILE *f)
{
        char title[512];
        snprintf(title, sizeof title, "%s \xe2\x80\x94 your debrief", d->title);
        gnt_review_html_head(f, title);
        fputs("<style>\n", f);
        fputs(gnt_debrief_css, f);
        fputs("</style>\n<header class=\"top\"><div class=\"in\">\n<h1>", f);
        esc(f, d->title);
        fputs(" \xe2\x80\x94 your debrief</h1>\n<p>", f);
        esc(f, d->id);
        fputs(" ", f);
        esc(f, d->version);
        fprintf(f, " \xc2\xb7 score %.2f / 100 \xc2\xb7 a mock interview</p>\n<nav class=\"toc\"><a href=\"#graders\">"
                   "Graders</a><a href=\"#reference\">Reference</a><a href=\"#diff\">Diff</a><a href=\"#mistakes\">"
                   "What interviewers look for</a></nav>\n</div></header>\n<main>\n",
                d->e.score);
        /* the review's card, without what only a reviewer needs (rank,
         * integrity, similarity, rubric) */
        struct gnt_review_entry e = d->e;
        e.dir = (char *)dir;
        struct gnt_review_starter *st = gnt_review_starter_load(dir);
        struct gnt_review_cv *cv = gnt_review_cv_new(st, &e); /* before the evidence, which links into it */
        fputs("<section id=\"graders\">\n<h2>The graders</h2>\n<article class=\"card\">\n", f);
        if (e.message) {
                fputs("<pre class=\"msg\">", f);
                esc(f, e.message);
                fputs("</pre>\n", f);
        }
        gnt_review_html_graders(f, &e, cv);
        const struct gnt_review_grader *bg = &e.g[GRD_BENCH];
        if (bg->present && (bg->n_pairs || bg->n_bench)) {
                fputs("<div class=\"plots\">\n<div class=\"plot\"><h4>Benchmarks against the reference</h4>\n", f);
                gnt_review_plot_bench(f, bg, d->target_ratio, d->fail_ratio);
                fputs("</div>\n</div>\n", f);
                gnt_review_plot_bench_table(f, bg);
        }
        gnt_review_cv_write(f, cv);
        gnt_review_cv_free(cv);
        gnt_review_starter_free(st);
        fputs("</article>\n</section>\n", f);
        write_reference(f, d);
        write_diff(f, d);
        write_mistakes(f, d);
        fputs("<footer>Written by gauntlet " GAUNTLET_VERSION " after a mock interview; the grading, the reference "
              "and the mistakes come from the problem's grading part.</footer>\n</main>\n</body>\n</html>\n",
              f);
        return ferror(f) ? -EIO : 0;
}
