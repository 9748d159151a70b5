// SPDX-License-Identifier: GPL-2.0
/*
 * pool4 as three sorted arrays built once per configuration:
 * - by_mark: entries by (protocol, mark, address, port), so each 6->4 domain
 *   is a contiguous run;
 * - domains: one descriptor per run, binary searched by (protocol, mark);
 * - by_addr: entries by (protocol, address, prefix length, port), for the
 *   overlap check and the 4->6 lookup.
 *
 * IPv4 prefixes either nest or are disjoint. In by_addr order the entries
 * whose addresses intersect a given entry's are therefore those of its own
 * prefix and of the prefixes containing it (at most 33 distinct prefixes), and
 * within one prefix the port ranges are sorted and, once checked, disjoint.
 * That makes both the overlap check and the 4->6 lookup binary searches.
 */

#include <linux/errno.h>
#include <linux/in.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <asm/byteorder.h>
#include "pool4.h"

enum { P4_TCP, P4_UDP, P4_ICMP, P4_PROTOS };

struct jool_pool4 {
	unsigned int count;
	unsigned int domain_count;
	u64 plens[P4_PROTOS];		/* bit n: some entry is a /n */
	struct jool_pool4_entry *by_mark;
	struct jool_pool4_entry *by_addr;
	struct jool_pool4_domain *domains;
};

static int proto_index(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return P4_TCP;
	case IPPROTO_UDP:
		return P4_UDP;
	case IPPROTO_ICMP:
		return P4_ICMP;
	}
	return -1;
}

static u32 prefix_mask(u8 plen)
{
	/* A shift by 32 is undefined, hence the special case. */
	return plen ? ~0U << (32 - plen) : 0;
}

static u32 first_addr(const struct jool_pool4_entry *e)
{
	return be32_to_cpu(e->addr);
}

static u32 last_addr(const struct jool_pool4_entry *e)
{
	return be32_to_cpu(e->addr) | ~prefix_mask(e->plen);
}

static u64 host_count(const struct jool_pool4_entry *e)
{
	return 1ULL << (32 - e->plen);
}

static u32 port_count(const struct jool_pool4_entry *e)
{
	return (u32)e->port_max - e->port_min + 1;
}

static u64 taddr_count(const struct jool_pool4_entry *e)
{
	return host_count(e) * port_count(e);
}

/* Jool's list of subnet-scoped networks a NAT64 must not mask with. */
static const struct {
	u32 addr;
	u8 plen;
} reserved4[] = {
	{ 0x00000000,  8 },	/* "this network" */
	{ 0x7f000000,  8 },	/* loopback */
	{ 0xa9fe0000, 16 },	/* link local */
	{ 0xe0000000,  4 },	/* multicast */
	{ 0xffffffff, 32 },	/* limited broadcast */
};

static bool intersects_reserved(const struct jool_pool4_entry *e)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(reserved4); i++) {
		u8 plen = min(e->plen, reserved4[i].plen);
		u32 mask = prefix_mask(plen);

		if ((first_addr(e) & mask) == (reserved4[i].addr & mask))
			return true;
	}
	return false;
}

int jool_pool4_entry_validate(const struct jool_pool4_entry *e,
			      struct jool_pool4_error *err)
{
	const char *msg = NULL;

	if (proto_index(e->proto) < 0)
		msg = "pool4 protocol must be tcp, udp or icmp";
	else if (e->plen > 32)
		msg = "pool4 prefix length is above 32";
	else if (first_addr(e) & ~prefix_mask(e->plen))
		msg = "pool4 address has bits set after the prefix length";
	else if (intersects_reserved(e))
		msg = "pool4 prefix intersects 0/8, 127/8, 169.254/16, 224/4 or 255.255.255.255";
	else if (e->port_min > e->port_max)
		msg = "pool4 port range minimum is above its maximum";
	else if (e->proto != IPPROTO_ICMP && e->port_min == 0)
		msg = "pool4 port 0 is not usable by tcp or udp";

	if (!msg)
		return 0;
	err->msg = msg;
	return -EINVAL;
}

static int cmp(u32 a, u32 b)
{
	return a < b ? -1 : a > b;
}

