#!/usr/bin/env bash
# gauntlet validate --quick on the Go fixture: reference and every mutant
# (racy, leaky, slow, vet, build error, hang, panic) earn their verdicts.
. "$(dirname "$0")/glib.sh"
need_sandbox
need_go
expect_status 0 "$G" validate --quick "$FIX/go-counter"
expect_in "$T/out" 'all verdicts hold'
for m in builderr hang leaky panic racy slow vet; do
	expect_in "$T/out" "ok   mutant $m "
done
exit 0
