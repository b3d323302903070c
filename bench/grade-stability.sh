#!/usr/bin/env bash
# grade-stability.sh — bench scores of one shipped problem (logline-parser):
# its reference graded N times, identical code (a copy) N times, and a
# variant truly about 1.5x slower N times.  Before grading, the variant's
# true ratio is measured on the graded test binaries themselves, the way
# the bench grader runs them (pinned to one CPU, GOMAXPROCS=1, interleaved
# pairs, median of pairwise ratios) but with more pairs.  Then it prints the
# spread of scores, how often identical code gets full marks and how often
# the variant scores lower, and what the same ratios would score at
# stricter targets than the problem's.
# Usage: bench/grade-stability.sh BUILD/runner/gauntlet [N] [PAIRS]
set -euo pipefail
G=$(realpath "${1:?usage: $0 PATH-TO-GAUNTLET [N] [PAIRS]}")
N=${2:-5}
PAIRS=${3:-31}
here=$(cd "$(dirname "$0")" && pwd)
P=$(cd "$here/../problems/logline-parser" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$here/lib/logline-variant.sh"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# identical code: the reference, copied; the variant: a second look at
# 5/8 of every line's bytes, measured ~1.5x below
mkdir -p "$T/identical"
cp "$P/reference/"* "$T/identical/"
variant "$T/slow15" 5/8
true_ratio "$T/slow15" "$PAIRS"

# N rounds, the order rotating so no submission always goes first
for i in $(seq "$N"); do
	order=(ref identical slow)
	for k in $(seq $(((i - 1) % 3))); do order=("${order[@]:1}" "${order[0]}"); done
	for s in "${order[@]}"; do
		case $s in
		ref) dir=$P/reference ;;
		identical) dir=$T/identical ;;
		slow) dir=$T/slow15 ;;
		esac
		"$G" grade --bundle "$P" "$dir" --json "$T/$s$i.json" >/dev/null
	done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$T" "$N" "$P/problem.json" <<'PY'
import json, math, sys
d, n, manifest = sys.argv[1], int(sys.argv[2]), sys.argv[3]
cfg = json.load(open(manifest))["graders"]["bench"]
w, target, failr = cfg["weight"], cfg["target_ratio"], cfg["fail_ratio"]
def bench(f):
    r = json.load(open(f))
    g = next(g for g in r["graders"] if g["name"] == "bench")
    b = g["bench"]
    return g["score"], b["ratio"], b["ci_low"], b["ci_high"], b["extra_pairs"], b["cv"]
runs = {s: [bench(f"{d}/{s}{i}.json") for i in range(1, n + 1)] for s in ("ref", "identical", "slow")}
label = {"ref": "reference", "identical": "identical code", "slow": "1.5x variant"}
for i in range(n):
    print(f"run {i + 1}: " + " | ".join(
        f"{label[s]} {runs[s][i][0]:5.2f} ratio {runs[s][i][1]:.3f} [{runs[s][i][2]:.3f}, {runs[s][i][3]:.3f}]"
        f" cv {runs[s][i][5]:.2f} extra {runs[s][i][4]}" for s in runs))
for s in runs:
    sc = [r[0] for r in runs[s]]
    rs = [r[1] for r in runs[s]]
    print(f"{label[s]}: scores {min(sc):.2f}-{max(sc):.2f} (spread {max(sc) - min(sc):.2f} points), "
          f"full marks {sum(1 for x in sc if x >= w - 1e-9)}/{n}, ratios {min(rs):.3f}-{max(rs):.3f}")
lower = sum(1 for a, b in zip(runs["slow"], runs["ref"]) if a[0] < b[0])
print(f"1.5x variant scores lower than the reference in the same round: {lower}/{n} "
      f"(bench weight {w}, target_ratio {target}, fail_ratio {failr})")
# The score is the curve of the ratio; what these same ratios score at
# stricter targets (the allocation limit held in every run here).
def curve(r, t, f):
    if r <= t:
        return 1.0
    if r >= f:
        return 0.0
    return 1 - math.log(r / t) / math.log(f / t)
for t in (1.5, 1.3, 1.25):
    ident = [w * curve(r[1], t, failr) for r in runs["ref"] + runs["identical"]]
    slow = [w * curve(r[1], t, failr) for r in runs["slow"]]
    print(f"at target_ratio {t}: identical code (reference and copy) full marks "
          f"{sum(1 for x in ident if x >= w - 1e-9)}/{len(ident)}, variant {min(slow):.2f}-{max(slow):.2f}, "
          f"lower than every identical score {sum(1 for x in slow if x < min(ident))}/{len(slow)}")
PY
