/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_EXTHDR_H
#define _NFT_JOOL_EXTHDR_H

#include <linux/types.h>
#include "uapi/nft_jool.h"

/*
 * IPv6 extension header walk (RFC 8200 section 4) over a linear buffer that
 * starts at the IPv6 header. Pure: no skb, also used for the inner packet of
 * ICMPv6 errors.
 */
struct jool_exthdr {
	unsigned int l4off;	/* offset of the upper-layer header */
	u8 proto;		/* upper-layer protocol (Next Header value) */
	bool frag;		/* a Fragment Header was found */
	bool mf;		/* its M flag */
	u16 offset;		/* its Fragment Offset, 8-octet units */
	u32 id;			/* its Identification (host order) */
	unsigned int ptr;	/* SRC_ROUTE: offset of Segments Left */
};

/*
 * @len octets are readable at @p, @total is where the packet ends (IPv6
 * header + payload length). Returns NFT_JOOL_STAT_UNSPEC and fills @eh, or
 * why the packet cannot be translated:
 *   NFT_JOOL_STAT_TRUNCATED  the headers need *@need octets; the caller may
 *                            make more readable (*@need <= @total) and retry
 *   NFT_JOOL_STAT_SRC_ROUTE  Routing Header with Segments Left != 0
 *                            (RFC 7915 section 5.1; @eh->ptr set)
 *   NFT_JOOL_STAT_EXTHDR     extension header after a Fragment Header, or a
 *                            second Fragment Header
 *   NFT_JOOL_STAT_MALFORMED  Hop-by-Hop Options not first
 * A non-first fragment ends the walk at its Fragment Header: what follows is
 * payload, not headers.
 */
enum nft_jool_stat jool_exthdr_walk(const u8 *p, unsigned int len,
				    unsigned int total, struct jool_exthdr *eh,
				    unsigned int *need);

#endif /* _NFT_JOOL_EXTHDR_H */
