// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP error pieces: the packet in error (RFC 7915 sections 4.3 and 5.3),
 * MTU fields (sections 4.2 and 5.2, RFC 1191 plateaus), RFC 6791 addresses,
 * RFC 4884 lengths. Checksums are checked by summing from scratch here.
 */
#include <arpa/inet.h>
#include <string.h>
#include "unit.h"
#include "icmp_err.h"

static u32 sum16(const u8 *p, unsigned int len, u32 acc)
{
	unsigned int i;

	for (i = 0; i + 1 < len; i += 2)
		acc += (u32)p[i] << 8 | p[i + 1];
	if (len & 1)
		acc += (u32)p[len - 1] << 8;
	return acc;
}

static u16 fold(u32 acc)
{
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return acc;
}

/* Sum of a pseudo-header + @l4 of @len octets; 0xffff = checksum correct. */
static u16 l4sum6(const u8 *ip6, const u8 *l4, unsigned int len, u8 proto)
{
	u32 acc = sum16(ip6 + 8, 32, 0) + len + proto;

	return fold(sum16(l4, len, acc));
}

static u16 l4sum4(const u8 *ip4, const u8 *l4, unsigned int len, u8 proto)
{
	u32 acc = sum16(ip4 + 12, 8, 0) + len + proto;

	return fold(sum16(l4, len, acc));
}

static void set_csum(u8 *at, u16 sum)
{
	u16 c = ~sum;

	if (!c)
		c = 0xffff;
	at[0] = c >> 8;
	at[1] = c;
}

static const struct in6_addr pool6 = { { { 0x20, 0x01, 0x0d, 0xb8, 0, 0x64 } } };
static const struct jool_addr_cfg addr = { .pool6 = &pool6, .pool6_len = 96 };

/* 2001:db8:64::/96 + @a.@b.@c.@d */
static void emb(u8 *p, u8 a, u8 b, u8 c, u8 d)
{
	memcpy(p, &pool6, 16);
	p[12] = a;
	p[13] = b;
	p[14] = c;
	p[15] = d;
}

