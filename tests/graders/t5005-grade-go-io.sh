#!/usr/bin/env bash
# gauntlet grade and validate on the Go I/O fixture: a package main built
# in the sandbox, run once per data case and compared with the manifest's
# comparator or a checker written in Go; race runs the cases with -race.
. "$(dirname "$0")/glib.sh"
need_sandbox
need_go
P=$FIX/go-io-stats

# the reference earns full marks: every case, no race, vet clean
expect_status 0 "$G" grade --bundle "$P" "$P/reference" --json ref.json --junit ref.xml
expect_in "$T/out" 'score 100.00 / 100'
[ "$(json_get ref.json 'g["correctness"]["summary"]')" = "4/4 cases passed (float comparator)" ] ||
	fail "correctness does not list its 4 cases"
[ "$(json_get ref.json 'g["race"]["verdict"]')" = pass ] || fail "race did not pass"
[ "$(json_get ref.json 'g["vet"]["verdict"]')" = pass ] || fail "vet did not pass"
[ "$(json_get ref.json '"leak" in g or "bench" in g')" = False ] || fail "leak or bench graded"
expect_in ref.xml 'failures="0" errors="0"'

# a wrong answer fails correctness with the first difference
mkdir wrong && cp "$P/reference/go.mod" "$P/mutants/wrong/main.go" wrong/
expect_status 0 "$G" grade --bundle "$P" wrong --json wrong.json
[ "$(json_get wrong.json 'g["correctness"]["verdict"]')" = fail ] || fail "a wrong answer passed"
[ "$(json_get wrong.json '[t["status"] for t in g["correctness"]["tests"] if t["name"] == "empty"][0]')" = pass ] ||
	fail "the case the mutant gets right failed"
json_get wrong.json 'g["correctness"]["evidence"]' | grep -q "line 2, token 4: expected '3', got '2' (beyond tolerance)" ||
	fail "no difference as evidence"

# a data race the output does not show is caught by the -race build
mkdir racy && cp "$P/reference/go.mod" "$P/mutants/racy/main.go" racy/
expect_status 0 "$G" grade --bundle "$P" racy --json racy.json
[ "$(json_get racy.json 'g["correctness"]["verdict"]')" = pass ] || fail "racy correctness not stable"
[ "$(json_get racy.json 'g["race"]["verdict"]')" = fail ] || fail "race not caught"
json_get racy.json 'g["race"]["evidence"]' | grep -q 'WARNING: DATA RACE' || fail "no race report as evidence"

# a library is not a program: no build, and the reason says so
mkdir lib && cp "$P/reference/go.mod" "$P/mutants/library/main.go" lib/
expect_status 0 "$G" grade --bundle "$P" lib --json lib.json
[ "$(json_get lib.json 'g["correctness"]["verdict"]')" = fail ] || fail "a library passed"
json_get lib.json 'g["correctness"]["evidence"]' | grep -q 'must be package main, found package stats' ||
	fail "no package main evidence"
[ "$(json_get lib.json '[g[k]["summary"] for k in ("correctness", "race")]')" = "['does not build', 'does not build']" ] ||
	fail "a failed build is not 'does not build': $(json_get lib.json '[x["summary"] for x in r["graders"]]')"

# vet: go vet's printf check
mkdir vet && cp "$P/reference/go.mod" "$P/mutants/vet/main.go" vet/
expect_status 0 "$G" grade --bundle "$P" vet --json vet.json
[ "$(json_get vet.json 'g["vet"]["verdict"]')" = fail ] || fail "vet finding missed"
json_get vet.json 'g["vet"]["evidence"]' | grep -q 'Fprintf format %d has arg' || fail "no go vet output"

# float comparison accepts more decimals and other spacing (without a
# go.mod the reference's is used) ...
expect_status 0 "$G" grade --bundle "$P" "$FIX/submissions/go-io-precise"
expect_in "$T/out" 'correctness  pass'
# ... which exact comparison refuses
mkdir exact && cp -r "$P/." exact/ && sed -i 's/"comparator": "float", "tolerance": 1e-06/"comparator": "exact"/' exact/problem.json
expect_status 0 "$G" grade --bundle exact "$FIX/submissions/go-io-precise"
expect_in "$T/out" 'correctness  fail'

# a checker written in Go decides (here: labels in any letter case)
mkdir checked && cp -r "$P/." checked/ &&
	sed -i 's/"comparator": "float", "tolerance": 1e-06/"comparator": "checker", "checker": "checker.go"/' checked/problem.json
expect_status 0 "$G" grade --bundle checked "$FIX/submissions/go-io-upper"
expect_in "$T/out" 'correctness  pass .*checker comparator'
expect_status 0 "$G" grade --bundle checked wrong
expect_in "$T/out" "the checker rejects the output: word 4: expected \"3\", got \"2\""

# a case that spins is a timeout; the other cases still run
mkdir spin && cp "$P/reference/go.mod" spin/ &&
	sed 's|^\tmean := 0.0$|\tfor n == 0 {\n\t}\n\tmean := 0.0|' "$P/reference/main.go" >spin/main.go
grep -q 'for n == 0' spin/main.go || fail "cannot make the spinning submission"
mkdir short && cp -r "$P/." short/ && sed -i 's/"cpu_s": 5, "wall_s": 10/"cpu_s": 1, "wall_s": 10/' short/problem.json
expect_status 0 "$G" grade --bundle short spin --json spin.json
[ "$(json_get spin.json '[t["status"] for t in g["correctness"]["tests"] if t["name"] == "empty"][0]')" = timeout ] ||
	fail "the spinning case is not a timeout"
[ "$(json_get spin.json '[t["status"] for t in g["correctness"]["tests"] if t["name"] == "small"][0]')" = pass ] ||
	fail "a case after the timeout did not pass"

# a symlink in the submission is refused, not followed
mkdir evil && ln -s /etc/shadow evil/main.go
expect_status 1 "$G" grade --bundle "$P" evil --json evil.json
expect_in "$T/err" "symbolic links are not accepted"

# validate: the reference and every mutant earn their declared verdicts
expect_status 0 "$G" validate "$P"
expect_in "$T/out" 'all verdicts hold'
expect_in "$T/out" 'ok   mutant racy'
exit 0
