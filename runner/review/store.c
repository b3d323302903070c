/* store.c — content hashes of submissions (archives and folders), atomic
 * writes and bounded copies for review output folders.  Folders are walked
 * through directory descriptors with O_NOFOLLOW: a submission's symlink is
 * hashed as a symlink, never followed. */
#include "store.h"

#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 32

static void to_hex(const unsigned char *h, size_t n, char *out)
{
        static const char digits[] = "0123456789abcdef";
        for (size_t i = 0; i < n; i++) {
                out[2 * i] = digits[h[i] >> 4];
                out[2 * i + 1] = digits[h[i] & 15];
        }
        out[2 * n] = '\0';
}

/* Hash the bytes of fd into st; *total counts against the size limit. */
static int hash_fd(int fd, crypto_hash_sha256_state *st, uint64_t *total)
{
        unsigned char buf[65536];
        for (;;) {
                ssize_t n = read(fd, buf, sizeof buf);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (n == 0)
                        return 0;
                *total += (uint64_t)n;
                if (*total > GNT_REVIEW_MAX_SUBMISSION)
                        return -EFBIG;
                crypto_hash_sha256_update(st, buf, (unsigned long long)n);
        }
}

static int cmp_name(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the entries of dirfd (without . and ..). */
static int list_dir(int dirfd, char ***ret, size_t *ret_n)
{
        int fd = dup(dirfd);
        if (fd < 0)
                return -errno;
        DIR *d = fdopendir(fd);
        if (!d) {
                int e = -errno;
                close(fd);
                return e;
        }
        rewinddir(d);
        char **v = NULL;
        size_t n = 0, cap = 0;
        int r = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
                if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                        continue;
                if (n == cap) {
                        cap = cap ? 2 * cap : 32;
                        char **nv = realloc(v, cap * sizeof *nv);
                        if (!nv) {
                                r = -ENOMEM;
                                break;
                        }
                        v = nv;
                }
                if (!(v[n] = strdup(de->d_name))) {
                        r = -ENOMEM;
                        break;
                }
                n++;
        }
        closedir(d);
        if (r < 0) {
                for (size_t i = 0; i < n; i++)
                        free(v[i]);
                free(v);
                return r;
        }
        qsort(v, n, sizeof *v, cmp_name);
        *ret = v;
        *ret_n = n;
        return 0;
}

static void free_list(char **v, size_t n)
{
        for (size_t i = 0; i < n; i++)
                free(v[i]);
        free(v);
}

/* One record per entry: type letter, relative path, NUL, then for a file
 * its size (decimal), NUL and bytes; for a symlink its target and NUL. */
