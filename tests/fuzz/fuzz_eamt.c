// SPDX-License-Identifier: GPL-2.0
/*
 * EAMT and denylist4 builds and lookups against a linear model written
 * from the uapi header and RFC 7757 section 3.2. Input: one octet k, then
 * k EAM records (24 octets each, as on the wire), then denylist4 records
 * (8 octets) up to a multiple of 8, then nothing. The records are made
 * mostly valid (lengths and host bits cleaned) unless the octet says
 * otherwise, so that lookups get exercised.
 * Invariants: a build succeeds exactly when the model finds every record
 * valid and no prefix twice, and otherwise names the same first bad
 * record; the count is right; every lookup (each record's prefix with
 * host bits from the input, and a few more addresses) gives the model's
 * longest-prefix answer with the suffix bits carried over.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <linux/err.h>
#include "fuzz.h"
#include "eamt.h"

static int bit(const u8 *p, unsigned int i)
{
	return p[i / 8] >> (7 - i % 8) & 1;
}

static void set_bit(u8 *p, unsigned int i, int v)
{
	if (v)
		p[i / 8] |= 0x80 >> (i % 8);
	else
		p[i / 8] &= ~(0x80 >> (i % 8));
}

static int host_zero(const u8 *p, unsigned int bits, unsigned int len)
{
	for (unsigned int i = len; i < bits; i++)
		if (bit(p, i))
			return 0;
	return 1;
}

static int contains(const u8 *pfx, unsigned int len, const u8 *a)
{
	for (unsigned int i = 0; i < len; i++)
		if (bit(pfx, i) != bit(a, i))
			return 0;
	return 1;
}

/* First bad EAM record per the model, or -1. */
static int eam_model_bad(const struct nft_jool_eam *r, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		const u8 *p4 = (const u8 *)&r[i].prefix4;

		if (r[i].len6 > 128 || r[i].len4 > 32 || 32 - r[i].len4 > 128 - r[i].len6 ||
		    r[i].pad[0] || r[i].pad[1] || !host_zero(r[i].prefix6, 128, r[i].len6) ||
		    !host_zero(p4, 32, r[i].len4))
			return i;
		for (unsigned int j = 0; j < i; j++) {
			if (r[j].len6 == r[i].len6 && !memcmp(r[j].prefix6, r[i].prefix6, 16))
				return i;
			if (r[j].len4 == r[i].len4 && r[j].prefix4 == r[i].prefix4)
				return i;
		}
	}
	return -1;
}

static int deny_model_bad(const struct nft_jool_prefix4 *r, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		if (r[i].len > 32 || r[i].pad[0] || r[i].pad[1] || r[i].pad[2] ||
		    !host_zero((const u8 *)&r[i].addr, 32, r[i].len))
			return i;
		for (unsigned int j = 0; j < i; j++)
			if (r[j].len == r[i].len && r[j].addr == r[i].addr)
				return i;
	}
	return -1;
}

static void check6(const struct jool_eamt *t, const struct nft_jool_eam *r,
		   unsigned int n, const u8 *a6)
{
	int best = -1;
	__be32 got = 0;
	bool found;

	for (unsigned int i = 0; i < n; i++)
		if (contains(r[i].prefix6, r[i].len6, a6) &&
		    (best < 0 || r[i].len6 > r[best].len6))
			best = i;
	found = jool_eamt_6to4(t, (const struct in6_addr *)a6, &got);
	CHECK(found == (best >= 0), "6to4 found %d, model %d", found, best);
	if (best >= 0) {
		u8 want[4];
		unsigned int s = 32 - r[best].len4;

		memcpy(want, &r[best].prefix4, 4);
		for (unsigned int k = 0; k < s; k++)
			set_bit(want, r[best].len4 + k, bit(a6, r[best].len6 + k));
		CHECK(!memcmp(want, &got, 4), "6to4 via record %d: %08x, model %02x%02x%02x%02x",
		      best, ntohl(got), want[0], want[1], want[2], want[3]);
	}
}

static void check4(const struct jool_eamt *t, const struct nft_jool_eam *r,
		   unsigned int n, const u8 *a4)
{
	struct in6_addr got;
	int best = -1;
	bool found;

	for (unsigned int i = 0; i < n; i++)
		if (contains((const u8 *)&r[i].prefix4, r[i].len4, a4) &&
		    (best < 0 || r[i].len4 > r[best].len4))
			best = i;
	found = jool_eamt_4to6(t, *(const __be32 *)a4, &got);
	CHECK(found == (best >= 0), "4to6 found %d, model %d", found, best);
	CHECK(jool_eamt_has4(t, *(const __be32 *)a4) == (best >= 0), "has4");
	if (best >= 0) {
		u8 want[16];
		unsigned int s = 32 - r[best].len4;

		memcpy(want, r[best].prefix6, 16);
		for (unsigned int k = 0; k < s; k++)
			set_bit(want, r[best].len6 + k, bit(a4, r[best].len4 + k));
		CHECK(!memcmp(want, &got, 16), "4to6 via record %d", best);
	}
}

