// SPDX-License-Identifier: GPL-2.0
/* pool4: validation, domains by (protocol, mark), 4->6 lookup, iteration. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include "unit.h"
#include "pool4.h"

int shim_fail_alloc;

#define TCP IPPROTO_TCP
#define UDP IPPROTO_UDP
#define ICMP IPPROTO_ICMP
#define AUTO JOOL_POOL4_ITER_AUTO
#define INF JOOL_POOL4_ITER_INFINITE

static __be32 a4(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		printf("bad test address %s\n", s);
	return a.s_addr;
}

static struct jool_pool4_entry e(u8 proto, u32 mark, const char *addr,
				 u8 plen, u16 min, u16 max, u32 iterations)
{
	struct jool_pool4_entry r;

	memset(&r, 0, sizeof(r));
	r.proto = proto;
	r.mark = mark;
	r.addr = a4(addr);
	r.plen = plen;
	r.port_min = min;
	r.port_max = max;
	r.max_iterations = iterations;
	return r;
}

static void validation(void)
{
	static const struct {
		u8 proto;
		const char *addr;
		u8 plen;
		u16 min, max;
		bool ok;
	} cases[] = {
		{ TCP, "192.0.2.1", 32, 1, 65535, true },
		{ UDP, "192.0.2.0", 24, 1024, 2047, true },
		{ ICMP, "192.0.2.0", 30, 0, 65535, true },	/* ids: 0 is fine */
		{ TCP, "240.0.0.1", 32, 1, 1, true },		/* Jool allows it */
		{ TCP, "198.51.100.0", 31, 7, 7, true },
		{ 99, "192.0.2.1", 32, 1, 2, false },		/* protocol */
		{ 0, "192.0.2.1", 32, 1, 2, false },
		{ TCP, "192.0.2.1", 33, 1, 2, false },		/* length */
		{ TCP, "192.0.2.1", 24, 1, 2, false },		/* host bits */
		{ UDP, "192.0.2.128", 24, 1, 2, false },
		{ TCP, "127.0.0.1", 32, 1, 2, false },		/* reserved */
		{ TCP, "0.0.0.0", 0, 1, 2, false },
		{ TCP, "0.1.2.3", 32, 1, 2, false },
		{ TCP, "169.254.0.0", 16, 1, 2, false },
		{ TCP, "224.0.0.1", 32, 1, 2, false },
		{ TCP, "239.255.255.255", 32, 1, 2, false },
		{ TCP, "255.255.255.255", 32, 1, 2, false },
		{ TCP, "128.0.0.0", 1, 1, 2, false },	/* contains 224/4 */
		{ TCP, "192.0.2.1", 32, 10, 9, false },	/* min > max */
		{ TCP, "192.0.2.1", 32, 0, 9, false },	/* tcp port 0 */
		{ UDP, "192.0.2.1", 32, 0, 0, false },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct jool_pool4_entry x = e(cases[i].proto, 0, cases[i].addr,
					      cases[i].plen, cases[i].min,
					      cases[i].max, AUTO);
		struct jool_pool4_error err = { NULL, 0 };
		int rc = jool_pool4_entry_validate(&x, &err);
		bool good = rc == 0 && !err.msg;
		bool bad = rc == -EINVAL && err.msg;

		CHECK(cases[i].ok == good && good != bad,
		      "case %u (%s/%u %u-%u): rc %d msg %s", i, cases[i].addr,
		      cases[i].plen, cases[i].min, cases[i].max, rc,
		      err.msg ?: "-");
	}
}

/* Expect create() to refuse @n entries, blaming entry @index. */
static void refused(const char *what, const struct jool_pool4_entry *x,
		    unsigned int n, int want, unsigned int index)
{
	struct jool_pool4 *sentinel = (struct jool_pool4 *)&sentinel;
	struct jool_pool4 *pool = sentinel;
	struct jool_pool4_entry copy[16];
	struct jool_pool4_error err;
	int rc;

	memcpy(copy, x, n * sizeof(*x));
	rc = jool_pool4_create(x, n, GFP_KERNEL, &pool, &err);
	CHECK(rc == want && pool == sentinel && err.msg && err.index == index &&
	      !memcmp(copy, x, n * sizeof(*x)),
	      "%s: rc %d index %u msg %s", what, rc, err.index,
	      err.msg ?: "-");
}

