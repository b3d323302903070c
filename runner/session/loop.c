/* loop.c — an interview loop's plan (loop.json): drawn from the library,
 * written once, read back as hostile input, and the rounds' state derived
 * from their session folders (loop.h). */
#include "loop.h"

#include <cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "history.h"
#include "library.h"
#include "manifest.h"
#include "problem.h"
#include "sbx_file.h"
#include "session.h"

const char *gnt_loop_round_state_name(enum gnt_loop_round_state s)
{
        switch (s) {
        case GNT_ROUND_NOT_STARTED: return "not-started";
        case GNT_ROUND_RUNNING: return "running";
        case GNT_ROUND_SUBMITTED: return "submitted";
        }
        return "?";
}

/* splitmix64: the draw's order depends on the seed only, everywhere. */
static uint64_t next_rand(uint64_t *x)
{
        uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
}

struct draw {
        const struct gnt_lib_problem **cand; /* in the order tried */
        size_t n_cand;
        const char *area;                    /* fixed area, or NULL */
        size_t want;
        size_t pick[GNT_LOOP_MAX];           /* index into cand */
        const char *pick_area[GNT_LOOP_MAX];
        unsigned long steps;
};

static bool used(const struct draw *d, size_t depth, size_t c, const char *area)
{
        for (size_t i = 0; i < depth; i++)
                if (d->pick[i] == c || (!d->area && strcmp(d->pick_area[i], area) == 0))
                        return true;
        return false;
}

/* Depth-first: round `depth` takes the first candidate (and area of it)
 * not used yet; back up when the rest cannot be filled.  Bounded. */
static bool fill(struct draw *d, size_t depth)
{
        if (depth == d->want)
                return true;
        for (size_t c = 0; c < d->n_cand && d->steps < 200000; c++) {
                const struct gnt_lib_problem *p = d->cand[c];
                for (size_t a = 0; a < (d->area ? 1 : p->n_areas); a++) {
                        const char *area = d->area ? d->area : p->areas[a];
                        d->steps++;
                        if (used(d, depth, c, area))
                                continue;
                        d->pick[depth] = c;
                        d->pick_area[depth] = area;
                        if (fill(d, depth + 1))
                                return true;
                }
        }
        return false;
}

/* How many different areas the candidates cover. */
static size_t areas_covered(const struct draw *d)
{
        size_t n = 0;
        for (size_t k = 0; gnt_manifest_area_names[k]; k++)
                for (size_t c = 0; c < d->n_cand; c++)
                        if (gnt_lib_problem_has_area(d->cand[c], gnt_manifest_area_names[k])) {
                                n++;
                                break;
                        }
        return n;
}

/* Shuffle by seed, then never-solved problems first (a stable pass). */
static void order_candidates(struct draw *d, const struct gnt_history *h, long seed)
{
        uint64_t x = (uint64_t)seed;
        for (size_t i = d->n_cand; i > 1; i--) {
                size_t j = (size_t)(next_rand(&x) % i);
                const struct gnt_lib_problem *t = d->cand[i - 1];
                d->cand[i - 1] = d->cand[j];
                d->cand[j] = t;
        }
        if (!h)
                return;
        size_t k = 0;
        const struct gnt_lib_problem **tmp = malloc(d->n_cand * sizeof *tmp);
        if (!tmp)
                return;
        for (int solved = 0; solved < 2; solved++)
                for (size_t i = 0; i < d->n_cand; i++)
                        if ((gnt_history_best(h, d->cand[i]->id) >= GNT_HISTORY_SOLVED) == (solved == 1))
                                tmp[k++] = d->cand[i];
        memcpy(d->cand, tmp, d->n_cand * sizeof *tmp);
        free(tmp);
}

static int round_minutes(const struct gnt_lib_problem *p, double want, double *ret, char *err, size_t errsz)
{
        if (want > 0) {
                *ret = want;
                return 0;
        }
        struct grd_problem gp;
        int r = gnt_manifest_load(p->dir, &gp, err, errsz);
        if (r < 0)
                return r;
        *ret = gp.minutes;
        grd_problem_release(&gp);
        return 0;
}

