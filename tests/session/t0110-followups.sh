#!/bin/bash
# Follow-up questions: a graded mock's submit prints the questions (not the
# answers); `gauntlet followups` prints them with the escape analysis of
# the candidate's own code, and the model answers with --answers; before
# the submit, in a take-home and in a mock without grading parts there are
# none.  No question or answer byte reaches a public bundle, a take-home
# session folder or its submission archive.
. "$(dirname "$0")/lib.sh"
PY=$(command -v python3) || { echo "skip: python3 is needed to read problem.json"; exit 77; }
# field PROBLEM INDEX KEY: a follow-up's text, as the manifest has it.
field() { "$PY" -c "import json,sys; print(json.load(open('$SRC/problems/$1/problem.json'))['followups'][$2]['$3'])"; }
P=error-classify
Q1=$(field $P 0 question) Q2=$(field $P 1 question) A1=$(field $P 0 answer) A2=$(field $P 1 answer)
# The checks look for the first 40 bytes: the text is wrapped when printed.
q1=${Q1:0:40} q2=${Q2:0:40} a1=${A1:0:40} a2=${A2:0:40}

# --- none before the submit; the questions after it ---------------------
expect_status 0 "$G" start --problem $P --mode mock --minutes 20 --workspace m --no-screen
expect_status 2 "$G" followups --session m
expect_in "$T/err" "submit first"
cp "$SRC/problems/$P/reference/"*.go m/code/
if ! can_run_tests m; then echo "skip: no Go toolchain"; exit 77; fi
expect_status 0 "$G" submit --session m
expect_in "$T/out" "score: 100.00 / 100"
expect_in "$T/out" "Follow-up questions \([0-9]+\)"
expect_in "$T/out" "followups --answers"
grep -qF -- "$q1" "$T/out" || fail "submit does not print the first question"
grep -qF -- "$a1" "$T/out" && fail "submit prints a model answer"
expect_status 0 "$G" followups --session m --no-evidence
grep -qF -- "$q2" "$T/out" || fail "followups does not print the second question"
grep -qF -- "$a1" "$T/out" && fail "followups prints an answer without --answers"
expect_status 0 "$G" followups --session m 2 --answers
grep -qF -- "$a2" "$T/out" || fail "followups 2 --answers does not print the second answer"
grep -qF -- "$q1" "$T/out" && fail "followups 2 prints the first question"
expect_status 2 "$G" followups --session m 99
expect_in "$T/err" "not 99"
expect_status 2 "$G" followups --session m --bogus

# --- evidence: the escape analysis of the candidate's own files ---------
L=logline-parser
expect_status 0 "$G" start --problem $L --mode mock --minutes 20 --workspace e --no-screen
cp "$SRC/problems/$L/reference/"*.go e/code/
expect_status 0 "$G" submit --session e --no-grade
expect_not_in "$T/out" "Follow-up questions"
expect_status 0 "$G" followups --session e
expect_in "$T/out" "Escape analysis of your code \(go build -gcflags=-m\), [0-9]+ heap sites?:"
expect_in "$T/out" "\| +logline\.go:[0-9]+:[0-9]+ +&SyntaxError\{\.\.\.\} escapes to heap"
expect_not_in "$T/out" "does not escape|leaking param|can inline"
expect_status 0 "$G" followups --session e --no-evidence
expect_not_in "$T/out" "Escape analysis"
# Code that does not compile is evidence too, not a failure.
expect_status 0 "$G" start --problem $L --mode mock --minutes 20 --workspace broken --no-screen
printf 'package logline\n\nfunc Broken() int { return "x" }\n' >broken/code/broken.go
expect_status 0 "$G" submit --session broken --no-grade
expect_status 0 "$G" followups --session broken
expect_in "$T/out" "Escape analysis: your code does not compile"
expect_in "$T/out" "broken.go:3"

# --- a take-home has none, anywhere ------------------------------------
expect_status 0 "$G" start "$SRC/problems/$P" --workspace th --no-screen
cp "$SRC/problems/$P/reference/"*.go th/code/
expect_status 0 "$G" submit --session th
expect_not_in "$T/out" "Follow-up|follow-up"
expect_status 2 "$G" followups --session th
expect_in "$T/err" "take-home session has none"
no_followups() { # no_followups FOLDER: no question or answer of $P in any file
	local q
	for q in "$q1" "$q2" "$a1" "$a2"; do
		! grep -rqF -- "$q" "$1" || fail "'$q' found in $1: $(grep -rlF -- "$q" "$1")"
	done
	! grep -rq '"followups"' "$1" || fail "a followups member in $1"
}
no_followups th
mkdir th-archive && tar -xzf th/$P-submission.tar.gz -C th-archive
no_followups th-archive

# --- bundles: the public part carries none, the grading part does ------
expect_status 0 "$G" pack "$SRC/problems/$P" -o dist
mkdir pub grading
tar -xzf dist/$P.public.tar.gz -C pub
tar -xzf dist/$P.grading.tar.gz -C grading
no_followups pub
grep -rqF -- "$a1" grading || fail "the grading bundle lacks the follow-ups"
# A take-home from the public bundle, and a mock from it without grading
# parts: no follow-ups either.
expect_status 0 "$G" start dist/$P.public.tar.gz --workspace thb --no-screen
expect_status 0 "$G" submit --session thb
no_followups thb
expect_status 0 "$G" start dist/$P.public.tar.gz --mode mock --workspace mb --no-screen
expect_status 0 "$G" submit --session mb
expect_status 2 "$G" followups --session mb
expect_in "$T/err" "no grading parts"
# The same mock with --grading: the questions are back.
expect_status 0 "$G" start dist/$P.public.tar.gz --mode mock --grading dist/$P.grading.tar.gz --workspace mg --no-screen
cp "$SRC/problems/$P/reference/"*.go mg/code/
expect_status 0 "$G" submit --session mg --no-grade
expect_status 0 "$G" followups --session mg --answers
grep -qF -- "$a1" "$T/out" || fail "a mock with --grading B shows no answers"
exit 0
