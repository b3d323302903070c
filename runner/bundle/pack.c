/* pack.c — a problem (or assessment) folder → reproducible public and
 * grading bundles.  The same folder always gives the same bytes: entries
 * sorted here, written by the reproducible writer (writer.c: owner 0/0
 * root/root, one fixed mtime, modes 0644/0755, gzip without a name or
 * time stamp). */
#include "bundle.h"
#include "internal.h"
#include "sbx_file.h"

#include <dirent.h>
#include <sodium.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct item {
        char *path;       /* inside the bundle */
        char *src;        /* absolute source file, or NULL */
        char *content;    /* generated content (when src is NULL and not a folder) */
        bool dir;
        mode_t perm;
};

struct list {
        struct item *v;
        size_t n, cap;
};

struct pack {
        char *err;
        size_t errsz;
        time_t mtime;
        const char *src_abs; /* the folder being packed, symlink-free */
        const struct grd_problem *problem; /* the problem packed (not an assessment) */
        const char *seal_key;              /* seal the public bundle with this secret key, or NULL */
};

static void list_release(struct list *l)
{
        for (size_t i = 0; i < l->n; i++) {
                free(l->v[i].path);
                free(l->v[i].src);
                free(l->v[i].content);
        }
        free(l->v);
        memset(l, 0, sizeof *l);
}

static int list_add(struct list *l, const char *path, const char *src, const char *content, bool dir, mode_t perm)
{
        for (size_t i = 0; i < l->n; i++)
                if (strcmp(l->v[i].path, path) == 0)
                        return 0; /* a folder reached twice (as a parent) */
        if (l->n == l->cap) {
                size_t ncap = l->cap ? 2 * l->cap : 64;
                struct item *nv = realloc(l->v, ncap * sizeof *nv);
                if (!nv)
                        return -ENOMEM;
                l->v = nv;
                l->cap = ncap;
        }
        struct item *it = &l->v[l->n];
        memset(it, 0, sizeof *it);
        it->path = strdup(path);
        it->src = src ? strdup(src) : NULL;
        it->content = content ? strdup(content) : NULL;
        it->dir = dir;
        it->perm = perm;
        l->n++;
        if (!it->path || (src && !it->src) || (content && !it->content))
                return -ENOMEM;
        return 0;
}

/* Add the folders above `path` (inside the bundle). */
static int add_parents(struct list *l, const char *path)
{
        char buf[PATH_MAX];
        snprintf(buf, sizeof buf, "%s", path);
        for (char *s = strchr(buf, '/'); s; s = strchr(s + 1, '/')) {
                *s = '\0';
                int r = list_add(l, buf, NULL, NULL, true, 0755);
                *s = '/';
                if (r < 0)
                        return r;
        }
        return 0;
}

/* Add SRCROOT/rel (file or folder tree) as PREFIX/rel.  Names starting
 * with '.' are skipped; symlinks and special files are refused. */
