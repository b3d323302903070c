#!/usr/bin/env bash
# Issue #19, graders fair to correct code: the hidden tests share a
# process, and correct code must not pay for it.  A pool that reuses its
# hand-off channels through a process-wide sync.Pool (as
# sourcegraph/conc does) crosses testing/synctest bubbles when tests share
# a process: such tests are run again alone, and the code gets full
# marks.  A pool that leaks a goroutine on its cancel path makes its
# synctest tests panic ("blocked goroutines remain"): one finding, scored
# once, by the leak grader — correctness keeps full marks and bench runs
# (and in the candidate's own test run, which has no leak grader, the
# test fails).
. "$(dirname "$0")/glib.sh"
need_sandbox
need_go
P=$FIX/go-pool
S=$FIX/submissions

# the crossing depends on what sync.Pool hands back: grade until one was
# seen (it was in every grading so far), the marks must be full each time
for i in 1 2 3; do
	expect_status 0 "$G" grade --quick --bundle "$P" "$S/go-pool-syncpool" --json pool$i.json
	python3 - pool$i.json <<'PY' || fail "correct code lost marks to the shared process"
import json, sys
r = json.load(open(sys.argv[1]))
g = {x["name"]: x for x in r["graders"]}
for k in ("correctness", "race", "leak", "vet"):
    if g[k]["verdict"] != "pass":
        sys.exit("%s: %s %s\n%s" % (k, g[k]["verdict"], g[k]["summary"], (g[k]["evidence"] or "")[:800]))
PY
	json_get pool$i.json 'g["correctness"]["evidence"] or ""' | grep -q 'run alone after crossing a testing/synctest bubble' && break
	[ "$i" = 3 ] && fail "three gradings, and no bubble was ever crossed: the fixture no longer tests isolation"
done

expect_status 0 "$G" grade --quick --bundle "$P" "$S/go-pool-leak" --json leak.json
python3 - leak.json <<'PY' || fail "the leak on the cancel path was not scored once, by the leak grader"
import json, sys
r = json.load(open(sys.argv[1]))
g = {x["name"]: x for x in r["graders"]}
c, l = g["correctness"], g["leak"]
if c["verdict"] != "pass" or c["score"] != 50:
    sys.exit("correctness %s %s: %s" % (c["verdict"], c["score"], c["summary"]))
if l["verdict"] != "fail" or l["score"] != 0:
    sys.exit("leak %s %s" % (l["verdict"], l["score"]))
ev = l["evidence"] or ""
for want in ("TestBubbleCancel left goroutines behind", "blocked goroutines remain", "pool.(*Pool).Submit.func1"):
    if want not in ev:
        sys.exit("leak evidence lacks %r:\n%s" % (want, ev[:800]))
if "left goroutines blocked" not in l["summary"]:
    sys.exit("leak summary: " + l["summary"])
if g["bench"]["verdict"] == "skip" or g["race"]["verdict"] != "pass":
    sys.exit("bench %s, race %s" % (g["bench"]["verdict"], g["race"]["verdict"]))
PY

# the candidate's own test run has no leak grader: there the test fails
"$G" start "$P" --workspace "$T/sess" --no-screen >/dev/null 2>&1 || fail "cannot start a session of go-pool"
cp "$S/go-pool-leak/"* "$T/sess/code/"
expect_status 1 "$G" test --session "$T/sess"
expect_in "$T/out" '^  FAIL +TestBubbleCancel'
expect_in "$T/out" 'blocked goroutines remain'
exit 0
