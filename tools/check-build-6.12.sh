#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-build-6.12.sh [KDIR] -- build nft_jool.ko against Debian's 6.12
# headers with warnings as errors, in a temporary copy of nft_jool/ (the
# source tree and its 6.1 objects are left alone).
#
# KDIR defaults to the newest /lib/modules/6.12.*+deb12-amd64/build
# (tools/setup-host.sh installs it).  Prints one PASS/FAIL line; exit 0 = PASS.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
name=check-build-6.12

fail() { echo "$name: FAIL: $*"; exit 1; }

kdir=${1:-}
if [ -z "$kdir" ]; then
	kver=$(ls /lib/modules 2>/dev/null | grep -E '^6\.12\.[0-9]+\+deb12-amd64$' | sort -V | tail -n 1)
	[ -n "$kver" ] || fail "no Debian 6.12 headers (/lib/modules/6.12.*+deb12-amd64/build); run tools/setup-host.sh"
	kdir=/lib/modules/$kver/build
fi
[ -f "$kdir/Makefile" ] || fail "$kdir is not a kernel build directory"
krel=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$kdir/include/generated/utsrelease.h" 2>/dev/null)
krel=${krel:-$kdir}
[ -f "$top/nft_jool/Kbuild" ] || fail "$top/nft_jool/Kbuild missing"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nft_jool-6.12.XXXXXX") || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
mod=$tmp/nft_jool
mkdir "$mod"
# sources only: skip whatever a 6.1 build left next to them
(cd "$top/nft_jool" && find . -type f \
	! -name '*.o' ! -name '*.ko' ! -name '*.mod' ! -name '*.mod.c' ! -name '.*.cmd' \
	! -name '*.a' ! -name 'modules.order' ! -name 'Module.symvers' \
	! -name 'compat-generated.h' -print0 | cpio -0pdm --quiet "$mod") || fail "copying sources"

log=$tmp/build.log
t0=$SECONDS
# KCFLAGS reaches every kbuild compile of the module; the compat probes run
# with their own -Werror in a clean environment.
if [ -f "$mod/Makefile" ]; then
	make -C "$mod" KDIR="$kdir" KCFLAGS=-Werror >"$log" 2>&1
else
	make -C "$kdir" M="$mod" KCFLAGS=-Werror modules >"$log" 2>&1
fi
rc=$?
dt=$((SECONDS - t0))

warnings=$(grep -E '(warning|error):' "$log" | grep -v '^make' || true)
if [ $rc != 0 ] || [ ! -f "$mod/nft_jool.ko" ] || [ -n "$warnings" ]; then
	sed 's/^/  | /' "$log" | tail -n 60
	[ -n "$warnings" ] && fail "nft_jool.ko against $krel: $(echo "$warnings" | wc -l) warning/error line(s) (rc=$rc, ${dt}s)"
	fail "nft_jool.ko against $krel: build failed (rc=$rc, ${dt}s)"
fi
echo "$name: PASS: nft_jool.ko builds against $krel with -Werror, no warnings (${dt}s)"
