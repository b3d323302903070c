#!/bin/bash
# A take-home shows and keeps none of the debrief: after its submit the
# screen has no debrief (d does nothing), the session folder holds no
# report.json or report.html, and not one byte of the reference solution,
# the hidden tests or the mutants is anywhere in the folder (the sealed
# archive unpacked too) or on the screen; `gauntlet log` and `resume`
# name no debrief.
. "$(dirname "$0")/lib.sh"
"$G" test --help >/dev/null || exit 1
# Lines only the grading part has: the reference's, a hidden test's, a
# mutant's description.
REF='errOnce sync.Once'
HIDDEN='func TestPanicBecomesTypedError'
MUTANT='unsynchronised check-then-set'
grep -qF -- "$REF" "$PROBLEM/reference/pool.go" && grep -qF -- "$HIDDEN" "$PROBLEM/tests/hidden/hidden_test.go" &&
	grep -qF -- "$MUTANT" "$PROBLEM/mutants/racy-first-error/expect.json" || fail "the marker lines moved"

run_in 80 24 "TERM=xterm-256color LANG=C.UTF-8 '$G' start '$PROBLEM' --workspace th"
wait_for "take-home . Bounded worker pool"
cp "$PROBLEM/mutants/racy-first-error/pool.go" th/code/pool.go
keys s
wait_for "Submit now\?"
keys y
wait_for "Submitted \(on time\)"
keys x
wait_for "submitted . l log"
screen | grep -q "d debrief" && fail "a take-home's status line offers a debrief"
# d must do nothing: the timeline (l) then opens, which it would not over
# an open debrief.
keys d
keys l
wait_for "Timeline \("
# (the build folder's name may hold the word: match what the debrief shows)
screen | grep -qE "your debrief|d debrief|your line|CAUGHT|reference solution" && fail "a take-home screen shows the debrief"
keys x
keys q
wait_for "\[exited\] 0"
screen | grep -q "^debrief:" && fail "leaving a take-home's screen names a debrief"

[ -e th/report.json ] || [ -e th/report.html ] || [ -e th/.gauntlet/report.json ] && fail "a take-home kept a report"
mkdir "$T/unpacked"
tar -xzf th/worker-pool-submission.tar.gz -C "$T/unpacked" || fail "the archive does not unpack"
for s in "$REF" "$HIDDEN" "$MUTANT"; do
	grep -rqF -- "$s" th "$T/unpacked" && fail "the take-home folder holds grading bytes: $s"
done
(cd th && "$G" log) | grep -q "^debrief:" && fail "gauntlet log names a debrief for a take-home"
"$G" resume th --no-screen | grep -q "^debrief:" && fail "resume names a debrief for a take-home"
# A report.json put there by hand is not the screen's business either.
cp "$T/unpacked/submission.json" th/report.json
run_in 80 24 "TERM=xterm-256color LANG=C.UTF-8 '$G' resume th"
wait_for "submitted . l log"
screen | grep -qE "your debrief|d debrief" && fail "a take-home screen opened a debrief"
keys q
wait_for "\[exited\] 0"
exit 0
