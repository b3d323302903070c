/* test_file.c — the supervisor's file module (sbx_file.h), run twice: with
 * openat2 and with the component walk.  A symbolic link is refused below
 * a base however the base is reached, and as the last component anywhere,
 * but followed in the caller's own folders; ".." below a base is refused;
 * nothing blocks (FIFOs for reading, FIFOs without a reader for writing);
 * atomic writes replace FIFOs, read-only files and links, leave no
 * temporary file, refuse or move aside a directory; removal never follows.
 * Once: whole reads (regular files only, capped, never blocking), full
 * writes, tree removal (no link followed, no mount crossed), the error
 * buffer. */
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
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "sbx_file.h"

#include "../skip.h"

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

static void put_bytes(const char *name, const void *data, size_t len)
{
        int fd = open(at(name), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        assert_true(fd >= 0);
        assert_int_equal(sbx_file_write_all(fd, data, len), 0);
        assert_int_equal(close(fd), 0);
}

/* Whole reads: bytes and size exact (a NUL inside included), a link
 * refused unless asked to follow it, folders and FIFOs refused at once,
 * outputs untouched on failure. */
static void test_read_whole(void **state)
{
        (void)state;
        char *buf = (char *)"untouched";
        size_t len = 7;
        put_bytes("base/bin", "hello\0world", 11);
        assert_int_equal(sbx_file_read(at("base/bin"), 11, 0, &buf, &len), 0);
        assert_int_equal(len, 11);
        assert_memory_equal(buf, "hello\0world", 11);
        assert_int_equal(buf[11], '\0');
        free(buf);
        put_bytes("base/empty", "", 0);
        assert_int_equal(sbx_file_read(at("base/empty"), 0, 0, &buf, NULL), 0);
        assert_string_equal(buf, "");
        free(buf);
        buf = (char *)"untouched";
        len = 7;
        assert_int_equal(sbx_file_read(at("base/flink"), 64, 0, &buf, &len), -ELOOP);
        assert_string_equal(buf, "untouched");
        assert_int_equal(len, 7);
        assert_int_equal(sbx_file_read(at("base/flink"), 64, SBX_FILE_FOLLOW, &buf, &len), 0);
        assert_string_equal(buf, "secret");
        free(buf);
        int dfd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        assert_true(dfd >= 0);
        assert_int_equal(sbx_file_read_at(dfd, "flink", 64, 0, &buf, &len), -ELOOP);
        assert_int_equal(sbx_file_read_at(dfd, "sub/g", 64, 0, &buf, &len), 0);
        assert_string_equal(buf, "deep");
        free(buf);
        close(dfd);
        assert_int_equal(sbx_file_read(at("base/sub"), 64, SBX_FILE_FOLLOW, &buf, NULL), -EISDIR);
        alarm(10); /* no writer ever opens the FIFO: a blocking open hangs */
        assert_int_equal(sbx_file_read(at("base/fifo"), 64, SBX_FILE_FOLLOW, &buf, NULL), -EINVAL);
        alarm(0);
        assert_int_equal(sbx_file_read("/dev/null", 64, 0, &buf, NULL), -EINVAL);
        assert_int_equal(sbx_file_read(at("base/missing"), 64, 0, &buf, NULL), -ENOENT);
}

/* The size cap: -EFBIG one byte past it, the head with SBX_FILE_HEAD;
 * a descriptor is read whole from offset 0 and keeps its offset. */
static void test_read_limits(void **state)
{
        (void)state;
        char *buf;
        size_t len;
        put_bytes("base/bin", "hello\0world", 11);
        assert_int_equal(sbx_file_read(at("base/bin"), 10, 0, &buf, &len), -EFBIG);
        assert_int_equal(sbx_file_read(at("base/bin"), 5, SBX_FILE_HEAD, &buf, &len), 0);
        assert_int_equal(len, 5);
        assert_string_equal(buf, "hello");
        free(buf);
        enum { BIG = 3 << 20 };
        char *data = malloc(BIG);
        assert_non_null(data);
        for (size_t i = 0; i < BIG; i++)
                data[i] = (char)(i * 7);
        put_bytes("big", data, BIG);
        assert_int_equal(sbx_file_read(at("big"), BIG, 0, &buf, &len), 0);
        assert_int_equal(len, BIG);
        assert_memory_equal(buf, data, BIG);
        free(buf);
        assert_int_equal(sbx_file_read(at("big"), BIG - 1, 0, &buf, &len), -EFBIG);
        assert_int_equal(sbx_file_read(at("big"), BIG - 1, SBX_FILE_HEAD, &buf, &len), 0);
        assert_int_equal(len, BIG - 1);
        assert_memory_equal(buf, data, BIG - 1);
        free(buf);
        free(data);
        int fd = open(at("base/bin"), O_RDONLY | O_CLOEXEC);
        assert_true(fd >= 0);
        assert_int_equal(lseek(fd, 3, SEEK_SET), 3);
        assert_int_equal(sbx_file_read_fd(fd, 64, 0, &buf, &len), 0);
        assert_int_equal(len, 11);
        assert_memory_equal(buf, "hello\0world", 11);
        assert_int_equal(lseek(fd, 0, SEEK_CUR), 3);
        free(buf);
        close(fd);
}

/* write_all goes on past a short write: a pipe smaller than the data,
 * drained by a child. */
static void test_write_all(void **state)
{
        (void)state;
        enum { N = 1 << 20 };
        int p[2];
        assert_int_equal(pipe(p), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                close(p[1]);
                char b[4096];
                size_t got = 0;
                for (ssize_t n; (n = read(p[0], b, sizeof b)) > 0;)
                        got += (size_t)n;
                _exit(got == N ? 0 : 1);
        }
        close(p[0]);
        char *data = calloc(1, N);
        assert_non_null(data);
        assert_int_equal(sbx_file_write_all(p[1], data, N), 0);
        close(p[1]);
        free(data);
        int st;
        assert_int_equal(waitpid(pid, &st, 0), pid);
        assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
        assert_int_equal(sbx_file_write_all(-1, "x", 1), -EBADF);
}

/* Tree removal: links inside removed, never followed (one at the top
 * too); a folder a program made unreadable emptied; a nest deeper than the
 * recursion goes; nothing there is fine. */
static void test_rmtree(void **state)
{
        (void)state;
        char deep[PATH_MAX];
        assert_int_equal(mkdir(at("t"), 0755), 0);
        assert_int_equal(mkdir(at("t/a"), 0755), 0);
        put("t/a/f", "x", 0444);
        assert_int_equal(symlink(at("out"), at("t/a/out")), 0);
        assert_int_equal(symlink(at("out/secret"), at("t/s")), 0);
        assert_int_equal(mkdir(at("t/locked"), 0755), 0);
        put("t/locked/f", "x", 0644);
        assert_int_equal(chmod(at("t/locked"), 0), 0);
        snprintf(deep, sizeof deep, "%s", at("t"));
        for (int i = 0; i < 200; i++) {
                size_t n = strlen(deep);
                snprintf(deep + n, sizeof deep - n, "/d");
                assert_int_equal(mkdir(deep, 0700), 0);
        }
        assert_int_equal(symlink(at("out"), at("topl")), 0);
        assert_int_equal(sbx_file_rmtree(at("topl")), 0);
        assert_int_equal(sbx_file_rmtree(at("t")), 0);
        assert_int_equal(access(at("t"), F_OK), -1);
        assert_int_equal(access(at("topl"), F_OK), -1);
        expect_text(at("out/secret"), "secret");
        assert_int_equal(count_entries(at("out"), ""), 1);
        assert_int_equal(sbx_file_rmtree(at("t")), 0);
        assert_int_equal(sbx_file_rmtree(at("none/t")), 0);
        assert_int_equal(sbx_file_rmtree(at("base/")), -EINVAL);
        put("lone", "x", 0644);
        assert_int_equal(sbx_file_rmtree(at("lone")), 0);
        assert_int_equal(access(at("lone"), F_OK), -1);
}

/* A mount point below the tree is left, and so the folders above it:
 * needs a mount namespace of our own (skipped without): its own ctest
 * entry (`test_sandbox_file mount`, sandbox.file-mount), so that a skip
 * shows as one. */
static void test_rmtree_mount(void **state)
{
        (void)state;
        assert_int_equal(mkdir(at("m"), 0755), 0);
        assert_int_equal(mkdir(at("m/mnt"), 0755), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0 && unshare(CLONE_NEWNS) < 0)
                        _exit(77);
                if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
                    mount("tmpfs", at("m/mnt"), "tmpfs", 0, NULL) < 0)
                        _exit(77);
                struct stat top, mnt;
                if (sbx_file_rmtree(at("m")) != -EXDEV)
                        _exit(3);
                /* still there, still the other file system */
                _exit(stat(at("m"), &top) == 0 && stat(at("m/mnt"), &mnt) == 0 && top.st_dev != mnt.st_dev
                              ? 0
                              : 4);
        }
        int st;
        assert_int_equal(waitpid(pid, &st, 0), pid);
        assert_true(WIFEXITED(st));
        if (WEXITSTATUS(st) == 77)
                SKIP("no mount namespace of our own");
        assert_int_equal(WEXITSTATUS(st), 0);
}

