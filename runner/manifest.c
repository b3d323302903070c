/* manifest.c — problem.json and assessment.json → plain structs.  Strict:
 * every unknown or duplicate key, wrong type, out-of-range value or bad
 * path is one error line naming the file and the field path. */
#include "manifest.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


const char *gnt_errstr(int e)
{
        static _Thread_local char buf[128];
        snprintf(buf, sizeof buf, "%s", strerror(e < 0 ? -e : e));
        if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
                buf[0] = (char)(buf[0] - 'A' + 'a');
        return buf;
}

/* The top-level manifest format this reader understands. */
#define FORMAT_VERSION 1

struct ctx {
        const char *file;
        char *err;
        size_t errsz;
        bool is_public;
        bool is_c;
        bool is_io; /* tested by I/O cases: C, or Go with "io" */
};

static int fail(struct ctx *c, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct ctx *c, const char *field, const char *fmt, ...)
{
        if (c->err && c->errsz) {
                int n = snprintf(c->err, c->errsz, field && *field ? "%s: %s: " : "%s: ", c->file, field);
                if (n >= 0 && (size_t)n < c->errsz) {
                        va_list ap;
                        va_start(ap, fmt);
                        vsnprintf(c->err + n, c->errsz - (size_t)n, fmt, ap);
                        va_end(ap);
                }
        }
        return -EINVAL;
}

/* A short description of a JSON value for "got ..." in messages. */
static const char *describe(const cJSON *v, char *buf, size_t sz)
{
        if (!v)
                return "nothing";
        if (cJSON_IsString(v)) {
                size_t o = 0;
                buf[o++] = '"';
                for (const char *s = v->valuestring; *s && o + 8 < sz; s++) {
                        unsigned char ch = (unsigned char)*s;
                        if (ch < 0x20 || ch == 0x7f)
                                o += (size_t)snprintf(buf + o, sz - o, "\\x%02x", ch);
                        else
                                buf[o++] = (char)ch;
                }
                if (strlen(v->valuestring) > 40 && o + 4 < sz)
                        o += (size_t)snprintf(buf + o, sz - o, "...");
                snprintf(buf + o, sz - o, "\"");
                return buf;
        }
        if (cJSON_IsNumber(v)) {
                snprintf(buf, sz, "%.17g", v->valuedouble);
                return buf;
        }
        if (cJSON_IsBool(v))
                return cJSON_IsTrue(v) ? "true" : "false";
        if (cJSON_IsNull(v))
                return "null";
        if (cJSON_IsArray(v))
                return "an array";
        return "an object";
}

#define GOT(v) describe((v), got_buf, sizeof got_buf)

/* A key from the input as it may appear in a message: control bytes as
 * \xNN, cut at 64 bytes, so an error always stays one line. */
static const char *key_text(const char *k, char *buf, size_t sz)
{
        size_t o = 0;
        for (size_t i = 0; k[i] && o + 8 < sz; i++) {
                unsigned char ch = (unsigned char)k[i];
                if (i >= 64) {
                        o += (size_t)snprintf(buf + o, sz - o, "...");
                        break;
                }
                if (ch < 0x20 || ch == 0x7f || ch == '"' || ch == '\\')
                        o += (size_t)snprintf(buf + o, sz - o, "\\x%02x", ch);
                else
                        buf[o++] = (char)ch;
        }
        buf[o] = '\0';
        return buf;
}

static void join(char *out, size_t sz, const char *parent, const char *key_raw)
{
        char kb[300];
        const char *key = key_text(key_raw, kb, sizeof kb);
        snprintf(out, sz, parent && *parent ? "%s.%s" : "%s", parent && *parent ? parent : key, key);
}

/* Duplicate keys: cJSON keeps them all as children and finds only the
 * first, so a second "weight" would be silently ignored.  Walk every
 * object and refuse any name that appears twice. */
static int check_duplicates(struct ctx *c, const cJSON *v, const char *path)
{
        char sub[256];
        if (cJSON_IsObject(v)) {
                /* The pairwise check below is quadratic; no manifest object
                 * comes near this many keys. */
                if (cJSON_GetArraySize(v) > 256)
                        return fail(c, path, "more than 256 keys in one object");
                for (const cJSON *a = v->child; a; a = a->next) {
                        for (const cJSON *b = a->next; b; b = b->next)
                                if (strcmp(a->string, b->string) == 0) {
                                        char kb[300];
                                        join(sub, sizeof sub, path, a->string);
                                        return fail(c, sub, "duplicate key \"%s\"", key_text(a->string, kb, sizeof kb));
                                }
                        join(sub, sizeof sub, path, a->string);
                        int r = check_duplicates(c, a, sub);
                        if (r < 0)
                                return r;
                }
        } else if (cJSON_IsArray(v)) {
                int i = 0;
                for (const cJSON *a = v->child; a; a = a->next, i++) {
                        snprintf(sub, sizeof sub, "%s[%d]", path, i);
                        int r = check_duplicates(c, a, sub);
                        if (r < 0)
                                return r;
                }
        }
        return 0;
}

static int check_keys(struct ctx *c, const cJSON *obj, const char *path, const char *const *allowed)
{
        char sub[256];
        for (const cJSON *a = obj->child; a; a = a->next) {
                bool ok = false;
                for (const char *const *k = allowed; *k && !ok; k++)
                        ok = strcmp(*k, a->string) == 0;
                if (!ok) {
                        char kb[300];
                        join(sub, sizeof sub, path, a->string);
                        return fail(c, sub, "unknown field \"%s\"", key_text(a->string, kb, sizeof kb));
                }
        }
        return 0;
}

/* Parse text as exactly one JSON value, with nothing but white space after
 * it, no NUL bytes, and no duplicate keys. */
