#!/usr/bin/env bash
# The candidates' code in report.html, in headless Chromium, on the output
# of real gradings (data/real-go: worker-pool's reference and racy, leaky,
# panicking and failing mutants; data/real-c: a ThreadSanitizer race, a
# warning, a build error; made by make-real-data.sh) plus a candidate whose
# file names and code are markup.  Every candidate's files are on their
# card, diffed against the starter; exactly the lines of their files that
# the evidence names (race reports, goroutine stacks, panics in test
# messages, TSan frames, compiler output) are marked, linked from the
# evidence and back; the race grader shows no failed tests of its own;
# similar pairs come strongest first; the page makes no network request;
# a screenshot shows the marked lines.
. "$(dirname "$0")/lib.sh"
command -v chromium >/dev/null || { echo "SKIP: chromium not installed (apt-get install chromium)"; exit 77; }

cp -r "$R/data/real-go" go
cp -r "$R/data/real-c" c
# mallory: ref's grading, code whose names and contents are made to break
# the page, a race report naming one of her lines.
python3 - go <<'PY' || fail "cannot add the hostile candidate"
import hashlib, json, os, shutil, sys
root = sys.argv[1]
subs = os.path.join(root, "submissions")
ref = next(d for d in os.listdir(subs)
           if json.load(open(os.path.join(subs, d, "meta.json")))["candidate"] == "ref")
sha = hashlib.sha256(b"mallory").hexdigest()
d = os.path.join(subs, sha)
shutil.copytree(os.path.join(subs, ref), d)
meta = json.load(open(os.path.join(d, "meta.json")))
meta.update(sha256=sha, candidate="<script>alert('mallory')</script>", source="mallory")
json.dump(meta, open(os.path.join(d, "meta.json"), "w"))
rep = json.load(open(os.path.join(d, "report.json")))
for g in rep["graders"]:
    if g["name"] == "race":
        g.update(verdict="fail", score=0, summary="1 data race report",
                 evidence="==================\nWARNING: DATA RACE\n  workerpool.x()\n"
                          "      workerpool/pool.go:3 +0x1\n</pre><script>alert('ev')</script>\n==================\n")
json.dump(rep, open(os.path.join(d, "report.json"), "w"))
with open(os.path.join(d, "code", "pool.go"), "a") as f:
    f.write("// </pre></details></article><script>alert('code')</script>\n")
with open(os.path.join(d, "code", "<script>alert(1)<.go"), "w") as f:
    f.write("package workerpool\n\nconst s = \"</pre><img src=x onerror=alert(2)>\"\n")
PY
expect_status 0 "$G" report build go
expect_status 0 "$G" report build c

for b in go c; do
	chrome --dump-dom --log-net-log="$T/net-$b.json" "file://$T/$b/report.html" >"$b.dom" ||
		{ tail chrome.err; fail "chromium --dump-dom failed on $b"; }
	page_requests "net-$b.json" >"requests-$b.txt" || fail "cannot read Chromium's net log"
	[ ! -s "requests-$b.txt" ] || { cat "requests-$b.txt"; fail "$b/report.html made network requests"; }
done

# The DOM: the expected marked lines are computed from the reports apart
# from gauntlet (a reference of the candidate's file, bare, after ./, the
# module path or a grading's staging folder; the problem's tests and the
# standard library are not the candidate's).
cat >check.py <<'PY'
import html, json, os, re, sys
root, dom_path = sys.argv[1], sys.argv[2]
dom = open(dom_path, encoding="utf-8").read()
board = json.load(open(os.path.join(root, "leaderboard.json")))
ids = set(re.findall(r' id="([^"]+)"', dom))
for href in re.findall(r'href="#([^"]*)"', dom):
    assert href in ids, "a link to a missing id: #" + href
assert dom.count("<script") == 1, "a foreign <script> is in the DOM"
assert "<img" not in dom and "onerror" not in re.sub(r"&lt;img src=x onerror", "", dom)
assert "build errors and crashes" not in dom
assert not re.search(r"<summary>race: \d+ of \d+ tests failed", dom), "race shows failed tests"
assert "report-end" in dom

