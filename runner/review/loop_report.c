/* loop_report.c — an interview loop's combined debrief (loop_report.h):
 * built from the rounds' sessions and debriefs, written as JSON, as HTML
 * with the review report's renderer pieces, and as text. */
#include "review/loop_report.h"

#include <cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "review/board.h"
#include "review/debrief.h"
#include "sbx_file.h"
#include "session/debrief.h"
#include "session/session.h"
#include "version.h"

static void result_release(struct gnt_loop_result *x)
{
        free(x->title);
        for (size_t i = 0; i < x->n_mistakes; i++) {
                free(x->mistakes[i].name);
                free(x->mistakes[i].state);
        }
        free(x->mistakes);
}

void gnt_loop_report_release(struct gnt_loop_report *r)
{
        if (!r)
                return;
        for (size_t i = 0; i < r->n; i++)
                result_release(&r->r[i]);
        memset(r, 0, sizeof *r);
}

/* The grading and the mistakes from the round's report.json. */
static int take_debrief(const struct gnt_session *s, struct gnt_loop_result *x)
{
        char *text = NULL, err[256];
        size_t len = 0;
        if (!s->grading) {
                x->why = "this mock had no grading parts";
                return 0;
        }
        if (gnt_session_debrief_read(s, &text, &len, err, sizeof err) < 0) {
                x->why = "no debrief (left while grading? 'gauntlet submit' in the round's folder grades again)";
                return 0;
        }
        struct gnt_debrief d;
        int r = gnt_debrief_parse(text, len, &d, err, sizeof err);
        free(text);
        if (r < 0) {
                gnt_debrief_release(&d);
                x->why = "its report.json cannot be read";
                return r == -ENOMEM ? r : 0;
        }
        x->graded = true;
        x->score = d.e.score;
        free(x->title);
        x->title = d.title ? strdup(d.title) : NULL;
        for (int k = 0; k < _GRD_KIND_MAX; k++) {
                x->g[k].present = d.e.g[k].present;
                snprintf(x->g[k].verdict, sizeof x->g[k].verdict, "%s", d.e.g[k].verdict);
                x->g[k].score = d.e.g[k].score;
        }
        x->mistakes = calloc(d.n_mistakes ? d.n_mistakes : 1, sizeof *x->mistakes);
        for (size_t i = 0; x->mistakes && i < d.n_mistakes; i++) {
                const char *st = d.mistakes[i].state ? d.mistakes[i].state : "undecided";
                x->mistakes[i].name = strdup(d.mistakes[i].name ? d.mistakes[i].name : "?");
                x->mistakes[i].state = strdup(st);
                x->n_mistakes++;
                if (strcmp(st, "caught") == 0)
                        x->caught++;
                else if (strcmp(st, "avoided") == 0)
                        x->avoided++;
                else
                        x->undecided++;
        }
        x->has_page = gnt_session_debrief_page(s, (char[PATH_MAX + 32]){0});
        gnt_debrief_release(&d);
        return x->mistakes ? 0 : -ENOMEM;
}

static int round_result(const struct gnt_loop *l, size_t i, struct gnt_loop_result *x)
{
        const struct gnt_loop_round *rd = &l->rounds[i];
        memset(x, 0, sizeof *x);
        x->round = i + 1;
        snprintf(x->problem, sizeof x->problem, "%s", rd->problem);
        snprintf(x->area, sizeof x->area, "%s", rd->area);
        x->state = rd->state;
        x->minutes_allowed = rd->minutes;
        x->minutes_used = -1;
        if (rd->state == GNT_ROUND_NOT_STARTED) {
                x->why = "not started";
                return 0;
        }
        struct gnt_session s;
        char err[256];
        if (gnt_session_open(rd->dir, 0, &s, err, sizeof err) < 0) {
                x->why = "its session cannot be read";
                return 0;
        }
        x->title = s.title ? strdup(s.title) : NULL;
        x->minutes_allowed = (double)(s.deadline - s.started) / 60.0;
        int r = 0;
        if (!s.submit) {
                x->why = "not submitted";
        } else {
                int64_t used = s.submit->time - s.started - s.paused_total;
                x->minutes_used = (double)(used > 0 ? used : 0) / 60.0;
                x->late = s.submit->d.u.submit.late;
                r = take_debrief(&s, x);
        }
        gnt_session_release(&s);
        return r;
}

