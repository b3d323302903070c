#!/usr/bin/env bash
# The candidate's own *_test.go never reach a grading (they run only in
# `gauntlet test`): a file of theirs that redeclares a problem's test and
# does not even parse leaves the reference's grade whole.
. "$(dirname "$0")/glib.sh"
need_sandbox
need_go

mkdir code
cp "$FIX/go-counter/reference/"* code/
cat >code/mine_test.go <<'GO'
package counter

import "testing"

func TestSumBasic(t *testing.T) { t.Fatal("the candidate's own, failing") }

func helper( {
GO
expect_status 0 "$G" grade --quick --bundle "$FIX/go-counter" code --json r.json
expect_in "$T/out" 'score 100.00 / 100'
[ "$(json_get r.json 'g["correctness"]["verdict"]')" = pass ] || fail "the candidate's test file reached the grading"
expect_not_in "$T/out" "candidate's own, failing"
exit 0
