# logline-variant.sh — sourced by bench/grade-spread.sh and
# bench/grade-stability.sh: a slower variant of logline-parser's reference
# and its true ratio, measured on the very binaries the bench grader runs.
# The caller sets G (the gauntlet program), P (the problem folder) and T
# (its scratch folder).

# variant DIR NUM/DEN: the reference copied into DIR with a second pass over
# NUM/DEN of every line's bytes (classifying them as key bytes): extra
# work, the same result.  3/8 is about 1.3x, 5/8 about 1.5x.
variant() {
	mkdir -p "$1"
	cp "$P/reference/"* "$1/"
	python3 - "$1/logline.go" "$2" <<'PY'
import sys
p, frac = sys.argv[1], sys.argv[2]
num, den = frac.split("/")
s = open(p).read()
old = "\tline = line[:n]\n"
assert s.count(old) == 1
s = s.replace(old, old + f"""
	// a second pass over part of the line: extra work, same result
	k := 0
	for _, c := range line[:n*{int(num)}/{int(den)}] {{
		if keyByte(c) {{
			k++
		}}
	}}
	keyBytesSeen += k
""")
s = s.replace("func space(c byte) bool",
              "// keyBytesSeen keeps the extra pass from being optimised away.\nvar keyBytesSeen int\n\nfunc space(c byte) bool")
open(p, "w").write(s)
PY
}

# true_ratio DIR PAIRS: the ratio of DIR's code to the reference, on the
# test binaries the bench grader runs (one grading with --keep leaves them
# in its scratch folder), run the way it runs them (pinned, GOMAXPROCS=1,
# interleaved A/B pairs, 100ms), with more pairs.  (Built on the host
# without -trimpath and CGO_ENABLED=0 the same code read ~10% apart: code
# layout counts.)  Prints the median and quartiles of the pairwise ratios.
true_ratio() {
	local dir=$1 pairs=$2 cpu=$(($(nproc) - 1)) a b i
	mkdir -p "$T/kept"
	TMPDIR=$T/kept "$G" grade --quick --keep --bundle "$P" "$dir" >/dev/null
	cp "$T"/kept/gauntlet-grade-*/bin/candidate.test "$T/variant.test"
	cp "$T"/kept/gauntlet-grade-*/bin/reference.test "$T/reference.test"
	rm -rf "$T/kept"
	bench_ns() {
		taskset -c "$cpu" env GOMAXPROCS=1 "$T/$1.test" -test.run='^$' -test.bench='^BenchmarkParse$' \
			-test.benchtime=100ms -test.count=1 | awk '/^BenchmarkParse/ {print $3}'
	}
	: >"$T/pairs"
	for i in $(seq "$pairs"); do
		if ((i % 2)); then a=$(bench_ns reference); b=$(bench_ns variant); else b=$(bench_ns variant); a=$(bench_ns reference); fi
		echo "$a $b" >>"$T/pairs"
	done
	python3 - "$T/pairs" <<'PY'
import statistics, sys
pairs = [tuple(map(float, l.split())) for l in open(sys.argv[1])]
r = sorted(b / a for a, b in pairs)
print(f"true ratio of the variant, {len(r)} pinned interleaved pairs: median {statistics.median(r):.3f} "
      f"(quartiles {r[len(r) // 4]:.3f}-{r[3 * len(r) // 4]:.3f}, range {r[0]:.3f}-{r[-1]:.3f}); "
      f"reference {statistics.median(a for a, _ in pairs):.0f} ns/op, variant {statistics.median(b for _, b in pairs):.0f} ns/op")
PY
}
