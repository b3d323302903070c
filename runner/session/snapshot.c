/* snapshot.c — take, identify and restore snapshots of the workspace. */
#include "snapshot.h"
#include "entry.h"

#include "sbx_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct walk {
        const char *root;
        char **paths;
        size_t n, cap;
        size_t total;
        char *err;
        size_t errsz;
};

static int skipped_name(const char *name)
{
        size_t n = strlen(name);
        return name[0] == '.' || name[n - 1] == '~' || (name[0] == '#' && name[n - 1] == '#');
}

static int walk_dir(struct walk *w, const char *rel)
{
        char dir[PATH_MAX];
        snprintf(dir, sizeof dir, "%s%s%s", w->root, rel[0] ? "/" : "", rel);
        DIR *d = opendir(dir);
        if (!d)
                return sbx_errf(w->err, w->errsz, -errno, "cannot read '%s': %s", dir, strerror(errno));
        int r = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
                if (skipped_name(de->d_name))
                        continue;
                char path[PATH_MAX], full[PATH_MAX];
                if (snprintf(path, sizeof path, "%s%s%s", rel, rel[0] ? "/" : "", de->d_name) >=
                            (int)sizeof path ||
                    snprintf(full, sizeof full, "%s/%s", w->root, path) >= (int)sizeof full) {
                        r = sbx_errf(w->err, w->errsz, -ENAMETOOLONG, "path too long in '%s'", dir);
                        break;
                }
                struct stat st;
                if (lstat(full, &st) < 0) {
                        r = sbx_errf(w->err, w->errsz, -errno, "cannot stat '%s': %s", full, strerror(errno));
                        break;
                }
                if (S_ISDIR(st.st_mode)) {
                        r = walk_dir(w, path);
                        if (r < 0)
                                break;
                        continue;
                }
                if (!S_ISREG(st.st_mode) || !gnt_session_path_safe(path))
                        continue;
                if ((size_t)st.st_size > GNT_SNAPSHOT_MAX_FILE) {
                        r = sbx_errf(w->err, w->errsz, -EFBIG, "'%s' is larger than %zu MiB", full,
                                     GNT_SNAPSHOT_MAX_FILE >> 20);
                        break;
                }
                w->total += (size_t)st.st_size;
                if (w->n >= GNT_SNAPSHOT_MAX_FILES || w->total > GNT_SNAPSHOT_MAX_TOTAL) {
                        r = sbx_errf(w->err, w->errsz, -EFBIG,
                                     "workspace '%s' is too large (over %d files or %zu MiB)", w->root,
                                     GNT_SNAPSHOT_MAX_FILES, GNT_SNAPSHOT_MAX_TOTAL >> 20);
                        break;
                }
                if (w->n == w->cap) {
                        w->cap = w->cap ? w->cap * 2 : 64;
                        char **np = realloc(w->paths, w->cap * sizeof *np);
                        if (!np) {
                                r = sbx_errf(w->err, w->errsz, -ENOMEM, "out of memory");
                                break;
                        }
                        w->paths = np;
                }
                if (!(w->paths[w->n] = strdup(path))) {
                        r = sbx_errf(w->err, w->errsz, -ENOMEM, "out of memory");
                        break;
                }
                w->n++;
        }
        closedir(d);
        return r;
}

int gnt_session_path_safe(const char *path)
{
        if (!path || !*path || path[0] == '/' || strlen(path) >= 1024)
                return 0;
        const char *p = path;
        while (*p) {
                const char *slash = strchr(p, '/');
                size_t n = slash ? (size_t)(slash - p) : strlen(p);
                if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
                        return 0;
                for (size_t i = 0; i < n; i++)
                        if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f || p[i] == '\\')
                                return 0;
                p += n;
                if (*p == '/') {
                        p++;
                        if (!*p)
                                return 0;
                }
        }
        return 1;
}

int gnt_session_snapshot_id(const cJSON *files, char ret_id[GNT_HASH_HEX], char *err, size_t errsz)
{
        if (!cJSON_IsObject(files))
                return sbx_errf(err, errsz, -EINVAL, "snapshot 'files' is not an object");
        const char *last = NULL;
        for (const cJSON *f = files->child; f; f = f->next) {
                if (!gnt_session_path_safe(f->string))
                        return sbx_errf(err, errsz, -EINVAL, "unsafe path '%.200s' in snapshot",
                                        f->string ? f->string : "");
                if (!cJSON_IsString(f) || !gnt_session_hash_valid(f->valuestring))
                        return sbx_errf(err, errsz, -EINVAL, "bad hash for '%s' in snapshot", f->string);
                if (last && strcmp(last, f->string) >= 0)
                        return sbx_errf(err, errsz, -EINVAL, "snapshot paths not sorted at '%s'", f->string);
                last = f->string;
        }
        char *s = cJSON_PrintUnformatted(files);
        if (!s)
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        gnt_session_hash(s, strlen(s), ret_id);
        free(s);
        return 0;
}

