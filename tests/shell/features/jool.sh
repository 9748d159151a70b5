#!/bin/sh
# $NFT understands jool objects and the jool statement (the patched nft) and
# the kernel accepts them (the module autoloads)
$NFT -f - <<'EOT' || exit 1
table ip t {
	jool x {
		type siit
	}
	chain c {
		type filter hook prerouting priority raw; policy accept;
		jool name "x"
	}
}
EOT
$NFT list ruleset | grep -q 'jool name "x"'
