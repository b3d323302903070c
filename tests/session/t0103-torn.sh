#!/bin/bash
# A journal line torn by a crash mid-write is repaired on the next command:
# truncated to the last complete entry, with a recorded 'recovered' entry,
# never accepted as content.  Damage elsewhere is refused with its line.
. "$(dirname "$0")/lib.sh"

expect_status 0 "$G" start "$PROBLEM" --workspace s --no-screen
expect_status 0 "$G" resume --session s --no-screen
J=s/.gauntlet/journal.jsonl
printf '{"seq":3,"prev":"00","type":"te' >>"$J"
expect_status 0 "$G" log --session s
expect_in "$T/out" "a torn last line of 31 bytes follows"
expect_status 0 "$G" status --session s
expect_in "$T/err" "torn by a crash: 31 bytes dropped"
expect_status 0 "$G" log --session s
expect_in "$T/out" "  3  .* recovered .*torn last line dropped \(31 bytes\)"
expect_not_in "$T/out" "torn last line of"
expect_status 0 "$G" submit --session s
expect_status 0 "$G" verify s/worker-pool-submission.tar.gz

# A start killed in the middle of its first line: starting again works.
mkdir -p f/.gauntlet
printf '{"seq":1,"prev":"0000' >f/.gauntlet/journal.jsonl
expect_status 2 "$G" status --session f
expect_in "$T/err" "no complete entry"
expect_status 0 "$G" start "$PROBLEM" --workspace f --no-screen
expect_status 0 "$G" status --session f/code

# A damaged line in the middle is not a crash: refused, with its number.
expect_status 0 "$G" start "$PROBLEM" --workspace d --no-screen
expect_status 0 "$G" resume --session d --no-screen
expect_status 0 "$G" resume --session d --no-screen
sed -i '2s/"reopen"/"REOPEN"/' d/.gauntlet/journal.jsonl
expect_status 2 "$G" status --session d
expect_in "$T/err" "journal.jsonl: line 2: unknown entry type 'REOPEN'"
expect_status 2 "$G" resume --session d --no-screen
exit 0
