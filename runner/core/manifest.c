/* manifest.c — problem.json → struct grd_problem (and its reviewers'
 * rubric, kept apart from the graders' model), the folder checks of a
 * loaded problem, and the candidate's copy of the manifest.  Strict: every
 * unknown or duplicate key, wrong type, out-of-range value or bad path is
 * one error line naming the file and the field path (manifest_json.c). */
#include "manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <regex.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "followups.h"
#include "manifest_json.h"

/* In a public manifest, secret fields must be absent. */
static int forbid_public(struct gnt_json_ctx *c, const struct grd_problem *p, const cJSON *obj,
                         const char *key, const char *path)
{
        char sub[256];
        if (p->is_public && cJSON_GetObjectItemCaseSensitive(obj, key)) {
                gnt_json_join(sub, sizeof sub, path, key);
                return gnt_json_fail(c, sub, "not allowed in a public manifest (\"public\": true)");
        }
        return 0;
}

const char *const gnt_manifest_area_names[] = {"idiomatic",   "concurrency", "low-level", "networking",
                                               "performance", "reliability", NULL};
#define area_names gnt_manifest_area_names
static const char *const difficulty_names[] = {"easy", "medium", "hard", NULL};
static const char *const language_names[] = {"go", "c", NULL};
static const char *const net_names[] = {"none", "loopback", NULL};
static const char *const comparator_names[] = {"exact", "whitespace", "float", "checker", NULL};

static int parse_areas(struct gnt_json_ctx *c, const cJSON *root, struct grd_problem *p)
{
        char got_buf[128], sub[64], list[256];
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "areas");
        gnt_json_enum_list(area_names, list, sizeof list);
        if (!v)
                return gnt_json_fail(c, "areas", "missing (expected an array of %s)", list);
        int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
        if (!cJSON_IsArray(v) || n < 1 || n > 6)
                return gnt_json_fail(c, "areas", "expected a non-empty array of %s, got %s", list, GOT(v));
        p->areas = calloc((size_t)n, sizeof *p->areas);
        if (!p->areas)
                return -ENOMEM;
        int i = 0;
        for (const cJSON *a = v->child; a; a = a->next, i++) {
                snprintf(sub, sizeof sub, "areas[%d]", i);
                if (!cJSON_IsString(a) || gnt_json_enum_index(area_names, a->valuestring) < 0)
                        return gnt_json_fail(c, sub, "expected one of %s, got %s", list, GOT(a));
                for (size_t j = 0; j < p->n_areas; j++)
                        if (strcmp(p->areas[j], a->valuestring) == 0)
                                return gnt_json_fail(c, sub, "\"%s\" is listed twice", a->valuestring);
                if (!(p->areas[p->n_areas] = strdup(a->valuestring)))
                        return -ENOMEM;
                p->n_areas++;
        }
        return 0;
}

static int parse_groups(struct gnt_json_ctx *c, const cJSON *tests, struct grd_problem *p)
{
        char got_buf[128], sub[64];
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(tests, "groups");
        if (!v)
                return 0;
        TRY(forbid_public(c, p, tests, "groups", "tests"));
        int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
        if (!cJSON_IsArray(v) || n < 1 || n > 256)
                return gnt_json_fail(c, "tests.groups", "expected a non-empty array of groups, got %s",
                                     GOT(v));
        p->groups = calloc((size_t)n, sizeof *p->groups);
        if (!p->groups)
                return -ENOMEM;
        int i = 0;
        static const char *const keys[] = {"name", "pattern", "weight", NULL};
        for (const cJSON *g = v->child; g; g = g->next, i++) {
                snprintf(sub, sizeof sub, "tests.groups[%d]", i);
                if (!cJSON_IsObject(g))
                        return gnt_json_fail(c, sub, "expected an object, got %s", GOT(g));
                TRY(gnt_json_check_keys(c, g, sub, keys));
                struct grd_test_group *t = &p->groups[p->n_groups++];
                TRY(gnt_json_get_string(c, g, "name", sub, true, 64, &t->name));
                for (size_t j = 0; j + 1 < p->n_groups; j++)
                        if (strcmp(p->groups[j].name, t->name) == 0)
                                return gnt_json_fail(c, sub, "group name \"%s\" is used twice", t->name);
                TRY(gnt_json_get_string(c, g, "pattern", sub, true, 1024, &t->pattern));
                regex_t re;
                int rc = regcomp(&re, t->pattern, REG_EXTENDED | REG_NOSUB);
                if (rc != 0) {
                        char why[128];
                        regerror(rc, &re, why, sizeof why);
                        char f[96];
                        snprintf(f, sizeof f, "%s.pattern", sub);
                        return gnt_json_fail(c, f, "expected a POSIX extended regular expression: %s", why);
                }
                regfree(&re);
                TRY(gnt_json_get_number(c, g, "weight", sub, true, 0, true, 1e6, false, &t->weight));
        }
        return 0;
}

