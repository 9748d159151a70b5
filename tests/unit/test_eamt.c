// SPDX-License-Identifier: GPL-2.0
/*
 * EAMT and denylist4: RFC 7757 style examples computed by hand, every
 * validation error with its index, and a differential test of the tries
 * against a linear scan over the records (with fixed-seed random tables).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <string.h>
#include <time.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include "unit.h"
#include "eamt.h"

static struct in6_addr a6(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1) {
		printf("bad test address %s\n", s);
		memset(&a, 0xee, sizeof(a));
	}
	return a;
}

static __be32 a4(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		printf("bad test address %s\n", s);
		a.s_addr = 0xeeeeeeee;
	}
	return a.s_addr;
}

static const char *str6(const struct in6_addr *a)
{
	static char buf[4][INET6_ADDRSTRLEN];
	static unsigned int i;

	i = (i + 1) % 4;
	return inet_ntop(AF_INET6, a, buf[i], sizeof(buf[i]));
}

static const char *str4(__be32 a)
{
	static char buf[4][INET_ADDRSTRLEN];
	static unsigned int i;

	i = (i + 1) % 4;
	return inet_ntop(AF_INET, &a, buf[i], sizeof(buf[i]));
}

static struct nft_jool_eam eam(const char *p6, unsigned int len6,
			       const char *p4, unsigned int len4)
{
	struct nft_jool_eam r;
	struct in6_addr a = a6(p6);

	memset(&r, 0, sizeof(r));
	memcpy(r.prefix6, &a, 16);
	r.prefix4 = a4(p4);
	r.len6 = len6;
	r.len4 = len4;
	return r;
}

static struct nft_jool_prefix4 pfx4(const char *p, unsigned int len)
{
	struct nft_jool_prefix4 r;

	memset(&r, 0, sizeof(r));
	r.addr = a4(p);
	r.len = len;
	return r;
}

static struct jool_eamt *built(const char *what,
			       const struct nft_jool_eam *recs, unsigned int n)
{
	enum jool_table_error err = JOOL_TABLE_NOMEM;
	unsigned int bad = 12345;
	struct jool_eamt *t = jool_eamt_build(recs, n, &bad, &err);

	CHECK(!IS_ERR_OR_NULL(t) && err == JOOL_TABLE_OK &&
	      jool_eamt_count(t) == n, "%s: build: %s at %u", what,
	      jool_table_error_str(err), bad);
	return IS_ERR(t) ? NULL : t;
}

/* 4->6 of @in must give @want ("-" = no entry); then 6->4 must go back. */
static void both(const struct jool_eamt *t, const char *in, const char *want)
{
	struct in6_addr out, w;
	__be32 back;
	bool ok;

	memset(&out, 0, sizeof(out));
	ok = jool_eamt_4to6(t, a4(in), &out);
	CHECK(ok == (want[0] != '-') && jool_eamt_has4(t, a4(in)) == ok,
	      "4to6 %s: found %d", in, ok);
	if (!ok || want[0] == '-')
		return;
	w = a6(want);
	CHECK(!memcmp(&out, &w, 16), "4to6 %s: %s, want %s", in, str6(&out),
	      want);
	back = 0;
	CHECK(jool_eamt_6to4(t, &w, &back) && back == a4(in),
	      "6to4 %s: %s, want %s", want, str4(back), in);
}

/* 6->4 only (the way back may not be the same entry, or not exact). */
static void six(const struct jool_eamt *t, const char *in, const char *want)
{
	struct in6_addr a = a6(in);
	__be32 out = 0;
	bool ok = jool_eamt_6to4(t, &a, &out);

	CHECK(ok == (want[0] != '-'), "6to4 %s: found %d", in, ok);
	if (ok && want[0] != '-')
		CHECK(out == a4(want), "6to4 %s: %s, want %s", in, str4(out),
		      want);
}

static void rfc_examples(void)
{
	/* The kind of table RFC 7757 section 3.3 shows: /32../26 sized. */
	struct nft_jool_eam recs[] = {
		eam("2001:db8:aaaa::", 128, "192.0.2.1", 32),
		eam("2001:db8:bbbb::b", 128, "192.0.2.2", 32),
		eam("2001:db8:cccc::", 124, "192.0.2.16", 28),
		eam("2001:db8:dddd::", 64, "192.0.2.128", 26),
		eam("2001:db8:eeee:8::", 62, "192.0.2.192", 29),
		eam("64:ff9b::", 127, "192.0.2.224", 31),
	};
	struct jool_eamt *t = built("rfc", recs, ARRAY_SIZE(recs));

	if (!t)
		return;
	both(t, "192.0.2.1", "2001:db8:aaaa::");
	both(t, "192.0.2.2", "2001:db8:bbbb::b");
	both(t, "192.0.2.16", "2001:db8:cccc::");
	both(t, "192.0.2.24", "2001:db8:cccc::8");
	both(t, "192.0.2.31", "2001:db8:cccc::f");
	/* 150 - 128 = 22 = 010110b, in bits 64..69: 0101 1000 = 0x58. */
	both(t, "192.0.2.150", "2001:db8:dddd:0:5800::");
	both(t, "192.0.2.191", "2001:db8:dddd:0:fc00::");
	/* 194 - 192 = 2 = 010b in bits 62..64: ...:8 + 1 in bit 63. */
	both(t, "192.0.2.194", "2001:db8:eeee:9::");
	both(t, "192.0.2.199", "2001:db8:eeee:b:8000::");
	both(t, "192.0.2.225", "64:ff9b::1");
	both(t, "192.0.2.0", "-");
	both(t, "192.0.2.3", "-");
	both(t, "192.0.2.32", "-");
	both(t, "192.0.2.127", "-");
	both(t, "192.0.2.200", "-");
	both(t, "192.0.2.226", "-");
	/* Bits after the IPv4 suffix do not matter 6->4. */
	six(t, "2001:db8:dddd:0:5bff:ffff:ffff:ffff", "192.0.2.150");
	six(t, "2001:db8:eeee:9:7fff::1", "192.0.2.194");
	six(t, "2001:db8:aaaa::1", "-");
	six(t, "2001:db8:cccc::10", "-");
	six(t, "2001:db8:dddd:1::", "-");
	six(t, "2001:db8:eeee:c::", "-");
	six(t, "64:ff9b::2", "-");
	jool_eamt_free(t);
}