int gnt_loop_draw(const struct gnt_library *lib, const struct gnt_history *h, const struct gnt_loop_params *p,
                  int64_t now, struct gnt_loop *ret, char *err, size_t errsz)
{
        if (p->n < 1 || p->n > GNT_LOOP_MAX)
                return sbx_errf(err, errsz, -ERANGE, "--loop: expected 1 to %d rounds, got %zu", GNT_LOOP_MAX, p->n);
        struct draw d = {.area = p->area, .want = p->n};
        d.cand = calloc(lib->n ? lib->n : 1, sizeof *d.cand);
        if (!d.cand)
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        for (size_t i = 0; i < lib->n; i++)
                if ((!p->area || gnt_lib_problem_has_area(&lib->p[i], p->area)) && lib->p[i].n_areas > 0 &&
                    strlen(lib->p[i].id) < sizeof ret->rounds[0].problem)
                        d.cand[d.n_cand++] = &lib->p[i];
        order_candidates(&d, h, p->seed);
        int r = 0;
        if (!fill(&d, 0)) {
                if (p->area)
                        r = sbx_errf(err, errsz, -ERANGE, "--loop %zu: the library has %zu problem%s of area '%s'",
                                     p->n, d.n_cand, d.n_cand == 1 ? "" : "s", p->area);
                else if (d.n_cand < p->n)
                        r = sbx_errf(err, errsz, -ERANGE, "--loop %zu: the library has %zu problem%s", p->n,
                                     d.n_cand, d.n_cand == 1 ? "" : "s");
                else
                        r = sbx_errf(err, errsz, -ERANGE,
                                     "--loop %zu: the library's problems cover %zu area%s, and each round needs "
                                     "an area of its own",
                                     p->n, areas_covered(&d), areas_covered(&d) == 1 ? "" : "s");
        }
        struct gnt_loop l;
        memset(&l, 0, sizeof l);
        l.created = now;
        l.seed = p->seed;
        snprintf(l.area, sizeof l.area, "%s", p->area ? p->area : "");
        l.minutes = p->minutes;
        for (size_t i = 0; r == 0 && i < p->n; i++) {
                const struct gnt_lib_problem *lp = d.cand[d.pick[i]];
                snprintf(l.rounds[i].problem, sizeof l.rounds[i].problem, "%s", lp->id);
                snprintf(l.rounds[i].area, sizeof l.rounds[i].area, "%s", d.pick_area[i]);
                r = round_minutes(lp, p->minutes, &l.rounds[i].minutes, err, errsz);
                l.total_minutes += l.rounds[i].minutes;
        }
        l.n = p->n;
        free(d.cand);
        if (r == 0)
                *ret = l;
        return r;
}

static char *plan_json(const struct gnt_loop *l)
{
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "loop_format", GNT_LOOP_FORMAT);
        cJSON_AddNumberToObject(o, "created", (double)l->created);
        cJSON_AddNumberToObject(o, "seed", (double)l->seed);
        if (l->area[0])
                cJSON_AddStringToObject(o, "area", l->area);
        else
                cJSON_AddNullToObject(o, "area");
        cJSON_AddNumberToObject(o, "minutes", l->minutes);
        cJSON_AddNumberToObject(o, "total_minutes", l->total_minutes);
        cJSON_AddNumberToObject(o, "n", (double)l->n);
        cJSON *rs = cJSON_AddArrayToObject(o, "rounds");
        for (size_t i = 0; rs && i < l->n; i++) {
                cJSON *r = cJSON_CreateObject();
                cJSON_AddStringToObject(r, "problem", l->rounds[i].problem);
                cJSON_AddStringToObject(r, "area", l->rounds[i].area);
                cJSON_AddNumberToObject(r, "minutes", l->rounds[i].minutes);
                cJSON_AddItemToArray(rs, r);
        }
        char *s = cJSON_Print(o);
        cJSON_Delete(o);
        return s;
}

int gnt_loop_create(const char *root, struct gnt_loop *l, char *err, size_t errsz)
{
        if (mkdir(root, 0755) < 0 && errno != EEXIST)
                return sbx_errf(err, errsz, -errno, "cannot create '%s': %s", root, strerror(errno));
        DIR *dd = opendir(root);
        if (!dd)
                return sbx_errf(err, errsz, -errno, "cannot open '%s': %s", root, strerror(errno));
        struct dirent *de;
        bool empty = true;
        while ((de = readdir(dd)))
                if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
                        empty = false;
        closedir(dd);
        if (!empty)
                return sbx_errf(err, errsz, -EEXIST, "'%s' exists and is not empty", root);
        if (!realpath(root, l->root))
                return sbx_errf(err, errsz, -errno, "%s: %s", root, strerror(errno));
        char *text = plan_json(l);
        if (!text)
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        char path[PATH_MAX + 16];
        snprintf(path, sizeof path, "%s/%s", l->root, GNT_LOOP_PLAN);
        int r = sbx_file_write_atomic(path, NULL, 0, text, strlen(text), 0644, SBX_FILE_SYNC);
        free(text);
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot write '%s': %s", path, strerror(-r));
        return 0;
}