int gnt_json_parse_strict(const char *text, size_t len, const char *file, cJSON **ret,
                          char *err, size_t errsz)
{
        struct ctx c = {.file = file, .err = err, .errsz = errsz};
        if (len > GNT_MANIFEST_MAX_BYTES) {
                fail(&c, NULL, "file is %zu bytes, the limit is %d", len, GNT_MANIFEST_MAX_BYTES);
                return -EFBIG;
        }
        if (memchr(text, '\0', len))
                return fail(&c, NULL, "contains a NUL byte at offset %zu",
                            (size_t)((const char *)memchr(text, '\0', len) - text));
        /* cJSON would cut a string at an escaped NUL without a word. */
        for (size_t i = 0; i + 6 <= len; i++)
                if (memcmp(text + i, "\\u0000", 6) == 0)
                        return fail(&c, NULL, "contains an escaped NUL (\\u0000) at offset %zu", i);
        char *copy = malloc(len + 1);
        if (!copy)
                return -ENOMEM;
        memcpy(copy, text, len);
        copy[len] = '\0';
        const char *end = NULL;
        cJSON *root = cJSON_ParseWithLengthOpts(copy, len + 1, &end, false);
        int r = 0;
        if (!root) {
                /* end points at the failure: say line and column. */
                size_t off = end && end >= copy && end <= copy + len ? (size_t)(end - copy) : len;
                unsigned line = 1, col = 1;
                for (size_t i = 0; i < off; i++, col++)
                        if (copy[i] == '\n')
                                line++, col = 0;
                r = off >= len ? fail(&c, NULL, "not valid JSON: unexpected end of file")
                               : fail(&c, NULL, "not valid JSON at line %u, column %u", line, col);
                goto out;
        }
        for (const char *p = end; p && p < copy + len; p++)
                if (!strchr(" \t\r\n", *p)) {
                        r = fail(&c, NULL, "trailing data after the JSON value at offset %zu",
                                 (size_t)(p - copy));
                        goto out;
                }
        r = check_duplicates(&c, root, "");
out:
        free(copy);
        if (r < 0) {
                cJSON_Delete(root);
                return r;
        }
        *ret = root;
        return 0;
}

/* ---- typed getters: each returns 0, 1 when absent (and not required), or
 * -EINVAL with the message written ---- */

static int get_object(struct ctx *c, const cJSON *obj, const char *key, const char *path, bool required,
                      const cJSON **out)
{
        char sub[256], got_buf[128];
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
        join(sub, sizeof sub, path, key);
        *out = NULL;
        if (!v)
                return required ? fail(c, sub, "missing (expected an object)") : 1;
        if (!cJSON_IsObject(v))
                return fail(c, sub, "expected an object, got %s", GOT(v));
        *out = v;
        return 0;
}

static int get_string(struct ctx *c, const cJSON *obj, const char *key, const char *path, bool required,
                      size_t maxlen, char **out)
{
        char sub[256], got_buf[128];
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
        join(sub, sizeof sub, path, key);
        if (!v)
                return required ? fail(c, sub, "missing (expected a string)") : 1;
        if (!cJSON_IsString(v))
                return fail(c, sub, "expected a string, got %s", GOT(v));
        size_t n = strlen(v->valuestring);
        if (n == 0 || n > maxlen)
                return fail(c, sub, "expected a string of 1 to %zu bytes, got %s", maxlen, GOT(v));
        for (const unsigned char *s = (const unsigned char *)v->valuestring; *s; s++)
                if (*s < 0x20 || *s == 0x7f)
                        return fail(c, sub, "expected a string without control characters, got %s", GOT(v));
        char *d = strdup(v->valuestring);
        if (!d)
                return -ENOMEM;
        free(*out);
        *out = d;
        return 0;
}

/* A number in [lo, hi]; lo_open / hi_open make that end exclusive. */
static int get_number(struct ctx *c, const cJSON *obj, const char *key, const char *path, bool required,
                      double lo, bool lo_open, double hi, bool integer, double *out)
{
        char sub[256], got_buf[128], want[96];
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
        join(sub, sizeof sub, path, key);
        const char *kind = integer ? "an integer" : "a number";
        if (hi >= 1e300)
                snprintf(want, sizeof want, "%s %s %g", kind, lo_open ? ">" : ">=", lo);
        else
                snprintf(want, sizeof want, "%s %s %g and <= %g", kind, lo_open ? ">" : ">=", lo, hi);
        if (!v)
                return required ? fail(c, sub, "missing (expected %s)", want) : 1;
        if (!cJSON_IsNumber(v))
                return fail(c, sub, "expected %s, got %s", want, GOT(v));
        double d = v->valuedouble;
        if (!isfinite(d) || (integer && d != floor(d)) || (lo_open ? d <= lo : d < lo) || d > hi)
                return fail(c, sub, "expected %s, got %s", want, GOT(v));
        *out = d;
        return 0;
}

static int get_uint(struct ctx *c, const cJSON *obj, const char *key, const char *path, bool required,
                    double lo, double hi, unsigned *out)
{
        double d;
        int r = get_number(c, obj, key, path, required, lo, false, hi, true, &d);
        if (r == 0)
                *out = (unsigned)d;
        return r;
}

static int get_u64(struct ctx *c, const cJSON *obj, const char *key, const char *path, bool required,
                   double lo, double hi, uint64_t *out)
{
        double d;
        int r = get_number(c, obj, key, path, required, lo, false, hi, true, &d);
        if (r == 0)
                *out = (uint64_t)d;
        return r;
}

static int enum_index(const char *const *names, const char *s)
{
        for (int i = 0; names[i]; i++)
                if (strcmp(names[i], s) == 0)
                        return i;
        return -1;
}

