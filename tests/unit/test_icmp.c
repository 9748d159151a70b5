// SPDX-License-Identifier: GPL-2.0
/* ICMP type/code/pointer maps against RFC 7915 sections 4.2 and 5.2. */
#include <errno.h>
#include "unit.h"
#include "icmp.h"

#define DROP 0xff	/* expected: no equivalent */

struct row {
	u8 type, code;		/* input */
	u8 otype, ocode;	/* expected output, or otype == DROP */
	bool error;
	u8 rest;
};

/* Section 4.2, written out from the RFC text, one row per case. */
static const struct row rows46[] = {
	{ 8, 0, 128, 0, false, JOOL_ICMP_REST_KEEP },	/* echo */
	{ 0, 0, 129, 0, false, JOOL_ICMP_REST_KEEP },	/* echo reply */
	{ 15, 0, DROP }, { 16, 0, DROP },		/* information */
	{ 13, 0, DROP }, { 14, 0, DROP },		/* timestamp */
	{ 17, 0, DROP }, { 18, 0, DROP },		/* address mask */
	{ 9, 0, DROP }, { 10, 0, DROP },		/* router adv/sol */
	{ 42, 0, DROP }, { 255, 0, DROP },		/* unknown */
	{ 3, 0, 1, 0, true }, { 3, 1, 1, 0, true },	/* net/host unreach */
	{ 3, 2, 4, 1, true, JOOL_ICMP_REST_PTR_SET },	/* protocol */
	{ 3, 3, 1, 4, true },				/* port */
	{ 3, 4, 2, 0, true, JOOL_ICMP_REST_MTU },	/* frag needed */
	{ 3, 5, 1, 0, true },				/* source route */
	{ 3, 6, 1, 0, true }, { 3, 7, 1, 0, true }, { 3, 8, 1, 0, true },
	{ 3, 9, 1, 1, true }, { 3, 10, 1, 1, true },	/* admin prohibited */
	{ 3, 11, 1, 0, true }, { 3, 12, 1, 0, true },	/* TOS */
	{ 3, 13, 1, 1, true },				/* filtered */
	{ 3, 14, DROP },				/* precedence viol. */
	{ 3, 15, 1, 1, true },				/* precedence cutoff */
	{ 3, 16, DROP },
	{ 5, 0, DROP }, { 6, 0, DROP }, { 4, 0, DROP },	/* redirect, AHA, SQ */
	{ 11, 0, 3, 0, true }, { 11, 1, 3, 1, true },	/* time exceeded */
	{ 12, 0, 4, 0, true, JOOL_ICMP_REST_PTR_MAP },	/* param problem */
	{ 12, 1, DROP },				/* missing option */
	{ 12, 2, 4, 0, true, JOOL_ICMP_REST_PTR_MAP },	/* bad length */
	{ 12, 3, DROP },
};

/* Section 5.2. */
static const struct row rows64[] = {
	{ 128, 0, 8, 0, false }, { 129, 0, 0, 0, false },
	{ 130, 0, DROP }, { 131, 0, DROP }, { 132, 0, DROP },	/* MLD */
	{ 133, 0, DROP }, { 134, 0, DROP }, { 135, 0, DROP },	/* ND */
	{ 136, 0, DROP }, { 137, 0, DROP },
	{ 200, 0, DROP },				/* unknown info */
	{ 1, 0, 3, 1, true },				/* no route */
	{ 1, 1, 3, 10, true },				/* admin prohibited */
	{ 1, 2, 3, 1, true },				/* beyond scope */
	{ 1, 3, 3, 1, true },				/* address unreach */
	{ 1, 4, 3, 3, true },				/* port unreach */
	{ 1, 5, DROP }, { 1, 6, DROP },
	{ 2, 0, 3, 4, true, JOOL_ICMP_REST_MTU },	/* packet too big */
	{ 3, 0, 11, 0, true }, { 3, 1, 11, 1, true },	/* time exceeded */
	{ 4, 0, 12, 0, true, JOOL_ICMP_REST_PTR_MAP },	/* erroneous field */
	{ 4, 1, 3, 2, true },				/* unknown next hdr */
	{ 4, 2, DROP }, { 4, 3, DROP },			/* unknown option */
	{ 5, 0, DROP }, { 127, 0, DROP },		/* unknown error */
};

