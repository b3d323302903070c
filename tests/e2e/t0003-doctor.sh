#!/usr/bin/env bash
# `gauntlet doctor` on the live machine: text and JSON agree, the exit
# status matches the verdict, and an unprivileged user gets an honest answer.
. "$(dirname "$0")/lib.sh"

"$G" doctor >text.txt 2>err.txt; st=$?
[ "$st" -le 2 ] || fail "doctor exited $st"
"$G" doctor --json >doc.json; jst=$?
[ "$st" -eq "$jst" ] || fail "text ($st) and json ($jst) exit statuses differ"
python3 - "$st" doc.json <<'PY' || fail "doctor --json is wrong"
import json, sys
st, d = int(sys.argv[1]), json.load(open(sys.argv[2]))
want = {0: "full", 1: "degraded", 2: "none"}[st]
assert d["containment"] == want, (d["containment"], want)
for k in ("seccomp", "namespaces", "cgroup2", "cgroup1", "go", "cc", "findings",
          "memory_limit_by", "process_limit_by"):
    assert k in d, k
assert (st == 0) == (d["findings"] == []), d["findings"]
for f in d["findings"]:
    assert f["what"] and f["fix"], f
PY
case $st in
0) expect_in text.txt '^verdict: full containment' ;;
1) expect_in text.txt '^verdict: degraded'; expect_in text.txt 'fix: ' ;;
2) expect_in text.txt '^verdict: cannot run'; expect_in text.txt 'fix: ' ;;
esac

# This machine kind: cgroup v1 memory+pids, a v2 hierarchy without them.
if [ "$(id -u)" -eq 0 ] && grep -q ' /sys/fs/cgroup/memory cgroup ' /proc/mounts &&
   grep -q ' /sys/fs/cgroup/pids cgroup ' /proc/mounts; then
	expect_in text.txt '^memory limit by: +cgroup (v1|v2)'
fi

# Unprivileged: cgroups are not ours to write, and doctor must say so.
# nobody runs copies of the front and the full program (same relative
# paths) from a stage in /tmp: the build tree may sit below a folder only
# its owner can traverse (a 0700 home, a clone in `mktemp -d`).
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	chmod 755 "$T"
	stage=$(mktemp -d /tmp/gauntlet-doctor.XXXXXX) || fail "cannot create a stage in /tmp"
	trap 'rm -rf "$T" "$stage"' EXIT
	mkdir -p "$stage/bin" "$stage/libexec/gauntlet" && cp "$G" "$stage/bin/gauntlet" &&
		cp "$(dirname "$G")/../libexec/gauntlet/gauntlet" "$stage/libexec/gauntlet/gauntlet" &&
		chmod -R a+rX "$stage" || fail "cannot stage gauntlet in '$stage'"
	setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/nonexistent "$stage/bin/gauntlet" doctor >nobody.txt
	nst=$?
	[ "$nst" -ge 1 ] || { cat nobody.txt; fail "unprivileged doctor claims full containment"; }
	expect_in nobody.txt '^user: +unprivileged'
	expect_in nobody.txt '^memory limit by: +polling'
fi
exit 0
