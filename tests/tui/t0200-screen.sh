#!/bin/bash
# The screen end to end under tmux: 80x24 and 120x40, colour and monochrome
# terminals, UTF-8 and not; help, editor, tests, timeline, pause, submit
# with confirmation, leave and resume, a too-small terminal and a resize,
# the mouse wheel.
. "$(dirname "$0")/lib.sh"

cat >"$T/ed.sh" <<'ED'
#!/bin/sh
# A scripted editor: it is started in the workspace, on the file with the
# bodies to write (pool.go), not on the folder.
[ "$1" = pool.go ] && [ -f go.mod ] && echo "// edited in the screen" >>pool.go
ED
chmod +x "$T/ed.sh"

# --- 80x24, colour, UTF-8 ----------------------------------------------
run_in 80 24 TERM=xterm-256color LANG=C.UTF-8 EDITOR="$T/ed.sh" "$G" start "$PROBLEM" --workspace a
wait_for "00:4[45]:[0-9]{2} left"
wait_for "Bounded worker pool"
screen | grep -q "No test run yet: press t" || fail "no results placeholder"
screen | grep -q "e edit · t test · s submit" || fail "no status line"
# The mouse wheel, as the terminal reports it (SGR: button 65 down, 64 up,
# column 10, row 5: over the statement): the statement scrolls.
pct() { screen | sed -n 's/.*Statement \]─*[ ]*\([0-9]*\)%.*/\1/p' | head -1; }
p0=$(pct)
for i in 1 2 3; do keys -l $'\e[<65;10;5M'; done
[ -n "$p0" ] || fail "no scroll position in the statement's title"
for ((i = 0; i < 50; i++)); do p1=$(pct); [ "${p1:-0}" -gt "$p0" ] && break; sleep 0.1; done
[ "${p1:-0}" -gt "$p0" ] || fail "the wheel did not scroll the statement down ($p0% -> $p1%)"
keys -l $'\e[<64;10;5M'
for ((i = 0; i < 50; i++)); do [ "$(pct)" -lt "$p1" ] && break; sleep 0.1; done
[ "$(pct)" -lt "$p1" ] || fail "the wheel did not scroll the statement up"
keys '?'
wait_for "Keys \(any other key closes\)"
keys x
wait_for "No test run yet"
keys Tab
keys NPage
keys e
wait_for "No test run yet"
grep -q "edited in the screen" a/code/pool.go || fail "the editor did not run on code/pool.go in the workspace"

# A plain command in another terminal: the screen picks its run up.
if "$G" test --session a >"$T/probe" 2>&1 || ! grep -q "no Go toolchain" "$T/probe"; then
	wait_for "Results: 0 passed, 3 failed \(run 1 at" 5
	keys t
	wait_for "running the public tests" 5
	wait_for "Results: 0 passed, 3 failed \(run 2 at" 240
	screen | grep -qE "FAIL TestPublicRunsEveryTask" || fail "no per-test results"
	screen | grep -qE "public_test.go:[0-9]+: Submit: not impl" || fail "no failure text of the selected test"
else
	echo "note: the public tests cannot run here: $(cat "$T/probe" | tail -1)"
	keys t
	wait_for "the tests could not run"
	keys x
fi
keys l
wait_for "Timeline"
wait_for "  1  .* start "
keys x
keys s
wait_for "Submit now\?.*\[y/N\]"
keys n
gone "Submit now\?" || fail "n did not close the question"
[ -e a/worker-pool-submission.tar.gz ] && fail "submitted without a yes"
keys s
wait_for "Submit now\?"
keys y
wait_for "Submitted \(on time\)"
wait_for "SUBMITTED"
[ -f a/worker-pool-submission.tar.gz ] || fail "no archive after submit"
"$G" verify a/worker-pool-submission.tar.gz >"$T/v" || { cat "$T/v"; fail "the archive does not verify"; }
tar xzf a/worker-pool-submission.tar.gz -O code/pool.go | grep -q "edited in the screen" ||
	fail "the edit is not in the submission"
keys x q
wait_for "\[exited\] 0"
wait_for "submitted: "

