/* rubric.c — the reviewers' files of an output folder: the rubric as
 * batch.json records it, OUTDIR/reviews/NAME.json read strictly (a file
 * anyone could edit: every score, item, submission and note is checked)
 * and written atomically, and the merge of the same reviewer's files from
 * several shards (the later review of a submission wins). */
#include "rubric.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "manifest_json.h"
#include "model.h"
#include "sbx_file.h"

bool gnt_reviewer_name_ok(const char *s)
{
        size_t n = s ? strlen(s) : 0;
        if (n < 1 || n > GNT_REVIEWER_NAME_MAX)
                return false;
        for (size_t i = 0; i < n; i++) {
                char ch = s[i];
                bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
                if (!alnum && (i == 0 || (ch != '.' && ch != '_' && ch != '-')))
                        return false;
        }
        return true;
}

static cJSON *read_object(const char *path, size_t max, char *err, size_t errsz)
{
        char *text;
        size_t len;
        int r = sbx_file_read(path, max, 0, &text, &len);
        if (r < 0) {
                /* Too large, a link or not a file: not one of ours. */
                if (r == -EFBIG || r == -ELOOP || r == -EISDIR)
                        r = sbx_errf(err, errsz, -EINVAL, "%s: %s (at most %zu bytes of JSON expected)", path,
                                     r == -EFBIG   ? "too large"
                                     : r == -ELOOP ? "a symbolic link"
                                                   : "a folder",
                                     max);
                else
                        sbx_errf(err, errsz, r, "cannot read '%s': %s", path, strerror(-r));
                errno = -r;
                return NULL;
        }
        cJSON *j = NULL;
        r = gnt_json_parse_strict_max(text, len, max, path, &j, err, errsz);
        free(text);
        if (r == 0 && !cJSON_IsObject(j)) {
                cJSON_Delete(j);
                j = NULL;
                r = sbx_errf(err, errsz, -EINVAL, "%s: expected a JSON object", path);
        }
        errno = r < 0 ? -r : 0;
        return j;
}

int gnt_review_rubric_read(const char *dir, struct gnt_rubric *ret, char *err, size_t errsz)
{
        char path[PATH_MAX];
        gnt_review_path(path, sizeof path, "%s/%s", dir, GNT_REVIEW_BATCH);
        cJSON *j = read_object(path, GNT_REVIEW_MAX_JSON, err, errsz);
        if (!j)
                return -errno;
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "rubric");
        int r = gnt_rubric_from_json(v, path, "rubric", ret, err, errsz);
        cJSON_Delete(j);
        return r;
}

void gnt_review_rubric_write(FILE *f, const struct gnt_rubric *r)
{
        if (!r->n)
                return;
        fputs(",\n  \"rubric\": [", f);
        for (size_t i = 0; i < r->n; i++) {
                const struct gnt_rubric_item *it = &r->items[i];
                cJSON *o = cJSON_CreateObject();
                cJSON_AddStringToObject(o, "id", it->id);
                cJSON_AddStringToObject(o, "title", it->title);
                cJSON_AddNumberToObject(o, "points", it->points);
                cJSON_AddStringToObject(o, "guide", it->guide);
                char *s = cJSON_PrintUnformatted(o);
                fprintf(f, "%s\n    %s", i ? "," : "", s ? s : "{}");
                free(s);
                cJSON_Delete(o);
        }
        fputs("\n  ]", f);
}

bool gnt_review_rubric_same(const struct gnt_rubric *a, const struct gnt_rubric *b)
{
        if (a->n != b->n)
                return false;
        for (size_t i = 0; i < a->n; i++) {
                const struct gnt_rubric_item *x = &a->items[i], *y = &b->items[i];
                if (strcmp(x->id, y->id) || strcmp(x->title, y->title) || strcmp(x->guide, y->guide) ||
                    x->points != y->points)
                        return false;
        }
        return true;
}

/* ---- one review ---- */

