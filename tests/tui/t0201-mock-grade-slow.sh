#!/bin/bash
# A mock interview on a library problem, entirely in the screen: the
# reference solution is typed in, submitted with confirmation, and the full
# grading report appears (label: slow; grading takes about half a minute).
. "$(dirname "$0")/lib.sh"
"$G" test --help >/dev/null || exit 1
run_in 100 30 TERM=xterm-256color LANG=C.UTF-8 "'$G'" start --area concurrency --problem worker-pool --seed 7 --workspace m
wait_for "mock . Bounded worker pool"
cp "$SRC/problems/worker-pool/reference/pool.go" m/code/pool.go
keys t
wait_for "Results: 3 passed, 0 failed" 300
keys s
wait_for "Submit now\?"
keys y
wait_for "grading in the sandbox" 10
wait_for "Grading report \(worker-pool\)" 600
wait_for "score: [0-9.]+ / 100"
for g in correctness race leak bench vet; do
	screen | grep -qE "  $g +(pass|fail)" || fail "no $g line in the report"
done
screen | grep -qE "correctness +pass +50\.0+ / 50(\.0+)? " || fail "the reference did not pass correctness"
"$G" verify m/worker-pool-submission.tar.gz >"$T/v" || { cat "$T/v"; fail "the archive does not verify"; }
exit 0