static int add_tree(struct pack *pk, struct list *l, const char *srcroot, const char *rel, const char *prefix,
                    int depth)
{
        char src[PATH_MAX], dst[PATH_MAX];
        struct stat st;
        snprintf(src, sizeof src, "%s/%s", srcroot, rel);
        if (snprintf(dst, sizeof dst, "%s%s%s", prefix, *prefix ? "/" : "", rel) >= 1024)
                return sbx_errf(pk->err, pk->errsz, -ENAMETOOLONG, "'%s': path too long for a bundle", rel);
        if (depth > 30)
                return sbx_errf(pk->err, pk->errsz, -ELOOP, "'%s': folders nested too deep", rel);
        if (lstat(src, &st) < 0)
                return sbx_errf(pk->err, pk->errsz, -errno, "'%s': %s", rel, gnt_errstr(errno));
        if (S_ISLNK(st.st_mode))
                return sbx_errf(pk->err, pk->errsz, -EINVAL,
                                "'%s': symlinks are not allowed in a problem folder", rel);
        int r;
        if (S_ISREG(st.st_mode)) {
                if ((r = add_parents(l, dst)) < 0 ||
                    (r = list_add(l, dst, src, NULL, false, (st.st_mode & 0111) ? 0755 : 0644)) < 0)
                        return sbx_errf(pk->err, pk->errsz, r, "out of memory");
                return 0;
        }
        if (!S_ISDIR(st.st_mode))
                return sbx_errf(pk->err, pk->errsz, -EINVAL, "'%s': not a regular file or folder", rel);
        if ((r = add_parents(l, dst)) < 0 || (r = list_add(l, dst, NULL, NULL, true, 0755)) < 0)
                return sbx_errf(pk->err, pk->errsz, r, "out of memory");
        DIR *d = opendir(src);
        if (!d)
                return sbx_errf(pk->err, pk->errsz, -errno, "'%s': %s", rel, gnt_errstr(errno));
        struct dirent *de;
        r = 0;
        while (r == 0 && (de = readdir(d))) {
                if (de->d_name[0] == '.')
                        continue;
                char sub[PATH_MAX];
                snprintf(sub, sizeof sub, "%s/%s", rel, de->d_name);
                r = add_tree(pk, l, srcroot, sub, prefix, depth + 1);
        }
        closedir(d);
        return r;
}

/* The whole folder (names starting with '.' aside), under prefix. */
static int add_folder(struct pack *pk, struct list *l, const char *dir, const char *prefix)
{
        DIR *d = opendir(dir);
        if (!d)
                return sbx_errf(pk->err, pk->errsz, -errno, "'%s': %s", dir, gnt_errstr(errno));
        struct dirent *de;
        int r = 0;
        while (r == 0 && (de = readdir(d)))
                if (de->d_name[0] != '.')
                        r = add_tree(pk, l, dir, de->d_name, prefix, 0);
        closedir(d);
        return r;
}

static int public_parts(struct pack *pk, struct list *l, const struct grd_problem *p, const char *prefix)
{
        char *json = gnt_manifest_public_json(p);
        char path[PATH_MAX];
        if (!json)
                return sbx_errf(pk->err, pk->errsz, -ENOMEM, "out of memory");
        size_t n = strlen(json);
        char *text = malloc(n + 2);
        if (!text) {
                free(json);
                return sbx_errf(pk->err, pk->errsz, -ENOMEM, "out of memory");
        }
        memcpy(text, json, n);
        memcpy(text + n, "\n", 2);
        free(json);
        snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "/" : "", GNT_MANIFEST_NAME);
        int r = add_parents(l, path);
        if (r == 0)
                r = list_add(l, path, NULL, text, false, 0644);
        free(text);
        if (r < 0)
                return sbx_errf(pk->err, pk->errsz, r, "out of memory");
        const char *parts[] = {p->statement, p->starter, p->public_tests};
        for (size_t i = 0; i < 3; i++)
                if (parts[i] && (r = add_tree(pk, l, p->dir, parts[i], prefix, 0)) < 0)
                        return r;
        return 0;
}

static int by_path(const void *a, const void *b)
{
        return strcmp(((const struct item *)a)->path, ((const struct item *)b)->path);
}

/* Refuse what extraction would refuse, so a packed bundle always opens. */
static int check_names(struct pack *pk, struct list *l)
{
        struct gnt_bundle_limits lim;
        gnt_bundle_limits_fill(NULL, &lim);
        if (l->n > lim.entries)
                return sbx_errf(pk->err, pk->errsz, -EFBIG, "more than %llu files and folders",
                                (unsigned long long)lim.entries);
        for (size_t i = 0; i < l->n; i++) {
                char norm[PATH_MAX], q[512];
                unsigned depth;
                const char *why = gnt_bundle_name_check(l->v[i].path, &lim, norm, sizeof norm, &depth);
                if (why) {
                        gnt_bundle_quote(l->v[i].path, q, sizeof q);
                        return sbx_errf(pk->err, pk->errsz, -EINVAL, "'%s': %s", q, why);
                }
                for (size_t j = i + 1; j < l->n; j++)
                        if (strcasecmp(l->v[i].path, l->v[j].path) == 0)
                                return sbx_errf(pk->err, pk->errsz, -EINVAL,
                                                "'%s' and '%s' differ only in letter case", l->v[i].path,
                                                l->v[j].path);
        }
        return 0;
}

