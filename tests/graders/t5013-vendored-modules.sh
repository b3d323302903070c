#!/usr/bin/env bash
# A problem that ships its modules (starter/vendor/modules.txt): every
# solution is built offline with the starter's go.mod and vendor/, never the
# candidate's own; pack refuses a vendor tree that does not match go.mod.
. "$(dirname "$0")/glib.sh"
need_sandbox
need_go
P=$FIX/go-vendored
expect_status 0 "$G" validate "$P"
expect_in "$T/out" '^all verdicts hold$'

# the wrong code with a vendored module of its own that would make it pass:
# the problem's module is built, so it fails
mkdir -p forged/vendor/example.com/greet
cp "$P/mutants/plain/hello.go" "$P/starter/go.mod" forged/
cp "$P/starter/vendor/modules.txt" forged/vendor/
printf 'package greet\n\nimport "strings"\n\nfunc Hello(n string) string { return strings.ToUpper("hello, " + n) }\n' \
	>forged/vendor/example.com/greet/greet.go
expect_status 0 "$G" grade --bundle "$P" forged --json forged.json
[ "$(json_get forged.json 'g["correctness"]["verdict"]')" = fail ] || fail "the candidate's own vendor/ was built"

# the right code with a go.mod asking for another version: the starter's
# go.mod is used, so it builds and passes
mkdir other
cp "$P/reference/hello.go" other/
printf 'module hello\n\ngo 1.25\n\nrequire example.com/greet v9.9.9\n' >other/go.mod
expect_status 0 "$G" grade --bundle "$P" other --json other.json
[ "$(json_get other.json 'r["score"]')" = 100 ] || fail "a changed go.mod broke the build: $(cat other.json)"

# vet judges the solution's own files, not the vendored modules (the
# fixture's module is not gofmt'd; the reference passed vet above)
mkdir messy
cp "$P/starter/go.mod" messy/
sed 's/ToUpper(greet.Hello(name))/ToUpper( greet.Hello(name) )/' "$P/reference/hello.go" >messy/hello.go
expect_status 0 "$G" grade --bundle "$P" messy --json messy.json
[ "$(json_get messy.json 'g["vet"]["verdict"]')" = fail ] || fail "unformatted code passed vet"
json_get messy.json 'g["vet"]["evidence"]' | grep -q 'hello.go' || fail "gofmt's evidence does not name hello.go"
json_get messy.json 'g["vet"]["evidence"]' | grep -q 'vendor/' && fail "gofmt looked into vendor/"

# pack checks the vendor tree against go.mod, one line each
cp -r "$P" bad
sed -i 's/greet v1.0.0/greet v1.0.1/' bad/starter/vendor/modules.txt
printf 'example.com/gone\n' >>bad/starter/vendor/modules.txt
expect_status 2 "$G" pack bad -o dist
expect_in "$T/err" "starter/vendor/modules.txt: example.com/greet is vendored at v1.0.1, go.mod requires v1.0.0 \(run go mod vendor\)"
expect_in "$T/err" "starter/vendor/modules.txt:4: package example.com/gone is not a folder of starter/vendor"
rm -r bad/starter/vendor
expect_status 2 "$G" pack bad -o dist
expect_in "$T/err" "starter/go.mod: requires example.com/greet v1.0.0 but starter/vendor/modules.txt is missing"
exit 0
