/* open.c — gnt_bundle_open: a problem or assessment given as a folder or an
 * archive, verified and extracted privately, its manifests read. */
#include "bundle.h"
#include "files.h"
#include "internal.h"
#include "scratch.h"
#include "sbx_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool has_file(const char *dir, const char *name)
{
        char p[PATH_MAX];
        struct stat st;
        int n = snprintf(p, sizeof p, "%s/%s", dir, name);
        return n > 0 && (size_t)n < sizeof p && lstat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* An archive made by hand from the parent folder ("tar czf x.tgz worker-pool")
 * holds one top folder: use it as the root. */
static char *find_root(const char *dir)
{
        if (has_file(dir, GNT_MANIFEST_NAME) || has_file(dir, GNT_ASSESSMENT_NAME))
                return strdup(dir);
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
        if (!d) {
                if (fd >= 0)
                        close(fd);
                return NULL;
        }
        struct dirent *de;
        char only[NAME_MAX + 1] = "";
        int n = 0;
        while ((de = readdir(d)))
                if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && n++ == 0)
                        snprintf(only, sizeof only, "%s", de->d_name);
        closedir(d);
        char sub[PATH_MAX];
        struct stat st;
        int len = snprintf(sub, sizeof sub, "%s/%s", dir, only);
        if (n == 1 && len > 0 && (size_t)len < sizeof sub && lstat(sub, &st) == 0 && S_ISDIR(st.st_mode) &&
            (has_file(sub, GNT_MANIFEST_NAME) || has_file(sub, GNT_ASSESSMENT_NAME)))
                return strdup(sub);
        return NULL;
}

static int load_manifests(struct gnt_bundle *b, char *err, size_t errsz)
{
        char msg[GNT_ERR_MAX];
        if (!has_file(b->root, GNT_ASSESSMENT_NAME)) {
                b->problems = calloc(1, sizeof *b->problems);
                if (!b->problems)
                        return -ENOMEM;
                int r = gnt_manifest_load(b->root, &b->problems[0], msg, sizeof msg);
                if (r < 0) {
                        if (err)
                                snprintf(err, errsz, "%s", msg);
                        return r;
                }
                b->n_problems = 1;
                b->is_public = b->problems[0].is_public;
                return 0;
        }
        b->assessment = calloc(1, sizeof *b->assessment);
        if (!b->assessment)
                return -ENOMEM;
        int r = gnt_assessment_load(b->root, b->assessment, msg, sizeof msg);
        if (r < 0) {
                if (err)
                        snprintf(err, errsz, "%s", msg);
                return r;
        }
        b->problems = calloc(b->assessment->n_problems, sizeof *b->problems);
        if (!b->problems)
                return -ENOMEM;
        b->is_public = true;
        for (size_t i = 0; i < b->assessment->n_problems; i++) {
                char sub[PATH_MAX];
                snprintf(sub, sizeof sub, "%s/%s", b->root, b->assessment->problems[i]);
                if ((r = gnt_manifest_load(sub, &b->problems[i], msg, sizeof msg)) < 0) {
                        if (err)
                                snprintf(err, errsz, "%s/%s", b->assessment->problems[i], msg);
                        return r;
                }
                b->n_problems++;
                b->is_public = b->is_public && b->problems[i].is_public;
                for (size_t j = 0; j < i; j++)
                        if (strcmp(b->problems[j].id, b->problems[i].id) == 0) {
                                if (err)
                                        snprintf(err, errsz, "%s: problems[%zu]: problem id \"%s\" is used twice",
                                                 GNT_ASSESSMENT_NAME, i, b->problems[i].id);
                                return -EINVAL;
                        }
        }
        return 0;
}

/* A sealed bundle, extracted at dest: its cover, and with a content key
 * its content, extracted beside it like any bundle.  1: the cover only. */
static int open_sealed(struct gnt_bundle *b, const struct gnt_bundle_opts *opts, const struct gnt_bundle_limits *l,
                       const char *dest, char *err, size_t errsz)
{
        const uint8_t *key = opts ? opts->content_key : NULL;
        void *plain = NULL;
        size_t len = 0;
        b->sealed = b->is_public = true;
        int r = gnt_bundle_seal_open(dest, key, &b->cover, b->seal_id, &plain, &len, err, errsz);
        if (r < 0)
                return r;
        if (!key)
                return opts && opts->cover_only ? 1
                                                : sbx_errf(err, errsz, -ENOKEY,
                                                           "a sealed bundle: it opens with a ticket "
                                                           "('gauntlet start BUNDLE --ticket FILE')");
        char inner[PATH_MAX];
        if (snprintf(inner, sizeof inner, "%s/inner", b->scratch->path) >= (int)sizeof inner) {
                sodium_memzero(plain, len);
                free(plain);
                return sbx_errf(err, errsz, -ENAMETOOLONG, "path too long: '%s'", b->scratch->path);
        }
        r = gnt_bundle_extract(plain, len, inner, l, NULL, err, errsz);
        sodium_memzero(plain, len);
        free(plain);
        if (r < 0)
                return r;
        if (!(b->root = find_root(inner)))
                return sbx_errf(err, errsz, -EINVAL, "no %s in the sealed content", GNT_MANIFEST_NAME);
        return 0;
}

