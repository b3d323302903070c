#!/usr/bin/env python3
"""synth.py — synthetic review output folders: batch.json, starter/ and one
submissions/<sha256>/ folder per candidate (meta.json with integrity
verdicts, report.json in the graders' schema, code/), for testing the report and timing merges without
grading anything.

  synth.py OUTDIR N [--seed S] [--hostile] [--copies K]

--hostile puts markup and control characters in every candidate-controlled
string; --copies K makes K candidates hand in a disguised copy of another's
code (renamed identifiers), which similarity must flag.
"""
import argparse
import hashlib
import json
import math
import os
import random
import re

STARTER = """package pool

import "context"

// Run calls fn for every job with at most n workers.
func Run(ctx context.Context, n int, jobs []int, fn func(context.Context, int) error) error {
	return nil
}
"""

def random_body(rnd, depth, n):
    """n random statements, nested up to depth 2."""
    ops = ["+", "-", "*", "^", "|", "&", "<<", "%"]
    out = []
    ind = "\t" * (depth + 1)
    for _ in range(n):
        k = rnd.randrange(9 if depth < 2 else 5)
        v = "v%d" % rnd.randrange(6)
        if k == 0:
            out.append("%s%s := len(jobs) %s %d\n" % (ind, v, rnd.choice(ops), rnd.randrange(9)))
            out.append("%s_ = %s\n" % (ind, v))
        elif k == 1:
            out.append("%sif err := fn(ctx, %d); err != nil {\n%s\treturn err\n%s}\n" % (ind, rnd.randrange(9), ind, ind))
        elif k == 2:
            out.append("%sselect {\n%scase <-ctx.Done():\n%s\treturn ctx.Err()\n%sdefault:\n%s}\n" % (ind, ind, ind, ind, ind))
        elif k == 3:
            out.append("%sn = n %s %d\n" % (ind, rnd.choice(ops), rnd.randrange(1, 9)))
        elif k == 4:
            out.append("%s_ = make([]int, %d, n+%d)\n" % (ind, rnd.randrange(9), rnd.randrange(9)))
        elif k == 5:
            out.append("%sfor i := 0; i < n; i++ {\n" % ind + "".join(random_body(rnd, depth + 1, rnd.randint(1, 3))) + ind + "}\n")
        elif k == 6:
            out.append("%sif n > %d {\n" % (ind, rnd.randrange(9)) + "".join(random_body(rnd, depth + 1, rnd.randint(1, 3))) + ind + "} else {\n" +
                       "".join(random_body(rnd, depth + 1, 1)) + ind + "}\n")
        elif k == 7:
            out.append("%sfor _, j := range jobs {\n" % ind + "".join(random_body(rnd, depth + 1, rnd.randint(1, 3))) + ind + "\t_ = j\n" + ind + "}\n")
        else:
            out.append("%sswitch n %% %d {\n%scase 0:\n" % (ind, rnd.randrange(2, 5), ind) + "".join(random_body(rnd, depth + 1, 1)) +
                       "%sdefault:\n" % ind + "".join(random_body(rnd, depth + 1, 1)) + ind + "}\n")
    return "".join(out) + ("\treturn nil\n" if depth == 0 else "")


def disguise(body, rnd):
    """The same code with its names changed and a comment added: what a
    candidate hiding a copy would do."""
    names = {"v0": "total", "v1": "count", "v2": "acc", "v3": "tmp", "v4": "k", "v5": "idx",
             "j": "item", "i": "w"}
    out = re.sub(r"\b(" + "|".join(names) + r")\b", lambda m: names[m.group(1)], body)
    return "\t// tidied up\n" + out


def code_for(body, extra=""):
    if not isinstance(body, str):
        body = "".join(body)
    return ("package pool\n\nimport (\n\t\"context\"\n\t\"sync\"\n)\n\n" + extra +
            "// Run calls fn for every job with at most n workers.\n"
            "func Run(ctx context.Context, n int, jobs []int, fn func(context.Context, int) error) error {\n" +
            body + "}\n\nvar _ sync.Mutex\n")


def grader(name, weight, verdict, score, summary, evidence=None, tests=None, extra=None):
    g = {"name": name, "verdict": verdict, "score": score, "weight": weight, "summary": summary,
         "evidence": evidence, "wall_s": 1.5, "build_s": 0.4}
    if tests is not None:
        g["tests"] = tests
    if extra:
        g.update(extra)
    return g


