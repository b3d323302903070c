/* archive_lazy.c — libarchive, loaded on first use.  libarchive pulls in
 * libxml2 and ICU, whose relocations made every gauntlet start ~20M cycles
 * slower (also `gauntlet run`, `status`, `doctor`, which never touch an
 * archive).  Each libarchive function gauntlet calls is defined here with
 * its exact prototype from <archive.h> and forwards to the real one.
 * gnt_archive_load() loads the library and resolves every one of them,
 * returning an error (a broken install) instead of failing later; the
 * bundle module calls it before it makes a reader or a writer.  A
 * forwarder called first loads the library itself, and fails like
 * libarchive does (NULL, ARCHIVE_FATAL) when it cannot. */
#include <archive.h>
#include <archive_entry.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive_lazy.h"
#include "sbx_file.h"

/* Every function forwarded below, resolved together by gnt_archive_load. */
#define ARCHIVE_FUNCS(X)                                                                                      \
        X(archive_read_new) X(archive_read_free) X(archive_read_support_format_tar)                           \
        X(archive_read_support_format_gnutar) X(archive_read_support_format_zip)                              \
        X(archive_read_support_format_7zip) X(archive_read_support_filter_gzip)                               \
        X(archive_read_support_filter_bzip2) X(archive_read_support_filter_xz)                                \
        X(archive_read_support_filter_lzma) X(archive_read_support_filter_zstd) X(archive_read_open_memory)   \
        X(archive_read_open_filename) X(archive_read_next_header) X(archive_read_data)                        \
        X(archive_filter_bytes) X(archive_errno) X(archive_error_string) X(archive_write_new)                 \
        X(archive_write_free) X(archive_write_close) X(archive_write_set_format_pax_restricted)              \
        X(archive_write_add_filter_gzip) X(archive_write_set_filter_option)                                   \
        X(archive_write_set_bytes_in_last_block) X(archive_write_open_fd) X(archive_write_open)               \
        X(archive_write_header) X(archive_write_data) X(archive_entry_new) X(archive_entry_free)              \
        X(archive_entry_pathname) X(archive_entry_pathname_utf8) X(archive_entry_hardlink)                    \
        X(archive_entry_hardlink_utf8) X(archive_entry_symlink) X(archive_entry_mode)                         \
        X(archive_entry_filetype) X(archive_entry_size) X(archive_entry_size_is_set)                          \
        X(archive_entry_set_pathname) X(archive_entry_set_filetype) X(archive_entry_set_perm)                 \
        X(archive_entry_set_size) X(archive_entry_set_mtime) X(archive_entry_set_uid)                         \
        X(archive_entry_set_gid) X(archive_entry_set_uname) X(archive_entry_set_gname) X(archive_set_error)

#define SLOT(name) SLOT_##name,
enum { ARCHIVE_FUNCS(SLOT) N_SLOTS };
#undef SLOT
#define NAME(name) #name,
static const char *const slot_names[N_SLOTS] = {ARCHIVE_FUNCS(NAME)};
#undef NAME
static void *slots[N_SLOTS];

int gnt_archive_load(char *err, size_t errsz)
{
        static int loaded; /* 1: every slot filled */
        if (loaded)
                return 0;
        void *lib = dlopen(GAUNTLET_LIBARCHIVE_SONAME, RTLD_NOW | RTLD_LOCAL);
        if (!lib)
                return sbx_errf(err, errsz, -ELIBACC, "cannot load %s: %s", GAUNTLET_LIBARCHIVE_SONAME,
                                dlerror());
        for (int i = 0; i < N_SLOTS; i++) {
                void *f = dlsym(lib, slot_names[i]);
                if (!f)
                        return sbx_errf(err, errsz, -ELIBBAD, "%s lacks '%s' (reinstall libarchive)",
                                        GAUNTLET_LIBARCHIVE_SONAME, slot_names[i]);
                slots[i] = f;
        }
        loaded = 1;
        return 0;
}

bool gnt_archive_loaded(void)
{
        return dlopen(GAUNTLET_LIBARCHIVE_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD) != NULL;
}

/* The real function of a slot, loading the library on first use; NULL
 * when it cannot be loaded (gnt_archive_load says why). */
static void *slot(int i)
{
        if (!slots[i])
                (void)gnt_archive_load(NULL, 0);
        return slots[i];
}

/* Define NAME(PARAMS) forwarding ARGS to the real function; FAIL is what
 * it returns when the library cannot be loaded. */
