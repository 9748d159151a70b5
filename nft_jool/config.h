/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_CONFIG_H
#define _NFT_JOOL_CONFIG_H

#include <linux/types.h>
#include <linux/in6.h>
#include <linux/rcupdate.h>
#include <net/netlink.h>
#include "uapi/nft_jool.h"

struct nft_ctx;
struct jool_eamt;
struct jool_denylist4;
struct jool_pool4;

struct jool_prefix6 {
	struct in6_addr addr;
	u8 len;
};

struct jool_prefix4 {
	__be32 addr;
	u8 len;
};

/* Stateful NAT64 globals (type nat64 only); timeouts in seconds. */
struct jool_nat64_config {
	bool address_dependent_filtering;
	bool drop_externally_initiated_tcp;
	bool drop_icmpv6_info;
	bool source_icmpv6_errors_better;
	u8 f_args;			/* 4 bits, see the uapi header */
	bool handle_rst_during_fin_rcv;
	u32 tcp_est_timeout;
	u32 tcp_trans_timeout;
	u32 udp_timeout;
	u32 icmp_timeout;
	bool logging_bib;
	bool logging_session;
	u32 maximum_simultaneous_opens;
};

/* Table records exactly as one object carried them (for its dump). */
enum jool_rec_kind {
	JOOL_REC_EAM,		/* struct nft_jool_eam */
	JOOL_REC_DENY4,		/* struct nft_jool_prefix4 */
	JOOL_REC_POOL4,		/* struct nft_jool_pool4 */
	JOOL_REC_BIB,		/* struct nft_jool_bib */
	JOOL_REC_KINDS
};

struct jool_records {
	void *rec[JOOL_REC_KINDS];
	unsigned int n[JOOL_REC_KINDS];
};

/*
 * One instance's configuration. Immutable once published: an update builds a
 * new one in the prepare phase and swaps the pointer at commit, so the packet
 * path reads it under RCU without locks and without copying it.
 */
struct jool_config {
	struct rcu_head rcu;
	u32 type;			/* enum nft_jool_type */
	bool pool6_set;
	struct jool_prefix6 pool6;
	bool manually_enabled;

	/* Globals (see the uapi header for ranges and defaults). */
	u32 lowest_ipv6_mtu;
	bool zeroize_traffic_class;
	bool override_tos;
	u8 tos;
	u8 mtu_plateau_count;
	u16 mtu_plateaus[NFT_JOOL_MTU_PLATEAUS_MAX];	/* sorted, descending */
	bool amend_udp_checksum_zero;
	u8 eam_hairpin_mode;		/* enum nft_jool_hairpin */
	bool randomize_rfc6791_addresses;
	bool rfc6791v6_set;
	struct jool_prefix6 rfc6791v6;
	bool rfc6791v4_set;
	struct jool_prefix4 rfc6791v4;

	struct jool_nat64_config nat64;	/* zeroed on a SIIT */

	/* This object's own records; an instance also reads its parts'. */
	struct jool_records own;
	u32 parts;			/* instances: part objects 1..parts */

	/* Instances: the tables built from all their records. */
	struct jool_eamt *eamt;		/* NULL when empty */
	struct jool_denylist4 *denylist4;
	struct jool_pool4 *pool4;	/* NAT64 only (then never NULL) */
	struct nft_jool_bib *bib;	/* NAT64 static BIB, IPv6 side order */
	struct nft_jool_bib *bib4;	/* the same entries, IPv4 side order */
	unsigned int bib_n;

	/* Part objects (type NFT_JOOL_TYPE_PART) only. */
	char *part_of;
	u32 part_index;
	bool consumed;		/* read by its instance in this batch */
};

/*
 * Parse NFTA_OBJ_DATA attributes (already split by the object policy). An
 * instance reads the records of its parts here (see the uapi header).
 */
struct jool_config *jool_config_parse(const struct nft_ctx *ctx,
				      const struct nlattr * const tb[]);
int jool_config_dump(struct sk_buff *skb, const struct jool_config *cfg);
void jool_config_free(struct jool_config *cfg);	/* after a grace period */

/* tables.c: records and part objects. */
int jool_records_parse(const struct nlattr * const tb[], struct jool_records *r);
int jool_records_check(const struct jool_records *r);
int jool_records_dump(struct sk_buff *skb, const struct jool_records *r);
void jool_records_free(struct jool_records *r);
int jool_tables_build(const struct nft_ctx *ctx, struct jool_config *cfg);
void jool_tables_free(struct jool_config *cfg);

/*
 * Static BIB lookups (binary searches; ports in network order): the entry
 * of (@proto, @addr6, @port6) or of (@proto, @addr4, @port4), or NULL.
 */
const struct nft_jool_bib *jool_static_bib_find6(const struct jool_config *cfg,
						 u8 proto,
						 const struct in6_addr *addr6,
						 __be16 port6);
const struct nft_jool_bib *jool_static_bib_find4(const struct jool_config *cfg,
						 u8 proto, __be32 addr4,
						 __be16 port4);

extern const struct nla_policy jool_obj_policy[NFTA_JOOL_OBJ_MAX + 1];

#endif /* _NFT_JOOL_CONFIG_H */
