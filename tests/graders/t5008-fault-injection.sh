#!/usr/bin/env bash
# The sandbox failing with an internal error at any step of a grading: the
# fault-injection build (gauntlet-fault, tests/graders/fault_wrap.c) fails
# sandbox call N of a process (GAUNTLET_FAULT_AT=N, or N+ for every call
# from N on), and every command must end with its documented status for
# an internal error, say so with a clean `error` verdict naming the
# failure (never a crash, never a score as if the code were wrong), free
# everything (under the ASan build: no report, leaks included) and leave
# nothing in its private TMPDIR.
#
# Walked (N = 1, 2, ... until the run no longer reaches call N):
#   grade of go-counter (correctness, leak, race, bench, vet; a copy with
#   one bench pair and a loose target, so the calls are the same every run
#   and the reference's marks do not depend on the load), go-io-stats (Go
#   I/O), c-sum (C, ThreadSanitizer), c-words-checker (a C checker);
#   `gauntlet test` in a session of go-counter, c-sum and go-io-stats;
#   batch `grade --report` of c-sum.
# Sampled: batch of go-counter (its build, a test run, its last call),
#   validate of c-sum (the reference, two mutants, every call failing) and of
#   go-counter with one mutant (the reference's bench binary, shared with
#   the mutants, failing to build), a Go checker (its build, one run),
#   submit with the final grading of a mock session, and a sandbox call
#   that fails with -EIO instead of a result.
. "$(dirname "$0")/glib.sh"
FB=${GAUNTLET_FAULT_BIN:-${2:-}}
[ -n "$FB" ] && [ -x "$FB" ] || fail "no fault-injection build: set GAUNTLET_FAULT_BIN (ctest does)"
need_sandbox
have_go=1 have_cc=1
command -v go >/dev/null || [ -x /usr/local/go/bin/go ] || [ -n "${GAUNTLET_GO:-}" ] || have_go=0
command -v cc >/dev/null || have_cc=0
[ $have_go = 1 ] || [ $have_cc = 1 ] || { echo "skip: neither Go nor a C compiler"; exit 77; }

# Under the sanitizer build every report counts, leaks included, when
# LeakSanitizer can run here (it cannot under some ptrace restrictions).
SAN=0
if ldd "$FB" 2>/dev/null | grep -q libasan; then
	SAN=1
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1"
	export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1"
	if "$FB" help 2>&1 >/dev/null | grep -q 'LeakSanitizer has encountered a fatal error'; then
		echo "note: LeakSanitizer cannot run here: leaks not checked"
		ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0"
	fi
fi
SAN_RE='ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: [A-Za-z]*Sanitizer|Sanitizer:DEADLYSIGNAL'

