#!/bin/bash
# Interview loops: `start --loop 3` on a library of three small Go problems
# of different areas draws all three, one round after another on the
# screen at 80x24.  Each round is a quick solution (the reference; for
# worker-pool its racy-first-error mutant) submitted and graded; the
# round's debrief offers the next round on n.  In the middle of round 2
# the terminal is killed; `resume` from the folder where `start` ran finds
# the loop and reopens round 2 exactly (same session, its code and clock,
# round 1's debrief untouched).  After round 3, n ends on the combined
# debrief: per round the problem, score, graders' verdicts, minutes and
# mistakes, kept as loop-report.json and loop-report.html.
. "$(dirname "$0")/lib.sh"
"$G" test --help >/dev/null || exit 1
command -v python3 >/dev/null || { echo "skip: python3 is not installed"; exit 77; }

mkdir lib
for p in error-classify worker-pool http-middleware; do cp -r "$SRC/problems/$p" lib/; done
ENVS="TERM=xterm-256color LANG=C.UTF-8 GAUNTLET_PROBLEMS='$T/lib' GAUNTLET_WARM=off"

plan() { python3 -c "import json,sys; print(json.load(open('L/loop.json'))['rounds'][$1]['$2'])"; }
title() { python3 -c "import json; print(json.load(open('lib/$1/problem.json'))['title'][:30])"; }
# solve I: round I's quick solution in its workspace
solve() {
	local p
	p=$(plan "$1" problem)
	cp -r "lib/$p/reference/." "L/round-$(($1 + 1))/code/"
	if [ "$p" = worker-pool ]; then cp lib/worker-pool/mutants/racy-first-error/pool.go "L/round-$(($1 + 1))/code/"; fi
}
# submit_round I: submit on the screen and wait for the round's debrief
submit_round() {
	keys s
	wait_for "Submit now\?"
	keys y
	wait_for "Grading report \($(plan "$1" problem)\): your debrief" 300
}

run_in 80 24 "$ENVS '$G' start --loop 3 --minutes 10 --seed 11 --workspace L"
wait_for "round 1 of 3 . mock . $(title "$(plan 0 problem)")" 30
[ -f L/loop.json ] || fail "no loop.json"
python3 - <<'EOF' || fail "the plan is not 3 different problems of different areas, 10 minutes each"
import json
p = json.load(open("L/loop.json"))
r = p["rounds"]
assert p["n"] == 3 and len(r) == 3 and p["total_minutes"] == 30, p
assert len({x["problem"] for x in r}) == 3 and len({x["area"] for x in r}) == 3, r
assert all(x["minutes"] == 10 for x in r), r
EOF
[ -d L/round-1/.gauntlet ] && [ ! -e L/round-2 ] || fail "round 1 should be the only round started"

# Round 1: the debrief offers round 2
solve 0
submit_round 0
wait_for "n next: round 2 of 3"
[ -s L/round-1/report.json ] || fail "round 1 has no debrief"
keys n
wait_for "mock . $(title "$(plan 1 problem)")" 30

# Round 2, in the middle: the terminal is killed
solve 1
keys t
wait_for "Results: [0-9]+ passed, 0 failed" 180
deadline=$(head -1 L/round-2/.gauntlet/journal.jsonl | python3 -c "import json,sys; print(json.load(sys.stdin)['deadline'])")
sum1=$(cat L/round-1/report.json L/round-1/.gauntlet/journal.jsonl | md5sum)
sum2=$(cat L/round-2/code/* | md5sum)
tmux -S "$SOCK" kill-server

# resume from where start ran: the loop, round 2, exactly
run_in 80 24 "$ENVS '$G' resume"
wait_for "round 2 of 3 . mock . $(title "$(plan 1 problem)")" 30
[ "$(cat L/round-2/code/* | md5sum)" = "$sum2" ] || fail "round 2's code changed"
[ "$(cat L/round-1/report.json L/round-1/.gauntlet/journal.jsonl | md5sum)" = "$sum1" ] || fail "round 1 changed"
[ "$(head -1 L/round-2/.gauntlet/journal.jsonl | python3 -c "import json,sys; print(json.load(sys.stdin)['deadline'])")" = "$deadline" ] ||
	fail "round 2's deadline moved"
grep -q '"type":"reopen"' L/round-2/.gauntlet/journal.jsonl || fail "the reopen of round 2 is not in its journal"
[ ! -e L/round-3 ] || fail "round 3 started early"
submit_round 1
wait_for "n next: round 3 of 3"
keys n
wait_for "mock . $(title "$(plan 2 problem)")" 30

# Round 3, then the combined debrief
solve 2
submit_round 2
wait_for "n next: the loop's combined debrief"
keys n
wait_for "\[exited\] 0" 60
out=$(tmux -S "$SOCK" capture-pane -p -J -S -300 -t s)
for s in "Interview loop: your combined debrief" "3 rounds, 3 graded, mean score [0-9.]+ / 100" \
	"^Round 1: " "^Round 2: " "^Round 3: " "race +fail" "\[caught\] racy-first-error" "\[avoided\] " \
	"minutes: [0-9.]+ of 10" "loop report: .*/L/loop-report\.html"; do
	grep -qE -- "$s" <<<"$out" || { printf '%s\n' "$out" >&2; fail "the combined debrief lacks /$s/"; }
done
python3 - <<'EOF' || fail "loop-report.json is not the combined debrief"
import json
r = json.load(open("L/loop-report.json"))
assert r["loop_report_format"] == 1 and r["complete"] and r["rounds_total"] == 3 and r["rounds_graded"] == 3, r
assert r["minutes_allowed"] == 30, r
plan = json.load(open("L/loop.json"))["rounds"]
for i, x in enumerate(r["rounds"]):
    assert x["problem"] == plan[i]["problem"] and x["area"] == plan[i]["area"], x
    assert x["state"] == "submitted" and x["graded"] and 0 <= x["score"] <= 100, x
    assert {g["name"] for g in x["graders"]} >= {"correctness", "vet"}, x
    assert x["minutes_used"] is not None and x["minutes_used"] <= 10, x
    assert x["debrief"] == "round-%d/report.html" % (i + 1), x
    m = x["mistakes"]
    assert m["caught"] + m["avoided"] + m["undecided"] == len(m["list"]) > 0, m
wp = [x for x in r["rounds"] if x["problem"] == "worker-pool"][0]
assert {"name": "racy-first-error", "state": "caught"} in wp["mistakes"]["list"], wp
assert [g for g in wp["graders"] if g["name"] == "race"][0]["verdict"] == "fail", wp
others = [x for x in r["rounds"] if x["problem"] != "worker-pool"]
assert all(x["score"] == 100 for x in others), others
EOF
for s in "Interview loop" "racy-first-error" 'href="round-1/report.html"' "Content-Security-Policy"; do
	grep -q -- "$s" L/loop-report.html || fail "loop-report.html lacks '$s'"
done
if command -v chromium >/dev/null; then
	timeout 60 chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$T/L/loop-report.html" >"$T/dom" \
		2>/dev/null || fail "chromium could not load loop-report.html"
	grep -q 'st-caught' "$T/dom" && grep -q 'id="rounds"' "$T/dom" || fail "the page's DOM lacks the rounds"
fi

# A finished loop: resume shows the combined debrief again, without a screen
(cd L/round-2 && "$G" resume --no-screen) | grep -q "^Interview loop: your combined debrief" ||
	fail "resume in a round of a finished loop does not show the combined debrief"
exit 0
