/* lint.c — the checks of a problem folder that need no compiler and no
 * sandbox (lint.h): every mutant's expect.json, the benchmarks and test
 * groups the manifest names, names declared twice in the test package, and
 * the I/O cases' NAME.in/NAME.ans pairs.  Every mistake is reported, one
 * line each, so an author fixes them in one round. */
#include "lint.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "manifest.h"
#include "sbx_file.h"

/* A Go source file is read whole; past this it is reported, not read. */
#define LINT_GO_MAX (4u << 20)
/* Files of one folder looked at; a problem folder holds far fewer. */
#define LINT_DIR_MAX 4096

/* Messages quote names into fixed buffers; a very long one is cut short. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

struct lint {
        const struct grd_problem *p;
        gnt_lint_fn *each;
        void *ctx;
        const char *prefix; /* "" or "FOLDER/" of an assessment's problem */
        int n;
        bool oom;
};

__attribute__((format(printf, 2, 3))) static void say(struct lint *L, const char *fmt, ...)
{
        char line[1024];
        int k = snprintf(line, sizeof line, "%s", L->prefix);
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(line + k, sizeof line - (size_t)k, fmt, ap);
        va_end(ap);
        L->n++;
        if (L->each)
                L->each(L->ctx, line);
}

struct names {
        char **v;
        size_t n;
};

static void names_release(struct names *s)
{
        for (size_t i = 0; i < s->n; i++)
                free(s->v[i]);
        free(s->v);
        memset(s, 0, sizeof *s);
}

