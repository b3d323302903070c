#!/bin/bash
# pool.sh — `gauntlet pool` and the runs it takes: the same record as a run
# without it (statuses, limits, output, dirs), "prepared": true; callers it
# must not serve (another uid, mount namespace, no_new_privs) and callers
# that come while it is busy run their program themselves; a killed caller
# takes its run down; garbage on the socket harms nothing; SIGTERM leaves
# no process, cgroup or socket; bad arguments and folders get one line and
# exit 2.  Root and unprivileged (nobody) pools.
# usage: pool.sh GAUNTLET WORKDIR
set -u
gauntlet=$1 work=$2
if [ -z "${POOL_CONFINED:-}" ]; then
        [ "$(id -u)" = 0 ] || { echo "skipped: needs root to confine the runs"; exit 77; }
        POOL_CONFINED=1 exec unshare --mount --pid --fork --mount-proc --propagation private bash "$0" "$@"
fi
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 2
# A stage every user can reach: the front and the full program beside it.
stage=$(mktemp -d /tmp/gauntlet-pool-test.XXXXXX) || exit 2
full=$(dirname "$gauntlet")/../libexec/gauntlet/gauntlet
mkdir -p "$stage/bin" "$stage/libexec/gauntlet" "$stage/sock" "$stage/usock" "$stage/wd" "$stage/uwd" "$stage/ro"
cp "$gauntlet" "$stage/bin/gauntlet" && cp "$full" "$stage/libexec/gauntlet/gauntlet" || exit 2
chmod 0755 "$stage" "$stage/bin" "$stage/ro" && chmod 0700 "$stage/sock" "$stage/usock"
chown 65534:65534 "$stage/usock" "$stage/uwd"
echo data >"$stage/ro/f"
g=$stage/bin/gauntlet
nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
pool_pid=
cleanup() {
        [ -z "$pool_pid" ] || kill -KILL "$pool_pid" 2>/dev/null
        rm -rf "$stage"
}
trap cleanup EXIT
fail=0
bad() { echo "FAIL $*"; fail=1; }
ok() { echo "ok   $*"; }
field() { # file name: a scalar field of a record
        sed -n "s/^[[:space:]]*\"$2\":[[:space:]]*\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$1" | head -1
}
start_pool() { # socket size [runner...]: start a pool, wait until it is ready
        local sock=$1 size=$2
        shift 2
        "$@" "$g" pool --size "$size" --socket "$sock" 2>pool.err &
        pool_pid=$!
        # Ready once it says so (its socket listens a little earlier).
        for _ in $(seq 200); do grep -q "^gauntlet pool: " pool.err && [ -S "$sock" ] && return 0; sleep 0.02; done
        bad "the pool did not start: $(cat pool.err)"
        return 1
}
stop_pool() {
        kill -TERM "$pool_pid"
        wait "$pool_pid"
        local rc=$?
        pool_pid=
        return $rc
}
# run WANT_EXIT WANT_STATUS WANT_PREPARED what gauntlet-run-args...
run() {
        local want=$1 status=$2 prepared=$3 what=$4
        shift 4
        rm -f r.json
        "$@" >out.txt 2>err.txt
        local rc=$? got
        got=$(field r.json status)
        if [ "$rc" != "$want" ] || [ "$got" != "$status" ] || [ "$(field r.json prepared)" != "$prepared" ]; then
                bad "$what: exit $rc status '$got' prepared '$(field r.json prepared)', want $want $status $prepared: $(head -c 300 err.txt)"
                return 1
        fi
        ok "$what"
}

export GAUNTLET_POOL=$stage/sock/pool.sock
start_pool "$GAUNTLET_POOL" 2 || exit 1
grep -q "^gauntlet pool: 2 prepared sandboxes at $GAUNTLET_POOL" pool.err || bad "pool banner: $(cat pool.err)"

# --- the same record as a run of its own ---
run 0 ok true "ok through the pool" "$g" run --result r.json -- /bin/echo hello
[ "$(cat out.txt)" = hello ] || bad "stdout relayed: '$(cat out.txt)'"
run 1 nonzero-exit true "exit code" "$g" run --result r.json -- /bin/sh -c 'echo e >&2; exit 7'
[ "$(field r.json exit_code)" = 7 ] && [ "$(cat err.txt)" = e ] || bad "exit code 7 and stderr: $(cat r.json err.txt)"
echo "from a file" >in.txt
run 0 ok true "stdin from a file" "$g" run --stdin in.txt --result r.json -- /bin/cat
[ "$(cat out.txt)" = "from a file" ] || bad "stdin: '$(cat out.txt)'"
run 1 output-limit true "output limit" "$g" run --output 1 --result r.json -- /bin/sh -c 'yes | head -c 3000000'
run 1 time-limit true "cpu limit" "$g" run --cpu 0.5 --result r.json -- /bin/sh -c 'while :; do :; done'
run 1 wall-limit true "wall limit" "$g" run --wall 0.5 --result r.json -- /bin/sleep 5
run 1 memory-limit true "memory limit" "$g" run --mem 32 --result r.json -- \
        /usr/bin/python3 -c 'x = bytearray(200 << 20)'
