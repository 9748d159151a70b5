# SPDX-License-Identifier: GPL-2.0
# Sourced by the siit/ test cases (after helpers/lib.sh): topology, ruleset,
# quiet ends, and the scapy runner siit.py.

SIIT_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")

# siit_setup [GLOBALS]: the lib.sh topology with pool6 $P6 and the standard
# ruleset (instance x with GLOBALS); the ends send nothing of their own
# (NS6 only neighbour discovery), so that what arrives is the translator's.
siit_setup() {
	topo_setup
	jool_ruleset "$1" | run $NFT -f -
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

# siit_mtu MTU: all four veth ends
siit_mtu() {
	ip link set v6x mtu "$1" && ip link set v4x mtu "$1" &&
		n6 ip link set v6n mtu "$1" && n4 ip link set v4n mtu "$1" ||
		fail "cannot set MTU $1"
}

# siit_cases AREA [KEY=VALUE...]: cases_AREA.py through siit.py
siit_cases() {
	local area=$1
	shift
	assert_ok "scapy: RFC 7915 cases '$area'" \
		/usr/bin/python3 "$SIIT_DIR/siit.py" "$area" "$NS6" "$NS4" "$P6" \
		mac_v6x="$(mac v6x)" mac_v4x="$(mac v4x)" "$@"
	echo "$LAST_OUT"
}

# siit_global_supported 'KEY VALUE': the patched nft and the module take it
siit_global_supported() {
	$NFT -c -f - > /dev/null 2>&1 <<-EOT
	table inet probe {
		jool p {
			type siit
			$1
		}
	}
	EOT
}