static bool ends_with(const char *s, const char *suffix)
{
        size_t a = strlen(s), b = strlen(suffix);
        return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The names in folder dir (not starting with '.') whose type is a folder
 * (want_dir) or anything else, sorted.  A missing folder is empty. */
static int list_dir(const char *dir, bool want_dir, struct names *ret)
{
        struct names s = {0};
        DIR *d = opendir(dir);
        if (!d) {
                *ret = s;
                return errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
        }
        struct dirent *e;
        int r = 0;
        while (r == 0 && s.n < LINT_DIR_MAX && (e = readdir(d))) {
                struct stat st;
                if (e->d_name[0] == '.' || fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                        continue;
                if (S_ISDIR(st.st_mode) != want_dir)
                        continue;
                char **nv = realloc(s.v, (s.n + 1) * sizeof *nv);
                if (!nv || !(nv[s.n] = strdup(e->d_name))) {
                        if (nv)
                                s.v = nv;
                        r = -ENOMEM;
                        break;
                }
                s.v = nv;
                s.n++;
        }
        closedir(d);
        if (r < 0) {
                names_release(&s);
                return r;
        }
        if (s.n)
                qsort(s.v, s.n, sizeof *s.v, sbx_file_name_cmp);
        *ret = s;
        return 0;
}

/* ---- mutants ---- */

static const char *const verdict_names[] = {"pass", "fail", "skip", "any"};
enum { V_PASS, V_FAIL, V_SKIP, V_ANY, V_UNSET };

static int verdict_index(const char *s)
{
        for (int i = 0; s && i < 4; i++)
                if (strcmp(s, verdict_names[i]) == 0)
                        return i;
        return -1;
}

/* The verdicts: known graders the problem enables, known verdict names,
 * every enabled grader named; then what the graders make possible. */
static void check_verdicts(struct lint *L, const char *rel, const cJSON *v)
{
        const struct grd_problem *p = L->p;
        int got[_GRD_KIND_MAX];
        const cJSON *it;
        for (int k = 0; k < _GRD_KIND_MAX; k++)
                got[k] = V_UNSET;
        cJSON_ArrayForEach(it, v)
        {
                int k = grd_kind_from_name(it->string);
                if (k < 0) {
                        say(L, "%s: verdicts.%s: no such grader (correctness, race, leak, bench, vet)", rel,
                            it->string);
                        continue;
                }
                if (!p->enabled[k]) {
                        say(L, "%s: verdicts.%s: the problem does not enable this grader", rel, it->string);
                        continue;
                }
                char shown[96];
                int vi = verdict_index(cJSON_GetStringValue(it));
                if (vi < 0) {
                        char *txt = cJSON_PrintUnformatted(it);
                        snprintf(shown, sizeof shown, "%s", txt ? txt : "?");
                        free(txt);
                        say(L, "%s: verdicts.%s: %s is not a verdict (pass, fail, skip, any)", rel, it->string,
                            shown);
                        continue;
                }
                got[k] = vi;
        }
        bool complete = true, fails = false;
        for (int k = 0; k < _GRD_KIND_MAX; k++) {
                if (p->enabled[k] && got[k] == V_UNSET && !cJSON_GetObjectItemCaseSensitive(v, grd_kind_name((enum grd_kind)k))) {
                        say(L, "%s: verdicts: missing \"%s\" (every grader the problem enables is named)", rel,
                            grd_kind_name((enum grd_kind)k));
                        complete = false;
                }
                fails = fails || got[k] == V_FAIL;
        }
        if (!complete)
                return;
        if (!fails)
                say(L, "%s: verdicts: no grader is expected to fail (a mutant earns at least one \"fail\", and "
                       "never \"any\" on the grader it targets)", rel);
        /* Only bench skips: exactly when correctness did not fully pass. */
        for (int k = 0; k < _GRD_KIND_MAX; k++)
                if (k != GRD_BENCH && got[k] == V_SKIP)
                        say(L, "%s: verdicts.%s: \"skip\" is only bench's verdict (when correctness fails)", rel,
                            grd_kind_name((enum grd_kind)k));
        if (!p->enabled[GRD_BENCH] || got[GRD_BENCH] == V_UNSET || got[GRD_CORRECTNESS] == V_UNSET)
                return;
        int c = got[GRD_CORRECTNESS], b = got[GRD_BENCH];
        if (c == V_FAIL && b != V_SKIP && b != V_ANY)
                say(L, "%s: verdicts.bench: \"%s\" cannot happen: bench is skipped when correctness fails "
                       "(expected \"skip\")", rel, verdict_names[b]);
        else if (c == V_PASS && b == V_SKIP)
                say(L, "%s: verdicts.bench: \"skip\" cannot happen: bench runs when correctness passes", rel);
        else if (c == V_ANY && b != V_ANY)
                say(L, "%s: verdicts.bench: \"%s\" depends on correctness, which is \"any\" (expected \"any\")",
                    rel, verdict_names[b]);
}

static void check_expect(struct lint *L, int mfd, const char *name)
{
        char rel[PATH_MAX], err[GNT_ERR_MAX];
        snprintf(rel, sizeof rel, "mutants/%s/expect.json", name);
        char *text = NULL;
        size_t len = 0;
        char sub[NAME_MAX + 16];
        snprintf(sub, sizeof sub, "%s/expect.json", name);
        int r = gnt_manifest_read_file(mfd, sub, &text, &len, err, sizeof err);
        if (r == -ENOENT) {
                say(L, "%s: missing (each mutant declares its verdicts)", rel);
                return;
        }
        if (r < 0) {
                say(L, "mutants/%s", err);
                return;
        }
        cJSON *j = NULL;
        r = gnt_json_parse_strict(text, len, rel, &j, err, sizeof err);
        free(text);
        if (r < 0) {
                if (r == -ENOMEM)
                        L->oom = true;
                say(L, "%s", err);
                return;
        }
        const cJSON *desc = cJSON_GetObjectItemCaseSensitive(j, "description");
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "verdicts");
        const cJSON *it;
        if (!cJSON_IsObject(j)) {
                say(L, "%s: expected {\"description\": TEXT, \"verdicts\": {...}}", rel);
                goto out;
        }
        cJSON_ArrayForEach(it, j)
        {
                if (strcmp(it->string, "description") != 0 && strcmp(it->string, "verdicts") != 0)
                        say(L, "%s: %s: unknown field (description, verdicts)", rel, it->string);
        }
        if (!cJSON_IsString(desc) || !desc->valuestring[0] || strlen(desc->valuestring) > 255)
                say(L, "%s: description: expected 1-255 bytes of text saying what the mutant gets wrong", rel);
        if (!cJSON_IsObject(v))
                say(L, "%s: verdicts: expected an object naming every enabled grader", rel);
        else
                check_verdicts(L, rel, v);
out:
        cJSON_Delete(j);
}

static void check_mutant(struct lint *L, const char *mdir, int mfd, const char *name)
{
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", mdir, name);
        struct names files = {0}, dirs = {0};
        if (list_dir(path, false, &files) < 0 || list_dir(path, true, &dirs) < 0) {
                L->oom = true;
                goto out;
        }
        for (size_t i = 0; i < dirs.n; i++)
                say(L, "mutants/%s/%s: a folder (a mutant holds only the files that differ from the reference, "
                       "laid over it)", name, dirs.v[i]);
        size_t code = 0;
        for (size_t i = 0; i < files.n; i++)
                code += strcmp(files.v[i], "expect.json") != 0;
        if (!code)
                say(L, "mutants/%s: holds no file besides expect.json (it would be the reference itself)", name);
        check_expect(L, mfd, name);
out:
        names_release(&files);
        names_release(&dirs);
}

static void check_mutants(struct lint *L)
{
        char mdir[PATH_MAX];
        snprintf(mdir, sizeof mdir, "%s/mutants", L->p->dir);
        struct stat st;
        if (lstat(mdir, &st) < 0)
                return; /* no mutants */
        if (!S_ISDIR(st.st_mode)) {
                say(L, "mutants: not a folder");
                return;
        }
        struct names m = {0}, other = {0};
        int mfd = open(mdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        if (mfd < 0 || list_dir(mdir, true, &m) < 0 || list_dir(mdir, false, &other) < 0) {
                if (mfd < 0)
                        say(L, "mutants: cannot open: %s", gnt_errstr(errno));
                else
                        L->oom = true;
                goto out;
        }
        for (size_t i = 0; i < other.n; i++)
                say(L, "mutants/%s: not a folder (each mutant is a folder mutants/NAME/)", other.v[i]);
        for (size_t i = 0; i < m.n; i++)
                check_mutant(L, mdir, mfd, m.v[i]);
out:
        if (mfd >= 0)
                close(mfd);
        names_release(&m);
        names_release(&other);
}

/* ---- I/O cases ---- */

/* Every NAME.in of folder rel has its NAME.ans; names of the cases into
 * cases (when not NULL). */
static void check_pairs(struct lint *L, const char *rel, struct names *cases)
{
        char dir[PATH_MAX];
        snprintf(dir, sizeof dir, "%s/%s", L->p->dir, rel);
        struct names f = {0};
        if (list_dir(dir, false, &f) < 0) {
                L->oom = true;
                return;
        }
        size_t n_in = 0;
        for (size_t i = 0; i < f.n; i++) {
                const char *nm = f.v[i];
                bool in = ends_with(nm, ".in"), ans = ends_with(nm, ".ans");
                if (!in && !ans)
                        continue;
                size_t base = strlen(nm) - (in ? 3 : 4);
                char other[NAME_MAX + 8];
                snprintf(other, sizeof other, "%.*s%s", (int)base, nm, in ? ".ans" : ".in");
                if (!bsearch(&(const char *){other}, f.v, f.n, sizeof *f.v, sbx_file_name_cmp))
                        say(L, "%s/%s: no %s beside it (cases are NAME.in and NAME.ans pairs)", rel, nm, other);
                if (!in)
                        continue;
                n_in++;
                if (cases) {
                        char **nv = realloc(cases->v, (cases->n + 1) * sizeof *nv);
                        if (!nv || !(nv[cases->n] = strndup(nm, base))) {
                                if (nv)
                                        cases->v = nv;
                                L->oom = true;
                                break;
                        }
                        cases->v = nv;
                        cases->n++;
                }
        }
        if (!n_in)
                say(L, "%s: holds no NAME.in/NAME.ans case", rel);
        names_release(&f);
}

/* ---- groups ---- */

static void check_groups(struct lint *L, const struct names *tests, const char *where)
{
        for (size_t g = 0; g < L->p->n_groups; g++) {
                regex_t re;
                if (regcomp(&re, L->p->groups[g].pattern, REG_EXTENDED | REG_NOSUB) != 0)
                        continue; /* the manifest reader reports it */
                bool hit = false;
                for (size_t i = 0; !hit && i < tests->n; i++)
                        hit = regexec(&re, tests->v[i], 0, NULL, 0) == 0;
                regfree(&re);
                if (!hit)
                        say(L, "problem.json: tests.groups[%zu]: pattern \"%s\" matches no %s", g,
                            L->p->groups[g].pattern, where);
        }
}

static int lint_go_tests(struct lint *L, struct names *tests);

/* Add the mistakes a checker reported itself (r < 0: out of memory). */
static void count(struct lint *L, int r)
{
        if (r < 0)
                L->oom = true;
        else
                L->n += r;
}

/* Each package modules.txt lists must be a folder of rel/vendor. */
static void check_vendor_packages(struct lint *L, const char *rel, const char *txt)
{
        unsigned line = 0;
        for (const char *l = txt; *l; line++) {
                const char *end = strchr(l, '\n');
                size_t len = end ? (size_t)(end - l) : strlen(l);
                if (len && l[0] != '#') {
                        char path[PATH_MAX];
                        struct stat st;
                        int k = snprintf(path, sizeof path, "%s/%s/vendor/%.*s", L->p->dir, rel, (int)len, l);
                        if (k < 0 || (size_t)k >= sizeof path || lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
                                say(L, "%s/vendor/modules.txt:%u: package %.*s is not a folder of %s/vendor (run go mod vendor)",
                                    rel, line + 1, (int)len, l, rel);
                }
                l = end ? end + 1 : l + len;
        }
}

/* What go.mod requires must be vendored, in the starter: the graders build
 * every solution (the reference's, a mutant's, the candidate's) offline,
 * with the starter's go.mod and vendor/ (docs/bundle-format.md, section 1). */
static void check_vendor(struct lint *L)
{
        const struct grd_problem *p = L->p;
        char path[PATH_MAX], where[PATH_MAX], ref_where[PATH_MAX];
        char *mod = NULL, *txt = NULL, *ref_mod = NULL;
        struct stat st;
        snprintf(path, sizeof path, "%s/%s/go.mod", p->dir, p->starter);
        if (sbx_file_read(path, LINT_GO_MAX, 0, &mod, NULL) < 0)
                return; /* pack's manifest checks name a starter without go.mod */
        snprintf(path, sizeof path, "%s/%s/vendor/modules.txt", p->dir, p->starter);
        int r = sbx_file_read(path, LINT_GO_MAX, 0, &txt, NULL);
        if (r < 0 && r != -ENOENT)
                say(L, "%s/vendor/modules.txt: cannot read: %s", p->starter, strerror(-r));
        snprintf(path, sizeof path, "%s/%s/vendor", p->dir, p->starter);
        if (r == -ENOENT && lstat(path, &st) == 0)
                say(L, "%s/vendor: no modules.txt (run go mod vendor)", p->starter);
        snprintf(where, sizeof where, "%s%s", L->prefix, p->starter);
        r = gnt_go_vendor_check(mod, where, txt, where, L->each, L->ctx);
        count(L, r);
        if (txt)
                check_vendor_packages(L, p->starter, txt);
        if (p->reference && strcmp(p->reference, p->starter) != 0) {
                snprintf(path, sizeof path, "%s/%s/vendor", p->dir, p->reference);
                if (lstat(path, &st) == 0)
                        say(L, "%s/vendor: not used (the graders take vendor/ from the starter)", p->reference);
                snprintf(path, sizeof path, "%s/%s/go.mod", p->dir, p->reference);
                snprintf(ref_where, sizeof ref_where, "%s%s", L->prefix, p->reference);
                if (sbx_file_read(path, LINT_GO_MAX, 0, &ref_mod, NULL) == 0) {
                        if (txt && strcmp(ref_mod, mod) != 0)
                                say(L, "%s/go.mod: differs from %s/go.mod (with vendored modules, the graders build every solution with the starter's)",
                                    p->reference, p->starter);
                        else if (!txt)
                                count(L, gnt_go_vendor_check(ref_mod, ref_where, NULL, where, L->each, L->ctx));
                }
        }
        free(mod);
        free(txt);
        free(ref_mod);
}

static int lint_one(const struct grd_problem *p, const char *prefix, gnt_lint_fn *each, void *ctx)
{
        struct lint L = {.p = p, .each = each, .ctx = ctx, .prefix = prefix};
        struct names cases = {0};
        if (p->lang == GRD_LANG_C || p->has_io) {
                if (p->data_dir)
                        check_pairs(&L, p->data_dir, &cases);
                if (p->public_tests)
                        check_pairs(&L, p->public_tests, NULL);
                check_groups(&L, &cases, "case of the data folder");
        }
        if (p->lang == GRD_LANG_GO && p->starter)
                check_vendor(&L);
        if (p->lang == GRD_LANG_GO && !p->has_io) {
                if (lint_go_tests(&L, &cases) < 0)
                        L.oom = true;
                else
                        check_groups(&L, &cases, "Test function of the test files");
        }
        names_release(&cases);
        check_mutants(&L);
        return L.oom ? -ENOMEM : L.n;
}

int gnt_lint_problem(const struct grd_problem *p, gnt_lint_fn *each, void *ctx)
{
        return lint_one(p, "", each, ctx);
}

int gnt_lint_folder(const char *dir, gnt_lint_fn *each, void *ctx, char *err, size_t errsz)
{
        char path[PATH_MAX];
        struct stat st;
        struct grd_problem p = {0};
        snprintf(path, sizeof path, "%s/%s", dir, GNT_ASSESSMENT_NAME);
        if (lstat(path, &st) != 0) {
                int r = gnt_manifest_load(dir, &p, err, errsz);
                if (r < 0)
                        return r;
                r = lint_one(&p, "", each, ctx);
                grd_problem_release(&p);
                return r;
        }
        struct gnt_assessment as = {0};
        int r = gnt_assessment_load(dir, &as, err, errsz);
        int total = 0;
        for (size_t i = 0; r >= 0 && i < as.n_problems; i++) {
                char sub[PATH_MAX], prefix[PATH_MAX];
                snprintf(sub, sizeof sub, "%s/%s", as.dir, as.problems[i]);
                snprintf(prefix, sizeof prefix, "%s/", as.problems[i]);
                if ((r = gnt_manifest_load(sub, &p, err, errsz)) < 0)
                        break;
                r = lint_one(&p, prefix, each, ctx);
                grd_problem_release(&p);
                if (r > 0)
                        total += r;
        }
        gnt_assessment_release(&as);
        return r < 0 ? r : total;
}

/* ---- Go test files ---- */

struct gofile {
        char rel[PATH_MAX];
        char pkg[128];
        char build[256];      /* its //go:build expression, "" for none */
        struct gnt_go_decl *d;
        size_t n;
        bool test;
};

/* The //go:build expression of a Go file (it stands before the package
 * clause, among comments and blank lines) into out, "" when there is none. */
static void build_constraint(const char *text, char *out, size_t outsz)
{
        out[0] = '\0';
        for (const char *l = text; *l;) {
                const char *nl = strchr(l, '\n');
                size_t len = nl ? (size_t)(nl - l) : strlen(l);
                if (len >= 8 && strncmp(l, "package ", 8) == 0)
                        return;
                if (len > 11 && strncmp(l, "//go:build ", 11) == 0) {
                        size_t n = len - 11 < outsz - 1 ? len - 11 : outsz - 1;
                        memcpy(out, l + 11, n);
                        while (n && (out[n - 1] == ' ' || out[n - 1] == '\t' || out[n - 1] == '\r'))
                                n--;
                        out[n] = '\0';
                        return;
                }
                if (!nl)
                        return;
                l = nl + 1;
        }
}

/* Scan the *.go files of folder rel: test files (*_test.go) or, for the
 * reference, the others. */
static int scan_folder(struct lint *L, const char *rel, bool test, struct gofile **v, size_t *n)
{
        char dir[PATH_MAX];
        snprintf(dir, sizeof dir, "%s/%s", L->p->dir, rel);
        struct names f = {0};
        int r = list_dir(dir, false, &f);
        for (size_t i = 0; r == 0 && i < f.n; i++) {
                if (!ends_with(f.v[i], ".go") || ends_with(f.v[i], "_test.go") != test)
                        continue;
                struct gofile g = {.test = test};
                snprintf(g.rel, sizeof g.rel, "%s/%s", rel, f.v[i]);
                char path[PATH_MAX], *text = NULL;
                snprintf(path, sizeof path, "%s/%s", dir, f.v[i]);
                int rr = sbx_file_read(path, LINT_GO_MAX, 0, &text, NULL);
                if (rr == -ENOMEM) {
                        r = rr;
                        break;
                }
                if (rr < 0) {
                        say(L, "%s: cannot read: %s", g.rel, sbx_file_strerror(rr));
                        continue;
                }
                build_constraint(text, g.build, sizeof g.build);
                rr = gnt_go_scan(text, g.pkg, sizeof g.pkg, &g.d, &g.n);
                free(text);
                struct gofile *nv = rr == 0 ? realloc(*v, (*n + 1) * sizeof *nv) : NULL;
                if (!nv) {
                        free(g.d);
                        r = -ENOMEM;
                        break;
                }
                *v = nv;
                (*v)[(*n)++] = g;
        }
        names_release(&f);
        return r;
}

/* A name declared twice in one package: the later one is reported.  Two
 * files under different //go:build expressions are taken as never built
 * together (race_on_test.go and race_off_test.go declaring one constant
 * under "race" and "!race"): lint does not evaluate the expressions, and
 * validate's builds catch what it lets through. */
static void check_collisions(struct lint *L, const struct gofile *v, size_t n)
{
        for (size_t j = 0; j < n; j++) {
                if (!v[j].test)
                        continue;
                for (size_t a = 0; a < v[j].n; a++) {
                        const struct gnt_go_decl *d = &v[j].d[a];
                        if (strcmp(d->name, "TestMain") == 0 && d->kind == 'f')
                                say(L, "%s:%u: func TestMain: not allowed (the leak grader adds its own)",
                                    v[j].rel, d->line);
                        bool found = false;
                        for (size_t i = 0; !found && i <= j; i++) {
                                if (strcmp(v[i].pkg, v[j].pkg) != 0 ||
                                    (v[i].build[0] && v[j].build[0] && strcmp(v[i].build, v[j].build) != 0))
                                        continue;
                                size_t lim = i == j ? a : v[i].n;
                                for (size_t b = 0; !found && b < lim; b++) {
                                        if (strcmp(v[i].d[b].name, d->name) != 0)
                                                continue;
                                        found = true;
                                        say(L, "%s:%u: '%s' is also declared at %s:%u (the solution and all test "
                                               "files form one package)", v[j].rel, d->line, d->name,
                                            v[i].rel, v[i].d[b].line);
                                }
                        }
                }
        }
}

/* Benchmarks of the manifest present in the bench folder; the names of
 * every Test function into tests. */
static int lint_go_tests(struct lint *L, struct names *tests)
{
        const struct grd_problem *p = L->p;
        struct gofile *v = NULL;
        size_t n = 0;
        int r = 0;
        const char *folders[] = {p->reference, p->public_tests, p->hidden_tests, p->bench_tests};
        for (size_t f = 0; r == 0 && f < 4; f++) {
                bool seen = false;
                for (size_t e = 1; e < f; e++)
                        seen = seen || (folders[e] && folders[f] && strcmp(folders[e], folders[f]) == 0);
                if (folders[f] && !seen)
                        r = scan_folder(L, folders[f], f > 0, &v, &n);
        }
        if (r == 0)
                check_collisions(L, v, n);
        for (size_t i = 0; r == 0 && p->enabled[GRD_BENCH] && i < p->n_benchmarks; i++) {
                bool found = false;
                size_t plen = p->bench_tests ? strlen(p->bench_tests) : 0;
                for (size_t k = 0; !found && k < n; k++)
                        for (size_t a = 0; !found && p->bench_tests && a < v[k].n; a++)
                                found = v[k].test && strncmp(v[k].rel, p->bench_tests, plen) == 0 &&
                                        v[k].rel[plen] == '/' && v[k].d[a].kind == 'f' &&
                                        strcmp(v[k].d[a].name, p->benchmarks[i]) == 0;
                if (!found)
                        say(L, "problem.json: graders.bench.benchmarks[%zu]: no func %s( in %s", i,
                            p->benchmarks[i], p->bench_tests ? p->bench_tests : "tests.bench");
        }
        for (size_t k = 0; r == 0 && k < n; k++)
                for (size_t a = 0; r == 0 && v[k].test && a < v[k].n; a++) {
                        const char *nm = v[k].d[a].name;
                        if (v[k].d[a].kind != 'f' || strncmp(nm, "Test", 4) != 0 ||
                            (nm[4] >= 'a' && nm[4] <= 'z') || strcmp(nm, "TestMain") == 0)
                                continue;
                        char **nv = realloc(tests->v, (tests->n + 1) * sizeof *nv);
                        if (!nv || !(nv[tests->n] = strdup(nm))) {
                                if (nv)
                                        tests->v = nv;
                                r = -ENOMEM;
                                break;
                        }
                        tests->v = nv;
                        tests->n++;
                }
        for (size_t k = 0; k < n; k++)
                free(v[k].d);
        free(v);
        return r;
}