static void lengths(void)
{
	struct jool_eamt *t;

	/* /0 on the IPv4 side: all of IPv4 under one IPv6 prefix. */
	struct nft_jool_eam all4[] = { eam("2001:db8::", 96, "0.0.0.0", 0) };
	/* /0 on the IPv6 side: the first 8 bits pick the IPv4 address. */
	struct nft_jool_eam all6[] = { eam("::", 0, "192.0.2.0", 24) };
	struct nft_jool_eam both0[] = { eam("::", 0, "0.0.0.0", 0) };
	struct nft_jool_eam mid[] = {
		eam("2001:db8::5", 128, "198.51.100.5", 32),
		eam("2001:db8:6::", 120, "192.0.2.0", 24),
		eam("2001:db8:a:b::", 64, "10.1.0.0", 16),
		eam("2001:db8:1::", 112, "10.2.0.0", 16),
		eam("2001:db8:1:0:8000::", 66, "10.3.0.0", 16),
		eam("2001:db8:2::", 48, "0.0.0.0", 0),
	};

	t = built("all4", all4, 1);
	both(t, "198.51.100.7", "2001:db8::c633:6407");
	both(t, "0.0.0.0", "2001:db8::");
	both(t, "255.255.255.255", "2001:db8::ffff:ffff");
	six(t, "2001:db8::1:c633:6407", "-");
	six(t, "2001:db9::", "-");
	jool_eamt_free(t);

	t = built("all6", all6, 1);
	both(t, "192.0.2.32", "2000::");
	six(t, "2001:db8::1", "192.0.2.32");
	six(t, "::", "192.0.2.0");
	six(t, "ffff::", "192.0.2.255");
	both(t, "192.0.3.0", "-");
	jool_eamt_free(t);

	t = built("both0", both0, 1);
	both(t, "192.0.2.1", "c000:201::");
	six(t, "2001:db8::1", "32.1.13.184");
	jool_eamt_free(t);

	t = built("mid", mid, ARRAY_SIZE(mid));
	both(t, "198.51.100.5", "2001:db8::5");
	both(t, "198.51.100.6", "2001:db8:2:c633:6406::");	/* via /48 <-> /0 */
	six(t, "2001:db8::4", "-");
	both(t, "192.0.2.77", "2001:db8:6::4d");
	six(t, "2001:db8:6::100", "-");
	both(t, "10.1.2.3", "2001:db8:a:b:203::");
	six(t, "2001:db8:a:b:203:ffff:ffff:ffff", "10.1.2.3");
	both(t, "10.2.255.1", "2001:db8:1::ff01");
	/* /66: "10", then 0x1234 in bits 66..81: 10 00 0100 1000 1101 00. */
	both(t, "10.3.18.52", "2001:db8:1:0:848d::");
	both(t, "10.4.0.0", "2001:db8:2:a04::");
	both(t, "11.0.0.1", "2001:db8:2:b00:1::");
	six(t, "2001:db8:2:ffff:ffff::", "255.255.255.255");
	six(t, "2001:db8:3::", "-");
	jool_eamt_free(t);
}

