# SPDX-License-Identifier: GPL-2.0
# Sourced by the nat64/ test cases (after helpers/lib.sh): the lib.sh
# topology with a stateful NAT64 instance "x" (pool6 $P6), quiet ends, the
# scapy runner nat64.py, and counter helpers.
#
# The IPv6 node is NS6's 2001:db8:6::2 (H6); the masks are 198.51.100.0/24,
# which NS4 routes to the translator. Every test gives the instance its own
# pool4 / static BIB, chosen so that each mask is known in advance.

NAT64_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
H6=2001:db8:6::2
M4=198.51.100.1

# nat64_ruleset CONFIG [PRE-RULES]: instance x with CONFIG lines (pool4,
# bib, globals); PRE-RULES run before the jool rules (e.g. marks). Counters
# c6/c4 count what goes to jool, n6/n4 what comes back untranslated.
nat64_ruleset() {
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
		type nat64
		pool6 $P6
		$1
	}
	chain pre {
		type filter hook prerouting priority raw; policy accept;
		$2
		ip6 daddr $P6 counter name "c6" jool name "x"
		ip daddr 198.51.100.0/24 counter name "c4" jool name "x"
		ip6 daddr $P6 counter name "n6"
		ip daddr 198.51.100.0/24 counter name "n4"
	}
}
EOT
}

# nat64_setup CONFIG [PRE-RULES]: topology, ruleset, ends kept quiet (NS6
# only does neighbour discovery), so that what arrives is the translator's
nat64_setup() {
	topo_setup
	nat64_ruleset "$1" "${2:-}" | run $NFT -f -
	nat64_quiet
}

nat64_quiet() {
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
}

# nat64_cases AREA [KEY=VALUE...]: cases_AREA.py through nat64.py
nat64_cases() {
	local area=$1
	shift
	assert_ok "scapy: RFC 6146 cases '$area'" \
		/usr/bin/python3 "$NAT64_DIR/nat64.py" "$area" "$NS6" "$NS4" "$P6" \
		mac_v6x="$(mac v6x)" mac_v4x="$(mac v4x)" "$@"
	echo "$LAST_OUT"
}

# nat64_stats_check 'NAME=VALUE ...': those instance counters exactly
# (nft-jool stats --json; a counter it does not list counts as 0)
nat64_stats_check() {
	local kv json name want got
	[ "$NFT_TEST_HAVE_ctl" = y ] || { say "no nft-jool: counters not checked"; return 0; }
	json=$($NFT_JOOL_CTL stats --json inet t x) || fail "nft-jool stats failed"
	for kv in $1; do
		name=${kv%%=*}
		want=${kv#*=}
		got=$(printf '%s\n' "$json" | sed -n "s/.*\"$name\": \([0-9]*\).*/\1/p")
		assert_eq "counter $name" "$want" "${got:-0}"
	done
}

# nat64_rule_counts C6 C4 N6 N4: the rule counters exactly
nat64_rule_counts() {
	assert_eq "IPv6 packets handed to jool" "$1" "$(counter_packets inet t c6)"
	assert_eq "IPv4 packets handed to jool" "$2" "$(counter_packets inet t c4)"
	assert_eq "IPv6 packets left untranslated" "$3" "$(counter_packets inet t n6)"
	assert_eq "IPv4 packets left untranslated" "$4" "$(counter_packets inet t n4)"
}

# nat64_update CONFIG: "nft add" over instance x (an update: runtime state
# and counters stay)
nat64_update() {
	run $NFT -f - <<-EOT
	add jool inet t x {
		type nat64
		pool6 $P6
		$1
	}
	EOT
}
