/* board.c — load the entries of an output folder, rank them, find similar
 * pairs through an inverted index of fingerprints (so thousands of
 * submissions are not compared pair by pair), write CSV and JSON.  The
 * JSON holds no timings or paths: the same submissions give the same
 * leaderboard.json, whichever machine or shard graded them. */
#include "board.h"

#include "review.h"
#include "rubric.h"
#include "sbx_file.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static bool is_hash_name(const char *s)
{
        if (strlen(s) != 64)
                return false;
        for (int i = 0; i < 64; i++)
                if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
                        return false;
        return true;
}

static const struct gnt_review_entry *ticket_base;

static int cmp_ticket(const void *x, const void *y)
{
        const struct gnt_review_entry *a = &ticket_base[*(const size_t *)x], *b = &ticket_base[*(const size_t *)y];
        int c = strcmp(a->ig.ticket_id, b->ig.ticket_id);
        return c ? c : strcmp(a->sha256, b->sha256);
}

/* A ticket is one candidate's grant for one session: the same ticket in
 * two submissions is a finding in both (whoever used it first).  Sorted by
 * id, so thousands of submissions cost one sort. */
static int shared_tickets(struct gnt_review_board *b)
{
        size_t *v = malloc((b->n ? b->n : 1) * sizeof *v), n = 0;
        if (!v)
                return -ENOMEM;
        for (size_t i = 0; i < b->n; i++)
                if (b->e[i].ig.has_ticket && b->e[i].ig.ticket_id[0])
                        v[n++] = i;
        ticket_base = b->e;
        qsort(v, n, sizeof *v, cmp_ticket);
        ticket_base = NULL;
        int r = 0;
        for (size_t s = 0; s < n && r == 0;) {
                size_t t = s + 1;
                while (t < n && strcmp(b->e[v[t]].ig.ticket_id, b->e[v[s]].ig.ticket_id) == 0)
                        t++;
                /* Each names up to 5 of the others, then how many more. */
                for (size_t i = s; t - s > 1 && i < t && r == 0; i++) {
                        char line[512];
                        size_t named = 0;
                        for (size_t k = s; k < t && named < 5 && r == 0; k++) {
                                if (k == i)
                                        continue;
                                const struct gnt_review_entry *o = &b->e[v[k]];
                                snprintf(line, sizeof line, "ticket: ticket %.16s is also used by '%.200s' (%.12s)",
                                         o->ig.ticket_id, o->candidate, o->sha256);
                                r = gnt_integrity_add(&b->e[v[i]].ig, line);
                                named++;
                        }
                        if (r == 0 && t - s - 1 > named) {
                                snprintf(line, sizeof line, "ticket: ticket %.16s is used by %zu more submissions",
                                         b->e[v[i]].ig.ticket_id, t - s - 1 - named);
                                r = gnt_integrity_add(&b->e[v[i]].ig, line);
                        }
                }
                s = t;
        }
        free(v);
        return r;
}

/* Bytes handed in under several names: a finding on the one entry they
 * were graded as (nobody can tell who copied whom). */
static int handed_in_twice(struct gnt_review_board *b)
{
        int r = 0;
        for (size_t i = 0; i < b->n && r == 0; i++) {
                struct gnt_review_entry *e = &b->e[i];
                for (size_t k = 0; k < e->n_also_as && k < 5 && r == 0; k++) {
                        char line[512];
                        snprintf(line, sizeof line,
                                 "handed in twice: the same bytes also came as '%.200s' (one archive, two names)",
                                 e->also_as[k]);
                        r = gnt_integrity_add(&e->ig, line);
                }
                if (r == 0 && e->n_also_as > 5) {
                        char line[128];
                        snprintf(line, sizeof line, "handed in twice: and under %zu more names", e->n_also_as - 5);
                        r = gnt_integrity_add(&e->ig, line);
                }
        }
        return r;
}

