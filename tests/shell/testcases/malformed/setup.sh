# SPDX-License-Identifier: GPL-2.0
# Sourced by the malformed/ test cases (after helpers/lib.sh): the lib.sh
# topology with pool6 64:ff9b::/96, the standard ruleset (jool instance x,
# counters c6/c4 before and n6/n4 after the jool rules), quiet ends, and the
# corpus runner run_corpus.py.

MALFORMED_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")

malformed_setup() {
	topo_setup 64:ff9b::/96 "$(rfc6052 64:ff9b::/96 198.51.100.2)"
	jool_ruleset | run $NFT -f -
	# the ends answer nothing (NS6 only neighbour discovery): what arrives
	# is the translator's, and the rule counters count only the corpus
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
	MALFORMED_DMESG=$(dmesg | wc -l)
}

# malformed_run SIDES: the corpus cases sent from IPv6 (6), IPv4 (4) or both
malformed_run() {
	assert_ok "corpus from IPv$1: every packet gets its RFC verdict" \
		/usr/bin/python3 "$MALFORMED_DIR/run_corpus.py" "$1" "$NS6" "$NS4" "$P6" \
		"$(mac v6x)" "$(mac v4x)" "${NFT_JOOL_CTL:-}"
	echo "$LAST_OUT"
}

# malformed_dmesg: no kernel report since malformed_setup
malformed_dmesg() {
	assert_no_match "no WARN/BUG/KASAN/UBSAN/Oops in the kernel log" \
		'WARNING:|BUG:|KASAN|UBSAN|Oops|general protection|kernel BUG' \
		"$(dmesg | tail -n +$((MALFORMED_DMESG + 1)))"
}