static void overlaps(void)
{
	struct nft_jool_eam v4[] = {
		eam("2001:db8:100::", 120, "192.0.2.0", 24),
		eam("2001:db8:200::", 125, "192.0.2.8", 29),
	};
	struct nft_jool_eam v4r[] = { v4[1], v4[0] };
	struct nft_jool_eam v6[] = {
		eam("2001:db8:100::", 120, "192.0.2.0", 24),
		eam("2001:db8:100::10", 124, "198.51.100.16", 28),
		eam("2001:db8:100::", 126, "203.0.113.4", 30),
	};
	struct nft_jool_eam v6r[] = { v6[2], v6[1], v6[0] };
	struct jool_eamt *t;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		t = built("overlap4", i ? v4r : v4, 2);
		both(t, "192.0.2.9", "2001:db8:200::1");
		both(t, "192.0.2.8", "2001:db8:200::");
		both(t, "192.0.2.15", "2001:db8:200::7");
		both(t, "192.0.2.7", "2001:db8:100::7");
		both(t, "192.0.2.16", "2001:db8:100::10");
		both(t, "192.0.2.255", "2001:db8:100::ff");
		/* The /24's 2001:db8:100::9 goes 6->4 as it came. */
		six(t, "2001:db8:100::9", "192.0.2.9");
		both(t, "192.0.3.9", "-");
		jool_eamt_free(t);
	}
	for (i = 0; i < 2; i++) {
		t = built("overlap6", i ? v6r : v6, 3);
		six(t, "2001:db8:100::13", "198.51.100.19");
		six(t, "2001:db8:100::1f", "198.51.100.31");
		six(t, "2001:db8:100::23", "192.0.2.35");
		six(t, "2001:db8:100::3", "203.0.113.7");
		six(t, "2001:db8:100::4", "192.0.2.4");
		six(t, "2001:db8:100::ff", "192.0.2.255");
		six(t, "2001:db8:100::100", "-");
		both(t, "198.51.100.19", "2001:db8:100::13");
		both(t, "203.0.113.6", "2001:db8:100::2");
		jool_eamt_free(t);
	}
}

static void expect_error(const char *what, const struct nft_jool_eam *recs,
			 unsigned int n, enum jool_table_error want,
			 unsigned int want_bad)
{
	enum jool_table_error err = JOOL_TABLE_OK;
	unsigned int bad = 12345;
	struct jool_eamt *t = jool_eamt_build(recs, n, &bad, &err);

	CHECK(IS_ERR(t) && PTR_ERR(t) == -EINVAL && err == want &&
	      bad == want_bad, "%s: got %s at %u, want %s at %u", what,
	      jool_table_error_str(err), bad, jool_table_error_str(want),
	      want_bad);
	if (!IS_ERR_OR_NULL(t))
		jool_eamt_free(t);
}

static void errors(void)
{
	struct nft_jool_eam good[] = {
		eam("2001:db8::", 120, "192.0.2.0", 24),
		eam("2001:db8:1::", 120, "192.0.2.0", 25),
		eam("2001:db8:2::", 96, "0.0.0.0", 0),
	};
	struct nft_jool_eam r[4];
	struct nft_jool_prefix4 d[3];
	enum jool_table_error err;
	struct jool_denylist4 *dl;
	struct jool_eamt *t;
	unsigned int bad, i;

	memcpy(r, good, sizeof(good));
	r[3] = eam("2001:db8:3::", 128, "198.51.100.1", 32);
	t = built("good", r, 4);
	jool_eamt_free(t);

	r[3].len6 = 129;
	expect_error("len6", r, 4, JOOL_TABLE_LEN6, 3);
	r[3].len6 = 255;
	expect_error("len6 255", r, 4, JOOL_TABLE_LEN6, 3);
	r[3].len6 = 128;
	r[3].len4 = 33;
	expect_error("len4", r, 4, JOOL_TABLE_LEN4, 3);
	r[3] = eam("2001:db8:3::", 97, "0.0.0.0", 0);
	expect_error("suffix", r, 4, JOOL_TABLE_SUFFIX, 3);
	r[3] = eam("2001:db8:3::", 120, "192.0.2.0", 23);
	expect_error("suffix 9 > 8", r, 4, JOOL_TABLE_SUFFIX, 3);
	r[3] = eam("2001:db8:3::1", 127, "198.51.100.0", 31);
	expect_error("host6", r, 4, JOOL_TABLE_HOST6, 3);
	r[3] = eam("2001:db8:3::", 127, "198.51.100.1", 31);
	expect_error("host4", r, 4, JOOL_TABLE_HOST4, 3);
	r[3] = eam("::1", 0, "0.0.0.0", 0);
	expect_error("host6 /0", r, 4, JOOL_TABLE_HOST6, 3);
	r[3] = eam("::", 0, "0.0.0.1", 0);
	expect_error("host4 /0", r, 4, JOOL_TABLE_HOST4, 3);
	r[3] = eam("2001:db8:3::", 128, "198.51.100.1", 32);
	r[3].pad[1] = 1;
	expect_error("pad", r, 4, JOOL_TABLE_PAD, 3);
	r[3] = eam("2001:db8:1::", 120, "198.51.100.0", 24);
	expect_error("dup6", r, 4, JOOL_TABLE_DUP6, 3);
	r[3] = eam("2001:db8:3::", 96, "0.0.0.0", 0);
	expect_error("dup4 /0", r, 4, JOOL_TABLE_DUP4, 3);
	r[3] = eam("2001:db8:3::", 121, "192.0.2.0", 25);
	expect_error("dup4", r, 4, JOOL_TABLE_DUP4, 3);
	/* The first bad record is reported, even if a later one is worse. */
	r[3].len6 = 200;
	r[1] = r[0];
	expect_error("first", r, 4, JOOL_TABLE_DUP6, 1);
	r[0].pad[0] = 7;
	expect_error("first 0", r, 4, JOOL_TABLE_PAD, 0);

	err = JOOL_TABLE_NOMEM;
	t = jool_eamt_build(NULL, 0, &bad, &err);
	CHECK(!t && err == JOOL_TABLE_OK && !jool_eamt_count(t), "empty");
	CHECK(!jool_eamt_4to6(NULL, a4("1.2.3.4"), NULL) &&
	      !jool_eamt_6to4(NULL, &in6addr_any, NULL) &&
	      !jool_eamt_has4(NULL, 0), "empty lookups");
	jool_eamt_free(NULL);
	shim_fail_alloc = 1;
	t = jool_eamt_build(good, 3, &bad, &err);
	CHECK(IS_ERR(t) && PTR_ERR(t) == -ENOMEM && err == JOOL_TABLE_NOMEM,
	      "eamt nomem");

	d[0] = pfx4("192.0.2.0", 24);
	d[1] = pfx4("192.0.2.0", 25);
	d[2] = pfx4("0.0.0.0", 0);
	dl = jool_denylist4_build(d, 3, &bad, &err);
	CHECK(!IS_ERR_OR_NULL(dl) && err == JOOL_TABLE_OK &&
	      jool_denylist4_count(dl) == 3, "denylist good");
	if (!IS_ERR(dl))
		jool_denylist4_free(dl);
	{
		static const struct {
			const char *addr;
			unsigned int len, pad;
			enum jool_table_error err;
		} cases[] = {
			{ "192.0.2.0", 33, 0, JOOL_TABLE_LEN4 },
			{ "192.0.2.1", 31, 0, JOOL_TABLE_HOST4 },
			{ "0.0.0.1", 0, 0, JOOL_TABLE_HOST4 },
			{ "192.0.2.0", 24, 2, JOOL_TABLE_PAD },
			{ "192.0.2.0", 25, 0, JOOL_TABLE_DUP4 },
			{ "192.0.2.0", 24, 0, JOOL_TABLE_DUP4 },
		};

		for (i = 0; i < ARRAY_SIZE(cases); i++) {
			d[2] = pfx4(cases[i].addr, cases[i].len);
			d[2].pad[cases[i].pad] = cases[i].pad;
			err = JOOL_TABLE_OK;
			bad = 12345;
			dl = jool_denylist4_build(d, 3, &bad, &err);
			CHECK(IS_ERR(dl) && PTR_ERR(dl) == -EINVAL &&
			      err == cases[i].err && bad == 2,
			      "denylist case %u: %s at %u", i,
			      jool_table_error_str(err), bad);
		}
	}
	dl = jool_denylist4_build(NULL, 0, &bad, &err);
	CHECK(!dl && err == JOOL_TABLE_OK && !jool_denylist4_count(dl) &&
	      !jool_denylist4_has(dl, 0), "empty denylist");
	jool_denylist4_free(NULL);
	shim_fail_alloc = 1;
	dl = jool_denylist4_build(d, 1, &bad, &err);
	CHECK(IS_ERR(dl) && PTR_ERR(dl) == -ENOMEM && err == JOOL_TABLE_NOMEM,
	      "denylist nomem");

	for (i = JOOL_TABLE_OK; i <= JOOL_TABLE_NOMEM; i++)
		CHECK(jool_table_error_str(i) && jool_table_error_str(i)[0] &&
		      strcmp(jool_table_error_str(i), "unknown error"),
		      "error string %u", i);
	CHECK(!strcmp(jool_table_error_str(JOOL_TABLE_NOMEM + 1),
		      "unknown error"), "unknown error string");
}

