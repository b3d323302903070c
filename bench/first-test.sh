#!/bin/bash
# first-test.sh — a candidate's first `gauntlet test` on a cold machine:
# start a session on an emptied cache, read the statement for READ_S
# seconds, run the public tests — with the build cache warming in the
# background meanwhile (the default) and without (GAUNTLET_WARM=off).
# Then a warm `gauntlet test` against a bare `go test -json -count=1` of
# the same package, interleaved, unchanged and after a one-line edit of
# the package before each run; and unchanged without the kept test binary
# (removed before each run: linked again, as bare go test always does).
# Ratios side by side, in one run.
# usage: bench/first-test.sh [GAUNTLET] [PROBLEM]
#        (default: build/runner/gauntlet, problems/worker-pool)
# READ_S=60 the reading time; RUNS=10 warm runs of each (medians).
# BASELINE=path/to/another/gauntlet adds its rows: "base first t" (its
# first test after the same read on an emptied cache) and "base warm t"
# (interleaved with the others); it must read PROBLEM's manifest.
# Every cache is private (XDG_CACHE_HOME and GOCACHE in a temporary
# folder): the developer's own cache is never emptied or used.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
G=${1:-$here/../build/runner/gauntlet}
P=$(cd "${2:-$here/../problems/worker-pool}" && pwd)
READ_S=${READ_S:-60}
RUNS=${RUNS:-10}
[ -x "$G" ] || { echo "first-test.sh: no gauntlet binary at '$G'" >&2; exit 2; }
if [ -n "${BASELINE:-}" ]; then
        [ -x "$BASELINE" ] || { echo "first-test.sh: no baseline gauntlet at '$BASELINE'" >&2; exit 2; }
fi
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
G=$(abs "$G")
[ -n "${BASELINE:-}" ] && BASELINE=$(abs "$BASELINE")
GO=${GAUNTLET_GO:-$(command -v go || echo /usr/local/go/bin/go)}
[ -d "$GO" ] && GO=$GO/bin/go
T=$(mktemp -d)
# a warm-up still running holds its session's lock: wait for it, then clean
trap 'for l in "$T"/s-*/.gauntlet/warm.lock; do [ -e "$l" ] && flock "$l" true; done; rm -rf "$T"' EXIT
export XDG_DATA_HOME=$T/data
unset GAUNTLET_WARM

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# first_t NAME GAUNTLET WARM: a session on an emptied cache, READ_S of
# reading, then the first test run; prints its seconds and whether the
# warm-up was still running when it began.
first_t() {
        local name=$1 g=$2 warm=$3 s=$T/s-$1
        rm -rf "$T/cache-$1"
        XDG_CACHE_HOME=$T/cache-$name GAUNTLET_WARM=$warm "$g" start "$P" --workspace "$s" --no-screen \
                --mode take-home >/dev/null
        sleep "$READ_S"
        local busy=no
        [ -e "$s/.gauntlet/warm.lock" ] && ! flock -n "$s/.gauntlet/warm.lock" true && busy=yes
        local t0 t1
        t0=$(now)
        (cd "$s" && XDG_CACHE_HOME=$T/cache-$name "$g" test >"$T/out-$name" 2>&1) || true
        t1=$(now)
        grep -qE "^[0-9]+ passed, [0-9]+ failed" "$T/out-$name" ||
                { cat "$T/out-$name" >&2; echo "first-test.sh: the $name test run gave no results" >&2; exit 2; }
        echo "$(elapsed "$t0" "$t1") $busy"
}

echo "# $(uname -r), $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg), read ${READ_S} s, $RUNS warm runs each, $(basename "$P")"
first_t cold "$G" off >"$T/first-cold"
first_t warming "$G" on >"$T/first-warming"
read -r cold_t _ <"$T/first-cold"
read -r warm_first warm_busy <"$T/first-warming"
base_first=
if [ -n "${BASELINE:-}" ]; then
        first_t base "$BASELINE" off >"$T/first-base"
        read -r base_first _ <"$T/first-base"
fi

