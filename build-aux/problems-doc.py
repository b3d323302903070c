#!/usr/bin/env python3
"""problems-doc.py — write docs/problems.md from the library's manifests and
mutants, so the list cannot drift from what ships.  With --check, exit 1
when docs/problems.md differs from what would be written."""
import json
import os
import re
import sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
lib = os.path.join(top, "problems")
out = os.path.join(top, "docs", "problems.md")

WHAT = {
    "correctness": "hidden and public tests pass",
    "race": "no data race under -race",
    "leak": "no goroutine left running after the tests",
    "bench": "speed and allocations against the reference",
    "vet": "go vet and gofmt clean",
}
WHAT_C = {
    "correctness": "output of every data case matches",
    "race": "no data race under ThreadSanitizer",
    "vet": "no compiler warning at -Wall -Wextra",
}
# Go problems with "io": a program run on each data case
WHAT_GO_IO = {
    "correctness": "output of every data case matches (a Go program: stdin to stdout)",
    "race": "no data race when the -race build runs the data cases",
    "vet": "go vet and gofmt clean",
}


def load(d):
    with open(os.path.join(lib, d, "problem.json")) as f:
        return json.load(f)


def mutants(d):
    mdir = os.path.join(lib, d, "mutants")
    res = []
    for m in sorted(os.listdir(mdir)) if os.path.isdir(mdir) else []:
        with open(os.path.join(mdir, m, "expect.json")) as f:
            e = json.load(f)
        fails = [g for g, v in e["verdicts"].items() if v == "fail"]
        res.append((m, e.get("description", ""), fails))
    return res


GROUP_NOTE = re.compile(r"^\s*(?://|#)\s*Group ([\w.-]+): (.*?)\s*$")
TEST_FUNC = re.compile(r"^func (Test\w*)\(t \*testing\.T\)", re.M)


def test_groups(p):
    """The manifest's groups, each with its weight, its tests (the first
    group whose pattern matches a test's name takes it, as the grader does)
    and what it checks: a `// Group NAME: text` line in the tests (Go), or a
    `# Group NAME: text` line in a file of the data folder (I/O problems)."""
    groups = p.get("tests", {}).get("groups", [])
    d = os.path.join(lib, p["id"])
    names, notes = [], {}
    for sub in ("tests", p.get("io", {}).get("data", "data")):
        for root, _, files in sorted(os.walk(os.path.join(d, sub))):
            for f in sorted(files):
                path = os.path.join(root, f)
                if f.endswith(".in") and "io" in p and os.path.relpath(root, d) == p["io"].get("data", "data"):
                    names.append(f[:-3])
                    continue
                if not f.endswith((".go", ".md", ".txt", ".py")):
                    continue
                with open(path, errors="replace") as fh:
                    text = fh.read()
                if f.endswith("_test.go"):
                    names += TEST_FUNC.findall(text)
                for line in text.splitlines():
                    m = GROUP_NOTE.match(line)
                    if m:
                        notes[m.group(1)] = m.group(2)
    members = {g["name"]: [] for g in groups}
    rest = []
    for n in sorted(set(names)):
        for g in groups:
            if re.search(g["pattern"], n):
                members[g["name"]].append(n)
                break
        else:
            rest.append(n)
    return [(g["name"], g["weight"], notes.get(g["name"], ""), members[g["name"]]) for g in groups], rest


