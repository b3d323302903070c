#!/bin/bash
# run_corpus.sh — replay the hostile corpus (corpus.tsv) through `gauntlet
# run`, as root and as an unprivileged user, and check after every program
# that the host is as it was: expected status and exit code, no process,
# cgroup or mount left, the secret not leaked, the outside path not written.
#
# usage: run_corpus.sh GAUNTLET SRCDIR WORKDIR [root|user|both]
# "both" replays it four times: as root and as nobody, each without and
# then through a pool of prepared sandboxes (`gauntlet pool` of the same
# user), where every result must say "prepared": true (a few runs that
# came while the pool was busy aside).
# The whole replay runs inside its own pid and mount namespaces, so a
# sandbox bug cannot reach the rest of the machine.
set -u

gauntlet=$1 src=$2 work=$3 who=${4:-both}

if [ -z "${HOSTILE_CONFINED:-}" ]; then
        if [ "$(id -u)" != 0 ]; then
                echo "skipped: the corpus needs root (to confine itself and to switch to an unprivileged user)"
                exit 77
        fi
        HOSTILE_CONFINED=1 exec unshare --mount --pid --fork --mount-proc --propagation private \
                bash "$0" "$@"
fi

die() { echo "run_corpus: $*" >&2; exit 2; }

nobody=65534
mkdir -p "$work/gobin" || die "cannot create '$work'"
work=$(cd "$work" && pwd)
# Binaries, workdirs and results live in a stage every user can traverse
# (the build dir may sit below a private home), removed at exit.
stage=$(mktemp -d /tmp/gauntlet-corpus.XXXXXX) || die "cannot create a stage in /tmp"
listener= secret= outside=
pool_pid=
cleanup() {
        [ -z "$pool_pid" ] || kill -KILL "$pool_pid" 2>/dev/null
        [ -z "$listener" ] || kill "$listener" 2>/dev/null
        rm -f "$secret" "$outside"
        rm -rf "$stage"
}
trap cleanup EXIT
bin=$stage/bin
mkdir -p "$bin" "$stage/run/root" "$stage/run/user" "$stage/res/root" "$stage/res/user"
chmod 0755 "$stage" "$bin" "$stage/run" "$stage/res"
chown "$nobody:$nobody" "$stage/run/user" "$stage/res/user"

# --- build the corpus once (Go through a cache in the build dir) ---
cc -O1 -pthread -o "$bin/hostile" "$src/hostile.c" || die "cannot build hostile.c"
cp "$bin/hostile" "$bin/hostile-suid" && chmod 4755 "$bin/hostile-suid"
cp "$gauntlet" "$bin/gauntlet" && chmod 0755 "$bin/gauntlet"
# Lines named *-full run through the full program (what graders run: a
# supervisor, and so a pid 1, with a larger resident size than the front).
cp "$(dirname "$gauntlet")/../libexec/gauntlet/gauntlet" "$bin/gauntlet-full" && chmod 0755 "$bin/gauntlet-full" ||
        die "cannot stage the full program"
# The pool runs from a copy of its own (front and full program): the
# containment checks look for processes of $bin.
poolbin=$stage/pool
mkdir -p "$poolbin/bin" "$poolbin/libexec/gauntlet" "$poolbin/sock-root" "$poolbin/sock-user"
cp "$gauntlet" "$poolbin/bin/gauntlet" &&
        cp "$(dirname "$gauntlet")/../libexec/gauntlet/gauntlet" "$poolbin/libexec/gauntlet/gauntlet" &&
        chmod -R a+rX "$poolbin/bin" "$poolbin/libexec" && chmod 0755 "$poolbin" &&
        chmod 0700 "$poolbin/sock-root" "$poolbin/sock-user" && chown "$nobody:$nobody" "$poolbin/sock-user" ||
        die "cannot stage the pool"
