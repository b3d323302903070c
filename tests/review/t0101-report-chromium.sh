#!/usr/bin/env bash
# report.html in a real browser (headless Chromium): the page is complete
# (the end marker, one leaderboard row per submission, the plots), renders
# to a non-blank screenshot, makes no network request (Chromium's net
# log), and hostile strings from submissions — <script>
# in candidate names, test names, test output, evidence — stay inert text:
# the page's title and DOM are what gauntlet wrote.
. "$(dirname "$0")/lib.sh"
command -v chromium >/dev/null || { echo "SKIP: chromium not installed (apt-get install chromium)"; exit 77; }

python3 "$R/synth.py" rep 24 --hostile --copies 3 --seed 5 || fail "synth.py failed"
expect_status 0 "$G" report build rep
expect_in "$T/out" '^24 submissions'

# Before any browser: one <script> element (ours), no event handler
# attribute, every hostile marker escaped.
[ "$(grep -c '<script' rep/report.html)" -eq 1 ] || fail "more than one <script> in report.html"
expect_not_in rep/report.html '<img'
expect_not_in rep/report.html '<[a-zA-Z][^>]* on[a-z]+='
expect_in rep/report.html '&lt;script&gt;alert\(&#39;name0&#39;\)'
expect_in rep/report.html 'Test&lt;script&gt;document.title'
expect_in rep/report.html '&lt;img src=x onerror=alert\(1\)&gt;'
expect_in rep/report.html 'code/&lt;script&gt;alert\(&#39;finding&#39;\)&lt;/script&gt;'
expect_not_in rep/report.html 'https?://'
expect_in rep/report.html "Content-Security-Policy"

chrome --dump-dom --log-net-log="$T/net.json" "file://$T/rep/report.html" >dom.html ||
	{ tail chrome.err; fail "chromium --dump-dom failed"; }
# The page asks for nothing on the network (no font, script, image or
# style from anywhere).  The check is proved on a page that does ask.
printf '<!DOCTYPE html><img src="http://192.0.2.1/x.png"><link rel=stylesheet href="https://192.0.2.1/a.css">' >control.html
chrome --dump-dom --log-net-log="$T/net-control.json" "file://$T/control.html" >/dev/null ||
	{ tail chrome.err; fail "chromium failed on the control page"; }
[ "$(page_requests net-control.json | wc -l)" -ge 2 ] || fail "the net log check does not see a page's requests"
page_requests net.json >requests.txt || fail "cannot read Chromium's net log"
[ ! -s requests.txt ] || { cat requests.txt; fail "report.html made network requests"; }
chrome --screenshot="$T/shot.png" --window-size=1280,2000 "file://$T/rep/report.html" >/dev/null ||
	{ tail chrome.err; fail "chromium --screenshot failed"; }
python3 - dom.html rep/leaderboard.json <<'PY' || fail "the rendered page is incomplete or was tampered with"
import json, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
board = json.load(open(sys.argv[2]))
assert 'id="report-end"' in dom, "no end marker: the page did not render to the end"
# Injected scripts would have changed the title or added nodes.
title = re.search(r"<title>(.*?)</title>", dom, re.S).group(1)
assert title.startswith("Bounded worker pool"), title
assert "pwned" not in title
assert "<img" not in dom, "an <img> got into the DOM"
assert dom.count("<script") == 1, "a foreign <script> element is in the DOM"
tbody = re.search(r'<table class="board" id="board">.*?<tbody>(.*?)</tbody>', dom, re.S).group(1)
rows = tbody.count("<tr>")
assert rows == len(board["entries"]) == 24, (rows, len(board["entries"]))
# Plots: the histogram, and per graded candidate with data a benchmark
# plot and a timeline; the similarity pairs with code side by side.
svgs = dom.count("<svg")
graded_bench = sum(1 for e in board["entries"] if e["graders"].get("bench", {}).get("verdict") in ("pass", "fail"))
assert svgs >= 1 + graded_bench + 20, (svgs, graded_bench)
assert dom.count('aria-label="benchmark ratios"') == graded_bench
assert dom.count('aria-label="session timeline"') == 24
# The integrity warning comes first and lists every tampered submission,
# its hostile findings as text.
tampered = [e for e in board["entries"] if e["integrity"]["verdict"] == "tampered"]
w = dom.index('id="integrity"')
assert w < dom.index('id="leaderboard"') and len(tampered) == 6, len(tampered)
assert ("%d submissions did not verify" % len(tampered)) in dom[w:w + 300]
assert dom.count('class="v v-tampered"') == 3 * len(tampered)  # block, board, card
assert board["counts"]["similar_pairs"] >= 3, board["counts"]
assert dom.count('class="card pair"') == board["counts"]["similar_pairs"]
assert "&lt;script&gt;alert('name0')&lt;/script&gt;" in dom
PY
read -r w h colours frac < <(python3 "$R/png.py" stats shot.png 700) || fail "screenshot is not a PNG"
[ "$w" -eq 1280 ] || fail "screenshot width $w"
[ "$colours" -ge 20 ] || fail "screenshot looks blank ($colours colours)"
python3 -c "import sys; sys.exit(0 if float('$frac') > 0.3 else 1)" || fail "screenshot is mostly background ($frac)"
exit 0
