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
# kill_callers N DELAY PROGRAM...: N runs, each caller SIGKILLed after
# DELAY seconds (an expression evaluated per run); their pids in $pids.
kill_callers() {
        local n=$1 delay=$2 k
        shift 2
        for _ in $(seq "$n"); do
                "$gauntlet" run --workdir "$work/wd" --dir "$work/ro" -- "$@" >/dev/null 2>&1 &
                k=$!
                pids="$pids $k"
                sleep "$(eval echo "$delay")"
                kill -KILL "$k" 2>/dev/null
                wait "$k" 2>/dev/null
        done
}
# settled CMD...: until CMD finds no process (what a killed caller took
# down may take a moment to go), polled up to 3 s; false if some outlive it.
# The programs below sleep 30 s, far past the loop and the wait, so one
# left behind is still there to be seen (the pid namespace ends it).
settled() {
        for _ in $(seq 60); do
                "$@" >/dev/null || return 0
                sleep 0.05
        done
        return 1
}
kill_callers 300 '0.00$((RANDOM % 9))' /bin/true
fail=0
settled pgrep -f "$gauntlet run --workdir $work/wd"
left=$(pgrep -f "$gauntlet run --workdir $work/wd")
if [ -n "$left" ]; then
        echo "FAIL processes outlived their killed caller: $(ps -o pid,ppid,cmd -p $left | tail -n +2)"
        fail=1
else
        echo "ok   300 callers killed during start-up, no process left"
fi
# Killed once the program runs: it dies with its caller (pid 1's parent-
# death signal, which its change of uid once cleared: the program lived
# on until it ended by itself).
kill_callers 20 0.1 /bin/sleep 30
if ! settled pgrep -x sleep; then
        echo "FAIL programs outlived their killed caller: $(pgrep -ax sleep | head -3)"
        fail=1
else
        echo "ok   20 callers killed while their program ran, no program left"
fi
for k in $pids; do
        find /sys/fs/cgroup -maxdepth 4 -type d -name "gauntlet-$k-$(stat -L -c %i /proc/self/ns/pid)-*" 2>/dev/null
done | sort -u | while read -r g; do rmdir "$g" 2>/dev/null; done

# The same through a pool of prepared sandboxes: a caller killed at any
# moment takes its run down (the worker sees it hang up), and the pool
# goes on serving.  The program sleeps, so a run left behind shows.
mkdir -p "$work/sock" && chmod 0700 "$work/sock"
export GAUNTLET_POOL=$work/sock/pool.sock
"$gauntlet" pool --size 2 2>pool.err &
pool=$!
for _ in $(seq 200); do grep -q "^gauntlet pool: " pool.err && break; sleep 0.02; done
kill_callers 100 '0.00$((RANDOM % 9))' /bin/sleep 30
if ! settled pgrep -x sleep; then
        echo "FAIL runs outlived their killed caller in the pool: $(pgrep -ax sleep | head -3)"
        fail=1
else
        echo "ok   100 callers of the pool killed, no run left"
fi
"$gauntlet" run --result r.json -- /bin/true
grep -Eq '"prepared":[[:space:]]*true' r.json && echo "ok   the pool serves after them" ||
        { echo "FAIL the pool after killed callers: $(cat r.json pool.err)"; fail=1; }
kill -TERM $pool
wait $pool || { echo "FAIL pool exit status $?: $(cat pool.err)"; fail=1; }
exit $fail