static int add_items(struct pack *pk, const struct list *l, struct gnt_bundle_writer *w)
{
        int r = 0;
        for (size_t i = 0; i < l->n && r == 0; i++) {
                const struct item *it = &l->v[i];
                if (it->dir)
                        r = gnt_bundle_writer_add_dir(w, it->path, pk->err, pk->errsz);
                else if (it->src)
                        r = gnt_bundle_writer_add_file(w, it->path, it->src, it->perm, pk->err, pk->errsz);
                else
                        r = gnt_bundle_writer_add_data(w, it->path, it->content, strlen(it->content), it->perm,
                                                       pk->err, pk->errsz);
        }
        return r;
}

/* The sealed form: the public bundle written in memory, then encrypted
 * into w beside its cover. */
static int add_sealed(struct pack *pk, const struct list *l, struct gnt_bundle_writer *w)
{
        struct gnt_bundle_writer *wi = NULL;
        void *inner = NULL;
        size_t len = 0;
        char msg[GNT_ERR_MAX];
        int r = gnt_bundle_writer_new(-1, pk->mtime, &wi, msg, sizeof msg);
        if (r < 0)
                return sbx_errf(pk->err, pk->errsz, r, "cannot seal: %s", msg);
        if ((r = add_items(pk, l, wi)) == 0 && (r = gnt_bundle_writer_finish(wi, &inner, &len, msg, sizeof msg)) < 0)
                sbx_errf(pk->err, pk->errsz, r, "cannot seal: %s", msg);
        gnt_bundle_writer_free(wi);
        if (r == 0)
                r = gnt_bundle_seal_write(pk->problem, inner, len, pk->seal_key, w, pk->err, pk->errsz);
        if (inner)
                sodium_memzero(inner, len);
        free(inner);
        return r;
}

/* Write the sorted list as OUTDIR/name, through a temporary file renamed
 * at the end; sealed: in its sealed form. */
static int write_bundle(struct pack *pk, struct list *l, const char *outdir, const char *name, bool sealed,
                        char *ret_path, size_t pathsz)
{
        qsort(l->v, l->n, sizeof *l->v, by_path);
        int r = check_names(pk, l);
        if (r < 0)
                return r;
        char tmp[PATH_MAX], final[PATH_MAX], msg[GNT_ERR_MAX];
        snprintf(final, sizeof final, "%s/%s", outdir, name);
        snprintf(tmp, sizeof tmp, "%s/.%s.tmp-XXXXXX", outdir, name);
        int fd = mkostemp(tmp, O_CLOEXEC);
        if (fd < 0)
                return sbx_errf(pk->err, pk->errsz, -errno, "cannot create a file in '%s': %s", outdir,
                                gnt_errstr(errno));
        struct gnt_bundle_writer *w = NULL;
        if ((r = gnt_bundle_writer_new(fd, pk->mtime, &w, msg, sizeof msg)) < 0) {
                r = sbx_errf(pk->err, pk->errsz, r, "cannot write '%s': %s", final, msg);
                goto out;
        }
        r = sealed ? add_sealed(pk, l, w) : add_items(pk, l, w);
        if (r == 0 && (r = gnt_bundle_writer_finish(w, NULL, NULL, msg, sizeof msg)) < 0)
                r = sbx_errf(pk->err, pk->errsz, r, "cannot write '%s': %s", final, msg);
        if (r == 0 && (fchmod(fd, 0644) < 0 || fsync(fd) < 0 || rename(tmp, final) < 0))
                r = sbx_errf(pk->err, pk->errsz, -errno, "cannot write '%s': %s", final, gnt_errstr(errno));
out:
        gnt_bundle_writer_free(w);
        close(fd);
        if (r < 0)
                unlink(tmp);
        else
                snprintf(ret_path, pathsz, "%s", final);
        return r;
}

