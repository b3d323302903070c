/* rubric_input.c — what a reviewer types or hands in: which submission
 * ("alice", a hash or a hash prefix), scores "errors=4", notes, and files
 * of scores (JSON or tab-separated lines).  Everything is checked against
 * the rubric and the output folder before anything is applied, so a bad
 * line changes nothing. */
#include "rubric.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "manifest_json.h"
#include "sbx_file.h"

/* At most this much of a name or value goes into a message. */
#define SHOW 40

int gnt_review_resolve(const struct gnt_review_board *b, const char *what, size_t *ret_idx, char *err,
                       size_t errsz)
{
        size_t n = strlen(what), hit = 0, found = 0;
        bool hex = n >= 8 && n <= 64 && strspn(what, "0123456789abcdef") == n;
        for (size_t i = 0; n == 64 && hex && i < b->n; i++)
                if (strcmp(b->e[i].sha256, what) == 0) {
                        *ret_idx = i;
                        return 0;
                }
        for (size_t i = 0; i < b->n; i++)
                if (strcmp(b->e[i].candidate, what) == 0)
                        found = found ? found : i + 1, hit++;
        if (hit > 1)
                return sbx_errf(err, errsz, -EINVAL,
                                "candidate '%.*s' has %zu submissions: name one by its hash (see --list)", SHOW,
                                what, hit);
        if (hit == 1) {
                *ret_idx = found - 1;
                return 0;
        }
        for (size_t i = 0; hex && n < 64 && i < b->n; i++)
                if (strncmp(b->e[i].sha256, what, n) == 0)
                        found = found ? found : i + 1, hit++;
        if (hit > 1)
                return sbx_errf(err, errsz, -EINVAL, "hash prefix '%s' matches %zu submissions", what, hit);
        if (hit == 1) {
                *ret_idx = found - 1;
                return 0;
        }
        /* The name is printed as the reviewer typed it, cut and without
         * control characters. */
        char shown[SHOW + 4];
        size_t k = 0;
        for (const unsigned char *p = (const unsigned char *)what; *p && k < SHOW; p++)
                shown[k++] = *p < 0x20 || *p == 0x7f ? '?' : (char)*p;
        shown[k] = '\0';
        return sbx_errf(err, errsz, -ENOENT, "no submission '%s%s' in '%s' (a candidate, a hash or a hash prefix)",
                        shown, strlen(what) > SHOW ? "..." : "", b->dir);
}

static void list_items(const struct gnt_rubric *rb, char *buf, size_t sz)
{
        size_t o = 0;
        buf[0] = '\0';
        for (size_t i = 0; i < rb->n && o < sz; i++)
                o += (size_t)snprintf(buf + o, sz - o, "%s%s", i ? ", " : "", rb->items[i].id);
}

static int item_of(const struct gnt_rubric *rb, const char *id, size_t idlen, char *err, size_t errsz)
{
        char name[GNT_RUBRIC_ID_MAX + 1], known[GNT_RUBRIC_MAX_ITEMS * (GNT_RUBRIC_ID_MAX + 2) + 1];
        if (idlen <= GNT_RUBRIC_ID_MAX) {
                memcpy(name, id, idlen);
                name[idlen] = '\0';
                int k = gnt_rubric_find(rb, name);
                if (k >= 0)
                        return k;
        }
        list_items(rb, known, sizeof known);
        char shown[SHOW + 1];
        size_t m = 0;
        for (size_t i = 0; i < idlen && m < SHOW; i++)
                shown[m++] = (unsigned char)id[i] < 0x20 || id[i] == 0x7f ? '?' : id[i];
        shown[m] = '\0';
        return sbx_errf(err, errsz, -EINVAL, "unknown rubric item '%s' (the rubric has: %s)", shown, known);
}

static int set_score(struct gnt_review_edit *e, const struct gnt_rubric *rb, int k, const char *val, char *err,
                     size_t errsz)
{
        const struct gnt_rubric_item *it = &rb->items[k];
        char *end;
        errno = 0;
        long v = strtol(val, &end, 10);
        if (errno || end == val || *end || v < 0 || v > (long)it->points)
                return sbx_errf(err, errsz, -EINVAL, "score '%.*s' for '%s': expected a whole number from 0 to %u",
                                SHOW, val, it->id, it->points);
        if (e->pts[k] >= 0)
                return sbx_errf(err, errsz, -EINVAL, "'%s' is scored twice", it->id);
        e->pts[k] = (int)v;
        return 0;
}

