// SPDX-License-Identifier: GPL-2.0
/*
 * One address through the SIIT rules (addr.c): EAMT before pool6, denylist4
 * for pool6 results only, scoped and local addresses never, the hairpin
 * switch. Expected values are worked out by hand from RFC 7757 section 3.2
 * and RFC 6052 section 2.2.
 */
#include <arpa/inet.h>
#include <string.h>
#include "unit.h"
#include "addr.h"
#include "eamt.h"

static struct in6_addr a6(const char *s)
{
	struct in6_addr a;

	inet_pton(AF_INET6, s, &a);
	return a;
}

static __be32 a4(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a.s_addr;
}

static struct nft_jool_eam rec(const char *p6, unsigned int l6, const char *p4,
			       unsigned int l4)
{
	struct nft_jool_eam e;
	struct in6_addr x = a6(p6);

	memset(&e, 0, sizeof(e));
	memcpy(e.prefix6, &x, 16);
	e.prefix4 = a4(p4);
	e.len6 = l6;
	e.len4 = l4;
	return e;
}

/* The translator's own address in these tests. */
static bool local4(const void *ctx, __be32 a)
{
	return a == *(const __be32 *)ctx;
}

static bool eq6(const struct in6_addr *a, const char *s)
{
	struct in6_addr b = a6(s);

	return !memcmp(a, &b, sizeof(b));
}

