#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/test-debug.sh [FILTER...]: the VM suite on the debug kernel
# (KASAN, UBSAN, kmemleak, lockdep/PROVE_RCU, KUnit), with panic_on_warn=1
# and a kmemleak scan after the tests. Builds the kernel once per machine
# (tools/debug-kernel/build.sh, ~50 min on 2 busy cores) and the module
# against it into build/debug/. Needs a normal build first (patched nft,
# nft-jool). The guest is about 5x slower than with Debian's kernel.
# NFT_JOOL_DEBUG_TIMEOUT: seconds for the whole VM run (default 5400).
set -euo pipefail

top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
rel=$("$top/tools/debug-kernel/build.sh")

mod=$top/build/debug/nft_jool
rm -rf "$mod"
mkdir -p "$mod"
cp -r "$top/nft_jool/." "$mod/"
make -s -C "$mod" clean KDIR="/lib/modules/$rel/build" >/dev/null 2>&1 || true
make -s -C "$mod" KDIR="/lib/modules/$rel/build"
# the variant with self-tests at load (tests/shell/testcases/selftest)
st=$top/build/debug/selftest/nft_jool
rm -rf "$st"
mkdir -p "$st"
cp -r "$top/nft_jool/." "$st/"
make -s -C "$st" clean KDIR="/lib/modules/$rel/build" >/dev/null 2>&1 || true
make -s -C "$st" KDIR="/lib/modules/$rel/build" NFT_JOOL_SELFTEST=1
cp "$st/nft_jool.ko" "$mod/nft_jool-selftest.ko"

# the debug guest runs 5-8 times slower: a test gets 900 s, not 180
NFT_TEST_TIMEOUT=${NFT_TEST_TIMEOUT:-900} NFT_JOOL_KO=$mod/nft_jool.ko \
	exec "$top/tests/vm-run.sh" --kernel "$rel" \
	-a "panic_on_warn=1 nftjool.kmemleak=1" -t "${NFT_JOOL_DEBUG_TIMEOUT:-5400}" "$@"
