/* test_extract.c — hostile-archive handling: every spec of the corpus
 * (the .spec files of tests/fuzz/corpus/extract) replayed against its expected
 * verdict, by extraction and by the in-memory reader alike, plus limits,
 * garbage, truncation, gnt_bundle_open cleanup, the reader's options and
 * the reproducible writer. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "archive_spec.h"
#include "bundle/bundle.h"
#include "scratch.h"
#include "sbx_file.h"

static char scratch[PATH_MAX];
static const char *corpus;

static char *slurp(const char *path, size_t *len)
{
        FILE *f = fopen(path, "rb");
        if (!f)
                return NULL;
        char *buf = malloc(1 << 20);
        *len = fread(buf, 1, (1 << 20) - 1, f);
        buf[*len] = '\0';
        fclose(f);
        return buf;
}

static int count_entries(const char *dir)
{
        DIR *d = opendir(dir);
        int n = 0;
        struct dirent *de;
        if (!d)
                return -1;
        while ((de = readdir(d)))
                n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
        closedir(d);
        return n;
}

/* A fresh, empty folder for one case. */
static void fresh(char *out, size_t sz, const char *name)
{
        snprintf(out, sz, "%s/%s", scratch, name);
        sbx_file_rmtree(out);
        assert_int_equal(mkdir(out, 0755), 0);
}

/* "limit FIELD VALUE" lines of a spec. */
static void spec_limits(const char *spec, struct gnt_bundle_limits *l)
{
        for (const char *p = strstr(spec, "\nlimit "); p; p = strstr(p + 1, "\nlimit ")) {
                char field[32];
                unsigned long long v;
                if (sscanf(p, "\nlimit %31s %llu", field, &v) != 2)
                        continue;
                if (!strcmp(field, "entries"))
                        l->entries = v;
                else if (!strcmp(field, "total_bytes"))
                        l->total_bytes = v;
                else if (!strcmp(field, "file_bytes"))
                        l->file_bytes = v;
                else if (!strcmp(field, "ratio"))
                        l->ratio = (unsigned)v;
                else if (!strcmp(field, "archive_bytes"))
                        l->archive_bytes = v;
                else
                        fail_msg("unknown limit '%s'", field);
        }
}

/* The same archive read into memory: the same verdict and message, the
 * same files with the same bytes and modes as extraction wrote.  Names
 * differing only in letter case are the one difference: in memory they
 * are two files, as on the machine that made them. */
static void replay_in_memory(const char *file, const void *arc, size_t alen, const struct gnt_bundle_limits *lim,
                             int expect, const char *want, const char *dest)
{
        char err[GNT_ERR_MAX] = "";
        struct gnt_bundle_read_opts o = {.limits = lim};
        struct gnt_bundle_entries e = {0};
        int r = gnt_bundle_read(arc, alen, &o, &e, err, sizeof err);
        if (expect == 0 && strstr(want, "letter case")) {
                if (r != 0)
                        fail_msg("%s: in memory, expected ok, got %d: %s", file, r, err);
                gnt_bundle_entries_release(&e);
                return;
        }
        if (expect == 0) {
                if (r >= 0)
                        fail_msg("%s: in memory, expected a rejection ('%s'), got ok", file, want);
                if (!strstr(err, want))
                        fail_msg("%s: in memory, expected '%s' in the error, got '%s'", file, want, err);
                assert_null(e.v);
                return;
        }
        if (r != 0)
                fail_msg("%s: in memory, expected ok, got %d: %s", file, r, err);
        for (size_t i = 0; i < e.n; i++) {
                char p[PATH_MAX * 2];
                struct stat st;
                snprintf(p, sizeof p, "%s/%s", dest, e.v[i].name);
                assert_int_equal(lstat(p, &st), 0);
                assert_int_equal(S_ISDIR(st.st_mode), e.v[i].dir);
                if (e.v[i].dir)
                        continue;
                assert_int_equal(st.st_mode & 07777, e.v[i].mode);
                size_t len;
                char *disk = slurp(p, &len);
                assert_non_null(disk);
                assert_int_equal(len, e.v[i].len);
                assert_memory_equal(disk, e.v[i].data, len);
                assert_int_equal(e.v[i].data[len], '\0');
                free(disk);
        }
        gnt_bundle_entries_release(&e);
}