static void has4(void)
{
	struct nft_jool_eam recs[] = {
		eam("2001:db8::", 120, "192.0.2.0", 24),
		eam("2001:db8:1::", 128, "198.51.100.7", 32),
	};
	struct nft_jool_prefix4 d[] = {
		pfx4("10.0.0.0", 8),
		pfx4("10.1.0.0", 16),
		pfx4("203.0.113.7", 32),
		pfx4("172.16.0.0", 12),
	};
	enum jool_table_error err;
	struct jool_denylist4 *dl;
	struct jool_eamt *t;
	unsigned int bad;

	t = built("has4", recs, 2);
	CHECK(jool_eamt_has4(t, a4("192.0.2.0")), "has .0");
	CHECK(jool_eamt_has4(t, a4("192.0.2.255")), "has .255");
	CHECK(jool_eamt_has4(t, a4("198.51.100.7")), "has /32");
	CHECK(!jool_eamt_has4(t, a4("198.51.100.6")), "not /32 - 1");
	CHECK(!jool_eamt_has4(t, a4("192.0.3.0")), "not next /24");
	jool_eamt_free(t);

	dl = jool_denylist4_build(d, ARRAY_SIZE(d), &bad, &err);
	CHECK(!IS_ERR_OR_NULL(dl) && jool_denylist4_count(dl) == ARRAY_SIZE(d),
	      "denylist build");
	if (IS_ERR_OR_NULL(dl))
		return;
	CHECK(jool_denylist4_has(dl, a4("10.1.2.3")), "10.1.2.3");
	CHECK(jool_denylist4_has(dl, a4("10.200.2.3")), "10.200.2.3");
	CHECK(jool_denylist4_has(dl, a4("172.31.255.255")), "172.31.255.255");
	CHECK(!jool_denylist4_has(dl, a4("172.32.0.0")), "172.32.0.0");
	CHECK(jool_denylist4_has(dl, a4("203.0.113.7")), "203.0.113.7");
	CHECK(!jool_denylist4_has(dl, a4("203.0.113.6")), "203.0.113.6");
	CHECK(!jool_denylist4_has(dl, a4("11.0.0.0")), "11.0.0.0");
	jool_denylist4_free(dl);
}