def enc(name):
    return "".join(c if re.match(r"[A-Za-z0-9.-]", c) else "_%02x" % b
                   for c in name for b in c.encode())

def card(sha):
    m = re.search(r'<article class="card" id="c-%s">(.*?)</article>' % sha[:16], dom, re.S)
    assert m, "no card for " + sha
    return m.group(1)

starter = set()
for dp, _, fs in os.walk(os.path.join(root, "starter")):
    for f in fs:
        starter |= {l.strip() for l in open(os.path.join(dp, f), errors="replace") if l.strip()}

def refs(text, files, module):
    out = set()
    for m in re.finditer(r"([A-Za-z0-9._+/@~-]+):(\d+)", text or ""):
        path, line = m.group(1), int(m.group(2))
        for f in files:
            if path == f or path == "./" + f or path == module + "/" + f or \
               re.fullmatch(r"/.*/gauntlet-grade-[^/]+/src/" + re.escape(f), path):
                out.add((f, line))
    return out

marked_total = 0
for e in board["entries"]:
    sha, d = e["sha256"], os.path.join(root, "submissions", e["sha256"])
    c = card(sha)
    code = os.path.join(d, "code")
    files = sorted(os.path.relpath(os.path.join(dp, f), code) for dp, _, fs in os.walk(code) for f in fs)
    assert 'class="codeview"' in c, e["candidate"]
    for f in files:
        assert "<code>%s</code>" % html.escape(f) in c, (e["candidate"], f)
    lines = {f: open(os.path.join(code, f), errors="replace").read().count("\n") for f in files}
    module = ""
    if "go.mod" in files:
        module = re.search(r"^module\s+(\S+)", open(os.path.join(code, "go.mod")).read(), re.M).group(1)
    rep = json.load(open(os.path.join(d, "report.json")))
    gr = {g["name"]: g for g in rep.get("graders", [])}
    want = set()
    for name, g in gr.items():
        ev = g.get("evidence") or ""
        tests_failed = [t for t in g.get("tests") or [] if t["status"] not in ("pass", "skip")]
        if name == "correctness" and tests_failed:
            for t in tests_failed:
                want |= refs(t.get("output"), files, module)
        else:
            want |= refs(ev, files, module)
    want = {(f, n) for f, n in want if 1 <= n <= lines[f]}
    got = set(re.findall(r'<span class="L [au] hit" id="c-%s-([^"]+)-L(\d+)">' % sha[:16], c))
    assert got == {(enc(f), str(n)) for f, n in want}, (e["candidate"], sorted(got), sorted(want))
    for f, n in want:
        lid = "c-%s-%s-L%d" % (sha[:16], enc(f), n)
        # evidence -> line, and line -> evidence
        assert re.search(r'<a class="ref" id="r-%s-\d+" href="#%s">' % (sha[:16], lid), c), lid
        back = re.search(r'id="%s"><span class="refs">((?:<a [^>]*>[^<]*</a>)+)' % lid, c).group(1)
        for r in re.findall(r'href="#(r-[^"]+)"', back):
            assert r in ids, r
    marked_total += len(want)
    # sections only where they apply
    summaries = [(g, w) for g, w in re.findall(r"<summary>(\w+): ([^<]*)", c) if g in gr]
    for g, what in summaries:
        v = gr[g]["verdict"]
        if "tests failed" in what:
            assert g == "correctness" and v != "pass", (e["candidate"], g, what)
        if what == "race reports":
            assert v == "fail", (e["candidate"], what)
        if what == "build errors":
            assert v == "fail" and not gr[g].get("tests"), (e["candidate"], g)
    if gr.get("race", {}).get("verdict") == "pass" and "did not pass under -race" in gr["race"]["summary"]:
        assert any("did not pass under -race (test failures, not data races" in w for _, w in summaries), e["candidate"]
    print(e["candidate"], "marked:", sorted(want))
