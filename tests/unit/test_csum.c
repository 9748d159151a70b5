// SPDX-License-Identifier: GPL-2.0
/*
 * Incremental checksum updates against checksums computed from scratch
 * (RFC 1071, big-endian words, written independently of the shim) over
 * packets built here: TCP, UDP and ICMP echo, both directions, odd and even
 * lengths, complete and CHECKSUM_PARTIAL fields; stateful NAT64's port and
 * ICMP identifier rewrites, and the address changes of packets in error.
 */
#include <arpa/inet.h>
#include <string.h>
#include "unit.h"
#include "csum.h"

static u32 rnd_state = 0x6052;

static u32 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static u32 ref_add(u32 sum, const u8 *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (p[i] << 8) | p[i + 1];
	if (n & 1)
		sum += p[n - 1] << 8;
	return sum;
}

static u16 ref_fold(u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

static u32 ref_pseudo6(const struct in6_addr *s, const struct in6_addr *d,
		       u32 len, u8 nh)
{
	u8 tail[8] = { len >> 24, len >> 16, len >> 8, len, 0, 0, 0, nh };
	u32 sum = ref_add(0, s->s6_addr, 16);

	sum = ref_add(sum, d->s6_addr, 16);
	return ref_add(sum, tail, 8);
}

static u32 ref_pseudo4(__be32 s, __be32 d, u16 len, u8 proto)
{
	u8 b[12];

	memcpy(b, &s, 4);
	memcpy(b + 4, &d, 4);
	b[8] = 0;
	b[9] = proto;
	b[10] = len >> 8;
	b[11] = len;
	return ref_add(0, b, 12);
}

struct case_addrs {
	struct in6_addr s6, d6;
	__be32 s4, d4;
};

static void random_addrs(struct case_addrs *a)
{
	unsigned int i;

	for (i = 0; i < 4; i++) {
		a->s6.s6_addr32[i] = rnd();
		a->d6.s6_addr32[i] = rnd();
	}
	a->s4 = rnd();
	a->d4 = rnd();
}

static u8 seg[1600];

/* Field offsets of the checksum inside the L4 header. */
#define TCP_CHECK 16
#define UDP_CHECK 6

static u16 get16(const u8 *p)
{
	return (p[0] << 8) | p[1];
}

static void put16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static __sum16 field(const u8 *p)
{
	__sum16 f;

	memcpy(&f, p, 2);
	return f;
}

static void l4_case(u8 proto, size_t len, bool partial)
{
	unsigned int off = proto == IPPROTO_TCP ? TCP_CHECK : UDP_CHECK;
	struct case_addrs a;
	u16 want6, want4, got;
	size_t i;

	random_addrs(&a);
	for (i = 0; i < len; i++)
		seg[i] = rnd();
	put16(seg + off, 0);

	if (partial) {
		/* Non-inverted pseudo-header sums only (what a stack sets). */
		want6 = ref_fold(ref_pseudo6(&a.s6, &a.d6, len, proto));
		want4 = ref_fold(ref_pseudo4(a.s4, a.d4, len, proto));
	} else {
		want6 = ~ref_fold(ref_add(ref_pseudo6(&a.s6, &a.d6, len, proto),
					  seg, len));
		want4 = ~ref_fold(ref_add(ref_pseudo4(a.s4, a.d4, len, proto),
					  seg, len));
	}

	/* 6 -> 4 */
	put16(seg + off, want6);
	if (partial)
		got = ntohs(jool_csum_apply_partial(field(seg + off),
			jool_csum_l4_diff64(&a.s6, &a.d6, a.s4, a.d4)));
	else
		got = ntohs(jool_csum_apply(field(seg + off),
			jool_csum_l4_diff64(&a.s6, &a.d6, a.s4, a.d4)));
	CHECK(got == want4, "proto %u len %zu partial %d 6->4: %04x want %04x",
	      proto, len, partial, got, want4);

	/* 4 -> 6 */
	put16(seg + off, want4);
	if (partial)
		got = ntohs(jool_csum_apply_partial(field(seg + off),
			jool_csum_l4_diff46(a.s4, a.d4, &a.s6, &a.d6)));
	else
		got = ntohs(jool_csum_apply(field(seg + off),
			jool_csum_l4_diff46(a.s4, a.d4, &a.s6, &a.d6)));
	CHECK(got == want6, "proto %u len %zu partial %d 4->6: %04x want %04x",
	      proto, len, partial, got, want6);
}

static void icmp_case(size_t len, bool request)
{
	u8 t6 = request ? 128 : 129, t4 = request ? 8 : 0;
	struct case_addrs a;
	u16 want6, want4, got;
	size_t i;

	random_addrs(&a);
	for (i = 0; i < len; i++)
		seg[i] = rnd();
	seg[1] = 0;			/* code */
	put16(seg + 2, 0);

	seg[0] = t6;
	want6 = ~ref_fold(ref_add(ref_pseudo6(&a.s6, &a.d6, len, 58), seg,
				  len));
	seg[0] = t4;
	want4 = ~ref_fold(ref_add(0, seg, len));

	put16(seg + 2, want6);
	got = ntohs(jool_csum_apply(field(seg + 2),
		jool_csum_icmp_diff64(&a.s6, &a.d6, len, t6, 0, t4, 0)));
	CHECK(got == want4, "icmp len %zu 6->4: %04x want %04x", len, got,
	      want4);

	put16(seg + 2, want4);
	got = ntohs(jool_csum_apply(field(seg + 2),
		jool_csum_icmp_diff46(&a.s6, &a.d6, len, t4, 0, t6, 0)));
	CHECK(got == want6, "icmp len %zu 4->6: %04x want %04x", len, got,
	      want6);
}

/*
 * NAT64 (RFC 6146 section 3.7): 6->4 rewrites the source port (ICMP: the
 * identifier), 4->6 the destination port, on top of the address change.
 */
static void nat64_case(u8 proto, size_t len)
{
	unsigned int off = proto == IPPROTO_TCP ? TCP_CHECK :
			   proto == IPPROTO_UDP ? UDP_CHECK : 2;
	/* 6->4 source port, 4->6 destination port; ICMP: the identifier. */
	unsigned int p64 = proto == IPPROTO_ICMP ? 4 : 0;
	unsigned int p46 = proto == IPPROTO_ICMP ? 4 : 2;
	struct case_addrs a;
	u16 port6 = rnd(), port4 = rnd(), want, got;
	__wsum diff;
	__be16 o, n;
	size_t i;

	random_addrs(&a);
	for (i = 0; i < len; i++)
		seg[i] = rnd();
	put16(seg + off, 0);
	if (proto == IPPROTO_ICMP) {
		seg[0] = 128;
		seg[1] = 0;
	}
	put16(seg + p64, port6);
	if (proto == IPPROTO_ICMP)
		put16(seg + off, ~ref_fold(ref_add(ref_pseudo6(&a.s6, &a.d6,
							       len, 58),
						   seg, len)));
	else
		put16(seg + off, ~ref_fold(ref_add(ref_pseudo6(&a.s6, &a.d6,
							       len, proto),
						   seg, len)));

	/* 6 -> 4: what the translator does, in its order. */
	if (proto == IPPROTO_ICMP)
		diff = jool_csum_icmp_diff64(&a.s6, &a.d6, len, 128, 0, 8, 0);
	else
		diff = jool_csum_l4_diff64(&a.s6, &a.d6, a.s4, a.d4);
	o = htons(port6);
	n = htons(port4);
	diff = csum_add(diff, jool_csum_u16_diff(o, n));
	got = ntohs(jool_csum_apply(field(seg + off), diff));
	if (proto == IPPROTO_ICMP)
		seg[0] = 8;
	put16(seg + p64, port4);
	put16(seg + off, 0);
	if (proto == IPPROTO_ICMP)
		want = ~ref_fold(ref_add(0, seg, len));
	else
		want = ~ref_fold(ref_add(ref_pseudo4(a.s4, a.d4, len, proto),
					 seg, len));
	CHECK(got == want, "nat64 proto %u len %zu 6->4: %04x want %04x",
	      proto, len, got, want);

	/* 4 -> 6, the reply: the destination port goes back to port6. */
	put16(seg + off, want);
	if (proto == IPPROTO_ICMP) {
		seg[0] = 0;
		put16(seg + off, 0);
		put16(seg + off, ~ref_fold(ref_add(0, seg, len)));
		diff = jool_csum_icmp_diff46(&a.d6, &a.s6, len, 0, 0, 129, 0);
	} else {
		diff = jool_csum_l4_diff46(a.d4, a.s4, &a.d6, &a.s6);
	}
	o = htons(get16(seg + p46));
	n = htons(port6);
	diff = csum_add(diff, jool_csum_u16_diff(o, n));
	got = ntohs(jool_csum_apply(field(seg + off), diff));
	if (proto == IPPROTO_ICMP)
		seg[0] = 129;
	put16(seg + p46, port6);
	put16(seg + off, 0);
	if (proto == IPPROTO_ICMP)
		want = ~ref_fold(ref_add(ref_pseudo6(&a.d6, &a.s6, len, 58),
					 seg, len));
	else
		want = ~ref_fold(ref_add(ref_pseudo6(&a.d6, &a.s6, len, proto),
					 seg, len));
	CHECK(got == want, "nat64 proto %u len %zu 4->6: %04x want %04x",
	      proto, len, got, want);
}

/* One address of a pseudo-header replaced (packets in ICMP errors). */
static void addr_case(size_t len)
{
	struct case_addrs a, b;
	u16 got, want;

	random_addrs(&a);
	random_addrs(&b);
	for (size_t i = 0; i < len; i++)
		seg[i] = rnd();
	put16(seg + UDP_CHECK, 0);
	put16(seg + UDP_CHECK,
	      ~ref_fold(ref_add(ref_pseudo6(&a.s6, &a.d6, len, 17), seg, len)));
	got = ntohs(jool_csum_apply(field(seg + UDP_CHECK),
				    jool_csum_addr6_diff(&a.d6, &b.d6)));
	put16(seg + UDP_CHECK, 0);
	want = ~ref_fold(ref_add(ref_pseudo6(&a.s6, &b.d6, len, 17), seg, len));
	CHECK(got == want, "addr6 len %zu: %04x want %04x", len, got, want);

	put16(seg + UDP_CHECK,
	      ~ref_fold(ref_add(ref_pseudo4(a.s4, a.d4, len, 17), seg, len)));
	got = ntohs(jool_csum_apply(field(seg + UDP_CHECK),
				    jool_csum_addr4_diff(a.s4, b.s4)));
	put16(seg + UDP_CHECK, 0);
	want = ~ref_fold(ref_add(ref_pseudo4(b.s4, a.d4, len, 17), seg, len));
	CHECK(got == want, "addr4 len %zu: %04x want %04x", len, got, want);
}

/* A wrong checksum must stay exactly as wrong: never "repaired". */
static void stays_wrong(void)
{
	size_t len = 100;
	struct case_addrs a;
	u16 good4, got;
	size_t i;

	random_addrs(&a);
	for (i = 0; i < len; i++)
		seg[i] = rnd();
	put16(seg + UDP_CHECK, 0);
	good4 = ~ref_fold(ref_add(ref_pseudo4(a.s4, a.d4, len, 17), seg,
				  len));
	put16(seg + UDP_CHECK,
	      ~ref_fold(ref_add(ref_pseudo6(&a.s6, &a.d6, len, 17), seg,
				len)) + 1);
	got = ntohs(jool_csum_apply(field(seg + UDP_CHECK),
		jool_csum_l4_diff64(&a.s6, &a.d6, a.s4, a.d4)));
	CHECK(got != good4, "a corrupt checksum became valid");
}

/* The shim's csum_partial against the reference, any length/alignment. */
static void shim_sanity(void)
{
	unsigned int bad = 0;
	size_t len, start;

	for (len = 0; len < 64; len++) {
		for (start = 0; start < 4; start++) {
			for (size_t i = 0; i < len; i++)
				seg[start + i] = rnd();
			if (ntohs(csum_fold(csum_partial(seg + start, len, 0))) !=
			    (u16)~ref_fold(ref_add(0, seg + start, len)))
				bad++;
		}
	}
	CHECK(bad == 0, "%u csum_partial mismatches", bad);
}

void test_csum(void)
{
	static const size_t lens[] = { 8, 9, 20, 21, 64, 1231, 1232, 1480 };
	unsigned int i, r;

	shim_sanity();
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		for (r = 0; r < 4; r++) {
			if (lens[i] >= 20) {
				l4_case(IPPROTO_TCP, lens[i], false);
				l4_case(IPPROTO_TCP, lens[i], true);
			}
			l4_case(IPPROTO_UDP, lens[i], false);
			l4_case(IPPROTO_UDP, lens[i], true);
			icmp_case(lens[i], r & 1);
			if (lens[i] >= 20)
				nat64_case(IPPROTO_TCP, lens[i]);
			nat64_case(IPPROTO_UDP, lens[i]);
			nat64_case(IPPROTO_ICMP, lens[i]);
			addr_case(lens[i]);
		}
	}
	stays_wrong();
	(void)get16;
}
