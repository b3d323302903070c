/* html.c — report.html: one self-contained page (inline CSS, inline SVG,
 * no external resource; a small inline script only sorts the leaderboard)
 * with the leaderboard, similar pairs side by side, and per candidate the
 * graders' verdicts and evidence, a benchmark plot and a timeline.
 * Every string that came from a submission goes through
 * gnt_review_html_escape and appears only as element text: never in an
 * attribute, a URL, a style or a script.  A Content-Security-Policy that
 * allows only the page's own script (by hash) keeps any injected script
 * inert even if escaping were ever wrong. */
#include "board.h"

#include <errno.h>
#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "code.h"
#include "plot.h"
#include "rubric.h"
#include "version.h"
#include "sbx_file.h"

/* Valid UTF-8 is kept; invalid bytes and control characters (but tab and
 * newline) become U+FFFD; & < > " ' are escaped. */
void gnt_review_html_escape(FILE *f, const char *s, size_t n)
{
        const unsigned char *p = (const unsigned char *)s, *end = p + n;
        while (p < end) {
                unsigned char c = *p;
                if (c < 0x80) {
                        switch (c) {
                        case '&': fputs("&amp;", f); break;
                        case '<': fputs("&lt;", f); break;
                        case '>': fputs("&gt;", f); break;
                        case '"': fputs("&quot;", f); break;
                        case '\'': fputs("&#39;", f); break;
                        case '\n':
                        case '\t': fputc(c, f); break;
                        default:
                                if (c < 0x20 || c == 0x7f)
                                        fputs("\xef\xbf\xbd", f);
                                else
                                        fputc(c, f);
                        }
                        p++;
                        continue;
                }
                int len = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;
                if (c > 0xf4)
                        len = 0;
                bool ok = len > 0 && p + len <= end;
                for (int i = 1; ok && i < len; i++)
                        ok = (p[i] & 0xc0) == 0x80;
                if (ok && len == 3) {
                        /* No overlongs, no UTF-16 surrogates. */
                        ok = !(c == 0xe0 && p[1] < 0xa0) && !(c == 0xed && p[1] >= 0xa0);
                } else if (ok && len == 4) {
                        ok = !(c == 0xf0 && p[1] < 0x90) && !(c == 0xf4 && p[1] >= 0x90);
                }
                if (!ok) {
                        fputs("\xef\xbf\xbd", f);
                        p++;
                        continue;
                }
                fwrite(p, 1, (size_t)len, f);
                p += len;
        }
}

static void esc(FILE *f, const char *s)
{
        if (s)
                gnt_review_html_escape(f, s, strlen(s));
}

void gnt_review_fmt_duration(int64_t s, char *buf, size_t size)
{
        const char *sign = s < 0 ? "-" : "";
        if (s < 0)
                s = -s;
        if (s >= 3600)
                snprintf(buf, size, "%s%lldh%02lldm%02llds", sign, (long long)(s / 3600), (long long)(s % 3600 / 60),
                         (long long)(s % 60));
        else if (s >= 60)
                snprintf(buf, size, "%s%lldm%02llds", sign, (long long)(s / 60), (long long)(s % 60));
        else
                snprintf(buf, size, "%s%llds", sign, (long long)s);
}

