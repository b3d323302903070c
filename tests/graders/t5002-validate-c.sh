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
sed -i 's/"correctness": "fail"/"correctness": "pass"/' bad/mutants/wrong/expect.json
expect_status 1 "$G" validate bad
expect_in "$T/out" 'FAIL mutant wrong'
expect_in "$T/out" 'correctness expected pass, got fail'

# a mutant that no grader fails proves nothing
mkdir bad/mutants/same && cp "$FIX/c-sum/reference/sum.c" bad/mutants/same/ &&
	echo '{"description": "identical", "verdicts": {"correctness": "pass", "race": "pass", "vet": "pass"}}' \
		>bad/mutants/same/expect.json
expect_status 1 "$G" validate bad
expect_in "$T/out" 'must earn at least one fail'

# an expect.json that forgets a grader
echo '{"description": "x", "verdicts": {"correctness": "fail"}}' >bad/mutants/wrong/expect.json
expect_status 1 "$G" validate bad
expect_in "$T/out" "verdicts: missing 'race'"
expect_status 2 "$G" validate
exit 0
