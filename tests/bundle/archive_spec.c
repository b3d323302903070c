/* archive_spec.c — text spec → archive bytes, with libarchive's writer. */
#include "archive_spec.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

size_t spec_max_bytes = 64u << 20;

static size_t decode(const char *in, size_t n, char *out, size_t sz)
{
        size_t o = 0;
        for (size_t i = 0; i < n && o + 1 < sz; i++) {
                if (in[i] != '\\' || i + 1 >= n) {
                        out[o++] = in[i];
                        continue;
                }
                char c = in[++i];
                if (c == 'n')
                        out[o++] = '\n';
                else if (c == 's')
                        out[o++] = ' ';
                else if (c == 'x' && i + 2 < n) {
                        char hex[3] = {in[i + 1], in[i + 2], 0};
                        out[o++] = (char)strtoul(hex, NULL, 16);
                        i += 2;
                } else
                        out[o++] = c;
        }
        out[o] = '\0';
        return o;
}

/* Split a line into up to 4 whitespace-separated words. */
static int words(const char *line, size_t n, const char **w, size_t *wl, int max)
{
        int k = 0;
        size_t i = 0;
        while (i < n && k < max) {
                while (i < n && (line[i] == ' ' || line[i] == '\t'))
                        i++;
                if (i >= n)
                        break;
                w[k] = line + i;
                while (i < n && line[i] != ' ' && line[i] != '\t')
                        i++;
                wl[k] = (size_t)(line + i - w[k]);
                k++;
        }
        return k;
}

static bool is(const char *w, size_t l, const char *s)
{
        return strlen(s) == l && memcmp(w, s, l) == 0;
}

int spec_expect(const char *spec, char *buf, size_t sz)
{
        const char *p = strstr(spec, "# expect: ");
        if (!p)
                return -1;
        p += strlen("# expect: ");
        if (strncmp(p, "ok", 2) == 0)
                return 1;
        if (strncmp(p, "reject ", 7) != 0)
                return -1;
        p += 7;
        size_t n = strcspn(p, "\n");
        snprintf(buf, sz, "%.*s", (int)n, p);
        return 0;
}