run 1 violation true "a forbidden syscall" "$g" run --result r.json -- /usr/bin/unshare -U /bin/true
[ "$(field r.json syscall)" = unshare ] || bad "violation names unshare: $(field r.json syscall)"
run 0 ok true "policy off, then strict again" "$g" run --policy off --result r.json -- /bin/true
run 0 ok true "build policy sees /etc/alternatives" "$g" run --policy build --result r.json -- /bin/ls /etc/alternatives
run 0 ok true "loopback up" "$g" run --net loopback --result r.json -- /bin/sh -c 'grep -q "^ *lo:" /proc/net/dev'
run 0 ok true "environment is the request's" env SECRET=x "$g" run --env A=1 --result r.json -- /usr/bin/env
[ "$(sort out.txt | tr '\n' ' ')" = "A=1 PATH=/usr/local/bin:/usr/bin:/bin " ] || bad "environment: $(cat out.txt)"
# dirs and workdir, as root: the program's own host uid, which owns what
# it made (copied back from its disk), never root
run 0 ok true "workdir and dir" "$g" run --workdir "$stage/wd" --dir "$stage/ro" --result r.json -- \
        /bin/sh -c "cat $stage/ro/f && echo w >$stage/wd/x && ! echo y 2>/dev/null >$stage/ro/y"
[ "$(cat out.txt)" = data ] && [ "$(stat -c %u "$stage/wd/x")" = "$(field r.json host_uid)" ] && [ ! -e "$stage/ro/y" ] ||
        bad "dirs through the pool: out '$(cat out.txt)', $(ls -ln "$stage/wd" "$stage/ro")"
uid=$(field r.json host_uid)
[ "$uid" -ge $((0x7f000000)) ] 2>/dev/null || bad "host uid of a root pool's program: $uid"
# every limit of the last request is written, a zero as none
run 0 ok true "no memory limit after one" "$g" run --mem 0 --procs 0 --result r.json -- /bin/true
[ "$(sed -n 's/.*"memory":[[:space:]]*"\([a-z]*\)".*/\1/p' r.json)" = unlimited ] || bad "mem 0 record"

# --- callers it does not serve run their program themselves ---
run 0 ok false "no_new_privs caller" setpriv --no-new-privs "$g" run --result r.json -- /bin/true
run 0 ok false "caller in another mount namespace" unshare --mount "$g" run --result r.json -- /bin/true
rm -f "$stage/uwd/r.json"
"${nobody[@]}" "$g" run --result "$stage/uwd/r.json" -- /bin/true
[ $? = 0 ] && [ "$(field "$stage/uwd/r.json" prepared)" = false ] && ok "caller of another uid" ||
        bad "caller of another uid: $(cat "$stage/uwd/r.json")"
run 0 ok false "GAUNTLET_POOL=off" env GAUNTLET_POOL=off "$g" run --result r.json -- /bin/true
run 0 ok false "no pool at the path" env GAUNTLET_POOL=/nonexistent/pool.sock "$g" run --result r.json -- /bin/true

# --- busy: a second caller does not wait for the first ---
"$g" run -- /bin/sleep 3 &
a=$!
"$g" run -- /bin/sleep 3 &
b=$!
sleep 0.5
t0=$(date +%s%N)
run 0 ok false "every sandbox busy" "$g" run --result r.json -- /bin/true
[ $(( ($(date +%s%N) - t0) / 1000000 )) -lt 2000 ] || bad "a busy pool made the caller wait"
wait $a $b

# --- a killed caller takes its run down; the pool goes on ---
sleep 0.3
"$g" run -- /bin/sleep 30 &
k=$!
sleep 0.5
kill -KILL $k
wait $k 2>/dev/null
sleep 0.5
if pgrep -x sleep >/dev/null; then bad "a killed caller's program still runs: $(pgrep -ax sleep)"; else ok "killed caller"; fi
run 0 ok true "served after a killed caller" "$g" run --result r.json -- /bin/true

# --- a prepared sandbox killed from outside while it waits ---
# (the workers see their pid 1 end and prepare new ones)
for w in $(pgrep -P "$pool_pid"); do pkill -KILL -P "$w"; done
sleep 0.5
run 0 ok true "prepared sandboxes killed while waiting are made again" "$g" run --result r.json -- /bin/true

# --- garbage on the socket harms nothing ---
python3 - "$GAUNTLET_POOL" <<'EOF'
import socket, struct, sys, time
def conn():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    return s
for payload in [b"", b"x" * 7, b"\xff" * 64, struct.pack("IIII", 0x51544e47, 1, 1, 1 << 30),
                struct.pack("IIII", 0x51544e47, 99, 1, 16) + b"y" * 16]:
    s = conn()
    s.sendall(payload)
    s.shutdown(socket.SHUT_WR)
    s.settimeout(10)
    try:
        reply = s.recv(300)
    except OSError:
        reply = b""
    assert not reply.startswith(b"A"), reply
    s.close()
