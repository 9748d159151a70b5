// SPDX-License-Identifier: GPL-2.0
/* nft_object_ops.dump(skb, obj, bool reset). */
#include <linux/module.h>
#include <net/netfilter/nf_tables.h>

static int probe_dump(struct sk_buff *skb, struct nft_object *obj, bool reset)
{
	return 0;
}

const struct nft_object_ops probe_ops = {
	.dump = probe_dump,
};

MODULE_LICENSE("GPL");
