#!/usr/bin/env bash
# Every temporary folder of gauntlet is a locked scratch folder: a
# SIGKILLed validate leaves its gauntlet-validate-* folder and the next
# validate sweeps it, never a live (stopped) one's; SIGTERM removes both
# folders of a validate (its own and its grading's) at once; the folders
# of a killed grade of archives (.gauntlet-bundle-*, gauntlet-sub-*) are
# swept by the next grade of archives, never a live one's.
. "$(dirname "$0")/glib.sh"
need_sandbox
need_go
need_cc
P=$FIX/go-counter
private_tmpdir
PIDS=
trap 'for p in $PIDS; do kill -KILL "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
# kind PATTERN: the folders of that kind in TMPDIR
kind() { find "$TMPDIR" -mindepth 1 -maxdepth 1 -name "$1" -type d | sort; }
# other PATTERN DIR: the folder of that kind that is not DIR
other() { kind "$1" | grep -v "^$2\$"; }

# validate B is stopped mid-build: alive, its folders locked
"$G" validate "$P" >b.out 2>&1 &
B=$!
PIDS="$PIDS $B"
wait_build 1
kill -STOP $B
B_VDIR=$(kind 'gauntlet-validate-*')
[ -n "$B_VDIR" ] && [ -f "$B_VDIR/lock" ] || fail "no locked validate folder: '$B_VDIR'"

# validate A is SIGKILLed mid-build: its validate folder stays
"$G" validate "$P" >a.out 2>&1 &
A=$!
wait_build 2
kill -KILL $A
wait $A 2>/dev/null
A_VDIR=$(other 'gauntlet-validate-*' "$B_VDIR")
[ -n "$A_VDIR" ] && [ -d "$A_VDIR" ] || fail "the killed validate's folder is not there"

# validate C sweeps A's folder and leaves B's
expect_status 0 "$G" validate "$FIX/c-sum"
[ -d "$A_VDIR" ] && fail "the killed validate's folder survived the next validate"
[ -d "$B_VDIR" ] && [ -f "$B_VDIR/lock" ] || fail "the live (stopped) validate's folder was taken"
[ "$(kind 'gauntlet-grade-*' | wc -l)" -eq 1 ] || fail "grade folders: $(kind 'gauntlet-grade-*')"

# SIGTERM: B removes its validate folder and its grading's before it ends
kill -TERM $B
kill -CONT $B
wait $B
st=$?
[ $st -eq 143 ] || { cat b.out; fail "SIGTERM: exit status $st, want 143"; }
[ -z "$(kind 'gauntlet-*')" ] || fail "SIGTERM left $(kind 'gauntlet-*')"

# a grade of a grading bundle archive and a submission archive
expect_status 0 "$G" pack "$P" -o dist
mkdir -p sub/code && cp "$P"/reference/*.go "$P/reference/go.mod" sub/code/ && echo '{}' >sub/submission.json &&
	printf '' >sub/journal.jsonl && tar -czf sub.tar.gz -C sub submission.json journal.jsonl code
GA=(grade --quick --bundle dist/go-counter.grading.tar.gz sub.tar.gz)

# E is stopped mid-build, D is SIGKILLed mid-build
"$G" "${GA[@]}" >e.out 2>&1 &
E=$!
PIDS="$PIDS $E"
wait_build 1
kill -STOP $E
E_BDIR=$(kind '.gauntlet-bundle-*') E_SDIR=$(kind 'gauntlet-sub-*')
[ -f "$E_BDIR/lock" ] && [ -f "$E_SDIR/lock" ] || fail "no locked bundle and submission folders"
"$G" "${GA[@]}" >d.out 2>&1 &
D=$!
wait_build 2
kill -KILL $D
wait $D 2>/dev/null
D_BDIR=$(other '.gauntlet-bundle-*' "$E_BDIR") D_SDIR=$(other 'gauntlet-sub-*' "$E_SDIR")
[ -d "$D_BDIR" ] && [ -d "$D_SDIR" ] || fail "the killed grade left no bundle or submission folder"

# the next grade of archives sweeps D's folders, never E's
expect_status 0 "$G" "${GA[@]}"
[ -d "$D_BDIR" ] && fail "the killed grade's bundle folder survived the next grade"
[ -d "$D_SDIR" ] && fail "the killed grade's submission folder survived the next grade"
[ -d "$E_BDIR" ] && [ -d "$E_SDIR" ] || fail "a live grade's bundle or submission folder was taken"

kill -CONT $E
wait $E || { cat e.out; fail "the stopped grade failed after it went on"; }
[ -z "$(kind '*gauntlet-*')" ] || fail "folders left: $(kind '*gauntlet-*')"
exit 0
