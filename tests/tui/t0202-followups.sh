#!/bin/bash
# Follow-up questions in the screen: a mock interview on a library problem
# is submitted, its debrief says the interviewer has questions, q opens
# the first one, a reveals its model answer, n moves on with the
# answer hidden again, f reopens them.  A take-home's screen shows none
# after its submit.
. "$(dirname "$0")/lib.sh"
PY=$(command -v python3) || { echo "skip: python3 is needed to read problem.json"; exit 77; }
P=error-classify
# The first words of each question and answer, as the manifest has them.
words() { "$PY" -c "import json,sys; f=json.load(open('$SRC/problems/$P/problem.json'))['followups']
print(' '.join(f[int(sys.argv[1])][sys.argv[2]].split()[:5]))" "$1" "$2"; }
Q1=$(words 0 question) A1=$(words 0 answer) Q2=$(words 1 question)
[ -n "$Q1" ] && [ -n "$A1" ] && [ -n "$Q2" ] || fail "no follow-ups in $P"
"$G" test --help >/dev/null || exit 1

# --- a mock: the report, then the questions ---------------------------
run_in 120 40 "TERM=xterm-256color LANG=C.UTF-8 '$G' start --problem $P --mode mock --minutes 20 --workspace m"
wait_for "mock . Error classification"
cp "$SRC/problems/$P/reference/"*.go m/code/
keys s
wait_for "Submit now\?"
keys y
wait_for "Grading report \($P\)" 300
wait_for "q the interviewer's questions"
keys q
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
run_in 120 40 "TERM=xterm-256color LANG=C.UTF-8 '$G' start '$SRC/problems/$P' --workspace th"
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
