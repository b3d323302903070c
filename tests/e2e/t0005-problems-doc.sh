#!/usr/bin/env bash
# docs/problems.md lists exactly what the library ships, and the library
# covers every area with at least two Go problems and has two C problems.
. "$(dirname "$0")/lib.sh"
src=${GAUNTLET_SOURCE_DIR:?}
python3 "$src/build-aux/problems-doc.py" --check || fail "docs/problems.md is stale"
python3 - "$src/problems" <<'PY' || fail "library coverage"
import json, os, sys
lib = sys.argv[1]
ps = [json.load(open(os.path.join(lib, d, "problem.json"))) for d in os.listdir(lib)
      if os.path.isfile(os.path.join(lib, d, "problem.json"))]
go = [p for p in ps if p["language"] == "go"]
c = [p for p in ps if p["language"] == "c"]
assert len(go) >= 12, len(go)
assert len(c) >= 2, len(c)
assert any("race" in p["graders"] for p in c), "no C problem graded for races"
for a in ("idiomatic", "concurrency", "low-level", "networking", "performance", "reliability"):
    n = sum(a in p["areas"] for p in go)
    assert n >= 2, (a, n)
for p in ps:
    mdir = os.path.join(lib, p["id"], "mutants")
    assert len(os.listdir(mdir)) >= 3, p["id"]
PY
exit 0