static const char css[] =
        ":root{--fg:#1d2430;--muted:#5b6576;--line:#dde2ea;--bg:#f6f7f9;--card:#fff;--pass:#1a7f37;"
        "--pass-bg:#e6f4ea;--fail:#b42318;--fail-bg:#fdecea;--skip:#6b7280;--skip-bg:#f0f1f3;"
        "--err:#a15c00;--err-bg:#fff4e0;--accent:#2f5bd3}\n"
        "*{box-sizing:border-box}\n"
        "body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,'Segoe UI',"
        "Roboto,'Helvetica Neue',Arial,sans-serif}\n"
        "main{max-width:1220px;margin:0 auto;padding:24px 28px 60px}\n"
        "header.top{background:#1d2430;color:#fff;padding:22px 28px}\n"
        "header.top .in{max-width:1220px;margin:0 auto}\n"
        "header.top h1{margin:0;font-size:24px;font-weight:650}\n"
        "header.top p{margin:4px 0 0;color:#c3cad6}\n"
        "nav.toc{margin-top:10px}nav.toc a{color:#fff;margin-right:18px;text-decoration:none;"
        "border-bottom:1px solid #6d7a90}\n"
        "h2{font-size:20px;margin:34px 0 12px;padding-bottom:6px;border-bottom:2px solid var(--line)}\n"
        "h3{font-size:17px;margin:0 0 6px}\n"
        ".stats{display:flex;gap:12px;flex-wrap:wrap;margin:18px 0 4px}\n"
        ".stat{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 16px;"
        "min-width:130px}.stat b{display:block;font-size:22px}.stat span{color:var(--muted);font-size:13px}\n"
        "table{border-collapse:collapse;width:100%;background:var(--card)}\n"
        "th,td{padding:7px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}\n"
        "th{font-size:13px;color:var(--muted);font-weight:600;background:#fafbfc;white-space:nowrap}\n"
        "table.board th.sortable{cursor:pointer}table.board th.sortable:hover{color:var(--accent)}\n"
        "table.board tbody tr:hover{background:#f3f6fd}\n"
        "table.board td{white-space:nowrap}table.board td.cand{white-space:normal;overflow-wrap:anywhere;"
        "min-width:140px;max-width:260px}table.board td.sim{white-space:normal;min-width:120px;max-width:230px}\n"
        "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
        ".wrap{border:1px solid var(--line);border-radius:8px;overflow:hidden;overflow-x:auto}\n"
        "a{color:var(--accent)}\n"
        ".v{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12.5px;font-weight:600;"
        "white-space:nowrap}\n"
        ".v-pass{color:var(--pass);background:var(--pass-bg)}.v-fail{color:var(--fail);background:var(--fail-bg)}"
        ".v-skip{color:var(--skip);background:var(--skip-bg)}.v-error,.v-rejected{color:var(--err);"
        "background:var(--err-bg)}.v-graded,.v-verified{color:var(--pass);background:var(--pass-bg)}"
        ".v-tampered{color:#fff;background:var(--fail)}.v-unverified{color:var(--skip);background:var(--skip-bg)}\n"
        "section.warn{background:var(--fail-bg);border:2px solid var(--fail);border-radius:10px;padding:6px 20px;"
        "margin:18px 0}section.warn h2{color:var(--fail);border-bottom-color:#f3c1bc}"
        "section.warn li{overflow-wrap:anywhere}\n"
        ".bar{display:inline-block;width:70px;height:8px;background:#e8ebf0;border-radius:4px;"
        "vertical-align:middle;margin-left:8px;overflow:hidden}.bar i{display:block;height:100%;"
        "background:var(--accent)}\n"
        ".late{color:var(--fail);font-weight:600}.muted{color:var(--muted)}\n"
        ".flag{color:#7a3e00;background:#ffe8c2;border-radius:10px;padding:1px 8px;font-size:12.5px;"
        "white-space:nowrap;text-decoration:none;display:inline-block;margin:1px 0}\n"
        "article.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;"
        "margin:16px 0}\n"
        "article.card .meta{color:var(--muted);font-size:13.5px;margin-bottom:10px;overflow-wrap:anywhere}\n"
        "article.card h3{overflow-wrap:anywhere}\n"
        ".scorebig{float:right;font-size:26px;font-weight:700}.scorebig small{font-size:14px;color:var(--muted)}\n"
        "pre{background:#0f1419;color:#e6e1cf;padding:10px 12px;border-radius:6px;overflow:auto;"
        "font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace;"
        "max-height:420px;white-space:pre;margin:6px 0;tab-size:4}\n"
        "pre.msg{background:var(--err-bg);color:#5a3300;white-space:pre-wrap}\n"
        "details{margin:8px 0;border:1px solid var(--line);border-radius:6px;padding:6px 10px;"
        "background:#fcfcfd}\n"
        "details summary{cursor:pointer;font-weight:600}\n"
        ".test{margin:8px 0}.test code{font-weight:600}\n"
        ".plots{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:18px;margin:12px 0}\n"
        ".plot{min-width:0}.plot h4{margin:4px 0;font-size:14px}.plot p{font-size:13px;margin:2px 0}\n"
        "svg{max-width:100%;height:auto;font-family:system-ui,Arial,sans-serif}\n"
        ".pair .sides{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:12px}\n"
        ".pair .file{font:600 12.5px ui-monospace,Menlo,Consolas,monospace;color:var(--muted)}\n"
        "pre .ln{color:#6c7680;user-select:none}\n"
        "footer{margin-top:40px;color:var(--muted);font-size:13px}\n"
        "@media print{pre{max-height:none}details{border:0}}\n";

