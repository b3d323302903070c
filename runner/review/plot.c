/* plot.c — small inline SVG charts.  Coordinates are computed here; the
 * only strings drawn are numbers gauntlet formats and benchmark/test
 * names, which are escaped like all other text. */
#include "plot.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"

static void esc(FILE *f, const char *s)
{
        if (s)
                gnt_review_html_escape(f, s, strlen(s));
}

void gnt_review_plot_histogram(FILE *f, const double *scores, size_t n)
{
        enum { W = 640, H = 150, L = 36, R = 10, T = 10, B = 26, BINS = 10 };
        size_t bins[BINS] = {0}, top = 1;
        for (size_t i = 0; i < n; i++) {
                int k = (int)(scores[i] / 10);
                k = k < 0 ? 0 : k >= BINS ? BINS - 1 : k;
                if (++bins[k] > top)
                        top = bins[k];
        }
        double pw = W - L - R, ph = H - T - B, bw = pw / BINS;
        fprintf(f, "<svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                   "aria-label=\"score histogram\">\n", W, H, W, H);
        fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#9aa3b2\"/>\n", L, H - B, W - R, H - B);
        for (int k = 0; k < BINS; k++) {
                double h = ph * (double)bins[k] / (double)top;
                double x = L + k * bw;
                if (bins[k]) {
                        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#2f5bd3\" "
                                   "opacity=\"0.8\"><title>%d\xe2\x80\x93%d: %zu</title></rect>\n",
                                x + 2, H - B - h, bw - 4, h, k * 10, k * 10 + 10, bins[k]);
                        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" "
                                   "fill=\"#1d2430\">%zu</text>\n", x + bw / 2, H - B - h - 3, bins[k]);
                }
                fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6576\">"
                           "%d</text>\n", x, H - 8, k * 10);
        }
        fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6576\">100</text>\n",
                W - R, H - 8);
        fprintf(f, "<text x=\"4\" y=\"%d\" font-size=\"11\" fill=\"#5b6576\">%zu</text>\n", T + 8, top);
        fputs("</svg>\n", f);
}

static int cmp_d(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;
        return (x > y) - (x < y);
}

/* Quantile of sorted v by linear interpolation. */
static double quant(const double *v, size_t n, double q)
{
        double pos = q * (double)(n - 1);
        size_t i = (size_t)pos;
        double fr = pos - (double)i;
        return i + 1 < n ? v[i] * (1 - fr) + v[i + 1] * fr : v[n - 1];
}

struct axis {
        double lo, hi; /* log scale */
        double x0, w;
};

static double ax(const struct axis *a, double v)
{
        if (v < a->lo)
                v = a->lo;
        if (v > a->hi)
                v = a->hi;
        return a->x0 + a->w * (log(v) - log(a->lo)) / (log(a->hi) - log(a->lo));
}

static void bench_row(FILE *f, const struct axis *a, double y, const char *label, const double *vals, size_t n)
{
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\" fill=\"#1d2430\">",
                a->x0 - 8, y + 4);
        char cut[40];
        snprintf(cut, sizeof cut, "%s", label);
        if (strlen(label) >= sizeof cut)
                memcpy(cut + sizeof cut - 4, "...", 4);
        esc(f, cut);
        fputs("</text>\n", f);
        if (!n)
                return;
        double *s = malloc(n * sizeof *s);
        if (!s)
                return;
        memcpy(s, vals, n * sizeof *s);
        qsort(s, n, sizeof *s, cmp_d);
        double q1 = quant(s, n, 0.25), med = quant(s, n, 0.5), q3 = quant(s, n, 0.75);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#9aa3b2\"/>\n", ax(a, s[0]), y,
                ax(a, s[n - 1]), y);
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"16\" fill=\"#dbe4fb\" stroke=\"#2f5bd3\"/>\n",
                ax(a, q1), y - 8, fmax(ax(a, q3) - ax(a, q1), 1));
        for (size_t i = 0; i < n; i++)
                fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.2\" fill=\"#1d2430\" opacity=\"0.55\">"
                           "<title>pair %zu: %.3f\xc3\x97</title></circle>\n",
                        ax(a, vals[i]), y + (double)((int)(i % 3) - 1) * 3.5, i + 1, vals[i]);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1d2430\" stroke-width=\"3\"/>\n",
                ax(a, med), y - 10, ax(a, med), y + 10);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#1d2430\">%.2f\xc3\x97</text>\n",
                ax(a, s[n - 1]) + 8, y + 4, med);
        free(s);
}

