# bundle-lib.sh — a small Go problem made from scratch for the bundle
# tests.  Every secret file carries the marker ZQ9SECRET so a test can prove
# that none of its bytes reach the public bundle.
MARK=ZQ9SECRET

# make_problem DIR [ID]
make_problem() {
	local d=$1 id=${2:-sum}
	mkdir -p "$d/starter" "$d/tests/public" "$d/tests/hidden" "$d/tests/bench" "$d/reference" \
		"$d/mutants/slow"
	cat >"$d/problem.json" <<EOF
{
  "format": 1,
  "id": "$id",
  "title": "Sum of a slice",
  "version": "1.0.0",
  "language": "go",
  "minutes": 20,
  "areas": ["idiomatic"],
  "difficulty": "easy",
  "statement": "statement.md",
  "starter": "starter",
  "toolchain": {"go": "1.25"},
  "tests": {
    "public": "tests/public",
    "hidden": "tests/hidden",
    "bench": "tests/bench",
    "groups": [{"name": "all", "pattern": "^Test${MARK}", "weight": 1}]
  },
  "reference": "reference",
  "graders": {
    "correctness": {"weight": 60, "timeout_s": 30},
    "bench": {"weight": 30, "benchmarks": ["Benchmark${MARK}"], "target_ratio": 1.5, "fail_ratio": 4,
              "pairs": 5, "benchtime": "100ms", "max_allocs_per_op": 0},
    "vet": {"weight": 10}
  },
  "limits": {"run": {"cpu_s": 10, "wall_s": 20, "mem_mib": 256, "procs": 64, "net": "none"}}
}
EOF
	printf '# Sum\n\nWrite `Sum(xs []int) int`.\n' >"$d/statement.md"
	printf 'module sum\n\ngo 1.25\n' >"$d/starter/go.mod"
	printf 'package sum\n\nfunc Sum(xs []int) int { return 0 }\n' >"$d/starter/sum.go"
	printf 'package sum\n\nimport "testing"\n\nfunc TestPublicSum(t *testing.T) {}\n' >"$d/tests/public/public_test.go"
	printf 'package sum\n\n// %s hidden\nfunc Test%sEmpty(t *testing.T) {}\n' "$MARK" "$MARK" >"$d/tests/hidden/hidden_test.go"
	printf 'package sum\n\n// %s bench\nfunc Benchmark%s(b *testing.B) {}\n' "$MARK" "$MARK" >"$d/tests/bench/bench_test.go"
	printf 'module sum\n\ngo 1.25\n' >"$d/reference/go.mod"
	printf 'package sum\n\n// %s reference\nfunc Sum(xs []int) (s int) {\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}\n' "$MARK" >"$d/reference/sum.go"
	printf 'package sum\n\n// %s mutant\nfunc Sum(xs []int) int { return 1 }\n' "$MARK" >"$d/mutants/slow/sum.go"
	printf '{"description": "%s", "verdicts": {"correctness": "fail", "bench": "skip", "vet": "pass"}}\n' "$MARK" \
		>"$d/mutants/slow/expect.json"
}

# No '.gauntlet-bundle-*' or '.*.tmp-*' left in a folder.
expect_no_leftovers() {
	local left
	left=$(find "$1" -maxdepth 1 \( -name '.gauntlet-bundle-*' -o -name '.*.tmp-*' \) -print)
	[ -z "$left" ] || fail "left behind in $1: $left"
}