int gnt_session_snapshot_take(const char *code_dir, const char *blob_dir, cJSON **ret_files,
                              char ret_id[GNT_HASH_HEX], char *err, size_t errsz)
{
        struct walk w = {.root = code_dir, .err = err, .errsz = errsz};
        cJSON *files = NULL;
        int r = walk_dir(&w, "");
        if (r < 0)
                goto out;
        qsort(w.paths, w.n, sizeof *w.paths, sbx_file_name_cmp);
        files = cJSON_CreateObject();
        for (size_t i = 0; i < w.n; i++) {
                char full[PATH_MAX], h[GNT_HASH_HEX];
                snprintf(full, sizeof full, "%s/%s", code_dir, w.paths[i]);
                char *buf;
                size_t len;
                r = sbx_file_read(full, GNT_SNAPSHOT_MAX_FILE, 0, &buf, &len);
                if (r < 0) {
                        sbx_errf(err, errsz, r, "cannot read '%s': %s", full, strerror(-r));
                        goto out;
                }
                r = gnt_session_blob_put(blob_dir, buf, len, h);
                free(buf);
                if (r < 0) {
                        sbx_errf(err, errsz, r, "cannot store '%s': %s", full, strerror(-r));
                        goto out;
                }
                cJSON_AddStringToObject(files, w.paths[i], h);
        }
        r = gnt_session_snapshot_id(files, ret_id, err, errsz);
        if (r < 0)
                goto out;
        *ret_files = files;
        files = NULL;
out:
        cJSON_Delete(files);
        for (size_t i = 0; i < w.n; i++)
                free(w.paths[i]);
        free(w.paths);
        return r;
}

/* The path -> hash object as one block: the list, then the strings. */
static int snapshot_block(const cJSON *files, struct gnt_snapshot *ret)
{
        size_t n = 0, bytes = 0;
        for (const cJSON *f = files->child; f; f = f->next, n++)
                bytes += strlen(f->string) + strlen(f->valuestring) + 2;
        if (n == 0)
                return 0;
        struct gnt_snapshot_file *v = malloc(n * sizeof *v + bytes);
        if (!v)
                return -ENOMEM;
        char *p = (char *)(v + n);
        size_t i = 0;
        for (const cJSON *f = files->child; f; f = f->next, i++) {
                size_t a = strlen(f->string) + 1, b = strlen(f->valuestring) + 1;
                v[i].path = memcpy(p, f->string, a);
                v[i].hash = memcpy(p + a, f->valuestring, b);
                p += a + b;
        }
        ret->files = v;
        ret->n = n;
        return 0;
}

int gnt_session_snapshot_new(const char *code_dir, const char *blob_dir, struct gnt_snapshot *ret, char *err,
                             size_t errsz)
{
        struct gnt_snapshot s = {0};
        cJSON *files = NULL;
        int r = gnt_session_snapshot_take(code_dir, blob_dir, &files, s.id, err, errsz);
        if (r == 0 && (r = snapshot_block(files, &s)) < 0)
                sbx_errf(err, errsz, r, "out of memory");
        cJSON_Delete(files);
        if (r == 0)
                *ret = s;
        return r;
}

void gnt_snapshot_release(struct gnt_snapshot *s)
{
        if (!s)
                return;
        free(s->files);
        memset(s, 0, sizeof *s);
}

struct gnt_snapshot_rec gnt_snapshot_rec_of(const struct gnt_snapshot *s)
{
        return (struct gnt_snapshot_rec){s->id, s->files, s->n};
}

int gnt_snapshot_rec_id(const struct gnt_snapshot_rec *snap, char ret_id[GNT_HASH_HEX], char *err, size_t errsz)
{
        cJSON *files = cJSON_CreateObject();
        if (!files)
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        for (size_t i = 0; i < snap->n; i++)
                if (!cJSON_AddStringToObject(files, snap->files[i].path, snap->files[i].hash)) {
                        cJSON_Delete(files);
                        return sbx_errf(err, errsz, -ENOMEM, "out of memory");
                }
        int r = gnt_session_snapshot_id(files, ret_id, err, errsz);
        cJSON_Delete(files);
        return r;
}

int gnt_session_snapshot_restore(const struct gnt_snapshot_rec *snap, const char *blob_dir, const char *dir,
                                 char *err, size_t errsz)
{
        char id[GNT_HASH_HEX];
        int r = gnt_snapshot_rec_id(snap, id, err, errsz); /* checks every path and hash */
        if (r < 0)
                return r;
        for (size_t i = 0; i < snap->n; i++) {
                const struct gnt_snapshot_file *f = &snap->files[i];
                char full[PATH_MAX];
                if (snprintf(full, sizeof full, "%s/%s", dir, f->path) >= (int)sizeof full)
                        return sbx_errf(err, errsz, -ENAMETOOLONG, "path too long: '%s'", f->path);
                char *slash = strrchr(full, '/');
                *slash = '\0';
                r = gnt_mkdirs(full, 0755);
                *slash = '/';
                if (r < 0)
                        return sbx_errf(err, errsz, r, "cannot create the folder of '%s': %s", full,
                                        strerror(-r));
                char *buf;
                size_t len;
                r = gnt_session_blob_get(blob_dir, f->hash, &buf, &len);
                if (r < 0)
                        return sbx_errf(err, errsz, r, "blob %.12s of '%s': %s", f->hash, f->path,
                                        r == -EBADMSG ? "content does not match its hash" : strerror(-r));
                unlink(full);
                r = sbx_file_write_atomic(full, NULL, 0, buf, len, 0644, SBX_FILE_SYNC);
                free(buf);
                if (r < 0)
                        return sbx_errf(err, errsz, r, "cannot write '%s': %s", full, strerror(-r));
        }
        return 0;
}
