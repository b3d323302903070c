/* extract.c — hostile-archive-proof extraction.  Every entry is checked
 * (name, type, mode, duplicates, limits) before anything is written, and
 * writing goes through openat()/mkdirat() relative to directory
 * descriptors with O_NOFOLLOW|O_EXCL, never through libarchive's disk
 * writer, so no entry can reach outside the target or overwrite another. */
#include "bundle.h"
#include "archive_lazy.h"
#include "internal.h"
#include "scratch.h"
#include "sbx_file.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MIB (1024ull * 1024)

void gnt_bundle_limits_fill(const struct gnt_bundle_limits *in, struct gnt_bundle_limits *out)
{
        static const struct gnt_bundle_limits def = {
                .archive_bytes = 64 * MIB,
                .entries = 10000,
                .total_bytes = 256 * MIB,
                .file_bytes = 64 * MIB,
                .ratio = 200,
                .path_bytes = 1024,
                .name_bytes = 255,
                .depth = 32,
        };
        *out = def;
        if (!in)
                return;
#define TAKE(f)                 \
        if (in->f)              \
                out->f = in->f;
        TAKE(archive_bytes)
        TAKE(entries)
        TAKE(total_bytes)
        TAKE(file_bytes)
        TAKE(ratio)
        TAKE(path_bytes)
        TAKE(name_bytes)
        TAKE(depth)
#undef TAKE
}

/* ---- writing ---- */

/* Open (creating when asked) each folder of path's parent under rootfd,
 * never following a symlink; returns a descriptor of the parent and sets
 * *base to the last component. */
