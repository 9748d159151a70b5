/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_XLAT_INTERNAL_H
#define _NFT_JOOL_XLAT_INTERNAL_H

#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/dst.h>
#include "addr.h"
#include "nat64_tcp.h"
#include "xlat.h"

/*
 * The translators. Both decide everything (validation, addresses, L4,
 * route, MTU) before writing anything, so that JOOL_UNTRANSLATABLE always
 * leaves the skb as it was. skb->data must be at the network header.
 */
enum jool_verdict jool_xlat64(struct jool_instance *inst,
			      const struct jool_config *cfg, struct net *net,
			      struct sk_buff *skb);
/*
 * @intrinsic: @skb is the IPv4 form of an IPv6 packet for an EAM address,
 * translated back at once (RFC 7757 section 4, intrinsic mode).
 */
enum jool_verdict jool_xlat46(struct jool_instance *inst,
			      const struct jool_config *cfg, struct net *net,
			      struct sk_buff *skb, bool intrinsic);

/* The address mapping of @cfg, for packets in @net. */
void jool_addr_cfg_init(struct jool_addr_cfg *a, const struct jool_config *cfg,
			struct net *net);

/*
 * Stateful NAT64 (RFC 6146): the IPv4 node's side of every address goes
 * through pool6 only; the IPv6 node's side comes from the BIB. No EAMT, no
 * denylist4 and no "is it local" test: a mask may well be a local address
 * (empty pool4, hairpinning).
 */
void jool_addr_cfg_nat64(struct jool_addr_cfg *a, const struct jool_config *cfg);

static inline bool jool_is_nat64(const struct jool_config *cfg)
{
	return cfg->type == NFT_JOOL_TYPE_NAT64;
}

/* Metadata of a packet that became another family's. */
void jool_xlat_reset_meta(struct sk_buff *skb);

/* Route @skb through @dst (reference taken over) and send it. */
enum jool_verdict jool_xlat_send(struct jool_instance *inst, struct net *net,
				 struct sk_buff *skb, struct dst_entry *dst,
				 enum nft_jool_stat done);

/*
 * ICMP errors (xlat_icmp.c). The outer destination is known to translate;
 * @src_ok says whether the outer source does (else RFC 6791). The ICMP
 * message starts at @l4off, the outer packet has been validated, and
 * @hop_limit is the outer TTL/Hop Limit already decremented.
 *
 * NAT64: the packet in error is mapped through the BIB and the outer
 * addresses follow from it (RFC 6146 sections 3.4 and 3.6): 6->4 ignores
 * @saddr4/@daddr4; 4->6 ignores @daddr6 (may be NULL) and takes @saddr6
 * as the outer source when source-icmpv6-errors-better is on.
 */
enum jool_verdict jool_icmp_err64(struct jool_instance *inst,
				  const struct jool_config *cfg,
				  struct net *net, struct sk_buff *skb,
				  unsigned int l4off, bool src_ok,
				  __be32 saddr4, __be32 daddr4, u8 hop_limit);
enum jool_verdict jool_icmp_err46(struct jool_instance *inst,
				  const struct jool_config *cfg,
				  struct net *net, struct sk_buff *skb,
				  unsigned int l4off, bool src_ok,
				  const struct in6_addr *saddr6,
				  const struct in6_addr *daddr6, u8 hop_limit,
				  bool hairpin);

/* Errors the translator sends itself, about @skb (which stays intact). */
void jool_icmp6_own(struct jool_instance *inst, struct sk_buff *skb,
		    u8 type, u8 code, u32 info);
void jool_icmp4_own(struct jool_instance *inst, struct sk_buff *skb,
		    u8 type, u8 code, u32 info);

/*
 * frag.c: send @skb, an IPv6 packet with a Fragment Header right after the
 * IPv6 header, in fragments of at most @mtu octets (the dst reference is
 * taken over, the skb consumed).
 */
enum jool_verdict jool_frag6_send(struct jool_instance *inst, struct net *net,
				  struct sk_buff *skb, struct dst_entry *dst,
				  unsigned int mtu);

/* Every verdict but a successful send goes through one of these. */
static inline enum jool_verdict jool_untranslatable(struct jool_instance *inst,
						    enum nft_jool_stat why)
{
	jool_stats_inc(inst->stats, why);
	return JOOL_UNTRANSLATABLE;
}

static inline enum jool_verdict jool_drop(struct jool_instance *inst,
					  enum nft_jool_stat why)
{
	jool_stats_inc(inst->stats, why);
	return JOOL_DROP;
}

/* For checks that can fail either way: the counter tells which. */
static inline enum jool_verdict jool_reject(struct jool_instance *inst,
					    enum nft_jool_stat why)
{
	switch (why) {
	case NFT_JOOL_STAT_TRUNCATED:
	case NFT_JOOL_STAT_MALFORMED:
	case NFT_JOOL_STAT_SRC_ROUTE:
	case NFT_JOOL_STAT_FRAGMENT:
	case NFT_JOOL_STAT_EXTHDR:
	case NFT_JOOL_STAT_ICMP_ERROR:
	case NFT_JOOL_STAT_ICMP_CSUM:
	case NFT_JOOL_STAT_UDP_CSUM0:
		return jool_drop(inst, why);
	default:
		return jool_untranslatable(inst, why);
	}
}

/* The flags the NAT64 TCP state machine looks at (nat64_tcp.h). */
static inline u8 jool_tcp_flags(const struct tcphdr *th)
{
	return (th->syn ? JOOL_TCP_SYN : 0) | (th->fin ? JOOL_TCP_FIN : 0) |
	       (th->rst ? JOOL_TCP_RST : 0);
}

/*
 * GSO kinds whose segments the stack can rebuild after the header swap:
 * TCP and UDP segmentation offload of a plain, unencapsulated packet. The
 * family-specific TCP bit is swapped; the others mean the same in both.
 */
#define JOOL_GSO_COMMON (SKB_GSO_TCP_ECN | SKB_GSO_DODGY | SKB_GSO_UDP_L4)

#endif /* _NFT_JOOL_XLAT_INTERNAL_H */
