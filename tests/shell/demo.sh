#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# demo.sh -- nft_jool end to end, as a transcript (tests/vm-run.sh --demo).
#
#   n6 (IPv6 only)              xlat (nft + jool)               n4 (IPv4 only)
#   2001:db8:6::2/64    ---  2001:db8:6::1/64
#   2001:db8:64::c633:6402                    192.0.2.1/24  ---  192.0.2.2/24
#     = 198.51.100.2 under pool6 2001:db8:64::/96       192.0.2.2 = 2001:db8:64::c000:202
#
# Runs as root in a VM (or any box where nft_jool.ko loads). NFT, NFT_JOOL_CTL
# as for the tests. Exits non-zero at the first step that fails.
set -u
NFT=${NFT:-nft}
NFT_JOOL_CTL=${NFT_JOOL_CTL:-nft-jool}
HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
SOCK=$HERE/../packet/sockets.py
STEP=0

step() { STEP=$((STEP + 1)); printf '\n== %d. %s\n' "$STEP" "$*"; }
x() { printf '[%s] %s\n' "$1" "${*:2}"; ip netns exec "$@"; }
die() {
	printf '\nDEMO FAILED at step %d: %s\n' "$STEP" "$*"
	echo "-- state of the translator:"
	ip netns exec xlat $NFT list ruleset
	ip netns exec xlat "$NFT_JOOL_CTL" stats --all inet xlat siit 2>&1
	exit 1
}
cleanup() {
	[ -n "${PIDS:-}" ] && kill $PIDS 2>/dev/null
	for n in n6 xlat n4; do ip netns del $n 2>/dev/null; done
}
trap cleanup EXIT

step "three namespaces: n6 | xlat | n4"
for n in n6 xlat n4; do ip netns add $n && ip -n $n link set lo up || die "netns $n"; done
ip link add v6n netns n6 type veth peer name v6x netns xlat || die veth
ip link add v4n netns n4 type veth peer name v4x netns xlat || die veth
ip -n n6 addr add 2001:db8:6::2/64 dev v6n nodad
ip -n n6 addr add 2001:db8:64::c633:6402/128 dev v6n nodad
ip -n xlat addr add 2001:db8:6::1/64 dev v6x nodad
ip -n xlat addr add 192.0.2.1/24 dev v4x
ip -n n4 addr add 192.0.2.2/24 dev v4n
for l in "n6 v6n" "xlat v6x" "xlat v4x" "n4 v4n"; do set -- $l; ip -n $1 link set $2 up; done
ip -n n6 -6 route add 2001:db8:64::/96 via 2001:db8:6::1 src 2001:db8:64::c633:6402 || die route
ip -n xlat -6 route add 2001:db8:64::c633:6402/128 via 2001:db8:6::2 || die route
ip -n n4 route add 198.51.100.0/24 via 192.0.2.1 || die route
ip netns exec xlat sysctl -qw net.ipv4.conf.all.forwarding=1 net.ipv6.conf.all.forwarding=1
ip netns exec n4 sysctl -qw net.ipv6.conf.all.disable_ipv6=1
x n6 ip -br addr show dev v6n
x n4 ip -br addr show dev v4n

step "the translator's ruleset: a jool SIIT instance and the rules that use it"
cat > /tmp/demo.nft <<'EOT'
table inet xlat {
	jool siit {
		type siit
		pool6 2001:db8:64::/96
	}
	chain pre {
		type filter hook prerouting priority raw; policy accept;
		ip6 daddr 2001:db8:64::/96 counter jool name "siit"
		ip daddr 198.51.100.0/24 counter jool name "siit"
	}
}
EOT
x xlat $NFT -f /tmp/demo.nft || die "nft -f"
x xlat $NFT list ruleset || die "nft list ruleset"
grep -q '^nft_jool ' /proc/modules && echo "(nft_jool.ko was loaded on demand: $(grep '^nft_jool ' /proc/modules | cut -d' ' -f1-3))"

step "ping 6 -> 4: n6 pings 2001:db8:64::c000:202, which is n4's 192.0.2.2"
x n6 ping -c 3 -i 0.3 -W 3 2001:db8:64::c000:202 || die "ping 6->4"

step "ping 4 -> 6: n4 pings 198.51.100.2, which is n6's 2001:db8:64::c633:6402"
x n4 ping -c 3 -i 0.3 -W 3 198.51.100.2 || die "ping 4->6"

step "UDP both ways (the servers echo what they received and from whom)"
ip netns exec n4 /usr/bin/python3 "$SOCK" udp-server 4242 & PIDS="$!"
ip netns exec n6 /usr/bin/python3 "$SOCK" udp-server 4243 & PIDS="$PIDS $!"
sleep 1.5
x n6 /usr/bin/python3 "$SOCK" udp-client 2001:db8:64::c000:202 4242 198.51.100.2 11 1400 || die "UDP 6->4"
x n4 /usr/bin/python3 "$SOCK" udp-client 198.51.100.2 4243 2001:db8:64::c000:202 11 1400 || die "UDP 4->6"

step "TCP both ways (1 MiB up, 4 MiB down, checked with SHA-256)"
ip netns exec n4 /usr/bin/python3 "$SOCK" tcp-server 8080 & PIDS="$PIDS $!"
ip netns exec n6 /usr/bin/python3 "$SOCK" tcp-server 8081 & PIDS="$PIDS $!"
sleep 1.5
x n6 /usr/bin/python3 "$SOCK" tcp-client 2001:db8:64::c000:202 8080 198.51.100.2 1048576 || die "TCP 6->4"
x n4 /usr/bin/python3 "$SOCK" tcp-client 198.51.100.2 8081 2001:db8:64::c000:202 1048576 || die "TCP 4->6"

step "counters: the rules' and the instance's"
x xlat $NFT list chain inet xlat pre || die "nft list chain"
if [ -x "$(command -v "$NFT_JOOL_CTL")" ]; then
	x xlat "$NFT_JOOL_CTL" stats inet xlat siit || die "nft-jool stats"
else
	echo "(nft-jool not found at $NFT_JOOL_CTL: instance counters not shown)"
fi

printf '\nDEMO OK: ping, UDP and TCP translated IPv6 <-> IPv4 by "jool name siit"\n'