/* Sorting only: the page reads fully without it.  Every cell to sort by
 * carries a numeric data-v written by gauntlet; names sort by text. */
static const char script[] =
        "(function(){var t=document.getElementById('board');if(!t)return;"
        "var hs=t.tHead.rows[0].cells;for(var i=0;i<hs.length;i++){(function(c,h){"
        "h.classList.add('sortable');h.title='sort';var asc=false;h.addEventListener('click',function(){"
        "asc=!asc;var b=t.tBodies[0],rs=Array.prototype.slice.call(b.rows);rs.sort(function(x,y){"
        "var p=x.cells[c],q=y.cells[c],a=p.getAttribute('data-v'),d=q.getAttribute('data-v'),r;"
        "if(a!==null&&d!==null)r=parseFloat(a)-parseFloat(d);else r=p.textContent.localeCompare(q.textContent);"
        "return asc?r:-r;});rs.forEach(function(r){b.appendChild(r);});});})(i,hs[i]);}})();";

static void anchor(FILE *f, const char *prefix, const char *sha)
{
        /* Ids come from the content hash only: hex digits, safe anywhere. */
        fprintf(f, "%s%.16s", prefix, sha);
}

static void verdict_badge(FILE *f, const char *v)
{
        static const char *const known[] = {"pass",   "fail",     "skip",       "error",   "rejected",
                                            "graded", "verified", "unverified", "tampered"};
        const char *cls = "error";
        for (size_t i = 0; i < sizeof known / sizeof *known; i++)
                if (v && strcmp(v, known[i]) == 0)
                        cls = known[i];
        fprintf(f, "<span class=\"v v-%s\">", cls);
        esc(f, v && *v ? v : "?");
        fputs("</span>", f);
}

void gnt_review_html_verdict(FILE *f, const char *v)
{
        verdict_badge(f, v);
}

static const struct gnt_review_entry *other_of(const struct gnt_review_board *b, const struct gnt_review_pair *p,
                                               size_t self)
{
        return &b->e[p->a == self ? p->b : p->a];
}

void gnt_review_html_head(FILE *f, const char *title)
{
        unsigned char h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, (const unsigned char *)script, sizeof script - 1);
        char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
        sodium_bin2base64(b64, sizeof b64, h, sizeof h, sodium_base64_VARIANT_ORIGINAL);
        fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", f);
        fprintf(f,
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                "style-src 'unsafe-inline'; img-src data:; script-src 'sha256-%s'\">\n",
                b64);
        fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              "<meta name=\"generator\" content=\"gauntlet " GAUNTLET_VERSION "\">\n<title>",
              f);
        esc(f, title);
        fputs("</title>\n<style>\n", f);
        fputs(css, f);
        fputs(gnt_rubric_css, f);
        fputs(gnt_review_code_css, f);
        fputs("</style>\n</head>\n<body>\n", f);
}

static void write_head(const struct gnt_review_board *b, FILE *f)
{
        char title[512];
        snprintf(title, sizeof title, "%s \xe2\x80\x94 grading report",
                 b->problem.title ? b->problem.title : b->problem.id);
        gnt_review_html_head(f, title);
}

static double median_score(const struct gnt_review_board *b)
{
        if (!b->n_ranked)
                return 0;
        /* order[] lists ranked entries first, by score descending. */
        size_t m = b->n_ranked / 2;
        double v = b->e[b->order[m]].score;
        if (b->n_ranked % 2 == 0)
                v = (v + b->e[b->order[m - 1]].score) / 2;
        return v;
}

