#!/bin/bash
# Tickets: the team's signed grant gives a session its minutes (an
# accommodation without repacking) and binds the archive to a candidate;
# start refuses a ticket for another bundle or outside its window; verify
# finds every forgery a candidate who can recompute the hash chain could
# make: another key, another bundle, a start outside the window, fields
# edited after signing, another candidate's ticket.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "skip: no python3 to forge archives"; exit 77; }
FORGE="$(dirname "$0")/forge.py"
[ -f "$FORGE" ] || FORGE="$SRC/tests/session/forge.py"

expect_status 0 "$G" keygen -o team
expect_status 0 "$G" keygen -o other
expect_status 0 "$G" pack "$PROBLEM" -o dist --sign team.key --public-only
B="$T/dist/worker-pool.public.tar.gz"
cp -r "$PROBLEM" p2
printf '\nOne more paragraph.\n' >>p2/statement.md
expect_status 0 "$G" pack p2 -o dist2 --public-only
B2="$T/dist2/worker-pool.public.tar.gz"

# Issuing, and the ledger beside the key.
expect_status 0 "$G" ticket "$B" --key team.key --candidate ada --minutes 135 -o ada.ticket
expect_in "$T/out" "^ada.ticket  ticket [0-9a-f]{12} for ada: worker-pool .*135 minutes"
expect_status 2 "$G" ticket "$B" --key team.key --candidate ada --minutes 135 -o ada.ticket
expect_in "$T/err" "already exists"
expect_status 0 "$G" ticket "$B" --key team.key --candidate bo -o bo.ticket
expect_status 0 "$G" ticket "$B" --key other.key --candidate ada -o ada-other.ticket
expect_status 0 "$G" ticket --list --key team.key
expect_in "$T/out" " ada +worker-pool .* 135 "
expect_in "$T/out" " bo +worker-pool "
[ "$(wc -l <team.tickets.jsonl)" -eq 2 ] || fail "team's ledger should hold 2 tickets"
expect_status 0 "$G" ticket --list --ledger team.tickets.jsonl --json
expect_in "$T/out" '"candidate":[[:space:]]*"bo"'
expect_not_in team.tickets.jsonl "content_key"
expect_status 2 "$G" ticket "$B" --key team.key
expect_in "$T/err" "missing --candidate"
expect_status 2 "$G" ticket "$B" --key team.key --candidate x --minutes 0
expect_status 2 "$G" ticket "$PROBLEM" --key team.key --candidate x -o x.ticket
expect_in "$T/err" "not a folder"

# A ticket with extra minutes: deadline = start + the ticket's minutes.
expect_status 0 "$G" start "$B" --ticket ada.ticket --pubkey team.pub --workspace s --no-screen
expect_in "$T/out" "ticket: +ada, 135 minutes"
python3 - "$T/s/.gauntlet/journal.jsonl" <<'EOF' || fail "the start entry does not follow from the ticket"
import json, sys
e = json.loads(open(sys.argv[1]).readline())
assert e["minutes"] == 135 and e["deadline"] == e["time"] + 135 * 60, e
assert e["ticket"]["candidate"] == "ada" and e["mode"] == "take-home" and e["format"] == 2, e
EOF
expect_status 0 "$G" submit --session s
A="$T/s/worker-pool-submission.tar.gz"
expect_status 0 "$G" verify "$A" --pubkey team.pub --candidate ada --bundle "$B"
expect_in "$T/out" "^valid: "
expect_in "$T/out" "^candidate: ada \(ticket [0-9a-f]{12}, 135 minutes\)"
expect_status 0 "$G" verify "$A"
expect_in "$T/out" "signature was not checked"
tar xzf "$A" submission.json
expect_in submission.json '"candidate":[[:space:]]*"ada"'
# The forger's tool changes nothing by itself: a re-chained copy verifies.
python3 "$FORGE" "$A" same.tar.gz || fail "forge.py failed"
expect_status 0 "$G" verify same.tar.gz --pubkey team.pub --candidate ada

# start refuses what it can see: another bundle, another key (with
# --pubkey), fields edited, a window not open yet or closed.
expect_status 2 "$G" start "$B2" --ticket ada.ticket --workspace x1 --no-screen
expect_in "$T/err" "ticket 'ada.ticket' is for another bundle"
expect_status 2 "$G" start "$B" --ticket ada-other.ticket --pubkey team.pub --workspace x2 --no-screen
expect_in "$T/err" "signed by key [0-9a-f]{16}, not by the team's key"
sed 's/"minutes":[[:space:]]*135/"minutes": 400/' ada.ticket >ada-edited.ticket
cmp -s ada.ticket ada-edited.ticket && fail "could not edit the ticket's minutes"
expect_status 2 "$G" start "$B" --ticket ada-edited.ticket --pubkey team.pub --workspace x3 --no-screen
expect_in "$T/err" "signature does not match its fields"
expect_status 0 "$G" ticket "$B" --key team.key --candidate cy --from +1h -o later.ticket
expect_status 2 "$G" start "$B" --ticket later.ticket --workspace x4 --no-screen
expect_in "$T/err" "is not valid yet"
expect_status 0 "$G" ticket "$B" --key team.key --candidate cy --from 2020-01-01 --until 2020-01-02T12:00Z -o old.ticket
expect_status 2 "$G" start "$B" --ticket old.ticket --workspace x5 --no-screen
expect_in "$T/err" "has expired: it may be started from 2020-01-01 00:00:00 UTC to 2020-01-02 12:00:00 UTC"
expect_status 2 "$G" start "$B" --ticket ada.ticket --mode mock --workspace x6 --no-screen
for d in x1 x2 x3 x4 x5 x6; do [ ! -e "$d/.gauntlet/journal.jsonl" ] || fail "a refused start left a session in $d"; done

