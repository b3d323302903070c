# lib.sh — helpers for the session scripts: a private scratch folder, a
# problem folder to start from, and assertions that say what was expected.
set -u
G=${1:?usage: $0 PATH-TO-GAUNTLET}
SRC=${GAUNTLET_SOURCE_DIR:?GAUNTLET_SOURCE_DIR must name the source tree}
mkdir -p "${GAUNTLET_TEST_TMP:-/tmp}"
T=$(mktemp -d "${GAUNTLET_TEST_TMP:-/tmp}/gauntlet-session.XXXXXX")
# Mock sessions record practice history in the user's data folder: a
# private one, never the real user's.
export XDG_DATA_HOME="$T/xdg-data"
trap 'rm -rf "$T"' EXIT
cd "$T"
unset GAUNTLET_PROBLEMS

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
# expect_status WANT CMD...: run CMD, stdout in $T/out, stderr in $T/err.
expect_status() {
	local want=$1; shift
	"$@" >"$T/out" 2>"$T/err"
	local got=$?
	[ "$got" -eq "$want" ] || { cat "$T/out" "$T/err" >&2; fail "'$*' exited $got, want $want"; }
}
expect_in() { grep -qE -- "$2" "$1" || { cat "$1" >&2; fail "$1 lacks /$2/"; }; }
expect_not_in() { ! grep -qE -- "$2" "$1" || { cat "$1" >&2; fail "$1 has /$2/"; }; }

# A small problem folder of the shipped library.
PROBLEM="$SRC/problems/worker-pool"
[ -f "$PROBLEM/problem.json" ] || { echo "skip: no $PROBLEM"; exit 77; }

# The public tests need the graders' runner and a Go toolchain.
can_run_tests() {
	"$G" test --session "$1" >"$T/probe" 2>&1
	! grep -q "no Go toolchain" "$T/probe"
}