int gnt_review_edit_score(struct gnt_review_edit *e, const struct gnt_rubric *rb, const char *arg, char *err,
                          size_t errsz)
{
        const char *eq = strchr(arg, '=');
        if (!eq)
                return sbx_errf(err, errsz, -EINVAL, "--score '%.*s': expected ITEM=POINTS, e.g. errors=4", SHOW,
                                arg);
        int k = item_of(rb, arg, (size_t)(eq - arg), err, errsz);
        return k < 0 ? k : set_score(e, rb, k, eq + 1, err, errsz);
}

static int check_note(const char *text, char *err, size_t errsz)
{
        size_t n = strlen(text);
        if (n > GNT_REVIEW_NOTE_MAX)
                return sbx_errf(err, errsz, -EINVAL, "a note of %zu bytes, the limit is %d", n,
                                GNT_REVIEW_NOTE_MAX);
        for (const unsigned char *p = (const unsigned char *)text; *p; p++)
                if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
                        return sbx_errf(err, errsz, -EINVAL, "a control character (0x%02x) in a note", *p);
        return 0;
}

int gnt_review_edit_note(struct gnt_review_edit *e, const struct gnt_rubric *rb, const char *item,
                         const char *text, char *err, size_t errsz)
{
        int r = check_note(text, err, errsz);
        if (r < 0)
                return r;
        char **slot = &e->note;
        if (item) {
                int k = item_of(rb, item, strlen(item), err, errsz);
                if (k < 0)
                        return k;
                slot = &e->notes[k];
        }
        if (*slot)
                return sbx_errf(err, errsz, -EINVAL, "the note on '%s' is given twice",
                                item ? item : "the submission");
        return (*slot = strdup(text)) ? 0 : sbx_errf(err, errsz, -ENOMEM, "out of memory");
}

void gnt_review_edit_release(struct gnt_review_edit *e)
{
        for (size_t k = 0; k < GNT_RUBRIC_MAX_ITEMS; k++)
                free(e->notes[k]);
        free(e->note);
}

void gnt_review_edits_free(struct gnt_review_edit *v, size_t n)
{
        for (size_t i = 0; v && i < n; i++)
                gnt_review_edit_release(&v[i]);
        free(v);
}

static void edit_init(struct gnt_review_edit *e, size_t entry)
{
        memset(e, 0, sizeof *e);
        e->entry = entry;
        for (size_t k = 0; k < GNT_RUBRIC_MAX_ITEMS; k++)
                e->pts[k] = -1;
}

/* The edit of entry idx in v, added when missing. */
static struct gnt_review_edit *edit_for(struct gnt_review_edit **v, size_t *n, size_t idx)
{
        for (size_t i = 0; i < *n; i++)
                if ((*v)[i].entry == idx)
                        return &(*v)[i];
        struct gnt_review_edit *nv = realloc(*v, (*n + 1) * sizeof *nv);
        if (!nv)
                return NULL;
        *v = nv;
        edit_init(&nv[*n], idx);
        return &nv[(*n)++];
}

/* SUBMISSION<TAB>ITEM<TAB>SCORE[<TAB>NOTE]; ITEM "-" with SCORE "-" is
 * the note on the whole submission; SCORE "-" leaves the score. */
static int parse_line(char *line, const struct gnt_review_board *b, const struct gnt_rubric *rb,
                      struct gnt_review_edit **v, size_t *n, char *err, size_t errsz)
{
        char *f[4] = {line, NULL, NULL, NULL};
        int nf = 1;
        for (char *p = line; *p && nf < 4; p++)
                if (*p == '\t') {
                        *p = '\0';
                        f[nf++] = p + 1;
                }
        if (nf < 3)
                return sbx_errf(err, errsz, -EINVAL,
                                "expected SUBMISSION<TAB>ITEM<TAB>SCORE[<TAB>NOTE], got %d field%s", nf,
                                nf == 1 ? "" : "s");
        size_t idx;
        int r = gnt_review_resolve(b, f[0], &idx, err, errsz);
        if (r < 0)
                return -EINVAL;
        struct gnt_review_edit *e = edit_for(v, n, idx);
        if (!e)
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        if (strcmp(f[1], "-") == 0) {
                if (strcmp(f[2], "-") != 0)
                        return sbx_errf(err, errsz, -EINVAL,
                                        "item '-' (the whole submission) takes a note, not a score");
                return f[3] ? gnt_review_edit_note(e, rb, NULL, f[3], err, errsz) : 0;
        }
        int k = item_of(rb, f[1], strlen(f[1]), err, errsz);
        if (k < 0)
                return k;
        if (strcmp(f[2], "-") != 0 && (r = set_score(e, rb, k, f[2], err, errsz)) < 0)
                return r;
        return f[3] ? gnt_review_edit_note(e, rb, rb->items[k].id, f[3], err, errsz) : 0;
}

