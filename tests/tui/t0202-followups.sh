#!/bin/bash
# Follow-up questions in the screen: a mock interview on a library problem
# is submitted, its grading report says the interviewer has questions, any
# key opens the first one, a reveals its model answer, n moves on with the
# answer hidden again, f reopens them.  A take-home's screen shows none
# after its submit.
set -u
G=${1:?usage: $0 PATH-TO-GAUNTLET}
SRC=${GAUNTLET_SOURCE_DIR:?GAUNTLET_SOURCE_DIR must name the source tree}
command -v tmux >/dev/null || { echo "skip: tmux is not installed"; exit 77; }
PY=$(command -v python3) || { echo "skip: python3 is needed to read problem.json"; exit 77; }
mkdir -p "${GAUNTLET_TEST_TMP:-/tmp}"
T=$(mktemp -d "${GAUNTLET_TEST_TMP:-/tmp}/gauntlet-tui.XXXXXX")
export XDG_DATA_HOME="$T/xdg-data"
SOCKDIR=$(mktemp -d "${TMPDIR:-/tmp}/gtx.XXXXXX")
N=0
SOCK="$SOCKDIR/s$N"
trap 'tmux -S "$SOCK" kill-server 2>/dev/null; rm -rf "$T" "$SOCKDIR"' EXIT
cd "$T"
unset GAUNTLET_PROBLEMS
P=error-classify
fail() { printf 'FAIL: %s\n' "$*" >&2; tmux -S "$SOCK" capture-pane -p -t s >&2; exit 1; }
screen() { tmux -S "$SOCK" capture-pane -p -t s; }
keys() { tmux -S "$SOCK" send-keys -t s "$@"; }
wait_for() {
	local i
	for ((i = 0; i < ${2:-10} * 10; i++)); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	fail "the screen never showed /$1/"
}
run_in() {
	tmux -S "$SOCK" kill-server 2>/dev/null
	N=$((N + 1))
	SOCK="$SOCKDIR/s$N"
	tmux -S "$SOCK" -f /dev/null new-session -d -s s -x 120 -y 40 "cd '$T' && $*; echo '[exited]'; sleep 600"
}
# The first words of each question and answer, as the manifest has them.
words() { "$PY" -c "import json,sys; f=json.load(open('$SRC/problems/$P/problem.json'))['followups']
print(' '.join(f[int(sys.argv[1])][sys.argv[2]].split()[:5]))" "$1" "$2"; }
Q1=$(words 0 question) A1=$(words 0 answer) Q2=$(words 1 question)
[ -n "$Q1" ] && [ -n "$A1" ] && [ -n "$Q2" ] || fail "no follow-ups in $P"
"$G" test --help >/dev/null || exit 1

# --- a mock: the report, then the questions ---------------------------
run_in "TERM=xterm-256color LANG=C.UTF-8 '$G' start --problem $P --mode mock --minutes 20 --workspace m"
wait_for "mock . Error classification"
cp "$SRC/problems/$P/reference/"*.go m/code/
keys s
wait_for "Submit now\?"
keys y
wait_for "Grading report \($P\)" 300
wait_for "follow-up questions: press any key"
keys x
wait_for "Follow-up question 1 of [0-9]+"
wait_for "$Q1"
screen | grep -qF -- "$A1" && fail "the model answer shows before a is pressed"
wait_for "press a for the model answer"
keys a
wait_for "Model answer:"
wait_for "$A1"
keys n
wait_for "Follow-up question 2 of"
wait_for "$Q2"
screen | grep -q "Model answer:" && fail "the next question shows its answer unasked"
keys q
wait_for "f follow-up questions"
keys f
wait_for "Follow-up question 1 of"
keys q
keys q
wait_for "\[exited\]"

# --- a take-home: nothing of the kind ---------------------------------
run_in "TERM=xterm-256color LANG=C.UTF-8 '$G' start '$SRC/problems/$P' --workspace th"
wait_for "take-home . Error classification"
cp "$SRC/problems/$P/reference/"*.go th/code/
keys s
wait_for "Submit now\?"
keys y
wait_for "Submitted \(on time\)"
keys x
wait_for "submitted . l log"
# f must do nothing: the timeline (l) then opens, which it would not over
# an open follow-up view.
keys f
keys l
wait_for "Timeline \("
screen | grep -qiE "follow-up|Model answer" && fail "a take-home screen shows follow-up questions"
screen | grep -qF -- "$Q1" && fail "a take-home screen shows a question"
keys x
keys q
wait_for "\[exited\]"
exit 0