static void checkd(const struct jool_denylist4 *d, const struct nft_jool_prefix4 *r,
		   unsigned int n, const u8 *a4)
{
	bool want = false;

	for (unsigned int i = 0; i < n; i++)
		want |= contains((const u8 *)&r[i].addr, r[i].len, a4);
	CHECK(jool_denylist4_has(d, *(const __be32 *)a4) == want, "denylist4 has %d", want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int ne, nd, bad = 0, i;
	enum jool_table_error why;
	struct nft_jool_eam *e;
	struct nft_jool_prefix4 *d;
	struct jool_eamt *t;
	struct jool_denylist4 *dl;
	bool clean;
	int mb;

	if (size < 1)
		return 0;
	clean = !(data[0] & 0x80);
	ne = data[0] & 0x7f;
	if (1 + ne * 24 > size)
		ne = (size - 1) / 24;
	nd = (size - 1 - ne * 24) / 8;
	e = (struct nft_jool_eam *)fz_dup(data + 1, ne * 24);
	d = (struct nft_jool_prefix4 *)fz_dup(data + 1 + ne * 24, nd * 8);
	if (clean) {
		/* valid lengths and prefixes; duplicates stay possible */
		for (i = 0; i < ne; i++) {
			e[i].len6 %= 129;
			e[i].len4 %= 33;
			if (32 - e[i].len4 > 128 - e[i].len6)
				e[i].len4 = 32 - (128 - e[i].len6 < 32 ? 128 - e[i].len6 : 32);
			for (unsigned int k = e[i].len6; k < 128; k++)
				set_bit(e[i].prefix6, k, 0);
			for (unsigned int k = e[i].len4; k < 32; k++)
				set_bit((u8 *)&e[i].prefix4, k, 0);
			e[i].pad[0] = e[i].pad[1] = 0;
		}
		for (i = 0; i < nd; i++) {
			d[i].len %= 33;
			for (unsigned int k = d[i].len; k < 32; k++)
				set_bit((u8 *)&d[i].addr, k, 0);
			memset(d[i].pad, 0, 3);
		}
	}

	t = jool_eamt_build(e, ne, &bad, &why);
	mb = eam_model_bad(e, ne);
	if (IS_ERR(t)) {
		CHECK(mb >= 0 && (int)bad == mb, "eamt refused record %u (%d), model %d", bad, why, mb);
	} else {
		CHECK(mb < 0, "eamt accepted, model refuses record %d", mb);
		CHECK(jool_eamt_count(t) == ne, "count %u of %u", jool_eamt_count(t), ne);
		for (i = 0; i < ne; i++) {
			u8 a6[16], a4[4];

			/* the prefix with host bits from the other records */
			memcpy(a6, e[i].prefix6, 16);
			memcpy(a4, &e[i].prefix4, 4);
			for (unsigned int k = e[i].len6; k < 128; k++)
				set_bit(a6, k, bit(e[(i + 1) % ne].prefix6, k) ^ (k & 1));
			for (unsigned int k = e[i].len4; k < 32; k++)
				set_bit(a4, k, bit(e[(i + 1) % ne].prefix6, k + 3) ^ (k & 1));
			check6(t, e, ne, e[i].prefix6);
			check6(t, e, ne, a6);
			check4(t, e, ne, (const u8 *)&e[i].prefix4);
			check4(t, e, ne, a4);
		}
		jool_eamt_free(t);
	}

	dl = jool_denylist4_build(d, nd, &bad, &why);
	mb = deny_model_bad(d, nd);
	if (IS_ERR(dl)) {
		CHECK(mb >= 0 && (int)bad == mb, "denylist4 refused %u (%d), model %d", bad, why, mb);
	} else {
		CHECK(mb < 0, "denylist4 accepted, model refuses record %d", mb);
		CHECK(jool_denylist4_count(dl) == nd, "denylist4 count");
		for (i = 0; i < nd; i++) {
			u8 a4[4];

			memcpy(a4, &d[i].addr, 4);
			checkd(dl, d, nd, a4);
			a4[3] ^= 1 << (i % 8);
			checkd(dl, d, nd, a4);
		}
		jool_denylist4_free(dl);
	}
	free(e);
	free(d);
	return 0;
}
