# SPDX-License-Identifier: GPL-2.0
# helpers/lib.sh -- sourced by the test cases: . "$NFT_TEST_LIBRARY_FILE"
#
# Assertions print one line each ("PASS: ..." / "FAIL: ..."), so a failed
# test's output reads as a transcript that ends at the broken expectation.
#
# Translation topology (topo_setup), pool6 2001:db8:64::/96 by default:
#
#   NS6 (n6-XXXX)              this netns (the translator)           NS4 (n4-XXXX)
#   v6n 2001:db8:6::2/64  ---  v6x 2001:db8:6::1/64
#       2001:db8:64::c633:6402 (= 198.51.100.2)
#                                  v4x 192.0.2.1/24       ---  v4n 192.0.2.2/24
#                                                               (seen from NS6 as
#                                                               2001:db8:64::c000:202)
#   NS6: 2001:db8:64::/96 via 2001:db8:6::1        NS4: 198.51.100.0/24 via 192.0.2.1
#   here: forwarding on, ADDR6 via 2001:db8:6::2
#
# The test's own netns is the translator, so `$NFT list ruleset` at the end
# of a test (the dump check of the runner) sees the translator's ruleset.

NS6= NS4=
P6=2001:db8:64::/96		# pool6
A6=2001:db8:64::c633:6402	# NS6's address inside pool6 (198.51.100.2)
A4=198.51.100.2			# the same, as seen from NS4
N4=192.0.2.2			# NS4's address
N4_6=2001:db8:64::c000:202	# the same, as seen from NS6

