/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_RFC6056_H
#define _NFT_JOOL_RFC6056_H

#include <linux/types.h>
#include <linux/in6.h>
#include <linux/siphash.h>
#include "pool4.h"

/*
 * Choice of the IPv4 transport address (the "mask") of a new NAT64 binding:
 * RFC 6056 section 3.3.3, algorithm 3 ("simple hash-based"), over a pool4
 * domain instead of one port range, as Jool does it:
 *
 *	offset = F(selected fields of the IPv6 tuple, secret) + next_ephemeral
 *	try the domain's candidates from index offset (mod size), in order,
 *	at most domain->max_iterations of them; take the first free one;
 *	next_ephemeral += candidates tried
 *
 * F is SipHash-2-4 (Jool uses MD5): keyed, cheap and in lib/ of every
 * kernel. The key is per instance, drawn with get_random_bytes() when the
 * object is created and kept across updates, so existing flows keep hashing
 * alike. next_ephemeral is per instance too (an atomic the caller owns).
 *
 * Hashing the destination but not the source port (f-args default) keeps
 * the connections of one IPv6 host to one IPv4 service on neighbouring
 * masks: after a collision the next port of the same address is tried.
 */

/* f-args bits (Jool's global, issue #195): which tuple fields F hashes. */
#define JOOL_F_ARGS_SRC_ADDR	(1 << 3)
#define JOOL_F_ARGS_SRC_PORT	(1 << 2)
#define JOOL_F_ARGS_DST_ADDR	(1 << 1)
#define JOOL_F_ARGS_DST_PORT	(1 << 0)
#define JOOL_F_ARGS_ALL		0x0f
#define JOOL_F_ARGS_DEFAULT	(JOOL_F_ARGS_SRC_ADDR | JOOL_F_ARGS_DST_ADDR | \
				 JOOL_F_ARGS_DST_PORT)

static inline bool jool_rfc6056_f_args_valid(u32 f_args)
{
	return !(f_args & ~JOOL_F_ARGS_ALL);
}

/*
 * The incoming IPv6 packet's tuple, ports as on the wire. ICMP queries: both
 * ports are the identifier. @dst is the pool6 address (RFC 6052).
 */
struct jool_rfc6056_tuple {
	struct in6_addr src;
	struct in6_addr dst;
	__be16 src_port;
	__be16 dst_port;
};

/* F: a keyed hash of the fields @f_args selects (bits above 0xf ignored). */
u64 jool_rfc6056_f(const siphash_key_t *key, u8 f_args,
		   const struct jool_rfc6056_tuple *tuple);

/*
 * RFC 6146 section 3.5.1.1 (UDP; TCP and its section 3.5.2 alike) says a
 * NAT64 SHOULD keep the source port's range (0-1023 vs 1024-65535) and
 * parity. Jool does neither (prefs = 0, the default). With these flags a free
 * candidate that keeps them wins; if none is found within the iteration
 * bound, the first free one that does not is taken (the RFC's MAY). ICMP
 * identifiers have neither: the flags are ignored for IPPROTO_ICMP.
 */
#define JOOL_RFC6056_SAME_RANGE		(1 << 0)
#define JOOL_RFC6056_SAME_PARITY	(1 << 1)

/* Is @taddr unused by any BIB entry of the domain's protocol? */
typedef bool (*jool_rfc6056_free_fn)(const struct jool_taddr4 *taddr,
				     void *arg);

/*
 * Walks @domain from @offset and stores the chosen mask in @result: 0, or
 * -ENOSPC when no free candidate turned up within domain->max_iterations.
 * *@tries = candidates visited (add it to next_ephemeral either way).
 * @src_port: host order, only used by @prefs. @is_free is called at most
 * once per candidate, in order, and must not sleep if the caller cannot.
 */
int jool_rfc6056_choose(const struct jool_pool4_domain *domain, u64 offset,
			u16 src_port, unsigned int prefs,
			jool_rfc6056_free_fn is_free, void *arg,
			struct jool_taddr4 *result, u64 *tries);

#endif /* _NFT_JOOL_RFC6056_H */
