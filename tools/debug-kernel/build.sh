#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds the debug guest kernel (KASAN, UBSAN, kmemleak, lockdep/PROVE_RCU,
# KUnit) from Debian's linux-source-6.1 package, once per machine: the tree
# and its modules stay in $NFT_JOOL_DEBUG_KERNEL_DIR (default
# /var/cache/nft_jool/debug-kernel) and are reused while the package version
# and debug.config are unchanged. About 30 minutes on 2 cores.
#
# Prints the kernel release (e.g. 6.1.192-vmdebug) on stdout; the image is
# /boot/vmlinuz-<release>, modules in /lib/modules/<release>, and the module
# build dir /lib/modules/<release>/build.
set -euo pipefail

HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
DIR=${NFT_JOOL_DEBUG_KERNEL_DIR:-/var/cache/nft_jool/debug-kernel}
JOBS=${JOBS:-$(nproc)}

log() { echo "debug-kernel: $*" >&2; }

# --check: print the release and succeed only if it is built and current
# (never builds, never installs anything).
if [ "${1:-}" = --check ]; then
	srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null) || exit 1
	key="$srcver $(sha256sum "$HERE/debug.config" | cut -d' ' -f1)"
	[ -f "$DIR/stamp" ] && [ "$(cat "$DIR/stamp")" = "$key" ] || exit 1
	rel=$(cat "$DIR/linux-source-6.1/include/config/kernel.release") || exit 1
	[ -r "/boot/vmlinuz-$rel" ] && [ -d "/lib/modules/$rel/kernel" ] || exit 1
	echo "$rel"
	exit 0
fi

need=()
for p in linux-source-6.1 libelf-dev bc; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
	log "installing ${need[*]}"
	apt-get update -q >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >&2
fi

tarball=$(ls /usr/src/linux-source-6.1.tar.xz)
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
key="$srcver $(sha256sum "$HERE/debug.config" | cut -d' ' -f1)"
tree=$DIR/linux-source-6.1
mkdir -p "$DIR"

if [ -f "$DIR/stamp" ] && [ "$(cat "$DIR/stamp")" = "$key" ]; then
	rel=$(cat "$tree/include/config/kernel.release")
	if [ -r "/boot/vmlinuz-$rel" ] && [ -d "/lib/modules/$rel/kernel" ]; then
		log "up to date: $rel"
		echo "$rel"
		exit 0
	fi
fi

rm -f "$DIR/stamp"
if [ ! -f "$DIR/extracted" ] || [ "$(cat "$DIR/extracted")" != "$srcver" ]; then
	log "extracting $tarball"
	rm -rf "$tree"
	tar -C "$DIR" -xf "$tarball"
	echo "$srcver" > "$DIR/extracted"
fi

cd "$tree"
log "configuring"
make -s x86_64_defconfig kvm_guest.config >&2
scripts/kconfig/merge_config.sh -m .config "$HERE/debug.config" >&2
make -s olddefconfig >&2
# merge_config only warns when a symbol does not stick; a checker that
# silently fell out would make every later "no report" meaningless.
for sym in KASAN UBSAN DEBUG_KMEMLEAK PROVE_LOCKING PROVE_RCU KUNIT; do
	grep -q "^CONFIG_$sym=y" .config || { log "CONFIG_$sym did not stick"; exit 1; }
done

log "building with -j$JOBS (about 30 min on 2 cores)"
start=$(date +%s)
make -s -j"$JOBS" bzImage modules >&2
make -s modules_install >&2
rel=$(cat include/config/kernel.release)
cp arch/x86/boot/bzImage "/boot/vmlinuz-$rel"
log "built $rel in $(( $(date +%s) - start )) s"
echo "$key" > "$DIR/stamp"
echo "$rel"
