/* history.c — the runs of one grading test by test: flaky failures (a
 * pass in the correctness run, a deadlock in a race run) count against
 * correctness, with the runs that failed named; hung tests are not run
 * again; leak-shaped failures go to the leak grader. */
#include "history.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int grd_history_init(struct grd_history *h, char **names, size_t n)
{
        struct grd_history z = {.names = names, .n = n, .leaks = GRD_BUF_INIT(GRD_EVIDENCE_MAX),
                                .alone = GRD_BUF_INIT(1024)};
        size_t m = n ? n : 1;
        z.runs = calloc(m, sizeof *z.runs);
        z.fails = calloc(m, sizeof *z.fails);
        z.hung = calloc(m, sizeof *z.hung);
        z.leaky = calloc(m, sizeof *z.leaky);
        z.failed_elsewhere = calloc(m, sizeof *z.failed_elsewhere);
        z.first_status = calloc(m, sizeof *z.first_status);
        z.first_elapsed = calloc(m, sizeof *z.first_elapsed);
        z.first_output = calloc(m, sizeof *z.first_output);
        z.where = calloc(m, sizeof *z.where);
        if (!z.runs || !z.fails || !z.hung || !z.leaky || !z.failed_elsewhere || !z.first_status ||
            !z.first_elapsed || !z.first_output || !z.where) {
                grd_history_release(&z);
                return -ENOMEM;
        }
        for (size_t i = 0; i < n; i++)
                z.where[i] = (struct grd_buf)GRD_BUF_INIT(512);
        *h = z;
        return 0;
}

void grd_history_release(struct grd_history *h)
{
        if (!h)
                return;
        for (size_t i = 0; i < h->n; i++) {
                if (h->first_output)
                        free(h->first_output[i]);
                if (h->where)
                        grd_buf_release(&h->where[i]);
        }
        free(h->runs);
        free(h->fails);
        free(h->hung);
        free(h->leaky);
        free(h->failed_elsewhere);
        free(h->first_status);
        free(h->first_elapsed);
        free(h->first_output);
        free(h->where);
        grd_buf_release(&h->leaks);
        grd_buf_release(&h->alone);
        memset(h, 0, sizeof *h);
}

static long find(const struct grd_history *h, const char *name)
{
        for (size_t i = 0; i < h->n; i++)
                if (strcmp(h->names[i], name) == 0)
                        return (long)i;
        return -1;
}

int grd_history_add(struct grd_history *h, const char *label, bool correctness, const struct grd_suite *s)
{
        if (s->leak_tests.len) {
                grd_buf_addf(&h->leaks, "%s:\n", label);
                grd_buf_add(&h->leaks, s->leak_tests.s, s->leak_tests.len);
        }
        for (size_t k = 0; k < s->n_tests; k++) {
                long i = find(h, s->tests[k].name);
                if (i < 0)
                        continue;
                const struct grd_test_result *t = &s->tests[k];
                if (s->leaky[k] && !h->leaky[i]) {
                        h->leaky[i] = true; /* counted once per test, whatever the runs */
                        h->n_leaky++;
                }
                if (s->alone[k])
                        grd_buf_addf(&h->alone, "%s%s (%s)", h->alone.len ? ", " : "", t->name, label);
                if (t->status == GRD_TEST_NOT_RUN || t->status == GRD_TEST_SKIP)
                        continue;
                h->runs[i] += s->test_runs[k] ? s->test_runs[k] : 1;
                if (t->status == GRD_TEST_PASS)
                        continue;
                /* a race report fails a test under -race: the race
                 * grader's finding, not correctness's */
                if (!correctness && grd_fail_shape(t->output) == GRD_SHAPE_RACE)
                        continue;
                unsigned f = s->test_fails[k] ? s->test_fails[k] : 1;
                h->fails[i] += f;
                if (t->status == GRD_TEST_TIMEOUT)
                        h->hung[i] = true;
                grd_buf_addf(&h->where[i], "%s%s: %s", h->where[i].len ? "; " : "", label,
                             grd_test_status_name(t->status));
                if (s->test_runs[k] > 1)
                        grd_buf_addf(&h->where[i], ", %u of %u runs", f, s->test_runs[k]);
                if (!correctness && !h->failed_elsewhere[i]) {
                        h->failed_elsewhere[i] = true;
                        h->first_status[i] = t->status;
                        h->first_elapsed[i] = t->elapsed_s;
                        free(h->first_output[i]);
                        h->first_output[i] = t->output ? strdup(t->output) : NULL;
                }
        }
        return 0;
}

size_t grd_history_runnable(const struct grd_history *h, char **sel)
{
        size_t k = 0;
        for (size_t i = 0; i < h->n; i++)
                if (!h->hung[i])
                        sel[k++] = h->names[i];
        return k;
}

size_t grd_history_fold(const struct grd_history *h, struct grd_test_result *t, size_t n)
{
        size_t flipped = 0;
        for (size_t i = 0; i < n && i < h->n; i++) {
                if (h->fails[i] == 0)
                        continue;
                struct grd_buf o = GRD_BUF_INIT(GRD_TEST_OUTPUT_MAX + 1024);
                bool flip = t[i].status == GRD_TEST_PASS && h->failed_elsewhere[i];
                /* a test that failed in some runs only says so first, where
                 * the text report's excerpt shows it; one that failed in
                 * every run shows its failure first */
                bool flaky = h->fails[i] < h->runs[i];
                char line[1200];
                snprintf(line, sizeof line, "[gauntlet] %s failed %u of %u runs: %s\n", t[i].name, h->fails[i],
                         h->runs[i], h->where[i].s ? h->where[i].s : "");
                if (flaky)
                        grd_buf_adds(&o, line);
                if (flip) {
                        grd_buf_adds(&o, "[gauntlet] it passed in the correctness run: flaky is a finding; the first "
                                         "failure:\n");
                        if (h->first_output[i])
                                grd_buf_adds(&o, h->first_output[i]);
                } else if (t[i].output) {
                        grd_buf_adds(&o, t[i].output);
                }
                if (!flaky)
                        grd_buf_adds(&o, line);
                char *text = grd_buf_steal(&o);
                if (!text)
                        continue;
                free(t[i].output);
                t[i].output = text;
                if (flip) {
                        t[i].status = h->first_status[i];
                        t[i].elapsed_s = h->first_elapsed[i];
                        flipped++;
                }
        }
        return flipped;
}
