/* files.h — small files written safely: writes that a crash leaves old or
 * new (temporary file, fsync, rename, fsync of the folder), mkdir -p.  The
 * lowest piece of the runner: bundles, sessions and batch reviews all use
 * it.  Whole-file reads are sbx_file_read* (sbx_file.h). */
#ifndef GAUNTLET_FILES_H
#define GAUNTLET_FILES_H

#include <stddef.h>

/* Write len bytes to path: a temporary file beside it, fsync, rename, fsync
 * of the folder.  Returns 0 or -errno. */
int gnt_write_atomic(const char *path, const void *buf, size_t len, unsigned mode);

/* fsync a folder (after creating or renaming an entry in it).  0 or -errno. */
int gnt_fsync_dir(const char *dir);

/* mkdir -p with mode; 0 or -errno. */
int gnt_mkdirs(const char *path, unsigned mode);

#endif
