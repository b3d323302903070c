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
. "$here/lib/logline-variant.sh"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

mkdir -p "$T/identical"
cp "$P/reference/"* "$T/identical/"
variant "$T/variant" "$FRAC"
echo "the variant: a second pass over $FRAC of each line"
true_ratio "$T/variant" "$PAIRS"

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
