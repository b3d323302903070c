/* files.h — small files read and written safely: whole reads that never
 * follow a symlink, writes that a crash leaves old or new (temporary file,
 * fsync, rename, fsync of the folder), mkdir -p.  Shared by sessions and
 * batch reviews. */
#ifndef GAUNTLET_FILES_H
#define GAUNTLET_FILES_H

#include <stddef.h>

/* Write len bytes to path: a temporary file beside it, fsync, rename, fsync
 * of the folder.  Returns 0 or -errno. */
int gnt_write_atomic(const char *path, const void *buf, size_t len, unsigned mode);

/* fsync a folder (after creating or renaming an entry in it).  0 or -errno. */
int gnt_fsync_dir(const char *dir);

/* Read a whole regular file (no symlinks followed) of at most max bytes into
 * a NUL-terminated heap buffer *ret (caller frees), its size in *ret_len
 * (may be NULL).  Returns 0, -errno, or -EFBIG when larger than max. */
int gnt_read_file(const char *path, size_t max, char **ret, size_t *ret_len);

/* mkdir -p with mode; 0 or -errno. */
int gnt_mkdirs(const char *path, unsigned mode);

#endif
