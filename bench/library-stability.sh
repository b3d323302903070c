#!/usr/bin/env bash
# library-stability.sh — how the bench grader reads identical code across
# the shipped library: every problem with a bench grader has its reference
# graded N times against itself (with --quick, as `validate --quick` in CI
# does, unless QUICK=0), and the graded ratios are set against the
# problem's target_ratio.  A reference must earn full marks every time, so
# the highest ratio read is the noise a target has to leave room for.
# Usage: bench/library-stability.sh BUILD/runner/gauntlet [N] [PROBLEM...]
set -euo pipefail
G=$(realpath "${1:?usage: $0 PATH-TO-GAUNTLET [N] [PROBLEM...]}")
N=${2:-5}
shift $(($# < 2 ? $# : 2))
here=$(cd "$(dirname "$0")" && pwd)
lib=$(cd "$here/../problems" && pwd)
quick=(--quick)
[ "${QUICK:-1}" = 0 ] && quick=()
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
problems=("$@")
if [ ${#problems[@]} -eq 0 ]; then
	for p in "$lib"/*/problem.json; do
		grep -q '"target_ratio"' "$p" && problems+=("$(basename "$(dirname "$p")")")
	done
fi
echo "# $(date -u +%FT%TZ), $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg), N=$N ${quick[*]:-full}"
for i in $(seq "$N"); do
	for p in "${problems[@]}"; do
		ref=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["reference"])' "$lib/$p/problem.json")
		"$G" grade "${quick[@]}" --bundle "$lib/$p" "$lib/$p/$ref" --json "$T/$p.$i.json" >/dev/null ||
			echo "$p: grading $i failed (status $?)" >&2
	done
done
echo "# load at end $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$T" "$N" "$lib" "${problems[@]}" <<'PY'
import json, os, sys
d, n, lib, problems = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
print(f"{'problem':22} {'target':>6} {'ratios (min-median-max)':>24} {'widest CI':>16} {'extra':>5} {'full marks':>10}")
worst = 0.0
for p in problems:
    cfg = json.load(open(f"{lib}/{p}/problem.json"))["graders"]["bench"]
    rs, cis, extra, full = [], [], 0, 0
    for i in range(1, n + 1):
        f = f"{d}/{p}.{i}.json"
        if not os.path.exists(f):
            continue
        g = next(g for g in json.load(open(f))["graders"] if g["name"] == "bench")
        b = g.get("bench") or {}
        if "ratio" not in b:
            continue
        rs.append(b["ratio"]); cis.append((b["ci_low"], b["ci_high"]))
        extra += 1 if b.get("extra_pairs") else 0
        full += 1 if g["score"] >= cfg["weight"] - 1e-9 else 0
    if not rs:
        print(f"{p:22} no bench result"); continue
    rs.sort(); worst = max(worst, rs[-1])
    ci = max(cis, key=lambda c: c[1] - c[0])
    print(f"{p:22} {cfg['target_ratio']:6.2f} {rs[0]:7.3f} {rs[len(rs)//2]:7.3f} {rs[-1]:7.3f}   [{ci[0]:.2f}, {ci[1]:.2f}] {extra:3}/{len(rs)} {full:5}/{len(rs)}")
print(f"highest ratio read for identical code: {worst:.3f}")
PY
