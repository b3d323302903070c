#!/usr/bin/env bash
# grade-stability.sh — bench scores of the same submission graded N times
# (must stay within 3 points), identical code (must score full marks), and a
# variant about 1.5x slower than the reference (must score lower every time).
# Usage: bench/grade-stability.sh BUILD/runner/gauntlet [N]
set -euo pipefail
G=${1:?usage: $0 PATH-TO-GAUNTLET [N]}
N=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
P=$here/../tests/graders/fixtures/go-counter
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/slow15"
cp "$P/reference/"* "$T/slow15/"
# about half again the work: a second pass over half of the slice
python3 - "$T/slow15/counter.go" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace("""	for _, x := range xs {
		s += x
	}
	return s""", """	for _, x := range xs {
		s += x
	}
	t := 0
	for _, x := range xs[:len(xs)/2] {
		t += x
	}
	if t == -1 {
		s++
	}
	return s""")
open(p, "w").write(s)
PY
for i in $(seq "$N"); do
	"$G" grade --bundle "$P" "$P/reference" --json "$T/ref$i.json" >/dev/null
	"$G" grade --bundle "$P" "$T/slow15" --json "$T/slow$i.json" >/dev/null
done
python3 - "$T" "$N" <<'PY'
import json, sys
d, n = sys.argv[1], int(sys.argv[2])
def bench(f):
    r = json.load(open(f))
    g = next(g for g in r["graders"] if g["name"] == "bench")
    return g["score"], g["bench"]["ratio"], g["bench"]["ci_low"], g["bench"]["ci_high"], g["bench"]["extra_pairs"]
ref = [bench(f"{d}/ref{i}.json") for i in range(1, n + 1)]
slow = [bench(f"{d}/slow{i}.json") for i in range(1, n + 1)]
for i in range(n):
    print(f"run {i+1}: identical score {ref[i][0]:5.2f} ratio {ref[i][1]:.3f} [{ref[i][2]:.3f}, {ref[i][3]:.3f}] extra {ref[i][4]}"
          f" | 1.5x variant score {slow[i][0]:5.2f} ratio {slow[i][1]:.3f} [{slow[i][2]:.3f}, {slow[i][3]:.3f}] extra {slow[i][4]}")
rs, ss = [r[0] for r in ref], [s[0] for s in slow]
print(f"identical: spread {max(rs) - min(rs):.2f} points, full marks {sum(1 for r in rs if r >= 10)}/{n}")
print(f"1.5x variant: spread {max(ss) - min(ss):.2f} points, lower than identical {sum(1 for a, b in zip(ss, rs) if a < b)}/{n}")
PY
