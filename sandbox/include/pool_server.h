/* pool_server.h — the pool itself: a master keeping prepared sandboxes
 * and serving the callers of pool.h (docs/sandbox.md "Prepared
 * sandboxes").  For `gauntlet pool` only: a run never needs this. */
#ifndef GAUNTLET_SBX_POOL_SERVER_H
#define GAUNTLET_SBX_POOL_SERVER_H

#include <stddef.h>

#include "pool.h"

struct sbx_pool;

/* Listen at socket_path (its folder made 0700 when missing, and refused
 * unless it is ours and closed to others) and start size workers, each
 * holding one prepared sandbox; returns once the first is ready, with the
 * pool in *ret.  0, or -errno with one line in err (another pool already
 * listening there, a sandbox that cannot be prepared, ...): -EINVAL a
 * relative or too long path or a size out of 1..64; -EADDRINUSE a live
 * pool there; -EEXIST something else than a socket there.  SIGTERM,
 * SIGINT and SIGHUP are blocked in the calling thread from here on. */
int sbx_pool_open(const char *socket_path, unsigned size, struct sbx_pool **ret, char *err, size_t errsz);
/* Serve until SIGTERM, SIGINT or SIGHUP: then stop taking runs, let the
 * runs in progress end, tear every prepared sandbox down, remove the
 * socket.  A second signal ends the runs in progress too.  0, or -errno
 * with one line in err when the pool could not go on. */
int sbx_pool_serve(struct sbx_pool *pool, char *err, size_t errsz);
/* sbx_pool_free(NULL) is a no-op. */
void sbx_pool_free(struct sbx_pool *pool);

#endif
