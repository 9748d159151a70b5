// SPDX-License-Identifier: GPL-2.0
/* RFC 6056 algorithm 3: the hash F (and its SipHash), f-args, the walk. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <linux/kernel.h>
#include "unit.h"
#include "rfc6056.h"

/* The SipHash paper's key: bytes 00..0f, read as two little-endian words. */
static const siphash_key_t paper_key = {
	{ 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL }
};

static void siphash_vectors(void)
{
	/* Outputs for the messages 00, 00 01, ... of the lengths below. */
	static const struct {
		size_t len;
		u64 want;
	} vectors[] = {
		{ 0, 0x726fdb47dd0e0e31ULL },
		{ 1, 0x74f839c593dc67fdULL },
		{ 7, 0xab0200f58b01d137ULL },
		{ 8, 0x93f5f5799a932462ULL },
		{ 15, 0xa129ca6149be45e5ULL },	/* the paper's appendix A */
	};
	u8 msg[64];
	unsigned int i;

	for (i = 0; i < sizeof(msg); i++)
		msg[i] = i;
	for (i = 0; i < ARRAY_SIZE(vectors); i++) {
		u64 got = siphash(msg, vectors[i].len, &paper_key);

		CHECK(got == vectors[i].want, "siphash len %zu: %016llx",
		      vectors[i].len, (unsigned long long)got);
	}
}

static struct jool_rfc6056_tuple tuple(const char *src, u16 sport,
				       const char *dst, u16 dport)
{
	struct jool_rfc6056_tuple t;

	memset(&t, 0, sizeof(t));
	inet_pton(AF_INET6, src, &t.src);
	inet_pton(AF_INET6, dst, &t.dst);
	t.src_port = htons(sport);
	t.dst_port = htons(dport);
	return t;
}

static void f_determinism(void)
{
	siphash_key_t other = { { 1, 2 } };
	struct jool_rfc6056_tuple t = tuple("2001:db8::1", 5000,
					    "64:ff9b::192.0.2.1", 80);
	struct jool_rfc6056_tuple u = t;
	u64 f = jool_rfc6056_f(&paper_key, JOOL_F_ARGS_DEFAULT, &t);

	CHECK(f == jool_rfc6056_f(&paper_key, JOOL_F_ARGS_DEFAULT, &u),
	      "same input, same F");
	CHECK(f != jool_rfc6056_f(&other, JOOL_F_ARGS_DEFAULT, &t),
	      "the key matters");
	CHECK(f == jool_rfc6056_f(&paper_key, 0xf0 | JOOL_F_ARGS_DEFAULT, &t),
	      "bits above f-args ignored");
	CHECK(JOOL_F_ARGS_DEFAULT == 11 && jool_rfc6056_f_args_valid(15) &&
	      !jool_rfc6056_f_args_valid(16) && jool_rfc6056_f_args_valid(0),
	      "f-args default/range");
	/* Two selections of equal length hash apart even on equal fields. */
	u.dst = u.src;
	CHECK(jool_rfc6056_f(&paper_key, JOOL_F_ARGS_SRC_ADDR, &u) !=
	      jool_rfc6056_f(&paper_key, JOOL_F_ARGS_DST_ADDR, &u),
	      "selection is part of the hash");
}

/* Changing a field changes F exactly when f-args selects it. */
static void f_args_bits(void)
{
	struct jool_rfc6056_tuple base = tuple("2001:db8::1", 5000,
					       "64:ff9b::192.0.2.1", 80);
	unsigned int f, field, bad = 0;

	for (f = 0; f < 16; f++) {
		for (field = 0; field < 4; field++) {
			struct jool_rfc6056_tuple t = base;
			u8 bit;
			bool changed;

			switch (field) {
			case 0:
				t.src.s6_addr[15] ^= 1;
				bit = JOOL_F_ARGS_SRC_ADDR;
				break;
			case 1:
				t.src_port = htons(5001);
				bit = JOOL_F_ARGS_SRC_PORT;
				break;
			case 2:
				t.dst.s6_addr[12] ^= 0x80;
				bit = JOOL_F_ARGS_DST_ADDR;
				break;
			default:
				t.dst_port = htons(443);
				bit = JOOL_F_ARGS_DST_PORT;
				break;
			}
			changed = jool_rfc6056_f(&paper_key, f, &t) !=
				  jool_rfc6056_f(&paper_key, f, &base);
			if (changed != !!(f & bit)) {
				bad++;
				printf("f-args %#x field %u: changed %d\n",
				       f, field, changed);
			}
		}
	}
	CHECK(!bad, "%u f-args mismatches", bad);
}

