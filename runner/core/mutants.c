/* mutants.c — a problem's mutants and their expect.json (mutants.h). */
#include "mutants.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grade.h"
#include "manifest.h"
#include "sbx_file.h"

int gnt_mutant_expect_load(const struct grd_problem *p, const char *dir, const char *name,
                           struct gnt_mutant_expect *ret, char *err, size_t errsz)
{
        char rel[PATH_MAX];
        snprintf(rel, sizeof rel, "mutants/%s/expect.json", name);
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0)
                return sbx_errf(err, errsz, -errno, "cannot open '%s': %s", dir, strerror(errno));
        char *text;
        size_t len;
        int r = gnt_manifest_read_file(dfd, rel, &text, &len, err, errsz);
        close(dfd);
        if (r < 0)
                return r;
        cJSON *j;
        r = gnt_json_parse_strict(text, len, rel, &j, err, errsz);
        free(text);
        if (r < 0)
                return r;
        struct gnt_mutant_expect e = {0};
        r = -EINVAL;
        const cJSON *desc = cJSON_GetObjectItemCaseSensitive(j, "description");
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "verdicts");
        const cJSON *it;
        if (!cJSON_IsObject(j) || !cJSON_IsString(desc) || !cJSON_IsObject(v)) {
                snprintf(err, errsz, "%s: expected {\"description\": TEXT, \"verdicts\": {...}}", rel);
                goto out;
        }
        cJSON_ArrayForEach(it, j)
        {
                if (strcmp(it->string, "description") != 0 && strcmp(it->string, "verdicts") != 0) {
                        snprintf(err, errsz, "%s: unknown field '%s'", rel, it->string);
                        goto out;
                }
        }
        snprintf(e.description, sizeof e.description, "%s", desc->valuestring);
        for (int k = 0; k < _GRD_KIND_MAX; k++)
                e.verdict[k] = -2;
        cJSON_ArrayForEach(it, v)
        {
                int k = grd_kind_from_name(it->string);
                if (k < 0 || !p->enabled[k]) {
                        snprintf(err, errsz, "%s: verdicts.%s: %s", rel, it->string,
                                 k < 0 ? "no such grader" : "the problem does not enable this grader");
                        goto out;
                }
                const char *s = cJSON_GetStringValue(it);
                int vv = s && strcmp(s, "any") == 0 ? GNT_MUTANT_ANY : grd_verdict_from_name(s);
                if (!s || vv == GRD_VERDICT_ERROR || vv < GNT_MUTANT_ANY) {
                        snprintf(err, errsz, "%s: verdicts.%s: expected \"pass\", \"fail\", \"skip\" or \"any\"", rel,
                                 it->string);
                        goto out;
                }
                e.verdict[k] = vv;
        }
        for (int k = 0; k < _GRD_KIND_MAX; k++)
                if (p->enabled[k] && e.verdict[k] == -2) {
                        snprintf(err, errsz, "%s: verdicts: missing '%s'", rel, grd_kind_name((enum grd_kind)k));
                        goto out;
                }
        *ret = e;
        r = 0;
out:
        cJSON_Delete(j);
        return r;
}

size_t gnt_mutant_names(const char *mdir, const char *const *only, size_t n_only, char ***ret)
{
        DIR *d = opendir(mdir);
        char **names = NULL;
        size_t n = 0;
        struct dirent *e;
        while (d && (e = readdir(d))) {
                if (e->d_name[0] == '.')
                        continue;
                bool wanted = n_only == 0;
                for (size_t i = 0; !wanted && i < n_only; i++)
                        wanted = strcmp(only[i], e->d_name) == 0;
                char **nv = wanted ? realloc(names, (n + 1) * sizeof *nv) : NULL;
                if (!nv)
                        continue;
                names = nv;
                if ((names[n] = strdup(e->d_name)))
                        n++;
        }
        if (d)
                closedir(d);
        if (n)
                qsort(names, n, sizeof *names, sbx_file_name_cmp);
        *ret = names;
        return n;
}

/* Copy the regular files of src into dst (created); symlinks refused. */
static int copy_flat(const char *src, const char *dst, char *err, size_t errsz)
{
        if (mkdir(dst, 0700) < 0 && errno != EEXIST) {
                snprintf(err, errsz, "cannot create '%s': %s", dst, strerror(errno));
                return -errno;
        }
        DIR *d = opendir(src);
        if (!d) {
                snprintf(err, errsz, "cannot open '%s': %s", src, strerror(errno));
                return -errno;
        }
        int r = 0;
        struct dirent *e;
        while (r == 0 && (e = readdir(d))) {
                if (e->d_name[0] == '.' || strcmp(e->d_name, "expect.json") == 0)
                        continue;
                struct stat st;
                if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || S_ISDIR(st.st_mode))
                        continue;
                if (!S_ISREG(st.st_mode)) {
                        snprintf(err, errsz, "'%s/%s': not a regular file", src, e->d_name);
                        r = -EINVAL;
                        break;
                }
                int in = openat(dirfd(d), e->d_name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
                char p[PATH_MAX];
                snprintf(p, sizeof p, "%s/%s", dst, e->d_name);
                int out = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
                char buf[65536];
                ssize_t n = 0;
                while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
                        if (write(out, buf, (size_t)n) != n) {
                                n = -1;
                                break;
                        }
                if (in < 0 || out < 0 || n < 0) {
                        snprintf(err, errsz, "cannot copy '%s/%s' to '%s'", src, e->d_name, dst);
                        r = -EIO;
                }
                if (in >= 0)
                        close(in);
                if (out >= 0)
                        close(out);
        }
        closedir(d);
        return r;
}

int gnt_mutant_stage(const struct grd_problem *p, const char *name, const char *dst, char *err, size_t errsz)
{
        char ref[PATH_MAX], mut[PATH_MAX];
        snprintf(ref, sizeof ref, "%s/%s", p->dir, p->reference ? p->reference : "reference");
        snprintf(mut, sizeof mut, "%s/mutants/%s", p->dir, name);
        int r = copy_flat(ref, dst, err, errsz);
        return r < 0 ? r : copy_flat(mut, dst, err, errsz);
}
