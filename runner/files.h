/* files.h — small files read and written safely: whole reads (the one
 * whole-file reader of the runner, following a symlink only when asked),
 * writes that a crash leaves old or new (temporary file, fsync, rename,
 * fsync of the folder), mkdir -p.  The lowest piece of the runner: bundles,
 * sessions and batch reviews all use it. */
#ifndef GAUNTLET_FILES_H
#define GAUNTLET_FILES_H

#include <stddef.h>

/* Write len bytes to path: a temporary file beside it, fsync, rename, fsync
 * of the folder.  Returns 0 or -errno. */
int gnt_write_atomic(const char *path, const void *buf, size_t len, unsigned mode);

/* fsync a folder (after creating or renaming an entry in it).  0 or -errno. */
int gnt_fsync_dir(const char *dir);

/* Flags of gnt_read_file_at. */
enum {
        /* Follow a symlink in the last component: for a path the user named
         * (a bundle, a key).  Without it a symlink is refused (-ELOOP): for
         * files inside a tree that a candidate or an archive controls. */
        GNT_READ_FOLLOW = 1 << 0,
};

/* Read the whole regular file `path` (relative to dirfd; AT_FDCWD for a
 * plain path) of at most max bytes into a NUL-terminated heap buffer *ret
 * (caller frees), its size in *ret_len (may be NULL).  The file is opened
 * non-blocking, so a FIFO is refused rather than waited on.  The buffer is
 * not reallocated for a file that keeps its size, and a buffer given up (a
 * file that grew, a failure) is wiped first: a secret key read here leaves
 * no stray copy on the heap.
 * Returns 0; -ELOOP a symlink (without GNT_READ_FOLLOW); -EISDIR a folder;
 * -EINVAL another file that is not regular; -EFBIG larger than max (also
 * when it grows past max while being read); -ENOMEM; other -errno.
 * Outputs are untouched on failure. */
int gnt_read_file_at(int dirfd, const char *path, size_t max, unsigned flags, char **ret, size_t *ret_len);

/* gnt_read_file_at(AT_FDCWD, path, max, 0, ...): never follows a symlink. */
int gnt_read_file(const char *path, size_t max, char **ret, size_t *ret_len);

/* The same on a descriptor already open (and perhaps locked): the whole
 * file from offset 0, read with pread, so the descriptor's offset does not
 * move.  Same returns, -ELOOP aside. */
int gnt_read_fd(int fd, size_t max, char **ret, size_t *ret_len);

/* mkdir -p with mode; 0 or -errno. */
int gnt_mkdirs(const char *path, unsigned mode);

#endif
