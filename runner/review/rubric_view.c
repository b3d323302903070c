/* rubric_view.c — what the report shows of the reviewers' scores: per
 * submission the reviews shown (all of them, or for a reviewer's blind
 * view only their own until they have scored it), the mean rubric score
 * over complete reviews, and whether reviewers disagree by more than the
 * margin; written into the leaderboard's CSV, JSON and HTML and the
 * candidate's card.  Reviewer names are checked names; notes, titles and
 * candidate names are escaped as any other text of the report. */
#include "rubric.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "sbx_file.h"

static void cell_release(struct gnt_rubric_cell *c)
{
        free(c->shown);
        free(c->item_mean);
}

void gnt_rubric_view_free(struct gnt_rubric_view *v)
{
        if (!v)
                return;
        for (size_t i = 0; v->cell && i < v->n_cells; i++)
                cell_release(&v->cell[i]);
        free(v->cell);
        gnt_reviewers_free(v->rv, v->n_rv);
        gnt_rubric_release(&v->rubric);
        free(v->viewer);
        free(v);
}

static int viewer_index(const struct gnt_rubric_view *v)
{
        for (size_t i = 0; v->viewer && i < v->n_rv; i++)
                if (strcmp(v->rv[i].name, v->viewer) == 0)
                        return (int)i;
        return -1;
}

/* The blind rule: a viewer who has not scored a submission completely
 * sees only their own review of it. */
static int fill_cell(struct gnt_rubric_view *v, const char *sha, struct gnt_rubric_cell *c)
{
        const struct gnt_rubric *rb = &v->rubric;
        int me = viewer_index(v);
        const struct gnt_review_score *mine = me >= 0 ? gnt_reviewer_find(&v->rv[me], sha) : NULL;
        bool see_all = !v->viewer || (mine && gnt_review_score_complete(mine, rb));
        c->shown = calloc(v->n_rv ? v->n_rv : 1, sizeof *c->shown);
        c->item_mean = calloc(rb->n ? rb->n : 1, sizeof *c->item_mean);
        if (!c->shown || !c->item_mean)
                return -ENOMEM;
        double lo_t = INFINITY, hi_t = -INFINITY, sum = 0;
        for (size_t r = 0; r < v->n_rv; r++) {
                const struct gnt_review_score *s = gnt_reviewer_find(&v->rv[r], sha);
                if (!s)
                        continue;
                if (!see_all && (int)r != me) {
                        c->n_hidden++;
                        continue;
                }
                c->shown[c->n_shown++] = r;
                if (!gnt_review_score_complete(s, rb))
                        continue;
                c->n_complete++;
                double t = gnt_review_score_total(s, rb);
                sum += t;
                lo_t = fmin(lo_t, t);
                hi_t = fmax(hi_t, t);
        }
        if (!c->n_complete)
                return 0;
        c->mean = sum / (double)c->n_complete;
        c->disagree = hi_t - lo_t > v->margin + 1e-9;
        for (size_t k = 0; k < rb->n; k++) {
                double lo = INFINITY, hi = -INFINITY, s = 0;
                for (size_t i = 0; i < c->n_shown; i++) {
                        const struct gnt_review_score *x = gnt_reviewer_find(&v->rv[c->shown[i]], sha);
                        if (!gnt_review_score_complete(x, rb))
                                continue;
                        s += x->pts[k];
                        lo = fmin(lo, x->pts[k]);
                        hi = fmax(hi, x->pts[k]);
                }
                c->item_mean[k] = s / (double)c->n_complete;
                c->disagree |= hi - lo > v->margin + 1e-9;
        }
        return 0;
}