/* ------------------------------------------------------------------ */
/* Differential test against a linear scan. */

static u64 rng_state;

static u64 rnd(void)	/* splitmix64 */
{
	u64 z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned int rnd_below(unsigned int n)
{
	return rnd() % n;
}

/* Bit @i of a big-endian byte string. */
static unsigned int get_bit(const u8 *b, unsigned int i)
{
	return (b[i / 8] >> (7 - i % 8)) & 1;
}

static void set_bit_to(u8 *b, unsigned int i, unsigned int v)
{
	if (v)
		b[i / 8] |= 0x80 >> (i % 8);
	else
		b[i / 8] &= ~(0x80 >> (i % 8));
}

/* Whether the first @len bits of @a and @b (byte strings) are equal. */
static bool ref_match(const u8 *a, const u8 *b, unsigned int len)
{
	unsigned int i;

	if (memcmp(a, b, len / 8))
		return false;
	for (i = len / 8 * 8; i < len; i++)
		if (get_bit(a, i) != get_bit(b, i))
			return false;
	return true;
}

/* The reference: index of the longest match by a scan, or -1. */
static int ref_find6(const struct nft_jool_eam *recs, unsigned int n,
		     const u8 *a)
{
	int best = -1;
	unsigned int i;

	for (i = 0; i < n; i++)
		if ((best < 0 || recs[i].len6 > recs[best].len6) &&
		    ref_match(recs[i].prefix6, a, recs[i].len6))
			best = i;
	return best;
}

static int ref_find4(const struct nft_jool_eam *recs, unsigned int n,
		     const u8 *a)
{
	int best = -1;
	unsigned int i;

	for (i = 0; i < n; i++)
		if ((best < 0 || recs[i].len4 > recs[best].len4) &&
		    ref_match((const u8 *)&recs[i].prefix4, a, recs[i].len4))
			best = i;
	return best;
}

static void ref_6to4(const struct nft_jool_eam *r, const u8 *a, u8 *out)
{
	unsigned int i;

	memcpy(out, &r->prefix4, 4);
	for (i = r->len4; i < 32; i++)
		set_bit_to(out, i, get_bit(a, r->len6 + i - r->len4));
}

static void ref_4to6(const struct nft_jool_eam *r, const u8 *a, u8 *out)
{
	unsigned int i;

	memset(out, 0, 16);
	memcpy(out, r->prefix6, 16);
	for (i = r->len4; i < 32; i++)
		set_bit_to(out, r->len6 + i - r->len4, get_bit(a, i));
}

static enum jool_table_error ref_check(const struct nft_jool_eam *recs,
				       unsigned int n, unsigned int *bad)
{
	const struct nft_jool_eam *r;
	unsigned int i, j, b;

	for (i = 0; i < n; i++) {
		r = &recs[i];
		*bad = i;
		if (r->len6 > 128)
			return JOOL_TABLE_LEN6;
		if (r->len4 > 32)
			return JOOL_TABLE_LEN4;
		if (32 - r->len4 > 128 - r->len6)
			return JOOL_TABLE_SUFFIX;
		for (b = r->len6; b < 128; b++)
			if (get_bit(r->prefix6, b))
				return JOOL_TABLE_HOST6;
		for (b = r->len4; b < 32; b++)
			if (get_bit((const u8 *)&r->prefix4, b))
				return JOOL_TABLE_HOST4;
		if (r->pad[0] || r->pad[1])
			return JOOL_TABLE_PAD;
		for (j = 0; j < i; j++)
			if (recs[j].len6 == r->len6 &&
			    !memcmp(recs[j].prefix6, r->prefix6, 16))
				return JOOL_TABLE_DUP6;
		for (j = 0; j < i; j++)
			if (recs[j].len4 == r->len4 &&
			    recs[j].prefix4 == r->prefix4)
				return JOOL_TABLE_DUP4;
	}
	return JOOL_TABLE_OK;
}

static void clear_host(u8 *b, unsigned int len, unsigned int bits)
{
	for (; len < bits; len++)
		set_bit_to(b, len, 0);
}

/* A few "sites" the random prefixes are drawn around, so they overlap. */
struct sites {
	u8 v6[8][16];
	u8 v4[8][4];
	unsigned int n;
};

static void make_sites(struct sites *s)
{
	unsigned int i, j;

	s->n = 1 + rnd_below(8);
	for (i = 0; i < s->n; i++) {
		for (j = 0; j < 16; j++)
			s->v6[i][j] = rnd();
		for (j = 0; j < 4; j++)
			s->v4[i][j] = rnd();
	}
}

/* Random bits after the first @keep bits of a site. */
static void near(u8 *out, const u8 *site, unsigned int keep,
		 unsigned int bytes)
{
	unsigned int i;

	memcpy(out, site, bytes);
	for (i = keep; i < bytes * 8; i++)
		set_bit_to(out, i, rnd() & 1);
}

static unsigned int rnd_len(unsigned int lo, unsigned int hi)
{
	return lo + rnd_below(hi - lo + 1);
}

static bool is_dup(const struct nft_jool_eam *recs, unsigned int n,
		   const struct nft_jool_eam *r)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if ((recs[i].len6 == r->len6 &&
		     !memcmp(recs[i].prefix6, r->prefix6, 16)) ||
		    (recs[i].len4 == r->len4 && recs[i].prefix4 == r->prefix4))
			return true;
	return false;
}

