/* build.c — gnt_review_build: gather the submission folders of one or more
 * output folders into one, then write leaderboard.csv, leaderboard.json,
 * leaderboard.junit.xml and report.html from them.  A single batch run and a merge of shards go
 * through exactly this function. */
#include "review.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "board.h"
#include "rubric.h"
#include "store.h"
#include "sbx_file.h"

static bool same_dir(const char *a, const char *b)
{
        struct stat sa, sb;
        return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static bool exists(const char *path)
{
        struct stat sb;
        return lstat(path, &sb) == 0;
}

/* Copy the submission folders of in into out/submissions, each through a
 * temporary folder renamed into place, skipping hashes already there. */
static int gather(const char *in, const char *out, size_t *ret_added, char *err, size_t errsz)
{
        char src[PATH_MAX], dst[PATH_MAX];
        gnt_review_path(src, sizeof src, "%s/%s", in, GNT_REVIEW_SUBDIR);
        gnt_review_path(dst, sizeof dst, "%s/%s", out, GNT_REVIEW_SUBDIR);
        int r = gnt_mkdirs(dst, 0755);
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot create '%s': %s", dst, strerror(-r));
        DIR *d = opendir(src);
        if (!d)
                return sbx_errf(err, errsz, -errno, "cannot read '%s': %s", src, strerror(errno));
        struct dirent *de;
        while (r == 0 && (de = readdir(d))) {
                const char *name = de->d_name;
                if (strlen(name) != 64 || strspn(name, "0123456789abcdef") != 64)
                        continue;
                char from[PATH_MAX], to[PATH_MAX], tmp[PATH_MAX], meta[PATH_MAX];
                gnt_review_path(from, sizeof from, "%s/%s", src, name);
                gnt_review_path(to, sizeof to, "%s/%s", dst, name);
                gnt_review_path(meta, sizeof meta, "%s/%s", from, GNT_REVIEW_META);
                if (exists(to) || !exists(meta))
                        continue;
                gnt_review_path(tmp, sizeof tmp, "%s/.tmp-merge-%s-%ld", dst, name, (long)getpid());
                sbx_file_rmtree(tmp);
                r = gnt_review_copy_tree(from, tmp);
                if (r == 0 && rename(tmp, to) < 0)
                        r = -errno;
                if (r < 0) {
                        sbx_file_rmtree(tmp);
                        sbx_errf(err, errsz, r, "cannot copy '%s' into '%s': %s", from, dst, strerror(-r));
                        break;
                }
                (*ret_added)++;
        }
        closedir(d);
        return r;
}

static int write_text(const char *dir, const char *name, const char *text, size_t len, char *err, size_t errsz)
{
        char path[PATH_MAX];
        gnt_review_path(path, sizeof path, "%s/%s", dir, name);
        int r = sbx_file_write_atomic(path, NULL, 0, text, len, 0644, SBX_FILE_SYNC);
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot write '%s': %s", path, strerror(-r));
        return 0;
}

/* Render with a memory stream, then write atomically. */
static int write_stream(const char *dir, const char *name, const struct gnt_review_board *b,
                        int (*fn)(const struct gnt_review_board *, FILE *), char *err, size_t errsz)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (!f)
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        int r = fn(b, f);
        if (fclose(f) != 0 && r == 0)
                r = -EIO;
        if (r == 0)
                r = write_text(dir, name, buf, len, err, errsz);
        else
                sbx_errf(err, errsz, r, "cannot render '%s': %s", name, strerror(-r));
        free(buf);
        return r;
}

static void merge_freep(struct gnt_review_merge **m)
{
        gnt_review_merge_free(*m);
}

/* A reviewer's blind view: OUTDIR/reviews/NAME.html only. */
static int write_viewer(const char *outdir, const char *name, const struct gnt_review_board *b, char *err,
                        size_t errsz)
{
        char dir[PATH_MAX], file[PATH_MAX];
        gnt_review_path(dir, sizeof dir, "%s/%s", outdir, GNT_REVIEWS_SUBDIR);
        int r = gnt_mkdirs(dir, 0755);
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot create '%s': %s", dir, strerror(-r));
        gnt_review_path(file, sizeof file, "%s/%s.html", GNT_REVIEWS_SUBDIR, name);
        return write_stream(outdir, file, b, gnt_review_html_write, err, errsz);
}