static int parse_tsv(const char *file, char *text, const struct gnt_review_board *b, const struct gnt_rubric *rb,
                     struct gnt_review_edit **v, size_t *n, char *err, size_t errsz)
{
        unsigned lineno = 0;
        for (char *line = text; line && *line;) {
                char *next = strchr(line, '\n');
                if (next)
                        *next++ = '\0';
                lineno++;
                size_t len = strlen(line);
                if (len && line[len - 1] == '\r')
                        line[--len] = '\0';
                bool header = lineno == 1 && strncmp(line, "submission\t", 11) == 0;
                if (len && line[0] != '#' && !header) {
                        char why[GNT_ERR_MAX];
                        int r = parse_line(line, b, rb, v, n, why, sizeof why);
                        if (r < 0)
                                return sbx_errf(err, errsz, r, "%s:%u: %s", file, lineno, why);
                }
                line = next;
        }
        return 0;
}

static int parse_json_review(struct gnt_json_ctx *c, const cJSON *a, const char *sub,
                             const struct gnt_review_board *b, const struct gnt_rubric *rb,
                             struct gnt_review_edit **v, size_t *n)
{
        char got_buf[128], why[GNT_ERR_MAX], f[128];
        static const char *const keys[] = {"submission", "scores", "notes", "note", NULL};
        if (!cJSON_IsObject(a))
                return gnt_json_fail(c, sub, "expected an object, got %s", GOT(a));
        TRY(gnt_json_check_keys(c, a, sub, keys));
        const cJSON *who = cJSON_GetObjectItemCaseSensitive(a, "submission");
        snprintf(f, sizeof f, "%s.submission", sub);
        if (!cJSON_IsString(who))
                return gnt_json_fail(c, f, "expected a candidate or a hash, got %s", GOT(who));
        size_t idx;
        if (gnt_review_resolve(b, who->valuestring, &idx, why, sizeof why) < 0)
                return gnt_json_fail(c, f, "%s", why);
        struct gnt_review_edit *e = edit_for(v, n, idx);
        if (!e)
                return -ENOMEM;
        const cJSON *sc = NULL, *notes = NULL;
        TRY(gnt_json_get_object(c, a, "scores", sub, false, &sc));
        for (const cJSON *x = sc ? sc->child : NULL; x; x = x->next) {
                snprintf(f, sizeof f, "%s.scores", sub);
                int k = item_of(rb, x->string, strlen(x->string), why, sizeof why);
                if (k < 0)
                        return gnt_json_fail(c, f, "%s", why);
                double d;
                TRY(gnt_json_get_number(c, sc, x->string, f, true, 0, false, rb->items[k].points, true, &d));
                if (e->pts[k] >= 0)
                        return gnt_json_fail(c, f, "'%s' of this submission is scored twice", rb->items[k].id);
                e->pts[k] = (int)d;
        }
        TRY(gnt_json_get_object(c, a, "notes", sub, false, &notes));
        for (const cJSON *x = notes ? notes->child : NULL; x; x = x->next) {
                snprintf(f, sizeof f, "%s.notes", sub);
                if (!cJSON_IsString(x))
                        return gnt_json_fail(c, f, "expected a string for \"%.40s\", got %s", x->string, GOT(x));
                if (gnt_review_edit_note(e, rb, x->string, x->valuestring, why, sizeof why) < 0)
                        return gnt_json_fail(c, f, "%s", why);
        }
        const cJSON *note = cJSON_GetObjectItemCaseSensitive(a, "note");
        snprintf(f, sizeof f, "%s.note", sub);
        if (note && !cJSON_IsString(note))
                return gnt_json_fail(c, f, "expected a string, got %s", GOT(note));
        if (note && gnt_review_edit_note(e, rb, NULL, note->valuestring, why, sizeof why) < 0)
                return gnt_json_fail(c, f, "%s", why);
        return 0;
}