static void write_top(const struct gnt_review_board *b, FILE *f)
{
        fputs("<header class=\"top\"><div class=\"in\">\n<h1>", f);
        esc(f, b->problem.title ? b->problem.title : b->problem.id);
        fputs("</h1>\n<p>", f);
        esc(f, b->problem.id);
        fputs(" ", f);
        esc(f, b->problem.version);
        if (b->problem.language) {
                fputs(" \xc2\xb7 ", f);
                esc(f, b->problem.language);
        }
        fprintf(f, " \xc2\xb7 %zu submission%s \xc2\xb7 similarity threshold %.0f%%</p>\n", b->n,
                b->n == 1 ? "" : "s", b->threshold * 100);
        fputs("<nav class=\"toc\"><a href=\"#leaderboard\">Leaderboard</a><a href=\"#similarity\">Similarity</a>"
              "<a href=\"#candidates\">Candidates</a></nav>\n</div></header>\n<main>\n",
              f);
        size_t late = 0;
        for (size_t i = 0; i < b->n; i++)
                late += b->e[i].late;
        fputs("<div class=\"stats\">", f);
        fprintf(f, "<div class=\"stat\"><b>%zu</b><span>graded</span></div>", b->n_graded);
        fprintf(f, "<div class=\"stat\"><b>%zu</b><span>rejected</span></div>", b->n_rejected);
        fprintf(f, "<div class=\"stat\"><b>%zu</b><span>grading errors</span></div>", b->n_error);
        fprintf(f, "<div class=\"stat\"><b>%.1f</b><span>median score</span></div>", median_score(b));
        fprintf(f, "<div class=\"stat\"><b>%zu</b><span>late submissions</span></div>", late);
        fprintf(f, "<div class=\"stat\"><b%s>%zu</b><span>tampered</span></div>", b->n_tampered ? " class=\"late\"" : "",
                b->n_tampered);
        fprintf(f, "<div class=\"stat\"><b>%zu</b><span>similar pairs</span></div>", b->n_pairs);
        gnt_rubric_html_stats(b, f);
        fputs("</div>\n", f);
        if (b->n_graded) {
                double *scores = malloc(b->n_graded * sizeof *scores);
                if (scores) {
                        for (size_t i = 0; i < b->n_graded; i++)
                                scores[i] = b->e[b->order[i]].score;
                        fputs("<div class=\"plot\"><h4>Score distribution</h4>\n", f);
                        gnt_review_plot_histogram(f, scores, b->n_graded);
                        fputs("</div>\n", f);
                        free(scores);
                }
        }
}

