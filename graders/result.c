/* result.c — what every grader shares at the bottom of graders/: the names
 * of verdicts and test statuses, how a result is set (one rounding rule
 * for points and verdict), its evidence, progress lines, the tests' group
 * scores, and the release of reports and test runs. */
#include "grade.h"

#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graders.h"

static const char *const verdict_names[_GRD_VERDICT_MAX] = {
        [GRD_VERDICT_PASS] = "pass",
        [GRD_VERDICT_FAIL] = "fail",
        [GRD_VERDICT_SKIP] = "skip",
        [GRD_VERDICT_ERROR] = "error",
};

static const char *const test_status_names[_GRD_TEST_STATUS_MAX] = {
        [GRD_TEST_PASS] = "pass",
        [GRD_TEST_FAIL] = "fail",
        [GRD_TEST_SKIP] = "skip",
        [GRD_TEST_PANIC] = "panic",
        [GRD_TEST_TIMEOUT] = "timeout",
        [GRD_TEST_NOT_RUN] = "not-run",
};

const char *grd_verdict_name(enum grd_verdict v)
{
        return (unsigned)v < _GRD_VERDICT_MAX ? verdict_names[v] : NULL;
}

int grd_verdict_from_name(const char *name)
{
        for (int i = 0; name && i < _GRD_VERDICT_MAX; i++)
                if (strcmp(verdict_names[i], name) == 0)
                        return i;
        return -EINVAL;
}

const char *grd_test_status_name(enum grd_test_status s)
{
        return (unsigned)s < _GRD_TEST_STATUS_MAX ? test_status_names[s] : NULL;
}

void grd_build_release(struct grd_build *b)
{
        if (!b)
                return;
        free(b->output);
        b->output = NULL;
}

static void tests_free(struct grd_test_result *t, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                free(t[i].name);
                free(t[i].output);
                free(t[i].group);
        }
        free(t);
}

void grd_result_release(struct grd_result *r)
{
        free(r->summary);
        free(r->evidence);
        tests_free(r->tests, r->n_tests);
        for (size_t i = 0; i < r->n_pairs; i++) {
                free(r->pairs[i].cand_ns);
                free(r->pairs[i].ref_ns);
        }
        free(r->pairs);
        for (size_t i = 0; i < r->n_bench; i++)
                free(r->bench[i].name);
        free(r->bench);
        memset(r, 0, sizeof *r);
}

void grd_report_release(struct grd_report *r)
{
        if (!r)
                return;
        for (int k = 0; k < _GRD_KIND_MAX; k++)
                grd_result_release(&r->results[k]);
        free(r->problem_id);
        free(r->problem_version);
        memset(r, 0, sizeof *r);
}

void grd_test_run_release(struct grd_test_run *r)
{
        if (!r)
                return;
        free(r->build_output);
        tests_free(r->tests, r->n_tests);
        free(r->crash);
        tests_free(r->own_tests, r->n_own);
        free(r->own_output);
        free(r->race_text);
        memset(r, 0, sizeof *r);
}

/* One rule for every grader, so that no report can show a verdict its
 * points contradict: the points are rounded once, here, to the hundredth
 * every report shows (and the total adds these), and the verdict is pass
 * exactly when they are the full weight.  A fail whose points would round
 * up to the full weight shows a hundredth less; a pass short of the full
 * weight is a fail. */