/* F spreads tuples evenly: chi-square over 64 buckets, 16384 samples. */
static void f_distribution(void)
{
	unsigned int buckets[64] = { 0 };
	u32 lcg = 12345;
	double chi2 = 0;
	unsigned int i;

	for (i = 0; i < 16384; i++) {
		struct jool_rfc6056_tuple t = tuple("2001:db8::", 0,
						    "64:ff9b::", 0);

		lcg = lcg * 1103515245 + 12345;
		t.src.s6_addr[14] = lcg >> 24;
		t.src.s6_addr[15] = lcg >> 16;
		t.dst.s6_addr[15] = i;
		t.dst_port = htons(i >> 8);
		buckets[jool_rfc6056_f(&paper_key, JOOL_F_ARGS_DEFAULT, &t) %
			64]++;
	}
	for (i = 0; i < 64; i++) {
		double d = buckets[i] - 256.0;

		chi2 += d * d / 256.0;
	}
	/* 63 degrees of freedom: p = 0.001 at about 103. */
	CHECK(chi2 < 103, "chi-square %.1f", chi2);
}

/* The BIB stand-in: a set of used transport addresses. */
struct bib {
	struct jool_taddr4 used[64];
	unsigned int count;
	unsigned int calls;
};

static bool is_free(const struct jool_taddr4 *t, void *arg)
{
	struct bib *bib = arg;
	unsigned int i;

	bib->calls++;
	for (i = 0; i < bib->count; i++)
		if (bib->used[i].addr == t->addr && bib->used[i].port == t->port)
			return false;
	return true;
}

static void use(struct bib *bib, const char *addr, u16 port)
{
	bib->used[bib->count].addr = inet_addr(addr);
	bib->used[bib->count].port = port;
	bib->count++;
}

static struct jool_pool4_entry entry(u8 proto, const char *addr, u8 plen,
				     u16 min, u16 max, u32 iterations)
{
	struct jool_pool4_entry r;

	memset(&r, 0, sizeof(r));
	r.proto = proto;
	r.addr = inet_addr(addr);
	r.plen = plen;
	r.port_min = min;
	r.port_max = max;
	r.max_iterations = iterations;
	return r;
}

static bool domain(struct jool_pool4_entry *x, unsigned int n,
		   struct jool_pool4 **pool, struct jool_pool4_domain *d)
{
	struct jool_pool4_error err;

	if (jool_pool4_create(x, n, GFP_KERNEL, pool, &err)) {
		CHECK(0, "pool4: %s (entry %u)", err.msg, err.index);
		return false;
	}
	return !jool_pool4_domain_find(*pool, x[0].proto, 0, d);
}

#define CHOSE(rc, t, a, p) ((rc) == 0 && (t).addr == inet_addr(a) && \
			    (t).port == (p))

