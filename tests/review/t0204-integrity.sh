#!/usr/bin/env bash
# Every graded submission is verified as `gauntlet verify` verifies it, and
# what does not verify is flagged everywhere a reviewer or CI looks: real
# sessions of the c-sum fixture (start, submit), then tampered copies —
# lateness edited in submission.json, code changed after submit, a journal
# line removed, an archive of another problem, an unpacked folder with
# changed code — beside honest ones (on time, late, an unpacked folder) and
# a plain folder.  A real batch grades them: progress lines, leaderboard
# JSON, CSV and JUnit, per-submission JUnit, report.html (in headless Chromium when
# installed); `report build --require-verified` ranks the verified only;
# single `gauntlet grade` prints, writes JSON and JUnit, and exits 1 with
# --require-verified.
. "$(dirname "$0")/lib.sh"
FIX=$SRC/tests/graders/fixtures/c-sum
OTHER=$SRC/tests/graders/fixtures/c-mean
command -v cc >/dev/null || { echo "SKIP: no C compiler"; exit 77; }

# seal NAME PROBLEM CODE [start options]: a real session of PROBLEM with
# CODE as its sum.c (or main file), submitted; the archive in subs/NAME.tar.gz.
seal() {
	local name=$1 prob=$2 code=$3 w=w-$1
	shift 3
	expect_status 0 "$G" start "$prob" --workspace "$w" --no-screen "$@"
	expect_status 0 "$G" resume --session "$w" --no-screen
	cp "$code" "$w/code/"
	if [ -n "${WAIT_LATE:-}" ]; then
		for _ in $(seq 100); do
			"$G" status --session "$w" 2>&1 | grep -q 'past the deadline' && break
			sleep 0.1
		done
	fi
	expect_status 0 "$G" submit --session "$w" --no-grade
	cp "$w"/*-submission.tar.gz "subs/$name.tar.gz"
}
# tamper FROM TO SCRIPT: unpack subs/FROM.tar.gz, run SCRIPT in it, pack subs/TO.tar.gz.
tamper() {
	rm -rf x && mkdir x && tar xzf "subs/$1.tar.gz" -C x
	(cd x && eval "$3") || fail "tampering $2"
	(cd x && tar czf "$T/subs/$2.tar.gz" submission.json journal.jsonl code blobs)
}

mkdir subs
seal ok "$FIX" "$FIX/reference/sum.c"
WAIT_LATE=1 seal late "$FIX" "$FIX/reference/sum.c" --mode mock --minutes 0.03
grep -q '"late":true' <(tar xzOf subs/late.tar.gz submission.json | tr -d ' \t\n') || fail "the late session is not late"
seal other "$OTHER" "$(ls "$OTHER"/reference/*.c | head -1)"

# The issue's forgery: on time in submission.json, late in the journal.
tamper late edited-late "python3 - <<'PY'
import json
d = json.load(open('submission.json'))
d['late'] = False; d['overrun_s'] = 0
open('submission.json', 'w').write(json.dumps(d, indent=1))
PY"
# Code changed inside the archive after submit: the starter, which fails.
tamper ok code-changed "cp '$FIX/starter/sum.c' code/sum.c"
tamper ok line-removed "sed -i 2d journal.jsonl"
# An unpacked submission folder, untouched and with its code changed.
mkdir subs/unpacked subs/unpacked-changed
tar xzf subs/ok.tar.gz -C subs/unpacked
tar xzf subs/ok.tar.gz -C subs/unpacked-changed
echo '/* edited later */' >>subs/unpacked-changed/code/sum.c
# A plain folder of code: nothing to verify.
mkdir subs/plain && cp "$FIX/reference/sum.c" subs/plain/
TAMPERED="code-changed edited-late line-removed other unpacked-changed"

expect_status 0 "$G" grade --bundle "$FIX" subs/* -j 2 --quick --report rep
cp "$T/out" batch.out
cat batch.out
for c in $TAMPERED; do
	grep -E "^\[ *[0-9]+/9\] .* $c  \(.*TAMPERED \([0-9]+ findings?\): " batch.out >/dev/null ||
		fail "progress line of $c is not flagged"
done
for c in ok late unpacked; do
	grep -E " $c  \(" batch.out | grep -q -e TAMPERED -e unverified && fail "$c is flagged"
done
grep -E " plain  \(.*unverified$" batch.out >/dev/null || fail "plain is not shown unverified"

python3 - rep/leaderboard.json <<'PY' || fail "leaderboard.json is wrong"
import json, sys
d = json.load(open(sys.argv[1]))
by = {e["candidate"]: e for e in d["entries"]}
v = lambda c: by[c]["integrity"]["verdict"]
f = lambda c: " | ".join(by[c]["integrity"]["findings"])
for c in ["ok", "late", "unpacked"]:
    assert v(c) == "verified" and by[c]["integrity"]["findings"] == [], (c, by[c])
assert v("plain") == "unverified" and "plain folder" in f("plain"), by["plain"]
for c in ["edited-late", "code-changed", "line-removed", "other", "unpacked-changed"]:
    assert v(c) == "tampered", (c, by[c])
assert "submission.json: submitted, deadline, late or overrun differ" in f("edited-late"), f("edited-late")
assert "code/sum.c: differs from the final snapshot" in f("code-changed"), f("code-changed")
assert "journal.jsonl: line 2: 'seq' is 3, expected 2" in f("line-removed"), f("line-removed")
assert "bundle: the session did not start from this bundle" in f("other"), f("other")
assert "code/sum.c: differs from the final snapshot" in f("unpacked-changed"), f("unpacked-changed")
# Lateness from the journal: the edited record says on time, the journal late.
assert by["late"]["late"] is True and by["late"]["overrun_s"] >= 1, by["late"]
assert by["edited-late"]["late"] is True, by["edited-late"]
assert by["edited-late"]["overrun_s"] == by["late"]["overrun_s"], by["edited-late"]
assert by["ok"]["late"] is False and isinstance(by["ok"]["submitted"], int), by["ok"]
# The code graded is the archive's: the starter put in after submit fails.
assert by["code-changed"]["score"] < by["ok"]["score"], (by["code-changed"]["score"], by["ok"]["score"])
assert d["counts"]["tampered"] == 5 and d["counts"]["unverified"] == 1, d["counts"]
# Without --require-verified tampered submissions are still ranked.
assert by["edited-late"]["rank"] is not None and by["edited-late"]["excluded"] is None
PY

# CSV: the verdict beside the status, the findings, times to the second.
head -1 rep/leaderboard.csv | grep -q '^rank,candidate,score,status,integrity,.*,submitted_utc,deadline_utc,late,overrun_s,.*,integrity_findings$' ||
	fail "CSV header: $(head -1 rep/leaderboard.csv)"
grep -E '^[0-9]*,edited-late,[0-9.]+,graded,tampered,.*,20[0-9-]+T[0-9:]+Z,20[0-9-]+T[0-9:]+Z,yes,[1-9][0-9]*,.*submission.json: submitted' rep/leaderboard.csv >/dev/null ||
	fail "CSV row of edited-late: $(grep edited-late rep/leaderboard.csv)"
grep -E '^[0-9]+,ok,[0-9.]+,graded,verified,.*,no,0,' rep/leaderboard.csv >/dev/null || fail "CSV row of ok"
grep -E '^[0-9]*,plain,[0-9.]+,graded,unverified,' rep/leaderboard.csv >/dev/null || fail "CSV row of plain"

# JUnit of each grading: a failing "integrity" case for the tampered.
junit_of() { # CANDIDATE: its junit.xml
	grep -l "\"candidate\":[[:space:]]*\"$1\"" rep/submissions/*/meta.json | head -1 | sed 's/meta.json$/junit.xml/'
}
for c in $TAMPERED; do
	j=$(junit_of "$c")
	python3 - "$j" "$c" <<'PY' || fail "JUnit of $c does not fail integrity"
