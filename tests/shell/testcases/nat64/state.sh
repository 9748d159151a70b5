# SPDX-License-Identifier: GPL-2.0
# Sourced by the NAT64 state tests (0014 and up) after setup.sh.

SKEW_PARAM=/sys/module/nft_jool/parameters/time_skew

# nat64_skew_reset: time_skew back to 0 (tests that move the expiry clock
# call it on exit: the parameter is global to the module)
nat64_skew_reset() {
	[ -w $SKEW_PARAM ] && echo 0 > $SKEW_PARAM
	return 0
}

# nat64_state_cases AREA [KEY=VALUE...]: nat64_cases with nft-jool's path
# and the translator's namespace (state_lib.py runs nft-jool there)
nat64_state_cases() {
	local area=$1
	shift
	nat64_cases "$area" ctl="$NFT_JOOL_CTL" xns=/proc/$$/ns/net "$@"
}

# slab_active CACHE: the objects in use in kmem_cache CACHE (its
# /proc/slabinfo active_objs after a shrink, which returns the per-CPU slabs
# so that free objects are not counted as active); status 2 when the cache
# has no line of its own (merged with another of the same size: boot with
# slub_nomerge, or a debug kernel, to check it)
slab_active() {
	grep -q "^$1 " /proc/slabinfo 2>/dev/null || return 2
	[ -w /sys/kernel/slab/$1/shrink ] && echo 1 > /sys/kernel/slab/$1/shrink
	awk -v c="$1" '$1 == c { print $2 }' /proc/slabinfo
}

# slabs_empty: no BIB entry nor session object left in the module's caches
slabs_empty() {
	[ "$(slab_active nft_jool_session)" = 0 ] && [ "$(slab_active nft_jool_bib)" = 0 ]
}

# have_slabs: both caches have their own /proc/slabinfo line
have_slabs() {
	slab_active nft_jool_session > /dev/null && slab_active nft_jool_bib > /dev/null
}