static void write_board(const struct gnt_review_board *b, FILE *f)
{
        fputs("<section id=\"leaderboard\">\n<h2>Leaderboard</h2>\n<div class=\"wrap\">\n"
              "<table class=\"board\" id=\"board\">\n<thead><tr><th class=\"num\">#</th><th>Candidate</th>"
              "<th>Integrity</th><th class=\"num\">Score</th>",
              f);
        gnt_rubric_html_head(b, f);
        for (int k = 0; k < _GRD_KIND_MAX; k++)
                if (b->problem.enabled[k])
                        fprintf(f, "<th>%s <span class=\"muted\">%g</span></th>", grd_kind_name((enum grd_kind)k),
                                b->problem.weight[k]);
        fputs("<th>Submitted</th><th>Similar to</th></tr></thead>\n<tbody>\n", f);
        for (size_t i = 0; i < b->n; i++) {
                size_t idx = b->order[i];
                const struct gnt_review_entry *e = &b->e[idx];
                fputs("<tr>", f);
                if (e->rank)
                        fprintf(f, "<td class=\"num\" data-v=\"%u\">%u</td>", e->rank, e->rank);
                else
                        fprintf(f, "<td class=\"num\" data-v=\"%zu\">\xe2\x80\x93</td>", b->n + i);
                fputs("<td class=\"cand\"><a href=\"#", f);
                anchor(f, "c-", e->sha256);
                fputs("\">", f);
                esc(f, e->candidate);
                fputs("</a>", f);
                if (e->status != GNT_REVIEW_GRADED) {
                        fputs(" ", f);
                        verdict_badge(f, gnt_review_status_name(e->status));
                }
                fputs("</td><td>", f);
                verdict_badge(f, gnt_integrity_name(e->ig.verdict));
                if (e->excluded)
                        fputs(" <span class=\"muted\">not ranked</span>", f);
                fputs("</td>", f);
                double sc = e->score < 0 ? 0 : e->score > 100 ? 100 : e->score;
                fprintf(f, "<td class=\"num\" data-v=\"%.3f\">%.1f<span class=\"bar\"><i style=\"width:%.1f%%\">"
                           "</i></span></td>",
                        e->score, e->score, sc);
                gnt_rubric_html_cell(b, idx, f);
                for (int k = 0; k < _GRD_KIND_MAX; k++) {
                        if (!b->problem.enabled[k])
                                continue;
                        const struct gnt_review_grader *g = &e->g[k];
                        if (!g->present) {
                                fputs("<td data-v=\"-1\" class=\"muted\">\xe2\x80\x94</td>", f);
                                continue;
                        }
                        fprintf(f, "<td data-v=\"%.3f\">", g->score);
                        verdict_badge(f, g->verdict);
                        fprintf(f, " %g", round(g->score * 100) / 100);
                        if (k == GRD_BENCH && g->ratio > 0)
                                fprintf(f, " <span class=\"muted\">%.2f\xc3\x97</span>", g->ratio);
                        fputs("</td>", f);
                }
                char when[40];
                gnt_review_fmt_utc(e->submitted, when, sizeof when);
                if (!e->has_session)
                        fputs("<td data-v=\"0\" class=\"muted\">\xe2\x80\x94</td>", f);
                else if (e->late) {
                        char d[32];
                        gnt_review_fmt_duration(e->overrun_s, d, sizeof d);
                        fprintf(f, "<td data-v=\"%lld\"><span class=\"late\">late +%s</span> <span class=\"muted\">%s</span></td>",
                                (long long)e->overrun_s, d, when);
                } else {
                        fprintf(f, "<td data-v=\"0\">on time <span class=\"muted\">%s</span></td>", when);
                }
                fprintf(f, "<td class=\"sim\" data-v=\"%zu\">", e->n_similar);
                for (size_t s = 0; s < e->n_similar; s++) { /* strongest first (board.c) */
                        size_t pi = e->similar[s];
                        const struct gnt_review_pair *p = &b->pairs[pi];
                        double share = p->a == idx ? p->m.frac_a : p->m.frac_b;
                        fprintf(f, "<a class=\"flag\" href=\"#pair-%zu\">", pi + 1);
                        esc(f, other_of(b, p, idx)->candidate);
                        fprintf(f, " %.0f%%</a> ", share * 100);
                }
                fputs("</td></tr>\n", f);
        }
        fputs("</tbody>\n</table>\n</div>\n</section>\n", f);
}

static const struct gnt_sim_region *region_base;

static int cmp_region_size(const void *x, const void *y)
{
        const struct gnt_sim_region *a = &region_base[*(const size_t *)x], *b = &region_base[*(const size_t *)y];
        unsigned la = a->a_last - a->a_first, lb = b->a_last - b->a_first;
        if (la != lb)
                return la > lb ? -1 : 1;
        return (*(const size_t *)x > *(const size_t *)y) - (*(const size_t *)x < *(const size_t *)y);
}

/* Region indexes, longest first (the page shows the largest matches). */
static size_t *largest_regions(const struct gnt_sim_match *m)
{
        size_t *v = malloc((m->n_regions ? m->n_regions : 1) * sizeof *v);
        if (!v)
                return NULL;
        for (size_t i = 0; i < m->n_regions; i++)
                v[i] = i;
        region_base = m->regions;
        qsort(v, m->n_regions, sizeof *v, cmp_region_size);
        region_base = NULL;
        return v;
}

