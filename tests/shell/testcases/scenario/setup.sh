# SPDX-License-Identifier: GPL-2.0
# Sourced by the scenario/ test cases (after helpers/lib.sh): namespaces,
# links, traffic (ping, sockets.py, iperf3) and counter helpers for whole
# deployments: SIIT-DC (RFC 7755), 464XLAT / SIIT-DC dual translation
# (RFC 6877, RFC 7756) and EAM hairpinning (RFC 7757 section 4).
#
# The test's own netns is always one translator (the one whose ruleset the
# runner dumps); the other nodes are namespaces named <role>-<random>, kept
# in variables named after their role and removed on exit.

SC_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
SOCK=$NFT_TEST_BASEDIR/../packet/sockets.py
SC_NS=
SC_PIDS=

sc_cleanup() {
	local n
	[ -n "$SC_PIDS" ] && kill $SC_PIDS 2> /dev/null
	for n in $SC_NS; do ip netns del "$n" 2> /dev/null; done
}
trap sc_cleanup EXIT

# sc_ns ROLE...: a namespace per role, its name in $ROLE; "-" in the other
# helpers means the test's own netns (the translator)
sc_ns() {
	local r n
	for r; do
		n=$r-$rnd
		ip netns add "$n" || fail "cannot create netns $n"
		SC_NS="$SC_NS $n"
		printf -v "$r" %s "$n"
		ip -n "$n" link set lo up
		ip netns exec "$n" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0
	done
	ip link set lo up
	sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
}

# x NS CMD...: run CMD in NS ("-": here)
x() {
	local n=$1
	shift
	if [ "$n" = - ]; then "$@"; else ip netns exec "$n" "$@"; fi
}

# sc_link NS_A IF_A NS_B IF_B [MTU]: a veth pair, both ends up (made under
# temporary names, so that both ends may have the same name)
SC_NLINK=0
sc_link() {
	local mtu=${5:-1500} a=sc${SC_NLINK}a b=sc${SC_NLINK}b
	SC_NLINK=$((SC_NLINK + 1))
	ip link add "$a" mtu "$mtu" type veth peer name "$b" mtu "$mtu" ||
		fail "veth $2/$4"
	[ "$1" = - ] || ip link set "$a" netns "$1" || fail "veth $2 -> $1"
	[ "$3" = - ] || ip link set "$b" netns "$3" || fail "veth $4 -> $3"
	x "$1" ip link set "$a" name "$2" up || fail "veth $2 in $1"
	x "$3" ip link set "$b" name "$4" up || fail "veth $4 in $3"
}

# sc_addr NS IF ADDR/LEN...
sc_addr() {
	local n=$1 i=$2 a
	shift 2
	for a; do
		case $a in
		*:*) x "$n" ip addr add "$a" dev "$i" nodad ;;
		*) x "$n" ip addr add "$a" dev "$i" ;;
		esac || fail "address $a on $i in $n"
	done
}

# sc_route NS PREFIX|default via GW [more ip-route words]: the family is
# IPv6 when any word has a colon
sc_route() {
	local n=$1 f=-4
	shift
	[[ "$*" == *:* ]] && f=-6
	x "$n" ip $f route add "$@" || fail "route $* in $n"
}

# sc_router NS: forwarding on (both families)
sc_router() {
	x "$1" sysctl -qw net.ipv4.conf.all.forwarding=1 net.ipv6.conf.all.forwarding=1
}

# sc_v4only NS / sc_v6only NS: what the node does not have, it cannot use
sc_v4only() {
	x "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
}
sc_v6only() {
	# no IPv4 address and no IPv4 route: nothing to do but to say so
	! x "$1" ip -4 addr show scope global | grep -q inet || fail "$1 has IPv4"
}

# sc_bg NS CMD...: in the background, killed at exit
sc_bg() {
	x "$@" &
	SC_PIDS="$SC_PIDS $!"
}

# sc_ping NS DST [SRC]: 3 echoes, all must come back
sc_ping() {
	local n=$1 d=$2 out
	shift 2
	assert_ok "ping $d from $n${1:+ (source $1)}" \
		x "$n" ping -c 3 -i 0.2 -W 3 ${1:+-I "$1"} "$d"
	out=$LAST_OUT
	assert_match "ping $d: 3 received" ' 3 received' "$out"
}

# sc_udp SRV_NS CLI_NS DST PORT EXPECT_PEER: sockets.py echo server in
# SRV_NS; the client in CLI_NS sends 100, 1000 and 1400 octets to DST and
# checks that the server saw EXPECT_PEER as the client's address and that
# every echo came back from DST
sc_udp() {
	sc_bg "$1" /usr/bin/python3 "$SOCK" udp-server "$4"
	wait_listen "$1" "$4" udp
	assert_ok "UDP $2 -> $3 port $4, server sees $5" \
		x "$2" /usr/bin/python3 "$SOCK" udp-client "$3" "$4" "$5" 100 1000 1400
	echo "$LAST_OUT"
}

# sc_tcp SRV_NS CLI_NS DST PORT EXPECT_PEER: sockets.py TCP: 256 KiB up
# (SHA-256 checked by the server, which also reports the peer it saw) and
# 4 MiB down (checked by the client)
sc_tcp() {
	sc_bg "$1" /usr/bin/python3 "$SOCK" tcp-server "$4"
	wait_listen "$1" "$4" tcp
	assert_ok "TCP $2 -> $3 port $4, server sees $5" \
		x "$2" /usr/bin/python3 "$SOCK" tcp-client "$3" "$4" "$5" 262144
	echo "$LAST_OUT"
}

