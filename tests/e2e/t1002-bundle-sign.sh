#!/usr/bin/env bash
# keygen, signed packs, and refusal of tampered bundles: exit 2, one line,
# nothing extracted.
D=$(cd "$(dirname "$0")" && pwd)
. "$D/lib.sh"
. "$D/bundle-lib.sh"

expect_status 0 "$G" keygen -o team
[ "$(stat -c %a team.key)" = 600 ] || fail "team.key mode $(stat -c %a team.key)"
head -1 team.pub | grep -qE '^gauntlet-public-key ed25519 [0-9a-f]{16}$' || fail "public key header"
id=$(head -1 team.pub | awk '{print $3}')
expect_status 2 "$G" keygen -o team
expect_in "$T/err" "'team.key' already exists"
expect_status 0 "$G" keygen -o other
expect_status 2 "$G" keygen
expect_in "$T/err" 'missing -o PREFIX'

make_problem p
expect_status 0 "$G" pack p -o dist --sign team.key
b=dist/sum.public.tar.gz
head -1 $b.sig | grep -qx "gauntlet-signature ed25519 sha256 $id" || fail "signature header"
[ -f dist/sum.grading.tar.gz.sig ] || fail "grading bundle not signed"

expect_status 0 "$G" unpack $b -o ok --pubkey team.pub
expect_in "$T/out" "signature: valid, key $id"
[ -f ok/problem.json ] || fail "not extracted"
expect_status 0 "$G" inspect $b --pubkey team.pub
expect_in "$T/out" "^signature:  valid, key $id"
expect_status 0 "$G" inspect $b
expect_in "$T/out" "^signature:  no key given, key $id"

# Another key: refused.
expect_status 2 "$G" unpack $b -o bad1 --pubkey other.pub
expect_in "$T/err" "^gauntlet unpack: cannot unpack '$b': signature check failed: signed by key $id, not by the given key"
[ ! -e bad1 ] || fail "extracted despite the wrong key"

# One byte flipped anywhere in the archive: refused, nothing extracted.
for off in 20 200 $(( $(stat -c %s $b) - 3 )); do
	cp $b t.tar.gz && cp $b.sig t.tar.gz.sig
	printf '%s' "$(printf '\\%03o' $(( ( $(od -An -tu1 -j$off -N1 t.tar.gz) + 1 ) % 256 )))" |
		dd of=t.tar.gz bs=1 seek=$off conv=notrunc 2>/dev/null
	cmp -s $b t.tar.gz && fail "byte $off not flipped"
	expect_status 2 "$G" unpack t.tar.gz -o bad2 --pubkey team.pub
	[ "$(wc -l <"$T/err")" = 1 ] || fail "more than one line: $(cat "$T/err")"
	expect_in "$T/err" 'signature check failed: signature does not match the bundle'
	[ ! -e bad2 ] || fail "extracted a tampered bundle (byte $off)"
done
expect_no_leftovers .

# A flipped signature byte, or no signature at all: refused.
cp $b u.tar.gz
awk 'NR == 2 { c = substr($0, 10, 1); $0 = substr($0, 1, 9) (c == "A" ? "B" : "A") substr($0, 11) } 1' $b.sig >u.tar.gz.sig
cmp -s $b.sig u.tar.gz.sig && fail "signature not changed"
expect_status 2 "$G" unpack u.tar.gz -o bad3 --pubkey team.pub
[ ! -e bad3 ] || fail "extracted with a bad signature"
expect_status 1 "$G" inspect u.tar.gz --pubkey team.pub
expect_in "$T/out" '^signature:  INVALID'
rm u.tar.gz.sig
expect_status 2 "$G" unpack u.tar.gz -o bad4 --pubkey team.pub
expect_in "$T/err" 'signature check failed: no signature'
expect_status 1 "$G" inspect u.tar.gz --pubkey team.pub
expect_in "$T/out" '^signature:  unsigned'
# Without a key an unsigned bundle opens (signatures are opt-in).
expect_status 0 "$G" unpack u.tar.gz -o fine
expect_in "$T/out" 'signature: unsigned'

# A broken key file is one clear line.
echo nonsense >bad.pub
expect_status 2 "$G" unpack $b -o bad5 --pubkey bad.pub
expect_in "$T/err" "'bad.pub' is not a gauntlet public key"
expect_status 2 "$G" pack p -o dist7 --sign team.pub
expect_in "$T/err" "'team.pub' is not a gauntlet secret key"
[ ! -e dist7/sum.public.tar.gz ] || fail "packed despite a bad key"

# Repacking unsigned removes the stale signature.
expect_status 0 "$G" pack p -o dist
[ ! -e dist/sum.public.tar.gz.sig ] || fail "stale signature kept"
exit 0