static void write_similarity(const struct gnt_review_board *b, const struct gnt_review_starter *st, FILE *f)
{
        fputs("<section id=\"similarity\">\n<h2>Similarity</h2>\n", f);
        fprintf(f,
                "<p class=\"muted\">Token-based winnowing over the candidates' code with the starter code "
                "removed; a pair is flagged when the fingerprints they share reach %.0f%% of either side. "
                "Renamed identifiers and reformatting do not hide a copy. A flag is a lead for a human to "
                "check, not a verdict.</p>\n",
                b->threshold * 100);
        if (!b->n_pairs)
                fputs("<p>No pair of submissions reaches the threshold.</p>\n", f);
        for (size_t i = 0; i < b->n_pairs; i++) { /* strongest first (board.c) */
                const struct gnt_review_pair *p = &b->pairs[i];
                const struct gnt_review_entry *a = &b->e[p->a], *c = &b->e[p->b];
                fprintf(f, "<article class=\"card pair\" id=\"pair-%zu\">\n<h3>", i + 1);
                fputs("<a href=\"#", f);
                anchor(f, "c-", a->sha256);
                fputs("\">", f);
                esc(f, a->candidate);
                fputs("</a> \xe2\x86\x94 <a href=\"#", f);
                anchor(f, "c-", c->sha256);
                fputs("\">", f);
                esc(f, c->candidate);
                fputs("</a></h3>\n", f);
                fprintf(f,
                        "<p class=\"meta\">%.0f%% of the first one's fingerprints occur in the second, %.0f%% of "
                        "the second's in the first (%zu shared); %zu matching region%s.</p>\n",
                        p->m.frac_a * 100, p->m.frac_b * 100, p->m.shared, p->m.n_regions,
                        p->m.n_regions == 1 ? "" : "s");
                /* the largest regions, without the lines that the starter
                 * has too (a region of nothing else is left out) */
                size_t shown = 0;
                size_t *by_size = largest_regions(&p->m);
                for (size_t k = 0; k < p->m.n_regions && shown < 6 && by_size; k++) {
                        const struct gnt_sim_region *rg = &p->m.regions[by_size[k]];
                        shown += gnt_review_code_region(f, st, a, rg->file_a, rg->a_first, rg->a_last, c, rg->file_b,
                                                        rg->b_first, rg->b_last);
                }
                free(by_size);
                if (p->m.n_regions > shown) {
                        fputs("<details><summary>all regions</summary><ul>", f);
                        for (size_t k = 0; k < p->m.n_regions; k++) {
                                const struct gnt_sim_region *rg = &p->m.regions[k];
                                fputs("<li><code>", f);
                                esc(f, rg->file_a);
                                fprintf(f, ":%u\xe2\x80\x93%u</code> ~ <code>", rg->a_first, rg->a_last);
                                esc(f, rg->file_b);
                                fprintf(f, ":%u\xe2\x80\x93%u</code></li>", rg->b_first, rg->b_last);
                        }
                        fputs("</ul></details>\n", f);
                }
                fputs("</article>\n", f);
        }
        fputs("</section>\n", f);
}

static bool test_failed(const struct gnt_review_test *t)
{
        return t->status && strcmp(t->status, "pass") != 0 && strcmp(t->status, "skip") != 0;
}

/* One block of a grader's evidence, its file:line references linked to
 * the candidate's code (label: what the marked lines link back as). */
static void evidence_block(FILE *f, struct gnt_review_cv *cv, enum grd_kind k, const char *what, bool open,
                           const char *text, const char *label)
{
        fprintf(f, "<details%s><summary>%s: ", open ? " open" : "", grd_kind_name(k));
        esc(f, what);
        fputs("</summary>\n<pre>", f);
        gnt_review_cv_text(f, cv, text, label);
        fputs("</pre>\n</details>\n", f);
}

/* A grader's evidence, in the blocks that apply: test failures only under
 * correctness, whose verdict they explain; no block without its content. */