static void enum_list(const char *const *names, char *buf, size_t sz)
{
        size_t o = 0;
        buf[0] = '\0';
        for (int i = 0; names[i] && o < sz; i++)
                o += (size_t)snprintf(buf + o, sz - o, "%s\"%s\"", i ? (names[i + 1] ? ", " : " or ") : "",
                                      names[i]);
}

static int get_enum(struct ctx *c, const cJSON *obj, const char *key, const char *path, bool required,
                    const char *const *names, int *out)
{
        char sub[256], got_buf[128], list[256];
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
        join(sub, sizeof sub, path, key);
        enum_list(names, list, sizeof list);
        if (!v)
                return required ? fail(c, sub, "missing (expected one of %s)", list) : 1;
        int i = cJSON_IsString(v) ? enum_index(names, v->valuestring) : -1;
        if (i < 0)
                return fail(c, sub, "expected one of %s, got %s", list, GOT(v));
        *out = i;
        return 0;
}

static bool match_id(const char *s)
{
        size_t n = strlen(s);
        if (n < 1 || n > 64)
                return false;
        for (size_t i = 0; i < n; i++) {
                char ch = s[i];
                bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || (i > 0 && ch == '-');
                if (!ok)
                        return false;
        }
        return true;
}

/* A path inside the problem: relative, '/'-separated, no empty, "." or ".."
 * components, printable ASCII without backslash. */
bool gnt_manifest_path_ok(const char *s)
{
        size_t n = strlen(s);
        if (n == 0 || n > 255 || s[0] == '/' || s[n - 1] == '/')
                return false;
        for (const char *p = s; *p; p++)
                if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || *p == '\\')
                        return false;
        const char *p = s;
        while (*p) {
                const char *e = strchr(p, '/');
                size_t len = e ? (size_t)(e - p) : strlen(p);
                if (len == 0 || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
                        return false;
                p += len + (e ? 1 : 0);
        }
        return true;
}

static int get_path(struct ctx *c, const cJSON *obj, const char *key, const char *path, bool required,
                    char **out)
{
        char sub[256], got_buf[128];
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
        join(sub, sizeof sub, path, key);
        if (!v)
                return required ? fail(c, sub, "missing (expected a relative path inside the problem folder)") : 1;
        if (!cJSON_IsString(v) || !gnt_manifest_path_ok(v->valuestring))
                return fail(c, sub, "expected a relative path inside the problem folder "
                                    "(no \"..\", \".\", empty parts or spaces), got %s", GOT(v));
        char *d = strdup(v->valuestring);
        if (!d)
                return -ENOMEM;
        *out = d;
        return 0;
}

/* In a public manifest, secret fields must be absent. */
static int forbid_public(struct ctx *c, const cJSON *obj, const char *key, const char *path)
{
        char sub[256];
        if (c->is_public && cJSON_GetObjectItemCaseSensitive(obj, key)) {
                join(sub, sizeof sub, path, key);
                return fail(c, sub, "not allowed in a public manifest (\"public\": true)");
        }
        return 0;
}

#define TRY(expr)                      \
        do {                           \
                int r_ = (expr);       \
                if (r_ < 0)            \
                        return r_;     \
        } while (0)

static const char *const area_names[] = {"idiomatic", "concurrency", "low-level", "networking",
                                         "performance", "reliability", NULL};
static const char *const difficulty_names[] = {"easy", "medium", "hard", NULL};
static const char *const language_names[] = {"go", "c", NULL};
static const char *const net_names[] = {"none", "loopback", NULL};
static const char *const comparator_names[] = {"exact", "whitespace", "float", "checker", NULL};

static int parse_areas(struct ctx *c, const cJSON *root, struct grd_problem *p)
{
        char got_buf[128], sub[64], list[256];
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "areas");
        enum_list(area_names, list, sizeof list);
        if (!v)
                return fail(c, "areas", "missing (expected an array of %s)", list);
        int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
        if (!cJSON_IsArray(v) || n < 1 || n > 6)
                return fail(c, "areas", "expected a non-empty array of %s, got %s", list, GOT(v));
        p->areas = calloc((size_t)n, sizeof *p->areas);
        if (!p->areas)
                return -ENOMEM;
        int i = 0;
        for (const cJSON *a = v->child; a; a = a->next, i++) {
                snprintf(sub, sizeof sub, "areas[%d]", i);
                if (!cJSON_IsString(a) || enum_index(area_names, a->valuestring) < 0)
                        return fail(c, sub, "expected one of %s, got %s", list, GOT(a));
                for (size_t j = 0; j < p->n_areas; j++)
                        if (strcmp(p->areas[j], a->valuestring) == 0)
                                return fail(c, sub, "\"%s\" is listed twice", a->valuestring);
                if (!(p->areas[p->n_areas] = strdup(a->valuestring)))
                        return -ENOMEM;
                p->n_areas++;
        }
        return 0;
}

