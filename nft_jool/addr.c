// SPDX-License-Identifier: GPL-2.0
/*
 * One address through the SIIT mapping rules. Kept apart from the packet
 * code so that the outer header, the packet inside an ICMP error and the
 * hairpin pass all translate addresses the same way.
 */

#include <linux/in.h>
#include "addr.h"
#include "eamt.h"
#include "rfc6052.h"

bool jool_addr4_is_scoped(__be32 addr)
{
	u32 a = ntohl(addr);

	/*
	 * 0/8, 127/8, 169.254/16, 224/4 and 255.255.255.255: letting these
	 * through would let an IPv6 node reach the translator's own loopback
	 * services, or flood a link.
	 */
	return !(a >> 24) || (a >> 24) == 127 || (a >> 16) == 0xa9fe ||
	       (a >> 28) == 0xe || a == 0xffffffff;
}

static bool jool_addr4_forbidden(const struct jool_addr_cfg *c, __be32 a)
{
	return jool_addr4_is_scoped(a) ||
	       (c->is_local4 && c->is_local4(c->ctx, a));
}

enum jool_addr_how jool_addr_6to4(const struct jool_addr_cfg *c,
				  const struct in6_addr *a, __be32 *out)
{
	enum jool_addr_how how = JOOL_ADDR_EAM;

	if (!jool_eamt_6to4(c->eamt, a, out)) {
		if (!c->pool6 ||
		    jool_rfc6052_6to4(c->pool6, c->pool6_len, a, out))
			return JOOL_ADDR_NONE;
		if (jool_denylist4_has(c->denylist4, *out))
			return JOOL_ADDR_NONE;
		how = JOOL_ADDR_RFC6052;
	}
	return jool_addr4_forbidden(c, *out) ? JOOL_ADDR_NONE : how;
}

enum jool_addr_how jool_addr_4to6(const struct jool_addr_cfg *c, __be32 a,
				  bool use_eam, struct in6_addr *out)
{
	if (jool_addr4_forbidden(c, a))
		return JOOL_ADDR_NONE;
	if (use_eam && jool_eamt_4to6(c->eamt, a, out))
		return JOOL_ADDR_EAM;
	if (jool_denylist4_has(c->denylist4, a) || !c->pool6 ||
	    jool_rfc6052_4to6(c->pool6, c->pool6_len, a, out))
		return JOOL_ADDR_NONE;
	return JOOL_ADDR_RFC6052;
}
