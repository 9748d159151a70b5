#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# setup-host.sh -- idempotent host setup for building and testing nft_jool on
# Debian 12 (run as root).  Installs, from the bookworm sources only and with
# --no-install-recommends, the 6.1 guest kernel + headers, qemu and the tools
# the VM runs from the host root, the build deps of the patched libnftnl/nft,
# and the newest Debian 6.12 headers (tools/check-build-6.12.sh).
#
# stdout: the newest installed Debian 6.1 kernel release (e.g. 6.1.0-56-amd64);
# everything else goes to stderr.
#
# Pitfalls handled:
#  * tiny-initramfs is installed in the same apt transaction as the kernel
#    images; otherwise apt picks initramfs-tools -> udev -> systemd upgrades.
#  * only missing packages are named: naming an installed core package
#    (xz-utils, libc6, ...) makes apt upgrade it to the newest point release.
#  * jool-dkms (not installed by us, but maybe present): its postinst hook
#    runs "dkms autoinstall" for the new 6.12 kernel, Jool 4.1.9 does not
#    build there and the kernel package stays half-configured.  AUTOINSTALL
#    is blanked in its dkms.conf for the transaction, then restored.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

log() { echo "setup-host: $*" >&2; }
die() { echo "setup-host: ERROR: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (apt-get)"
command -v apt-get >/dev/null && command -v dpkg-query >/dev/null || die "not a Debian system"

PKGS=(
	# guest kernel (generic 6.1: 9p/virtiofs/veth/nf_tables as modules)
	linux-image-amd64 linux-headers-amd64 tiny-initramfs
	# VM + initramfs
	qemu-system-x86 busybox-static kmod cpio
	# tools the guest runs from the host root
	nftables iproute2 iputils-ping procps tcpdump iperf3 python3 python3-scapy ethtool
	# module, ctl and patched libnftnl/nft builds
	build-essential pkg-config autoconf automake libtool bison flex
	libmnl-dev libgmp-dev libedit-dev libjansson-dev curl
	# host fuzzing of the pure code (tests/fuzz: libFuzzer, ASan, UBSan)
	clang libclang-rt-14-dev
	# undefined names in the exec'd packet case files (tests/packet/lint_cases.py)
	pyflakes3
)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

updated=0
apt_update() {
	[ $updated = 1 ] && return 0
	log "apt-get update"
	apt-get update -q >&2 || die "apt-get update failed"
	updated=1
}

missing=()
for p in "${PKGS[@]}"; do
	installed "$p" || missing+=("$p")
done

# Newest Debian 6.12 headers (they pull the matching image).  Keep any
# already-installed one: setup must be idempotent and offline-safe.
h612=$(dpkg-query -W -f='${Package} ${Status}\n' 'linux-headers-6.12.*+deb12-amd64' 2>/dev/null \
	| awk '/install ok installed/ {print $1}' | sort -V | tail -n 1 || true)
if [ -z "$h612" ]; then
	apt_update
	h612=$(apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' \
		| awk '{print $1}' | sort -V | tail -n 1)
	[ -n "$h612" ] || die "no linux-headers-6.12.*+deb12-amd64 package in the apt sources"
	missing+=("$h612")
	# its image needs an initramfs tool in the same transaction
	installed tiny-initramfs || [[ " ${missing[*]} " == *" tiny-initramfs "* ]] || missing+=(tiny-initramfs)
fi

# --- jool-dkms guard ---------------------------------------------------------
dkms_saved=()
dkms_guard() {
	local f
	for f in /usr/src/jool-dkms-*/dkms.conf; do
		[ -f "$f" ] || continue
		cp -p "$f" "$f.nft_jool-setup"
		dkms_saved+=("$f")
		if grep -q '^AUTOINSTALL=' "$f"; then
			sed -i 's/^AUTOINSTALL=.*/AUTOINSTALL=""/' "$f"
		else
			echo 'AUTOINSTALL=""' >>"$f"
		fi
		log "jool-dkms present: autoinstall disabled in $f for this transaction"
	done
}
dkms_restore() {
	local f
	for f in ${dkms_saved[@]+"${dkms_saved[@]}"}; do
		[ -f "$f.nft_jool-setup" ] && mv -f "$f.nft_jool-setup" "$f" && log "restored $f"
	done
	dkms_saved=()
}
trap dkms_restore EXIT

if [ ${#missing[@]} -gt 0 ]; then
	t0=$SECONDS
	log "installing: ${missing[*]}"
	apt_update
	[[ " ${missing[*]}" != *" linux-"* ]] || dkms_guard
	rc=0
	apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 || rc=$?
	# finish anything a postinst hook left half-configured (dkms, see above)
	dpkg --configure -a >&2 || true
	dkms_restore
	if [ $rc != 0 ] && [ -n "$(dpkg --audit 2>/dev/null)" ]; then
		dpkg --audit >&2 || true
		die "apt-get install failed (rc=$rc) and packages are left unconfigured"
	fi
	for p in "${missing[@]}"; do
		installed "$p" || die "package $p did not install (apt-get rc=$rc)"
	done
	log "installed in $((SECONDS - t0)) s"
else
	log "all packages present"
fi

# --- kernels -------------------------------------------------------------------
KVER=$(ls /lib/modules 2>/dev/null | grep -E '^6\.1\.0-[0-9]+-amd64$' | sort -V | tail -n 1 || true)
[ -n "$KVER" ] && [ -r "/boot/vmlinuz-$KVER" ] && [ -f "/lib/modules/$KVER/build/Makefile" ] \
	|| die "no usable Debian 6.1 kernel + headers (/boot/vmlinuz-6.1.0-*-amd64, /lib/modules/6.1.0-*-amd64/build)"
K612=$(ls /lib/modules 2>/dev/null | grep -E '^6\.12\.[0-9]+\+deb12-amd64$' | sort -V | tail -n 1 || true)
[ -n "$K612" ] && [ -f "/lib/modules/$K612/build/Makefile" ] \
	|| die "no usable Debian 6.12 headers (/lib/modules/6.12.*+deb12-amd64/build)"
log "kernel for the VM: $KVER; build check kernel: $K612"
echo "$KVER"
