#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/guest.sh -- the measurement, run inside the VM by bench/run.sh.
#
# Topology (one vCPU, icount: guest time = guest instructions):
#
#   [ns gen]               ns xlat                         ns sink
#   (g0 02:..:01 --veth--) x0 02:..:02  [translator]  x1 02:..:03 ---veth--- s0 02:..:04
#   generator              2001:db8:6::1/64               2001:db8:4::1/64     netdev ingress:
#                          198.51.100.1/24                192.0.2.1/24         count per family, drop
#
# The generator (bench/xsend) sends fixed UDP frames (4 flows) as fast as
# it can. With BENCH_GEN=tap (default) x0 is a tap device and xsend writes
# the frames into it: they are received on x0 with a NIC-like skb
# (NET_SKB_PAD headroom). With BENCH_GEN=xsend (or trafgen), x0 is a veth
# and the frames are sent by AF_PACKET from its peer g0 in ns gen (the skb
# has only 16 octets of headroom). xlat forwards or translates them out of
# x1 (static neighbours, no ARP/ND); the sink drops them at ingress, before
# any IP processing. Offloads are off on every device (GRO off keeps veth on
# the netif_rx path, as a NIC without GRO).
#
# A case = (translator mode, input frames). The pps of a case is measured
# in the sink: after a warm-up, s0's rx_packets (sysfs) is read at t0 and t1
# = t0 + WINDOW, times from $EPOCHREALTIME (bash builtin, µs, no fork; the
# wait is a builtin "read -t" too), pps = (rx1 - rx0) / (t1 - t0). With
# -icount shift=0 one guest second is 10^9 guest instructions, so pps is a
# per-packet instruction budget, independent of the host.
#
# Environment (set by run.sh): BENCH_FRAMES dir of frames.py output,
# BENCH_XSEND xsend binary, NFT patched nft, BENCH_ROUNDS, BENCH_WINDOW,
# BENCH_WARMUP (guest seconds), BENCH_GEN tap|xsend|trafgen, BENCH_SIZES,
# BENCH_MODES,
# BENCH_PROFILE=1 (perf profiles after the rounds), BENCH_CP on|off|only
# (control-plane phase after the rounds; only: no rounds), BENCH_CPDIR
# (bench/cpgen.py output), BENCH_CPRATE (pps of the traffic across reloads),
# BENCH_ST on|off|only (stateful NAT64 phase), BENCH_ST_SIZES (session counts).
# Output: /run/vmtest/results.txt (one "RESULT k=v ..." line per window, one
# "CP k=v ..." line per control-plane measurement), /run/vmtest/profile-*.txt.
set -u
OUT=/run/vmtest
FR=${BENCH_FRAMES:?} XSEND=${BENCH_XSEND:?} NFT=${NFT:?}
ROUNDS=${BENCH_ROUNDS:-5} WINDOW=${BENCH_WINDOW:-1} WARMUP=${BENCH_WARMUP:-0.3}
GEN=${BENCH_GEN:-tap} SIZES=${BENCH_SIZES:-small large}
MODES=${BENCH_MODES:-fwd nftchain jsiit jnat nft nnat}
CP=${BENCH_CP:-off} CPDIR=${BENCH_CPDIR:-} CPRATE=${BENCH_CPRATE:-20000}
ST=${BENCH_ST:-off} ST_SIZES=${BENCH_ST_SIZES:-1000 100000 1000000}
ST_TOOLS=${BENCH_ST_TOOLS:-jnat nnat} ST_WARM=${BENCH_ST_WARM:-100000}
RES=$OUT/results.txt
: >"$RES"

say() { echo "bench: $*"; }
die() { echo "bench: ERROR: $*"; exit 1; }
ns() { local n=$1; shift; ip netns exec "$n" "$@"; }

# --- topology ------------------------------------------------------------------
load_modules() {
	modprobe veth && modprobe tun && modprobe nf_tables || die "modprobe"
	modprobe jool_siit && modprobe jool || die "cannot load Jool (bench/setup.sh)"
}

