#!/bin/bash
# The build cache warms in the background when a session starts, in a
# private, empty cache: `start --no-screen` returns with the warm-up
# running detached at the lowest priority (nice 19, SCHED_IDLE, no
# terminal, no descriptor of the caller's), a test run while it warms does
# not wait for it (the warm-up is frozen meanwhile), the candidate's files
# are untouched, and once it ends the cache holds every standard-library
# package the public tests import: a build of them compiles none.  A failed
# warm-up leaves one line in .gauntlet/warm.note, never a journal entry;
# GAUNTLET_WARM=off starts none.
. "$(dirname "$0")/lib.sh"
export XDG_CACHE_HOME="$T/cache" TMPDIR="$T/tmp"
mkdir -p "$TMPDIR"
WPID=
cleanup() {
	# a warm-up this test started and left behind (a failure midway)
	if [ -n "$WPID" ] && [ -d "/proc/$WPID" ]; then
		kill -CONT "$WPID" 2>/dev/null
		kill -TERM "$WPID" 2>/dev/null
	fi
	rm -rf "$T"
}
trap cleanup EXIT

# wait_until SECONDS CMD...: until CMD succeeds, polling every 0.1 s.
wait_until() {
	local n=$(($1 * 10)); shift
	until "$@"; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		sleep 0.1
	done
}
lock_held() { ! flock -n "$1" true; }
lock_free() { flock -n "$1" true; }
# field N of /proc/PID/stat (after the command name, which may hold spaces)
stat_field() { sed 's/^.*) //' "/proc/$1/stat" | cut -d' ' -f$(($2 - 2)); }

expect_status 0 "$G" start "$PROBLEM" --workspace s --no-screen --mode take-home
L=s/.gauntlet/warm.lock
[ -f "$L" ] || fail "start made no warm-up (no $L)"
lock_held "$L" || {
	cat s/.gauntlet/warm.note 2>/dev/null
	fail "start returned without a warm-up running"
}
WPID=$(head -n 1 "$L")
[ -d "/proc/$WPID" ] || fail "the warm-up's pid '$WPID' in $L is not a live process"
# Its own settings are made as it starts: wait for them, then check.
wait_until 20 test "$(stat_field "$WPID" 19)" = 19 || fail "the warm-up does not run at nice 19"
[ "$(stat_field "$WPID" 41)" = 5 ] || fail "the warm-up's scheduling policy is $(stat_field "$WPID" 41), not SCHED_IDLE (5)"
[ "$(stat_field "$WPID" 6)" != "$(ps -o sid= -p $$ | tr -d ' ')" ] || fail "the warm-up shares the caller's session"
[ "$(stat_field "$WPID" 7)" = 0 ] || fail "the warm-up has a controlling terminal"
for fd in 0 1 2; do
	[ "$(readlink "/proc/$WPID/fd/$fd")" = /dev/null ] || fail "the warm-up's fd $fd is not /dev/null"