static void score_release(struct gnt_review_score *s, size_t n_items)
{
        free(s->candidate);
        free(s->pts);
        for (size_t i = 0; s->notes && i < n_items; i++)
                free(s->notes[i]);
        free(s->notes);
        free(s->note);
        memset(s, 0, sizeof *s);
}

static int score_init(struct gnt_review_score *s, const char *sha, size_t n_items)
{
        memset(s, 0, sizeof *s);
        snprintf(s->sha256, sizeof s->sha256, "%s", sha);
        s->pts = malloc((n_items ? n_items : 1) * sizeof *s->pts);
        s->notes = calloc(n_items ? n_items : 1, sizeof *s->notes);
        if (!s->pts || !s->notes) {
                score_release(s, 0);
                return -ENOMEM;
        }
        for (size_t i = 0; i < n_items; i++)
                s->pts[i] = -1;
        return 0;
}

static char *dup_or_null(const char *s)
{
        return s ? strdup(s) : NULL;
}

static int score_copy(struct gnt_review_score *d, const struct gnt_review_score *s, size_t n_items)
{
        if (score_init(d, s->sha256, n_items) < 0)
                return -ENOMEM;
        d->time_ms = s->time_ms;
        bool bad = (s->candidate && !(d->candidate = strdup(s->candidate))) ||
                   (s->note && !(d->note = strdup(s->note)));
        for (size_t i = 0; i < n_items; i++) {
                d->pts[i] = s->pts[i];
                bad |= s->notes[i] && !(d->notes[i] = dup_or_null(s->notes[i]));
        }
        if (bad) {
                score_release(d, n_items);
                return -ENOMEM;
        }
        return 0;
}

static int nullcmp(const char *a, const char *b)
{
        if (!a || !b)
                return (a != NULL) - (b != NULL);
        return strcmp(a, b);
}

/* A total order on the content, for equal times. */
static int score_cmp(const struct gnt_review_score *a, const struct gnt_review_score *b, size_t n_items)
{
        for (size_t i = 0; i < n_items; i++)
                if (a->pts[i] != b->pts[i])
                        return a->pts[i] < b->pts[i] ? -1 : 1;
        for (size_t i = 0; i < n_items; i++) {
                int c = nullcmp(a->notes[i], b->notes[i]);
                if (c)
                        return c;
        }
        int c = nullcmp(a->note, b->note);
        return c ? c : nullcmp(a->candidate, b->candidate);
}

bool gnt_review_score_complete(const struct gnt_review_score *s, const struct gnt_rubric *rb)
{
        for (size_t i = 0; i < rb->n; i++)
                if (s->pts[i] < 0)
                        return false;
        return rb->n > 0;
}

unsigned gnt_review_score_total(const struct gnt_review_score *s, const struct gnt_rubric *rb)
{
        unsigned t = 0;
        for (size_t i = 0; i < rb->n; i++)
                t += s->pts[i] > 0 ? (unsigned)s->pts[i] : 0;
        return t;
}

/* ---- a reviewer ---- */

void gnt_reviewer_release(struct gnt_reviewer *r)
{
        if (!r)
                return;
        for (size_t i = 0; i < r->n; i++)
                score_release(&r->s[i], r->n_items);
        free(r->s);
        free(r->name);
        memset(r, 0, sizeof *r);
}

static int cmp_score_sha(const void *x, const void *y)
{
        return strcmp(((const struct gnt_review_score *)x)->sha256, ((const struct gnt_review_score *)y)->sha256);
}

struct gnt_review_score *gnt_reviewer_find(const struct gnt_reviewer *r, const char *sha)
{
        struct gnt_review_score key;
        snprintf(key.sha256, sizeof key.sha256, "%s", sha);
        return r->n ? bsearch(&key, r->s, r->n, sizeof *r->s, cmp_score_sha) : NULL;
}

