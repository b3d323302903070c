#!/bin/bash
# make-seeds.sh — regenerate the parser test inputs (data/*.txt, also the
# seeds of the parsers' fuzz targets, tests/fuzz/CMakeLists.txt) from real
# Go test binaries built from seedsrc/.
# Usage: make-seeds.sh [GO]   (GO defaults to `go` on PATH)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
go=${1:-go}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GOCACHE=${GOCACHE:-$work/cache} HOME=$work GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod GOTELEMETRY=off
out=$here/data
cp -r "$here/seedsrc/p" "$here/seedsrc/r" "$work/"
(cd "$work/p" && "$go" test -c -trimpath -vet=off -o p.test .)
(cd "$work/r" && "$go" test -race -c -trimpath -vet=off -o r.test .)
cd "$work/p"
./p.test -test.v=test2json -test.count=1 -test.run='^(TestPass|TestFail|TestSkip|TestSub|TestPar|TestPanic|TestHang)$' >"$out/mixed.txt" 2>&1 || true
PANIC=1 ./p.test -test.v=test2json -test.count=1 -test.run='^(TestPass|TestFail|TestPanic|TestHang)$' >"$out/panic.txt" 2>&1 || true
HANG=1 ./p.test -test.v=test2json -test.count=1 -test.timeout=1s -test.run='^(TestPass|TestHang|TestSkip)$' >"$out/timeout.txt" 2>&1 || true
EXIT=1 ./p.test -test.v=test2json -test.count=1 -test.run='^(TestPass|TestExit|TestSkip)$' >"$out/exit.txt" 2>&1 || true
GOMAXPROCS=1 ./p.test -test.v=test2json -test.run='^$' -test.bench='^(BenchmarkSum|BenchmarkAlloc)$' \
        -test.benchmem -test.benchtime=20ms -test.count=3 >"$out/bench.txt" 2>&1
GOMAXPROCS=2 ./p.test -test.run='^$' -test.bench='^BenchmarkAlloc$' -test.benchmem -test.benchtime=20ms \
        -test.count=2 >"$out/bench-plain.txt" 2>&1
cd "$work/r"
GORACE=atexit_sleep_ms=0 ./r.test -test.v=test2json -test.count=2 >"$out/race.txt" 2>&1 || true
echo "seeds written to $out"
