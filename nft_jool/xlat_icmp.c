// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP errors: translating those that pass through (RFC 7915 sections
 * 4.2-4.3 and 5.2-5.3) and sending the translator's own.
 *
 * A translated error is built in a new skb: it is small, limited in size
 * (576 octets for ICMPv4, 1280 for ICMPv6), its packet in error changes
 * length, and its checksum is computed over the new message anyway.
 * RFC 4884 extensions are not translated: the message is cut after the
 * original datagram and its length field is 0 (a plain RFC 792/4443
 * error).
 */

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/addrconf.h>
#include <net/dsfield.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/route.h>
#include "bib.h"
#include "csum.h"
#include "exthdr.h"
#include "icmp.h"
#include "icmp_err.h"
#include "eamt.h"
#include "xlat_internal.h"

#define HDR6 sizeof(struct ipv6hdr)
#define HDR4 sizeof(struct iphdr)
#define ICMPHDR 8

/*
 * Make the ICMP message at @off readable as far as a translation can use
 * it (the rest would be cut off anyway), and check its checksum.
 */
static enum nft_jool_stat pull_and_check(struct sk_buff *skb,
					 unsigned int off, bool v6)
{
	unsigned int len = skb->len - off;
	__wsum csum;

	if (len < ICMPHDR)
		return NFT_JOOL_STAT_TRUNCATED;
	if (!pskb_may_pull(skb, off + min_t(unsigned int, len,
					    ICMPHDR + JOOL_ICMP6_ERR_MAX)))
		return NFT_JOOL_STAT_TRUNCATED;
	csum = skb_checksum(skb, off, len, 0);
	if (v6 ? csum_ipv6_magic(&ipv6_hdr(skb)->saddr, &ipv6_hdr(skb)->daddr,
				 len, IPPROTO_ICMPV6, csum) :
		 csum_fold(csum))
		return NFT_JOOL_STAT_ICMP_CSUM;
	return NFT_JOOL_STAT_UNSPEC;
}

static u32 in_mtu(const struct sk_buff *skb, u32 dflt)
{
	return skb->dev ? READ_ONCE(skb->dev->mtu) : dflt;
}

static struct sk_buff *new_skb(unsigned int size, const struct sk_buff *old)
{
	struct sk_buff *skb = alloc_skb(LL_MAX_HEADER + size, GFP_ATOMIC);

	if (!skb)
		return NULL;
	skb_reserve(skb, LL_MAX_HEADER);
	skb_put(skb, size);
	skb_reset_network_header(skb);
	skb->mark = old->mark;
	skb->priority = old->priority;
	return skb;
}

static u16 get16(const u8 *p)
{
	return (u16)p[0] << 8 | p[1];
}

/* The 16-bit field at @p (unaligned) becomes @v; its checksum diff. */
static __wsum set16(u8 *p, u16 v)
{
	__be16 old, new = htons(v);

	memcpy(&old, p, sizeof(old));
	memcpy(p, &new, sizeof(new));
	return jool_csum_u16_diff(old, new);
}

/* Checksum field at @p (unaligned) after @diff; UDP: 0 stays "none". */
static void fix_check(u8 *p, __wsum diff, bool udp)
{
	__sum16 check;

	memcpy(&check, p, sizeof(check));
	if (udp && !check)
		return;
	check = jool_csum_apply(check, diff);
	if (udp && !check)
		check = CSUM_MANGLED_0;
	memcpy(p, &check, sizeof(check));
}

/*
 * The port (ICMP: echo identifier) of the packet in error at @l4 (@n
 * octets present) that belongs to the NAT64's IPv6 node: the destination
 * of a 6->4 error's packet (@dst), the source of a 4->6 one's (RFC 6146
 * section 3.4: the tuple of an error is its packet's, reversed). An echo
 * identifier is the IPv6 node's in requests and replies alike. The port
 * (*@nat_proto: the BIB's protocol), or -1 when the packet has none.
 */