static int parse_tests(struct gnt_json_ctx *c, const cJSON *root, struct grd_problem *p)
{
        const cJSON *t;
        static const char *const keys[] = {"public", "hidden", "bench", "groups", NULL};
        /* I/O problems are tested through io.data; their tests object is
         * optional (tests.public may hold examples the candidate sees). */
        TRY(gnt_json_get_object(c, root, "tests", "", !p->has_io, &t));
        if (!t)
                return 0;
        TRY(gnt_json_check_keys(c, t, "tests", keys));
        TRY(gnt_json_get_path(c, t, "public", "tests", true, &p->public_tests));
        TRY(forbid_public(c, p, t, "hidden", "tests"));
        TRY(forbid_public(c, p, t, "bench", "tests"));
        TRY(gnt_json_get_path(c, t, "hidden", "tests", !p->is_public && !p->has_io, &p->hidden_tests));
        if (p->has_io && cJSON_GetObjectItemCaseSensitive(t, "bench"))
                return gnt_json_fail(c, "tests.bench",
                                     "not used by I/O problems (there is no bench grader for them)");
        TRY(gnt_json_get_path(c, t, "bench", "tests", false, &p->bench_tests));
        return parse_groups(c, t, p);
}

static int parse_weight(struct gnt_json_ctx *c, const cJSON *g, const char *path, struct grd_problem *p,
                        int kind)
{
        p->enabled[kind] = true;
        return gnt_json_get_number(c, g, "weight", path, true, 0, true, 100, false, &p->weight[kind]);
}

static int parse_race(struct gnt_json_ctx *c, const cJSON *g, struct grd_problem *p)
{
        char got_buf[128], sub[64];
        p->race_count = 1;
        if (p->is_public) {
                TRY(forbid_public(c, p, g, "gomaxprocs", "graders.race"));
                return forbid_public(c, p, g, "count", "graders.race");
        }
        TRY(gnt_json_get_uint(c, g, "count", "graders.race", false, 1, 100, &p->race_count));
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(g, "gomaxprocs");
        if (!v)
                return 0;
        int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
        if (!cJSON_IsArray(v) || n < 1 || n > 16)
                return gnt_json_fail(c, "graders.race.gomaxprocs",
                                     "expected a non-empty array of up to 16 integers, got %s", GOT(v));
        p->race_gomaxprocs = calloc((size_t)n, sizeof *p->race_gomaxprocs);
        if (!p->race_gomaxprocs)
                return -ENOMEM;
        int i = 0;
        for (const cJSON *a = v->child; a; a = a->next, i++) {
                snprintf(sub, sizeof sub, "graders.race.gomaxprocs[%d]", i);
                if (!cJSON_IsNumber(a) || a->valuedouble != floor(a->valuedouble) || a->valuedouble < 1 ||
                    a->valuedouble > 256)
                        return gnt_json_fail(c, sub, "expected an integer >= 1 and <= 256, got %s", GOT(a));
                p->race_gomaxprocs[p->n_race_gomaxprocs++] = (unsigned)a->valuedouble;
        }
        return 0;
}

static bool benchtime_ok(const char *s)
{
        const char *p = s;
        while (*p >= '0' && *p <= '9')
                p++;
        if (p == s || p - s > 9)
                return false;
        static const char *const units[] = {"ns", "us", "ms", "s", "m", "x", NULL};
        return gnt_json_enum_index(units, p) >= 0 && strtoull(s, NULL, 10) > 0;
}

static bool bench_name_ok(const char *s)
{
        if (strncmp(s, "Benchmark", 9) != 0 || strlen(s) > 128)
                return false;
        for (const char *p = s; *p; p++)
                if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_'))
                        return false;
        return true;
}

