/* practice.c — what the practice history says: per-area trends, the
 * weakest area, the problem to practise next (history.h). */
#include "history.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "library.h"
#include "manifest.h"

void gnt_history_summary_release(struct gnt_history_summary *s)
{
        if (!s)
                return;
        free(s->areas);
        memset(s, 0, sizeof *s);
}

static bool rec_has_area(const struct gnt_history_rec *r, const char *area)
{
        for (size_t i = 0; area && i < r->n_areas; i++)
                if (strcmp(r->areas[i], area) == 0)
                        return true;
        return false;
}

/* The trend of an area from its recent scores (oldest first): the mean of
 * the later half against the earlier half, 5 points either way. */
static void area_stats(const struct gnt_history *h, const char *name, struct gnt_history_area *a)
{
        memset(a, 0, sizeof *a);
        snprintf(a->name, sizeof a->name, "%s", name);
        for (size_t i = 0; i < h->n; i++) {
                if (!h->r[i].graded || !rec_has_area(&h->r[i], name))
                        continue;
                a->sessions++;
                if (a->n_last == GNT_HISTORY_RECENT) {
                        memmove(a->last, a->last + 1, (GNT_HISTORY_RECENT - 1) * sizeof *a->last);
                        a->n_last--;
                }
                a->last[a->n_last++] = h->r[i].score;
        }
        double sum = 0, early = 0, late = 0;
        size_t half = a->n_last / 2;
        for (size_t i = 0; i < a->n_last; i++) {
                sum += a->last[i];
                if (i < half)
                        early += a->last[i];
                else if (i >= a->n_last - half)
                        late += a->last[i];
        }
        a->mean = a->n_last ? sum / (double)a->n_last : 0;
        if (half > 0) {
                double d = (late - early) / (double)half;
                a->trend = d > 5 ? 1 : d < -5 ? -1 : 0;
        }
}

double gnt_history_best(const struct gnt_history *h, const char *id)
{
        double best = -1;
        for (size_t i = 0; i < h->n; i++)
                if (strcmp(h->r[i].problem_id, id) == 0) {
                        double s = h->r[i].graded ? h->r[i].score : 0;
                        if (s > best)
                                best = s;
                }
        return best;
}

/* An unsolved library problem of area: never attempted first, then the
 * lowest best score; ties by id.  NULL when all are solved. */
static const struct gnt_lib_problem *unsolved_in(const struct gnt_history *h, const struct gnt_library *lib,
                                                 const char *area, double *ret_best)
{
        const struct gnt_lib_problem *pick = NULL;
        double pick_best = 0;
        for (size_t i = 0; lib && i < lib->n; i++) {
                const struct gnt_lib_problem *p = &lib->p[i];
                if (!gnt_lib_problem_has_area(p, area))
                        continue;
                double b = gnt_history_best(h, p->id);
                if (b >= GNT_HISTORY_SOLVED)
                        continue;
                if (!pick || b < pick_best || (b == pick_best && strcmp(p->id, pick->id) < 0)) {
                        pick = p;
                        pick_best = b;
                }
        }
        *ret_best = pick_best;
        return pick;
}

static int cmp_area_weak(const void *x, const void *y)
{
        const struct gnt_history_area *a = x, *b = y;
        if (a->mean != b->mean)
                return a->mean < b->mean ? -1 : 1;
        return strcmp(a->name, b->name);
}

