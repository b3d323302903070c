#!/bin/bash
# `gauntlet test` runs the candidate's own *_test.go beside the public
# tests, labelled theirs and never in the journal's counts; `--race` builds
# the same run with -race: always in a mock session, in a take-home only
# when the problem says "public_race": true (refused with the reason else).
. "$(dirname "$0")/lib.sh"

expect_status 0 "$G" start "$PROBLEM" --mode mock --workspace m --no-screen
can_run_tests m || { echo "skip: no Go toolchain"; exit 77; }
cp "$PROBLEM/reference/"*.go m/code/
cat >m/code/mine_test.go <<'GO'
package workerpool

import (
	"context"
	"testing"
)

func TestMineWaitsForNothing(t *testing.T) {
	if err := New(context.Background(), 1).Wait(); err != nil {
		t.Fatalf("Wait = %v", err)
	}
}

func TestMineFails(t *testing.T) {
	t.Fatal("my own failure")
}
GO
expect_status 0 "$G" test --session m
expect_in "$T/out" "^  ok    TestMineWaitsForNothing .*\(your test\)$"
expect_in "$T/out" "^  FAIL  TestMineFails .*\(your test\)$"
expect_in "$T/out" "^--- TestMineFails \(your test\)$"
expect_in "$T/out" "my own failure"
expect_in "$T/out" "^your tests \(not graded\): 1 passed, 1 failed, 0 skipped$"
expect_in "$T/out" "^3 passed, 0 failed, 0 skipped"
# the journal's entry counts the public tests alone
expect_status 0 "$G" status --session m --json
python3 - "$T/out" <<'PY' || fail "the journal's test entry counts the candidate's tests"
import json, sys
t = json.load(open(sys.argv[1]))["last_test"]
names = [x["name"] for x in t["tests"]]
assert t["passed"] == 3 and t["failed"] == 0, t
assert not any(n.startswith("TestMine") for n in names), names
PY
expect_status 0 "$G" test --session m --json
python3 - "$T/out" <<'PY' || fail "test --json does not label the candidate's tests"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["passed"] == 3 and r["failed"] == 0, r
assert [t["name"] for t in r["your_tests"]] == ["TestMineFails", "TestMineWaitsForNothing"], r["your_tests"]
assert all(t["yours"] is True for t in r["your_tests"]), r["your_tests"]
assert not any("yours" in t for t in r["tests"]), r["tests"]
assert r["race"] is False
PY

# a declaration the public tests make too: named; the public tests still run
cat >m/code/mine_test.go <<'GO'
package workerpool_test

import "testing"

func TestPublicRunsEveryTask(t *testing.T) {}
GO
expect_status 0 "$G" test --session m
expect_in "$T/out" "^your tests: your tests declare 'TestPublicRunsEveryTask', which the public tests"
expect_in "$T/out" "^3 passed, 0 failed"

# -race in a mock session: a racy test of theirs is reported with its stack
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
expect_status 1 "$G" test --session m --race
expect_in "$T/err" "built with -race"
expect_in "$T/out" "^--- data race reports \(-race\)$"
expect_in "$T/out" "mine_test.go:[0-9]+"
expect_in "$T/out" "^-race: [1-9][0-9]* data race reports?$"
expect_in "$T/out" "^3 passed, 0 failed"
rm m/code/mine_test.go
expect_status 0 "$G" test --session m --race
expect_in "$T/out" "^-race: no data races found$"

# a take-home: refused, with the reason, and nothing recorded
expect_status 0 "$G" start "$PROBLEM" --workspace h --no-screen
runs=$("$G" status --session h | sed -n 's/^test runs: //p')
expect_status 2 "$G" test --session h --race
expect_in "$T/err" "does not allow -race"
[ "$(wc -l <"$T/err")" -eq 1 ] || { cat "$T/err"; fail "the refusal is not one line"; }
[ "$("$G" status --session h | sed -n 's/^test runs: //p')" = "$runs" ] || fail "a refused -race run was recorded"

# a take-home whose problem allows it
cp -r "$PROBLEM" p
python3 - p/problem.json <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["public_race"] = True
json.dump(m, open(sys.argv[1], "w"), indent=1)
PY
expect_status 0 "$G" start p --workspace h2 --no-screen
expect_in h2/.gauntlet/problem/problem.json '"public_race":[[:space:]]*true'
cp "$PROBLEM/reference/"*.go h2/code/
expect_status 0 "$G" test --session h2 --race
expect_in "$T/out" "^-race: no data races found"
expect_in "$T/out" "^3 passed, 0 failed"
exit 0