static void test_inner64(void)
{
	struct jool_inner_cfg cfg = { .addr = &addr, .id = htons(0xabcd) };
	u8 in[128], out[128];
	unsigned int len;

	/* IPv6 UDP, tc 0x28, hop limit 7, 12 octets of UDP. */
	memset(in, 0, sizeof(in));
	in[0] = 0x62;
	in[1] = 0x80;
	in[5] = 12;
	in[6] = 17;
	in[7] = 7;
	emb(in + 8, 192, 0, 2, 2);
	emb(in + 24, 198, 51, 100, 2);
	in[40] = 0x03; in[41] = 0xe8;	/* 1000 */
	in[42] = 0x07; in[43] = 0xd0;	/* 2000 */
	in[45] = 12;
	memcpy(in + 48, "abcd", 4);
	set_csum(in + 46, l4sum6(in, in + 40, 12, 17));

	CHECK(jool_inner64(in, 52, out, 128, &cfg, &len) == 0 && len == 32,
	      "udp: len %u", len);
	CHECK(out[0] == 0x45 && out[1] == 0x28 && out[2] == 0 && out[3] == 32,
	      "version/tos/length");
	CHECK(out[4] == 0xab && out[5] == 0xcd && out[6] == 0 && out[7] == 0,
	      "generated ID, DF 0 below 1260");
	CHECK(out[8] == 7 && out[9] == 17, "ttl kept, protocol");
	CHECK(fold(sum16(out, 20, 0)) == 0xffff, "header checksum");
	CHECK(out[12] == 192 && out[15] == 2 && out[16] == 198 && out[19] == 2,
	      "addresses");
	CHECK(l4sum4(out, out + 20, 12, 17) == 0xffff, "udp checksum updated");

	/* override-tos. */
	cfg.override_tos = true;
	cfg.tos = 0x10;
	CHECK(jool_inner64(in, 52, out, 128, &cfg, &len) == 0 && out[1] == 0x10,
	      "override-tos: %#x", out[1]);
	cfg.override_tos = false;

	/* Cut short by the size limit: lengths stay the original's. */
	CHECK(jool_inner64(in, 52, out, 28, &cfg, &len) == 0 && len == 28 &&
	      out[3] == 32, "trimmed: len %u tot %u", len, out[3]);

	/* Inner echo request: type 128 -> 8, ICMPv4 checksum (no pseudo-header). */
	in[6] = 58;
	memset(in + 40, 0, 12);
	in[40] = 128;
	in[44] = 0x12; in[45] = 0x34; in[47] = 1;
	memcpy(in + 48, "ping", 4);
	set_csum(in + 42, l4sum6(in, in + 40, 12, 58));
	CHECK(jool_inner64(in, 52, out, 128, &cfg, &len) == 0 && out[9] == 1 &&
	      out[20] == 8 && fold(sum16(out + 20, 12, 0)) == 0xffff,
	      "inner echo");

	/* An error inside an error. */
	in[40] = 1;
	CHECK(jool_inner64(in, 52, out, 128, &cfg, &len) ==
	      NFT_JOOL_STAT_ICMP_ERROR, "error in error");
	/* Unknown informational type. */
	in[40] = 200;
	CHECK(jool_inner64(in, 52, out, 128, &cfg, &len) ==
	      NFT_JOOL_STAT_ICMP6_TYPE, "unknown inner type");

	/* Addresses outside pool6. */
	in[40] = 128;
	in[8] = 0x30;
	CHECK(jool_inner64(in, 52, out, 128, &cfg, &len) == NFT_JOOL_STAT_SRC6,
	      "inner source outside pool6");
	in[8] = 0x20;

	/* Fragment Header -> ID, offset, MF; DF 0. UDP first fragment. */
	memmove(in + 48, in + 40, 12);
	in[5] = 20;
	in[6] = 44;
	in[40] = 17;
	in[41] = 0;
	in[42] = 0;
	in[43] = 1;		/* offset 0, M */
	in[44] = 0xde; in[45] = 0xad; in[46] = 0xbe; in[47] = 0xef;
	memset(in + 48, 0, 12);
	in[48] = 0x03; in[49] = 0xe8; in[50] = 0x07; in[51] = 0xd0;
	in[53] = 40;		/* whole datagram: 40 octets of UDP */
	in[54] = 0x12; in[55] = 0x34;	/* some checksum */
	CHECK(jool_inner64(in, 60, out, 128, &cfg, &len) == 0 && len == 32,
	      "fragment: len %u", len);
	CHECK(out[4] == 0xbe && out[5] == 0xef && out[6] == 0x20 && out[7] == 0,
	      "fragment fields %02x%02x %02x%02x", out[4], out[5], out[6],
	      out[7]);
	CHECK(out[2] == 0 && out[3] == 32, "fragment total length %u", out[3]);
	/* The checksum moved by exactly the pseudo-header difference. */
	{
		u32 a6 = sum16(in + 8, 32, 0), a4 = sum16(out + 12, 8, 0);
		u16 old = (u16)~(in[54] << 8 | in[55]);
		u16 new = (u16)~(out[26] << 8 | out[27]);

		CHECK(fold(old + (u32)fold(a4) + (u16)~fold(a6)) == new ||
		      (fold(old + (u32)fold(a4) + (u16)~fold(a6)) == 0xffff &&
		       new == 0), "fragment checksum delta");
	}
	/* Large inner packet: DF 1 and ID 0. */
	in[6] = 17;
	memmove(in + 40, in + 48, 12);
	in[4] = 0x05;
	in[5] = 0x00;		/* payload length 1280 -> 1300 octets of IPv4 */
	CHECK(jool_inner64(in, 52, out, 128, &cfg, &len) == 0 &&
	      out[6] == 0x40 && out[4] == 0 && out[5] == 0 &&
	      (out[2] << 8 | out[3]) == 1300, "DF above 1260");
}

