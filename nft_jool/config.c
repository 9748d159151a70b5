// SPDX-License-Identifier: GPL-2.0
/*
 * Instance configuration: netlink attributes <-> struct jool_config.
 *
 * nf_tables parses the object's top level liberally (its own call, not
 * ours), so the sizes of top-level scalars are checked here again; the
 * nests are ours and are parsed strictly: unknown attributes, wrong sizes
 * and missing NLA_F_NESTED are errors, not silently ignored input.
 */

#include <linux/inetdevice.h>
#include <linux/slab.h>
#include <net/ipv6.h>
#include "config.h"
#include "eamt.h"
#include "rfc6052.h"

const struct nla_policy jool_obj_policy[NFTA_JOOL_OBJ_MAX + 1] = {
	[NFTA_JOOL_OBJ_TYPE]	= { .type = NLA_U32 },
	[NFTA_JOOL_OBJ_POOL6]	= { .type = NLA_NESTED },
	[NFTA_JOOL_OBJ_GLOBALS]	= { .type = NLA_NESTED },
	/* Dump only. Accepted so that a dump can be fed back; ignored. */
	[NFTA_JOOL_OBJ_STATS]	= { .type = NLA_NESTED },
	[NFTA_JOOL_OBJ_EAMT]	= { .type = NLA_BINARY },
	[NFTA_JOOL_OBJ_DENYLIST4] = { .type = NLA_BINARY },
	[NFTA_JOOL_OBJ_PARTS]	= { .type = NLA_U32 },
	[NFTA_JOOL_OBJ_PART_OF]	= { .type = NLA_STRING,
				    .len = NFT_JOOL_NAME_MAXLEN - 1 },
	[NFTA_JOOL_OBJ_PART_INDEX] = { .type = NLA_U32 },
	[NFTA_JOOL_OBJ_POOL4]	= { .type = NLA_BINARY },
	[NFTA_JOOL_OBJ_BIB]	= { .type = NLA_BINARY },
};

static const struct nla_policy jool_prefix6_policy[NFTA_JOOL_PREFIX_MAX + 1] = {
	[NFTA_JOOL_PREFIX_ADDR]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[NFTA_JOOL_PREFIX_LEN]	= NLA_POLICY_MAX(NLA_U8, 128),
};

static const struct nla_policy jool_prefix4_policy[NFTA_JOOL_PREFIX_MAX + 1] = {
	[NFTA_JOOL_PREFIX_ADDR]	= NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[NFTA_JOOL_PREFIX_LEN]	= NLA_POLICY_MAX(NLA_U8, 32),
};

/*
 * The strict nested parse also refuses attributes above the maximum, type 0,
 * wrong sizes (u8 must be 1 byte, not a padded u32) and nests without
 * NLA_F_NESTED. Ranges of big-endian integers are checked in the code: this
 * kernel's policies compare them in host order.
 */
