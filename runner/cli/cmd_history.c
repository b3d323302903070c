/* cmd_history.c — `gauntlet history`: the mock sessions practised on this
 * machine, per-area trends, and what to practise next. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "admin_args.h"
#include "cli.h"
#include "commands.h"
#include "library.h"
#include "paths.h"
#include "sbx_file.h"
#include "session/cmdline.h"
#include "session_cli.h"
#include "session/history.h"

/* --add DIR: (re)record a submitted mock session from its folder. */
static int add_session(const char *dir, const char *hdir)
{
        struct gnt_session s;
        int r = gnt_session_cli_open("history", dir, 0, &s);
        if (r)
                return r;
        char path[PATH_MAX + 32], err[1024], *report = NULL;
        snprintf(path, sizeof path, "%s/report.json", s.meta);
        int rr = sbx_file_read(path, (size_t)16 << 20, 0, &report, NULL);
        if (rr < 0 && rr != -ENOENT) {
                gnt_error("history", "%s: %s", path, strerror(-rr));
                gnt_session_release(&s);
                return GNT_EXIT_USAGE;
        }
        struct gnt_history_rec rec;
        r = gnt_history_rec_make(&s, report, &rec, err, sizeof err);
        free(report);
        if (r == 0) {
                r = gnt_history_write(hdir, &rec, err, sizeof err);
                if (r == 0)
                        printf("recorded: %s %s, %s\n", rec.problem_id, rec.version,
                               rec.graded ? "graded" : "not graded");
                gnt_history_rec_release(&rec);
        }
        gnt_session_release(&s);
        if (r < 0) {
                gnt_error("history", "%s", err);
                return GNT_EXIT_USAGE;
        }
        return GNT_EXIT_OK;
}

static void report_bad(void *ctx, const char *file, const char *why)
{
        const char *dir = ctx;
        fprintf(stderr, "gauntlet history: %s/", dir);
        gnt_print_safe(stderr, file, 80, 0);
        fprintf(stderr, ": skipped: %s\n", why);
}

static const char *trend_name(int t)
{
        return t > 0 ? "improving" : t < 0 ? "declining" : "steady";
}

static cJSON *summary_json(const struct gnt_history *h, const struct gnt_history_summary *s, const char *hdir,
                           const char *area)
{
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "history_format", 1);
        cJSON_AddStringToObject(o, "folder", hdir);
        cJSON *ss = cJSON_AddArrayToObject(o, "sessions");
        for (size_t i = h->n; i-- > 0;) {
                bool in = !area;
                for (size_t k = 0; !in && k < h->r[i].n_areas; k++)
                        in = strcmp(h->r[i].areas[k], area) == 0;
                char *t = in ? gnt_history_rec_json(&h->r[i]) : NULL;
                if (t)
                        cJSON_AddItemToArray(ss, cJSON_Parse(t));
                free(t);
        }
        cJSON *as = cJSON_AddArrayToObject(o, "areas");
        for (size_t i = 0; i < s->n_areas; i++) {
                const struct gnt_history_area *a = &s->areas[i];
                cJSON *x = cJSON_CreateObject();
                cJSON_AddStringToObject(x, "name", a->name);
                cJSON_AddNumberToObject(x, "sessions", (double)a->sessions);
                cJSON_AddNumberToObject(x, "mean", (double)(long long)(a->mean * 100 + 0.5) / 100);
                cJSON *l = cJSON_AddArrayToObject(x, "recent");
                for (size_t k = 0; k < a->n_last; k++)
                        cJSON_AddItemToArray(l, cJSON_CreateNumber(a->last[k]));
                cJSON_AddStringToObject(x, "trend", a->n_last >= 2 ? trend_name(a->trend) : "new");
                cJSON_AddItemToArray(as, x);
        }
        if (s->weakest)
                cJSON_AddStringToObject(o, "weakest", s->weakest);
        else
                cJSON_AddNullToObject(o, "weakest");
        if (s->next_id) {
                cJSON *n = cJSON_AddObjectToObject(o, "next");
                char cmd[256];
                snprintf(cmd, sizeof cmd, "gauntlet start --problem %s --mode mock", s->next_id);
                cJSON_AddStringToObject(n, "id", s->next_id);
                if (s->next_area)
                        cJSON_AddStringToObject(n, "area", s->next_area);
                cJSON_AddStringToObject(n, "why", s->why ? s->why : "");
                cJSON_AddStringToObject(n, "command", cmd);
        } else {
                cJSON_AddNullToObject(o, "next");
        }
        return o;
}

