#!/usr/bin/env bash
# batch.sh — throughput of batch grading and the cost of merging reports.
#
#   bench/batch.sh [GAUNTLET] [N]
#
# 1. Grades N submissions of problems/worker-pool (the reference and its
#    mutants, as folders, repeated with a comment changed so each is new
#    bytes) with --quick at -j 1 and at -j 2, after one warm-up grading so
#    the Go build cache is warm for both; prints submissions per minute and
#    the speed-up.  Benchmark phases hold a machine-wide lock, so they run
#    one at a time whatever -j says: the speed-up is bounded by the share of
#    a grading spent outside its benchmark phase.
# 2. Generates 1,000 synthetic per-submission reports in 4 shard folders
#    (tests/review/synth.py) and times `gauntlet report merge` over them,
#    then `gauntlet report build` of the merged folder.
# Numbers go to stdout; docs/report.md records what was measured.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
G=${1:-$top/build/runner/gauntlet}
N=${2:-8}
P=$top/problems/worker-pool
W=$(mktemp -d "${TMPDIR:-/tmp}/gauntlet-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
export PATH=$PATH:/usr/local/go/bin

now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.1f}')"; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "gauntlet: $("$G" --version)"

if [ "${SKIP_GRADING:-0}" != 1 ]; then
	mkdir "$W/subs"
	variants=(reference $(ls "$P/mutants"))
	for i in $(seq 1 "$N"); do
		v=${variants[$(( (i - 1) % ${#variants[@]} ))]}
		d=$W/subs/s$i-$v
		cp -r "$P/reference" "$d"
		[ "$v" = reference ] || cp "$P/mutants/$v"/*.go "$d/"
		f=$(ls "$d"/*.go | head -1)
		printf '\n// variant %d\n' "$i" >>"$f"
	done
	mkdir "$W/warm"
	cp -r "$P/reference" "$W/warm/w"
	"$G" grade --bundle "$P" "$W/warm/w" --quick --json "$W/warm.json" >/dev/null 2>&1 || true
	for j in 1 2; do
		t0=$(now)
		"$G" grade --bundle "$P" "$W"/subs/* -j "$j" --quick --report "$W/out-j$j" >"$W/j$j.log" 2>&1
		t1=$(now)
		s=$(secs "$t0" "$t1")
		eval "t_j$j=$s"
		echo "grading $N submissions at -j $j: ${s} s = $(python3 -c "print(f'{$N / $s * 60:.2f}')") submissions/minute"
	done
	echo "speed-up -j 2 over -j 1: $(python3 -c "print(f'{$t_j1 / $t_j2:.2f}')")x"
	# Where the time goes: the graders' own timings, summed per phase.
	python3 - "$W/out-j1" <<'PY'
import glob, json, sys
tot, per = 0.0, {}
for f in glob.glob(sys.argv[1] + "/submissions/*/report.json"):
    r = json.load(open(f))
    for g in r.get("graders", []):
        per[g["name"]] = per.get(g["name"], 0) + g.get("wall_s", 0)
        tot += g.get("wall_s", 0)
if tot:
    print("share of grading time per grader (-j 1): " +
          ", ".join(f"{k} {v / tot * 100:.0f}%" for k, v in sorted(per.items(), key=lambda kv: -kv[1])))
PY
fi

for k in 1 2 3 4; do
	python3 "$top/tests/review/synth.py" "$W/shard-$k" 250 --first $(( (k - 1) * 250 )) --seed 3 --copies 0
done
t0=$(now)
"$G" report merge -o "$W/merged" "$W"/shard-* >"$W/merge.log"
t1=$(now)
echo "merge of 1000 synthetic reports (4 shards): $(secs "$t0" "$t1") s ($(head -1 "$W/merge.log"))"
t0=$(now)
"$G" report build "$W/merged" >/dev/null
t1=$(now)
echo "rebuild of the merged report: $(secs "$t0" "$t1") s; report.html $(du -k "$W/merged/report.html" | cut -f1) KiB"