static int source_date(struct pack *pk)
{
        const char *s = getenv("SOURCE_DATE_EPOCH");
        pk->mtime = 0;
        if (!s || !*s)
                return 0;
        char *end;
        errno = 0;
        unsigned long long v = strtoull(s, &end, 10);
        if (errno || *end || s[0] == '-' || v > 253402300799ull)
                return sbx_errf(pk->err, pk->errsz, -EINVAL,
                                "SOURCE_DATE_EPOCH: expected seconds since 1970, got '%s'", s);
        pk->mtime = (time_t)v;
        return 0;
}

static int finish(struct pack *pk, struct list *pub, struct list *grd, const char *outdir, const char *id,
                  unsigned which, const char *seckey, struct gnt_pack_result *ret)
{
        struct gnt_pack_result res = {0};
        char name[256];
        int r = 0;
        snprintf(res.id, sizeof res.id, "%s", id);
        struct stat st;
        bool made = mkdir(outdir, 0755) == 0;
        if (!made && errno != EEXIST)
                return sbx_errf(pk->err, pk->errsz, -errno, "cannot create '%s': %s", outdir,
                                gnt_errstr(errno));
        if (stat(outdir, &st) < 0 || !S_ISDIR(st.st_mode))
                return sbx_errf(pk->err, pk->errsz, -ENOTDIR, "'%s' is not a folder", outdir);
        /* Bundles written inside the folder would be packed by the next run. */
        char *out_abs = realpath(outdir, NULL);
        bool inside = out_abs && strncmp(out_abs, pk->src_abs, strlen(pk->src_abs)) == 0 &&
                      (out_abs[strlen(pk->src_abs)] == '/' || out_abs[strlen(pk->src_abs)] == '\0');
        free(out_abs);
        if (inside && made)
                rmdir(outdir);
        if (inside)
                return sbx_errf(pk->err, pk->errsz, -EINVAL, "'%s' is inside the folder being packed",
                                outdir);
        if (seckey && (r = gnt_bundle_seckey_check(seckey, pk->err, pk->errsz)) < 0)
                return r;
        struct {
                unsigned bit;
                struct list *l;
                const char *kind;
                char *path;
                size_t *files;
        } out[] = {
                {GNT_PACK_PUBLIC, pub, "public", res.public_path, &res.public_files},
                {GNT_PACK_GRADING, grd, "grading", res.grading_path, &res.grading_files},
        };
        for (size_t i = 0; i < 2; i++) {
                if (!(which & out[i].bit))
                        continue;
                snprintf(name, sizeof name, "%s.%s.tar.gz", id, out[i].kind);
                bool sealed = out[i].bit == GNT_PACK_PUBLIC && pk->seal_key;
                if ((r = write_bundle(pk, out[i].l, outdir, name, sealed, out[i].path, sizeof res.public_path)) < 0)
                        return r;
                for (size_t k = 0; k < out[i].l->n; k++)
                        *out[i].files += !out[i].l->v[k].dir;
                char sig[PATH_MAX + 8];
                snprintf(sig, sizeof sig, "%s.sig", out[i].path);
                if (seckey) {
                        if ((r = gnt_bundle_sign_file(out[i].path, seckey, pk->err, pk->errsz)) < 0)
                                return r;
                } else if (unlink(sig) == 0 || errno == ENOENT) {
                        /* A signature of an earlier pack would not match: removed. */
                } else {
                        return sbx_errf(pk->err, pk->errsz, -errno, "cannot remove stale '%s': %s", sig,
                                        gnt_errstr(errno));
                }
        }
        if (ret)
                *ret = res;
        return 0;
}

