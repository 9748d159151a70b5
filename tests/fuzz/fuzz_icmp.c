// SPDX-License-Identifier: GPL-2.0
/*
 * The ICMP maps and the small ICMP-error helpers, on any values. Input:
 * groups of 8 octets (type, code, pointer, RFC 4884 word, two 16-bit
 * MTU-ish values). Invariants: a mapped message keeps its kind (error or
 * query) and lands on a type of the other family of that kind; pointers
 * map inside the header they point into; RFC 4884 lengths never exceed
 * what is there; MTUs respect their bounds; RFC 6791 addresses stay in
 * their prefix.
 */
#include <errno.h>
#include <stdint.h>
#include "fuzz.h"
#include "icmp.h"
#include "icmp_err.h"

static const u16 plateaus[] = { 65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (size_t i = 0; i + 8 <= size; i += 8) {
		const uint8_t *d = data + i;
		struct jool_icmp_map m;
		u16 a = d[4] << 8 | d[5], b = d[6] << 8 | d[7];
		u8 p6, p4;
		unsigned int n;
		u32 mtu;

		if (!jool_icmp_map46(d[0], d[1], &m)) {
			CHECK(m.error == jool_icmp4_is_error(d[0]), "46 %u/%u error flag", d[0], d[1]);
			CHECK(m.error == jool_icmp6_is_error(m.type), "46 %u/%u -> %u", d[0], d[1], m.type);
			CHECK(m.rest <= JOOL_ICMP_REST_PTR_SET, "46 rest %u", m.rest);
		}
		if (!jool_icmp_map64(d[0], d[1], &m)) {
			CHECK(m.error == jool_icmp6_is_error(d[0]), "64 %u/%u error flag", d[0], d[1]);
			CHECK(m.error == jool_icmp4_is_error(m.type), "64 %u/%u -> %u", d[0], d[1], m.type);
			CHECK(m.rest <= JOOL_ICMP_REST_PTR_SET, "64 rest %u", m.rest);
		}
		if (!jool_icmp_ptr46(d[2], &p6))
			CHECK(d[2] < 20 && p6 < 40, "ptr46 %u -> %u", d[2], p6);
		if (!jool_icmp_ptr64(d[2] | (u32)d[3] << 8, &p4))
			CHECK((d[2] | (u32)d[3] << 8) < 40 && p4 < 20, "ptr64 -> %u", p4);
		n = jool_icmp_rfc4884_len(d[3], d[0] & 1 ? 8 : 4, a);
		CHECK(n <= a, "rfc4884 %u of %u", n, a);
		mtu = jool_mtu_ptb(a, b, 1280 + d[2] * 100, 576 + d[3] * 10, plateaus, 11);
		CHECK(mtu >= 1280, "ptb mtu %u", mtu);
		mtu = jool_mtu_ptb(a, b, 1280 + d[2] * 100, 576 + d[3] * 10, NULL, 0);
		CHECK(mtu >= 1280, "ptb mtu %u (no plateaus)", mtu);
		n = jool_mtu_fn(a | (u32)b << 16, d[0] & 1, 68 + d[2] * 40, 1280 + d[3] * 40);
		CHECK(n <= 65535, "fn mtu %u", n);
		CHECK(jool_mtu_own_ptb(a) >= 1280, "own ptb %u", jool_mtu_own_ptb(a));
		{
			unsigned int len = d[1] % 33;
			u32 pfx = ((u32)a << 16 | b) & (len ? ~0u << (32 - len) : 0);
			u32 x = jool_rfc6791_addr4(pfx, len, d[2] | d[3] << 8);
			u32 mask = len ? ~0u << (32 - len) : 0;

			CHECK((x & mask) == pfx, "6791v4 %08x not in %08x/%u", x, pfx, len);
		}
		{
			struct in6_addr pfx, out;
			unsigned int len = d[1] % 129, k;
			u8 rnd[16];

			for (k = 0; k < 16; k++) {
				rnd[k] = d[k % 8] ^ k;
				pfx.s6_addr[k] = d[(k + 3) % 8];
			}
			for (k = len; k < 128; k++)
				pfx.s6_addr[k / 8] &= ~(0x80 >> (k % 8));
			jool_rfc6791_addr6(&pfx, len, rnd, &out);
			for (k = 0; k < len; k++) {
				unsigned int bit = 0x80 >> (k % 8);

				CHECK((out.s6_addr[k / 8] & bit) == (pfx.s6_addr[k / 8] & bit),
				      "6791v6 bit %u of /%u", k, len);
			}
		}
	}
	return 0;
}
