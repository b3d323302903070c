/* pool.h — a caller handing its runs to a pool of prepared sandboxes
 * (docs/sandbox.md "Prepared sandboxes").  A pool keeps sandboxes
 * prepared ahead of their runs: namespaces made, id maps written, the
 * view's base built, cgroups created.  A run takes one, gets what it asks
 * for added (limits, dirs, workdir, policy, network mode, environment),
 * and never shares it: each is used once.  The pool itself is
 * pool_server.h's. */
#ifndef GAUNTLET_SBX_POOL_H
#define GAUNTLET_SBX_POOL_H

#include <stddef.h>

#include "sandbox.h"

#define SBX_POOL_PATH_MAX 108 /* sun_path */

/* Try the pool listening at socket_path first (NULL: never).  A run the
 * pool does not take (none listening, another user's, all busy, a caller
 * it does not serve) runs here as without a pool.  -EINVAL for an empty
 * or too long path. */
int sbx_jail_set_pool(struct sbx_jail *j, const char *socket_path);

/* The pool socket for this user: $GAUNTLET_POOL when set ("off" or "":
 * none, returns -ENOENT), else $XDG_RUNTIME_DIR/gauntlet/pool.sock, else
 * /run/gauntlet/pool.sock for root and /tmp/gauntlet-UID/pool.sock for
 * others.  0, -ENOENT or -ENAMETOOLONG. */
int sbx_pool_path(char *buf, size_t len);

#endif
