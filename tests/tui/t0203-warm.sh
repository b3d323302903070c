#!/bin/bash
# The screen shows "warming the build cache" in its status line while the
# session's warm-up runs, keeps answering keys meanwhile, and shows the
# full key line once it has ended.  The warm-up is held deterministically:
# this script holds the private cache's warm.lock, so the warm-up waits.
set -u
G=${1:?usage: $0 PATH-TO-GAUNTLET}
SRC=${GAUNTLET_SOURCE_DIR:?GAUNTLET_SOURCE_DIR must name the source tree}
command -v tmux >/dev/null || { echo "skip: tmux is not installed"; exit 77; }
command -v flock >/dev/null || { echo "skip: flock is not installed"; exit 77; }
mkdir -p "${GAUNTLET_TEST_TMP:-/tmp}"
T=$(mktemp -d "${GAUNTLET_TEST_TMP:-/tmp}/gauntlet-tui.XXXXXX")
export XDG_DATA_HOME="$T/xdg-data" XDG_CACHE_HOME="$T/cache"
SOCKDIR=$(mktemp -d "${TMPDIR:-/tmp}/gtx.XXXXXX")
SOCK="$SOCKDIR/s"
HOLDER=
WPID=
cleanup() {
	[ -n "$HOLDER" ] && kill "$HOLDER" 2>/dev/null
	[ -n "$WPID" ] && kill "$WPID" 2>/dev/null
	tmux -S "$SOCK" kill-server 2>/dev/null
	rm -rf "$T" "$SOCKDIR"
}
trap cleanup EXIT
cd "$T"
PROBLEM="$SRC/problems/worker-pool"

fail() { printf "FAIL: %s\n" "$*" >&2; tmux -S "$SOCK" capture-pane -p -t s >&2; exit 1; }
screen() { tmux -S "$SOCK" capture-pane -p -t s; }
wait_for() {
	local i
	for ((i = 0; i < ${2:-10} * 10; i++)); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	fail "the screen never showed /$1/"
}

# The cache's lock, held by this script: a warm-up waits for it.
mkdir -p -m 700 "$T/cache/gauntlet"
# (one process: the shell execs sleep with the locked descriptor)
(exec 9>"$T/cache/gauntlet/warm.lock" && flock 9 && exec sleep 600) </dev/null >/dev/null 2>&1 &
HOLDER=$!
for _ in $(seq 100); do ! flock -n "$T/cache/gauntlet/warm.lock" true && break; sleep 0.05; done

tmux -S "$SOCK" -f /dev/null new-session -d -s s -x 80 -y 24 \
	"cd '$T' && env TERM=xterm-256color LANG=C.UTF-8 XDG_CACHE_HOME='$T/cache' XDG_DATA_HOME='$T/xdg-data' \
	'$G' start '$PROBLEM' --workspace a --mode take-home; echo '[exited]' \$?; sleep 600"
wait_for "warming the build cache" 20
screen | grep -q "e edit · t test · s submit · ? help · q quit" || fail "the warming status line lost the main keys"
WPID=$(head -n 1 a/.gauntlet/warm.lock)
[ -d "/proc/$WPID" ] || fail "no warm-up process '$WPID'"
# the screen is not blocked on it: help opens and closes
tmux -S "$SOCK" send-keys -t s '?'
wait_for "this help" 10
tmux -S "$SOCK" send-keys -t s Escape
# The warm-up ends (stopped here: it would build the standard library):
# the full key line comes back.
kill "$WPID"
WPID=
wait_for "l log · Tab pane" 10
screen | grep -q "warming the build cache" && fail "still shows the warm-up after it ended"
tmux -S "$SOCK" send-keys -t s q
wait_for "\\[exited\\] 0" 10
echo "ok: warming shown while the warm-up runs, gone after"