int gnt_loop_report_build(const struct gnt_loop *l, struct gnt_loop_report *ret, char *err, size_t errsz)
{
        struct gnt_loop_report *r = ret;
        memset(r, 0, sizeof *r);
        snprintf(r->root, sizeof r->root, "%s", l->root);
        r->complete = l->current == l->n;
        double sum = 0;
        for (size_t i = 0; i < l->n; i++) {
                r->n = i + 1;
                if (round_result(l, i, &r->r[i]) < 0) {
                        gnt_loop_report_release(r);
                        return sbx_errf(err, errsz, -ENOMEM, "out of memory");
                }
                r->minutes_allowed += r->r[i].minutes_allowed;
                if (r->r[i].minutes_used >= 0)
                        r->minutes_used += r->r[i].minutes_used;
                if (r->r[i].graded) {
                        r->graded++;
                        sum += r->r[i].score;
                }
        }
        r->score = r->graded ? sum / (double)r->graded : 0;
        return 0;
}

char *gnt_loop_report_json(const struct gnt_loop_report *r)
{
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "loop_report_format", GNT_LOOP_REPORT_FORMAT);
        cJSON_AddBoolToObject(o, "complete", r->complete);
        cJSON_AddNumberToObject(o, "rounds_total", (double)r->n);
        cJSON_AddNumberToObject(o, "rounds_graded", (double)r->graded);
        if (r->graded)
                cJSON_AddNumberToObject(o, "score", r->score);
        else
                cJSON_AddNullToObject(o, "score");
        cJSON_AddNumberToObject(o, "minutes_allowed", r->minutes_allowed);
        cJSON_AddNumberToObject(o, "minutes_used", r->minutes_used);
        cJSON *rs = cJSON_AddArrayToObject(o, "rounds");
        for (size_t i = 0; rs && i < r->n; i++) {
                const struct gnt_loop_result *x = &r->r[i];
                cJSON *j = cJSON_CreateObject();
                char folder[32];
                snprintf(folder, sizeof folder, "round-%zu", x->round);
                cJSON_AddNumberToObject(j, "round", (double)x->round);
                cJSON_AddStringToObject(j, "folder", folder);
                cJSON_AddStringToObject(j, "problem", x->problem);
                if (x->title)
                        cJSON_AddStringToObject(j, "title", x->title);
                else
                        cJSON_AddNullToObject(j, "title");
                cJSON_AddStringToObject(j, "area", x->area);
                cJSON_AddStringToObject(j, "state", gnt_loop_round_state_name(x->state));
                cJSON_AddBoolToObject(j, "graded", x->graded);
                if (x->graded)
                        cJSON_AddNumberToObject(j, "score", x->score);
                else
                        cJSON_AddNullToObject(j, "score");
                if (x->why)
                        cJSON_AddStringToObject(j, "why", x->why);
                cJSON *g = cJSON_AddArrayToObject(j, "graders");
                for (int k = 0; g && k < _GRD_KIND_MAX; k++) {
                        if (!x->g[k].present)
                                continue;
                        cJSON *gj = cJSON_CreateObject();
                        cJSON_AddStringToObject(gj, "name", grd_kind_name((enum grd_kind)k));
                        cJSON_AddStringToObject(gj, "verdict", x->g[k].verdict);
                        cJSON_AddNumberToObject(gj, "score", x->g[k].score);
                        cJSON_AddItemToArray(g, gj);
                }
                cJSON_AddNumberToObject(j, "minutes_allowed", x->minutes_allowed);
                if (x->minutes_used >= 0)
                        cJSON_AddNumberToObject(j, "minutes_used", x->minutes_used);
                else
                        cJSON_AddNullToObject(j, "minutes_used");
                cJSON_AddBoolToObject(j, "late", x->late);
                cJSON *m = cJSON_AddObjectToObject(j, "mistakes");
                cJSON_AddNumberToObject(m, "caught", (double)x->caught);
                cJSON_AddNumberToObject(m, "avoided", (double)x->avoided);
                cJSON_AddNumberToObject(m, "undecided", (double)x->undecided);
                cJSON *ml = cJSON_AddArrayToObject(m, "list");
                for (size_t k = 0; ml && k < x->n_mistakes; k++) {
                        cJSON *mj = cJSON_CreateObject();
                        cJSON_AddStringToObject(mj, "name", x->mistakes[k].name);
                        cJSON_AddStringToObject(mj, "state", x->mistakes[k].state);
                        cJSON_AddItemToArray(ml, mj);
                }
                if (x->has_page) {
                        char page[64];
                        snprintf(page, sizeof page, "round-%zu/%s", x->round, GNT_DEBRIEF_HTML);
                        cJSON_AddStringToObject(j, "debrief", page);
                } else {
                        cJSON_AddNullToObject(j, "debrief");
                }
                cJSON_AddItemToArray(rs, j);
        }
        char *s = cJSON_Print(o);
        cJSON_Delete(o);
        return s;
}

