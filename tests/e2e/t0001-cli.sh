#!/usr/bin/env bash
# The command line a newcomer meets: --version, help, unknown things.
. "$(dirname "$0")/lib.sh"

expect_status 0 "$G" --version
expect_in out '^gauntlet [0-9]+\.[0-9]+\.[0-9]+$'

expect_status 0 "$G" help
expect_in out '^usage: gauntlet COMMAND'
expect_in out '^  doctor '

expect_status 2 "$G"
expect_in err 'usage: gauntlet'

expect_status 2 "$G" frobnicate
expect_in err "unknown command 'frobnicate'"
[ "$(wc -l <"$T/err")" -le 2 ] || fail "unknown command should be one line and a hint"

expect_status 2 "$G" help frobnicate
expect_in err "unknown command 'frobnicate'"

# Every command has help with usage and examples, by both spellings.
for c in $(awk '/^Commands:/{on=1;next} on && /^  [a-z]/{print $1}' <("$G" help)); do
	expect_status 0 "$G" help "$c"
	expect_in out "^usage: gauntlet $c"
	expect_in out '^Examples:'
	expect_status 0 "$G" "$c" --help
	expect_in out "^usage: gauntlet $c"
done

# libarchive (and its libxml2/ICU) is loaded only by commands that need it:
# it would cost every start of the full program ~20M cycles.  (`help` is
# the full program, executed by the front, which may be static.)
LD_DEBUG=libs "$G" help 2>ld.txt >/dev/null
grep -q 'calling init' ld.txt || fail "LD_DEBUG gave nothing to check"
expect_not_in ld.txt 'libarchive|libxml2|libicu'

expect_status 2 "$G" doctor --bogus
expect_in err "unknown option '--bogus'"
exit 0
