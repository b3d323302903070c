/* archive_spec.h — build an archive in memory from a small text spec, so
 * hostile bundles live as readable data (the .spec files of tests/fuzz/corpus/extract)
 * replayed by the unit tests and reused as fuzz seeds.
 *
 * One directive per line ('#' starts a comment line):
 *   format tar|zip|7zip         (default tar)
 *   filter gzip|none|xz|zstd|bzip2 (default gzip; ignored for zip and 7zip)
 *   file NAME MODE [CONTENT]    regular file; MODE octal (may carry 4000 etc.)
 *   zeros NAME COUNT            regular file of COUNT zero bytes
 *   dir NAME MODE
 *   symlink NAME TARGET
 *   hardlink NAME TARGET
 *   chr NAME / blk NAME / fifo NAME
 *   size NAME DECLARED          an entry header declaring DECLARED bytes, no data
 *   limit FIELD VALUE           a struct gnt_bundle_limits field for the replay
 * NAME, TARGET and CONTENT are single words where \xNN, \n, \s (space) and
 * \\ are decoded.  A line "# expect: ok" or "# expect: reject TEXT" gives
 * the verdict a replay checks. */
#ifndef GAUNTLET_TEST_ARCHIVE_SPEC_H
#define GAUNTLET_TEST_ARCHIVE_SPEC_H

#include <stddef.h>

/* Most bytes an archive may take (64 MiB by default); "zeros" entries are
 * cut to half of it.  The fuzz target lowers it to stay fast. */
extern size_t spec_max_bytes;

/* Build the archive described by spec (len bytes).  Returns a malloc'd
 * buffer and its size in *ret_len, or NULL when the spec is malformed or
 * libarchive refuses an entry. */
void *spec_build(const char *spec, size_t len, size_t *ret_len);

/* The expectation line of a spec: 1 ok, 0 reject (why copied to buf), -1
 * none. */
int spec_expect(const char *spec, char *buf, size_t sz);

#endif