# A fresh topology for every translator: Jool enables the kernel's
# defragmentation hooks in its namespace and they stay there after the
# instance is removed; the other cases must not pay for them.
topo_down() {
	ip -n xlat link del x0 2>/dev/null
	ip netns del gen; ip netns del xlat; ip netns del sink
}
topo_up() {
	local d
	for d in gen xlat sink; do ip netns add $d || die "netns $d"; done
	if [ "$GEN" = tap ]; then
		# the generator writes into x0 as if x0 received from a wire
		ip -n xlat tuntap add dev x0 mode tap
		ip -n xlat link set x0 address 02:00:00:00:00:02
	else
		ip link add g0 netns gen address 02:00:00:00:00:01 type veth \
			peer name x0 netns xlat address 02:00:00:00:00:02
	fi
	ip link add x1 netns xlat address 02:00:00:00:00:03 type veth \
		peer name s0 netns sink address 02:00:00:00:00:04
	# no ND/MLD/RS chatter from the ends: they only send or drop
	ns gen sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	ns sink sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	ns xlat sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	for d in gen xlat sink; do
		ns $d sysctl -qw net.core.wmem_default=4194304 net.core.wmem_max=4194304 \
			net.core.rmem_default=4194304 net.core.rmem_max=4194304 2>/dev/null
	done
	sysctl -qw net.core.wmem_default=4194304 net.core.wmem_max=4194304
	ip -n xlat addr add 2001:db8:6::1/64 dev x0 nodad
	ip -n xlat addr add 198.51.100.1/24 dev x0
	ip -n xlat addr add 2001:db8:4::1/64 dev x1 nodad
	ip -n xlat addr add 192.0.2.1/24 dev x1
	for d in "gen g0" "xlat x0" "xlat x1" "sink s0"; do
		set -- $d
		[ "$GEN" = tap ] && [ $2 = g0 ] && continue
		# a feature the device cannot change is "off [fixed]" or unused:
		# tap receives through netif_receive_skb(), without GRO
		ns $1 ethtool -K $2 gro off gso off tso off >/dev/null 2>&1 ||
			say "$2: $(ns $1 ethtool -k $2 | grep -E '^(generic-receive|generic-segmentation|tcp-segmentation)-offload:' | tr -s '\n\t' '  ')"
		ip -n $1 link set $2 up
	done
	ip -n xlat neigh replace 192.0.2.2 lladdr 02:00:00:00:00:04 dev x1 nud permanent
	ip -n xlat -6 neigh replace 2001:db8:4::2 lladdr 02:00:00:00:00:04 dev x1 nud permanent
	# translated 4->6 packets go to 64:ff9b::192.0.2.2
	ip -n xlat -6 route add 64:ff9b::/96 via 2001:db8:4::2 dev x1
	ns sink nft -f - <<-'EOF' || die "sink ruleset"
	table netdev sink {
		counter v4 { }
		counter v6 { }
		chain in {
			type filter hook ingress device "s0" priority 0; policy drop;
			meta protocol ip counter name "v4" drop
			meta protocol ip6 counter name "v6" drop
		}
	}
	EOF
}

