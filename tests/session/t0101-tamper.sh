#!/bin/bash
# verify catches tampering and names the place: one byte of one journal
# line, the code, a blob, submission.json, an extra file.
. "$(dirname "$0")/lib.sh"

expect_status 0 "$G" start "$PROBLEM" --workspace s --no-screen
for i in 1 2 3; do expect_status 0 "$G" resume --session s --no-screen; done
printf '\n// final\n' >>s/code/pool.go
expect_status 0 "$G" submit --session s
A="$T/s/worker-pool-submission.tar.gz"
expect_status 0 "$G" verify "$A"

repack() { (cd x && tar czf "$T/bad.tar.gz" submission.json journal.jsonl code blobs); }
fresh() { rm -rf x && mkdir x && tar xzf "$A" -C x; }

# One byte of line 3 (a reopen entry): the chain breaks at line 4.
fresh
sed -i '3s/"reason":"resumed"/"reason":"resumeD"/' x/journal.jsonl
repack
expect_status 1 "$G" verify "$T/bad.tar.gz"
expect_in "$T/out" "journal.jsonl: line 4: hash chain broken"
expect_in "$T/out" "TAMPERED"
expect_status 2 "$G" log "$T/bad.tar.gz"
expect_in "$T/err" "line 4: hash chain broken"

# A line removed: seq and chain say where.
fresh
sed -i '2d' x/journal.jsonl
repack
expect_status 1 "$G" verify "$T/bad.tar.gz"
expect_in "$T/out" "journal.jsonl: line 2: 'seq' is 3, expected 2"

# The start time moved (to gain time): the chain breaks on the next line.
fresh
t=$(sed -n '1s/.*"time":\([0-9]*\).*/\1/p' x/journal.jsonl)
sed -i "1s/\"time\":$t/\"time\":$((t + 600))/" x/journal.jsonl
repack
expect_status 1 "$G" verify "$T/bad.tar.gz"
expect_in "$T/out" "journal.jsonl: line 2: hash chain broken"

# The code changed after submit.
fresh
echo "// later" >>x/code/pool.go
repack
expect_status 1 "$G" verify "$T/bad.tar.gz"
expect_in "$T/out" "code/pool.go: differs from the final snapshot"
expect_status 0 "$G" log "$T/bad.tar.gz"
expect_in "$T/err" "warning: .* does not verify \(code/pool.go: differs"

# A file added to the code.
fresh
echo "package workerpool" >x/code/extra.go
repack
expect_status 1 "$G" verify "$T/bad.tar.gz"
expect_in "$T/out" "code/extra.go: not in the final snapshot"

# A snapshot blob changed.
fresh
b=$(ls x/blobs | head -1)
echo tamper >>"x/blobs/$b"
repack
expect_status 1 "$G" verify "$T/bad.tar.gz"
expect_in "$T/out" "blobs/$b: content does not match its name"

# submission.json says on time with another deadline.
fresh
sed -i 's/"deadline":\t*[0-9]*/"deadline":\t1/' x/submission.json
repack
expect_status 1 "$G" verify "$T/bad.tar.gz"
expect_in "$T/out" "submission.json: submitted, deadline, late or overrun differ"

# A hostile archive is bad input, not a verdict.
fresh
ln -s /etc/passwd x/code/link.go
(cd x && tar czf "$T/bad.tar.gz" submission.json journal.jsonl code blobs)
expect_status 2 "$G" verify "$T/bad.tar.gz"
expect_in "$T/err" "entry 'code/link.go': not a regular file"
fresh
echo evil >outside.go
(cd x && tar -czPf "$T/bad.tar.gz" submission.json journal.jsonl code blobs ../outside.go)
expect_status 2 "$G" verify "$T/bad.tar.gz"
expect_in "$T/err" "entry '../outside.go': path leaves"

# Re-packed by hand, untouched: "./" names and a plain tar still verify;
# other formats are not a submission.
fresh
(cd x && tar czf "$T/again.tar.gz" ./submission.json ./journal.jsonl ./code ./blobs)
expect_status 0 "$G" verify "$T/again.tar.gz"
(cd x && tar cf "$T/again.tar" submission.json journal.jsonl code blobs)
expect_status 0 "$G" verify "$T/again.tar"
(cd x && tar cJf "$T/again.tar.xz" submission.json journal.jsonl code blobs)
expect_status 2 "$G" verify "$T/again.tar.xz"
expect_in "$T/err" "again.tar.xz': not a submission archive"
exit 0