int gnt_review_build(const char *const *indirs, size_t n, const char *outdir,
                     const struct gnt_review_build_opts *o, struct gnt_review_counts *ret_counts, char *err,
                     size_t errsz)
{
        if (!n)
                return sbx_errf(err, errsz, -EINVAL, "no output folder to build from");
        struct gnt_review_problem first = {0};
        int r = gnt_review_problem_load(indirs[0], &first, err, errsz);
        if (r < 0)
                return r;
        for (size_t i = 1; i < n && r == 0; i++) {
                struct gnt_review_problem p;
                r = gnt_review_problem_load(indirs[i], &p, err, errsz);
                if (r < 0)
                        break;
                if (strcmp(p.id, first.id) != 0 || strcmp(p.version, first.version) != 0)
                        r = sbx_errf(err, errsz, -EINVAL, "'%s' holds problem '%s' %s but '%s' holds '%s' %s",
                                     indirs[i], p.id, p.version, indirs[0], first.id, first.version);
                gnt_review_problem_release(&p);
        }
        /* A folder merged into before must hold the same problem. */
        struct gnt_review_problem out;
        if (r == 0 && gnt_review_problem_load(outdir, &out, NULL, 0) == 0) {
                if (strcmp(out.id, first.id) != 0 || strcmp(out.version, first.version) != 0)
                        r = sbx_errf(err, errsz, -EINVAL, "'%s' holds problem '%s' %s but '%s' holds '%s' %s",
                                     outdir, out.id, out.version, indirs[0], first.id, first.version);
                gnt_review_problem_release(&out);
        }
        gnt_review_problem_release(&first);
        if (r < 0)
                return r;
        /* Every folder's reviews are read and checked before anything is
         * written; they are merged into outdir after the submissions. */
        struct gnt_review_merge *rm __attribute__((cleanup(merge_freep))) = NULL;
        if ((r = gnt_review_merge_prepare(indirs, n, outdir, &rm, err, errsz)) < 0)
                return r;

        r = gnt_mkdirs(outdir, 0755);
        if (r < 0)
                return sbx_errf(err, errsz, r, "cannot create '%s': %s", outdir, strerror(-r));
        size_t added = 0;
        for (size_t i = 0; i < n && r == 0; i++) {
                if (same_dir(indirs[i], outdir))
                        continue;
                char a[PATH_MAX], b[PATH_MAX];
                gnt_review_path(a, sizeof a, "%s/%s", indirs[i], GNT_REVIEW_BATCH);
                gnt_review_path(b, sizeof b, "%s/%s", outdir, GNT_REVIEW_BATCH);
                if (!exists(b)) {
                        char *text;
                        size_t len;
                        r = sbx_file_read(a, GNT_REVIEW_MAX_JSON, 0, &text, &len);
                        if (r < 0)
                                return sbx_errf(err, errsz, r, "cannot read '%s': %s", a, strerror(-r));
                        r = write_text(outdir, GNT_REVIEW_BATCH, text, len, err, errsz);
                        free(text);
                        if (r < 0)
                                return r;
                }
                gnt_review_path(a, sizeof a, "%s/%s", indirs[i], GNT_REVIEW_STARTER);
                gnt_review_path(b, sizeof b, "%s/%s", outdir, GNT_REVIEW_STARTER);
                if (exists(a) && !exists(b)) {
                        char tmp[PATH_MAX];
                        gnt_review_path(tmp, sizeof tmp, "%s.tmp-%ld", b, (long)getpid());
                        sbx_file_rmtree(tmp);
                        r = gnt_review_copy_tree(a, tmp);
                        if (r == 0 && rename(tmp, b) < 0)
                                r = -errno;
                        if (r < 0) {
                                sbx_file_rmtree(tmp);
                                return sbx_errf(err, errsz, r, "cannot copy '%s': %s", a, strerror(-r));
                        }
                }
                r = gather(indirs[i], outdir, &added, err, errsz);
        }
        if (r == 0)
                r = gnt_review_merge_commit(rm, outdir, err, errsz);
        if (r < 0)
                return r;

        struct gnt_review_board b;
        r = gnt_review_board_load(outdir, &b, err, errsz);
        if (r < 0)
                return r;
        b.require_verified = o && o->require_verified;
        gnt_review_board_rank(&b);
        if (!b.order) {
                gnt_review_board_release(&b);
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        }
        r = gnt_review_board_similarity(&b, o ? o->threshold : 0, err, errsz);
        if (r == 0)
                r = gnt_review_board_rubric(&b, o ? o->reviewer : NULL, o ? o->disagree : 0, err, errsz);
        bool full = !(o && o->reviewer);
        if (r == 0 && !full)
                r = write_viewer(outdir, o->reviewer, &b, err, errsz);
        if (r == 0 && full)
                r = write_stream(outdir, "leaderboard.csv", &b, gnt_review_board_write_csv, err, errsz);
        if (r == 0 && full)
                r = write_stream(outdir, "leaderboard.junit.xml", &b, gnt_review_board_write_junit, err, errsz);
        if (r == 0 && full) {
                char *json = gnt_review_board_json(&b);
                r = json ? write_text(outdir, "leaderboard.json", json, strlen(json), err, errsz)
                         : sbx_errf(err, errsz, -ENOMEM, "out of memory");
                free(json);
        }
        if (r == 0 && full)
                r = write_stream(outdir, "report.html", &b, gnt_review_html_write, err, errsz);
        if (r == 0 && ret_counts)
                *ret_counts = (struct gnt_review_counts){b.n,          b.n_graded,   b.n_rejected,  b.n_error,
                                                         b.n_pairs,    b.n_tampered, b.n_unverified, added};
        gnt_review_board_release(&b);
        return r;
}