struct gnt_review_score *gnt_reviewer_get(struct gnt_reviewer *r, const char *sha, const struct gnt_rubric *rb)
{
        struct gnt_review_score *s = gnt_reviewer_find(r, sha);
        if (s)
                return s;
        struct gnt_review_score *v = realloc(r->s, (r->n + 1) * sizeof *v);
        if (!v)
                return NULL;
        r->s = v;
        size_t at = 0;
        while (at < r->n && strcmp(r->s[at].sha256, sha) < 0)
                at++;
        memmove(&r->s[at + 1], &r->s[at], (r->n - at) * sizeof *r->s);
        if (score_init(&r->s[at], sha, rb->n) < 0) {
                memmove(&r->s[at], &r->s[at + 1], (r->n - at) * sizeof *r->s);
                return NULL;
        }
        r->n++;
        return &r->s[at];
}

int gnt_reviewer_merge(struct gnt_reviewer *into, const struct gnt_reviewer *from, const struct gnt_rubric *rb)
{
        for (size_t i = 0; i < from->n; i++) {
                const struct gnt_review_score *s = &from->s[i];
                struct gnt_review_score *d = gnt_reviewer_find(into, s->sha256);
                if (d && (d->time_ms > s->time_ms ||
                          (d->time_ms == s->time_ms && score_cmp(d, s, rb->n) >= 0)))
                        continue;
                if (!d && !(d = gnt_reviewer_get(into, s->sha256, rb)))
                        return -ENOMEM;
                struct gnt_review_score copy;
                if (score_copy(&copy, s, rb->n) < 0)
                        return -ENOMEM;
                score_release(d, rb->n);
                *d = copy;
        }
        return 0;
}

/* ---- reading and writing reviews/NAME.json ---- */

/* Notes may hold line breaks and tabs; no other control characters. */
static int get_note(struct gnt_json_ctx *c, const cJSON *v, const char *field, char **out)
{
        char got_buf[128];
        if (!cJSON_IsString(v))
                return gnt_json_fail(c, field, "expected a string, got %s", GOT(v));
        size_t n = strlen(v->valuestring);
        if (n > GNT_REVIEW_NOTE_MAX)
                return gnt_json_fail(c, field, "a note of %zu bytes, the limit is %d", n, GNT_REVIEW_NOTE_MAX);
        for (const unsigned char *p = (const unsigned char *)v->valuestring; *p; p++)
                if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
                        return gnt_json_fail(c, field, "a control character (0x%02x) in a note", *p);
        if (!n)
                return 0;
        return (*out = strdup(v->valuestring)) ? 0 : -ENOMEM;
}

