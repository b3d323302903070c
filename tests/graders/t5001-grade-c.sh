#!/usr/bin/env bash
# gauntlet grade on the C fixtures: every comparator, reports, bad input,
# hostile submissions.
. "$(dirname "$0")/glib.sh"
need_sandbox
need_cc

# the reference earns full marks; JSON and JUnit are written
expect_status 0 "$G" grade --bundle "$FIX/c-sum" "$FIX/c-sum/reference" --json r.json --junit j.xml
expect_in "$T/out" 'score 100.00 / 100'
[ "$(json_get r.json 'r["status"]')" = graded ] || fail "status not graded"
[ "$(json_get r.json 'r["score"]')" = 100 ] || fail "score not 100"
[ "$(json_get r.json 'len(g["correctness"]["tests"])')" = 3 ] || fail "correctness does not list its 3 cases"
expect_in j.xml '<testcase classname="gauntlet.graders" name="race"'
expect_in j.xml 'failures="0" errors="0"'

# a wrong answer fails correctness with the first difference as evidence
expect_status 0 "$G" grade --bundle "$FIX/c-sum" "$FIX/c-sum/mutants/wrong" --json w.json --junit w.xml
[ "$(json_get w.json 'g["correctness"]["verdict"]')" = fail ] || fail "wrong answer passed"
expect_in "$T/out" "line 1: expected '15', got '10'"
expect_in w.xml '<failure message="1/3 cases passed'

# ThreadSanitizer's report is the race evidence
expect_status 0 "$G" grade --bundle "$FIX/c-sum" "$FIX/c-sum/mutants/racy" --json racy.json
[ "$(json_get racy.json 'g["race"]["verdict"]')" = fail ] || fail "race not caught"
json_get racy.json 'g["race"]["evidence"]' | grep -q 'WARNING: ThreadSanitizer: data race' || fail "no race report"

# code that does not build fails every grader that needs the build, in
# one wording, the compiler's words as evidence (vet reads them too)
mkdir broken && echo 'int main( {' >broken/sum.c
expect_status 0 "$G" grade --bundle "$FIX/c-sum" broken --json broken.json
[ "$(json_get broken.json 'r["score"]')" = 0 ] || fail "a build error scored"
[ "$(json_get broken.json '[x["summary"] for x in r["graders"]]')" = "['does not build', 'does not build', 'does not build']" ] ||
	fail "a build error is not 'does not build' everywhere: $(json_get broken.json '[x["summary"] for x in r["graders"]]')"
for k in correctness vet; do
	json_get broken.json "g['$k']['evidence']" | grep -q 'sum.c:1' || fail "$k: no compiler output as evidence"
done

# float tolerance and whitespace tolerance accept equivalent output
expect_status 0 "$G" grade --bundle "$FIX/c-mean" "$FIX/submissions/c-mean-g"
expect_in "$T/out" 'correctness  pass'
expect_status 0 "$G" grade --bundle "$FIX/c-words" "$FIX/submissions/c-words-spaced"
expect_in "$T/out" 'correctness  pass'
# ... which exact comparison refuses
mkdir exact && cp -r "$FIX/c-words/." exact/ && sed -i 's/"whitespace"/"exact"/' exact/problem.json
expect_status 0 "$G" grade --bundle exact "$FIX/submissions/c-words-spaced"
expect_in "$T/out" 'correctness  fail'

# a checker program decides (here: any letter case)
expect_status 0 "$G" grade --bundle "$FIX/c-words-checker" "$FIX/submissions/c-words-upper"
expect_in "$T/out" 'correctness  pass .*checker comparator'
expect_status 0 "$G" grade --bundle "$FIX/c-words-checker" "$FIX/c-words-checker/mutants/unreversed"
expect_in "$T/out" "the checker rejects the output: word 1: expected 'fox', got 'a'"

# a sealed submission archive: code under code/
mkdir -p sub/code && cp "$FIX/c-sum/reference/sum.c" sub/code/ && echo '{}' >sub/submission.json &&
	printf '' >sub/journal.jsonl && tar -czf c-sum-submission.tar.gz -C sub submission.json journal.jsonl code
expect_status 0 "$G" grade --bundle "$FIX/c-sum" c-sum-submission.tar.gz
expect_in "$T/out" 'score 100.00'

# a symlink in the submission is refused, not followed
mkdir evil && ln -s /etc/shadow evil/sum.c
expect_status 1 "$G" grade --bundle "$FIX/c-sum" evil --json evil.json
expect_in "$T/err" "symbolic links are not accepted"
[ "$(json_get evil.json 'r["status"]')" = rejected ] || fail "symlink submission not rejected"

# bad input
expect_status 2 "$G" grade "$FIX/c-sum/reference"
expect_in "$T/err" 'missing --bundle'
expect_status 2 "$G" grade --bundle "$FIX/c-sum" nowhere
expect_in "$T/err" "cannot open 'nowhere'"
expect_status 2 "$G" grade --bundle "$FIX/c-sum" "$FIX/c-sum/reference" --bogus
expect_in "$T/err" "unknown option '--bogus'"
echo "not an archive" >junk.tar.gz
expect_status 2 "$G" grade --bundle "$FIX/c-sum" junk.tar.gz
expect_in "$T/err" "cannot unpack 'junk.tar.gz'"
exit 0