#define LAZY(ret, name, params, args, fail)                             \
        ret name params                                                 \
        {                                                               \
                ret(*real) params = (ret(*) params)slot(SLOT_##name);   \
                if (!real)                                              \
                        return fail;                                    \
                return real args;                                       \
        }
#define LAZY_VOID(name, params, args)                                   \
        void name params                                                \
        {                                                               \
                void(*real) params = (void(*) params)slot(SLOT_##name); \
                if (real)                                               \
                        real args;                                      \
        }

typedef struct archive *archive_p;
typedef struct archive_entry *entry_p;
typedef const char *cstr;

LAZY(archive_p, archive_read_new, (void), (), NULL)
LAZY(int, archive_read_free, (archive_p a), (a), ARCHIVE_FATAL)
LAZY(int, archive_read_support_format_tar, (archive_p a), (a), ARCHIVE_FATAL)
LAZY(int, archive_read_support_format_gnutar, (archive_p a), (a), ARCHIVE_FATAL)
LAZY(int, archive_read_support_format_zip, (archive_p a), (a), ARCHIVE_FATAL)
LAZY(int, archive_read_support_format_7zip, (archive_p a), (a), ARCHIVE_FATAL)
LAZY(int, archive_read_support_filter_gzip, (archive_p a), (a), ARCHIVE_FATAL)
LAZY(int, archive_read_support_filter_bzip2, (archive_p a), (a), ARCHIVE_FATAL)
LAZY(int, archive_read_support_filter_xz, (archive_p a), (a), ARCHIVE_FATAL)
LAZY(int, archive_read_support_filter_lzma, (archive_p a), (a), ARCHIVE_FATAL)
LAZY(int, archive_read_support_filter_zstd, (archive_p a), (a), ARCHIVE_FATAL)
LAZY(int, archive_read_open_memory, (archive_p a, const void *buf, size_t size), (a, buf, size), ARCHIVE_FATAL)
LAZY(int, archive_read_open_filename, (archive_p a, cstr name, size_t block), (a, name, block), ARCHIVE_FATAL)
LAZY(int, archive_read_next_header, (archive_p a, entry_p *e), (a, e), ARCHIVE_FATAL)
LAZY(la_ssize_t, archive_read_data, (archive_p a, void *buf, size_t size), (a, buf, size), ARCHIVE_FATAL)
LAZY(la_int64_t, archive_filter_bytes, (archive_p a, int n), (a, n), -1)
LAZY(int, archive_errno, (archive_p a), (a), ARCHIVE_FATAL)
LAZY(cstr, archive_error_string, (archive_p a), (a), NULL)

LAZY(archive_p, archive_write_new, (void), (), NULL)
LAZY(int, archive_write_free, (archive_p a), (a), ARCHIVE_FATAL)
LAZY(int, archive_write_close, (archive_p a), (a), ARCHIVE_FATAL)
LAZY(int, archive_write_set_format_pax_restricted, (archive_p a), (a), ARCHIVE_FATAL)
LAZY(int, archive_write_add_filter_gzip, (archive_p a), (a), ARCHIVE_FATAL)
LAZY(int, archive_write_set_filter_option, (archive_p a, cstr m, cstr o, cstr v), (a, m, o, v), ARCHIVE_FATAL)
LAZY(int, archive_write_set_bytes_in_last_block, (archive_p a, int n), (a, n), ARCHIVE_FATAL)
LAZY(int, archive_write_open_fd, (archive_p a, int fd), (a, fd), ARCHIVE_FATAL)
LAZY(int, archive_write_open,
     (archive_p a, void *data, archive_open_callback *o, archive_write_callback *w, archive_close_callback *c),
     (a, data, o, w, c), ARCHIVE_FATAL)
LAZY(int, archive_write_header, (archive_p a, entry_p e), (a, e), ARCHIVE_FATAL)
LAZY(la_ssize_t, archive_write_data, (archive_p a, const void *buf, size_t size), (a, buf, size), ARCHIVE_FATAL)

LAZY(entry_p, archive_entry_new, (void), (), NULL)
LAZY_VOID(archive_entry_free, (entry_p e), (e))
LAZY(cstr, archive_entry_pathname, (entry_p e), (e), NULL)
LAZY(cstr, archive_entry_pathname_utf8, (entry_p e), (e), NULL)
LAZY(cstr, archive_entry_hardlink, (entry_p e), (e), NULL)
LAZY(cstr, archive_entry_hardlink_utf8, (entry_p e), (e), NULL)
LAZY(cstr, archive_entry_symlink, (entry_p e), (e), NULL)
LAZY(__LA_MODE_T, archive_entry_mode, (entry_p e), (e), 0)
LAZY(__LA_MODE_T, archive_entry_filetype, (entry_p e), (e), 0)
LAZY(la_int64_t, archive_entry_size, (entry_p e), (e), -1)
LAZY(int, archive_entry_size_is_set, (entry_p e), (e), ARCHIVE_FATAL)
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
        void (*real)(struct archive *, int, const char *, ...) =
                (void (*)(struct archive *, int, const char *, ...))slot(SLOT_archive_set_error);
        if (!real)
                return;
        char msg[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        real(a, err, "%s", msg);
}
