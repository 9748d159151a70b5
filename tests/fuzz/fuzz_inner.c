// SPDX-License-Identifier: GPL-2.0
/*
 * jool_inner64() / jool_inner46(): the packet inside an ICMP error, which
 * is attacker-controlled and often truncated. Input: a flags octet
 * (direction, no_dst_eam, zeroize-traffic-class, override-tos), the tos,
 * two octets of output room, then the inner packet. The address config is
 * a SIIT's: pool6 64:ff9b::/96, two EAM entries, a denylist4 prefix.
 * Invariants: no read or write outside the exact buffers (ASan), the
 * result fits the room given, a translated packet starts with the right
 * IP version, and the outcome is one the packet path knows.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <linux/err.h>
#include "fuzz.h"
#include "eamt.h"
#include "icmp_err.h"

static struct jool_addr_cfg addr;
static struct in6_addr pool6;

static void setup(void)
{
	static struct nft_jool_eam e[2];
	static struct nft_jool_prefix4 d[1];
	unsigned int bad;
	enum jool_table_error why;

	inet_pton(AF_INET6, "64:ff9b::", &pool6);
	inet_pton(AF_INET6, "2001:db8:6::", e[0].prefix6);
	e[0].prefix4 = inet_addr("203.0.113.0");
	e[0].len6 = 120;
	e[0].len4 = 24;
	inet_pton(AF_INET6, "2001:db8:77::5", e[1].prefix6);
	e[1].prefix4 = inet_addr("198.51.100.77");
	e[1].len6 = 128;
	e[1].len4 = 32;
	d[0].addr = inet_addr("192.0.2.128");
	d[0].len = 25;
	addr.eamt = jool_eamt_build(e, 2, &bad, &why);
	addr.denylist4 = jool_denylist4_build(d, 1, &bad, &why);
	CHECK(!IS_ERR_OR_NULL(addr.eamt) && !IS_ERR_OR_NULL(addr.denylist4), "tables");
	addr.pool6 = &pool6;
	addr.pool6_len = 96;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jool_inner_cfg cfg = { 0 };
	unsigned int outmax, outlen = 0xdeadbeef, inlen;
	enum nft_jool_stat why;
	unsigned char *in, *out;
	bool dir64;

	if (!addr.pool6)
		setup();
	if (size < 4)
		return 0;
	dir64 = data[0] & 1;
	cfg.addr = &addr;
	cfg.no_dst_eam = data[0] & 2;
	cfg.zeroize_traffic_class = data[0] & 4;
	cfg.override_tos = data[0] & 8;
	cfg.tos = data[1];
	cfg.id = htons(0x1234);
	outmax = (data[2] << 8 | data[3]) % 1600;
	inlen = size - 4;
	in = fz_dup(data + 4, inlen);
	out = malloc(outmax ? outmax : 1);
	if (dir64)
		why = jool_inner64(in, inlen, out, outmax, &cfg, &outlen);
	else
		why = jool_inner46(in, inlen, out, outmax, &cfg, &outlen);
	if (why == NFT_JOOL_STAT_UNSPEC) {
		CHECK(outlen <= outmax, "outlen %u > room %u", outlen, outmax);
		if (outlen)
			CHECK(out[0] >> 4 == (dir64 ? 4 : 6), "version %u", out[0] >> 4);
	}
	CHECK(why >= NFT_JOOL_STAT_UNSPEC && why <= NFT_JOOL_STAT_MAX, "result %d", why);
	free(in);
	free(out);
	return 0;
}
