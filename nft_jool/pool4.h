/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_POOL4_H
#define _NFT_JOOL_POOL4_H

#include <linux/types.h>
#include <linux/slab.h>
#include "uapi/nft_jool.h"

/*
 * pool4: the IPv4 transport addresses a stateful NAT64 may use as masks
 * (RFC 6146 section 3.5.1.1 "the IPv4 pool"). Pure data structure: no skb,
 * no locking. A pool is built once from a complete list of entries (the
 * object's configuration), validated as a whole, then only read; an update
 * builds a new pool and the instance swaps pointers under RCU, so the packet
 * path reads it without locks.
 *
 * Entry = (protocol, mark, IPv4 prefix, port range, max-iterations). ICMP
 * "ports" are query identifiers (RFC 6146 section 3.5.3), so 0 is allowed for
 * ICMP only: port 0 is not a usable TCP/UDP source port.
 *
 * Lookups, as Jool does them:
 * - 6->4 (choose a mask): by (protocol, skb mark). The entries sharing both
 *   form a "domain", the candidate space of the RFC 6056 port choice. This is
 *   also how RFC 7422 deterministic port blocks are expressed: nft marks each
 *   subscriber's packets (e.g. meta mark set ip6 saddr map { ... }) and each
 *   mark owns a small port range. No domain for the mark -> drop.
 * - 4->6 (is this ours?): by (protocol, address, port), mark ignored.
 *
 * Entries of one protocol never overlap (same address and a common port):
 * a transport address belongs to exactly one mark, so each domain's size and
 * its automatic max-iterations count every address once. Jool fuses such
 * overlaps silently; here they are a configuration error.
 *
 * Empty pool4 (no entry of any protocol, as in Jool): the NAT64 masks with a
 * primary address of the outgoing interface and ports 61001-65535 (the range
 * Linux leaves alone with its default ip_local_port_range 32768-60999), with
 * no iteration limit besides the 4535 candidates. Looking the interface
 * address up is kernel code (route + inet_select_addr); this file only
 * builds that one-entry domain: jool_pool4_domain_dynamic(). A pool4 holding
 * entries of other protocols only is NOT empty: that protocol is untranslatable.
 *
 * max-iterations bounds how many candidates the port choice may test
 * (JOOL_POOL4_ITER_AUTO = Jool's formula on the domain size, see
 * jool_pool4_auto_iterations(); _INFINITE = the whole domain). It is a
 * property of the domain: entries of one (protocol, mark) that give it must
 * agree, entries that leave it AUTO inherit it.
 */

#define JOOL_POOL4_ITER_AUTO		0
#define JOOL_POOL4_ITER_INFINITE	0xffffffffU

#define JOOL_POOL4_DYNAMIC_PORT_MIN	NFT_JOOL_POOL4_DYNAMIC_PORT_MIN
#define JOOL_POOL4_DYNAMIC_PORT_MAX	65535

/* Bounds the memory of one pool (two copies of the entries). */
#define JOOL_POOL4_MAX_ENTRIES		NFT_JOOL_POOL4_MAX_ENTRIES

struct jool_pool4_entry {
	u32 mark;
	__be32 addr;		/* host bits (after @plen) must be zero */
	u16 port_min;		/* inclusive, host order; ICMP: identifiers */
	u16 port_max;
	u32 max_iterations;	/* JOOL_POOL4_ITER_AUTO, _INFINITE or N > 0 */
	u8 proto;		/* IPPROTO_TCP, IPPROTO_UDP or IPPROTO_ICMP */
	u8 plen;		/* 0..32 */
};

/* An IPv4 transport address; @port in host order (ICMP: identifier). */
struct jool_taddr4 {
	__be32 addr;
	u16 port;
};

/* Why a configuration was refused; @msg is static (fit for extack). */
struct jool_pool4_error {
	const char *msg;
	unsigned int index;	/* offending entry, as given to _create() */
};

struct jool_pool4;

/*
 * The candidate space of one 6->4 mask choice. Points into the pool (or to
 * caller storage for the dynamic domain): valid while that is.
 */
struct jool_pool4_domain {
	const struct jool_pool4_entry *entries;	/* sorted by address, port */
	unsigned int count;
	u8 proto;
	u32 mark;
	u64 taddr_count;	/* transport addresses in the domain, > 0 */
	u64 max_iterations;	/* effective bound: 1..taddr_count */
};

/* Position inside a domain; jool_pool4_cursor_next() wraps around. */
struct jool_pool4_cursor {
	const struct jool_pool4_domain *domain;
	unsigned int entry;
	u32 host;		/* address offset inside the entry's prefix */
	u32 port;
};

/* 0, or -EINVAL with @err->msg set (@err->index is left to the caller). */
int jool_pool4_entry_validate(const struct jool_pool4_entry *e,
			      struct jool_pool4_error *err);

/*
 * Validates @count entries (none = the empty pool4) and builds a pool.
 * 0 and *@pool set; -EINVAL/-E2BIG with @err filled; -ENOMEM.
 * @entries is only read.
 */
int jool_pool4_create(const struct jool_pool4_entry *entries,
		      unsigned int count, gfp_t gfp, struct jool_pool4 **pool,
		      struct jool_pool4_error *err);
void jool_pool4_destroy(struct jool_pool4 *pool);

bool jool_pool4_is_empty(const struct jool_pool4 *pool);
unsigned int jool_pool4_count(const struct jool_pool4 *pool);
/* Entries sorted by protocol, mark, address, port (for dumps). */
const struct jool_pool4_entry *jool_pool4_entries(const struct jool_pool4 *pool);

/* The 6->4 domain of (@proto, @mark): 0, or -ESRCH if there is none. */
int jool_pool4_domain_find(const struct jool_pool4 *pool, u8 proto, u32 mark,
			   struct jool_pool4_domain *domain);

/*
 * Empty pool4: the domain of @addr (the interface address the kernel picked)
 * with ports 61001-65535, ICMP ids alike; @storage holds its one entry.
 */
void jool_pool4_domain_dynamic(struct jool_pool4_domain *domain,
			       struct jool_pool4_entry *storage,
			       u8 proto, __be32 addr);

/* 4->6: does a non-empty pool4 own (@proto, @addr, @port)? */
bool jool_pool4_contains(const struct jool_pool4 *pool, u8 proto,
			 __be32 addr, u16 port);
/* 4->6 with an empty pool4: the port half of the test (address: kernel). */
static inline bool jool_pool4_dynamic_contains_port(u16 port)
{
	return port >= JOOL_POOL4_DYNAMIC_PORT_MIN;
}

/*
 * Jool's "auto" max-iterations for a domain of @taddr_count transport
 * addresses: about 1% of it (count / 128), but at least 1024 and at most 8192.
 */
u32 jool_pool4_auto_iterations(u64 taddr_count);

/*
 * Candidate order: entries in domain order, each entry's addresses in
 * ascending order and each address's ports in ascending order, so a
 * collision moves to the next port of the same address. @index is reduced
 * modulo the domain size.
 */
void jool_pool4_cursor_start(struct jool_pool4_cursor *cur,
			     const struct jool_pool4_domain *domain, u64 index);
void jool_pool4_cursor_next(struct jool_pool4_cursor *cur);
void jool_pool4_cursor_get(const struct jool_pool4_cursor *cur,
			   struct jool_taddr4 *taddr);

#endif /* _NFT_JOOL_POOL4_H */