static void replay(void **state)
{
        const char *file = *state;
        char path[PATH_MAX], want[256], err[GNT_ERR_MAX] = "", dir[PATH_MAX], dest[PATH_MAX + 8];
        size_t slen = 0, alen = 0;
        snprintf(path, sizeof path, "%s/%s", corpus, file);
        char *spec = slurp(path, &slen);
        assert_non_null(spec);
        int expect = spec_expect(spec, want, sizeof want);
        assert_true(expect >= 0);
        void *arc = spec_build(spec, slen, &alen);
        if (!arc)
                fail_msg("%s: the spec does not build", file);
        fresh(dir, sizeof dir, "replay");
        snprintf(dest, sizeof dest, "%s/out", dir);
        struct gnt_bundle_limits lim = {0};
        spec_limits(spec, &lim);
        int r = gnt_bundle_extract(arc, alen, dest, &lim, NULL, err, sizeof err);
        if (expect == 1) {
                if (r != 0)
                        fail_msg("%s: expected ok, got %d: %s", file, r, err);
                struct stat st;
                assert_int_equal(stat(dest, &st), 0);
                assert_int_equal(st.st_mode & 07777, 0755);
        } else {
                if (r >= 0)
                        fail_msg("%s: expected a rejection ('%s'), got ok", file, want);
                if (!strstr(err, want))
                        fail_msg("%s: expected '%s' in the error, got '%s'", file, want, err);
                assert_null(strchr(err, '\n'));
                /* Nothing left behind: no target, no temporary sibling. */
                assert_int_equal(count_entries(dir), 0);
        }
        /* Nothing escaped beside the scratch folder or into /tmp. */
        assert_int_equal(access("/tmp/gauntlet-escape", F_OK), -1);
        char esc[PATH_MAX];
        snprintf(esc, sizeof esc, "%s/escape", scratch);
        assert_int_equal(access(esc, F_OK), -1);
        replay_in_memory(file, arc, alen, &lim, expect, want, dest);
        free(arc);
        free(spec);
}

static void *build(const char *spec, size_t *len)
{
        void *a = spec_build(spec, strlen(spec), len);
        assert_non_null(a);
        return a;
}

static void test_modes_and_content(void **state)
{
        (void)state;
        size_t len;
        void *a = build("file a 600 hello\nfile x 700 run\nhardlink b a\ndir d 700\n", &len);
        char dir[PATH_MAX], p[PATH_MAX + 16], err[GNT_ERR_MAX];
        size_t files = 0;
        fresh(dir, sizeof dir, "modes");
        snprintf(p, sizeof p, "%s/out", dir);
        assert_int_equal(gnt_bundle_extract(a, len, p, NULL, &files, err, sizeof err), 0);
        assert_int_equal(files, 3);
        struct stat st;
        snprintf(p, sizeof p, "%s/out/a", dir);
        assert_int_equal(stat(p, &st), 0);
        assert_int_equal(st.st_mode & 07777, 0644);
        snprintf(p, sizeof p, "%s/out/x", dir);
        assert_int_equal(stat(p, &st), 0);
        assert_int_equal(st.st_mode & 07777, 0755);
        snprintf(p, sizeof p, "%s/out/b", dir);
        assert_int_equal(lstat(p, &st), 0);
        assert_int_equal(st.st_nlink, 1); /* copied, not linked */
        assert_int_equal(st.st_size, 5);
        free(a);
}

static void expect_reject(const char *spec, const struct gnt_bundle_limits *l, int rc, const char *want)
{
        size_t len;
        void *a = build(spec, &len);
        char dir[PATH_MAX], p[PATH_MAX + 8], err[GNT_ERR_MAX] = "";
        fresh(dir, sizeof dir, "reject");
        snprintf(p, sizeof p, "%s/out", dir);
        int r = gnt_bundle_extract(a, len, p, l, NULL, err, sizeof err);
        if (r != rc || !strstr(err, want))
                fail_msg("expected %d '%s', got %d '%s'", rc, want, r, err);
        assert_int_equal(count_entries(dir), 0);
        free(a);
}

static void test_limits(void **state)
{
        (void)state;
        struct gnt_bundle_limits l = {.entries = 3};
        expect_reject("file a 644 x\nfile b 644 x\nfile c 644 x\nfile d 644 x\n", &l, -EFBIG, "more than 3 entries");
        l = (struct gnt_bundle_limits){.file_bytes = 4};
        expect_reject("file a 644 12345\n", &l, -EFBIG, "file larger than the limit of 4 bytes");
        l = (struct gnt_bundle_limits){.total_bytes = 8};
        expect_reject("file a 644 12345\nfile b 644 12345\n", &l, -EFBIG, "exceed the limit of 8 bytes in total");
        /* Hardlinks copy bytes: they count again, so they cannot amplify. */
        expect_reject("file a 644 12345\nhardlink b a\n", &l, -EFBIG, "in total");
        l = (struct gnt_bundle_limits){.path_bytes = 8};
        expect_reject("file abcdefghij 644 x\n", &l, -EINVAL, "name too long");
        l = (struct gnt_bundle_limits){.archive_bytes = 16};
        expect_reject("file a 644 x\n", &l, -EFBIG, "the limit is 16");
        /* Ratio: 8 MiB of zeros compress ~1000x; stopped at a ratio of 50. */
        l = (struct gnt_bundle_limits){.ratio = 50};
        expect_reject("zeros z 8388608\n", &l, -EFBIG, "compression ratio above the limit of 50");
}