static int inner_port(const u8 *l4, unsigned int n, u8 proto, bool dst,
		      u8 *nat_proto)
{
	switch (proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		if (n < 4)
			return -1;
		*nat_proto = proto;
		return get16(l4 + (dst ? 2 : 0));
	case IPPROTO_ICMPV6:
		if (n < 6 || (l4[0] != ICMPV6_ECHO_REQUEST &&
			      l4[0] != ICMPV6_ECHO_REPLY))
			return -1;
		*nat_proto = IPPROTO_ICMP;
		return get16(l4 + 4);
	case IPPROTO_ICMP:
		if (n < 6 || (l4[0] != ICMP_ECHO && l4[0] != ICMP_ECHOREPLY))
			return -1;
		*nat_proto = IPPROTO_ICMP;
		return get16(l4 + 4);
	}
	return -1;
}

/*
 * Rewrite the IPv6 node's side of the IPv6 packet in error at @p (@len
 * octets, first fragment or whole) to @addr/@port: the address at
 * @addr_off (8: source, 24: destination) and the port (ICMPv6: the echo
 * identifier), with its L4 checksum when present.
 */
static void inner6_rewrite(u8 *p, unsigned int len, unsigned int l4off,
			   u8 proto, unsigned int addr_off,
			   const struct in6_addr *addr, u16 port)
{
	unsigned int n = len > l4off ? len - l4off : 0;
	u8 *l4 = p + l4off;
	struct in6_addr old;
	__wsum diff;

	memcpy(&old, p + addr_off, sizeof(old));
	memcpy(p + addr_off, addr, sizeof(*addr));
	diff = jool_csum_addr6_diff(&old, addr);
	switch (proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		if (n < 4)
			return;
		diff = csum_add(diff, set16(l4 + (addr_off == 8 ? 0 : 2),
					    port));
		if (proto == IPPROTO_TCP && n >= 18)
			fix_check(l4 + 16, diff, false);
		else if (proto == IPPROTO_UDP && n >= 8)
			fix_check(l4 + 6, diff, true);
		return;
	case IPPROTO_ICMPV6:
		if (n < 6)
			return;
		diff = csum_add(diff, set16(l4 + 4, port));
		fix_check(l4 + 2, diff, false);
		return;
	}
}

/*
 * NAT64, 6->4 (RFC 6146 sections 3.4 and 3.6): the packet in error went
 * from the IPv4 node (pool6 form, remote4:rport) to the IPv6 node
 * (addr6:port6), which the BIB maps to addr4:port4. Fills @t and writes
 * into @buf a copy of the @inlen octets at @in whose destination is already
 * the mask in pool6 form, so that the SIIT code (jool_inner64()) makes
 * remote4:rport -> addr4:port4 of it.
 */
static enum nft_jool_stat nat64_inner64(struct jool_instance *inst,
					const struct jool_addr_cfg *ac,
					const u8 *in, unsigned int inlen,
					u8 *buf, struct jool_nat64_tuple *t)
{
	struct in6_addr s6, m6;
	struct jool_exthdr eh;
	enum nft_jool_stat why;
	unsigned int need;
	int port;

	if (inlen < HDR6)
		return NFT_JOOL_STAT_TRUNCATED;
	if (in[0] >> 4 != 6)
		return NFT_JOOL_STAT_MALFORMED;
	why = jool_exthdr_walk(in, inlen, HDR6 + get16(in + 4), &eh, &need);
	if (why)
		return why;
	memset(t, 0, sizeof(*t));
	/* RFC 7915 section 5.2: no error about an error. */
	if (!eh.offset && eh.proto == IPPROTO_ICMPV6 && inlen > eh.l4off &&
	    jool_icmp6_is_error(in[eh.l4off]))
		return NFT_JOOL_STAT_ICMP_ERROR;
	/* A later fragment has no ports: no flow to find. */
	port = eh.offset ? -1 :
	       inner_port(in + eh.l4off, inlen > eh.l4off ? inlen - eh.l4off : 0,
			  eh.proto, true, &t->proto);
	if (port < 0)
		return NFT_JOOL_STAT_INNER_NO_BIB;
	t->port6 = port;
	memcpy(&t->addr6, in + 24, sizeof(t->addr6));
	if (!jool_nat64_bib_find6(inst, t))
		return NFT_JOOL_STAT_INNER_NO_BIB;
	memcpy(&s6, in + 8, sizeof(s6));
	if (!jool_addr_6to4(ac, &s6, &t->remote4))
		return NFT_JOOL_STAT_SRC6;
	if (t->proto != IPPROTO_ICMP)
		t->rport = get16(in + eh.l4off);
	if (!jool_addr_4to6(ac, t->addr4, false, &m6))
		return NFT_JOOL_STAT_SRC6;

	memcpy(buf, in, inlen);
	inner6_rewrite(buf, inlen, eh.l4off, eh.proto, 24, &m6, t->port4);
	return NFT_JOOL_STAT_UNSPEC;
}