static int parse_bench(struct gnt_json_ctx *c, const cJSON *g, struct grd_problem *p)
{
        char got_buf[128], sub[64];
        static const char *const secret[] = {"benchmarks", "target_ratio", "fail_ratio", "pairs", "benchtime",
                                             "max_allocs_per_op", "max_bytes_per_op", NULL};
        p->bench_max_allocs = -1;
        p->bench_max_bytes = -1;
        if (p->is_public) {
                for (const char *const *k = secret; *k; k++)
                        TRY(forbid_public(c, p, g, *k, "graders.bench"));
                return 0;
        }
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(g, "benchmarks");
        if (!v)
                return gnt_json_fail(c, "graders.bench.benchmarks",
                                     "missing (expected an array of Benchmark names)");
        int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
        if (!cJSON_IsArray(v) || n < 1 || n > 64)
                return gnt_json_fail(c, "graders.bench.benchmarks",
                                     "expected a non-empty array of Benchmark names, got %s", GOT(v));
        p->benchmarks = calloc((size_t)n, sizeof *p->benchmarks);
        if (!p->benchmarks)
                return -ENOMEM;
        int i = 0;
        for (const cJSON *a = v->child; a; a = a->next, i++) {
                snprintf(sub, sizeof sub, "graders.bench.benchmarks[%d]", i);
                if (!cJSON_IsString(a) || !bench_name_ok(a->valuestring))
                        return gnt_json_fail(c, sub,
                                             "expected a Go benchmark name (Benchmark[A-Za-z0-9_]*), got %s",
                                             GOT(a));
                for (size_t j = 0; j < p->n_benchmarks; j++)
                        if (strcmp(p->benchmarks[j], a->valuestring) == 0)
                                return gnt_json_fail(c, sub, "\"%s\" is listed twice", a->valuestring);
                if (!(p->benchmarks[p->n_benchmarks] = strdup(a->valuestring)))
                        return -ENOMEM;
                p->n_benchmarks++;
        }
        TRY(gnt_json_get_number(c, g, "target_ratio", "graders.bench", true, 1, true, 1e300, false,
                                &p->bench_target_ratio));
        TRY(gnt_json_get_number(c, g, "fail_ratio", "graders.bench", true, 1, true, 1e300, false,
                                &p->bench_fail_ratio));
        if (p->bench_fail_ratio <= p->bench_target_ratio)
                return gnt_json_fail(c, "graders.bench.fail_ratio",
                                     "expected a number > target_ratio (%g), got %g", p->bench_target_ratio,
                                     p->bench_fail_ratio);
        p->bench_pairs = 5;
        TRY(gnt_json_get_uint(c, g, "pairs", "graders.bench", false, 1, 100, &p->bench_pairs));
        int r = gnt_json_get_string(c, g, "benchtime", "graders.bench", false, 16, &p->bench_time);
        TRY(r);
        if (r == 0 && !benchtime_ok(p->bench_time))
                return gnt_json_fail(c, "graders.bench.benchtime",
                                     "expected a go -benchtime value such as \"100ms\", \"1s\" or \"1000x\", "
                                     "got \"%s\"",
                                     p->bench_time);
        if (r == 1 && !(p->bench_time = strdup("100ms")))
                return -ENOMEM;
        double d;
        r = gnt_json_get_number(c, g, "max_allocs_per_op", "graders.bench", false, 0, false, 1e12, true, &d);
        TRY(r);
        if (r == 0)
                p->bench_max_allocs = (int64_t)d;
        r = gnt_json_get_number(c, g, "max_bytes_per_op", "graders.bench", false, 0, false, 1e15, true, &d);
        TRY(r);
        if (r == 0)
                p->bench_max_bytes = (int64_t)d;
        return 0;
}

/* The leak and bench graders run Go tests: C and I/O problems have none. */
static int go_tests_only(struct gnt_json_ctx *c, const struct grd_problem *p, const char *field, const char *why)
{
        if (p->lang == GRD_LANG_C)
                return gnt_json_fail(c, field, "not available for language \"c\"");
        if (p->has_io)
                return gnt_json_fail(c, field, "not available for I/O problems (%s; use correctness, race and vet)",
                                     why);
        return 0;
}

