#!/usr/bin/env bash
# reference-stable.sh GAUNTLET PROBLEM_DIR [N]: grade the reference N times
# (default 10, full mode: every benchmark pair) and require full marks on
# every run.  A flaky race, leak or benchmark deduction would fail an
# innocent candidate.  Slow: label "slow".
set -u
G=$1 dir=$2 n=${3:-10}
mkdir -p "${XDG_CACHE_HOME:?}"
t=$(mktemp -d "${TMPDIR:-/tmp}/gauntlet-stable.XXXXXX")
trap 'rm -rf "$t"' EXIT
worst=100
for i in $(seq "$n"); do
	if ! "$G" grade --bundle "$dir" "$dir/reference" --json "$t/r$i.json" >"$t/out$i" 2>&1; then
		cat "$t/out$i"
		echo "FAIL: run $i: grade exited non-zero"
		exit 1
	fi
	score=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["score"])' "$t/r$i.json")
	echo "run $i: score $score"
	if python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= 100 - 1e-9 else 1)' "$score"; then
		continue
	fi
	cat "$t/out$i"
	echo "FAIL: run $i of the reference lost points"
	exit 1
done
echo "reference earned full marks $n times out of $n"
