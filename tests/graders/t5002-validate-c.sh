#!/usr/bin/env bash
# gauntlet validate on the C fixtures, and a mutant whose declaration is wrong.
. "$(dirname "$0")/glib.sh"
need_sandbox
need_cc
for p in c-sum c-mean c-words c-words-checker; do
	expect_status 0 "$G" validate "$FIX/$p"
	expect_in "$T/out" 'all verdicts hold'
done
expect_in "$T/out" 'ok   mutant unreversed'

cp -r "$FIX/c-sum" bad
sed -i 's/"vet": "pass"/"vet": "fail"/' bad/mutants/wrong/expect.json
expect_status 1 "$G" validate bad
expect_in "$T/out" 'FAIL mutant wrong'
expect_in "$T/out" 'vet expected fail, got pass'
# and why, for a log read later: the grader's summary
expect_in "$T/out" '^       vet: '
# --mutant grades only the mutants named (the reference first)
expect_status 0 "$G" validate bad --mutant warn --mutant racy
expect_not_in "$T/out" 'mutant wrong'
expect_in "$T/out" 'ok   reference'
expect_status 2 "$G" validate bad --mutant nope
expect_in "$T/err" 'no such mutant'

# a mutant that declares no failing grader proves nothing: refused before
# anything is graded
mkdir bad/mutants/same && cp "$FIX/c-sum/reference/sum.c" bad/mutants/same/ &&
	echo '{"description": "identical", "verdicts": {"correctness": "pass", "race": "pass", "vet": "pass"}}' \
		>bad/mutants/same/expect.json
expect_status 2 "$G" validate bad
expect_in "$T/err" 'mutants/same/expect.json: verdicts: no grader is expected to fail'
expect_not_in "$T/out" 'reference'

# an expect.json that forgets a grader
rm -r bad/mutants/same
echo '{"description": "x", "verdicts": {"correctness": "fail"}}' >bad/mutants/wrong/expect.json
expect_status 2 "$G" validate bad
expect_in "$T/err" 'mutants/wrong/expect.json: verdicts: missing "race"'

# a reference that does not build stops validation at once, saying why
rm -r bad && cp -r "$FIX/c-sum" bad && echo 'syntax error' >>bad/reference/sum.c
expect_status 1 "$G" validate bad
expect_in "$T/out" 'FAIL reference'
expect_in "$T/out" 'stopped: the reference must earn full marks'
expect_not_in "$T/out" '^  (ok|FAIL) +mutant'
expect_status 2 "$G" validate
exit 0