import sys, xml.etree.ElementTree as ET
t = ET.parse(sys.argv[1])
case = [c for c in t.iter("testcase") if c.get("name") == "integrity"]
assert len(case) == 1 and case[0].find("failure") is not None, sys.argv[2]
assert int(t.find("testsuite").get("failures")) >= 1
PY
done
python3 - "$(junit_of ok)" "$(junit_of plain)" <<'PY' || fail "JUnit of ok or plain is wrong"
import sys, xml.etree.ElementTree as ET
ok = [c for c in ET.parse(sys.argv[1]).iter("testcase") if c.get("name") == "integrity"][0]
assert ok.find("failure") is None and ok.find("skipped") is None
plain = [c for c in ET.parse(sys.argv[2]).iter("testcase") if c.get("name") == "integrity"][0]
assert plain.find("skipped") is not None
PY

# leaderboard.junit.xml: one case per submission, the tampered ones failing.
python3 - rep/leaderboard.junit.xml "$TAMPERED" <<'PY' || fail "leaderboard.junit.xml is wrong"
import sys, xml.etree.ElementTree as ET
t = ET.parse(sys.argv[1])
cases = {c.get("name").rsplit(" (", 1)[0]: c for c in t.iter("testcase")}
assert len(cases) == 9, cases.keys()
for c, x in cases.items():
    failed = x.find("failure") is not None
    assert failed == (c in sys.argv[2].split()), (c, failed)
assert "code/sum.c: differs" in cases["code-changed"].find("failure").get("message")
assert t.find("testsuite").get("failures") == "5"
PY