# Each forgery is a finding of verify: exit 1, one line saying what.
forged() { # forged WANT-REGEX VERIFY-ARGS...
	local want=$1; shift
	expect_status 1 "$G" verify forged.tar.gz "$@"
	expect_in "$T/out" "forged.tar.gz: ticket: $want"
	expect_in "$T/out" "TAMPERED"
}
# A ticket signed by another key (start without --pubkey cannot tell).
expect_status 0 "$G" start "$B" --ticket ada-other.ticket --workspace s2 --no-screen
expect_status 0 "$G" submit --session s2
cp s2/worker-pool-submission.tar.gz forged.tar.gz
forged "not the team's: signed by key [0-9a-f]{16}, not by the team's key" --pubkey team.pub

# A ticket whose fields were edited after signing: 400 minutes instead of 135.
expect_status 0 "$G" start "$B" --ticket ada-edited.ticket --workspace s3 --no-screen
expect_status 0 "$G" submit --session s3
cp s3/worker-pool-submission.tar.gz forged.tar.gz
forged "not the team's: signature does not match its fields" --pubkey team.pub

# A ticket for another bundle: a session of B2 given ada's ticket for B.
expect_status 0 "$G" start "$B2" --workspace s4 --no-screen
expect_status 0 "$G" submit --session s4
python3 "$FORGE" s4/worker-pool-submission.tar.gz forged.tar.gz --start-ticket ada.ticket
forged "for another bundle" --pubkey team.pub --candidate ada
expect_status 1 "$G" verify forged.tar.gz --pubkey team.pub --quiet
[ "$(wc -l <"$T/out")" -eq 1 ] || { cat "$T/out"; fail "one forgery, one line"; }

# A session started outside the ticket's window: two days earlier.
python3 "$FORGE" "$A" forged.tar.gz --shift -172800
forged "the session started at .*, outside the ticket's window" --pubkey team.pub --candidate ada

# Another candidate's ticket swapped into submission.json only ...
python3 "$FORGE" "$A" forged.tar.gz --sub-ticket bo.ticket
forged "submission.json's ticket is not the one in the journal's start entry" --pubkey team.pub
# ... or into the journal too (re-chained): the ticket names bo, not ada.
python3 "$FORGE" "$A" forged.tar.gz --start-ticket bo.ticket
forged "issued to 'bo', not to 'ada'" --pubkey team.pub --candidate ada
# bo's ticket grants the problem's minutes, not ada's 135: the deadline
# the forger kept must follow from it, and does, so only the name tells.
expect_status 0 "$G" verify forged.tar.gz --pubkey team.pub --candidate bo
# A ticket whose minutes do not give the session's deadline.
python3 - "$A" <<'EOF' || fail "could not forge the minutes"
import hashlib, io, json, sys, tarfile
src = sys.argv[1]
files = {}
with tarfile.open(src, "r:gz") as tf:
    for m in tf.getmembers():
        if m.isfile():
            files[m.name] = tf.extractfile(m).read()
lines = [json.loads(l) for l in files["journal.jsonl"].decode().splitlines()]
lines[0]["minutes"] = 300
lines[0]["deadline"] = lines[0]["time"] + 300 * 60
lines[-1]["deadline"] = lines[0]["deadline"]
sub = json.loads(files["submission.json"])
sub["deadline"] = lines[0]["deadline"]
prev, out = "0" * 64, []
for i, e in enumerate(lines):
    e["prev"] = prev
    b = json.dumps(e, separators=(",", ":")).encode()
    prev = hashlib.blake2b(b, digest_size=32).hexdigest()
    out.append(b)
files["journal.jsonl"] = b"\n".join(out) + b"\n"
sub["journal"] = {"entries": len(lines), "head": prev}
files["submission.json"] = json.dumps(sub).encode()
with tarfile.open("forged.tar.gz", "w:gz") as tf:
    for n in sorted(files):
        ti = tarfile.TarInfo(n); ti.size = len(files[n]); ti.mode = 0o644
        tf.addfile(ti, io.BytesIO(files[n]))
EOF
forged "the session's minutes are not the ticket's 135" --pubkey team.pub

# Sessions without a ticket verify as before, with or without --pubkey.
expect_status 0 "$G" verify s4/worker-pool-submission.tar.gz --pubkey team.pub --candidate ada
expect_not_in "$T/out" "ticket"
exit 0