# --- 120x40, monochrome VT100, no UTF-8; leave and resume -----------------
run_in 120 40 TERM=vt100 LANG=C LC_ALL=C "$G" start "$PROBLEM" --workspace b
wait_for "take-home . Bounded worker pool"
wait_for "[0-9]{2}:[0-9]{2}:[0-9]{2} left"
# p shows nothing here: the help opened and closed after it says it was
# handled.
keys p '?'
wait_for "Keys \(any other key closes\)"
screen | grep -q "on code/pool.go" || fail "the help does not name the file e opens"
screen | grep -q "Your code is in /" || fail "the help does not say where the code is"
screen | grep -q "SESSION/code" && fail "the help shows a placeholder"
keys x
gone "Keys \(any other key closes\)" || fail "x did not close the help"
screen | grep -q PAUSED && fail "a take-home session paused"
keys q
wait_for "left the screen; the session keeps running"
run_in 120 40 TERM=vt100 LANG=C LC_ALL=C "$G" resume b
wait_for "take-home . Bounded worker pool"
keys q
wait_for "\[exited\] 0"
"$G" log --session b >"$T/log"
grep -qE "  2  .* reopen " "$T/log" || { cat "$T/log"; fail "resume not recorded"; }

# --- mock: pause stops the clock ------------------------------------------
# One earlier practice session (as gauntlet records it): the mock's start
# page says where the practice stands.
mkdir -p "$XDG_DATA_HOME/gauntlet/history"
cat >"$XDG_DATA_HOME/gauntlet/history/$(printf '%064d' 7).json" <<'JSON'
{"format":1,"session":"0000000000000000000000000000000000000000000000000000000000000007",
 "problem":{"id":"pubsub","title":"t","version":"1","areas":["concurrency"]},"started":1000,
 "submitted":2000,"minutes_allowed":45,"minutes_used":16,"late":false,"graded":true,"score":42,
 "graders":[],"folder":"/x"}
JSON
run_in 80 24 TERM=xterm LANG=C.UTF-8 "$G" start "$PROBLEM" --mode mock --workspace c
wait_for "mock . Bounded"
wait_for "Your practice: 1 mock session, 1 graded"
screen | grep -q "Weakest area: concurrency (mean 42" || fail "the start page does not name the weakest area"
screen | grep -q "Next to practise: " || fail "the start page does not suggest a problem"
keys p
wait_for "PAUSED"
wait_for "Press p to continue the clock"
"$G" status --session c >"$T/st"
grep -q "mode:      mock (paused)" "$T/st" || { cat "$T/st"; fail "status does not show the pause"; }
# Another key closes the notice and the clock stays stopped; t says why it
# does nothing; p in that notice continues, as it says.
keys x
gone "Press p to continue the clock" 5 || fail "x did not close the pause notice"
screen | grep -q PAUSED || fail "closing the notice continued the clock"
keys t
wait_for "The session is paused"
screen | grep -q "running the public tests" && fail "t ran the tests while paused"
keys p
gone PAUSED 5 || fail "p in the notice did not continue"
keys q
wait_for "\[exited\] 0"

# --- a session folder below the current one is found ----------------------
(cd "$T" && "$G" status) >"$T/st" 2>&1 && fail "status chose one of several sessions"
grep -q "session folders here (a, b, ...): name one" "$T/st" || { cat "$T/st"; fail "no list of the sessions"; }
mkdir "$T/solo" && mv "$T/b" "$T/solo/b"
(cd "$T/solo" && "$G" status) >"$T/st" 2>&1 || { cat "$T/st"; fail "status did not find the session below"; }
grep -q "using the session in $T/solo/b" "$T/st" || { cat "$T/st"; fail "status did not say which session"; }

# --- the countdown: colour under 10 and 1 minutes, a notice at 1 -----------
# 1.06 minutes = 64 s: the 60 s mark comes 4 s in.
run_in 80 24 TERM=xterm-256color LANG=C.UTF-8 "$G" start "$PROBLEM" --mode mock --minutes 1.06 --workspace d
wait_for "00:01:0[0-4] left"
# The statement states the session's minutes, not the problem's 45.
screen | grep -q "Time budget: 1.06 minutes" || fail "the statement does not show the session's minutes"
grep -q "Time budget: 1.06 minutes" d/statement.md || fail "statement.md does not show the session's minutes"
tmux -S "$SOCK" capture-pane -e -p -t s | head -1 | grep -q $'\e\\[[0-9;]*43m' ||
	fail "under 10 minutes the countdown is not yellow"
wait_for "1 MINUTE LEFT" 10
tmux -S "$SOCK" capture-pane -e -p -t s | head -1 | grep -q $'\e\\[[0-9;]*41m' ||
	fail "under 1 minute the countdown is not red"
keys q
wait_for "\[exited\] 0"

# --- too small, then resized ----------------------------------------------
run_in 70 20 TERM=xterm-256color LANG=C.UTF-8 "$G" resume c
wait_for "terminal too small: 70x20"
tmux -S "$SOCK" resize-window -t s -x 100 -y 30
wait_for "mock . Bounded"
keys q
wait_for "\[exited\] 0"
exit 0