# inject AT CMD...: run CMD with sandbox call AT failing, in a folder of its
# own ($D: out, err, calls = one line per sandbox call) with a private
# TMPDIR ($D/tmp).  Sets rc, and hit (1 when call AT was reached).
n_case=0
inject() {
	local at=$1; shift
	n_case=$((n_case + 1))
	D=$T/case$n_case
	mkdir -p "$D/tmp"
	(cd "$D" && TMPDIR=$D/tmp GAUNTLET_FAULT_AT=$at GAUNTLET_FAULT_LOG=$D/calls "$@" >"$D/out" 2>"$D/err")
	rc=$?
	hit=$(grep -c '^[0-9]* [0-9]* injected ' "$D/calls" 2>/dev/null)
	hit=${hit:-0}
	what="'${*##*/}' with call $at failing"
	grep -h ' injected ' "$D/calls" >>"$T/injected" 2>/dev/null
	clean "$D/err"
}
# clean [LOG...]: no sanitizer report in the case's stderr (or LOGs), and
# nothing left in its TMPDIR.
clean() {
	local f
	for f in "$@"; do
		if grep -qE "$SAN_RE" "$f"; then
			cat "$f" >&2
			fail "$what: sanitizer report in $f"
		fi
	done
	[ -z "$(ls -A "$D/tmp")" ] || fail "$what: left in TMPDIR: $(ls -A "$D/tmp" | tr '\n' ' ')"
}
# want STATUS: the case exited STATUS.
want() {
	[ "$rc" = "$1" ] || { cat "$D/out" "$D/err" >&2; fail "$what: exited $rc, want $1"; }
}
# error_report JSON WHY: a clean error report: status error, its message
# naming WHY, no score anywhere, no grader judging the code (fail), and
# the graders that had not finished saying why.
error_report() {
	python3 - "$1" "$2" <<'EOF' || fail "$what: $1 is not a clean error report"
import json, sys
r, why = json.load(open(sys.argv[1])), sys.argv[2]
def check(ok, msg):
    if not ok:
        sys.exit("%s: %s" % (sys.argv[1], msg))
check(r["status"] == "error", "status %r" % r["status"])
check(why in r["message"], "message %r" % r["message"])
check(r["score"] == 0, "score %r" % r["score"])
for g in r["graders"]:
    check(g["score"] == 0, "%s scored %r" % (g["name"], g["score"]))
    check(g["verdict"] != "fail", "%s: fail (%s)" % (g["name"], g["summary"]))
    if g["verdict"] == "error":
        check(why in g["summary"], "%s: summary %r" % (g["name"], g["summary"]))
check(any(g["verdict"] == "error" for g in r["graders"]), "no grader says error")
EOF
}
# full_marks JSON: the run past the last call is a normal grading.
full_marks() {
	[ "$(json_get "$1" 'r["status"], r["score"]')" = "('graded', 100)" ] ||
		{ cat "$1" >&2; fail "$what: the grading without a fault is not full marks"; }
}

# walk_grade NAME BUNDLE CODE: grade with call N failing, N = 1, 2, ...
walk_grade() {
	local name=$1 bundle=$2 code=$3 n=0
	while :; do
		n=$((n + 1))
		inject $n "$FB" grade --quick --bundle "$bundle" "$code" --json r.json --junit j.xml
		if [ "$hit" = 0 ]; then
			want 0
			full_marks "$D/r.json"
			break
		fi
		local why="sandbox error: injected fault at call $n"
		want 1
		expect_in "$D/err" "^gauntlet grade: cannot grade '.*': $why\$"
		error_report "$D/r.json" "$why"
		expect_in "$D/j.xml" 'failures="0" errors="[1-9]'
	done
	echo "grade $name: $((n - 1)) sandbox calls, each failed in turn"
}
# covered NAME PATTERN...: every PATTERN (a step's command) got a fault.
covered() {
	local name=$1 p; shift
	for p in "$@"; do
		grep -qE -- "$p" "$T/injected" || fail "$name: no fault injected into a step like /$p/"
	done
	: >"$T/injected"
}

: >"$T/injected"
if [ $have_go = 1 ]; then
	# go-counter with one bench pair (no pairs added: the same sandbox
	# calls every time) and a target the reference meets under any load
	GC=$T/gc
	cp -r "$FIX/go-counter" "$GC"
	sed -i 's/"target_ratio": 1.5, "fail_ratio": 4.0/"target_ratio": 100, "fail_ratio": 1000/; s/"pairs": 5/"pairs": 1/' \
		"$GC/problem.json"
	grep -q '"pairs": 1,' "$GC/problem.json" && grep -q '"target_ratio": 100,' "$GC/problem.json" ||
		fail "cannot set go-counter's bench to one pair"
	walk_grade go-counter "$GC" "$GC/reference"
	covered go-counter ' test -c .*candidate\.test \.$' 'candidate\.test -test\.v' ' test -c .*race\.test -race' \
		'race\.test -test\.v' ' test -c .*reference\.test' 'reference\.test -test\.run=\^\$ -test\.bench' \
		'candidate\.test -test\.run=\^\$ -test\.bench' ' vet \.$' 'gofmt -l'
	walk_grade go-io-stats "$FIX/go-io-stats" "$FIX/go-io-stats/reference"
	covered go-io-stats ' build .*/bin/prog \.$' '/bin/prog$' ' vet \.$' 'gofmt' ' build .*prog-race -race' '/bin/prog-race$'
