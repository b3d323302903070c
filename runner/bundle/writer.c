/* writer.c — the one reproducible tar writer, for bundles (pack.c) and
 * sealed submissions (runner/session/seal.c).  Every setting that makes
 * the bytes depend on the machine or the moment is fixed here: format,
 * compression, owner, mtime, modes, and the padding of the last block. */
#include "bundle.h"
#include "archive_lazy.h"
#include "internal.h"
#include "sbx_file.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct gnt_bundle_writer {
        struct archive *a;
        time_t mtime;
        bool in_memory;
        char *buf; /* in memory: the archive so far */
        size_t len, cap;
};

static const char *why(struct archive *a)
{
        const char *s = archive_error_string(a);
        return s ? s : "write error";
}

static la_ssize_t mem_write(struct archive *a, void *ctx, const void *buf, size_t n)
{
        struct gnt_bundle_writer *w = ctx;
        if (n > w->cap - w->len) {
                size_t cap = w->cap ? w->cap : 65536;
                while (cap - w->len < n)
                        cap *= 2;
                char *nb = realloc(w->buf, cap);
                if (!nb) {
                        archive_set_error(a, ENOMEM, "out of memory");
                        return -1;
                }
                w->buf = nb;
                w->cap = cap;
        }
        memcpy(w->buf + w->len, buf, n);
        w->len += n;
        return (la_ssize_t)n;
}

int gnt_bundle_writer_new(int fd, int64_t mtime, struct gnt_bundle_writer **ret, char *err, size_t errsz)
{
        int lr = gnt_archive_load(err, errsz);
        if (lr < 0)
                return lr;
        struct gnt_bundle_writer *w = calloc(1, sizeof *w);
        if (!w || !(w->a = archive_write_new())) {
                free(w);
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        }
        w->mtime = (time_t)mtime;
        w->in_memory = fd < 0;
        /* gzip records no file name and no time stamp; the last block is
         * not padded, whatever the output is (libarchive pads by default
         * when it writes to a device or a callback). */
        if (archive_write_set_format_pax_restricted(w->a) != ARCHIVE_OK ||
            archive_write_add_filter_gzip(w->a) != ARCHIVE_OK ||
            archive_write_set_filter_option(w->a, "gzip", "timestamp", NULL) != ARCHIVE_OK ||
            archive_write_set_filter_option(w->a, "gzip", "compression-level", "9") != ARCHIVE_OK ||
            archive_write_set_bytes_in_last_block(w->a, 1) != ARCHIVE_OK ||
            (w->in_memory ? archive_write_open(w->a, w, NULL, mem_write, NULL)
                          : archive_write_open_fd(w->a, fd)) != ARCHIVE_OK) {
                int r = sbx_errf(err, errsz, -EIO, "%s", why(w->a));
                gnt_bundle_writer_free(w);
                return r;
        }
        *ret = w;
        return 0;
}

static int header(struct gnt_bundle_writer *w, const char *name, bool dir, unsigned mode, int64_t size, char *err,
                  size_t errsz)
{
        struct archive_entry *e = archive_entry_new();
        if (!e)
                return sbx_errf(err, errsz, -ENOMEM, "out of memory");
        archive_entry_set_pathname(e, name);
        archive_entry_set_filetype(e, dir ? AE_IFDIR : AE_IFREG);
        archive_entry_set_perm(e, dir || (mode & 0111) ? 0755 : 0644);
        archive_entry_set_size(e, dir ? 0 : size);
        archive_entry_set_uid(e, 0);
        archive_entry_set_gid(e, 0);
        archive_entry_set_uname(e, "root");
        archive_entry_set_gname(e, "root");
        archive_entry_set_mtime(e, w->mtime, 0);
        int r = archive_write_header(w->a, e) == ARCHIVE_OK
                        ? 0
                        : sbx_errf(err, errsz, -EIO, "'%s': %s", name, why(w->a));
        archive_entry_free(e);
        return r;
}

int gnt_bundle_writer_add_dir(struct gnt_bundle_writer *w, const char *name, char *err, size_t errsz)
{
        return header(w, name, true, 0755, 0, err, errsz);
}

int gnt_bundle_writer_add_data(struct gnt_bundle_writer *w, const char *name, const void *buf, size_t len,
                               unsigned mode, char *err, size_t errsz)
{
        int r = header(w, name, false, mode, (int64_t)len, err, errsz);
        if (r == 0 && len && archive_write_data(w->a, buf, len) != (la_ssize_t)len)
                r = sbx_errf(err, errsz, -EIO, "'%s': %s", name, why(w->a));
        return r;
}

int gnt_bundle_writer_add_file(struct gnt_bundle_writer *w, const char *name, const char *src, unsigned mode,
                               char *err, size_t errsz)
{
        int fd = open(src, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
                int r = sbx_errf(err, errsz, -EINVAL, "'%s': cannot read: %s", name,
                                 fd < 0 ? gnt_errstr(errno) : "not a regular file");
                if (fd >= 0)
                        close(fd);
                return r;
        }
        /* The header says st_size: exactly that many bytes follow, even if
         * the file grows meanwhile; a file that shrinks is an error. */
        int r = header(w, name, false, mode, st.st_size, err, errsz);
        int64_t left = st.st_size;
        char buf[65536];
        while (r == 0 && left > 0) {
                ssize_t n = read(fd, buf, left < (int64_t)sizeof buf ? (size_t)left : sizeof buf);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        r = sbx_errf(err, errsz, -EIO, "'%s': changed while packing", name);
                else if (archive_write_data(w->a, buf, (size_t)n) != n)
                        r = sbx_errf(err, errsz, -EIO, "'%s': %s", name, why(w->a));
                else
                        left -= n;
        }
        close(fd);
        return r;
}

int gnt_bundle_writer_finish(struct gnt_bundle_writer *w, void **ret_buf, size_t *ret_len, char *err, size_t errsz)
{
        if (archive_write_close(w->a) != ARCHIVE_OK)
                return sbx_errf(err, errsz, -EIO, "%s", why(w->a));
        if (w->in_memory) {
                /* An archive is never empty (gzip header, end-of-archive
                 * blocks), so buf is set. */
                *ret_buf = w->buf;
                *ret_len = w->len;
                w->buf = NULL;
                w->len = w->cap = 0;
        }
        return 0;
}

void gnt_bundle_writer_free(struct gnt_bundle_writer *w)
{
        if (!w)
                return;
        if (w->a)
                archive_write_free(w->a);
        free(w->buf);
        free(w);
}
