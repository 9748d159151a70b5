// SPDX-License-Identifier: GPL-2.0
/* RFC 6052 embedding/extraction against the RFC's own examples. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include "unit.h"
#include "rfc6052.h"

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

	inet_pton(AF_INET, s, &a);
	return a.s_addr;
}

static const char *str6(const struct in6_addr *a)
{
	static char buf[INET6_ADDRSTRLEN];

	return inet_ntop(AF_INET6, a, buf, sizeof(buf));
}

/* RFC 6052 section 2.4, table 1: 192.0.2.33 under each prefix length. */
static const struct {
	const char *prefix;
	unsigned int len;
	const char *embedded;
} rfc_table[] = {
	{ "2001:db8::",		  32, "2001:db8:c000:221::" },
	{ "2001:db8:100::",	  40, "2001:db8:1c0:2:21::" },
	{ "2001:db8:122::",	  48, "2001:db8:122:c000:2:2100::" },
	{ "2001:db8:122:300::",	  56, "2001:db8:122:3c0:0:221::" },
	{ "2001:db8:122:344::",	  64, "2001:db8:122:344:c0:2:2100:0" },
	{ "2001:db8:122:344::",	  96, "2001:db8:122:344::192.0.2.33" },
	{ "64:ff9b::",		  96, "64:ff9b::192.0.2.33" },
};

static void rfc_examples(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(rfc_table) / sizeof(rfc_table[0]); i++) {
		struct in6_addr prefix = a6(rfc_table[i].prefix);
		struct in6_addr want = a6(rfc_table[i].embedded);
		unsigned int len = rfc_table[i].len;
		struct in6_addr got;
		__be32 v4 = 0;
		int err;

		err = jool_rfc6052_4to6(&prefix, len, a4("192.0.2.33"), &got);
		CHECK(!err && !memcmp(&got, &want, sizeof(got)),
		      "/%u: embed gave %s (err %d), want %s", len, str6(&got),
		      err, rfc_table[i].embedded);

		err = jool_rfc6052_6to4(&prefix, len, &want, &v4);
		CHECK(!err && v4 == a4("192.0.2.33"),
		      "/%u: extract err %d v4 %08x", len, err, ntohl(v4));
	}
}

static void u_octet(void)
{
	static const unsigned int lens[] = { 32, 40, 48, 56, 64 };
	struct in6_addr prefix = a6("2001:db8:122:344::");
	unsigned int i;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		struct in6_addr got;
		__be32 v4;

		/* An all-ones IPv4 address must never touch octet 8. */
		jool_rfc6052_4to6(&prefix, lens[i], a4("255.255.255.255"),
				  &got);
		CHECK(got.s6_addr[8] == 0, "/%u: u octet %02x", lens[i],
		      got.s6_addr[8]);

		/* A set u octet (and suffix) is ignored when extracting. */
		got.s6_addr[8] = 0xff;
		memset(&got.s6_addr[13], 0x5a, 3);
		CHECK(!jool_rfc6052_6to4(&prefix, lens[i], &got, &v4) &&
		      v4 == a4("255.255.255.255"),
		      "/%u: extraction with u octet set gave %08x", lens[i],
		      ntohl(v4));
	}

	/* The bits right after the u octet belong to the IPv4 address. */
	{
		struct in6_addr addr = a6("2001:db8:1c0:2:ff21::");
		__be32 v4;

		prefix = a6("2001:db8:100::");
		CHECK(!jool_rfc6052_6to4(&prefix, 40, &addr, &v4) &&
		      v4 == a4("192.0.2.33"), "/40 skip u: %08x", ntohl(v4));
	}
}

static void mismatch(void)
{
	struct in6_addr prefix = a6("2001:db8:122:344::");
	struct in6_addr addr;
	__be32 v4 = a4("1.2.3.4");
	int err;

	/* Differs in the last prefix bit of each length. */
	addr = a6("2001:db8:122:345::192.0.2.33");
	err = jool_rfc6052_6to4(&prefix, 64, &addr, &v4);
	CHECK(err == -ENOENT && v4 == a4("1.2.3.4"), "/64: err %d", err);
	err = jool_rfc6052_6to4(&prefix, 96, &addr, &v4);
	CHECK(err == -ENOENT, "/96: err %d", err);
	addr = a6("2001:db8:122:344:1::c000:221");
	err = jool_rfc6052_6to4(&prefix, 96, &addr, &v4);
	CHECK(err == -ENOENT, "/96 bit 64: err %d", err);
	/* ...while under a /32 the same address is inside. */
	err = jool_rfc6052_6to4(&prefix, 32, &addr, &v4);
	CHECK(err == 0, "/32: err %d", err);
	addr = a6("2001:db9::");
	err = jool_rfc6052_6to4(&prefix, 32, &addr, &v4);
	CHECK(err == -ENOENT, "/32 other: err %d", err);

	/* Lengths RFC 6052 does not allow. */
	err = jool_rfc6052_6to4(&prefix, 33, &addr, &v4);
	CHECK(err == -EINVAL, "/33: err %d", err);
	err = jool_rfc6052_4to6(&prefix, 128, v4, &addr);
	CHECK(err == -EINVAL, "/128: err %d", err);
	err = jool_rfc6052_4to6(&prefix, 0, v4, &addr);
	CHECK(err == -EINVAL, "/0: err %d", err);
	CHECK(jool_rfc6052_len_valid(56) && !jool_rfc6052_len_valid(72),
	      "len_valid");
}

static void round_trip(void)
{
	static const unsigned int lens[] = { 32, 40, 48, 56, 64, 96 };
	struct in6_addr prefix = a6("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff");
	unsigned int i, n, bad = 0;
	u32 x = 12345;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		for (n = 0; n < 1000; n++) {
			struct in6_addr a;
			__be32 in, out;

			x = x * 1103515245 + 12345;
			in = htonl(x);
			jool_rfc6052_4to6(&prefix, lens[i], in, &a);
			if (jool_rfc6052_6to4(&prefix, lens[i], &a, &out) ||
			    in != out || memcmp(&a, &prefix, lens[i] / 8))
				bad++;
		}
	}
	CHECK(bad == 0, "%u round trips failed", bad);
}

void test_rfc6052(void)
{
	rfc_examples();
	u_octet();
	mismatch();
	round_trip();
}