static void test_garbage(void **state)
{
        (void)state;
        char dir[PATH_MAX], p[PATH_MAX + 8], err[GNT_ERR_MAX];
        fresh(dir, sizeof dir, "garbage");
        snprintf(p, sizeof p, "%s/out", dir);
        char junk[4096];
        for (size_t i = 0; i < sizeof junk; i++)
                junk[i] = (char)(i * 7919 % 251);
        assert_int_equal(gnt_bundle_extract(junk, sizeof junk, p, NULL, NULL, err, sizeof err), -EINVAL);
        assert_non_null(strstr(err, "not a bundle archive"));
        assert_int_equal(gnt_bundle_extract("", 0, p, NULL, NULL, err, sizeof err), -EINVAL);
        assert_non_null(strstr(err, "empty file"));
        const char *text = "problem.json is not here, this is plain text\n";
        assert_int_equal(gnt_bundle_extract(text, strlen(text), p, NULL, NULL, err, sizeof err), -EINVAL);
        /* Truncated: the first half of a valid archive of random-ish data. */
        char spec[8192] = "filter none\nfile a 644 ";
        size_t o = strlen(spec);
        for (int i = 0; i < 3000; i++)
                spec[o++] = (char)('a' + i % 26);
        spec[o++] = '\n';
        spec[o] = '\0';
        size_t len;
        void *a = build(spec, &len);
        assert_int_equal(gnt_bundle_extract(a, len / 3, p, NULL, NULL, err, sizeof err), -EINVAL);
        if (!strcasestr(err, "truncated"))
                fail_msg("got '%s'", err);
        assert_int_equal(count_entries(dir), 0);
        free(a);
}

static void test_dest_exists(void **state)
{
        (void)state;
        size_t len;
        void *a = build("file a 644 x\n", &len);
        char dir[PATH_MAX], p[PATH_MAX + 8], q[PATH_MAX + 16], err[GNT_ERR_MAX];
        fresh(dir, sizeof dir, "exists");
        snprintf(p, sizeof p, "%s/out", dir);
        assert_int_equal(mkdir(p, 0755), 0);
        /* An empty folder is replaced. */
        assert_int_equal(gnt_bundle_extract(a, len, p, NULL, NULL, err, sizeof err), 0);
        /* A non-empty one is not touched. */
        assert_int_equal(gnt_bundle_extract(a, len, p, NULL, NULL, err, sizeof err), -EEXIST);
        snprintf(q, sizeof q, "%s/a", p);
        assert_int_equal(access(q, F_OK), 0);
        assert_int_equal(count_entries(dir), 1);
        free(a);
}

static void test_open_cleans_up(void **state)
{
        (void)state;
        char dir[PATH_MAX], tmpd[PATH_MAX + 8], bundle[PATH_MAX + 16], err[GNT_ERR_MAX];
        fresh(dir, sizeof dir, "open");
        snprintf(tmpd, sizeof tmpd, "%s/tmp", dir);
        assert_int_equal(mkdir(tmpd, 0700), 0);
        struct gnt_bundle_opts o = {.tmp_parent = tmpd};
        const char *cases[][2] = {
                {"file statement.md 644 x\n", "no problem.json or assessment.json in the bundle"},
                {"file problem.json 644 {\"format\":1,}\n", "problem.json: not valid JSON"},
                {"file problem.json 644 {}\nsymlink x /etc\n", "symlinks are not allowed"},
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                size_t len;
                void *a = build(cases[i][0], &len);
                snprintf(bundle, sizeof bundle, "%s/b.tar.gz", dir);
                FILE *f = fopen(bundle, "wb");
                assert_non_null(f);
                fwrite(a, 1, len, f);
                fclose(f);
                free(a);
                struct gnt_bundle *b = NULL;
                assert_true(gnt_bundle_open(bundle, &o, &b, err, sizeof err) < 0);
                assert_null(b);
                if (!strstr(err, cases[i][1]))
                        fail_msg("case %zu: expected '%s', got '%s'", i, cases[i][1], err);
                assert_int_equal(count_entries(tmpd), 0);
        }
        /* A key given and no signature: refused before extraction. */
        assert_int_equal(count_entries(tmpd), 0);
}

