#!/usr/bin/env bash
# Tickets in review: real sessions started with the team's tickets
# (`gauntlet ticket`, `start --ticket`) of a signed c-sum bundle, graded in
# a batch with the team's key.  Flagged tampered, each with its "ticket: "
# finding, in the progress lines, leaderboard JSON, CSV and JUnit,
# report.html and the gradings' JUnit: an archive carrying another
# candidate's ticket, a ticket signed by another key, a session started
# outside its ticket's window (its journal re-written with a valid chain,
# as a candidate who set the clock would), and one ticket used by two
# archives.  An honest session with its own ticket verifies.
. "$(dirname "$0")/lib.sh"
FIX=$SRC/tests/graders/fixtures/c-sum
command -v cc >/dev/null || { echo "SKIP: no C compiler"; exit 77; }
"$G" ticket --help >/dev/null 2>&1 || { echo "SKIP: this gauntlet has no tickets"; exit 77; }

expect_status 0 "$G" keygen -o team
expect_status 0 "$G" keygen -o other
expect_status 0 "$G" pack "$FIX" -o dist --sign team.key
PUB=dist/c-sum.public.tar.gz
ticket() { # NAME KEY: NAME.ticket, for NAME, signed with KEY
	expect_status 0 "$G" ticket "$PUB" --key "$2" --candidate "$1" -o "$1.ticket" --ledger "$2.ledger"
}
ticket alice team.key
ticket bob team.key
ticket carol other.key
ticket dave team.key

