/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernels we build against lives here, driven
 * by the compile-time probes in compat-probes/ (their result is the
 * generated header below). The rest of the module is written against the
 * newest API and never tests LINUX_VERSION_CODE: stable kernels backport
 * API changes, so version numbers lie.
 */
#ifndef _NFT_JOOL_COMPAT_H
#define _NFT_JOOL_COMPAT_H

#include <net/netfilter/nf_tables.h>
#include "compat-generated.h"

/*
 * nft_expr_ops.dump gained "bool reset" in v6.2 (backported to 6.1.y).
 * Define the dump callback with the new signature, then put
 * NFT_JOOL_EXPR_DUMP_ADAPTER(fn) after it and use NFT_JOOL_EXPR_DUMP(fn) in
 * the ops.
 */
#ifdef NFT_JOOL_HAVE_EXPR_DUMP_RESET
#define NFT_JOOL_EXPR_DUMP_ADAPTER(fn)
#define NFT_JOOL_EXPR_DUMP(fn)	fn
#else
#define NFT_JOOL_EXPR_DUMP_ADAPTER(fn)					\
static int fn##_compat(struct sk_buff *skb, const struct nft_expr *expr) \
{									\
	return fn(skb, expr, false);					\
}
#define NFT_JOOL_EXPR_DUMP(fn)	fn##_compat
#endif

/* Same for nft_object_ops.dump. */
#ifdef NFT_JOOL_HAVE_OBJ_DUMP_RESET
#define NFT_JOOL_OBJ_DUMP_ADAPTER(fn)
#define NFT_JOOL_OBJ_DUMP(fn)	fn
#else
#define NFT_JOOL_OBJ_DUMP_ADAPTER(fn)					\
static int fn##_compat(struct sk_buff *skb, struct nft_object *obj)	\
{									\
	return fn(skb, obj, false);					\
}
#define NFT_JOOL_OBJ_DUMP(fn)	fn##_compat
#endif

/*
 * nft_expr_ops.validate lost its third argument (const struct nft_data
 * **data) upstream and in several stable lines.
 */
#ifdef NFT_JOOL_HAVE_EXPR_VALIDATE_DATA
#define NFT_JOOL_EXPR_VALIDATE_ADAPTER(fn)				\
static int fn##_compat(const struct nft_ctx *ctx,			\
		       const struct nft_expr *expr,			\
		       const struct nft_data **data)			\
{									\
	return fn(ctx, expr);						\
}
#define NFT_JOOL_EXPR_VALIDATE(fn)	fn##_compat
#else
#define NFT_JOOL_EXPR_VALIDATE_ADAPTER(fn)
#define NFT_JOOL_EXPR_VALIDATE(fn)	fn
#endif

/*
 * nft_expr_ops.reduce only exists while NFT_REDUCE_READONLY does (6.1);
 * it was removed again later.
 */
#ifdef NFT_REDUCE_READONLY
#define NFT_JOOL_HAVE_EXPR_REDUCE 1
#endif

/*
 * Overflow-checked use counters arrived with a 2023 fix that stable
 * kernels picked up; older ones simply increment.
 */
#ifndef NFT_JOOL_HAVE_NFT_USE_INC
static inline bool nft_use_inc(u32 *use)
{
	if (*use == UINT_MAX)
		return false;
	(*use)++;
	return true;
}

static inline void nft_use_dec(u32 *use)
{
	WARN_ON_ONCE((*use)-- == 0);
}

static inline void nft_use_inc_restore(u32 *use)
{
	WARN_ON_ONCE(!nft_use_inc(use));
}
#endif

#endif /* _NFT_JOOL_COMPAT_H */