static void expect_read(const char *spec, const struct gnt_bundle_read_opts *o, int rc, const char *want)
{
        size_t len;
        void *a = build(spec, &len);
        char err[GNT_ERR_MAX] = "";
        struct gnt_bundle_entries e = {0};
        int r = gnt_bundle_read(a, len, o, &e, err, sizeof err);
        if (r != rc || (want && !strstr(err, want)))
                fail_msg("'%s': expected %d '%s', got %d '%s'", spec, rc, want ? want : "", r, err);
        gnt_bundle_entries_release(&e);
        free(a);
}

/* What a sealed submission may be: tar (plain or gzip'd) of files and
 * folders, names exactly as written. */
static void test_read_options(void **state)
{
        (void)state;
        struct gnt_bundle_read_opts sub = {.tar_only = true, .files_only = true, .kind = "submission"};
        expect_read("file a 644 x\n", &sub, 0, NULL);
        expect_read("filter none\nfile a 644 x\n", &sub, 0, NULL);
        expect_read("format zip\nfile a 644 x\n", &sub, -EINVAL, "not a submission archive");
        expect_read("filter xz\nfile a 644 x\n", &sub, -EINVAL, "not a submission archive");
        expect_read("format zip\nfile a 644 x\n", NULL, 0, NULL);
        expect_read("file a 644 x\nsymlink l a\n", &sub, -EINVAL, "entry 'l': not a regular file");
        expect_read("file a 644 x\nhardlink b a\n", &sub, -EINVAL, "entry 'b': not a regular file");
        expect_read("fifo f\n", &sub, -EINVAL, "entry 'f': not a regular file");
        expect_read("file ../a 644 x\n", &sub, -EINVAL, "entry '../a': path leaves the bundle");
        expect_read("file a 644 x\nfile ./a 644 y\n", &sub, -EINVAL, "entry './a': duplicate entry");

        size_t len;
        void *a = build("dir d 755\nfile d/A 600 upper\nfile d/a 700 lower\nfile e 644\nhardlink h d/A\n", &len);
        struct gnt_bundle_entries e = {0};
        char err[GNT_ERR_MAX];
        assert_int_equal(gnt_bundle_read(a, len, NULL, &e, err, sizeof err), 0);
        assert_int_equal(e.n, 5);
        assert_string_equal(e.v[0].name, "d");
        assert_true(e.v[0].dir);
        assert_null(e.v[0].data);
        assert_string_equal(e.v[1].data, "upper");
        assert_int_equal(e.v[1].mode, 0644);
        assert_string_equal(e.v[2].name, "d/a");
        assert_string_equal(e.v[2].data, "lower");
        assert_int_equal(e.v[2].mode, 0755);
        assert_string_equal(e.v[3].data, "");
        assert_int_equal(e.v[3].len, 0);
        assert_string_equal(e.v[4].name, "h");
        assert_string_equal(e.v[4].data, "upper"); /* a hardlink's content is copied */
        gnt_bundle_entries_release(&e);
        assert_int_equal(e.n, 0);
        free(a);
}

static void *write_sample(int fd, int64_t mtime, const char *src, size_t *ret_len)
{
        struct gnt_bundle_writer *w = NULL;
        char err[GNT_ERR_MAX];
        assert_int_equal(gnt_bundle_writer_new(fd, mtime, &w, err, sizeof err), 0);
        assert_int_equal(gnt_bundle_writer_add_dir(w, "code", err, sizeof err), 0);
        assert_int_equal(gnt_bundle_writer_add_data(w, "code/run.sh", "#!/bin/sh\n", 10, 0700, err, sizeof err), 0);
        assert_int_equal(gnt_bundle_writer_add_data(w, "code/x.go", "package x\n", 10, 0600, err, sizeof err), 0);
        assert_int_equal(gnt_bundle_writer_add_data(w, "empty", "", 0, 0644, err, sizeof err), 0);
        assert_int_equal(gnt_bundle_writer_add_file(w, "from-file", src, 0644, err, sizeof err), 0);
        void *buf = NULL;
        size_t len = 0;
        assert_int_equal(gnt_bundle_writer_finish(w, &buf, &len, err, sizeof err), 0);
        gnt_bundle_writer_free(w);
        *ret_len = len;
        return buf;
}

