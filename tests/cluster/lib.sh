# lib.sh — helpers of the cluster tests, on top of the review ones: the
# recipes of docs/scale-out.md (read from the page between their markers, so
# the page and the tests have one source), Debian packages installed when
# missing, and a private one-node Slurm cluster that is always stopped.
C=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The cluster's folder is fixed (ctest gives one per build folder), so a run
# finds what a killed run left behind.  Taken before review/lib.sh cds away.
STATE=${GAUNTLET_CLUSTER_STATE:-$PWD/cluster-state}
. "$C/../review/lib.sh"
DOC=$SRC/docs/scale-out.md
trap 'cluster_cleanup' EXIT

skip() { printf 'SKIP: %s\n' "$*"; exit 77; }

# At exit: stop the cluster this run started; on failure show the end of
# the daemons' logs, on success remove their folder (the throwaway munge
# key with it).
cluster_cleanup() {
	local st=$?
	if [ -n "${cluster_started:-}" ]; then
		[ -n "${SLURM_CONF:-}" ] && slurm_stop >/dev/null 2>&1
		if [ "$st" -eq 0 ]; then
			rm -rf "$STATE"
		elif [ "$st" -ne 77 ]; then
			tail -n 15 "$STATE"/log/*.log >&2 2>/dev/null
		fi
	fi
	rm -rf "$T"
}

# recipe NAME FILE: the code block of docs/scale-out.md between
# "<!-- recipe NAME: begin -->" and "<!-- recipe NAME: end -->", into FILE.
recipe() {
	awk -v b="<!-- recipe $1: begin -->" -v e="<!-- recipe $1: end -->" '
		$0 == b { on = 1; next }
		$0 == e { on = 0; done = 1; next }
		on && !/^```/ { print }
		END { exit !done }' "$DOC" >"$2" && [ -s "$2" ] ||
		fail "docs/scale-out.md has no block between '<!-- recipe $1: begin -->' and its end"
}

# inputs: bundle/worker-pool.grading.tar.gz (packed from the problem) and
# subs/: 12 submissions, cand12 a copy of cand1 with its names changed
# (similarity across shards).  Each is marked SLOW: the scripted grader
# takes $FAKE_GRADER_SLOW_S seconds over it (0 unless a step sets it).
inputs() {
	expect_status 0 "$G" pack "$PROBLEM" -o bundle --grading-only
	mkdir subs copy
	local i
	for i in $(seq 1 11); do
		(cd subs && sealed "cand$i" "$(pool_code "$i"; echo '// SLOW')")
	done
	tar -xzf subs/cand1.tar.gz -C copy code/pool.go
	(cd subs && sealed cand12 "$(sed -e 's/\bn\b/m/g; s/\bjobs\b/tasks/g' ../copy/code/pool.go)")
	export FAKE_GRADER_SLOW_S=0
}

# single_run: the one-machine leaderboard of subs/, in single/out/ (the
# copied pair among its similar pairs).
single_run() {
	pool single
	(cd single && expect_status 0 "$G" grade --bundle worker-pool.grading.tar.gz submissions/*.tar.gz -j 2 --report out)
	python3 -c '
import json, sys
pairs = {(p["candidate_a"], p["candidate_b"]) for p in json.load(open(sys.argv[1]))["similar_pairs"]}
assert ("cand1", "cand12") in pairs, pairs' single/out/leaderboard.json || fail "the single run lacks the copied pair"
}

# same_board DIR WHAT: DIR's leaderboard (JSON and CSV) is the single
# run's, byte for byte.
same_board() {
	cmp -s single/out/leaderboard.json "$1/leaderboard.json" ||
		{ diff single/out/leaderboard.json "$1/leaderboard.json" | head -40; fail "$2 leaderboard differs from the single run"; }
	cmp -s single/out/leaderboard.csv "$1/leaderboard.csv" || fail "$2 CSV differs from the single run"
}

# pool DIR: a shared folder as the recipes expect it: the grading bundle
# worker-pool.grading.tar.gz and submissions/ (a copy of subs/).
pool() {
	mkdir -p "$1"
	cp bundle/worker-pool.grading.tar.gz "$1/"
	cp -r subs "$1/submissions"
}

# published DIR: how many results DIR (a --report folder) holds.
published() { ls "$1/submissions" 2>/dev/null | grep -c '^[0-9a-f]\{64\}$'; }

# need_debs PKG...: install the Debian packages that are missing (as root,
# with apt-get; nothing to do when all are there); skip the test, saying
# why, when they cannot be installed.
need_debs() {
	local missing=() p
	for p; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	command -v apt-get >/dev/null ||
		skip "needs the Debian packages ${missing[*]}; this machine has no apt-get"
	[ "$(id -u)" -eq 0 ] ||
		skip "needs ${missing[*]}: sudo apt-get install ${missing[*]} (run as root, the test installs them)"
	local apt=(apt-get -q -y -o DPkg::Lock::Timeout=300)
	echo "installing ${missing[*]}"
	if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" install --no-install-recommends "${missing[@]}" >"$T/apt.log" 2>&1; then
		"${apt[@]}" update >>"$T/apt.log" 2>&1
		DEBIAN_FRONTEND=noninteractive "${apt[@]}" install --no-install-recommends "${missing[@]}" >>"$T/apt.log" 2>&1 ||
			{ tail -n 5 "$T/apt.log"; skip "apt-get cannot install ${missing[*]}"; }
	fi
}

# slurm_sweep [strict]: end every process of this cluster — the daemons,
# slurmstepd and the jobs all carry SLURM_CONF=$STATE/slurm.conf in their
# environment — other than this test and its ancestors: SIGTERM, then
# SIGKILL after 10 s.  Prints each one it ended; with "strict", finding one
# is a failure (a clean stop leaves none).
slurm_sweep() {
	python3 - "SLURM_CONF=$STATE/slurm.conf" <<'PY' || { [ "${1:-}" != strict ] || fail "processes of the cluster were left running"; }
import os, signal, sys, time
mark = sys.argv[1].encode()
keep, p = set(), os.getpid()
while p > 1:
    keep.add(p)
    p = int(open("/proc/%d/stat" % p).read().rsplit(")", 1)[1].split()[1])
def ours():
    found = {}
    for d in os.listdir("/proc"):
        if not d.isdigit() or int(d) in keep:
            continue
        try:
            if mark in open("/proc/%s/environ" % d, "rb").read().split(b"\0"):
                found[int(d)] = open("/proc/%s/cmdline" % d, "rb").read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            pass
    return found
left = ours()
for pid, cmd in sorted(left.items()):
    print("ending %d: %s" % (pid, cmd.strip()))
for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
    for pid in ours():
        try:
            os.kill(pid, sig)
        except OSError:
            pass
    end = time.time() + wait
    while ours() and time.time() < end:
        time.sleep(0.1)
sys.exit(1 if left else 0)
PY
}

# slurm_start: a one-node cluster of this machine's CPUs and memory, all of
# it under $STATE: munge key and socket, slurm.conf on two free ports,
# state, spool, logs, pid files.  munged, slurmctld and slurmd run in the
# background of this test (foreground mode); slurm_stop (at exit) ends them.
slurm_start() {
	# One cluster per build folder at a time; the daemons do not inherit
	# the lock, so what a killed run left behind does not hold it.
	exec 9>"$STATE.lock"
	flock -w 300 9 || fail "another run holds $STATE.lock"
	cluster_started=1
	export SLURM_CONF=$STATE/slurm.conf
	slurm_sweep # what a killed run left behind
	rm -rf "$STATE"
	mkdir -p "$STATE/log" "$STATE/spool" "$STATE/state"
	chmod 755 "$STATE"
	local sock=$STATE/munge.socket
	[ ${#sock} -lt 100 ] || fail "'$sock' is too long for a socket path: build in a shorter folder"
	(umask 077 && head -c 1024 /dev/urandom >"$STATE/munge.key")
	munged -F --force --socket="$sock" --key-file="$STATE/munge.key" --pid-file="$STATE/munged.pid" \
		--seed-file="$STATE/munged.seed" --log-file="$STATE/log/munged.log" >"$STATE/log/munged.out" 2>&1 9>&- &
	local host ports node cpus
	host=$(hostname -s)
	ports=$(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
	# "NodeName=h CPUs=2 Boards=1 ... RealMemory=24105": this machine, renamed.
	node=$(slurmd -C | head -n1 | sed 's/^NodeName=[^ ]*/NodeName=grader1 NodeAddr=127.0.0.1/')
	cpus=$(printf '%s\n' "$node" | sed -n 's/.* CPUs=\([0-9]*\).*/\1/p')
	cat >"$SLURM_CONF" <<EOF
ClusterName=gauntlet-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=${ports% *}
SlurmdPort=${ports#* }
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
StateSaveLocation=$STATE/state
SlurmdSpoolDir=$STATE/spool
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/log/slurmctld.log
SlurmdLogFile=$STATE/log/slurmd.log
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
KillWait=5
$node
PartitionName=grade Nodes=grader1 Default=YES MaxTime=INFINITE State=UP
EOF
	# The recipe asks for 2 CPUs per task: a 1-CPU machine declares 2.
	if [ "${cpus:-0}" -lt 2 ]; then
		sed -i 's/^NodeName=.*/NodeName=grader1 NodeAddr=127.0.0.1 CPUs=2/' "$SLURM_CONF"
		echo 'SlurmdParameters=config_overrides' >>"$SLURM_CONF"
	fi
	local i
	for i in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
	[ -S "$sock" ] || { cat "$STATE/log/munged.out"; fail "munged did not start"; }
	slurmctld -D -c -f "$SLURM_CONF" >"$STATE/log/slurmctld.out" 2>&1 9>&- &
	slurmd -D -N grader1 -f "$SLURM_CONF" >"$STATE/log/slurmd.out" 2>&1 9>&- &
	for i in $(seq 300); do
		[ "$(sinfo -h -n grader1 -o %t 2>/dev/null)" = idle ] && return 0
		sleep 0.1
	done
	tail -n 20 "$STATE"/log/*.out
	fail "the Slurm node did not come up idle within 30 s"
}

# slurm_stop [strict]: cancel every job, shut slurmctld and slurmd down,
# stop munged, then sweep what is left (strict: there must be nothing).
slurm_stop() {
	local i
	# Slurm's commands wait 9 s for a controller that is gone: ask only a live one.
	if kill -0 "$(cat "$STATE/slurmctld.pid" 2>/dev/null)" 2>/dev/null; then
		scancel --quiet --user="$(id -un)" 2>/dev/null
		for i in $(seq 100); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.1; done
		scontrol shutdown >/dev/null 2>&1
		for i in $(seq 100); do
			[ -e "$STATE/slurmctld.pid" ] || [ -e "$STATE/slurmd.pid" ] || break
			sleep 0.1
		done
	fi
	munged -s --socket="$STATE/munge.socket" >/dev/null 2>&1
	for i in $(seq 50); do [ -e "$STATE/munged.pid" ] || break; sleep 0.1; done
	slurm_sweep "$@"
	unset SLURM_CONF
}

# slurm_wait [S]: until no job is pending or running (at most S seconds, 120).
slurm_wait() {
	local i
	for i in $(seq $((${1:-120} * 5))); do
		[ -z "$(squeue -h)" ] && return 0
		sleep 0.2
	done
	squeue
	fail "jobs still queued after ${1:-120} s"
}

# job_states JOBID: "TASK STATE" per array task of JOBID (TASK "-" for a
# job that is no array), in task order.
job_states() {
	scontrol -o show job "$1" | sed -n 's/.*ArrayTaskId=\([^ ]*\) .*JobState=\([A-Z_]*\).*/\1 \2/p;t;s/.*JobState=\([A-Z_]*\).*/- \1/p' | sort -n
}
