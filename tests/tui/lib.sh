# lib.sh — the screen's end-to-end scripts: a private scratch folder and
# data folder, tmux servers on short private sockets (each removed at the
# end), and waits on what the pane shows.  A script may define
# extra_cleanup, run first at exit.
set -u
G=${1:?usage: $0 PATH-TO-GAUNTLET}
SRC=${GAUNTLET_SOURCE_DIR:?GAUNTLET_SOURCE_DIR must name the source tree}
command -v tmux >/dev/null || { echo "skip: tmux is not installed"; exit 77; }
mkdir -p "${GAUNTLET_TEST_TMP:-/tmp}"
T=$(mktemp -d "${GAUNTLET_TEST_TMP:-/tmp}/gauntlet-tui.XXXXXX")
# Mock sessions record practice history in the user's data folder: a
# private one, never the real user's.
export XDG_DATA_HOME="$T/xdg-data"
unset GAUNTLET_PROBLEMS
SOCKDIR=$(mktemp -d "${TMPDIR:-/tmp}/gtx.XXXXXX")
N=0
SOCK="$SOCKDIR/s$N"
tui_cleanup() {
	if declare -F extra_cleanup >/dev/null; then extra_cleanup; fi
	tmux -S "$SOCK" kill-server 2>/dev/null
	rm -rf "$T" "$SOCKDIR"
}
trap tui_cleanup EXIT
cd "$T"
PROBLEM="$SRC/problems/worker-pool"

fail() { printf 'FAIL: %s\n' "$*" >&2; tmux -S "$SOCK" capture-pane -p -t s >&2; exit 1; }
screen() { tmux -S "$SOCK" capture-pane -p -t s; }
keys() { tmux -S "$SOCK" send-keys -t s "$@"; }
# wait_for REGEX [SECONDS]: until the pane shows REGEX.
wait_for() {
	local i
	for ((i = 0; i < ${2:-10} * 10; i++)); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	fail "the screen never showed /$1/"
}
# gone REGEX [SECONDS]: until the pane no longer shows REGEX; false if it
# still does then.  After a key that closes something, a sign the screen
# handled that key (and every key before it).
gone() {
	local i
	for ((i = 0; i < ${2:-10} * 10; i++)); do
		screen | grep -qE -- "$1" || return 0
		sleep 0.1
	done
	return 1
}
# run_in W H ENV... CMD...: a fresh tmux server and session of that size,
# running CMD in $T; "[exited] STATUS" shows when it ends.
run_in() {
	local w=$1 h=$2; shift 2
	tmux -S "$SOCK" kill-server 2>/dev/null
	N=$((N + 1))
	SOCK="$SOCKDIR/s$N" # a fresh server: no race with the old one
	tmux -S "$SOCK" -f /dev/null new-session -d -s s -x "$w" -y "$h" \
		"cd '$T' && env $* ; echo '[exited]' \$?; sleep 600"
}
