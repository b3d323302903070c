#!/bin/bash
# supervisor-paths.sh — what a program leaves behind cannot hijack the
# files `gauntlet run` opens for it (issue #14, points 4, 5 and 12): a FIFO
# planted at --result, --stdout or --stdin never hangs a run; no record,
# output or input goes through a folder link planted in the workdir; a
# directory, a read-only forged record or a stale record never stands in
# for the record; the program cannot rewrite its input, nor learn where it
# lives; gauntlet's own stdin is passed on when it is a pipe or a file,
# /dev/null for a terminal or none.  After every case the host is checked:
# no hang (every run under a timeout), files outside untouched, no process
# left.  As root and as nobody, each without and through a pool.
#
# usage: supervisor-paths.sh GAUNTLET SRCDIR [root|user|root-pool|user-pool|all]
set -u
gauntlet=$1 src=$2 who=${3:-all}
if [ -z "${PATHS_CONFINED:-}" ]; then
        [ "$(id -u)" = 0 ] || { echo "skipped: needs root to confine the runs and to switch to nobody"; exit 77; }
        PATHS_CONFINED=1 exec unshare --mount --pid --fork --mount-proc --propagation private bash "$0" "$@"
fi
die() { echo "supervisor-paths: $*" >&2; exit 2; }
nobody=65534
# Binaries in a stage every user can traverse (the build dir may not be).
stage=$(mktemp -d /tmp/gauntlet-paths.XXXXXX) || die "cannot create a stage in /tmp"
pool_pid=
cleanup() {
        [ -z "$pool_pid" ] || kill -KILL "$pool_pid" 2>/dev/null
        chmod -R u+w "$stage" 2>/dev/null
        rm -rf "$stage"
}
trap cleanup EXIT
bin=$stage/bin
mkdir -p "$bin" "$stage/libexec/gauntlet" && chmod 0755 "$stage" "$bin" "$stage/libexec" "$stage/libexec/gauntlet" ||
        die "cannot make the stage"
cc -O1 -pthread -o "$bin/hostile" "$src/hostile.c" || die "cannot build hostile.c"
cp "$gauntlet" "$bin/gauntlet" && cp "$(dirname "$gauntlet")/../libexec/gauntlet/gauntlet" "$stage/libexec/gauntlet/" &&
        chmod -R a+rX "$bin" "$stage/libexec" || die "cannot stage gauntlet"

fail=0 cases=0
bad() { echo "FAIL $m $*"; fail=$((fail + 1)); }
ok() { echo "ok   $m $*"; }
field() { # file name: a scalar field of a record
        sed -n "s/^[[:space:]]*\"$2\":[[:space:]]*\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$1" 2>/dev/null | head -1
}

# g ARGS...: `gauntlet run --dir BIN --workdir WD ARGS...` as the mode's
# user, through its pool or not, under a timeout; stdout in out.txt,
# stderr in err.txt (the stage's, not the workdir's), exit status in rc.
g() {
        timeout -k 2 20 env GAUNTLET_POOL="$pool" "${as[@]}" "$bin/gauntlet" run --dir "$bin" --workdir "$wd" "$@" \
                >"$t/out.txt" 2>"$t/err.txt"
        rc=$?
        runs=$((runs + 1))
}
# expect CASE WANT_EXIT: rc as wanted, and the containment checks.
expect() {
        local what=$1 want=$2
        cases=$((cases + 1))
        if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
                bad "$what: the run hung (killed after 20 s)"
        elif [ "$rc" != "$want" ]; then
                bad "$what: exit $rc, want $want: $(head -c 300 "$t/err.txt")"
        else
                ok "$what"
        fi
        # (this script has a pid namespace of its own: only its processes)
        if pgrep -f "$bin/hostile|$bin/gauntlet run" >/dev/null || pgrep -f "$progs" >/dev/null; then
                bad "$what: a process outlived the run: $(pgrep -af "$bin/hostile|$bin/gauntlet run|$progs" | head -3)"
        fi
        if [ "$(ls -A "$host")" != secret ] || [ "$(cat "$host/secret")" != "$token" ]; then
                bad "$what: the folder outside the run changed: $(ls -lA "$host" | tr '\n' ' ')"
                find "$host" -mindepth 1 ! -name secret -exec rm -rf {} +
        fi
}
record_is() { # CASE FILE STATUS [EXIT_CODE]: a real record of this run
        local st= code=
        # (what is there may be a FIFO: never read one)
        if [ -f "$2" ] && [ ! -L "$2" ]; then
                st=$(field "$2" status)
                code=$(field "$2" exit_code)
        fi
        if [ "$st" != "$3" ] || { [ -n "${4:-}" ] && [ "$code" != "$4" ]; }; then
                bad "$1: the record is not this run's ($3 ${4:-}): $(ls -ld "$2" 2>&1) $([ -f "$2" ] && head -c 200 "$2")"
        elif [ -n "$pool" ]; then
                records=$((records + 1))
                [ "$(field "$2" prepared)" = true ] && served=$((served + 1))
        fi
}
one_line() { # CASE PATTERN: gauntlet said why, in one line
        [ "$(wc -l <"$t/err.txt")" = 1 ] && grep -q "^gauntlet run: $2" "$t/err.txt" ||
                bad "$1: stderr: $(cat "$t/err.txt")"
}
fresh_wd() {
        chmod -R u+w "$wd" 2>/dev/null
        rm -rf "$wd" && mkdir -p "$wd" && chown "$uid:$uid" "$wd"
}