/* Memory or file, now or later: the same entries give the same bytes, a
 * gzip header without name or time, and read back as written. */
static void test_writer(void **state)
{
        (void)state;
        char dir[PATH_MAX], src[PATH_MAX + 8], out[PATH_MAX + 8], err[GNT_ERR_MAX];
        fresh(dir, sizeof dir, "writer");
        snprintf(src, sizeof src, "%s/src", dir);
        FILE *f = fopen(src, "wb");
        assert_non_null(f);
        fputs("from a file\n", f);
        fclose(f);
        size_t len1, len2, len3;
        char *m1 = write_sample(-1, 1700000000, src, &len1);
        sleep(1);
        char *m2 = write_sample(-1, 1700000000, src, &len2);
        assert_non_null(m1);
        assert_int_equal(len1, len2);
        assert_memory_equal(m1, m2, len1);
        assert_true(len1 > 10);
        assert_int_equal((unsigned char)m1[0], 0x1f);
        assert_int_equal((unsigned char)m1[1], 0x8b);
        assert_int_equal(m1[3] & 0x18, 0); /* no FNAME, no FCOMMENT */
        assert_memory_equal(m1 + 4, "\0\0\0\0", 4); /* MTIME */
        snprintf(out, sizeof out, "%s/out.tar.gz", dir);
        int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        assert_true(fd >= 0);
        assert_null(write_sample(fd, 1700000000, src, &len3));
        close(fd);
        size_t flen;
        char *onfile = slurp(out, &flen);
        assert_int_equal(flen, len1);
        assert_memory_equal(onfile, m1, len1);
        free(onfile);

        struct gnt_bundle_entries e = {0};
        struct gnt_bundle_read_opts o = {.tar_only = true, .files_only = true};
        assert_int_equal(gnt_bundle_read(m1, len1, &o, &e, err, sizeof err), 0);
        assert_int_equal(e.n, 5);
        const char *names[] = {"code", "code/run.sh", "code/x.go", "empty", "from-file"};
        const unsigned modes[] = {0755, 0755, 0644, 0644, 0644};
        for (size_t i = 0; i < e.n; i++) {
                assert_string_equal(e.v[i].name, names[i]);
                assert_int_equal(e.v[i].mode, modes[i]);
        }
        assert_string_equal(e.v[4].data, "from a file\n");
        gnt_bundle_entries_release(&e);
        /* Another mtime, other bytes. */
        char *m3 = write_sample(-1, 1700000001, src, &len3);
        assert_false(len3 == len1 && memcmp(m3, m1, len1) == 0);
        free(m1);
        free(m2);
        free(m3);

        /* A source that is not a regular file is refused, with its name. */
        struct gnt_bundle_writer *w = NULL;
        assert_int_equal(gnt_bundle_writer_new(-1, 0, &w, err, sizeof err), 0);
        assert_int_equal(gnt_bundle_writer_add_file(w, "d", dir, 0644, err, sizeof err), -EINVAL);
        assert_non_null(strstr(err, "'d': cannot read"));
        gnt_bundle_writer_free(w);
        gnt_bundle_writer_free(NULL);
}

int main(int argc, char **argv)
{
        corpus = argc > 1 ? argv[1] : getenv("GAUNTLET_EXTRACT_CORPUS");
        if (!corpus) {
                fprintf(stderr, "usage: test_extract CORPUS-DIR\n");
                return 2;
        }
        snprintf(scratch, sizeof scratch, "%s/gauntlet-test-extract-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        if (!mkdtemp(scratch))
                return 1;
        DIR *d = opendir(corpus);
        if (!d)
                return 1;
        struct CMUnitTest *tests = calloc(256, sizeof *tests);
        char **names = calloc(256, sizeof *names);
        size_t n = 0;
        struct dirent *de;
        while ((de = readdir(d)) && n < 250) {
                size_t l = strlen(de->d_name);
                if (l < 6 || strcmp(de->d_name + l - 5, ".spec") != 0)
                        continue;
                names[n] = strdup(de->d_name);
                tests[n] = (struct CMUnitTest){.name = names[n], .test_func = replay, .initial_state = names[n]};
                n++;
        }
        closedir(d);
        tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_modes_and_content);
        tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_limits);
        tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_garbage);
        tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_dest_exists);
        tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_open_cleans_up);
        tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_read_options);
        tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_writer);
        int r = _cmocka_run_group_tests("extract", tests, n, NULL, NULL);
        sbx_file_rmtree(scratch);
        return r;
}
