/* cmd_inspect.c — `gauntlet inspect BUNDLE [--json] [--pubkey KEY]`: what a
 * bundle (or folder) holds: manifest summary, files and sizes, kind, and
 * signature status. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bundle/bundle.h"
#include "bundle_args.h"
#include "cli.h"
#include "commands.h"

struct file {
        char *path;
        long long size;
};

struct files {
        struct file *v;
        size_t n, cap;
};

static int walk(const char *root, const char *rel, struct files *fs, int depth)
{
        char p[PATH_MAX];
        snprintf(p, sizeof p, "%s%s%s", root, *rel ? "/" : "", rel);
        DIR *d = opendir(p);
        if (!d || depth > 64) {
                if (d)
                        closedir(d);
                return -errno;
        }
        struct dirent *de;
        while ((de = readdir(d))) {
                if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                        continue;
                char sub[PATH_MAX], full[PATH_MAX];
                int n1 = snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
                int n2 = snprintf(full, sizeof full, "%s/%s", root, sub);
                struct stat st;
                if (n1 < 0 || (size_t)n1 >= sizeof sub || n2 < 0 || (size_t)n2 >= sizeof full || lstat(full, &st) < 0)
                        continue;
                if (S_ISDIR(st.st_mode)) {
                        walk(root, sub, fs, depth + 1);
                        continue;
                }
                if (fs->n == fs->cap) {
                        size_t nc = fs->cap ? fs->cap * 2 : 64;
                        struct file *nv = realloc(fs->v, nc * sizeof *nv);
                        if (!nv)
                                break;
                        fs->v = nv;
                        fs->cap = nc;
                }
                fs->v[fs->n].path = strdup(sub);
                fs->v[fs->n].size = S_ISREG(st.st_mode) ? (long long)st.st_size : -1;
                if (fs->v[fs->n].path)
                        fs->n++;
        }
        closedir(d);
        return 0;
}

static int by_path(const void *a, const void *b)
{
        return strcmp(((const struct file *)a)->path, ((const struct file *)b)->path);
}

/* The reviewers' rubric of a grading bundle's problem (public ones have
 * none: it is not part of the candidate's copy). */
static void print_rubric(const struct grd_problem *p)
{
        struct gnt_rubric rb;
        if (p->is_public || !p->dir || gnt_manifest_rubric_load(p->dir, &rb, NULL, 0) < 0)
                return;
        if (rb.n)
                printf("            rubric: %zu items, %u points\n", rb.n, rb.total);
        for (size_t i = 0; i < rb.n; i++)
                printf("              %-16s %3u  %s: %s\n", rb.items[i].id, rb.items[i].points, rb.items[i].title,
                       rb.items[i].guide);
        gnt_rubric_release(&rb);
}

static void json_rubric(const struct grd_problem *p, cJSON *j)
{
        struct gnt_rubric rb = {0};
        if (!p->is_public && p->dir && gnt_manifest_rubric_load(p->dir, &rb, NULL, 0) < 0)
                rb.n = 0;
        cJSON *arr = cJSON_AddArrayToObject(j, "rubric");
        for (size_t i = 0; i < rb.n; i++) {
                cJSON *x = cJSON_CreateObject();
                cJSON_AddStringToObject(x, "id", rb.items[i].id);
                cJSON_AddStringToObject(x, "title", rb.items[i].title);
                cJSON_AddNumberToObject(x, "points", rb.items[i].points);
                cJSON_AddStringToObject(x, "guide", rb.items[i].guide);
                cJSON_AddItemToArray(arr, x);
        }
        gnt_rubric_release(&rb);
}

static const char *kind_name(const struct gnt_bundle *b)
{
        return b->is_public ? "public" : "grading";
}

/* A string member of o, or "?". */
static const char *cover_str(const cJSON *o, const char *name)
{
        const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, name));
        return s ? s : "?";
}

/* A sealed bundle's cover, as the candidate sees it before a ticket. */
static void print_cover(const cJSON *cover)
{
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(cover, "problem");
        const cJSON *it;
        printf("problem:    %s %s \"%s\"\n", cover_str(p, "id"), cover_str(p, "version"), cover_str(p, "title"));
        printf("            %s, %s, %g minutes, areas:", cover_str(p, "language"), cover_str(p, "difficulty"),
               cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(p, "minutes")));
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(p, "areas"))
                if (cJSON_IsString(it))
                        printf(" %s", it->valuestring);
        printf("\n            graders:");
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(p, "graders"))
                if (cJSON_IsNumber(it))
                        printf(" %s %g", it->string, it->valuedouble);
        printf("\n            statement and starter sealed: they open with a ticket\n");
}

static void print_text(const struct gnt_bundle *b, const struct files *fs)
{
        printf("bundle:     %s\n", b->path);
        printf("kind:       %s%s %s (%s)\n", b->sealed ? "sealed " : "", kind_name(b),
               b->assessment ? "assessment" : "problem", b->is_archive ? "archive" : "folder");
        if (b->is_archive)
                printf("sha256:     %s\n", b->sha256_hex);
        printf("signature:  %s%s%s\n", gnt_sig_status_name(b->sig), b->key_id[0] ? ", key " : "", b->key_id);
        if (b->assessment)
                printf("assessment: %s \"%s\", %u minutes, %zu problems\n", b->assessment->id, b->assessment->title,
                       b->assessment->minutes, b->assessment->n_problems);
        if (b->sealed) {
                cJSON *cover = cJSON_Parse(b->cover);
                printf("seal:       %s\n", b->seal_id);
                print_cover(cover);
                cJSON_Delete(cover);
        }
        for (size_t i = 0; i < b->n_problems; i++) {
                const struct grd_problem *p = &b->problems[i];
                printf("problem:    %s %s \"%s\"\n", p->id, p->version, p->title);
                printf("            %s, %s, %u minutes, areas:", grd_language_name(p->lang), p->difficulty,
                       p->minutes);
                for (size_t k = 0; k < p->n_areas; k++)
                        printf(" %s", p->areas[k]);
                printf("\n            graders:");
                for (int k = 0; k < _GRD_KIND_MAX; k++)
                        if (p->enabled[k])
                                printf(" %s %g", grd_kind_name((enum grd_kind)k), p->weight[k]);
                printf("\n");
                print_rubric(p);
        }
        long long total = 0;
        printf("files:\n");
        for (size_t i = 0; i < fs->n; i++) {
                printf("  %10lld  %s\n", fs->v[i].size, fs->v[i].path);
                total += fs->v[i].size > 0 ? fs->v[i].size : 0;
        }
        printf("  %10lld  total, %zu files\n", total, fs->n);
}