static struct jool_pool4 *created(const char *what,
				  const struct jool_pool4_entry *x,
				  unsigned int n)
{
	struct jool_pool4 *pool = NULL;
	struct jool_pool4_error err;
	int rc;

	rc = jool_pool4_create(x, n, GFP_KERNEL, &pool, &err);
	CHECK(rc == 0 && pool, "%s: rc %d msg %s", what, rc,
	      rc ? err.msg : "-");
	return rc ? NULL : pool;
}

static void creation(void)
{
	struct jool_pool4_entry x[8];
	struct jool_pool4 *p, *sentinel = (struct jool_pool4 *)&sentinel;
	struct jool_pool4_error err;

	x[0] = e(TCP, 0, "192.0.2.1", 32, 1000, 1999, AUTO);
	x[1] = e(TCP, 0, "192.0.2.0", 24, 10, 9, AUTO);
	refused("bad second entry", x, 2, -EINVAL, 1);

	x[1] = e(TCP, 1, "192.0.2.1", 32, 1999, 2999, AUTO);
	refused("same address, one common port, other mark", x, 2, -EINVAL, 1);
	x[1] = x[0];
	refused("duplicate entry", x, 2, -EINVAL, 1);
	x[1] = e(TCP, 0, "192.0.2.0", 24, 500, 1000, AUTO);
	refused("prefix containing an address, common port", x, 2, -EINVAL, 1);
	x[2] = x[0];
	x[0] = e(UDP, 0, "203.0.113.0", 24, 1, 65535, AUTO);
	refused("overlap blamed on the later entry", x, 3, -EINVAL, 2);
	x[0] = e(TCP, 0, "192.0.2.9", 32, 1, 10, AUTO);
	x[1] = e(TCP, 1, "192.0.2.9", 32, 20, 30, AUTO);
	x[2] = e(TCP, 2, "192.0.2.9", 32, 11, 19, AUTO);
	x[3] = e(TCP, 3, "192.0.2.9", 32, 25, 26, AUTO);
	refused("one address, overlap with its last range", x, 4, -EINVAL, 3);
	x[3] = e(TCP, 3, "192.0.2.9", 32, 31, 40, AUTO);
	p = created("one address, four adjacent ranges", x, 4);
	jool_pool4_destroy(p);

	/* Overlaps with one of several port ranges of an enclosing prefix. */
	x[0] = e(TCP, 0, "192.0.2.0", 24, 1000, 1999, AUTO);
	x[1] = e(TCP, 1, "192.0.2.0", 24, 3000, 3999, AUTO);
	x[2] = e(TCP, 2, "192.0.2.0", 24, 5000, 5999, AUTO);
	x[3] = e(TCP, 3, "192.0.2.0", 25, 7000, 7999, AUTO);
	x[4] = e(TCP, 4, "192.0.2.77", 32, 3999, 4000, AUTO);
	refused("nested, hits the middle range", x, 5, -EINVAL, 4);
	x[4] = e(TCP, 4, "192.0.2.77", 32, 6000, 6999, AUTO);
	p = created("nested, between ranges", x, 5);
	jool_pool4_destroy(p);
	x[4] = e(TCP, 4, "192.0.2.77", 32, 7999, 7999, AUTO);
	refused("nested twice, hits the /25", x, 5, -EINVAL, 4);
	x[4] = e(TCP, 4, "192.0.2.200", 32, 7999, 7999, AUTO);
	p = created("outside the /25", x, 5);
	jool_pool4_destroy(p);
	x[4] = e(UDP, 4, "192.0.2.77", 32, 3000, 3999, AUTO);
	p = created("same ports, other protocol", x, 5);
	jool_pool4_destroy(p);

	/* max-iterations is per (protocol, mark). */
	x[0] = e(TCP, 5, "192.0.2.1", 32, 1, 100, 40);
	x[1] = e(TCP, 5, "192.0.2.2", 32, 1, 100, AUTO);
	x[2] = e(TCP, 5, "192.0.2.3", 32, 1, 100, 41);
	refused("conflicting max-iterations", x, 3, -EINVAL, 2);
	x[2] = e(TCP, 6, "192.0.2.3", 32, 1, 100, 41);
	p = created("max-iterations of two marks", x, 3);
	if (p) {
		struct jool_pool4_domain d;

		CHECK(!jool_pool4_domain_find(p, TCP, 5, &d) &&
		      d.max_iterations == 40 && d.taddr_count == 200,
		      "mark 5: %llu of %llu",
		      (unsigned long long)d.max_iterations,
		      (unsigned long long)d.taddr_count);
		CHECK(!jool_pool4_domain_find(p, TCP, 6, &d) &&
		      d.max_iterations == 41, "mark 6: %llu",
		      (unsigned long long)d.max_iterations);
		jool_pool4_destroy(p);
	}

	p = sentinel;
	CHECK(jool_pool4_create(x, JOOL_POOL4_MAX_ENTRIES + 1, GFP_KERNEL, &p,
				&err) == -E2BIG && p == sentinel && err.msg,
	      "too many entries");
	shim_fail_alloc = 1;
	CHECK(jool_pool4_create(x, 1, GFP_KERNEL, &p, &err) == -ENOMEM &&
	      p == sentinel, "allocation failure");
}

