/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_INSTANCE_H
#define _NFT_JOOL_INSTANCE_H

#include "config.h"
#include "stats.h"

/*
 * A translator instance lives in the nf_tables object's private area. The
 * object pointer never changes across updates (rules keep pointing at it),
 * so runtime state stored here survives them; only @cfg is replaced.
 */
struct jool_instance {
	struct jool_config __rcu *cfg;
	struct jool_stats __percpu *stats;
};

#endif /* _NFT_JOOL_INSTANCE_H */