int gnt_review_board_load(const char *dir, struct gnt_review_board *ret, char *err, size_t errsz)
{
        struct gnt_review_board b = {0};
        b.threshold = GNT_REVIEW_SIM_THRESHOLD;
        int r = gnt_review_problem_load(dir, &b.problem, err, errsz);
        if (r < 0)
                return r;
        if (!(b.dir = strdup(dir))) {
                gnt_review_problem_release(&b.problem);
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        }
        char sub[PATH_MAX];
        gnt_review_path(sub, sizeof sub, "%s/%s", dir, GNT_REVIEW_SUBDIR);
        DIR *d = opendir(sub);
        if (!d) {
                r = -errno;
                gnt_review_board_release(&b);
                if (r == -ENOENT)
                        return sbx_errf(err, errsz, r, "'%s' holds no %s/ folder: not a review output folder",
                                        dir, GNT_REVIEW_SUBDIR);
                return sbx_errf(err, errsz, r, "cannot read '%s': %s", sub, strerror(-r));
        }
        char **names = NULL;
        size_t nn = 0, cap = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
                if (!is_hash_name(de->d_name))
                        continue; /* temporaries (.tmp-*) and strays */
                if (nn == cap) {
                        cap = cap ? cap * 2 : 64;
                        char **v = realloc(names, cap * sizeof *v);
                        if (!v)
                                break;
                        names = v;
                }
                if (!(names[nn] = strdup(de->d_name)))
                        break;
                nn++;
        }
        closedir(d);
        if (nn)
                qsort(names, nn, sizeof *names, sbx_file_name_cmp);
        b.e = calloc(nn ? nn : 1, sizeof *b.e);
        r = b.e ? 0 : sbx_errf(err, errsz, -ENOMEM, "out of memory");
        for (size_t i = 0; r == 0 && i < nn; i++) {
                char p[PATH_MAX];
                gnt_review_path(p, sizeof p, "%s/%s", sub, names[i]);
                r = gnt_review_entry_load(p, &b.e[b.n], err, errsz);
                if (r == 0)
                        b.n++;
        }
        for (size_t i = 0; i < nn; i++)
                free(names[i]);
        free(names);
        if (r == 0)
                r = shared_tickets(&b);
        if (r == 0)
                r = handed_in_twice(&b);
        if (r < 0) {
                if (r == -ENOMEM)
                        sbx_errf(err, errsz, r, "out of memory");
                gnt_review_board_release(&b);
                return r;
        }
        *ret = b;
        return 0;
}

void gnt_review_board_release(struct gnt_review_board *b)
{
        if (!b)
                return;
        for (size_t i = 0; i < b->n_pairs; i++)
                gnt_sim_match_release(&b->pairs[i].m);
        free(b->pairs);
        for (size_t i = 0; b->docs && i < b->n; i++)
                gnt_sim_doc_free(b->docs[i]);
        free(b->docs);
        for (size_t i = 0; i < b->n; i++)
                gnt_review_entry_release(&b->e[i]);
        free(b->e);
        free(b->order);
        gnt_rubric_view_free(b->rubric);
        free(b->dir);
        gnt_review_problem_release(&b->problem);
        memset(b, 0, sizeof *b);
}

/* Scores are compared at the precision they are shown with (0.01), so two
 * candidates the page shows as equal share a rank. */
static long score_key(double s)
{
        return lround(s * 100);
}

const char *gnt_review_excluded_reason(const struct gnt_review_entry *e)
{
        if (!e->excluded)
                return NULL;
        return e->ig.verdict == GNT_INTEGRITY_TAMPERED ? "not ranked: tampered (--require-verified)"
                                                       : "not ranked: unverified (--require-verified)";
}

static const struct gnt_review_entry *sort_base;

/* Ranked, excluded (graded, not verified), rejected, error. */
static int group_of(const struct gnt_review_entry *e)
{
        if (e->status == GNT_REVIEW_GRADED)
                return e->excluded ? 1 : 0;
        return e->status == GNT_REVIEW_REJECTED ? 2 : 3;
}

