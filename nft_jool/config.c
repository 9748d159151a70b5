// SPDX-License-Identifier: GPL-2.0
/*
 * Instance configuration: netlink attributes <-> struct jool_config.
 *
 * nf_tables parses the object's top level liberally (its own call, not
 * ours), so the sizes of top-level scalars are checked here again; the
 * nests are ours and are parsed strictly: unknown attributes, wrong sizes
 * and missing NLA_F_NESTED are errors, not silently ignored input.
 */

#include <linux/slab.h>
#include <net/ipv6.h>
#include "config.h"

const struct nla_policy jool_obj_policy[NFTA_JOOL_OBJ_MAX + 1] = {
	[NFTA_JOOL_OBJ_TYPE]	= { .type = NLA_U32 },
	[NFTA_JOOL_OBJ_POOL6]	= { .type = NLA_NESTED },
	[NFTA_JOOL_OBJ_GLOBALS]	= { .type = NLA_NESTED },
	/* Dump only. Accepted so that a dump can be fed back; ignored. */
	[NFTA_JOOL_OBJ_STATS]	= { .type = NLA_NESTED },
};

static const struct nla_policy jool_prefix_policy[NFTA_JOOL_PREFIX_MAX + 1] = {
	[NFTA_JOOL_PREFIX_ADDR]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[NFTA_JOOL_PREFIX_LEN]	= { .type = NLA_U8 },
};

static const struct nla_policy jool_global_policy[NFTA_JOOL_GLOBAL_MAX + 1] = {
	[NFTA_JOOL_GLOBAL_MANUALLY_ENABLED] = NLA_POLICY_MAX(NLA_U8, 1),
};

/* RFC 6052 section 2.2: the only prefix lengths with a defined layout. */
static bool jool_pool6_len_valid(u8 len)
{
	switch (len) {
	case 32:
	case 40:
	case 48:
	case 56:
	case 64:
	case 96:
		return true;
	}
	return false;
}

static int jool_pool6_parse(const struct nlattr *nest, struct jool_prefix6 *p)
{
	struct nlattr *tb[NFTA_JOOL_PREFIX_MAX + 1];
	struct in6_addr masked;
	int err;

	/* Policy violations give -ERANGE & co; a bad config is -EINVAL. */
	err = nla_parse_nested(tb, NFTA_JOOL_PREFIX_MAX, nest,
			       jool_prefix_policy, NULL);
	if (err < 0)
		return -EINVAL;
	if (!tb[NFTA_JOOL_PREFIX_ADDR] || !tb[NFTA_JOOL_PREFIX_LEN])
		return -EINVAL;

	nla_memcpy(&p->addr, tb[NFTA_JOOL_PREFIX_ADDR], sizeof(p->addr));
	p->len = nla_get_u8(tb[NFTA_JOOL_PREFIX_LEN]);
	if (!jool_pool6_len_valid(p->len))
		return -EINVAL;

	/*
	 * Host bits set would mean the user meant a different prefix than
	 * the one we would use; refuse rather than guess.
	 */
	ipv6_addr_prefix(&masked, &p->addr, p->len);
	if (!ipv6_addr_equal(&masked, &p->addr))
		return -EINVAL;

	/*
	 * Bits 64-71 (the "u" octet) must be zero in every RFC 6052 address.
	 * Shorter prefixes leave them to the host part (checked above);
	 * a /96 covers them, so check them here.
	 */
	if (p->len > 64 && p->addr.s6_addr[8] != 0)
		return -EINVAL;

	return 0;
}

static int jool_globals_parse(const struct nlattr *nest,
			      struct jool_config *cfg)
{
	struct nlattr *tb[NFTA_JOOL_GLOBAL_MAX + 1];
	int err;

	if (!nest)
		return 0;

	err = nla_parse_nested(tb, NFTA_JOOL_GLOBAL_MAX, nest,
			       jool_global_policy, NULL);
	if (err < 0)
		return -EINVAL;

	if (tb[NFTA_JOOL_GLOBAL_MANUALLY_ENABLED])
		cfg->manually_enabled =
			nla_get_u8(tb[NFTA_JOOL_GLOBAL_MANUALLY_ENABLED]);

	return 0;
}

struct jool_config *jool_config_parse(const struct nlattr * const tb[])
{
	struct jool_config *cfg;
	int err;

	if (!tb[NFTA_JOOL_OBJ_TYPE] ||
	    nla_len(tb[NFTA_JOOL_OBJ_TYPE]) != sizeof(__be32))
		return ERR_PTR(-EINVAL);

	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL_ACCOUNT);
	if (!cfg)
		return ERR_PTR(-ENOMEM);

	/* Omitted globals take their defaults, as in Jool's atomic config. */
	cfg->manually_enabled = NFT_JOOL_DEFAULT_MANUALLY_ENABLED;

	cfg->type = ntohl(nla_get_be32(tb[NFTA_JOOL_OBJ_TYPE]));
	if (cfg->type != NFT_JOOL_TYPE_SIIT &&
	    cfg->type != NFT_JOOL_TYPE_NAT64) {
		err = -EINVAL;
		goto fail;
	}

	if (tb[NFTA_JOOL_OBJ_POOL6]) {
		err = jool_pool6_parse(tb[NFTA_JOOL_OBJ_POOL6], &cfg->pool6);
		if (err)
			goto fail;
		cfg->pool6_set = true;
	}

	/* Stateful NAT64 cannot work at all without pool6 (RFC 6146). */
	if (cfg->type == NFT_JOOL_TYPE_NAT64 && !cfg->pool6_set) {
		err = -EINVAL;
		goto fail;
	}

	err = jool_globals_parse(tb[NFTA_JOOL_OBJ_GLOBALS], cfg);
	if (err)
		goto fail;

	return cfg;

fail:
	kfree(cfg);
	return ERR_PTR(err);
}

int jool_config_dump(struct sk_buff *skb, const struct jool_config *cfg)
{
	struct nlattr *nest;

	if (nla_put_be32(skb, NFTA_JOOL_OBJ_TYPE, htonl(cfg->type)))
		return -EMSGSIZE;

	if (cfg->pool6_set) {
		nest = nla_nest_start(skb, NFTA_JOOL_OBJ_POOL6);
		if (!nest ||
		    nla_put_in6_addr(skb, NFTA_JOOL_PREFIX_ADDR,
				     &cfg->pool6.addr) ||
		    nla_put_u8(skb, NFTA_JOOL_PREFIX_LEN, cfg->pool6.len))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}

	/* Every global, not only the non-default ones: userspace decides. */
	nest = nla_nest_start(skb, NFTA_JOOL_OBJ_GLOBALS);
	if (!nest ||
	    nla_put_u8(skb, NFTA_JOOL_GLOBAL_MANUALLY_ENABLED,
		       cfg->manually_enabled))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);

	return 0;
}

void jool_config_free(struct jool_config *cfg)
{
	/*
	 * The packet path may still be reading @cfg (an update replaced it
	 * moments ago), so wait for a grace period before freeing.
	 */
	if (cfg)
		kfree_rcu(cfg, rcu);
}
