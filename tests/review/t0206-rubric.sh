#!/usr/bin/env bash
# Reviewers' rubric: the rubric travels in batch.json; two reviewers score
# the same batch with `gauntlet review` (flags, --from TSV and JSON); the
# blind rule holds in `review` output and in a reviewer's report; the
# leaderboard (CSV, JSON, HTML) shows the automatic score, the mean rubric
# score, the reviewers and their disagreements; hostile input (unknown item
# or submission, score out of range, garbage files) exits 2 and writes
# nothing; the reviews survive `report merge` of shards, the later review
# of a submission winning.  The page is rendered in headless Chromium when
# it is installed.
. "$(dirname "$0")/lib.sh"
export GAUNTLET_BATCH_GRADER=$FAKE
grep -q '"rubric"' "$PROBLEM/problem.json" || fail "worker-pool declares no rubric"

mkdir subs
i=0
for c in alice bob carol dave eve frank; do
	i=$((i + 1))
	(cd subs && sealed "$c" "$(pool_code $((i * 11)))")
done
# The rubric is in the grading bundle only; inspect shows it.
expect_status 0 "$G" pack "$PROBLEM" -o dist
tar -xzOf dist/worker-pool.public.tar.gz --wildcards '*problem.json' >public.json
expect_not_in public.json 'rubric|guide'
expect_status 0 "$G" inspect dist/worker-pool.grading.tar.gz
expect_in "$T/out" 'rubric: 4 items, 20 points'
expect_in "$T/out" '^ +errors +5  Error handling: '
expect_status 0 "$G" grade --bundle dist/worker-pool.grading.tar.gz subs/*.tar.gz -j 2 --report rep
python3 - rep/batch.json <<'PY' || fail "batch.json lacks the rubric"
import json, sys
r = json.load(open(sys.argv[1]))["rubric"]
assert [x["id"] for x in r] == ["errors", "concurrency", "naming", "tests"], r
assert all(x["points"] == 5 and x["guide"] for x in r)
PY
# No reviews yet: the leaderboard says so.
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); e=d["entries"][0]["rubric"]
assert e["score"] is None and e["reviewers"] == 0 and d["rubric"]["points"] == 20, e' rep/leaderboard.json ||
	fail "an unreviewed batch shows rubric scores"

rv() { "$G" review rep "$@"; }
nothing_written() { [ ! -e rep/reviews ] || fail "reviews/ was created by a refused command: $(ls -a rep/reviews)"; }

# ---- hostile input: one line, exit 2, nothing written ----
expect_status 2 rv --reviewer ana --submission alice --score speed=3
expect_in "$T/err" "unknown rubric item 'speed' \(the rubric has: errors, concurrency, naming, tests\)"
expect_status 2 rv --reviewer ana --submission alice --score errors=6
expect_in "$T/err" "score '6' for 'errors': expected a whole number from 0 to 5"
expect_status 2 rv --reviewer ana --submission alice --score errors=-1
expect_status 2 rv --reviewer ana --submission mallory --score errors=1
expect_in "$T/err" "no submission 'mallory'"
expect_status 2 rv --reviewer ana --submission alice --score errors=1 --score errors=2
expect_status 2 rv --reviewer 'Ana/../x' --list
expect_status 2 rv --reviewer ana --submission alice
expect_status 2 rv --reviewer ana --list --submission alice --score errors=1
printf 'alice\terrors\t4\nbob\tnaming\t9\n' >bad.tsv
expect_status 2 rv --reviewer ana --from bad.tsv
expect_in "$T/err" 'bad.tsv:2: score .9. for .naming.'
head -c 2000 /dev/urandom >garbage.bin
expect_status 2 rv --reviewer ana --from garbage.bin
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "garbage gave more than one line"
echo '{"reviews": [{"submission": "alice", "scores": {"errors": "4"}}]}' >bad.json
expect_status 2 rv --reviewer ana --from bad.json
expect_in "$T/err" 'bad.json: reviews\[0\].scores.errors: expected an integer'
nothing_written

# ---- ana scores alice and bob; bob scores alice, blind until he is done ----
expect_status 0 rv --reviewer ana --submission alice --score errors=5 --score concurrency=5 --score naming=4 \
	--score tests=4 --item-note 'errors=ANA-ERRORS-NOTE <script>alert(1)</script>' --note 'ANA-ALICE-NOTE'
expect_in "$T/out" 'alice \([0-9a-f]{8}\): 18/20'
printf 'bob\terrors\t2\tANA-BOB-NOTE\nbob\tconcurrency\t2\nbob\tnaming\t3\nbob\ttests\t1\n' >ana.tsv
expect_status 0 rv --reviewer ana --from ana.tsv
expect_in "$T/out" 'bob \([0-9a-f]{8}\): 8/20'

expect_status 0 rv --reviewer bob --submission alice --score errors=1 --score concurrency=2
expect_in "$T/out" 'in progress'
expect_not_in "$T/out" 'ana'
expect_status 0 rv --reviewer bob --list
expect_in "$T/out" 'reviewer bob: 0 of 6 submissions scored'
expect_in "$T/out" '^alice .*in progress +hidden until you score'
expect_not_in "$T/out" '18/20'
# bob's own report: ana's scores and notes of alice stay hidden.
expect_status 0 "$G" report build rep --reviewer bob
expect_in "$T/out" 'reviews/bob.html'
expect_not_in rep/reviews/bob.html 'ANA-ALICE-NOTE|ANA-ERRORS-NOTE|ANA-BOB-NOTE'
expect_in rep/reviews/bob.html 'hidden until you have scored every item'

cat >bob.json <<'JSON'
{"reviews": [{"submission": "alice", "scores": {"naming": 1, "tests": 0}, "notes": {"tests": "no tests at all"},
              "note": "BOB-ALICE-NOTE"}]}
JSON
expect_status 0 rv --reviewer bob --from bob.json
expect_in "$T/out" 'alice \([0-9a-f]{8}\): 4/20'
expect_in "$T/out" 'others: ana 18/20'
expect_in "$T/out" 'disagree'
expect_status 0 "$G" report build rep --reviewer bob
expect_in rep/reviews/bob.html 'ANA-ALICE-NOTE'
expect_not_in rep/reviews/bob.html 'ANA-BOB-NOTE'   # bob has not scored bob's submission
[ -z "$(ls rep/reviews/*.tmp* 2>/dev/null)" ] || fail "temporary files left in reviews/"

# ---- the hiring manager's report: everything ----
expect_status 0 "$G" report build rep --disagree 3
python3 - rep/leaderboard.json rep/leaderboard.csv <<'PY' || fail "the leaderboard does not show the reviews"
import csv, json, sys
d = json.load(open(sys.argv[1]))
assert d["rubric"]["reviewers"] == ["ana", "bob"] and d["rubric"]["disagree_margin"] == 3, d["rubric"]
by = {e["candidate"]: e for e in d["entries"]}
a = by["alice"]["rubric"]
assert a["score"] == 11 and a["points"] == 20 and a["reviewers"] == 2 and a["disagree"] is True, a
assert a["items"] == {"errors": 3, "concurrency": 3.5, "naming": 2.5, "tests": 2}, a["items"]
notes = {r["reviewer"]: r for r in a["reviews"]}
assert notes["bob"]["notes"]["tests"] == "no tests at all" and notes["ana"]["note"] == "ANA-ALICE-NOTE"
b = by["bob"]["rubric"]
assert b["score"] == 8 and b["reviewers"] == 1 and b["disagree"] is False, b
assert by["carol"]["rubric"]["score"] is None
assert isinstance(by["alice"]["score"], (int, float))   # the automatic score stays
assert d["rubric"]["disagreements"] == 1
rows = {r["candidate"]: r for r in csv.DictReader(open(sys.argv[2]))}
assert rows["alice"]["rubric"] == "11.00" and rows["alice"]["reviewers"] == "2", rows["alice"]
assert rows["alice"]["disagree"] == "yes" and rows["alice"]["rubric_concurrency"] == "3.50"
assert rows["carol"]["rubric"] == "" and rows["carol"]["disagree"] == "no"
PY
expect_in rep/report.html 'ANA-ALICE-NOTE'
expect_in rep/report.html 'BOB-ALICE-NOTE'
expect_in rep/report.html 'ANA-ERRORS-NOTE &lt;script&gt;alert\(1\)&lt;/script&gt;'
expect_in rep/report.html 'reviewers disagree by more than 3'
# A wide margin: no flag.
expect_status 0 "$G" report build rep --disagree 20
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
assert not any(e["rubric"]["disagree"] for e in d["entries"])' rep/leaderboard.json || fail "--disagree 20 still flags"

# ---- a tampered reviews file: the report refuses it, writes nothing ----
cp rep/reviews/ana.json ana.good
python3 - rep/reviews/ana.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["reviews"][0]["scores"]["errors"] = 50
json.dump(d, open(sys.argv[1], "w"))
PY
before=$(sha256sum rep/leaderboard.json rep/report.html)
expect_status 2 "$G" report build rep
expect_in "$T/err" 'reviews/ana.json: reviews\[[0-9]\].scores.errors: expected an integer >= 0 and <= 5, got 50'
[ "$before" = "$(sha256sum rep/leaderboard.json rep/report.html)" ] || fail "a refused build rewrote the report"
expect_status 2 rv --reviewer carol --list   # every file is checked
expect_status 2 rv --reviewer carol --submission carol --score errors=1
expect_in "$T/err" 'reviews/ana.json: reviews'
[ ! -e rep/reviews/carol.json ] || fail "scores were written beside a reviews file that does not check"
cp ana.good rep/reviews/ana.json

# ---- shards: the same batch in two shards, reviews merged ----
for k in 1 2; do
	expect_status 0 "$G" grade --bundle "$PROBLEM" subs/*.tar.gz --shard $k/2 --report shard-$k
done
in_shard() { python3 -c 'import json,glob,sys
for m in sorted(glob.glob(sys.argv[1] + "/submissions/*/meta.json")): print(json.load(open(m))["candidate"])' "$1"; }
s1=$(in_shard shard-1)
s1=${s1%%$'\n'*}
s2=$(in_shard shard-2)
s2=${s2%%$'\n'*}
[ -n "$s1" ] && [ -n "$s2" ] || fail "a shard is empty: '$s1' '$s2'"
score_all() { # DIR REVIEWER CANDIDATE POINTS
	expect_status 0 "$G" review "$1" --reviewer "$2" --submission "$3" --score errors="$4" --score concurrency="$4" \
		--score naming="$4" --score tests="$4"
}
score_all shard-1 ana "$s1" 5
score_all shard-1 bob "$s1" 1
score_all shard-2 ana "$s2" 3
score_all shard-2 bob "$s2" 3
# ana changes her mind about s1 in a copy of shard 1, later (a review is
# never stamped earlier than the one it replaces): that one wins.
cp -r shard-1 shard-1b
score_all shard-1b ana "$s1" 4
expect_status 0 "$G" report merge -o merged shard-1 shard-2 shard-1b
python3 - merged/leaderboard.json "$s1" "$s2" <<'PY' || fail "reviews did not survive the merge"
import json, sys
d = json.load(open(sys.argv[1]))
by = {e["candidate"]: e["rubric"] for e in d["entries"]}
a, b = by[sys.argv[2]], by[sys.argv[3]]
assert a["reviewers"] == 2 and a["score"] == (16 + 4) / 2 and a["disagree"], a     # ana's later 16, bob's 4
assert b["reviewers"] == 2 and b["score"] == 12 and not b["disagree"], b
assert sorted(d["rubric"]["reviewers"]) == ["ana", "bob"]
PY
[ -s merged/reviews/ana.json ] && [ -s merged/reviews/bob.json ] || fail "merged/reviews/ lacks a reviewer"
# Merging in the other order gives the same leaderboard.
expect_status 0 "$G" report merge -o merged2 shard-1b shard-2 shard-1
cmp -s merged/leaderboard.json merged2/leaderboard.json || fail "the merge depends on the order of the shards"
# A merged folder rebuilds alone.
expect_status 0 "$G" report build merged
cmp -s merged/leaderboard.json merged2/leaderboard.json || fail "rebuilding the merged folder changed it"