static bool is_sha(const char *s)
{
        return s && strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

static int parse_score(struct gnt_json_ctx *c, const char *dir, const cJSON *a, const char *sub,
                       const struct gnt_rubric *rb, struct gnt_review_score *s)
{
        char got_buf[128], f[160];
        static const char *const keys[] = {"sha256", "candidate", "time_ms", "scores", "notes", "note", NULL};
        if (!cJSON_IsObject(a))
                return gnt_json_fail(c, sub, "expected an object, got %s", GOT(a));
        TRY(gnt_json_check_keys(c, a, sub, keys));
        const cJSON *sha = cJSON_GetObjectItemCaseSensitive(a, "sha256");
        snprintf(f, sizeof f, "%s.sha256", sub);
        if (!cJSON_IsString(sha) || !is_sha(sha->valuestring))
                return gnt_json_fail(c, f, "expected a submission's sha256 (64 lowercase hex), got %s", GOT(sha));
        TRY(score_init(s, sha->valuestring, rb->n));
        char meta[PATH_MAX];
        gnt_review_path(meta, sizeof meta, "%s/%s/%s/%s", dir, GNT_REVIEW_SUBDIR, s->sha256, GNT_REVIEW_META);
        struct stat st;
        if (lstat(meta, &st) < 0)
                return gnt_json_fail(c, f, "no submission %.16s... in '%s'", s->sha256, dir);
        int r = gnt_json_get_string(c, a, "candidate", sub, false, 256, &s->candidate);
        TRY(r);
        double t = 0;
        TRY(gnt_json_get_number(c, a, "time_ms", sub, true, 0, false, 9e15, true, &t));
        s->time_ms = (int64_t)t;
        const cJSON *sc = NULL, *notes = NULL;
        snprintf(f, sizeof f, "%s.scores", sub);
        TRY(gnt_json_get_object(c, a, "scores", sub, true, &sc));
        for (const cJSON *x = sc->child; x; x = x->next) {
                int k = gnt_rubric_find(rb, x->string);
                if (k < 0)
                        return gnt_json_fail(c, f, "unknown rubric item \"%.40s\"", x->string);
                double v;
                TRY(gnt_json_get_number(c, sc, x->string, f, true, 0, false, rb->items[k].points, true, &v));
                s->pts[k] = (int)v;
        }
        snprintf(f, sizeof f, "%s.notes", sub);
        TRY(gnt_json_get_object(c, a, "notes", sub, false, &notes));
        for (const cJSON *x = notes ? notes->child : NULL; x; x = x->next) {
                int k = gnt_rubric_find(rb, x->string);
                if (k < 0)
                        return gnt_json_fail(c, f, "unknown rubric item \"%.40s\"", x->string);
                char nf[200];
                snprintf(nf, sizeof nf, "%s.%s", f, x->string);
                TRY(get_note(c, x, nf, &s->notes[k]));
        }
        const cJSON *note = cJSON_GetObjectItemCaseSensitive(a, "note");
        snprintf(f, sizeof f, "%s.note", sub);
        return note ? get_note(c, note, f, &s->note) : 0;
}

static int parse_reviewer(struct gnt_json_ctx *c, const char *dir, const cJSON *j, const char *name,
                          const struct gnt_rubric *rb, struct gnt_reviewer *rv)
{
        char got_buf[128], sub[64];
        static const char *const keys[] = {"format", "reviewer", "problem", "reviews", NULL};
        TRY(gnt_json_check_keys(c, j, "", keys));
        double fmt;
        TRY(gnt_json_get_number(c, j, "format", "", true, 1, false, 1, true, &fmt));
        const cJSON *who = cJSON_GetObjectItemCaseSensitive(j, "reviewer");
        if (!cJSON_IsString(who) || strcmp(who->valuestring, name) != 0)
                return gnt_json_fail(c, "reviewer", "expected \"%s\" (the file's name), got %s", name, GOT(who));
        struct gnt_review_problem p;
        int r = gnt_review_problem_load(dir, &p, c->err, c->errsz);
        if (r < 0)
                return r;
        const cJSON *pr = cJSON_GetObjectItemCaseSensitive(j, "problem");
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(pr, "id");
        const cJSON *ver = cJSON_GetObjectItemCaseSensitive(pr, "version");
        bool same = cJSON_IsString(id) && cJSON_IsString(ver) && strcmp(id->valuestring, p.id) == 0 &&
                    strcmp(ver->valuestring, p.version) == 0;
        if (!same)
                r = gnt_json_fail(c, "problem", "expected {\"id\": \"%s\", \"version\": \"%s\"} (batch.json's)",
                                  p.id, p.version);
        gnt_review_problem_release(&p);
        if (r < 0)
                return r;
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, "reviews");
        if (!cJSON_IsArray(arr))
                return gnt_json_fail(c, "reviews", "expected an array, got %s", GOT(arr));
        int n = cJSON_GetArraySize(arr);
        if (n > 1000000)
                return gnt_json_fail(c, "reviews", "%d reviews, the limit is 1000000", n);
        if (!(rv->s = calloc(n ? (size_t)n : 1, sizeof *rv->s)))
                return -ENOMEM;
        int i = 0;
        for (const cJSON *a = arr->child; a; a = a->next, i++) {
                snprintf(sub, sizeof sub, "reviews[%d]", i);
                r = parse_score(c, dir, a, sub, rb, &rv->s[rv->n]);
                if (r < 0) {
                        score_release(&rv->s[rv->n], rb->n);
                        return r;
                }
                rv->n++;
        }
        if (rv->n > 1)
                qsort(rv->s, rv->n, sizeof *rv->s, cmp_score_sha);
        for (size_t k = 1; k < rv->n; k++)
                if (strcmp(rv->s[k].sha256, rv->s[k - 1].sha256) == 0)
                        return gnt_json_fail(c, "reviews", "submission %.16s... is reviewed twice",
                                             rv->s[k].sha256);
        return 0;
}

