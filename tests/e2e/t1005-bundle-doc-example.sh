#!/usr/bin/env bash
# The worked example of docs/bundle-format.md is a valid problem: rebuilt
# from the blocks marked "<!-- file: PATH... -->", it packs, its public
# bundle holds exactly the public files, and its assessment example reads.
D=$(cd "$(dirname "$0")" && pwd)
. "$D/lib.sh"
doc=${GAUNTLET_SOURCE_DIR:?}/docs/bundle-format.md
command -v python3 >/dev/null || { echo "skipped: no python3"; exit 77; }
python3 - "$doc" sum <<'EOF' || fail "cannot rebuild the example"
import os, re, sys
text = open(sys.argv[1]).read()
n = 0
for m in re.finditer(r"<!-- file: ([^>]*) -->\n(`{3,})[a-z]*\n(.*?)\n\2\n", text, re.S):
    for path in m.group(1).split():
        full = os.path.join(sys.argv[2], path)
        os.makedirs(os.path.dirname(full) or ".", exist_ok=True)
        open(full, "w").write(m.group(3) + "\n")
        n += 1
sys.exit(0 if n >= 10 else 1)
EOF
expect_status 0 "$G" pack sum -o dist
expect_status 0 "$G" inspect dist/sum.public.tar.gz
expect_in "$T/out" '^problem:    sum 1\.0\.0 "Sum of a slice"'
expect_in "$T/out" 'graders: correctness 60 bench 30 vet 10'
tar tzf dist/sum.public.tar.gz | grep -v '/$' | sort | tr '\n' ' ' >files
[ "$(cat files)" = "problem.json starter/go.mod starter/sum.go statement.md tests/public/public_test.go " ] ||
	fail "public files: $(cat files)"

# The assessment example, around two copies of the problem.
mkdir -p backend-senior
cp -r sum backend-senior/worker-pool
cp -r sum backend-senior/http-middleware
sed -i 's/"id": "sum"/"id": "sum-two"/' backend-senior/http-middleware/problem.json
python3 - "$doc" backend-senior/assessment.json <<'EOF' || fail "no assessment example"
import re, sys
m = re.search(r'```json\n(\{\n  "format": 1,\n  "id": "backend-senior".*?\n\})\n```', open(sys.argv[1]).read(), re.S)
open(sys.argv[2], "w").write(m.group(1) + "\n")
EOF
expect_status 0 "$G" pack backend-senior -o dist
expect_status 0 "$G" inspect dist/backend-senior.public.tar.gz
expect_in "$T/out" '^kind:       public assessment'
expect_in "$T/out" 'assessment: backend-senior "Senior Go backend, 2 hours", 120 minutes, 2 problems'
expect_in "$T/out" 'worker-pool/tests/public/public_test.go'
expect_not_in "$T/out" 'hidden|reference|mutants|bench_test'
expect_status 0 "$G" inspect dist/backend-senior.grading.tar.gz --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["kind"]=="grading" and len(d["problems"])==2 and d["assessment"]["minutes"]==120' "$T/out" ||
	fail "inspect --json of the assessment"
# Two problems with one id: refused when packing, and when opening a
# bundle made by hand.
sed -i 's/"id": "sum-two"/"id": "sum"/' backend-senior/http-middleware/problem.json
expect_status 2 "$G" pack backend-senior -o dist2
expect_in "$T/err" 'assessment.json: problems\[1\]: problem id "sum" is used twice'
tar czf hand.tar.gz -C backend-senior .
expect_status 2 "$G" inspect hand.tar.gz
expect_in "$T/err" 'problem id "sum" is used twice'
exit 0
