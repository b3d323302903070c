#!/usr/bin/env bash
# report.html in a real browser (headless Chromium): the page is complete
# (the end marker, one leaderboard row per submission, the plots), renders
# to a non-blank screenshot, and hostile strings from submissions — <script>
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
expect_not_in rep/report.html 'https?://'
expect_in rep/report.html "Content-Security-Policy"

chrome() { # chromium with a fresh profile, no network and no extras
	local prof
	prof=$(mktemp -d "$T/profile.XXXXXX")
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$prof" "$@" 2>>chrome.err
}
chrome --dump-dom "file://$T/rep/report.html" >dom.html || { tail chrome.err; fail "chromium --dump-dom failed"; }
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
assert board["counts"]["similar_pairs"] >= 3, board["counts"]
assert dom.count('class="card pair"') == board["counts"]["similar_pairs"]
assert "&lt;script&gt;alert('name0')&lt;/script&gt;" in dom
PY
read -r w h colours frac < <(python3 "$R/png.py" stats shot.png 700) || fail "screenshot is not a PNG"
[ "$w" -eq 1280 ] || fail "screenshot width $w"
[ "$colours" -ge 20 ] || fail "screenshot looks blank ($colours colours)"
python3 -c "import sys; sys.exit(0 if float('$frac') > 0.3 else 1)" || fail "screenshot is mostly background ($frac)"
exit 0