/*
 * NAT64, 4->6: the packet in error went from the mask (addr4:port4) to the
 * IPv4 node (remote4:rport); the BIB gives the IPv6 node behind the mask.
 */
static enum nft_jool_stat nat64_find46(struct jool_instance *inst,
				       const struct jool_config *cfg,
				       struct net *net, const u8 *in,
				       unsigned int inlen,
				       struct jool_nat64_tuple *t)
{
	unsigned int hlen;
	int port;

	if (inlen < HDR4)
		return NFT_JOOL_STAT_TRUNCATED;
	if (in[0] >> 4 != 4 || (in[0] & 0xf) < 5)
		return NFT_JOOL_STAT_MALFORMED;
	hlen = (in[0] & 0xf) * 4;
	if (inlen < hlen)
		return NFT_JOOL_STAT_TRUNCATED;
	memset(t, 0, sizeof(*t));
	memcpy(&t->addr4, in + 12, sizeof(t->addr4));
	memcpy(&t->remote4, in + 16, sizeof(t->remote4));
	/* RFC 7915 section 4.2: no error about an error. */
	if (!(get16(in + 6) & IP_OFFSET) && in[9] == IPPROTO_ICMP &&
	    inlen > hlen && jool_icmp4_is_error(in[hlen]))
		return NFT_JOOL_STAT_ICMP_ERROR;
	port = get16(in + 6) & IP_OFFSET ? -1 :
	       inner_port(in + hlen, inlen - hlen, in[9], false, &t->proto);
	if (port < 0)
		return NFT_JOOL_STAT_INNER_NO_BIB;
	t->port4 = port;
	if (t->proto != IPPROTO_ICMP)
		t->rport = get16(in + hlen + 2);
	if (jool_nat64_bib_find4(inst, t))
		return NFT_JOOL_STAT_UNSPEC;
	/*
	 * Not a flow of ours: an error about the translator's own traffic
	 * (its address may be a mask with an empty pool4) is the host's.
	 */
	if (!jool_nat64_is_mask(cfg, net, t->proto, t->addr4, t->port4))
		return NFT_JOOL_STAT_DST4;
	return NFT_JOOL_STAT_INNER_NO_BIB;
}

/* Condition B of Jool's intrinsic hairpin: the inner source's pool6 form. */
static bool inner_is_hairpin(const struct jool_config *cfg,
			     const struct jool_addr_cfg *ac, const u8 *inner,
			     unsigned int inlen)
{
	struct in6_addr s6;
	__be32 s4;

	if (cfg->eam_hairpin_mode != NFT_JOOL_HAIRPIN_INTRINSIC ||
	    inlen < HDR6)
		return false;
	memcpy(&s6, inner + 8, sizeof(s6));
	return jool_addr_6to4(ac, &s6, &s4) == JOOL_ADDR_RFC6052 &&
	       jool_eamt_has4(cfg->eamt, s4);
}