static void esc(FILE *f, const char *s)
{
        if (s)
                gnt_review_html_escape(f, s, strlen(s));
}

static void html_round(FILE *f, const struct gnt_loop_result *x)
{
        fprintf(f, "<tr><td data-v=\"%zu\">%zu</td><td><b>", x->round, x->round);
        esc(f, x->title ? x->title : x->problem);
        fputs("</b><br><code>", f);
        esc(f, x->problem);
        fputs("</code></td><td>", f);
        esc(f, x->area);
        fputs("</td><td>", f);
        if (x->graded)
                fprintf(f, "%.2f", x->score);
        else
                esc(f, x->why);
        fputs("</td><td>", f);
        for (int k = 0; k < _GRD_KIND_MAX; k++)
                if (x->g[k].present) {
                        fprintf(f, "<span class=\"gv\">%s ", grd_kind_name((enum grd_kind)k));
                        gnt_review_html_verdict(f, x->g[k].verdict);
                        fputs("</span> ", f);
                }
        fputs("</td><td>", f);
        if (x->minutes_used >= 0)
                fprintf(f, "%.1f of %.0f%s", x->minutes_used, x->minutes_allowed, x->late ? " (late)" : "");
        else
                fprintf(f, "&mdash; of %.0f", x->minutes_allowed);
        if (x->graded)
                fprintf(f, "</td><td>%zu caught, %zu avoided%s", x->caught, x->avoided, x->undecided ? ", " : "");
        else
                fputs("</td><td>&mdash;", f);
        if (x->graded && x->undecided)
                fprintf(f, "%zu undecided", x->undecided);
        fputs("</td><td>", f);
        if (x->has_page)
                fprintf(f, "<a href=\"round-%zu/%s\">the round's debrief</a>", x->round, GNT_DEBRIEF_HTML);
        fputs("</td></tr>\n", f);
}

static void html_mistakes(FILE *f, const struct gnt_loop_result *x)
{
        fprintf(f, "<h3>Round %zu: ", x->round);
        esc(f, x->title ? x->title : x->problem);
        fputs("</h3>\n", f);
        if (!x->n_mistakes) {
                fputs("<p class=\"muted\">No mistakes to show for this round.</p>\n", f);
                return;
        }
        fputs("<div class=\"wrap\"><table class=\"mist\"><tbody>\n", f);
        for (size_t k = 0; k < x->n_mistakes; k++) {
                int st = gnt_mistake_from_name(x->mistakes[k].state);
                const char *name = gnt_mistake_name(st >= 0 ? st : GNT_MISTAKE_UNDECIDED);
                fprintf(f, "<tr><td class=\"state\"><span class=\"v st-%s\">%s</span></td><td>", name, name);
                esc(f, x->mistakes[k].name);
                fputs("</td></tr>\n", f);
        }
        fputs("</tbody></table></div>\n", f);
}

int gnt_loop_report_html_write(const struct gnt_loop_report *r, FILE *f)
{
        gnt_review_html_head(f, "Interview loop \xe2\x80\x94 your combined debrief");
        fputs("<style>\n", f);
        fputs(gnt_debrief_css, f);
        fputs(".mist td.state{width:1%}.gv{white-space:nowrap;display:inline-block;margin:0 .4em .2em 0}\n", f);
        fputs("</style>\n<header class=\"top\"><div class=\"in\">\n<h1>Interview loop \xe2\x80\x94 your combined "
              "debrief</h1>\n<p>",
              f);
        fprintf(f, "%zu round%s, %zu graded", r->n, r->n == 1 ? "" : "s", r->graded);
        if (r->graded)
                fprintf(f, " \xc2\xb7 mean score %.2f / 100", r->score);
        fprintf(f, " \xc2\xb7 %.1f of %.0f minutes used%s</p>\n</div></header>\n<main>\n", r->minutes_used,
                r->minutes_allowed, r->complete ? "" : " \xc2\xb7 the loop is not over");
        fputs("<section id=\"rounds\">\n<h2>The rounds</h2>\n<div class=\"wrap\"><table class=\"rounds\">\n"
              "<thead><tr><th>#</th><th>Problem</th><th>Area</th><th>Score</th><th>Graders</th><th>Minutes</th>"
              "<th>Mistakes</th><th></th></tr></thead>\n<tbody>\n",
              f);
        for (size_t i = 0; i < r->n; i++)
                html_round(f, &r->r[i]);
        fputs("</tbody></table></div>\n</section>\n<section id=\"mistakes\">\n<h2>What interviewers look for, round "
              "by round</h2>\n",
              f);
        for (size_t i = 0; i < r->n; i++)
                html_mistakes(f, &r->r[i]);
        fputs("</section>\n<footer>Written by gauntlet " GAUNTLET_VERSION " after an interview loop; each round's "
              "own debrief has its evidence, the reference and the diff.</footer>\n</main>\n</body>\n</html>\n",
              f);
        return ferror(f) ? -EIO : 0;
}