static void vline(FILE *f, const struct axis *a, double v, double y0, double y1, const char *color, const char *dash,
                  const char *label)
{
        double x = ax(a, v);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.5\"%s%s%s/>\n",
                x, y0, x, y1, color, dash ? " stroke-dasharray=\"" : "", dash ? dash : "", dash ? "\"" : "");
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" fill=\"%s\">%s %.2g\xc3\x97"
                   "</text>\n", x, y0 - 4, color, label, v);
}

void gnt_review_plot_bench(FILE *f, const struct gnt_review_grader *g, double target, double fail)
{
        /* One row for all benchmarks together, and one per benchmark when
         * there are several (with one, both rows would be the same). */
        bool per_bench = g->n_bench > 1 || !g->n_pairs;
        size_t rows = (g->n_pairs ? 1 : 0);
        for (size_t i = 0; per_bench && i < g->n_bench; i++)
                rows += g->bench[i].n_pair > 0;
        if (rows > 12)
                rows = 12;
        double lo = 1, hi = 1;
        for (size_t i = 0; i < g->n_pairs; i++) {
                lo = fmin(lo, g->pair_ratios[i]);
                hi = fmax(hi, g->pair_ratios[i]);
        }
        for (size_t b = 0; b < g->n_bench; b++)
                for (size_t i = 0; i < g->bench[b].n_pair; i++) {
                        lo = fmin(lo, g->bench[b].pair_ratio[i]);
                        hi = fmax(hi, g->bench[b].pair_ratio[i]);
                }
        if (fail > 0)
                hi = fmax(hi, fail);
        if (target > 0)
                hi = fmax(hi, target);
        lo = fmax(fmin(lo * 0.85, 0.8), 1e-3);
        hi = fmin(hi * 1.2, 1e4);
        int W = 640, T = 34, rowh = 34, H = T + (int)(rows ? rows : 1) * rowh + 30;
        struct axis a = {lo, hi, 170, (double)W - 170 - 60};
        fprintf(f, "<svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                   "aria-label=\"benchmark ratios\">\n", W, H, W, H);
        /* Grid: ratios a reviewer reads at a glance. */
        static const double ticks[] = {0.1, 0.2, 0.5, 1, 1.5, 2, 3, 5, 10, 20, 50, 100, 1000};
        for (size_t i = 0; i < sizeof ticks / sizeof *ticks; i++) {
                if (ticks[i] < lo || ticks[i] > hi)
                        continue;
                double x = ax(&a, ticks[i]);
                fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eceff3\"/>\n", x, T - 6, x,
                        H - 24);
                fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6576\">"
                           "%g\xc3\x97</text>\n", x, H - 10, ticks[i]);
        }
        vline(f, &a, 1, T - 6, H - 24, "#6b7280", NULL, "reference");
        if (target > 0)
                vline(f, &a, target, T - 18, H - 24, "#1a7f37", "5 3", "target");
        if (fail > 0)
                vline(f, &a, fail, T - 6, H - 24, "#b42318", "5 3", "fail");
        double y = T + rowh / 2.0;
        size_t drawn = 0;
        if (g->n_pairs) {
                bench_row(f, &a, y, "all (geo-mean)", g->pair_ratios, g->n_pairs);
                y += rowh;
                drawn++;
        }
        for (size_t b = 0; per_bench && b < g->n_bench && drawn < rows; b++) {
                if (!g->bench[b].n_pair)
                        continue;
                bench_row(f, &a, y, g->bench[b].name, g->bench[b].pair_ratio, g->bench[b].n_pair);
                y += rowh;
                drawn++;
        }
        if (!drawn)
                fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#5b6576\">no per-pair data</text>\n",
                        W / 2, T + 20);
        fputs("</svg>\n", f);
        fputs("<p class=\"muted\">candidate ns/op \xc3\xb7 reference ns/op per interleaved pair; box = quartiles, "
              "bar = median", f);
        if (g->ratio > 0) {
                fprintf(f, "; median ratio %.3f\xc3\x97", g->ratio);
                if (g->ci_low > 0 && g->ci_high > 0)
                        fprintf(f, " (CI %.3f\xe2\x80\x93%.3f)", g->ci_low, g->ci_high);
                if (g->cv >= 0)
                        fprintf(f, ", CV %.1f%%", g->cv * (g->cv < 1 ? 100 : 1));
        }
        fputs("</p>\n", f);
}