# report.html: the warning block first, naming each tampered submission
# with its findings; badges in the leaderboard; times to the second.
python3 - rep/report.html "$TAMPERED" <<'PY' || fail "report.html lacks the integrity warning"
import re, sys
html = open(sys.argv[1]).read()
warn = html.index('<section class="warn" id="integrity">')
assert warn < html.index('id="leaderboard"'), "the warning is not first"
block = html[warn:html.index("</section>", warn)]
assert "5 submissions did not verify" in block
for c in sys.argv[2].split():
    assert ">%s</a> <span class=\"v v-tampered\">" % c in block, c
assert "differs from the final snapshot" in block and "did not start from this bundle" in block
assert html.count('<span class="v v-tampered">tampered</span>') >= 15  # block, board, cards
assert re.search(r'submitted \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(deadline \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)', html)
PY
if command -v chromium >/dev/null; then
	prof=$(mktemp -d "$T/profile.XXXXXX")
	timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --user-data-dir="$prof" \
		--dump-dom "file://$T/rep/report.html" >dom.html 2>chrome.err || { tail chrome.err; fail "chromium failed"; }
	python3 - dom.html <<'PY' || fail "the rendered page lacks the warning"
import sys
dom = open(sys.argv[1]).read()
w = dom.index('id="integrity"')
assert w < dom.index('id="leaderboard"') and "5 submissions did not verify" in dom[w:w + 400]
PY
else
	echo "note: chromium not installed, the page was checked as text only"
fi

# --require-verified: only verified submissions are ranked; the rest are
# listed unranked, with why.
expect_status 0 "$G" report build rep --require-verified
python3 - rep/leaderboard.json <<'PY' || fail "--require-verified ranking is wrong"
import json, sys
d = json.load(open(sys.argv[1]))
by = {e["candidate"]: e for e in d["entries"]}
assert d["require_verified"] is True
for c in ["ok", "late", "unpacked"]:
    assert by[c]["rank"] is not None and by[c]["excluded"] is None, by[c]
for c in ["edited-late", "code-changed", "line-removed", "other", "unpacked-changed"]:
    assert by[c]["rank"] is None and by[c]["excluded"] == "not ranked: tampered (--require-verified)", by[c]
assert by["plain"]["rank"] is None and "unverified" in by["plain"]["excluded"]
names = [e["candidate"] for e in d["entries"]]
assert set(names[:3]) == {"ok", "late", "unpacked"}, names
PY
expect_in rep/report.html 'They are left out of the ranking \(--require-verified\)'
grep -q '<testcase classname="gauntlet.submissions" name="plain (' rep/leaderboard.junit.xml || fail "no case for plain"
grep -q '<failure message="not ranked: unverified (--require-verified)">' rep/leaderboard.junit.xml ||
	fail "the unranked plain folder does not fail in leaderboard.junit.xml"

# One submission: the text output, JSON and JUnit carry the verdict.
expect_status 0 "$G" grade --bundle "$FIX" subs/edited-late.tar.gz --quick --json r.json --junit j.xml
expect_in "$T/out" '^integrity: TAMPERED, 1 finding \(graded all the same\); submitted .* UTC, late by [1-9][0-9]* s'
expect_in "$T/out" '^  submission.json: submitted, deadline, late or overrun differ'
python3 - r.json <<'PY' || fail "report.json lacks the verdict"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["integrity"]["verdict"] == "tampered", r["integrity"]
assert r["session"]["late"] is True and r["session"]["overrun_s"] >= 1, r["session"]
PY
expect_in j.xml '<testcase classname="gauntlet.integrity" name="integrity"'
expect_in j.xml '<failure message="tampered: 1 finding: submission.json'
expect_status 1 "$G" grade --bundle "$FIX" subs/code-changed.tar.gz --quick --require-verified
expect_in "$T/out" '^integrity: TAMPERED'
expect_in "$T/err" "code-changed.tar.gz' is tampered \(--require-verified\)"
expect_status 0 "$G" grade --bundle "$FIX" subs/unpacked --quick --require-verified --json r2.json
expect_in "$T/out" '^integrity: verified; submitted .* UTC, on time'

# One archive handed in under two names: graded once, said at once, and a
# finding on the board (nobody can tell who copied whom).
mkdir twins && cp subs/ok.tar.gz twins/ann.tar.gz && cp subs/ok.tar.gz twins/bob.tar.gz
expect_status 0 "$G" grade --bundle "$FIX" twins/ann.tar.gz twins/bob.tar.gz --quick --report rep2
expect_in "$T/err" "'twins/bob.tar.gz' is byte for byte 'twins/ann.tar.gz': graded once, and flagged"
python3 - rep2/leaderboard.json <<'PY' || fail "the twin archive is not a finding on the board"
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["entries"]) == 1, d["entries"]
ig = d["entries"][0]["integrity"]
assert ig["verdict"] == "tampered", ig
assert any("the same bytes also came as 'bob.tar.gz'" in f for f in ig["findings"]), ig
PY
grep -q "the same bytes also came as" rep2/report.html || fail "report.html does not show the twin archive"
exit 0
