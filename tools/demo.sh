#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh -- set up the host, build nft_jool, then boot a Debian 6.1 VM that
# translates real pings, UDP and TCP through an nft ruleset with a jool
# instance and prints what happens (tests/vm-run.sh --demo).
#
#   tools/demo.sh [-- EXTRA CONFIGURE ARGS]
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
[ "${1:-}" != -- ] || shift

echo "[demo] host setup (tools/setup-host.sh)"
KVER=$(tools/setup-host.sh)
echo "[demo] building for $KVER"
if [ ! -f Makefile ] || ! grep -q "^kbuilddir = /lib/modules/$KVER/build\$" Makefile; then
	./autogen.sh
	# shellcheck disable=SC2086
	./configure --with-kbuild="/lib/modules/$KVER/build" ${NFT_JOOL_CONFIGURE_ARGS:-} "$@"
fi
make

export NFT=$top/build/bin/nft
export NFT_JOOL_KO=$top/nft_jool/nft_jool.ko
export NFT_JOOL_CTL=$top/ctl/nft-jool
[ -x tests/vm-run.sh ] || { echo "[demo] tests/vm-run.sh is missing" >&2; exit 1; }
echo "[demo] booting the VM"
exec tests/vm-run.sh --demo