assert marked_total >= 3, marked_total

# similar pairs strongest first; each row's chips in the same order
shares = [max(int(a), int(b)) for a, b in
          re.findall(r'<p class="meta">(\d+)% of the first one.s fingerprints occur in the second, (\d+)%', dom)]
assert shares == sorted(shares, reverse=True) and shares, shares
order = re.findall(r'<article class="card pair" id="(pair-\d+)">', dom)
# leaderboard.json lists the pairs and each entry's similar_to in the same order
js = [round(max(p["share_a"], p["share_b"]) * 100) for p in board["similar_pairs"]]
assert js == sorted(js, reverse=True), js
for e in board["entries"]:
    sh = [s["share"] for s in e["similar_to"]]
    peers = [max(p["share_a"], p["share_b"]) for p in board["similar_pairs"]
             if e["sha256"] in (p["a"], p["b"])]
    assert len(sh) == len(peers), (e["candidate"], sh, peers)
tbody = re.search(r'<tbody>(.*?)</tbody>', dom, re.S).group(1)
for row in re.findall(r"<tr>(.*?)</tr>", tbody, re.S):
    chips = re.findall(r'class="flag" href="#(pair-\d+)"', row)
    assert chips == [p for p in order if p in chips], chips
# excerpts neither start nor end on a line the starter has
for pre in re.findall(r'<pre class="ex">(.*?)</pre>', dom, re.S):
    rows = [html.unescape(re.sub(r"<[^>]+>", "", l)) for l in pre.split("\n") if l]
    for l in (rows[0], rows[-1]):
        text = re.sub(r"^\s*\d+ ", "", l).strip()
        assert text and text not in starter, "an excerpt ends on a starter line: " + text
print("ok", len(board["entries"]), "cards,", marked_total, "marked lines,", len(shares), "pairs")
PY
python3 check.py go go.dom >check-go.txt || { cat check-go.txt; fail "the Go report's code view is wrong"; }
python3 check.py c c.dom >check-c.txt || { cat check-c.txt; fail "the C report's code view is wrong"; }
cat check-go.txt check-c.txt
# Hostile names and code stay text.
grep -q "&lt;script&gt;alert(1)&lt;.go" go.dom || fail "the hostile file name is not shown as text"
grep -q "&lt;/pre&gt;&lt;/details&gt;&lt;/article&gt;&lt;script&gt;alert(&#39;code&#39;)" go.dom ||
	grep -q "&lt;/pre&gt;&lt;/details&gt;&lt;/article&gt;&lt;script&gt;alert('code')" go.dom ||
	fail "the hostile code is not shown as text"
grep -q "racy-first-error" check-go.txt && grep -q "racy-first-error marked: \[('pool.go'" check-go.txt ||
	fail "the racy candidate has no marked line"
grep -q "leak-parent-watcher marked: \[('pool.go'" check-go.txt || fail "the leaky candidate has no marked line"
grep -q "panic-as-string-error marked: \[('pool.go'" check-go.txt || fail "the panic's lines are not marked"
grep -q "sum-outside-lock marked: \[('histogram.c'" check-c.txt || fail "the TSan report's lines are not marked"
grep -q "broken marked: \[('histogram.c'" check-c.txt || fail "the build error's line is not marked"

