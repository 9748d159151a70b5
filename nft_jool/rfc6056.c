// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 6056 algorithm 3 over a pool4 domain. See rfc6056.h for the contract.
 */

#include <linux/errno.h>
#include <linux/in.h>
#include <linux/string.h>
#include "rfc6056.h"

u64 jool_rfc6056_f(const siphash_key_t *key, u8 f_args,
		   const struct jool_rfc6056_tuple *tuple)
{
	/* u64 members: siphash() takes its fast path on aligned input. */
	union {
		u64 align[5];
		u8 bytes[40];
	} buf;
	size_t len = 0;

	/*
	 * The selection itself is hashed first, so that two selections of the
	 * same length (source vs destination address) hash apart even when
	 * the chosen fields happen to be equal.
	 */
	f_args &= JOOL_F_ARGS_ALL;
	buf.bytes[len++] = f_args;
	if (f_args & JOOL_F_ARGS_SRC_ADDR) {
		memcpy(&buf.bytes[len], &tuple->src, sizeof(tuple->src));
		len += sizeof(tuple->src);
	}
	if (f_args & JOOL_F_ARGS_SRC_PORT) {
		memcpy(&buf.bytes[len], &tuple->src_port,
		       sizeof(tuple->src_port));
		len += sizeof(tuple->src_port);
	}
	if (f_args & JOOL_F_ARGS_DST_ADDR) {
		memcpy(&buf.bytes[len], &tuple->dst, sizeof(tuple->dst));
		len += sizeof(tuple->dst);
	}
	if (f_args & JOOL_F_ARGS_DST_PORT) {
		memcpy(&buf.bytes[len], &tuple->dst_port,
		       sizeof(tuple->dst_port));
		len += sizeof(tuple->dst_port);
	}
	return siphash(buf.bytes, len, key);
}

/* RFC 6146 section 3.5.1.1: does @port keep @src_port's range and parity? */
static bool preferred(u16 port, u16 src_port, unsigned int prefs)
{
	if ((prefs & JOOL_RFC6056_SAME_RANGE) &&
	    (port < 1024) != (src_port < 1024))
		return false;
	if ((prefs & JOOL_RFC6056_SAME_PARITY) &&
	    (port & 1) != (src_port & 1))
		return false;
	return true;
}

int jool_rfc6056_choose(const struct jool_pool4_domain *domain, u64 offset,
			u16 src_port, unsigned int prefs,
			jool_rfc6056_free_fn is_free, void *arg,
			struct jool_taddr4 *result, u64 *tries)
{
	struct jool_pool4_cursor cur;
	struct jool_taddr4 taddr;
	bool have_fallback = false;
	u64 n;

	if (domain->proto == IPPROTO_ICMP)
		prefs = 0;

	jool_pool4_cursor_start(&cur, domain, offset);
	for (n = 0; n < domain->max_iterations; n++) {
		bool wanted;

		if (n)
			jool_pool4_cursor_next(&cur);
		jool_pool4_cursor_get(&cur, &taddr);

		wanted = preferred(taddr.port, src_port, prefs);
		/* Once a fallback is known, only preferred ones are worth a lookup. */
		if (!wanted && have_fallback)
			continue;
		if (!is_free(&taddr, arg))
			continue;
		if (wanted) {
			*result = taddr;
			*tries = n + 1;
			return 0;
		}
		*result = taddr;
		have_fallback = true;
	}

	*tries = n;
	return have_fallback ? 0 : -ENOSPC;
}