static void choose(void)
{
	/* 192.0.2.0#1000..1009, 192.0.2.1#1000..1009: 20 candidates. */
	struct jool_pool4_entry x[] = {
		entry(IPPROTO_TCP, "192.0.2.0", 31, 1000, 1009, JOOL_POOL4_ITER_AUTO),
	};
	struct jool_pool4 *pool;
	struct jool_pool4_domain d;
	struct jool_taddr4 t;
	struct bib bib = { .count = 0 };
	u64 tries;
	int rc, i;

	if (!domain(x, 1, &pool, &d))
		return;
	CHECK(d.max_iterations == 20, "auto bound %llu",
	      (unsigned long long)d.max_iterations);

	rc = jool_rfc6056_choose(&d, 0, 0, 0, is_free, &bib, &t, &tries);
	CHECK(CHOSE(rc, t, "192.0.2.0", 1000) && tries == 1, "offset 0");
	rc = jool_rfc6056_choose(&d, 13, 0, 0, is_free, &bib, &t, &tries);
	CHECK(CHOSE(rc, t, "192.0.2.1", 1003) && tries == 1, "offset 13");
	/* F is a u64: only its value modulo the domain size matters. */
	rc = jool_rfc6056_choose(&d, 20ULL * 1000000007 + 13, 0, 0, is_free,
				 &bib, &t, &tries);
	CHECK(CHOSE(rc, t, "192.0.2.1", 1003), "offset mod size");

	/* A collision moves to the next port of the same address. */
	use(&bib, "192.0.2.1", 1003);
	use(&bib, "192.0.2.1", 1004);
	bib.calls = 0;
	rc = jool_rfc6056_choose(&d, 13, 0, 0, is_free, &bib, &t, &tries);
	CHECK(CHOSE(rc, t, "192.0.2.1", 1005) && tries == 3 && bib.calls == 3,
	      "collisions: port %u tries %llu", t.port,
	      (unsigned long long)tries);
	/* The walk wraps from the last candidate to the first. */
	use(&bib, "192.0.2.1", 1009);
	rc = jool_rfc6056_choose(&d, 19, 0, 0, is_free, &bib, &t, &tries);
	CHECK(CHOSE(rc, t, "192.0.2.0", 1000) && tries == 2, "wrap");

	/* Exhaustion: an error after exactly max-iterations lookups. */
	bib.count = 0;
	for (i = 0; i < 10; i++) {
		use(&bib, "192.0.2.0", 1000 + i);
		use(&bib, "192.0.2.1", 1000 + i);
	}
	bib.calls = 0;
	rc = jool_rfc6056_choose(&d, 5, 0, 0, is_free, &bib, &t, &tries);
	CHECK(rc == -ENOSPC && tries == 20 && bib.calls == 20,
	      "exhausted: rc %d tries %llu calls %u", rc,
	      (unsigned long long)tries, bib.calls);
	bib.count--;	/* frees 192.0.2.1#1009, the last candidate */
	rc = jool_rfc6056_choose(&d, 5, 0, 0, is_free, &bib, &t, &tries);
	CHECK(CHOSE(rc, t, "192.0.2.1", 1009) && tries == 15,
	      "last free one: %u, %llu tries", t.port,
	      (unsigned long long)tries);
	jool_pool4_destroy(pool);

	/* A fixed bound stops the walk before the free candidate. */
	x[0].max_iterations = 5;
	if (!domain(x, 1, &pool, &d))
		return;
	bib.count = 0;
	for (i = 0; i < 5; i++)
		use(&bib, "192.0.2.0", 1000 + i);
	bib.calls = 0;
	rc = jool_rfc6056_choose(&d, 0, 0, 0, is_free, &bib, &t, &tries);
	CHECK(rc == -ENOSPC && tries == 5 && bib.calls == 5,
	      "bound 5: rc %d tries %llu", rc, (unsigned long long)tries);
	bib.count = 4;
	rc = jool_rfc6056_choose(&d, 0, 0, 0, is_free, &bib, &t, &tries);
	CHECK(CHOSE(rc, t, "192.0.2.0", 1004) && tries == 5, "bound 5, 5th");
	jool_pool4_destroy(pool);
}