int gnt_review_board_rubric(struct gnt_review_board *b, const char *viewer, double margin, char *err,
                            size_t errsz)
{
        struct gnt_rubric_view *v = calloc(1, sizeof *v);
        if (!v)
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        v->margin = margin > 0 ? margin : GNT_REVIEW_DISAGREE;
        int r = gnt_review_rubric_read(b->dir, &v->rubric, err, errsz);
        if (r == 0 && !v->rubric.n) {
                gnt_rubric_view_free(v);
                if (viewer)
                        return sbx_errf(err, errsz, -EINVAL, "'%s' records no rubric: there is nothing to review",
                                        b->dir);
                return 0;
        }
        if (r == 0 && viewer && !(v->viewer = strdup(viewer)))
                r = sbx_errf(err, errsz, -ENOMEM, "out of memory");
        if (r == 0)
                r = gnt_reviewers_load(b->dir, &v->rubric, &v->rv, &v->n_rv, err, errsz);
        if (r == 0 && !(v->cell = calloc(b->n ? b->n : 1, sizeof *v->cell)))
                r = sbx_errf(err, errsz, -ENOMEM, "out of memory");
        if (r == 0)
                v->n_cells = b->n;
        for (size_t i = 0; r == 0 && i < b->n; i++) {
                if (fill_cell(v, b->e[i].sha256, &v->cell[i]) < 0)
                        r = sbx_errf(err, errsz, -ENOMEM, "out of memory");
                v->n_disagree += v->cell[i].disagree;
        }
        if (r < 0) {
                gnt_rubric_view_free(v);
                return r;
        }
        gnt_rubric_view_free(b->rubric);
        b->rubric = v;
        return 0;
}

/* ---- CSV and JSON ---- */

void gnt_rubric_csv_head(const struct gnt_review_board *b, FILE *f)
{
        const struct gnt_rubric_view *v = b->rubric;
        if (!v)
                return;
        fputs(",rubric,rubric_points,reviewers,disagree", f);
        for (size_t k = 0; k < v->rubric.n; k++)
                fprintf(f, ",rubric_%s", v->rubric.items[k].id);
}

void gnt_rubric_csv_row(const struct gnt_review_board *b, size_t idx, FILE *f)
{
        const struct gnt_rubric_view *v = b->rubric;
        if (!v)
                return;
        const struct gnt_rubric_cell *c = &v->cell[idx];
        if (c->n_complete)
                fprintf(f, ",%.2f", c->mean);
        else
                fputc(',', f);
        fprintf(f, ",%u,%zu,%s", v->rubric.total, c->n_complete, c->disagree ? "yes" : "no");
        for (size_t k = 0; k < v->rubric.n; k++)
                if (c->n_complete)
                        fprintf(f, ",%.2f", c->item_mean[k]);
                else
                        fputc(',', f);
}

static double round3(double v)
{
        return round(v * 1000) / 1000;
}

void gnt_rubric_json_top(const struct gnt_review_board *b, cJSON *o)
{
        const struct gnt_rubric_view *v = b->rubric;
        if (!v)
                return;
        cJSON *r = cJSON_AddObjectToObject(o, "rubric");
        cJSON_AddNumberToObject(r, "points", v->rubric.total);
        cJSON_AddNumberToObject(r, "disagree_margin", round3(v->margin));
        cJSON *items = cJSON_AddArrayToObject(r, "items");
        for (size_t k = 0; k < v->rubric.n; k++) {
                const struct gnt_rubric_item *it = &v->rubric.items[k];
                cJSON *x = cJSON_CreateObject();
                cJSON_AddStringToObject(x, "id", it->id);
                cJSON_AddStringToObject(x, "title", it->title);
                cJSON_AddNumberToObject(x, "points", it->points);
                cJSON_AddStringToObject(x, "guide", it->guide);
                cJSON_AddItemToArray(items, x);
        }
        cJSON *names = cJSON_AddArrayToObject(r, "reviewers");
        for (size_t i = 0; i < v->n_rv; i++)
                cJSON_AddItemToArray(names, cJSON_CreateString(v->rv[i].name));
        cJSON_AddNumberToObject(r, "disagreements", (double)v->n_disagree);
}

