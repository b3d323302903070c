# lib.sh — helpers of the review tests, on top of the e2e ones: the
# scripted grader, submissions in the shapes candidates hand in.
R=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$R/../e2e/lib.sh"
SRC=${GAUNTLET_SOURCE_DIR:-$(cd "$R/../.." && pwd)}
PROBLEM=$SRC/problems/worker-pool
FAKE=$R/fake-grader.sh

# sealed NAME CODE-TEXT [LATE]: NAME.tar.gz shaped like a sealed submission
# (submission.json, journal.jsonl, code/pool.go).
sealed() {
	local name=$1 code=$2 late=${3:-false} d
	d=$(mktemp -d "$T/sealed.XXXXXX")
	mkdir -p "$d/code"
	printf '%s\n' "$code" >"$d/code/pool.go"
	local t0=1790000000 over=0
	[ "$late" = true ] && over=125
	cat >"$d/submission.json" <<JSON
{"format": 1, "problem": {"id": "worker-pool", "title": "Bounded worker pool", "version": "1.0.0"},
 "mode": "take-home", "started": $t0, "deadline": $((t0 + 2700)), "submitted": $((t0 + 2700 + over)),
 "late": $late, "overrun_s": $over}
JSON
	cat >"$d/journal.jsonl" <<JSON
{"seq":1,"prev":"0","type":"start","time":$t0,"deadline":$((t0 + 2700))}
{"seq":2,"prev":"1","type":"test","time":$((t0 + 600)),"status":"build-failed","passed":0,"failed":0,"skipped":0}
{"seq":3,"prev":"2","type":"test","time":$((t0 + 1200)),"status":"ok","passed":2,"failed":2,"skipped":0}
{"seq":4,"prev":"3","type":"test","time":$((t0 + 2000)),"status":"ok","passed":4,"failed":0,"skipped":0}
{"seq":5,"prev":"4","type":"submit","time":$((t0 + 2700 + over)),"late":$late,"overrun_s":$over}
JSON
	# The same bytes every run: a submission's shard is a function of its
	# hash, so the tests that split a batch must not depend on the clock.
	tar -C "$d" --sort=name --mtime=@$t0 --owner=0 --group=0 --numeric-owner \
		-cf - submission.json journal.jsonl code | gzip -n >"$name.tar.gz"
	rm -rf "$d"
}

# pool_code SEED: distinct Go code per seed (a different structure, not just names).
pool_code() {
	python3 - "$1" <<'PY'
import random, sys
r = random.Random(int(sys.argv[1]))
def expr(d=0):
    if d > 2 or r.random() < 0.3:
        return r.choice(["n", "len(jobs)", str(r.randint(0, 99)), "cap(jobs)"])
    return "(%s %s %s)" % (expr(d + 1), r.choice("+-*^|&%"), expr(d + 1))
def block(ind, depth):
    out = []
    for _ in range(r.randint(1, 4) if depth else r.randint(10, 16)):
        c = r.randrange(7 if depth < 2 else 4)
        if c == 0: out.append(ind + "n = " + expr())
        elif c == 1: out.append(ind + "_ = fn(ctx, " + expr() + ")")
        elif c == 2: out += [ind + "if err := fn(ctx, %s); err != nil {" % expr(), ind + "\treturn err", ind + "}"]
        elif c == 3: out += [ind + "select {", ind + "case <-ctx.Done():", ind + "\treturn ctx.Err()", ind + "default:", ind + "}"]
        elif c == 4: out += [ind + "for i := 0; i < %s; i++ {" % expr()] + block(ind + "\t", depth + 1) + [ind + "}"]
        elif c == 5: out += [ind + "if n > %s {" % expr()] + block(ind + "\t", depth + 1) + [ind + "} else {"] + block(ind + "\t", depth + 1) + [ind + "}"]
        else: out += [ind + "for _, j := range jobs {", ind + "\tn += j"] + block(ind + "\t", depth + 1) + [ind + "}"]
    return out
lines = ["package pool", "", "import \"context\"", "",
         "func Run(ctx context.Context, n int, jobs []int, fn func(context.Context, int) error) error {"]
lines += block("\t", 0) + ["\treturn nil", "}"]
print("\n".join(lines))
PY
}

# board FILE: "candidate status score" per entry of leaderboard.json.
board() {
	python3 -c '
import json, sys
for e in json.load(open(sys.argv[1]))["entries"]:
    print(e["candidate"], e["status"], e["score"])' "$1"
}

# chrome ARGS...: headless Chromium with a fresh profile and no extras
# (its complaints go to chrome.err).
chrome() {
	local prof
	prof=$(mktemp -d "$T/profile.XXXXXX")
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$prof" "$@" 2>>chrome.err
}

# page_requests NETLOG: the network requests a page made, one URL a line,
# from Chromium's net log (chrome --log-net-log=NETLOG ...): every request
# the page initiated (a file: page's origin is "null"), whether or not it
# got through.  Chromium's own background requests ("not an origin") are
# not the page's.
page_requests() {
	python3 - "$1" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
for ev in log["events"]:
    p = ev.get("params") or {}
    if names.get(ev["type"]) != "URL_REQUEST_START_JOB" or "url" not in p:
        continue
    if p.get("initiator", "") != "not an origin" or "file:" in p.get("network_isolation_key", ""):
        print(p["url"])
PY
}
