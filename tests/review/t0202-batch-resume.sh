#!/usr/bin/env bash
# An interrupted batch resumes where it stopped: kill -9 of the batch in
# the middle (its gradings die with it), then Ctrl-C (SIGINT) in the middle
# of the second run; the third run finishes.  No finished submission is
# ever graded again, nothing half-written is taken for a result.
. "$(dirname "$0")/lib.sh"
export GAUNTLET_BATCH_GRADER=$FAKE

mkdir subs
for i in 1 2 3 4 5 6; do
	(cd subs && sealed "c$i" "$(pool_code "$i"; echo '// SLOW')")
done
run_bg() { # LOGFILE: start the batch in the background, its pid in $pid
	FAKE_GRADER_LOG=$1 "$G" grade --bundle "$PROBLEM" subs/*.tar.gz -j 2 --report rep >run.out 2>&1 &
	pid=$!
}
published() { ls rep/submissions 2>/dev/null | grep -c '^[0-9a-f]\{64\}$'; }

# wait_published N: until at least N results are out (the machine may be busy).
wait_published() {
	for _ in $(seq 300); do
		[ "$(published)" -ge "$1" ] && return 0
		sleep 0.1
	done
	fail "no result published within 30 s"
}

# Gradings take 3 s each here, two at a time: stop once the first is out
# (a third has just started then).
FAKE_GRADER_SLOW_S=3 run_bg calls1.log
wait_published 1
kill -9 "$pid"
wait "$pid" 2>/dev/null
n1=$(published)
[ "$n1" -ge 1 ] && [ "$n1" -lt 6 ] || fail "after kill -9: $n1 published, want some but not all"
# The gradings died with the batch (PR_SET_PDEATHSIG): none is still
# writing.  Dying may take a moment on a loaded machine (the killed ones
# exit in turn); a grading that outlived the batch would hold its log for
# seconds more.
for f in rep/submissions/.tmp-*/grade.log; do
	[ -e "$f" ] || continue
	for _ in $(seq 15); do fuser "$f" >/dev/null 2>&1 || break; sleep 0.1; done
	fuser "$f" >/dev/null 2>&1 && fail "a grading outlived the batch: $f is open"
done
done1=$(ls rep/submissions | grep '^[0-9a-f]\{64\}$')

run_bg calls2.log
wait_published $((n1 + 1))
kill -INT "$pid"
wait "$pid"; st=$?
[ "$st" -eq 1 ] || { cat run.out; fail "interrupted batch exited $st, want 1"; }
grep -q 'interrupted: .* run the same command again to resume' run.out || { cat run.out; fail "no resume hint"; }
[ -z "$(ls -A rep/submissions | grep '^\.tmp-')" ] || fail "SIGINT left scratch folders"
[ -s rep/report.html ] || fail "no report after SIGINT"
n2=$(published)
[ "$n2" -gt "$n1" ] || fail "second run published nothing ($n2)"

FAKE_GRADER_LOG=calls3.log expect_status 0 "$G" grade --bundle "$PROBLEM" subs/*.tar.gz -j 2 --report rep
expect_in "$T/out" "$n2 already graded"
[ "$(published)" -eq 6 ] || fail "want 6 results, have $(published)"
board rep/leaderboard.json >board.txt
[ "$(grep -c ' graded ' board.txt)" -eq 6 ] || { cat board.txt; fail "not all graded"; }

# Nothing published by an earlier run was graded again later.
code_sum() { # the fake grader's key of a published submission
	cat "rep/submissions/$1/code/"*.go | sha256sum | cut -c1-16
}
for h in $done1; do
	k=$(code_sum "$h")
	! grep -q "$k" calls2.log calls3.log || fail "$h was graded again after it was published"
done
exit 0