static int print_json(const struct gnt_bundle *b, const struct files *fs)
{
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "path", b->path);
        cJSON_AddStringToObject(o, "kind", kind_name(b));
        cJSON_AddStringToObject(o, "source", b->is_archive ? "archive" : "folder");
        if (b->is_archive)
                cJSON_AddStringToObject(o, "sha256", b->sha256_hex);
        cJSON_AddBoolToObject(o, "sealed", b->sealed);
        if (b->sealed)
                cJSON_AddItemToObject(o, "cover", cJSON_Parse(b->cover));
        static const char *const sig[] = {"none", "unsigned", "no-key", "valid", "invalid"};
        cJSON *s = cJSON_AddObjectToObject(o, "signature");
        cJSON_AddStringToObject(s, "status", sig[b->sig]);
        if (b->key_id[0])
                cJSON_AddStringToObject(s, "key_id", b->key_id);
        if (b->assessment) {
                cJSON *a = cJSON_AddObjectToObject(o, "assessment");
                cJSON_AddStringToObject(a, "id", b->assessment->id);
                cJSON_AddStringToObject(a, "title", b->assessment->title);
                cJSON_AddNumberToObject(a, "minutes", b->assessment->minutes);
        } else {
                cJSON_AddNullToObject(o, "assessment");
        }
        cJSON *ps = cJSON_AddArrayToObject(o, "problems");
        for (size_t i = 0; i < b->n_problems; i++) {
                const struct grd_problem *p = &b->problems[i];
                cJSON *j = cJSON_CreateObject();
                cJSON_AddStringToObject(j, "id", p->id);
                cJSON_AddStringToObject(j, "title", p->title);
                cJSON_AddStringToObject(j, "version", p->version);
                cJSON_AddStringToObject(j, "language", grd_language_name(p->lang));
                cJSON_AddNumberToObject(j, "minutes", p->minutes);
                cJSON_AddStringToObject(j, "difficulty", p->difficulty);
                cJSON *ar = cJSON_AddArrayToObject(j, "areas");
                for (size_t k = 0; k < p->n_areas; k++)
                        cJSON_AddItemToArray(ar, cJSON_CreateString(p->areas[k]));
                cJSON *g = cJSON_AddObjectToObject(j, "graders");
                for (int k = 0; k < _GRD_KIND_MAX; k++)
                        if (p->enabled[k])
                                cJSON_AddNumberToObject(g, grd_kind_name((enum grd_kind)k), p->weight[k]);
                cJSON_AddBoolToObject(j, "public", p->is_public);
                json_rubric(p, j);
                cJSON_AddItemToArray(ps, j);
        }
        cJSON *fa = cJSON_AddArrayToObject(o, "files");
        for (size_t i = 0; i < fs->n; i++) {
                cJSON *f = cJSON_CreateObject();
                cJSON_AddStringToObject(f, "path", fs->v[i].path);
                cJSON_AddNumberToObject(f, "size", (double)fs->v[i].size);
                cJSON_AddItemToArray(fa, f);
        }
        char *text = cJSON_Print(o);
        cJSON_Delete(o);
        if (!text)
                return -ENOMEM;
        puts(text);
        free(text);
        return 0;
}

int gnt_cmd_inspect(int argc, char **argv)
{
        struct gnt_inspect_args a;
        char err[GNT_ERR_MAX] = "";
        if (gnt_inspect_args_parse(argc, argv, &a, err, sizeof err) < 0)
                return gnt_usage_error("inspect", "%s", err);
        const char *path = a.bundle, *key = a.pubkey;
        bool json = a.json;
        struct gnt_bundle *b = NULL;
        /* A bad signature is shown, not refused: the verdict is made on the
         * same bytes that are then extracted. */
        struct gnt_bundle_opts bo = {.pubkey = key, .report_only = true, .cover_only = true};
        if (gnt_bundle_open(path, &bo, &b, err, sizeof err) < 0) {
                gnt_error("inspect", "cannot inspect '%s': %s", path, err);
                return GNT_EXIT_USAGE;
        }
        int rc = key && b->is_archive && b->sig != GNT_SIG_VALID ? GNT_EXIT_FAIL : GNT_EXIT_OK;
        struct files fs = {0};
        if (b->root)
                walk(b->root, "", &fs, 0);
        if (fs.n) /* a sealed bundle's cover lists no files */
                qsort(fs.v, fs.n, sizeof *fs.v, by_path);
        if (json)
                print_json(b, &fs);
        else
                print_text(b, &fs);
        if (rc != GNT_EXIT_OK)
                gnt_error("inspect", "'%s': signature %s: %s", path, gnt_sig_status_name(b->sig), b->sig_detail);
        for (size_t i = 0; i < fs.n; i++)
                free(fs.v[i].path);
        free(fs.v);
        gnt_bundle_close(b);
        return rc;
}
