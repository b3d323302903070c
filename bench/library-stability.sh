#!/usr/bin/env bash
# library-stability.sh — how the bench grader reads identical code across
# the shipped library: every problem with a bench grader has its reference
# graded N times against itself (with --quick, as `validate --quick` in CI
# does, unless QUICK=0), and the graded ratios are set against the
# problem's target_ratio.  A reference must earn full marks every time, so
# the highest ratio read is the noise a target has to leave room for.
# With MUTANTS=1 the mutants whose expect.json says bench "pass" (their
# defect is elsewhere: a race, a leak, vet) are graded too: they must
# also stay under the target every time.
# Usage: [QUICK=0] [MUTANTS=1] bench/library-stability.sh BUILD/runner/gauntlet [N] [PROBLEM...]
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
keep=${KEEP:-} # a folder to keep the grading reports in
problems=("$@")
if [ ${#problems[@]} -eq 0 ]; then
	for p in "$lib"/*/problem.json; do
		grep -q '"target_ratio"' "$p" && problems+=("$(basename "$(dirname "$p")")")
	done
fi
# the submissions: NAME DIR, a reference or a mutant overlaid on it
: >"$T/subs"
for p in "${problems[@]}"; do
	ref=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["reference"])' "$lib/$p/problem.json")
	echo "$p $lib/$p/$ref" >>"$T/subs"
	[ "${MUTANTS:-0}" = 1 ] || continue
	for e in "$lib/$p"/mutants/*/expect.json; do
		python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["verdicts"].get("bench") != "pass")' "$e" || continue
		m=$(basename "$(dirname "$e")")
		mkdir -p "$T/code/$p/$m"
		cp -r "$lib/$p/$ref/." "$T/code/$p/$m/"
		(cd "$(dirname "$e")" && find . -type f ! -name expect.json -exec cp --parents {} "$T/code/$p/$m/" \;)
		echo "$p/$m $T/code/$p/$m" >>"$T/subs"
	done
done
echo "# $(date -u +%FT%TZ), $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg), N=$N ${quick[*]:-full}"
for i in $(seq "$N"); do
	while read -r name dir; do
		"$G" grade "${quick[@]}" --bundle "$lib/${name%%/*}" "$dir" --json "$T/${name//\//.}.$i.json" >/dev/null ||
			echo "$name: grading $i failed (status $?)" >&2
	done <"$T/subs"
done
echo "# load at end $(cut -d' ' -f1-3 /proc/loadavg)"
[ -z "$keep" ] || { mkdir -p "$keep" && cp "$T"/*.json "$keep"/; }
python3 - "$T" "$N" "$lib" $(cut -d' ' -f1 "$T/subs") <<'PY'
import json, os, sys
d, n, lib, problems = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
print(f"{'submission':40} {'target':>6} {'ratios (min-median-max)':>24} {'widest CI':>16} {'extra':>5} {'full marks':>10}")
worst = worst_min = 0.0
for p in problems:
    cfg = json.load(open(f"{lib}/{p.split('/')[0]}/problem.json"))["graders"]["bench"]
    rs, cis, extra, full, mins = [], [], 0, 0, []
    for i in range(1, n + 1):
        f = f"{d}/{p.replace('/', '.')}.{i}.json"
        if not os.path.exists(f):
            continue
        g = next(g for g in json.load(open(f))["graders"] if g["name"] == "bench")
        b = g.get("bench") or {}
        if "ratio" not in b:
            continue
        rs.append(b["ratio"]); cis.append((b["ci_low"], b["ci_high"]))
        # the other estimator: the fastest run of each side (noise only adds time)
        pr = b["pairs"]
        k = len(pr[0]["cand_ns"])
        prod = 1.0
        for j in range(k):
            prod *= min(x["cand_ns"][j] for x in pr) / min(x["ref_ns"][j] for x in pr)
        mins.append(prod ** (1 / k))
        extra += 1 if b.get("extra_pairs") else 0
        full += 1 if g["score"] >= cfg["weight"] - 1e-9 else 0
    if not rs:
        print(f"{p:40} no bench result"); continue
    rs.sort(); mins.sort(); worst = max(worst, rs[-1]); worst_min = max(worst_min, mins[-1])
    ci = max(cis, key=lambda c: c[1] - c[0])
    print(f"{p:40} {cfg['target_ratio']:6.2f} {rs[0]:7.3f} {rs[len(rs)//2]:7.3f} {rs[-1]:7.3f}   [{ci[0]:.2f}, {ci[1]:.2f}] {extra:3}/{len(rs)} {full:5}/{len(rs)}   min-ratio {mins[0]:.3f}-{mins[-1]:.3f}")
print(f"highest ratio read: {worst:.3f} (median of pair ratios, graded); {worst_min:.3f} (ratio of the fastest runs)")
PY
