#!/bin/bash
# spawn.sh — median spawn time of `gauntlet run -- /bin/true` with full
# isolation (namespaces, pivot_root, cgroups, seccomp) next to bare
# /bin/true, bubblewrap and unshare with comparable options, interleaved.
# usage: bench/spawn.sh [GAUNTLET] [RUNS]   (default: build/runner/gauntlet, 200)
# BASELINE=path/to/another/gauntlet adds its direct and pooled runs as rows
# "base" and "base-prepared" (a change measured against what it changes,
# side by side in one run).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
gauntlet=${1:-$here/../build/runner/gauntlet}
runs=${2:-200}
[ -x "$gauntlet" ] || { echo "spawn.sh: no gauntlet binary at '$gauntlet'" >&2; exit 2; }
if [ -z "${SPAWN_CONFINED:-}" ] && [ "$(id -u)" = 0 ]; then
        SPAWN_CONFINED=1 exec unshare --mount --pid --fork --mount-proc --propagation private \
                env BASELINE="${BASELINE:-}" bash "$0" "$gauntlet" "$runs"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/spawn_time" "$here/spawn_time.c"

# "startup" is the gauntlet front alone (`--version`, answered without the
# sandbox): the part of "gauntlet" that is not the sandbox.  "full" is the
# same run through the full program, which loads ncurses, libsodium and
# cJSON (the front links libc only).
# "prepared" is the same run taken by a pool of prepared sandboxes
# (`gauntlet pool`, started here); every other row runs without it.
export GAUNTLET_POOL=off
"$gauntlet" pool --size 2 --socket "$tmp/pool/pool.sock" 2>"$tmp/pool.log" &
pool_pid=$!
trap 'kill -TERM $pool_pid 2>/dev/null; wait $pool_pid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do grep -q "^gauntlet pool: " "$tmp/pool.log" && break; sleep 0.05; done
grep -q "^gauntlet pool: " "$tmp/pool.log" || { echo "spawn.sh: the pool did not start: $(cat "$tmp/pool.log")" >&2; exit 2; }
args=(bare /bin/true startup "$gauntlet --version" gauntlet "$gauntlet run -- /bin/true"
      prepared "GAUNTLET_POOL=$tmp/pool/pool.sock $gauntlet run -- /bin/true")
base_pid=
if [ -n "${BASELINE:-}" ]; then
        [ -x "$BASELINE" ] || { echo "spawn.sh: no baseline gauntlet at '$BASELINE'" >&2; exit 2; }
        "$BASELINE" pool --size 2 --socket "$tmp/base-pool/pool.sock" 2>"$tmp/base-pool.log" &
        base_pid=$!
        trap 'kill -TERM $pool_pid $base_pid 2>/dev/null; wait $pool_pid $base_pid 2>/dev/null; rm -rf "$tmp"' EXIT
        for _ in $(seq 100); do grep -q "^gauntlet pool: " "$tmp/base-pool.log" && break; sleep 0.05; done
        grep -q "^gauntlet pool: " "$tmp/base-pool.log" ||
                { echo "spawn.sh: the baseline pool did not start: $(cat "$tmp/base-pool.log")" >&2; exit 2; }
        args+=(base "$BASELINE run -- /bin/true"
               base-prepared "GAUNTLET_POOL=$tmp/base-pool/pool.sock $BASELINE run -- /bin/true")
fi
full=$(dirname "$gauntlet")/../libexec/gauntlet/gauntlet
[ -x "$full" ] && args+=(full "$full run -- /bin/true")
if command -v bwrap >/dev/null; then
        args+=(bwrap "bwrap --unshare-all --die-with-parent --ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/lib /lib --symlink usr/lib64 /lib64 --proc /proc --dev /dev --tmpfs /tmp -- /bin/true")
fi
args+=(unshare "unshare -U -r -n -p -f -m -i -u --mount-proc /bin/true")
# SPAWN_GAP_MS=20: a pause after every command (then the pool prepares its
# next sandbox before the next command, but short commands wake idle CPUs).
export SPAWN_GAP_MS=${SPAWN_GAP_MS:-0}
echo "# $(uname -r), $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg), $runs runs each, interleaved, ${SPAWN_GAP_MS} ms apart"
"$tmp/spawn_time" "$runs" "${args[@]}"