# The topics a senior Go backend interview asks about, and what in the
# library covers each: problems that grade it (by id, by area, or by a
# grader they declare) and follow-up topics that ask about it aloud.
SEED = [
    ("idiomatic Go", {"areas": ["idiomatic"]}, []),
    ("concurrency", {"areas": ["concurrency"]}, ["concurrency"]),
    ("the scheduler (GMP)", {}, ["scheduler"]),
    ("garbage collection and allocation", {"ids": ["pooled-logger", "profile-and-fix"]}, ["gc", "memory"]),
    ("stack vs heap, escape analysis", {"ids": ["pooled-logger"]}, ["escape-analysis"]),
    ("HTTP middleware", {"ids": ["http-middleware", "trace-propagation"]}, ["networking"]),
    ("context deadlines and cancellation", {"ids": ["deadline-budget", "graceful-shutdown", "pipeline", "retry-backoff"]},
     ["context"]),
    ("gRPC vs REST", {}, ["grpc-rest"]),
    ("distributed tracing", {"ids": ["trace-propagation"]}, ["observability"]),
    ("benchmarks", {"grader": "bench"}, ["performance"]),
    ("profiling (pprof)", {"ids": ["profile-and-fix"]}, []),
    ("tests", {}, ["testing"]),
    ("mocking through interfaces", {}, ["mocking"]),
    ("graceful shutdown", {"ids": ["graceful-shutdown"]}, ["shutdown"]),
    ("circuit breakers", {"ids": ["circuit-breaker"]}, []),
    ("error wrapping", {"ids": ["error-classify", "retry-backoff"]}, ["errors"]),
]


def seed_cover(ps):
    """For each seed topic: the problems grading it and the problems whose
    follow-up questions ask about it.  A topic covered by nothing, or an id
    that is not in the library, is an error."""
    known = {p["id"] for p in ps}
    rows = []
    for topic, graded, fu_topics in SEED:
        for i in graded.get("ids", []):
            if i not in known:
                sys.exit(f"problems-doc.py: seed topic '{topic}' names '{i}', which is not in the library")
        g = [p["id"] for p in ps
             if p["id"] in graded.get("ids", [])
             or set(p["areas"]) & set(graded.get("areas", []))
             or graded.get("grader") in p["graders"]]
        f = sorted({p["id"] for p in ps for q in p.get("followups") or [] if q["topic"] in fu_topics})
        if not g and not f:
            sys.exit(f"problems-doc.py: seed topic '{topic}' has no graded problem and no follow-up question")
        rows.append((topic, g, f))
    return rows


