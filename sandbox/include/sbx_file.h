/* sbx_file.h — opening and writing the files a supervisor is told to use
 * (a program's redirections, its result record) so that nothing a
 * sandboxed program left behind — a symbolic link, a FIFO, a forged or
 * read-only file, a directory — can redirect, block or stand in for them.
 * libc only, usable by any layer: every layer reads whole files, writes,
 * and removes trees of hostile content with it too.  Every function
 * returns -errno on failure.  The rules are in docs/sandbox.md, "What the
 * supervisor opens".
 *
 * Bases.  sbx_file_open, _write_atomic, _remove and _open_parent take
 * the folders a program may have written into (a run's workdir and its
 * --dir folders: bases, nbases; NULL, 0 for none).  A path is resolved
 * as the caller's own until it reaches one of them (by device and inode,
 * however it is reached); from there on no
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
        /* sbx_file_read_at: follow a symbolic link in the last component
         * (a path the user named: a bundle, a key); without it -ELOOP. */
        SBX_FILE_FOLLOW = 1u << 3,
        /* sbx_file_read*: a file longer than max gives its first max
         * bytes instead of -EFBIG (a log whose head is the evidence). */
        SBX_FILE_HEAD = 1u << 4,
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

/* Read the whole regular file path (relative to dirfd; AT_FDCWD for a
 * plain path; no bases: the path is the caller's own up to its last
 * component, which is not followed without SBX_FILE_FOLLOW) of at most
 * max bytes into a NUL-terminated heap buffer *ret (the caller frees it),
 * its size in *ret_len (may be NULL).  The file is opened without
 * blocking, so a FIFO is refused rather than waited on.  A buffer given
 * up (a file that grew, a failure) is wiped first: a secret key read here
 * leaves no stray copy on the heap.  flags: SBX_FILE_FOLLOW,
 * SBX_FILE_HEAD.  Returns 0; -ELOOP a symbolic link (without
 * SBX_FILE_FOLLOW); -EISDIR a folder; -EINVAL another file that is not
 * regular; -EFBIG larger than max, also when it grows past max while
 * read (without SBX_FILE_HEAD); -ENOMEM; other -errno.  Outputs are
 * untouched on failure. */
int sbx_file_read_at(int dirfd, const char *path, size_t max, unsigned flags, char **ret, size_t *ret_len);

/* sbx_file_read_at(AT_FDCWD, path, max, flags, ret, ret_len). */
int sbx_file_read(const char *path, size_t max, unsigned flags, char **ret, size_t *ret_len);

/* The same on a descriptor already open (and perhaps locked): the whole
 * file from offset 0, read with pread, so the descriptor's offset does
 * not move.  Same returns, -ELOOP aside. */
int sbx_file_read_fd(int fd, size_t max, unsigned flags, char **ret, size_t *ret_len);

/* Write all len bytes of data to fd, again after a short write or EINTR.
 * 0 or -errno (what was written before a failure stays written). */
int sbx_file_write_all(int fd, const void *data, size_t len);

/* Remove path and everything under it: no symbolic link is followed (one
 * at path is removed itself), a mount point below path is left with what
 * it holds (-EXDEV), a folder swapped for another between its check and
 * its opening is left (-ESTALE), a folder of ours a program made
 * unreadable is given back its owner's rights first, and a hostile nest of
 * folders costs passes, not stack.  path's own folders are the caller's
 * (followed).  Async-signal-safe (no malloc, no stdio): a signal handler
 * may call it.  0, also when there was nothing; -EINVAL for a path ending
 * in "/"; else an -errno met on the way (what could not be removed
 * stays). */
int sbx_file_rmtree(const char *path);

/* The same for the folder name in dirfd that the caller already holds
 * open as fd (and has checked: a lock it took, its owner): emptied
 * through fd, then removed by name; fd stays the caller's to close. */
int sbx_file_rmtree_at(int dirfd, const char *name, int fd);

/* qsort's comparator for an array of names (char *: file names, paths):
 * strcmp's order, the one every listing is sorted in. */
int sbx_file_name_cmp(const void *a, const void *b);

/* Explain a failure and return it in one statement: write fmt (printf's;
 * "%m" in it says strerror(-rc)) into err and return rc, as in
 *     return sbx_errf(err, errsz, -ENOENT, "cannot open '%s': %m", path);
 * Nothing is written when err is NULL or errsz 0; errno is kept.  Here
 * because this header is libc only and every layer includes it. */
int sbx_errf(char *err, size_t errsz, int rc, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A readable reason for an error of these functions (their own meaning
 * of -ELOOP, -EXDEV, -ENXIO and -EINVAL; strerror for the others). */
const char *sbx_file_strerror(int err);

#endif
