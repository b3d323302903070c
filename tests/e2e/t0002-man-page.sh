#!/usr/bin/env bash
# The man page and `gauntlet help` describe the same commands.
. "$(dirname "$0")/lib.sh"
man=${GAUNTLET_SOURCE_DIR:?}/docs/gauntlet.1
[ -f "$man" ] || fail "no man page at docs/gauntlet.1"
"$G" help | awk '/^Commands:/{on=1;next} on && /^  [a-z]/{print $1}' | sort >cli.txt
sed -n 's/^\.SS \([a-z-]*\).*/\1/p' "$man" | sort >man.txt
diff -u cli.txt man.txt || fail "commands in 'gauntlet help' (-) and docs/gauntlet.1 (+) differ"
[ -s cli.txt ] || fail "no commands listed"
if command -v groff >/dev/null; then
	groff -man -Tutf8 -ww -z "$man" 2>groff.err
	[ ! -s groff.err ] || { cat groff.err; fail "groff warns about the man page"; }
fi
exit 0