static void test_inner46(void)
{
	struct jool_inner_cfg cfg = { .addr = &addr };
	u8 in[128], out[160];
	unsigned int len;

	/* IPv4 TCP, tos 0xb8, ttl 9, 24 octets of TCP (one option word). */
	memset(in, 0, sizeof(in));
	in[0] = 0x45;
	in[1] = 0xb8;
	in[3] = 44;
	in[4] = 0x11; in[5] = 0x22;
	in[6] = 0x40;
	in[8] = 9;
	in[9] = 6;
	in[12] = 198; in[13] = 51; in[14] = 100; in[15] = 2;
	in[16] = 192; in[17] = 0; in[18] = 2; in[19] = 2;
	in[20] = 0x1f; in[21] = 0x90; in[22] = 0xc3; in[23] = 0x50;
	in[32] = 0x60;		/* doff 6 */
	in[33] = 0x12;
	in[40] = 2; in[41] = 4; in[42] = 5; in[43] = 0xb4;
	set_csum(in + 36, l4sum4(in, in + 20, 24, 6));

	CHECK(jool_inner46(in, 44, out, 160, &cfg, &len) == 0 && len == 64,
	      "tcp: len %u", len);
	CHECK(out[0] == 0x6b && out[1] == 0x80 && out[2] == 0 && out[3] == 0,
	      "traffic class 0xb8, flow label 0");
	CHECK(out[4] == 0 && out[5] == 24 && out[6] == 6 && out[7] == 9,
	      "plen/nh/hop limit");
	CHECK(out[8] == 0x20 && out[20] == 198 && out[39] == 2, "addresses");
	CHECK(l4sum6(out, out + 40, 24, 6) == 0xffff, "tcp checksum updated");
	cfg.zeroize_traffic_class = true;
	CHECK(jool_inner46(in, 44, out, 160, &cfg, &len) == 0 && out[0] == 0x60 &&
	      out[1] == 0, "zeroize-traffic-class");

	/* IPv4 options are left behind. */
	memmove(in + 24, in + 20, 24);
	in[0] = 0x46;
	in[3] = 48;
	memset(in + 20, 1, 4);	/* NOPs */
	CHECK(jool_inner46(in, 48, out, 160, &cfg, &len) == 0 && len == 64 &&
	      out[5] == 24 && l4sum6(out, out + 40, 24, 6) == 0xffff,
	      "options dropped");

	/* A fragment (offset 0, MF): Fragment Header with the IPv4 ID. */
	memmove(in + 20, in + 24, 24);
	in[0] = 0x45;
	in[3] = 44;
	in[6] = 0x20;
	CHECK(jool_inner46(in, 44, out, 160, &cfg, &len) == 0 && len == 72,
	      "fragment: len %u", len);
	CHECK(out[5] == 32 && out[6] == 44 && out[40] == 6 && out[42] == 0 &&
	      out[43] == 1 && out[44] == 0 && out[45] == 0 && out[46] == 0x11 &&
	      out[47] == 0x22, "fragment header");
	/* A later fragment (offset 100 * 8): data copied as is. */
	in[6] = 0x00;
	in[7] = 100;
	CHECK(jool_inner46(in, 44, out, 160, &cfg, &len) == 0 && out[42] == 3 &&
	      out[43] == 0x20 && !memcmp(out + 48, in + 20, 24),
	      "later fragment: %02x%02x", out[42], out[43]);
	in[7] = 0;

	/* Inner ICMP error: refused. */
	in[9] = 1;
	in[20] = 3;
	CHECK(jool_inner46(in, 44, out, 160, &cfg, &len) ==
	      NFT_JOOL_STAT_ICMP_ERROR, "error in error");
	/* Truncated header. */
	CHECK(jool_inner46(in, 12, out, 160, &cfg, &len) ==
	      NFT_JOOL_STAT_TRUNCATED, "truncated");
	in[0] = 0x65;
	CHECK(jool_inner46(in, 44, out, 160, &cfg, &len) ==
	      NFT_JOOL_STAT_MALFORMED, "version");
}

