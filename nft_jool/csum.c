// SPDX-License-Identifier: GPL-2.0
/*
 * Checksum deltas for header translation. Every checksum the translator
 * touches is updated incrementally, so a packet whose checksum was wrong
 * stays wrong and is dropped by its receiver rather than "repaired" here.
 */

#include "csum.h"

__wsum jool_csum_addrs4(__be32 saddr, __be32 daddr)
{
	return csum_add((__force __wsum)saddr, (__force __wsum)daddr);
}

__wsum jool_csum_addrs6(const struct in6_addr *saddr,
			const struct in6_addr *daddr)
{
	return csum_partial(daddr, sizeof(*daddr),
			    csum_partial(saddr, sizeof(*saddr), 0));
}

__wsum jool_csum_l4_diff64(const struct in6_addr *saddr6,
			   const struct in6_addr *daddr6,
			   __be32 saddr4, __be32 daddr4)
{
	return csum_sub(jool_csum_addrs4(saddr4, daddr4),
			jool_csum_addrs6(saddr6, daddr6));
}

__wsum jool_csum_l4_diff46(__be32 saddr4, __be32 daddr4,
			   const struct in6_addr *saddr6,
			   const struct in6_addr *daddr6)
{
	return csum_sub(jool_csum_addrs6(saddr6, daddr6),
			jool_csum_addrs4(saddr4, daddr4));
}

/* The ICMPv6 pseudo-header: RFC 8200 section 8.1. */
static __wsum pseudo6(const struct in6_addr *saddr, const struct in6_addr *daddr,
		      u32 len)
{
	__wsum sum = jool_csum_addrs6(saddr, daddr);

	sum = csum_add(sum, (__force __wsum)htonl(len));
	return csum_add(sum, (__force __wsum)htonl(IPPROTO_ICMPV6));
}

/* The first 16-bit word of an ICMP header, summed in memory order. */
static __wsum type_code(u8 type, u8 code)
{
	const u8 word[2] = { type, code };

	return csum_partial(word, sizeof(word), 0);
}

__wsum jool_csum_icmp_diff64(const struct in6_addr *saddr6,
			     const struct in6_addr *daddr6, u32 len,
			     u8 type6, u8 code6, u8 type4, u8 code4)
{
	__wsum diff = csum_sub(type_code(type4, code4), type_code(type6, code6));

	return csum_sub(diff, pseudo6(saddr6, daddr6, len));
}

__wsum jool_csum_icmp_diff46(const struct in6_addr *saddr6,
			     const struct in6_addr *daddr6, u32 len,
			     u8 type4, u8 code4, u8 type6, u8 code6)
{
	__wsum diff = csum_sub(type_code(type6, code6), type_code(type4, code4));

	return csum_add(diff, pseudo6(saddr6, daddr6, len));
}

__wsum jool_csum_u16_diff(__be16 old, __be16 new)
{
	return csum_sub(csum_partial(&new, sizeof(new), 0),
			csum_partial(&old, sizeof(old), 0));
}

__wsum jool_csum_addr4_diff(__be32 old, __be32 new)
{
	return csum_sub((__force __wsum)new, (__force __wsum)old);
}

__wsum jool_csum_addr6_diff(const struct in6_addr *old,
			    const struct in6_addr *new)
{
	return csum_sub(csum_partial(new, sizeof(*new), 0),
			csum_partial(old, sizeof(*old), 0));
}

__sum16 jool_csum_apply(__sum16 check, __wsum diff)
{
	/* ~check is the old data sum (RFC 1624 eqn. 3). */
	return csum_fold(csum_add(~csum_unfold(check), diff));
}

__sum16 jool_csum_apply_partial(__sum16 check, __wsum diff)
{
	return ~csum_fold(csum_add(csum_unfold(check), diff));
}
