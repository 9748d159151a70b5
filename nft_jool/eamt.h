/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_EAMT_H
#define _NFT_JOOL_EAMT_H

#include <linux/types.h>
#include <linux/in6.h>
#include "uapi/nft_jool.h"

/*
 * Prefix tables of a SIIT instance: the EAMT (RFC 7757) and denylist4.
 * Built once from the records of the netlink config, immutable afterwards
 * (an update builds new ones), read under RCU without locks. Lookups walk
 * at most one node per prefix bit, whatever the table size. No skb: host
 * unit-tested.
 */

/* Why a record was refused. */
enum jool_table_error {
	JOOL_TABLE_OK,
	JOOL_TABLE_LEN6,	/* IPv6 prefix length > 128 */
	JOOL_TABLE_LEN4,	/* IPv4 prefix length > 32 */
	JOOL_TABLE_SUFFIX,	/* EAM: IPv4 suffix longer than the IPv6 one */
	JOOL_TABLE_HOST6,	/* IPv6 prefix has host bits set */
	JOOL_TABLE_HOST4,	/* IPv4 prefix has host bits set */
	JOOL_TABLE_PAD,		/* padding octets are not zero */
	JOOL_TABLE_DUP6,	/* EAM: the same IPv6 prefix twice */
	JOOL_TABLE_DUP4,	/* the same IPv4 prefix twice */
	JOOL_TABLE_NOMEM,
};

/* A short English reason, e.g. for a log line. */
const char *jool_table_error_str(enum jool_table_error err);

struct jool_eamt;
struct jool_denylist4;

/*
 * One record on its own (everything but duplicates, which need the whole
 * table): for the records of a part, which no table is built from yet.
 */
enum jool_table_error jool_eam_record_check(const struct nft_jool_eam *r);
enum jool_table_error
jool_prefix4_record_check(const struct nft_jool_prefix4 *r);

/*
 * Build the EAMT from @n records. Entries may overlap (RFC 7757 section
 * 3.2: longest prefix wins, on each side); an IPv6 or IPv4 prefix that
 * appears twice is refused, because one of the two directions would be
 * ambiguous. Returns the table (NULL if @n is 0) or an ERR_PTR; on a bad
 * record, *@err says why and *@bad is its index (for a duplicate: the
 * later one). GFP_KERNEL.
 */
struct jool_eamt *jool_eamt_build(const struct nft_jool_eam *recs,
				  unsigned int n, unsigned int *bad,
				  enum jool_table_error *err);
void jool_eamt_free(struct jool_eamt *t);	/* NULL is fine; no RCU */
unsigned int jool_eamt_count(const struct jool_eamt *t);

/*
 * RFC 7757 section 3.2: the entry with the longest IPv6 (resp. IPv4)
 * prefix containing @a; the suffix bits that follow the prefix are copied
 * to the other side. False if no entry contains @a (or @t is NULL).
 */
bool jool_eamt_6to4(const struct jool_eamt *t, const struct in6_addr *a,
		    __be32 *out);
bool jool_eamt_4to6(const struct jool_eamt *t, __be32 a,
		    struct in6_addr *out);
/* Whether some entry's IPv4 prefix contains @a (hairpin detection). */
bool jool_eamt_has4(const struct jool_eamt *t, __be32 a);

/* denylist4: IPv4 prefixes pool6 must not translate; overlaps allowed. */
struct jool_denylist4 *jool_denylist4_build(const struct nft_jool_prefix4 *recs,
					    unsigned int n, unsigned int *bad,
					    enum jool_table_error *err);
void jool_denylist4_free(struct jool_denylist4 *d);
unsigned int jool_denylist4_count(const struct jool_denylist4 *d);
bool jool_denylist4_has(const struct jool_denylist4 *d, __be32 a);

#endif /* _NFT_JOOL_EAMT_H */
