#!/usr/bin/env bash
# Scale-out: the GNU parallel recipe of docs/scale-out.md with two shards
# on this machine, then `gauntlet report merge`; the merged leaderboard must
# equal the one of a single run over all submissions (leaderboard.json has
# no timings), similarity included across shards, whatever the order the
# submissions were given in.
. "$(dirname "$0")/lib.sh"
command -v parallel >/dev/null || { echo "SKIP: GNU parallel not installed (apt-get install parallel)"; exit 77; }
export GAUNTLET_BATCH_GRADER=$FAKE

mkdir subs
for i in $(seq 1 8); do
	(cd subs && sealed "cand$i" "$(pool_code "$i")")
done
# A copy across shards: cand9 is cand1 with its names changed.
tar -xzf subs/cand1.tar.gz -C . code/pool.go
sed -e 's/\bn\b/m/g; s/\bjobs\b/tasks/g' code/pool.go >copied.go
(cd subs && sealed cand9 "$(cat ../copied.go)")

# The single-machine run.
expect_status 0 "$G" grade --bundle "$PROBLEM" subs/*.tar.gz -j 2 --report single

# The recipe (docs/scale-out.md, "GNU parallel over ssh"), with both
# shards on this machine (':' is the local host for --sshlogin).
N=2
HOSTS=:
seq 1 "$N" | parallel --will-cite --sshlogin "$HOSTS" --jobs 1 --workdir "$PWD" \
	"$G" grade --bundle "$PROBLEM" "subs/*.tar.gz" --shard "{}/$N" -j 1 --report "shard-{}" \
	>parallel.out 2>&1 || { cat parallel.out; fail "parallel run failed"; }
expect_status 0 "$G" report merge -o merged shard-*
expect_in "$T/out" '^9 submissions'

# Each shard holds its own part, together all of it, none twice.
s1=$(ls shard-1/submissions | grep -c '^[0-9a-f]\{64\}$')
s2=$(ls shard-2/submissions | grep -c '^[0-9a-f]\{64\}$')
[ $((s1 + s2)) -eq 9 ] && [ "$s1" -gt 0 ] && [ "$s2" -gt 0 ] || fail "shards hold $s1 + $s2, want 9 split"
cmp -s single/leaderboard.json merged/leaderboard.json ||
	{ diff single/leaderboard.json merged/leaderboard.json | head -40; fail "merged leaderboard differs from the single run"; }
cmp -s single/leaderboard.csv merged/leaderboard.csv || fail "merged CSV differs from the single run"
python3 - merged/leaderboard.json <<'PY' || fail "similarity across shards missing"
import json, sys
d = json.load(open(sys.argv[1]))
pairs = {(p["candidate_a"], p["candidate_b"]) for p in d["similar_pairs"]}
assert ("cand1", "cand9") in pairs, pairs
PY

# The shard of a submission depends on its bytes only: another order and
# other names give the same split.
mkdir renamed
for f in subs/*.tar.gz; do cp "$f" "renamed/x-$(basename "$f")"; done
expect_status 0 "$G" grade --bundle "$PROBLEM" $(ls renamed/*.tar.gz | sort -r) --shard 1/2 --report again-1
[ "$(ls again-1/submissions | grep '^[0-9a-f]' | sort)" = "$(ls shard-1/submissions | grep '^[0-9a-f]' | sort)" ] ||
	fail "shard 1/2 picked other submissions after renaming and reordering"

# Merging again is idempotent; merging folders of another problem is refused.
expect_status 0 "$G" report merge -o merged shard-1 shard-2
cmp -s single/leaderboard.json merged/leaderboard.json || fail "second merge changed the leaderboard"
mkdir -p other/submissions
echo '{"format":1,"problem":{"id":"other","version":"1"},"graders":{}}' >other/batch.json
expect_status 2 "$G" report merge -o m2 shard-1 other
expect_in "$T/err" "holds problem 'other'"
expect_status 2 "$G" report merge -o other shard-1 shard-2
expect_in "$T/err" "'other' holds problem 'other'"
exit 0
