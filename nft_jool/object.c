// SPDX-License-Identifier: GPL-2.0
/*
 * The "jool" stateful object: one translator instance, named and owned by an
 * nf_tables table. Its private area is a struct jool_instance.
 */

#include <linux/module.h>
#include <linux/netfilter.h>
#include <net/netfilter/nf_tables.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>
#include "bib.h"
#include "compat.h"
#include "genl.h"
#include "instance.h"
#include "xlat.h"

void nft_jool_eval(struct jool_instance *inst, struct nft_regs *regs,
		   const struct nft_pktinfo *pkt)
{
	switch (jool_xlat_packet(inst, pkt->skb, pkt)) {
	case JOOL_STOLEN:
		regs->verdict.code = NF_STOLEN;
		break;
	case JOOL_UNTRANSLATABLE:
		/* Not ours: the next rule gets to look at the packet. */
		regs->verdict.code = NFT_BREAK;
		break;
	case JOOL_DROP:
	default:
		regs->verdict.code = NF_DROP;
		break;
	}
}

/*
 * Reached through "objref". nft_objref only validates hooks for the object
 * types it knows, so this runtime check is all that keeps packets of other
 * hooks and families (netdev ingress is hook 0 too) away from the
 * translator.
 */
static void nft_jool_obj_eval(struct nft_object *obj, struct nft_regs *regs,
			      const struct nft_pktinfo *pkt)
{
	if (nft_hook(pkt) != NF_INET_PRE_ROUTING ||
	    (nft_pf(pkt) != NFPROTO_IPV4 && nft_pf(pkt) != NFPROTO_IPV6)) {
		regs->verdict.code = NFT_BREAK;
		return;
	}

	nft_jool_eval(nft_obj_data(obj), regs, pkt);
}

/* The object that an update of this NEWOBJ would replace, if any. */
static struct nft_object *nft_jool_obj_existing(const struct nft_ctx *ctx)
{
	const struct nlattr *name = ctx->nla ? ctx->nla[NFTA_OBJ_NAME] : NULL;
	struct nft_object *obj;

	if (!name)
		return NULL;
	list_for_each_entry(obj, &ctx->table->objects, list) {
		if (obj->ops->type == &nft_jool_obj_type &&
		    !nla_strcmp(name, obj->key.name) &&
		    nft_is_active_next(ctx->net, obj))
			return obj;
	}
	return NULL;
}

static bool nft_jool_is_part(const struct jool_config *cfg)
{
	return cfg->type == NFT_JOOL_TYPE_PART;
}

/*
 * A NAT64 maps ports, which only the first fragment carries: the instance
 * has its namespace reassemble fragments (nf_defrag, hooked at priority
 * -400, before any chain that may use the instance) while it exists.
 */
static int nft_jool_defrag_enable(struct net *net)
{
	int err;

	err = nf_defrag_ipv4_enable(net);
	if (err)
		return err;
	err = nf_defrag_ipv6_enable(net);
	if (err)
		nf_defrag_ipv4_disable(net);
	return err;
}

static void nft_jool_defrag_disable(struct net *net)
{
	nf_defrag_ipv6_disable(net);
	nf_defrag_ipv4_disable(net);
}

/*
 * Also called for the throwaway object of an update and, after a module
 * autoload, possibly more than once for the same request (the batch is
 * aborted and replayed): allocate, never touch anything global.
 */
static int nft_jool_obj_init(const struct nft_ctx *ctx,
			     const struct nlattr * const tb[],
			     struct nft_object *obj)
{
	struct jool_instance *inst = nft_obj_data(obj);
	struct jool_config *cfg;
	struct nft_object *old;
	int err;

	switch (ctx->family) {
	case NFPROTO_IPV4:
	case NFPROTO_IPV6:
	case NFPROTO_INET:
		break;
	default:
		return -EOPNOTSUPP;
	}

	cfg = jool_config_parse(ctx, tb);
	if (IS_ERR(cfg))
		return PTR_ERR(cfg);

	/*
	 * An update cannot change an object's type: rules and the parts'
	 * readers would see it change its nature (instance or part), and a
	 * NAT64's runtime state means nothing to a SIIT (or is missing).
	 */
	old = nft_jool_obj_existing(ctx);
	if (old) {
		struct jool_instance *cur = nft_obj_data(old);

		if (rcu_dereference_protected(cur->cfg, true)->type !=
		    cfg->type) {
			jool_config_free(cfg);
			return -EINVAL;
		}
	}

	inst->stats = jool_stats_alloc();
	if (!inst->stats) {
		err = -ENOMEM;
		goto err_cfg;
	}

