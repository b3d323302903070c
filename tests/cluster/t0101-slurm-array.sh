#!/usr/bin/env bash
# Scale-out on Slurm: a one-node cluster from Debian's packages runs the
# recipe of docs/scale-out.md as written there (grade.sbatch, one shard per
# array task, and the merge job after it); the merged leaderboard must be
# byte for byte the one of a single run.  Then a shard is cancelled in the
# middle (scancel), its index resubmitted: it resumes without grading again
# what was finished, and the merge is again the single run's.  The scripted
# grader stands in for real gradings (deterministic scores, light load).
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "a one-node Slurm cluster needs root (slurmd starts jobs as their user)"
need_debs munge slurmctld slurmd slurm-client
command -v flock >/dev/null || skip "flock (util-linux) missing"
slurm_start
export GAUNTLET_BATCH_GRADER=$FAKE
mkdir bin && ln -s "$G" bin/gauntlet
export PATH=$T/bin:$PATH # the recipe calls `gauntlet`; jobs get this PATH

recipe grade.sbatch grade.sbatch
recipe submit submit.sh
inputs
single_run

# 1. The documented submission, as is: 8 shards and the merge job after.
pool a
cp grade.sbatch a/
start=$(date +%s)
(cd a && bash -eu ../submit.sh) >submit.out 2>&1 || { cat submit.out; fail "the submit block failed"; }
slurm_wait 240
echo "8 shards and the merge through Slurm: $(($(date +%s) - start)) s"
states=$(scontrol -o show job | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | sort | uniq -c | tr -s ' ')
[ "$states" = " 9 COMPLETED" ] || { cat a/logs/*; fail "jobs ended $states, want 9 COMPLETED (8 shards, 1 merge)"; }
total=0
for k in $(seq 1 8); do
	grep -q "shard $k/8" "a/logs/shard-$k.out" || { cat "a/logs/shard-$k.out"; fail "task $k did not grade shard $k/8"; }
	total=$((total + $(published "a/shard-$k")))
done
[ "$total" -eq 12 ] || fail "the shards hold $total results, want 12"
grep -q '^12 submissions' a/logs/merge.out || { cat a/logs/merge.out; fail "the merge job did not merge 12 submissions"; }
same_board a/all "the merge job's"

# 2. Cancelled in the middle, resubmitted.  Two shards; gradings take 2 s,
# two at a time.  A running task is cancelled once some of its submissions
# are out and at least 3 are not (two may be in flight, one is not begun).
pool b
cp grade.sbatch b/
mkdir b/logs
jobid=$(cd b && FAKE_GRADER_SLOW_S=2 FAKE_GRADER_LOG=$T/calls1.log sbatch --parsable --array=1-2 grade.sbatch 2) ||
	fail "sbatch refused the array"
k= share=
for _ in $(seq 600); do
	run=$(squeue -h -j "$jobid" -t R -o %K)
	[ -z "$(squeue -h -j "$jobid")" ] && break
	if [ -n "$run" ] && [ -s "b/logs/shard-$run.out" ]; then
		share=$(sed -n 's/^grading \([0-9]*\) submission.*/\1/p' "b/logs/shard-$run.out")
		n=$(published "b/shard-$run")
		if [ "$n" -ge 1 ] && [ "$n" -le $((${share:-0} - 3)) ]; then
			scancel "${jobid}_$run" && k=$run && break
		fi
	fi
	sleep 0.1
done
[ -n "$k" ] || { cat b/logs/*; fail "no task was caught in the middle of its shard"; }
echo "cancelled task $k with $n of its $share submissions graded"
slurm_wait 120
job_states "$jobid" | grep -qx "$k CANCELLED" || { job_states "$jobid"; fail "task $k is not CANCELLED"; }
before=$(published "b/shard-$k")
[ "$before" -ge 1 ] && [ "$before" -lt "$share" ] || fail "cancelled shard $k holds $before of $share, want some but not all"
# The merge of what is there (the doc's afterany merge) lacks shard k's rest.
(cd b && expect_status 0 gauntlet report merge -o all shard-*)
! cmp -s single/out/leaderboard.json b/all/leaderboard.json || fail "merge of a cancelled shard equals the full run"

# The doc's resubmission: the same script and N, the cancelled index only.
id2=$(cd b && FAKE_GRADER_LOG=$T/calls2.log sbatch --parsable --array="$k" grade.sbatch 2) || fail "resubmission refused"
slurm_wait 120
[ "$(job_states "$id2")" = "$k COMPLETED" ] || { cat "b/logs/shard-$k.out"; fail "resubmitted task $k: $(job_states "$id2")"; }
grep -q "shard $k/2 .*$before already graded" "b/logs/shard-$k.out" ||
	{ cat "b/logs/shard-$k.out"; fail "resubmitted shard $k did not resume ($before already graded)"; }
[ "$(published "b/shard-$k")" -eq "$share" ] || fail "shard $k holds $(published "b/shard-$k") of $share after resuming"
regraded=$(wc -l <calls2.log)
[ "$regraded" -eq $((share - before)) ] ||
	fail "the resumed shard graded $regraded submissions, want the $((share - before)) missing"
echo "resubmitted task $k graded the $regraded missing"
(cd b && expect_status 0 gauntlet report merge -o all shard-*)
same_board b/all "the merge after resuming:"

# Stopped cleanly: nothing of the cluster is left running.
slurm_stop strict
exit 0