void gnt_rubric_json_entry(const struct gnt_review_board *b, size_t idx, cJSON *x)
{
        const struct gnt_rubric_view *v = b->rubric;
        if (!v)
                return;
        const struct gnt_rubric *rb = &v->rubric;
        const struct gnt_rubric_cell *c = &v->cell[idx];
        cJSON *r = cJSON_AddObjectToObject(x, "rubric");
        if (c->n_complete)
                cJSON_AddNumberToObject(r, "score", round3(c->mean));
        else
                cJSON_AddNullToObject(r, "score");
        cJSON_AddNumberToObject(r, "points", rb->total);
        cJSON_AddNumberToObject(r, "reviewers", (double)c->n_complete);
        cJSON_AddBoolToObject(r, "disagree", c->disagree);
        cJSON *im = cJSON_AddObjectToObject(r, "items");
        for (size_t k = 0; c->n_complete && k < rb->n; k++)
                cJSON_AddNumberToObject(im, rb->items[k].id, round3(c->item_mean[k]));
        cJSON *arr = cJSON_AddArrayToObject(r, "reviews");
        for (size_t i = 0; i < c->n_shown; i++) {
                const struct gnt_reviewer *who = &v->rv[c->shown[i]];
                const struct gnt_review_score *s = gnt_reviewer_find(who, b->e[idx].sha256);
                cJSON *y = cJSON_CreateObject();
                cJSON_AddStringToObject(y, "reviewer", who->name);
                cJSON_AddBoolToObject(y, "complete", gnt_review_score_complete(s, rb));
                cJSON_AddNumberToObject(y, "total", gnt_review_score_total(s, rb));
                cJSON *sc = cJSON_AddObjectToObject(y, "scores");
                cJSON *notes = cJSON_AddObjectToObject(y, "notes");
                for (size_t k = 0; k < rb->n; k++) {
                        if (s->pts[k] >= 0)
                                cJSON_AddNumberToObject(sc, rb->items[k].id, s->pts[k]);
                        if (s->notes[k])
                                cJSON_AddStringToObject(notes, rb->items[k].id, s->notes[k]);
                }
                if (s->note)
                        cJSON_AddStringToObject(y, "note", s->note);
                else
                        cJSON_AddNullToObject(y, "note");
                cJSON_AddItemToArray(arr, y);
        }
}

/* ---- HTML ---- */

const char gnt_rubric_css[] =
        "table.rubric td.note{white-space:pre-wrap;overflow-wrap:anywhere;font-size:13.5px;max-width:320px}\n"
        "table.rubric .guide{color:var(--muted);font-size:12.5px}\n"
        ".disagree{color:#7a3e00;background:#ffe8c2;border-radius:10px;padding:1px 8px;font-size:12.5px;"
        "white-space:nowrap}\n"
        "td.spread{background:#fff4e0}\n";

static void esc(FILE *f, const char *s)
{
        if (s)
                gnt_review_html_escape(f, s, strlen(s));
}

void gnt_rubric_html_stats(const struct gnt_review_board *b, FILE *f)
{
        const struct gnt_rubric_view *v = b->rubric;
        if (!v)
                return;
        size_t reviewed = 0;
        for (size_t i = 0; i < b->n; i++)
                reviewed += v->cell[i].n_complete > 0;
        fprintf(f, "<div class=\"stat\"><b>%zu</b><span>reviewed (rubric /%u)</span></div>", reviewed,
                v->rubric.total);
        fprintf(f, "<div class=\"stat\"><b>%zu</b><span>reviewer disagreements (&gt; %g)</span></div>",
                v->n_disagree, v->margin);
        if (v->viewer) {
                fputs("<div class=\"stat\"><b>", f);
                esc(f, v->viewer);
                fputs("</b><span>blind view: others' scores show once you have scored</span></div>", f);
        }
}

void gnt_rubric_html_head(const struct gnt_review_board *b, FILE *f)
{
        if (b->rubric)
                fprintf(f, "<th class=\"num\">Rubric <span class=\"muted\">/%u</span></th>",
                        b->rubric->rubric.total);
}

void gnt_rubric_html_cell(const struct gnt_review_board *b, size_t idx, FILE *f)
{
        const struct gnt_rubric_view *v = b->rubric;
        if (!v)
                return;
        const struct gnt_rubric_cell *c = &v->cell[idx];
        if (!c->n_complete) {
                fprintf(f, "<td class=\"num muted\" data-v=\"-1\">%s</td>",
                        c->n_hidden ? "hidden" : "\xe2\x80\x94");
                return;
        }
        fprintf(f, "<td class=\"num\" data-v=\"%.3f\">%.1f <span class=\"muted\">(%zu)</span>", c->mean, c->mean,
                c->n_complete);
        if (c->disagree)
                fputs(" <span class=\"disagree\">disagree</span>", f);
        fputs("</td>", f);
}

