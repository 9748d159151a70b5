// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6 extension header walk. RFC 7915 section 5.1: the IPv4 packet carries
 * none of them; Hop-by-Hop, Destination Options and exhausted Routing
 * headers are dropped, the Fragment Header becomes the IPv4 fragment fields.
 */

#include <linux/kernel.h>
#include "exthdr.h"

#define HDR6 40
#define NH_HOP 0
#define NH_ROUTING 43
#define NH_FRAGMENT 44
#define NH_DEST 60

static u32 get32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/* Is @n octets at @off readable? If not, say how much would be. */
static bool avail(unsigned int off, unsigned int n, unsigned int len,
		  unsigned int *need)
{
	if (off + n <= len)
		return true;
	*need = off + n;
	return false;
}

enum nft_jool_stat jool_exthdr_walk(const u8 *p, unsigned int len,
				    unsigned int total, struct jool_exthdr *eh,
				    unsigned int *need)
{
	unsigned int off = HDR6, hlen;
	u8 nh;
	u16 fo;

	eh->frag = false;
	eh->mf = false;
	eh->offset = 0;
	eh->id = 0;
	eh->ptr = 0;
	*need = 0;
	if (!avail(0, HDR6, len, need))
		return NFT_JOOL_STAT_TRUNCATED;
	nh = p[6];

	for (;;) {
		switch (nh) {
		case NH_HOP:
			/* RFC 8200 section 4.1: only right after the header. */
			if (off != HDR6)
				return NFT_JOOL_STAT_MALFORMED;
			fallthrough;
		case NH_DEST:
		case NH_ROUTING:
			/*
			 * Options after a Fragment Header would be part of the
			 * fragmentable payload; there is no IPv4 place for
			 * them, and a second look at them per fragment is
			 * exactly what fragment attacks rely on.
			 */
			if (eh->frag)
				return NFT_JOOL_STAT_EXTHDR;
			if (off + 2 > total || !avail(off, 2, len, need))
				return NFT_JOOL_STAT_TRUNCATED;
			hlen = (p[off + 1] + 1) * 8;
			if (off + hlen > total || !avail(off, hlen, len, need))
				return NFT_JOOL_STAT_TRUNCATED;
			/* An unfinished source route must not be cut short. */
			if (nh == NH_ROUTING && p[off + 3]) {
				eh->ptr = off + 3;
				return NFT_JOOL_STAT_SRC_ROUTE;
			}
			nh = p[off];
			off += hlen;
			continue;
		case NH_FRAGMENT:
			if (eh->frag)
				return NFT_JOOL_STAT_EXTHDR;
			if (off + 8 > total || !avail(off, 8, len, need))
				return NFT_JOOL_STAT_TRUNCATED;
			eh->frag = true;
			fo = (u16)p[off + 2] << 8 | p[off + 3];
			eh->offset = fo >> 3;
			eh->mf = fo & 1;
			eh->id = get32(p + off + 4);
			nh = p[off];
			off += 8;
			if (eh->offset)
				break;
			continue;
		}
		break;
	}

	eh->proto = nh;
	eh->l4off = off;
	return NFT_JOOL_STAT_UNSPEC;
}