static int cmp_entry(const void *x, const void *y)
{
        const struct gnt_review_entry *a = &sort_base[*(const size_t *)x], *b = &sort_base[*(const size_t *)y];
        if (group_of(a) != group_of(b))
                return group_of(a) < group_of(b) ? -1 : 1;
        long sa = score_key(a->score), sb = score_key(b->score);
        if (sa != sb)
                return sa > sb ? -1 : 1;
        int c = strcmp(a->candidate, b->candidate);
        return c ? c : strcmp(a->sha256, b->sha256);
}

void gnt_review_board_rank(struct gnt_review_board *b)
{
        free(b->order);
        b->order = malloc((b->n ? b->n : 1) * sizeof *b->order);
        if (!b->order)
                return;
        b->n_tampered = b->n_unverified = 0;
        for (size_t i = 0; i < b->n; i++) {
                struct gnt_review_entry *e = &b->e[i];
                b->order[i] = i;
                e->excluded = b->require_verified && e->status == GNT_REVIEW_GRADED &&
                              e->ig.verdict != GNT_INTEGRITY_VERIFIED;
                b->n_tampered += e->ig.verdict == GNT_INTEGRITY_TAMPERED;
                b->n_unverified += e->ig.verdict == GNT_INTEGRITY_UNVERIFIED;
        }
        sort_base = b->e;
        qsort(b->order, b->n, sizeof *b->order, cmp_entry);
        sort_base = NULL;
        b->n_graded = b->n_rejected = b->n_error = b->n_ranked = 0;
        unsigned rank = 0;
        long prev = LONG_MIN;
        for (size_t i = 0; i < b->n; i++) {
                struct gnt_review_entry *e = &b->e[b->order[i]];
                switch (e->status) {
                case GNT_REVIEW_GRADED:
                        b->n_graded++;
                        if (e->excluded) {
                                e->rank = 0;
                                break;
                        }
                        b->n_ranked++;
                        if (score_key(e->score) != prev)
                                rank = (unsigned)b->n_ranked;
                        prev = score_key(e->score);
                        e->rank = rank;
                        break;
                case GNT_REVIEW_REJECTED:
                        b->n_rejected++;
                        e->rank = 0;
                        break;
                default:
                        b->n_error++;
                        e->rank = 0;
                        break;
                }
        }
}