/* No history yet: the first easy problem (by id), else the first. */
static void first_problem(const struct gnt_library *lib, struct gnt_history_summary *s)
{
        /* Easy first, then Go (the library's main language), then by id. */
        const struct gnt_lib_problem *pick = NULL;
        int pick_rank = -1;
        for (size_t i = 0; lib && i < lib->n; i++) {
                const struct gnt_lib_problem *p = &lib->p[i];
                int rank = (p->difficulty && strcmp(p->difficulty, "easy") == 0 ? 2 : 0) +
                           (p->language && strcmp(p->language, "go") == 0 ? 1 : 0);
                if (!pick || rank > pick_rank || (rank == pick_rank && strcmp(p->id, pick->id) < 0)) {
                        pick = p;
                        pick_rank = rank;
                }
        }
        if (!pick)
                return;
        s->next_id = pick->id;
        s->next_area = pick->n_areas ? pick->areas[0] : NULL;
        snprintf(s->why_buf, sizeof s->why_buf, "no graded practice yet: a%s problem to start with",
                 pick->difficulty && strcmp(pick->difficulty, "easy") == 0 ? "n easy" : "");
        s->why = s->why_buf;
}

int gnt_history_summarise(const struct gnt_history *h, const struct gnt_library *lib, const char *area,
                          struct gnt_history_summary *ret)
{
        struct gnt_history_summary s;
        memset(&s, 0, sizeof s);
        size_t n_known = 0;
        while (gnt_manifest_area_names[n_known])
                n_known++;
        s.areas = calloc(n_known ? n_known : 1, sizeof *s.areas);
        if (!s.areas)
                return -ENOMEM;
        for (size_t k = 0; k < n_known; k++) {
                const char *name = gnt_manifest_area_names[k];
                if (area && strcmp(area, name) != 0)
                        continue;
                struct gnt_history_area a;
                area_stats(h, name, &a);
                if (a.sessions)
                        s.areas[s.n_areas++] = a;
        }
        /* Weakest first, to find the next problem; then back by name. */
        struct gnt_history_area *order = malloc((s.n_areas ? s.n_areas : 1) * sizeof *order);
        if (!order) {
                gnt_history_summary_release(&s);
                return -ENOMEM;
        }
        memcpy(order, s.areas, s.n_areas * sizeof *order);
        qsort(order, s.n_areas, sizeof *order, cmp_area_weak);
        for (size_t i = 0; i < s.n_areas; i++) {
                double best;
                const struct gnt_lib_problem *p = unsolved_in(h, lib, order[i].name, &best);
                if (i == 0) {
                        for (size_t k = 0; k < s.n_areas; k++)
                                if (strcmp(s.areas[k].name, order[0].name) == 0)
                                        s.weakest = s.areas[k].name;
                }
                if (!p)
                        continue;
                s.next_id = p->id;
                for (size_t k = 0; k < p->n_areas; k++)
                        if (strcmp(p->areas[k], order[i].name) == 0)
                                s.next_area = p->areas[k];
                if (best < 0)
                        snprintf(s.why_buf, sizeof s.why_buf, "%s%s (mean %.0f): never attempted", order[i].name,
                                 i == 0 ? " is your weakest area" : " is next weakest", order[i].mean);
                else
                        snprintf(s.why_buf, sizeof s.why_buf, "%s%s (mean %.0f): your best here is %.0f",
                                 order[i].name, i == 0 ? " is your weakest area" : " is next weakest",
                                 order[i].mean, best);
                s.why = s.why_buf;
                break;
        }
        free(order);
        if (s.n_areas == 0 && !area) {
                first_problem(lib, &s);
        } else if (s.n_areas == 0) {
                /* Asked about an area with no practice yet: its first
                 * problem not solved elsewhere (a session in another area
                 * may have covered it). */
                double best;
                const struct gnt_lib_problem *p = unsolved_in(h, lib, area, &best);
                if (p) {
                        s.next_id = p->id;
                        for (size_t k = 0; k < p->n_areas; k++)
                                if (strcmp(p->areas[k], area) == 0)
                                        s.next_area = p->areas[k];
                        snprintf(s.why_buf, sizeof s.why_buf, "no graded practice in %s yet: %s", area,
                                 best < 0 ? "never attempted" : "not solved yet");
                        s.why = s.why_buf;
                }
        }
        *ret = s;
        if (ret->why)
                ret->why = ret->why_buf; /* it pointed into the copy on the stack */
        return 0;
}
