# glib.sh — helpers for the graders' end-to-end scripts, on top of the
# shared tests/e2e/lib.sh: fixture paths, and skips when the machine cannot
# sandbox or has no toolchain.
. "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"
FIX=$(cd "$(dirname "${BASH_SOURCE[0]}")/fixtures" && pwd)
export XDG_CACHE_HOME=${XDG_CACHE_HOME:-$T/cache}
mkdir -p "$XDG_CACHE_HOME"
need_sandbox() {
	"$G" run -- /bin/true >/dev/null 2>&1 || { echo "skip: the sandbox cannot run here (see 'gauntlet doctor')"; exit 77; }
}
need_go() {
	command -v go >/dev/null || [ -x /usr/local/go/bin/go ] || [ -n "${GAUNTLET_GO:-}" ] ||
		{ echo "skip: no Go toolchain"; exit 77; }
}
need_cc() {
	command -v cc >/dev/null || { echo "skip: no C compiler"; exit 77; }
}
# json_get FILE EXPR: a value from a JSON report (python3 reads it).
json_get() {
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"r": r, "g": {x["name"]: x for x in r.get("graders", [])}}))' "$1" "$2"
}
# private_tmpdir: TMPDIR is a fresh folder of this test's, so its scratch
# folders are the only ones there
private_tmpdir() {
	export TMPDIR=$T/tmp
	mkdir -p "$TMPDIR"
}
# wait_build N: until N gradings' scratch folders in $TMPDIR have started
# a sandboxed step (their first output log exists)
wait_build() {
	for _ in $(seq 600); do
		[ "$(find "$TMPDIR" -mindepth 3 -maxdepth 3 -path '*/gauntlet-grade-*/out/*.log' | wc -l)" -ge "$1" ] && return 0
		sleep 0.05
	done
	fail "no grading reached its build"
}
