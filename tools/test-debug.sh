#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/test-debug.sh [-j VMS] [FILTER...]: the VM suite on the debug kernel
# (KASAN, UBSAN, kmemleak, lockdep/PROVE_RCU, KUnit), with panic_on_warn=1
# and a kmemleak scan after the tests. Builds the kernel once per machine
# (tools/debug-kernel/build.sh, ~50 min on 2 busy cores) and the module
# against it into build/debug/. Needs a normal build first (patched nft,
# nft-jool). The guest is about 5x slower than with Debian's kernel.
# -j VMS: split the test cases over VMS guests booted side by side (each
# TCG guest keeps one host core busy; the whole suite takes ~3.5 h in one
# guest on this project's 2-core machines). Case k of the sorted list goes
# to guest k mod VMS, so every area is shared out evenly. Each guest does
# its own kmemleak scan; the run fails if any guest fails.
# NFT_JOOL_DEBUG_TIMEOUT: seconds for each VM run (default 5400).
set -euo pipefail

top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
vms=1
if [ "${1:-}" = -j ]; then
	vms=$2
	shift 2
	[[ $vms =~ ^[1-9][0-9]*$ ]] || { echo "test-debug: -j needs a number of VMs" >&2; exit 2; }
fi
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
export NFT_TEST_TIMEOUT=${NFT_TEST_TIMEOUT:-900} NFT_JOOL_KO=$mod/nft_jool.ko
vm_args=(--kernel "$rel" -a "panic_on_warn=1 nftjool.kmemleak=1"
	 -t "${NFT_JOOL_DEBUG_TIMEOUT:-5400}")
[ "$vms" -gt 1 ] || exec "$top/tests/vm-run.sh" "${vm_args[@]}" "$@"

# the cases the FILTERs select (all without any), as the runner selects
# them, dealt out over the guests
list=$("$top/tests/shell/run-tests.sh" -l "$@") || exit 1
mapfile -t cases <<<"$list"
out=$(mktemp -d "${TMPDIR:-/var/tmp}/nft_jool-debug.XXXXXX")
pids=()
for ((g = 0; g < vms; g++)); do
	mine=()
	for ((k = g; k < ${#cases[@]}; k += vms)); do mine+=("${cases[k]}"); done
	[ "${#mine[@]}" -gt 0 ] || continue
	echo "test-debug: guest $g: ${#mine[@]} cases, log $out/vm$g.log"
	"$top/tests/vm-run.sh" "${vm_args[@]}" "${mine[@]}" >"$out/vm$g.log" 2>&1 &
	pids+=($!)
done
rc=0 p=0 f=0
for ((g = 0; g < ${#pids[@]}; g++)); do
	wait "${pids[g]}" || rc=1
	echo "=== guest $g ==="
	cat "$out/vm$g.log"
	# shellcheck disable=SC2046 # "N passed, N failed" -> $1 and $3
	set -- $(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/vm$g.log" | tail -n 1 | tr -d ',')
	if [ $# -ge 4 ]; then p=$((p + $1)) f=$((f + $3)); else rc=1 f=$((f + 1)); fi
done
echo "$p passed, $f failed"
exit $rc
