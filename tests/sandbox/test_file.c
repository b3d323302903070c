/* test_file.c — the supervisor's file module (sbx_file.h), run twice: with
 * openat2 and with the component walk.  A symbolic link is refused below
 * a base however the base is reached, and as the last component anywhere,
 * but followed in the caller's own folders; ".." below a base is refused;
 * nothing blocks (FIFOs for reading, FIFOs without a reader for writing);
 * atomic writes replace FIFOs, read-only files and links, leave no
 * temporary file, refuse or move aside a directory; removal never follows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "sbx_file.h"

static char dir[128];
static char base[PATH_MAX];
static const char *bases[1];

static const char *at(const char *name)
{
        static char p[4][PATH_MAX];
        static int k;
        k = (k + 1) % 4;
        snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
        return p[k];
}

static void put(const char *name, const char *text, mode_t mode)
{
        int fd = open(at(name), O_WRONLY | O_CREAT | O_TRUNC, mode);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
        close(fd);
        chmod(at(name), mode);
}

static void expect_text(const char *path, const char *want)
{
        char buf[256] = "";
        int fd = open(path, O_RDONLY);
        assert_true(fd >= 0);
        ssize_t n = read(fd, buf, sizeof buf - 1);
        close(fd);
        assert_true(n >= 0);
        buf[n] = '\0';
        assert_string_equal(buf, want);
}

static int count_entries(const char *path, const char *prefix)
{
        DIR *d = opendir(path);
        assert_non_null(d);
        int n = 0;
        for (struct dirent *e; (e = readdir(d));)
                n += strncmp(e->d_name, prefix, strlen(prefix)) == 0 && strcmp(e->d_name, ".") != 0 &&
                     strcmp(e->d_name, "..") != 0;
        closedir(d);
        return n;
}

/* out/ is the host outside the run; base/ a run's folder, where a program
 * planted link -> out and flink -> out/secret; alias -> base is the
 * caller's own link, mine -> out too. */
static int setup(void **state)
{
        (void)state;
        snprintf(dir, sizeof dir, "/tmp/test-sbx-file.XXXXXX");
        if (!mkdtemp(dir))
                return -1;
        snprintf(base, sizeof base, "%s/base", dir);
        bases[0] = base;
        if (mkdir(at("out"), 0755) < 0 || mkdir(base, 0755) < 0 || mkdir(at("base/sub"), 0755) < 0)
                return -1;
        put("out/secret", "secret", 0644);
        put("base/f", "hello", 0644);
        put("base/sub/g", "deep", 0644);
        if (symlink(at("out"), at("base/link")) < 0 || symlink(at("out/secret"), at("base/flink")) < 0 ||
            symlink("../out", at("base/rel")) < 0 || symlink(at("base"), at("alias")) < 0 ||
            symlink(at("out"), at("mine")) < 0 || mkfifo(at("base/fifo"), 0644) < 0)
                return -1;
        return 0;
}

static int teardown(void **state)
{
        (void)state;
        char cmd[256];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        return system(cmd) == 0 ? 0 : -1;
}

static int use_openat2(void **state)
{
        sbx__file_no_openat2 = false;
        return setup(state);
}

static int use_walk(void **state)
{
        sbx__file_no_openat2 = true;
        return setup(state);
}

static int open_r(const char *path)
{
        return sbx_file_open(path, bases, 1, 0, 0);
}