static int parse_groups(struct ctx *c, const cJSON *tests, struct grd_problem *p)
{
        char got_buf[128], sub[64];
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(tests, "groups");
        if (!v)
                return 0;
        TRY(forbid_public(c, tests, "groups", "tests"));
        int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
        if (!cJSON_IsArray(v) || n < 1 || n > 256)
                return fail(c, "tests.groups", "expected a non-empty array of groups, got %s", GOT(v));
        p->groups = calloc((size_t)n, sizeof *p->groups);
        if (!p->groups)
                return -ENOMEM;
        int i = 0;
        static const char *const keys[] = {"name", "pattern", "weight", NULL};
        for (const cJSON *g = v->child; g; g = g->next, i++) {
                snprintf(sub, sizeof sub, "tests.groups[%d]", i);
                if (!cJSON_IsObject(g))
                        return fail(c, sub, "expected an object, got %s", GOT(g));
                TRY(check_keys(c, g, sub, keys));
                struct grd_test_group *t = &p->groups[p->n_groups++];
                TRY(get_string(c, g, "name", sub, true, 64, &t->name));
                for (size_t j = 0; j + 1 < p->n_groups; j++)
                        if (strcmp(p->groups[j].name, t->name) == 0)
                                return fail(c, sub, "group name \"%s\" is used twice", t->name);
                TRY(get_string(c, g, "pattern", sub, true, 1024, &t->pattern));
                regex_t re;
                int rc = regcomp(&re, t->pattern, REG_EXTENDED | REG_NOSUB);
                if (rc != 0) {
                        char why[128];
                        regerror(rc, &re, why, sizeof why);
                        char f[96];
                        snprintf(f, sizeof f, "%s.pattern", sub);
                        return fail(c, f, "expected a POSIX extended regular expression: %s", why);
                }
                regfree(&re);
                TRY(get_number(c, g, "weight", sub, true, 0, true, 1e6, false, &t->weight));
        }
        return 0;
}

static int parse_tests(struct ctx *c, const cJSON *root, struct grd_problem *p)
{
        const cJSON *t;
        static const char *const keys[] = {"public", "hidden", "bench", "groups", NULL};
        /* I/O problems are tested through io.data; their tests object is
         * optional (tests.public may hold examples the candidate sees). */
        TRY(get_object(c, root, "tests", "", !c->is_io, &t));
        if (!t)
                return 0;
        TRY(check_keys(c, t, "tests", keys));
        TRY(get_path(c, t, "public", "tests", true, &p->public_tests));
        TRY(forbid_public(c, t, "hidden", "tests"));
        TRY(forbid_public(c, t, "bench", "tests"));
        TRY(get_path(c, t, "hidden", "tests", !c->is_public && !c->is_io, &p->hidden_tests));
        if (c->is_io && cJSON_GetObjectItemCaseSensitive(t, "bench"))
                return fail(c, "tests.bench", "not used by I/O problems (there is no bench grader for them)");
        TRY(get_path(c, t, "bench", "tests", false, &p->bench_tests));
        return parse_groups(c, t, p);
}

static int parse_weight(struct ctx *c, const cJSON *g, const char *path, struct grd_problem *p, int kind)
{
        p->enabled[kind] = true;
        return get_number(c, g, "weight", path, true, 0, true, 100, false, &p->weight[kind]);
}