static int parse_graders(struct gnt_json_ctx *c, const cJSON *root, struct grd_problem *p)
{
        const cJSON *gs, *g;
        static const char *const keys[] = {"correctness", "race", "leak", "bench", "vet", NULL};
        static const char *const k_correctness[] = {"weight", "timeout_s", NULL};
        static const char *const k_race[] = {"weight", "gomaxprocs", "count", NULL};
        static const char *const k_weight[] = {"weight", NULL};
        static const char *const k_bench[] = {"weight", "benchmarks", "target_ratio", "fail_ratio", "pairs",
                                              "benchtime", "max_allocs_per_op", "max_bytes_per_op", NULL};
        TRY(gnt_json_get_object(c, root, "graders", "", true, &gs));
        TRY(gnt_json_check_keys(c, gs, "graders", keys));
        if (!gs->child)
                return gnt_json_fail(c, "graders", "expected at least one grader");

        TRY(gnt_json_get_object(c, gs, "correctness", "graders", false, &g));
        if (g) {
                TRY(gnt_json_check_keys(c, g, "graders.correctness", k_correctness));
                TRY(parse_weight(c, g, "graders.correctness", p, GRD_CORRECTNESS));
                p->correctness_timeout_s = 60;
                TRY(gnt_json_get_number(c, g, "timeout_s", "graders.correctness", false, 0, true, 3600, false,
                                        &p->correctness_timeout_s));
        }
        TRY(gnt_json_get_object(c, gs, "race", "graders", false, &g));
        if (g) {
                TRY(gnt_json_check_keys(c, g, "graders.race", k_race));
                TRY(parse_weight(c, g, "graders.race", p, GRD_RACE));
                TRY(parse_race(c, g, p));
        }
        TRY(gnt_json_get_object(c, gs, "leak", "graders", false, &g));
        if (g) {
                TRY(go_tests_only(c, p, "graders.leak", "each case is a process that has exited"));
                TRY(gnt_json_check_keys(c, g, "graders.leak", k_weight));
                TRY(parse_weight(c, g, "graders.leak", p, GRD_LEAK));
        }
        TRY(gnt_json_get_object(c, gs, "bench", "graders", false, &g));
        if (g) {
                TRY(go_tests_only(c, p, "graders.bench", "it compares Go benchmarks"));
                TRY(gnt_json_check_keys(c, g, "graders.bench", k_bench));
                TRY(parse_weight(c, g, "graders.bench", p, GRD_BENCH));
                TRY(parse_bench(c, g, p));
                if (!p->is_public && !p->bench_tests)
                        return gnt_json_fail(c, "tests.bench",
                                             "missing (the bench grader needs a folder of benchmarks)");
        }
        TRY(gnt_json_get_object(c, gs, "vet", "graders", false, &g));
        if (g) {
                TRY(gnt_json_check_keys(c, g, "graders.vet", k_weight));
                TRY(parse_weight(c, g, "graders.vet", p, GRD_VET));
        }
        double sum = 0;
        for (int k = 0; k < _GRD_KIND_MAX; k++)
                sum += p->enabled[k] ? p->weight[k] : 0;
        if (fabs(sum - 100) > 1e-9)
                return gnt_json_fail(c, "graders", "expected weights summing to 100, got %g", sum);
        return 0;
}

static int parse_step(struct gnt_json_ctx *c, const cJSON *limits, const char *key, struct grd_step_limits *l)
{
        const cJSON *s;
        char path[32];
        static const char *const keys[] = {"cpu_s", "wall_s", "mem_mib", "procs", "fsize_mib", "output_mib", "net",
                                           NULL};
        snprintf(path, sizeof path, "limits.%s", key);
        TRY(gnt_json_get_object(c, limits, key, "limits", false, &s));
        if (!s)
                return 0;
        TRY(gnt_json_check_keys(c, s, path, keys));
        TRY(gnt_json_get_number(c, s, "cpu_s", path, false, 0, true, 86400, false, &l->cpu_s));
        TRY(gnt_json_get_number(c, s, "wall_s", path, false, 0, true, 86400, false, &l->wall_s));
        TRY(gnt_json_get_u64(c, s, "mem_mib", path, false, 16, 1048576, &l->mem_mib));
        TRY(gnt_json_get_uint(c, s, "procs", path, false, 1, 65536, &l->procs));
        TRY(gnt_json_get_u64(c, s, "fsize_mib", path, false, 1, 1048576, &l->fsize_mib));
        TRY(gnt_json_get_u64(c, s, "output_mib", path, false, 1, 1048576, &l->output_mib));
        int net = 0;
        TRY(gnt_json_get_enum(c, s, "net", path, false, net_names, &net));
        l->net_loopback = net == 1;
        return 0;
}

