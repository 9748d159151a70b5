// SPDX-License-Identifier: GPL-2.0
/*
 * Self-tests of the pure logic, run by the kernel that will run it (its
 * compiler flags, its checksum and hash code, its allocator), at module
 * load, in test builds only (make NFT_JOOL_SELFTEST=1): a failure makes
 * the load fail. The host unit tests (tests/unit) go much further; these
 * repeat the parts where the kernel's own helpers are involved, and the
 * EAMT against a naive table with fresh random input on every load.
 */

#include <linux/kernel.h>
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>
#include "addr.h"
#include "bib_internal.h"
#include "csum.h"
#include "eamt.h"
#include "icmp.h"
#include "nat64_tcp.h"
#include "rfc6052.h"
#include "selftest.h"

static unsigned int jool_st_passed, jool_st_failed;

#define ST_CHECK(cond, fmt, ...)					\
	do {								\
		if (cond) {						\
			jool_st_passed++;				\
		} else {						\
			jool_st_failed++;				\
			pr_err("nft_jool: selftest %s:%d: " fmt "\n",	\
			       __func__, __LINE__, ##__VA_ARGS__);	\
		}							\
	} while (0)

/* RFC 6052 section 2.4, table 1: 192.0.2.33 under each prefix length. */
static void jool_st_rfc6052(void)
{
	static const struct {
		u8 prefix[16];
		u8 len;
		u8 embedded[16];
	} t[] = {
		{ { 0x20, 0x01, 0x0d, 0xb8 }, 32,
		  { 0x20, 0x01, 0x0d, 0xb8, 0xc0, 0x00, 0x02, 0x21 } },
		{ { 0x20, 0x01, 0x0d, 0xb8, 0x01 }, 40,
		  { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0xc0, 0x00, 0x02, 0, 0x21 } },
		{ { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22 }, 48,
		  { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0xc0, 0x00, 0, 0x02,
		    0x21 } },
		{ { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03 }, 56,
		  { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03, 0xc0, 0, 0x00,
		    0x02, 0x21 } },
		{ { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03, 0x44 }, 64,
		  { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03, 0x44, 0, 0xc0,
		    0x00, 0x02, 0x21 } },
		{ { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03, 0x44 }, 96,
		  { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03, 0x44, 0, 0, 0, 0,
		    0xc0, 0x00, 0x02, 0x21 } },
	};
	const __be32 v4 = htonl(0xc0000221);
	struct in6_addr p, want, got;
	unsigned int i;
	__be32 back;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		memcpy(&p, t[i].prefix, 16);
		memcpy(&want, t[i].embedded, 16);
		ST_CHECK(!jool_rfc6052_4to6(&p, t[i].len, v4, &got) &&
			 !memcmp(&got, &want, 16), "embed /%u", t[i].len);
		ST_CHECK(!jool_rfc6052_6to4(&p, t[i].len, &want, &back) &&
			 back == v4, "extract /%u", t[i].len);
	}
}

/* 0x0000 and 0xffff are the same one's complement number. */
static bool jool_st_csum_eq(__sum16 a, __sum16 b)
{
	return a == b || ((__force u16)a | (__force u16)b) == 0xffff;
}

/* Incremental L4 checksum update == checksum computed from scratch. */
static void jool_st_csum(struct rnd_state *rnd)
{
	struct in6_addr s6, d6;
	__be32 s4, d4;
	u8 data[64];
	__sum16 c6, c4;
	__wsum sum;
	unsigned int i, len, bad = 0;

	for (i = 0; i < 2000; i++) {
		prandom_bytes_state(rnd, &s6, sizeof(s6));
		prandom_bytes_state(rnd, &d6, sizeof(d6));
		s4 = (__force __be32)prandom_u32_state(rnd);
		d4 = (__force __be32)prandom_u32_state(rnd);
		len = 8 + prandom_u32_state(rnd) % (sizeof(data) - 8);
		prandom_bytes_state(rnd, data, len);
		sum = csum_partial(data, len, 0);
		c6 = csum_ipv6_magic(&s6, &d6, len, IPPROTO_UDP, sum);
		c4 = csum_tcpudp_magic(s4, d4, len, IPPROTO_UDP, sum);
		if (!jool_st_csum_eq(jool_csum_apply(c6,
				jool_csum_l4_diff64(&s6, &d6, s4, d4)), c4) ||
		    !jool_st_csum_eq(jool_csum_apply(c4,
				jool_csum_l4_diff46(s4, d4, &s6, &d6)), c6))
			bad++;
	}
	ST_CHECK(!bad, "%u of 2000 incremental updates differ", bad);
}