static int parse_race(struct ctx *c, const cJSON *g, struct grd_problem *p)
{
        char got_buf[128], sub[64];
        p->race_count = 1;
        if (c->is_public) {
                TRY(forbid_public(c, g, "gomaxprocs", "graders.race"));
                return forbid_public(c, g, "count", "graders.race");
        }
        TRY(get_uint(c, g, "count", "graders.race", false, 1, 100, &p->race_count));
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(g, "gomaxprocs");
        if (!v)
                return 0;
        int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
        if (!cJSON_IsArray(v) || n < 1 || n > 16)
                return fail(c, "graders.race.gomaxprocs", "expected a non-empty array of up to 16 integers, got %s",
                            GOT(v));
        p->race_gomaxprocs = calloc((size_t)n, sizeof *p->race_gomaxprocs);
        if (!p->race_gomaxprocs)
                return -ENOMEM;
        int i = 0;
        for (const cJSON *a = v->child; a; a = a->next, i++) {
                snprintf(sub, sizeof sub, "graders.race.gomaxprocs[%d]", i);
                if (!cJSON_IsNumber(a) || a->valuedouble != floor(a->valuedouble) || a->valuedouble < 1 ||
                    a->valuedouble > 256)
                        return fail(c, sub, "expected an integer >= 1 and <= 256, got %s", GOT(a));
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
        return enum_index(units, p) >= 0 && strtoull(s, NULL, 10) > 0;
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

static int parse_bench(struct ctx *c, const cJSON *g, struct grd_problem *p)
{
        char got_buf[128], sub[64];
        static const char *const secret[] = {"benchmarks", "target_ratio", "fail_ratio", "pairs", "benchtime",
                                             "max_allocs_per_op", "max_bytes_per_op", NULL};
        p->bench_max_allocs = -1;
        p->bench_max_bytes = -1;
        if (c->is_public) {
                for (const char *const *k = secret; *k; k++)
                        TRY(forbid_public(c, g, *k, "graders.bench"));
                return 0;
        }
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(g, "benchmarks");
        if (!v)
                return fail(c, "graders.bench.benchmarks", "missing (expected an array of Benchmark names)");
        int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
        if (!cJSON_IsArray(v) || n < 1 || n > 64)
                return fail(c, "graders.bench.benchmarks", "expected a non-empty array of Benchmark names, got %s",
                            GOT(v));
        p->benchmarks = calloc((size_t)n, sizeof *p->benchmarks);
        if (!p->benchmarks)
                return -ENOMEM;
        int i = 0;
        for (const cJSON *a = v->child; a; a = a->next, i++) {
                snprintf(sub, sizeof sub, "graders.bench.benchmarks[%d]", i);
                if (!cJSON_IsString(a) || !bench_name_ok(a->valuestring))
                        return fail(c, sub, "expected a Go benchmark name (Benchmark[A-Za-z0-9_]*), got %s",
                                    GOT(a));
                for (size_t j = 0; j < p->n_benchmarks; j++)
                        if (strcmp(p->benchmarks[j], a->valuestring) == 0)
                                return fail(c, sub, "\"%s\" is listed twice", a->valuestring);
                if (!(p->benchmarks[p->n_benchmarks] = strdup(a->valuestring)))
                        return -ENOMEM;
                p->n_benchmarks++;
        }
        TRY(get_number(c, g, "target_ratio", "graders.bench", true, 1, true, 1e300, false, &p->bench_target_ratio));
        TRY(get_number(c, g, "fail_ratio", "graders.bench", true, 1, true, 1e300, false, &p->bench_fail_ratio));
        if (p->bench_fail_ratio <= p->bench_target_ratio)
                return fail(c, "graders.bench.fail_ratio", "expected a number > target_ratio (%g), got %g",
                            p->bench_target_ratio, p->bench_fail_ratio);
        p->bench_pairs = 5;
        TRY(get_uint(c, g, "pairs", "graders.bench", false, 1, 100, &p->bench_pairs));
        int r = get_string(c, g, "benchtime", "graders.bench", false, 16, &p->bench_time);
        TRY(r);
        if (r == 0 && !benchtime_ok(p->bench_time))
                return fail(c, "graders.bench.benchtime",
                            "expected a go -benchtime value such as \"100ms\", \"1s\" or \"1000x\", got \"%s\"",
                            p->bench_time);
        if (r == 1 && !(p->bench_time = strdup("100ms")))
                return -ENOMEM;
        double d;
        r = get_number(c, g, "max_allocs_per_op", "graders.bench", false, 0, false, 1e12, true, &d);
        TRY(r);
        if (r == 0)
                p->bench_max_allocs = (int64_t)d;
        r = get_number(c, g, "max_bytes_per_op", "graders.bench", false, 0, false, 1e15, true, &d);
        TRY(r);
        if (r == 0)
                p->bench_max_bytes = (int64_t)d;
        return 0;
}

static int parse_graders(struct ctx *c, const cJSON *root, struct grd_problem *p)
{
        const cJSON *gs, *g;
        static const char *const keys[] = {"correctness", "race", "leak", "bench", "vet", NULL};
        static const char *const k_correctness[] = {"weight", "timeout_s", NULL};
        static const char *const k_race[] = {"weight", "gomaxprocs", "count", NULL};
        static const char *const k_weight[] = {"weight", NULL};
        static const char *const k_bench[] = {"weight", "benchmarks", "target_ratio", "fail_ratio", "pairs",
                                              "benchtime", "max_allocs_per_op", "max_bytes_per_op", NULL};
        TRY(get_object(c, root, "graders", "", true, &gs));
        TRY(check_keys(c, gs, "graders", keys));
        if (!gs->child)
                return fail(c, "graders", "expected at least one grader");

        TRY(get_object(c, gs, "correctness", "graders", false, &g));
        if (g) {
                TRY(check_keys(c, g, "graders.correctness", k_correctness));
                TRY(parse_weight(c, g, "graders.correctness", p, GRD_CORRECTNESS));
                p->correctness_timeout_s = 60;
                TRY(get_number(c, g, "timeout_s", "graders.correctness", false, 0, true, 3600, false,
                               &p->correctness_timeout_s));
        }
        TRY(get_object(c, gs, "race", "graders", false, &g));
        if (g) {
                TRY(check_keys(c, g, "graders.race", k_race));
                TRY(parse_weight(c, g, "graders.race", p, GRD_RACE));
                TRY(parse_race(c, g, p));
        }
        TRY(get_object(c, gs, "leak", "graders", false, &g));
        if (g) {
                if (c->is_c)
                        return fail(c, "graders.leak", "not available for language \"c\"");
                if (c->is_io)
                        return fail(c, "graders.leak", "not available for I/O problems (each case is a process "
                                                       "that has exited; use correctness, race and vet)");
                TRY(check_keys(c, g, "graders.leak", k_weight));
                TRY(parse_weight(c, g, "graders.leak", p, GRD_LEAK));
        }
        TRY(get_object(c, gs, "bench", "graders", false, &g));
        if (g) {
                if (c->is_c)
                        return fail(c, "graders.bench", "not available for language \"c\"");
                if (c->is_io)
                        return fail(c, "graders.bench", "not available for I/O problems (it compares Go "
                                                        "benchmarks; use correctness, race and vet)");
                TRY(check_keys(c, g, "graders.bench", k_bench));
                TRY(parse_weight(c, g, "graders.bench", p, GRD_BENCH));
                TRY(parse_bench(c, g, p));
                if (!c->is_public && !p->bench_tests)
                        return fail(c, "tests.bench", "missing (the bench grader needs a folder of benchmarks)");
        }
        TRY(get_object(c, gs, "vet", "graders", false, &g));
        if (g) {
                TRY(check_keys(c, g, "graders.vet", k_weight));
                TRY(parse_weight(c, g, "graders.vet", p, GRD_VET));
        }
        double sum = 0;
        for (int k = 0; k < _GRD_KIND_MAX; k++)
                sum += p->enabled[k] ? p->weight[k] : 0;
        if (fabs(sum - 100) > 1e-9)
                return fail(c, "graders", "expected weights summing to 100, got %g", sum);
        return 0;
}

static int parse_step(struct ctx *c, const cJSON *limits, const char *key, struct grd_step_limits *l)
{
        const cJSON *s;
        char path[32];
        static const char *const keys[] = {"cpu_s", "wall_s", "mem_mib", "procs", "fsize_mib", "output_mib", "net",
                                           NULL};
        snprintf(path, sizeof path, "limits.%s", key);
        TRY(get_object(c, limits, key, "limits", false, &s));
        if (!s)
                return 0;
        TRY(check_keys(c, s, path, keys));
        TRY(get_number(c, s, "cpu_s", path, false, 0, true, 86400, false, &l->cpu_s));
        TRY(get_number(c, s, "wall_s", path, false, 0, true, 86400, false, &l->wall_s));
        TRY(get_u64(c, s, "mem_mib", path, false, 16, 1048576, &l->mem_mib));
        TRY(get_uint(c, s, "procs", path, false, 1, 65536, &l->procs));
        TRY(get_u64(c, s, "fsize_mib", path, false, 1, 1048576, &l->fsize_mib));
        TRY(get_u64(c, s, "output_mib", path, false, 1, 1048576, &l->output_mib));
        int net = 0;
        TRY(get_enum(c, s, "net", path, false, net_names, &net));
        l->net_loopback = net == 1;
        return 0;
}

static int parse_io(struct ctx *c, const cJSON *root, struct grd_problem *p)
{
        const cJSON *io;
        static const char *const keys[] = {"data", "comparator", "tolerance", "checker", NULL};
        if (!c->is_io)
                return 0;
        p->has_io = true;
        TRY(get_object(c, root, "io", "", true, &io));
        TRY(check_keys(c, io, "io", keys));
        TRY(forbid_public(c, io, "data", "io"));
        TRY(forbid_public(c, io, "checker", "io"));
        TRY(get_path(c, io, "data", "io", !c->is_public, &p->data_dir));
        int cmp = 0;
        TRY(get_enum(c, io, "comparator", "io", true, comparator_names, &cmp));
        p->io.comparator = (enum grd_comparator)cmp;
        p->io.tolerance = 1e-6;
        TRY(get_number(c, io, "tolerance", "io", false, 0, false, 1e6, false, &p->io.tolerance));
        int r = get_path(c, io, "checker", "io", false, &p->io.checker);
        TRY(r);
        if (!c->is_public && (r == 0) != (p->io.comparator == GRD_CMP_CHECKER))
                return fail(c, "io.checker", r == 0 ? "only with \"comparator\": \"checker\""
                                                    : "missing (the checker comparator needs a checker source)");
        size_t n = r == 0 ? strlen(p->io.checker) : 0;
        if (r == 0 && !(n > 2 && strcmp(p->io.checker + n - 2, ".c") == 0) &&
            !(n > 3 && strcmp(p->io.checker + n - 3, ".go") == 0))
                return fail(c, "io.checker", "expected a C (.c) or Go (.go) source file, got \"%s\"", p->io.checker);
        return 0;
}

static int parse_problem(struct ctx *c, const cJSON *root, struct grd_problem *p)
{
        char got_buf[128];
        static const char *const keys[] = {"format", "id", "title", "version", "language", "minutes", "areas",
                                           "difficulty", "statement", "starter", "toolchain", "tests",
                                           "reference", "graders", "limits", "io", "public", NULL};
        if (!cJSON_IsObject(root))
                return fail(c, NULL, "expected a JSON object, got %s", GOT(root));
        TRY(check_keys(c, root, "", keys));
        const cJSON *pub = cJSON_GetObjectItemCaseSensitive(root, "public");
        if (pub && !cJSON_IsBool(pub))
                return fail(c, "public", "expected true or false, got %s", GOT(pub));
        c->is_public = p->is_public = cJSON_IsTrue(pub);

        double d;
        TRY(get_number(c, root, "format", "", true, 1, false, FORMAT_VERSION, true, &d));
        p->format = (int)d;
        TRY(get_string(c, root, "id", "", true, 64, &p->id));
        if (!match_id(p->id))
                return fail(c, "id", "expected lowercase letters, digits and '-' (^[a-z0-9][a-z0-9-]{0,63}$), "
                                     "got \"%s\"", p->id);
        TRY(get_string(c, root, "title", "", true, 200, &p->title));
        TRY(get_string(c, root, "version", "", true, 32, &p->version));
        int lang = 0;
        TRY(get_enum(c, root, "language", "", true, language_names, &lang));
        p->lang = lang == 0 ? GRD_LANG_GO : GRD_LANG_C;
        c->is_c = p->lang == GRD_LANG_C;
        c->is_io = c->is_c || cJSON_GetObjectItemCaseSensitive(root, "io");
        TRY(get_uint(c, root, "minutes", "", true, 1, 1440, &p->minutes));
        TRY(parse_areas(c, root, p));
        int diff = 0;
        TRY(get_enum(c, root, "difficulty", "", true, difficulty_names, &diff));
        if (!(p->difficulty = strdup(difficulty_names[diff])))
                return -ENOMEM;
        TRY(get_path(c, root, "statement", "", true, &p->statement));
        TRY(get_path(c, root, "starter", "", true, &p->starter));

        const cJSON *tc;
        static const char *const k_tc[] = {"go", NULL};
        TRY(get_object(c, root, "toolchain", "", false, &tc));
        if (tc) {
                TRY(check_keys(c, tc, "toolchain", k_tc));
                if (c->is_c && cJSON_GetObjectItemCaseSensitive(tc, "go"))
                        return fail(c, "toolchain.go", "not allowed for language \"c\"");
                int r = get_string(c, tc, "go", "toolchain", false, 16, &p->toolchain_min);
                TRY(r);
                const char *s = p->toolchain_min;
                if (r == 0 && (strspn(s, "0123456789.") != strlen(s) || s[0] == '.' || !strchr(s, '.') ||
                               strstr(s, "..") || s[strlen(s) - 1] == '.'))
                        return fail(c, "toolchain.go", "expected a Go version such as \"1.25\", got \"%s\"", s);
        }
        TRY(parse_tests(c, root, p));
        TRY(forbid_public(c, root, "reference", ""));
        TRY(get_path(c, root, "reference", "", !c->is_public, &p->reference));
        TRY(parse_io(c, root, p));
        TRY(parse_graders(c, root, p));
        const cJSON *lim;
        static const char *const k_lim[] = {"build", "run", NULL};
        TRY(get_object(c, root, "limits", "", false, &lim));
        if (lim) {
                TRY(check_keys(c, lim, "limits", k_lim));
                TRY(parse_step(c, lim, "build", &p->build_limits));
                TRY(parse_step(c, lim, "run", &p->run_limits));
        }
        return 0;
}

int gnt_manifest_parse(const char *text, size_t len, const char *name, struct grd_problem *ret, char *err,
                       size_t errsz)
{
        struct ctx c = {.file = name ? name : GNT_MANIFEST_NAME, .err = err, .errsz = errsz};
        cJSON *root = NULL;
        int r = gnt_json_parse_strict(text, len, c.file, &root, err, errsz);
        if (r < 0)
                return r;
        struct grd_problem p = {0};
        r = parse_problem(&c, root, &p);
        cJSON_Delete(root);
        if (r < 0) {
                if (r == -ENOMEM)
                        fail(&c, NULL, "out of memory");
                grd_problem_release(&p);
                return r;
        }
        *ret = p;
        return 0;
}

/* Read a small regular file at dirfd/name without following a symlink. */
int gnt_manifest_read_file(int dirfd, const char *name, char **ret, size_t *ret_len, char *err, size_t errsz)
{
        int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0) {
                int e = errno;
                if (err)
                        snprintf(err, errsz, e == ELOOP ? "%s: is a symlink" : "%s: cannot open: %s", name,
                                 gnt_errstr(e));
                return -e;
        }
        struct stat st;
        int r = 0;
        char *buf = NULL;
        if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
                r = fstat(fd, &st) < 0 ? -errno : -EINVAL;
                if (err)
                        snprintf(err, errsz, "%s: not a regular file", name);
                goto out;
        }
        if (st.st_size > GNT_MANIFEST_MAX_BYTES) {
                if (err)
                        snprintf(err, errsz, "%s: file is %lld bytes, the limit is %d", name, (long long)st.st_size,
                                 GNT_MANIFEST_MAX_BYTES);
                r = -EFBIG;
                goto out;
        }
        buf = malloc((size_t)st.st_size + 1);
        if (!buf) {
                r = -ENOMEM;
                goto out;
        }
        size_t got = 0;
        while (got < (size_t)st.st_size) {
                ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        break;
                got += (size_t)n;
        }
        buf[got] = '\0';
        *ret = buf;
        *ret_len = got;
        buf = NULL;
out:
        free(buf);
        close(fd);
        return r;
}

