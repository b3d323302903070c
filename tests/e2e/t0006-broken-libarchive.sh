#!/usr/bin/env bash
# A broken install: libarchive present but not the one gauntlet needs (no
# symbols), or absent.  Every command that reads or writes an archive says
# so in one line and exits 2; nothing is written; commands that need no
# archive keep working.
. "$(dirname "$0")/lib.sh"
command -v gcc >/dev/null || { echo "skip: no C compiler to build the stand-in library"; exit 77; }
soname=$(strings "$G" | grep -m1 -oE "^libarchive\.so\.[0-9]+$")
[ -n "$soname" ] || soname=libarchive.so.13
"$G" pack "$GAUNTLET_SOURCE_DIR/problems/worker-pool" -o dist >pack.log 2>&1 || { cat pack.log; fail "pack failed"; }
mkdir fake
echo 'int gauntlet_stand_in;' >fake/e.c
gcc -shared -fPIC -o "fake/$soname" fake/e.c || fail "cannot build the stand-in library"
for cmd in "inspect dist/worker-pool.public.tar.gz" "unpack dist/worker-pool.public.tar.gz -o out" \
	"pack $GAUNTLET_SOURCE_DIR/problems/worker-pool -o dist2"; do
	# shellcheck disable=SC2086
	LD_LIBRARY_PATH=$T/fake "$G" $cmd >out.txt 2>err.txt
	st=$?
	[ "$st" -eq 2 ] || { cat out.txt err.txt; fail "'$cmd' with a broken libarchive exited $st, want 2"; }
	[ "$(wc -l <err.txt)" -eq 1 ] || { cat err.txt; fail "'$cmd': more than one line of error"; }
	expect_in err.txt "$soname lacks 'archive_"
done
[ ! -e out ] || fail "unpack wrote its output folder"
[ ! -e dist2 ] || [ -z "$(ls -A dist2)" ] || fail "pack wrote archives"
# Commands that need no archive do not notice.
LD_LIBRARY_PATH=$T/fake "$G" --version >ver.txt 2>&1 || { cat ver.txt; fail "--version failed"; }
exit 0
