/* workspace.h — where a session is when the candidate is not inside it,
 * and which workspace file the editor opens first. */
#ifndef GAUNTLET_SESSION_WORKSPACE_H
#define GAUNTLET_SESSION_WORKSPACE_H

#include <limits.h>
#include <stddef.h>

#include "session.h"

/* The one session folder directly below dir (e.g. gauntlet-worker-pool/
 * beside where `start` was run).  0 with its absolute path in ret_root;
 * -ENOENT when there is none, -EEXIST when there are several (err names
 * them), -errno. */
int gnt_session_find_below(const char *dir, char ret_root[PATH_MAX], char *err, size_t errsz);

/* The workspace file a candidate edits first, relative to s->code: among
 * the starter's source files (the start entry's snapshot) still present,
 * main.c or the first C file for C, else the largest.  0, -ENOENT (none:
 * open the folder), -errno. */
int gnt_session_main_file(const struct gnt_session *s, char *ret, size_t size);

/* The statement as the candidate reads it: the number of its "Time
 * budget: N minutes" sentence replaced by this session's minutes (a mock's
 * --minutes, a ticket's extra time), or such a sentence added under the
 * title when there is none.  0 with a malloc'd text, -EINVAL, -ENOMEM. */
int gnt_statement_set_minutes(const char *text, size_t len, double minutes, char **ret, size_t *ret_len);

#endif
