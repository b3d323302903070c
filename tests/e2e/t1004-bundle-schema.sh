#!/usr/bin/env bash
# docs/problem.schema.json and gauntlet's manifest reader agree: on the
# test problem, on many mutations of it, and on the public manifest pack
# writes.  Needs python3 with jsonschema (else skipped).
D=$(cd "$(dirname "$0")" && pwd)
. "$D/lib.sh"
. "$D/bundle-lib.sh"
python3 -c 'import jsonschema' 2>/dev/null || { echo "skipped: python3 jsonschema not installed"; exit 77; }
schema=${GAUNTLET_SOURCE_DIR:?}/docs/problem.schema.json

make_problem p
expect_status 0 "$G" pack p -o dist
tar xzOf dist/sum.public.tar.gz problem.json >public.json
python3 - "$G" "$schema" p public.json <<'EOF' || fail "schema and reader disagree"
import copy, json, subprocess, sys
import jsonschema
g, schema, d, public = sys.argv[1:]
v = jsonschema.Draft202012Validator(json.load(open(schema)))
base = json.load(open(d + "/problem.json"))
bad = 0
# What JSON Schema cannot express: the reader alone refuses these.
reader_only = {"weights"}
def check(name, doc):
    global bad
    open(d + "/problem.json", "w").write(json.dumps(doc))
    reader = subprocess.run([g, "pack", d, "-o", "dist-" + name], capture_output=True).returncode == 0
    errs = list(v.iter_errors(doc))
    if name in reader_only:
        ok = not reader and not errs
    else:
        ok = reader == (not errs)
    if not ok:
        bad += 1
        print(f"{name}: reader {'accepts' if reader else 'refuses'}, schema "
              f"{'refuses: ' + errs[0].message[:120] if errs else 'accepts'}")
def mutate(name, f):
    doc = copy.deepcopy(base); f(doc); check(name, doc)
def setp(path, value):
    def f(doc):
        *head, last = path.split("."); o = doc
        for k in head: o = o[k]
        if value is KeyError: del o[last]
        else: o[last] = value
    return f
cases = {
    "valid": ("id", "sum"), "id-upper": ("id", "Sum"), "id-long": ("id", "a" * 65), "id-dash": ("id", "-a"),
    "format-2": ("format", 2), "minutes-0": ("minutes", 0), "minutes-frac": ("minutes", 1.5),
    "minutes-str": ("minutes", "20"), "areas-empty": ("areas", []), "areas-bad": ("areas", ["cooking"]),
    "areas-dup": ("areas", ["idiomatic", "idiomatic"]), "difficulty": ("difficulty", "extreme"),
    "language": ("language", "rust"), "no-title": ("title", KeyError), "title-empty": ("title", ""),
    "statement-dotdot": ("statement", "../x"), "statement-abs": ("statement", "/etc/passwd"),
    "statement-dot": ("statement", "./statement.md"), "starter-slash": ("starter", "starter/"),
    "extra": ("colour", "red"), "public-str": ("public", "yes"),
    "toolchain-bad": ("toolchain.go", "latest"), "toolchain-extra": ("toolchain.c", "gcc"),
    "tests-extra": ("tests.extra", "x"), "no-hidden": ("tests.hidden", KeyError),
    "no-reference": ("reference", KeyError), "groups-empty": ("tests.groups", []),
    "weights": ("graders.vet.weight", 20), "weight-0": ("graders.vet.weight", 0),
    "ratio-1": ("graders.bench.target_ratio", 1), "ratio-str": ("graders.bench.target_ratio", "fast"),
    "bench-name": ("graders.bench.benchmarks", ["PoolBench"]), "benchtime": ("graders.bench.benchtime", "fast"),
    "benchtime-x": ("graders.bench.benchtime", "1000x"), "pairs-0": ("graders.bench.pairs", 0),
    "allocs-neg": ("graders.bench.max_allocs_per_op", -1), "net": ("limits.run.net", "internet"),
    "mem-small": ("limits.run.mem_mib", 8), "procs-frac": ("limits.run.procs", 2.5),
    "limits-extra": ("limits.test", {}), "grader-extra": ("graders.style", {"weight": 1}),
    "io-in-go": ("io", {"comparator": "exact"}), "timeout-0": ("graders.correctness.timeout_s", 0),
    "vet-extra": ("graders.vet.strict", True), "no-benchmarks": ("graders.bench.benchmarks", KeyError),
}
fu = {"id": "gc-1", "topic": "gc", "question": "Why?", "answer": "Because.", "evidence": "escape"}
cases.update({
    "fu-ok": ("followups", [fu]), "fu-empty": ("followups", []), "fu-obj": ("followups", fu),
    "fu-topic": ("followups", [dict(fu, topic="trivia")]), "fu-evidence": ("followups", [dict(fu, evidence="pprof")]),
    "fu-extra": ("followups", [dict(fu, hint="x")]), "fu-id": ("followups", [dict(fu, id="../x")]),
    "fu-long": ("followups", [dict(fu, question="q" * 401)]), "fu-newline": ("followups", [dict(fu, answer="a\nb")]),
    "fu-no-answer": ("followups", [{k: fu[k] for k in ("id", "topic", "question")}]),
    "fu-dup": ("followups", [fu, fu]),
})
reader_only.add("fu-dup")
for name, (path, value) in cases.items():
    mutate(name, setp(path, value))