# --- translators -------------------------------------------------------------------
# Only one translator exists at a time; "fwd" has none.
mode_up() {
	case $1 in
	fwd) ;;
	jsiit) ns xlat jool_siit instance add --netfilter --pool6 64:ff9b::/96 bench >/dev/null ;;
	jnat)
		# pool4 and a static BIB entry shared by both NAT64s: 6->4 masks
		# come from 203.0.113.1, 4->6 frames reach 2001:db8:4::2#2000
		ns xlat jool instance add --netfilter --pool6 64:ff9b::/96 bench >/dev/null &&
			ns xlat jool -i bench pool4 add 203.0.113.1 1024-65535 --udp &&
			ns xlat jool -i bench bib add 203.0.113.1#2000 2001:db8:4::2#2000 --udp
		;;
	nnat)
		ns xlat $NFT -f - <<-EOF
		table inet bench {
			jool nat64 {
				type nat64
				pool6 64:ff9b::/96
				pool4 { udp 203.0.113.1/32 1024-65535 }
				bib { udp [2001:db8:4::2]:2000 : 203.0.113.1:2000 }
			}
			chain pre {
				type filter hook prerouting priority -75; policy accept;
				ip6 daddr 64:ff9b::/96 jool name "nat64"
				ip daddr 203.0.113.1 jool name "nat64"
			}
		}
		EOF
		;;
	nft|nftchain)
		# Same hook and priority as Jool's netfilter hooks: prerouting,
		# NF_IP_PRI_NAT_DST + 25 = -75, for both families.
		local p6=64:ff9b::/96 p4=192.0.2.0/24
		# nftchain: the same chain, but no rule matches: the cost of
		# the hook and of the rules alone, on the forwarding path
		[ "$1" = nftchain ] && p6=2001:db8:ffff::/96 p4=203.0.113.0/24
		ns xlat $NFT -f - <<-EOF
		table inet bench {
			jool siit {
				type siit
				pool6 64:ff9b::/96
			}
			chain pre {
				type filter hook prerouting priority -75; policy accept;
				ip6 daddr $p6 jool name "siit"
				ip daddr $p4 jool name "siit"
			}
		}
		EOF
		;;
	*) false ;;
	esac || die "cannot set up translator $1"
}
mode_down() {
	case $1 in
	fwd) ;;
	jsiit) ns xlat jool_siit instance remove bench ;;
	jnat) ns xlat jool instance remove bench ;;
	nft|nftchain|nnat) ns xlat $NFT delete table inet bench ;;
	esac || die "cannot remove translator $1"
}

# --- one window --------------------------------------------------------------------
gen_start() {	# gen_start GEN FRAMESET -> $GPID
	case $1 in
	xsend) ip netns exec gen "$XSEND" g0 "$FR/$2.hex" & GPID=$! ;;
	tap) ip netns exec xlat "$XSEND" -t x0 "$FR/$2.hex" & GPID=$! ;;
	trafgen)
		# trafgen mmaps a file in its cwd: not on 9p
		(cd /tmp && exec ip netns exec gen trafgen -i "$FR/$2.cfg" -o g0 -P 1 -S 256KiB \
			--no-sock-mem -Q -C >>"$OUT/trafgen.log" 2>&1) & GPID=$!
		;;
	esac
}
gen_stop() { kill "$GPID" 2>/dev/null; wait "$GPID" 2>/dev/null; }

# Runs in the sink netns: its own sysfs view of s0. Prints "packets ns".
METER='
exec 9<>"$1"
rx=/sys/class/net/s0/statistics/rx_packets
read -t "$2" -u 9
read -r c0 <$rx; t0=$EPOCHREALTIME
read -t "$3" -u 9
read -r c1 <$rx; t1=$EPOCHREALTIME
echo $((c1 - c0)) $(( (${t1/./} - ${t0/./}) * 1000 ))
'
FIFO=/tmp/bench.fifo
mkfifo "$FIFO"

counters() {	# -> "v4 v6" packets so far at the sink
	ns sink nft list counters table netdev sink |
		awk '/counter v4/ {f = 4} /counter v6/ {f = 6}
		     /packets/ {for (i = 1; i < NF; i++) if ($i == "packets") p[f] = $(i + 1)}
		     END {print p[4] + 0, p[6] + 0}'
}

measure() {	# measure ROUND CASE MODE FRAMESET SIZE GEN
	local r=$1 c=$2 m=$3 fs=$4 sz=$5 g=$6 v0 v1 pk ns pps
	v0=$(counters)
	gen_start "$g" "$fs-$sz"
	set -- $(ip netns exec sink bash -c "$METER" meter "$FIFO" "$WARMUP" "$WINDOW")
	pk=${1:-0} ns=${2:-0}
	gen_stop
	v1=$(counters)
	set -- $v0 $v1
	pps=$(awk -v p="$pk" -v n="$ns" 'BEGIN {printf "%.0f", (n > 0 ? p * 1e9 / n : 0)}')
	echo "RESULT round=$r case=$c mode=$m frames=$fs size=$sz gen=$g pps=$pps packets=$pk ns=$ns sink_v4=$(($3 - $1)) sink_v6=$(($4 - $2))" |
		tee -a "$RES"
}

