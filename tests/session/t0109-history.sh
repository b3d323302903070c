#!/bin/bash
# The practice history: a graded mock session is recorded in the user's
# data folder, an ungraded one as "not graded", a take-home never; garbage
# in the folder is named and skipped; trends, the weakest area and the next
# problem follow from the records; --add records a session again.
. "$(dirname "$0")/lib.sh"
export XDG_DATA_HOME="$T/data"
H="$XDG_DATA_HOME/gauntlet/history"
PY=$(command -v python3) || { echo "skip: python3 is needed to read the JSON"; exit 77; }
jq_() { "$PY" -c "import json,sys; d=json.load(open('$T/out')); $1"; }

# Nothing yet: an empty history, a first problem suggested (easy, Go).
expect_status 0 "$G" history --json
jq_ 'assert d["sessions"] == [] and d["weakest"] is None, d
assert d["next"]["id"] == "error-classify", d["next"]'

# A take-home is never recorded.
expect_status 0 "$G" start "$SRC/problems/error-classify" --workspace th --no-screen
expect_status 0 "$G" submit --session th
[ ! -d "$H" ] || [ -z "$(ls -A "$H")" ] || fail "a take-home session was recorded"

# A graded mock (the reference: full marks), when the toolchain is here.
expect_status 0 "$G" start --problem error-classify --mode mock --minutes 10 --workspace m1 --no-screen
cp "$SRC/problems/error-classify/reference/"*.go m1/code/
if can_run_tests m1; then
	expect_status 0 "$G" submit --session m1
	[ -f m1/.gauntlet/report.json ] || fail "the grading report was not kept in the session"
	graded=1
else
	expect_status 0 "$G" submit --session m1 --no-grade
	graded=0
fi
# An ungraded mock.
expect_status 0 "$G" start --problem worker-pool --mode mock --minutes 5 --workspace m2 --no-screen
expect_status 0 "$G" submit --session m2 --no-grade
[ "$(ls "$H" | wc -l)" -eq 2 ] || { ls -la "$H"; fail "want two records"; }

# Garbage beside the records: named on stderr, skipped.
printf 'not json' >"$H/broken.json"
printf '{"format":1}' >"$H/empty.json"
echo x >"$H/notes.txt"
mkfifo "$H/fifo.json"
expect_status 0 "$G" history --json
for f in broken.json empty.json notes.txt fifo.json; do expect_in "$T/err" "$f: skipped"; done
jq_ '
s = {x["problem"]["id"]: x for x in d["sessions"]}
assert set(s) == {"error-classify", "worker-pool"}, s
assert s["worker-pool"]["graded"] is False and s["worker-pool"]["score"] is None
assert s["worker-pool"]["minutes_allowed"] == 5
assert s["error-classify"]["problem"]["areas"] == ["idiomatic", "reliability"]
if '"$graded"':
    assert s["error-classify"]["graded"] and s["error-classify"]["score"] == 100, s["error-classify"]
    names = [g["name"] for g in s["error-classify"]["graders"]]
    assert "correctness" in names, names
'
rm -f "$H/broken.json" "$H/empty.json" "$H/notes.txt" "$H/fifo.json"

# Earlier practice (records as gauntlet writes them): concurrency weak and
# declining, networking strong.  The next problem: a concurrency problem
# never attempted, not worker-pool (attempted) unless all others are solved.
rec() { # rec SESSION-HEX PROBLEM AREA SCORE SUBMITTED
	cat >"$H/$1.json" <<JSON
{"format":1,"session":"$1","problem":{"id":"$2","title":"t","version":"1","areas":["$3"]},
 "started":$(($5 - 600)),"submitted":$5,"minutes_allowed":45,"minutes_used":10,"late":false,
 "graded":true,"score":$4,"graders":[{"name":"correctness","verdict":"pass","score":$4,"weight":100}],"folder":"/x"}
JSON
}
h() { printf '%064x' "$1"; }
rec "$(h 1)" pubsub concurrency 70 1000
rec "$(h 2)" pipeline concurrency 40 2000
rec "$(h 3)" sharded-kv concurrency 30 3000
rec "$(h 4)" http-middleware networking 95 1500
expect_status 0 "$G" history --json
jq_ '
a = {x["name"]: x for x in d["areas"]}
assert a["concurrency"]["recent"] == [70, 40, 30], a["concurrency"]
assert a["concurrency"]["trend"] == "declining", a["concurrency"]
assert d["weakest"] == "concurrency", d["weakest"]
n = d["next"]
assert n["area"] == "concurrency" and n["id"] not in ("pubsub", "pipeline", "sharded-kv"), n
assert "never attempted" in n["why"], n
assert n["command"] == "gauntlet start --problem %s --mode mock" % n["id"]
'
expect_status 0 "$G" history --area networking
expect_in "$T/out" "http-middleware"
expect_not_in "$T/out" "pubsub"
# An area with no practice yet still gets a problem of its own.
expect_status 0 "$G" history --area performance --json
jq_ '
assert d["areas"] == [], d["areas"]
n = d["next"]
assert n and n["area"] == "performance", n
assert "no graded practice in performance yet" in n["why"], n
'
expect_status 0 "$G" history
expect_in "$T/out" "weakest area: concurrency"
expect_in "$T/out" "next: "

# --add: the record of a session comes back the same after it was lost.
cp "$H"/*.json "$T/" 2>/dev/null
rec_m1=$(grep -l '"error-classify"' "$H"/*.json)
rm -f "$rec_m1"
expect_status 0 "$G" history --add m1
expect_in "$T/out" "recorded: error-classify"
[ -f "$rec_m1" ] || fail "--add did not write the same record file"
expect_status 2 "$G" history --add th
expect_in "$T/err" "take-home"
expect_status 2 "$G" history --add "$T/nowhere"
expect_status 2 "$G" history --area nope
# Candidate-controlled names never reach the terminal raw.
printf 'x' >"$H/$(printf 'evil\033[2Jname').json"
expect_status 0 "$G" history
grep -q $'\033' "$T/err" && fail "an escape sequence reached the terminal"
exit 0