int gnt_reviewer_load(const char *dir, const char *name, const struct gnt_rubric *rb, struct gnt_reviewer *ret,
                      char *err, size_t errsz)
{
        if (!gnt_reviewer_name_ok(name))
                return sbx_errf(err, errsz, -EINVAL,
                                "'%.40s': not a reviewer's name (lowercase letters, digits, '.', '_', '-'; "
                                "at most %d)", name, GNT_REVIEWER_NAME_MAX);
        struct gnt_reviewer rv = {.n_items = rb->n};
        if (!(rv.name = strdup(name)))
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        char path[PATH_MAX];
        gnt_review_path(path, sizeof path, "%s/%s/%s.json", dir, GNT_REVIEWS_SUBDIR, name);
        struct stat st;
        if (lstat(path, &st) < 0 && errno == ENOENT) {
                *ret = rv;
                return 0;
        }
        cJSON *j = read_object(path, GNT_REVIEWS_MAX_BYTES, err, errsz);
        if (!j) {
                int r = -errno;
                gnt_reviewer_release(&rv);
                return r;
        }
        struct gnt_json_ctx c = {.file = path, .err = err, .errsz = errsz};
        int r = parse_reviewer(&c, dir, j, name, rb, &rv);
        cJSON_Delete(j);
        if (r == -ENOMEM)
                sbx_errf(err, errsz, r, "out of memory");
        if (r < 0) {
                gnt_reviewer_release(&rv);
                return r;
        }
        *ret = rv;
        return 0;
}

static cJSON *reviewer_json(const struct gnt_reviewer *r, const struct gnt_rubric *rb, const char *pid,
                            const char *pver)
{
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "format", 1);
        cJSON_AddStringToObject(o, "reviewer", r->name);
        cJSON *pr = cJSON_AddObjectToObject(o, "problem");
        cJSON_AddStringToObject(pr, "id", pid);
        cJSON_AddStringToObject(pr, "version", pver);
        cJSON *arr = cJSON_AddArrayToObject(o, "reviews");
        for (size_t i = 0; i < r->n; i++) {
                const struct gnt_review_score *s = &r->s[i];
                cJSON *x = cJSON_CreateObject();
                cJSON_AddStringToObject(x, "sha256", s->sha256);
                if (s->candidate)
                        cJSON_AddStringToObject(x, "candidate", s->candidate);
                cJSON_AddNumberToObject(x, "time_ms", (double)s->time_ms);
                cJSON *sc = cJSON_AddObjectToObject(x, "scores");
                cJSON *notes = cJSON_CreateObject();
                for (size_t k = 0; k < rb->n; k++) {
                        if (s->pts[k] >= 0)
                                cJSON_AddNumberToObject(sc, rb->items[k].id, s->pts[k]);
                        if (s->notes[k])
                                cJSON_AddStringToObject(notes, rb->items[k].id, s->notes[k]);
                }
                if (notes && notes->child)
                        cJSON_AddItemToObject(x, "notes", notes);
                else
                        cJSON_Delete(notes);
                if (s->note)
                        cJSON_AddStringToObject(x, "note", s->note);
                cJSON_AddItemToArray(arr, x);
        }
        return o;
}