/*
 * Random EAMs, distinct on each side. Most are drawn inside an earlier
 * entry's IPv6 or IPv4 prefix (each side its own parent), so that prefixes
 * nest deeply; the others start near a site.
 */
static void random_table(struct nft_jool_eam *recs, unsigned int n,
			 const struct sites *s)
{
	const struct nft_jool_eam *p;
	struct nft_jool_eam *r;
	unsigned int i, site, max6;

	for (i = 0; i < n; i++) {
		r = &recs[i];
		do {
			memset(r, 0, sizeof(*r));
			site = rnd_below(s->n);
			p = i && rnd_below(3) ? &recs[rnd_below(i)] : NULL;
			if (p && p->len4 < 32) {
				r->len4 = p->len4 + 1 +
					  rnd_below(min(10, 32 - p->len4));
				near((u8 *)&r->prefix4, (const u8 *)&p->prefix4,
				     p->len4, 4);
			} else {
				r->len4 = rnd_below(8) ? rnd_len(16, 32) :
					  rnd_len(0, 32);
				near((u8 *)&r->prefix4, s->v4[site],
				     min(r->len4, 8 + rnd_below(8)), 4);
			}
			max6 = 96 + r->len4;
			p = i && rnd_below(3) ? &recs[rnd_below(i)] : NULL;
			if (p && p->len6 < max6) {
				r->len6 = p->len6 + 1 +
					  rnd_below(min(16, max6 - p->len6));
				near(r->prefix6, p->prefix6, p->len6, 16);
			} else {
				r->len6 = rnd_below(8) ?
					  rnd_len(min(64, max6), max6) :
					  rnd_len(0, max6);
				near(r->prefix6, s->v6[site],
				     min(r->len6, 32 + rnd_below(32)), 16);
			}
			clear_host(r->prefix6, r->len6, 128);
			clear_host((u8 *)&r->prefix4, r->len4, 32);
		} while (is_dup(recs, i, r));
	}
}

/* An address that often falls in entries, near their edges. */
static void rnd_addr(u8 *out, const struct nft_jool_eam *recs, unsigned int n,
		     const struct sites *s, bool v6)
{
	const struct nft_jool_eam *r = &recs[rnd_below(n)];
	unsigned int bytes = v6 ? 16 : 4;
	const u8 *p = v6 ? r->prefix6 : (const u8 *)&r->prefix4;
	unsigned int len = v6 ? r->len6 : r->len4;
	unsigned int i;

	switch (rnd_below(5)) {
	case 0:	/* anywhere */
		for (i = 0; i < bytes; i++)
			out[i] = rnd();
		break;
	case 1:	/* around a site */
		near(out, v6 ? s->v6[rnd_below(s->n)] :
		     s->v4[rnd_below(s->n)], rnd_below(bytes * 8), bytes);
		break;
	case 2:	/* just outside an entry */
		near(out, p, len, bytes);
		if (len)
			set_bit_to(out, len - 1, !get_bit(out, len - 1));
		break;
	default: /* inside an entry */
		near(out, p, len, bytes);
		break;
	}
}

struct diff_counts {
	unsigned long tables, entries, lookups6, hits6, lookups4, hits4;
	unsigned long failures;
};

static void diff_lookups(const struct jool_eamt *t,
			 const struct nft_jool_eam *recs, unsigned int n,
			 const struct sites *s, unsigned int lookups,
			 struct diff_counts *c)
{
	u8 a[16], want[16];
	struct in6_addr out6;
	unsigned int i;
	__be32 out4;
	bool found;
	int ref;

	for (i = 0; i < lookups; i++) {
		rnd_addr(a, recs, n, s, true);
		ref = ref_find6(recs, n, a);
		out4 = 0;
		found = jool_eamt_6to4(t, (const struct in6_addr *)a, &out4);
		c->lookups6++;
		if (ref >= 0) {
			c->hits6++;
			ref_6to4(&recs[ref], a, want);
		}
		if (found != (ref >= 0) || (found && memcmp(&out4, want, 4))) {
			if (c->failures++ < 5)
				CHECK(0, "6to4 %s: found %d %s, ref %d %s",
				      str6((struct in6_addr *)a), found,
				      str4(out4), ref,
				      ref >= 0 ? str4(*(__be32 *)want) : "");
		}

		rnd_addr(a, recs, n, s, false);
		ref = ref_find4(recs, n, a);
		memset(&out6, 0, sizeof(out6));
		found = jool_eamt_4to6(t, *(__be32 *)a, &out6);
		c->lookups4++;
		if (ref >= 0) {
			c->hits4++;
			ref_4to6(&recs[ref], a, want);
		}
		if (found != (ref >= 0) || (found && memcmp(&out6, want, 16)) ||
		    jool_eamt_has4(t, *(__be32 *)a) != (ref >= 0)) {
			if (c->failures++ < 5)
				CHECK(0, "4to6 %s: found %d %s, ref %d %s",
				      str4(*(__be32 *)a), found, str6(&out6),
				      ref, ref >= 0 ?
				      str6((struct in6_addr *)want) : "");
		}
	}
}