	RCU_INIT_POINTER(inst->cfg, cfg);
	INIT_LIST_HEAD(&inst->part_node);
	inst->nat64 = NULL;
	/*
	 * Also the throwaway object of an update gets state and a defrag
	 * reference: both are cheap, and its destroy gives them back.
	 */
	if (cfg->type == NFT_JOOL_TYPE_NAT64) {
		err = jool_nat64_create(inst, ctx->net);
		if (err)
			goto err_stats;
		err = nft_jool_defrag_enable(ctx->net);
		if (err)
			goto err_nat64;
	}
	if (nft_jool_is_part(cfg)) {
		jool_part_register(ctx, obj);
	} else {
		err = jool_genl_track(ctx, obj);
		if (err)
			goto err_defrag;
	}
	return 0;

err_defrag:
	if (inst->nat64)
		nft_jool_defrag_disable(ctx->net);
err_nat64:
	jool_nat64_destroy(inst);
err_stats:
	jool_stats_free(inst->stats);
err_cfg:
	jool_config_free(cfg);
	return err;
}

/*
 * Runs at commit, with packets flowing, and cannot fail: @newobj was fully
 * built in the prepare phase. Publish its config in the live object and
 * hand the old one to @newobj, whose destroy frees it (after a grace
 * period). The live counters stay where they are.
 */
static void nft_jool_obj_update(struct nft_object *obj,
				struct nft_object *newobj)
{
	struct jool_instance *inst = nft_obj_data(obj);
	struct jool_instance *next = nft_obj_data(newobj);
	struct jool_config *cfg;

	/* Both pointers only change under the nf_tables commit mutex. */
	cfg = rcu_dereference_protected(next->cfg, true);
	/*
	 * A part is only read when its instance is prepared: new records
	 * that no instance read in this batch would be listed but not used.
	 * Keep the old ones, which are (see the uapi header).
	 */
	if (nft_jool_is_part(cfg) && !cfg->consumed) {
		pr_notice_ratelimited("nft_jool: part %u of \"%s\" changed without its instance: ignored\n",
				      cfg->part_index, cfg->part_of);
		return;
	}
	cfg = rcu_replace_pointer(inst->cfg, cfg, true);
	RCU_INIT_POINTER(next->cfg, cfg);
}

/*
 * nf_tables destroys a deleted object only after a grace period, once no
 * rule can reach it. The throwaway object of an update is different: it is
 * destroyed right after nft_jool_obj_update(), with no grace period, while
 * packets may still be reading the config it now holds (the old one). That
 * is why the config is always freed through RCU. The counters need no such
 * care: the throwaway object's were never reachable from the packet path
 * (no rule points at it), and a deleted object's are past its grace period.
 */
static void nft_jool_obj_destroy(const struct nft_ctx *ctx,
				 struct nft_object *obj)
{
	struct jool_instance *inst = nft_obj_data(obj);
	struct jool_config *cfg = rcu_dereference_protected(inst->cfg, true);

	if (!list_empty(&inst->part_node))
		jool_part_unregister(obj);
	else if (!nft_jool_is_part(cfg))
		jool_genl_untrack(obj);
	/* A throwaway's config is the live object's old one: same type. */
	if (inst->nat64) {
		jool_nat64_destroy(inst);
		nft_jool_defrag_disable(ctx->net);
	}
	jool_config_free(cfg);
	jool_stats_free(inst->stats);
}

static int nft_jool_obj_dump(struct sk_buff *skb, struct nft_object *obj,
			     bool reset)
{
	struct jool_instance *inst = nft_obj_data(obj);
	const struct jool_config *cfg;
	bool part;
	int err;

	/* Dumps are not serialised with updates; RCU keeps @cfg alive. */
	rcu_read_lock();
	cfg = rcu_dereference(inst->cfg);
	part = nft_jool_is_part(cfg);
	err = jool_config_dump(skb, cfg);
	rcu_read_unlock();
	if (err)
		return -1;
	if (part)
		return 0;

	if (jool_stats_dump(skb, inst->stats, reset))
		return -1;

	return 0;
}

NFT_JOOL_OBJ_DUMP_ADAPTER(nft_jool_obj_dump)

static const struct nft_object_ops nft_jool_obj_ops = {
	.type		= &nft_jool_obj_type,
	.size		= sizeof(struct jool_instance),
	.eval		= nft_jool_obj_eval,
	.init		= nft_jool_obj_init,
	.destroy	= nft_jool_obj_destroy,
	.dump		= NFT_JOOL_OBJ_DUMP(nft_jool_obj_dump),
	.update		= nft_jool_obj_update,
};

struct nft_object_type nft_jool_obj_type __read_mostly = {
	.type		= NFT_OBJECT_JOOL,
	.ops		= &nft_jool_obj_ops,
	.maxattr	= NFTA_JOOL_OBJ_MAX,
	.policy		= jool_obj_policy,
	.owner		= THIS_MODULE,
};
