#!/usr/bin/env bash
# The real graders in a batch (label: slow — minutes): the reference, a
# racy and a leaky mutant (one as a sealed archive), a fork bomb, code that
# does not compile and a garbage archive, graded two at a time.  The batch
# survives all of them, each gets the verdict it deserves, and the host is
# untouched (no stray processes).
. "$(dirname "$0")/lib.sh"
command -v go >/dev/null || [ -x /usr/local/go/bin/go ] || { echo "SKIP: no Go toolchain"; exit 77; }
export PATH=$PATH:/usr/local/go/bin

mkdir subs
cp -r "$PROBLEM/reference" subs/ref
cp -r "$PROBLEM/reference" subs/racy
cp "$PROBLEM"/mutants/racy-first-error/*.go subs/racy/
mkdir -p leak/code
cp "$PROBLEM"/reference/* leak/code/
cp "$PROBLEM"/mutants/leak-parent-watcher/*.go leak/code/
echo '{"format":1,"problem":{"id":"worker-pool"},"started":1790000000,"deadline":1790002700,"submitted":1790002000,"late":false,"overrun_s":0}' >leak/submission.json
tar -C leak -czf subs/leaky.tar.gz submission.json code
# The fork bomb: every test binary start tries to spawn 64 more of itself.
cp -r "$PROBLEM/reference" subs/bomb
cat >subs/bomb/bomb.go <<'GO'
package workerpool

import (
	"os"
	"os/exec"
)

func init() {
	for i := 0; i < 64; i++ {
		_ = exec.Command(os.Args[0], "-test.run=^$").Start()
	}
}
GO
sed -i "s/^package workerpool/package $(sed -n 's/^package //p' "$PROBLEM"/reference/*.go | head -1)/" subs/bomb/bomb.go
cp -r "$PROBLEM/reference" subs/broken
echo 'func broken( {' >>"$(ls subs/broken/*.go | head -1)"
head -c 5000 /dev/urandom >subs/garbage.tar.gz

# Gradings build and run under TMPDIR: afterwards no process may still run
# from there (or sit in it), whatever the submissions tried.
mkdir scratch
export TMPDIR=$T/scratch
expect_status 0 "$G" grade --bundle "$PROBLEM" subs/* -j 2 --quick --timeout 900 --report rep
cat "$T/out"
board rep/leaderboard.json >board.txt
python3 - rep/leaderboard.json <<'PY' || fail "wrong verdicts"
import json, sys
d = json.load(open(sys.argv[1]))
by = {e["candidate"]: e for e in d["entries"]}
assert len(by) == 6, sorted(by)
v = lambda c, g: by[c]["graders"].get(g, {}).get("verdict")
assert by["ref"]["status"] == "graded" and v("ref", "correctness") == "pass" and v("ref", "race") == "pass", by["ref"]
assert v("racy", "race") == "fail", by["racy"]
assert v("leaky", "leak") == "fail", by["leaky"]
assert by["garbage"]["status"] == "rejected", by["garbage"]
assert by["broken"]["status"] != "graded" or v("broken", "correctness") == "fail", by["broken"]
assert by["broken"]["score"] == 0, by["broken"]
# The sandbox contains the bomb (its spawns fail): a result, never full
# marks — every test binary start pays for the attempts, so bench fails.
assert by["bomb"]["status"] in ("graded", "error") and by["bomb"]["score"] < 100, by["bomb"]
assert by["bomb"]["status"] == "error" or v("bomb", "bench") != "pass", by["bomb"]
assert by["ref"]["rank"] == 1, by["ref"]
PY
sleep 1
for p in /proc/[0-9]*; do
	for l in exe cwd; do
		case $(readlink "$p/$l" 2>/dev/null) in
		"$T"/*) fail "process ${p#/proc/} still runs from the grading scratch: $(tr '\0' ' ' <"$p/cmdline")" ;;
		esac
	done
done
expect_in rep/report.html 'WARNING: DATA RACE'
# The racy and the leaky candidate's lines named by their evidence are
# marked in their code and linked from it.
expect_in rep/report.html '<span class="L [au] hit" id="c-[0-9a-f]{16}-pool.go-L[0-9]+"><span class="refs"><a href="#r-[0-9a-f]{16}-[0-9]+">[^<]{1,3} race'
expect_in rep/report.html '<span class="L [au] hit" id="c-[0-9a-f]{16}-pool.go-L[0-9]+"><span class="refs"><a href="#r-[0-9a-f]{16}-[0-9]+">[^<]{1,3} leak'
exit 0
