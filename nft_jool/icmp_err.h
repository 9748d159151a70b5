/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_ICMP_ERR_H
#define _NFT_JOOL_ICMP_ERR_H

#include <linux/types.h>
#include <linux/in6.h>
#include "addr.h"
#include "uapi/nft_jool.h"

/*
 * Pure parts of ICMP error translation (RFC 7915 sections 4.2-4.3 and
 * 5.2-5.3): the packet in error, the MTU of Packet Too Big / Fragmentation
 * Needed, and RFC 6791 source addresses. No skb: host unit-tested.
 */

/* RFC 7915 sections 4.3 / 5.3 and RFC 1812 section 4.3.2.3. */
#define JOOL_ICMP6_ERR_MAX 1280		/* an ICMPv6 error, IPv6 header included */
#define JOOL_ICMP4_ERR_MAX 576		/* an ICMPv4 error, IPv4 header included */

/* How the packet in error is translated: the outer packet's rules. */
struct jool_inner_cfg {
	const struct jool_addr_cfg *addr;
	bool no_dst_eam;	/* 4 -> 6 hairpin: RFC 7757 section 4 */
	bool zeroize_traffic_class;	/* 4 -> 6 */
	bool override_tos;		/* 6 -> 4 */
	u8 tos;
	__be16 id;	/* 6 -> 4: Identification if not from a Fragment Header */
	/* Out, 6 -> 4: how the inner source was translated (hairpin test). */
	enum jool_addr_how src_how;
};

/*
 * Translate the (possibly truncated) IPv6 packet in error at @in (@inlen
 * octets) into an IPv4 one at @out, at most @outmax octets: the rest is
 * cut off. Lengths in the headers stay those of the original packet, and
 * the inner L4 checksum is updated incrementally when it is present, so
 * that it matches what the IPv4 node sent. *@outlen is the result's size.
 * Returns NFT_JOOL_STAT_UNSPEC or why the error cannot be translated.
 */
enum nft_jool_stat jool_inner64(const u8 *in, unsigned int inlen, u8 *out,
				unsigned int outmax, struct jool_inner_cfg *cfg,
				unsigned int *outlen);
/* Same, IPv4 packet in error -> IPv6 (with a Fragment Header if a fragment). */
enum nft_jool_stat jool_inner46(const u8 *in, unsigned int inlen, u8 *out,
				unsigned int outmax,
				const struct jool_inner_cfg *cfg,
				unsigned int *outlen);

/*
 * Length of the "original datagram" part of an ICMP error as RFC 4884 says
 * (@word: the length field's value, in 32-bit (ICMPv4) or 64-bit (ICMPv6)
 * words; 0 = no extension), given @avail octets after the ICMP header.
 * Extensions are not translated: they are cut off.
 */
unsigned int jool_icmp_rfc4884_len(u8 word, unsigned int unit,
				   unsigned int avail);

/*
 * Packet Too Big MTU for a translated Fragmentation Needed (RFC 7915
 * section 4.2): max(1280, min(@mtu4 + 20, @out_mtu6, @in_mtu4 + 20)); an
 * @mtu4 of 0 (a router older than RFC 1191) is replaced by the greatest
 * plateau below @tot_len (the packet in error's Total Length).
 */
u32 jool_mtu_ptb(u16 mtu4, u16 tot_len, u32 out_mtu6, u32 in_mtu4,
		 const u16 *plateaus, unsigned int count);

/*
 * Fragmentation Needed MTU for a translated Packet Too Big (RFC 7915
 * section 5.2): min(@mtu6 - 20, @out_mtu4, @in_mtu6 - 20), 8 more octets
 * off when the packet in error had a Fragment Header (then the IPv4 packet
 * was 28 octets shorter than the IPv6 one, not 20). At most 65535.
 */
u16 jool_mtu_fn(u32 mtu6, bool inner_frag, u32 out_mtu4, u32 in_mtu6);

/* MTU the translator itself reports for packets it cannot forward. */
u32 jool_mtu_own_ptb(u32 mtu4);		/* 6 -> 4, DF set */
u16 jool_mtu_own_fn(u32 mtu6);		/* 4 -> 6, DF set */

/*
 * RFC 6791 source for an ICMPv4 error whose IPv6 source has no IPv4
 * address: the @n-th address (modulo the prefix size) of @prefix/@len,
 * @n random or the error's Hop Limit. Host order in and out.
 */
u32 jool_rfc6791_addr4(u32 prefix, unsigned int len, u32 n);
/* IPv6: @prefix/@len with the host bits from @rnd (16 random octets). */
void jool_rfc6791_addr6(const struct in6_addr *prefix, unsigned int len,
			const u8 *rnd, struct in6_addr *out);

#endif /* _NFT_JOOL_ICMP_ERR_H */