static const struct nla_policy jool_global_policy[NFTA_JOOL_GLOBAL_MAX + 1] = {
	[NFTA_JOOL_GLOBAL_MANUALLY_ENABLED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[NFTA_JOOL_GLOBAL_LOWEST_IPV6_MTU]	= { .type = NLA_BE32 },
	[NFTA_JOOL_GLOBAL_ZEROIZE_TRAFFIC_CLASS] = NLA_POLICY_MAX(NLA_U8, 1),
	[NFTA_JOOL_GLOBAL_OVERRIDE_TOS]		= NLA_POLICY_MAX(NLA_U8, 1),
	[NFTA_JOOL_GLOBAL_TOS]			= { .type = NLA_U8 },
	[NFTA_JOOL_GLOBAL_MTU_PLATEAUS]		=
		NLA_POLICY_RANGE(NLA_BINARY, sizeof(__be16),
				 NFT_JOOL_MTU_PLATEAUS_MAX * sizeof(__be16)),
	[NFTA_JOOL_GLOBAL_AMEND_UDP_CHECKSUM_ZERO] = NLA_POLICY_MAX(NLA_U8, 1),
	[NFTA_JOOL_GLOBAL_EAM_HAIRPIN_MODE]	=
		NLA_POLICY_MAX(NLA_U8, NFT_JOOL_HAIRPIN_INTRINSIC),
	[NFTA_JOOL_GLOBAL_RANDOMIZE_RFC6791_ADDRESSES] =
		NLA_POLICY_MAX(NLA_U8, 1),
	[NFTA_JOOL_GLOBAL_RFC6791V6_PREFIX]	= { .type = NLA_NESTED },
	[NFTA_JOOL_GLOBAL_RFC6791V4_PREFIX]	= { .type = NLA_NESTED },
	[NFTA_JOOL_GLOBAL_ADDRESS_DEPENDENT_FILTERING] =
		NLA_POLICY_MAX(NLA_U8, 1),
	[NFTA_JOOL_GLOBAL_DROP_EXTERNALLY_INITIATED_TCP] =
		NLA_POLICY_MAX(NLA_U8, 1),
	[NFTA_JOOL_GLOBAL_DROP_ICMPV6_INFO]	= NLA_POLICY_MAX(NLA_U8, 1),
	[NFTA_JOOL_GLOBAL_SOURCE_ICMPV6_ERRORS_BETTER] =
		NLA_POLICY_MAX(NLA_U8, 1),
	[NFTA_JOOL_GLOBAL_F_ARGS]		=
		NLA_POLICY_MAX(NLA_U8, NFT_JOOL_F_ARGS_MAX),
	[NFTA_JOOL_GLOBAL_HANDLE_RST_DURING_FIN_RCV] =
		NLA_POLICY_MAX(NLA_U8, 1),
	[NFTA_JOOL_GLOBAL_TCP_EST_TIMEOUT]	= { .type = NLA_BE32 },
	[NFTA_JOOL_GLOBAL_TCP_TRANS_TIMEOUT]	= { .type = NLA_BE32 },
	[NFTA_JOOL_GLOBAL_UDP_TIMEOUT]		= { .type = NLA_BE32 },
	[NFTA_JOOL_GLOBAL_ICMP_TIMEOUT]		= { .type = NLA_BE32 },
	[NFTA_JOOL_GLOBAL_LOGGING_BIB]		= NLA_POLICY_MAX(NLA_U8, 1),
	[NFTA_JOOL_GLOBAL_LOGGING_SESSION]	= NLA_POLICY_MAX(NLA_U8, 1),
	[NFTA_JOOL_GLOBAL_MAXIMUM_SIMULTANEOUS_OPENS] = { .type = NLA_BE32 },
};

/* Globals that only mean something to a SIIT (RFC 7915 without state). */
static const u16 jool_siit_only_globals[] = {
	NFTA_JOOL_GLOBAL_AMEND_UDP_CHECKSUM_ZERO,
	NFTA_JOOL_GLOBAL_EAM_HAIRPIN_MODE,
	NFTA_JOOL_GLOBAL_RANDOMIZE_RFC6791_ADDRESSES,
	NFTA_JOOL_GLOBAL_RFC6791V6_PREFIX,
	NFTA_JOOL_GLOBAL_RFC6791V4_PREFIX,
};

/* Globals of the stateful NAT64 (RFC 6146): meaningless without state. */
static const u16 jool_nat64_only_globals[] = {
	NFTA_JOOL_GLOBAL_ADDRESS_DEPENDENT_FILTERING,
	NFTA_JOOL_GLOBAL_DROP_EXTERNALLY_INITIATED_TCP,
	NFTA_JOOL_GLOBAL_DROP_ICMPV6_INFO,
	NFTA_JOOL_GLOBAL_SOURCE_ICMPV6_ERRORS_BETTER,
	NFTA_JOOL_GLOBAL_F_ARGS,
	NFTA_JOOL_GLOBAL_HANDLE_RST_DURING_FIN_RCV,
	NFTA_JOOL_GLOBAL_TCP_EST_TIMEOUT,
	NFTA_JOOL_GLOBAL_TCP_TRANS_TIMEOUT,
	NFTA_JOOL_GLOBAL_UDP_TIMEOUT,
	NFTA_JOOL_GLOBAL_ICMP_TIMEOUT,
	NFTA_JOOL_GLOBAL_LOGGING_BIB,
	NFTA_JOOL_GLOBAL_LOGGING_SESSION,
	NFTA_JOOL_GLOBAL_MAXIMUM_SIMULTANEOUS_OPENS,
};

/*
 * RFC 8200 section 5: every IPv6 link carries 1280 bytes. Above 65535 the
 * value would mean nothing more: no IPv4 packet is that big, so nothing
 * would ever be fragmented to it.
 */
#define JOOL_LOWEST_IPV6_MTU_MIN	1280
#define JOOL_LOWEST_IPV6_MTU_MAX	65535
/* RFC 791: every IPv4 module forwards 68 bytes; a smaller MTU is bogus. */
#define JOOL_MTU_PLATEAU_MIN		68

static const u16 jool_default_plateaus[] = { NFT_JOOL_DEFAULT_MTU_PLATEAUS };

/* A prefix of any length whose host bits are all zero. */
static int jool_prefix6_parse(const struct nlattr *nest,
			      struct jool_prefix6 *p)
{
	struct nlattr *tb[NFTA_JOOL_PREFIX_MAX + 1];
	struct in6_addr masked;

	/* Policy violations give -ERANGE & co; a bad config is -EINVAL. */
	if (nla_parse_nested(tb, NFTA_JOOL_PREFIX_MAX, nest,
			     jool_prefix6_policy, NULL) < 0)
		return -EINVAL;
	if (!tb[NFTA_JOOL_PREFIX_ADDR] || !tb[NFTA_JOOL_PREFIX_LEN])
		return -EINVAL;

	nla_memcpy(&p->addr, tb[NFTA_JOOL_PREFIX_ADDR], sizeof(p->addr));
	p->len = nla_get_u8(tb[NFTA_JOOL_PREFIX_LEN]);

	/*
	 * Host bits set would mean the user meant a different prefix than
	 * the one we would use; refuse rather than guess.
	 */
	ipv6_addr_prefix(&masked, &p->addr, p->len);
	if (!ipv6_addr_equal(&masked, &p->addr))
		return -EINVAL;
	return 0;
}

static int jool_pool6_parse(const struct nlattr *nest, struct jool_prefix6 *p)
{
	int err;

	err = jool_prefix6_parse(nest, p);
	if (err)
		return err;
	if (!jool_rfc6052_len_valid(p->len))
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

static int jool_prefix4_parse(const struct nlattr *nest,
			      struct jool_prefix4 *p)
{
	struct nlattr *tb[NFTA_JOOL_PREFIX_MAX + 1];

	if (nla_parse_nested(tb, NFTA_JOOL_PREFIX_MAX, nest,
			     jool_prefix4_policy, NULL) < 0)
		return -EINVAL;
	if (!tb[NFTA_JOOL_PREFIX_ADDR] || !tb[NFTA_JOOL_PREFIX_LEN])
		return -EINVAL;

	p->addr = nla_get_in_addr(tb[NFTA_JOOL_PREFIX_ADDR]);
	p->len = nla_get_u8(tb[NFTA_JOOL_PREFIX_LEN]);

	if (p->addr & ~inet_make_mask(p->len))
		return -EINVAL;
	return 0;
}

/*
 * As Jool does, the list is stored sorted from the biggest to the smallest
 * plateau without duplicates: the packet path walks it looking for the
 * first plateau below a packet's length, and the listing is canonical.
 */
static int jool_plateaus_parse(const struct nlattr *attr,
			       struct jool_config *cfg)
{
	const __be16 *in = nla_data(attr);
	unsigned int n = nla_len(attr) / sizeof(__be16);
	unsigned int i, j, count = 0;
	u16 val;

	if (nla_len(attr) % sizeof(__be16))
		return -EINVAL;

	for (i = 0; i < n; i++) {
		val = be16_to_cpu(in[i]);
		if (val < JOOL_MTU_PLATEAU_MIN)
			return -EINVAL;

		/* Insertion into the sorted prefix; 64 entries at most. */
		for (j = 0; j < count && cfg->mtu_plateaus[j] > val; j++)
			;
		if (j < count && cfg->mtu_plateaus[j] == val)
			continue;
		memmove(&cfg->mtu_plateaus[j + 1], &cfg->mtu_plateaus[j],
			(count - j) * sizeof(cfg->mtu_plateaus[0]));
		cfg->mtu_plateaus[j] = val;
		count++;
	}

	cfg->mtu_plateau_count = count;
	return 0;
}

static bool jool_nla_bool(const struct nlattr *attr, bool def)
{
	return attr ? nla_get_u8(attr) : def;
}

static int jool_nla_timeout(const struct nlattr *attr, u32 def, u32 min,
			    u32 *val)
{
	*val = attr ? ntohl(nla_get_be32(attr)) : def;
	return *val < min ? -EINVAL : 0;
}

static int jool_nat64_globals_parse(struct nlattr * const tb[],
				    struct jool_nat64_config *n)
{
	const struct nlattr *attr;

	n->address_dependent_filtering =
		jool_nla_bool(tb[NFTA_JOOL_GLOBAL_ADDRESS_DEPENDENT_FILTERING],
			      NFT_JOOL_DEFAULT_ADDRESS_DEPENDENT_FILTERING);
	n->drop_externally_initiated_tcp =
		jool_nla_bool(tb[NFTA_JOOL_GLOBAL_DROP_EXTERNALLY_INITIATED_TCP],
			      NFT_JOOL_DEFAULT_DROP_EXTERNALLY_INITIATED_TCP);
	n->drop_icmpv6_info =
		jool_nla_bool(tb[NFTA_JOOL_GLOBAL_DROP_ICMPV6_INFO],
			      NFT_JOOL_DEFAULT_DROP_ICMPV6_INFO);
	n->source_icmpv6_errors_better =
		jool_nla_bool(tb[NFTA_JOOL_GLOBAL_SOURCE_ICMPV6_ERRORS_BETTER],
			      NFT_JOOL_DEFAULT_SOURCE_ICMPV6_ERRORS_BETTER);
	n->handle_rst_during_fin_rcv =
		jool_nla_bool(tb[NFTA_JOOL_GLOBAL_HANDLE_RST_DURING_FIN_RCV],
			      NFT_JOOL_DEFAULT_HANDLE_RST_DURING_FIN_RCV);
	n->logging_bib = jool_nla_bool(tb[NFTA_JOOL_GLOBAL_LOGGING_BIB],
				       NFT_JOOL_DEFAULT_LOGGING_BIB);
	n->logging_session =
		jool_nla_bool(tb[NFTA_JOOL_GLOBAL_LOGGING_SESSION],
			      NFT_JOOL_DEFAULT_LOGGING_SESSION);

	attr = tb[NFTA_JOOL_GLOBAL_F_ARGS];
	n->f_args = attr ? nla_get_u8(attr) : NFT_JOOL_DEFAULT_F_ARGS;

	attr = tb[NFTA_JOOL_GLOBAL_MAXIMUM_SIMULTANEOUS_OPENS];
	n->maximum_simultaneous_opens = attr ? ntohl(nla_get_be32(attr)) :
		NFT_JOOL_DEFAULT_MAXIMUM_SIMULTANEOUS_OPENS;

	/*
	 * Jool's minimums: shorter timeouts would expire sessions that
	 * RFC 6146 requires to be kept, breaking idle connections.
	 */
	if (jool_nla_timeout(tb[NFTA_JOOL_GLOBAL_TCP_EST_TIMEOUT],
			     NFT_JOOL_DEFAULT_TCP_EST_TIMEOUT,
			     NFT_JOOL_MIN_TCP_EST_TIMEOUT, &n->tcp_est_timeout) ||
	    jool_nla_timeout(tb[NFTA_JOOL_GLOBAL_TCP_TRANS_TIMEOUT],
			     NFT_JOOL_DEFAULT_TCP_TRANS_TIMEOUT,
			     NFT_JOOL_MIN_TCP_TRANS_TIMEOUT,
			     &n->tcp_trans_timeout) ||
	    jool_nla_timeout(tb[NFTA_JOOL_GLOBAL_UDP_TIMEOUT],
			     NFT_JOOL_DEFAULT_UDP_TIMEOUT,
			     NFT_JOOL_MIN_UDP_TIMEOUT, &n->udp_timeout) ||
	    jool_nla_timeout(tb[NFTA_JOOL_GLOBAL_ICMP_TIMEOUT],
			     NFT_JOOL_DEFAULT_ICMP_TIMEOUT,
			     NFT_JOOL_MIN_ICMP_TIMEOUT, &n->icmp_timeout))
		return -EINVAL;

	return 0;
}

static int jool_globals_parse(const struct nlattr *nest,
			      struct jool_config *cfg)
{
	struct nlattr *tb[NFTA_JOOL_GLOBAL_MAX + 1] = {};
	unsigned int i;
	int err;

	/* Omitted globals take their defaults, as in Jool's atomic config. */
	if (nest) {
		err = nla_parse_nested(tb, NFTA_JOOL_GLOBAL_MAX, nest,
				       jool_global_policy, NULL);
		if (err < 0)
			return -EINVAL;
	}

	/*
	 * A NAT64 does not implement these; accepting them would pretend
	 * they do something.
	 */
	if (cfg->type != NFT_JOOL_TYPE_SIIT) {
		for (i = 0; i < ARRAY_SIZE(jool_siit_only_globals); i++) {
			if (tb[jool_siit_only_globals[i]])
				return -EINVAL;
		}
		err = jool_nat64_globals_parse(tb, &cfg->nat64);
		if (err)
			return err;
	} else {
		/* Likewise, a SIIT has no sessions to apply these to. */
		for (i = 0; i < ARRAY_SIZE(jool_nat64_only_globals); i++) {
			if (tb[jool_nat64_only_globals[i]])
				return -EINVAL;
		}
	}

	cfg->manually_enabled =
		jool_nla_bool(tb[NFTA_JOOL_GLOBAL_MANUALLY_ENABLED],
			      NFT_JOOL_DEFAULT_MANUALLY_ENABLED);
	cfg->zeroize_traffic_class =
		jool_nla_bool(tb[NFTA_JOOL_GLOBAL_ZEROIZE_TRAFFIC_CLASS],
			      NFT_JOOL_DEFAULT_ZEROIZE_TRAFFIC_CLASS);
	cfg->override_tos =
		jool_nla_bool(tb[NFTA_JOOL_GLOBAL_OVERRIDE_TOS],
			      NFT_JOOL_DEFAULT_OVERRIDE_TOS);
	cfg->amend_udp_checksum_zero =
		jool_nla_bool(tb[NFTA_JOOL_GLOBAL_AMEND_UDP_CHECKSUM_ZERO],
			      NFT_JOOL_DEFAULT_AMEND_UDP_CHECKSUM_ZERO);
	cfg->randomize_rfc6791_addresses =
		jool_nla_bool(tb[NFTA_JOOL_GLOBAL_RANDOMIZE_RFC6791_ADDRESSES],
			      NFT_JOOL_DEFAULT_RANDOMIZE_RFC6791_ADDRESSES);

	cfg->tos = tb[NFTA_JOOL_GLOBAL_TOS] ?
		   nla_get_u8(tb[NFTA_JOOL_GLOBAL_TOS]) :
		   NFT_JOOL_DEFAULT_TOS;
	cfg->eam_hairpin_mode = tb[NFTA_JOOL_GLOBAL_EAM_HAIRPIN_MODE] ?
		nla_get_u8(tb[NFTA_JOOL_GLOBAL_EAM_HAIRPIN_MODE]) :
		NFT_JOOL_DEFAULT_EAM_HAIRPIN_MODE;

	cfg->lowest_ipv6_mtu = NFT_JOOL_DEFAULT_LOWEST_IPV6_MTU;
	if (tb[NFTA_JOOL_GLOBAL_LOWEST_IPV6_MTU]) {
		cfg->lowest_ipv6_mtu =
			ntohl(nla_get_be32(tb[NFTA_JOOL_GLOBAL_LOWEST_IPV6_MTU]));
		if (cfg->lowest_ipv6_mtu < JOOL_LOWEST_IPV6_MTU_MIN ||
		    cfg->lowest_ipv6_mtu > JOOL_LOWEST_IPV6_MTU_MAX)
			return -EINVAL;
	}

	if (tb[NFTA_JOOL_GLOBAL_MTU_PLATEAUS]) {
		err = jool_plateaus_parse(tb[NFTA_JOOL_GLOBAL_MTU_PLATEAUS],
					  cfg);
		if (err)
			return err;
	} else {
		BUILD_BUG_ON(ARRAY_SIZE(jool_default_plateaus) >
			     NFT_JOOL_MTU_PLATEAUS_MAX);
		memcpy(cfg->mtu_plateaus, jool_default_plateaus,
		       sizeof(jool_default_plateaus));
		cfg->mtu_plateau_count = ARRAY_SIZE(jool_default_plateaus);
	}

	/* Unset by default: the interface's own address is used instead. */
	if (tb[NFTA_JOOL_GLOBAL_RFC6791V6_PREFIX]) {
		err = jool_prefix6_parse(tb[NFTA_JOOL_GLOBAL_RFC6791V6_PREFIX],
					 &cfg->rfc6791v6);
		if (err)
			return err;
		cfg->rfc6791v6_set = true;
	}
	if (tb[NFTA_JOOL_GLOBAL_RFC6791V4_PREFIX]) {
		err = jool_prefix4_parse(tb[NFTA_JOOL_GLOBAL_RFC6791V4_PREFIX],
					 &cfg->rfc6791v4);
		if (err)
			return err;
		cfg->rfc6791v4_set = true;
	}

	return 0;
}

static bool jool_u32_attr_ok(const struct nlattr *attr)
{
	return !attr || nla_len(attr) == sizeof(__be32);
}

/* A part carries records of its instance's tables and nothing else. */
static int jool_part_parse(const struct nlattr * const tb[],
			   struct jool_config *cfg)
{
	if (tb[NFTA_JOOL_OBJ_POOL6] || tb[NFTA_JOOL_OBJ_GLOBALS] ||
	    tb[NFTA_JOOL_OBJ_PARTS] || !tb[NFTA_JOOL_OBJ_PART_OF] ||
	    !tb[NFTA_JOOL_OBJ_PART_INDEX] || nla_len(tb[NFTA_JOOL_OBJ_PART_OF]) < 1)
		return -EINVAL;

	cfg->part_index = ntohl(nla_get_be32(tb[NFTA_JOOL_OBJ_PART_INDEX]));
	if (cfg->part_index < 1 || cfg->part_index > NFT_JOOL_PARTS_MAX)
		return -EINVAL;
	cfg->part_of = nla_strdup(tb[NFTA_JOOL_OBJ_PART_OF], GFP_KERNEL_ACCOUNT);
	if (!cfg->part_of)
		return -ENOMEM;
	if (!cfg->part_of[0])
		return -EINVAL;

	return jool_records_parse(tb, &cfg->own) ?:
	       jool_records_check(&cfg->own);
}

struct jool_config *jool_config_parse(const struct nft_ctx *ctx,
				      const struct nlattr * const tb[])
{
	struct jool_config *cfg;
	int err;

	if (!tb[NFTA_JOOL_OBJ_TYPE] ||
	    !jool_u32_attr_ok(tb[NFTA_JOOL_OBJ_TYPE]) ||
	    !jool_u32_attr_ok(tb[NFTA_JOOL_OBJ_PARTS]) ||
	    !jool_u32_attr_ok(tb[NFTA_JOOL_OBJ_PART_INDEX]))
		return ERR_PTR(-EINVAL);

	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL_ACCOUNT);
	if (!cfg)
		return ERR_PTR(-ENOMEM);

	cfg->type = ntohl(nla_get_be32(tb[NFTA_JOOL_OBJ_TYPE]));
	if (cfg->type == NFT_JOOL_TYPE_PART) {
		err = jool_part_parse(tb, cfg);
		if (err)
			goto fail;
		return cfg;
	}
	if ((cfg->type != NFT_JOOL_TYPE_SIIT &&
	     cfg->type != NFT_JOOL_TYPE_NAT64) ||
	    tb[NFTA_JOOL_OBJ_PART_OF] || tb[NFTA_JOOL_OBJ_PART_INDEX]) {
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

	if (tb[NFTA_JOOL_OBJ_PARTS]) {
		cfg->parts = ntohl(nla_get_be32(tb[NFTA_JOOL_OBJ_PARTS]));
		if (cfg->parts > NFT_JOOL_PARTS_MAX) {
			err = -EINVAL;
			goto fail;
		}
	}
	err = jool_records_parse(tb, &cfg->own);
	if (err)
		goto fail;
	err = jool_tables_build(ctx, cfg);
	if (err)
		goto fail;

	return cfg;

fail:
	jool_tables_free(cfg);
	kfree(cfg);
	return ERR_PTR(err);
}

static int jool_plateaus_dump(struct sk_buff *skb,
			      const struct jool_config *cfg)
{
	__be16 buf[NFT_JOOL_MTU_PLATEAUS_MAX];
	unsigned int i;

	for (i = 0; i < cfg->mtu_plateau_count; i++)
		buf[i] = cpu_to_be16(cfg->mtu_plateaus[i]);

	return nla_put(skb, NFTA_JOOL_GLOBAL_MTU_PLATEAUS,
		       cfg->mtu_plateau_count * sizeof(buf[0]), buf);
}

static int jool_nat64_globals_dump(struct sk_buff *skb,
				   const struct jool_nat64_config *n)
{
	if (nla_put_u8(skb, NFTA_JOOL_GLOBAL_ADDRESS_DEPENDENT_FILTERING,
		       n->address_dependent_filtering) ||
	    nla_put_u8(skb, NFTA_JOOL_GLOBAL_DROP_EXTERNALLY_INITIATED_TCP,
		       n->drop_externally_initiated_tcp) ||
	    nla_put_u8(skb, NFTA_JOOL_GLOBAL_DROP_ICMPV6_INFO,
		       n->drop_icmpv6_info) ||
	    nla_put_u8(skb, NFTA_JOOL_GLOBAL_SOURCE_ICMPV6_ERRORS_BETTER,
		       n->source_icmpv6_errors_better) ||
	    nla_put_u8(skb, NFTA_JOOL_GLOBAL_F_ARGS, n->f_args) ||
	    nla_put_u8(skb, NFTA_JOOL_GLOBAL_HANDLE_RST_DURING_FIN_RCV,
		       n->handle_rst_during_fin_rcv) ||
	    nla_put_be32(skb, NFTA_JOOL_GLOBAL_TCP_EST_TIMEOUT,
			 htonl(n->tcp_est_timeout)) ||
	    nla_put_be32(skb, NFTA_JOOL_GLOBAL_TCP_TRANS_TIMEOUT,
			 htonl(n->tcp_trans_timeout)) ||
	    nla_put_be32(skb, NFTA_JOOL_GLOBAL_UDP_TIMEOUT,
			 htonl(n->udp_timeout)) ||
	    nla_put_be32(skb, NFTA_JOOL_GLOBAL_ICMP_TIMEOUT,
			 htonl(n->icmp_timeout)) ||
	    nla_put_u8(skb, NFTA_JOOL_GLOBAL_LOGGING_BIB, n->logging_bib) ||
	    nla_put_u8(skb, NFTA_JOOL_GLOBAL_LOGGING_SESSION,
		       n->logging_session) ||
	    nla_put_be32(skb, NFTA_JOOL_GLOBAL_MAXIMUM_SIMULTANEOUS_OPENS,
			 htonl(n->maximum_simultaneous_opens)))
		return -EMSGSIZE;
	return 0;
}

static int jool_prefix6_dump(struct sk_buff *skb, int type,
			     const struct jool_prefix6 *p)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest || nla_put_in6_addr(skb, NFTA_JOOL_PREFIX_ADDR, &p->addr) ||
	    nla_put_u8(skb, NFTA_JOOL_PREFIX_LEN, p->len))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

int jool_config_dump(struct sk_buff *skb, const struct jool_config *cfg)
{
	struct nlattr *nest, *prefix;

	if (nla_put_be32(skb, NFTA_JOOL_OBJ_TYPE, htonl(cfg->type)))
		return -EMSGSIZE;

	if (cfg->type == NFT_JOOL_TYPE_PART)
		return nla_put_string(skb, NFTA_JOOL_OBJ_PART_OF,
				      cfg->part_of) ||
		       nla_put_be32(skb, NFTA_JOOL_OBJ_PART_INDEX,
				    htonl(cfg->part_index)) ||
		       jool_records_dump(skb, &cfg->own) ? -EMSGSIZE : 0;

	if ((cfg->parts &&
	     nla_put_be32(skb, NFTA_JOOL_OBJ_PARTS, htonl(cfg->parts))) ||
	    jool_records_dump(skb, &cfg->own))
		return -EMSGSIZE;

	if (cfg->pool6_set &&
	    jool_prefix6_dump(skb, NFTA_JOOL_OBJ_POOL6, &cfg->pool6))
		return -EMSGSIZE;

	/*
	 * Every global, not only the non-default ones: userspace decides what
	 * to print. The RFC 6791 prefixes are absent while unset.
	 */
	nest = nla_nest_start(skb, NFTA_JOOL_OBJ_GLOBALS);
	if (!nest ||
	    nla_put_u8(skb, NFTA_JOOL_GLOBAL_MANUALLY_ENABLED,
		       cfg->manually_enabled) ||
	    nla_put_be32(skb, NFTA_JOOL_GLOBAL_LOWEST_IPV6_MTU,
			 htonl(cfg->lowest_ipv6_mtu)) ||
	    nla_put_u8(skb, NFTA_JOOL_GLOBAL_ZEROIZE_TRAFFIC_CLASS,
		       cfg->zeroize_traffic_class) ||
	    nla_put_u8(skb, NFTA_JOOL_GLOBAL_OVERRIDE_TOS, cfg->override_tos) ||
	    nla_put_u8(skb, NFTA_JOOL_GLOBAL_TOS, cfg->tos) ||
	    jool_plateaus_dump(skb, cfg))
		return -EMSGSIZE;

	if (cfg->type == NFT_JOOL_TYPE_SIIT &&
	    (nla_put_u8(skb, NFTA_JOOL_GLOBAL_AMEND_UDP_CHECKSUM_ZERO,
			cfg->amend_udp_checksum_zero) ||
	     nla_put_u8(skb, NFTA_JOOL_GLOBAL_EAM_HAIRPIN_MODE,
			cfg->eam_hairpin_mode) ||
	     nla_put_u8(skb, NFTA_JOOL_GLOBAL_RANDOMIZE_RFC6791_ADDRESSES,
			cfg->randomize_rfc6791_addresses)))
		return -EMSGSIZE;

	if (cfg->type == NFT_JOOL_TYPE_NAT64 &&
	    jool_nat64_globals_dump(skb, &cfg->nat64))
		return -EMSGSIZE;

	if (cfg->rfc6791v6_set &&
	    jool_prefix6_dump(skb, NFTA_JOOL_GLOBAL_RFC6791V6_PREFIX,
			      &cfg->rfc6791v6))
		return -EMSGSIZE;
	if (cfg->rfc6791v4_set) {
		prefix = nla_nest_start(skb, NFTA_JOOL_GLOBAL_RFC6791V4_PREFIX);
		if (!prefix ||
		    nla_put_in_addr(skb, NFTA_JOOL_PREFIX_ADDR,
				    cfg->rfc6791v4.addr) ||
		    nla_put_u8(skb, NFTA_JOOL_PREFIX_LEN, cfg->rfc6791v4.len))
			return -EMSGSIZE;
		nla_nest_end(skb, prefix);
	}
	nla_nest_end(skb, nest);

	return 0;
}

static void jool_config_free_rcu(struct rcu_head *head)
{
	struct jool_config *cfg = container_of(head, struct jool_config, rcu);

	jool_tables_free(cfg);
	kfree(cfg);
}

void jool_config_free(struct jool_config *cfg)
{
	/*
	 * The packet path may still be reading @cfg (an update replaced it
	 * moments ago), so wait for a grace period before freeing.
	 */
	if (cfg)
		call_rcu(&cfg->rcu, jool_config_free_rcu);
}