def render():
    ids = sorted(d for d in os.listdir(lib) if os.path.isfile(os.path.join(lib, d, "problem.json")))
    ps = [load(d) for d in ids]
    lines = [
        "# The problem library",
        "",
        "Generated from `problems/*/problem.json` and the mutants' `expect.json` by",
        "`build-aux/problems-doc.py`; a test fails when this page is out of date.",
        "Every problem is proven sound by `gauntlet validate`: the reference earns",
        "full marks and every mutant exactly its declared verdicts.",
        "",
        "Correctness is scored per test group (`tests.groups` of the manifest: the",
        "first group whose pattern matches a test's name takes it; each group earns",
        "its weight times the share of its tests that pass).  Groups follow the",
        "behaviour a test checks, so that one root cause costs one group: where a",
        "statement fixes an exact instant (a deadline, a TTL), the other tests move",
        "the clock clearly past it and only a group of its own (`deadline`) looks at",
        "the instant itself; where a statement fixes the arithmetic but not its",
        "floating point (the rate limiter's tokens), the tests look between token",
        "boundaries, so integer, float and GCRA-style solutions all pass; and a",
        "fake-clock test whose waiters stall fails at once with `no progress at",
        "simulated time T` instead of hanging until the test timeout.  Each group's",
        "line below says what it checks (the `Group` comments of the problem's",
        "tests) and which tests it holds.",
        "",
        "A problem may also declare a **rubric**: what reviewers score by hand beside",
        "the graders (`gauntlet review`, docs/report.md).  Each item has an id",
        "(`^[a-z][a-z0-9_-]{0,31}$`, unique), a title (up to 80 bytes), points (1 to",
        "100) and a one-line guide (up to 200 bytes) telling the reviewer what earns",
        "the points; at most 20 items.  Write guides a second reviewer would apply the",
        "same way (\"own tests for the cancellation path\", not \"good tests\"), and",
        "keep items apart from what a grader already measures.  The rubric is part of",
        "the grading bundle only: the candidate's copy does not carry it, because",
        "guides often describe the expected solution; say in the statement what",
        "reviewers value if candidates should know.  `gauntlet validate` checks it.",
        "",
        "A problem may also carry **follow-up questions** (`followups`): what an",
        "interviewer asks aloud after the code, each with a model answer.  A mock",
        "interview shows them after its grading (`gauntlet followups`, and `f` on the",
        "screen, where `a` reveals the answer); a take-home never does.  Like the",
        "rubric they belong to the grading part only: the public bundle and the",
        "candidate's session carry no question and no answer.  Each has an id",
        "(`^[a-z][a-z0-9_-]{0,31}$`, unique), a topic (`scheduler`, `gc`,",
        "`escape-analysis`, `memory`, `context`, `concurrency`, `grpc-rest`,",
        "`networking`, `mocking`, `testing`, `shutdown`, `errors`, `performance`,",
        "`observability`, `design`, `generics`), a question (up to 400 bytes) and an",
        "answer (up to 1600 bytes), one line each; at most 12.  `\"evidence\": \"escape\"`",
        "(Go problems) shows the candidate's own escape analysis beside the question:",
        "what `go build -gcflags=-m`, run in the sandbox on their final code, reports",
        "as moved or escaping to the heap in their files.  Ask about *this* problem",
        "and *this* solution (\"which of your allocations happen on every Submit?\"),",
        "not trivia; answer as a senior engineer would in two minutes, for the Go",
        "release the problem names, and say what depends on the version.  Every Go",
        "problem of this library has at least two (`bundle.followups` checks it); a",
        "hiring team's own problem may have none.",
        "",
        "## Authoring",
        "",
        "A hiring team writes its own problem the way this library's were written:",
        "",
        "1. `gauntlet new problem ID --lang go|c --areas AREA,... [-o DIR]` writes a",
        "   complete, tiny problem (statement, starter, reference, public, hidden and",
        "   bench tests or I/O cases, one mutant) that packs and validates as it",
        "   stands.",
        "2. Replace one part at a time: the statement and starter, the reference, the",
        "   tests and their groups, then one mutant per mistake the tests must catch.",
        "3. `gauntlet pack DIR -o dist` after each change: it checks, without",
        "   compiling, every mutant's `expect.json` (verdict names, every enabled",
        "   grader named, at least one `fail`), that the benchmarks and group patterns",
        "   of the manifest name functions of the test files, and that no top-level",
        "   name is declared twice across the test files and the reference (they are",
        "   one package), one line per mistake.",
        "4. `gauntlet validate DIR --mutant NAME` grades the reference, then only that",
        "   mutant: a reference that does not build or fails its own tests stops",
        "   validation at once with its report.  Finish with a full `gauntlet",
        "   validate DIR`.",
        "",
        "The rules are in [bundle-format.md](bundle-format.md), sections 4 and 6.",
        "C problems (and Go I/O problems) give the candidate example cases in",
        "`tests.public` (`NAME.in`/`NAME.ans`), which `gauntlet test` runs.",
        "",
        "## The problems",
        "",
        "| id | language | areas | difficulty | minutes | graders (weight) | mutants |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in ps:
        graders = ", ".join(f"{g} {int(c['weight'])}" for g, c in p["graders"].items())
        lines.append(f"| [{p['id']}](#{p['id']}) | {p['language']} | {', '.join(p['areas'])} | "
                     f"{p['difficulty']} | {p['minutes']} | {graders} | {len(mutants(p['id']))} |")
    areas = {}
    for p in ps:
        for a in p["areas"]:
            areas.setdefault(a, []).append(p["id"])
    lines += ["", "By area:", ""]
    for a in sorted(areas):
        lines.append(f"- **{a}**: {', '.join(areas[a])}")
    lines += ["", "## Seed topics", "",
              "What a senior Go backend interview asks about, and where the library covers it: the",
              "problems that grade it, and the problems whose follow-up questions ask about it.",
              "Every topic has at least one (the generator refuses a topic covered by nothing).", "",
              "| topic | graded by | follow-up questions in |", "|---|---|---|"]
    for topic, g, f in seed_cover(ps):
        lines.append(f"| {topic} | {', '.join(g) or '—'} | {', '.join(f) or '—'} |")
    for p in ps:
        what = WHAT_C if p["language"] == "c" else WHAT_GO_IO if "io" in p else WHAT
        lines += ["", f"## {p['id']}", "", f"**{p['title']}** — {p['language']}, {p['difficulty']}, "
                  f"{p['minutes']} minutes, areas: {', '.join(p['areas'])}.", ""]
        seeds = [t for t, g, f in seed_cover(ps) if p["id"] in g or p["id"] in f]
        if seeds:
            lines += [f"Seed topics: {', '.join(seeds)}.", ""]
        lines += ["What each grader checks:", ""]
        for g, c in p["graders"].items():
            extra = ""
            if g == "race" and "gomaxprocs" in c:
                extra = f" (GOMAXPROCS {', '.join(map(str, c['gomaxprocs']))}; count {c.get('count', 1)})"
            if g == "bench":
                lim = []
                if "max_allocs_per_op" in c:
                    lim.append(f"at most {c['max_allocs_per_op']} allocs/op")
                if "max_bytes_per_op" in c:
                    lim.append(f"at most {c['max_bytes_per_op']} B/op")
                extra = (f" ({', '.join(c['benchmarks'])}: full marks at {c['target_ratio']}x the reference "
                         f"or faster, none at {c['fail_ratio']}x" + (", " + ", ".join(lim) if lim else "") + ")")
            lines.append(f"- {g} ({int(c['weight'])}): {what.get(g, g)}{extra}")
        groups, rest = test_groups(p)
        if groups:
            total = sum(w for _, w, _, m in groups if m) + (1 if rest else 0)
            lines += ["", "Correctness test groups (a group's share of the correctness points is its weight "
                      "over the total; one root cause should cost one group):", ""]
            for name, w, note, m in groups:
                what = f" {note}" if note else ""
                share = f"{w:g} of {total:g}" if m else f"{w:g}, no tests"
                lines.append(f"- `{name}` ({share}):{what} Tests: {', '.join(m) or 'none'}.")
            if rest:
                lines.append(f"- (no group, weight 1 of {total:g}): {', '.join(rest)}.")
        else:
            lines += ["", "Correctness test groups: none (every test or case weighs the same)."]
        if p.get("rubric"):
            total = sum(it["points"] for it in p["rubric"])
            lines += ["", f"Rubric (scored by reviewers, {total} points):", ""]
            for it in p["rubric"]:
                lines.append(f"- `{it['id']}` {it['title']} ({it['points']}): {it['guide']}")
        if p.get("followups"):
            lines += ["", "Follow-up questions (after a graded mock; the model answers are in problem.json):", ""]
            for it in p["followups"]:
                ev = " *(with the escape analysis of the candidate's code)*" if it.get("evidence") == "escape" else ""
                lines.append(f"- `{it['id']}` [{it['topic']}] {it['question']}{ev}")
        lines += ["", "Mutants (the mistakes it catches):", ""]
        for m, desc, fails in mutants(p["id"]):
            lines.append(f"- `{m}` — {desc} → fails {', '.join(fails)}")
    return "\n".join(lines) + "\n"


text = render()
if "--check" in sys.argv:
    try:
        with open(out) as f:
            same = f.read() == text
    except OSError:
        same = False
    if not same:
        print("docs/problems.md is out of date: run build-aux/problems-doc.py", file=sys.stderr)
        sys.exit(1)
    sys.exit(0)
with open(out, "w") as f:
    f.write(text)