static int parse_io(struct gnt_json_ctx *c, const cJSON *root, struct grd_problem *p)
{
        const cJSON *io;
        static const char *const keys[] = {"data", "comparator", "tolerance", "checker", NULL};
        if (!p->has_io)
                return 0;
        TRY(gnt_json_get_object(c, root, "io", "", true, &io));
        TRY(gnt_json_check_keys(c, io, "io", keys));
        TRY(forbid_public(c, p, io, "data", "io"));
        TRY(forbid_public(c, p, io, "checker", "io"));
        TRY(gnt_json_get_path(c, io, "data", "io", !p->is_public, &p->data_dir));
        int cmp = 0;
        TRY(gnt_json_get_enum(c, io, "comparator", "io", true, comparator_names, &cmp));
        p->io.comparator = (enum grd_comparator)cmp;
        p->io.tolerance = 1e-6;
        TRY(gnt_json_get_number(c, io, "tolerance", "io", false, 0, false, 1e6, false, &p->io.tolerance));
        int r = gnt_json_get_path(c, io, "checker", "io", false, &p->io.checker);
        TRY(r);
        if (!p->is_public && (r == 0) != (p->io.comparator == GRD_CMP_CHECKER))
                return gnt_json_fail(c, "io.checker",
                                     r == 0 ? "only with \"comparator\": \"checker\""
                                            : "missing (the checker comparator needs a checker source)");
        size_t n = r == 0 ? strlen(p->io.checker) : 0;
        if (r == 0 && !(n > 2 && strcmp(p->io.checker + n - 2, ".c") == 0) &&
            !(n > 3 && strcmp(p->io.checker + n - 3, ".go") == 0))
                return gnt_json_fail(c, "io.checker", "expected a C (.c) or Go (.go) source file, got \"%s\"",
                                     p->io.checker);
        return 0;
}

/* ^[a-z][a-z0-9_-]{0,31}$: safe in a file, a column name and an element id. */
static bool rubric_id_ok(const char *s)
{
        size_t n = strlen(s);
        if (n < 1 || n > GNT_RUBRIC_ID_MAX || !(s[0] >= 'a' && s[0] <= 'z'))
                return false;
        for (size_t i = 0; i < n; i++)
                if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
                        return false;
        return true;
}

static int parse_rubric(struct gnt_json_ctx *c, const cJSON *v, const char *field, struct gnt_rubric *r)
{
        char got_buf[128], sub[96];
        static const char *const keys[] = {"id", "title", "points", "guide", NULL};
        if (!v)
                return 0;
        int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
        if (!cJSON_IsArray(v))
                return gnt_json_fail(c, field, "expected an array of rubric items, got %s", GOT(v));
        if (n < 1 || n > GNT_RUBRIC_MAX_ITEMS)
                return gnt_json_fail(c, field, "expected 1 to %d rubric items, got %d", GNT_RUBRIC_MAX_ITEMS, n);
        if (!(r->items = calloc((size_t)n, sizeof *r->items)))
                return -ENOMEM;
        int i = 0;
        for (const cJSON *a = v->child; a; a = a->next, i++) {
                snprintf(sub, sizeof sub, "%s[%d]", field, i);
                if (!cJSON_IsObject(a))
                        return gnt_json_fail(c, sub, "expected an object, got %s", GOT(a));
                TRY(gnt_json_check_keys(c, a, sub, keys));
                struct gnt_rubric_item *it = &r->items[r->n++];
                TRY(gnt_json_get_string(c, a, "id", sub, true, GNT_RUBRIC_ID_MAX, &it->id));
                if (!rubric_id_ok(it->id))
                        return gnt_json_fail(c, sub, "id: expected lowercase letters, digits, '_' and '-' "
                                                     "(^[a-z][a-z0-9_-]{0,31}$), got \"%s\"", it->id);
                for (size_t j = 0; j + 1 < r->n; j++)
                        if (strcmp(r->items[j].id, it->id) == 0)
                                return gnt_json_fail(c, sub, "id \"%s\" is used twice", it->id);
                TRY(gnt_json_get_string(c, a, "title", sub, true, GNT_RUBRIC_TITLE_MAX, &it->title));
                TRY(gnt_json_get_string(c, a, "guide", sub, true, GNT_RUBRIC_GUIDE_MAX, &it->guide));
                TRY(gnt_json_get_uint(c, a, "points", sub, true, 1, GNT_RUBRIC_MAX_POINTS, &it->points));
                r->total += it->points;
        }
        return 0;
}

