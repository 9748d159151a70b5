/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_GENL_H
#define _NFT_JOOL_GENL_H

#include <net/netfilter/nf_tables.h>

/*
 * The "nft_jool" generic netlink family (uapi header): BIB and session
 * dumps for nft-jool. Instances are found by (netns, family, table, name)
 * through a registry of jool objects, filled by object.c.
 */
int jool_genl_init(void);
void jool_genl_exit(void);

/*
 * Every instance object (not parts), from its init (0 or -ENOMEM: then the
 * init fails, so nft never lists an instance nft-jool cannot find) and its
 * destroy.
 */
int jool_genl_track(const struct nft_ctx *ctx, struct nft_object *obj);
void jool_genl_untrack(struct nft_object *obj);

#endif /* _NFT_JOOL_GENL_H */