static int open_archive(struct gnt_bundle *b, const struct gnt_bundle_opts *opts, char *err, size_t errsz)
{
        struct gnt_bundle_limits l;
        gnt_bundle_limits_fill(opts ? opts->limits : NULL, &l);
        char *data = NULL;
        size_t len = 0;
        char msg[GNT_ERR_MAX];
        size_t max = l.archive_bytes < SIZE_MAX ? (size_t)l.archive_bytes : SIZE_MAX;
        int r = sbx_file_read_at(AT_FDCWD, b->path, max, SBX_FILE_FOLLOW, &data, &len);
        if (r < 0) {
                if (err && r == -EFBIG)
                        snprintf(err, errsz, "archive is larger than the limit of %llu bytes",
                                 (unsigned long long)l.archive_bytes);
                else if (err)
                        snprintf(err, errsz, "%s", gnt_errstr(-r));
                return r;
        }
        crypto_hash_sha256(b->sha256, (const unsigned char *)data, len);
        for (int i = 0; i < 32; i++)
                snprintf(b->sha256_hex + 2 * i, 3, "%02x", b->sha256[i]);

        /* The signature is checked on the bytes in memory, and those same
         * bytes are extracted: the file cannot change in between. */
        char sigpath[PATH_MAX];
        snprintf(sigpath, sizeof sigpath, "%s.sig", b->path);
        const char *pubkey = opts ? opts->pubkey : NULL;
        r = gnt_bundle_verify(data, len, sigpath, pubkey, &b->sig, b->key_id, msg, sizeof msg);
        if (r < 0) {
                if (err)
                        snprintf(err, errsz, "%s", msg);
                goto out;
        }
        if (pubkey && b->sig != GNT_SIG_VALID)
                snprintf(b->sig_detail, sizeof b->sig_detail, "%s", msg);
        if (pubkey && b->sig != GNT_SIG_VALID && !opts->report_only) {
                if (err)
                        snprintf(err, errsz, "signature check failed: %s", msg);
                r = -EKEYREJECTED;
                goto out;
        }

        const char *parent = opts && opts->tmp_parent ? opts->tmp_parent : grd_scratch_parent();
        char dest[PATH_MAX];
        if (!(b->scratch = calloc(1, sizeof *b->scratch))) {
                r = -ENOMEM;
                goto out;
        }
        /* locked while open, so a killed process's extraction is swept by
         * the next bundle opened here */
        r = grd_scratch_create(parent, ".gauntlet-bundle-", false, b->scratch, NULL, 0);
        if (r < 0) {
                if (err)
                        snprintf(err, errsz, "cannot create a folder in '%s': %s", parent, gnt_errstr(-r));
                goto out;
        }
        if (snprintf(dest, sizeof dest, "%s/bundle", b->scratch->path) >= (int)sizeof dest) {
                r = -ENAMETOOLONG;
                goto out;
        }
        r = gnt_bundle_extract(data, len, dest, &l, NULL, err, errsz);
        if (r < 0)
                goto out;
        if (!(b->root = find_root(dest)) && has_file(dest, GNT_SEALED_COVER) && has_file(dest, GNT_SEALED_DATA)) {
                r = open_sealed(b, opts, &l, dest, err, errsz);
        } else if (!b->root) {
                if (err)
                        snprintf(err, errsz, "no %s or %s in the bundle", GNT_MANIFEST_NAME, GNT_ASSESSMENT_NAME);
                r = -EINVAL;
        }
out:
        free(data);
        return r;
}

int gnt_bundle_open(const char *path, const struct gnt_bundle_opts *opts, struct gnt_bundle **ret, char *err,
                    size_t errsz)
{
        struct stat st;
        if (stat(path, &st) < 0) {
                int e = errno;
                if (err)
                        snprintf(err, errsz, "%s", gnt_errstr(e));
                return -e;
        }
        struct gnt_bundle *b = calloc(1, sizeof *b);
        if (!b || !(b->path = strdup(path))) {
                free(b);
                return -ENOMEM;
        }
        int r;
        if (S_ISDIR(st.st_mode)) {
                b->sig = GNT_SIG_NONE;
                if (!(b->root = realpath(path, NULL))) {
                        r = -errno;
                        goto fail;
                }
                if (!has_file(b->root, GNT_MANIFEST_NAME) && !has_file(b->root, GNT_ASSESSMENT_NAME)) {
                        if (err)
                                snprintf(err, errsz, "no %s or %s in the folder", GNT_MANIFEST_NAME,
                                         GNT_ASSESSMENT_NAME);
                        r = -ENOENT;
                        goto fail;
                }
        } else {
                b->is_archive = true;
                if ((r = open_archive(b, opts, err, errsz)) < 0)
                        goto fail;
        }
        if (b->sealed && !b->root) {
                *ret = b; /* the cover only */
                return 0;
        }
        if ((r = load_manifests(b, err, errsz)) < 0)
                goto fail;
        *ret = b;
        return 0;
fail:
        if (r == -ENOMEM && err)
                snprintf(err, errsz, "out of memory");
        gnt_bundle_close(b);
        return r;
}

void gnt_bundle_close(struct gnt_bundle *b)
{
        if (!b)
                return;
        grd_scratch_release(b->scratch);
        for (size_t i = 0; i < b->n_problems; i++)
                grd_problem_release(&b->problems[i]);
        free(b->problems);
        if (b->assessment) {
                gnt_assessment_release(b->assessment);
                free(b->assessment);
        }
        free(b->scratch);
        free(b->cover);
        free(b->root);
        free(b->path);
        free(b);
}

const struct grd_problem *gnt_bundle_problem(const struct gnt_bundle *b)
{
        return b && b->n_problems ? &b->problems[0] : NULL;
}
