#!/bin/bash
# Crashes: gauntlet is killed with SIGKILL at random points during start,
# test and submit.  Every time, the session opens again, its journal
# verifies, nothing typed into the workspace is lost, and a later submit
# yields an archive that verifies.  GAUNTLET_CRASH_ROUNDS scales the rounds.
. "$(dirname "$0")/lib.sh"
R=${GAUNTLET_CRASH_ROUNDS:-1}
RANDOM=${GAUNTLET_CRASH_SEED:-$$}
echo "seed ${GAUNTLET_CRASH_SEED:-$$}, rounds x$R"

# kill_after MS CMD...: run CMD, SIGKILL it after MS milliseconds.
# CMD runs in its own session so whatever it started can be found after.
LEFTOVER=""
kill_after() {
	local ms=$1; shift
	setsid "$@" >/dev/null 2>&1 &
	local pid=$!
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	LEFTOVER="$LEFTOVER $pid"
	return 0
}
# Processes still running in the sessions of killed commands.  A zombie has
# already exited: reaping it is the job of whatever adopted it (PID 1 here),
# which may take its time, so zombies do not count.
leftovers() {
	local sid
	for sid in $LEFTOVER; do ps -o pid=,stat=,args= -s "$sid" 2>/dev/null; done | awk '$2 !~ /^Z/'
}
# The journal is whole: every line chained (log reads it strictly, apart
# from a torn last line, which status then repairs).
journal_ok() {
	expect_status 0 "$G" status --session "$1"
	"$G" log --session "$1" --json >"$T/j" 2>"$T/e" || { cat "$T/e"; fail "journal of $1 unreadable"; }
	expect_not_in "$T/e" "torn"
}

# 1. Killed during start: starting again finishes the job.
for ((i = 0; i < 6 * R; i++)); do
	rm -rf st
	kill_after $((RANDOM % 40)) "$G" start "$PROBLEM" --workspace st --no-screen
	if [ -s st/.gauntlet/journal.jsonl ]; then
		journal_ok st
	else
		expect_status 0 "$G" start "$PROBLEM" --workspace st --no-screen
	fi
	cmp -s st/code/pool.go "$PROBLEM/starter/pool.go" || fail "start round $i: starter code damaged"
done

# 2. Killed during test runs, while the candidate keeps typing.
expect_status 0 "$G" start "$PROBLEM" --workspace s --no-screen
if can_run_tests s; then test_rounds=$((2 * R)); else test_rounds=0; echo "note: no test runner, test kills skipped"; fi
for ((i = 0; i < test_rounds; i++)); do
	printf '\n// typed in round %d\n' "$i" >>s/code/pool.go
	want=$(sha256sum <s/code/pool.go)
	kill_after $((RANDOM % 6000)) "$G" test --session s
	sleep "0.$((RANDOM % 5))"
	[ "$(sha256sum <s/code/pool.go)" = "$want" ] || fail "test round $i: the workspace changed"
	journal_ok s
done
# Nothing of a killed run may outlive it.
for _ in $(seq 50); do [ -z "$(leftovers)" ] && break; sleep 0.1; done
[ -z "$(leftovers)" ] || { leftovers; fail "processes of killed runs are still alive"; }
expect_status 0 "$G" submit --session s
expect_status 0 "$G" verify s/worker-pool-submission.tar.gz
tar xzf s/worker-pool-submission.tar.gz -O code/pool.go | grep -q "typed in round $((test_rounds - 1))" ||
	[ "$test_rounds" -eq 0 ] || fail "the last typed line is not in the submission"

# 3. Killed during submit: submit again gives a verifying archive; the
# final snapshot is the code as it was typed.
for ((i = 0; i < 8 * R; i++)); do
	rm -rf u
	expect_status 0 "$G" start "$PROBLEM" --workspace u --no-screen
	printf '\n// answer %d\n' "$i" >>u/code/pool.go
	kill_after $((RANDOM % 30)) "$G" submit --session u --no-grade
	journal_ok u
	"$G" submit --session u --no-grade >"$T/out" 2>"$T/err"
	case $? in
	0) ;;
	1) expect_in "$T/err" "submitted already" ;;
	*) cat "$T/err"; fail "submit round $i: submit after a kill failed" ;;
	esac
	expect_status 0 "$G" verify u/worker-pool-submission.tar.gz
	tar xzf u/worker-pool-submission.tar.gz -O code/pool.go | grep -q "answer $i" ||
		fail "submit round $i: the submission lacks the typed answer"
done
exit 0