pool_start() {
        mkdir -p "$stage/sock-$m" && chmod 0700 "$stage/sock-$m" && chown "$uid:$uid" "$stage/sock-$m"
        pool=$stage/sock-$m/pool.sock
        "${as[@]}" "$bin/gauntlet" pool --size 2 --socket "$pool" 2>"$stage/pool-$m.err" &
        pool_pid=$!
        for _ in $(seq 200); do grep -q "^gauntlet pool: " "$stage/pool-$m.err" && return 0; sleep 0.02; done
        die "the $m pool did not start: $(cat "$stage/pool-$m.err")"
}
pool_stop() {
        kill -TERM "$pool_pid"
        wait "$pool_pid" || bad "pool: exit status $? on SIGTERM"
        pool_pid=
}

token=paths-secret-$RANDOM$RANDOM
progs='^(/bin/cat|/usr/bin/md5sum|/usr/bin/head|/bin/sh -c chmod)( |$)' # the other programs run
case $who in all) modes=(root user root-pool user-pool) ;; *) modes=("$who") ;; esac
for m in "${modes[@]}"; do
        as=() uid=0 pool= runs=0 served=0 records=0
        case $m in user*) as=(setpriv --reuid=$nobody --regid=$nobody --clear-groups) uid=$nobody ;; esac
        t=$stage/$m
        wd=$t/wd host=$t/host res=$t/res.json
        mkdir -p "$t" "$host" && chmod 0755 "$t" && chown "$uid:$uid" "$t" "$host" || die "cannot make '$t'"
        echo "$token" >"$host/secret" && chown "$uid:$uid" "$host/secret"
        fresh_wd
        case $m in *-pool) pool_start ;; esac

        # --- point 4: FIFOs planted where the supervisor opens files ---
        g --result "$wd/result.json" -- "$bin/hostile" plant-fifos
        expect "a FIFO planted at --result" 0
        record_is "a FIFO planted at --result" "$wd/result.json" ok 0
        g --stdout "$wd/out.txt" --result "$res" -- /bin/true
        expect "a FIFO left at --stdout" 2
        one_line "a FIFO left at --stdout" "cannot open stdout '$wd/out.txt': a FIFO without a reader"
        g --stdin "$wd/in.txt" --result "$res" -- /bin/true
        expect "a FIFO left at --stdin" 2
        one_line "a FIFO left at --stdin" "cannot open stdin '$wd/in.txt': neither a regular file"
        [ -p "$wd/out.txt" ] && [ -p "$wd/in.txt" ] || bad "the FIFOs were replaced: $(ls -l "$wd")"

        # --- a folder link planted in place of a folder of the workdir ---
        fresh_wd
        mkdir "$wd/sub" && chown "$uid:$uid" "$wd/sub"
        g --result "$wd/sub/r.json" -- "$bin/hostile" plant-dirlink "$host"
        expect "--result through a folder link planted by the run" 2
        one_line "--result through a folder link" "cannot write the result to '$wd/sub/r.json': a symbolic link where none is followed"
        [ ! -e "$wd/sub/r.json" ] || bad "a record through the link"
        g --stdout "$wd/sub/o.txt" --result "$res" -- /bin/echo leaked
        expect "--stdout through a folder link left by a run" 2
        g --stdin "$wd/sub/secret" --result "$res" -- /bin/cat
        expect "--stdin through a folder link left by a run" 2
        ! grep -q "$token" "$t/out.txt" "$res" 2>/dev/null || bad "--stdin through a folder link: the secret was read"

        # --- the record: a directory, a read-only forgery, a stale one ---
        fresh_wd
        g --result "$wd/result.json" -- "$bin/hostile" plant-dir
        expect "a directory planted at --result" 1
        record_is "a directory planted at --result" "$wd/result.json" nonzero-exit 7
        [ -d "$(echo "$wd"/result.json.displaced-*)" ] || bad "the planted directory was not moved aside: $(ls -la "$wd")"
        fresh_wd
        g --result "$wd/result.json" -- "$bin/hostile" forge-record
        expect "a read-only forged record" 1
        record_is "a read-only forged record" "$wd/result.json" nonzero-exit 7
        [ "$(stat -c %a "$wd/result.json")" = 644 ] || bad "record mode $(stat -c %a "$wd/result.json")"
        # A stale record, and a run after which no record can be written
        # (the program makes its workdir read-only; root is not stopped).
        fresh_wd
        g --result "$wd/result.json" -- /bin/true
        g --result "$wd/result.json" -- /bin/sh -c 'chmod 0555 .; exit 3'
        if [ "$uid" = 0 ]; then
                expect "a workdir made read-only (root writes anyway)" 1
                record_is "a workdir made read-only" "$wd/result.json" nonzero-exit 3
        else
                expect "a workdir made read-only: no record" 2
                one_line "a workdir made read-only" "cannot write the result to '$wd/result.json': Permission denied$"
                [ ! -e "$wd/result.json" ] || bad "a stale record stayed: $(cat "$wd/result.json")"
        fi
        fresh_wd
        g --result "$wd/result.json" -- "$bin/hostile" forge-locked
        if [ "$uid" = 0 ]; then
                expect "a forged record in a read-only workdir (root)" 1
                record_is "a forged record in a read-only workdir" "$wd/result.json" nonzero-exit 7
        else
                expect "a forged record in a read-only workdir" 2
                one_line "a forged record in a read-only workdir" "cannot write the result to .*Permission denied (what is at that path is not this run's record)$"
        fi

        # --- point 5: the program cannot rewrite its input, nor learn where it is ---
        fresh_wd
        input=$t/input.txt
        printf 'line one\n%s\n' "$token" >"$input" && chmod 0644 "$input" && chown "$uid:$uid" "$input"
        sum=$(md5sum <"$input")
        g --stdin "$input" --result "$res" -- "$bin/hostile" stdin-rewrite
        expect "--stdin reopened for writing" 0
        [ "$(md5sum <"$input")" = "$sum" ] && [ "$(stat -c %a "$input")" = 644 ] ||
                bad "--stdin: the input changed: $(stat -c %a "$input") $(head -c 100 "$input")"
        ! grep -q "$input" "$t/out.txt" || bad "--stdin: the program learnt the input's path: $(cat "$t/out.txt")"
        g --result "$res" -- "$bin/hostile" stdin-rewrite <"$input"
        expect "gauntlet's stdin reopened for writing" 0
        [ "$(md5sum <"$input")" = "$sum" ] && [ "$(stat -c %a "$input")" = 644 ] ||
                bad "stdin: the input changed: $(stat -c %a "$input") $(head -c 100 "$input")"
        ! grep -q "$input" "$t/out.txt" || bad "stdin: the program learnt the input's path: $(cat "$t/out.txt")"

        # --- point 12: gauntlet's own stdin ---
        echo hi | g --result "$res" -- /bin/cat
        expect "a pipe passed on" 0
        [ "$(cat "$t/out.txt")" = hi ] || bad "a pipe passed on: '$(cat "$t/out.txt")'"
        g --result "$res" -- "$bin/hostile" stdin-kind <"$input"
        expect "a file passed on" 0
        [ "$(cat "$t/out.txt")" = "stdin: pipe line one" ] || bad "a file passed on: '$(cat "$t/out.txt")'"
        g --result "$res" -- "$bin/hostile" stdin-kind <&-
        expect "no stdin" 0
        [ "$(cat "$t/out.txt")" = "stdin: /dev/null " ] || bad "no stdin: '$(cat "$t/out.txt")'"
        python3 - "$t/out.txt" timeout -k 2 20 env GAUNTLET_POOL="$pool" "${as[@]}" "$bin/gauntlet" run --dir "$bin" \
                -- "$bin/hostile" stdin-kind <<'EOF'
