#!/usr/bin/env bash
# pack and validate check what needs no compiler before anything runs: each
# authoring mistake, made in a copy of a good problem, is one line naming
# the file and what is wrong, exit 2, and no bundle is written.
D=$(cd "$(dirname "$0")" && pwd)
. "$D/lib.sh"
. "$D/bundle-lib.sh"

make_problem good
expect_status 0 "$G" pack good -o dist-good

# broken NAME PATTERN: pack the copy NAME, expect exit 2, PATTERN in stderr,
# nothing written.
broken() {
	expect_status 2 "$G" pack "$1" -o "dist-$1"
	expect_in "$T/err" "$2"
	[ ! -e "dist-$1" ] || fail "pack of '$1' wrote $(ls "dist-$1")"
	expect_status 2 "$G" validate "$1"
	expect_in "$T/err" "$2"
	expect_not_in "$T/out" 'reference'
}
copy() { rm -rf "$1" && cp -r good "$1"; }
exp() { printf '{"description": "off by one", "verdicts": {%s}}\n' "$2" >"$1/mutants/slow/expect.json"; }

copy no-expect && rm no-expect/mutants/slow/expect.json
broken no-expect "'no-expect': mutants/slow/expect\.json: missing"
expect_status 2 "$G" pack no-expect -o dist-no-expect
expect_in "$T/err" "^gauntlet pack: cannot pack 'no-expect': mutants/slow/expect\.json: missing \(each mutant declares its verdicts\)$"

copy bad-json && echo '{"description": "x", "verdicts": {' >bad-json/mutants/slow/expect.json
broken bad-json "mutants/slow/expect\.json"

copy misspelt && exp misspelt '"correctness": "fial", "bench": "skip", "vet": "pass"'
broken misspelt 'mutants/slow/expect\.json: verdicts\.correctness: "fial" is not a verdict \(pass, fail, skip, any\)'

copy not-string && exp not-string '"correctness": 1, "bench": "skip", "vet": "pass"'
broken not-string 'verdicts\.correctness: 1 is not a verdict'

copy left-out && exp left-out '"correctness": "fail", "bench": "skip"'
broken left-out 'mutants/slow/expect\.json: verdicts: missing "vet"'

copy unknown-grader && exp unknown-grader '"correctness": "fail", "bench": "skip", "vet": "pass", "speed": "pass"'
broken unknown-grader 'verdicts\.speed: no such grader'

copy not-enabled && exp not-enabled '"correctness": "fail", "bench": "skip", "vet": "pass", "race": "pass"'
broken not-enabled 'verdicts\.race: the problem does not enable this grader'

copy no-fail && exp no-fail '"correctness": "any", "bench": "any", "vet": "pass"'
broken no-fail 'mutants/slow/expect\.json: verdicts: no grader is expected to fail'

copy all-pass && exp all-pass '"correctness": "pass", "bench": "pass", "vet": "pass"'
broken all-pass 'no grader is expected to fail'

copy bench-after-fail && exp bench-after-fail '"correctness": "fail", "bench": "pass", "vet": "pass"'
broken bench-after-fail 'verdicts\.bench: "pass" cannot happen: bench is skipped when correctness fails'

copy skip-vet && exp skip-vet '"correctness": "fail", "bench": "skip", "vet": "skip"'
broken skip-vet 'verdicts\.vet: "skip" is only bench'"'"'s verdict'

copy stray-field && printf '{"description": "x", "verdict": {}, "verdicts": {"correctness": "fail", "bench": "skip", "vet": "pass"}}\n' \
	>stray-field/mutants/slow/expect.json
broken stray-field 'mutants/slow/expect\.json: verdict: unknown field'

copy empty-mutant && mkdir empty-mutant/mutants/same && cp good/mutants/slow/expect.json empty-mutant/mutants/same/
broken empty-mutant 'mutants/same: holds no file besides expect\.json'

copy file-mutant && echo x >file-mutant/mutants/notes.txt
broken file-mutant 'mutants/notes\.txt: not a folder'

copy no-bench && sed -i 's/"Benchmark'"$MARK"'"/"BenchmarkNope"/' no-bench/problem.json
broken no-bench ': problem\.json: graders\.bench\.benchmarks\[0\]: no func BenchmarkNope\( in tests/bench$'

copy no-group && sed -i 's/"\^Test'"$MARK"'"/"^TestNothing"/' no-group/problem.json
broken no-group 'problem\.json: tests\.groups\[0\]: pattern "\^TestNothing" matches no Test function'