def make(outdir, i, rnd, hostile, code, problem):
    name = "cand%04d" % i
    if hostile and i % 3 == 0:
        name = "<script>alert('name%d')</script>\x1b[31m\"x\"&" % i
    tests = []
    nfail = rnd.choice([0, 0, 0, 1, 2, 5])
    for t in range(12):
        tname = "TestPool%02d" % t
        if hostile and t == 0:
            tname = "Test<script>document.title='pwned'</script>"
        failed = t < nfail
        out = None
        if failed:
            out = "    pool_test.go:%d: got %d, want %d\n" % (40 + t, t, t + 1)
            if hostile:
                out += "<img src=x onerror=alert(1)> </pre><script>alert('out')</script>\x00\x07 \xff\n"
        tests.append({"name": tname, "status": "fail" if failed else "pass", "elapsed_s": 0.01 * t,
                      "output": out, "group": "basics" if t < 6 else "cancellation"})
    corr = 50.0 * (12 - nfail) / 12
    racy = rnd.random() < 0.2
    leaky = rnd.random() < 0.15
    vet_bad = rnd.random() < 0.2
    ratio = rnd.choice([0.9, 1.0, 1.1, 1.3, 1.8, 3.2, 5.0]) * (1 + rnd.uniform(-0.05, 0.05))
    pairs = []
    for p in range(5):
        r1 = ratio * (1 + rnd.uniform(-0.06, 0.06))
        r2 = ratio * (1 + rnd.uniform(-0.06, 0.06))
        pairs.append({"ratio": (r1 * r2) ** 0.5, "cand_ns": [1000 * r1, 350 * r2], "ref_ns": [1000, 350]})
    target, fail = problem["graders"]["bench"]["target_ratio"], problem["graders"]["bench"]["fail_ratio"]
    if ratio <= target:
        bscore = 10.0
    elif ratio >= fail:
        bscore = 0.0
    else:
        bscore = 10.0 * (1 - (math.log(ratio) - math.log(target)) / (math.log(fail) - math.log(target)))
    bench_verdict = "pass" if bscore >= 10 else "fail"
    if nfail:
        bench_verdict, bscore = "skip", 0.0
    race_ev = None
    if racy:
        race_ev = ("==================\nWARNING: DATA RACE\nWrite at 0x00c000123 by goroutine 8:\n"
                   "  pool.Run.func1()\n      /src/pool/pool.go:21 +0x44\n\nPrevious read at 0x00c000123 by goroutine 7:\n"
                   "  pool.Run()\n      /src/pool/pool.go:30 +0x1a0\n==================\n")
        if hostile:
            race_ev += "</pre><script>alert('race')</script>\n"
    leak_ev = None
    if leaky:
        leak_ev = "goroutine 12 [chan receive]:\npool.Run.func2()\n\tpool.go:44 +0x2c\ncreated by pool.Run in goroutine 7\n"
    graders = [
        grader("correctness", 50, "pass" if not nfail else "fail", corr,
               "%d of 12 tests passed" % (12 - nfail), None, tests),
        grader("race", 20, "fail" if racy else "pass", 0 if racy else 20,
               "data race found" if racy else "no race in 3 runs", race_ev),
        grader("leak", 10, "fail" if leaky else "pass", 0 if leaky else 10,
               "1 goroutine leaked" if leaky else "no goroutine left", leak_ev),
        grader("bench", 10, bench_verdict, bscore,
               "median ratio %.2fx" % ratio if bench_verdict != "skip" else "skipped: correctness failed", None, None,
               {"ratio": ratio, "ci_low": ratio * 0.96, "ci_high": ratio * 1.04, "cv": 0.02, "pairs": pairs,
                "benchmarks": [
                    {"name": "BenchmarkPool", "cand_ns": 1000 * ratio, "ref_ns": 1000, "ratio": ratio,
                     "cand_allocs": 3, "cand_bytes": 96, "ref_allocs": 2, "ref_bytes": 64},
                    {"name": "BenchmarkPoolSmall", "cand_ns": 350 * ratio, "ref_ns": 350, "ratio": ratio,
                     "cand_allocs": 1, "cand_bytes": 32, "ref_allocs": 1, "ref_bytes": 32}]}
               if bench_verdict != "skip" else {"pairs": []}),
        grader("vet", 10, "fail" if vet_bad else "pass", 0 if vet_bad else 10,
               "gofmt: pool.go needs formatting" if vet_bad else "clean",
               "pool.go\n--- pool.go.orig\n+++ pool.go\n@@ -3 +3 @@\n-\tx:=1\n+\tx := 1\n" if vet_bad else None),
    ]
    status, message = "graded", None
    if i % 17 == 5:
        status, message = "rejected", "submission holds a symlink 'code/evil.go' -> '/etc/passwd'"
        graders = []
    score = sum(g["score"] for g in graders)
    report = {"format": 1, "status": status, "message": message,
              "problem": {"id": problem["problem"]["id"], "version": problem["problem"]["version"]},
              "score": round(score, 3), "wall_s": 20.0, "toolchain": "go1.26.0", "graders": graders}
    started = 1790000000 + i * 7
    minutes = 45
    deadline = started + minutes * 60
    submitted = started + rnd.randint(20 * 60, 52 * 60)
    late = submitted > deadline
    timeline = [{"time": started, "type": "start"}]
    t = started
    for k in range(rnd.randint(2, 9)):
        t += rnd.randint(120, 420)
        if t >= submitted:
            break
        passed = min(4, k + rnd.randint(0, 2))
        timeline.append({"time": t, "type": "test", "status": "build-failed" if k == 0 and rnd.random() < 0.3 else "ok",
                         "passed": passed, "failed": 4 - passed, "skipped": 0, **({"late": True} if t > deadline else {})})
    timeline.append({"time": submitted, "type": "submit", **({"late": True} if late else {})})
    # Integrity verdicts as the batch records them: some tampered (their
    # findings name candidate files: hostile text too), some unverified.
    if i % 4 == 1:
        finding = ("code/<script>alert('finding')</script>\x1b[2J.go: not in the final snapshot" if hostile
                   else "code/pool.go: differs from the final snapshot")
        integrity = {"verdict": "tampered", "findings": [finding, "journal.jsonl: line 3: hash chain broken"],
                     "ticket": None}
    elif i % 4 == 2:
        integrity = {"verdict": "unverified", "findings": ["no journal: a plain folder, not a sealed submission"],
                     "ticket": None}
    else:
        integrity = {"verdict": "verified", "findings": [], "ticket": None}
    blob = (name + code + str(i)).encode()
    sha = hashlib.sha256(blob).hexdigest()
    meta = {"format": 1, "sha256": sha, "candidate": name, "source": name + ".tar.gz", "kind": "archive",
            "status": status, "message": message, "wall_s": 20.0, "integrity": integrity,
            "session": {"mode": "take-home", "started": started, "deadline": deadline, "submitted": submitted,
                        "late": late, "overrun_s": max(0, submitted - deadline)},
            "timeline": timeline}
    d = os.path.join(outdir, "submissions", sha)
    os.makedirs(os.path.join(d, "code"), exist_ok=True)
    with open(os.path.join(d, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    with open(os.path.join(d, "report.json"), "w") as f:
        json.dump(report, f, indent=1)
    with open(os.path.join(d, "code", "pool.go"), "w") as f:
        f.write(code)
    with open(os.path.join(d, "junit.xml"), "w") as f:
        f.write('<?xml version="1.0"?><testsuites/>\n')
    return sha


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hostile", action="store_true")
    ap.add_argument("--copies", type=int, default=2)
    ap.add_argument("--first", type=int, default=0, help="index of the first candidate (for shards)")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    problem = {"format": 1, "problem": {"id": "worker-pool", "title": "Bounded worker pool", "version": "1.0.0",
                                        "language": "go"},
               "graders": {"correctness": {"weight": 50}, "race": {"weight": 20}, "leak": {"weight": 10},
                           "bench": {"weight": 10, "target_ratio": 1.5, "fail_ratio": 4.0}, "vet": {"weight": 10}}}
    os.makedirs(os.path.join(a.outdir, "starter"), exist_ok=True)
    with open(os.path.join(a.outdir, "batch.json"), "w") as f:
        json.dump(problem, f, indent=1)
    with open(os.path.join(a.outdir, "starter", "pool.go"), "w") as f:
        f.write(STARTER)
    for i in range(a.first, a.first + a.n):
        # Each candidate's own code: random statement structure (identifier
        # names do not matter to winnowing), so only deliberate copies match.
        crnd = random.Random(a.seed * 100003 + i)
        code = code_for(random_body(crnd, 0, 14))
        if 0 < i < a.copies:
            code = code_for(disguise(random_body(random.Random(a.seed * 100003), 0, 14), crnd))
        make(a.outdir, i, rnd, a.hostile, code, problem)


if __name__ == "__main__":
    main()