# name mode frames: the input frames decide the direction
CASES="fwd6 fwd v6fwd
fwd4 fwd v4
fwd6-nftchain nftchain v6fwd
fwd4-nftchain nftchain v4
jool-siit-64 jsiit v6siit
jool-siit-46 jsiit v4
jool-nat64-64 jnat v6nat64
jool-nat64-46 jnat v4nat64
nft-siit-64 nft v6siit
nft-siit-46 nft v4
nft-nat64-64 nnat v6nat64
nft-nat64-46 nnat v4nat64"

run_mode() {	# run_mode ROUND MODE
	local r=$1 m=$2 c cm fs sz
	topo_up
	mode_up "$m"
	while read -r c cm fs; do
		[ "$cm" = "$m" ] || continue
		for sz in $SIZES; do
			measure "$r" "$c" "$m" "$fs" "$sz" "$GEN"
		done
	done <<<"$CASES"
	mode_down "$m"
	topo_down
}

profile() {	# profile NAME MODE FRAMESET: perf samples on virtual time
	local name=$1 m=$2 fs=$3 data=/tmp/perf-$1.data
	topo_up
	mode_up "$m"
	gen_start "$GEN" "$fs-small"
	read -t 0.5 -u 9 9<>"$FIFO"
	# cpu-clock is an hrtimer on guest time = instruction count under
	# icount: the samples are an instruction profile (TCG has no PMU).
	perf record -q -e cpu-clock -F 3917 -a -g -o "$data" -- sleep 3 >/dev/null 2>&1
	gen_stop
	mode_down "$m"
	topo_down
	perf report -i "$data" --stdio --no-children --sort sym --percent-limit 0.3 \
		-g none 2>/dev/null | grep -v '^$' >"$OUT/profile-$name.txt"
	# who calls the string functions (rep movs/stos: counted per byte)
	perf report -i "$data" --stdio --no-children --symbols memset_erms,memcpy_erms,memcmp \
		-g caller,2,callee --percent-limit 0.3 2>/dev/null | grep -v '^$' | head -150 \
		>"$OUT/profile-$name-strings.txt"
	say "profile $name: $(grep -c . "$OUT/profile-$name.txt") lines"
}

# --- control plane -----------------------------------------------------------------
# Load and reload times of a large configuration, and whether traffic through
# the instance keeps flowing across a reload. nft_jool: `nft -f` of a table
# holding the SIIT instance "cp" with a 10,000-entry eamt (bench/cpgen.py);
# Jool: `jool_siit file handle` of the same instance as JSON, and `jool file
# handle` of a NAT64 instance with a 1,000-entry pool4 (nft_jool: nft -f of
# the same instance). Each: first load (instance created), reload of the same file, reload
# with one entry changed, then both reloads again while bench/xsend -R sends
# v6nat64 frames (2001:db8:6::2 -> 64:ff9b::c000:202: EAM source, pool6
# destination; NAT64: pool4) at CPRATE pps into x0; the sink counts what
# arrives translated (IPv4) and untranslated (IPv6, forwarded as is when
# the source has no mapping); lost = sent - translated.
#
# Times, per command: busy_ms = how long the vCPU ran anything (not idle)
# during the command (/proc/schedstat; = guest instructions / 1e6 under
# icount shift=0), the quoted figure; real_ms = the guest clock around it
# ($EPOCHREALTIME: busy + idle; idle is inflated whenever the guest waits for
# the host, see cp_busy); cpu_ms = the command's own user+sys (10 ms ticks;
# without work done for it by kernel threads). The files are copied to
# /dev/shm first and every tool runs once before the timed commands.
gsleep() { read -t "$1" -u 9 9<>"$FIFO"; }
CPW=/dev/shm/cp
cp_run() {	# cp_run TOOL WHAT CMD...: times CMD in ns xlat, logs a CP line
	local tool=$1 what=$2 t0 t1 b0 b1 rc u0 s0 u1 s1
	shift 2
	read -r u0 s0 < <(cp_cpu)
	b0=$(cp_busy)
	t0=$EPOCHREALTIME
	ip netns exec xlat "$@" >/dev/null 2>"$CPW/err"
	rc=$?
	t1=$EPOCHREALTIME
	b1=$(cp_busy)
	read -r u1 s1 < <(cp_cpu)
	echo "CP tool=$tool what=$what rc=$rc busy_ms=$(cp_ms $(( (b1 - b0) / 1000 ))) real_ms=$(cp_ms $(( ${t1/./} - ${t0/./} ))) cpu_ms=$(( (u1 + s1 - u0 - s0) * 1000 / $(getconf CLK_TCK) ))" |
		tee -a "$RES"
	[ $rc = 0 ] || echo "CPERR tool=$tool what=$what $(head -c 300 "$CPW/err" | tr '\n\t' '  ')" | tee -a "$RES"
	return $rc
}
# cumulative user and sys ticks of this shell's waited-for children
cp_cpu() { awk '{print $16, $17}' /proc/$$/stat; }
# ns the vCPU ran tasks (not idle) so far: /proc/schedstat's rq_cpu_time.
# Guest time minus idle time: while the guest waits for the host (a 9p read
# of a binary, the console), icount sleep=off races the clock ahead by an
# amount that depends on the host's load; busy time does not.
cp_busy() { local l; while read -r -a l; do [ "${l[0]}" = cpu0 ] && echo "${l[7]}"; done </proc/schedstat; }
cp_ms() { echo "$(($1 / 1000)).$(printf %03d $(($1 % 1000)))"; }	# µs -> ms