static void write_grader_details(const struct gnt_review_grader *g, enum grd_kind k, struct gnt_review_cv *cv,
                                 FILE *f)
{
        bool failed = strcmp(g->verdict, "pass") != 0;
        size_t n_failed = 0;
        for (size_t i = 0; i < g->n_tests; i++)
                n_failed += test_failed(&g->tests[i]);
        /* The race runs record test results too, but the race verdict
         * counts data races alone: their failures are in its evidence,
         * shown apart below, never as the race grader's failed tests. */
        if (k == GRD_CORRECTNESS && n_failed) {
                fprintf(f, "<details%s><summary>%s: %zu of %zu tests failed</summary>\n", failed ? " open" : "",
                        grd_kind_name(k), n_failed, g->n_tests);
                size_t shown = 0;
                for (size_t i = 0; i < g->n_tests && shown < 50; i++) {
                        const struct gnt_review_test *t = &g->tests[i];
                        if (!test_failed(t))
                                continue;
                        shown++;
                        fputs("<div class=\"test\"><code>", f);
                        esc(f, t->name);
                        fputs("</code> ", f);
                        verdict_badge(f, strcmp(t->status, "fail") == 0 ? "fail" : "error");
                        fputs(" <span class=\"muted\">", f);
                        esc(f, t->status);
                        if (t->group) {
                                fputs(", group ", f);
                                esc(f, t->group);
                        }
                        fputs("</span>", f);
                        if (t->output && *t->output) {
                                fputs("<pre>", f);
                                gnt_review_cv_text(f, cv, t->output, t->name);
                                fputs("</pre>", f);
                        }
                        fputs("</div>\n", f);
                }
                if (shown < n_failed)
                        fprintf(f, "<p class=\"muted\">%zu more not shown.</p>\n", n_failed - shown);
                fputs("</details>\n", f);
        }
        const char *ev = g->evidence;
        if (!ev || !*ev)
                return;
        const char *name = grd_kind_name(k);
        bool unbuilt = failed && !g->n_tests && strcmp(g->verdict, "fail") == 0;
        if (k == GRD_CORRECTNESS) {
                /* with failed tests the evidence only lists them again */
                if (!n_failed)
                        evidence_block(f, cv, k, unbuilt ? "build errors" : "output", failed, ev,
                                       unbuilt ? "build" : name);
                return;
        }
        if (k != GRD_RACE) {
                static const char *const what[] = {"", "", "leaked goroutines", "benchmark notes", "findings"};
                evidence_block(f, cv, k, failed || k == GRD_BENCH ? what[k] : "notes", failed, ev, name);
                return;
        }
        size_t cut = gnt_review_race_split(ev);
        char *reports = cut ? strndup(ev, cut) : NULL;
        if (reports)
                evidence_block(f, cv, k,
                               strstr(reports, "WARNING:") ? "race reports" : unbuilt ? "build errors" : "notes",
                               failed, reports, name);
        free(reports);
        /* under a pass there was no race report: these failures are not
         * races (under a fail, a race may be why); the summary counts them */
        if (ev[cut])
                evidence_block(f, cv, k,
                               failed ? "test runs that did not pass under -race"
                                      : "test runs that did not pass under -race (test failures, not data races: "
                                        "the race verdict counts race reports only)",
                               false, ev + cut, "test under -race");
}

/* The graders' table of e and each grader's evidence, its file:line
 * references linked into cv (may be NULL). */
void gnt_review_html_graders(FILE *f, const struct gnt_review_entry *e, struct gnt_review_cv *cv)
{
        bool any = false;
        for (int k = 0; k < _GRD_KIND_MAX; k++)
                any |= e->g[k].present;
        if (!any)
                return;
        fputs("<div class=\"wrap\"><table>\n<thead><tr><th>Grader</th><th>Verdict</th>"
              "<th class=\"num\">Score</th><th>Summary</th><th class=\"num\">Time</th></tr></thead>\n<tbody>\n",
              f);
        for (int k = 0; k < _GRD_KIND_MAX; k++) {
                const struct gnt_review_grader *g = &e->g[k];
                if (!g->present)
                        continue;
                fprintf(f, "<tr><td>%s</td><td>", grd_kind_name((enum grd_kind)k));
                verdict_badge(f, g->verdict);
                fprintf(f, "</td><td class=\"num\">%g / %g</td><td>", round(g->score * 100) / 100, g->weight);
                esc(f, g->summary);
                fprintf(f, "</td><td class=\"num\">%.1f s</td></tr>\n", g->wall_s);
        }
        fputs("</tbody></table></div>\n", f);
        for (int k = 0; k < _GRD_KIND_MAX; k++)
                if (e->g[k].present)
                        write_grader_details(&e->g[k], (enum grd_kind)k, cv, f);
}

