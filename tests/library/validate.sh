#!/usr/bin/env bash
# validate.sh GAUNTLET PROBLEM_DIR: the problem validates in quick mode.
# Skips (77) only where the machine cannot grade it, and says why.
set -u
G=$1 dir=$2
"$G" doctor >/dev/null 2>&1
if [ $? -eq 2 ]; then
	echo "skip: gauntlet doctor says this machine cannot contain untrusted code"
	exit 77
fi
mkdir -p "${XDG_CACHE_HOME:?}"
out=$("$G" validate --quick "$dir" 2>&1)
st=$?
printf '%s\n' "$out"
[ "$st" -eq 0 ] || { echo "FAIL: validate exited $st"; exit 1; }
printf '%s\n' "$out" | grep -q '^all verdicts hold$' || { echo "FAIL: no 'all verdicts hold'"; exit 1; }
exit 0
