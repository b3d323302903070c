#!/usr/bin/env python3
"""problems-doc.py — write docs/problems.md from the library's manifests and
mutants, so the list cannot drift from what ships.  With --check, exit 1
when docs/problems.md differs from what would be written."""
import json
import os
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
    for p in ps:
        what = WHAT_C if p["language"] == "c" else WHAT_GO_IO if "io" in p else WHAT
        lines += ["", f"## {p['id']}", "", f"**{p['title']}** — {p['language']}, {p['difficulty']}, "
                  f"{p['minutes']} minutes, areas: {', '.join(p['areas'])}.", "", "What each grader checks:", ""]
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
