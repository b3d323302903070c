#!/bin/bash
# make-real-data.sh — regenerate data/real-go and data/real-c: output
# folders of real batch gradings (the real graders, the sandbox, Go and
# gcc with ThreadSanitizer) that t0102-report-code.sh renders, so the code
# view is tested on the evidence the graders really write — Go race
# reports and goroutine stacks under -trimpath, panics in test messages,
# failures under -race, ThreadSanitizer frames, compiler errors — without
# grading for minutes in every test run.  Takes about two minutes.
# Usage: make-real-data.sh PATH-TO-GAUNTLET
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
g=${1:?usage: $0 PATH-TO-GAUNTLET}
export PATH=$PATH:/usr/local/go/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Go: the reference and four mutants of worker-pool (racy, leaky, a panic
# shown in test messages, test failures the race runs record too).
wp=$src/problems/worker-pool
mkdir "$work/go"
cp -r "$wp/reference" "$work/go/ref"
for m in racy-first-error leak-parent-watcher panic-as-string-error submit-ignores-cancel; do
	cp -r "$wp/reference" "$work/go/$m"
	cp "$wp/mutants/$m"/*.go "$work/go/$m/"
done
"$g" grade --bundle "$wp" "$work"/go/* -j 2 --quick --timeout 900 --report "$work/real-go"

# C: a data race under ThreadSanitizer, a compiler warning, a build error.
ch=$src/problems/c-parallel-histogram
mkdir "$work/c"
for m in sum-outside-lock format-mismatch; do
	mkdir "$work/c/$m"
	cp "$ch/mutants/$m"/*.c "$work/c/$m/"
done
mkdir "$work/c/broken"
cp "$ch/reference"/*.c "$work/c/broken/"
printf 'int broken( {\n' >>"$work/c/broken/histogram.c"
"$g" grade --bundle "$ch" "$work"/c/* -j 2 --quick --timeout 600 --report "$work/real-c"

for d in real-go real-c; do
	rm -rf "${here:?}/data/$d"
	mkdir -p "$here/data/$d"
	cp -r "$work/$d/batch.json" "$work/$d/starter" "$work/$d/submissions" "$here/data/$d/"
	# what the report is built from: meta.json, report.json, code/
	find "$here/data/$d/submissions" \( -name grade.log -o -name junit.xml \) -delete
	# No path of this machine in the stored reports: the bundle and the
	# submission as they are named in the source tree and in $work.
	python3 - "$here/data/$d" "$work" <<'PY'
import glob, re, sys
data, work = sys.argv[1], sys.argv[2]
for f in glob.glob(data + "/submissions/*/report.json"):
    s = open(f).read()
    t = re.sub(r'("bundle":\s*")[^"]*/(problems/[^"]+)"', r'\1\2"', s)
    t = t.replace('"' + work + '/', '"')
    if t != s:
        open(f, "w").write(t)
PY
done
echo "written: $here/data/real-go $here/data/real-c"