static void item_row(const struct gnt_rubric_view *v, const struct gnt_rubric_cell *c, const char *sha, size_t k,
                     FILE *f)
{
        const struct gnt_rubric_item *it = &v->rubric.items[k];
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < c->n_shown; i++) {
                const struct gnt_review_score *s = gnt_reviewer_find(&v->rv[c->shown[i]], sha);
                if (s->pts[k] >= 0) {
                        lo = fmin(lo, s->pts[k]);
                        hi = fmax(hi, s->pts[k]);
                }
        }
        bool spread = hi - lo > v->margin + 1e-9;
        fputs("<tr><td>", f);
        esc(f, it->title);
        fprintf(f, " <span class=\"muted\">/%u</span><div class=\"guide\">", it->points);
        esc(f, it->guide);
        fputs("</div></td>", f);
        if (c->n_complete > 1)
                fprintf(f, "<td class=\"num\">%.1f</td>", c->item_mean[k]);
        for (size_t i = 0; i < c->n_shown; i++) {
                const struct gnt_review_score *s = gnt_reviewer_find(&v->rv[c->shown[i]], sha);
                fprintf(f, "<td class=\"note%s\">", spread ? " spread" : "");
                if (s->pts[k] >= 0)
                        fprintf(f, "<b>%d</b>", s->pts[k]);
                else
                        fputs("<span class=\"muted\">\xe2\x80\x94</span>", f);
                if (s->notes[k]) {
                        fputs(" ", f);
                        esc(f, s->notes[k]);
                }
                fputs("</td>", f);
        }
        fputs("</tr>\n", f);
}

void gnt_rubric_html_card(const struct gnt_review_board *b, size_t idx, FILE *f)
{
        const struct gnt_rubric_view *v = b->rubric;
        if (!v)
                return;
        const struct gnt_rubric_cell *c = &v->cell[idx];
        const char *sha = b->e[idx].sha256;
        fputs("<h4>Reviews", f);
        if (c->n_complete)
                fprintf(f, ": %.1f / %u, mean of %zu", c->mean, v->rubric.total, c->n_complete);
        if (c->disagree)
                fprintf(f, " <span class=\"disagree\">reviewers disagree by more than %g</span>", v->margin);
        fputs("</h4>\n", f);
        if (c->n_hidden)
                fprintf(f, "<p class=\"muted\">%zu other review%s hidden until you have scored every item.</p>\n",
                        c->n_hidden, c->n_hidden == 1 ? "" : "s");
        if (!c->n_shown) {
                fputs("<p class=\"muted\">Not reviewed yet.</p>\n", f);
                return;
        }
        fputs("<div class=\"wrap\"><table class=\"rubric\">\n<thead><tr><th>Item</th>", f);
        if (c->n_complete > 1)
                fputs("<th class=\"num\">Mean</th>", f);
        for (size_t i = 0; i < c->n_shown; i++) {
                fputs("<th>", f);
                esc(f, v->rv[c->shown[i]].name);
                fputs("</th>", f);
        }
        fputs("</tr></thead>\n<tbody>\n", f);
        for (size_t k = 0; k < v->rubric.n; k++)
                item_row(v, c, sha, k, f);
        fprintf(f, "<tr><td><b>Total</b> <span class=\"muted\">/%u</span></td>", v->rubric.total);
        if (c->n_complete > 1)
                fprintf(f, "<td class=\"num\"><b>%.1f</b></td>", c->mean);
        for (size_t i = 0; i < c->n_shown; i++) {
                const struct gnt_review_score *s = gnt_reviewer_find(&v->rv[c->shown[i]], sha);
                bool done = gnt_review_score_complete(s, &v->rubric);
                fprintf(f, "<td><b>%u</b>%s</td>", gnt_review_score_total(s, &v->rubric),
                        done ? "" : " <span class=\"muted\">(in progress)</span>");
        }
        fputs("</tr>\n<tr><td>Note</td>", f);
        if (c->n_complete > 1)
                fputs("<td></td>", f);
        for (size_t i = 0; i < c->n_shown; i++) {
                const struct gnt_review_score *s = gnt_reviewer_find(&v->rv[c->shown[i]], sha);
                fputs("<td class=\"note\">", f);
                esc(f, s->note);
                fputs("</td>", f);
        }
        fputs("</tr>\n</tbody></table></div>\n", f);
}