static void diff_table(unsigned int n, unsigned int lookups,
		       struct diff_counts *c)
{
	struct nft_jool_eam *recs = calloc(n, sizeof(*recs));
	enum jool_table_error err;
	struct jool_eamt *t;
	struct sites s;
	unsigned int bad;

	if (!recs)
		return;
	make_sites(&s);
	random_table(recs, n, &s);
	t = jool_eamt_build(recs, n, &bad, &err);
	c->tables++;
	c->entries += n;
	if (IS_ERR_OR_NULL(t)) {
		CHECK(0, "random table of %u: %s at %u", n,
		      jool_table_error_str(err), bad);
	} else {
		diff_lookups(t, recs, n, &s, lookups, c);
		jool_eamt_free(t);
	}
	free(recs);
}

/* Breaks random records of a valid table; errors must match ref_check(). */
static void diff_errors(unsigned int rounds)
{
	struct nft_jool_eam recs[64];
	unsigned int i, k, n, bad, ref_bad, wrong = 0, counts[10] = { 0 };
	enum jool_table_error err, ref;
	struct jool_eamt *t;
	struct sites s;

	for (i = 0; i < rounds; i++) {
		n = 1 + rnd_below(ARRAY_SIZE(recs));
		make_sites(&s);
		random_table(recs, n, &s);
		for (k = rnd_below(3); k > 0; k--) {
			struct nft_jool_eam *r = &recs[rnd_below(n)];

			switch (rnd_below(7)) {
			case 0:
				r->len6 = rnd_below(256);
				break;
			case 1:
				r->len4 = rnd_below(256);
				break;
			case 2:
				r->prefix6[rnd_below(16)] ^= 1 << rnd_below(8);
				break;
			case 3:
				((u8 *)&r->prefix4)[rnd_below(4)] ^=
					1 << rnd_below(8);
				break;
			case 4:
				r->pad[rnd_below(2)] = 1 + rnd_below(255);
				break;
			case 5:
				memcpy(r->prefix6, recs[rnd_below(n)].prefix6,
				       16);
				r->len6 = recs[rnd_below(n)].len6;
				break;
			default:
				*r = recs[rnd_below(n)];
				r->len6 = rnd_len(0, 128);
				clear_host(r->prefix6, r->len6, 128);
				break;
			}
		}
		ref = ref_check(recs, n, &ref_bad);
		err = JOOL_TABLE_NOMEM;
		bad = 12345;
		t = jool_eamt_build(recs, n, &bad, &err);
		counts[ref]++;
		if (err != ref || (ref && (bad != ref_bad || !IS_ERR(t))) ||
		    (!ref && IS_ERR_OR_NULL(t))) {
			if (wrong++ < 5)
				CHECK(0, "round %u: %s at %u, ref %s at %u", i,
				      jool_table_error_str(err), bad,
				      jool_table_error_str(ref), ref_bad);
		}
		if (!IS_ERR_OR_NULL(t))
			jool_eamt_free(t);
	}
	CHECK(!wrong, "%u of %u error rounds differ", wrong, rounds);
	printf("eamt: validation differential: %u rounds: ok %u len6 %u len4 %u suffix %u host6 %u host4 %u pad %u dup6 %u dup4 %u\n",
	       rounds, counts[0], counts[1], counts[2], counts[3], counts[4],
	       counts[5], counts[6], counts[7], counts[8]);
}

static bool ref_deny(const struct nft_jool_prefix4 *d, unsigned int n,
		     const u8 *a)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (ref_match((const u8 *)&d[i].addr, a, d[i].len))
			return true;
	return false;
}

