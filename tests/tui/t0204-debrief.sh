#!/bin/bash
# The debrief: a mock interview on worker-pool with a racy solution that
# also fails a test (the racy-first-error mutant, with panics flattened into
# plain errors) ends, at 80x24, on the whole report: the failing test's
# name and message, the race report with the candidate's own line marked
# and shown, the mistakes checklist, the diff to the reference and the
# reference.  report.json and report.html stay in the session folder; q
# goes on to the follow-up questions, d reopens it, `gauntlet log` and
# `resume --no-screen` name the page, and `resume` at 120x40 opens on it.
. "$(dirname "$0")/lib.sh"
"$G" test --help >/dev/null || exit 1

# seek REGEX: from the top of the debrief, page down until the pane shows
# REGEX (a long view: each page is checked).
seek() {
	local i
	keys g
	sleep 0.2
	for ((i = 0; i < 150; i++)); do
		screen | grep -qE -- "$1" && return 0
		keys NPage
		sleep 0.1
	done
	fail "the debrief never showed /$1/"
}

run_in 80 24 "TERM=xterm-256color LANG=C.UTF-8 '$G' start --problem worker-pool --mode mock --minutes 20 --workspace m"
wait_for "mock . Bounded worker pool"
cp "$PROBLEM/mutants/racy-first-error/pool.go" m/code/pool.go
sed -i 's/err = &PanicError{Value: v, Stack: debug.Stack()}/err = fmt.Errorf("task panicked: %v: %s", v, debug.Stack())/' \
	m/code/pool.go
grep -q 'task panicked: %v: %s", v, debug' m/code/pool.go || fail "the solution was not prepared"
keys s
wait_for "Submit now\?"
keys y
wait_for "Grading report \(worker-pool\): your debrief" 300
wait_for "score: [0-9.]+ / 100"
screen | grep -qE "  race +fail" || fail "the race grader did not fail"
seek "FAIL TestPanicBecomesTypedError"
seek "want a \*PanicError"
seek "WARNING: DATA RACE"
# the frame of the candidate's file is marked, and its line shown under it
seek "^> +workerpool/pool\.go:14[01] "
seek "your line pool\.go:14[01]: +(if p\.err == nil \{|p\.err = err)"
seek "mistakes?, [1-9][0-9]* caught in this attempt"
seek "\[CAUGHT +\] racy-first-error: the first error is recorded"
seek "\[avoided +\] leak-parent-watcher"
# judged by the hidden tests each mistake fails: this attempt fails the
# panic one's, and passes the cancellation one's
seek "\[CAUGHT +\] panic-as-string-error"
seek "here: you failed TestPanic[A-Za-z]+, which it fails"
seek "\[avoided +\] submit-ignores-cancel"
seek "here: you passed the [0-9]+ tests it fails"
seek "== Your code against the reference"
seek "^- +err error // first task error"
seek "^\+ +errOnce sync\.Once"
seek "== The reference solution"
[ -s m/report.json ] && [ -s m/report.html ] || fail "report.json and report.html were not kept"
keys q
wait_for "Follow-up question 1 of [0-9]+"
keys q
wait_for "d debrief"
keys d
wait_for "Grading report \(worker-pool\): your debrief"
keys q
gone "your debrief" || fail "q did not close the debrief"
keys q
wait_for "\[exited\] 0"
# (the path may wrap at 80 columns: -J joins it again)
tmux -S "$SOCK" capture-pane -p -J -t s | grep -qxE "debrief: +$T/m/report\.html" ||
	fail "leaving the screen does not name the debrief"

# The page: the review's renderer, with the practice part.
for s in "What interviewers look for here" "Your code against the reference" "The reference solution" \
	"racy-first-error" "errOnce sync.Once" "WARNING: DATA RACE" "TestPanicBecomesTypedError" 'class="L a hit"|class="L u hit"'; do
	grep -qE -- "$s" m/report.html || fail "report.html lacks /$s/"
done
if command -v chromium >/dev/null; then
	timeout 60 chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$T/m/report.html" >"$T/dom" 2>/dev/null ||
		fail "chromium could not load report.html"
	grep -q 'st-caught' "$T/dom" && grep -q 'id="mistakes"' "$T/dom" || fail "the page's DOM lacks the checklist"
fi
(cd m && "$G" log) | grep -qE "^debrief: .*/m/report\.html$" || fail "gauntlet log does not name the debrief"
"$G" resume m --no-screen | grep -qE "^debrief: +.*/m/report\.html$" || fail "resume does not name the debrief"

# resume opens on it, at 120x40
run_in 120 40 "TERM=xterm-256color LANG=C.UTF-8 '$G' resume m"
wait_for "Grading report \(worker-pool\): your debrief"
seek "\[CAUGHT +\] racy-first-error"
seek "your line pool\.go:14[01]:"
keys q
keys q
wait_for "\[exited\] 0"
exit 0