enum jool_verdict jool_icmp_err64(struct jool_instance *inst,
				  const struct jool_config *cfg,
				  struct net *net, struct sk_buff *skb,
				  unsigned int l4off, bool src_ok,
				  __be32 saddr4, __be32 daddr4, u8 hop_limit)
{
	struct jool_addr_cfg ac;
	struct jool_inner_cfg icfg = {
		.addr = &ac,
		.override_tos = cfg->override_tos,
		.tos = cfg->tos,
	};
	struct flowi4 fl4 = {
		.flowi4_mark = skb->mark,
		.flowi4_proto = IPPROTO_ICMP,
		.flowi4_flags = FLOWI_FLAG_ANYSRC,
	};
	const struct icmp6hdr *ih6;
	struct jool_icmp_map map;
	struct jool_exthdr eh;
	enum nft_jool_stat why;
	unsigned int inlen, outlen, need;
	struct sk_buff *nskb;
	struct icmphdr *ih;
	struct rtable *rt;
	struct iphdr *iph;
	const u8 *inner;
	struct jool_nat64_tuple t;
	bool nat64 = jool_is_nat64(cfg);
	u8 ptr4 = 0, tos, *buf = NULL;
	u16 mtu = 0;
	bool hairpin;
	enum jool_verdict v;

	if (nat64)
		jool_addr_cfg_nat64(&ac, cfg);
	else
		jool_addr_cfg_init(&ac, cfg, net);
	why = pull_and_check(skb, l4off, true);
	if (why)
		return jool_reject(inst, why);
	ih6 = (const struct icmp6hdr *)(skb->data + l4off);
	if (jool_icmp_map64(ih6->icmp6_type, ih6->icmp6_code, &map))
		return jool_untranslatable(inst, NFT_JOOL_STAT_ICMP6_TYPE);
	if (map.rest == JOOL_ICMP_REST_PTR_MAP &&
	    jool_icmp_ptr64(ntohl(ih6->icmp6_pointer), &ptr4))
		return jool_untranslatable(inst, NFT_JOOL_STAT_ICMP6_TYPE);

	inner = skb->data + l4off + ICMPHDR;
	inlen = min_t(unsigned int, skb->len - l4off - ICMPHDR,
		      skb_headlen(skb) - l4off - ICMPHDR);
	/* RFC 4884 section 4.5: the length octet of these two types. */
	if (ih6->icmp6_type == ICMPV6_DEST_UNREACH ||
	    ih6->icmp6_type == ICMPV6_TIME_EXCEED)
		inlen = jool_icmp_rfc4884_len(((const u8 *)ih6)[4], 8, inlen);
	tos = cfg->override_tos ? cfg->tos : ipv6_get_dsfield(ipv6_hdr(skb));

	if (nat64) {
		/*
		 * RFC 6146 sections 3.4 and 3.6: the outer addresses are the
		 * flow's (from the mask to the IPv4 node), whoever sent the
		 * error; the packet in error is mapped through the BIB.
		 */
		buf = kmalloc(max(inlen, 1U), GFP_ATOMIC);
		if (!buf)
			return jool_drop(inst, NFT_JOOL_STAT_ENOMEM);
		why = nat64_inner64(inst, &ac, inner, inlen, buf, &t);
		if (why) {
			kfree(buf);
			if (why == NFT_JOOL_STAT_INNER_NO_BIB)
				return jool_drop(inst, why);
			return jool_reject(inst, why);
		}
		inner = buf;
		saddr4 = t.addr4;
		daddr4 = t.remote4;
		/* RFC 6146 section 3.8, as for the flow's own packets. */
		hairpin = jool_nat64_is_mask(cfg, net, t.proto, t.remote4,
					     t.proto == IPPROTO_ICMP ? t.port4 :
								       t.rport);
	} else if (!src_ok) {
		/* RFC 7915 section 5.2 and RFC 6791: a source for the router. */
		if (cfg->rfc6791v4_set)
			saddr4 = htonl(jool_rfc6791_addr4(
				ntohl(cfg->rfc6791v4.addr), cfg->rfc6791v4.len,
				cfg->randomize_rfc6791_addresses ?
				get_random_u32() : ipv6_hdr(skb)->hop_limit));
		else
			saddr4 = 0;	/* the outgoing interface's, below */
	}
	/*
	 * RFC 7757 section 4: the packet in error went from one IPv6 node to
	 * another through an EAM address; so does the error, back at once.
	 */
	if (!nat64)
		hairpin = saddr4 && inner_is_hairpin(cfg, &ac, inner, inlen);
	if (hairpin) {
		rt = NULL;
		if (map.rest == JOOL_ICMP_REST_MTU) {
			eh.frag = false;
			jool_exthdr_walk(inner, inlen, inlen, &eh, &need);
			mtu = jool_mtu_fn(ntohl(ih6->icmp6_mtu), eh.frag,
					  IP_MAX_MTU,
					  in_mtu(skb, IPV6_MIN_MTU));
		}
		goto build;
	}
	fl4.daddr = daddr4;
	fl4.saddr = saddr4;
	fl4.flowi4_tos = RT_TOS(tos);
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt)) {
		v = jool_drop(inst, NFT_JOOL_STAT_NO_ROUTE);
		goto out_buf;
	}
	if (rt->rt_type != RTN_UNICAST) {
		ip_rt_put(rt);
		v = jool_untranslatable(inst, NFT_JOOL_STAT_DST6);
		goto out_buf;
	}
	if (!saddr4)
		saddr4 = fl4.saddr ?: inet_select_addr(rt->dst.dev, daddr4,
						       RT_SCOPE_UNIVERSE);
	if (map.rest == JOOL_ICMP_REST_MTU) {
		/* The packet in error's own Fragment Header counts too. */
		eh.frag = false;
		jool_exthdr_walk(inner, inlen, inlen, &eh, &need);
		mtu = jool_mtu_fn(ntohl(ih6->icmp6_mtu), eh.frag,
				  dst_mtu(&rt->dst), in_mtu(skb, IPV6_MIN_MTU));
	}