done
# nothing of the caller's: not its terminal, pipes or output files
ours=" $(readlink /proc/$$/fd/1) $(readlink /proc/$$/fd/2) $T/out $T/err "
for f in /proc/$WPID/fd/*; do
	t=$(readlink "$f") || continue
	case "$t" in /dev/pts/* | /dev/tty*) fail "the warm-up holds the terminal ($t)" ;; esac
	case "$ours" in *" $t "*) fail "the warm-up holds the caller's '$t'" ;; esac
done
command -v ionice >/dev/null && { ionice -p "$WPID" | grep -q idle || fail "the warm-up's I/O class is not idle"; }

# The candidate's files as start left them.
cp -a s/code "$T/code.before"
wait_until 900 lock_free "$L" || fail "the warm-up did not end within 15 minutes"
if grep -qs "no Go toolchain" s/.gauntlet/warm.note; then echo "skip: no Go toolchain"; exit 77; fi
[ ! -e s/.gauntlet/warm.note ] || fail "the warm-up failed: $(cat s/.gauntlet/warm.note)"
diff -r "$T/code.before" s/code >/dev/null || fail "the workspace changed during the warm-up"
STAMP=$(ls "$XDG_CACHE_HOME"/gauntlet/warm/worker-pool@* 2>/dev/null) || fail "no stamp of the warm-up in the cache"
[ -z "$(ls -A "$TMPDIR")" ] || fail "left in TMPDIR: $(ls -A "$TMPDIR" | tr '\n' ' ')"
[ "$(grep -c . s/.gauntlet/journal.jsonl)" = 1 ] || fail "the warm-up wrote into the journal"

# The cache now holds the standard library as the test build compiles it:
# the same build (the graders' flags and environment) of the starter,
# changed so that its own package must compile, compiles no std package.
GO=${GAUNTLET_GO:-$(command -v go || echo /usr/local/go/bin/go)}
[ -d "$GO" ] && GO=$GO/bin/go
[ -x "$GO" ] || { echo "skip: no Go toolchain"; exit 77; }
mkdir "$T/pkg"
cp s/.gauntlet/problem/starter/* s/.gauntlet/problem/tests/public/*_test.go "$T/pkg/"
echo "// changed after the warm-up" >>"$T/pkg/pool.go"
(cd "$T/pkg" && env -i PATH="$(dirname "$GO"):/usr/bin:/bin" HOME="$T/home" GOCACHE="$XDG_CACHE_HOME/gauntlet/go-build" \
	GOPATH="$T/home/go" GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod GOTELEMETRY=off GOENV=off GOWORK=off \
	CGO_ENABLED=0 "$GO" test -c -x -trimpath -vet=off -o "$T/pkg.test" . >"$T/x" 2>&1) ||
	{ tail -n 20 "$T/x"; fail "the test build of the starter failed"; }
grep -q '/compile .* -p workerpool ' "$T/x" || { tail -n 20 "$T/x"; fail "the package itself was not compiled: cannot tell"; }
n_std=$(grep '/compile ' "$T/x" | grep -c -- ' -std ')
[ "$n_std" = 0 ] || fail "after the warm-up, the test build still compiled $n_std standard-library packages"

# The warm-up also made the public run's own build and kept its test
# binary: the first test run of the unchanged starter finds it current (no
# link), so the kept file is not written again.
KEPT=$(ls "$XDG_CACHE_HOME"/gauntlet/public/worker-pool@*.test 2>/dev/null) || fail "the warm-up kept no test binary"
[ "$(head -c 4 "$KEPT" | od -An -c | tr -d ' ')" = 177ELF ] || fail "the kept test binary is not an ELF file"
before=$(stat -c %i.%Y.%s "$KEPT")
"$G" test --session s >"$T/test0" 2>&1
grep -qE "^0 passed, [0-9]+ failed" "$T/test0" || { cat "$T/test0"; fail "no results from the first test run"; }
[ "$(stat -c %i.%Y.%s "$KEPT")" = "$before" ] || fail "the first test run linked again: the warm-up's build is not the run's"

# A test run while a warm-up is frozen (it cannot end, its lock stays
# held) finishes: it never waits for the warm-up.  Without its stamp the
# warm-up builds again (a warm cache: seconds), so it is caught running.
caught=
for try in 1 2 3; do
	rm -f "$STAMP"
	rm -rf w
	expect_status 0 "$G" start "$PROBLEM" --workspace w --no-screen --mode take-home
	WPID=$(head -n 1 w/.gauntlet/warm.lock)
	kill -STOP "$WPID" 2>/dev/null
	if lock_held w/.gauntlet/warm.lock; then caught=1; break; fi
	kill -CONT "$WPID" 2>/dev/null
done
[ -n "$caught" ] || fail "three warm-ups ended before they could be stopped"
"$G" test --session w >"$T/test1" 2>&1
rc=$?
lock_held w/.gauntlet/warm.lock || fail "the warm-up ended while stopped"
kill -CONT "$WPID"
[ "$rc" -le 1 ] || { cat "$T/test1"; fail "the test run during the warm-up exited $rc"; }
grep -qE "[0-9]+ passed, [0-9]+ failed" "$T/test1" || { cat "$T/test1"; fail "no results from the test run"; }
wait_until 300 lock_free w/.gauntlet/warm.lock || fail "the resumed warm-up did not end"
[ ! -e w/.gauntlet/warm.note ] || fail "the resumed warm-up failed: $(cat w/.gauntlet/warm.note)"
WPID=

# A warm-up that fails says why in one line beside the journal, and the
# journal is as it was.
mkdir -p "$T/cache2/gauntlet/warm.lock"  # the cache's lock cannot be opened
XDG_CACHE_HOME="$T/cache2" expect_status 0 "$G" start "$PROBLEM" --workspace f --no-screen --mode take-home
cp f/.gauntlet/journal.jsonl "$T/journal.f"
wait_until 120 lock_free f/.gauntlet/warm.lock || fail "the failing warm-up did not end"
[ -f f/.gauntlet/warm.note ] || fail "a failed warm-up left no note"
[ "$(wc -l <f/.gauntlet/warm.note)" = 1 ] || fail "the note is not one line: $(cat f/.gauntlet/warm.note)"
grep -q "^warm-up failed: cannot open '.*warm.lock'" f/.gauntlet/warm.note || fail "the note says: $(cat f/.gauntlet/warm.note)"
cmp -s f/.gauntlet/journal.jsonl "$T/journal.f" || fail "a failed warm-up changed the journal"
XDG_CACHE_HOME="$T/cache2" expect_status 0 "$G" status --session f

# GAUNTLET_WARM=off: no warm-up at all.
GAUNTLET_WARM=off expect_status 0 "$G" start "$PROBLEM" --workspace o --no-screen --mode take-home
[ ! -e o/.gauntlet/warm.lock ] || fail "GAUNTLET_WARM=off started a warm-up"
echo "ok: warm-up detached at nice 19 / SCHED_IDLE, a test ran while it was frozen, std cached"
