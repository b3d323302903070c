#!/bin/bash
# Deadlines: a late submit is accepted and marked late with the overrun;
# a take-home cannot pause.
. "$(dirname "$0")/lib.sh"

# 0.03 minutes = 2 s.
expect_status 0 "$G" start "$PROBLEM" --mode mock --minutes 0.03 --workspace m --no-screen
expect_in "$T/out" "mock mode"
sleep 3
expect_status 0 "$G" status --session m
expect_in "$T/out" "time left: none \(past the deadline"
expect_status 0 "$G" submit --session m --no-grade
expect_in "$T/out" "LATE: submitted 0m0[1-9]s after the deadline"
expect_status 0 "$G" verify m/worker-pool-submission.tar.gz
expect_in "$T/out" "late"
tar xzf m/worker-pool-submission.tar.gz submission.json
expect_in submission.json '"late":[[:space:]]*true'
expect_in submission.json '"overrun_s":[[:space:]]*[1-9]'
expect_in submission.json '"mode":[[:space:]]*"mock"'
exit 0
