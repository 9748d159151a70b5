// SPDX-License-Identifier: GPL-2.0
/*
 * The "jool" expression: hands the packet to a named jool object of the
 * same table ("jool name alpha"). It behaves like objref by name, plus
 * load-time checks of family and hook that objref cannot do for an
 * out-of-tree object type.
 */

#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <net/netfilter/nf_tables.h>
#include "compat.h"
#include "instance.h"

struct nft_jool_expr {
	struct nft_object *obj;
	u32 flags;
};

static void nft_jool_expr_eval(const struct nft_expr *expr,
			       struct nft_regs *regs,
			       const struct nft_pktinfo *pkt)
{
	const struct nft_jool_expr *priv = nft_expr_priv(expr);

	nft_jool_eval(nft_obj_data(priv->obj), regs, pkt);
}

static const struct nla_policy nft_jool_expr_policy[NFTA_JOOL_EXPR_MAX + 1] = {
	[NFTA_JOOL_EXPR_NAME]	= { .type = NLA_STRING,
				    .len = NFT_JOOL_NAME_MAXLEN - 1 },
	[NFTA_JOOL_EXPR_FLAGS]	= { .type = NLA_U32 },
};

/*
 * nft_obj_lookup() is not exported by newer kernels, so walk the table
 * ourselves. Expression init runs under the nf_tables commit mutex, which
 * is what serialises changes to the object list.
 */
static struct nft_object *nft_jool_obj_find(const struct nft_ctx *ctx,
					    const struct nlattr *name)
{
	struct nft_object *obj;

	list_for_each_entry(obj, &ctx->table->objects, list) {
		if (obj->ops->type == &nft_jool_obj_type &&
		    !nla_strcmp(name, obj->key.name) &&
		    nft_is_active_next(ctx->net, obj))
			return obj;
	}
	return NULL;
}

static int nft_jool_expr_init(const struct nft_ctx *ctx,
			      const struct nft_expr *expr,
			      const struct nlattr * const tb[])
{
	struct nft_jool_expr *priv = nft_expr_priv(expr);
	struct jool_instance *inst;
	struct nft_object *obj;
	u32 flags = 0;

	switch (ctx->family) {
	case NFPROTO_IPV4:
	case NFPROTO_IPV6:
	case NFPROTO_INET:
		break;
	default:
		return -EOPNOTSUPP;
	}

	if (!tb[NFTA_JOOL_EXPR_NAME])
		return -EINVAL;

	/* Reserved: refuse what this version cannot honour. */
	if (tb[NFTA_JOOL_EXPR_FLAGS]) {
		flags = ntohl(nla_get_be32(tb[NFTA_JOOL_EXPR_FLAGS]));
		if (flags)
			return -EOPNOTSUPP;
	}

	obj = nft_jool_obj_find(ctx, tb[NFTA_JOOL_EXPR_NAME]);
	if (!obj)
		return -ENOENT;
	/* Parts only carry records; packets go to instances. */
	inst = nft_obj_data(obj);
	if (rcu_dereference_protected(inst->cfg, true)->type ==
	    NFT_JOOL_TYPE_PART)
		return -EINVAL;

	/* The reference makes deleting the object fail with -EBUSY. */
	if (!nft_use_inc(&obj->use))
		return -EMFILE;

	priv->obj = obj;
	priv->flags = flags;
	return 0;
}

/*
 * Reference accounting as in nft_objref: the reference taken in init is
 * dropped when the rule is deactivated (deletion prepared, or creation
 * aborted or failed) and taken back when such a deletion is aborted. At
 * commit of a deletion the reference is already gone.
 */
static void nft_jool_expr_activate(const struct nft_ctx *ctx,
				   const struct nft_expr *expr)
{
	struct nft_jool_expr *priv = nft_expr_priv(expr);

	nft_use_inc_restore(&priv->obj->use);
}

static void nft_jool_expr_deactivate(const struct nft_ctx *ctx,
				     const struct nft_expr *expr,
				     enum nft_trans_phase phase)
{
	struct nft_jool_expr *priv = nft_expr_priv(expr);

	if (phase == NFT_TRANS_COMMIT)
		return;

	nft_use_dec(&priv->obj->use);
}

static int nft_jool_expr_dump(struct sk_buff *skb, const struct nft_expr *expr,
			      bool reset)
{
	const struct nft_jool_expr *priv = nft_expr_priv(expr);

	if (nla_put_string(skb, NFTA_JOOL_EXPR_NAME, priv->obj->key.name))
		return -1;
	if (priv->flags &&
	    nla_put_be32(skb, NFTA_JOOL_EXPR_FLAGS, htonl(priv->flags)))
		return -1;

	return 0;
}

NFT_JOOL_EXPR_DUMP_ADAPTER(nft_jool_expr_dump)

/*
 * Prerouting only: the translated packet is routed afresh and replaces the
 * original, which must not have been routed (or delivered) already.
 * Non-base chains pass here; nf_tables validates them again through every
 * base chain that jumps to them.
 */
static int nft_jool_expr_validate(const struct nft_ctx *ctx,
				  const struct nft_expr *expr)
{
	int err;

	err = nft_chain_validate_hooks(ctx->chain, 1 << NF_INET_PRE_ROUTING);
	if (err)
		return err;

	/*
	 * Before defragmentation (-400) an instance would see fragments that
	 * NAT64 cannot map and that the stack has not yet validated; refuse
	 * rather than translate some packets differently depending on where
	 * the rule sits. NF_IP6_PRI_CONNTRACK_DEFRAG has the same value.
	 */
	if (nft_is_base_chain(ctx->chain) &&
	    nft_base_chain(ctx->chain)->ops.priority <=
	    NF_IP_PRI_CONNTRACK_DEFRAG)
		return -EOPNOTSUPP;

	return 0;
}

NFT_JOOL_EXPR_VALIDATE_ADAPTER(nft_jool_expr_validate)

static const struct nft_expr_ops nft_jool_expr_ops = {
	.type		= &nft_jool_expr_type,
	.size		= NFT_EXPR_SIZE(sizeof(struct nft_jool_expr)),
	.eval		= nft_jool_expr_eval,
	.init		= nft_jool_expr_init,
	.activate	= nft_jool_expr_activate,
	.deactivate	= nft_jool_expr_deactivate,
	.dump		= NFT_JOOL_EXPR_DUMP(nft_jool_expr_dump),
	.validate	= NFT_JOOL_EXPR_VALIDATE(nft_jool_expr_validate),
#ifdef NFT_JOOL_HAVE_EXPR_REDUCE
	/* No register is written, so tracked register contents stay valid. */
	.reduce		= NFT_REDUCE_READONLY,
#endif
};

struct nft_expr_type nft_jool_expr_type __read_mostly = {
	.name		= "jool",
	.family		= NFPROTO_UNSPEC,
	.ops		= &nft_jool_expr_ops,
	.policy		= nft_jool_expr_policy,
	.maxattr	= NFTA_JOOL_EXPR_MAX,
	.owner		= THIS_MODULE,
};