void test_addr(void)
{
	struct nft_jool_eam eams[] = {
		rec("2001:db8:aaaa::", 120, "198.51.100.0", 24),
		rec("2001:db8:bbbb::5", 128, "192.0.2.5", 32),
		/* An EAM inside the denylist: EAM wins (Jool's order). */
		rec("2001:db8:cccc::1", 128, "203.0.113.1", 32),
		/* Maps to the translator's own address: still refused. */
		rec("2001:db8:dddd::1", 128, "192.0.2.1", 32),
	};
	struct nft_jool_prefix4 deny[] = {
		{ .addr = a4("203.0.113.0"), .len = 24 },
	};
	struct in6_addr pool6 = a6("64:ff9b::"), out6;
	__be32 self = a4("192.0.2.1"), out4;
	enum jool_table_error why;
	unsigned int bad;
	struct jool_addr_cfg c = {
		.pool6 = &pool6, .pool6_len = 96,
		.is_local4 = local4, .ctx = &self,
	};
	struct in6_addr in;

	c.eamt = jool_eamt_build(eams, 4, &bad, &why);
	c.denylist4 = jool_denylist4_build(deny, 1, &bad, &why);
	CHECK(c.eamt && c.denylist4, "tables built");
	if (!c.eamt || !c.denylist4)
		return;

	/* 6 -> 4 */
	in = a6("2001:db8:aaaa::2a");
	CHECK(jool_addr_6to4(&c, &in, &out4) == JOOL_ADDR_EAM &&
	      out4 == a4("198.51.100.42"), "EAM /120 -> /24, suffix 0x2a");
	in = a6("64:ff9b::198.51.100.42");
	CHECK(jool_addr_6to4(&c, &in, &out4) == JOOL_ADDR_RFC6052 &&
	      out4 == a4("198.51.100.42"), "pool6 when no EAM matches");
	in = a6("64:ff9b::203.0.113.9");
	CHECK(jool_addr_6to4(&c, &in, &out4) == JOOL_ADDR_NONE,
	      "pool6 result in denylist4");
	in = a6("2001:db8:cccc::1");
	CHECK(jool_addr_6to4(&c, &in, &out4) == JOOL_ADDR_EAM &&
	      out4 == a4("203.0.113.1"), "EAM result ignores denylist4");
	in = a6("2001:db8:dddd::1");
	CHECK(jool_addr_6to4(&c, &in, &out4) == JOOL_ADDR_NONE,
	      "EAM result that is a local address");
	in = a6("64:ff9b::192.0.2.1");
	CHECK(jool_addr_6to4(&c, &in, &out4) == JOOL_ADDR_NONE,
	      "pool6 result that is a local address");
	in = a6("64:ff9b::127.0.0.1");
	CHECK(jool_addr_6to4(&c, &in, &out4) == JOOL_ADDR_NONE, "loopback");
	in = a6("64:ff9b::224.0.0.5");
	CHECK(jool_addr_6to4(&c, &in, &out4) == JOOL_ADDR_NONE, "multicast");
	in = a6("64:ff9b::169.254.1.1");
	CHECK(jool_addr_6to4(&c, &in, &out4) == JOOL_ADDR_NONE, "link-local");
	in = a6("64:ff9b::0.1.2.3");
	CHECK(jool_addr_6to4(&c, &in, &out4) == JOOL_ADDR_NONE, "this network");
	in = a6("64:ff9b::255.255.255.255");
	CHECK(jool_addr_6to4(&c, &in, &out4) == JOOL_ADDR_NONE,
	      "limited broadcast");
	in = a6("2001:db8:eeee::1");
	CHECK(jool_addr_6to4(&c, &in, &out4) == JOOL_ADDR_NONE,
	      "neither EAM nor pool6");

	/* 4 -> 6 */
	CHECK(jool_addr_4to6(&c, a4("198.51.100.42"), true, &out6) ==
	      JOOL_ADDR_EAM && eq6(&out6, "2001:db8:aaaa::2a"), "EAM /24 -> /120");
	CHECK(jool_addr_4to6(&c, a4("198.51.100.42"), false, &out6) ==
	      JOOL_ADDR_RFC6052 && eq6(&out6, "64:ff9b::198.51.100.42"),
	      "EAM skipped (hairpin source): pool6 form");
	CHECK(jool_addr_4to6(&c, a4("8.8.8.8"), true, &out6) ==
	      JOOL_ADDR_RFC6052 && eq6(&out6, "64:ff9b::8.8.8.8"), "pool6");
	CHECK(jool_addr_4to6(&c, a4("203.0.113.1"), true, &out6) ==
	      JOOL_ADDR_EAM && eq6(&out6, "2001:db8:cccc::1"),
	      "EAM before denylist4");
	CHECK(jool_addr_4to6(&c, a4("203.0.113.1"), false, &out6) ==
	      JOOL_ADDR_NONE, "denylist4 when the EAM is skipped");
	CHECK(jool_addr_4to6(&c, a4("203.0.113.77"), true, &out6) ==
	      JOOL_ADDR_NONE, "denylist4");
	CHECK(jool_addr_4to6(&c, a4("192.0.2.1"), true, &out6) ==
	      JOOL_ADDR_NONE, "local address, even with an EAM");
	CHECK(jool_addr_4to6(&c, a4("224.1.2.3"), true, &out6) ==
	      JOOL_ADDR_NONE, "multicast");
	CHECK(jool_addr4_is_scoped(a4("127.255.255.254")) &&
	      jool_addr4_is_scoped(a4("169.254.0.1")) &&
	      !jool_addr4_is_scoped(a4("169.253.255.255")) &&
	      !jool_addr4_is_scoped(a4("128.0.0.1")) &&
	      jool_addr4_is_scoped(a4("239.255.255.255")) &&
	      !jool_addr4_is_scoped(a4("240.0.0.1")),
	      "scope boundaries");

	/* Without pool6, only the EAMT translates. */
	c.pool6 = NULL;
	CHECK(jool_addr_4to6(&c, a4("8.8.8.8"), true, &out6) == JOOL_ADDR_NONE,
	      "no pool6");
	in = a6("2001:db8:bbbb::5");
	CHECK(jool_addr_6to4(&c, &in, &out4) == JOOL_ADDR_EAM &&
	      out4 == a4("192.0.2.5"), "EAM /128 without pool6");
	/* Empty tables are NULL pointers. */
	jool_eamt_free((struct jool_eamt *)c.eamt);
	jool_denylist4_free((struct jool_denylist4 *)c.denylist4);
	c.eamt = NULL;
	c.denylist4 = NULL;
	c.pool6 = &pool6;
	in = a6("64:ff9b::203.0.113.9");
	CHECK(jool_addr_6to4(&c, &in, &out4) == JOOL_ADDR_RFC6052,
	      "no tables: pool6 only");
}
