/* store.h — the files of a review output folder: content hashes of
 * submissions, atomic writes, copies of candidate code, folder removal.
 * Library code: returns 0 or -errno, never prints. */
#ifndef GAUNTLET_REVIEW_STORE_H
#define GAUNTLET_REVIEW_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "files.h"

#define GNT_REVIEW_HASH_HEX 65

/* Largest submission hashed or read (archive bytes, or a folder's files). */
#define GNT_REVIEW_MAX_SUBMISSION ((uint64_t)256 << 20)

/* The content hash of a submission: SHA-256 of an archive's bytes, or of a
 * canonical listing of a folder (every entry by sorted relative path: its
 * type, and a file's size and bytes, a symlink's target), as hex.  The
 * same bytes give the same hash wherever they lie.  *ret_is_dir tells which
 * kind path is.  Errors: -ENOENT, -EFBIG (over GNT_REVIEW_MAX_SUBMISSION),
 * -ELOOP (a folder nested too deep), other -errno. */
int gnt_review_hash_path(const char *path, char ret[GNT_REVIEW_HASH_HEX], bool *ret_is_dir);

/* snprintf into a path buffer; -ENAMETOOLONG when it does not fit (buf
 * then holds a cut string that must not be used). */
int gnt_review_path(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Shard of a hash for N shards: 1..N (K of --shard K/N). */
unsigned gnt_review_shard_of(const char *hash_hex, unsigned n);

/* Copy the source files of src (Go: *.go except *_test.go, go.mod; C:
 * *.c, *.h) into dst (created), keeping relative paths.  Only regular
 * files; symlinks, special files, dot files and files over 1 MiB are left
 * out; at most 200 files and 8 MiB in all.  *ret_files (may be NULL) gets
 * the number copied. */
int gnt_review_copy_code(const char *src, const char *dst, size_t *ret_files);

/* Copy every regular file of the tree src into dst (created), recursively;
 * used to move a submission's folder between output folders. */
int gnt_review_copy_tree(const char *src, const char *dst);

#endif