static void check_rows(const char *dir, const struct row *rows,
		       unsigned int n,
		       int (*map)(u8, u8, struct jool_icmp_map *))
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		struct jool_icmp_map m = { 0 };
		int err = map(r->type, r->code, &m);

		if (r->otype == DROP) {
			CHECK(err == -ENOENT, "%s %u/%u: err %d, want drop",
			      dir, r->type, r->code, err);
			continue;
		}
		CHECK(!err && m.type == r->otype && m.code == r->ocode &&
		      m.error == r->error && m.rest == r->rest,
		      "%s %u/%u: err %d -> %u/%u error %d rest %u", dir,
		      r->type, r->code, err, m.type, m.code, m.error, m.rest);
	}
}

static void pointers(void)
{
	/* Figure 3: IPv4 pointer -> IPv6 pointer, -1 = drop. */
	static const int fig3[] = { 0, 1, 4, 4, -1, -1, -1, -1, 7, 6,
				    -1, -1, 8, 8, 8, 8, 24, 24, 24, 24,
				    -1, -1 };
	/* Figure 6: IPv6 pointer -> IPv4 pointer. */
	static const struct { u32 p6; int p4; } fig6[] = {
		{ 0, 0 }, { 1, 1 }, { 2, -1 }, { 3, -1 }, { 4, 2 }, { 5, 2 },
		{ 6, 9 }, { 7, 8 }, { 8, 12 }, { 23, 12 }, { 24, 16 },
		{ 39, 16 }, { 40, -1 }, { 1000, -1 }, { 0xffffffff, -1 },
	};
	struct jool_icmp_map m;
	unsigned int i;

	for (i = 0; i < sizeof(fig3) / sizeof(fig3[0]); i++) {
		u8 p6 = 0xaa;
		int err = jool_icmp_ptr46(i, &p6);

		CHECK(fig3[i] < 0 ? err == -ENOENT : !err && p6 == fig3[i],
		      "ptr46 %u: err %d -> %u", i, err, p6);
	}
	CHECK(jool_icmp_ptr46(255, &(u8){ 0 }) == -ENOENT, "ptr46 255");

	for (i = 0; i < sizeof(fig6) / sizeof(fig6[0]); i++) {
		u8 p4 = 0xaa;
		int err = jool_icmp_ptr64(fig6[i].p6, &p4);

		CHECK(fig6[i].p4 < 0 ? err == -ENOENT :
		      !err && p4 == fig6[i].p4,
		      "ptr64 %u: err %d -> %u", fig6[i].p6, err, p4);
	}

	/* Protocol unreachable points at the IPv6 Next Header field. */
	jool_icmp_map46(3, 2, &m);
	CHECK(m.pointer == 6, "proto unreach pointer %u", m.pointer);
}

static void classes(void)
{
	static const u8 err4[] = { 3, 4, 5, 6, 11, 12 };
	unsigned int t, i, n4 = 0, n6 = 0;

	for (i = 0; i < sizeof(err4); i++)
		CHECK(jool_icmp4_is_error(err4[i]), "v4 type %u", err4[i]);
	for (t = 0; t < 256; t++) {
		n4 += jool_icmp4_is_error(t);
		n6 += jool_icmp6_is_error(t);
	}
	CHECK(n4 == sizeof(err4), "%u v4 error types", n4);
	CHECK(n6 == 128 && jool_icmp6_is_error(1) &&
	      !jool_icmp6_is_error(128), "v6 error types");
}

void test_icmp(void)
{
	check_rows("4->6", rows46, sizeof(rows46) / sizeof(rows46[0]),
		   jool_icmp_map46);
	check_rows("6->4", rows64, sizeof(rows64) / sizeof(rows64[0]),
		   jool_icmp_map64);
	pointers();
	classes();
}
