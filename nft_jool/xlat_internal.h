/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_XLAT_INTERNAL_H
#define _NFT_JOOL_XLAT_INTERNAL_H

#include <linux/skbuff.h>
#include <net/dst.h>
#include "xlat.h"

/*
 * The translators. Both decide everything (validation, addresses, L4,
 * route, MTU) before writing anything, so that JOOL_UNTRANSLATABLE always
 * leaves the skb as it was. skb->data must be at the network header.
 */
enum jool_verdict jool_xlat64(struct jool_instance *inst,
			      const struct jool_config *cfg, struct net *net,
			      struct sk_buff *skb);
enum jool_verdict jool_xlat46(struct jool_instance *inst,
			      const struct jool_config *cfg, struct net *net,
			      struct sk_buff *skb);

/* IPv4 addresses that are never translated (they are not routable). */
bool jool_addr4_is_scoped(__be32 addr);

/* Metadata of a packet that became another family's. */
void jool_xlat_reset_meta(struct sk_buff *skb);

/* Route @skb through @dst (reference taken over) and send it. */
enum jool_verdict jool_xlat_send(struct jool_instance *inst, struct net *net,
				 struct sk_buff *skb, struct dst_entry *dst,
				 enum nft_jool_stat done);

/* Every verdict but a successful send goes through one of these. */
static inline enum jool_verdict jool_untranslatable(struct jool_instance *inst,
						    enum nft_jool_stat why)
{
	jool_stats_inc(inst->stats, why);
	return JOOL_UNTRANSLATABLE;
}

static inline enum jool_verdict jool_drop(struct jool_instance *inst,
					  enum nft_jool_stat why)
{
	jool_stats_inc(inst->stats, why);
	return JOOL_DROP;
}

/* For checks that can fail either way: the counter tells which. */
static inline enum jool_verdict jool_reject(struct jool_instance *inst,
					    enum nft_jool_stat why)
{
	switch (why) {
	case NFT_JOOL_STAT_TRUNCATED:
	case NFT_JOOL_STAT_MALFORMED:
	case NFT_JOOL_STAT_SRC_ROUTE:
		return jool_drop(inst, why);
	default:
		return jool_untranslatable(inst, why);
	}
}

/*
 * GSO kinds whose segments the stack can rebuild after the header swap:
 * TCP and UDP segmentation offload of a plain, unencapsulated packet. The
 * family-specific TCP bit is swapped; the others mean the same in both.
 */
#define JOOL_GSO_COMMON (SKB_GSO_TCP_ECN | SKB_GSO_DODGY | SKB_GSO_UDP_L4)

#endif /* _NFT_JOOL_XLAT_INTERNAL_H */