static int cmp_by_mark(const void *pa, const void *pb)
{
	const struct jool_pool4_entry *a = pa, *b = pb;

	return cmp(a->proto, b->proto) ?: cmp(a->mark, b->mark) ?:
	       cmp(first_addr(a), first_addr(b)) ?: cmp(a->plen, b->plen) ?:
	       cmp(a->port_min, b->port_min);
}

static int cmp_by_addr(const void *pa, const void *pb)
{
	const struct jool_pool4_entry *a = pa, *b = pb;

	return cmp(a->proto, b->proto) ?:
	       cmp(first_addr(a), first_addr(b)) ?: cmp(a->plen, b->plen) ?:
	       cmp(a->port_min, b->port_min);
}

/* Number of entries in [@lo, @hi) that sort before or equal to @key. */
static unsigned int upper_bound(const struct jool_pool4_entry *arr,
				unsigned int lo, unsigned int hi,
				const struct jool_pool4_entry *key)
{
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (cmp_by_addr(&arr[mid], key) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool same_entry(const struct jool_pool4_entry *a,
		       const struct jool_pool4_entry *b)
{
	return a->proto == b->proto && a->mark == b->mark &&
	       a->addr == b->addr && a->plen == b->plen &&
	       a->port_min == b->port_min && a->port_max == b->port_max &&
	       a->max_iterations == b->max_iterations;
}

/*
 * The sorted copies lost the caller's numbering; errors are rare, so find it
 * again: the later of the two entries in conflict, as the caller gave them.
 */
static unsigned int input_index(const struct jool_pool4_entry *in,
				unsigned int count,
				const struct jool_pool4_entry *a,
				const struct jool_pool4_entry *b)
{
	unsigned int i, ia = count, ib = count;

	for (i = 0; i < count; i++) {
		if (ia == count && same_entry(&in[i], a))
			ia = i;
		else if (ib == count && same_entry(&in[i], b))
			ib = i;
	}
	if (ia == count)
		return ib;
	if (ib == count)
		return ia;
	return max(ia, ib);
}

/* One prefix's run of by_addr entries (one address block, sorted ports). */
struct prefix_run {
	u32 first_addr;
	u32 last_addr;
	unsigned int first;
	unsigned int end;
};

/* Returns the by_addr index of an entry @e overlaps, or @i if none. */
static unsigned int find_overlap(const struct jool_pool4_entry *arr,
				 unsigned int i, const struct prefix_run *runs,
				 unsigned int depth)
{
	const struct jool_pool4_entry *e = &arr[i];
	unsigned int r;

	for (r = 0; r < depth; r++) {
		struct jool_pool4_entry key = arr[runs[r].first];
		unsigned int n;

		/* Last entry of the run starting at or below our last port. */
		key.port_min = e->port_max;
		n = upper_bound(arr, runs[r].first, runs[r].end, &key);
		if (n > runs[r].first && arr[n - 1].port_max >= e->port_min)
			return n - 1;
	}
	return i;
}

static int check_overlaps(struct jool_pool4 *pool,
			  const struct jool_pool4_entry *in,
			  struct jool_pool4_error *err)
{
	struct jool_pool4_entry *arr = pool->by_addr;
	/* Each run's prefix is longer than the one below: 33 levels at most. */
	struct prefix_run runs[33];
	unsigned int depth = 0;
	unsigned int i, j;

	for (i = 0; i < pool->count; i++) {
		const struct jool_pool4_entry *e = &arr[i];
		u32 addr = first_addr(e);

		if (i && arr[i - 1].proto != e->proto)
			depth = 0;
		while (depth && (addr < runs[depth - 1].first_addr ||
				 addr > runs[depth - 1].last_addr))
			depth--;

		j = find_overlap(arr, i, runs, depth);
		if (j != i) {
			err->msg = "pool4 entries overlap (same protocol, address and port)";
			err->index = input_index(in, pool->count, &arr[j], e);
			return -EINVAL;
		}

		if (depth && runs[depth - 1].first_addr == addr &&
		    runs[depth - 1].last_addr == last_addr(e)) {
			runs[depth - 1].end = i + 1;
		} else {
			runs[depth].first_addr = addr;
			runs[depth].last_addr = last_addr(e);
			runs[depth].first = i;
			runs[depth].end = i + 1;
			depth++;
		}
		pool->plens[proto_index(e->proto)] |= 1ULL << e->plen;
	}
	return 0;
}

u32 jool_pool4_auto_iterations(u64 taddr_count)
{
	/*
	 * Jool's measured compromise: ~1% of the domain, but never below 1024
	 * (enough to avoid losing connections until a domain of up to 128k
	 * transport addresses is ~91% used) nor above 8192.
	 */
	u64 n = taddr_count >> 7;

	if (n < 1024)
		return 1024;
	if (n > 8192)
		return 8192;
	return n;
}

static u64 effective_iterations(u32 setting, u64 taddr_count)
{
	u64 n;

	if (setting == JOOL_POOL4_ITER_INFINITE)
		return taddr_count;
	n = setting == JOOL_POOL4_ITER_AUTO ?
		jool_pool4_auto_iterations(taddr_count) : setting;
	return min(n, taddr_count);
}

static int build_domains(struct jool_pool4 *pool,
			 const struct jool_pool4_entry *in,
			 struct jool_pool4_error *err)
{
	const struct jool_pool4_entry *arr = pool->by_mark;
	struct jool_pool4_domain *d = NULL;
	const struct jool_pool4_entry *setter = NULL;
	u32 iterations = JOOL_POOL4_ITER_AUTO;
	unsigned int i;

	for (i = 0; i < pool->count; i++) {
		const struct jool_pool4_entry *e = &arr[i];

		if (!d || d->proto != e->proto || d->mark != e->mark) {
			if (d)
				d->max_iterations = effective_iterations(
					iterations, d->taddr_count);
			d = &pool->domains[pool->domain_count++];
			d->entries = e;
			d->count = 0;
			d->proto = e->proto;
			d->mark = e->mark;
			d->taddr_count = 0;
			iterations = JOOL_POOL4_ITER_AUTO;
			setter = NULL;
		}
		if (e->max_iterations != JOOL_POOL4_ITER_AUTO) {
			if (setter && e->max_iterations != iterations) {
				err->msg = "pool4 entries of one protocol and mark disagree on max-iterations";
				err->index = input_index(in, pool->count,
							 setter, e);
				return -EINVAL;
			}
			iterations = e->max_iterations;
			setter = e;
		}
		d->count++;
		d->taddr_count += taddr_count(e);
	}
	if (d)
		d->max_iterations = effective_iterations(iterations,
							 d->taddr_count);
	return 0;
}

int jool_pool4_create(const struct jool_pool4_entry *entries,
		      unsigned int count, gfp_t gfp, struct jool_pool4 **result,
		      struct jool_pool4_error *err)
{
	struct jool_pool4 *pool;
	unsigned int i;
	size_t size;
	int error;

	err->msg = NULL;
	err->index = 0;
	if (count > JOOL_POOL4_MAX_ENTRIES) {
		err->msg = "pool4 has too many entries";
		err->index = JOOL_POOL4_MAX_ENTRIES;
		return -E2BIG;
	}
	for (i = 0; i < count; i++) {
		error = jool_pool4_entry_validate(&entries[i], err);
		if (error) {
			err->index = i;
			return error;
		}
	}

	/* No overflow: @count is bounded above. */
	size = sizeof(*pool) + count * (2 * sizeof(*entries) +
					sizeof(*pool->domains));
	pool = kvmalloc(size, gfp);
	if (!pool)
		return -ENOMEM;
	memset(pool, 0, sizeof(*pool));
	pool->count = count;
	pool->domains = (struct jool_pool4_domain *)(pool + 1);
	pool->by_mark = (struct jool_pool4_entry *)(pool->domains + count);
	pool->by_addr = pool->by_mark + count;
	if (count) {
		memcpy(pool->by_mark, entries, count * sizeof(*entries));
		memcpy(pool->by_addr, entries, count * sizeof(*entries));
	}
	sort(pool->by_mark, count, sizeof(*entries), cmp_by_mark, NULL);
	sort(pool->by_addr, count, sizeof(*entries), cmp_by_addr, NULL);

	error = check_overlaps(pool, entries, err);
	if (!error)
		error = build_domains(pool, entries, err);
	if (error) {
		kvfree(pool);
		return error;
	}
	*result = pool;
	return 0;
}

void jool_pool4_destroy(struct jool_pool4 *pool)
{
	kvfree(pool);
}

bool jool_pool4_is_empty(const struct jool_pool4 *pool)
{
	return !pool->count;
}

unsigned int jool_pool4_count(const struct jool_pool4 *pool)
{
	return pool->count;
}

const struct jool_pool4_entry *jool_pool4_entries(const struct jool_pool4 *pool)
{
	return pool->by_mark;
}

int jool_pool4_domain_find(const struct jool_pool4 *pool, u8 proto, u32 mark,
			   struct jool_pool4_domain *domain)
{
	unsigned int lo = 0, hi = pool->domain_count;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		const struct jool_pool4_domain *d = &pool->domains[mid];

		if (d->proto == proto && d->mark == mark) {
			*domain = *d;
			return 0;
		}
		if (d->proto < proto || (d->proto == proto && d->mark < mark))
			lo = mid + 1;
		else
			hi = mid;
	}
	return -ESRCH;
}

void jool_pool4_domain_dynamic(struct jool_pool4_domain *domain,
			       struct jool_pool4_entry *storage,
			       u8 proto, __be32 addr)
{
	memset(storage, 0, sizeof(*storage));
	storage->addr = addr;
	storage->plen = 32;
	storage->proto = proto;
	storage->port_min = JOOL_POOL4_DYNAMIC_PORT_MIN;
	storage->port_max = JOOL_POOL4_DYNAMIC_PORT_MAX;
	storage->max_iterations = JOOL_POOL4_ITER_INFINITE;

	domain->entries = storage;
	domain->count = 1;
	domain->proto = proto;
	domain->mark = 0;
	domain->taddr_count = taddr_count(storage);
	domain->max_iterations = domain->taddr_count;
}

bool jool_pool4_contains(const struct jool_pool4 *pool, u8 proto,
			 __be32 addr, u16 port)
{
	struct jool_pool4_entry key = { .proto = proto, .port_min = port };
	int p = proto_index(proto);
	u64 plens;
	u8 plen;

	if (p < 0)
		return false;
	/* One binary search per prefix length in use: at most 33. */
	for (plens = pool->plens[p], plen = 0; plens; plens >>= 1, plen++) {
		const struct jool_pool4_entry *e;
		unsigned int n;

		if (!(plens & 1))
			continue;
		key.addr = cpu_to_be32(be32_to_cpu(addr) & prefix_mask(plen));
		key.plen = plen;
		n = upper_bound(pool->by_addr, 0, pool->count, &key);
		if (!n)
			continue;
		e = &pool->by_addr[n - 1];
		if (e->proto == proto && e->addr == key.addr &&
		    e->plen == plen && e->port_max >= port)
			return true;
	}
	return false;
}

void jool_pool4_cursor_start(struct jool_pool4_cursor *cur,
			     const struct jool_pool4_domain *domain, u64 index)
{
	unsigned int i;

	index %= domain->taddr_count;
	for (i = 0; i < domain->count; i++) {
		const struct jool_pool4_entry *e = &domain->entries[i];
		u64 n = taddr_count(e);

		if (index < n) {
			cur->domain = domain;
			cur->entry = i;
			cur->host = index / port_count(e);
			cur->port = e->port_min + index % port_count(e);
			return;
		}
		index -= n;
	}
	/* Unreachable while taddr_count is the sum of the entries' sizes. */
	cur->domain = domain;
	cur->entry = 0;
	cur->host = 0;
	cur->port = domain->entries[0].port_min;
}

void jool_pool4_cursor_next(struct jool_pool4_cursor *cur)
{
	const struct jool_pool4_domain *d = cur->domain;
	const struct jool_pool4_entry *e = &d->entries[cur->entry];

	if (cur->port < e->port_max) {
		cur->port++;
		return;
	}
	if ((u64)cur->host + 1 < host_count(e)) {
		cur->host++;
	} else {
		cur->host = 0;
		cur->entry = cur->entry + 1 < d->count ? cur->entry + 1 : 0;
		e = &d->entries[cur->entry];
	}
	cur->port = e->port_min;
}

void jool_pool4_cursor_get(const struct jool_pool4_cursor *cur,
			   struct jool_taddr4 *taddr)
{
	const struct jool_pool4_entry *e = &cur->domain->entries[cur->entry];

	taddr->addr = cpu_to_be32(be32_to_cpu(e->addr) + cur->host);
	taddr->port = cur->port;
}
