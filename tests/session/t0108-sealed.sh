#!/bin/bash
# Sealed bundles: the public bundle shows only a cover until a ticket opens
# it.  Neither the statement nor the starter can be found in it, in any
# form (raw, inside the decompressed archive, compressed on their own); the
# same search finds them in an unsealed bundle.  The content key reaches the
# candidate only in the ticket: never in the journal, the archive or the
# team's ledger.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "skip: no python3 to search the bundles"; exit 77; }

expect_status 0 "$G" keygen -o team
expect_status 0 "$G" keygen -o other
expect_status 2 "$G" pack "$PROBLEM" -o bad --sealed
expect_in "$T/err" "--sealed needs --sign KEY"
expect_status 0 "$G" pack "$PROBLEM" -o dist --sign team.key --sealed
expect_in "$T/out" "public, .* sealed, signed"
expect_status 0 "$G" pack "$PROBLEM" -o plain --public-only
S="$T/dist/worker-pool.public.tar.gz"
P="$T/plain/worker-pool.public.tar.gz"
# Sealing is reproducible too: the same folder, the same bytes.
expect_status 0 "$G" pack "$PROBLEM" -o dist-again --sign team.key --sealed --public-only
cmp -s "$S" dist-again/worker-pool.public.tar.gz || fail "sealing the same folder twice gave different bytes"

# search.py BUNDLE: exit 1 when a fragment of the statement or the starter
# is found anywhere in it.
cat >search.py <<'EOF'
import bz2, gzip, lzma, io, json, os, sys, tarfile, zlib
bundle, problem = sys.argv[1], sys.argv[2]
title = json.load(open(os.path.join(problem, "problem.json")))["title"]
frags = []
for f in ("statement.md", "starter/pool.go", "starter/go.mod"):
    data = open(os.path.join(problem, f), "rb").read()
    for line in data.splitlines():
        s = line.strip()
        if len(s) >= 24 and title.encode() not in s:
            frags.append((f, s[:40]))
    # the file compressed on its own: raw deflate, zlib, xz, bz2 bodies
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    frags.append((f + " (deflate)", (co.compress(data) + co.flush())[:32]))
    frags.append((f + " (xz)", lzma.compress(data, format=lzma.FORMAT_RAW,
                  filters=[{"id": lzma.FILTER_LZMA2}])[:32]))
    frags.append((f + " (bz2)", bz2.compress(data)[10:42]))
raw = open(bundle, "rb").read()
blobs = {"the bundle file": raw}
def unpack(name, data):
    for how, fn in (("gunzip", gzip.decompress), ("unxz", lzma.decompress), ("bunzip2", bz2.decompress)):
        try:
            blobs[f"{name} ({how})"] = fn(data)
        except Exception:
            pass
unpack("the bundle file", raw)
for name, data in list(blobs.items()):
    try:
        with tarfile.open(fileobj=io.BytesIO(data)) as tf:
            for m in tf.getmembers():
                if m.isfile():
                    b = tf.extractfile(m).read()
                    blobs[m.name] = b
                    unpack(m.name, b)
    except tarfile.TarError:
        pass
found = 0
for where, data in blobs.items():
    for f, s in frags:
        if s in data:
            print(f"{f}: {s[:24]!r} found in {where}")
            found += 1
print(f"{len(frags)} fragments, {len(blobs)} places searched, {found} found")
sys.exit(1 if found else 0)
EOF
python3 search.py "$P" "$PROBLEM" >plain.txt && { cat plain.txt; fail "the search finds nothing in an unsealed bundle: it proves nothing"; }
python3 search.py "$S" "$PROBLEM" >sealed.txt || { cat sealed.txt; fail "the sealed bundle shows its statement or starter"; }
expect_in sealed.txt " 0 found"

# inspect shows the cover.
expect_status 0 "$G" inspect "$S" --pubkey team.pub
expect_in "$T/out" "^kind: +sealed public problem"
expect_in "$T/out" "^signature: +valid"
expect_in "$T/out" "Bounded worker pool"
expect_in "$T/out" "go, .*, 45 minutes"
expect_in "$T/out" "graders: correctness [0-9]"
expect_in "$T/out" "open with a ticket"
expect_status 0 "$G" inspect "$S" --json
expect_in "$T/out" '"sealed":[[:space:]]*true'
expect_in "$T/out" '"seal_id":'

# Without a ticket the bundle does not open.
expect_status 2 "$G" start "$S" --workspace s0 --no-screen
expect_in "$T/err" "sealed bundle: it opens with a ticket"
expect_status 2 "$G" unpack "$S" -o u0
# A ticket of another key carries a key that does not open it.
expect_status 2 "$G" ticket "$S" --key other.key --candidate ada -o other.ticket
expect_in "$T/err" "not sealed with this key"

expect_status 0 "$G" ticket "$S" --key team.key --candidate ada --minutes 60 -o ada.ticket
expect_in "$T/out" "opens the sealed bundle"
expect_in ada.ticket '"content_key":'
key=$(sed -n 's/.*"content_key":[[:space:]]*"\([^"]*\)".*/\1/p' ada.ticket)
[ -n "$key" ] || fail "no content key in the ticket"
# A wrong content key is refused.
python3 - <<'EOF'
import base64, json
t = json.load(open("ada.ticket"))
t["content_key"] = base64.b64encode(bytes(32)).decode()
json.dump(t, open("wrongkey.ticket", "w"))
EOF
expect_status 2 "$G" start "$S" --ticket wrongkey.ticket --workspace s1 --no-screen
expect_in "$T/err" "content key does not open this sealed bundle"
# A cover changed after sealing (more minutes shown) does not open either:
# the cover is the cipher's additional data.
mkdir cov && tar xzf "$S" -C cov
sed -i 's/"minutes":[[:space:]]*45/"minutes": 90/' cov/sealed.json
grep -q '"minutes": 90' cov/sealed.json || fail "could not edit the cover"
(cd cov && tar czf "$T/recovered.tar.gz" sealed.bin sealed.json)
expect_status 2 "$G" start "$T/recovered.tar.gz" --ticket ada.ticket --workspace s1 --no-screen
expect_in "$T/err" "content key does not open this sealed bundle"

expect_status 0 "$G" start "$S" --ticket ada.ticket --pubkey team.pub --workspace s --no-screen
# (the session's copy states the session's minutes: that line aside)
diff <(grep -v "Time budget" s/statement.md) <(grep -v "Time budget" "$PROBLEM/statement.md") >&2 ||
	fail "the opened statement differs from the problem's"
cmp -s s/code/pool.go "$PROBLEM/starter/pool.go" || fail "the opened starter differs from the problem's"
expect_status 0 "$G" submit --session s
A="$T/s/worker-pool-submission.tar.gz"
expect_status 0 "$G" verify "$A" --pubkey team.pub --candidate ada --bundle "$S"
expect_in "$T/out" "^candidate: ada"
# The key is in the ticket only.
for f in s/.gauntlet/journal.jsonl team.tickets.jsonl; do
	expect_not_in "$f" "$key"
	expect_not_in "$f" "content_key"
done
mkdir x && tar xzf "$A" -C x
! grep -rqF -- "$key" x || fail "the submission archive holds the content key"
# The grading bundle answers for the session as before.
expect_status 0 "$G" verify "$A" --bundle dist/worker-pool.grading.tar.gz --pubkey team.pub --candidate ada
exit 0