build:
	nskb = new_skb(JOOL_ICMP4_ERR_MAX, skb);
	if (!nskb) {
		if (rt)
			ip_rt_put(rt);
		v = jool_drop(inst, NFT_JOOL_STAT_ENOMEM);
		goto out_buf;
	}
	iph = ip_hdr(nskb);
	ih = (struct icmphdr *)(nskb->data + HDR4);
	icfg.id = htons(get_random_u32() & 0xffff);
	why = jool_inner64(inner, inlen, nskb->data + HDR4 + ICMPHDR,
			   JOOL_ICMP4_ERR_MAX - HDR4 - ICMPHDR, &icfg, &outlen);
	kfree(buf);
	if (why) {
		kfree_skb(nskb);
		if (rt)
			ip_rt_put(rt);
		return jool_reject(inst, why);
	}
	skb_trim(nskb, HDR4 + ICMPHDR + outlen);

	ih->type = map.type;
	ih->code = map.code;
	ih->checksum = 0;
	/* "Unused", with RFC 4884's length octet: 0, no extension. */
	ih->un.gateway = 0;
	if (map.rest == JOOL_ICMP_REST_MTU)
		ih->un.frag.mtu = htons(mtu);
	else if (map.rest == JOOL_ICMP_REST_PTR_MAP)
		((u8 *)ih)[4] = ptr4;
	ih->checksum = ip_compute_csum(ih, ICMPHDR + outlen);

	iph->version = 4;
	iph->ihl = HDR4 / 4;
	iph->tos = tos;
	iph->tot_len = htons(nskb->len);
	/* At most 576 octets: never DF (RFC 7915 section 5.1). */
	iph->frag_off = 0;
	iph->ttl = hop_limit;
	iph->protocol = IPPROTO_ICMP;
	iph->saddr = saddr4;
	iph->daddr = daddr4;
	__ip_select_ident(net, iph, 1);
	ip_send_check(iph);
	skb_set_transport_header(nskb, HDR4);
	nskb->protocol = htons(ETH_P_IP);
	memset(IPCB(nskb), 0, sizeof(*IPCB(nskb)));

	consume_skb(skb);
	if (hairpin) {
		jool_stats_inc(inst->stats, NFT_JOOL_STAT_HAIRPIN);
		return jool_xlat46(inst, cfg, net, nskb, true);
	}
	return jool_xlat_send(inst, net, nskb, &rt->dst,
			      NFT_JOOL_STAT_XLATED64);

out_buf:
	kfree(buf);
	return v;
}