int gnt_reviewer_save(const char *dir, const struct gnt_reviewer *r, const struct gnt_rubric *rb,
                      const char *problem_id, const char *problem_version, char *err, size_t errsz)
{
        char path[PATH_MAX];
        gnt_review_path(path, sizeof path, "%s/%s", dir, GNT_REVIEWS_SUBDIR);
        int rc = gnt_mkdirs(path, 0755);
        if (rc < 0)
                return sbx_errf(err, errsz, rc, "cannot create '%s': %s", path, strerror(-rc));
        cJSON *o = reviewer_json(r, rb, problem_id, problem_version);
        char *text = o ? cJSON_Print(o) : NULL;
        cJSON_Delete(o);
        if (!text)
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        size_t len = strlen(text);
        char *t2 = realloc(text, len + 2);
        if (t2) {
                text = t2;
                text[len++] = '\n';
                text[len] = '\0';
        }
        gnt_review_path(path, sizeof path, "%s/%s/%s.json", dir, GNT_REVIEWS_SUBDIR, r->name);
        rc = sbx_file_write_atomic(path, NULL, 0, text, len, 0644, SBX_FILE_SYNC);
        free(text);
        if (rc < 0)
                return sbx_errf(err, errsz, rc, "cannot write '%s': %s", path, strerror(-rc));
        return 0;
}

void gnt_reviewers_free(struct gnt_reviewer *v, size_t n)
{
        for (size_t i = 0; v && i < n; i++)
                gnt_reviewer_release(&v[i]);
        free(v);
}

