#!/usr/bin/env bash
# The Kubernetes recipe of docs/scale-out.md without a cluster: the Job
# manifest and the merge command are read from the page; the pod's command
# is run by /bin/sh here once per completion index (JOB_COMPLETION_INDEX
# 0..completions-1), the volume's mount path pointing at a local folder.
# The shards must cover every submission once and merge into the single
# run's leaderboard, byte for byte.  Kubernetes itself validates nothing
# here (t0103 does, against a real API server, when given one).
. "$(dirname "$0")/lib.sh"
export GAUNTLET_BATCH_GRADER=$FAKE
mkdir bin && ln -s "$G" bin/gauntlet
export PATH=$T/bin:$PATH

recipe grade-job.yaml job.yaml
recipe k8s-merge merge.sh
# The parts of the manifest the pod's command relies on.
grep -qx 'kind: Job' job.yaml || fail "the manifest is not a Job"
grep -qx '  completionMode: Indexed' job.yaml || fail "the Job is not Indexed (no JOB_COMPLETION_INDEX)"
grep -q '^ *command: \["/bin/sh", "-c"\]$' job.yaml || fail "the container does not run /bin/sh -c"
n=$(sed -n 's/^  completions: *\([0-9]*\).*/\1/p' job.yaml)
[ -n "$n" ] && [ "$n" -ge 2 ] || fail "no completions count in the manifest"
mnt=$(sed -n 's/.*mountPath: *\([^ ,}]*\).*/\1/p' job.yaml)
[ -n "$mnt" ] || fail "no mountPath in the manifest"
# args: the folded block ("- >") under "args:", its lines joined by spaces.
cmd=$(awk '
	/^ *args:$/ { args = 1; next }
	args && /^ *- >$/ { match($0, /^ */); ind = RLENGTH; fold = 1; args = 0; next }
	fold { match($0, /^ */); if (RLENGTH <= ind) exit; sub(/^ +/, ""); printf "%s%s", sep, $0; sep = " " }' job.yaml)
case $cmd in
*"--shard "*"JOB_COMPLETION_INDEX"*"/$n "*) ;;
*) fail "the pod's command does not grade shard JOB_COMPLETION_INDEX+1 of $n: $cmd" ;;
esac

inputs
single_run
pool data
local_cmd=${cmd//"$mnt/"/"$T/data/"}
for i in $(seq 0 $((n - 1))); do
	(cd / && JOB_COMPLETION_INDEX=$i /bin/sh -c "$local_cmd") >"pod-$i.out" 2>&1 ||
		{ cat "pod-$i.out"; fail "the pod's command failed for index $i"; }
	grep -q "shard $((i + 1))/$n" "pod-$i.out" || { cat "pod-$i.out"; fail "index $i did not grade shard $((i + 1))/$n"; }
done
total=0
for k in $(seq 1 "$n"); do total=$((total + $(published "data/shard-$k"))); done
[ "$total" -eq 12 ] || fail "the shards hold $total results, want 12"
sed "s#$mnt/#$T/data/#g" merge.sh >merge-local.sh
expect_status 0 bash -eu merge-local.sh
expect_in "$T/out" '^12 submissions'
same_board data/all "the merged"
exit 0
