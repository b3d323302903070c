#!/bin/bash
# Sessions from packed bundles: a signed public bundle is checked against
# the key, the session answers the public bundle, the grading bundle and
# the folder alike (same public-part hash), and never another problem.
. "$(dirname "$0")/lib.sh"

expect_status 0 "$G" keygen -o team
expect_status 0 "$G" keygen -o other
expect_status 0 "$G" pack "$PROBLEM" -o dist --sign team.key
P=dist/worker-pool.public.tar.gz
[ -f "$P" ] && [ -f dist/worker-pool.grading.tar.gz ] || fail "pack wrote no bundles"

expect_status 2 "$G" start "$P" --pubkey other.pub --workspace bad --no-screen
expect_in "$T/err" "signature"
[ ! -e bad ] || fail "a refused bundle left a session folder"

expect_status 0 "$G" start "$P" --pubkey team.pub --workspace s --no-screen
expect_in s/.gauntlet/journal.jsonl '"file_sha256":"[0-9a-f]{64}"'
[ ! -e s/.gauntlet/problem/reference ] || fail "reference copied"
printf '\n// done\n' >>s/code/pool.go
expect_status 0 "$G" submit --session s
A=s/worker-pool-submission.tar.gz
for b in "$P" dist/worker-pool.grading.tar.gz "$PROBLEM"; do
	expect_status 0 "$G" verify "$A" --bundle "$b"
	expect_in "$T/out" "^valid: .*answers "
done
expect_status 0 "$G" verify "$A" --bundle "$P" --pubkey team.pub
expect_status 2 "$G" verify "$A" --bundle "$P" --pubkey other.pub
expect_status 1 "$G" verify "$A" --bundle "$SRC/problems/http-middleware"
expect_in "$T/out" "did not start from this bundle"

# A mock from the grading bundle keeps it for the final report; a
# take-home does not.
expect_status 0 "$G" start dist/worker-pool.grading.tar.gz --mode mock --workspace m --no-screen
expect_in m/.gauntlet/journal.jsonl '"grading":"[^"]*worker-pool.grading.tar.gz"'
expect_status 0 "$G" start dist/worker-pool.grading.tar.gz --workspace t --no-screen
expect_not_in t/.gauntlet/journal.jsonl '"grading"'
[ ! -e m/.gauntlet/problem/tests/hidden ] || fail "hidden tests copied from a grading bundle"
exit 0
