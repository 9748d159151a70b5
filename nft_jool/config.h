/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_CONFIG_H
#define _NFT_JOOL_CONFIG_H

#include <linux/types.h>
#include <linux/in6.h>
#include <linux/rcupdate.h>
#include <net/netlink.h>
#include "uapi/nft_jool.h"

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
};

/* Parse NFTA_OBJ_DATA attributes (already split by the object policy). */
struct jool_config *jool_config_parse(const struct nlattr * const tb[]);
int jool_config_dump(struct sk_buff *skb, const struct jool_config *cfg);
void jool_config_free(struct jool_config *cfg);	/* after a grace period */

extern const struct nla_policy jool_obj_policy[NFTA_JOOL_OBJ_MAX + 1];

#endif /* _NFT_JOOL_CONFIG_H */