/* Add every code file under root/rel to d, in sorted order. */
static int add_code(struct gnt_sim_doc *d, const char *root, const char *rel, unsigned depth)
{
        if (depth > 8)
                return 0;
        char path[PATH_MAX];
        gnt_review_path(path, sizeof path, "%s%s%s", root, *rel ? "/" : "", rel);
        DIR *dir = opendir(path);
        if (!dir)
                return errno == ENOENT ? 0 : -errno;
        char **names = NULL;
        size_t n = 0;
        struct dirent *de;
        while ((de = readdir(dir))) {
                if (de->d_name[0] == '.')
                        continue;
                char **v = realloc(names, (n + 1) * sizeof *v);
                if (!v)
                        break;
                names = v;
                if (!(names[n] = strdup(de->d_name)))
                        break;
                n++;
        }
        closedir(dir);
        if (n)
                qsort(names, n, sizeof *names, sbx_file_name_cmp);
        int r = 0;
        for (size_t i = 0; i < n && r == 0; i++) {
                char sub[PATH_MAX], full[PATH_MAX];
                gnt_review_path(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", names[i]);
                gnt_review_path(full, sizeof full, "%s/%s", root, sub);
                struct stat sb;
                if (lstat(full, &sb) < 0)
                        continue;
                if (S_ISDIR(sb.st_mode)) {
                        r = add_code(d, root, sub, depth + 1);
                        continue;
                }
                size_t len = strlen(names[i]);
                bool code = (len > 3 && strcmp(names[i] + len - 3, ".go") == 0) ||
                            (len > 2 && (strcmp(names[i] + len - 2, ".c") == 0 ||
                                         strcmp(names[i] + len - 2, ".h") == 0));
                if (!S_ISREG(sb.st_mode) || !code)
                        continue;
                char *text;
                size_t tl;
                if (sbx_file_read(full, (size_t)1 << 20, 0, &text, &tl) < 0)
                        continue;
                r = gnt_sim_doc_add_file(d, sub, text, tl);
                free(text);
        }
        for (size_t i = 0; i < n; i++)
                free(names[i]);
        free(names);
        return r;
}

struct posting {
        uint64_t h;
        uint32_t doc;
};

static int cmp_posting(const void *x, const void *y)
{
        const struct posting *a = x, *b = y;
        if (a->h != b->h)
                return a->h < b->h ? -1 : 1;
        return (a->doc > b->doc) - (a->doc < b->doc);
}

static int cmp_u64(const void *x, const void *y)
{
        uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
        return (a > b) - (a < b);
}

/* Fewer shared fingerprints than this is noise, whatever the fraction
 * (two one-line changes to the starter would otherwise match 100%). */
#define MIN_SHARED 8

static int push_pair(struct gnt_review_board *b, size_t i, size_t j, struct gnt_sim_match *m)
{
        struct gnt_review_pair *np = realloc(b->pairs, (b->n_pairs + 1) * sizeof *np);
        if (!np)
                return -ENOMEM;
        b->pairs = np;
        b->pairs[b->n_pairs++] = (struct gnt_review_pair){i, j, *m};
        for (int side = 0; side < 2; side++) {
                struct gnt_review_entry *e = &b->e[side ? j : i];
                size_t *ns = realloc(e->similar, (e->n_similar + 1) * sizeof *ns);
                if (!ns)
                        return -ENOMEM;
                e->similar = ns;
                e->similar[e->n_similar++] = b->n_pairs - 1;
        }
        return 0;
}

/* A pair's strength: the larger of its two shares, as every view shows it
 * (to the permille, so equal-looking pairs tie). */
static long pair_strength(const struct gnt_review_pair *p)
{
        return lround(fmax(p->m.frac_a, p->m.frac_b) * 1000);
}

static int cmp_pair(const void *x, const void *y)
{
        const struct gnt_review_pair *a = x, *c = y;
        long sa = pair_strength(a), sc = pair_strength(c);
        if (sa != sc)
                return sa > sc ? -1 : 1;
        if (a->a != c->a)
                return a->a < c->a ? -1 : 1;
        return (a->b > c->b) - (a->b < c->b);
}

static int cmp_size(const void *x, const void *y)
{
        size_t a = *(const size_t *)x, b = *(const size_t *)y;
        return (a > b) - (a < b);
}

/* Pairs strongest first (ties by the entries' order), and each entry's
 * list of pairs in that order: the leaderboard's JSON and CSV, the page's
 * chips and its similarity section all read them so. */
static int order_pairs(struct gnt_review_board *b)
{
        if (b->n_pairs < 2)
                return 0;
        qsort(b->pairs, b->n_pairs, sizeof *b->pairs, cmp_pair);
        for (size_t i = 0; i < b->n; i++)
                b->e[i].n_similar = 0;
        for (size_t k = 0; k < b->n_pairs; k++)
                for (int side = 0; side < 2; side++) {
                        struct gnt_review_entry *e = &b->e[side ? b->pairs[k].b : b->pairs[k].a];
                        e->similar[e->n_similar++] = k; /* the array held this many already */
                }
        for (size_t i = 0; i < b->n; i++)
                if (b->e[i].n_similar > 1)
                        qsort(b->e[i].similar, b->e[i].n_similar, sizeof *b->e[i].similar, cmp_size);
        return 0;
}

int gnt_review_board_similarity(struct gnt_review_board *b, double threshold, char *err, size_t errsz)
{
        b->threshold = threshold > 0 ? threshold : GNT_REVIEW_SIM_THRESHOLD;
        if (!b->n)
                return 0;
        char path[PATH_MAX];
        gnt_review_path(path, sizeof path, "%s/%s", b->dir, GNT_REVIEW_STARTER);
        struct gnt_sim_doc *starter = gnt_sim_doc_new("starter");
        b->docs = calloc(b->n, sizeof *b->docs);
        if (!starter || !b->docs) {
                gnt_sim_doc_free(starter);
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        }
        int r = add_code(starter, path, "", 0);
        size_t total = 0;
        for (size_t i = 0; r == 0 && i < b->n; i++) {
                struct gnt_review_entry *e = &b->e[i];
                if (!(b->docs[i] = gnt_sim_doc_new(e->sha256))) {
                        r = -ENOMEM;
                        break;
                }
                gnt_review_path(path, sizeof path, "%s/code", e->dir);
                r = add_code(b->docs[i], path, "", 0);
                gnt_sim_doc_subtract(b->docs[i], starter);
                const uint64_t *h;
                total += gnt_sim_doc_hashes(b->docs[i], &h);
        }
        gnt_sim_doc_free(starter);
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot fingerprint the submissions: %s", strerror(-r));

        /* Inverted index: (hash, doc) sorted by hash.  A fingerprint shared by
         * very many documents is common idiom, not evidence of copying: it
         * is left out of the candidate search (the exact comparison below
         * still counts it). */
        struct posting *post = malloc((total ? total : 1) * sizeof *post);
        if (!post)
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        size_t np = 0;
        for (size_t i = 0; i < b->n; i++) {
                const uint64_t *h;
                size_t n = gnt_sim_doc_hashes(b->docs[i], &h);
                for (size_t k = 0; k < n; k++)
                        if (k == 0 || h[k] != h[k - 1])
                                post[np++] = (struct posting){h[k], (uint32_t)i};
        }
        qsort(post, np, sizeof *post, cmp_posting);
        size_t max_group = b->n / 4 > 32 ? b->n / 4 : 32;
        uint64_t *keys = NULL;
        size_t nk = 0, capk = 0;
        for (size_t s = 0; s < np && r == 0;) {
                size_t t = s;
                while (t < np && post[t].h == post[s].h)
                        t++;
                if (t - s <= max_group) {
                        for (size_t x = s; x < t && r == 0; x++)
                                for (size_t y = x + 1; y < t; y++) {
                                        if (nk == capk) {
                                                capk = capk ? 2 * capk : 4096;
                                                uint64_t *nkeys = realloc(keys, capk * sizeof *nkeys);
                                                if (!nkeys) {
                                                        r = -ENOMEM;
                                                        break;
                                                }
                                                keys = nkeys;
                                        }
                                        keys[nk++] = ((uint64_t)post[x].doc << 32) | post[y].doc;
                                }
                }
                s = t;
        }
        free(post);
        if (r < 0) {
                free(keys);
                return sbx_errf(err, errsz, r, "out of memory");
        }
        if (nk)
                qsort(keys, nk, sizeof *keys, cmp_u64);
        for (size_t s = 0; s < nk && r == 0;) {
                size_t t = s;
                while (t < nk && keys[t] == keys[s])
                        t++;
                size_t shared = t - s;
                size_t i = (size_t)(keys[s] >> 32), j = (size_t)(keys[s] & 0xffffffffu);
                s = t;
                const uint64_t *h;
                size_t ni = gnt_sim_doc_hashes(b->docs[i], &h), nj = gnt_sim_doc_hashes(b->docs[j], &h);
                size_t small = ni < nj ? ni : nj;
                if (shared < MIN_SHARED || (double)shared < b->threshold * (double)small * 0.5)
                        continue;
                struct gnt_sim_match m;
                r = gnt_sim_compare(b->docs[i], b->docs[j], &m);
                if (r < 0)
                        break;
                if (m.shared < MIN_SHARED || (m.frac_a < b->threshold && m.frac_b < b->threshold)) {
                        gnt_sim_match_release(&m);
                        continue;
                }
                /* Present each pair with the names in order; the documents
                 * are compared again the other way round when needed. */
                if (strcmp(b->e[i].candidate, b->e[j].candidate) > 0) {
                        gnt_sim_match_release(&m);
                        r = gnt_sim_compare(b->docs[j], b->docs[i], &m);
                        if (r == 0)
                                r = push_pair(b, j, i, &m);
                } else {
                        r = push_pair(b, i, j, &m);
                }
        }
        free(keys);
        if (r == 0)
                r = order_pairs(b);
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot compare the submissions: %s", strerror(-r));
        return 0;
}

/* Spreadsheet programs run cells starting with = + - @ as formulas: such
 * cells get a leading apostrophe.  Quotes are doubled. */
static void csv_field(FILE *f, const char *s)
{
        if (!s)
                s = "";
        bool quote = strpbrk(s, ",\"\r\n") != NULL;
        bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t';
        if (quote || formula)
                fputc('"', f);
        if (formula)
                fputc('\'', f);
        for (const char *p = s; *p; p++) {
                if (*p == '"')
                        fputc('"', f);
                /* No control characters (terminal escapes) in a file people
                 * will cat. */
                fputc((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t' ? '?' : *p, f);
        }
        if (quote || formula)
                fputc('"', f);
}

/* "2026-12-07T21:25:14Z". */
static void iso_utc(int64_t t, char *buf, size_t size)
{
        time_t tt = (time_t)t;
        struct tm tm;
        if (!gmtime_r(&tt, &tm) || !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
                snprintf(buf, size, "?");
}

/* The findings (or an unverified submission's reason) in one cell,
 * separated by " | ". */
static void csv_findings(FILE *f, const struct gnt_integrity *ig)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        if (!m)
                return;
        for (size_t i = 0; i < ig->n_findings; i++)
                fprintf(m, "%s%s", i ? " | " : "", ig->findings[i]);
        if (fclose(m) == 0)
                csv_field(f, buf);
        free(buf);
}

int gnt_review_board_write_csv(const struct gnt_review_board *b, FILE *f)
{
        fputs("rank,candidate,score,status,integrity", f);
        for (int k = 0; k < _GRD_KIND_MAX; k++)
                if (b->problem.enabled[k])
                        fprintf(f, ",%s,%s_score", grd_kind_name((enum grd_kind)k), grd_kind_name((enum grd_kind)k));
        gnt_rubric_csv_head(b, f);
        fputs(",submitted_utc,deadline_utc,late,overrun_s,similar_to,sha256,source,message,integrity_findings\n", f);
        for (size_t i = 0; i < b->n; i++) {
                const struct gnt_review_entry *e = &b->e[b->order[i]];
                if (e->rank)
                        fprintf(f, "%u,", e->rank);
                else
                        fputc(',', f);
                csv_field(f, e->candidate);
                fprintf(f, ",%.2f,%s,%s", e->score, gnt_review_status_name(e->status),
                        gnt_integrity_name(e->ig.verdict));
                for (int k = 0; k < _GRD_KIND_MAX; k++) {
                        if (!b->problem.enabled[k])
                                continue;
                        const struct gnt_review_grader *g = &e->g[k];
                        if (g->present)
                                fprintf(f, ",%s,%.2f", g->verdict[0] ? g->verdict : "?", g->score);
                        else
                                fputs(",,", f);
                }
                gnt_rubric_csv_row(b, b->order[i], f);
                char t1[40] = "", t2[40] = "";
                if (e->has_session && e->submitted > 0)
                        iso_utc(e->submitted, t1, sizeof t1);
                if (e->has_session && e->deadline > 0)
                        iso_utc(e->deadline, t2, sizeof t2);
                fprintf(f, ",%s,%s,%s,%lld,", t1, t2, e->late ? "yes" : "no", (long long)e->overrun_s);
                char sim[4096] = "";
                size_t used = 0;
                for (size_t s = 0; s < e->n_similar && used < sizeof sim - 1; s++) {
                        const struct gnt_review_pair *p = &b->pairs[e->similar[s]];
                        const struct gnt_review_entry *o = &b->e[p->a == b->order[i] ? p->b : p->a];
                        int w = snprintf(sim + used, sizeof sim - used, "%s%s", s ? "; " : "", o->candidate);
                        if (w < 0)
                                break;
                        used += (size_t)w;
                }
                csv_field(f, sim);
                fprintf(f, ",%s,", e->sha256);
                csv_field(f, e->source);
                fputc(',', f);
                csv_field(f, e->message ? e->message : gnt_review_excluded_reason(e));
                fputc(',', f);
                csv_findings(f, &e->ig);
                fputc('\n', f);
        }
        return ferror(f) ? -EIO : 0;
}

static double round3(double v)
{
        return round(v * 1000) / 1000;
}

char *gnt_review_board_json(const struct gnt_review_board *b)
{
        cJSON *o = cJSON_CreateObject();
        if (!o)
                return NULL;
        cJSON_AddNumberToObject(o, "format", 1);
        cJSON *pr = cJSON_AddObjectToObject(o, "problem");
        cJSON_AddStringToObject(pr, "id", b->problem.id);
        cJSON_AddStringToObject(pr, "version", b->problem.version);
        if (b->problem.title)
                cJSON_AddStringToObject(pr, "title", b->problem.title);
        cJSON_AddNumberToObject(o, "similarity_threshold", round3(b->threshold));
        cJSON *c = cJSON_AddObjectToObject(o, "counts");
        cJSON_AddNumberToObject(c, "submissions", (double)b->n);
        cJSON_AddNumberToObject(c, "graded", (double)b->n_graded);
        cJSON_AddNumberToObject(c, "rejected", (double)b->n_rejected);
        cJSON_AddNumberToObject(c, "error", (double)b->n_error);
        cJSON_AddNumberToObject(c, "similar_pairs", (double)b->n_pairs);
        cJSON_AddNumberToObject(c, "tampered", (double)b->n_tampered);
        cJSON_AddNumberToObject(c, "unverified", (double)b->n_unverified);
        cJSON_AddBoolToObject(o, "require_verified", b->require_verified);
        gnt_rubric_json_top(b, o);
        cJSON *arr = cJSON_AddArrayToObject(o, "entries");
        for (size_t i = 0; i < b->n; i++) {
                const struct gnt_review_entry *e = &b->e[b->order[i]];
                cJSON *x = cJSON_CreateObject();
                if (e->rank)
                        cJSON_AddNumberToObject(x, "rank", e->rank);
                else
                        cJSON_AddNullToObject(x, "rank");
                cJSON_AddStringToObject(x, "candidate", e->candidate);
                cJSON_AddStringToObject(x, "sha256", e->sha256);
                cJSON_AddStringToObject(x, "source", e->source ? e->source : "");
                cJSON_AddStringToObject(x, "status", gnt_review_status_name(e->status));
                if (e->message)
                        cJSON_AddStringToObject(x, "message", e->message);
                else
                        cJSON_AddNullToObject(x, "message");
                cJSON_AddNumberToObject(x, "score", round3(e->score));
                cJSON *gs = cJSON_AddObjectToObject(x, "graders");
                for (int k = 0; k < _GRD_KIND_MAX; k++) {
                        const struct gnt_review_grader *g = &e->g[k];
                        if (!g->present)
                                continue;
                        cJSON *gj = cJSON_AddObjectToObject(gs, grd_kind_name((enum grd_kind)k));
                        cJSON_AddStringToObject(gj, "verdict", g->verdict);
                        cJSON_AddNumberToObject(gj, "score", round3(g->score));
                        cJSON_AddNumberToObject(gj, "weight", round3(g->weight));
                        if (k == GRD_BENCH && g->ratio > 0)
                                cJSON_AddNumberToObject(gj, "ratio", round3(g->ratio));
                }
                gnt_rubric_json_entry(b, b->order[i], x);
                cJSON_AddItemToObject(x, "integrity", gnt_integrity_json(&e->ig));
                if (e->excluded)
                        cJSON_AddStringToObject(x, "excluded", gnt_review_excluded_reason(e));
                else
                        cJSON_AddNullToObject(x, "excluded");
                if (e->has_session) {
                        cJSON_AddNumberToObject(x, "submitted", (double)e->submitted);
                        cJSON_AddNumberToObject(x, "deadline", (double)e->deadline);
                } else {
                        cJSON_AddNullToObject(x, "submitted");
                        cJSON_AddNullToObject(x, "deadline");
                }
                cJSON_AddBoolToObject(x, "late", e->late);
                cJSON_AddNumberToObject(x, "overrun_s", (double)e->overrun_s);
                cJSON *sim = cJSON_AddArrayToObject(x, "similar_to");
                for (size_t s = 0; s < e->n_similar; s++) {
                        const struct gnt_review_pair *p = &b->pairs[e->similar[s]];
                        bool is_a = p->a == b->order[i];
                        const struct gnt_review_entry *oth = &b->e[is_a ? p->b : p->a];
                        cJSON *y = cJSON_CreateObject();
                        cJSON_AddStringToObject(y, "candidate", oth->candidate);
                        cJSON_AddStringToObject(y, "sha256", oth->sha256);
                        cJSON_AddNumberToObject(y, "share", round3(is_a ? p->m.frac_a : p->m.frac_b));
                        cJSON_AddItemToArray(sim, y);
                }
                cJSON_AddItemToArray(arr, x);
        }
        cJSON *pairs = cJSON_AddArrayToObject(o, "similar_pairs");
        for (size_t i = 0; i < b->n_pairs; i++) {
                const struct gnt_review_pair *p = &b->pairs[i];
                cJSON *x = cJSON_CreateObject();
                cJSON_AddStringToObject(x, "a", b->e[p->a].sha256);
                cJSON_AddStringToObject(x, "candidate_a", b->e[p->a].candidate);
                cJSON_AddStringToObject(x, "b", b->e[p->b].sha256);
                cJSON_AddStringToObject(x, "candidate_b", b->e[p->b].candidate);
                cJSON_AddNumberToObject(x, "share_a", round3(p->m.frac_a));
                cJSON_AddNumberToObject(x, "share_b", round3(p->m.frac_b));
                cJSON_AddNumberToObject(x, "shared_fingerprints", (double)p->m.shared);
                cJSON *rs = cJSON_AddArrayToObject(x, "regions");
                for (size_t k = 0; k < p->m.n_regions; k++) {
                        const struct gnt_sim_region *rg = &p->m.regions[k];
                        cJSON *y = cJSON_CreateObject();
                        cJSON_AddStringToObject(y, "file_a", rg->file_a);
                        cJSON_AddNumberToObject(y, "a_first", rg->a_first);
                        cJSON_AddNumberToObject(y, "a_last", rg->a_last);
                        cJSON_AddStringToObject(y, "file_b", rg->file_b);
                        cJSON_AddNumberToObject(y, "b_first", rg->b_first);
                        cJSON_AddNumberToObject(y, "b_last", rg->b_last);
                        cJSON_AddItemToArray(rs, y);
                }
                cJSON_AddItemToArray(pairs, x);
        }
        char *text = cJSON_Print(o);
        cJSON_Delete(o);
        return text;
}