static void no_entries(void)
{
	struct jool_pool4 *p = created("empty pool4", NULL, 0);
	struct jool_pool4_domain d;
	struct jool_pool4_entry storage;

	if (p) {
		CHECK(jool_pool4_is_empty(p) && jool_pool4_count(p) == 0,
		      "empty");
		CHECK(jool_pool4_domain_find(p, TCP, 0, &d) == -ESRCH,
		      "no domain in an empty pool4");
		CHECK(!jool_pool4_contains(p, TCP, a4("192.0.2.1"), 61001),
		      "nothing in an empty pool4");
		jool_pool4_destroy(p);
	}

	jool_pool4_domain_dynamic(&d, &storage, UDP, a4("192.0.2.9"));
	CHECK(d.count == 1 && d.proto == UDP && d.taddr_count == 4535 &&
	      d.max_iterations == 4535 && d.entries == &storage &&
	      storage.addr == a4("192.0.2.9") && storage.plen == 32 &&
	      storage.port_min == 61001 && storage.port_max == 65535,
	      "dynamic domain: %llu", (unsigned long long)d.taddr_count);
	CHECK(!jool_pool4_dynamic_contains_port(61000) &&
	      jool_pool4_dynamic_contains_port(61001) &&
	      jool_pool4_dynamic_contains_port(65535), "dynamic ports");
}