static int hash_tree(int dirfd, const char *rel, unsigned depth, crypto_hash_sha256_state *st, uint64_t *total)
{
        if (depth > MAX_DEPTH)
                return -ELOOP;
        char **names;
        size_t n;
        int r = list_dir(dirfd, &names, &n);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n && r == 0; i++) {
                char path[4096];
                if ((size_t)snprintf(path, sizeof path, "%s%s%s", rel, *rel ? "/" : "", names[i]) >= sizeof path) {
                        r = -ENAMETOOLONG;
                        break;
                }
                struct stat sb;
                if (fstatat(dirfd, names[i], &sb, AT_SYMLINK_NOFOLLOW) < 0) {
                        r = -errno;
                        break;
                }
                char head[32];
                if (S_ISDIR(sb.st_mode)) {
                        crypto_hash_sha256_update(st, (const unsigned char *)"D", 1);
                        crypto_hash_sha256_update(st, (const unsigned char *)path, strlen(path) + 1);
                        int fd = openat(dirfd, names[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                        if (fd < 0) {
                                r = -errno;
                                break;
                        }
                        r = hash_tree(fd, path, depth + 1, st, total);
                        close(fd);
                } else if (S_ISREG(sb.st_mode)) {
                        crypto_hash_sha256_update(st, (const unsigned char *)"F", 1);
                        crypto_hash_sha256_update(st, (const unsigned char *)path, strlen(path) + 1);
                        int hl = snprintf(head, sizeof head, "%lld", (long long)sb.st_size);
                        crypto_hash_sha256_update(st, (const unsigned char *)head, (unsigned long long)hl + 1);
                        int fd = openat(dirfd, names[i], O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
                        if (fd < 0) {
                                r = -errno;
                                break;
                        }
                        r = hash_fd(fd, st, total);
                        close(fd);
                } else if (S_ISLNK(sb.st_mode)) {
                        char target[4096];
                        ssize_t tl = readlinkat(dirfd, names[i], target, sizeof target - 1);
                        if (tl < 0) {
                                r = -errno;
                                break;
                        }
                        target[tl] = '\0';
                        crypto_hash_sha256_update(st, (const unsigned char *)"L", 1);
                        crypto_hash_sha256_update(st, (const unsigned char *)path, strlen(path) + 1);
                        crypto_hash_sha256_update(st, (const unsigned char *)target, (unsigned long long)tl + 1);
                } else {
                        crypto_hash_sha256_update(st, (const unsigned char *)"S", 1);
                        crypto_hash_sha256_update(st, (const unsigned char *)path, strlen(path) + 1);
                }
        }
        free_list(names, n);
        return r;
}

int gnt_review_hash_path(const char *path, char ret[GNT_REVIEW_HASH_HEX], bool *ret_is_dir)
{
        if (sodium_init() < 0)
                return -EIO;
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        struct stat sb;
        if (fstat(fd, &sb) < 0) {
                int e = -errno;
                close(fd);
                return e;
        }
        crypto_hash_sha256_state st;
        crypto_hash_sha256_init(&st);
        uint64_t total = 0;
        int r;
        bool is_dir = S_ISDIR(sb.st_mode);
        if (is_dir) {
                crypto_hash_sha256_update(&st, (const unsigned char *)"gauntlet-folder-1", 18);
                r = hash_tree(fd, "", 0, &st, &total);
        } else if (S_ISREG(sb.st_mode)) {
                r = hash_fd(fd, &st, &total);
        } else {
                r = -EINVAL;
        }
        close(fd);
        if (r < 0)
                return r;
        unsigned char h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_final(&st, h);
        to_hex(h, sizeof h, ret);
        if (ret_is_dir)
                *ret_is_dir = is_dir;
        return 0;
}

int gnt_review_path(char *buf, size_t size, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(buf, size, fmt, ap);
        va_end(ap);
        return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

unsigned gnt_review_shard_of(const char *hash_hex, unsigned n)
{
        /* The first 16 hex digits as a number: uniform, and independent of
         * the order or the names the submissions were given under. */
        uint64_t v = 0;
        for (int i = 0; i < 16 && hash_hex[i]; i++) {
                char c = hash_hex[i];
                unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10);
                v = (v << 4) | (d & 15);
        }
        return n ? (unsigned)(v % n) + 1 : 1;
}

struct copy_state {
        bool code_only;
        size_t files, bytes;
};

static bool is_code_name(const char *name)
{
        size_t n = strlen(name);
        if (n > 8 && strcmp(name + n - 8, "_test.go") == 0)
                return false;
        return strcmp(name, "go.mod") == 0 || (n > 3 && strcmp(name + n - 3, ".go") == 0) ||
               (n > 2 && (strcmp(name + n - 2, ".c") == 0 || strcmp(name + n - 2, ".h") == 0));
}

static int copy_file_at(int sfd, const char *name, int dfd, off_t size)
{
        int in = openat(sfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (in < 0)
                return -errno;
        int out = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (out < 0) {
                int e = -errno;
                close(in);
                return e;
        }
        char buf[65536];
        int r = 0;
        off_t left = size;
        while (left > 0) {
                ssize_t n = read(in, buf, sizeof buf);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0) {
                        r = n < 0 ? -errno : 0;
                        break;
                }
                if (n > left)
                        n = (ssize_t)left; /* the file grew: copy what was measured */
                if (write(out, buf, (size_t)n) != n) {
                        r = -EIO;
                        break;
                }
                left -= n;
        }
        close(in);
        if (close(out) < 0 && r == 0)
                r = -errno;
        return r;
}

static int copy_dir(int sfd, int dfd, unsigned depth, struct copy_state *cs)
{
        if (depth > 8 && cs->code_only)
                return 0;
        if (depth > MAX_DEPTH)
                return -ELOOP;
        char **names;
        size_t n;
        int r = list_dir(sfd, &names, &n);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n && r == 0; i++) {
                const char *name = names[i];
                struct stat sb;
                if (cs->code_only && name[0] == '.')
                        continue;
                if (fstatat(sfd, name, &sb, AT_SYMLINK_NOFOLLOW) < 0) {
                        r = -errno;
                        break;
                }
                if (S_ISDIR(sb.st_mode)) {
                        int s2 = openat(sfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                        if (s2 < 0) {
                                r = -errno;
                                break;
                        }
                        if (mkdirat(dfd, name, 0755) < 0 && errno != EEXIST) {
                                r = -errno;
                                close(s2);
                                break;
                        }
                        int d2 = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                        if (d2 < 0) {
                                r = -errno;
                                close(s2);
                                break;
                        }
                        r = copy_dir(s2, d2, depth + 1, cs);
                        close(s2);
                        close(d2);
                        /* Leave no empty folders behind in a code copy. */
                        if (r == 0 && cs->code_only)
                                unlinkat(dfd, name, AT_REMOVEDIR);
                        continue;
                }
                if (!S_ISREG(sb.st_mode))
                        continue;
                if (cs->code_only) {
                        if (!is_code_name(name) || sb.st_size > (1 << 20))
                                continue;
                        if (cs->files >= 200 || cs->bytes + (size_t)sb.st_size > ((size_t)8 << 20))
                                continue;
                }
                r = copy_file_at(sfd, name, dfd, sb.st_size);
                cs->files++;
                cs->bytes += (size_t)sb.st_size;
        }
        free_list(names, n);
        return r;
}

static int copy_common(const char *src, const char *dst, struct copy_state *cs)
{
        int sfd = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (sfd < 0)
                return -errno;
        int r = gnt_mkdirs(dst, 0755);
        int dfd = r < 0 ? -1 : open(dst, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (r == 0 && dfd < 0)
                r = -errno;
        if (r == 0)
                r = copy_dir(sfd, dfd, 0, cs);
        close(sfd);
        if (dfd >= 0)
                close(dfd);
        return r;
}

int gnt_review_copy_code(const char *src, const char *dst, size_t *ret_files)
{
        struct copy_state cs = {.code_only = true};
        int r = copy_common(src, dst, &cs);
        if (r == 0 && ret_files)
                *ret_files = cs.files;
        return r;
}

int gnt_review_copy_tree(const char *src, const char *dst)
{
        struct copy_state cs = {.code_only = false};
        return copy_common(src, dst, &cs);
}