static void test_read(void **state)
{
        (void)state;
        int fd = open_r(at("base/f"));
        assert_true(fd >= 0);
        assert_int_equal(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
        assert_int_equal(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
        close(fd);
        fd = open_r(at("base/sub/./g"));
        assert_true(fd >= 0);
        close(fd);
}

static void test_links_below_base(void **state)
{
        (void)state;
        /* the last component, inside a base or not */
        assert_int_equal(open_r(at("base/flink")), -ELOOP);
        assert_int_equal(sbx_file_open(at("base/flink"), NULL, 0, 0, 0), -ELOOP);
        /* a folder link below the base, absolute or relative */
        assert_int_equal(open_r(at("base/link/secret")), -ELOOP);
        assert_int_equal(open_r(at("base/rel/secret")), -ELOOP);
        /* the base reached through the caller's own link */
        assert_int_equal(open_r(at("alias/link/secret")), -ELOOP);
        int fd = open_r(at("alias/f"));
        assert_true(fd >= 0);
        close(fd);
        /* outside the bases, the caller's own links are followed */
        fd = open_r(at("mine/secret"));
        assert_true(fd >= 0);
        close(fd);
        /* without bases (or with one that does not exist), as open(2) */
        fd = sbx_file_open(at("base/link/secret"), NULL, 0, 0, 0);
        assert_true(fd >= 0);
        close(fd);
        const char *none[] = {at("nothing-here")};
        fd = sbx_file_open(at("base/link/secret"), none, 1, 0, 0);
        assert_true(fd >= 0);
        close(fd);
        /* relative, from inside the base */
        char cwd[PATH_MAX];
        assert_non_null(getcwd(cwd, sizeof cwd));
        assert_int_equal(chdir(base), 0);
        assert_int_equal(open_r("link/secret"), -ELOOP);
        fd = open_r("sub/g");
        assert_true(fd >= 0);
        close(fd);
        assert_int_equal(chdir(cwd), 0);
}

static void test_dotdot(void **state)
{
        (void)state;
        assert_int_equal(open_r(at("base/sub/../f")), -EXDEV);
        assert_int_equal(open_r(at("base/sub/../../out/secret")), -EXDEV);
        /* before the base, ".." is the caller's */
        int fd = open_r(at("out/../base/f"));
        assert_true(fd >= 0);
        close(fd);
        assert_int_equal(open_r(at("base/..")), -EISDIR);
}

static void test_kinds(void **state)
{
        (void)state;
        alarm(10); /* a FIFO that blocks fails the test instead of hanging it */
        assert_int_equal(open_r(at("base/fifo")), -EINVAL);
        assert_int_equal(sbx_file_open(at("base/fifo"), bases, 1, SBX_FILE_WRITE, 0644), -ENXIO);
        int reader = open(at("base/fifo"), O_RDONLY | O_NONBLOCK);
        assert_true(reader >= 0);
        int fd = sbx_file_open(at("base/fifo"), bases, 1, SBX_FILE_WRITE, 0644);
        assert_true(fd >= 0);
        assert_int_equal(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
        close(fd);
        close(reader);
        alarm(0);
        fd = sbx_file_open("/dev/null", bases, 1, SBX_FILE_WRITE, 0644);
        assert_true(fd >= 0);
        close(fd);
        fd = sbx_file_open("/dev/null", bases, 1, 0, 0);
        assert_true(fd >= 0);
        close(fd);
        assert_int_equal(open_r(at("base/sub")), -EISDIR);
        assert_int_equal(sbx_file_open(at("base/sub"), bases, 1, SBX_FILE_WRITE, 0644), -EISDIR);
        assert_int_equal(open_r(at("base/")), -EISDIR);
        assert_int_equal(open_r(at("base/f/x")), -ENOTDIR);
        assert_int_equal(open_r(at("base/none/x")), -ENOENT);
        char longp[PATH_MAX + 16];
        memset(longp, 'a', sizeof longp);
        longp[0] = '/';
        longp[sizeof longp - 1] = '\0';
        assert_int_equal(open_r(longp), -ENAMETOOLONG);
}

static void test_write(void **state)
{
        (void)state;
        put("base/w", "old and long", 0644);
        int fd = sbx_file_open(at("base/w"), bases, 1, SBX_FILE_WRITE, 0600);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, "new", 3), 3);
        close(fd);
        expect_text(at("base/w"), "new");
        fd = sbx_file_open(at("base/created"), bases, 1, SBX_FILE_WRITE, 0600);
        assert_true(fd >= 0);
        close(fd);
        struct stat st;
        assert_int_equal(stat(at("base/created"), &st), 0);
        assert_int_equal(st.st_mode & 0777, 0600);
        /* a link planted where a file is to be written: not followed */
        assert_int_equal(sbx_file_open(at("base/link/new"), bases, 1, SBX_FILE_WRITE, 0644), -ELOOP);
        assert_int_equal(sbx_file_open(at("base/flink"), bases, 1, SBX_FILE_WRITE, 0644), -ELOOP);
        assert_int_equal(access(at("out/new"), F_OK), -1);
        expect_text(at("out/secret"), "secret");
}

static void test_atomic(void **state)
{
        (void)state;
        mode_t old = umask(022);
        alarm(10);
        /* a FIFO, a read-only forged record, a link: each replaced */
        assert_int_equal(mkfifo(at("base/r1"), 0644), 0);
        assert_int_equal(sbx_file_write_atomic(at("base/r1"), bases, 1, "one", 3, 0644, 0), 0);
        expect_text(at("base/r1"), "one");
        put("base/r2", "{\"status\": \"ok\"}", 0444);
        assert_int_equal(sbx_file_write_atomic(at("base/r2"), bases, 1, "two", 3, 0644, SBX_FILE_SYNC), 0);
        expect_text(at("base/r2"), "two");
        struct stat st;
        assert_int_equal(lstat(at("base/r2"), &st), 0);
        assert_int_equal(st.st_mode & 0777, 0644);
        assert_int_equal(symlink(at("out/secret"), at("base/r3")), 0);
        assert_int_equal(sbx_file_write_atomic(at("base/r3"), bases, 1, "three", 5, 0644, 0), 0);
        assert_int_equal(lstat(at("base/r3"), &st), 0);
        assert_true(S_ISREG(st.st_mode));
        expect_text(at("out/secret"), "secret");
        alarm(0);
        /* through a planted folder link: refused, nothing outside */
        assert_int_equal(sbx_file_write_atomic(at("base/link/r4"), bases, 1, "x", 1, 0644, 0), -ELOOP);
        assert_int_equal(count_entries(at("out"), ""), 1);
        /* a directory: refused, untouched, or moved aside when asked */
        assert_int_equal(mkdir(at("base/r5"), 0755), 0);
        put("base/r5/inside", "kept", 0644);
        assert_int_equal(sbx_file_write_atomic(at("base/r5"), bases, 1, "five", 4, 0644, 0), -EISDIR);
        assert_int_equal(mkdir(at("base/r6"), 0755), 0);
        assert_int_equal(sbx_file_write_atomic(at("base/r6"), bases, 1, "six", 3, 0644, 0), -EISDIR);
        assert_int_equal(sbx_file_write_atomic(at("base/r5"), bases, 1, "five", 4, 0644, SBX_FILE_DISPLACE), 0);
        expect_text(at("base/r5"), "five");
        assert_int_equal(count_entries(base, "r5.displaced-"), 1);
        /* no temporary file left behind by any of it */
        assert_int_equal(count_entries(base, "."), 0);
        umask(old);
}

static void test_remove(void **state)
{
        (void)state;
        put("base/gone", "x", 0444);
        assert_int_equal(sbx_file_remove(at("base/gone"), bases, 1), 0);
        assert_int_equal(access(at("base/gone"), F_OK), -1);
        assert_int_equal(sbx_file_remove(at("base/gone"), bases, 1), 0);
        assert_int_equal(symlink(at("out/secret"), at("base/l")), 0);
        assert_int_equal(sbx_file_remove(at("base/l"), bases, 1), 0);
        expect_text(at("out/secret"), "secret");
        assert_int_equal(sbx_file_remove(at("base/sub"), bases, 1), -EISDIR);
        assert_int_equal(sbx_file_remove(at("base/link/secret"), bases, 1), -ELOOP);
        expect_text(at("out/secret"), "secret");
}

static void test_messages(void **state)
{
        (void)state;
        assert_string_equal(sbx_file_strerror(-ELOOP), "a symbolic link where none is followed");
        assert_string_equal(sbx_file_strerror(-ENXIO), "a FIFO without a reader, or a socket");
        assert_string_equal(sbx_file_strerror(-ENOENT), "No such file or directory");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_read),   cmocka_unit_test(test_links_below_base),
                cmocka_unit_test(test_dotdot), cmocka_unit_test(test_kinds),
                cmocka_unit_test(test_write),  cmocka_unit_test(test_atomic),
                cmocka_unit_test(test_remove), cmocka_unit_test(test_messages),
        };
        int failed = cmocka_run_group_tests_name("openat2", tests, use_openat2, teardown);
        failed += cmocka_run_group_tests_name("walk", tests, use_walk, teardown);
        return failed != 0;
}
