#!/usr/bin/env bash
# Issue #19, graders hard on flaky code and quick on hanging code.  A pool
# whose Submit deadlocks in one run configuration only (it passes the
# correctness run) loses that test's share of correctness, and the test's
# output names the run that failed and how often; bench is skipped.  A pool
# that deadlocks in every test is graded in under two minutes: a hang
# costs the budget drawn from the reference's own timing (10 s here, not
# the problem's 60 s), and a test that hung is not run again under -race.
. "$(dirname "$0")/glib.sh"
need_sandbox
need_go
P=$FIX/go-pool
S=$FIX/submissions

expect_status 0 "$G" grade --quick --bundle "$P" "$S/go-pool-flaky" --json flaky.json
python3 - flaky.json <<'PY' || fail "the flaky deadlock was not counted against correctness"
import json, sys
r = json.load(open(sys.argv[1]))
g = {x["name"]: x for x in r["graders"]}
c = g["correctness"]
t = {x["name"]: x for x in c["tests"]}
bad = t["TestConcurrentSubmitters"]
if bad["status"] != "timeout":
    sys.exit("TestConcurrentSubmitters: %s" % bad["status"])
# one test of the "concurrent" group (weight 1 of 4, two tests) failed
if abs(c["score"] - 43.75) > 1e-9 or c["verdict"] != "fail":
    sys.exit("correctness %s %s" % (c["verdict"], c["score"]))
out = bad["output"]
if "failed 1 of 6 runs: race GOMAXPROCS=4: timeout" not in out or "passed in the correctness run" not in out:
    sys.exit("the evidence does not say which run failed and how often:\n" + out[:600])
if not 9 <= bad["elapsed_s"] <= 12:
    sys.exit("elapsed_s %s" % bad["elapsed_s"])
if [n for n, x in t.items() if n != "TestConcurrentSubmitters" and x["status"] != "pass"]:
    sys.exit("other tests failed")
if g["bench"]["verdict"] != "skip":
    sys.exit("bench ran after a flaky correctness")
if "flaky" not in c["summary"]:
    sys.exit("summary: " + c["summary"])
PY
expect_in "$T/out" 'correctness +fail +43\.75 / 50 +7/8 tests passed; 1 failed only outside the correctness run \(flaky\)'
expect_in "$T/out" 'TestConcurrentSubmitters failed 1 of 6 runs: race GOMAXPROCS=4: timeout'

start=$(date +%s)
expect_status 0 "$G" grade --quick --bundle "$P" "$S/go-pool-deadlock" --json dead.json
took=$(( $(date +%s) - start ))
[ "$took" -lt 120 ] || fail "a deadlocking submission took ${took}s to grade"
python3 - dead.json <<'PY' || fail "the deadlocking submission"
import json, sys
r = json.load(open(sys.argv[1]))
g = {x["name"]: x for x in r["graders"]}
t = {x["name"]: x for x in g["correctness"]["tests"]}
hung = sorted(n for n, x in t.items() if x["status"] == "timeout")
if hung != ["TestBasicOne", "TestBasicRuns", "TestConcurrentClose", "TestConcurrentSubmitters"]:
    sys.exit("timed out: %s" % hung)
for n in hung:
    if not 9 <= t[n]["elapsed_s"] <= 12:
        sys.exit("%s ran %ss: not the reference-drawn budget" % (n, t[n]["elapsed_s"]))
# the synctest tests see the deadlock at once: a failure of the code, not a leak
for n, x in t.items():
    if n.startswith("TestBubble") and (x["status"] != "panic" or "all goroutines in bubble are blocked" not in x["output"]):
        sys.exit("%s: %s" % (n, x["status"]))
if g["correctness"]["score"] != 0:
    sys.exit("correctness %s" % g["correctness"]["score"])
ev = g["race"]["evidence"] or ""
if "left out of later -race runs after hanging in an earlier one" not in ev or "TestBasicRuns" not in ev:
    sys.exit("race evidence: " + ev[:400])
for x in g["race"]["tests"]:
    if x["name"] in hung:
        sys.exit("%s was run again under -race" % x["name"])
PY
echo "deadlock graded in ${took}s"
exit 0