/* A library id: lowercase letters, digits, '-', '_' (it names a folder). */
static bool id_ok(const char *s)
{
        if (!*s || *s == '-')
                return false;
        for (; *s; s++)
                if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
                        return false;
        return true;
}

static bool minutes_ok(double m)
{
        return m > 0 && m <= 24 * 60;
}

static int plan_round(const cJSON *r, size_t i, const char *name, struct gnt_loop_round *ret, char *err,
                      size_t errsz)
{
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(r, "problem");
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(r, "area");
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(r, "minutes");
        if (!cJSON_IsObject(r))
                return sbx_errf(err, errsz, -EINVAL, "%s: rounds[%zu]: expected an object", name, i);
        if (!cJSON_IsString(p) || strlen(p->valuestring) >= sizeof ret->problem || !id_ok(p->valuestring))
                return sbx_errf(err, errsz, -EINVAL, "%s: rounds[%zu].problem: expected a problem id", name, i);
        if (!cJSON_IsString(a) || !gnt_area_known(a->valuestring))
                return sbx_errf(err, errsz, -EINVAL, "%s: rounds[%zu].area: expected one of the library's areas",
                                name, i);
        if (!cJSON_IsNumber(m) || !minutes_ok(m->valuedouble))
                return sbx_errf(err, errsz, -EINVAL, "%s: rounds[%zu].minutes: expected minutes in (0, 1440]",
                                name, i);
        memset(ret, 0, sizeof *ret);
        snprintf(ret->problem, sizeof ret->problem, "%s", p->valuestring);
        snprintf(ret->area, sizeof ret->area, "%s", a->valuestring);
        ret->minutes = m->valuedouble;
        return 0;
}

static bool is_int(const cJSON *j, double lo, double hi)
{
        return cJSON_IsNumber(j) && j->valuedouble >= lo && j->valuedouble <= hi &&
               j->valuedouble == floor(j->valuedouble);
}

static int plan_parse(const cJSON *o, const char *name, struct gnt_loop *l, char *err, size_t errsz)
{
        if (!cJSON_IsObject(o))
                return sbx_errf(err, errsz, -EINVAL, "%s: not a loop plan (expected a JSON object)", name);
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(o, "loop_format");
        if (!is_int(f, 1, 1e9))
                return sbx_errf(err, errsz, -EINVAL, "%s: loop_format: expected %d", name, GNT_LOOP_FORMAT);
        if (f->valuedouble != GNT_LOOP_FORMAT)
                return sbx_errf(err, errsz, -EINVAL, "%s: loop_format %.0f: this gauntlet reads format %d", name,
                                f->valuedouble, GNT_LOOP_FORMAT);
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(o, "created");
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, "seed");
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "area");
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, "minutes");
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "total_minutes");
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, "n");
        const cJSON *rs = cJSON_GetObjectItemCaseSensitive(o, "rounds");
        if (!is_int(c, 0, 1e13))
                return sbx_errf(err, errsz, -EINVAL, "%s: created: expected a time in seconds", name);
        if (!is_int(s, -9.0e15, 9.0e15))
                return sbx_errf(err, errsz, -EINVAL, "%s: seed: expected an integer", name);
        if (!cJSON_IsNull(a) && !(cJSON_IsString(a) && gnt_area_known(a->valuestring)))
                return sbx_errf(err, errsz, -EINVAL, "%s: area: expected null or one of the library's areas", name);
        if (!cJSON_IsNumber(m) || !(m->valuedouble == 0 || minutes_ok(m->valuedouble)))
                return sbx_errf(err, errsz, -EINVAL, "%s: minutes: expected 0 or minutes in (0, 1440]", name);
        if (!is_int(n, 1, GNT_LOOP_MAX))
                return sbx_errf(err, errsz, -EINVAL, "%s: n: expected 1 to %d rounds", name, GNT_LOOP_MAX);
        if (!cJSON_IsArray(rs) || cJSON_GetArraySize(rs) != (int)n->valuedouble)
                return sbx_errf(err, errsz, -EINVAL, "%s: rounds: expected an array of n (%.0f) rounds", name,
                                n->valuedouble);
        memset(l, 0, sizeof *l);
        l->created = (int64_t)c->valuedouble;
        l->seed = (long)s->valuedouble;
        snprintf(l->area, sizeof l->area, "%s", cJSON_IsString(a) ? a->valuestring : "");
        l->minutes = m->valuedouble;
        l->n = (size_t)n->valuedouble;
        double sum = 0;
        for (size_t i = 0; i < l->n; i++) {
                int r = plan_round(cJSON_GetArrayItem(rs, (int)i), i, name, &l->rounds[i], err, errsz);
                if (r < 0)
                        return r;
                if (l->area[0] && strcmp(l->rounds[i].area, l->area) != 0)
                        return sbx_errf(err, errsz, -EINVAL, "%s: rounds[%zu].area: the loop's area is '%s'", name,
                                        i, l->area);
                for (size_t k = 0; k < i; k++)
                        if (strcmp(l->rounds[k].problem, l->rounds[i].problem) == 0)
                                return sbx_errf(err, errsz, -EINVAL, "%s: rounds[%zu].problem: '%s' is round %zu's",
                                                name, i, l->rounds[i].problem, k + 1);
                sum += l->rounds[i].minutes;
        }
        if (!cJSON_IsNumber(t) || fabs(t->valuedouble - sum) > 1e-6)
                return sbx_errf(err, errsz, -EINVAL, "%s: total_minutes: expected the rounds' minutes summed (%g)",
                                name, sum);
        l->total_minutes = sum;
        l->current = l->n;
        return 0;
}