/* The error buffer: the message, "%m" as strerror(-rc), the return, errno
 * kept, NULL or 0 bytes left alone, cut to size. */
static void test_errf(void **state)
{
        (void)state;
        char err[64] = "";
        errno = EAGAIN;
        assert_int_equal(sbx_errf(err, sizeof err, -ENOENT, "cannot open '%s': %m", "x"), -ENOENT);
        assert_string_equal(err, "cannot open 'x': No such file or directory");
        assert_int_equal(errno, EAGAIN);
        assert_int_equal(sbx_errf(err, sizeof err, -1, "option '--%s'", "y"), -1);
        assert_string_equal(err, "option '--y'");
        assert_int_equal(sbx_errf(NULL, 0, -EIO, "z"), -EIO);
        assert_int_equal(sbx_errf(err, 0, -EIO, "z"), -EIO);
        assert_string_equal(err, "option '--y'");
        assert_int_equal(sbx_errf(err, 4, 0, "%s", "abcdef"), 0);
        assert_string_equal(err, "abc");
}

static void test_name_order(void **state)
{
        (void)state;
        const char *v[] = {"b", "a/c", "B", "a"};
        qsort(v, 4, sizeof *v, sbx_file_name_cmp);
        assert_string_equal(v[0], "B");
        assert_string_equal(v[1], "a");
        assert_string_equal(v[2], "a/c");
        assert_string_equal(v[3], "b");
}

