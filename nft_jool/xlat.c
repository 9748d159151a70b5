// SPDX-License-Identifier: GPL-2.0
/*
 * Per-packet driver: pick the direction, hand over to xlat64.c / xlat46.c,
 * and send what they produce.
 */

#include <linux/hash.h>
#include <linux/in.h>
#include <linux/percpu.h>
#include <linux/netfilter.h>
#include <net/netfilter/nf_tables.h>
#include <net/route.h>
#include "xlat_internal.h"

enum jool_verdict jool_xlat_packet(struct jool_instance *inst,
				   struct sk_buff *skb,
				   const struct nft_pktinfo *pkt)
{
	const struct jool_config *cfg = rcu_dereference(inst->cfg);
	struct net *net = nft_net(pkt);
	bool is6;

	switch (nft_pf(pkt)) {
	case NFPROTO_IPV6:
		is6 = true;
		jool_stats_inc(inst->stats, NFT_JOOL_STAT_RECEIVED6);
		break;
	case NFPROTO_IPV4:
		is6 = false;
		jool_stats_inc(inst->stats, NFT_JOOL_STAT_RECEIVED4);
		break;
	default:
		return JOOL_UNTRANSLATABLE;
	}

	if (unlikely(cfg->type == NFT_JOOL_TYPE_PART))
		return JOOL_UNTRANSLATABLE;
	if (!cfg->manually_enabled)
		return jool_untranslatable(inst, NFT_JOOL_STAT_DISABLED);
	/* An EAMT alone is a complete SIIT (RFC 7757 section 3). */
	if (!cfg->pool6_set && !cfg->eamt)
		return jool_untranslatable(inst, NFT_JOOL_STAT_POOL6_UNSET);
	if (unlikely(cfg->type == NFT_JOOL_TYPE_NAT64 && !inst->nat64))
		return JOOL_UNTRANSLATABLE;
	/* The expression runs at prerouting, where this always holds. */
	if (unlikely(skb_network_offset(skb)))
		return JOOL_UNTRANSLATABLE;

	return is6 ? jool_xlat64(inst, cfg, net, skb) :
		     jool_xlat46(inst, cfg, net, skb, false);
}

/*
 * Addresses of the namespace itself, including subnet broadcasts: the
 * local routing table knows both. A FIB lookup per address per packet
 * costs more than the rest of the address translation, so answers are
 * cached per CPU, tagged with the namespace's FIB sequence number, which
 * every change of its routes (addresses included) increments. The
 * namespace is told by its cookie: a pointer could be reused.
 */
#define JOOL_LOCAL_BITS 6

struct jool_local_slot {
	u64 cookie;
	unsigned int seq;
	__be32 addr;
	bool local;
};

static DEFINE_PER_CPU(struct jool_local_slot[1 << JOOL_LOCAL_BITS],
		      jool_local_cache);

static bool jool_is_local4(const void *ctx, __be32 a)
{
	struct net *net = (struct net *)ctx;
	/* Read before the lookup: a change during it makes the slot stale. */
	unsigned int seq = READ_ONCE(net->ipv4.fib_seq);
	struct jool_local_slot *slot;
	unsigned int type;
	bool local;

	slot = &get_cpu_var(jool_local_cache)[hash_32((__force u32)a,
						      JOOL_LOCAL_BITS)];
	if (slot->cookie == net->net_cookie && slot->seq == seq &&
	    slot->addr == a) {
		local = slot->local;
	} else {
		type = inet_addr_type(net, a);
		local = type == RTN_LOCAL || type == RTN_BROADCAST;
		slot->cookie = net->net_cookie;
		slot->seq = seq;
		slot->addr = a;
		slot->local = local;
	}
	put_cpu_var(jool_local_cache);
	return local;
}

void jool_addr_cfg_init(struct jool_addr_cfg *a, const struct jool_config *cfg,
			struct net *net)
{
	a->eamt = cfg->eamt;
	a->denylist4 = cfg->denylist4;
	a->pool6 = cfg->pool6_set ? &cfg->pool6.addr : NULL;
	a->pool6_len = cfg->pool6.len;
	a->is_local4 = jool_is_local4;
	a->ctx = net;
}

void jool_addr_cfg_nat64(struct jool_addr_cfg *a, const struct jool_config *cfg)
{
	a->eamt = NULL;
	a->denylist4 = NULL;
	a->pool6 = cfg->pool6_set ? &cfg->pool6.addr : NULL;
	a->pool6_len = cfg->pool6.len;
	a->is_local4 = NULL;
	a->ctx = NULL;
}

void jool_xlat_reset_meta(struct sk_buff *skb)
{
	/* Conntrack entries belong to the old family's flow. */
	nf_reset_ct(skb);
	/*
	 * The bytes a CHECKSUM_COMPLETE value covered have changed; the L4
	 * checksums were updated incrementally, so let the receiver verify
	 * them instead of fixing up skb->csum (as forwarding does).
	 */
	skb_forward_csum(skb);
	/* A receive timestamp must not become an EDT departure time. */
	skb_clear_tstamp(skb);
	/* The old link-layer header was partly overwritten. */
	skb_reset_mac_header(skb);
}

enum jool_verdict jool_xlat_send(struct jool_instance *inst, struct net *net,
				 struct sk_buff *skb, struct dst_entry *dst,
				 enum nft_jool_stat done)
{
	int err;

	skb_dst_drop(skb);
	skb_dst_set(skb, dst);

	/*
	 * Straight to the output path (POSTROUTING, neighbour): the packet
	 * was routed here, so LOCAL_OUT and FORWARD do not apply to it.
	 */
	err = dst_output(net, NULL, skb);
	if (unlikely(net_xmit_eval(err)))
		jool_stats_inc(inst->stats, NFT_JOOL_STAT_OUTPUT);
	else
		jool_stats_inc(inst->stats, done);
	return JOOL_STOLEN;
}