static void diff_denylist(unsigned int n, unsigned int lookups,
			  unsigned long *total, unsigned long *hits,
			  unsigned long *failures)
{
	struct nft_jool_prefix4 *d = calloc(n, sizeof(*d));
	struct jool_denylist4 *dl;
	enum jool_table_error err;
	unsigned int i, j, bad;
	u8 sites[4][4], a[4];
	bool want;

	if (!d)
		return;
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			sites[i][j] = rnd();
	for (i = 0; i < n; i++) {
again:
		d[i].len = rnd_below(8) ? rnd_len(12, 32) : rnd_len(0, 32);
		near((u8 *)&d[i].addr, sites[rnd_below(4)], rnd_below(12), 4);
		clear_host((u8 *)&d[i].addr, d[i].len, 32);
		for (j = 0; j < i; j++)
			if (d[j].len == d[i].len && d[j].addr == d[i].addr)
				goto again;
	}
	dl = jool_denylist4_build(d, n, &bad, &err);
	if (IS_ERR_OR_NULL(dl)) {
		CHECK(0, "denylist of %u: %s at %u", n,
		      jool_table_error_str(err), bad);
		free(d);
		return;
	}
	for (i = 0; i < lookups; i++) {
		const struct nft_jool_prefix4 *p = &d[rnd_below(n)];

		switch (rnd_below(4)) {
		case 0:
			for (j = 0; j < 4; j++)
				a[j] = rnd();
			break;
		case 1:
			near(a, (const u8 *)&p->addr, p->len, 4);
			if (p->len)
				set_bit_to(a, p->len - 1,
					   !get_bit(a, p->len - 1));
			break;
		default:
			near(a, (const u8 *)&p->addr, p->len, 4);
			break;
		}
		want = ref_deny(d, n, a);
		(*total)++;
		*hits += want;
		if (jool_denylist4_has(dl, *(__be32 *)a) != want &&
		    (*failures)++ < 5)
			CHECK(0, "denylist has(%s) != %d", str4(*(__be32 *)a),
			      want);
	}
	jool_denylist4_free(dl);
	free(d);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void diff_all(void)
{
	static const struct {
		unsigned int n, tables, lookups;
	} plan[] = {
		{ 1, 100, 200 },
		{ 2, 100, 200 },
		{ 5, 100, 300 },
		{ 16, 100, 500 },
		{ 64, 50, 1000 },
		{ 300, 10, 5000 },
		{ 1000, 4, 5000 },
		{ 10000, 1, 8000 },
	};
	struct diff_counts c = { 0 };
	unsigned long dtotal = 0, dhits = 0, dfail = 0;
	unsigned int i, j;
	double t0 = now_ns();

	rng_state = 7757;
	for (i = 0; i < ARRAY_SIZE(plan); i++)
		for (j = 0; j < plan[i].tables; j++)
			diff_table(plan[i].n, plan[i].lookups, &c);
	CHECK(!c.failures && c.lookups6 >= 200000 && c.lookups4 >= 200000,
	      "%lu lookups differ from the reference", c.failures);
	/* Half the lookups or more should be hits, else the test is weak. */
	CHECK(c.hits6 * 2 > c.lookups6 && c.hits4 * 2 > c.lookups4 &&
	      c.hits6 < c.lookups6 && c.hits4 < c.lookups4,
	      "hits: 6to4 %lu, 4to6 %lu", c.hits6, c.hits4);
	printf("eamt: differential: %lu tables, %lu entries, 6to4 %lu lookups (%lu hits), 4to6 %lu lookups (%lu hits), %lu differ, %.2f s\n",
	       c.tables, c.entries, c.lookups6, c.hits6, c.lookups4, c.hits4,
	       c.failures, (now_ns() - t0) / 1e9);

	t0 = now_ns();
	for (i = 0; i < ARRAY_SIZE(plan); i++)
		for (j = 0; j < plan[i].tables; j++)
			diff_denylist(plan[i].n, plan[i].lookups, &dtotal,
				      &dhits, &dfail);
	CHECK(!dfail && dtotal >= 200000 && dhits * 2 > dtotal &&
	      dhits < dtotal, "denylist: %lu of %lu differ, %lu hits", dfail,
	      dtotal, dhits);
	printf("eamt: denylist4 differential: %lu lookups (%lu hits), %lu differ, %.2f s\n",
	       dtotal, dhits, dfail, (now_ns() - t0) / 1e9);

	diff_errors(3000);
}

/* Not asserted: build time, memory and lookup cost on this host. */
static void micro_bench(void)
{
	static const unsigned int sizes[] = { 10, 10000 };
	enum jool_table_error err;
	unsigned int i, k, n, bad;
	struct nft_jool_eam *recs;
	struct in6_addr out6;
	struct jool_eamt *t;
	struct sites s;
	u8 (*a6s)[16];
	__be32 *a4s, out4;
	double t0, build, ns6, ns4;
	unsigned long hits = 0;
	const unsigned int lookups = 1 << 20;

	a6s = malloc(4096 * sizeof(*a6s));
	a4s = malloc(4096 * sizeof(*a4s));
	for (i = 0; i < ARRAY_SIZE(sizes) && a6s && a4s; i++) {
		n = sizes[i];
		recs = calloc(n, sizeof(*recs));
		if (!recs)
			break;
		make_sites(&s);
		random_table(recs, n, &s);
		for (k = 0; k < 4096; k++) {
			rnd_addr(a6s[k], recs, n, &s, true);
			rnd_addr((u8 *)&a4s[k], recs, n, &s, false);
		}
		t0 = now_ns();
		t = jool_eamt_build(recs, n, &bad, &err);
		build = now_ns() - t0;
		if (IS_ERR_OR_NULL(t)) {
			free(recs);
			break;
		}
		t0 = now_ns();
		for (k = 0; k < lookups; k++)
			hits += jool_eamt_6to4(t, (struct in6_addr *)a6s[k & 4095],
					       &out4);
		ns6 = (now_ns() - t0) / lookups;
		t0 = now_ns();
		for (k = 0; k < lookups; k++)
			hits += jool_eamt_4to6(t, a4s[k & 4095], &out6);
		ns4 = (now_ns() - t0) / lookups;
		printf("eamt: bench: %u entries: build %.3f ms, %zu bytes (%.1f per entry), 6to4 %.1f ns, 4to6 %.1f ns per lookup (%lu hits)\n",
		       n, build / 1e6, malloc_usable_size(t),
		       (double)malloc_usable_size(t) / n, ns6, ns4, hits);
		jool_eamt_free(t);
		free(recs);
	}
	free(a6s);
	free(a4s);
}

void test_eamt(void)
{
	rfc_examples();
	lengths();
	overlaps();
	errors();
	has4();
	diff_all();
	micro_bench();
}
