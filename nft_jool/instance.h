/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_INSTANCE_H
#define _NFT_JOOL_INSTANCE_H

#include <net/netfilter/nf_tables.h>
#include "config.h"
#include "stats.h"

struct jool_nat64;

/*
 * A translator instance lives in the nf_tables object's private area. The
 * object pointer never changes across updates (rules keep pointing at it),
 * so runtime state stored here survives them; only @cfg is replaced.
 */
struct jool_instance {
	struct jool_config __rcu *cfg;
	struct jool_stats __percpu *stats;
	/* Stateful NAT64 only: BIB and sessions (bib.c); NULL otherwise. */
	struct jool_nat64 *nat64;

	/* Part objects: their place in the registry of parts (tables.c). */
	struct list_head part_node;
	const struct nft_table *part_table;
	u64 part_seq;
};

void jool_part_register(const struct nft_ctx *ctx, struct nft_object *obj);
void jool_part_unregister(struct nft_object *obj);

/* nf_tables glue (object.c, expr.c). */
extern struct nft_object_type nft_jool_obj_type;
extern struct nft_expr_type nft_jool_expr_type;

/* Runs @inst on the packet and sets the nf_tables verdict. */
void nft_jool_eval(struct jool_instance *inst, struct nft_regs *regs,
		   const struct nft_pktinfo *pkt);

#endif /* _NFT_JOOL_INSTANCE_H */