# sc_iperf SRV_NS CLI_NS DST PORT tcp|udp [-R]: a one-off iperf3 server in
# SRV_NS, the client in CLI_NS sends a fixed amount (TCP 8 MiB, UDP 600 KB
# at 4 Mbit/s in 1200-octet datagrams; -R: the server sends); the receiver
# must have got it (see iperf_check.py for what that means)
IPERF_TCP_BYTES=8388608
IPERF_UDP_BYTES=600000
sc_iperf() {
	local srv=$1 cli=$2 dst=$3 port=$4 proto=$5 rev=${6:-} args n
	if [ "$proto" = udp ]; then
		n=$IPERF_UDP_BYTES
		args=(-u -b 4M -l 1200 -n "$n")
	else
		n=$IPERF_TCP_BYTES
		args=(-n "$n")
	fi
	sc_bg "$srv" iperf3 -s -1 -p "$port" > /dev/null 2>&1
	wait_listen "$srv" "$port" tcp
	assert_ok "iperf3 $proto ${rev:+reverse }$cli -> $dst port $port" \
		x "$cli" timeout 60 iperf3 -c "$dst" -p "$port" "${args[@]}" $rev --json
	printf '%s\n' "$LAST_OUT" > "$TMPDIR/iperf.json"
	assert_ok "iperf3 $proto ${rev:+reverse }to $dst: $n octets sent and received" \
		/usr/bin/python3 "$SC_DIR/iperf_check.py" "$TMPDIR/iperf.json" "$proto" "$n"
	echo "$LAST_OUT"
}

# sc_stat NS FAMILY TABLE INSTANCE STAT: an instance counter (nft-jool)
sc_stat() {
	local n=$1
	shift
	x "$n" $NFT_JOOL_CTL stats --json "$1" "$2" "$3" | sed -n "s/.*\"$4\": \([0-9]*\).*/\1/p"
}

# sc_counter NS FAMILY TABLE NAME: packets of a named counter in NS
sc_counter() {
	local n=$1
	shift
	x "$n" $NFT list counter "$1" "$2" "$3" | awk '$1 == "packets" { print $2; exit }'
}

# sc_require_eamt: skip (77) unless nft and the module take an eamt block
sc_require_eamt() {
	$NFT -c -f - > "$TMPDIR/eamt-probe" 2>&1 <<-'EOT' && return 0
	table inet probe {
		jool p {
			type siit
			eamt {
				2001:db8::1 : 192.0.2.1
			}
		}
	}
	EOT
	sed 's/^/  | /' "$TMPDIR/eamt-probe"
	echo "requires the EAM table (eamt { ... } in a jool block)"
	exit 77
}

# sc_udp_probe NS DST PORT: one datagram from NS to DST, where a sockets.py
# udp-server listens (it echoes "<peer> <port>|<data>"); prints "<address
# the echo came from> <address the server saw>". The socket is not
# connected, so an echo from any address is taken.
sc_udp_probe() {
	x "$1" /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.settimeout(5)
s.sendto(b"probe", (sys.argv[1], int(sys.argv[2])))
msg, peer = s.recvfrom(2048)
print(peer[0], msg.split(b"|")[0].split()[0].decode())' "$2" "$3"
}

# ---- hairpinning (RFC 7757 section 4) ----
#
#   a (IPv6 server A)                    translator (here)          r4 (IPv4 upstream router)
#   2001:db8:a::10/64 ---------- 2001:db8:a::1/64
#   b (IPv6 server B)                       203.0.113.1/24 ------- 203.0.113.2/24
#   2001:db8:b::11/64 ---------- 2001:db8:b::1/64
#
# EAM: A = 192.0.2.10, B = 192.0.2.11; pool6 64:ff9b::/96. The translator's
# IPv4 default route points to r4, and r4 routes the DC's 192.0.2.0/24
# back to the translator, as the IPv4 Internet does: an IPv4 packet from A
# to B that leaves the translator comes back in (counted by r4's "back").
HP_A=2001:db8:a::10 HP_B=2001:db8:b::11
HP_A4=64:ff9b::c000:20a		# 192.0.2.10 under pool6
HP_B4=64:ff9b::c000:20b		# 192.0.2.11 under pool6

# sc_hairpin_topo: the namespaces a, b, r4 and the links and routes above
sc_hairpin_topo() {
	sc_ns a b r4
	sc_link "$a" up0 - da0 1520
	sc_link "$b" up0 - db0 1520
	sc_link "$r4" up0 - up0
	sc_router -
	sc_router "$r4"
	sc_v4only "$r4"
	# r4 forwards back out of the interface the packet came in: no
	# ICMP redirects (the translator would count them as untranslatable)
	x "$r4" sysctl -qw net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.up0.send_redirects=0
	sc_addr "$a" up0 "$HP_A"/64
	sc_addr "$b" up0 "$HP_B"/64
	sc_addr - da0 2001:db8:a::1/64
	sc_addr - db0 2001:db8:b::1/64
	sc_addr - up0 203.0.113.1/24
	sc_addr "$r4" up0 203.0.113.2/24
	sc_route "$a" default via 2001:db8:a::1
	sc_route "$b" default via 2001:db8:b::1
	sc_route - default via 203.0.113.2
	sc_route "$r4" 192.0.2.0/24 via 203.0.113.1
	x "$r4" $NFT -f - <<-'EOT' || fail "r4 ruleset"
	table ip r4 {
		counter back {
		}
		chain hairpin_back {
			type filter hook forward priority filter; policy accept;
			ip daddr 192.0.2.0/24 counter name "back"
		}
	}
	EOT
}
hp_back() { sc_counter "$r4" ip r4 back; }
hp_stat() { sc_stat - inet dc dc "$1"; }