int gnt_rubric_from_json(const cJSON *v, const char *file, const char *field, struct gnt_rubric *ret, char *err,
                         size_t errsz)
{
        struct gnt_json_ctx c = {.file = file, .err = err, .errsz = errsz};
        struct gnt_rubric r = {0};
        int rc = parse_rubric(&c, v, field, &r);
        if (rc < 0) {
                if (rc == -ENOMEM)
                        gnt_json_fail(&c, NULL, "out of memory");
                gnt_rubric_release(&r);
                return rc;
        }
        *ret = r;
        return 0;
}

int gnt_manifest_read_json(const char *dir, cJSON **ret, char *err, size_t errsz)
{
        int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dirfd < 0) {
                int e = errno;
                if (err)
                        snprintf(err, errsz, "cannot open '%s': %s", dir, gnt_errstr(e));
                return -e;
        }
        char *text = NULL;
        size_t len = 0;
        int r = gnt_manifest_read_file(dirfd, GNT_MANIFEST_NAME, &text, &len, err, errsz);
        close(dirfd);
        if (r == 0)
                r = gnt_json_parse_strict(text, len, GNT_MANIFEST_NAME, ret, err, errsz);
        free(text);
        return r;
}

int gnt_manifest_rubric_load(const char *dir, struct gnt_rubric *ret, char *err, size_t errsz)
{
        cJSON *root = NULL;
        int r = gnt_manifest_read_json(dir, &root, err, errsz);
        if (r < 0)
                return r;
        r = gnt_rubric_from_json(cJSON_GetObjectItemCaseSensitive(root, "rubric"), GNT_MANIFEST_NAME, "rubric",
                                 ret, err, errsz);
        cJSON_Delete(root);
        return r;
}

int gnt_rubric_find(const struct gnt_rubric *r, const char *id)
{
        for (size_t i = 0; id && i < r->n; i++)
                if (strcmp(r->items[i].id, id) == 0)
                        return (int)i;
        return -1;
}

void gnt_rubric_release(struct gnt_rubric *r)
{
        if (!r)
                return;
        for (size_t i = 0; i < r->n; i++) {
                free(r->items[i].id);
                free(r->items[i].title);
                free(r->items[i].guide);
        }
        free(r->items);
        memset(r, 0, sizeof *r);
}

