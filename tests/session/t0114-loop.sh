#!/bin/bash
# Interview loops from the plain commands: `start --loop 2 --no-screen`
# draws two problems of different areas and starts round 1 only; what
# cannot be a loop is refused (exit 2: a take-home, a bundle, more rounds
# than the library has areas or problems); `start` in the loop folder goes
# on with round 1 while it runs, and with round 2 once it is submitted;
# `resume` inside a round's folder resumes the loop.  Rounds submitted
# without grading (as when the terminal is killed during a grading) are
# graded before the next round starts, or when the loop ends, and the
# combined debrief names both.  A round
# folder replaced by a symbolic link is refused, not followed.
. "$(dirname "$0")/lib.sh"
PY=$(command -v python3) || { echo "skip: python3 is needed to read the loop's files"; exit 77; }

mkdir lib
for p in error-classify http-middleware; do cp -r "$SRC/problems/$p" lib/; done
export GAUNTLET_PROBLEMS="$T/lib" GAUNTLET_WARM=off

expect_status 2 "$G" start --loop 2 --mode take-home
expect_in "$T/err" "take-home sessions cannot be loops"
expect_status 2 "$G" start "$SRC/problems/worker-pool" --loop 2
expect_in "$T/err" "give no BUNDLE"
expect_status 2 "$G" start --loop 3
expect_in "$T/err" "--loop 3: the library has 2 problems"
expect_status 2 "$G" start --loop 3 --area networking
expect_in "$T/err" "--loop 3: the library has 1 problem of area 'networking'"
[ -z "$(ls -d gauntlet-loop-* 2>/dev/null)" ] || fail "a refused loop left a folder"

expect_status 0 "$G" start --loop 2 --minutes 5 --no-screen --workspace L
expect_in "$T/out" "interview loop: 2 rounds, 10 minutes in all"
expect_in "$T/out" "round 1 of 2: "
[ -d L/round-1/code ] && [ ! -e L/round-2 ] || fail "round 1 only should be started"
p1=$("$PY" -c "import json; print(json.load(open('L/loop.json'))['rounds'][0]['problem'])")
p2=$("$PY" -c "import json; print(json.load(open('L/loop.json'))['rounds'][1]['problem'])")
[ "$p1" != "$p2" ] || fail "the same problem twice"
if ! can_run_tests L/round-1; then echo "skip: no Go toolchain"; exit 77; fi

# round 1 runs: start in the loop folder shows it, starts nothing new
(cd L && "$G" start --no-screen) >"$T/out" 2>"$T/err" || fail "start in the loop folder failed"
expect_in "$T/out" "round 1 of 2"
[ ! -e L/round-2 ] || fail "round 2 started before round 1 was submitted"

cp -r "lib/$p1/reference/." L/round-1/code/
(cd L/round-1 && "$G" submit --no-grade) >/dev/null 2>&1 || fail "submit of round 1 failed"
[ ! -e L/round-1/report.json ] || fail "--no-grade graded"
(cd L && "$G" start --no-screen) >"$T/out" 2>"$T/err" || fail "start in the loop folder failed"
expect_in "$T/err" "round 1's debrief is missing: grading it again"
[ -s L/round-1/report.json ] || fail "round 1 was not graded before round 2 started"
expect_in "$T/out" "round 2 of 2: $p2"
[ -d L/round-2/.gauntlet ] || fail "round 2 was not started"

# hostile: round 1 swapped for a symbolic link
mv L/round-1 r1 && ln -s "$T/r1" L/round-1
expect_status 2 "$G" resume L --no-screen
expect_in "$T/err" "round-1: a symbolic link, not a round folder"
rm L/round-1 && mv r1 L/round-1

cp -r "lib/$p2/reference/." L/round-2/code/
(cd L/round-2 && "$G" submit --no-grade) >/dev/null 2>&1 || fail "submit of round 2 failed"
# resume in a round: the loop is over, its ungraded rounds are graded
(cd L/round-2 && "$G" resume --no-screen) >"$T/out" 2>"$T/err" || { cat "$T/err"; fail "resume failed"; }
expect_in "$T/err" "round 2's debrief is missing: grading it again"
expect_not_in "$T/err" "round 1's debrief"
expect_in "$T/out" "^Interview loop: your combined debrief$"
expect_in "$T/out" "2 rounds, 2 graded, mean score 100.00 / 100"
expect_in "$T/out" "^Round 1: .*\($p1, "
expect_in "$T/out" "^Round 2: .*\($p2, "
expect_in "$T/out" "minutes: [0-9.]+ of 5"
[ -s L/round-1/report.html ] && [ -s L/loop-report.json ] && [ -s L/loop-report.html ] || fail "reports missing"
"$PY" - <<'EOF' || fail "loop-report.json is wrong"
import json
r = json.load(open("L/loop-report.json"))
assert r["complete"] and r["rounds_graded"] == 2 and r["score"] == 100 and r["minutes_allowed"] == 10, r
assert [x["round"] for x in r["rounds"]] == [1, 2]
EOF
# the second time nothing is graded again
(cd L && "$G" resume --no-screen) >"$T/out" 2>"$T/err" || fail "resume failed"
expect_not_in "$T/err" "grading it again"
exit 0