cp_check() {	# cp_check TOOL WHAT EXPECTED COUNT [CHANGED]: entries listed after a load
	echo "CP tool=$1 what=$2-check expect=$3 entries=$4${5:+ changed=$5}" | tee -a "$RES"
}

# cp_traffic TOOL FRAMESET CMD1 -- CMD2: both reloads under traffic; CMD1
# loads what is loaded already (same file again), CMD2 changes one entry
cp_traffic() {
	local tool=$1 fs=$2 c1=() c2=() v0 v1 pid sent
	shift 2
	while [ "$1" != -- ]; do c1+=("$1"); shift; done
	shift
	c2=("$@")
	v0=$(counters)
	ip netns exec xlat "$XSEND" -R "$CPRATE" x0 "$FR/$fs-small.hex" >"$CPW/sent" & pid=$!
	gsleep 0.3
	cp_run "$tool" reload-under-traffic "${c1[@]}"
	gsleep 0.2
	cp_run "$tool" change1-under-traffic "${c2[@]}"
	gsleep 0.3
	kill -TERM "$pid"
	wait "$pid"
	gsleep 0.1	# drain the queues
	v1=$(counters)
	sent=$(awk '$1 == "sent" {print $2}' "$CPW/sent")
	set -- $v0 $v1
	echo "CP tool=$tool what=traffic rate=$CPRATE sent=${sent:-0} recv=$(($3 - $1)) untranslated=$(($4 - $2)) lost=$(( ${sent:-0} - ($3 - $1) ))" |
		tee -a "$RES"
}

