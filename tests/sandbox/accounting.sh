#!/bin/bash
# accounting.sh — the result record's numbers against independent ones:
# cpu_s of a 1-second busy loop within 5%, peak_mem_kib of a program that
# touches 100 MiB within 10% of GNU time's maximum resident set size; as
# root (cgroup counters) and unprivileged (rusage and polling).
# The runs as nobody need every path they touch traversable by nobody, and
# the build tree may sit below a private folder (a 0700 home, a clone in
# `mktemp -d`): the binaries and results live in a stage under /tmp,
# removed at exit.
# usage: accounting.sh GAUNTLET HOSTILE_C
set -u
gauntlet=$1 hostile_c=$2
if [ -z "${ACCOUNTING_CONFINED:-}" ]; then
        if [ "$(id -u)" != 0 ]; then
                echo "skipped: needs root to confine the runs and to switch users"
                exit 77
        fi
        ACCOUNTING_CONFINED=1 exec unshare --mount --pid --fork --mount-proc --propagation private \
                bash "$0" "$@"
fi
[ -x /usr/bin/time ] || { echo "skipped: GNU time (/usr/bin/time) is not installed"; exit 77; }

work=$(mktemp -d /tmp/gauntlet-accounting.XXXXXX) || { echo "cannot create a stage in /tmp"; exit 2; }
trap 'rm -rf "$work"' EXIT
# The front and the full program at the same relative paths as built.
mkdir -p "$work/bin" "$work/libexec/gauntlet" || exit 2
cc -O1 -pthread -o "$work/bin/hostile" "$hostile_c" || exit 2
cp "$gauntlet" "$work/bin/gauntlet" &&
        cp "$(dirname "$gauntlet")/../libexec/gauntlet/gauntlet" "$work/libexec/gauntlet/gauntlet" &&
        chmod -R a+rX "$work" || { echo "cannot stage gauntlet in '$work'"; exit 2; }

field() { sed -n "s/^[[:space:]]*\"$1\":[[:space:]]*\\([0-9.]*\\).*/\\1/p" "$2"; }
fail=0

expected_kib=$(/usr/bin/time -f %M "$work/bin/hostile" touch 100 2>&1 >/dev/null | tail -1)
for who in root user; do
        as=()
        res=$work/$who
        mkdir -p "$res" && chmod 0777 "$res"
        [ "$who" = user ] && as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
        "${as[@]}" "$work/bin/gauntlet" run --cpu 5 --wall 60 --dir "$work/bin" --result "$res/cpu.json" \
                -- "$work/bin/hostile" busy 1 || { echo "FAIL $who: busy run failed"; fail=1; }
        cpu=$(field cpu_s "$res/cpu.json")
        if awk -v c="$cpu" 'BEGIN { exit !(c >= 0.95 && c <= 1.05) }'; then
                echo "ok   $who: cpu_s $cpu for a 1 s busy loop"
        else
                echo "FAIL $who: cpu_s '$cpu' for a 1 s busy loop (want within 5%)"
                fail=1
        fi
        "${as[@]}" "$work/bin/gauntlet" run --mem 512 --dir "$work/bin" --result "$res/mem.json" \
                -- "$work/bin/hostile" touch 100 || { echo "FAIL $who: touch run failed"; fail=1; }
        peak=$(field peak_mem_kib "$res/mem.json")
        if awk -v p="$peak" -v e="$expected_kib" 'BEGIN { exit !(p >= e * 0.9 && p <= e * 1.1) }'; then
                echo "ok   $who: peak_mem_kib $peak, GNU time says $expected_kib"
        else
                echo "FAIL $who: peak_mem_kib '$peak', GNU time says $expected_kib (want within 10%)"
                fail=1
        fi
done
exit $fail
