#!/usr/bin/env bash
# grade-overhead.sh — a whole warm grading against the same go commands run
# by hand outside the sandbox (same cache, same flags, same runs).
# Usage: bench/grade-overhead.sh BUILD/runner/gauntlet [GO]
set -euo pipefail
G=${1:?usage: $0 PATH-TO-GAUNTLET [GO]}
GO=${2:-$(command -v go || echo /usr/local/go/bin/go)}
here=$(cd "$(dirname "$0")" && pwd)
P=$here/../tests/graders/fixtures/go-counter
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_CACHE_HOME=${XDG_CACHE_HOME:-$T/cache}
mkdir -p "$XDG_CACHE_HOME"
"$G" grade --bundle "$P" "$P/reference" >/dev/null   # warm the cache
s=$(date +%s.%N)
"$G" grade --bundle "$P" "$P/reference" --json "$T/r.json" >/dev/null
e=$(date +%s.%N)
pairs=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(len(next(g for g in r["graders"] if g["name"]=="bench")["bench"]["pairs"]))' "$T/r.json")

export GOCACHE=$XDG_CACHE_HOME/gauntlet/go-build HOME=$T/home GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod \
	GOTELEMETRY=off GOENV=off GOWORK=off
mkdir -p "$T/src" "$T/ref" "$T/vet" "$HOME"
cp "$P/reference/"* "$T/src/"; cp "$P/reference/"* "$T/vet/"
cp "$P"/tests/*/*_test.go "$T/src/"
cp -r "$T/src/." "$T/ref/"
tests='^(TestCounterConcurrent|TestCounterReadWhileWriting|TestRunCancelWhileSending|TestRunDoubles|TestSumBasic|TestSumEmpty|TestSumNegative)$'
s2=$(date +%s.%N)
(cd "$T/src" && CGO_ENABLED=0 "$GO" test -c -trimpath -vet=off -o c.test . &&
	./c.test -test.v=test2json -test.count=1 -test.timeout=5s -test.run="$tests" >/dev/null &&
	CGO_ENABLED=1 "$GO" test -c -trimpath -vet=off -race -o r.test . &&
	for p in 1 2; do GOMAXPROCS=$p GORACE=atexit_sleep_ms=0 ./r.test -test.v=test2json -test.count=1 \
		-test.timeout=5s -test.run="$tests" >/dev/null; done)
(cd "$T/ref" && CGO_ENABLED=0 "$GO" test -c -trimpath -vet=off -o ref.test .)
for i in $(seq "$pairs"); do
	GOMAXPROCS=1 taskset -c "$(($(nproc) - 1))" "$T/src/c.test" -test.run='^$' -test.bench='^(BenchmarkSum)$' \
		-test.benchmem -test.benchtime=20ms -test.count=1 >/dev/null
	GOMAXPROCS=1 taskset -c "$(($(nproc) - 1))" "$T/ref/ref.test" -test.run='^$' -test.bench='^(BenchmarkSum)$' \
		-test.benchmem -test.benchtime=20ms -test.count=1 >/dev/null
done
(cd "$T/vet" && CGO_ENABLED=0 "$GO" vet . && "$(dirname "$GO")/gofmt" -l -d . >/dev/null)
e2=$(date +%s.%N)
python3 -c "
import sys; g, h = float(sys.argv[2]) - float(sys.argv[1]), float(sys.argv[4]) - float(sys.argv[3])
print(f'gauntlet grade {g:.2f} s, same commands by hand {h:.2f} s, ratio {g / h:.2f}')" "$s" "$e" "$s2" "$e2"
