#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/run.sh [-o DIR] [-r ROUNDS] [-w SECONDS] [-g tap|xsend|trafgen] [-p]
#              [-m "MODES"] [-z "SIZES"] [-c on|off|only] [-s on|off|only]
#
# Packets per second through a translator namespace, in ONE VM boot (Debian
# 6.1 kernel, 1 vCPU, TCG with -icount shift=0: one guest ns per guest
# instruction), for: plain IPv6 and IPv4 forwarding, forwarding through
# nft_jool's chain when no rule matches (the hook's own cost), Jool SIIT
# (jool_siit, netfilter mode), Jool NAT64 (jool, netfilter mode) and
# nft_jool SIIT (a `jool name` rule in a prerouting chain at Jool's
# priority, -75), 6->4 and 4->6, small (84/64 B) and large (1514/1494 B)
# frames. Rounds interleave the translators (ABBA order). Then, in the same
# boot, the control-plane phase: load/reload times of a 10,000-entry EAMT
# (nft -f vs jool_siit file handle) and of a 1,000-entry pool4 (nft -f vs jool file handle), with
# packet loss across the reloads. See bench/guest.sh
# for the topology and how pps is measured, bench/analyze.py for the
# statistics, bench/README.md for results and caveats.
#
#   -o DIR     results (default <repo>/bench/out): table.txt, bench.json,
#              bench.png, results.txt, console.txt, vm/ (console.log, dmesg)
#   -r N       rounds (5)             -w S   window, guest seconds (1)
#   -g GEN     generator (bench/xsend.c): tap (default) writes the frames
#              into a tap device, the translator's input port, so that the
#              skbs look like a NIC's (64 B headroom); xsend sends them by
#              AF_PACKET through a veth pair (16 B headroom: a 4->6
#              translator must reallocate); trafgen (netsniff-ng) through
#              the veth pair (it stalled under icount, see bench/README.md)
#   -p         after the rounds, perf profiles (DIR/profile-*.txt)
#   -m MODES   subset of "fwd nftchain jsiit jnat nft nnat"
#   -z SIZES   subset of "small large"
#   -a ARGS    extra guest kernel command line (e.g. init_on_alloc=0)
#   -c CP      control-plane phase: on (default, after the rounds), off, or
#              only (no pps rounds; ~1.5-2 min wall)
#   -s ST      stateful NAT64 phase (1k/100k/1M sessions, memory per
#              session, new-session rate): on (default), off, or only
#   -n "N..."  session counts of the stateful phase ("1000 100000 1000000")
#
# Needs: tools/setup-host.sh and bench/setup.sh done, then ./configure && make
# (nft_jool/nft_jool.ko, build/bin/nft). Environment: NFT, NFT_JOOL_KO
# override the artifacts; NFTJOOL_KVER the guest kernel.
#
# The VM is started by tools/vm/run-vm.sh unchanged: its qemu is reached
# through a PATH shim (DIR/shim/qemu-system-x86_64) that swaps the -accel
# argument for "tcg,thread=single" (icount needs single-threaded TCG) and
# appends "-icount shift=0,sleep=off,align=off".
set -uo pipefail
REPO=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
OUT=$REPO/bench/out ROUNDS=5 WINDOW=1 GEN=tap PROFILE=0
MODES="fwd nftchain jsiit jnat nft nnat" SIZES="small large" KARGS=() CP=on ST=on
ST_SIZES="1000 100000 1000000"
while getopts o:r:w:g:pm:z:a:c:s:n:h o; do
	case $o in
	o) OUT=$OPTARG ;;  r) ROUNDS=$OPTARG ;;  w) WINDOW=$OPTARG ;;  g) GEN=$OPTARG ;;
	p) PROFILE=1 ;;  m) MODES=$OPTARG ;;  z) SIZES=$OPTARG ;;  a) KARGS+=(-a "$OPTARG") ;;
	c) CP=$OPTARG ;;  s) ST=$OPTARG ;;  n) ST_SIZES=$OPTARG ;;
	*) sed -n '3,47p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
	esac
done
die() { echo "bench: ERROR: $*" >&2; exit 1; }

NFT=${NFT:-$REPO/build/bin/nft}
NFT_JOOL_KO=${NFT_JOOL_KO:-$REPO/nft_jool/nft_jool.ko}
KVER=${NFTJOOL_KVER:-$(ls /lib/modules | grep -E '^6\.1\.0-[0-9]+-amd64$' | sort -V | tail -n 1)}
[ -x "${NFT%% *}" ] || die "no patched nft at $NFT (./configure && make)"
[ -r "$NFT_JOOL_KO" ] || die "no $NFT_JOOL_KO (./configure && make)"
modinfo -k "$KVER" jool_siit >/dev/null 2>&1 && modinfo -k "$KVER" jool >/dev/null 2>&1 ||
	die "no Jool modules for $KVER: run bench/setup.sh"
