#!/bin/bash
# The screen shows "warming the build cache" in its status line while the
# session's warm-up runs, keeps answering keys meanwhile, and shows the
# full key line once it has ended.  The warm-up is held deterministically:
# this script holds the private cache's warm.lock, so the warm-up waits.
. "$(dirname "$0")/lib.sh"
command -v flock >/dev/null || { echo "skip: flock is not installed"; exit 77; }
export XDG_CACHE_HOME="$T/cache"
HOLDER=
WPID=
extra_cleanup() {
	[ -n "$HOLDER" ] && kill "$HOLDER" 2>/dev/null
	[ -n "$WPID" ] && kill "$WPID" 2>/dev/null
	return 0
}

# The cache's lock, held by this script: a warm-up waits for it.
mkdir -p -m 700 "$T/cache/gauntlet"
# (one process: the shell execs sleep with the locked descriptor)
(exec 9>"$T/cache/gauntlet/warm.lock" && flock 9 && exec sleep 600) </dev/null >/dev/null 2>&1 &
HOLDER=$!
for _ in $(seq 100); do ! flock -n "$T/cache/gauntlet/warm.lock" true && break; sleep 0.05; done

run_in 80 24 TERM=xterm-256color LANG=C.UTF-8 "XDG_CACHE_HOME='$T/cache'" "XDG_DATA_HOME='$T/xdg-data'" \
	"'$G'" start "'$PROBLEM'" --workspace a --mode take-home
wait_for "warming the build cache" 20
screen | grep -q "e edit · t test · s submit · ? help · q quit" || fail "the warming status line lost the main keys"
WPID=$(head -n 1 a/.gauntlet/warm.lock)
[ -d "/proc/$WPID" ] || fail "no warm-up process '$WPID'"
# the screen is not blocked on it: help opens and closes
keys '?'
wait_for "this help" 10
keys Escape
# The warm-up ends (stopped here: it would build the standard library):
# the full key line comes back.
kill "$WPID"
WPID=
wait_for "l log · Tab pane" 10
screen | grep -q "warming the build cache" && fail "still shows the warm-up after it ended"
keys q
wait_for "\\[exited\\] 0" 10
echo "ok: warming shown while the warm-up runs, gone after"
