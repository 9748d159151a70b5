// SPDX-License-Identifier: GPL-2.0
/* Overflow-checked use counters (nft_use_inc & co), backported to 6.1.y. */
#include <linux/module.h>
#include <net/netfilter/nf_tables.h>

bool probe_use(u32 *use);

bool probe_use(u32 *use)
{
	if (!nft_use_inc(use))
		return false;
	nft_use_dec(use);
	nft_use_inc_restore(use);
	return true;
}

MODULE_LICENSE("GPL");