int gnt_reviewers_load(const char *dir, const struct gnt_rubric *rb, struct gnt_reviewer **ret, size_t *ret_n,
                       char *err, size_t errsz)
{
        char path[PATH_MAX];
        gnt_review_path(path, sizeof path, "%s/%s", dir, GNT_REVIEWS_SUBDIR);
        *ret = NULL;
        *ret_n = 0;
        DIR *d = opendir(path);
        if (!d && errno == ENOENT)
                return 0;
        if (!d)
                return sbx_errf(err, errsz, -errno, "cannot read '%s': %s", path, strerror(errno));
        char **names = NULL;
        size_t n = 0;
        int r = 0;
        struct dirent *de;
        while (r == 0 && (de = readdir(d))) {
                size_t len = strlen(de->d_name);
                if (de->d_name[0] == '.' || len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
                        continue; /* the lock, temporaries, a reviewer's own report page */
                if (n >= 10000) {
                        r = sbx_errf(err, errsz, -EINVAL, "'%s': more than 10000 reviewers", path);
                        break;
                }
                char **v = realloc(names, (n + 1) * sizeof *v);
                if (!v || !(names = v, names[n] = strndup(de->d_name, len - 5))) {
                        r = sbx_errf(err, errsz, -ENOMEM, "out of memory");
                        break;
                }
                n++;
        }
        closedir(d);
        if (n)
                qsort(names, n, sizeof *names, sbx_file_name_cmp);
        struct gnt_reviewer *v = r == 0 ? calloc(n ? n : 1, sizeof *v) : NULL;
        if (r == 0 && !v)
                r = sbx_errf(err, errsz, -ENOMEM, "out of memory");
        size_t got = 0;
        for (size_t i = 0; r == 0 && i < n; i++) {
                if (!gnt_reviewer_name_ok(names[i])) {
                        r = sbx_errf(err, errsz, -EINVAL, "'%s/%.40s.json': not a reviewer's file (bad name)",
                                     path, names[i]);
                        break;
                }
                if ((r = gnt_reviewer_load(dir, names[i], rb, &v[got], err, errsz)) == 0)
                        got++;
        }
        for (size_t i = 0; i < n; i++)
                free(names[i]);
        free(names);
        if (r < 0) {
                gnt_reviewers_free(v, got);
                return r;
        }
        *ret = v;
        *ret_n = got;
        return 0;
}

/* ---- merging shards ---- */

struct gnt_review_merge {
        struct gnt_rubric rubric;
        bool have_rubric;
        char *problem_id, *problem_version;
        struct gnt_reviewer *rv;
        size_t n;
        bool changed;         /* reviews came from a folder other than out */
};

void gnt_review_merge_free(struct gnt_review_merge *m)
{
        if (!m)
                return;
        gnt_rubric_release(&m->rubric);
        free(m->problem_id);
        free(m->problem_version);
        gnt_reviewers_free(m->rv, m->n);
        free(m);
}

static int merge_dir(struct gnt_review_merge *m, const char *dir, bool is_out, char *err, size_t errsz)
{
        struct gnt_rubric rb;
        int r = gnt_review_rubric_read(dir, &rb, err, errsz);
        if (r < 0)
                return r;
        if (!m->have_rubric) {
                m->rubric = rb;
                m->have_rubric = true;
        } else {
                bool same = gnt_review_rubric_same(&m->rubric, &rb);
                gnt_rubric_release(&rb);
                if (!same)
                        return sbx_errf(err, errsz, -EINVAL,
                                        "'%s/%s' records another rubric than the other folders", dir,
                                        GNT_REVIEW_BATCH);
        }
        struct gnt_reviewer *v;
        size_t n;
        if ((r = gnt_reviewers_load(dir, &m->rubric, &v, &n, err, errsz)) < 0)
                return r;
        for (size_t i = 0; r == 0 && i < n; i++) {
                size_t k = 0;
                while (k < m->n && strcmp(m->rv[k].name, v[i].name) != 0)
                        k++;
                if (k == m->n) {
                        struct gnt_reviewer *nv = realloc(m->rv, (m->n + 1) * sizeof *nv);
                        if (!nv) {
                                r = -ENOMEM;
                                break;
                        }
                        m->rv = nv;
                        m->rv[m->n] = (struct gnt_reviewer){.n_items = m->rubric.n};
                        if (!(m->rv[m->n].name = strdup(v[i].name))) {
                                r = -ENOMEM;
                                break;
                        }
                        m->n++;
                }
                r = gnt_reviewer_merge(&m->rv[k], &v[i], &m->rubric);
                m->changed |= !is_out && v[i].n > 0;
        }
        gnt_reviewers_free(v, n);
        return r < 0 ? sbx_errf(err, errsz, r, "out of memory") : 0;
}

static bool same_dir(const char *a, const char *b)
{
        struct stat sa, sb;
        return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int gnt_review_merge_prepare(const char *const *indirs, size_t n, const char *out, struct gnt_review_merge **ret,
                             char *err, size_t errsz)
{
        struct gnt_review_merge *m = calloc(1, sizeof *m);
        if (!m)
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        int r = 0;
        struct gnt_review_problem p;
        if ((r = gnt_review_problem_load(indirs[0], &p, err, errsz)) == 0) {
                m->problem_id = strdup(p.id);
                m->problem_version = strdup(p.version);
                gnt_review_problem_release(&p);
                if (!m->problem_id || !m->problem_version)
                        r = sbx_errf(err, errsz, -ENOMEM, "out of memory");
        }
        for (size_t i = 0; r == 0 && i < n; i++)
                if (!same_dir(indirs[i], out))
                        r = merge_dir(m, indirs[i], false, err, errsz);
        char batch[PATH_MAX];
        gnt_review_path(batch, sizeof batch, "%s/%s", out, GNT_REVIEW_BATCH);
        struct stat st;
        if (r == 0 && m->changed && lstat(batch, &st) == 0)
                r = merge_dir(m, out, true, err, errsz);
        if (r < 0) {
                gnt_review_merge_free(m);
                return r;
        }
        *ret = m;
        return 0;
}

int gnt_review_merge_commit(struct gnt_review_merge *m, const char *out, char *err, size_t errsz)
{
        if (!m || !m->changed)
                return 0;
        for (size_t i = 0; i < m->n; i++) {
                int r = gnt_reviewer_save(out, &m->rv[i], &m->rubric, m->problem_id, m->problem_version, err,
                                          errsz);
                if (r < 0)
                        return r;
        }
        return 0;
}