void gnt_review_plot_bench_table(FILE *f, const struct gnt_review_grader *g)
{
        if (!g->n_bench)
                return;
        fputs("<div class=\"wrap\"><table><thead><tr><th>Benchmark</th><th class=\"num\">candidate ns/op</th>"
              "<th class=\"num\">reference ns/op</th><th class=\"num\">ratio</th><th class=\"num\">allocs/op</th>"
              "<th class=\"num\">B/op</th></tr></thead><tbody>\n", f);
        for (size_t b = 0; b < g->n_bench; b++) {
                const struct gnt_review_bench *x = &g->bench[b];
                fputs("<tr><td>", f);
                esc(f, x->name);
                fprintf(f, "</td><td class=\"num\">%.1f</td><td class=\"num\">%.1f</td><td class=\"num\">%.3f</td>",
                        x->cand_ns, x->ref_ns, x->ratio);
                if (x->cand_allocs >= 0)
                        fprintf(f, "<td class=\"num\">%g <span class=\"muted\">(ref %g)</span></td>", x->cand_allocs,
                                x->ref_allocs);
                else
                        fputs("<td class=\"num\">\xe2\x80\x94</td>", f);
                if (x->cand_bytes >= 0)
                        fprintf(f, "<td class=\"num\">%g <span class=\"muted\">(ref %g)</span></td>", x->cand_bytes,
                                x->ref_bytes);
                else
                        fputs("<td class=\"num\">\xe2\x80\x94</td>", f);
                fputs("</tr>\n", f);
        }
        fputs("</tbody></table></div>\n", f);
}