static int open_parent(int rootfd, char *path, bool create, const char **base)
{
        int fd = fcntl(rootfd, F_DUPFD_CLOEXEC, 3);
        if (fd < 0)
                return -errno;
        char *p = path;
        for (;;) {
                char *slash = strchr(p, '/');
                if (!slash) {
                        *base = p;
                        return fd;
                }
                *slash = '\0';
                if (create && mkdirat(fd, p, 0755) < 0 && errno != EEXIST) {
                        int e = -errno;
                        *slash = '/';
                        close(fd);
                        return e;
                }
                int nfd = openat(fd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                int e = -errno;
                *slash = '/';
                close(fd);
                if (nfd < 0)
                        return e;
                fd = nfd;
                p = slash + 1;
        }
}

struct xstate {
        struct archive *a;
        const struct gnt_bundle_limits *l;
        size_t archive_len;
        uint64_t total, entries;
        size_t files;
        int rootfd;                  /* extracting: the target folder */
        struct gnt_bundle_entries *mem; /* reading into memory instead */
        bool tar_only, files_only;
        const char *kind;            /* "not a KIND archive" */
        struct gnt_bundle_seen seen;
        char *err;
        size_t errsz;
        char quoted[512];
};

/* Count decompressed bytes and stop early when a limit is passed. */
static int account(struct xstate *x, uint64_t file_so_far, uint64_t more)
{
        x->total += more;
        if (file_so_far + more > x->l->file_bytes)
                return sbx_errf(x->err, x->errsz, -EFBIG,
                                "entry '%s': file larger than the limit of %llu bytes", x->quoted,
                                (unsigned long long)x->l->file_bytes);
        if (x->total > x->l->total_bytes)
                return sbx_errf(x->err, x->errsz, -EFBIG,
                                "entry '%s': contents exceed the limit of %llu bytes in total", x->quoted,
                                (unsigned long long)x->l->total_bytes);
        uint64_t un = (uint64_t)archive_filter_bytes(x->a, 0);
        if (un < x->total)
                un = x->total;
        if (un > MIB && un / (x->archive_len ? x->archive_len : 1) > x->l->ratio)
                return sbx_errf(x->err, x->errsz, -EFBIG,
                                "entry '%s': compression ratio above the limit of %u", x->quoted,
                                x->l->ratio);
        return 0;
}

/* Where an entry's content goes: a file being extracted (fd), or memory. */
struct sink {
        int fd;
        char *buf;
        size_t len, cap;
};

static int sink_put(struct xstate *x, struct sink *k, const void *p, size_t n)
{
        if (k->fd >= 0) {
                int r = sbx_file_write_all(k->fd, p, n);
                return r < 0 ? sbx_errf(x->err, x->errsz, r, "entry '%s': cannot write: %s", x->quoted,
                                        gnt_errstr(-r))
                             : 0;
        }
        if (n + 1 > k->cap - k->len) {
                size_t cap = k->cap ? k->cap : 4096;
                while (n + 1 > cap - k->len)
                        cap *= 2;
                char *nb = realloc(k->buf, cap);
                if (!nb)
                        return sbx_errf(x->err, x->errsz, -ENOMEM, "out of memory");
                k->buf = nb;
                k->cap = cap;
        }
        memcpy(k->buf + k->len, p, n);
        k->len += n;
        k->buf[k->len] = '\0';
        return 0;
}

/* Pour the current entry's data (src < 0), or the file src (a hardlink's
 * target extracted earlier), into the sink.  Every byte counts against
 * the limits, so links cannot amplify. */
static int pour(struct xstate *x, int src, struct sink *k)
{
        char buf[65536];
        uint64_t got = 0;
        for (;;) {
                ssize_t n = src < 0 ? (ssize_t)archive_read_data(x->a, buf, sizeof buf) : read(src, buf, sizeof buf);
                if (n < 0 && src >= 0 && errno == EINTR)
                        continue;
                if (n == 0)
                        return 0;
                if (n < 0 && src >= 0)
                        return sbx_errf(x->err, x->errsz, -errno, "entry '%s': cannot read hardlink target",
                                        x->quoted);
                if (n < 0)
                        return sbx_errf(x->err, x->errsz, -EINVAL, "entry '%s': cannot read: %s", x->quoted,
                                        archive_error_string(x->a) ? archive_error_string(x->a)
                                                                   : "truncated");
                int r = account(x, got, (uint64_t)n);
                if (r == 0)
                        r = sink_put(x, k, buf, (size_t)n);
                if (r < 0)
                        return r;
                got += (uint64_t)n;
        }
}

/* Create path (never through a symlink, never over an existing entry) and
 * fill it from src as pour() does. */
static int write_file(struct xstate *x, char *path, int src, mode_t perm)
{
        const char *base;
        int dfd = open_parent(x->rootfd, path, true, &base);
        if (dfd < 0)
                return sbx_errf(x->err, x->errsz, -EINVAL, "entry '%s': cannot create its folder: %s",
                                x->quoted, gnt_errstr(-dfd));
        int fd = openat(dfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, perm);
        int e = errno;
        close(dfd);
        if (fd < 0)
                return sbx_errf(x->err, x->errsz, -EINVAL, "entry '%s': cannot create: %s", x->quoted,
                                gnt_errstr(e));
        struct sink k = {.fd = fd};
        int r = pour(x, src, &k);
        /* The mode given to openat went through the umask: set it exactly. */
        if (r == 0 && fchmod(fd, perm) < 0)
                r = sbx_errf(x->err, x->errsz, -errno, "entry '%s': cannot set mode: %s", x->quoted,
                             gnt_errstr(errno));
        close(fd);
        if (r == 0)
                x->files++;
        return r;
}

/* A hardlink to a regular file extracted earlier: copy its content. */
static int copy_link(struct xstate *x, char *path, char *target, mode_t perm)
{
        const char *sbase;
        int sdir = open_parent(x->rootfd, target, false, &sbase);
        if (sdir < 0)
                return sbx_errf(x->err, x->errsz, -EINVAL, "entry '%s': cannot open hardlink target",
                                x->quoted);
        int src = openat(sdir, sbase, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        close(sdir);
        if (src < 0)
                return sbx_errf(x->err, x->errsz, -EINVAL, "entry '%s': cannot open hardlink target",
                                x->quoted);
        int r = write_file(x, path, src, perm);
        close(src);
        return r;
}

static int make_dir(struct xstate *x, char *path)
{
        char tmp[PATH_MAX + 2];
        snprintf(tmp, sizeof tmp, "%s/", path); /* open_parent creates every component before the last '/' */
        const char *base;
        int fd = open_parent(x->rootfd, tmp, true, &base);
        if (fd < 0)
                return sbx_errf(x->err, x->errsz, -EINVAL, "entry '%s': cannot create folder: %s", x->quoted,
                                gnt_errstr(-fd));
        close(fd);
        return 0;
}

/* Reading into memory: keep the entry (a folder when dir, else a file
 * filled from the archive or, for a hardlink, from the earlier entry).
 * size: what the header says, already checked against the limit. */
static int keep_entry(struct xstate *x, const char *path, bool dir, const char *target, mode_t perm, uint64_t size)
{
        struct gnt_bundle_entries *m = x->mem;
        struct gnt_bundle_entry *nv = realloc(m->v, (m->n + 1) * sizeof *nv);
        if (!nv)
                return sbx_errf(x->err, x->errsz, -ENOMEM, "out of memory");
        m->v = nv;
        struct gnt_bundle_entry e = {.dir = dir, .mode = dir ? 0755 : perm};
        struct sink k = {.fd = -1};
        if (!dir && !target && size > 0 && (k.buf = malloc((size_t)size + 1)))
                k.cap = (size_t)size + 1;
        int r = 0;
        if (target) {
                const struct gnt_bundle_entry *t = NULL;
                for (size_t i = 0; i < m->n && !t; i++)
                        if (!m->v[i].dir && strcmp(m->v[i].name, target) == 0)
                                t = &m->v[i];
                if (!t)
                        return sbx_errf(x->err, x->errsz, -EINVAL, "entry '%s': cannot open hardlink target",
                                        x->quoted);
                if ((r = account(x, 0, t->len)) == 0)
                        r = sink_put(x, &k, t->data, t->len);
        } else if (!dir) {
                r = pour(x, -1, &k);
        }
        if (r == 0 && !dir && !k.buf)
                r = sink_put(x, &k, "", 0); /* an empty file: data is "" all the same */
        if (r == 0 && !(e.name = strdup(path)))
                r = sbx_errf(x->err, x->errsz, -ENOMEM, "out of memory");
        if (r < 0) {
                free(k.buf);
                return r;
        }
        e.data = k.buf;
        e.len = k.len;
        m->v[m->n++] = e;
        if (!dir)
                x->files++;
        return 0;
}

static int one_entry(struct xstate *x, struct archive_entry *e)
{
        char path[PATH_MAX], target[PATH_MAX];
        unsigned depth;
        /* The UTF-8 form where libarchive knows the archive's charset (zip,
         * pax); else the raw bytes, which must then be UTF-8 themselves. */
        const char *raw = archive_entry_pathname_utf8(e);
        if (!raw)
                raw = archive_entry_pathname(e);
        if (!raw)
                return sbx_errf(x->err, x->errsz, -EINVAL, "entry #%llu: name cannot be read",
                                (unsigned long long)x->entries);
        gnt_bundle_quote(raw, x->quoted, sizeof x->quoted);
        const char *why = gnt_bundle_name_check(raw, x->l, path, sizeof path, &depth);
        if (why)
                return sbx_errf(x->err, x->errsz, -EINVAL, "entry '%s': %s", x->quoted, why);

        mode_t mode = archive_entry_mode(e);
        const char *link = archive_entry_hardlink_utf8(e);
        if (!link)
                link = archive_entry_hardlink(e);
        unsigned type = archive_entry_filetype(e);
        if (x->files_only && (link || archive_entry_symlink(e) || (type != AE_IFREG && type != AE_IFDIR)))
                return sbx_errf(x->err, x->errsz, -EINVAL, "entry '%s': not a regular file", x->quoted);
        if (archive_entry_symlink(e) || type == AE_IFLNK)
                return sbx_errf(x->err, x->errsz, -EINVAL, "entry '%s': symlinks are not allowed in a bundle",
                                x->quoted);
        if (!link) {
                switch (type) {
                case AE_IFREG:
                case AE_IFDIR:
                        break;
                case AE_IFCHR:
                case AE_IFBLK:
                        return sbx_errf(x->err, x->errsz, -EINVAL,
                                        "entry '%s': device nodes are not allowed in a bundle", x->quoted);
                case AE_IFIFO:
                        return sbx_errf(x->err, x->errsz, -EINVAL,
                                        "entry '%s': FIFOs are not allowed in a bundle", x->quoted);
                case AE_IFSOCK:
                        return sbx_errf(x->err, x->errsz, -EINVAL,
                                        "entry '%s': sockets are not allowed in a bundle", x->quoted);
                default:
                        return sbx_errf(x->err, x->errsz, -EINVAL, "entry '%s': unsupported entry type",
                                        x->quoted);
                }
        }
        if (mode & (S_ISUID | S_ISGID | S_ISVTX))
                return sbx_errf(x->err, x->errsz, -EINVAL, "entry '%s': setuid, setgid or sticky bit set",
                                x->quoted);
        if (archive_entry_size_is_set(e) && archive_entry_size(e) > 0 &&
            (type == AE_IFDIR || link || (uint64_t)archive_entry_size(e) > x->l->file_bytes)) {
                if (type == AE_IFDIR || link)
                        return sbx_errf(x->err, x->errsz, -EINVAL, "entry '%s': %s with data", x->quoted,
                                        link ? "hardlink" : "folder");
                return sbx_errf(x->err, x->errsz, -EFBIG,
                                "entry '%s': file larger than the limit of %llu bytes", x->quoted,
                                (unsigned long long)x->l->file_bytes);
        }
        if (path[0] == '\0') {
                if (type == AE_IFDIR && !link)
                        return 0; /* "./": the root itself */
                return sbx_errf(x->err, x->errsz, -EINVAL, "entry '%s': empty name", x->quoted);
        }
        if (link) {
                char qt[512];
                unsigned d2;
                gnt_bundle_quote(link, qt, sizeof qt);
                if ((why = gnt_bundle_name_check(link, x->l, target, sizeof target, &d2)) != NULL)
                        return sbx_errf(x->err, x->errsz, -EINVAL, "entry '%s': hardlink target '%s': %s",
                                        x->quoted, qt, why);
                if (!gnt_bundle_seen_is_file(&x->seen, target))
                        return sbx_errf(
                                x->err, x->errsz, -EINVAL,
                                "entry '%s': hardlink target '%s' is not a file earlier in the bundle",
                                x->quoted, qt);
        }
        int rc;
        bool dir = type == AE_IFDIR && !link;
        why = gnt_bundle_seen_record(&x->seen, path, dir ? SEEN_DIR : SEEN_FILE, &rc);
        if (why)
                return sbx_errf(x->err, x->errsz, rc < 0 ? rc : -EINVAL, "entry '%s': %s", x->quoted, why);
        mode_t perm = (mode & 0111) ? 0755 : 0644;
        if (x->mem)
                return keep_entry(x, path, dir, link ? target : NULL, perm,
                                  archive_entry_size_is_set(e) ? (uint64_t)archive_entry_size(e) : 0);
        if (link)
                return copy_link(x, path, target, perm);
        if (dir)
                return make_dir(x, path);
        return write_file(x, path, -1, perm);
}

/* Only the formats and filters bundles need: libarchive's "all" would also
 * enable mtree (whose entries read files of this machine) and filters that
 * run external programs.  tar_only: tar, plain or gzip'd, as
 * gnt_bundle_writer writes it. */
struct archive *gnt_bundle_reader_new(bool tar_only)
{
        struct archive *a = archive_read_new();
        if (!a)
                return NULL;
        archive_read_support_format_tar(a);
        archive_read_support_format_gnutar(a);
        if (!tar_only) {
                archive_read_support_format_zip(a);
                archive_read_support_format_7zip(a);
        }
        archive_read_support_filter_gzip(a);
        if (!tar_only) {
                archive_read_support_filter_bzip2(a);
                archive_read_support_filter_xz(a);
                archive_read_support_filter_lzma(a);
                archive_read_support_filter_zstd(a);
        }
        return a;
}

static int read_entries(struct xstate *x, const void *buf, size_t len);

/* libarchive converts names between the archive's charset and the current
 * locale's; in the "C" locale a UTF-8 zip name cannot be converted at all.
 * Read under C.UTF-8, for this thread only (uselocale), so the process
 * locale is never touched. */
static int read_utf8(struct xstate *x, const void *buf, size_t len)
{
        locale_t u8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
        locale_t old = u8 ? uselocale(u8) : (locale_t)0;
        int r = read_entries(x, buf, len);
        if (u8) {
                uselocale(old);
                freelocale(u8);
        }
        return r;
}

static int read_entries(struct xstate *x, const void *buf, size_t len)
{
        int lr = gnt_archive_load(x->err, x->errsz);
        if (lr < 0)
                return lr;
        x->a = gnt_bundle_reader_new(x->tar_only);
        if (!x->a)
                return -ENOMEM;
        int r = 0;
        if (len == 0)
                return sbx_errf(x->err, x->errsz, -EINVAL, "not a %s archive: empty file", x->kind);
        if (archive_read_open_memory(x->a, buf, len) != ARCHIVE_OK)
                return sbx_errf(x->err, x->errsz, -EINVAL, "not a %s archive: %s", x->kind,
                                archive_error_string(x->a));
        for (;;) {
                struct archive_entry *e;
                int ar = archive_read_next_header(x->a, &e);
                if (ar == ARCHIVE_EOF)
                        break;
                if (ar != ARCHIVE_OK && ar != ARCHIVE_WARN) {
                        const char *s = archive_error_string(x->a);
                        if (x->entries)
                                return sbx_errf(x->err, x->errsz, -EINVAL,
                                                "archive is damaged or truncated: %s", s ? s : "unreadable");
                        return sbx_errf(x->err, x->errsz, -EINVAL, "not a %s archive: %s", x->kind,
                                        s ? s : "unreadable");
                }
                if (++x->entries > x->l->entries)
                        return sbx_errf(x->err, x->errsz, -EFBIG, "more than %llu entries",
                                        (unsigned long long)x->l->entries);
                /* Headers and skipped data decompress too: check the ratio
                 * between entries as well as while reading a file. */
                uint64_t un = (uint64_t)archive_filter_bytes(x->a, 0);
                if (un > MIB && un / (len ? len : 1) > x->l->ratio)
                        return sbx_errf(x->err, x->errsz, -EFBIG, "compression ratio above the limit of %u",
                                        x->l->ratio);
                if ((r = one_entry(x, e)) < 0)
                        return r;
        }
        if (x->entries == 0)
                return sbx_errf(x->err, x->errsz, -EINVAL, "not a %s archive: no entries", x->kind);
        return 0;
}

void gnt_bundle_entries_release(struct gnt_bundle_entries *e)
{
        if (!e)
                return;
        for (size_t i = 0; i < e->n; i++) {
                free(e->v[i].name);
                free(e->v[i].data);
        }
        free(e->v);
        memset(e, 0, sizeof *e);
}

int gnt_bundle_read(const void *buf, size_t len, const struct gnt_bundle_read_opts *opts,
                    struct gnt_bundle_entries *ret, char *err, size_t errsz)
{
        struct gnt_bundle_limits l;
        gnt_bundle_limits_fill(opts ? opts->limits : NULL, &l);
        struct gnt_bundle_entries mem = {0};
        struct xstate x = {
                .l = &l,
                .archive_len = len,
                .rootfd = -1,
                .mem = &mem,
                .tar_only = opts && opts->tar_only,
                .files_only = opts && opts->files_only,
                .kind = opts && opts->kind ? opts->kind : "bundle",
                /* Nothing reaches a file system that could fold letter case. */
                .seen = {.exact = true},
                .err = err,
                .errsz = errsz,
        };
        int r = 0;
        if (len > l.archive_bytes)
                r = sbx_errf(x.err, x.errsz, -EFBIG, "archive is %zu bytes, the limit is %llu", len,
                             (unsigned long long)l.archive_bytes);
        else
                r = read_utf8(&x, buf, len);
        if (x.a)
                archive_read_free(x.a);
        gnt_bundle_seen_release(&x.seen);
        if (r < 0) {
                gnt_bundle_entries_release(&mem);
                return r;
        }
        *ret = mem;
        return 0;
}

static bool dir_is_empty(const char *path)
{
        DIR *d = opendir(path);
        if (!d)
                return false;
        struct dirent *de;
        bool empty = true;
        while (empty && (de = readdir(d)))
                empty = strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0;
        closedir(d);
        return empty;
}

/* rename() replaces an empty folder atomically, so dest may exist empty. */
int gnt_bundle_extract(const void *buf, size_t len, const char *dest, const struct gnt_bundle_limits *limits,
                       size_t *ret_files, char *err, size_t errsz)
{
        struct gnt_bundle_limits l;
        gnt_bundle_limits_fill(limits, &l);
        struct xstate x = {.l = &l, .archive_len = len, .rootfd = -1, .kind = "bundle", .err = err, .errsz = errsz};
        if (len > l.archive_bytes)
                return sbx_errf(x.err, x.errsz, -EFBIG, "archive is %zu bytes, the limit is %llu", len,
                                (unsigned long long)l.archive_bytes);
        struct stat st;
        if (lstat(dest, &st) == 0 && !(S_ISDIR(st.st_mode) && dir_is_empty(dest)))
                return sbx_errf(x.err, x.errsz, -EEXIST, "'%s' already exists and is not an empty folder",
                                dest);
        char dcopy[PATH_MAX], bcopy[PATH_MAX], tmp[PATH_MAX];
        snprintf(dcopy, sizeof dcopy, "%s", dest);
        snprintf(bcopy, sizeof bcopy, "%s", dest);
        int n = snprintf(tmp, sizeof tmp, "%s/.%s.tmp-XXXXXX", dirname(dcopy), basename(bcopy));
        if (n < 0 || (size_t)n >= sizeof tmp)
                return sbx_errf(x.err, x.errsz, -ENAMETOOLONG, "'%s': path too long", dest);
        if (!mkdtemp(tmp))
                return sbx_errf(x.err, x.errsz, -errno, "cannot create a folder beside '%s': %s", dest,
                                gnt_errstr(errno));
        int r = 0;
        x.rootfd = open(tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (x.rootfd < 0) {
                r = sbx_errf(x.err, x.errsz, -errno, "cannot open '%s': %s", tmp, gnt_errstr(errno));
                goto out;
        }
        if ((r = read_utf8(&x, buf, len)) < 0)
                goto out;
        if (fchmod(x.rootfd, 0755) < 0 || rename(tmp, dest) < 0) {
                r = sbx_errf(x.err, x.errsz, -errno, "cannot move the extracted bundle to '%s': %s", dest,
                             gnt_errstr(errno));
                goto out;
        }
        if (ret_files)
                *ret_files = x.files;
out:
        if (x.a)
                archive_read_free(x.a);
        if (x.rootfd >= 0)
                close(x.rootfd);
        gnt_bundle_seen_release(&x.seen);
        if (r < 0)
                sbx_file_rmtree(tmp);
        return r;
}