# ---- output and assertions ----
say() { printf '[+] %s\n' "$*"; }
# run CMD...: print it, run it; fail the test if it fails
run() {
	say "$*"
	"$@" || fail "command failed (rc $?): $*"
}
fail() {
	echo "FAIL: $*"
	exit 1
}
pass() { echo "PASS: $*"; }
# assert_ok DESC CMD...: CMD must succeed. Its stdout/stderr: $LAST_OUT
assert_ok() {
	local desc=$1 e=0
	shift
	LAST_OUT=$("$@" 2>&1) || e=$?
	[ $e = 0 ] || { printf '%s\n' "$LAST_OUT" | sed 's/^/  | /'; fail "$desc (rc $e from: $*)"; }
	pass "$desc"
}
# assert_fails DESC CMD...: CMD must fail. Its stdout/stderr: $LAST_OUT
assert_fails() {
	local desc=$1 e=0
	shift
	LAST_OUT=$("$@" 2>&1) || e=$?
	[ $e != 0 ] || { printf '%s\n' "$LAST_OUT" | sed 's/^/  | /'; fail "$desc (succeeded: $*)"; }
	printf '%s\n' "$LAST_OUT" | sed 's/^/  | /'
	pass "$desc (rc $e)"
}
# assert_eq DESC EXPECTED ACTUAL
assert_eq() {
	[ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
	pass "$1 ($3)"
}
# assert_match DESC EXTENDED-REGEX TEXT
assert_match() {
	printf '%s\n' "$3" | grep -qE -- "$2" ||
		{ printf '%s\n' "$3" | sed 's/^/  | /'; fail "$1: no match for /$2/"; }
	pass "$1"
}
assert_no_match() {
	if printf '%s\n' "$3" | grep -qE -- "$2"; then
		printf '%s\n' "$3" | sed 's/^/  | /'; fail "$1: unexpected match for /$2/"
	fi
	pass "$1"
}
# assert_gt DESC A B: A > B (integers)
assert_gt() {
	[ "$2" -gt "$3" ] 2>/dev/null || fail "$1: expected $2 > $3"
	pass "$1 ($2 > $3)"
}
# assert_same_file DESC EXPECTED ACTUAL
assert_same_file() {
	diff -u "$2" "$3" > "$TMPDIR/assert.diff" 2>&1 ||
		{ sed 's/^/  | /' "$TMPDIR/assert.diff"; fail "$1: files differ (diff -u expected actual)"; }
	pass "$1"
}
# assert_ruleset DESC EXPECTED-TEXT: `$NFT list ruleset` must be exactly this
assert_ruleset() {
	printf '%s\n' "$2" > "$TMPDIR/expected.nft"
	$NFT list ruleset > "$TMPDIR/actual.nft" || fail "$1: nft list ruleset failed"
	assert_same_file "$1" "$TMPDIR/expected.nft" "$TMPDIR/actual.nft"
}

# ---- waiting ----
# wait_for SECONDS CMD...: retry CMD every 0.2 s until it succeeds
wait_for() {
	local n=$(($1 * 5))
	shift
	while ! "$@" > /dev/null 2>&1; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		sleep 0.2
	done
}
# wait_listen NS PORT tcp|udp: until a socket in NS listens on PORT
port_listening() {
	local hex
	hex=$(printf ':%04X ' "$2")
	ip netns exec "$1" cat /proc/net/"$3" /proc/net/"$3"6 2>/dev/null | awk '{print $2" "$4}' |
		grep -q "$hex$([ "$3" = tcp ] && echo 0A)"
}
wait_listen() { wait_for 10 port_listening "$@" || fail "nothing listens on $3 port $2 in $1"; }

# ---- counters ----
# counter_packets FAMILY TABLE NAME: packets of the named counter object
counter_packets() {
	$NFT list counter "$1" "$2" "$3" | awk '$1 == "packets" { print $2; exit }'
}
# jool_stat FAMILY TABLE NAME STAT: an instance counter, from nft-jool
jool_stat() {
	# sed, not python: starting python costs a second under TCG
	$NFT_JOOL_CTL stats --json "$1" "$2" "$3" | sed -n "s/.*\"$4\": \([0-9]*\).*/\1/p"
}

# ---- module ----
mod_loaded() { grep -q '^nft_jool ' /proc/modules; }
# mod_unload: rmmod nft_jool; namespaces of earlier tests die asynchronously
# and may still hold it for a moment
mod_unload() {
	mod_loaded || return 0
	wait_for 10 rmmod nft_jool
}

# ---- topology ----
rnd=$(mktemp -u XXXXXXXX)
n6() { ip netns exec "$NS6" "$@"; }
n4() { ip netns exec "$NS4" "$@"; }
topo_cleanup() {
	[ -n "$TOPO_PIDS" ] && kill $TOPO_PIDS 2>/dev/null
	[ -n "$NS6" ] && ip netns del "$NS6" 2>/dev/null
	[ -n "$NS4" ] && ip netns del "$NS4" 2>/dev/null
	ip link del v6x 2>/dev/null
	ip link del v4x 2>/dev/null
}
TOPO_PIDS=
# bg CMD...: run CMD in the background, killed at cleanup
bg() { "$@" & TOPO_PIDS="$TOPO_PIDS $!"; }
# topo_setup [PREFIX6 ADDR6]: NS6 gets ADDR6 (its IPv4 198.51.100.2 embedded in
# PREFIX6) and routes PREFIX6 to the translator
topo_setup() {
	[ $# -ge 2 ] && { P6=$1; A6=$2; N4_6=$(rfc6052 "$P6" "$N4"); }
	NS6=n6-$rnd NS4=n4-$rnd
	trap topo_cleanup EXIT
	ip netns add "$NS6" && ip netns add "$NS4" || fail "cannot create the namespaces"
	ip link set lo up
	ip link add v6x type veth peer name v6n netns "$NS6" || fail "veth"
	ip link add v4x type veth peer name v4n netns "$NS4" || fail "veth"
	n6 ip link set lo up
	n4 ip link set lo up
	n6 sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
	sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
	n4 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	sysctl -qw net.ipv4.conf.all.forwarding=1 net.ipv6.conf.all.forwarding=1
	n6 ip addr add 2001:db8:6::2/64 dev v6n nodad
	n6 ip addr add "$A6"/128 dev v6n nodad
	ip addr add 2001:db8:6::1/64 dev v6x nodad
	ip addr add 192.0.2.1/24 dev v4x
	n4 ip addr add "$N4"/24 dev v4n
	n6 ip link set v6n up
	n4 ip link set v4n up
	ip link set v6x up
	ip link set v4x up
	n6 ip -6 route add "$P6" via 2001:db8:6::1 src "$A6" || fail "route in NS6"
	n4 ip route add 198.51.100.0/24 via 192.0.2.1 || fail "route in NS4"
	ip -6 route add "$A6"/128 via 2001:db8:6::2 || fail "route to NS6"
	# resolve the neighbours once, so that the first packets are not lost
	n6 ping -c1 -W2 2001:db8:6::1 > /dev/null || fail "NS6 cannot reach the translator"
	n4 ping -c1 -W2 192.0.2.1 > /dev/null || fail "NS4 cannot reach the translator"
	say "topology: $NS6 [$A6] -- translator -- $NS4 [$N4], pool6 $P6"
}
# rfc6052 PREFIX IPV4: the IPv4-embedded IPv6 address (tests/packet/rfc6052.py)
rfc6052() { /usr/bin/python3 "$NFT_TEST_BASEDIR/../packet/rfc6052.py" "$@"; }

# jool_ruleset [GLOBALS]: the standard SIIT ruleset of the packet tests:
# instance "x" with pool6 $P6, rules in inet t pre with named counters:
#   c6/c4 count what goes to jool, n6/n4 what comes back from it (untranslated)
jool_ruleset() {
	cat <<EOT
table inet t {
	counter c6 {
	}
	counter c4 {
	}
	counter n6 {
	}
	counter n4 {
	}
	jool x {
		type siit
		pool6 $P6
		$1
	}
	chain pre {
		type filter hook prerouting priority raw; policy accept;
		ip6 daddr $P6 counter name "c6" jool name "x"
		ip daddr 198.51.100.0/24 counter name "c4" jool name "x"
		ip6 daddr $P6 counter name "n6"
		ip daddr 198.51.100.0/24 counter name "n4"
	}
}
EOT
}

# ---- byte-exact tests (tests/packet/xlat_bytes.py) ----
mac() { ip -br link show "$1" | awk '{ print $3 }'; }
# xlat_bytes_test [PREFIX6]: topology with that pool6, the standard ruleset,
# the ends kept quiet (no replies, so the rule counters are exact), then the
# scapy script: 7 packets 6->4 and 6 packets 4->6 compared byte by byte.
xlat_bytes_test() {
	local p=${1:-$P6}
	topo_setup "$p" "$(rfc6052 "$p" 198.51.100.2)"
	jool_ruleset | run $NFT -f -
	# NS4 must not answer (ARP is not in the ip family, so it still works);
	# NS6 only answers neighbour solicitations
	n4 $NFT add table ip quiet
	n4 $NFT add chain ip quiet out '{ type filter hook output priority 0; policy drop; }'
	n6 $NFT -f - <<-'EOT'
	table ip6 quiet {
		chain out {
			type filter hook output priority 0; policy drop;
			icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept
		}
	}
	EOT
	assert_ok "scapy: translated packets match RFC 7915 byte by byte" \
		/usr/bin/python3 "$NFT_TEST_BASEDIR/../packet/xlat_bytes.py" "$NS6" "$NS4" "$P6" \
		"$(n6 ip -br link show v6n | awk '{ print $3 }')" "$(mac v6x)" \
		"$(n4 ip -br link show v4n | awk '{ print $3 }')" "$(mac v4x)"
	echo "$LAST_OUT"
	assert_eq "IPv6 packets handed to jool" 7 "$(counter_packets inet t c6)"
	assert_eq "IPv4 packets handed to jool" 6 "$(counter_packets inet t c4)"
	assert_eq "untranslated IPv6" 0 "$(counter_packets inet t n6)"
	assert_eq "untranslated IPv4" 0 "$(counter_packets inet t n4)"
}