/* RFC 7915 sections 4.2 and 5.2, a few rows of each table. */
static void jool_st_icmp(void)
{
	struct jool_icmp_map m;

	ST_CHECK(!jool_icmp_map46(8, 0, &m) && m.type == 128, "echo 4->6");
	ST_CHECK(!jool_icmp_map64(129, 0, &m) && m.type == 0, "reply 6->4");
	ST_CHECK(!jool_icmp_map46(3, 4, &m) && m.type == 2, "frag needed");
	ST_CHECK(!jool_icmp_map64(2, 0, &m) && m.type == 3 && m.code == 4,
		 "packet too big");
	ST_CHECK(!jool_icmp_map64(1, 4, &m) && m.type == 3 && m.code == 3,
		 "port unreachable");
	ST_CHECK(jool_icmp_map46(13, 0, &m), "timestamp has no ICMPv6 twin");
	ST_CHECK(jool_icmp_map64(135, 0, &m), "neighbour solicitation stays");
	ST_CHECK(jool_icmp4_is_error(11) && !jool_icmp4_is_error(0) &&
		 jool_icmp6_is_error(3) && !jool_icmp6_is_error(128),
		 "error types");
}

struct jool_st_eam {
	struct nft_jool_eam r;
	u32 v4;
};

static bool jool_st_in6(const u8 *p, unsigned int len, const u8 *a)
{
	unsigned int bytes = len / 8, bits = len % 8;

	if (memcmp(p, a, bytes))
		return false;
	return !bits || !((p[bytes] ^ a[bytes]) & (0xff00 >> bits));
}

static bool jool_st_bit(const u8 *a, unsigned int i)
{
	return a[i / 8] & (0x80 >> (i % 8));
}

/* The naive EAMT: every entry, longest match, bit by bit. */
static bool jool_st_naive64(const struct jool_st_eam *e, unsigned int n,
			    const u8 *a, u32 *out)
{
	int best = -1, i;
	unsigned int b, s;
	u32 v;

	for (i = 0; i < n; i++)
		if (jool_st_in6(e[i].r.prefix6, e[i].r.len6, a) &&
		    (best < 0 || e[i].r.len6 > e[best].r.len6))
			best = i;
	if (best < 0)
		return false;
	s = 32 - e[best].r.len4;
	v = e[best].v4;
	for (b = 0; b < s; b++)
		if (jool_st_bit(a, e[best].r.len6 + b))
			v |= 1u << (s - 1 - b);
	*out = v;
	return true;
}

static bool jool_st_naive46(const struct jool_st_eam *e, unsigned int n,
			    u32 a, u8 *out)
{
	int best = -1, i;
	unsigned int b, s, pos;

	for (i = 0; i < n; i++) {
		u32 mask = e[i].r.len4 ? ~0u << (32 - e[i].r.len4) : 0;

		if ((a & mask) == e[i].v4 &&
		    (best < 0 || e[i].r.len4 > e[best].r.len4))
			best = i;
	}
	if (best < 0)
		return false;
	memcpy(out, e[best].r.prefix6, 16);
	s = 32 - e[best].r.len4;
	for (b = 0; b < s; b++) {
		pos = e[best].r.len6 + b;
		if (a & (1u << (s - 1 - b)))
			out[pos / 8] |= 0x80 >> (pos % 8);
	}
	return true;
}

