#!/usr/bin/env bash
# fake-grader.sh — stands in for `gauntlet grade` in batch tests (through
# GAUNTLET_BATCH_GRADER), so the batch's own behaviour — parallelism,
# crashes, hangs, interruption, resume, shards — is tested in seconds and
# deterministically.  Called as: fake-grader.sh grade --bundle DIR SUB --json F --junit F [--quick]
# [--pubkey KEY] --candidate NAME
# What it does depends on the code it is given:
#   CRASH     dies of SIGSEGV          HANG   never returns
#   NOREPORT  exits 1 with a message   SLOW   takes 1 s ($FAKE_GRADER_SLOW_S)
# Otherwise it writes a report whose score is derived from the code bytes.
# Every call appends the submission folder's code hash to $FAKE_GRADER_LOG.
set -u
[ "$1" = grade ] || { echo "fake-grader: expected 'grade'" >&2; exit 2; }
shift
sub= json= junit=
while [ $# -gt 0 ]; do
	case $1 in
	--bundle | --pubkey | --candidate) shift ;;
	--json) json=$2; shift ;;
	--junit) junit=$2; shift ;;
	--quick) ;;
	*) sub=$1 ;;
	esac
	shift
done
code=$sub
[ -f "$sub/submission.json" ] && code=$sub/code
sum=$(cat "$code"/*.go 2>/dev/null | sha256sum | cut -c1-16)
[ -n "${FAKE_GRADER_LOG:-}" ] && echo "$sum" >>"$FAKE_GRADER_LOG"
grep -qs CRASH "$code"/*.go && kill -SEGV $$
grep -qs HANG "$code"/*.go && exec sleep 1000
grep -qs NOREPORT "$code"/*.go && { echo "gauntlet grade: build failed: 'pool.go' does not compile" >&2; exit 1; }
# Children of this script die with it, as a real grading's sandbox does
# with its grader (the batch SIGKILLs only the grader it started).
# (the sleep holds none of the grading's output: if this shell is killed
# before setpriv arms its death signal, an orphaned sleep must not look like
# a grading that outlived the batch)
grep -qs SLOW "$code"/*.go && setpriv --pdeathsig KILL sleep "${FAKE_GRADER_SLOW_S:-1}" </dev/null >/dev/null 2>&1
setpriv --pdeathsig KILL python3 - "$code" "$json" "$junit" <<'PY'
import hashlib, json, os, sys
code, out, junit = sys.argv[1:4]
data = b"".join(open(os.path.join(code, f), "rb").read() for f in sorted(os.listdir(code)) if f.endswith(".go"))
h = hashlib.sha256(data).digest()
corr = 50.0 * (h[0] % 13) / 12 if h[0] % 13 <= 12 else 50.0
corr = min(corr, 50.0)
ratio = 0.9 + (h[1] % 40) / 10
pairs = [{"ratio": ratio * (1 + ((h[2 + i] % 9) - 4) / 100), "cand_ns": [1000 * ratio], "ref_ns": [1000]} for i in range(5)]
graders = [
    {"name": "correctness", "verdict": "pass" if corr == 50 else "fail", "score": corr, "weight": 50,
     "summary": "tests", "evidence": None, "wall_s": 0.1, "build_s": 0.1,
     "tests": [{"name": "TestA", "status": "pass" if corr == 50 else "fail", "elapsed_s": 0.01, "group": None,
                "output": None if corr == 50 else "want 1, got 2\n"}]},
    {"name": "race", "verdict": "pass", "score": 20, "weight": 20, "summary": "no race", "evidence": None,
     "wall_s": 0.1, "build_s": 0.1},
    {"name": "leak", "verdict": "pass", "score": 10, "weight": 10, "summary": "no leak", "evidence": None,
     "wall_s": 0.1, "build_s": 0.1},
    {"name": "bench", "verdict": "pass" if ratio <= 1.5 else "fail", "score": 10 if ratio <= 1.5 else 5,
     "weight": 10, "summary": "ratio", "evidence": None, "wall_s": 0.1, "build_s": 0.1,
     "bench": {"ratio": ratio, "ci_low": ratio * 0.97, "ci_high": ratio * 1.03, "cv": 0.02, "pairs": pairs,
               "benchmarks": [{"name": "BenchmarkPool", "cand_ns": 1000 * ratio, "ref_ns": 1000, "ratio": ratio,
                               "cand_allocs": 2, "cand_bytes": 64, "ref_allocs": 2, "ref_bytes": 64}]}},
    {"name": "vet", "verdict": "pass", "score": 10, "weight": 10, "summary": "clean", "evidence": None,
     "wall_s": 0.1, "build_s": 0.1},
]
rep = {"report_format": 1, "problem_id": "worker-pool", "problem_version": "1.0.0", "status": "graded",
       "score": round(sum(g["score"] for g in graders), 2), "max_score": 100, "quick": True,
       "toolchain": "go1.26", "wall_s": 0.5, "isolation": [], "graders": graders}
open(out, "w").write(json.dumps(rep, indent=1))
open(junit, "w").write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites/>\n')
PY