go=${GO:-/usr/local/go/bin/go}
[ -x "$go" ] || go=$(command -v go || true)
have_go=0
if [ -n "$go" ]; then
        # The user's Go build cache when it exists (warm, shared by every
        # build dir), else one in the build dir; GAUNTLET_GOCACHE overrides.
        cache=$("$go" env GOCACHE 2>/dev/null)
        [ -d "$cache" ] || cache=$work/gocache
        export GOCACHE=${GAUNTLET_GOCACHE:-$cache} GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod
        export HOME=$work GOPATH=$work/gopath
        gobin=$work/gobin stamp=$work/gobin/.go-built
        if [ ! -e "$stamp" ] || [ -n "$(find "$src/go" -newer "$stamp" -type f)" ]; then
                (cd "$src/go" && "$go" build -o "$gobin/" ./goroutines ./membomb ./mount &&
                        "$go" test -c -o "$gobin/web.test" ./web &&
                        "$go" test -race -c -o "$gobin/race.test" ./race) || die "cannot build the Go corpus"
                touch "$stamp"
        fi
        cp "$gobin"/goroutines "$gobin"/membomb "$gobin"/mount "$gobin"/web.test "$gobin"/race.test "$bin/" &&
                chmod 0755 "$bin"/* || die "cannot stage the Go corpus"
        have_go=1
fi

token=hostile-secret-$RANDOM$RANDOM$RANDOM
secret=/tmp/gauntlet-corpus-secret.$$
outside=/tmp/gauntlet-corpus-outside.$$
echo "$token" >"$secret" && chmod 0644 "$secret"
rm -f "$outside"

# A listener on the host's loopback that the programs must not reach.
exec 9< <(python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
print(s.getsockname()[1], flush=True)
time.sleep(600)')
listener=$!
read -r port <&9

mounts_before=$(wc -l </proc/self/mountinfo)
# Groups that were there before the corpus started are not its own: a
# namespace's inode number is reused once it is gone, so a killed run of
# long ago can have left a group with a name this run's pids will match.
groups_before=$(find /sys/fs/cgroup -maxdepth 4 -name "gauntlet-*" 2>/dev/null)
# Groups are named gauntlet-PID-PIDNS-*: pids are of this pid namespace.
pidns=$(stat -L -c %i /proc/self/ns/pid)
# With seccomp user notification the sandbox names the forbidden syscall.
notify=0
grep -qw user_notif /proc/sys/kernel/seccomp/actions_avail 2>/dev/null && notify=1
fail=0 total=0

expected_exit() {
        case $1 in ok) echo 0 ;; internal-error) echo 2 ;; *) echo 1 ;; esac
}

check() { # mode name message
        echo "FAIL $1 $2: $3"
        fail=$((fail + 1))
}

# Containment after a run whose supervisor had pid $2.
check_host() { # mode name pid outfile
        local m=$1 n=$2 pid=$3 out=$4
        if pgrep -f "$bin/" >/dev/null || pgrep -x hostile-daemon >/dev/null; then
                check "$m" "$n" "a corpus process outlived the run: $(pgrep -af "$bin/|hostile-daemon" | head -3)"
        fi
        # Groups are named after the supervisor's pid and pid namespace; a
        # group of ours left behind is empty (its processes are gone,
        # checked above) and still there a moment later.  A pool's groups
        # are named after its workers: checked when it stops.
        local left g kept=
        case $m in *-pool) left= ;; *) left=$(find /sys/fs/cgroup -maxdepth 4 -name "gauntlet-$pid-$pidns-*" 2>/dev/null) ;; esac
        [ -z "$left" ] || sleep 0.5
        for g in $left; do
                grep -qxF "$g" <<<"$groups_before" && continue
                [ -d "$g" ] && [ -z "$(cat "$g/cgroup.procs" 2>/dev/null)" ] && kept="$kept $g"
        done
        [ -z "$kept" ] || check "$m" "$n" "cgroup left:$kept"
        [ "$(wc -l </proc/self/mountinfo)" = "$mounts_before" ] || check "$m" "$n" "a mount was left"
        [ ! -e "$outside" ] || { check "$m" "$n" "the outside path was written"; rm -f "$outside"; }
        [ ! -e /tmp/oldroot ] || check "$m" "$n" "a temporary dir was left in /tmp"
        ! grep -q "$token" "$out" 2>/dev/null || check "$m" "$n" "the secret leaked into the output"
}

# What a run left in its workdir (the copy-back of its disk): no set-id
# bit, nothing of root's (a root caller's program's files are its own host
# uid's, an unprivileged one's the caller's), no more bytes and files than
# the disk limit of its options; nothing put beside the workdir.
check_disk() { # mode name wd options
        local m=$1 n=$2 wd=$3 opts=$4 mib=128 files=8192 found bytes count
        if [[ $opts =~ --disk\ ([0-9]+)(:([0-9]+))? ]]; then
                mib=${BASH_REMATCH[1]}
                [ -z "${BASH_REMATCH[3]}" ] || files=${BASH_REMATCH[3]}
        fi
        found=$(find "$wd" -mindepth 1 -perm /6000 2>/dev/null | head -3)
        [ -z "$found" ] || check "$m" "$n" "set-id files on the host: $found"
        found=$(find "$wd" -mindepth 1 -uid 0 2>/dev/null | head -3)
        [ -z "$found" ] || check "$m" "$n" "files of root's on the host: $found"
        bytes=$(find "$wd" -type f -printf '%s\n' 2>/dev/null | awk '{s += $1} END {print s + 0}')
        count=$(find "$wd" -mindepth 1 2>/dev/null | wc -l)
        [ "$bytes" -le $((mib << 20)) ] && [ "$count" -le "$files" ] ||
                check "$m" "$n" "the workdir holds $bytes bytes in $count files, past --disk $mib:$files"
        found=$(ls -d "$(dirname "$wd")/moved" "$(dirname "$wd")/linked" 2>/dev/null)
        [ -z "$found" ] || { check "$m" "$n" "a file left the workdir: $found"; rm -f $found; }
}

# run_one MODE RESULT OUT WD OPTIONS... -- PROGRAM...; sets rc and pid
run_one() {
        local m=$1 res=$2 out=$3 wd=$4
        shift 4
        local as=() pool=off
        case $m in user*) as=(setpriv --reuid=$nobody --regid=$nobody --clear-groups) ;; esac
        case $m in *-pool) pool=$poolbin/sock-${m%-pool}/pool.sock ;; esac
        local exe=$bin/gauntlet
        case $name in *-full) exe=$bin/gauntlet-full ;; esac
        HOSTILE_HOST_SECRET=$token GAUNTLET_POOL=$pool "${as[@]}" "$exe" run --dir "$bin" --workdir "$wd" \
                --result "$res" "$@" </dev/null >"$out" 2>&1 &
        pid=$!
        wait "$pid"
        rc=$?
}

modes=()
case $who in
both) modes=(root user root-pool user-pool) ;;
root | user | root-pool | user-pool) modes=("$who") ;;
*) die "unknown mode '$who'" ;;
esac

# A pool of the mode's user, and when it stops: no process, no cgroup of
# its workers, no socket left.
pool_start() { # mode
        local as=() sock=$poolbin/sock-${1%-pool}/pool.sock
        case $1 in user*) as=(setpriv --reuid=$nobody --regid=$nobody --clear-groups) ;; esac
        "${as[@]}" "$poolbin/bin/gauntlet" pool --size 2 --socket "$sock" 2>"$stage/pool.err" &
        pool_pid=$!
        for _ in $(seq 200); do grep -q "^gauntlet pool: " "$stage/pool.err" && return 0; sleep 0.02; done
        die "the $1 pool did not start: $(cat "$stage/pool.err")"
}
pool_stop() { # mode
        local workers g w
        workers=$(pgrep -P "$pool_pid")
        kill -TERM "$pool_pid"
        wait "$pool_pid" || check "$1" pool "exit status $? on SIGTERM: $(cat "$stage/pool.err")"
        pool_pid=
        ! pgrep -f "$poolbin/bin/gauntlet pool" >/dev/null || check "$1" pool "pool processes left"
        # (Empty and still there a moment later: the teardown of the last
        # sandboxes may still be removing them.)
        local left= kept=
        for w in $workers; do
                left="$left $(find /sys/fs/cgroup -maxdepth 4 -name "gauntlet-$w-$pidns-*" 2>/dev/null)"
        done
        [ -z "${left// /}" ] || sleep 0.5
        for g in $left; do
                [ -d "$g" ] && [ -z "$(cat "$g/cgroup.procs" 2>/dev/null)" ] && kept="$kept $g"
        done
        [ -z "$kept" ] || check "$1" pool "cgroups of a worker left:$kept"
        [ ! -e "$poolbin/sock-${1%-pool}/pool.sock" ] || check "$1" pool "socket left"
}

for m in "${modes[@]}"; do
        served=0 runs=0
        case $m in *-pool)
                mkdir -p "$stage/run/$m" "$stage/res/$m" && chmod 0755 "$stage/run/$m" "$stage/res/$m"
                [ "$m" = user-pool ] && chown "$nobody:$nobody" "$stage/run/$m" "$stage/res/$m"
                pool_start "$m" ;;
        esac
        beside=$stage/run/$m/beside.txt
        echo "$token" >"$beside" && chmod 0644 "$beside"
        while IFS=$'\t' read -r name for opts expect prog; do
                case $name in '' | '#'*) continue ;; esac
                [ "$for" = root ] && [ "${m%-pool}" != root ] && continue
                [ "$for" = user ] && [ "${m%-pool}" != user ] && continue
                case $prog in *@BIN@/goroutines* | *.test* | *@BIN@/membomb* | *@BIN@/mount*)
                        [ $have_go = 1 ] || { echo "skip $m $name: no Go toolchain"; continue; } ;;
                esac
                total=$((total + 1))
                wd=$stage/run/$m/wd-$name
                rm -rf "$wd" && mkdir -p "$wd"
                case $m in user*) chown "$nobody:$nobody" "$wd" ;; esac
                # *-degraded: a root caller's run whose workdir cannot be
                # idmapped (ramfs): the program has host uid and gid 0.
                case $name in *-degraded) mount -t ramfs ramfs "$wd" && chmod 0777 "$wd" || die "cannot mount a ramfs" ;; esac
                res=$stage/res/$m/$name.json out=$stage/res/$m/$name.out
                rm -f "$res"
                prog=${prog//@BIN@/$bin}
                prog=${prog//@SECRET@/$secret}
                prog=${prog//@BESIDE@/$beside}
                prog=${prog//@OUTSIDE@/$outside}
                prog=${prog//@PORT@/$port}
                read -r -a argv <<<"$prog"
                optv=()
                [ "$opts" = - ] || read -r -a optv <<<"$opts"
                run_one "$m" "$res" "$out" "$wd" "${optv[@]}" -- "${argv[@]}"
                case $name in *-degraded)
                        grep -Eq '"host_uid":[[:space:]]*0,?$' "$res" || check "$m" "$name" "not degraded: $(grep host_uid "$res")"
                        umount "$wd" ;;
                esac
                got=$(sed -n 's/^[[:space:]]*"status":[[:space:]]*"\([a-z-]*\)".*/\1/p' "$res" 2>/dev/null)
                runs=$((runs + 1))
                grep -Eq '"prepared":[[:space:]]*true' "$res" 2>/dev/null && served=$((served + 1))
                if [ "$got" != "$expect" ]; then
                        check "$m" "$name" "status '${got:-none}', expected '$expect' ($(head -c 300 "$out" | tr '\n' ' '))"
                elif [ "$rc" != "$(expected_exit "$expect")" ]; then
                        check "$m" "$name" "exit status $rc for '$expect'"
                elif grep -Eq '"memory":[[:space:]]*"polling"' "$res" &&
                        ! grep -Eq '"memory_uncounted":[[:space:]]*"[^"]+"' "$res"; then
                        check "$m" "$name" "memory by polling, but the record does not say what it leaves uncounted"
                elif [ "$got" = violation ] && [ $notify = 1 ] &&
                        ! grep -Eq '"syscall":[[:space:]]*"[a-z0-9_]+"' "$res"; then
                        check "$m" "$name" "violation without the syscall's name"
                else
                        echo "ok   $m $name: $got"
                fi
                check_host "$m" "$name" "$pid" "$out"
                check_disk "$m" "$name" "$wd" "$opts"
                case $name in
                link-out)
                        # A hard link inside the workdir stays one.
                        [ "$(stat -c %i "$wd/inside" 2>/dev/null)" = "$(stat -c %i "$wd/inside2" 2>/dev/null)" ] ||
                                check "$m" "$name" "the hard link inside the workdir was not kept" ;;
                link-dir)
                        # The links are links on the host; a later run that
                        # makes d a directory and writes in it must not have
                        # the copy-back write through the link d it replaces.
                        [ -L "$wd/d" ] && [ -L "$wd/f" ] || check "$m" "$name" "the links were not kept as links"
                        run_one "$m" "$res" "$out" "$wd" -- "$bin/hostile" through-dir "$outside"
                        [ "$rc" = 0 ] && [ -d "$wd/d" ] && [ ! -L "$wd/d" ] && [ -e "$wd/d/$(basename "$outside")" ] ||
                                check "$m" "$name" "through-dir: exit $rc, $(ls -ld "$wd/d" 2>&1)"
                        check_host "$m" "$name" "$pid" "$out"
                        check_disk "$m" "$name" "$wd" "" ;;
                esac
                if [ "$name" = symlink-plant ]; then
                        # The links now in the workdir point at $outside: the
                        # runner must refuse to write through them.
                        for o in "--stdout $wd/out.txt" "--stderr $wd/out.txt"; do
                                read -r -a ov <<<"$o"
                                run_one "$m" "$res" "$out" "$wd" "${ov[@]}" -- /bin/true
                                [ "$rc" = 2 ] || check "$m" "$name" "'$o' through a planted link: exit $rc"
                                check_host "$m" "$name" "$pid" "$out"
                        done
                        # The record replaces the link (removed before the
                        # run, renamed over it after), never goes through it.
                        run_one "$m" "$wd/result.json" "$out" "$wd" -- /bin/true
                        [ "$rc" = 0 ] && [ -f "$wd/result.json" ] && [ ! -L "$wd/result.json" ] ||
                                check "$m" "$name" "--result at a planted link: exit $rc, $(ls -l "$wd/result.json")"
                        check_host "$m" "$name" "$pid" "$out"
                fi
        done <"$src/corpus.tsv"
        case $m in
        *-pool)
                # A run that came while both sandboxes were still being made
                # again runs by itself; nearly all must have been served.
                if [ $((served * 10)) -lt $((runs * 9)) ]; then
                        check "$m" pool "only $served of $runs runs were served by the pool"
                else
                        echo "ok   $m: $served of $runs runs in prepared sandboxes"
                fi
                pool_stop "$m" ;;
        *)
                [ "$served" = 0 ] || check "$m" pool "$served runs say prepared without a pool" ;;
        esac
done

echo "hostile corpus: $total runs, $fail failures"
[ "$fail" = 0 ]