static int parse_problem(struct gnt_json_ctx *c, const cJSON *root, void *obj)
{
        struct grd_problem *p = obj;
        char got_buf[128];
        const cJSON *pub = cJSON_GetObjectItemCaseSensitive(root, "public");
        if (pub && !cJSON_IsBool(pub))
                return gnt_json_fail(c, "public", "expected true or false, got %s", GOT(pub));
        p->is_public = cJSON_IsTrue(pub);
        TRY(gnt_json_get_head(c, root, &p->format, &p->id, &p->title));
        TRY(gnt_json_get_string(c, root, "version", "", true, 32, &p->version));
        int lang = 0;
        TRY(gnt_json_get_enum(c, root, "language", "", true, language_names, &lang));
        p->lang = lang == 0 ? GRD_LANG_GO : GRD_LANG_C;
        /* Tested by I/O cases: C, or Go with "io". */
        p->has_io = p->lang == GRD_LANG_C || cJSON_GetObjectItemCaseSensitive(root, "io");
        TRY(gnt_json_get_uint(c, root, "minutes", "", true, 1, 1440, &p->minutes));
        TRY(parse_areas(c, root, p));
        int diff = 0;
        TRY(gnt_json_get_enum(c, root, "difficulty", "", true, difficulty_names, &diff));
        if (!(p->difficulty = strdup(difficulty_names[diff])))
                return -ENOMEM;
        TRY(gnt_json_get_path(c, root, "statement", "", true, &p->statement));
        TRY(gnt_json_get_path(c, root, "starter", "", true, &p->starter));

        const cJSON *tc;
        static const char *const k_tc[] = {"go", NULL};
        TRY(gnt_json_get_object(c, root, "toolchain", "", false, &tc));
        if (tc) {
                TRY(gnt_json_check_keys(c, tc, "toolchain", k_tc));
                if (p->lang == GRD_LANG_C && cJSON_GetObjectItemCaseSensitive(tc, "go"))
                        return gnt_json_fail(c, "toolchain.go", "not allowed for language \"c\"");
                int r = gnt_json_get_string(c, tc, "go", "toolchain", false, 16, &p->toolchain_min);
                TRY(r);
                const char *s = p->toolchain_min;
                if (r == 0 && (strspn(s, "0123456789.") != strlen(s) || s[0] == '.' || !strchr(s, '.') ||
                               strstr(s, "..") || s[strlen(s) - 1] == '.'))
                        return gnt_json_fail(c, "toolchain.go",
                                             "expected a Go version such as \"1.25\", got \"%s\"", s);
        }
        TRY(parse_tests(c, root, p));
        TRY(forbid_public(c, p, root, "reference", ""));
        TRY(gnt_json_get_path(c, root, "reference", "", !p->is_public, &p->reference));
        TRY(parse_io(c, root, p));
        TRY(parse_graders(c, root, p));
        TRY(forbid_public(c, p, root, "rubric", ""));
        struct gnt_rubric rubric = {0};
        int rr = parse_rubric(c, cJSON_GetObjectItemCaseSensitive(root, "rubric"), "rubric", &rubric);
        gnt_rubric_release(&rubric);
        TRY(rr);
        TRY(forbid_public(c, p, root, "followups", ""));
        struct gnt_followups fu = {0};
        int fr = gnt_followups_from_json(cJSON_GetObjectItemCaseSensitive(root, "followups"), c->file, "followups",
                                         p->lang == GRD_LANG_GO, &fu, c->err, c->errsz);
        gnt_followups_release(&fu);
        TRY(fr);
        const cJSON *race = cJSON_GetObjectItemCaseSensitive(root, "public_race");
        if (race && !cJSON_IsBool(race))
                return gnt_json_fail(c, "public_race", "expected true or false, got %s", GOT(race));
        if (cJSON_IsTrue(race) && p->has_io)
                return gnt_json_fail(c, "public_race", "only Go problems tested by Go tests have a -race build");
        p->public_race = cJSON_IsTrue(race);
        const cJSON *lim;
        static const char *const k_lim[] = {"build", "run", NULL};
        TRY(gnt_json_get_object(c, root, "limits", "", false, &lim));
        if (lim) {
                TRY(gnt_json_check_keys(c, lim, "limits", k_lim));
                TRY(parse_step(c, lim, "build", &p->build_limits));
                TRY(parse_step(c, lim, "run", &p->run_limits));
        }
        return 0;
}


/* The folder checks of a load: every path named exists with its type and
 * without a symlink, and no public path overlaps a secret one. */
static int check_problem(struct gnt_json_ctx *c, int dirfd, const void *obj)
{
        const struct grd_problem *p = obj;
        struct {
                const char *field, *path;
                bool dir, secret;
        } paths[] = {
                {"statement", p->statement, false, false},
                {"starter", p->starter, true, false},
                {"tests.public", p->public_tests, true, false},
                {"tests.hidden", p->hidden_tests, true, true},
                {"tests.bench", p->bench_tests, true, true},
                {"reference", p->reference, true, true},
                {"io.data", p->data_dir, true, true},
                {"io.checker", p->io.checker, false, true},
                {NULL, "mutants", true, true},
        };
        size_t np = sizeof paths / sizeof paths[0];
        for (size_t i = 0; i < np; i++)
                if (paths[i].field && paths[i].path)
                        TRY(gnt_json_check_path(c, dirfd, paths[i].field, paths[i].path, paths[i].dir));
        /* A public path that contains a secret one (or lies inside it) would
         * put secret files in the candidate's bundle. */
        for (size_t i = 0; i < np; i++)
                for (size_t j = 0; j < np; j++) {
                        if (paths[i].secret || !paths[j].secret || !paths[i].path || !paths[j].path)
                                continue;
                        if (gnt_json_path_within(paths[i].path, paths[j].path) ||
                            gnt_json_path_within(paths[j].path, paths[i].path))
                                return gnt_json_fail(c, paths[i].field,
                                                     "\"%s\" overlaps the secret path \"%s\"", paths[i].path,
                                                     paths[j].path);
                }
        return 0;
}

static void release_problem(void *obj)
{
        grd_problem_release(obj);
}

static const char *const problem_keys[] = {"format", "id", "title", "version", "language", "minutes", "areas",
                                           "difficulty", "statement", "starter", "toolchain", "tests",
                                           "reference", "graders", "limits", "io", "public", "rubric",
                                           "followups", "public_race", NULL};