/* Check that rel exists under dirfd with the wanted type, walking every
 * component without following symlinks. */
static int check_path(struct ctx *c, int dirfd, const char *field, const char *rel, bool want_dir)
{
        char buf[PATH_MAX];
        snprintf(buf, sizeof buf, "%s", rel);
        for (char *slash = buf;; slash++) {
                slash = strchr(slash, '/');
                if (slash)
                        *slash = '\0';
                struct stat st;
                if (fstatat(dirfd, buf, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                        int e = errno;
                        fail(c, field, "\"%s\" does not exist in the problem folder", rel);
                        return e == ENOENT ? -ENOENT : -e;
                }
                if (S_ISLNK(st.st_mode))
                        return fail(c, field, "\"%s\" is a symlink (not allowed in a problem folder)", buf);
                if (slash) {
                        if (!S_ISDIR(st.st_mode))
                                return fail(c, field, "\"%s\" is not a folder", buf);
                        *slash = '/';
                        continue;
                }
                if (want_dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
                        return fail(c, field, "\"%s\" is not a %s", rel, want_dir ? "folder" : "regular file");
                return 0;
        }
}

static bool path_within(const char *outer, const char *inner)
{
        size_t n = strlen(outer);
        return strncmp(outer, inner, n) == 0 && (inner[n] == '\0' || inner[n] == '/');
}

int gnt_manifest_load(const char *dir, struct grd_problem *ret, char *err, size_t errsz)
{
        char name[PATH_MAX + 32];
        snprintf(name, sizeof name, "%s", GNT_MANIFEST_NAME);
        struct ctx c = {.file = name, .err = err, .errsz = errsz};
        int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dirfd < 0) {
                int e = errno;
                if (err)
                        snprintf(err, errsz, "cannot open the folder: %s", gnt_errstr(e));
                return -e;
        }
        char *text = NULL;
        size_t len = 0;
        struct grd_problem p = {0};
        int r = gnt_manifest_read_file(dirfd, GNT_MANIFEST_NAME, &text, &len, err, errsz);
        if (r < 0)
                goto out;
        r = gnt_manifest_parse(text, len, name, &p, err, errsz);
        if (r < 0)
                goto out;
        struct {
                const char *field, *path;
                bool dir, secret;
        } paths[] = {
                {"statement", p.statement, false, false},
                {"starter", p.starter, true, false},
                {"tests.public", p.public_tests, true, false},
                {"tests.hidden", p.hidden_tests, true, true},
                {"tests.bench", p.bench_tests, true, true},
                {"reference", p.reference, true, true},
                {"io.data", p.data_dir, true, true},
                {"io.checker", p.io.checker, false, true},
                {NULL, "mutants", true, true},
        };
        size_t np = sizeof paths / sizeof paths[0];
        for (size_t i = 0; i < np; i++)
                if (paths[i].field && paths[i].path && (r = check_path(&c, dirfd, paths[i].field, paths[i].path,
                                                                       paths[i].dir)) < 0)
                        goto out;
        /* A public path that contains a secret one (or lies inside it) would
         * put secret files in the candidate's bundle. */
        for (size_t i = 0; i < np; i++)
                for (size_t j = 0; j < np; j++) {
                        if (paths[i].secret || !paths[j].secret || !paths[i].path || !paths[j].path)
                                continue;
                        if (path_within(paths[i].path, paths[j].path) || path_within(paths[j].path, paths[i].path)) {
                                r = fail(&c, paths[i].field, "\"%s\" overlaps the secret path \"%s\"",
                                         paths[i].path, paths[j].path);
                                goto out;
                        }
                }
        char *abs = realpath(dir, NULL);
        if (!abs) {
                r = -errno;
                goto out;
        }
        p.dir = abs;
        *ret = p;
        memset(&p, 0, sizeof p);
out:
        grd_problem_release(&p);
        free(text);
        close(dirfd);
        return r;
}

/* ---- assessments ---- */

static int parse_assessment(struct ctx *c, const cJSON *root, struct gnt_assessment *a)
{
        char got_buf[128], sub[64];
        static const char *const keys[] = {"format", "id", "title", "minutes", "problems", NULL};
        if (!cJSON_IsObject(root))
                return fail(c, NULL, "expected a JSON object, got %s", GOT(root));
        TRY(check_keys(c, root, "", keys));
        double d;
        TRY(get_number(c, root, "format", "", true, 1, false, FORMAT_VERSION, true, &d));
        a->format = (int)d;
        TRY(get_string(c, root, "id", "", true, 64, &a->id));
        if (!match_id(a->id))
                return fail(c, "id", "expected lowercase letters, digits and '-' (^[a-z0-9][a-z0-9-]{0,63}$), "
                                     "got \"%s\"", a->id);
        TRY(get_string(c, root, "title", "", true, 200, &a->title));
        TRY(get_uint(c, root, "minutes", "", true, 1, 1440, &a->minutes));
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "problems");
        int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
        if (!v)
                return fail(c, "problems", "missing (expected an array of problem folders)");
        if (n < 1 || n > 64)
                return fail(c, "problems", "expected an array of 1 to 64 problem folders, got %s", GOT(v));
        a->problems = calloc((size_t)n, sizeof *a->problems);
        if (!a->problems)
                return -ENOMEM;
        int i = 0;
        for (const cJSON *e = v->child; e; e = e->next, i++) {
                snprintf(sub, sizeof sub, "problems[%d]", i);
                if (!cJSON_IsString(e) || !gnt_manifest_path_ok(e->valuestring))
                        return fail(c, sub, "expected a relative path inside the assessment folder, got %s",
                                    GOT(e));
                for (size_t j = 0; j < a->n_problems; j++)
                        if (path_within(a->problems[j], e->valuestring) || path_within(e->valuestring, a->problems[j]))
                                return fail(c, sub, "\"%s\" overlaps \"%s\"", e->valuestring, a->problems[j]);
                if (!(a->problems[a->n_problems] = strdup(e->valuestring)))
                        return -ENOMEM;
                a->n_problems++;
        }
        return 0;
}

