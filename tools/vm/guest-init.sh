#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# guest-init.sh -- PID 1 in the guest, after switch_root into the host's root
# (read-only 9p). Mounts the pseudo file systems, puts writable overlays over
# the few host directories the tests write to, mounts the read-write job share
# at /run/vmtest, runs /run/vmtest/run.sh, and judges the kernel log: any
# WARN/BUG/Oops/KASAN/UBSAN/lockdep report turns a passing run into rc 99.
# The verdict goes to /run/vmtest/rc and the console; then the VM powers off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8
BB=/bin/busybox

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm 2>/dev/null
# devtmpfs lacks these (udev makes them); bash <(...) and nft -f - need them
ln -s /proc/self/fd /dev/fd
ln -s /proc/self/fd/0 /dev/stdin
ln -s /proc/self/fd/1 /dev/stdout
ln -s /proc/self/fd/2 /dev/stderr
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs -o mode=755 tmpfs /run

# Host content stays visible (read-only lower layer); writes land in guest RAM.
# /lib/modules/<kver> is writable so that a test module can be copied into
# extra/ and depmod'ed: the kernel's request_module() then finds it by alias,
# exactly as on an installed system.
modprobe overlay 2>/dev/null
for d in /tmp /var/tmp /root /etc "$(readlink -f /lib/modules/"$(uname -r)")"; do
	u=/run/ovl$d
	mkdir -p "$u/u" "$u/w"
	mount -t overlay overlay -o "lowerdir=$d,upperdir=$u/u,workdir=$u/w" "$d" 2>/dev/null ||
		case $d in /tmp|/var/tmp|/root) mount -t tmpfs -o mode=1777 tmpfs "$d" ;;
		*) echo "guest-init: cannot make $d writable" ;; esac
done
[ -d /sys/kernel/debug ] && mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
[ -d /sys/kernel/tracing ] && mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mkdir -p /run/vmtest /run/netns /run/lock
if grep -q 'nftjool.fs=virtiofs' /proc/cmdline; then
	mount -t virtiofs job /run/vmtest
else
	mount -t 9p -o trans=virtio,version=9p2000.L,cache=none,msize=262144 job /run/vmtest
fi || echo "guest-init: cannot mount the job share"
ip link set lo up

# Kernel reports that fail a run. Exact report prefixes only: a bare "kmemleak"
# would also match the detector's boot banner.
PAT='WARNING: CPU|suspicious RCU usage|BUG:|kernel BUG at|Oops|general protection fault|UBSAN:|KASAN:|suspected memory leak|possible circular locking|possible recursive locking|inconsistent lock state|INFO: rcu|blocked for more than'
# Boot messages are judged apart: an early-boot report is not the tests' doing.
dmesg -c > /run/vmtest/dmesg-boot.txt 2>/dev/null
grep -qE "$PAT" /run/vmtest/dmesg-boot.txt &&
	echo "guest-init: NOTE: kernel report during boot (not counted): $(grep -m1 -E "$PAT" /run/vmtest/dmesg-boot.txt)"
echo "NFTJOOL-VM-START uptime=$(cut -d' ' -f1 /proc/uptime)"

rc=125
if [ -x /run/vmtest/run.sh ]; then
	cd /run/vmtest
	T=$(sed -n 's/.*nftjool.timeout=\([0-9]*\).*/\1/p' /proc/cmdline)
	timeout -k 5 "${T:-600}" /run/vmtest/run.sh
	rc=$?
	[ "$rc" = 124 ] && echo "guest-init: the test run timed out after ${T:-600} s"
fi
if grep -q 'nftjool.kmemleak=1' /proc/cmdline && [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan > /sys/kernel/debug/kmemleak; sleep 1; echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak > /run/vmtest/kmemleak.txt
	[ -s /run/vmtest/kmemleak.txt ] && { echo "guest-init: kmemleak:"; head -40 /run/vmtest/kmemleak.txt; }
fi
dmesg > /run/vmtest/dmesg.txt 2>/dev/null
if grep -qE "$PAT" /run/vmtest/dmesg.txt; then
	echo "guest-init: kernel reports during the tests:"
	grep -nE -A12 "$PAT" /run/vmtest/dmesg.txt | head -80
	[ "$rc" = 0 ] && rc=99
fi
echo "guest-init: tainted=$(cat /proc/sys/kernel/tainted)"
echo "$rc" > /run/vmtest/rc
sync
echo "NFTJOOL-VM-RC=$rc uptime=$(cut -d' ' -f1 /proc/uptime)"
umount /run/vmtest 2>/dev/null
$BB poweroff -f
