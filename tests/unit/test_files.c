/* test_files.c — the runner's one whole-file reader: content and size
 * exact, a symlink refused unless asked to follow it, folders and FIFOs
 * refused at once (a FIFO without waiting for a writer), the size limit,
 * and a descriptor read whole without moving its offset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"

static char dir[PATH_MAX / 2];

static void path_of(char *buf, const char *name)
{
        assert_true(snprintf(buf, PATH_MAX, "%s/%s", dir, name) < PATH_MAX);
}

static void put(const char *name, const void *data, size_t len)
{
        char p[PATH_MAX];
        path_of(p, name);
        FILE *f = fopen(p, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(data, 1, len, f), len);
        assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
        (void)state;
        const char *t = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/gauntlet-test-files-XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(dir))
                return -1;
        put("text", "hello\0world", 11);
        put("empty", "", 0);
        char p[PATH_MAX], q[PATH_MAX];
        path_of(p, "text");
        path_of(q, "link");
        if (symlink(p, q) < 0)
                return -1;
        path_of(p, "sub");
        path_of(q, "fifo");
        if (mkdir(p, 0755) < 0 || mkfifo(q, 0644) < 0)
                return -1;
        return 0;
}

static int teardown(void **state)
{
        (void)state;
        const char *names[] = {"text", "empty", "link", "fifo", "big"};
        char p[PATH_MAX];
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
                path_of(p, names[i]);
                unlink(p);
        }
        path_of(p, "sub");
        rmdir(p);
        rmdir(dir);
        return 0;
}

static void reads_exact_bytes(void **state)
{
        (void)state;
        char p[PATH_MAX], *buf = NULL;
        size_t len = 0;
        path_of(p, "text");
        assert_int_equal(gnt_read_file(p, 11, &buf, &len), 0);
        assert_int_equal(len, 11);
        assert_memory_equal(buf, "hello\0world", 11);
        assert_int_equal(buf[11], '\0');
        free(buf);
        path_of(p, "empty");
        assert_int_equal(gnt_read_file(p, 0, &buf, NULL), 0);
        assert_string_equal(buf, "");
        free(buf);
}

static void symlink_only_when_asked(void **state)
{
        (void)state;
        char p[PATH_MAX], *buf = (char *)"untouched";
        size_t len = 7;
        path_of(p, "link");
        assert_int_equal(gnt_read_file(p, 64, &buf, &len), -ELOOP);
        assert_string_equal(buf, "untouched");
        assert_int_equal(len, 7);
        assert_int_equal(gnt_read_file_at(AT_FDCWD, p, 64, GNT_READ_FOLLOW, &buf, &len), 0);
        assert_int_equal(len, 11);
        free(buf);
        /* Relative to a folder descriptor, too. */
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        assert_true(dfd >= 0);
        assert_int_equal(gnt_read_file_at(dfd, "link", 64, 0, &buf, &len), -ELOOP);
        assert_int_equal(gnt_read_file_at(dfd, "text", 64, 0, &buf, &len), 0);
        assert_int_equal(len, 11);
        free(buf);
        close(dfd);
}

static void not_regular_refused(void **state)
{
        (void)state;
        char p[PATH_MAX], *buf;
        path_of(p, "sub");
        assert_int_equal(gnt_read_file_at(AT_FDCWD, p, 64, GNT_READ_FOLLOW, &buf, NULL), -EISDIR);
        /* No writer ever opens the FIFO: a blocking open would hang here. */
        path_of(p, "fifo");
        alarm(10);
        assert_int_equal(gnt_read_file_at(AT_FDCWD, p, 64, GNT_READ_FOLLOW, &buf, NULL), -EINVAL);
        alarm(0);
        path_of(p, "missing");
        assert_int_equal(gnt_read_file(p, 64, &buf, NULL), -ENOENT);
}

static void size_limit(void **state)
{
        (void)state;
        char p[PATH_MAX], *buf;
        size_t len;
        path_of(p, "text");
        assert_int_equal(gnt_read_file(p, 10, &buf, &len), -EFBIG);
        enum { BIG = 3 << 20 };
        char *data = malloc(BIG);
        assert_non_null(data);
        for (size_t i = 0; i < BIG; i++)
                data[i] = (char)(i * 7);
        put("big", data, BIG);
        path_of(p, "big");
        assert_int_equal(gnt_read_file(p, BIG, &buf, &len), 0);
        assert_int_equal(len, BIG);
        assert_memory_equal(buf, data, BIG);
        free(buf);
        assert_int_equal(gnt_read_file(p, BIG - 1, &buf, &len), -EFBIG);
        free(data);
}

/* A descriptor is read whole, from offset 0, and keeps its offset. */
static void descriptor_offset_kept(void **state)
{
        (void)state;
        char p[PATH_MAX], *buf;
        size_t len;
        path_of(p, "text");
        int fd = open(p, O_RDONLY | O_CLOEXEC);
        assert_true(fd >= 0);
        assert_int_equal(lseek(fd, 3, SEEK_SET), 3);
        assert_int_equal(gnt_read_fd(fd, 64, &buf, &len), 0);
        assert_int_equal(len, 11);
        assert_memory_equal(buf, "hello\0world", 11);
        assert_int_equal(lseek(fd, 0, SEEK_CUR), 3);
        free(buf);
        close(fd);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(reads_exact_bytes),
                cmocka_unit_test(symlink_only_when_asked),
                cmocka_unit_test(not_regular_refused),
                cmocka_unit_test(size_limit),
                cmocka_unit_test(descriptor_offset_kept),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
