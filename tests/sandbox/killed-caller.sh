#!/bin/bash
# killed-caller.sh — a caller SIGKILLed at any moment of a run's start-up
# leaves no process behind, not even the short-lived helper that owns the
# id-mapping namespace of a root run with a workdir (it once waited
# forever on a pipe it held both ends of, keeping the killed grading's
# scratch lock).  300 kills at random points: the old helper was left
# behind about 5 times in 300.  A killed supervisor leaves its (empty)
# cgroups for a later run's sweep; this test removes its own at the end,
# and runs alone (RUN_SERIAL): their names hold small pids of this pid
# namespace, which other tests' containment checks would take for theirs.
# usage: killed-caller.sh GAUNTLET WORKDIR
set -u
gauntlet=$1 work=$2
if [ -z "${KILLED_CONFINED:-}" ]; then
        [ "$(id -u)" = 0 ] || { echo "skipped: needs root to confine the runs"; exit 77; }
        KILLED_CONFINED=1 exec unshare --mount --pid --fork --mount-proc --propagation private bash "$0" "$@"
fi
rm -rf "$work" && mkdir -p "$work/wd" "$work/ro" && cd "$work" || exit 2
pids=
for _ in $(seq 300); do
        "$gauntlet" run --workdir "$work/wd" --dir "$work/ro" -- /bin/true >/dev/null 2>&1 &
        k=$!
        pids="$pids $k"
        sleep "0.00$((RANDOM % 9))"
        kill -KILL "$k" 2>/dev/null
        wait "$k" 2>/dev/null
done
sleep 1
fail=0
left=$(pgrep -f "$gauntlet run --workdir $work/wd")
if [ -n "$left" ]; then
        echo "FAIL processes outlived their killed caller: $(ps -o pid,ppid,cmd -p $left | tail -n +2)"
        fail=1
else
        echo "ok   300 callers killed during start-up, no process left"
fi
for k in $pids; do
        find /sys/fs/cgroup -maxdepth 4 -type d -name "gauntlet-$k-*" 2>/dev/null
done | sort -u | while read -r g; do rmdir "$g" 2>/dev/null; done
exit $fail