EOF
[ $? = 0 ] && ok "garbage refused" || bad "garbage on the socket"
sleep 0.3
run 0 ok true "served after garbage" "$g" run --result r.json -- /bin/true

# --- a second pool at the same socket, bad arguments, bad folders ---
expect_usage() { # what message-pattern args...: one line (and the usage hint)
        local what=$1 pat=$2
        shift 2
        "$@" >o.txt 2>e.txt
        local rc=$?
        if [ $rc = 2 ] && head -1 e.txt | grep -q "^gauntlet pool: .*$pat" &&
                { [ "$(wc -l <e.txt)" = 1 ] || sed -n 2p e.txt | grep -q "^run 'gauntlet help pool' for usage$"; }; then
                ok "$what"
        else
                bad "$what: exit $rc: $(cat e.txt)"
        fi
}
expect_usage "a second pool" "a pool already listens at" "$g" pool --socket "$GAUNTLET_POOL"
expect_usage "size 0" "expected a number from 1 to 64" "$g" pool --size 0
expect_usage "size x" "expected a number from 1 to 64" "$g" pool --size x
expect_usage "unknown option" "unknown option" "$g" pool --bogus
expect_usage "a relative socket" "must be absolute" "$g" pool --socket rel/pool.sock
mkdir -p "$stage/open" && chmod 0755 "$stage/open"
expect_usage "a folder open to others" "closed to others" "$g" pool --socket "$stage/open/pool.sock"
mkdir -p "$stage/theirs" && chmod 0700 "$stage/theirs" && chown 65534 "$stage/theirs"
expect_usage "another user's folder" "must be ours" "$g" pool --socket "$stage/theirs/pool.sock"
touch "$stage/sock/file"
expect_usage "not a socket" "is not a socket" "$g" pool --socket "$stage/sock/file"

# --- SIGTERM: nothing left ---
workers=$(pgrep -P "$pool_pid" | tr '\n' ' ')
stop_pool
rc=$?
[ $rc = 0 ] && ok "stopped by SIGTERM" || bad "pool exit $rc on SIGTERM"
[ ! -e "$GAUNTLET_POOL" ] || bad "socket left"
left=$(pgrep -f "$g pool")
[ -z "$left" ] || bad "pool processes left: $(ps -o pid,cmd -p "$left")"
# (Empty and still there a moment later: the teardown of the last
# sandboxes may still be removing them.)
left=
for w in $workers; do
        left="$left $(find /sys/fs/cgroup -maxdepth 4 -name "gauntlet-$w-$(stat -L -c %i /proc/self/ns/pid)-*" 2>/dev/null)"
done
[ -z "${left// /}" ] || sleep 0.5
for gr in $left; do
        [ -d "$gr" ] && [ -z "$(cat "$gr/cgroup.procs" 2>/dev/null)" ] && bad "cgroup of a worker left: $gr"
done
run 0 ok false "after the pool stopped" "$g" run --result r.json -- /bin/true

# --- an unprivileged pool ---
export GAUNTLET_POOL=$stage/usock/pool.sock
# One sandbox: the one after the first run is surely older than the mount below.
start_pool "$GAUNTLET_POOL" 1 "${nobody[@]}" || exit 1
"${nobody[@]}" "$g" run --workdir "$stage/uwd" --dir "$stage/ro" --result "$stage/uwd/r.json" -- \
        /bin/sh -c "cat $stage/ro/f && echo w >$stage/uwd/x" >out.txt 2>err.txt
cp "$stage/uwd/r.json" r.json
if [ "$(field r.json status)" = ok ] && [ "$(field r.json prepared)" = true ] && [ "$(cat out.txt)" = data ] &&
        [ "$(stat -c %u "$stage/uwd/x")" = 65534 ]; then
        ok "unprivileged pool with a workdir and a dir"
else
        bad "unprivileged pool: $(cat r.json err.txt)"
fi
# A mount made after the sandboxes were prepared is seen by the next run
# (the pool prepares them again when the host's mount table changes).
sleep 0.5
mkdir -p "$stage/umnt" && mount -t tmpfs -o mode=0755 none "$stage/umnt" && echo fresh >"$stage/umnt/f" || exit 2
"${nobody[@]}" "$g" run --dir "$stage/umnt" --result "$stage/uwd/r.json" -- /bin/cat "$stage/umnt/f" >out.txt 2>err.txt
cp "$stage/uwd/r.json" r.json
umount "$stage/umnt"
[ "$(cat out.txt)" = fresh ] && [ "$(field r.json prepared)" = true ] && ok "a mount made after preparing" ||
        bad "a mount made after preparing: '$(cat out.txt)' $(cat err.txt r.json)"
run 0 ok false "root is not served by nobody's pool" "$g" run --result r.json -- /bin/true
stop_pool || bad "unprivileged pool exit on SIGTERM"
exit $fail