int gnt_assessment_parse(const char *text, size_t len, const char *name, struct gnt_assessment *ret, char *err,
                         size_t errsz)
{
        struct ctx c = {.file = name ? name : GNT_ASSESSMENT_NAME, .err = err, .errsz = errsz};
        cJSON *root = NULL;
        int r = gnt_json_parse_strict(text, len, c.file, &root, err, errsz);
        if (r < 0)
                return r;
        struct gnt_assessment a = {0};
        r = parse_assessment(&c, root, &a);
        cJSON_Delete(root);
        if (r < 0) {
                if (r == -ENOMEM)
                        fail(&c, NULL, "out of memory");
                gnt_assessment_release(&a);
                return r;
        }
        *ret = a;
        return 0;
}

int gnt_assessment_load(const char *dir, struct gnt_assessment *ret, char *err, size_t errsz)
{
        struct ctx c = {.file = GNT_ASSESSMENT_NAME, .err = err, .errsz = errsz};
        int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dirfd < 0) {
                int e = errno;
                if (err)
                        snprintf(err, errsz, "cannot open the folder: %s", gnt_errstr(e));
                return -e;
        }
        char *text = NULL;
        size_t len = 0;
        struct gnt_assessment a = {0};
        int r = gnt_manifest_read_file(dirfd, GNT_ASSESSMENT_NAME, &text, &len, err, errsz);
        if (r < 0)
                goto out;
        r = gnt_assessment_parse(text, len, GNT_ASSESSMENT_NAME, &a, err, errsz);
        if (r < 0)
                goto out;
        for (size_t i = 0; i < a.n_problems; i++) {
                char field[32], rel[PATH_MAX];
                snprintf(field, sizeof field, "problems[%zu]", i);
                if ((r = check_path(&c, dirfd, field, a.problems[i], true)) < 0)
                        goto out;
                snprintf(rel, sizeof rel, "%s/%s", a.problems[i], GNT_MANIFEST_NAME);
                if ((r = check_path(&c, dirfd, field, rel, false)) < 0)
                        goto out;
        }
        if (!(a.dir = realpath(dir, NULL))) {
                r = -errno;
                goto out;
        }
        *ret = a;
        memset(&a, 0, sizeof a);
out:
        gnt_assessment_release(&a);
        free(text);
        close(dirfd);
        return r;
}

void gnt_assessment_release(struct gnt_assessment *a)
{
        if (!a)
                return;
        free(a->dir);
        free(a->id);
        free(a->title);
        for (size_t i = 0; i < a->n_problems; i++)
                free(a->problems[i]);
        free(a->problems);
        memset(a, 0, sizeof *a);
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
        cJSON_AddTrueToObject(o, "public");
        char *s = cJSON_Print(o);
        cJSON_Delete(o);
        return s;
}