# --- stateful NAT64 -----------------------------------------------------------------
# Established-flow pps with N sessions in the table, kernel memory per session
# and the rate of new sessions, for Jool and nft_jool, both with a pool4 of
# 203.0.113.0/26 ports 1024-65535 (4.1 M transport addresses) for UDP.
# Flows come from bench/xsend -f: the v6nat64 frame with flow number k in
# the source port and the source address' last word (see xsend.c).
#   fill:  one frame per flow, N flows (N sessions and BIB entries);
#          memory = (SUnreclaim + VmallocUsed) after - before, / N (BIB
#          entries, sessions and hash tables are unreclaimable slab or
#          vmalloc; the reclaimable caches the kernel may shrink meanwhile,
#          dentries and inodes, stay out of the difference);
#   est:   the same N flows again and again (every packet finds its
#          session; spread over the whole table, not 4 hot entries);
#   new:   flows that never repeat, in a fresh instance: the pps of
#          packets that each create a BIB entry and a session; then the
#          same in an instance that already holds ST_WARM sessions (the
#          steady state of a busy translator: its tables have grown).
# Forwarding (fwd) of the same generator over v6fwd frames is the baseline
# of the added cost. "ST k=v ..." lines; analyze.py makes the table.
ST_POOL4=203.0.113.0/26
st_up() {	# st_up MODE
	topo_up
	case $1 in
	fwd) ;;
	jnat)
		ns xlat jool instance add --netfilter --pool6 64:ff9b::/96 bench >/dev/null &&
			ns xlat jool -i bench pool4 add $ST_POOL4 1024-65535 --udp
		;;
	nnat)
		# the default bound is sized for the guest's RAM; the bench needs 4 M
		[ -w /sys/module/nft_jool/parameters/max_sessions ] &&
			echo 4000000 >/sys/module/nft_jool/parameters/max_sessions
		ns xlat $NFT -f - <<-EOF
		table inet bench {
			jool nat64 {
				type nat64
				pool6 64:ff9b::/96
				pool4 { udp $ST_POOL4 1024-65535 }
			}
			chain pre {
				type filter hook prerouting priority -75; policy accept;
				ip6 daddr 64:ff9b::/96 jool name "nat64"
			}
		}
		EOF
		;;
	esac || die "stateful: cannot set up $1"
}
st_down() {
	case $1 in
	jnat) ns xlat jool instance remove bench ;;
	nnat) ns xlat $NFT delete table inet bench ;;
	esac
	topo_down
}
st_mem() { awk '/^SUnreclaim:|^VmallocUsed:/ {s += $2} END {print s}' /proc/meminfo; }	# kB
st_window() {	# st_window SPEC FRAMESET -> "packets ns" at the sink, generator xsend -f SPEC
	local pid
	ip netns exec xlat "$XSEND" -f "$1" x0 "$FR/$2-small.hex" >/dev/null & pid=$!
	ip netns exec sink bash -c "$METER" meter "$FIFO" "$WARMUP" "$WINDOW"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}
st_pps() { awk -v p="$1" -v n="$2" 'BEGIN {printf "%.0f", (n > 0 ? p * 1e9 / n : 0)}'; }
st_profile() {	# st_profile MODE: perf samples of never-repeating flows (new sessions)
	local m=$1 data=/tmp/perf-new-$1.data pid
	st_up "$m"
	ip netns exec xlat "$XSEND" -f 0 x0 "$FR/v6nat64-small.hex" >/dev/null & pid=$!
	read -t 0.5 -u 9 9<>"$FIFO"
	perf record -q -e cpu-clock -F 3917 -a -g -o "$data" -- sleep 3 >/dev/null 2>&1
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	st_down "$m"
	perf report -i "$data" --stdio --no-children --sort sym --percent-limit 0.3 \
		-g none 2>/dev/null | grep -v '^$' >"$OUT/profile-new-$m.txt"
	# who calls the top symbols (hash functions, allocations, ...)
	perf report -i "$data" --stdio --no-children --sort sym --percent-limit 1 \
		-g caller,0.5,callee,function,percent 2>/dev/null | grep -v '^$' \
		>"$OUT/profile-new-$m-callers.txt"
	say "profile new-$m: $(grep -c . "$OUT/profile-new-$m.txt") lines"
}
stateful() {
	local m n fs v0 v1 m0 m1 sent pk ns extra
	for m in fwd $ST_TOOLS; do
		fs=v6nat64
		[ $m = fwd ] && fs=v6fwd
		for n in $ST_SIZES; do
			st_up $m
			extra=
			if [ $m != fwd ]; then
				sync
				echo 3 >/proc/sys/vm/drop_caches
				m0=$(st_mem)
				v0=$(counters)
				sent=$(ip netns exec xlat "$XSEND" -f "$n" -n "$n" x0 "$FR/$fs-small.hex" |
					awk '$1 == "sent" {print $2}')
				gsleep 0.5
				v1=$(counters)
				m1=$(st_mem)
				set -- $v0 $v1
				extra="sent=${sent:-0} translated=$(($3 - $1)) mem_kb=$((m1 - m0))"
				[ $m = nnat ] && extra="$extra state=$(ns xlat "${NFT_JOOL_CTL:-false}" state inet bench nat64 2>/dev/null | tr -s ' \n' ' ' | tr ' ' ',')"
			fi
			set -- $(st_window "$n" $fs)
			pk=${1:-0} ns=${2:-0}
			echo "ST tool=$m what=est sessions=$n pps=$(st_pps "$pk" "$ns") packets=$pk ns=$ns $extra" |
				tee -a "$RES"
			st_down $m
		done
		[ $m = fwd ] && continue
		st_up $m
		set -- $(st_window 0 $fs)
		pk=${1:-0} ns=${2:-0}
		echo "ST tool=$m what=new pps=$(st_pps "$pk" "$ns") packets=$pk ns=$ns" | tee -a "$RES"
		st_down $m
		# warm: ST_WARM flows first, then flows numbered from ST_WARM on
		st_up $m
		ip netns exec xlat "$XSEND" -f "$ST_WARM" -n "$ST_WARM" x0 "$FR/$fs-small.hex" >/dev/null
		gsleep 0.5
		set -- $(st_window "0+$ST_WARM" $fs)
		pk=${1:-0} ns=${2:-0}
		echo "ST tool=$m what=new sessions=$ST_WARM pps=$(st_pps "$pk" "$ns") packets=$pk ns=$ns" |
			tee -a "$RES"
		st_down $m
	done
}