# A line's link back to evidence in a collapsed block (the failures under
# -race of a race pass) opens the block: Chromium opens a <details> that
# holds the target of the page's fragment.
ref=$(python3 -c '
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<details><summary>race: test runs that did not pass under -race \(test failures.*?</details>", dom, re.S)
print(re.search(r"<a class=\"ref\" id=\"(r-[0-9a-f]+-\d+)\"", m.group(0)).group(1))' go.dom) ||
	fail "no linked reference in a collapsed block"
grep -q "href=\"#$ref\"" go.dom || fail "no line links back to $ref"
chrome --dump-dom "file://$T/go/report.html#$ref" >go-ref.dom || { tail chrome.err; fail "chromium --dump-dom failed"; }
python3 -c '
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
i = dom.index("id=\"%s\"" % sys.argv[2])
opened = dom.rfind("<details", 0, i)
assert dom.startswith("<details open", opened), dom[opened:opened + 80]' go-ref.dom "$ref" ||
	fail "following a link back to the evidence does not open its block"

# Following a link from the evidence brings the line into view (a page of
# our own, allowed to look into the report in a frame, says where it is).
line=$(grep -o 'href="#c-[0-9a-f]\{16\}-pool.go-L[0-9]*"' go.dom | tail -1 | sed 's/^href="#//; s/"$//')
[ -n "$line" ] || fail "no link to a line in the Go report"
cat >frame.html <<HTML
<!DOCTYPE html><iframe id="f" style="width:1000px;height:700px" src="go/report.html#$line"></iframe><pre id="out">-</pre>
<script>document.getElementById("f").onload = function () { setTimeout(function () {
var d = document.getElementById("f").contentDocument, t = d.getElementById("$line");
document.getElementById("out").textContent = "top=" + Math.round(t.getBoundingClientRect().top) +
" y=" + Math.round(d.defaultView.scrollY); }, 300); };</script>
HTML
chrome --allow-file-access-from-files --virtual-time-budget=5000 --dump-dom "file://$T/frame.html" >frame.dom ||
	{ tail chrome.err; fail "chromium failed on the frame page"; }
read -r top y < <(sed -n 's/.*<pre id="out">top=\(-\?[0-9]*\) y=\([0-9]*\)<.*/\1 \2/p' frame.dom)
echo "line $line: top=${top:-?} y=${y:-?}"
[ -n "${top:-}" ] && [ "$top" -ge 0 ] && [ "$top" -lt 700 ] && [ "$y" -gt 0 ] ||
	{ grep -o '<pre id="out">[^<]*' frame.dom; fail "following #$line does not bring the line into view"; }

# The screenshot: the racy candidate's page alone, tall enough to hold it
# all; its marked lines show as bands of the marked-line colour (#4d1f12),
# one line high (12.5 px x 1.45) each.
mkdir -p racy/submissions
cp -r go/batch.json go/starter racy/
racy=$(grep -l '"racy-first-error"' go/submissions/*/meta.json | xargs dirname)
cp -r "$racy" racy/submissions/
expect_status 0 "$G" report build racy
chrome --screenshot="$T/racy.png" --window-size=1280,7000 "file://$T/racy/report.html" >/dev/null ||
	{ tail chrome.err; fail "chromium --screenshot failed"; }
want=$(grep -c '<span class="L [au] hit"' racy/report.html)
[ "$want" -ge 3 ] || fail "want at least 3 marked lines in the racy report, found $want"
python3 - "$R" racy.png "$want" <<'PY' || fail "the screenshot does not show the marked lines"
import sys
sys.path.insert(0, sys.argv[1])
import png
w, h, bpp, rows = png.decode(sys.argv[2])
want = int(sys.argv[3])
def has(row, rgb):
    return any(row[x:x + 3] == rgb for x in range(0, w * bpp, bpp))
hit = bytes([0x4d, 0x1f, 0x12])
marked = [y for y in range(h) if has(rows[y], hit)]
assert rows[-1] == rows[-2] and not has(rows[-1], hit), "the page is taller than the screenshot"
lines = len(marked) / (12.5 * 1.45)
print("marked rows", len(marked), "= %.1f lines, want %d" % (lines, want))
assert abs(lines - want) < 0.6, (lines, want)
# highlighting shows: keywords in orange (#ff9d5c, give or take the
# glyphs' anti-aliasing) on the code
def near(row, rgb):
    return any(abs(row[x] - rgb[0]) + abs(row[x + 1] - rgb[1]) + abs(row[x + 2] - rgb[2]) < 24
               for x in range(0, w * bpp, bpp))
assert sum(near(rows[y], (0xff, 0x9d, 0x5c)) for y in range(0, h, 3)) > 20, "no highlighted keyword"
PY
exit 0