void grd_result_set(struct grd_result *r, enum grd_verdict v, double fraction, const char *fmt, ...)
{
        if (!(fraction >= 0))
                fraction = 0;
        if (fraction > 1)
                fraction = 1;
        double score = round(r->weight * fraction * 100) / 100;
        if (v == GRD_VERDICT_FAIL && r->weight > 0 && score >= r->weight)
                score = round((r->weight - 0.01) * 100) / 100;
        if (v == GRD_VERDICT_PASS && score < r->weight)
                v = GRD_VERDICT_FAIL;
        r->verdict = v;
        r->score = score;
        char line[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(line, sizeof line, fmt, ap);
        va_end(ap);
        free(r->summary);
        r->summary = strdup(line);
}

void grd_result_evidence(struct grd_result *r, const char *text)
{
        if (!text || !*text)
                return;
        struct grd_buf b = GRD_BUF_INIT(GRD_EVIDENCE_MAX);
        if (r->evidence)
                grd_buf_adds(&b, r->evidence);
        if (b.len && b.s[b.len - 1] != '\n')
                grd_buf_adds(&b, "\n");
        grd_buf_adds(&b, text);
        free(r->evidence);
        r->evidence = grd_buf_steal(&b);
}

void grd_progress(struct grd_ctx *c, const char *fmt, ...)
{
        if (!c->o->progress)
                return;
        char line[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(line, sizeof line, fmt, ap);
        va_end(ap);
        c->o->progress(c->o->progress_ctx, line);
}

double grd_score_tests(const struct grd_problem *p, struct grd_test_result *t, size_t n)
{
        size_t ng = p->n_groups;
        regex_t *re = calloc(ng ? ng : 1, sizeof *re);
        bool *ok = calloc(ng ? ng : 1, sizeof *ok);
        double *pass = calloc(ng + 1, sizeof *pass), *total = calloc(ng + 1, sizeof *total);
        double score = 0;
        if (!re || !ok || !pass || !total)
                goto out;
        for (size_t g = 0; g < ng; g++)
                ok[g] = regcomp(&re[g], p->groups[g].pattern, REG_EXTENDED | REG_NOSUB) == 0;
        for (size_t i = 0; i < n; i++) {
                size_t g = ng; /* the implicit group of tests no pattern matches */
                for (size_t k = 0; k < ng; k++)
                        if (ok[k] && regexec(&re[k], t[i].name, 0, NULL, 0) == 0) {
                                g = k;
                                break;
                        }
                free(t[i].group);
                t[i].group = g < ng ? strdup(p->groups[g].name) : NULL;
                if (t[i].status == GRD_TEST_SKIP)
                        continue;
                total[g] += 1;
                if (t[i].status == GRD_TEST_PASS)
                        pass[g] += 1;
        }
        double wsum = 0, acc = 0;
        for (size_t g = 0; g <= ng; g++) {
                if (total[g] == 0)
                        continue;
                double w = g < ng ? p->groups[g].weight : 1;
                wsum += w;
                acc += w * pass[g] / total[g];
        }
        score = wsum > 0 ? acc / wsum : 1;
out:
        for (size_t g = 0; re && ok && g < ng; g++)
                if (ok[g])
                        regfree(&re[g]);
        free(re);
        free(ok);
        free(pass);
        free(total);
        return score;
}

char *grd_groups_line(const struct grd_problem *p, const struct grd_test_result *t, size_t n, double weight)
{
        size_t ng = p->n_groups;
        if (ng == 0)
                return NULL;
        double *pass = calloc(ng + 1, sizeof *pass), *total = calloc(ng + 1, sizeof *total);
        char *line = NULL;
        size_t cap = 64 + (ng + 1) * 96, len = 0;
        if (!pass || !total || !(line = malloc(cap)))
                goto out;
        for (size_t i = 0; i < n; i++) {
                if (t[i].status == GRD_TEST_SKIP)
                        continue;
                size_t g = ng; /* the implicit group: no pattern matched */
                for (size_t k = 0; t[i].group && k < ng; k++)
                        if (strcmp(t[i].group, p->groups[k].name) == 0)
                                g = k;
                total[g] += 1;
                pass[g] += t[i].status == GRD_TEST_PASS;
        }
        double wsum = 0;
        for (size_t g = 0; g <= ng; g++)
                if (total[g] > 0)
                        wsum += g < ng ? p->groups[g].weight : 1;
        len = (size_t)snprintf(line, cap, "groups:");
        for (size_t g = 0; g <= ng && wsum > 0; g++) {
                if (total[g] == 0)
                        continue;
                double w = g < ng ? p->groups[g].weight : 1;
                double lost = weight * w / wsum * (total[g] - pass[g]) / total[g];
                int k = snprintf(line + len, cap - len, "%s %s %.0f/%.0f", len > 7 ? "," : "",
                                 g < ng ? p->groups[g].name : "other", pass[g], total[g]);
                if (k > 0 && (size_t)k < cap - len)
                        len += (size_t)k;
                if (lost > 0.005 && len < cap) {
                        k = snprintf(line + len, cap - len, " (-%.2f)", lost);
                        if (k > 0 && (size_t)k < cap - len)
                                len += (size_t)k;
                }
        }
out:
        free(pass);
        free(total);
        return line;
}
