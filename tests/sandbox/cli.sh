#!/bin/bash
# cli.sh — `gauntlet run` as a user drives it: exit statuses 0/1/2, one
# line for a usage error, the result record's fields, output redirection,
# and the caller's descriptors kept out of the run.
# usage: cli.sh GAUNTLET WORKDIR
set -u
gauntlet=$1 work=$2
if [ -z "${CLI_CONFINED:-}" ]; then
        [ "$(id -u)" = 0 ] || { echo "skipped: needs root to confine the runs"; exit 77; }
        CLI_CONFINED=1 exec unshare --mount --pid --fork --mount-proc --propagation private bash "$0" "$@"
fi
mkdir -p "$work" && cd "$work" || exit 2
fail=0
expect() { # want-exit description command...
        local want=$1 what=$2
        shift 2
        "$@" >out.txt 2>err.txt
        local rc=$?
        if [ "$rc" = "$want" ]; then echo "ok   $what"; else echo "FAIL $what: exit $rc, want $want"; cat err.txt; fail=1; fi
}
expect 0 "true is ok" "$gauntlet" run -- /bin/true
expect 1 "false is nonzero-exit" "$gauntlet" run -- /bin/false
expect 2 "missing -- is a usage error" "$gauntlet" run /bin/true
[ "$(wc -l <err.txt)" = 2 ] && grep -q "^gauntlet run: missing '--' before the program '/bin/true'$" err.txt ||
        { echo "FAIL usage error text: $(cat err.txt)"; fail=1; }
expect 2 "bad policy is a usage error" "$gauntlet" run --policy lax -- /bin/true
grep -q "unknown policy 'lax'" err.txt || { echo "FAIL policy error text"; fail=1; }
expect 2 "missing program is an internal error" "$gauntlet" run --result r.json -- /no/such/program
grep -q '"status":[[:space:]]*"internal-error"' r.json && grep -q "cannot execute '/no/such/program'" r.json ||
        { echo "FAIL missing program record: $(cat r.json)"; fail=1; }
rm -f o.txt
expect 0 "stdout redirection" "$gauntlet" run --stdout "$work/o.txt" --result r.json -- /bin/echo hello
[ "$(cat o.txt)" = hello ] || { echo "FAIL stdout file: '$(cat o.txt)'"; fail=1; }
for f in status exit_code signal cpu_s wall_s peak_mem_kib syscall isolation message; do
        grep -q "\"$f\":" r.json || { echo "FAIL result record lacks '$f'"; fail=1; }
done
expect 1 "exit code kept" "$gauntlet" run --result r.json -- /bin/sh -c 'exit 7'
grep -q '"exit_code":[[:space:]]*7' r.json || { echo "FAIL exit_code: $(cat r.json)"; fail=1; }
expect 0 "env is empty but PATH and --env" "$gauntlet" run --env A=1 --stdout "$work/o.txt" -- /usr/bin/env
[ "$(sort o.txt | tr '\n' ' ')" = "A=1 PATH=/usr/local/bin:/usr/bin:/bin " ] || { echo "FAIL env: $(cat o.txt)"; fail=1; }
# The record is valid JSON whatever bytes the message carries (here a
# program name that is not UTF-8, with a quote and a control character).
expect 2 "odd program name" "$gauntlet" run --result r.json -- $'/no/such\xff"\x01'
python3 -c 'import json, sys; m = json.load(open("r.json"))["message"]; assert "\ufffd\"\x01" in m, m' ||
        { echo "FAIL record with odd bytes: $(cat -v r.json)"; fail=1; }