import glob, os
# Go I/O problems: "io" makes a Go problem a program judged on data cases
os.makedirs(d + "/data", exist_ok=True)
open(d + "/check.go", "w").write("package main\n\nfunc main() {}\n")
# pack also checks the folder (cases in pairs that the groups match, mutants
# against the graders): give it one case, and no mutant, so only the
# manifest decides.
import shutil
shutil.rmtree(d + "/mutants")
case = base["tests"]["groups"][0]["pattern"].lstrip("^") + "1"
for f in ("data/", "tests/public/"):
    for ext in (".in", ".ans"):
        open(d + "/" + f + case + ext, "w").write("1\n")
def go_io(extra):
    def f(doc):
        del doc["graders"]["bench"], doc["tests"]["bench"]
        doc["graders"]["correctness"]["weight"] = 90
        doc["io"] = {"data": "data", "comparator": "exact"}
        extra(doc)
    return f
def add_leak(doc):
    doc["graders"]["leak"] = {"weight": 10}
    doc["graders"]["correctness"]["weight"] = 80
go_io_cases = {
    "go-io": lambda doc: None,
    "go-io-no-tests": lambda doc: doc.pop("tests"),
    "go-io-no-hidden": lambda doc: doc["tests"].pop("hidden"),
    "go-io-leak": add_leak,
    "go-io-tests-bench": lambda doc: doc["tests"].update(bench="tests/bench"),
    "go-io-no-data": lambda doc: doc["io"].pop("data"),
    "go-io-checker-go": lambda doc: doc["io"].update(comparator="checker", checker="check.go"),
    "go-io-checker-md": lambda doc: doc["io"].update(comparator="checker", checker="statement.md"),
}
for name, extra in go_io_cases.items():
    mutate(name, go_io(extra))
corpus = os.path.join(os.path.dirname(schema), "..", "tests", "fuzz", "corpus", "manifest")
for f in sorted(glob.glob(os.path.join(corpus, "ok-*.json"))):
    errs = list(v.iter_errors(json.load(open(f))))
    if errs:
        bad += 1; print(os.path.basename(f) + ": the reader accepts it, the schema refuses:", errs[0].message[:120])
pub = json.load(open(public))
errs = list(v.iter_errors(pub))
if errs or pub.get("public") is not True:
    bad += 1; print("public manifest:", errs[0].message if errs else "not marked public")
sys.exit(1 if bad else 0)
EOF
exit 0
