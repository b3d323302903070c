#!/usr/bin/env bash
# unpack: round trip of both bundles; other archive formats; hostile and
# broken archives refused with one line, exit 2, nothing left behind.
D=$(cd "$(dirname "$0")" && pwd)
. "$D/lib.sh"
. "$D/bundle-lib.sh"

make_problem p
expect_status 0 "$G" pack p -o dist
expect_status 0 "$G" unpack dist/sum.grading.tar.gz -o g
expect_in "$T/out" "unpacked grading problem 'sum' to 'g'"
diff -r p g || fail "grading bundle does not give back the folder"
expect_status 0 "$G" unpack dist/sum.public.tar.gz -o pub
expect_in "$T/out" "unpacked public problem 'sum' to 'pub'"
[ -f pub/starter/sum.go ] && [ ! -e pub/tests/hidden ] && [ ! -e pub/reference ] || fail "public contents"
expect_status 0 "$G" inspect pub
expect_in "$T/out" '^kind:       public problem \(folder\)'

# Into an existing non-empty folder: refused, untouched.
expect_status 2 "$G" unpack dist/sum.public.tar.gz -o g
expect_in "$T/err" "cannot unpack to 'g': already exists and is not an empty folder"
diff -r p g >/dev/null || fail "existing folder changed"
mkdir empty
expect_status 0 "$G" unpack dist/sum.public.tar.gz -o empty
expect_status 2 "$G" unpack p -o x
expect_in "$T/err" "a folder, not a bundle archive"

# Archives made by other tools: one top folder, xz, zstd, zip.
tar czf top.tar.gz p
expect_status 0 "$G" unpack top.tar.gz -o top
[ -f top/problem.json ] || fail "single top folder not used as the root"
tar cJf p.tar.xz -C p .
expect_status 0 "$G" unpack p.tar.xz -o xz
diff -r p xz || fail "tar.xz"
if tar --zstd -cf p.tar.zst -C p . 2>/dev/null; then
	expect_status 0 "$G" unpack p.tar.zst -o zst
	diff -r p zst || fail "tar.zst"
fi
if command -v python3 >/dev/null; then
	(cd p && python3 -c 'import os, zipfile, sys
z = zipfile.ZipFile("../p.zip", "w", zipfile.ZIP_DEFLATED)
for root, dirs, files in os.walk("."):
    for f in files: z.write(os.path.join(root, f))
z.close()')
	expect_status 0 "$G" unpack p.zip -o zip
	diff -r p zip || fail "zip"
fi

# Not an archive, truncated, empty.
head -c 3000 /dev/urandom >garbage.tar.gz
expect_status 2 "$G" unpack garbage.tar.gz -o bad
expect_in "$T/err" "^gauntlet unpack: cannot unpack 'garbage.tar.gz': not a bundle archive"
[ "$(wc -l <"$T/err")" = 1 ] || fail "more than one line"
head -c $(( $(stat -c %s dist/sum.grading.tar.gz) / 2 )) dist/sum.grading.tar.gz >half.tar.gz
expect_status 2 "$G" unpack half.tar.gz -o bad
expect_in "$T/err" "cannot unpack 'half.tar.gz': "
: >empty.tar.gz
expect_status 2 "$G" unpack empty.tar.gz -o bad
expect_in "$T/err" 'not a bundle archive: empty file'
expect_status 2 "$G" unpack missing.tar.gz -o bad
expect_in "$T/err" "cannot unpack 'missing.tar.gz': "

# Hostile entries (built with Python's tarfile): one line naming the entry.
if command -v python3 >/dev/null; then
	hostile() { # NAME PYTHON-STATEMENTS (t is an open tarfile; add(name, data) helper)
		python3 - "$1" "$2" <<'EOF'
import io, sys, tarfile
t = tarfile.open(sys.argv[1], "w:gz")
def add(name, data=b"x", **kw):
    i = tarfile.TarInfo(name); i.size = len(data)
    for k, v in kw.items(): setattr(i, k, v)
    t.addfile(i, io.BytesIO(data))
if not sys.argv[2].startswith("#bare"):
    add("problem.json", b"{}")
exec(sys.argv[2])
t.close()
EOF
	}
	check() { # ARCHIVE EXPECTED-ERROR
		expect_status 2 "$G" unpack "$1" -o victim
		expect_in "$T/err" "$2"
		[ "$(wc -l <"$T/err")" = 1 ] || fail "$1: more than one line"
		[ ! -e victim ] || fail "$1: left a folder"
		expect_no_leftovers .
	}
	mkdir -p jail
	hostile dotdot.tgz 'add("../jail/evil")'
	check dotdot.tgz "entry '../jail/evil': path leaves the bundle"
	hostile abs.tgz "add('$T/jail/abs')"
	check abs.tgz "entry '$T/jail/abs': absolute path"
	hostile link.tgz "i = tarfile.TarInfo('l'); i.type = tarfile.SYMTYPE; i.linkname = '$T/jail'; t.addfile(i); add('l/evil')"
	check link.tgz "entry 'l': symlinks are not allowed in a bundle"
	hostile hard.tgz "i = tarfile.TarInfo('h'); i.type = tarfile.LNKTYPE; i.linkname = '/etc/passwd'; t.addfile(i)"
	check hard.tgz "entry 'h': hardlink target '/etc/passwd': absolute path"
	hostile dev.tgz "i = tarfile.TarInfo('null'); i.type = tarfile.CHRTYPE; i.devmajor = 1; i.devminor = 3; t.addfile(i)"
	check dev.tgz "entry 'null': device nodes are not allowed"
	hostile fifo.tgz "i = tarfile.TarInfo('p'); i.type = tarfile.FIFOTYPE; t.addfile(i)"
	check fifo.tgz "entry 'p': FIFOs are not allowed"
	hostile suid.tgz "add('run', mode=0o4755)"
	check suid.tgz "entry 'run': setuid, setgid or sticky bit set"
	hostile dup.tgz "add('a', b'1'); add('a', b'2')"
	check dup.tgz "entry 'a': duplicate entry"
	hostile case.tgz "add('README', b'1'); add('readme', b'2')"
	check case.tgz "entry 'readme': differs only in letter case"
	hostile ctl.tgz "add('a\x1b[31mb')"
	check ctl.tgz "entry 'a\\\\x1b\[31mb': name is not valid UTF-8 or holds control characters"
	hostile bomb.tgz "add('zeros', bytes(8 << 20))"
	check bomb.tgz "entry 'zeros': compression ratio above the limit"
	[ -z "$(ls -A jail)" ] || fail "something was written outside the target: $(ls -A jail)"

	# A bundle whose manifest is wrong: the field is named.
	hostile badman.tgz '#bare
add("problem.json", b"{\"format\": 1, \"id\": \"x\", \"idd\": 2}")'
	check badman.tgz 'problem.json: idd: unknown field "idd"'
	hostile noman.tgz '#bare
add("statement.md")'
	check noman.tgz 'no problem.json or assessment.json in the bundle'
fi
exit 0
