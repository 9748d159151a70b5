/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_CSUM_H
#define _NFT_JOOL_CSUM_H

#include <linux/kernel.h>
#include <linux/in6.h>
#include <net/checksum.h>

/*
 * Incremental checksum updates for translated packets (RFC 1624 arithmetic).
 * A "diff" is a one's complement sum to add to the data a checksum covers:
 * new data sum = old data sum + diff. Pure functions: no skb.
 */

/* Sums (unfolded) of the two addresses of a pseudo-header. */
__wsum jool_csum_addrs4(__be32 saddr, __be32 daddr);
__wsum jool_csum_addrs6(const struct in6_addr *saddr,
			const struct in6_addr *daddr);

/*
 * TCP/UDP: only the pseudo-header addresses change. The upper-layer length
 * (16 bits for IPv4, 32 for IPv6) and the protocol number (one octet in both)
 * add up to the same one's complement sum in both families.
 */
__wsum jool_csum_l4_diff64(const struct in6_addr *saddr6,
			   const struct in6_addr *daddr6,
			   __be32 saddr4, __be32 daddr4);
__wsum jool_csum_l4_diff46(__be32 saddr4, __be32 daddr4,
			   const struct in6_addr *saddr6,
			   const struct in6_addr *daddr6);

/*
 * ICMP: ICMPv6 covers a pseudo-header (addresses, @len = ICMP message length,
 * next header 58) and ICMPv4 does not; the type/code word changes as well.
 */
__wsum jool_csum_icmp_diff64(const struct in6_addr *saddr6,
			     const struct in6_addr *daddr6, u32 len,
			     u8 type6, u8 code6, u8 type4, u8 code4);
__wsum jool_csum_icmp_diff46(const struct in6_addr *saddr6,
			     const struct in6_addr *daddr6, u32 len,
			     u8 type4, u8 code4, u8 type6, u8 code6);

/*
 * Stateful NAT64 also rewrites a port or ICMP identifier (RFC 6146 section
 * 3.7), and in ICMP errors an address of the packet in error. Both are
 * 16-bit aligned inside the data a checksum covers, so their diff is the
 * difference of their sums wherever they sit.
 */
__wsum jool_csum_u16_diff(__be16 old, __be16 new);
__wsum jool_csum_addr4_diff(__be32 old, __be32 new);
__wsum jool_csum_addr6_diff(const struct in6_addr *old,
			    const struct in6_addr *new);

/* New value of a complete (inverted) checksum field after @diff. */
__sum16 jool_csum_apply(__sum16 check, __wsum diff);

/*
 * Same for a CHECKSUM_PARTIAL field, which holds the folded pseudo-header
 * sum, not inverted; the device or skb_checksum_help() finishes it.
 */
__sum16 jool_csum_apply_partial(__sum16 check, __wsum diff);

#endif /* _NFT_JOOL_CSUM_H */
