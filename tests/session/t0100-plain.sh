#!/bin/bash
# A whole session with plain commands: start, status, resume, submit,
# verify, log and replay; reproducible sealing; precise refusals.
. "$(dirname "$0")/lib.sh"

expect_status 0 "$G" start "$PROBLEM" --workspace s --no-screen
expect_in "$T/out" "session started: worker-pool"
[ -f s/code/go.mod ] && [ -f s/statement.md ] || fail "starter code or statement not copied"
# The candidate's side never holds the secret parts.
[ ! -e s/.gauntlet/problem/tests/hidden ] && [ ! -e s/.gauntlet/problem/reference ] &&
	[ ! -e s/.gauntlet/problem/mutants ] || fail "secret parts copied into the session"
expect_not_in s/.gauntlet/problem/problem.json '"hidden"'

expect_status 2 "$G" start "$PROBLEM" --workspace s --no-screen
expect_in "$T/err" "already holds a session"
expect_status 2 "$G" start "$PROBLEM" --minutes 5 --no-screen
expect_in "$T/err" "minutes is for mock sessions"
expect_status 2 "$G" start "$PROBLEM" --mode exam
expect_in "$T/err" "expected 'take-home' or 'mock'"

cd s/code
expect_status 0 "$G" status
expect_in "$T/out" "time left: 4[45]m"
expect_in "$T/out" "mode:      take-home"
expect_status 0 "$G" status --json
expect_in "$T/out" '"left_s":'
expect_status 0 "$G" resume --no-screen
expect_status 0 "$G" resume --no-screen
cd "$T"
# Where start was run: the one session folder below is found, and named.
expect_status 0 "$G" status
expect_in "$T/err" "using the session in $T/s"
mkdir -p "$T/elsewhere" && cd "$T/elsewhere"
expect_status 2 "$G" status
expect_in "$T/err" "no session here"
cd "$T"

printf '\n// the candidate was here\n' >>s/code/pool.go
expect_status 0 "$G" submit --session s
expect_in "$T/out" "submitted: .*worker-pool-submission.tar.gz"
expect_in "$T/out" "on time"
A=s/worker-pool-submission.tar.gz
expect_status 1 "$G" submit --session s
expect_in "$T/err" "submitted already"

expect_status 0 "$G" verify "$A"
expect_in "$T/out" "^valid: worker-pool 1.0.0, 4 journal entries"
expect_status 0 "$G" verify "$A" --bundle "$PROBLEM"
expect_status 1 "$G" verify "$A" --bundle "$SRC/problems/logline-parser"
expect_in "$T/out" "bundle: the session did not start from this bundle"

# Sealing is reproducible: a lost archive is sealed again byte for byte.
sum1=$(sha256sum <"$A")
rm "$A"
expect_status 0 "$G" submit --session s
expect_in "$T/out" "sealed again"
[ "$(sha256sum <"$A")" = "$sum1" ] || fail "resealed archive differs"

# The timeline and the replay, from the folder and from the archive.
expect_status 0 "$G" log --session s
expect_in "$T/out" "  1  .* start .*worker-pool 1.0.0, take-home"
expect_in "$T/out" "  3  .* reopen "
expect_in "$T/out" "  4  .* submit .*on time"
expect_status 0 "$G" log "$A" --diff 4
expect_in "$T/out" "^\+// the candidate was here"
expect_status 0 "$G" log "$A" --show 4 --file pool.go
expect_in "$T/out" "the candidate was here"
expect_status 0 "$G" log "$A" --show 1 --out replay
cmp -s replay/pool.go "$PROBLEM/starter/pool.go" || fail "snapshot 1 is not the starter code"
expect_status 2 "$G" log "$A" --show 2
expect_in "$T/err" "entry 2 \(reopen\) holds no snapshot"
expect_status 2 "$G" log "$A" --diff x
expect_in "$T/err" "expected N or FROM:TO"

# Bad input is exit 2 with one line.
echo garbage >junk.tar.gz
expect_status 2 "$G" verify junk.tar.gz
expect_in "$T/err" "junk.tar.gz"
expect_status 2 "$G" verify missing.tar.gz
expect_status 2 "$G" verify
expect_in "$T/err" "missing SUBMISSION"
exit 0
