/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: the kernel allocators the pure files use, over malloc. */
#ifndef _SHIM_LINUX_SLAB_H
#define _SHIM_LINUX_SLAB_H

#include <stdlib.h>
#include <linux/types.h>

typedef unsigned int gfp_t;

#define GFP_KERNEL	((gfp_t)0xcc0)
#define GFP_ATOMIC	((gfp_t)0x820)

/* Tests may set this to make the next allocation fail. */
extern int shim_fail_alloc;

static inline void *kvmalloc(size_t size, gfp_t gfp)
{
	(void)gfp;
	if (shim_fail_alloc) {
		shim_fail_alloc = 0;
		return NULL;
	}
	return malloc(size);
}

static inline void kvfree(const void *p)
{
	free((void *)p);
}

#endif
