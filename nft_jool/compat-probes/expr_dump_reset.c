// SPDX-License-Identifier: GPL-2.0
/* nft_expr_ops.dump(skb, expr, bool reset): upstream v6.2, backported to 6.1.y. */
#include <linux/module.h>
#include <net/netfilter/nf_tables.h>

static int probe_dump(struct sk_buff *skb, const struct nft_expr *expr,
		      bool reset)
{
	return 0;
}

const struct nft_expr_ops probe_ops = {
	.dump = probe_dump,
};

MODULE_LICENSE("GPL");