# All test files and the solution form one package: helpers collide too,
# grouped declarations included; an external _test package is apart.
copy helper && printf 'package sum\n\nfunc helper() int { return 1 }\n\nvar (\n\tseen, want = 1, 2\n)\n' \
	>helper/tests/public/help_test.go
printf 'package sum\n\nimport "testing"\n\nconst want = 2\n\nfunc helper() int { return 2 }\n\nfunc TestPublicHelp(t *testing.T) {}\n' \
	>helper/tests/hidden/help_test.go
printf 'package sum_test\n\nfunc helper() {}\n' >helper/tests/hidden/ext_test.go
expect_status 2 "$G" pack helper -o dist-helper
expect_in "$T/err" "tests/hidden/help_test\.go:5: 'want' is also declared at tests/public/help_test\.go:6"
expect_in "$T/err" "tests/hidden/help_test\.go:7: 'helper' is also declared at tests/public/help_test\.go:3"
expect_not_in "$T/err" 'ext_test'
[ "$(wc -l <"$T/err")" -eq 2 ] || { cat "$T/err"; fail "expected exactly two mistakes"; }

# Files under different //go:build expressions are not built together: one
# constant under "race" and "!race" is no collision; under the same one it is.
copy tagged
printf '//go:build race\n\npackage sum\n\nconst raceOn = true\n' >tagged/tests/hidden/race_on_test.go
printf '// Without the race detector.\n\n//go:build !race\n\npackage sum\n\nconst raceOn = false\n' >tagged/tests/hidden/race_off_test.go
expect_status 0 "$G" pack tagged -o dist-tagged
printf '//go:build race\n\npackage sum\n\nconst raceOn = false\n' >tagged/tests/hidden/race_off_test.go
expect_status 2 "$G" pack tagged -o dist-tagged2
expect_in "$T/err" "'raceOn' is also declared at"

copy shadow && printf 'package sum\n\nfunc Sum(xs []int) int { return 0 }\n' >shadow/tests/hidden/shadow_test.go
broken shadow "tests/hidden/shadow_test\.go:3: 'Sum' is also declared at reference/sum\.go:4"

copy testmain && printf 'package sum\n\nimport "testing"\n\nfunc TestMain(m *testing.M) {}\n' >testmain/tests/hidden/main_test.go
broken testmain 'tests/hidden/main_test\.go:5: func TestMain: not allowed'

# Several mistakes: every one is reported, one line each.
copy many && exp many '"correctness": "fial", "bench": "skip"' && sed -i 's/"Benchmark'"$MARK"'"/"BenchmarkNope"/' many/problem.json
expect_status 2 "$G" pack many -o dist-many
[ "$(wc -l <"$T/err")" -eq 3 ] || { cat "$T/err"; fail "expected three lines"; }

# The same checks for each problem of an assessment, named by its folder.
mkdir -p as && cp -r misspelt as/p1 && cp -r good as/p2 && sed -i 's/"id": "sum"/"id": "sum2"/' as/p2/problem.json
printf '{"format": 1, "id": "as", "title": "Two", "minutes": 30, "problems": ["p1", "p2"]}\n' >as/assessment.json
expect_status 2 "$G" pack as -o dist-as
expect_in "$T/err" "cannot pack 'as': p1/mutants/slow/expect\.json: verdicts\.correctness: \"fial\""

# I/O problems: every NAME.in has its NAME.ans.
mkdir -p io/starter io/reference io/data io/mutants/m
cat >io/problem.json <<'JSON'
{"format": 1, "id": "io", "title": "Echo", "version": "1", "language": "c", "minutes": 10,
 "areas": ["idiomatic"], "difficulty": "easy", "statement": "s.md", "starter": "starter",
 "io": {"data": "data", "comparator": "exact"}, "reference": "reference",
 "graders": {"correctness": {"weight": 100}}}
JSON
echo '# Echo' >io/s.md && echo 'int main(void){return 0;}' >io/starter/m.c && cp io/starter/m.c io/reference/
echo 'int main(void){return 1;}' >io/mutants/m/m.c
printf '{"description": "exits 1", "verdicts": {"correctness": "fail"}}\n' >io/mutants/m/expect.json
printf 'a\n' >io/data/01.in && printf 'a\n' >io/data/01.ans
expect_status 0 "$G" pack io -o dist-io-ok
printf 'b\n' >io/data/02.in
broken io 'data/02\.in: no 02\.ans beside it'
exit 0