fi
if [ $have_cc = 1 ]; then
	walk_grade c-sum "$FIX/c-sum" "$FIX/c-sum/reference"
	covered c-sum 'cc .* -O2 .*/bin/prog$' '/bin/prog$' 'cc .*-fsanitize=thread.*prog-race$' '/bin/prog-race$'
	walk_grade c-words-checker "$FIX/c-words-checker" "$FIX/c-words-checker/reference"
	covered c-words-checker 'cc .*/bin/checker$' '/bin/checker .*\.in '
fi

# A call that fails outright (-EIO) rather than with an internal-error result.
if [ $have_cc = 1 ]; then
	GAUNTLET_FAULT_KIND=errno inject 2 "$FB" grade --bundle "$FIX/c-sum" "$FIX/c-sum/reference" --json r.json
	want 1
	error_report "$D/r.json" "sandbox run failed: Input/output error"
fi
# A Go checker: its build and a run of it.
if [ $have_go = 1 ]; then
	cp -r "$FIX/go-io-stats" "$T/gchk"
	sed -i 's/"comparator": "float", "tolerance": 1e-06/"comparator": "checker", "checker": "checker.go"/' \
		"$T/gchk/problem.json"
	for n in 2 4; do
		inject $n "$FB" grade --bundle "$T/gchk" "$T/gchk/reference" --json r.json
		want 1
		error_report "$D/r.json" "sandbox error: injected fault at call $n"
	done
	covered go-checker ' build .*/bin/checker \.$' '/bin/checker .*\.in '
fi

# `gauntlet test` in a session: exit 2 ("the tests could not run"), the
# reason printed, the run recorded with status error; past the last call,
# the reference's code passes.
walk_test() {
	local name=$1 problem=$2 n=0 s=$T/session-$1
	"$G" start "$problem" --workspace "$s" --no-screen >/dev/null 2>&1 || fail "cannot start a session of $name"
	cp "$problem"/reference/* "$s/code/"
	while :; do
		n=$((n + 1))
		inject $n "$FB" test --session "$s"
		if [ "$hit" = 0 ]; then
			want 0
			break
		fi
		want 2
		expect_in "$D/out" "^tests did not run: sandbox error: injected fault at call $n\$"
		expect_not_in "$D/out" '^  (ok|FAIL) '
		tail -n 1 "$s/.gauntlet/journal.jsonl" | grep -q '"type":"test".*"status":"error"' ||
			fail "$what: the run is not recorded as an error"
	done
	echo "test in a session of $name: $((n - 1)) sandbox calls, each failed in turn"
}
if [ $have_go = 1 ]; then
	walk_test go-counter "$FIX/go-counter"
	walk_test go-io-stats "$FIX/go-io-stats"
fi
[ $have_cc = 1 ] && walk_test c-sum "$FIX/c-sum"

# Batch grading: the grading error is the submission's result (exit 0),
# with its report, published whole; the child's log is clean too.
batch() {
	local n=$1 bundle=$2 code=$3
	inject "$n" "$FB" grade --quick --bundle "$bundle" "$code" --report report
	want 0
	local sub=$(echo "$D"/report/submissions/*/)
	[ -f "$sub/meta.json" ] || fail "$what: no published result"
	[ -z "$(find "$D/report/submissions" -maxdepth 1 -name '.tmp-*')" ] || fail "$what: a .tmp folder is left"
	clean "$sub/grade.log"
}
if [ $have_cc = 1 ]; then
	n=0
	while :; do
		n=$((n + 1))
		batch $n "$FIX/c-sum" "$FIX/c-sum/reference"
		[ "$hit" = 0 ] && { expect_in "$D/out" '^\[1/1\] graded '; break; }
		why="sandbox error: injected fault at call $n"
		# (the line may end with the submission's integrity mark)
		expect_in "$D/out" "^\[1/1\] error .*: $why( .*)?\$"
		expect_in "$D/out" ' 0 graded, 0 rejected, 1 grading errors'
		error_report "$D"/report/submissions/*/report.json "$why"
		[ "$(json_get "$D"/report/submissions/*/meta.json 'r["status"]')" = error ] || fail "$what: meta.json not error"
	done
	echo "batch of c-sum: $((n - 1)) sandbox calls, each failed in turn"