int gnt_loop_plan_parse(const char *text, size_t len, const char *name, struct gnt_loop *ret, char *err,
                        size_t errsz)
{
        cJSON *o = cJSON_ParseWithLength(text, len);
        if (!o)
                return sbx_errf(err, errsz, -EINVAL, "%s: not JSON", name);
        struct gnt_loop l;
        int r = plan_parse(o, name, &l, err, errsz);
        cJSON_Delete(o);
        if (r == 0)
                *ret = l;
        return r;
}

/* The state of round i from its folder. */
static int round_state(struct gnt_loop *l, size_t i, unsigned flags, char *err, size_t errsz)
{
        struct gnt_loop_round *rd = &l->rounds[i];
        rd->state = GNT_ROUND_NOT_STARTED;
        if (strlen(l->root) + 16 > sizeof rd->dir)
                return sbx_errf(err, errsz, -ENAMETOOLONG, "round-%zu: path too long", i + 1);
        snprintf(rd->dir, sizeof rd->dir, "%.*s/round-%zu", PATH_MAX - 16, l->root, i + 1);
        struct stat st;
        if (lstat(rd->dir, &st) < 0) {
                if (errno == ENOENT)
                        return 0;
                return sbx_errf(err, errsz, -errno, "round-%zu: %s", i + 1, strerror(errno));
        }
        if (S_ISLNK(st.st_mode))
                return sbx_errf(err, errsz, -EINVAL, "round-%zu: a symbolic link, not a round folder", i + 1);
        if (!S_ISDIR(st.st_mode))
                return sbx_errf(err, errsz, -EINVAL, "round-%zu: not a folder", i + 1);
        char j[PATH_MAX + 64];
        snprintf(j, sizeof j, "%s%s/%s", rd->dir, GNT_SESSION_META, GNT_SESSION_JOURNAL);
        if (lstat(j, &st) < 0 && errno == ENOENT)
                return 0; /* a start that never completed: started again */
        struct gnt_session s;
        char serr[512];
        int r = gnt_session_open(rd->dir, flags, &s, serr, sizeof serr);
        if (r < 0)
                return sbx_errf(err, errsz, -EBADMSG, "round-%zu: %s", i + 1, serr);
        if (!s.mock || !s.id || strcmp(s.id, rd->problem) != 0)
                r = sbx_errf(err, errsz, -EBADMSG, "round-%zu: holds %s '%s', the plan says a mock of '%s'", i + 1,
                             s.mock ? "a mock of" : "a take-home of", s.id ? s.id : "?", rd->problem);
        else
                rd->state = s.submit ? GNT_ROUND_SUBMITTED : GNT_ROUND_RUNNING;
        gnt_session_release(&s);
        return r;
}

