#!/usr/bin/env bash
# grade-cache.sh — second-submission compile speedup: grade the fixture's
# reference with an empty Go cache (cold), then another submission of the
# same problem (warm), and compare the build times the reports give.
# Usage: bench/grade-cache.sh BUILD/runner/gauntlet [PROBLEM]
set -euo pipefail
G=${1:?usage: $0 PATH-TO-GAUNTLET [PROBLEM]}
here=$(cd "$(dirname "$0")" && pwd)
P=${2:-$here/../tests/graders/fixtures/go-counter}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_CACHE_HOME=$T/cache
mkdir -p "$XDG_CACHE_HOME" "$T/second"
cp "$P/reference/"* "$T/second/"
# a different submission: the same code with one more comment line
echo '// second submission' >>"$T/second/counter.go"
"$G" grade --quick --bundle "$P" "$P/reference" --json "$T/cold.json" >/dev/null
"$G" grade --quick --bundle "$P" "$T/second" --json "$T/warm.json" >/dev/null
python3 - "$T/cold.json" "$T/warm.json" <<'PY'
import json, sys
cold, warm = (json.load(open(f)) for f in sys.argv[1:3])
def b(r, n): return next(g for g in r["graders"] if g["name"] == n)["build_s"]
for n in ("correctness", "race"):
    c, w = b(cold, n), b(warm, n)
    print(f"{n:12s} build cold {c:7.2f} s  warm {w:6.2f} s  speedup {c / w:5.1f}x")
print(f"whole grading cold {cold['wall_s']:.1f} s, warm {warm['wall_s']:.1f} s")
PY