# Warm: the warming session's cache (warm now), and the same package under
# bare go test with a GOCACHE of its own, warmed by one untimed run.
S=$T/s-warming
mkdir "$T/bare"
cp "$S/code/"* "$T/bare/"
bare() {
        (cd "$T/bare" && env GOCACHE="$T/gocache" GOFLAGS=-mod=mod GOTOOLCHAIN=local GOPROXY=off \
                "$GO" test -json -count=1 "$@" . >/dev/null 2>&1) || true
}
gtest() { (cd "$S" && XDG_CACHE_HOME=$T/cache-warming "$1" test >/dev/null 2>&1) || true; }
# "-edit" rows: an exported variable added to the package's first source
# file before the run, as a candidate edits between runs (both then compile
# it and what imports it, and link again).
src=$(cd "$S/code" && ls *.go | grep -v '_test\.go$' | head -n 1)
bare
bare -vet=off
gtest "$G"
[ -n "${BASELINE:-}" ] && gtest "$BASELINE"
: >"$T/runs"
for ((i = 0; i < RUNS; i++)); do
        for what in gauntlet bare bare-novet gauntlet-edit bare-edit gauntlet-relink ${BASELINE:+base}; do
                case $what in
                gauntlet-edit) echo "var BenchEdit$i = $i" >>"$S/code/$src" ;;
                bare-edit) echo "var BenchEdit$i = $i" >>"$T/bare/$src" ;;
                gauntlet-relink) rm -f "$T/cache-warming/gauntlet/public/"*.test ;;
                esac
                t0=$(now)
                case $what in
                gauntlet | gauntlet-edit | gauntlet-relink) gtest "$G" ;;
                bare | bare-edit) bare ;;
                bare-novet) bare -vet=off ;;
                base) gtest "$BASELINE" ;;
                esac
                t1=$(now)
                echo "$what $(elapsed "$t0" "$t1")" >>"$T/runs"
        done
done

python3 - "$T/runs" "$cold_t" "$warm_first" "$warm_busy" "$READ_S" "${base_first:-}" <<'PY'
import statistics, sys
runs, cold, first, busy, read, base_first = sys.argv[1:7]
cold, first, read = float(cold), float(first), float(read)
t = {}
for line in open(runs):
    k, v = line.split()
    t.setdefault(k, []).append(float(v))
med = {k: statistics.median(v) for k, v in t.items()}
span = {k: f"{min(v):.2f}-{max(v):.2f}" for k, v in t.items()}
w = med["gauntlet"]
print(f"first t after the read, emptied cache (s; start to result adds the {read:.0f} s read):")
print(f"  warming     {first:8.2f}   (the warm-up {'was still running' if busy == 'yes' else 'had ended'} at the first t)")
print(f"  no warming  {cold:8.2f}")
if base_first:
    print(f"  base        {float(base_first):8.2f}")
print("warm t, medians (range) in s:")
for k in ("gauntlet", "bare", "bare-novet", "gauntlet-edit", "bare-edit", "gauntlet-relink", "base"):
    if k in med:
        name = {"gauntlet": "gauntlet test", "bare": "go test -json", "bare-novet": "go test -json -vet=off",
                "gauntlet-edit": "gauntlet test, edited", "bare-edit": "go test -json, edited",
                "gauntlet-relink": "gauntlet test, relinked", "base": "base gauntlet test"}[k]
        print(f"  {name:24s} {med[k]:6.2f}   ({span[k]})")
print("ratios:")
print(f"  first t warming / warm t            {first / w:6.2f}   goal <= 1.5")
print(f"  first t without warming / warm t    {cold / w:6.2f}")
print(f"  start to result, warming / without  {(read + first) / (read + cold):6.2f}")
if base_first:
    print(f"  base first t / first t warming      {float(base_first) / first:6.2f}")
print(f"  warm gauntlet test / go test -json  {w / med['bare']:6.2f}   goal <= 1.2")
print(f"  warm gauntlet test / go test -json -vet=off  {w / med['bare-novet']:6.2f}")
print(f"  after an edit: gauntlet test / go test -json  {med['gauntlet-edit'] / med['bare-edit']:6.2f}")
print(f"  relinked (no kept binary): gauntlet test / go test -json  {med['gauntlet-relink'] / med['bare']:6.2f}")
if "base" in med:
    print(f"  warm gauntlet test / base           {w / med['base']:6.2f}")
PY
