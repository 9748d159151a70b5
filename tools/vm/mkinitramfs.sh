#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mkinitramfs.sh KVER OUT.cpio.gz [9p|virtiofs]
#
# A tiny initramfs: static busybox plus the few .ko files needed to mount the
# host's "/" read-only (9p over virtio, or virtiofs). Its /init mounts it and
# switch_root's into it, then execs the guest init named on the kernel command
# line (nftjool.init=/abs/path). Needs busybox-static, kmod and cpio.
set -euo pipefail
KVER=${1:?usage: mkinitramfs.sh KVER OUT.cpio.gz [9p|virtiofs]}
OUT=${2:?usage: mkinitramfs.sh KVER OUT.cpio.gz [9p|virtiofs]}
FS=${3:-9p}
case $FS in
9p)       MODS="virtio_pci 9pnet_virtio 9p" ;;
virtiofs) MODS="virtio_pci virtiofs" ;;
*)        echo "mkinitramfs: fs must be 9p or virtiofs" >&2; exit 2 ;;
esac
[ -d "/lib/modules/$KVER/kernel" ] || { echo "mkinitramfs: no /lib/modules/$KVER (install linux-image-$KVER)" >&2; exit 1; }
[ -x /bin/busybox ] || { echo "mkinitramfs: needs busybox-static" >&2; exit 1; }

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W"/{bin,dev,proc,sys,newroot,mods}
cp /bin/busybox "$W/bin/busybox"
for a in sh mount umount insmod switch_root mkdir cat echo poweroff; do
	ln -s busybox "$W/bin/$a"
done

# The host's modprobe resolves the load order for a kernel that is not running
# (-S). Built-in modules show up as "builtin" lines and are skipped. Debian 6.12
# compresses modules; busybox insmod wants them plain.
: > "$W/mods/order"
for m in $MODS; do
	modprobe -S "$KVER" --show-depends "$m" | while read -r kw path _; do
		[ "$kw" = insmod ] || continue
		b=$(basename "$path"); b=${b%.xz}; b=${b%.zst}; b=${b%.gz}
		grep -qx "$b" "$W/mods/order" && continue
		case "$path" in
		*.ko)     cp "$path" "$W/mods/$b" ;;
		*.ko.xz)  xz -dc "$path" > "$W/mods/$b" ;;
		*.ko.zst) zstd -qdc "$path" > "$W/mods/$b" ;;
		*.ko.gz)  gzip -dc "$path" > "$W/mods/$b" ;;
		esac
		echo "$b" >> "$W/mods/order"
	done
done

cat > "$W/init" <<'INIT'
#!/bin/sh
# PID 1 in the initramfs: mount the host root, hand over to the guest init.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in $(cat /mods/order); do
	insmod /mods/$m || echo "initramfs: insmod $m failed"
done
GINIT=
for a in $(cat /proc/cmdline); do
	case "$a" in nftjool.init=*) GINIT=${a#nftjool.init=} ;; esac
done
if [ "$(cat /fstype)" = virtiofs ]; then
	mount -t virtiofs -o ro hostroot /newroot
else
	mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=262144 hostroot /newroot
fi || { echo "initramfs: cannot mount the host root"; poweroff -f; }
[ -n "$GINIT" ] || { echo "initramfs: no nftjool.init= on the command line"; poweroff -f; }
umount /proc /sys /dev 2>/dev/null
exec switch_root /newroot "$GINIT"
INIT
chmod 755 "$W/init"
echo "$FS" > "$W/fstype"
( cd "$W" && find . | cpio -o -H newc --quiet | gzip -1 ) > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "mkinitramfs: $OUT ($FS; modules: $(tr '\n' ' ' < "$W/mods/order"))" >&2