static const struct gnt_manifest_kind problem_kind = {
        .file = GNT_MANIFEST_NAME,
        .keys = problem_keys,
        .size = sizeof(struct grd_problem),
        .dir_offset = offsetof(struct grd_problem, dir),
        .parse = parse_problem,
        .check = check_problem,
        .release = release_problem,
};

int gnt_manifest_parse(const char *text, size_t len, const char *name, struct grd_problem *ret, char *err,
                       size_t errsz)
{
        return gnt_manifest_parse_kind(&problem_kind, text, len, name, ret, err, errsz);
}

int gnt_manifest_load(const char *dir, struct grd_problem *ret, char *err, size_t errsz)
{
        return gnt_manifest_load_kind(&problem_kind, dir, ret, err, errsz);
}

/* ---- the candidate's manifest ---- */

static void add_step(cJSON *limits, const char *key, const struct grd_step_limits *l)
{
        cJSON *s = cJSON_CreateObject();
        if (l->cpu_s > 0)
                cJSON_AddNumberToObject(s, "cpu_s", l->cpu_s);
        if (l->wall_s > 0)
                cJSON_AddNumberToObject(s, "wall_s", l->wall_s);
        if (l->mem_mib)
                cJSON_AddNumberToObject(s, "mem_mib", (double)l->mem_mib);
        if (l->procs)
                cJSON_AddNumberToObject(s, "procs", l->procs);
        if (l->fsize_mib)
                cJSON_AddNumberToObject(s, "fsize_mib", (double)l->fsize_mib);
        if (l->output_mib)
                cJSON_AddNumberToObject(s, "output_mib", (double)l->output_mib);
        cJSON_AddStringToObject(s, "net", l->net_loopback ? "loopback" : "none");
        cJSON_AddItemToObject(limits, key, s);
}

char *gnt_manifest_public_json(const struct grd_problem *p)
{
        cJSON *o = cJSON_CreateObject();
        if (!o)
                return NULL;
        cJSON_AddNumberToObject(o, "format", p->format);
        cJSON_AddStringToObject(o, "id", p->id);
        cJSON_AddStringToObject(o, "title", p->title);
        cJSON_AddStringToObject(o, "version", p->version);
        cJSON_AddStringToObject(o, "language", grd_language_name(p->lang));
        cJSON_AddNumberToObject(o, "minutes", p->minutes);
        cJSON *areas = cJSON_AddArrayToObject(o, "areas");
        for (size_t i = 0; areas && i < p->n_areas; i++)
                cJSON_AddItemToArray(areas, cJSON_CreateString(p->areas[i]));
        cJSON_AddStringToObject(o, "difficulty", p->difficulty);
        cJSON_AddStringToObject(o, "statement", p->statement);
        cJSON_AddStringToObject(o, "starter", p->starter);
        if (p->toolchain_min) {
                cJSON *tc = cJSON_AddObjectToObject(o, "toolchain");
                cJSON_AddStringToObject(tc, "go", p->toolchain_min);
        }
        if (p->public_tests) {
                cJSON *tests = cJSON_AddObjectToObject(o, "tests");
                cJSON_AddStringToObject(tests, "public", p->public_tests);
        }
        if (p->lang == GRD_LANG_C || p->has_io) {
                cJSON *io = cJSON_AddObjectToObject(o, "io");
                cJSON_AddStringToObject(io, "comparator", grd_comparator_name(p->io.comparator));
                if (p->io.comparator == GRD_CMP_FLOAT)
                        cJSON_AddNumberToObject(io, "tolerance", p->io.tolerance);
        }
        cJSON *gs = cJSON_AddObjectToObject(o, "graders");
        for (int k = 0; gs && k < _GRD_KIND_MAX; k++) {
                if (!p->enabled[k])
                        continue;
                cJSON *g = cJSON_AddObjectToObject(gs, grd_kind_name((enum grd_kind)k));
                cJSON_AddNumberToObject(g, "weight", p->weight[k]);
                if (k == GRD_CORRECTNESS && p->correctness_timeout_s > 0)
                        cJSON_AddNumberToObject(g, "timeout_s", p->correctness_timeout_s);
        }
        cJSON *lim = cJSON_AddObjectToObject(o, "limits");
        if (lim) {
                add_step(lim, "build", &p->build_limits);
                add_step(lim, "run", &p->run_limits);
        }
        if (p->public_race)
                cJSON_AddTrueToObject(o, "public_race");
        cJSON_AddTrueToObject(o, "public");
        char *s = cJSON_Print(o);
        cJSON_Delete(o);
        return s;
}