static void write_candidate(const struct gnt_review_board *b, const struct gnt_review_starter *st, size_t idx,
                            FILE *f)
{
        const struct gnt_review_entry *e = &b->e[idx];
        struct gnt_review_cv *cv = gnt_review_cv_new(st, e); /* before the evidence, which links into it */
        fputs("<article class=\"card\" id=\"", f);
        anchor(f, "c-", e->sha256);
        fputs("\">\n", f);
        fprintf(f, "<div class=\"scorebig\">%.2f<small> / 100</small></div>\n<h3>", e->score);
        if (e->rank)
                fprintf(f, "%u. ", e->rank);
        esc(f, e->candidate);
        fputs(" ", f);
        verdict_badge(f, gnt_review_status_name(e->status));
        fputs(" ", f);
        verdict_badge(f, gnt_integrity_name(e->ig.verdict));
        fputs("</h3>\n<div class=\"meta\">", f);
        esc(f, e->source);
        fprintf(f, " \xc2\xb7 sha256 %.16s\xe2\x80\xa6", e->sha256);
        if (e->has_session) {
                char t1[40], t2[40];
                gnt_review_fmt_utc(e->submitted, t1, sizeof t1);
                gnt_review_fmt_utc(e->deadline, t2, sizeof t2);
                fprintf(f, " \xc2\xb7 submitted %s (deadline %s)", t1, t2);
                if (e->late) {
                        char d[32];
                        gnt_review_fmt_duration(e->overrun_s, d, sizeof d);
                        fprintf(f, " <span class=\"late\">late by %s</span>", d);
                }
                if (e->mode) {
                        fputs(" \xc2\xb7 ", f);
                        esc(f, e->mode);
                }
        } else {
                fputs(" \xc2\xb7 no session record (a plain folder)", f);
        }
        for (size_t s = 0; s < e->n_similar; s++) {
                size_t pi = e->similar[s];
                fprintf(f, " \xc2\xb7 <a class=\"flag\" href=\"#pair-%zu\">similar to ", pi + 1);
                esc(f, other_of(b, &b->pairs[pi], idx)->candidate);
                fputs("</a>", f);
        }
        fputs("</div>\n", f);
        gnt_review_html_integrity_card(e, f);
        if (e->message) {
                fputs("<pre class=\"msg\">", f);
                esc(f, e->message);
                fputs("</pre>\n", f);
        }
        gnt_review_html_graders(f, e, cv);
        const struct gnt_review_grader *bg = &e->g[GRD_BENCH];
        bool bench_plot = bg->present && (bg->n_pairs || bg->n_bench);
        bool timeline = e->has_session && e->n_events;
        if (bench_plot || timeline) {
                fputs("<div class=\"plots\">\n", f);
                if (bench_plot) {
                        fputs("<div class=\"plot\"><h4>Benchmarks against the reference</h4>\n", f);
                        gnt_review_plot_bench(f, bg, b->problem.target_ratio, b->problem.fail_ratio);
                        fputs("</div>\n", f);
                }
                if (timeline) {
                        fputs("<div class=\"plot\"><h4>Session timeline</h4>\n", f);
                        gnt_review_plot_timeline(f, e);
                        fputs("</div>\n", f);
                }
                fputs("</div>\n", f);
                if (bench_plot)
                        gnt_review_plot_bench_table(f, bg);
        }
        gnt_review_cv_write(f, cv);
        gnt_review_cv_free(cv);
        gnt_rubric_html_card(b, idx, f);
        fputs("</article>\n", f);
}

int gnt_review_html_write(const struct gnt_review_board *b, FILE *f)
{
        if (sodium_init() < 0)
                return -EIO;
        write_head(b, f);
        write_top(b, f);
        gnt_review_html_integrity(b, f);
        write_board(b, f);
        struct gnt_review_starter *st = gnt_review_starter_load(b->dir); /* NULL: shown without it */
        write_similarity(b, st, f);
        fputs("<section id=\"candidates\">\n<h2>Candidates</h2>\n", f);
        for (size_t i = 0; i < b->n; i++)
                write_candidate(b, st, b->order[i], f);
        gnt_review_starter_free(st);
        fputs("</section>\n", f);
        fputs("<footer id=\"report-end\">Report written by gauntlet " GAUNTLET_VERSION
              " from the per-submission results in this folder. Candidate-supplied text is shown as text.</footer>\n"
              "</main>\n<script>",
              f);
        fputs(script, f);
        fputs("</script>\n</body>\n</html>\n", f);
        return ferror(f) ? -EIO : 0;
}
