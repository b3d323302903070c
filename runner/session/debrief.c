/* debrief.c — a graded mock's debrief as data (debrief.h): the grading
 * report, the final code, the reference solution and the problem's
 * mistakes judged against this attempt, kept as SESSION/report.json. */
#include "debrief.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bundle/bundle.h"
#include "mutants.h"
#include "paths.h"
#include "scratch.h"
#include "store.h"
#include "report_json.h"
#include "sbx_file.h"

static const char *const mistake_names[_GNT_MISTAKE_MAX] = {"caught", "avoided", "undecided"};

const char gnt_mistake_rule[] =
        "Each mistake is a known-bad solution the problem ships (a mutant) and the graders it is built to "
        "fail. For correctness, the hidden tests that mutant fails were run on it: the mistake is caught "
        "when your attempt failed one of those tests too, avoided when it passed them all. For the other "
        "graders (race, leak, bench, vet) it is caught when that grader failed your attempt too, avoided "
        "when it passed. Undecided: a grader was skipped or could not run. A caught mark says your "
        "attempt fails the same checks, not that your code is the same.";

const char *gnt_mistake_name(enum gnt_mistake m)
{
        return (unsigned)m < _GNT_MISTAKE_MAX ? mistake_names[m] : NULL;
}

int gnt_mistake_from_name(const char *name)
{
        for (int i = 0; name && i < _GNT_MISTAKE_MAX; i++)
                if (strcmp(name, mistake_names[i]) == 0)
                        return i;
        return -1;
}

/* This attempt's verdict on correctness against a kill set: FAIL when it
 * failed one of the tests (its name into hit), PASS when it passed all. */
static enum grd_verdict against_kills(const struct grd_report *rep, const struct gnt_mistake_kills *k,
                                      const char **hit)
{
        const struct grd_result *c = &rep->results[GRD_CORRECTNESS];
        *hit = NULL;
        if (!c->n_tests) /* not built, or nothing ran: no test says either way */
                return GRD_VERDICT_ERROR;
        for (size_t i = 0; i < c->n_tests; i++) {
                if (c->tests[i].status == GRD_TEST_PASS || c->tests[i].status == GRD_TEST_SKIP)
                        continue;
                for (size_t j = 0; j < k->n; j++)
                        if (c->tests[i].name && strcmp(c->tests[i].name, k->tests[j]) == 0) {
                                *hit = k->tests[j];
                                return GRD_VERDICT_FAIL;
                        }
        }
        return c->verdict == GRD_VERDICT_PASS || c->verdict == GRD_VERDICT_FAIL ? GRD_VERDICT_PASS : c->verdict;
}

enum gnt_mistake gnt_mistake_judge(const int expect[_GRD_KIND_MAX], const struct grd_report *rep,
                                   const struct gnt_mistake_kills *k, char *why, size_t whysz)
{
        size_t targets = 0, failed = 0, passed = 0, o = 0;
        if (whysz)
                why[0] = '\0';
        bool graded = rep && rep->status == GRD_REPORT_GRADED;
        for (int g = 0; g < _GRD_KIND_MAX; g++) {
                if (expect[g] != GRD_VERDICT_FAIL)
                        continue;
                targets++;
                enum grd_verdict got = graded && rep->enabled[g] ? rep->results[g].verdict : GRD_VERDICT_ERROR;
                const char *hit = NULL;
                bool by_tests = g == GRD_CORRECTNESS && k && k->n && graded && rep->enabled[g];
                if (by_tests)
                        got = against_kills(rep, k, &hit);
                failed += got == GRD_VERDICT_FAIL;
                passed += got == GRD_VERDICT_PASS;
                const char *name = grd_kind_name((enum grd_kind)g);
                int n;
                if (by_tests && hit)
                        n = snprintf(why + o, whysz - o, "%syou failed %s, which it fails", o ? "; " : "", hit);
                else if (by_tests && got == GRD_VERDICT_PASS)
                        n = snprintf(why + o, whysz - o, "%syou passed the %zu test%s it fails", o ? "; " : "",
                                     k->n, k->n == 1 ? "" : "s");
                else
                        n = snprintf(why + o, whysz - o, "%s%s %s", o ? "; " : "", name,
                                     got == GRD_VERDICT_FAIL   ? "failed"
                                     : got == GRD_VERDICT_PASS ? "passed"
                                     : got == GRD_VERDICT_SKIP ? "was skipped"
                                                               : "did not run");
                if (n > 0 && o < whysz)
                        o = o + (size_t)n < whysz ? o + (size_t)n : whysz - 1;
        }
        if (!targets) {
                snprintf(why, whysz, "the mistake names no grader it fails");
                return GNT_MISTAKE_UNDECIDED;
        }
        if (passed)
                return GNT_MISTAKE_AVOIDED;
        return failed == targets ? GNT_MISTAKE_CAUGHT : GNT_MISTAKE_UNDECIDED;
}

