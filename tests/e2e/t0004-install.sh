#!/usr/bin/env bash
# `cmake --install` puts the binary, the man page and the problem library
# where a packaged tool would, and the installed binary finds its library.
. "$(dirname "$0")/lib.sh"
build=$(cd "$(dirname "$G")/.." && pwd)
cmake --install "$build" --prefix "$T/prefix" >install.log 2>&1 || { cat install.log; fail "cmake --install failed"; }
[ -x "$T/prefix/bin/gauntlet" ] || fail "no bin/gauntlet"
[ -x "$T/prefix/libexec/gauntlet/gauntlet" ] || fail "no libexec/gauntlet/gauntlet (the full program)"
[ -f "$T/prefix/share/man/man1/gauntlet.1" ] || fail "no man page"
[ -d "$T/prefix/share/gauntlet/problems" ] || fail "no problem library"
"$T/prefix/bin/gauntlet" doctor >doctor.txt
expect_in doctor.txt "^problem library: +$T/prefix/share/gauntlet/problems \\([0-9]+ problems?\\)"
# The installed tree still works when moved as a whole.
mv "$T/prefix" "$T/moved"
"$T/moved/bin/gauntlet" doctor >doctor-moved.txt
expect_in doctor-moved.txt "^problem library: +$T/moved/share/gauntlet/problems \\([0-9]+ problems?\\)"
mv "$T/moved" "$T/prefix"
# In the build tree the binary uses the source tree's library.
"$G" doctor >doctor-build.txt
expect_in doctor-build.txt "^problem library: +${GAUNTLET_SOURCE_DIR}/problems "
# GAUNTLET_PROBLEMS overrides both.
mkdir -p lib/p1 && echo '{}' >lib/p1/problem.json
GAUNTLET_PROBLEMS="$T/lib" "$T/prefix/bin/gauntlet" doctor >doctor-env.txt
expect_in doctor-env.txt "^problem library: +$T/lib \\(1 problem\\)"
exit 0
