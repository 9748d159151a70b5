/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_ADDR_H
#define _NFT_JOOL_ADDR_H

#include <linux/types.h>
#include <linux/in6.h>

/*
 * SIIT address translation of one address (RFC 7915 section 6, RFC 7757
 * section 3.2): the EAMT first, then pool6 (RFC 6052), with denylist4 and
 * the addresses no translator may hand out. No skb: host unit-tested; the
 * one question that needs the kernel (is this address one of ours?) is a
 * callback.
 */

struct jool_eamt;
struct jool_denylist4;

struct jool_addr_cfg {
	const struct jool_eamt *eamt;		/* NULL: empty */
	const struct jool_denylist4 *denylist4;	/* NULL: empty */
	const struct in6_addr *pool6;		/* NULL: unset */
	unsigned int pool6_len;
	/*
	 * Whether @a is an address of the translator's namespace (local or
	 * broadcast). NULL: never.
	 */
	bool (*is_local4)(const void *ctx, __be32 a);
	const void *ctx;
};

/* How an address was translated. */
enum jool_addr_how {
	JOOL_ADDR_NONE,		/* untranslatable */
	JOOL_ADDR_EAM,
	JOOL_ADDR_RFC6052,
};

/*
 * "This network", loopback, link-local, multicast and limited broadcast:
 * meaningful on one host or link only.
 */
bool jool_addr4_is_scoped(__be32 a);

/*
 * IPv6 -> IPv4. An EAM result is refused only by the scope and local
 * rules (an operator who maps an address means it); a pool6 result also by
 * denylist4. Jool order.
 */
enum jool_addr_how jool_addr_6to4(const struct jool_addr_cfg *c,
				  const struct in6_addr *a, __be32 *out);

/*
 * IPv4 -> IPv6. @use_eam false skips the EAMT: the source of a hairpinned
 * packet must take its pool6 form (RFC 7757 section 4).
 */
enum jool_addr_how jool_addr_4to6(const struct jool_addr_cfg *c, __be32 a,
				  bool use_eam, struct in6_addr *out);

#endif /* _NFT_JOOL_ADDR_H */