void gnt_session_debrief_path(const struct gnt_session *s, const char *name, char ret[PATH_MAX + 32])
{
        snprintf(ret, PATH_MAX + 32, "%s/%s", s->root, name);
}

static int cmp_str(const void *a, const void *b)
{
        return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The regular files below root/rel as {"path", "text"} objects of arr,
 * sorted, bounded (GNT_DEBRIEF_*): a file too large, or not text, is
 * listed with "text": null and why. */
static int add_tree(cJSON *arr, const char *root, const char *rel, unsigned depth, size_t *budget)
{
        char dir[PATH_MAX];
        if (snprintf(dir, sizeof dir, "%s%s%s", root, *rel ? "/" : "", rel) >= (int)sizeof dir || depth > 8)
                return 0;
        DIR *d = opendir(dir);
        if (!d)
                return errno == ENOENT ? 0 : -errno;
        char **names = NULL;
        size_t n = 0;
        struct dirent *e;
        int r = 0;
        while ((e = readdir(d)) && n < GNT_DEBRIEF_FILES_MAX) {
                if (e->d_name[0] == '.')
                        continue;
                char **nv = realloc(names, (n + 1) * sizeof *nv);
                if (!nv || !(nv[n] = strdup(e->d_name))) {
                        names = nv ? nv : names;
                        r = -ENOMEM;
                        break;
                }
                names = nv;
                n++;
        }
        closedir(d);
        if (n)
                qsort(names, n, sizeof *names, cmp_str);
        for (size_t i = 0; i < n && r == 0 && cJSON_GetArraySize(arr) < (int)GNT_DEBRIEF_FILES_MAX; i++) {
                char sub[PATH_MAX], path[PATH_MAX * 2];
                snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", names[i]);
                snprintf(path, sizeof path, "%s/%s", root, sub);
                struct stat st;
                if (lstat(path, &st) < 0)
                        continue;
                if (S_ISDIR(st.st_mode)) {
                        r = add_tree(arr, root, sub, depth + 1, budget);
                        continue;
                }
                if (!S_ISREG(st.st_mode))
                        continue;
                cJSON *f = cJSON_CreateObject();
                if (!f || !cJSON_AddItemToArray(arr, f) || !cJSON_AddStringToObject(f, "path", sub)) {
                        r = -ENOMEM;
                        break;
                }
                char *text = NULL;
                size_t len = 0;
                const char *skip = NULL;
                if ((size_t)st.st_size > GNT_DEBRIEF_FILE_MAX || (size_t)st.st_size > *budget)
                        skip = "too large to show";
                else if (sbx_file_read(path, GNT_DEBRIEF_FILE_MAX, 0, &text, &len) < 0)
                        skip = "cannot be read";
                else if (memchr(text, '\0', len))
                        skip = "not text";
                if (skip) {
                        cJSON_AddNullToObject(f, "text");
                        cJSON_AddStringToObject(f, "why", skip);
                } else if (!cJSON_AddStringToObject(f, "text", text)) {
                        r = -ENOMEM;
                } else {
                        *budget -= len;
                }
                free(text);
        }
        for (size_t i = 0; i < n; i++)
                free(names[i]);
        free(names);
        return r;
}

static void kills_release(struct gnt_mistake_kills *k)
{
        for (size_t i = 0; i < k->n; i++)
                free(k->tests[i]);
        free(k->tests);
        memset(k, 0, sizeof *k);
}

/* The kill set of mutant `name`: the mutant graded for correctness alone
 * (the reference overlaid with it, staged under work/), its failed hidden
 * tests.  Left empty when it cannot be graded: the judgement then falls
 * back on the grader's verdict. */
static void mutant_kills(const struct grd_problem *p, const char *name, const char *work,
                         struct gnt_mistake_kills *ret)
{
        char code[PATH_MAX + NAME_MAX + 16], err[512];
        const char *cache = gnt_path_cache();
        snprintf(code, sizeof code, "%s/mutant-%s", work, name);
        if (!cache || gnt_mutant_stage(p, name, code, err, sizeof err) < 0)
                return;
        struct grd_problem q = *p;
        for (int k = 0; k < _GRD_KIND_MAX; k++)
                q.enabled[k] = k == GRD_CORRECTNESS;
        char refdir[PATH_MAX + 16];
        snprintf(refdir, sizeof refdir, "%s/reference", work);
        (void)mkdir(refdir, 0700);
        struct grd_options o = {.cache_dir = cache, .reference_dir = refdir};
        struct grd_report rep;
        if (grd_grade(&q, code, &o, &rep) < 0)
                return;
        const struct grd_result *c = &rep.results[GRD_CORRECTNESS];
        if (rep.status == GRD_REPORT_GRADED && c->n_tests)
                ret->tests = calloc(c->n_tests, sizeof *ret->tests);
        for (size_t i = 0; ret->tests && i < c->n_tests; i++) {
                enum grd_test_status st = c->tests[i].status;
                if (c->tests[i].name && st != GRD_TEST_PASS && st != GRD_TEST_SKIP &&
                    (ret->tests[ret->n] = strdup(c->tests[i].name)))
                        ret->n++;
        }
        grd_report_release(&rep);
        sbx_file_rmtree(code);
}

/* The problem's mutants, each judged against rep, into arr; those aimed at
 * correctness graded for their kill sets in a scratch folder. */
static int add_mutants(cJSON *arr, const struct grd_problem *p, const struct grd_report *rep)
{
        char mdir[PATH_MAX], work[PATH_MAX];
        snprintf(mdir, sizeof mdir, "%s/mutants", p->dir);
        char **names = NULL;
        size_t n = gnt_mutant_names(mdir, NULL, 0, &names);
        struct grd_scratch sc;
        bool have_work = gnt_session_mkdtemp("mutants", &sc, work, sizeof work) == 0;
        int r = 0;
        for (size_t i = 0; i < n; i++) {
                struct gnt_mutant_expect ex;
                char err[512], why[512];
                if (r == 0 && gnt_mutant_expect_load(p, p->dir, names[i], &ex, err, sizeof err) == 0) {
                        struct gnt_mistake_kills kills = {0};
                        if (have_work && ex.verdict[GRD_CORRECTNESS] == GRD_VERDICT_FAIL && rep &&
                            rep->status == GRD_REPORT_GRADED)
                                mutant_kills(p, names[i], work, &kills);
                        enum gnt_mistake m = gnt_mistake_judge(ex.verdict, rep, &kills, why, sizeof why);
                        cJSON *o = cJSON_CreateObject(), *t = cJSON_CreateArray(), *kt = cJSON_CreateArray();
                        if (!o || !cJSON_AddItemToArray(arr, o) || !t || !cJSON_AddItemToObject(o, "graders", t) ||
                            !kt || !cJSON_AddItemToObject(o, "kills", kt))
                                r = -ENOMEM;
                        for (int k = 0; r == 0 && k < _GRD_KIND_MAX; k++)
                                if (ex.verdict[k] == GRD_VERDICT_FAIL)
                                        cJSON_AddItemToArray(t, cJSON_CreateString(grd_kind_name(k)));
                        for (size_t k = 0; r == 0 && k < kills.n; k++)
                                cJSON_AddItemToArray(kt, cJSON_CreateString(kills.tests[k]));
                        if (r == 0 && (!cJSON_AddStringToObject(o, "name", names[i]) ||
                                       !cJSON_AddStringToObject(o, "description", ex.description) ||
                                       !cJSON_AddStringToObject(o, "state", gnt_mistake_name(m)) ||
                                       !cJSON_AddStringToObject(o, "why", why)))
                                r = -ENOMEM;
                        kills_release(&kills);
                }
                free(names[i]);
        }
        free(names);
        grd_scratch_release(&sc);
        return r;
}

static cJSON *problem_object(const struct grd_problem *p)
{
        cJSON *o = cJSON_CreateObject();
        if (!o)
                return NULL;
        cJSON_AddStringToObject(o, "id", p->id);
        cJSON_AddStringToObject(o, "title", p->title ? p->title : p->id);
        cJSON_AddStringToObject(o, "version", p->version ? p->version : "");
        cJSON_AddNumberToObject(o, "bench_target_ratio", p->bench_target_ratio);
        cJSON_AddNumberToObject(o, "bench_fail_ratio", p->bench_fail_ratio);
        return o;
}

static int build(cJSON *root, const struct gnt_session *s, const struct grd_problem *p,
                 const struct grd_report *rep, const char *code_dir, char *err, size_t errsz)
{
        char *text = gnt_report_json(rep, NULL);
        cJSON *grading = text ? cJSON_Parse(text) : NULL;
        free(text);
        if (!grading)
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        cJSON_AddNumberToObject(root, "debrief_format", GNT_DEBRIEF_FORMAT);
        cJSON_AddItemToObject(root, "problem", problem_object(p));
        cJSON_AddNumberToObject(root, "submitted", (double)s->submit->time);
        cJSON_AddItemToObject(root, "grading", grading);
        cJSON *code = cJSON_AddArrayToObject(root, "code"), *ref = cJSON_AddArrayToObject(root, "reference");
        cJSON *mut = cJSON_AddArrayToObject(root, "mistakes");
        if (!code || !ref || !mut || !cJSON_AddStringToObject(root, "mistake_rule", gnt_mistake_rule))
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        size_t budget = GNT_DEBRIEF_SIDE_MAX;
        int r = add_tree(code, code_dir, "", 0, &budget);
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot read the final code: %s", strerror(-r));
        char refdir[PATH_MAX];
        snprintf(refdir, sizeof refdir, "%s/%s", p->dir, p->reference ? p->reference : "reference");
        budget = GNT_DEBRIEF_SIDE_MAX;
        if ((r = add_tree(ref, refdir, "", 0, &budget)) < 0)
                return sbx_errf(err, errsz, r, "cannot read the reference solution: %s", strerror(-r));
        if ((r = add_mutants(mut, p, rep)) < 0)
                return sbx_errf(err, errsz, r, "out of memory");
        return 0;
}

int gnt_session_debrief_json(const struct gnt_session *s, const struct grd_report *rep, const char *code_dir,
                             char **ret, char *err, size_t errsz)
{
        if (!s->mock)
                return sbx_errf(err, errsz, -EPERM, "a take-home session has no debrief");
        if (!s->grading)
                return sbx_errf(err, errsz, -ENOENT, "this mock has no grading part: no debrief");
        if (!s->submit)
                return sbx_errf(err, errsz, -EAGAIN, "the session is not submitted yet");
        struct gnt_bundle *b = NULL;
        int r = gnt_bundle_open(s->grading, NULL, &b, err, errsz);
        if (r < 0)
                return r;
        const struct grd_problem *p = gnt_bundle_problem(b);
        cJSON *root = cJSON_CreateObject();
        if (!p || strcmp(p->id, s->id) != 0)
                r = sbx_errf(err, errsz, -EINVAL, "'%s' is not the grading part of '%s'", s->grading, s->id);
        else if (!root)
                r = sbx_errf(err, errsz, -ENOMEM, "out of memory");
        else
                r = build(root, s, p, rep, code_dir, err, errsz);
        if (r == 0 && !(*ret = cJSON_Print(root)))
                r = sbx_errf(err, errsz, -ENOMEM, "out of memory");
        cJSON_Delete(root);
        gnt_bundle_close(b);
        return r;
}

int gnt_session_debrief_read(const struct gnt_session *s, char **ret, size_t *ret_len, char *err, size_t errsz)
{
        char path[PATH_MAX + 32];
        gnt_session_debrief_path(s, GNT_DEBRIEF_JSON, path);
        int r = sbx_file_read(path, GNT_DEBRIEF_MAX, 0, ret, ret_len);
        if (r == -ENOENT)
                return sbx_errf(err, errsz, r, "no debrief in this session");
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot read '%s': %s", path, strerror(-r));
        return 0;
}

bool gnt_session_debrief_page(const struct gnt_session *s, char ret[PATH_MAX + 32])
{
        char json[PATH_MAX + 32];
        struct stat a, b;
        gnt_session_debrief_path(s, GNT_DEBRIEF_JSON, json);
        gnt_session_debrief_path(s, GNT_DEBRIEF_HTML, ret);
        return s->mock && s->submit && lstat(json, &a) == 0 && S_ISREG(a.st_mode) && lstat(ret, &b) == 0 &&
               S_ISREG(b.st_mode);
}
