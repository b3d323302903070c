/* seal.h — submitting a session and sealing it into a reproducible archive
 * <id>-submission.tar.gz: submission.json, journal.jsonl, code/ (the final
 * snapshot) and blobs/ (every blob the journal refers to, for replay). */
#ifndef GAUNTLET_SESSION_SEAL_H
#define GAUNTLET_SESSION_SEAL_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "session.h"

/* <root>/<id>-submission.tar.gz into buf. */
void gnt_session_archive_path(const struct gnt_session *s, char buf[PATH_MAX]);

/* Take the final snapshot, record the "submit" entry (late and overrun
 * computed against the effective deadline), and seal the archive.  A
 * session already submitted is sealed again from its journal when its
 * archive is missing (a crash between the two steps), which gives the same
 * bytes.  Returns 0, -EALREADY (submitted and the archive exists; the path
 * is still set), -errno (err says what). */
int gnt_session_submit(struct gnt_session *s, char ret_path[PATH_MAX], char *err, size_t errsz);

/* Write the archive of a submitted session to path (atomically). */
int gnt_session_seal(const struct gnt_session *s, const char *path, char *err, size_t errsz);

#endif
