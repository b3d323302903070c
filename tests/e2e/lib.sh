# lib.sh — shared helpers for the end-to-end scripts: a private scratch
# folder, and assertions that say what was expected.
set -u
G=${1:?usage: $0 PATH-TO-GAUNTLET}
T=$(mktemp -d "${TMPDIR:-/tmp}/gauntlet-e2e.XXXXXX")
# Mock sessions record practice history in the user's data folder: a
# private one, never the real user's.
export XDG_DATA_HOME="$T/xdg-data"
trap 'rm -rf "$T"' EXIT
cd "$T"

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
# expect_status WANT CMD...: run CMD, keep stdout in $T/out and stderr in $T/err.
expect_status() {
	local want=$1; shift
	"$@" >"$T/out" 2>"$T/err"
	local got=$?
	[ "$got" -eq "$want" ] || { cat "$T/out" "$T/err" >&2; fail "'$*' exited $got, want $want"; }
}
expect_in() { grep -qE -- "$2" "$1" || { cat "$1" >&2; fail "$1 lacks /$2/"; }; }
expect_not_in() { ! grep -qE -- "$2" "$1" || { cat "$1" >&2; fail "$1 has /$2/"; }; }
