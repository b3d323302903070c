#!/usr/bin/env bash
# pack: the public bundle holds no byte of any secret; packing is
# reproducible across copies, mtimes, owners and modes; the gzip header
# carries no name or time.
D=$(cd "$(dirname "$0")" && pwd)
. "$D/lib.sh"
. "$D/bundle-lib.sh"

make_problem p
expect_status 0 "$G" pack p -o dist
expect_in "$T/out" 'sum\.public\.tar\.gz'
expect_in "$T/out" 'sum\.grading\.tar\.gz'
pub=dist/sum.public.tar.gz grd=dist/sum.grading.tar.gz

# Not one byte of a secret in the public bundle, decompressed.
gzip -dc "$pub" >pub.tar
! grep -qa "$MARK" pub.tar || fail "the public bundle holds the secret marker"
! grep -qaE 'hidden_test|bench_test|reference/|mutants/|expect\.json' pub.tar || fail "secret names in the public bundle"
gzip -dc "$grd" | grep -qa "$MARK" || fail "the grading bundle lacks the secret files"
tar tf pub.tar | sort >pub.list
printf '%s\n' problem.json starter/ starter/go.mod starter/sum.go statement.md tests/ tests/public/ \
	tests/public/public_test.go | sort >want.list
diff -u want.list pub.list || fail "public bundle holds other files than expected"
tar xOf pub.tar problem.json | grep -q '"public":[[:space:]]*true' || fail "public manifest not marked public"

# Owners, times and modes are fixed.
tar tvzf "$grd" >grd.tv
awk '{print $2}' grd.tv | sort -u >owners
[ "$(cat owners)" = root/root ] || fail "owners: $(cat owners)"
grep -v ' 1970-01-01 00:00 ' grd.tv && fail "an entry has an mtime other than 0"

# gzip header: no FNAME/FCOMMENT flags, mtime 0.
hdr=$(od -An -tx1 -N8 "$grd" | tr -d ' \n')
[ "${hdr:6:2}" = 00 ] || fail "gzip flags ${hdr:6:2}"
[ "${hdr:8:8}" = 00000000 ] || fail "gzip mtime ${hdr:8:8}"

# Twice the same bytes.
expect_status 0 "$G" pack p -o dist2
cmp dist/sum.public.tar.gz dist2/sum.public.tar.gz || fail "public bundle differs between two packs"
cmp dist/sum.grading.tar.gz dist2/sum.grading.tar.gz || fail "grading bundle differs between two packs"

# A copy with other mtimes, modes (no x bit stays 0644), owner and dot files.
cp -r p q
find q -exec touch -h -d '2011-11-11 11:11' {} +
chmod 600 q/statement.md
chmod 700 q/starter
mkdir q/.git && echo junk >q/.git/HEAD && echo junk >q/.DS_Store
if [ "$(id -u)" = 0 ]; then chown -R 65534:65534 q; fi
expect_status 0 "$G" pack q -o dist3
cmp dist/sum.public.tar.gz dist3/sum.public.tar.gz || fail "public bundle depends on the copy"
cmp dist/sum.grading.tar.gz dist3/sum.grading.tar.gz || fail "grading bundle depends on the copy"

# An executable stays 0755; SOURCE_DATE_EPOCH sets every mtime.
chmod 755 q/starter/sum.go
SOURCE_DATE_EPOCH=1700000000 expect_status 0 "$G" pack q -o dist4
tar tvzf dist4/sum.public.tar.gz >tv4
grep -q '^-rwxr-xr-x root/root .* 2023-11-14 .* starter/sum.go$' tv4 || { cat tv4; fail "mode or mtime not kept"; }
SOURCE_DATE_EPOCH=soon expect_status 2 "$G" pack q -o dist5
expect_in "$T/err" "SOURCE_DATE_EPOCH: expected seconds since 1970, got 'soon'"

# --public-only writes one bundle.
expect_status 0 "$G" pack p -o dist6 --public-only
[ -f dist6/sum.public.tar.gz ] && [ ! -e dist6/sum.grading.tar.gz ] || fail "--public-only"
# Bundles inside the folder would be packed by the next run: refused.
expect_status 2 "$G" pack p -o p/dist
expect_in "$T/err" "'p/dist' is inside the folder being packed"
[ ! -e p/dist ] || fail "left p/dist behind"
expect_no_leftovers dist
exit 0