/* Random overlapping tables: the trie and the naive table must agree. */
static void jool_st_eamt(struct rnd_state *rnd)
{
	const unsigned int max = 300;
	struct nft_jool_eam *recs;
	struct jool_st_eam *e;
	enum jool_table_error why;
	unsigned int round, n, i, k, bad, mism = 0, hits = 0, lookups = 0;
	struct jool_eamt *t;
	struct in6_addr a6, got6;
	u8 want6[16];
	__be32 got4;
	u32 want4, a4;

	e = kcalloc(max, sizeof(*e), GFP_KERNEL);
	recs = kcalloc(max, sizeof(*recs), GFP_KERNEL);
	if (!e || !recs) {
		ST_CHECK(false, "no memory for the EAMT test");
		goto out;
	}
	for (round = 0; round < 40; round++) {
		n = 1 + prandom_u32_state(rnd) % max;
		for (i = 0; i < n; i++) {
			/* Nested in an earlier entry half of the time. */
			unsigned int l4 = 8 + prandom_u32_state(rnd) % 25;
			unsigned int l6 = 128 - (32 - l4) -
					  prandom_u32_state(rnd) % 8;
			u32 base = i && prandom_u32_state(rnd) % 2 ?
				   e[prandom_u32_state(rnd) % i].v4 : 0x0a000000;

			base |= prandom_u32_state(rnd) & 0x00ffffff;
			memset(&e[i], 0, sizeof(e[i]));
			e[i].r.len4 = l4;
			e[i].r.len6 = l6;
			e[i].v4 = base & (~0u << (32 - l4));
			e[i].r.prefix4 = htonl(e[i].v4);
			/* IPv6 prefixes unique by construction: index bits. */
			e[i].r.prefix6[0] = 0x20;
			e[i].r.prefix6[1] = 0x01;
			e[i].r.prefix6[2] = i >> 8;
			e[i].r.prefix6[3] = i;
		}
		/* Drop duplicate IPv4 prefixes: the build would refuse them. */
		for (i = 0, k = 0; i < n; i++) {
			unsigned int j;

			for (j = 0; j < k; j++)
				if (e[j].v4 == e[i].v4 &&
				    e[j].r.len4 == e[i].r.len4)
					break;
			if (j == k)
				e[k++] = e[i];
		}
		n = k;
		for (i = 0; i < n; i++)
			recs[i] = e[i].r;
		t = jool_eamt_build(recs, n, &bad, &why);
		if (IS_ERR_OR_NULL(t)) {
			ST_CHECK(false, "build of %u entries: error %d at %u",
				 n, (int)why, bad);
			continue;
		}
		for (i = 0; i < 2000; i++) {
			const struct jool_st_eam *pick =
				&e[prandom_u32_state(rnd) % n];

			/* 4->6: an address inside a random entry, or not. */
			a4 = pick->v4 | (prandom_u32_state(rnd) &
					 (pick->r.len4 ? ~(~0u << (32 - pick->r.len4)) : ~0u));
			if (prandom_u32_state(rnd) % 4 == 0)
				a4 = prandom_u32_state(rnd);
			memset(want6, 0, sizeof(want6));
			k = jool_st_naive46(e, n, a4, want6);
			if (k != jool_eamt_4to6(t, htonl(a4), &got6) ||
			    (k && memcmp(&got6, want6, 16)))
				mism++;
			hits += k;
			/* 6->4: random suffix bits under a random prefix. */
			memcpy(&a6, pick->r.prefix6, 16);
			for (k = pick->r.len6; k < 128; k++)
				if (prandom_u32_state(rnd) & 1)
					a6.s6_addr[k / 8] |= 0x80 >> (k % 8);
			if (prandom_u32_state(rnd) % 8 == 0)
				a6.s6_addr[3] ^= 0x80;
			k = jool_st_naive64(e, n, a6.s6_addr, &want4);
			if (k != jool_eamt_6to4(t, &a6, &got4) ||
			    (k && ntohl(got4) != want4))
				mism++;
			hits += k;
			lookups += 2;
		}
		jool_eamt_free(t);
	}
	ST_CHECK(!mism, "EAMT vs naive table: %u of %u lookups differ",
		 mism, lookups);
	pr_info("nft_jool: selftest: EAMT: %u lookups (%u hits), %u differ\n",
		lookups, hits, mism);
out:
	kfree(e);
	kfree(recs);
}

/* RFC 6146 section 3.5.2.2: a V6 SYN opens, the V4 SYN establishes. */
static void jool_st_tcp(void)
{
	struct jool_tcp_policy pol = { .max_stored = 10 };
	struct jool_tcp_input in = {
		.state = JOOL_TCP_CLOSED, .dir = JOOL_TCP_FROM_V6,
		.flags = JOOL_TCP_SYN,
	};
	struct jool_tcp_result r;

	jool_tcp_packet(&in, &pol, &r);
	ST_CHECK(r.state == JOOL_TCP_V6_INIT && r.verdict == JOOL_TCP_TRANSLATE,
		 "V6 SYN from CLOSED: state %u verdict %u", r.state, r.verdict);
	in.state = r.state;
	in.dir = JOOL_TCP_FROM_V4;
	jool_tcp_packet(&in, &pol, &r);
	ST_CHECK(r.state == JOOL_TCP_ESTABLISHED && r.timer == JOOL_TCP_TIMER_EST,
		 "V4 SYN in V6 INIT: state %u timer %u", r.state, r.timer);
	in.state = JOOL_TCP_CLOSED;
	in.flags = 0;
	jool_tcp_packet(&in, &pol, &r);
	ST_CHECK(r.verdict == JOOL_TCP_DROP, "V4 non-SYN without session");
}

/* Returns 0, or -ENOTRECOVERABLE when any check failed. */
int jool_selftest_run(void)
{
	struct rnd_state rnd;

	jool_st_passed = 0;
	jool_st_failed = 0;
	prandom_seed_state(&rnd, get_random_u64());
	jool_st_rfc6052();
	jool_st_csum(&rnd);
	jool_st_icmp();
	jool_st_eamt(&rnd);
	jool_st_tcp();
	jool_selftest_nat64(&jool_st_passed, &jool_st_failed);
	pr_info("nft_jool: selftest: %u passed, %u failed\n", jool_st_passed,
		jool_st_failed);
	return jool_st_failed ? -ENOTRECOVERABLE : 0;
}
