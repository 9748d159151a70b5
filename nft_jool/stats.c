// SPDX-License-Identifier: GPL-2.0
/*
 * Per-instance counters: one u64 array per CPU, bumped without atomics on
 * the packet path, summed up when userspace asks.
 */

#include <linux/gfp.h>
#include <net/netlink.h>
#include "stats.h"

struct jool_stats __percpu *jool_stats_alloc(void)
{
	return alloc_percpu_gfp(struct jool_stats, GFP_KERNEL_ACCOUNT);
}

void jool_stats_free(struct jool_stats __percpu *stats)
{
	free_percpu(stats);
}

/*
 * Readers on other CPUs may see a counter a few packets old; that is fine
 * for statistics. (On 32-bit a u64 read can tear; the module targets
 * 64-bit kernels, where it cannot.)
 */
void jool_stats_fold(struct jool_stats __percpu *stats, u64 *out)
{
	int cpu, i;

	memset(out, 0, sizeof(u64) * __NFT_JOOL_STAT_MAX);
	for_each_possible_cpu(cpu) {
		const struct jool_stats *s = per_cpu_ptr(stats, cpu);

		for (i = 0; i < __NFT_JOOL_STAT_MAX; i++)
			out[i] += READ_ONCE(s->c[i]);
	}
}

/*
 * Zeroing every CPU's counters would race with the packet path and lose
 * increments made between the fold and the reset. Subtracting the dumped
 * totals from the local CPU's slot instead keeps the sum exact (the slots
 * are only ever summed, and u64 arithmetic wraps), like nft_counter does.
 */
static void jool_stats_sub(struct jool_stats __percpu *stats, const u64 *sub)
{
	int i;

	for (i = 0; i < __NFT_JOOL_STAT_MAX; i++)
		this_cpu_sub(stats->c[i], sub[i]);
}

int jool_stats_dump(struct sk_buff *skb, struct jool_stats __percpu *stats,
		    bool reset)
{
	u64 total[__NFT_JOOL_STAT_MAX];
	struct nlattr *nest;
	int i;

	jool_stats_fold(stats, total);

	nest = nla_nest_start(skb, NFTA_JOOL_OBJ_STATS);
	if (!nest)
		return -EMSGSIZE;
	/* Every counter, zero or not, so that userspace sees them all. */
	for (i = NFT_JOOL_STAT_PAD + 1; i < __NFT_JOOL_STAT_MAX; i++) {
		if (nla_put_be64(skb, i, cpu_to_be64(total[i]),
				 NFT_JOOL_STAT_PAD))
			return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);

	if (reset)
		jool_stats_sub(stats, total);

	return 0;
}
