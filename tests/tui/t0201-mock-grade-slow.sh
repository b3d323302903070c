#!/bin/bash
# A mock interview on a library problem, entirely in the screen: the
# reference solution is typed in, submitted with confirmation, and the full
# grading report appears (label: slow; grading takes about half a minute).
set -u
G=${1:?usage: $0 PATH-TO-GAUNTLET}
SRC=${GAUNTLET_SOURCE_DIR:?GAUNTLET_SOURCE_DIR must name the source tree}
command -v tmux >/dev/null || { echo "skip: tmux is not installed"; exit 77; }
mkdir -p "${GAUNTLET_TEST_TMP:-/tmp}"
T=$(mktemp -d "${GAUNTLET_TEST_TMP:-/tmp}/gauntlet-tui.XXXXXX")
# Mock sessions record practice history in the user's data folder: a
# private one, never the real user's.
export XDG_DATA_HOME="$T/xdg-data"
SOCKDIR=$(mktemp -d "${TMPDIR:-/tmp}/gtx.XXXXXX")
SOCK="$SOCKDIR/s"
trap 'tmux -S "$SOCK" kill-server 2>/dev/null; rm -rf "$T" "$SOCKDIR"' EXIT
cd "$T"
fail() { printf 'FAIL: %s\n' "$*" >&2; tmux -S "$SOCK" capture-pane -p -t s >&2; exit 1; }
screen() { tmux -S "$SOCK" capture-pane -p -t s; }
keys() { tmux -S "$SOCK" send-keys -t s "$@"; }
wait_for() {
	local i
	for ((i = 0; i < ${2:-10} * 10; i++)); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	fail "the screen never showed /$1/"
}
"$G" test --help >/dev/null || exit 1
tmux -S "$SOCK" -f /dev/null new-session -d -s s -x 100 -y 30 \
	"cd '$T' && TERM=xterm-256color LANG=C.UTF-8 '$G' start --area concurrency --problem worker-pool --seed 7 --workspace m; sleep 600"
wait_for "mock . Bounded worker pool"
cp "$SRC/problems/worker-pool/reference/pool.go" m/code/pool.go
keys t
wait_for "Results: 3 passed, 0 failed" 300
keys s
wait_for "Submit now\?"
keys y
wait_for "grading in the sandbox" 10
wait_for "Grading report \(worker-pool\)" 600
wait_for "score: [0-9.]+ / 100"
for g in correctness race leak bench vet; do
	screen | grep -qE "  $g +(pass|fail)" || fail "no $g line in the report"
done
screen | grep -qE "correctness +pass +50.0 / 50.0" || fail "the reference did not pass correctness"
"$G" verify m/worker-pool-submission.tar.gz >"$T/v" || { cat "$T/v"; fail "the archive does not verify"; }
exit 0