static void print_text(const struct gnt_history *h, const struct gnt_history_summary *s, const char *hdir,
                       const char *area)
{
        size_t shown = 0;
        for (size_t i = h->n; i-- > 0;) {
                const struct gnt_history_rec *r = &h->r[i];
                bool in = !area;
                for (size_t k = 0; !in && k < r->n_areas; k++)
                        in = strcmp(r->areas[k], area) == 0;
                if (!in)
                        continue;
                if (shown++ == 0)
                        printf("%-16s  %-22s %6s %7s  %s\n", "submitted (UTC)", "problem", "min", "score",
                               "per grader");
                char when[32], areas[128] = "";
                time_t t = (time_t)r->submitted;
                struct tm tm;
                gmtime_r(&t, &tm);
                strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
                printf("%-16s  %-22.22s %3.0f/%-3.0f", when, r->problem_id, r->minutes_used, r->minutes_allowed);
                if (r->graded)
                        printf(" %6.1f  ", r->score);
                else
                        printf(" %6s  ", "-");
                for (size_t k = 0; k < r->n_graders; k++)
                        printf("%s%s %.0f/%.0f", k ? ", " : "", r->graders[k].name, r->graders[k].score,
                               r->graders[k].weight);
                if (!r->graded)
                        printf("not graded");
                for (size_t k = 0; k < r->n_areas; k++)
                        snprintf(areas + strlen(areas), sizeof areas - strlen(areas), "%s%s", k ? "," : "",
                                 r->areas[k]);
                printf("%s  [%s]\n", r->late ? "  LATE" : "", areas);
        }
        if (shown == 0)
                printf("no mock sessions recorded%s%s yet (%s)\n", area ? " in " : "", area ? area : "", hdir);
        if (s->n_areas) {
                printf("\nareas (last %d graded sessions each):\n", GNT_HISTORY_RECENT);
                for (size_t i = 0; i < s->n_areas; i++) {
                        const struct gnt_history_area *a = &s->areas[i];
                        printf("  %-12s %3zu session%s  mean %5.1f  [", a->name, a->sessions,
                               a->sessions == 1 ? " " : "s", a->mean);
                        for (size_t k = 0; k < a->n_last; k++)
                                printf("%s%.0f", k ? " " : "", a->last[k]);
                        printf("]  %s\n", a->n_last >= 2 ? trend_name(a->trend) : "new");
                }
                if (s->weakest)
                        printf("weakest area: %s\n", s->weakest);
        }
        if (s->next_id)
                printf("\nnext: %s — %s\n  gauntlet start --problem %s --mode mock\n", s->next_id,
                       s->why ? s->why : "", s->next_id);
}

int gnt_cmd_history(int argc, char **argv)
{
        struct gnt_history_args o;
        char hdir[PATH_MAX], err[1024];
        if (gnt_history_args_parse(argc, argv, &o, err, sizeof err) < 0)
                return gnt_usage_error("history", "%s", err);
        if (gnt_history_dir(hdir, sizeof hdir) < 0) {
                gnt_error("history", "no folder for the practice history: set HOME or XDG_DATA_HOME");
                return GNT_EXIT_USAGE;
        }
        if (o.add)
                return add_session(o.add, hdir);
        struct gnt_history h;
        if (gnt_history_load(hdir, &h, report_bad, hdir, err, sizeof err) < 0) {
                gnt_error("history", "%s", err);
                return GNT_EXIT_USAGE;
        }
        struct gnt_library lib = {0};
        const char *libdir = gnt_path_problems();
        if (!libdir || gnt_library_scan(libdir, &lib, err, sizeof err) < 0)
                lib.n = 0; /* no suggestion without a library */
        struct gnt_history_summary s;
        if (gnt_history_summarise(&h, &lib, o.area, &s) < 0) {
                gnt_error("history", "out of memory");
                gnt_library_release(&lib);
                gnt_history_release(&h);
                return GNT_EXIT_FAIL;
        }
        if (o.json) {
                cJSON *j = summary_json(&h, &s, hdir, o.area);
                char *t = j ? cJSON_Print(j) : NULL;
                if (t)
                        printf("%s\n", t);
                free(t);
                cJSON_Delete(j);
        } else {
                print_text(&h, &s, hdir, o.area);
        }
        gnt_history_summary_release(&s);
        gnt_library_release(&lib);
        gnt_history_release(&h);
        return GNT_EXIT_OK;
}