static void test_messages(void **state)
{
        (void)state;
        assert_string_equal(sbx_file_strerror(-ELOOP), "a symbolic link where none is followed");
        assert_string_equal(sbx_file_strerror(-ENXIO), "a FIFO without a reader, or a socket");
        assert_string_equal(sbx_file_strerror(-ENOENT), "No such file or directory");
}

int main(int argc, char **argv)
{
        if (argc > 1 && strcmp(argv[1], "mount") == 0) {
                const struct CMUnitTest mount_case[] = {
                        cmocka_unit_test(test_rmtree_mount),
                };
                int failed = cmocka_run_group_tests_name("mount", mount_case, setup, teardown);
                return SKIP_EXIT(failed, 1);
        }
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_read),   cmocka_unit_test(test_links_below_base),
                cmocka_unit_test(test_dotdot), cmocka_unit_test(test_kinds),
                cmocka_unit_test(test_write),  cmocka_unit_test(test_atomic),
                cmocka_unit_test(test_remove), cmocka_unit_test(test_messages),
        };
        const struct CMUnitTest once[] = {
                cmocka_unit_test(test_read_whole), cmocka_unit_test(test_read_limits),
                cmocka_unit_test(test_write_all),  cmocka_unit_test(test_rmtree),
                cmocka_unit_test(test_errf),
                cmocka_unit_test(test_name_order),
        };
        int failed = cmocka_run_group_tests_name("openat2", tests, use_openat2, teardown);
        failed += cmocka_run_group_tests_name("walk", tests, use_walk, teardown);
        failed += cmocka_run_group_tests_name("read, write, remove", once, setup, teardown);
        return failed != 0;
}
