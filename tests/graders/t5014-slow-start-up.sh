#!/usr/bin/env bash
# A package whose start-up is slow (a table built at load, here an init
# that sleeps 1.5 s) is not paid for in every benchmark process: after the
# first pair, the bench grader runs several samples to a process and says
# so; the grading is still full marks, and the same code without the slow
# start keeps one sample to a process.
. "$(dirname "$0")/glib.sh"
need_sandbox
need_go
P=$FIX/go-counter
mkdir slow && cp "$P/reference/"* slow/
cat >slow/table.go <<'GO'
package counter

import "time"

// startedAt is set once the package has loaded, 1.5 s after it began.
var startedAt = func() time.Time {
	time.Sleep(1500 * time.Millisecond)
	return time.Now()
}()
GO
expect_status 0 "$G" grade --bundle "$P" slow --json slow.json -v
expect_in "$T/out" 'score 100.00 / 100'
# one candidate process for the first pair, then blocks of up to five
grep -q 'bench: pair 1 of ' "$T/err" || fail "the first pair did not run alone"
grep -Eq 'bench: pairs 2-[0-9]+ of ' "$T/err" || fail "the later pairs were not run several to a process"
n=$(json_get slow.json 'len(g["bench"]["bench"]["pairs"])')
procs=$(grep -Ec 'bench: pairs? [0-9]' "$T/err")
[ "$procs" -lt "$n" ] || fail "$n pairs took $procs process pairs"
json_get slow.json 'g["bench"]["evidence"]' | grep -Eq 'start-up took 1\.[5-9] s a process.*up to 5 samples to a process' ||
	fail "the evidence does not say why: $(json_get slow.json 'g["bench"]["evidence"]' | head -3)"

# the same code without the slow start: one sample to a process
expect_status 0 "$G" grade --bundle "$P" "$P/reference" --json ref.json -v
grep -q 'bench: pairs ' "$T/err" && fail "a quick start ran several samples to a process"
json_get ref.json 'g["bench"]["evidence"]' | grep -q 'start-up took' && fail "a quick start was called slow"
exit 0