static int read_plan(const char *root, struct gnt_loop *ret, char *err, size_t errsz)
{
        char path[PATH_MAX + 16], *text = NULL;
        size_t len = 0;
        snprintf(path, sizeof path, "%s/%s", root, GNT_LOOP_PLAN);
        int r = sbx_file_read(path, GNT_LOOP_PLAN_MAX, 0, &text, &len);
        if (r == -ENOENT)
                return sbx_errf(err, errsz, r, "'%s' is not a loop folder (no %s)", root, GNT_LOOP_PLAN);
        if (r < 0)
                return sbx_errf(err, errsz, r == -EFBIG || r == -ELOOP || r == -EINVAL ? -EINVAL : r,
                                "%s: %s", path,
                                r == -EFBIG ? "too large" : r == -ELOOP ? "a symbolic link" : strerror(-r));
        r = gnt_loop_plan_parse(text, len, GNT_LOOP_PLAN, ret, err, errsz);
        free(text);
        return r;
}

int gnt_loop_open(const char *root, unsigned flags, struct gnt_loop *ret, char *err, size_t errsz)
{
        struct gnt_loop l;
        int r = read_plan(root, &l, err, errsz);
        if (r < 0)
                return r;
        if (!realpath(root, l.root))
                return sbx_errf(err, errsz, -errno, "%s: %s", root, strerror(errno));
        l.current = l.n;
        for (size_t i = 0; i < l.n; i++) {
                if ((r = round_state(&l, i, flags, err, errsz)) < 0)
                        return r;
                if (l.current == l.n && l.rounds[i].state != GNT_ROUND_SUBMITTED)
                        l.current = i;
                else if (l.current < i && l.rounds[i].state != GNT_ROUND_NOT_STARTED)
                        return sbx_errf(err, errsz, -EBADMSG, "round-%zu was started before round-%zu was submitted",
                                        i + 1, l.current + 1);
        }
        *ret = l;
        return 0;
}

static bool holds_plan(const char *dir)
{
        char p[PATH_MAX + 16];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, GNT_LOOP_PLAN);
        return lstat(p, &st) == 0 && S_ISREG(st.st_mode);
}

int gnt_loop_find(const char *dir, char ret_root[PATH_MAX])
{
        char cur[PATH_MAX];
        if (!realpath(dir, cur))
                return -ENOENT;
        for (;;) {
                if (holds_plan(cur)) {
                        snprintf(ret_root, PATH_MAX, "%s", cur);
                        return 0;
                }
                char *slash = strrchr(cur, '/');
                if (!slash || slash == cur)
                        return -ENOENT;
                *slash = '\0';
        }
}

int gnt_loop_find_below(const char *dir, char ret_root[PATH_MAX], char *err, size_t errsz)
{
        char base[PATH_MAX], found[PATH_MAX] = "";
        if (!realpath(dir, base))
                return sbx_errf(err, errsz, -errno, "%s: %s", dir, strerror(errno));
        DIR *d = opendir(base);
        if (!d)
                return sbx_errf(err, errsz, -errno, "%s: %s", base, strerror(errno));
        size_t n = 0, seen = 0;
        struct dirent *de;
        while ((de = readdir(d)) && seen++ < 4096) {
                char p[PATH_MAX];
                struct stat st;
                if (de->d_name[0] == '.' ||
                    (size_t)snprintf(p, sizeof p, "%s/%s", strcmp(base, "/") ? base : "", de->d_name) >= sizeof p)
                        continue;
                if (lstat(p, &st) < 0 || !S_ISDIR(st.st_mode) || !holds_plan(p))
                        continue;
                if (n++ == 0 || strcmp(p, found) < 0)
                        snprintf(found, sizeof found, "%s", p);
        }
        closedir(d);
        if (n == 0)
                return sbx_errf(err, errsz, -ENOENT, "no loop folder in %s", base);
        if (n > 1)
                return sbx_errf(err, errsz, -EEXIST, "%zu loop folders here: name one", n);
        snprintf(ret_root, PATH_MAX, "%s", found);
        return 0;
}

int gnt_loop_of_session(const char *session_root, char ret_root[PATH_MAX])
{
        char cur[PATH_MAX];
        if (!realpath(session_root, cur))
                return -ENOENT;
        char *slash = strrchr(cur, '/');
        if (!slash || slash == cur)
                return -ENOENT;
        unsigned k;
        char tail;
        if (sscanf(slash + 1, "round-%u%c", &k, &tail) != 1 || k < 1 || k > GNT_LOOP_MAX)
                return -ENOENT;
        *slash = '\0';
        struct gnt_loop l;
        char err[256];
        if (!holds_plan(cur) || read_plan(cur, &l, err, sizeof err) < 0 || k > l.n)
                return -ENOENT;
        snprintf(ret_root, PATH_MAX, "%s", cur);
        return 0;
}