fi
if [ $have_go = 1 ]; then
	for n in 1 2 10; do
		batch $n "$GC" "$GC/reference"
		error_report "$D"/report/submissions/*/report.json "sandbox error: injected fault at call $n"
	done
fi

# validate: the grading that met the fault is "not graded" with the
# reason, the others hold; exit 1.  A fault in the reference's grading
# stops validation there.
if [ $have_cc = 1 ]; then
	inject 0 "$FB" validate "$FIX/c-sum" --quick
	want 0
	calls=$(wc -l <"$D/calls")
	for n in 1 $((calls / 2)) $calls; do
		inject $n "$FB" validate "$FIX/c-sum" --quick
		want 1
		[ "$(grep -c '^  FAIL ' "$D/out")" = 1 ] || { cat "$D/out"; fail "$what: not exactly one grading failed"; }
		expect_in "$D/out" "not graded.*: sandbox error: injected fault at call $n\$"
		expect_in "$D/out" '^some verdicts do not hold$'
	done
	inject 1+ "$FB" validate "$FIX/c-sum" --quick
	want 1
	[ "$(grep -c '^  ok ' "$D/out")" = 0 ] || fail "$what: a grading held with every sandbox call failing"
	[ "$(grep -c 'not graded.*sandbox error: injected fault' "$D/out")" = 1 ] ||
		{ cat "$D/out"; fail "$what: not only the reference's grading in error"; }
	expect_in "$D/out" 'stopped: the reference must earn full marks'
	expect_not_in "$D/out" '^  (ok|FAIL) +mutant'
fi
if [ $have_go = 1 ]; then
	# the reference's test binary (bench's opponent and the tests' time
	# budget) fails to build (call 2: right after the graded code's own
	# build): the reference is not graded, and validation stops there
	cp -r "$GC" "$T/gcv" && rm -r "$T/gcv/mutants" && mkdir "$T/gcv/mutants" && cp -r "$GC/mutants/racy" "$T/gcv/mutants/"
	inject 2 "$FB" validate "$T/gcv" --quick
	want 1
	grep -q ' injected .* test -c .*/reference\.test' "$D/calls" || fail "$what: call 2 is not the reference's build"
	expect_in "$D/out" '^  FAIL reference: score 0\.00 \(not graded\)'
	expect_in "$D/out" 'not graded \(error\): sandbox error: injected fault at call 2$'
	expect_in "$D/out" 'stopped: the reference must earn full marks'
	expect_not_in "$D/out" '^  (ok|FAIL) +mutant'
fi

# submit in a mock session: submitted (exit 0), the final grading not graded.
if [ $have_cc = 1 ]; then
	for n in 1 2; do
		s=$T/mock$n
		"$G" start "$FIX/c-sum" --mode mock --workspace "$s" --no-screen >/dev/null 2>&1 || fail "cannot start a mock session"
		cp "$FIX"/c-sum/reference/* "$s/code/"
		inject $n "$FB" submit --session "$s"
		want 0
		expect_in "$D/out" '^submitted: '
		expect_in "$D/out" "^not graded: sandbox error: injected fault at call $n\$"
		[ -f "$s/c-sum-submission.tar.gz" ] || fail "$what: no sealed submission"
	done
fi
echo "$n_case runs with a failing sandbox call: clean errors$([ $SAN = 1 ] && echo ', no sanitizer report')"
exit 0