/* Text from the loop folder, with control bytes shown as '?'. */
static void put_clean(FILE *f, const char *s, size_t max)
{
        for (size_t i = 0; s && s[i] && i < max; i++)
                fputc((unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i], f);
}

void gnt_loop_report_print(FILE *f, const struct gnt_loop_report *r)
{
        fprintf(f, "Interview loop: your combined debrief%s\n", r->complete ? "" : " (the loop is not over)");
        fprintf(f, "%zu rounds, %zu graded", r->n, r->graded);
        if (r->graded)
                fprintf(f, ", mean score %.2f / 100", r->score);
        fprintf(f, "; %.1f of %.0f minutes used\n", r->minutes_used, r->minutes_allowed);
        for (size_t i = 0; i < r->n; i++) {
                const struct gnt_loop_result *x = &r->r[i];
                fprintf(f, "\nRound %zu: ", x->round);
                put_clean(f, x->title ? x->title : x->problem, 80);
                fprintf(f, " (%s, %s)\n", x->problem, x->area);
                if (x->graded)
                        fprintf(f, "  score %.2f / 100\n", x->score);
                else
                        fprintf(f, "  not graded: %s\n", x->why ? x->why : "?");
                for (int k = 0; k < _GRD_KIND_MAX; k++)
                        if (x->g[k].present) {
                                fprintf(f, "  %-12s ", grd_kind_name((enum grd_kind)k));
                                put_clean(f, x->g[k].verdict, 8);
                                fprintf(f, " %6.2f\n", x->g[k].score);
                        }
                if (x->minutes_used >= 0)
                        fprintf(f, "  minutes: %.1f of %.0f%s\n", x->minutes_used, x->minutes_allowed,
                                x->late ? " (late)" : "");
                else
                        fprintf(f, "  minutes: %.0f allowed\n", x->minutes_allowed);
                if (x->graded)
                        fprintf(f, "  mistakes: %zu caught, %zu avoided, %zu undecided\n", x->caught, x->avoided,
                                x->undecided);
                for (size_t k = 0; k < x->n_mistakes; k++) {
                        fprintf(f, "    [");
                        put_clean(f, x->mistakes[k].state, 9);
                        fprintf(f, "] ");
                        put_clean(f, x->mistakes[k].name, 80);
                        fputc('\n', f);
                }
                if (x->has_page)
                        fprintf(f, "  debrief: %s/round-%zu/%s\n", r->root, x->round, GNT_DEBRIEF_HTML);
        }
        fprintf(f, "\nloop report: %s/%s\n", r->root, GNT_LOOP_REPORT_HTML);
}

static int keep_file(const char *root, const char *name, const char *data, size_t len, char *err, size_t errsz)
{
        char path[PATH_MAX + 32];
        snprintf(path, sizeof path, "%s/%s", root, name);
        int r = sbx_file_write_atomic(path, NULL, 0, data, len, 0644, SBX_FILE_SYNC);
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot write '%s': %s", path, strerror(-r));
        return 0;
}

int gnt_loop_report_keep(const struct gnt_loop_report *r, char *err, size_t errsz)
{
        char *json = gnt_loop_report_json(r);
        if (!json)
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        int rc = keep_file(r->root, GNT_LOOP_REPORT_JSON, json, strlen(json), err, errsz);
        free(json);
        char *page = NULL;
        size_t len = 0;
        FILE *m = rc == 0 ? open_memstream(&page, &len) : NULL;
        if (rc == 0 && !m)
                rc = sbx_errf(err, errsz, -ENOMEM, "out of memory");
        if (m) {
                rc = gnt_loop_report_html_write(r, m);
                if (fclose(m) != 0 && rc == 0)
                        rc = -ENOMEM;
                if (rc < 0)
                        sbx_errf(err, errsz, rc, "cannot write the loop report page: %s", strerror(-rc));
        }
        if (rc == 0)
                rc = keep_file(r->root, GNT_LOOP_REPORT_HTML, page, len, err, errsz);
        free(page);
        return rc;
}