enum jool_verdict jool_icmp_err46(struct jool_instance *inst,
				  const struct jool_config *cfg,
				  struct net *net, struct sk_buff *skb,
				  unsigned int l4off, bool src_ok,
				  const struct in6_addr *saddr6,
				  const struct in6_addr *daddr6, u8 hop_limit,
				  bool hairpin)
{
	struct jool_addr_cfg ac;
	struct jool_inner_cfg icfg = {
		.addr = &ac,
		.no_dst_eam = hairpin,
		.zeroize_traffic_class = cfg->zeroize_traffic_class,
	};
	struct flowi6 fl6 = {
		.flowi6_mark = skb->mark,
		.flowi6_proto = IPPROTO_ICMPV6,
		.flowi6_flags = FLOWI_FLAG_ANYSRC,
	};
	const struct icmphdr *ih4;
	struct jool_icmp_map map;
	enum nft_jool_stat why;
	unsigned int inlen, outlen;
	struct icmp6hdr *ih;
	struct ipv6hdr *ip6h;
	struct dst_entry *dst;
	struct sk_buff *nskb;
	struct in6_addr src, hsrc;
	const u8 *inner;
	u8 ptr6 = 0, tc, rnd[16];
	u32 mtu = 0;
	struct jool_nat64_tuple t;
	struct in6_addr nsrc;
	bool nat64 = jool_is_nat64(cfg);

	if (nat64)
		jool_addr_cfg_nat64(&ac, cfg);
	else
		jool_addr_cfg_init(&ac, cfg, net);
	why = pull_and_check(skb, l4off, false);
	if (why)
		return jool_reject(inst, why);
	ih4 = (const struct icmphdr *)(skb->data + l4off);
	if (jool_icmp_map46(ih4->type, ih4->code, &map))
		return jool_untranslatable(inst, NFT_JOOL_STAT_ICMP4_TYPE);
	if (map.rest == JOOL_ICMP_REST_PTR_MAP &&
	    jool_icmp_ptr46(((const u8 *)ih4)[4], &ptr6))
		return jool_untranslatable(inst, NFT_JOOL_STAT_ICMP4_TYPE);
	if (map.rest == JOOL_ICMP_REST_PTR_SET)
		ptr6 = map.pointer;

	inner = skb->data + l4off + ICMPHDR;
	inlen = min_t(unsigned int, skb->len - l4off - ICMPHDR,
		      skb_headlen(skb) - l4off - ICMPHDR);
	/* RFC 4884 section 4.4: the length octet of these three types. */
	if (ih4->type == ICMP_DEST_UNREACH || ih4->type == ICMP_TIME_EXCEEDED ||
	    ih4->type == ICMP_PARAMETERPROB)
		inlen = jool_icmp_rfc4884_len(((const u8 *)ih4)[5], 4, inlen);
	tc = cfg->zeroize_traffic_class ? 0 : ip_hdr(skb)->tos;

	if (nat64) {
		why = nat64_find46(inst, cfg, net, inner, inlen, &t);
		if (why == NFT_JOOL_STAT_INNER_NO_BIB)
			return jool_drop(inst, why);
		if (why)
			return jool_reject(inst, why);
		daddr6 = &t.addr6;
		/*
		 * RFC 6146 section 3.6 makes the outer source the IPv4
		 * node's (the packet in error's destination); Jool's
		 * source-icmpv6-errors-better (issue #132) the error's
		 * actual sender's, so a traceroute shows the routers.
		 */
		if (!cfg->nat64.source_icmpv6_errors_better) {
			src_ok = jool_addr_4to6(&ac, t.remote4, false, &nsrc);
			saddr6 = &nsrc;
		}
	}
	fl6.daddr = *daddr6;

	/*
	 * RFC 7757 section 4, as Jool reads it: an error sent by the
	 * hairpinned node itself (about the packet it received) takes its
	 * pool6 source like the node's other packets.
	 */
	if (hairpin && inlen >= HDR4 &&
	    !memcmp(inner + 16, &ip_hdr(skb)->saddr, sizeof(__be32))) {
		src_ok = jool_addr_4to6(&ac, ip_hdr(skb)->saddr, false, &hsrc);
		saddr6 = &hsrc;
	}

	/* RFC 7915 section 4.2 and RFC 6791: a source for the router. */
	if (src_ok) {
		src = *saddr6;
	} else if (cfg->rfc6791v6_set) {
		get_random_bytes(rnd, sizeof(rnd));
		jool_rfc6791_addr6(&cfg->rfc6791v6.addr, cfg->rfc6791v6.len,
				   rnd, &src);
	} else {
		src = in6addr_any;	/* the outgoing interface's, below */
	}
	fl6.saddr = src;
	fl6.flowlabel = ip6_make_flowinfo(tc, 0);
	dst = ip6_route_output(net, NULL, &fl6);
	if (dst->error) {
		dst_release(dst);
		return jool_drop(inst, NFT_JOOL_STAT_NO_ROUTE);
	}
	if (ipv6_addr_any(&src) &&
	    ipv6_dev_get_saddr(net, dst->dev, daddr6, 0, &src)) {
		dst_release(dst);
		return jool_drop(inst, NFT_JOOL_STAT_NO_ROUTE);
	}
	if (map.rest == JOOL_ICMP_REST_MTU)
		mtu = jool_mtu_ptb(ntohs(ih4->un.frag.mtu),
				   inlen >= 4 ? inner[2] << 8 | inner[3] : 0,
				   dst_mtu(dst), in_mtu(skb, 576),
				   cfg->mtu_plateaus, cfg->mtu_plateau_count);

	nskb = new_skb(JOOL_ICMP6_ERR_MAX, skb);
	if (!nskb) {
		dst_release(dst);
		return jool_drop(inst, NFT_JOOL_STAT_ENOMEM);
	}
	ip6h = ipv6_hdr(nskb);
	ih = (struct icmp6hdr *)(nskb->data + HDR6);
	why = jool_inner46(inner, inlen, nskb->data + HDR6 + ICMPHDR,
			   JOOL_ICMP6_ERR_MAX - HDR6 - ICMPHDR, &icfg, &outlen);
	if (why) {
		kfree_skb(nskb);
		dst_release(dst);
		return jool_reject(inst, why);
	}
	/* NAT64: the mask in the packet in error becomes its IPv6 node. */
	if (nat64) {
		u8 *p = nskb->data + HDR6 + ICMPHDR;
		bool frag = p[6] == NEXTHDR_FRAGMENT;

		inner6_rewrite(p, outlen, frag ? HDR6 + 8 : HDR6,
			       frag ? p[HDR6] : p[6], 8, &t.addr6, t.port6);
	}
	skb_trim(nskb, HDR6 + ICMPHDR + outlen);

	ih->icmp6_type = map.type;
	ih->icmp6_code = map.code;
	ih->icmp6_cksum = 0;
	ih->icmp6_dataun.un_data32[0] = 0;
	if (map.rest == JOOL_ICMP_REST_MTU)
		ih->icmp6_mtu = htonl(mtu);
	else if (map.rest == JOOL_ICMP_REST_PTR_MAP ||
		 map.rest == JOOL_ICMP_REST_PTR_SET)
		ih->icmp6_pointer = htonl(ptr6);
	ih->icmp6_cksum = csum_ipv6_magic(&src, daddr6, ICMPHDR + outlen,
					  IPPROTO_ICMPV6,
					  csum_partial(ih, ICMPHDR + outlen, 0));

	ip6_flow_hdr(ip6h, tc, 0);
	ip6h->payload_len = htons(ICMPHDR + outlen);
	ip6h->nexthdr = IPPROTO_ICMPV6;
	ip6h->hop_limit = hop_limit;
	ip6h->saddr = src;
	ip6h->daddr = *daddr6;
	skb_set_transport_header(nskb, HDR6);
	nskb->protocol = htons(ETH_P_IPV6);
	memset(IP6CB(nskb), 0, sizeof(*IP6CB(nskb)));

	consume_skb(skb);
	return jool_xlat_send(inst, net, nskb, dst, NFT_JOOL_STAT_XLATED46);
}

void jool_icmp6_own(struct jool_instance *inst, struct sk_buff *skb,
		    u8 type, u8 code, u32 info)
{
	/* icmp6_send() refuses errors about errors and rate-limits. */
	icmpv6_send(skb, type, code, info);
	jool_stats_inc(inst->stats, NFT_JOOL_STAT_ICMP_SENT);
}

void jool_icmp4_own(struct jool_instance *inst, struct sk_buff *skb,
		    u8 type, u8 code, u32 info)
{
	const struct iphdr *iph = ip_hdr(skb);

	/*
	 * icmp_send() needs the route the packet came in by (for the
	 * namespace, the source address and broadcast checks); at
	 * prerouting it has none yet. The reference is not held: the skb
	 * is dropped in this RCU read-side section.
	 */
	if (!skb_dst(skb) &&
	    ip_route_input_noref(skb, iph->daddr, iph->saddr, iph->tos,
				 skb->dev))
		return;
	icmp_send(skb, type, code, htonl(info));
	jool_stats_inc(inst->stats, NFT_JOOL_STAT_ICMP_SENT);
}