control_plane() {
	local d=$CPW ne np
	[ -n "$CPDIR" ] && [ -r "$CPDIR/siit.nft" ] || { say "control plane: no BENCH_CPDIR"; return 1; }
	rm -rf "$d"; mkdir -p "$d" && cp "$CPDIR"/* "$d/" || die "cannot copy $CPDIR"
	modprobe nft_jool || say "control plane: modprobe nft_jool failed"
	ne=$(grep -c ' : ' "$d/siit.nft") np=$(grep -c '"prefix"' "$d/nat64.json")
	say "control plane: $ne EAM entries, $np pool4 entries, traffic $CPRATE pps"

	# nft_jool SIIT
	topo_up
	# warm-up: binaries and libraries into the page cache, module loaded
	ns xlat $NFT -f - <<-'EOF' 2>&1 || say "control plane: nft warm-up failed"
	table inet warm {
		jool w {
			type siit
			pool6 64:ff9b::/96
		}
	}
	EOF
	ns xlat $NFT delete table inet warm
	if cp_run nft first $NFT -f "$d/siit.nft"; then
		cp_run nft rules $NFT -f "$d/siit-rules.nft"
		ns xlat $NFT list jool inet cp cp >"$d/list"
		cp_check nft first "$ne" "$(grep -c ' : ' "$d/list")"
		cp_run nft reload $NFT -f "$d/siit.nft"
		cp_run nft change1 $NFT -f "$d/siit-mod.nft"
		ns xlat $NFT list jool inet cp cp >"$d/list"
		cp_check nft change1 "$ne" "$(grep -c ' : ' "$d/list")" "$(grep -c ' : 10\.200\.0\.1\b' "$d/list")"
		cp_traffic nft v6nat64 $NFT -f "$d/siit-mod.nft" -- $NFT -f "$d/siit.nft"
		ns xlat $NFT delete table inet cp
	fi
	topo_down

	# Jool SIIT
	topo_up
	ns xlat jool_siit instance add --netfilter --pool6 64:ff9b::/96 warm >/dev/null &&
		ns xlat jool_siit instance remove warm || say "control plane: jool_siit warm-up failed"
	if cp_run jsiit first jool_siit file handle "$d/siit.json"; then
		ns xlat jool_siit -i cp eamt display --csv --no-headers >"$d/list"
		cp_check jsiit first "$ne" "$(grep -c / "$d/list")"
		cp_run jsiit reload jool_siit file handle "$d/siit.json"
		cp_run jsiit change1 jool_siit file handle "$d/siit-mod.json"
		ns xlat jool_siit -i cp eamt display --csv --no-headers >"$d/list"
		cp_check jsiit change1 "$ne" "$(grep -c / "$d/list")" "$(grep -c ',10\.200\.0\.1/32' "$d/list")"
		cp_traffic jsiit v6nat64 jool_siit file handle "$d/siit-mod.json" -- \
			jool_siit file handle "$d/siit.json"
		ns xlat jool_siit instance remove cp
	fi
	topo_down

	# Jool NAT64, pool4
	topo_up
	ns xlat jool instance add --netfilter --pool6 64:ff9b::/96 warm >/dev/null &&
		ns xlat jool instance remove warm || say "control plane: jool warm-up failed"
	if cp_run jnat first jool file handle "$d/nat64.json"; then
		ns xlat jool -i cpnat pool4 display --udp --csv --no-headers >"$d/list"
		cp_check jnat first "$np" "$(grep -c '10\.' "$d/list")"
		cp_run jnat reload jool file handle "$d/nat64.json"
		cp_run jnat change1 jool file handle "$d/nat64-mod.json"
		ns xlat jool -i cpnat pool4 display --udp --csv --no-headers >"$d/list"
		cp_check jnat change1 "$np" "$(grep -c '10\.' "$d/list")" "$(grep -c '10\.201\.0\.1\b' "$d/list")"
		cp_traffic jnat v6nat64 jool file handle "$d/nat64-mod.json" -- \
			jool file handle "$d/nat64.json"
		ns xlat jool instance remove cpnat
	fi
	topo_down

	# nft_jool NAT64, pool4
	topo_up
	if cp_run nnat first $NFT -f "$d/nat64.nft"; then
		cp_run nnat rules $NFT -f "$d/nat64-rules.nft"
		ns xlat $NFT list jool inet cpn cpnat >"$d/list"
		cp_check nnat first "$np" "$(grep -c 'udp 10\.' "$d/list")"
		cp_run nnat reload $NFT -f "$d/nat64.nft"
		cp_run nnat change1 $NFT -f "$d/nat64-mod.nft"
		ns xlat $NFT list jool inet cpn cpnat >"$d/list"
		cp_check nnat change1 "$np" "$(grep -c 'udp 10\.' "$d/list")" "$(grep -c '10\.201\.0\.1 ' "$d/list")"
		cp_traffic nnat v6nat64 $NFT -f "$d/nat64-mod.nft" -- $NFT -f "$d/nat64.nft"
		ns xlat $NFT delete table inet cpn
	fi
	topo_down
}

say "kernel $(uname -r), $(nproc) cpu, clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
say "jool_siit $(modinfo -F version jool_siit), nft_jool $(modinfo -F srcversion nft_jool 2>/dev/null || echo '?')"
T0=$EPOCHREALTIME
load_modules
say "rounds=$ROUNDS window=${WINDOW}s warmup=${WARMUP}s gen=$GEN sizes='$SIZES' modes='$MODES' control-plane=$CP"
[ "$CP" = only ] || [ "$ST" = only ] && ROUNDS=0
for r in $(seq 1 "$ROUNDS"); do
	order=$MODES
	# ABBA: every other round reverses the order of the translators
	[ $((r % 2)) = 0 ] && order=$(echo $MODES | tr ' ' '\n' | tac | tr '\n' ' ')
	for m in $order; do run_mode "$r" "$m"; done
	say "round $r done at guest t+$(awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", b - a}') s"
done
if [ "$ST" != off ]; then
	T1=$EPOCHREALTIME
	stateful
	say "stateful NAT64 done in guest $(awk -v a="$T1" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", b - a}') s"
fi
if [ "$CP" != off ] && [ "$ST" != only ]; then
	T1=$EPOCHREALTIME
	control_plane
	say "control plane done in guest $(awk -v a="$T1" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", b - a}') s"
fi
if [ "${BENCH_PROFILE:-0}" = 1 ] && [ "$ST" != off ]; then
	st_profile nnat
	st_profile jnat
fi
if [ "${BENCH_PROFILE:-0}" = 1 ] && [ "$ST" != only ]; then
	profile nft-nat64-64 nnat v6nat64
	profile jool-nat64-64 jnat v6nat64
	profile nft-siit-64 nft v6siit
	profile nft-siit-46 nft v4
	profile fwd6 fwd v6fwd
	profile fwd4 fwd v4
	profile jool-siit-64 jsiit v6siit
	profile jool-siit-46 jsiit v4
fi
say "done"
