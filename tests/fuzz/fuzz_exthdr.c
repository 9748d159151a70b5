// SPDX-License-Identifier: GPL-2.0
/*
 * jool_exthdr_walk() on any bytes. Input: one octet choosing how much of
 * the packet is readable (the rest is "in the skb's fragments"), then the
 * packet from its IPv6 header on. The caller's retry loop is replayed:
 * on TRUNCATED with a need, exactly that much is made readable.
 * Invariants: no read beyond the readable octets (ASan: exact buffers);
 * TRUNCATED asks for more than is readable (or for nothing: truncated for
 * good); the retries end; UNSPEC gives an
 * L4 offset inside the packet; SRC_ROUTE points inside the readable part.
 */
#include <stdint.h>
#include "fuzz.h"
#include "exthdr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jool_exthdr eh;
	unsigned int total, len, need, rounds = 0;
	enum nft_jool_stat why;

	if (size < 1)
		return 0;
	total = size - 1;
	len = total - (data[0] * 13u) % (total + 1);
	for (;;) {
		unsigned char *p = fz_dup(data + 1, len);

		why = jool_exthdr_walk(p, len, total, &eh, &need);
		free(p);
		CHECK(++rounds < 64, "more than 64 retries (len %u total %u)", len, total);
		if (why == NFT_JOOL_STAT_TRUNCATED) {
			CHECK(need == 0 || need > len,
			      "need %u with %u readable of %u", need, len, total);
			/* beyond the packet: truncated for good (the caller's test) */
			if (!need || need > total)
				break;
			len = need;
			continue;
		}
		break;
	}
	if (why == NFT_JOOL_STAT_UNSPEC)
		CHECK(eh.l4off >= 40 && eh.l4off <= total, "l4off %u of %u", eh.l4off, total);
	if (why == NFT_JOOL_STAT_SRC_ROUTE)
		CHECK(eh.ptr >= 40 && eh.ptr < len, "ptr %u of %u", eh.ptr, len);
	CHECK(why == NFT_JOOL_STAT_UNSPEC || why == NFT_JOOL_STAT_TRUNCATED ||
	      why == NFT_JOOL_STAT_SRC_ROUTE || why == NFT_JOOL_STAT_EXTHDR ||
	      why == NFT_JOOL_STAT_MALFORMED, "unexpected result %d", why);
	return 0;
}
