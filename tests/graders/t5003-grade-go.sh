#!/usr/bin/env bash
# gauntlet grade on the Go fixture: full marks for the reference; a race, a
# build error and a hang each show up with their evidence.
. "$(dirname "$0")/glib.sh"
need_sandbox
need_go
P=$FIX/go-counter
expect_status 0 "$G" grade --quick --bundle "$P" "$P/reference" --json ref.json
expect_in "$T/out" 'score 100.00 / 100'
[ "$(json_get ref.json 'g["bench"]["verdict"]')" = pass ] || fail "identical code did not pass bench"
[ "$(json_get ref.json 'len(g["correctness"]["tests"])')" = 7 ] || fail "not 7 tests"
[ "$(json_get ref.json 'g["correctness"]["tests"][0]["group"]')" = concurrency ] || fail "groups not applied"

mkdir racy && cp "$P/reference/"* racy/ && cp "$P/mutants/racy/counter.go" racy/
expect_status 0 "$G" grade --quick --bundle "$P" racy --json racy.json
[ "$(json_get racy.json 'g["race"]["verdict"]')" = fail ] || fail "race not caught"
[ "$(json_get racy.json 'g["correctness"]["verdict"]')" = pass ] || fail "racy correctness not stable"
json_get racy.json 'g["race"]["evidence"]' | grep -q 'WARNING: DATA RACE' || fail "no race report as evidence"

mkdir broken && cp "$P/reference/"* broken/ && cp "$P/mutants/builderr/counter.go" broken/
expect_status 0 "$G" grade --bundle "$P" broken --json broken.json
[ "$(json_get broken.json 'r["score"]')" = 0 ] || fail "a build error scored"
json_get broken.json 'g["correctness"]["evidence"]' | grep -q 'counter.go' || fail "no compiler output"
# one wording for every grader that needs the build; bench, judging only
# correct code, is skipped
[ "$(json_get broken.json '[g[k]["summary"] for k in ("correctness", "race", "leak", "bench")]')" = \
	"['does not build', 'does not build', 'does not build', 'skipped: does not build']" ] ||
	fail "a build error is not 'does not build' everywhere: $(json_get broken.json '[x["summary"] for x in r["graders"]]')"

mkdir hang && cp "$P/reference/"* hang/ && cp "$P/mutants/hang/counter.go" hang/
expect_status 0 "$G" grade --quick --bundle "$P" hang --json hang.json
[ "$(json_get hang.json '[t["status"] for t in g["correctness"]["tests"] if t["name"] == "TestSumEmpty"][0]')" = timeout ] ||
	fail "the spinning test is not a timeout"
[ "$(json_get hang.json '[t["status"] for t in g["correctness"]["tests"] if t["name"] == "TestSumNegative"][0]')" = pass ] ||
	fail "a test after the timeout did not run"
# bench judges correct code only
[ "$(json_get hang.json 'g["bench"]["verdict"], g["bench"]["summary"]')" = \
	"('skip', 'skipped: correctness did not fully pass')" ] || fail "bench ran on code that fails its tests"

# a program that prints a clean run's framing for every test and leaves
# behind the testing package's back earns nothing for the test it cannot pass
expect_status 0 "$G" grade --quick --bundle "$P" "$FIX/submissions/go-forger" --json forger.json
[ "$(json_get forger.json '[t["status"] for t in g["correctness"]["tests"] if t["name"] == "TestSumEmpty"][0]')" = fail ] ||
	fail "forged framing was believed"
[ "$(json_get forger.json '[t["status"] for t in g["correctness"]["tests"] if t["name"] == "TestSumBasic"][0]')" = pass ] ||
	fail "an honest pass was lost"
exit 0
