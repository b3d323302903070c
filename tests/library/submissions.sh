#!/usr/bin/env bash
# submissions.sh GAUNTLET SOURCE_DIR: realistic candidate submissions
# (tests/library/submissions/) graded for real against the shipped problems,
# for what a grading must do with them (issue #19):
#   - circuit-breaker-deadline-slip, a breaker that turns half-open one
#     nanosecond late (expiry.Before(now)), loses the "deadline" group of
#     correctness and nothing else of it;
#   - rate-limiter-gcra, a sound limiter on another algorithm whose float
#     arithmetic lands a hair off token boundaries, passes every test;
#   - rate-limiter-timer-once, whose waiters never wake once they lose a
#     token, fails the two tests that stall, each at once and saying at
#     which simulated time, instead of hanging until the test timeout.
# Skips (77) only where the machine cannot grade, and says why.
set -u
G=$1 src=$2
"$G" doctor >/dev/null 2>&1
if [ $? -eq 2 ]; then
	echo "skip: gauntlet doctor says this machine cannot contain untrusted code"
	exit 77
fi
command -v go >/dev/null || [ -x /usr/local/go/bin/go ] || { echo "skip: no Go toolchain"; exit 77; }
mkdir -p "${XDG_CACHE_HOME:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/gauntlet-subs.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
sub=$src/tests/library/submissions

grade() { # grade NAME PROBLEM: grade submission NAME, the report in $T/NAME.json
	local start=$SECONDS
	"$G" grade --quick --bundle "$src/problems/$2" "$sub/$1" --json "$T/$1.json" >"$T/$1.out" 2>&1 ||
		{ cat "$T/$1.out"; fail "$1: grade exited $?"; }
	cat "$T/$1.out"
	echo "$1: graded in $((SECONDS - start)) s"
}

# check NAME PROBLEM PYTHON: run PYTHON with r (the report), g (graders by
# name), tests (correctness tests by name) and groups (the manifest's)
check() {
	python3 - "$T/$1.json" "$src/problems/$2/problem.json" "$3" <<'PY' || fail "$1: see above"
import json, sys
r = json.load(open(sys.argv[1]))
groups = json.load(open(sys.argv[2]))["tests"]["groups"]
g = {x["name"]: x for x in r["graders"]}
tests = {t["name"]: t for t in g["correctness"]["tests"]}
def need(ok, what):
    if not ok:
        print("  " + what, file=sys.stderr)
        sys.exit(1)
exec(sys.argv[3])
PY
}

grade circuit-breaker-deadline-slip circuit-breaker
# The evidence says where the points went, group by group.
grep -qE "groups: .*deadline 0/3 \(-[0-9.]+\)" "$T/circuit-breaker-deadline-slip.out" ||
	fail "the correctness evidence does not show the deadline group's loss"
check circuit-breaker-deadline-slip circuit-breaker '
bad = sorted(n for n, t in tests.items() if t["status"] != "pass")
need(bad, "the deadline slip failed no test")
for n in bad:
    need(tests[n].get("group") == "deadline", "%s (group %s) failed: only the deadline group may" % (n, tests[n].get("group")))
need(all(t.get("group") for t in tests.values()), "a test outside every group")
w = {x["name"]: x["weight"] for x in groups}
want = round(g["correctness"]["weight"] * (1 - w["deadline"] / sum(w.values())), 2)
got = g["correctness"]["score"]
need(abs(got - want) < 0.011, "correctness %.2f, want %.2f: the deadline group'"'"'s weight lost, no more" % (got, want))
for k in ("race", "vet"):
    need(g[k]["verdict"] == "pass", "%s: %s" % (k, g[k]["verdict"]))
print("  deadline slip: %d tests failed, all in the deadline group; correctness %.2f of %g" % (len(bad), got, g["correctness"]["weight"]))
'

grade rate-limiter-gcra rate-limiter
check rate-limiter-gcra rate-limiter '
bad = sorted(n for n, t in tests.items() if t["status"] != "pass")
need(not bad, "a sound GCRA limiter failed %s" % bad)
for k in ("correctness", "race", "leak", "vet"):
    need(g[k]["verdict"] == "pass", "%s: %s" % (k, g[k]["verdict"]))
print("  GCRA: all %d tests pass" % len(tests))
'

grade rate-limiter-timer-once rate-limiter
check rate-limiter-timer-once rate-limiter '
stalled = ("TestWaitManyWaitersOneTokenEach", "TestConcurrentWaiters")
for n in stalled:
    t = tests[n]
    need(t["status"] == "fail", "%s: %s, want fail (not a hang or a panic)" % (n, t["status"]))
    need("no progress at simulated time" in t.get("output", ""), "%s does not say where it stalled: %r" % (n, t.get("output", "")[:300]))
    need(t.get("elapsed_s", 0) < 5, "%s took %s s" % (n, t.get("elapsed_s")))
others = sorted(n for n, t in tests.items() if n not in stalled and t["status"] != "pass")
need(not others, "other tests failed too: %s" % others)
need(g["correctness"]["wall_s"] < g["correctness"].get("build_s", 0) + 30, "correctness took %.1f s" % g["correctness"]["wall_s"])
print("  timer-once: " + "; ".join(next(l.strip() for l in tests[n]["output"].splitlines() if "no progress" in l) for n in stalled))
'
echo "all submissions graded as expected"