static void test_mtu(void)
{
	static const u16 plat[] = { 9000, 1500, 1400, 1000 };

	/* Section 4.2: min(MTU + 20, IPv6 next hop, IPv4 in + 20), >= 1280. */
	CHECK(jool_mtu_ptb(1400, 1500, 1500, 1500, NULL, 0) == 1420, "ptb 1400");
	CHECK(jool_mtu_ptb(1492, 1500, 1500, 1500, NULL, 0) == 1500, "ptb out");
	CHECK(jool_mtu_ptb(1492, 1500, 9000, 1400, NULL, 0) == 1420, "ptb in");
	CHECK(jool_mtu_ptb(576, 1500, 1500, 1500, NULL, 0) == 1280, "ptb 1280");
	/* MTU 0: RFC 1191 plateau below the total length (1492 < 1500). */
	CHECK(jool_mtu_ptb(0, 1500, 9000, 9000, NULL, 0) == 1512, "plateau");
	CHECK(jool_mtu_ptb(0, 4352, 9000, 9000, NULL, 0) == 2022,
	      "plateau strictly below");
	CHECK(jool_mtu_ptb(0, 1500, 9000, 9000, plat, 4) == 1420,
	      "configured plateaus");
	CHECK(jool_mtu_ptb(0, 60, 9000, 9000, plat, 4) == 1280, "none below");

	/* Section 5.2: min(MTU - 20, IPv4 next hop, IPv6 in - 20). */
	CHECK(jool_mtu_fn(1500, false, 1500, 1500) == 1480, "fn");
	CHECK(jool_mtu_fn(1500, true, 1500, 1500) == 1472, "fn fragment header");
	CHECK(jool_mtu_fn(1500, false, 1400, 1500) == 1400, "fn out");
	CHECK(jool_mtu_fn(9000, false, 9000, 1400) == 1380, "fn in");
	CHECK(jool_mtu_fn(100000, false, 100000, 100000) == 65535, "fn 16 bits");
	CHECK(jool_mtu_fn(10, false, 1500, 1500) == 0, "fn tiny");

	CHECK(jool_mtu_own_ptb(1500) == 1520, "own ptb");
	CHECK(jool_mtu_own_ptb(576) == 1280, "own ptb min");
	CHECK(jool_mtu_own_fn(1280) == 1260, "own fn");
	CHECK(jool_mtu_own_fn(1500) == 1480, "own fn 1500");
}

static void test_rfc6791(void)
{
	struct in6_addr p, a;
	u8 rnd[16];

	/* 192.0.2.0/24, the 64th address; wraps modulo the size. */
	CHECK(jool_rfc6791_addr4(0xc0000200, 24, 64) == 0xc0000240, "n 64");
	CHECK(jool_rfc6791_addr4(0xc0000200, 24, 0x1ff) == 0xc00002ff, "mod");
	CHECK(jool_rfc6791_addr4(0xc0000210, 28, 0x13) == 0xc0000213, "/28");
	CHECK(jool_rfc6791_addr4(0xc0000201, 32, 77) == 0xc0000201, "/32");

	memset(&p, 0, sizeof(p));
	p.s6_addr[0] = 0x20;
	p.s6_addr[1] = 0x01;
	p.s6_addr[7] = 0xf0;
	memset(rnd, 0xff, sizeof(rnd));
	jool_rfc6791_addr6(&p, 60, rnd, &a);
	CHECK(a.s6_addr[0] == 0x20 && a.s6_addr[1] == 0x01 && a.s6_addr[2] == 0 &&
	      a.s6_addr[7] == 0xff && a.s6_addr[15] == 0xff, "/60 random host");
	memset(rnd, 0, sizeof(rnd));
	jool_rfc6791_addr6(&p, 60, rnd, &a);
	CHECK(!memcmp(&a, &p, 16), "/60 zero host");
	jool_rfc6791_addr6(&p, 128, (const u8 *)"\xff\xff\xff\xff\xff\xff\xff\xff"
			   "\xff\xff\xff\xff\xff\xff\xff\xff", &a);
	CHECK(!memcmp(&a, &p, 16), "/128");
}

void test_icmp_err(void)
{
	test_inner64();
	test_inner46();
	test_mtu();
	test_rfc6791();

	/* RFC 4884: length in words; none, or beyond the message: all of it. */
	CHECK(jool_icmp_rfc4884_len(0, 4, 300) == 300, "no length");
	CHECK(jool_icmp_rfc4884_len(32, 4, 300) == 128, "v4 words");
	CHECK(jool_icmp_rfc4884_len(16, 8, 300) == 128, "v6 words");
	CHECK(jool_icmp_rfc4884_len(100, 8, 300) == 300, "too long");
}
