#!/usr/bin/env bash
# Scratch folders of killed gradings: a SIGKILLed grading leaves its
# folder, the next grading sweeps it, and never a live grading's (here a
# stopped one), a --keep folder, another version's folder without a lock,
# or anything a symlink points to.  SIGTERM and SIGINT remove the folder
# at once.
. "$(dirname "$0")/glib.sh"
need_sandbox
need_go
need_cc
P=$FIX/go-counter
private_tmpdir
scratch() { find "$TMPDIR" -mindepth 1 -maxdepth 1 -name 'gauntlet-grade-*' -type d | sort; }

# B runs, and is stopped mid-build: alive, holding its lock
"$G" grade --quick --bundle "$P" "$P/reference" >b.out 2>&1 &
B=$!
wait_build 1
kill -STOP $B
B_DIR=$(scratch)
[ -f "$B_DIR/lock" ] || fail "no lock file in $B_DIR"

# A is killed mid-build: its folder stays behind
"$G" grade --bundle "$P" "$P/reference" >a.out 2>&1 &
A=$!
wait_build 2
kill -KILL $A
wait $A 2>/dev/null
A_DIR=$(scratch | grep -v "^$B_DIR\$")
[ -n "$A_DIR" ] && [ -d "$A_DIR" ] || fail "the killed grading's folder is not there"

# things a sweep must never take
mkdir -p "$T/victim/data" "$T/outside"
: >"$T/victim/lock" && echo keep >"$T/victim/data/x" && echo keep >"$T/outside/x"
ln -s "$T/victim" "$TMPDIR/gauntlet-grade-link"
mkdir "$TMPDIR/gauntlet-grade-oldver" && echo x >"$TMPDIR/gauntlet-grade-oldver/f"
# a dead grading's folder holding a symlink out, a read-only folder and a
# deep nest (made by hand: a lock file nobody holds)
D=$TMPDIR/gauntlet-grade-dead01
mkdir -p "$D/ro" && : >"$D/lock" && ln -s "$T/outside" "$D/out-link" && echo x >"$D/ro/f" && chmod 500 "$D/ro"
(cd "$D" && for _ in $(seq 300); do mkdir n && cd n || exit 1; done && echo deep >f) || fail "cannot make the nest"
if [ "$(id -u)" = 0 ]; then
	mkdir "$TMPDIR/gauntlet-grade-other" && : >"$TMPDIR/gauntlet-grade-other/lock"
	chown -R 65534:65534 "$TMPDIR/gauntlet-grade-other"
fi

# C, another grading, sweeps what is dead and only that
expect_status 0 "$G" grade --bundle "$FIX/c-sum" "$FIX/c-sum/reference"
[ -d "$A_DIR" ] && fail "the killed grading's folder survived the next grading"
[ -d "$D" ] && fail "a dead folder with a symlink, a read-only folder and a deep nest was not swept"
[ -d "$B_DIR" ] && [ -f "$B_DIR/lock" ] || fail "the live (stopped) grading's folder was taken"
[ -f "$T/victim/data/x" ] && [ -f "$T/victim/lock" ] || fail "a sweep followed a symlink in TMPDIR"
[ -L "$TMPDIR/gauntlet-grade-link" ] || fail "the symlink itself was removed"
[ -f "$T/outside/x" ] || fail "a sweep followed a symlink inside a folder"
[ -f "$TMPDIR/gauntlet-grade-oldver/f" ] || fail "a folder without a lock was taken"
if [ "$(id -u)" = 0 ]; then
	[ -d "$TMPDIR/gauntlet-grade-other" ] || fail "another user's folder was taken"
	rm -rf "$TMPDIR/gauntlet-grade-other"
fi
rm -rf "$TMPDIR/gauntlet-grade-oldver" "$TMPDIR/gauntlet-grade-link"

# B goes on and removes its own folder at the end
kill -CONT $B
wait $B || { cat b.out; fail "the stopped grading failed after it went on"; }
grep -q 'score 100.00' b.out || { cat b.out; fail "the stopped grading lost marks"; }
[ -z "$(scratch)" ] || fail "folders left: $(scratch)"

# --keep: the folder stays, marked, and no later grading takes it
expect_status 0 "$G" grade --keep --bundle "$FIX/c-sum" "$FIX/c-sum/reference"
K=$(scratch)
[ -n "$K" ] && [ -f "$K/kept" ] || fail "no kept folder"
expect_status 0 "$G" grade --bundle "$FIX/c-sum" "$FIX/c-sum/reference"
[ "$(scratch)" = "$K" ] || fail "a kept folder was swept"
rm -rf "$K"

# SIGTERM and SIGINT mid-build: the grading removes its folder before it
# ends by the signal (a background job starts with SIGINT ignored, so the
# grading is started with it back at the default)
for sig in TERM INT; do
	python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])' \
		"$G" grade --bundle "$P" "$P/reference" >d.out 2>&1 &
	DP=$!
	wait_build 1
	kill -$sig $DP
	wait $DP
	st=$?
	want=$((128 + $(kill -l $sig)))
	[ $st -eq $want ] || fail "SIG$sig: exit status $st, want $want"
	[ -z "$(scratch)" ] || fail "SIG$sig left $(scratch)"
done
exit 0
