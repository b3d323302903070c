#!/bin/bash
# A graded mock's debrief from the plain commands: `submit` keeps
# report.json and report.html and names the page; report.json holds the
# grading, the final code, the reference and the problem's mistakes, each
# judged (a solution with the racy-first-error mutant's data race: that
# mistake caught, the leak one avoided, every correctness one judged by the
# hidden tests it fails); a lost debrief is graded again by a second
# `submit`, a present one is not.  `--no-grade`, a mock without grading
# parts and a take-home keep none.
. "$(dirname "$0")/lib.sh"
PY=$(command -v python3) || { echo "skip: python3 is needed to read report.json"; exit 77; }

expect_status 0 "$G" start --problem worker-pool --mode mock --minutes 20 --workspace m --no-screen
cp "$PROBLEM/mutants/racy-first-error/pool.go" m/code/pool.go
if ! can_run_tests m; then echo "skip: no Go toolchain"; exit 77; fi
expect_status 0 "$G" submit --session m
expect_in "$T/out" "race +fail"
expect_in "$T/out" "built to catch\): .*/m/report\.html$"
[ -s m/report.json ] && [ -s m/report.html ] || fail "no report.json and report.html"
"$PY" - m/report.json "$PROBLEM" <<'PYEOF' || fail "report.json is not the debrief"
import json, os, sys
d = json.load(open(sys.argv[1]))
prob = sys.argv[2]
assert d["debrief_format"] == 1 and d["problem"]["id"] == "worker-pool", d["problem"]
graders = {g["name"]: g for g in d["grading"]["graders"]}
assert graders["race"]["verdict"] == "fail"
code = {f["path"]: f["text"] for f in d["code"]}
ref = {f["path"]: f["text"] for f in d["reference"]}
assert code["pool.go"] == open("m/code/pool.go").read()
assert ref["pool.go"] == open(os.path.join(prob, "reference/pool.go")).read()
m = {x["name"]: x for x in d["mistakes"]}
assert sorted(m) == sorted(os.listdir(os.path.join(prob, "mutants"))), sorted(m)
assert m["racy-first-error"]["state"] == "caught", m["racy-first-error"]
assert m["leak-parent-watcher"]["state"] == "avoided", m["leak-parent-watcher"]
for x in m.values():
    want = json.load(open(os.path.join(prob, "mutants", x["name"], "expect.json")))
    assert x["description"] == want["description"]
    assert x["graders"] == [g for g, v in want["verdicts"].items() if v == "fail"]
    if "correctness" in x["graders"]:
        # measured: the mutant fails hidden tests, and this attempt is
        # judged by them
        assert x["kills"], x
        failed = {t["name"] for t in graders["correctness"].get("tests", [])
                  if t["status"] not in ("pass", "skip")}
        assert x["state"] == ("caught" if failed & set(x["kills"]) else "avoided"), x
PYEOF
grep -q "What interviewers look for here" m/report.html || fail "report.html lacks the checklist"

# present: a second submit changes nothing; lost: graded again
expect_status 1 "$G" submit --session m
expect_in "$T/err" "submitted already"
rm m/report.json m/report.html
expect_status 0 "$G" submit --session m
expect_in "$T/err" "debrief is missing: grading again"
expect_in "$T/out" "built to catch\): .*/m/report\.html$"
[ -s m/report.json ] && [ -s m/report.html ] || fail "the debrief was not graded again"

# none without grading, nor in a take-home
expect_status 0 "$G" start --problem worker-pool --mode mock --minutes 20 --workspace ng --no-screen
expect_status 0 "$G" submit --session ng --no-grade
[ -e ng/report.json ] || [ -e ng/report.html ] && fail "--no-grade kept a debrief"
expect_status 0 "$G" start "$PROBLEM" --workspace th --no-screen
cp "$PROBLEM/mutants/racy-first-error/pool.go" th/code/pool.go
expect_status 0 "$G" submit --session th
expect_not_in "$T/out" "The debrief|report\.html"
[ -e th/report.json ] || [ -e th/report.html ] && fail "a take-home kept a debrief"
expect_status 1 "$G" submit --session th
exit 0