static void preferences(void)
{
	struct jool_pool4_entry x[] = {
		entry(IPPROTO_UDP, "192.0.2.7", 32, 1, 2000, JOOL_POOL4_ITER_AUTO),
	};
	const unsigned int both = JOOL_RFC6056_SAME_RANGE |
				  JOOL_RFC6056_SAME_PARITY;
	struct jool_pool4 *pool;
	struct jool_pool4_domain d;
	struct jool_taddr4 t;
	struct bib bib = { .count = 0 };
	u64 tries;
	int rc;

	if (!domain(x, 1, &pool, &d))
		return;
	/* Index 1000 is port 1001. */
	rc = jool_rfc6056_choose(&d, 1000, 5000, 0, is_free, &bib, &t, &tries);
	CHECK(CHOSE(rc, t, "192.0.2.7", 1001), "no preference (Jool)");
	rc = jool_rfc6056_choose(&d, 1000, 5000, JOOL_RFC6056_SAME_PARITY,
				 is_free, &bib, &t, &tries);
	CHECK(CHOSE(rc, t, "192.0.2.7", 1002) && tries == 2, "parity even");
	rc = jool_rfc6056_choose(&d, 1000, 5001, JOOL_RFC6056_SAME_PARITY,
				 is_free, &bib, &t, &tries);
	CHECK(CHOSE(rc, t, "192.0.2.7", 1001) && tries == 1, "parity odd");
	rc = jool_rfc6056_choose(&d, 1000, 5000, JOOL_RFC6056_SAME_RANGE,
				 is_free, &bib, &t, &tries);
	CHECK(CHOSE(rc, t, "192.0.2.7", 1024) && tries == 24,
	      "range 1024-65535: %u", t.port);
	/* Well-known source: walk 1500..2000, wrap to 1. */
	bib.calls = 0;
	rc = jool_rfc6056_choose(&d, 1499, 80, both, is_free, &bib, &t, &tries);
	CHECK(CHOSE(rc, t, "192.0.2.7", 2) && tries == 503 && bib.calls == 2,
	      "range 0-1023, even: port %u tries %llu calls %u", t.port,
	      (unsigned long long)tries, bib.calls);
	jool_pool4_destroy(pool);

	/* Nothing preferred is free: the first free candidate (MAY). */
	x[0].port_min = 2000;
	x[0].port_max = 2005;
	if (!domain(x, 1, &pool, &d))
		return;
	use(&bib, "192.0.2.7", 2000);
	use(&bib, "192.0.2.7", 2002);
	use(&bib, "192.0.2.7", 2004);
	bib.calls = 0;
	rc = jool_rfc6056_choose(&d, 0, 4000, both, is_free, &bib, &t, &tries);
	CHECK(CHOSE(rc, t, "192.0.2.7", 2001) && tries == 6 && bib.calls == 4,
	      "fallback: port %u tries %llu calls %u", t.port,
	      (unsigned long long)tries, bib.calls);
	jool_pool4_destroy(pool);

	/* ICMP identifiers have no parity or range. */
	x[0].proto = IPPROTO_ICMP;
	if (!domain(x, 1, &pool, &d))
		return;
	bib.count = 0;
	rc = jool_rfc6056_choose(&d, 1, 4000, both, is_free, &bib, &t, &tries);
	CHECK(CHOSE(rc, t, "192.0.2.7", 2001) && tries == 1, "icmp id");
	jool_pool4_destroy(pool);
}

/* The f-args documentation's story: same hosts and service, next port. */
static void neighbours(void)
{
	struct jool_pool4_entry x[] = {
		entry(IPPROTO_TCP, "203.0.113.0", 27, 1024, 65535,
		      JOOL_POOL4_ITER_AUTO),
	};
	struct jool_rfc6056_tuple a = tuple("2001:db8::2", 6000,
					    "64:ff9b::198.51.100.4", 443);
	struct jool_rfc6056_tuple b = tuple("2001:db8::2", 7000,
					    "64:ff9b::198.51.100.4", 443);
	struct jool_pool4 *pool;
	struct jool_pool4_domain d;
	struct jool_taddr4 ta, tb;
	struct bib bib = { .count = 0 };
	u64 tries;
	int rc;

	if (!domain(x, 1, &pool, &d))
		return;
	rc = jool_rfc6056_choose(&d, jool_rfc6056_f(&paper_key,
						    JOOL_F_ARGS_DEFAULT, &a),
				 0, 0, is_free, &bib, &ta, &tries);
	bib.used[bib.count++] = ta;
	rc |= jool_rfc6056_choose(&d, jool_rfc6056_f(&paper_key,
						     JOOL_F_ARGS_DEFAULT, &b),
				  0, 0, is_free, &bib, &tb, &tries);
	CHECK(!rc && ta.addr == tb.addr &&
	      (tb.port == ta.port + 1 ||
	       (ta.port == 65535 && tb.port == 1024)),
	      "neighbour masks: %u then %u", ta.port, tb.port);
	jool_pool4_destroy(pool);
}

void test_rfc6056(void)
{
	siphash_vectors();
	f_determinism();
	f_args_bits();
	f_distribution();
	choose();
	preferences();
	neighbours();
}