# The front answers `run` linking libc only (nothing else loaded per run);
# other commands are the full program beside it, and a front copied away
# from it says so in one line, exit 2, while `run` still works.
needed=$(readelf -d "$gauntlet" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | grep -Ev '^lib(a|ub)san\.' | tr '\n' ' ')
# Static (no NEEDED at all) where the toolchain can, else libc alone.
[ -z "$needed" ] || [ "$needed" = "libc.so.6 " ] || { echo "FAIL the front loads more than libc: $needed"; fail=1; }
expect 0 "help through the full program" "$gauntlet" help run
grep -q "^usage: gauntlet run" out.txt || { echo "FAIL help run: $(head -2 out.txt)"; fail=1; }
mkdir -p alone && cp "$gauntlet" alone/gauntlet
expect 0 "run from a lone front" alone/gauntlet run -- /bin/true
expect 2 "other commands from a lone front" alone/gauntlet doctor
[ "$(wc -l <err.txt)" = 1 ] && grep -q "^gauntlet: cannot start '.*/alone/../libexec/gauntlet/gauntlet': No such file or directory" err.txt ||
        { echo "FAIL lone front message: $(cat err.txt)"; fail=1; }
# As root, the program is not root on the host: it runs as a uid of its
# own (seen from here, outside), while its workdir and dirs behave as the
# caller's (idmapped): it reads a root-only file, what it writes lands
# on disk as its own uid's, a read-only dir stays read-only.
mkdir -p own ro && chmod 0700 own ro && echo secret >own/s && echo ro >ro/r && chmod 0600 own/s ro/r
"$gauntlet" run --workdir "$work/own" --dir "$work/ro" --result r.json -- \
        /bin/sh -c 'cat s /'"$work"'/ro/r >seen; echo new >made; echo x >'"$work"'/ro/w; sleep 1' 2>/dev/null &
run_pid=$!
prog_uid=
for _ in $(seq 40); do
        prog_uid=$(ps -o uid= -C sleep | tr -d ' ' | head -1)
        [ -n "$prog_uid" ] && break
        sleep 0.05
done
wait "$run_pid"
host_uid=$(python3 -c 'import json; print(json.load(open("r.json"))["isolation"]["host_uid"])')
[ -n "$prog_uid" ] && [ "$prog_uid" = "$host_uid" ] && [ "$host_uid" -ge $((0x7f000000)) ] ||
        { echo "FAIL the program's host uid: seen '$prog_uid', record '$host_uid'"; fail=1; }
[ "$(tr '\n' ' ' <own/seen)" = "secret ro " ] || { echo "FAIL read through the idmapped dirs: $(cat own/seen)"; fail=1; }
# What it made comes back from its disk as its own host uid's, never root's.
[ "$(stat -c %u own/made)" = "$host_uid" ] ||
        { echo "FAIL the program's file is not its own host uid's: $(stat -c %u own/made)"; fail=1; }
[ ! -e ro/w ] || { echo "FAIL a read-only dir was written"; fail=1; }
# Where a file system cannot be idmapped (ramfs), the run goes on as the
# caller's uid and the record says so.
mkdir -p ram && mount -t ramfs ramfs ram
expect 0 "workdir without idmapped mounts" "$gauntlet" run --workdir "$work/ram" --result r.json -- /bin/sh -c 'echo x >f'
grep -q '"host_uid":[[:space:]]*0,\?$' r.json && grep -q '"message":.*degraded: the program has host uid 0: no idmapped mount of' r.json ||
        { echo "FAIL degraded idmap record: $(cat r.json)"; fail=1; }
umount ram
# The caller's descriptors stay with the caller: pid 1 of the run does not
# hold a copy (a grading's lock held there would outlive a killed grading).
exec 7>"$work/held.lock"
"$gauntlet" run --wall 20 -- /bin/sleep 10 &
run_pid=$!
pid1=
for _ in $(seq 100); do
        pid1=$(pgrep -P "$run_pid" | head -1)
        [ -n "$pid1" ] && [ -e "/proc/$pid1/fd" ] && break
        sleep 0.05
done
sleep 0.2 # past pid 1's first steps
if [ -z "$pid1" ]; then
        echo "FAIL no pid 1 under the run"; fail=1
elif ls -l "/proc/$pid1/fd" 2>/dev/null | grep -q "held.lock"; then
        echo "FAIL pid 1 holds the caller's descriptor: $(ls -l /proc/$pid1/fd | grep held.lock)"; fail=1
fi
kill -KILL "$run_pid"
wait "$run_pid" 2>/dev/null
exec 7>&-
exit $fail
