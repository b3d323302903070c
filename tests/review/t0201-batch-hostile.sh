#!/usr/bin/env bash
# Batch grading survives what candidates hand in: a grader crash, a hang, a
# garbage archive, a symlink, a grading that writes no report; duplicates
# are graded once; every submission gets its verdict with the reason; the
# leaderboard, CSV and report are written; copied code is flagged.
. "$(dirname "$0")/lib.sh"
export GAUNTLET_BATCH_GRADER=$FAKE FAKE_GRADER_LOG=$T/calls.log

mkdir subs
pool_code 1 >alice.go; mkdir subs/alice; cp alice.go subs/alice/pool.go
# heidi copies alice and renames things: similarity must flag the pair.
sed -e 's/\bn\b/count/g; s/\bjobs\b/items/g; s/\bi\b/k/g' alice.go >subs/heidi.go
# Her file name is markup too: it shows in the similarity regions.
mkdir subs/heidi-dir; mv subs/heidi.go "subs/heidi-dir/<script>alert(2)<.go"; mv subs/heidi-dir subs/heidi
(cd subs && sealed bob "$(pool_code 2)" true)
cp subs/bob.tar.gz subs/bob2.tar.gz
(cd subs && sealed carol "$(pool_code 3; echo '// CRASH')")
(cd subs && sealed dave "$(pool_code 4; echo '// HANG')")
(cd subs && sealed grace "$(pool_code 5; echo '// NOREPORT')")
head -c 3000 /dev/urandom >subs/eve.tar.gz
# frank: an archive with a symlink to the host's password file.
mkdir -p fr/code && ln -s /etc/passwd fr/code/pool.go && echo '{}' >fr/submission.json
tar -C fr -czf subs/frank.tar.gz submission.json code
# mallory: names made to break pages and terminals.
mkdir -p "subs/<script>alert(1)<"$'\e'"[2J" && pool_code 6 >"subs/<script>alert(1)<"$'\e'"[2J/pool.go"

expect_status 0 "$G" grade --bundle "$PROBLEM" subs/* -j 2 --timeout 15 --report rep
expect_in "$T/out" '^grading 9 submissions'
expect_in "$T/out" '1 duplicate skipped'
[ "$(grep -c '^\[' "$T/out")" -eq 9 ] || fail "want one line per submission"
expect_not_in "$T/out" $'\e'
for f in leaderboard.csv leaderboard.json report.html batch.json; do
	[ -s "rep/$f" ] || fail "rep/$f missing"
done
board rep/leaderboard.json >board.txt
cat board.txt
[ "$(wc -l <board.txt)" -eq 9 ] || fail "want 9 entries"
expect_in board.txt '^carol error '
expect_in board.txt '^dave error '
expect_in board.txt '^eve rejected '
expect_in board.txt '^frank rejected '
expect_in board.txt '^grace rejected '
expect_in board.txt '^alice graded '
expect_in board.txt '^bob graded '
python3 - rep/leaderboard.json <<'PY' || fail "leaderboard.json is wrong"
import json, sys
d = json.load(open(sys.argv[1]))
by = {e["candidate"]: e for e in d["entries"]}
assert "signal 11" in by["carol"]["message"], by["carol"]
assert "longer than 15 s" in by["dave"]["message"], by["dave"]
assert "cannot unpack" in by["eve"]["message"], by["eve"]
assert "symlink" in by["frank"]["message"], by["frank"]
assert "does not compile" in by["grace"]["message"], by["grace"]
assert by["bob"]["late"] is True and by["bob"]["overrun_s"] == 125, by["bob"]
pairs = {(p["candidate_a"], p["candidate_b"]) for p in d["similar_pairs"]}
assert ("alice", "heidi") in pairs, pairs
assert [s["candidate"] for s in by["alice"]["similar_to"]] == ["heidi"]
ranks = [e["rank"] for e in d["entries"] if e["status"] == "graded"]
assert ranks == sorted(ranks) and ranks[0] == 1, ranks
assert all(e["rank"] is None for e in d["entries"] if e["status"] != "graded")
PY
# bob and bob-again are the same bytes: graded once.  The hang and crash
# were graded once each (no retry loop).
[ "$(sort calls.log | uniq -d | wc -l)" -eq 0 ] || fail "a submission was graded twice"
# The grading child got an unpacked folder: nothing of it stays behind.
[ -z "$(find rep/submissions -name input -o -name '.tmp-*')" ] || fail "scratch left in rep/"
# Each graded submission keeps its JUnit XML and its code (for merges).
for d in rep/submissions/*/; do
	[ -s "$d/meta.json" ] || fail "$d lacks meta.json"
done
[ "$(ls rep/submissions/*/junit.xml | wc -l)" -ge 4 ] || fail "junit.xml missing"
grep -q '"timeline"' rep/submissions/*/meta.json || fail "no timeline recorded"
# The page: one script of ours, hostile names as text only.
[ "$(grep -c '<script' rep/report.html)" -eq 1 ] || fail "report.html has a foreign <script>"
expect_in rep/report.html '&lt;script&gt;alert\(1\)&lt;'
expect_in rep/report.html '&lt;script&gt;alert\(2\)&lt;.go:[0-9]+'
expect_in rep/report.html 'id="report-end"'
# Running again grades nothing new.
: >calls.log
expect_status 0 "$G" grade --bundle "$PROBLEM" subs/* -j 2 --timeout 15 --report rep
expect_in "$T/out" '9 already graded'
[ ! -s calls.log ] || fail "resumed batch graded again: $(cat calls.log)"
exit 0