void gnt_review_plot_timeline(FILE *f, const struct gnt_review_entry *e)
{
        int64_t t0 = e->started, t1 = e->started;
        for (size_t i = 0; i < e->n_events; i++) {
                if (!t0 || e->events[i].time < t0)
                        t0 = e->events[i].time;
                if (e->events[i].time > t1)
                        t1 = e->events[i].time;
        }
        if (e->deadline > t1)
                t1 = e->deadline;
        if (e->submitted > t1)
                t1 = e->submitted;
        double span = (double)(t1 - t0);
        if (span < 60)
                span = 60;
        span *= 1.04;
        enum { W = 640, H = 190, L = 44, R = 16, T = 22, B = 34 };
        double pw = W - L - R, ph = H - T - B;
#define TX(t) (L + pw * (double)((t) - t0) / span)
#define TY(fr) (T + ph * (1 - (fr)))
        fprintf(f, "<svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                   "aria-label=\"session timeline\">\n", W, H, W, H);
        for (int p = 0; p <= 100; p += 50) {
                fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>\n", L, TY(p / 100.0),
                        W - R, TY(p / 100.0), p ? "#eceff3" : "#9aa3b2");
                fprintf(f, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6576\">%d%%"
                           "</text>\n", L - 6, TY(p / 100.0) + 4, p);
        }
        static const int steps[] = {1, 2, 5, 10, 15, 30, 60, 120, 240, 480, 1440};
        int step = 1440;
        for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
                if (span / 60 / steps[i] <= 8) {
                        step = steps[i];
                        break;
                }
        for (int m = 0; m * 60.0 <= span; m += step) {
                double x = TX(t0 + (int64_t)m * 60);
                fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#9aa3b2\"/>\n", x, TY(0), x,
                        TY(0) + 4);
                fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6576\">"
                           "%dm</text>\n", x, TY(0) + 16, m);
        }
        fprintf(f, "<text x=\"%d\" y=\"12\" font-size=\"11\" fill=\"#5b6576\">public tests passing</text>\n", L);
        if (e->deadline > t0) {
                double x = TX(e->deadline);
                fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#b42318\" "
                           "stroke-dasharray=\"5 3\"/>\n", x, T - 6, x, TY(0));
                fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"end\" fill=\"#b42318\">"
                           "deadline</text>\n", x - 3, T + 4);
        }
        /* The pass-fraction curve, as steps between test runs. */
        fputs("<polyline fill=\"none\" stroke=\"#2f5bd3\" stroke-width=\"1.5\" points=\"", f);
        double prev_y = TY(0);
        bool first = true;
        for (size_t i = 0; i < e->n_events; i++) {
                const struct gnt_review_event *ev = &e->events[i];
                if (strcmp(ev->type, "test") != 0)
                        continue;
                int tot = ev->passed + ev->failed + ev->skipped;
                double y = TY(tot ? (double)ev->passed / tot : 0);
                double x = TX(ev->time);
                if (first)
                        fprintf(f, "%.1f,%.1f ", x, y);
                else
                        fprintf(f, "%.1f,%.1f %.1f,%.1f ", x, prev_y, x, y);
                prev_y = y;
                first = false;
        }
        fputs("\"/>\n", f);
        size_t run = 0;
        for (size_t i = 0; i < e->n_events; i++) {
                const struct gnt_review_event *ev = &e->events[i];
                double x = TX(ev->time);
                char when[32];
                gnt_review_fmt_duration(ev->time - t0, when, sizeof when);
                if (strcmp(ev->type, "test") == 0) {
                        run++;
                        int tot = ev->passed + ev->failed + ev->skipped;
                        bool built = !ev->status[0] || strcmp(ev->status, "ok") == 0;
                        const char *col = !built ? "#a15c00" : ev->failed ? "#b42318" : "#1a7f37";
                        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\" stroke=\"#fff\">"
                                   "<title>run %zu at %s: ", x, TY(tot ? (double)ev->passed / tot : 0), col, run,
                                when);
                        if (built)
                                fprintf(f, "%d passed, %d failed, %d skipped", ev->passed, ev->failed, ev->skipped);
                        else
                                esc(f, ev->status);
                        fputs(ev->late ? " (after the deadline)" : "", f);
                        fputs("</title></circle>\n", f);
                } else if (strcmp(ev->type, "submit") == 0) {
                        const char *col = e->late ? "#b42318" : "#1d2430";
                        fprintf(f, "<path d=\"M%.1f %.1f l-6 -10 h12 z\" fill=\"%s\"><title>submit at %s</title></path>\n",
                                x, TY(1) - 2, col, when);
                        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"%s\">submit",
                                x - 8, TY(1) - 4, col);
                        if (e->late) {
                                char d[32];
                                gnt_review_fmt_duration(e->overrun_s, d, sizeof d);
                                fprintf(f, " (late +%s)", d);
                        }
                        fputs("</text>\n", f);
                } else if (strcmp(ev->type, "pause") == 0 || strcmp(ev->type, "resume") == 0) {
                        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#9aa3b2\" "
                                   "stroke-dasharray=\"2 2\"><title>%s at %s</title></line>\n", x, TY(1), x, TY(0),
                                ev->type, when);
                }
        }
        fputs("</svg>\n", f);
        fprintf(f, "<p class=\"muted\">%zu test run%s", run, run == 1 ? "" : "s");
        if (e->has_session && e->submitted) {
                char d[32];
                gnt_review_fmt_duration(e->submitted - t0, d, sizeof d);
                fprintf(f, "; submitted %s after the start", d);
        }
        fputs(".</p>\n", f);
#undef TX
#undef TY
}
