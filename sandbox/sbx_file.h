/* sbx_file.h — opening and writing the files a supervisor is told to use
 * (a program's redirections, its result record) so that nothing a
 * sandboxed program left behind — a symbolic link, a FIFO, a forged or
 * read-only file, a directory — can redirect, block or stand in for them.
 * libc only, usable by any layer; every function returns -errno on
 * failure.  The rules are in docs/sandbox.md, "What the supervisor opens".
 *
 * Bases.  Every function takes the folders a program may have written
 * into (a run's workdir and its --dir folders: bases, nbases; NULL, 0 for
 * none).  A path is resolved as the caller's own until it reaches one of
 * them (by device and inode, however it is reached); from there on no
 * component may be a symbolic link (-ELOOP) or ".." (-EXDEV): openat2
 * with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS where the kernel has it, a
 * walk with O_NOFOLLOW one component at a time elsewhere.  The last
 * component is never followed, inside a base or not.  A base that does
 * not exist is ignored. */
#ifndef GAUNTLET_SBX_FILE_H
#define GAUNTLET_SBX_FILE_H

#include <stddef.h>

enum {
        /* sbx_file_open: for writing, created with mode when missing, a
         * regular file truncated (else for reading). */
        SBX_FILE_WRITE = 1u << 0,
        /* sbx_file_write_atomic: fsync the file and its folder (a crash
         * leaves the old or the new content). */
        SBX_FILE_SYNC = 1u << 1,
        /* sbx_file_write_atomic: a directory at the path is moved aside
         * (renamed to NAME.displaced-XXXXXXXXXXXX in the same folder)
         * instead of failing with -EISDIR. */
        SBX_FILE_DISPLACE = 1u << 2,
};

/* Open path without ever blocking (O_NONBLOCK at open, cleared after) and
 * return a close-on-exec descriptor.  Reading: a regular file or a
 * character device (/dev/null).  Writing: a regular file (truncated), a
 * character device, or a FIFO that already has a reader.
 * Errors: -ELOOP a symbolic link where none is followed; -EXDEV ".." below
 * a base; -EISDIR a directory; -ENXIO a FIFO without a reader (writing) or
 * a socket; -EINVAL another kind of file (a FIFO for reading, a block
 * device); -ENAMETOOLONG; any other -errno of open. */
int sbx_file_open(const char *path, const char *const *bases, size_t nbases, unsigned flags, unsigned mode);

/* Replace path with len bytes of data at once: a new file (mode, less the
 * umask) is written under a temporary name made with O_EXCL in the same
 * folder and renamed over path, so a reader sees the old file or the
 * whole new one, and whatever was at path (a FIFO, a read-only or forged
 * file, a symbolic link, which is not followed) is replaced, never
 * written into.  flags: SBX_FILE_SYNC, SBX_FILE_DISPLACE.  0, or -errno
 * (the path's folder resolved as above; -EISDIR a directory at path
 * without SBX_FILE_DISPLACE); on failure the temporary file is gone and
 * path untouched. */
int sbx_file_write_atomic(const char *path, const char *const *bases, size_t nbases, const void *data,
                          size_t len, unsigned mode, unsigned flags);

/* Remove whatever non-directory entry is at path (a symbolic link itself,
 * never its target).  0, also when there was nothing; -EISDIR for a
 * directory; other -errno as above or of unlink. */
int sbx_file_remove(const char *path, const char *const *bases, size_t nbases);

/* The folder path names its last component in, resolved as above: an
 * O_PATH | O_CLOEXEC descriptor for the *at() calls (the caller closes
 * it), and the last component copied into name (namelen >= NAME_MAX + 1
 * is always enough).  -EISDIR when path ends in "/", "." or "..". */
int sbx_file_open_parent(const char *path, const char *const *bases, size_t nbases, char *name, size_t namelen);

/* A readable reason for an error of these functions (their own meaning
 * of -ELOOP, -EXDEV, -ENXIO and -EINVAL; strerror for the others). */
const char *sbx_file_strerror(int err);

#endif
