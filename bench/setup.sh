#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/setup.sh -- idempotent host setup for bench/run.sh (Debian 12, root).
# Installs, from the bookworm sources and with --no-install-recommends only
# what is missing of:
#   netsniff-ng         trafgen, the packet generator run in the guest
#   python3-matplotlib  the PNG chart (bench/analyze.py)
#   linux-perf          optional profiling in the guest (bench/run.sh -p)
#   dkms jool-dkms jool-tools   Jool 4.1.9, the reference translator
# and makes sure Jool's modules exist for the Debian 6.1 guest kernel.
#
# Jool 4.1.9 does not compile for the 6.12 kernel that tools/setup-host.sh
# installs beside 6.1, and jool-dkms's postinst builds for every kernel with
# headers on a first install, which would leave the package unconfigured.
# So jool-dkms is unpacked first, its dkms.conf restricted to 6.1 kernels
# (BUILD_EXCLUSIVE_KERNEL: dkms skips the others with status 77), configured,
# and the package's own dkms.conf put back.
#
# stdout: the 6.1 guest kernel release; progress goes to stderr.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
log() { echo "bench/setup: $*" >&2; }
die() { echo "bench/setup: ERROR: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (apt-get)"

KVER=${NFTJOOL_KVER:-$(ls /lib/modules 2>/dev/null | grep -E '^6\.1\.0-[0-9]+-amd64$' | sort -V | tail -n 1 || true)}
[ -n "$KVER" ] && [ -f "/lib/modules/$KVER/build/Makefile" ] ||
	die "no Debian 6.1 kernel + headers: run tools/setup-host.sh first"

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
updated=0
apt_update() { [ $updated = 1 ] || { apt-get update -q >&2 || die "apt-get update failed"; updated=1; }; }

missing=()
for p in netsniff-ng python3-matplotlib linux-perf ethtool dkms jool-tools; do
	installed "$p" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	log "installing: ${missing[*]}"
	apt_update
	apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 ||
		die "apt-get install ${missing[*]} failed"
fi

if ! installed jool-dkms; then
	log "installing jool-dkms (dkms build for 6.1 kernels only)"
	apt_update
	apt-get install -y -q -d --no-install-recommends jool-dkms >&2 || die "cannot download jool-dkms"
	deb=$(ls -t /var/cache/apt/archives/jool-dkms_*_all.deb | head -n 1)
	dpkg --unpack "$deb" >&2 || die "dpkg --unpack $deb failed"
	conf=$(ls -d /usr/src/jool-dkms-*/dkms.conf | sort -V | tail -n 1)
	cp -p "$conf" "$conf.bench-setup"
	trap 'mv -f "$conf.bench-setup" "$conf"' EXIT
	echo 'BUILD_EXCLUSIVE_KERNEL="^6\.1\."' >>"$conf"
	dpkg --configure jool-dkms >&2 || die "dpkg --configure jool-dkms failed"
fi

if ! modinfo -k "$KVER" jool_siit >/dev/null 2>&1 || ! modinfo -k "$KVER" jool >/dev/null 2>&1; then
	v=$(dpkg-query -W -f='${Version}' jool-dkms | sed 's/-[^-]*$//')
	log "building Jool $v for $KVER with dkms"
	dkms build -m jool-dkms -v "$v" -k "$KVER" >&2 || die "dkms build of Jool for $KVER failed"
	dkms install -m jool-dkms -v "$v" -k "$KVER" >&2 || die "dkms install of Jool for $KVER failed"
fi
modinfo -k "$KVER" -F version jool_siit >/dev/null || die "no jool_siit module for $KVER"
command -v trafgen >/dev/null || die "trafgen missing"
log "ready: guest kernel $KVER, Jool $(modinfo -k "$KVER" -F version jool_siit), $(trafgen -v 2>/dev/null | head -n 1 || echo trafgen)"
echo "$KVER"
