/* archive_lazy.c — libarchive, loaded on first use.  libarchive pulls in
 * libxml2 and ICU, whose relocations made every gauntlet start ~20M cycles
 * slower (also `gauntlet run`, `status`, `doctor`, which never touch an
 * archive).  Each libarchive function gauntlet calls is defined here with
 * its exact prototype from <archive.h> and forwards to the real one,
 * resolved with dlsym the first time.  If the library cannot be loaded
 * (a broken install), gauntlet says so in one line and exits 2. */
#include <archive.h>
#include <archive_entry.h>
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "archive_lazy.h"

static void *archive_lib(void)
{
        static void *lib;
        if (!lib) {
                lib = dlopen(GAUNTLET_LIBARCHIVE_SONAME, RTLD_NOW | RTLD_LOCAL);
                if (!lib) {
                        fprintf(stderr, "gauntlet: cannot load %s: %s\n", GAUNTLET_LIBARCHIVE_SONAME, dlerror());
                        exit(2);
                }
        }
        return lib;
}

static void *archive_sym(const char *name)
{
        void *f = dlsym(archive_lib(), name);
        if (!f) {
                fprintf(stderr, "gauntlet: %s lacks '%s'\n", GAUNTLET_LIBARCHIVE_SONAME, name);
                exit(2);
        }
        return f;
}

bool gnt_archive_loaded(void)
{
        return dlopen(GAUNTLET_LIBARCHIVE_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD) != NULL;
}

/* Define NAME(PARAMS) forwarding ARGS to the real function. */
#define LAZY(ret, name, params, args)                                  \
        ret name params                                                \
        {                                                              \
                static ret(*real) params;                              \
                if (!real)                                             \
                        real = (ret(*) params)archive_sym(#name);      \
                return real args;                                      \
        }
#define LAZY_VOID(name, params, args)                                  \
        void name params                                               \
        {                                                              \
                static void(*real) params;                             \
                if (!real)                                             \
                        real = (void(*) params)archive_sym(#name);     \
                real args;                                             \
        }

typedef struct archive *archive_p;
typedef struct archive_entry *entry_p;
typedef const char *cstr;

LAZY(archive_p, archive_read_new, (void), ())
LAZY(int, archive_read_free, (archive_p a), (a))
LAZY(int, archive_read_support_format_tar, (archive_p a), (a))
LAZY(int, archive_read_support_format_gnutar, (archive_p a), (a))
LAZY(int, archive_read_support_format_zip, (archive_p a), (a))
LAZY(int, archive_read_support_format_7zip, (archive_p a), (a))
LAZY(int, archive_read_support_filter_gzip, (archive_p a), (a))
LAZY(int, archive_read_support_filter_bzip2, (archive_p a), (a))
LAZY(int, archive_read_support_filter_xz, (archive_p a), (a))
LAZY(int, archive_read_support_filter_lzma, (archive_p a), (a))
LAZY(int, archive_read_support_filter_zstd, (archive_p a), (a))
LAZY(int, archive_read_open_memory, (archive_p a, const void *buf, size_t size), (a, buf, size))
LAZY(int, archive_read_open_filename, (archive_p a, cstr name, size_t block), (a, name, block))
LAZY(int, archive_read_next_header, (archive_p a, entry_p *e), (a, e))
LAZY(la_ssize_t, archive_read_data, (archive_p a, void *buf, size_t size), (a, buf, size))
LAZY(la_int64_t, archive_filter_bytes, (archive_p a, int n), (a, n))
LAZY(int, archive_errno, (archive_p a), (a))
LAZY(cstr, archive_error_string, (archive_p a), (a))

LAZY(archive_p, archive_write_new, (void), ())
LAZY(int, archive_write_free, (archive_p a), (a))
LAZY(int, archive_write_close, (archive_p a), (a))
LAZY(int, archive_write_set_format_pax_restricted, (archive_p a), (a))
LAZY(int, archive_write_add_filter_gzip, (archive_p a), (a))
LAZY(int, archive_write_set_filter_option, (archive_p a, cstr m, cstr o, cstr v), (a, m, o, v))
LAZY(int, archive_write_set_bytes_in_last_block, (archive_p a, int n), (a, n))
LAZY(int, archive_write_open_fd, (archive_p a, int fd), (a, fd))
LAZY(int, archive_write_open,
     (archive_p a, void *data, archive_open_callback *o, archive_write_callback *w, archive_close_callback *c),
     (a, data, o, w, c))
LAZY(int, archive_write_header, (archive_p a, entry_p e), (a, e))
LAZY(la_ssize_t, archive_write_data, (archive_p a, const void *buf, size_t size), (a, buf, size))

LAZY(entry_p, archive_entry_new, (void), ())
LAZY_VOID(archive_entry_free, (entry_p e), (e))
LAZY(cstr, archive_entry_pathname, (entry_p e), (e))
LAZY(cstr, archive_entry_pathname_utf8, (entry_p e), (e))
LAZY(cstr, archive_entry_hardlink, (entry_p e), (e))
LAZY(cstr, archive_entry_hardlink_utf8, (entry_p e), (e))
LAZY(cstr, archive_entry_symlink, (entry_p e), (e))
LAZY(__LA_MODE_T, archive_entry_mode, (entry_p e), (e))
LAZY(__LA_MODE_T, archive_entry_filetype, (entry_p e), (e))
LAZY(la_int64_t, archive_entry_size, (entry_p e), (e))
LAZY(int, archive_entry_size_is_set, (entry_p e), (e))
LAZY_VOID(archive_entry_set_pathname, (entry_p e, cstr p), (e, p))
LAZY_VOID(archive_entry_set_filetype, (entry_p e, unsigned int t), (e, t))
LAZY_VOID(archive_entry_set_perm, (entry_p e, __LA_MODE_T m), (e, m))
LAZY_VOID(archive_entry_set_size, (entry_p e, la_int64_t s), (e, s))
LAZY_VOID(archive_entry_set_mtime, (entry_p e, time_t t, long ns), (e, t, ns))
LAZY_VOID(archive_entry_set_uid, (entry_p e, la_int64_t id), (e, id))
LAZY_VOID(archive_entry_set_gid, (entry_p e, la_int64_t id), (e, id))
LAZY_VOID(archive_entry_set_uname, (entry_p e, cstr n), (e, n))
LAZY_VOID(archive_entry_set_gname, (entry_p e, cstr n), (e, n))

/* Variadic: format here, hand the text over. */
void archive_set_error(struct archive *a, int err, const char *fmt, ...)
{
        static void (*real)(struct archive *, int, const char *, ...);
        if (!real)
                real = (void (*)(struct archive *, int, const char *, ...))archive_sym("archive_set_error");
        char msg[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        real(a, err, "%s", msg);
}
