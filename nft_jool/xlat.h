/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_XLAT_H
#define _NFT_JOOL_XLAT_H

#include <net/netfilter/nf_tables.h>
#include "instance.h"

enum jool_verdict {
	JOOL_STOLEN,		/* translated and sent; the skb is gone */
	JOOL_UNTRANSLATABLE,	/* untouched; evaluation goes on */
	JOOL_DROP,		/* the caller drops it */
};

/*
 * Translate one packet through @inst. Called from the expression's eval, in
 * an RCU read-side section with BH disabled. On JOOL_UNTRANSLATABLE the skb
 * has not been modified in any way visible to later rules.
 */
enum jool_verdict jool_xlat_packet(struct jool_instance *inst,
				   struct sk_buff *skb,
				   const struct nft_pktinfo *pkt);

#endif /* _NFT_JOOL_XLAT_H */
