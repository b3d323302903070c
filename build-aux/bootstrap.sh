#!/usr/bin/env bash
# bootstrap.sh — make this machine ready to build and test gauntlet: the
# Debian/Ubuntu build dependencies (installed with apt when run as root) and
# a Go toolchain >= 1.25 (found, or installed into .deps/go).  Prints the
# exact command to run when it cannot do a step itself.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
go_min=1.25
go_pin=1.25.5   # installed when no Go >= $go_min is found

pkgs=(build-essential cmake pkg-config libseccomp-dev libarchive-dev libcjson-dev
      libncurses-dev libsodium-dev libcmocka-dev tmux bubblewrap time util-linux
      iproute2 ca-certificates curl chromium parallel)

say() { printf 'bootstrap: %s\n' "$*" >&2; }

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if ! command -v apt-get >/dev/null; then
		say "missing packages: ${missing[*]}; this script knows apt only: install their equivalents and run make again"
		exit 1
	fi
	if [ "$(id -u)" -ne 0 ]; then
		say "missing packages: ${missing[*]}"
		say "run: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
		exit 1
	fi
	say "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null
	apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

# Go: the same search order as gauntlet itself (graders/toolchain.c).
go_version_ok() { # $1 = go binary
	local v
	v=$("$1" env GOVERSION 2>/dev/null) || return 1
	v=${v#go}
	[ "$(printf '%s\n%s\n' "$go_min" "$v" | sort -V | head -n1)" = "$go_min" ]
}
candidates=()
[ -n "${GAUNTLET_GO:-}" ] && candidates+=("$GAUNTLET_GO" "$GAUNTLET_GO/go" "$GAUNTLET_GO/bin/go")
candidates+=("$top/.deps/go/bin/go")
command -v go >/dev/null && candidates+=("$(command -v go)")
candidates+=(/usr/local/go/bin/go)
for d in $(ls -d /usr/lib/go-1.*/bin 2>/dev/null | sort -rV); do candidates+=("$d/go"); done
old_go=
for g in "${candidates[@]}"; do
	[ -x "$g" ] && [ -f "$g" ] || continue
	if go_version_ok "$g"; then
		exit 0
	fi
	[ -z "$old_go" ] && old_go=$g
done

install_to="$top/.deps/go"
say "no Go >= $go_min found; installing Go $go_pin into $install_to"
mkdir -p "$top/.deps"
# An older Go (>= 1.21) fetches the release itself as a module, checked
# against Go's checksum database.
if [ -n "$old_go" ] && GOTOOLCHAIN=local "$old_go" help toolchain >/dev/null 2>&1; then
	if GOPATH="$top/.deps/gopath" GOTOOLCHAIN="go$go_pin" GOFLAGS=-modcacherw "$old_go" version >/dev/null 2>&1; then
		src=$(ls -d "$top"/.deps/gopath/pkg/mod/golang.org/toolchain@v0.0.1-go"$go_pin".* 2>/dev/null | head -n1)
		if [ -n "$src" ] && [ -x "$src/bin/go" ]; then
			rm -rf "$install_to"
			cp -a "$src" "$install_to"
			say "installed $("$install_to/bin/go" version)"
			exit 0
		fi
	fi
fi
# Else the official release archive, checked against its published SHA-256.
arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
case $arch in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
file="go$go_pin.linux-$arch.tar.gz"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if curl -fsSL --max-time 300 -o "$tmp/$file" "https://go.dev/dl/$file" &&
   curl -fsSL --max-time 30 -o "$tmp/$file.sha256" "https://go.dev/dl/$file.sha256"; then
	want=$(tr -d ' \n' <"$tmp/$file.sha256")
	got=$(sha256sum "$tmp/$file" | cut -d' ' -f1)
	if [ "$want" != "$got" ]; then
		say "checksum mismatch for $file (want $want, got $got): not installed"
		exit 1
	fi
	rm -rf "$install_to"
	tar -C "$top/.deps" -xzf "$tmp/$file"
	say "installed $("$install_to/bin/go" version)"
	exit 0
fi
say "cannot download Go $go_pin. Install Go >= $go_min yourself, then run make again:"
say "  curl -fLO https://go.dev/dl/$file && sha256sum $file   # compare with https://go.dev/dl/"
say "  sudo tar -C /usr/local -xzf $file        # or: export GAUNTLET_GO=/path/to/go/bin/go"
exit 1