import os, pty, subprocess, sys
master, slave = pty.openpty()
r = subprocess.run(sys.argv[2:], stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
open(sys.argv[1], "wb").write(r.stdout)
sys.exit(r.returncode)
EOF
        rc=$?
        expect "a terminal" 0
        [ "$(cat "$t/out.txt")" = "stdin: /dev/null " ] || bad "a terminal: '$(cat "$t/out.txt")'"
        # Much more than a pipe holds, from a pipe and from a file: all of it.
        head -c 5000000 /dev/urandom >"$t/big" && chmod 0644 "$t/big"
        want=$(md5sum <"$t/big")
        cat "$t/big" | g --result "$res" -- /usr/bin/md5sum
        expect "5 MB through a pipe" 0
        [ "$(cat "$t/out.txt")" = "$want" ] || bad "5 MB through a pipe: $(cat "$t/out.txt")"
        g --stdin "$t/big" --result "$res" -- /usr/bin/md5sum
        expect "5 MB from --stdin" 0
        [ "$(cat "$t/out.txt")" = "$want" ] || bad "5 MB from --stdin: $(cat "$t/out.txt")"
        # A program that never reads, or stops early, is not held up.
        yes | g --result "$res" -- /bin/true
        expect "an endless pipe, never read" 0
        yes | g --result "$res" -- /usr/bin/head -c 4
        expect "an endless pipe, read a little" 0
        [ "$(cat "$t/out.txt")" = "$(printf 'y\ny')" ] || bad "an endless pipe, read a little: '$(cat "$t/out.txt")'"

        case $m in *-pool)
                pool_stop
                # (a run may come while both sandboxes are being made again)
                [ "$served" -ge $((records - 1)) ] && ok "records of the pool say prepared ($served of $records)" ||
                        bad "only $served of $records records say prepared" ;;
        esac
done
echo "supervisor paths: $cases cases, $fail failures"
[ "$fail" = 0 ]
