#!/usr/bin/env bash
# Issue #19, graders fair to correct code: what the text output and the
# reports say agrees with the verdicts.  A test process that exits in the
# middle of a test (log.Fatal) names that test, in the plain runs and in the
# race runs, whose failures the text output shows; a timed-out test carries
# the time it ran; the reference's bench verdict agrees with its points, at
# the one confidence level the docs state.
. "$(dirname "$0")/glib.sh"
need_sandbox
need_go
P=$FIX/go-counter

expect_status 0 "$G" grade --quick --bundle "$P" "$FIX/submissions/go-exit" --json exit.json --junit exit.xml
[ "$(json_get exit.json '[t["status"] for t in g["correctness"]["tests"] if t["name"] == "TestSumEmpty"][0]')" = fail ] ||
	fail "the exiting test did not fail"
json_get exit.json '[t["output"] for t in g["correctness"]["tests"] if t["name"] == "TestSumEmpty"][0]' |
	grep -q 'the test process exited during TestSumEmpty (exit status 1)' || fail "the exit is not named with its test"
expect_in "$T/out" 'the test process exited during TestSumEmpty'
[ "$(json_get exit.json '[t["status"] for t in g["correctness"]["tests"] if t["name"] == "TestSumNegative"][0]')" = pass ] ||
	fail "a test after the exit did not run"
# the race runs fail the same test: their text line says so
grep -E '^  race +pass .*did not pass under -race: TestSumEmpty \(fail, GOMAXPROCS=1\)' "$T/out" >/dev/null ||
	fail "the race runs' failures are not in the text output: $(grep '^  race' "$T/out")"
json_get exit.json 'g["race"]["evidence"]' | grep -q 'the test process exited during TestSumEmpty' ||
	fail "no race-run failure as evidence"

mkdir hang && cp "$P/reference/"* hang/ && cp "$P/mutants/hang/counter.go" hang/
expect_status 0 "$G" grade --quick --bundle "$P" hang --json hang.json
el=$(json_get hang.json '[t["elapsed_s"] for t in g["correctness"]["tests"] if t["name"] == "TestSumEmpty"][0]')
python3 -c 'import sys; sys.exit(0 if 4 <= float(sys.argv[1]) <= 7 else 1)' "$el" ||
	fail "the timed-out test (timeout_s 5) reports elapsed_s $el"

# every grader's line: pass exactly when its points are the full weight;
# JUnit fails exactly the graders whose verdict is fail
expect_status 0 "$G" grade --quick --bundle "$P" "$P/reference" --json ref.json --junit ref.xml
for f in ref exit hang; do
	python3 - "$f.json" <<'PY' || fail "$f: a verdict contradicts its points"
import json, sys
r = json.load(open(sys.argv[1]))
for g in r["graders"]:
    full = "%.2f" % g["score"] == "%.2f" % g["weight"]
    if g["verdict"] in ("pass", "fail") and (g["verdict"] == "pass") != full:
        sys.exit("%s: %s with %.2f / %g" % (g["name"], g["verdict"], g["score"], g["weight"]))
    if g["name"] == "bench" and "bench" in g and g["bench"]["ci_level"] != 0.95:
        sys.exit("bench interval at %s" % g["bench"]["ci_level"])
    if g["name"] == "bench" and "bench" in g and "95% CI" not in g["summary"]:
        sys.exit("bench summary: " + g["summary"])
total = round(sum(g["score"] for g in r["graders"]), 2)
if abs(total - r["score"]) > 1e-9:
    sys.exit("total %s is not the sum of the points shown, %s" % (r["score"], total))
PY
done
for f in ref exit; do
	python3 - "$f.json" "$f.xml" <<'PY' || fail "$f: JUnit disagrees with the verdicts"
import json, sys, xml.etree.ElementTree as ET
r = json.load(open(sys.argv[1]))
cases = {c.get("name"): c for c in ET.parse(sys.argv[2]).iter("testcase")}
for g in r["graders"]:
    has = cases[g["name"]].find("failure") is not None
    if has != (g["verdict"] == "fail"):
        sys.exit("%s: verdict %s, JUnit failure %s" % (g["name"], g["verdict"], has))
PY
done
exit 0