static void auto_iterations(void)
{
	static const struct {
		u64 taddrs;
		u32 want;
	} cases[] = {
		{ 0, 1024 }, { 1, 1024 }, { 65535, 1024 },
		{ 128 * 1024 - 1, 1024 }, { 128 * 1024, 1024 },
		{ 128 * 1024 + 128, 1025 }, { 200000, 1562 },
		{ 1024 * 1024 - 1, 8191 }, { 1024 * 1024, 8192 },
		{ 1024 * 1024 + 128, 8192 }, { 1ULL << 40, 8192 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		CHECK(jool_pool4_auto_iterations(cases[i].taddrs) ==
		      cases[i].want, "auto(%llu) = %u, want %u",
		      (unsigned long long)cases[i].taddrs,
		      jool_pool4_auto_iterations(cases[i].taddrs),
		      cases[i].want);
}

static void domains(void)
{
	struct jool_pool4_entry x[] = {
		e(TCP, 0, "198.51.100.1", 32, 2000, 2009, AUTO),
		e(TCP, 0, "192.0.2.0", 30, 1000, 1099, AUTO),
		e(UDP, 7, "192.0.2.0", 24, 1, 65535, AUTO),
		e(UDP, 8, "203.0.113.0", 28, 1, 65535, AUTO),
		e(ICMP, 0, "192.0.2.0", 32, 0, 65535, INF),
		e(TCP, 9, "203.0.113.5", 32, 1, 100, 50),
		e(TCP, 10, "203.0.113.6", 32, 1, 100, 500),
	};
	struct jool_pool4 *p = created("domains", x, ARRAY_SIZE(x));
	const struct jool_pool4_entry *sorted;
	struct jool_pool4_domain d;
	unsigned int i;

	if (!p)
		return;
	CHECK(!jool_pool4_is_empty(p) && jool_pool4_count(p) == ARRAY_SIZE(x),
	      "count %u", jool_pool4_count(p));

	CHECK(!jool_pool4_domain_find(p, TCP, 0, &d) && d.count == 2 &&
	      d.taddr_count == 410 && d.max_iterations == 410 &&
	      d.proto == TCP && d.mark == 0 &&
	      d.entries[0].addr == a4("192.0.2.0") &&
	      d.entries[1].addr == a4("198.51.100.1"),
	      "tcp mark 0: %u entries, %llu taddrs, %llu iterations", d.count,
	      (unsigned long long)d.taddr_count,
	      (unsigned long long)d.max_iterations);
	CHECK(!jool_pool4_domain_find(p, UDP, 7, &d) &&
	      d.taddr_count == 256ULL * 65535 && d.max_iterations == 8192,
	      "udp mark 7: %llu iterations",
	      (unsigned long long)d.max_iterations);
	CHECK(!jool_pool4_domain_find(p, UDP, 8, &d) &&
	      d.taddr_count == 16ULL * 65535 && d.max_iterations == 8191,
	      "udp mark 8: %llu iterations",
	      (unsigned long long)d.max_iterations);
	CHECK(!jool_pool4_domain_find(p, ICMP, 0, &d) &&
	      d.taddr_count == 65536 && d.max_iterations == 65536,
	      "icmp infinite: %llu", (unsigned long long)d.max_iterations);
	CHECK(!jool_pool4_domain_find(p, TCP, 9, &d) && d.max_iterations == 50,
	      "fixed 50: %llu", (unsigned long long)d.max_iterations);
	CHECK(!jool_pool4_domain_find(p, TCP, 10, &d) &&
	      d.max_iterations == 100, "fixed 500 capped at 100: %llu",
	      (unsigned long long)d.max_iterations);
	CHECK(jool_pool4_domain_find(p, TCP, 7, &d) == -ESRCH, "tcp mark 7");
	CHECK(jool_pool4_domain_find(p, UDP, 0, &d) == -ESRCH, "udp mark 0");
	CHECK(jool_pool4_domain_find(p, ICMP, 1, &d) == -ESRCH, "icmp mark 1");
	CHECK(jool_pool4_domain_find(p, 99, 0, &d) == -ESRCH, "proto 99");

	/* Dumps come sorted by protocol, mark, address. */
	sorted = jool_pool4_entries(p);
	for (i = 1; i < jool_pool4_count(p); i++) {
		const struct jool_pool4_entry *a = &sorted[i - 1];
		const struct jool_pool4_entry *b = &sorted[i];

		CHECK(a->proto < b->proto ||
		      (a->proto == b->proto && (a->mark < b->mark ||
		       (a->mark == b->mark &&
			ntohl(a->addr) < ntohl(b->addr)))),
		      "dump order at %u", i);
	}
	jool_pool4_destroy(p);
}

static void contains(void)
{
	struct jool_pool4_entry x[] = {
		e(TCP, 0, "192.0.2.0", 30, 1000, 1099, AUTO),
		e(TCP, 1, "192.0.2.0", 24, 5000, 5099, AUTO),
		e(TCP, 2, "192.0.2.2", 32, 6000, 6000, AUTO),
		e(TCP, 3, "192.0.2.2", 32, 6002, 6010, AUTO),
		e(UDP, 0, "198.51.100.0", 24, 1, 65535, AUTO),
		e(ICMP, 0, "198.51.100.7", 32, 0, 0, AUTO),
	};
	static const struct {
		u8 proto;
		const char *addr;
		u16 port;
		bool want;
	} cases[] = {
		{ TCP, "192.0.2.0", 1000, true },
		{ TCP, "192.0.2.3", 1099, true },
		{ TCP, "192.0.2.3", 1100, false },
		{ TCP, "192.0.2.1", 999, false },
		{ TCP, "192.0.2.4", 1000, false },	/* outside the /30 */
		{ TCP, "192.0.2.4", 5000, true },	/* inside the /24 */
		{ TCP, "192.0.2.255", 5099, true },
		{ TCP, "192.0.3.0", 5000, false },
		{ TCP, "192.0.2.2", 6000, true },
		{ TCP, "192.0.2.2", 6001, false },	/* between two ranges */
		{ TCP, "192.0.2.2", 6002, true },
		{ TCP, "192.0.2.2", 6010, true },
		{ TCP, "192.0.2.2", 6011, false },
		{ TCP, "192.0.2.3", 6000, false },
		{ TCP, "192.0.2.2", 1050, true },	/* the /30 again */
		{ UDP, "198.51.100.200", 53, true },
		{ UDP, "192.0.2.0", 1000, false },	/* that was tcp */
		{ ICMP, "198.51.100.7", 0, true },
		{ ICMP, "198.51.100.7", 1, false },
		{ ICMP, "198.51.100.6", 0, false },
		{ 99, "192.0.2.0", 1000, false },
	};
	struct jool_pool4 *p = created("contains", x, ARRAY_SIZE(x));
	unsigned int i;

	if (!p)
		return;
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		CHECK(jool_pool4_contains(p, cases[i].proto,
					  a4(cases[i].addr), cases[i].port) ==
		      cases[i].want, "lookup (%u, %s, %u) != %d",
		      cases[i].proto, cases[i].addr, cases[i].port,
		      cases[i].want);
	jool_pool4_destroy(p);
}

static void cursor(void)
{
	struct jool_pool4_entry x[] = {
		e(TCP, 0, "192.0.2.0", 31, 10, 12, AUTO),	/* 6 */
		e(TCP, 0, "198.51.100.9", 32, 20, 21, AUTO),	/* 2 */
		e(TCP, 1, "203.0.113.0", 24, 1, 65535, AUTO),
	};
	static const struct {
		const char *addr;
		u16 port;
	} order[] = {
		{ "192.0.2.0", 10 }, { "192.0.2.0", 11 }, { "192.0.2.0", 12 },
		{ "192.0.2.1", 10 }, { "192.0.2.1", 11 }, { "192.0.2.1", 12 },
		{ "198.51.100.9", 20 }, { "198.51.100.9", 21 },
	};
	struct jool_pool4 *p = created("cursor", x, ARRAY_SIZE(x));
	struct jool_pool4_cursor cur;
	struct jool_pool4_domain d;
	struct jool_taddr4 t;
	unsigned int i, start;

	if (!p)
		return;
	CHECK(!jool_pool4_domain_find(p, TCP, 0, &d) && d.taddr_count == 8,
	      "walk domain");
	/* From every start (and beyond the size), 2 laps in order. */
	for (start = 0; start < 19; start++) {
		unsigned int bad = 0;

		jool_pool4_cursor_start(&cur, &d, start);
		for (i = 0; i < 16; i++) {
			unsigned int k = (start + i) % 8;

			if (i)
				jool_pool4_cursor_next(&cur);
			jool_pool4_cursor_get(&cur, &t);
			if (t.addr != a4(order[k].addr) ||
			    t.port != order[k].port)
				bad++;
		}
		CHECK(!bad, "start %u: %u out of order", start, bad);
	}

	/* A big domain: index -> position arithmetic and prefix wrap. */
	CHECK(!jool_pool4_domain_find(p, TCP, 1, &d), "mark 1");
	jool_pool4_cursor_start(&cur, &d, 65535ULL * 255 + 65534);
	jool_pool4_cursor_get(&cur, &t);
	CHECK(t.addr == a4("203.0.113.255") && t.port == 65535,
	      "last of /24: %x %u", ntohl(t.addr), t.port);
	jool_pool4_cursor_next(&cur);
	jool_pool4_cursor_get(&cur, &t);
	CHECK(t.addr == a4("203.0.113.0") && t.port == 1,
	      "wrap of /24: %x %u", ntohl(t.addr), t.port);
	jool_pool4_cursor_start(&cur, &d, 65535ULL * 7 + 99);
	jool_pool4_cursor_get(&cur, &t);
	CHECK(t.addr == a4("203.0.113.7") && t.port == 100,
	      "middle of /24: %x %u", ntohl(t.addr), t.port);
	jool_pool4_destroy(p);
}

/* Naive reference: do two entries share a transport address? */
static bool naive_overlap(const struct jool_pool4_entry *a,
			  const struct jool_pool4_entry *b)
{
	u32 a0 = ntohl(a->addr), b0 = ntohl(b->addr);
	u32 a1 = a0 + (u32)((1ULL << (32 - a->plen)) - 1);
	u32 b1 = b0 + (u32)((1ULL << (32 - b->plen)) - 1);

	return a->proto == b->proto && a0 <= b1 && b0 <= a1 &&
	       a->port_min <= b->port_max && b->port_min <= a->port_max;
}

static bool naive_contains(const struct jool_pool4_entry *x, unsigned int n,
			   u8 proto, u32 addr, u16 port)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		u32 first = ntohl(x[i].addr);
		u32 last = first + (u32)((1ULL << (32 - x[i].plen)) - 1);

		if (x[i].proto == proto && first <= addr && addr <= last &&
		    x[i].port_min <= port && port <= x[i].port_max)
			return true;
	}
	return false;
}

