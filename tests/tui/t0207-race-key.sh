#!/bin/bash
# The screen's r key: the public tests (and the candidate's own, labelled
# theirs) built with -race, the race reports a row of the results; in a
# take-home whose problem does not allow it, refused with the reason; the
# help says which.
. "$(dirname "$0")/lib.sh"

# --- a mock session, 120x40 ------------------------------------------------
run_in 120 40 TERM=xterm-256color LANG=C.UTF-8 "$G" start "$PROBLEM" --mode mock --workspace m
wait_for "Bounded worker pool"
cp "$PROBLEM/reference/"*.go m/code/
cat >m/code/mine_test.go <<'GO'
package workerpool

import (
	"sync"
	"testing"
)

var shared int

func TestMineRaces(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			shared++
		}()
	}
	wg.Wait()
}
GO
if ! "$G" test --session m >"$T/probe" 2>&1 && grep -q "no Go toolchain" "$T/probe"; then
	echo "skip: the public tests cannot run here"
	exit 77
fi
wait_for "Results: 3 passed, 0 failed \(run 1 at" 10
screen | grep -qE "PASS TestMineRaces \(your test\)" || fail "the candidate's test is not labelled theirs"
keys '?'
wait_for "r +the public tests built with -race"
wait_for "take-homes whose problem allows it \(here: yes\)"
keys x
gone "here: yes" || fail "the help did not close"
keys r
wait_for "running the public tests with -race" 5
wait_for "Results: 3 passed, 0 failed \(run 2 at" 240
wait_for "RACE data races found"
screen | grep -qE "FAIL TestMineRaces \(your test\)" || fail "the racy test of theirs is not shown failing"
# the race row's detail: the report with the candidate's line
keys j j j j
wait_for "WARNING: DATA RACE"
wait_for "mine_test.go:[0-9]+"
keys q
wait_for "\[exited\] 0"

# the screen reopened (resume) shows that run's extras again
run_in 120 40 TERM=xterm-256color LANG=C.UTF-8 "$G" resume m
wait_for "RACE data races found"
keys q
wait_for "\[exited\] 0"

# --- a take-home, 80x24: refused, with the reason -------------------------
run_in 80 24 TERM=xterm-256color LANG=C.UTF-8 "$G" start "$PROBLEM" --workspace h
wait_for "Bounded worker pool"
keys r
wait_for "No -race run: this take-home's problem does not allow -race"
keys x
gone "No -race run" || fail "the refusal did not close"
keys '?'
wait_for "\(here: no, not allowed\)"
keys x
keys q
wait_for "\[exited\] 0"
[ "$("$G" status --session h | sed -n 's/^test runs: //p')" = 0 ] || fail "a refused -race run was recorded"
exit 0
