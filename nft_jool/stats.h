/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_STATS_H
#define _NFT_JOOL_STATS_H

#include <linux/percpu.h>
#include <linux/skbuff.h>
#include "uapi/nft_jool.h"

/* Per-CPU, no atomics on the packet path; folded when dumped. */
struct jool_stats {
	u64 c[__NFT_JOOL_STAT_MAX];
};

struct jool_stats __percpu *jool_stats_alloc(void);
void jool_stats_free(struct jool_stats __percpu *stats);
void jool_stats_fold(struct jool_stats __percpu *stats, u64 *out);
/* Puts NFTA_JOOL_OBJ_STATS; @reset zeroes exactly what was dumped. */
int jool_stats_dump(struct sk_buff *skb, struct jool_stats __percpu *stats,
		    bool reset);

/* Packet path: runs in softirq or with BH disabled. */
static inline void jool_stats_inc(struct jool_stats __percpu *stats,
				  enum nft_jool_stat id)
{
	this_cpu_inc(stats->c[id]);
}

#endif /* _NFT_JOOL_STATS_H */