/*
 * Random small pools (nested prefixes inside 192.0.2.0/28, ports 1-40)
 * against the naive quadratic answers: overlap refusal and 4->6 lookup.
 */
static void differential(void)
{
	unsigned int round, accepted = 0, refusals = 0, bad = 0;
	u32 seed = 2024;

	for (round = 0; round < 3000; round++) {
		struct jool_pool4_entry x[8];
		unsigned int n = 1 + round % 8, i, j;
		struct jool_pool4_error err;
		struct jool_pool4 *p = NULL;
		bool overlap = false;
		u32 addr;

		for (i = 0; i < n; i++) {
			u8 plen;
			u16 a, b;

			seed = seed * 1103515245 + 12345;
			plen = 28 + (seed >> 16) % 5;
			addr = (0xc0000200 | ((seed >> 8) & 0xf)) &
			       ~((1U << (32 - plen)) - 1);
			a = 1 + (seed >> 20) % 40;
			b = 1 + (seed >> 26) % 40;
			x[i] = e((seed & 1) ? TCP : UDP, (seed >> 3) & 3,
				 "192.0.2.0", plen, min(a, b), max(a, b),
				 AUTO);
			x[i].addr = htonl(addr);
		}
		for (i = 0; i < n; i++)
			for (j = 0; j < i; j++)
				overlap |= naive_overlap(&x[i], &x[j]);

		if (jool_pool4_create(x, n, GFP_KERNEL, &p, &err)) {
			refusals++;
			bad += !overlap;
			continue;
		}
		accepted++;
		bad += overlap;
		for (addr = 0xc00001fe; addr <= 0xc0000211; addr++) {
			u16 port;

			for (port = 0; port <= 41; port++) {
				bool want = naive_contains(x, n, TCP, addr,
							   port);

				bad += want != jool_pool4_contains(p, TCP,
							htonl(addr), port);
			}
		}
		jool_pool4_destroy(p);
	}
	CHECK(!bad && accepted > 300 && refusals > 300,
	      "%u disagreements (%u pools accepted, %u refused)", bad,
	      accepted, refusals);
}

void test_pool4(void)
{
	validation();
	creation();
	no_entries();
	auto_iterations();
	domains();
	contains();
	cursor();
	differential();
}
