// SPDX-License-Identifier: GPL-2.0
/* IPv6 extension header walk (RFC 8200 section 4, RFC 7915 section 5.1). */
#include <string.h>
#include "unit.h"
#include "exthdr.h"

static unsigned int hdr6(u8 *p, u8 nh, unsigned int plen)
{
	memset(p, 0, 40);
	p[0] = 0x60;
	p[4] = plen >> 8;
	p[5] = plen;
	p[6] = nh;
	p[7] = 64;
	return 40;
}

void test_exthdr(void)
{
	struct jool_exthdr eh;
	unsigned int need, off;
	u8 p[256];

	/* No extension header. */
	hdr6(p, 17, 8);
	CHECK(jool_exthdr_walk(p, 48, 48, &eh, &need) == 0 && eh.l4off == 40 &&
	      eh.proto == 17 && !eh.frag, "plain");

	/* Hop-by-Hop (8) + Destination Options (16) + TCP. */
	off = hdr6(p, 0, 24 + 20);
	memset(p + off, 0, 24);
	p[off] = 60;
	p[off + 1] = 0;
	p[off + 8] = 6;
	p[off + 9] = 1;
	CHECK(jool_exthdr_walk(p, 84, 84, &eh, &need) == 0 && eh.l4off == 64 &&
	      eh.proto == 6, "hbh+dest: l4off %u proto %u", eh.l4off, eh.proto);
	/* The same, only 50 octets readable: more needed, and how many. */
	CHECK(jool_exthdr_walk(p, 50, 84, &eh, &need) ==
	      NFT_JOOL_STAT_TRUNCATED && need == 64, "need %u", need);
	/* ... and really truncated: the payload length ends inside them. */
	p[5] = 10;
	CHECK(jool_exthdr_walk(p, 84, 50, &eh, &need) ==
	      NFT_JOOL_STAT_TRUNCATED, "truncated");

	/* Hop-by-Hop after Destination Options: malformed. */
	off = hdr6(p, 60, 16);
	memset(p + off, 0, 16);
	p[off] = 0;
	CHECK(jool_exthdr_walk(p, 56, 56, &eh, &need) ==
	      NFT_JOOL_STAT_MALFORMED, "hbh not first");

	/* Routing header, Segments Left 0: skipped; 2: pointer at it. */
	off = hdr6(p, 43, 8 + 8);
	memset(p + off, 0, 8);
	p[off] = 17;
	p[off + 2] = 0;
	CHECK(jool_exthdr_walk(p, 56, 56, &eh, &need) == 0 && eh.l4off == 48 &&
	      eh.proto == 17, "routing sl 0");
	p[off + 3] = 2;
	CHECK(jool_exthdr_walk(p, 56, 56, &eh, &need) ==
	      NFT_JOOL_STAT_SRC_ROUTE && eh.ptr == 43, "routing sl 2: %u",
	      eh.ptr);

	/* Fragment Header: offset 185 (1480 octets), M 1, ID 0x12345678. */
	off = hdr6(p, 44, 8 + 8);
	p[off] = 17;
	p[off + 1] = 0;
	p[off + 2] = (185 << 3) >> 8;
	p[off + 3] = ((185 << 3) & 0xff) | 1;
	p[off + 4] = 0x12;
	p[off + 5] = 0x34;
	p[off + 6] = 0x56;
	p[off + 7] = 0x78;
	CHECK(jool_exthdr_walk(p, 56, 56, &eh, &need) == 0 && eh.frag &&
	      eh.mf && eh.offset == 185 && eh.id == 0x12345678 &&
	      eh.l4off == 48 && eh.proto == 17, "frag: off %u id %x",
	      eh.offset, eh.id);
	/* A later fragment: what follows is data, even if it looks like a header. */
	p[off] = 60;
	CHECK(jool_exthdr_walk(p, 56, 56, &eh, &need) == 0 && eh.proto == 60 &&
	      eh.l4off == 48, "later fragment");
	/* First fragment followed by Destination Options: refused. */
	p[off + 2] = 0;
	p[off + 3] = 1;
	memset(p + 48, 0, 8);
	CHECK(jool_exthdr_walk(p, 56, 56, &eh, &need) ==
	      NFT_JOOL_STAT_EXTHDR, "header after fragment header");
	/* Two Fragment Headers. */
	p[off] = 44;
	CHECK(jool_exthdr_walk(p, 56, 56, &eh, &need) ==
	      NFT_JOOL_STAT_EXTHDR, "double fragment header");
}