# A garbage reviews file in a shard: the merge refuses it before writing.
echo 'not json at all' >shard-2/reviews/mallory.json
expect_status 2 "$G" report merge -o merged3 shard-1 shard-2
expect_in "$T/err" 'shard-2/reviews/mallory.json: not valid JSON'
[ ! -e merged3 ] || fail "a refused merge created its folder"
rm shard-2/reviews/mallory.json

# ---- the page renders, with our one script only ----
if command -v chromium >/dev/null; then
	prof=$(mktemp -d "$T/profile.XXXXXX")
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$prof" --dump-dom "file://$T/rep/report.html" >dom.html 2>chrome.err ||
		{ tail chrome.err; fail "chromium --dump-dom failed"; }
	python3 - dom.html <<'PY' || { tail -3 chrome.err; fail "the rendered report lacks the reviews or runs a foreign script"; }
import sys
dom = open(sys.argv[1], encoding="utf-8").read()
assert 'id="report-end"' in dom
assert dom.count("<script") == 1, "a foreign <script> element is in the DOM"
assert "ANA-ERRORS-NOTE &lt;script&gt;" in dom
assert "<th>ana</th>" in dom and "<th>bob</th>" in dom
assert "Rubric" in dom
PY
else
	echo "note: chromium not installed; the page was checked as text only"
fi
exit 0
