/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim for <net/checksum.h>: portable versions of the kernel's one's
 * complement helpers, with the same conventions (a __wsum is a 32-bit
 * partial sum of native-endian 16-bit loads; __sum16 is in network order).
 */
#ifndef _SHIM_NET_CHECKSUM_H
#define _SHIM_NET_CHECKSUM_H

#include <linux/types.h>
#include <arpa/inet.h>
#include <string.h>

#define CSUM_MANGLED_0 ((__sum16)0xffff)

static inline __wsum csum_add(__wsum csum, __wsum addend)
{
	u32 res = (u32)csum + (u32)addend;

	return (__wsum)(res + (res < (u32)addend));
}

static inline __wsum csum_sub(__wsum csum, __wsum addend)
{
	return csum_add(csum, ~addend);
}

static inline __sum16 csum_fold(__wsum csum)
{
	u32 sum = (u32)csum;

	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__sum16)~sum;
}

static inline __wsum csum_unfold(__sum16 n)
{
	return (__wsum)n;
}

static inline __wsum csum_partial(const void *buff, int len, __wsum sum)
{
	const u8 *p = buff;
	u64 acc = (u32)sum;
	u16 w;

	for (; len > 1; len -= 2, p += 2) {
		memcpy(&w, p, 2);
		acc += w;
	}
	if (len) {
		u8 last[2] = { *p, 0 };

		memcpy(&w, last, 2);
		acc += w;
	}
	while (acc >> 32)
		acc = (acc & 0xffffffff) + (acc >> 32);
	return (__wsum)acc;
}

#endif