int gnt_bundle_pack(const char *src, const char *outdir, unsigned which, const char *seckey,
                    struct gnt_pack_result *ret, char *err, size_t errsz)
{
        struct pack pk = {.err = err, .errsz = errsz};
        struct list pub = {0}, grd = {0};
        struct grd_problem p = {0};
        struct gnt_assessment as = {0};
        char msg[GNT_ERR_MAX], path[PATH_MAX];
        struct stat st;
        int r = source_date(&pk);
        if (r < 0)
                return r;
        if (which & GNT_PACK_SEALED) {
                if (!seckey)
                        return sbx_errf(err, errsz, -EINVAL, "a sealed bundle needs the team's key (--sign KEY)");
                pk.seal_key = seckey;
        }
        snprintf(path, sizeof path, "%s/%s", src, GNT_ASSESSMENT_NAME);
        if (lstat(path, &st) != 0) {
                if ((r = gnt_manifest_load(src, &p, msg, sizeof msg)) < 0)
                        return sbx_errf(pk.err, pk.errsz, r, "%s", msg);
                if (p.is_public) {
                        r = sbx_errf(pk.err, pk.errsz, -EINVAL,
                                     "%s: a public manifest (\"public\": true) cannot be packed",
                                     GNT_MANIFEST_NAME);
                        goto out;
                }
                if ((r = public_parts(&pk, &pub, &p, "")) < 0 || (r = add_folder(&pk, &grd, p.dir, "")) < 0)
                        goto out;
                pk.src_abs = p.dir;
                pk.problem = &p;
                r = finish(&pk, &pub, &grd, outdir, p.id, which, seckey, ret);
                goto out;
        }
        if ((r = gnt_assessment_load(src, &as, msg, sizeof msg)) < 0)
                return sbx_errf(pk.err, pk.errsz, r, "%s", msg);
        if (pk.seal_key) {
                r = sbx_errf(err, errsz, -EINVAL, "an assessment cannot be sealed: seal each problem");
                goto out;
        }
        /* The assessment manifest holds no secrets: both bundles carry it. */
        if ((r = list_add(&pub, GNT_ASSESSMENT_NAME, path, NULL, false, 0644)) < 0 ||
            (r = list_add(&grd, GNT_ASSESSMENT_NAME, path, NULL, false, 0644)) < 0) {
                r = sbx_errf(pk.err, pk.errsz, r, "out of memory");
                goto out;
        }
        char **ids = calloc(as.n_problems, sizeof *ids);
        if (!ids) {
                r = sbx_errf(pk.err, pk.errsz, -ENOMEM, "out of memory");
                goto out;
        }
        for (size_t i = 0; i < as.n_problems; i++) {
                char sub[PATH_MAX];
                snprintf(sub, sizeof sub, "%s/%s", as.dir, as.problems[i]);
                grd_problem_release(&p);
                if ((r = gnt_manifest_load(sub, &p, msg, sizeof msg)) < 0) {
                        r = sbx_errf(pk.err, pk.errsz, r, "%s/%s", as.problems[i], msg);
                        goto out;
                }
                if (p.is_public) {
                        r = sbx_errf(pk.err, pk.errsz, -EINVAL, "%s/%s: a public manifest cannot be packed",
                                     as.problems[i], GNT_MANIFEST_NAME);
                        goto out;
                }
                for (size_t j = 0; j < i; j++)
                        if (strcmp(ids[j], p.id) == 0) {
                                r = sbx_errf(pk.err, pk.errsz, -EINVAL,
                                             "%s: problems[%zu]: problem id \"%s\" is used twice",
                                             GNT_ASSESSMENT_NAME, i, p.id);
                                goto out_ids;
                        }
                if (!(ids[i] = strdup(p.id))) {
                        r = sbx_errf(pk.err, pk.errsz, -ENOMEM, "out of memory");
                        goto out_ids;
                }
                if ((r = public_parts(&pk, &pub, &p, as.problems[i])) < 0 ||
                    (r = add_folder(&pk, &grd, p.dir, as.problems[i])) < 0)
                        goto out_ids;
        }
        pk.src_abs = as.dir;
        r = finish(&pk, &pub, &grd, outdir, as.id, which, seckey, ret);
out_ids:
        for (size_t i = 0; i < as.n_problems; i++)
                free(ids[i]);
        free(ids);
out:
        grd_problem_release(&p);
        gnt_assessment_release(&as);
        list_release(&pub);
        list_release(&grd);
        return r;
}
