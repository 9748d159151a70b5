/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: the bit searches the pure files use, over compiler builtins. */
#ifndef _SHIM_LINUX_BITOPS_H
#define _SHIM_LINUX_BITOPS_H

#include <linux/types.h>

/* 1-based index of the most significant set bit; 0 for 0. */
static inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

#endif
