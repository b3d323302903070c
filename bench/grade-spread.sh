#!/usr/bin/env bash
# grade-spread.sh — does the same submission get the same score?  On the
# shipped problem logline-parser (bench weight 35, target_ratio 1.3): a
# copy of the reference (identical code) and a variant truly at about the
# target ratio (a second pass over FRAC of every line: extra work, the same
# result) are each graded N times in full mode, alternating.  Before that
# the variant's true ratio is measured on the graded test binaries, the way
# the bench grader runs them (pinned, GOMAXPROCS=1, interleaved pairs) with
# more pairs.  Prints every grading's bench ratio, interval, points and
# verdict; the spread of the total and of the bench points per submission;
# and checks that each bench verdict agrees with its points (pass exactly
# at full marks) at the one confidence level, 95%.
# Usage: bench/grade-spread.sh BUILD/runner/gauntlet [N] [FRAC] [PAIRS]
#   FRAC: the share of each line scanned again, as NUM/DEN (default 3/8,
#   about 1.3x; 5/8 is about 1.5x).
set -euo pipefail
G=$(realpath "${1:?usage: $0 PATH-TO-GAUNTLET [N] [FRAC] [PAIRS]}")
N=${2:-5}
FRAC=${3:-3/8}
PAIRS=${4:-31}
here=$(cd "$(dirname "$0")" && pwd)
P=$(cd "$here/../problems/logline-parser" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

mkdir -p "$T/identical" "$T/variant"
cp "$P/reference/"* "$T/identical/"
cp "$P/reference/"* "$T/variant/"
python3 - "$T/variant/logline.go" "$FRAC" <<'PY'
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

# the variant's true ratio, on the binaries the grader runs
cpu=$(($(nproc) - 1))
mkdir -p "$T/kept"
TMPDIR=$T/kept "$G" grade --quick --keep --bundle "$P" "$T/variant" >/dev/null
cp "$T"/kept/gauntlet-grade-*/bin/candidate.test "$T/variant.test"
cp "$T"/kept/gauntlet-grade-*/bin/reference.test "$T/reference.test"
rm -rf "$T/kept"
bench_ns() {
	taskset -c "$cpu" env GOMAXPROCS=1 "$T/$1.test" -test.run='^$' -test.bench='^BenchmarkParse$' \
		-test.benchtime=100ms -test.count=1 | awk '/^BenchmarkParse/ {print $3}'
}
: >"$T/pairs"
for i in $(seq "$PAIRS"); do
	if ((i % 2)); then a=$(bench_ns reference); b=$(bench_ns variant); else b=$(bench_ns variant); a=$(bench_ns reference); fi
	echo "$a $b" >>"$T/pairs"
done
python3 - "$T/pairs" "$FRAC" <<'PY'
import statistics, sys
pairs = [tuple(map(float, l.split())) for l in open(sys.argv[1])]
r = sorted(b / a for a, b in pairs)
print(f"true ratio of the variant (second pass over {sys.argv[2]} of each line), {len(r)} pinned interleaved "
      f"pairs: median {statistics.median(r):.3f} (quartiles {r[len(r) // 4]:.3f}-{r[3 * len(r) // 4]:.3f})")
PY

for i in $(seq "$N"); do
	if ((i % 2)); then order=(identical variant); else order=(variant identical); fi
	for s in "${order[@]}"; do
		"$G" grade --bundle "$P" "$T/$s" --json "$T/$s$i.json" >/dev/null
	done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$T" "$N" <<'PY'
import json, sys
d, n = sys.argv[1], int(sys.argv[2])
bad = 0
for s in ("identical", "variant"):
    tot, pts = [], []
    for i in range(1, n + 1):
        r = json.load(open(f"{d}/{s}{i}.json"))
        g = next(g for g in r["graders"] if g["name"] == "bench")
        b = g["bench"]
        agree = (g["verdict"] == "pass") == ("%.2f" % g["score"] == "%.2f" % g["weight"])
        bad += (not agree) or b["ci_level"] != 0.95
        tot.append(r["score"])
        pts.append(g["score"])
        print(f"{s} {i}: total {r['score']:6.2f}  bench {g['verdict']} {g['score']:5.2f}/{g['weight']:g}  "
              f"x{b['ratio']:.3f} ({b['ci_level'] * 100:.0f}% CI {b['ci_low']:.3f}-{b['ci_high']:.3f}, "
              f"{len(b['pairs'])} pairs, cv {b['cv']:.2f})  {'' if agree else 'VERDICT DISAGREES WITH POINTS'}")
    print(f"{s}: totals {min(tot):.2f}-{max(tot):.2f} (spread {max(tot) - min(tot):.2f} points), "
          f"bench {min(pts):.2f}-{max(pts):.2f}")
print("every verdict agrees with its points at 95%" if bad == 0 else f"{bad} gradings disagree")
sys.exit(1 if bad else 0)
PY
