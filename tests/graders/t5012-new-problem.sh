#!/usr/bin/env bash
# gauntlet new problem: the skeleton of each language packs and validates
# unchanged (its reference full marks, its mutant its verdicts), and the
# C one ships public cases the candidate's `gauntlet test` runs.
. "$(dirname "$0")/glib.sh"
need_sandbox

expect_status 0 "$G" new problem go-start --lang go --areas idiomatic,performance
[ -f go-start/problem.json ] && [ -f go-start/mutants/ignores-last/expect.json ] || fail "no Go skeleton"
expect_status 0 "$G" new problem c-start --lang c --areas low-level -o c-dir
[ -f c-dir/tests/public/01-example.in ] || fail "no public case in the C skeleton"
grep -q '"id": "c-start"' c-dir/problem.json || fail "the id is not the one asked for"
grep -q '"areas": \["low-level"\]' c-dir/problem.json || fail "the areas are not the ones asked for"
grep -q '^package gostart$' go-start/reference/sum.go || fail "the Go package is not named after the id"

# Refusals: one line each, nothing written.
expect_status 2 "$G" new problem go-start --lang go --areas idiomatic
expect_in "$T/err" "cannot create 'go-start': it exists"
expect_status 2 "$G" new problem x --lang rust --areas idiomatic
expect_in "$T/err" "--lang: expected go or c, got 'rust'"
expect_status 2 "$G" new problem x --lang go --areas idiomatic,speed
expect_in "$T/err" "--areas: 'speed' is not an area"
expect_status 2 "$G" new problem x --lang go --areas idiomatic,idiomatic
expect_in "$T/err" "'idiomatic' is listed twice"
expect_status 2 "$G" new problem ../x --lang go --areas idiomatic
expect_status 2 "$G" new problem x --lang go
expect_in "$T/err" 'missing --areas'
expect_status 2 "$G" new thing x --lang go --areas idiomatic
[ ! -e x ] || fail "a refused 'new' wrote x"

for d in go-start c-dir; do
	expect_status 0 "$G" pack "$d" -o "dist-$d"
done

need_cc
expect_status 0 "$G" validate c-dir --quick
expect_in "$T/out" '^  ok   reference'
expect_in "$T/out" '^  ok   mutant int-sum'
expect_in "$T/out" 'all verdicts hold'

# The candidate's side: the public case runs and the starter fails it.
"$G" start dist-c-dir/c-start.public.tar.gz --workspace ws --no-screen >/dev/null 2>&1 ||
	fail "cannot start a session on the C skeleton"
expect_status 1 "$G" test --session ws
expect_in "$T/out" '01-example'

need_go
expect_status 0 "$G" validate go-start --quick
expect_in "$T/out" '^  ok   reference'
expect_in "$T/out" '^  ok   mutant ignores-last'
expect_in "$T/out" 'all verdicts hold'
exit 0
