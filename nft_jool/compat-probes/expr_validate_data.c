// SPDX-License-Identifier: GPL-2.0
/*
 * Old nft_expr_ops.validate(ctx, expr, data) with three arguments; newer
 * kernels (and stable backports) dropped @data.
 */
#include <linux/module.h>
#include <net/netfilter/nf_tables.h>

static int probe_validate(const struct nft_ctx *ctx,
			  const struct nft_expr *expr,
			  const struct nft_data **data)
{
	return 0;
}

const struct nft_expr_ops probe_ops = {
	.validate = probe_validate,
};

MODULE_LICENSE("GPL");