# seal NAME TICKET: a session of the public bundle started with TICKET,
# the reference as its code, submitted; the archive in subs/NAME.tar.gz.
mkdir subs
seal() {
	expect_status 0 "$G" start "$PUB" --ticket "$2" --workspace "w-$1" --no-screen
	cp "$FIX/reference/sum.c" "w-$1/code/"
	echo "/* $1 */" >>"w-$1/code/sum.c" # no two archives alike
	expect_status 0 "$G" submit --session "w-$1" --no-grade
	cp "w-$1"/*-submission.tar.gz "subs/$1.tar.gz"
}
seal alice alice.ticket
seal bob bob.ticket
seal mallory bob.ticket    # another candidate's ticket (and bob's used twice)
seal carol carol.ticket    # a ticket from another key
seal dave dave.ticket

# dave moves his clock 8 days on (past the ticket's 7-day window) and
# re-writes the whole journal with a valid chain and a matching record.
rm -rf x && mkdir x && tar xzf subs/dave.tar.gz -C x
python3 - x <<'PY' || fail "re-writing dave's journal"
import hashlib, json, os, sys
d = sys.argv[1]
shift = 8 * 86400
lines, prev = [], "0" * 64
for raw in open(os.path.join(d, "journal.jsonl"), "rb").read().splitlines():
    e = json.loads(raw)
    e["prev"] = prev
    for k in ("time", "deadline", "submitted"):
        if isinstance(e.get(k), int):
            e[k] += shift
    b = json.dumps(e, separators=(",", ":")).encode()
    prev = hashlib.blake2b(b, digest_size=32).hexdigest()
    lines.append(b)
open(os.path.join(d, "journal.jsonl"), "wb").write(b"\n".join(lines) + b"\n")
s = json.load(open(os.path.join(d, "submission.json")))
for k in ("started", "deadline", "submitted"):
    s[k] += shift
s["journal"]["head"] = prev
open(os.path.join(d, "submission.json"), "w").write(json.dumps(s, indent=1))
PY
(cd x && tar czf "$T/subs/dave.tar.gz" submission.json journal.jsonl code blobs)
# Without the ticket's window, dave's forgery would verify: the only
# finding is the window.
expect_status 1 "$G" verify subs/dave.tar.gz --bundle "$PUB" --pubkey team.pub
expect_in "$T/out" 'ticket: the session started at .*, outside the ticket.s window'
[ "$(grep -c '^subs/dave.tar.gz: ' "$T/out")" -eq 1 ] || fail "dave's forgery has other findings: $(cat "$T/out")"

expect_status 0 "$G" grade --bundle dist/c-sum.grading.tar.gz --pubkey team.pub subs/* -j 2 --quick --report rep
cp "$T/out" batch.out
cat batch.out
for c in mallory carol dave; do
	grep -E " $c  \(.*TAMPERED \([0-9]+ findings?\): ticket: " batch.out >/dev/null || fail "$c is not flagged"
done
grep -E " alice  \(" batch.out | grep -q -e TAMPERED -e unverified && fail "alice is flagged"
# bob's ticket in two archives is found when the report is built (across
# shards too): the summary counts him.
expect_in batch.out '^5 submissions in .*; 4 tampered, 0 unverified$'

python3 - rep/leaderboard.json <<'PY' || fail "leaderboard.json is wrong"
import json, sys
d = json.load(open(sys.argv[1]))
by = {e["candidate"]: e for e in d["entries"]}
ig = lambda c: by[c]["integrity"]
f = lambda c: ig(c)["findings"]
assert ig("alice")["verdict"] == "verified" and f("alice") == [], ig("alice")
assert ig("alice")["ticket"]["candidate"] == "alice" and ig("alice")["ticket"]["checked"] is True
for c in ["bob", "mallory", "carol", "dave"]:
    assert ig(c)["verdict"] == "tampered" and all(x.startswith("ticket: ") for x in f(c)), (c, f(c))
assert any("issued to 'bob', not to 'mallory'" in x for x in f("mallory")), f("mallory")
assert any("also used by 'bob'" in x for x in f("mallory")), f("mallory")
assert f("bob") == [x for x in f("bob") if "also used by 'mallory'" in x] and len(f("bob")) == 1, f("bob")
assert any("not the team's" in x for x in f("carol")), f("carol")
assert any("outside the ticket's window" in x for x in f("dave")), f("dave")
assert d["counts"]["tampered"] == 4, d["counts"]
PY
grep -E '^[0-9]*,mallory,[0-9.]+,graded,tampered,.*ticket: issued to' rep/leaderboard.csv >/dev/null ||
	fail "CSV row of mallory: $(grep mallory rep/leaderboard.csv)"
grep -E '^[0-9]*,alice,[0-9.]+,graded,verified,' rep/leaderboard.csv >/dev/null || fail "CSV row of alice"
python3 - rep/report.html <<'PY' || fail "report.html lacks the ticket findings"
import sys
html = open(sys.argv[1]).read()
w = html.index('<section class="warn" id="integrity">')
block = html[w:html.index("</section>", w)]
assert w < html.index('id="leaderboard"') and "4 submissions did not verify" in block
for c in ["bob", "mallory", "carol", "dave"]:
    assert ">%s</a> <span class=\"v v-tampered\">" % c in block, c
assert "issued to &#39;bob&#39;, not to &#39;mallory&#39;" in block
PY
# The batch's JUnit: bob's case fails too (his ticket is in two archives).
for c in bob mallory carol dave; do
	grep -A1 "name=\"$c (" rep/leaderboard.junit.xml | grep -q '<failure message="tampered: [0-9]* findings*: ticket: ' ||
		fail "$c does not fail in leaderboard.junit.xml"
done
grep -A1 'name="bob (' rep/leaderboard.junit.xml | grep -q "also used by &#39;mallory&#39;" || fail "bob's case lacks why"
grep -A1 'name="alice (' rep/leaderboard.junit.xml | grep -q '<failure' && fail "alice fails in leaderboard.junit.xml"

# The gradings' JUnit: each checked the same way (the candidate and the key
# passed on), so a ticket finding fails its "integrity" case.
for c in mallory carol dave; do
	m=$(grep -l "\"candidate\":[[:space:]]*\"$c\"" rep/submissions/*/meta.json | head -1)
	j=${m%meta.json}junit.xml
	grep -q '<testcase classname="gauntlet.integrity" name="integrity"' "$j" || fail "$c: no integrity case"
	grep -q '<failure message="tampered: [0-9]* findings*: ticket: ' "$j" || fail "$c: integrity does not fail: $(cat "$j")"
done

# One submission: --candidate names whom the ticket must name.
expect_status 0 "$G" grade --bundle dist/c-sum.grading.tar.gz --pubkey team.pub --candidate mallory \
	subs/mallory.tar.gz --quick --json r.json --junit j.xml
expect_in "$T/out" '^integrity: TAMPERED'
expect_in "$T/out" "^  ticket: issued to 'bob', not to 'mallory'"
grep -q '"verdict":[[:space:]]*"tampered"' r.json || fail "report.json: $(cat r.json)"
expect_in j.xml '<failure message="tampered: 1 finding: ticket: issued to'
expect_status 0 "$G" grade --bundle dist/c-sum.grading.tar.gz --pubkey team.pub --candidate alice \
	subs/alice.tar.gz --quick --require-verified
expect_in "$T/out" '^integrity: verified; .*; ticket [0-9a-f]{16} for alice$'
exit 0