void *spec_build(const char *spec, size_t len, size_t *ret_len)
{
        /* First pass: format and filter. */
        int format = 0, filter = 1; /* tar; gzip */
        size_t cap = spec_max_bytes;
        char *out = malloc(cap);
        struct archive *a = archive_write_new();
        struct archive_entry *e = NULL;
        char *zeros = NULL;
        bool ok = out && a;
        const char *s = spec, *end = spec + len;
        while (ok && s < end) {
                const char *nl = memchr(s, '\n', (size_t)(end - s));
                size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
                const char *w[4];
                size_t wl[4];
                int k = words(s, n, w, wl, 2);
                if (k == 2 && is(w[0], wl[0], "format"))
                        format = is(w[1], wl[1], "zip") ? 1 : is(w[1], wl[1], "7zip") ? 2 : 0;
                if (k == 2 && is(w[0], wl[0], "filter"))
                        filter = is(w[1], wl[1], "none")   ? 0
                                 : is(w[1], wl[1], "xz")   ? 2
                                 : is(w[1], wl[1], "zstd") ? 3
                                 : is(w[1], wl[1], "bzip2") ? 4
                                                           : 1;
                s = nl ? nl + 1 : end;
        }
        if (ok) {
                if (format == 1)
                        ok = archive_write_set_format_zip(a) == ARCHIVE_OK;
                else if (format == 2)
                        ok = archive_write_set_format_7zip(a) == ARCHIVE_OK;
                else
                        ok = archive_write_set_format_pax_restricted(a) == ARCHIVE_OK;
        }
        if (ok && format == 0) {
                int r = filter == 0   ? archive_write_add_filter_none(a)
                        : filter == 2 ? archive_write_add_filter_xz(a)
                        : filter == 3 ? archive_write_add_filter_zstd(a)
                        : filter == 4 ? archive_write_add_filter_bzip2(a)
                                      : archive_write_add_filter_gzip(a);
                ok = r == ARCHIVE_OK || r == ARCHIVE_WARN;
        }
        size_t used = 0;
        ok = ok && archive_write_open_memory(a, out, cap, &used) == ARCHIVE_OK;
        for (s = spec; ok && s < end;) {
                const char *nl = memchr(s, '\n', (size_t)(end - s));
                size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
                const char *w[4];
                size_t wl[4];
                int k = words(s, n, w, wl, 4);
                s = nl ? nl + 1 : end;
                if (k == 0 || w[0][0] == '#' || is(w[0], wl[0], "format") || is(w[0], wl[0], "filter") ||
                    is(w[0], wl[0], "limit"))
                        continue;
                static char name[4096], arg[4096], content[65536];
                if (k < 2) {
                        ok = false;
                        break;
                }
                decode(w[1], wl[1], name, sizeof name);
                size_t clen = 0;
                if (k >= 3)
                        decode(w[2], wl[2], arg, sizeof arg);
                else
                        arg[0] = '\0';
                if (k >= 4)
                        clen = decode(w[3], wl[3], content, sizeof content);
                e = archive_entry_new();
                archive_entry_set_pathname(e, name);
                archive_entry_set_mtime(e, 0, 0);
                unsigned long mode = strtoul(arg, NULL, 8);
                unsigned long long count = 0;
                if (is(w[0], wl[0], "file")) {
                        archive_entry_set_filetype(e, AE_IFREG);
                        archive_entry_set_perm(e, (mode_t)mode);
                        archive_entry_set_size(e, (la_int64_t)clen);
                } else if (is(w[0], wl[0], "zeros")) {
                        count = strtoull(arg, NULL, 10);
                        if (count > cap / 2)
                                count = cap / 2;
                        archive_entry_set_filetype(e, AE_IFREG);
                        archive_entry_set_perm(e, 0644);
                        archive_entry_set_size(e, (la_int64_t)count);
                } else if (is(w[0], wl[0], "size")) {
                        archive_entry_set_filetype(e, AE_IFREG);
                        archive_entry_set_perm(e, 0644);
                        archive_entry_set_size(e, (la_int64_t)strtoull(arg, NULL, 10));
                } else if (is(w[0], wl[0], "dir")) {
                        archive_entry_set_filetype(e, AE_IFDIR);
                        archive_entry_set_perm(e, (mode_t)mode);
                } else if (is(w[0], wl[0], "symlink")) {
                        archive_entry_set_filetype(e, AE_IFLNK);
                        archive_entry_set_perm(e, 0777);
                        archive_entry_set_symlink(e, arg);
                } else if (is(w[0], wl[0], "hardlink")) {
                        archive_entry_set_filetype(e, AE_IFREG);
                        archive_entry_set_perm(e, 0644);
                        archive_entry_set_hardlink(e, arg);
                } else if (is(w[0], wl[0], "chr") || is(w[0], wl[0], "blk")) {
                        archive_entry_set_filetype(e, is(w[0], wl[0], "chr") ? AE_IFCHR : AE_IFBLK);
                        archive_entry_set_perm(e, 0666);
                        archive_entry_set_rdev(e, 0x0103);
                } else if (is(w[0], wl[0], "fifo")) {
                        archive_entry_set_filetype(e, AE_IFIFO);
                        archive_entry_set_perm(e, 0644);
                } else {
                        ok = false;
                }
                int r = ok ? archive_write_header(a, e) : ARCHIVE_FATAL;
                ok = ok && (r == ARCHIVE_OK || r == ARCHIVE_WARN);
                if (ok && clen)
                        ok = archive_write_data(a, content, clen) == (la_ssize_t)clen;
                if (ok && count) {
                        if (!zeros)
                                zeros = calloc(1, 65536);
                        while (ok && count) {
                                size_t c = count > 65536 ? 65536 : (size_t)count;
                                ok = zeros && archive_write_data(a, zeros, c) == (la_ssize_t)c;
                                count -= c;
                        }
                }
                archive_entry_free(e);
                e = NULL;
        }
        if (a) {
                /* "size" entries leave their data short: close may complain. */
                archive_write_close(a);
                archive_write_free(a);
        }
        free(zeros);
        if (!ok) {
                free(out);
                return NULL;
        }
        *ret_len = used;
        return out;
}