static int parse_json(const char *file, const char *text, size_t len, const struct gnt_review_board *b,
                      const struct gnt_rubric *rb, struct gnt_review_edit **v, size_t *n, char *err, size_t errsz)
{
        char got_buf[128], sub[48];
        cJSON *j = NULL;
        int r = gnt_json_parse_strict_max(text, len, GNT_REVIEWS_MAX_BYTES, file, &j, err, errsz);
        if (r < 0)
                return -EINVAL;
        struct gnt_json_ctx c = {.file = file, .err = err, .errsz = errsz};
        static const char *const keys[] = {"reviews", NULL};
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, "reviews");
        if (!cJSON_IsObject(j))
                r = gnt_json_fail(&c, NULL, "expected a JSON object {\"reviews\": [...]}");
        else if ((r = gnt_json_check_keys(&c, j, "", keys)) == 0 && !cJSON_IsArray(arr))
                r = gnt_json_fail(&c, "reviews", "expected an array, got %s", GOT(arr));
        int i = 0;
        for (const cJSON *a = r == 0 ? arr->child : NULL; a && r == 0; a = a->next, i++) {
                snprintf(sub, sizeof sub, "reviews[%d]", i);
                r = parse_json_review(&c, a, sub, b, rb, v, n);
        }
        cJSON_Delete(j);
        if (r == -ENOMEM)
                sbx_errf(err, errsz, r, "out of memory");
        return r;
}

int gnt_review_edits_parse(const char *file, const char *text, size_t len, const struct gnt_review_board *b,
                           const struct gnt_rubric *rb, struct gnt_review_edit **ret, size_t *ret_n, char *err,
                           size_t errsz)
{
        if (memchr(text, '\0', len))
                return sbx_errf(err, errsz, -EINVAL, "%s: contains a NUL byte: not a file of scores", file);
        struct gnt_review_edit *v = NULL;
        size_t n = 0;
        size_t skip = strspn(text, " \t\r\n");
        int r;
        if (skip < len && (text[skip] == '{' || text[skip] == '[')) {
                r = parse_json(file, text, len, b, rb, &v, &n, err, errsz);
        } else {
                char *copy = strndup(text, len);
                r = copy ? parse_tsv(file, copy, b, rb, &v, &n, err, errsz)
                         : sbx_errf(err, errsz, -ENOMEM, "out of memory");
                free(copy);
        }
        if (r == 0 && !n)
                r = sbx_errf(err, errsz, -EINVAL, "%s: no scores in it", file);
        if (r < 0) {
                gnt_review_edits_free(v, n);
                return r;
        }
        *ret = v;
        *ret_n = n;
        return 0;
}

static int put_note(char **slot, const char *text)
{
        if (!text)
                return 0;
        free(*slot);
        *slot = NULL;
        return !*text || (*slot = strdup(text)) ? 0 : -ENOMEM;
}

int gnt_review_edit_apply(struct gnt_reviewer *r, const struct gnt_rubric *rb, const struct gnt_review_board *b,
                          const struct gnt_review_edit *e, int64_t now_ms)
{
        const struct gnt_review_entry *en = &b->e[e->entry];
        struct gnt_review_score *s = gnt_reviewer_get(r, en->sha256, rb);
        if (!s)
                return -ENOMEM;
        for (size_t k = 0; k < rb->n; k++) {
                if (e->pts[k] >= 0)
                        s->pts[k] = e->pts[k];
                if (put_note(&s->notes[k], e->notes[k]) < 0)
                        return -ENOMEM;
        }
        if (put_note(&s->note, e->note) < 0)
                return -ENOMEM;
        free(s->candidate);
        s->candidate = strdup(en->candidate);
        /* Never back in time: the later review wins a merge. */
        s->time_ms = now_ms > s->time_ms ? now_ms : s->time_ms + 1;
        return s->candidate ? 0 : -ENOMEM;
}