case $GEN in tap|xsend) ;; trafgen) command -v trafgen >/dev/null || die "no trafgen: run bench/setup.sh" ;;
*) die "-g $GEN: tap, xsend or trafgen" ;; esac
case $CP in on|off|only) ;; *) die "-c $CP: on, off or only" ;; esac
case $ST in on|off|only) ;; *) die "-s $ST: on, off or only" ;; esac
NFT_JOOL_CTL=${NFT_JOOL_CTL:-$REPO/ctl/nft-jool}
QEMU=$(command -v qemu-system-x86_64) || die "no qemu-system-x86_64 (tools/setup-host.sh)"
case $OUT in /run/*|/proc/*|/sys/*|/dev/*) die "-o $OUT is hidden in the guest" ;; esac

mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd) || die "cannot create $OUT"
rm -rf "$OUT/frames" "$OUT/shim" "$OUT"/profile-*.txt "$OUT/results.txt" "$OUT/cp"
# the guest runs a copy: bash reads scripts as it goes, edits would hit it
cp "$REPO/bench/guest.sh" "$OUT/guest.sh" || die "cannot copy bench/guest.sh"
cc -O2 -Wall -o "$OUT/xsend" "$REPO/bench/xsend.c" || die "cannot build bench/xsend.c"
/usr/bin/python3 "$REPO/bench/frames.py" "$OUT/frames" || die "frames.py failed"
if [ "$CP" != off ]; then
	/usr/bin/python3 "$REPO/bench/cpgen.py" "$OUT/cp" || die "cpgen.py failed"
fi
mkdir -p "$OUT/shim"
cat >"$OUT/shim/qemu-system-x86_64" <<EOF
#!/bin/bash
# written by bench/run.sh: deterministic virtual time for tools/vm/run-vm.sh
a=()
while [ \$# -gt 0 ]; do
	if [ "\$1" = -accel ]; then a+=(-accel tcg,thread=single); shift 2; continue; fi
	a+=("\$1"); shift
done
exec $QEMU "\${a[@]}" -icount shift=0,sleep=off,align=off
EOF
chmod +x "$OUT/shim/qemu-system-x86_64"

echo "bench: kernel $KVER, nft_jool $NFT_JOOL_KO, $ROUNDS rounds x ${WINDOW}s, generator $GEN, control plane $CP" >&2
T0=$SECONDS
# Guest time races ahead while the guest waits for the host (icount
# sleep=off), so the guest's own limit is generous; the wall-clock limit is
# this timeout.
PATH=$OUT/shim:$PATH timeout -k 10 3600 "$REPO/tools/vm/run-vm.sh" -k "$KVER" -s 1 -t 100000 \
	-o "$OUT/vm" ${KARGS[@]+"${KARGS[@]}"} -K "$NFT_JOOL_KO" -e "NFT=$NFT" -e "BENCH_FRAMES=$OUT/frames" \
	-e "BENCH_XSEND=$OUT/xsend" -e "BENCH_ROUNDS=$ROUNDS" -e "BENCH_WINDOW=$WINDOW" \
	-e "BENCH_GEN=$GEN" -e "BENCH_PROFILE=$PROFILE" \
	-e "BENCH_MODES=$MODES" -e "BENCH_SIZES=$SIZES" \
	-e "BENCH_CP=$CP" -e "BENCH_CPDIR=$OUT/cp" -e "BENCH_ST=$ST" -e "BENCH_ST_SIZES=$ST_SIZES" \
	-e "BENCH_ST_TOOLS=${BENCH_ST_TOOLS:-jnat nnat}" \
	-e "NFT_JOOL_CTL=$NFT_JOOL_CTL" \
	-- "$OUT/guest.sh" >"$OUT/console.txt" 2>&1
rc=$?
WALL=$((SECONDS - T0))
grep -a '^bench:\|^RESULT\|^CP\|^ST\|run-vm:' "$OUT/console.txt" | tr -d '\r' >&2
[ $rc = 0 ] || die "the VM run failed (rc $rc, wall ${WALL}s), see $OUT/console.txt"
cp "$OUT/vm/results.txt" "$OUT/results.txt" || die "no results"
for f in "$OUT"/vm/profile-*.txt; do [ -e "$f" ] && cp "$f" "$OUT/"; done
/usr/bin/python3 "$REPO/bench/analyze.py" --wall "$WALL" --kver "$KVER" \
	--rounds "$([ "$CP" = only ] || [ "$ST" = only ] && echo 0 || echo "$ROUNDS")" --window "$WINDOW" --gen "$GEN" "$OUT"
