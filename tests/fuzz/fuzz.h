/* SPDX-License-Identifier: GPL-2.0 */
/* Shared bits of the libFuzzer targets (host only). */
#ifndef _NFT_JOOL_FUZZ_H
#define _NFT_JOOL_FUZZ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The shim's allocation-failure switch (../unit/shim/linux/slab.h). */
int shim_fail_alloc;

/* An invariant broke: report it the way libFuzzer reports a crash. */
#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "invariant failed: %s: ", #cond);	\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		abort();						\
	}								\
} while (0)

/* @n bytes in a buffer of exactly that size, so ASan sees overreads. */
static inline unsigned char *fz_dup(const unsigned char *p, size_t n)
{
	unsigned char *b = malloc(n ? n : 1);

	if (n)
		memcpy(b, p, n);
	return b;
}

#endif
