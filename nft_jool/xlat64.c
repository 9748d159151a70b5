// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6 -> IPv4 (RFC 7915 section 5), in place: the L4 header stays where it
 * is and the 20-octet IPv4 header is written over the last 20 octets of the
 * IPv6 one and its extension headers. ICMP errors go to xlat_icmp.c.
 */

#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/dsfield.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/route.h>
#include "bib.h"
#include "nat64_tcp.h"
#include "csum.h"
#include "exthdr.h"
#include "icmp_err.h"
#include "icmp.h"
#include "eamt.h"
#include "xlat_internal.h"

#define HDR6 sizeof(struct ipv6hdr)
#define HDR4 sizeof(struct iphdr)

/* RFC 7915 section 5.1 (with RFC 8021): no DF below this size. */
#define DF_THRESHOLD 1260

/* What the decision phase learnt, for the rewrite phase. */
struct xlat64 {
	struct in6_addr saddr6, daddr6;
	__be32 saddr4, daddr4;
	struct jool_exthdr eh;
	unsigned int l4off;	/* where the L4 header starts */
	unsigned int payload;	/* L4 length (of this fragment) */
	unsigned int l4hdr;	/* L4 header length; 0 in later fragments */
	u8 proto4;
	u8 ttl;
	bool df;
	struct jool_icmp_map icmp;
	/* Stateful NAT64: the flow, and where its port/identifier sits. */
	bool nat64;
	struct jool_nat64_tuple t;
};

/* NFT_JOOL_STAT_UNSPEC when the L4 header is fine, else why not. */
static enum nft_jool_stat check_l4(struct sk_buff *skb, u8 nexthdr,
				   struct xlat64 *x)
{
	const struct icmp6hdr *ih;
	const struct tcphdr *th;
	unsigned int off = x->l4off;

	switch (nexthdr) {
	case IPPROTO_TCP:
		if (!pskb_may_pull(skb, off + sizeof(*th)))
			return NFT_JOOL_STAT_TRUNCATED;
		th = (const struct tcphdr *)(skb->data + off);
		x->l4hdr = th->doff * 4;
		if (x->l4hdr < sizeof(*th) || x->l4hdr > x->payload)
			return NFT_JOOL_STAT_MALFORMED;
		if (!pskb_may_pull(skb, off + x->l4hdr))
			return NFT_JOOL_STAT_TRUNCATED;
		x->proto4 = IPPROTO_TCP;
		return NFT_JOOL_STAT_UNSPEC;
	case IPPROTO_UDP:
		x->l4hdr = sizeof(struct udphdr);
		if (x->payload < x->l4hdr ||
		    !pskb_may_pull(skb, off + x->l4hdr))
			return NFT_JOOL_STAT_TRUNCATED;
		x->proto4 = IPPROTO_UDP;
		return NFT_JOOL_STAT_UNSPEC;
	case IPPROTO_ICMPV6:
		x->l4hdr = sizeof(*ih);
		if (x->payload < x->l4hdr ||
		    !pskb_may_pull(skb, off + x->l4hdr))
			return NFT_JOOL_STAT_TRUNCATED;
		ih = (const struct icmp6hdr *)(skb->data + off);
		if (jool_icmp6_is_error(ih->icmp6_type))
			return NFT_JOOL_STAT_ICMP_ERROR;
		if (jool_icmp_map64(ih->icmp6_type, ih->icmp6_code, &x->icmp))
			return NFT_JOOL_STAT_ICMP6_TYPE;
		x->proto4 = IPPROTO_ICMP;
		return NFT_JOOL_STAT_UNSPEC;
	case IPPROTO_ICMP:
		/* It would reach IPv4 as an ICMP nobody translated. */
		return NFT_JOOL_STAT_UNKNOWN_L4;
	}
	/*
	 * RFC 7915 section 5.5: "translators MUST forward all transport
	 * protocols"; their headers and checksums are left as they are.
	 */
	x->l4hdr = 0;
	x->proto4 = nexthdr;
	return NFT_JOOL_STAT_UNSPEC;
}

/*
 * The extension headers, made readable as far as they go. On
 * NFT_JOOL_STAT_SRC_ROUTE the sender has been told (RFC 7915 section 5.1).
 */
static enum nft_jool_stat walk(struct jool_instance *inst, struct sk_buff *skb,
			       struct jool_exthdr *eh)
{
	enum nft_jool_stat why;
	unsigned int need;

	for (;;) {
		why = jool_exthdr_walk(skb->data, skb_headlen(skb), skb->len,
				       eh, &need);
		if (why != NFT_JOOL_STAT_TRUNCATED || need <= skb_headlen(skb) ||
		    need > skb->len)
			break;
		if (!pskb_may_pull(skb, need))
			return NFT_JOOL_STAT_TRUNCATED;
	}
	if (why == NFT_JOOL_STAT_SRC_ROUTE)
		jool_icmp6_own(inst, skb, ICMPV6_PARAMPROB, ICMPV6_HDR_FIELD,
			       eh->ptr);
	return why;
}

/* Length of the largest IPv4 packet this skb will become on the wire. */
static unsigned int out_len(const struct sk_buff *skb, const struct xlat64 *x)
{
	if (skb_is_gso(skb))
		return HDR4 + x->l4hdr + skb_shinfo(skb)->gso_size;
	return HDR4 + x->payload;
}

static struct rtable *route(struct net *net, const struct sk_buff *skb,
			    const struct xlat64 *x, u8 tos)
{
	struct flowi4 fl4 = {
		.daddr = x->daddr4,
		.saddr = x->saddr4,
		.flowi4_tos = RT_TOS(tos),
		.flowi4_mark = skb->mark,
		.flowi4_proto = x->proto4,
		/* The source is not ours: it is the translated sender's. */
		.flowi4_flags = FLOWI_FLAG_ANYSRC,
	};

	return ip_route_output_key(net, &fl4);
}

/* NAT64: the IPv6 node's port (identifier) becomes its mask's. */
static __wsum port_diff(__be16 old, const struct xlat64 *x)
{
	return jool_csum_u16_diff(old, htons(x->t.port4));
}

static void update_l4(struct sk_buff *skb, const struct xlat64 *x,
		      u8 nexthdr)
{
	void *l4 = skb->data + x->l4off;
	bool partial = skb->ip_summed == CHECKSUM_PARTIAL;
	struct icmp6hdr *ih;
	struct udphdr *uh;
	struct tcphdr *th;
	__wsum diff;

	switch (nexthdr) {
	case IPPROTO_TCP:
		th = l4;
		diff = jool_csum_l4_diff64(&x->saddr6, &x->daddr6, x->saddr4,
					   x->daddr4);
		if (partial) {
			th->check = jool_csum_apply_partial(th->check, diff);
		} else {
			if (x->nat64)
				diff = csum_add(diff, port_diff(th->source, x));
			th->check = jool_csum_apply(th->check, diff);
		}
		if (x->nat64)
			th->source = htons(x->t.port4);
		break;
	case IPPROTO_UDP:
		uh = l4;
		diff = jool_csum_l4_diff64(&x->saddr6, &x->daddr6, x->saddr4,
					   x->daddr4);
		if (x->nat64 && !partial)
			diff = csum_add(diff, port_diff(uh->source, x));
		if (x->nat64)
			uh->source = htons(x->t.port4);
		if (partial) {
			uh->check = jool_csum_apply_partial(uh->check, diff);
		} else {
			uh->check = jool_csum_apply(uh->check, diff);
			/* Zero would mean "no checksum" in IPv4. */
			if (!uh->check)
				uh->check = CSUM_MANGLED_0;
		}
		break;
	case IPPROTO_ICMPV6:
		/* Never CHECKSUM_PARTIAL here: resolved by the caller. */
		ih = l4;
		diff = jool_csum_icmp_diff64(&x->saddr6, &x->daddr6, x->payload,
					     ih->icmp6_type, ih->icmp6_code,
					     x->icmp.type, x->icmp.code);
		if (x->nat64) {
			/* RFC 6146 section 3.5.3: the identifier is the port. */
			diff = csum_add(diff, port_diff(ih->icmp6_identifier, x));
			ih->icmp6_identifier = htons(x->t.port4);
		}
		ih->icmp6_cksum = jool_csum_apply(ih->icmp6_cksum, diff);
		ih->icmp6_type = x->icmp.type;
		ih->icmp6_code = x->icmp.code;
		break;
	}
}

/*
 * Stateful NAT64, 6->4 (RFC 6146 sections 3.4-3.5): the flow's tuple, its
 * BIB entry and session (made or refreshed), and whether the packet is for
 * one of our own masks (hairpinning, section 3.8: as Jool, the tuple's
 * destination, so that ICMP queries are judged by their identifier).
 * False and *@v set when the packet goes no further.
 */
static bool state64(struct jool_instance *inst, const struct jool_config *cfg,
		    struct net *net, struct sk_buff *skb, struct xlat64 *x,
		    u8 nexthdr, bool *hairpin, enum jool_verdict *v)
{
	const void *l4 = skb->data + x->l4off;
	struct jool_nat64_tuple *t = &x->t;
	enum nft_jool_stat why = NFT_JOOL_STAT_UNSPEC;
	const struct icmp6hdr *ih;
	const struct udphdr *uh;
	const struct tcphdr *th;
	u8 flags = 0;

	memset(t, 0, sizeof(*t));
	t->addr6 = x->saddr6;
	t->remote4 = x->daddr4;
	switch (nexthdr) {
	case IPPROTO_TCP:
		th = l4;
		t->proto = IPPROTO_TCP;
		t->port6 = ntohs(th->source);
		t->rport = ntohs(th->dest);
		flags = jool_tcp_flags(th);
		break;
	case IPPROTO_UDP:
		uh = l4;
		t->proto = IPPROTO_UDP;
		t->port6 = ntohs(uh->source);
		t->rport = ntohs(uh->dest);
		break;
	default:
		ih = l4;
		t->proto = IPPROTO_ICMP;
		t->port6 = ntohs(ih->icmp6_identifier);
		break;
	}

	switch (jool_nat64_6to4(inst, cfg, net, skb, t, flags, &why)) {
	case JOOL_NAT64_GO:
		break;
	case JOOL_NAT64_UNTRANSLATABLE:
		*v = jool_untranslatable(inst, why);
		return false;
	case JOOL_NAT64_STOLEN:
		if (why)
			jool_stats_inc(inst->stats, why);
		*v = JOOL_STOLEN;
		return false;
	case JOOL_NAT64_ICMP_UNREACH:
		jool_icmp6_own(inst, skb, ICMPV6_DEST_UNREACH,
			       ICMPV6_PORT_UNREACH, 0);
		fallthrough;
	default:
		*v = jool_drop(inst, why);
		return false;
	}

	x->saddr4 = t->addr4;
	*hairpin = jool_nat64_is_mask(cfg, net, t->proto, t->remote4,
				      t->proto == IPPROTO_ICMP ? t->port4 :
								 t->rport);
	return true;
}

static void fix_gso(struct sk_buff *skb)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);

	if (shinfo->gso_type & SKB_GSO_TCPV6) {
		shinfo->gso_type &= ~SKB_GSO_TCPV6;
		shinfo->gso_type |= SKB_GSO_TCPV4;
	}
}

enum jool_verdict jool_xlat64(struct jool_instance *inst,
			      const struct jool_config *cfg, struct net *net,
			      struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h;
	enum jool_addr_how dst_how;
	bool nat64 = jool_is_nat64(cfg);
	struct jool_addr_cfg ac;
	enum nft_jool_stat why;
	enum jool_verdict v;
	struct iphdr iph;
	struct rtable *rt;
	struct xlat64 x;
	u8 nexthdr, tos;
	bool src_ok, first, hairpin;
	u16 frag_off;

	/* Decide. */
	if (!pskb_may_pull(skb, HDR6))
		return jool_drop(inst, NFT_JOOL_STAT_TRUNCATED);
	ip6h = ipv6_hdr(skb);
	if (ip6h->version != 6)
		return jool_drop(inst, NFT_JOOL_STAT_MALFORMED);
	x.payload = ntohs(ip6h->payload_len);
	if (HDR6 + x.payload > skb->len)
		return jool_drop(inst, NFT_JOOL_STAT_TRUNCATED);
	/* ip6_rcv_core() has trimmed link-layer padding already. */
	if (HDR6 + x.payload < skb->len)
		return jool_drop(inst, NFT_JOOL_STAT_MALFORMED);

	x.saddr6 = ip6h->saddr;
	x.daddr6 = ip6h->daddr;
	/* RFC 7915 section 5.1: Traffic Class, or the configured TOS. */
	tos = cfg->override_tos ? cfg->tos : ipv6_get_dsfield(ip6h);
	x.ttl = ip6h->hop_limit;
	x.nat64 = nat64;
	if (nat64)
		jool_addr_cfg_nat64(&ac, cfg);
	else
		jool_addr_cfg_init(&ac, cfg, net);
	dst_how = jool_addr_6to4(&ac, &x.daddr6, &x.daddr4);
	if (!dst_how)
		return jool_untranslatable(inst, NFT_JOOL_STAT_DST6);
	/*
	 * An ICMP error from an untranslatable source still goes (RFC 6791).
	 * NAT64: any source; its IPv4 form comes from the BIB (state64()).
	 */
	src_ok = nat64 || jool_addr_6to4(&ac, &x.saddr6, &x.saddr4);

	why = walk(inst, skb, &x.eh);
	if (why)
		return jool_reject(inst, why);
	x.l4off = x.eh.l4off;
	x.payload = skb->len - x.l4off;
	nexthdr = x.eh.proto;
	first = !x.eh.offset;
	if (nat64) {
		/*
		 * The instance keeps nf_defrag_ipv6 on, so only atomic
		 * fragments get here whole; a piece has no ports to map.
		 */
		if (x.eh.frag && (!first || x.eh.mf))
			return jool_drop(inst, NFT_JOOL_STAT_FRAGMENT);
		/* RFC 6146 section 1.1: TCP, UDP and ICMP only. */
		if (nexthdr != IPPROTO_TCP && nexthdr != IPPROTO_UDP &&
		    nexthdr != IPPROTO_ICMPV6)
			return jool_untranslatable(inst,
						   NFT_JOOL_STAT_UNKNOWN_L4);
	}

	if (!first) {
		/* RFC 7915 section 5.1: L3 only; no L4 header to look at. */
		switch (nexthdr) {
		case IPPROTO_ICMPV6:
			/* Its checksum would need the whole message. */
			return jool_drop(inst, NFT_JOOL_STAT_FRAGMENT);
		case IPPROTO_ICMP:
			return jool_untranslatable(inst,
						   NFT_JOOL_STAT_UNKNOWN_L4);
		}
		x.proto4 = nexthdr;
		x.l4hdr = 0;
		if (!src_ok)
			return jool_untranslatable(inst, NFT_JOOL_STAT_SRC6);
	} else {
		why = check_l4(skb, nexthdr, &x);
		if (why == NFT_JOOL_STAT_ICMP_ERROR && !x.eh.mf) {
			if (x.ttl <= 1)
				return jool_drop(inst, NFT_JOOL_STAT_TTL);
			return jool_icmp_err64(inst, cfg, net, skb, x.l4off,
					       src_ok, x.saddr4, x.daddr4,
					       x.ttl - 1);
		}
		if (why == NFT_JOOL_STAT_ICMP_ERROR ||
		    (nexthdr == IPPROTO_ICMPV6 && x.eh.mf))
			return jool_drop(inst, NFT_JOOL_STAT_FRAGMENT);
		if (why)
			return jool_reject(inst, why);
		if (!src_ok)
			return jool_untranslatable(inst, NFT_JOOL_STAT_SRC6);
		/*
		 * drop-icmpv6-info: as Jool, every ICMPv6 informational
		 * message that would be translated (echo request and reply).
		 */
		if (nat64 && nexthdr == IPPROTO_ICMPV6 &&
		    cfg->nat64.drop_icmpv6_info)
			return jool_drop(inst, NFT_JOOL_STAT_ICMP6_INFO);
	}

	if (skb_is_gso(skb) &&
	    ((skb_shinfo(skb)->gso_type & ~(SKB_GSO_TCPV6 | JOOL_GSO_COMMON)) ||
	     x.l4off != HDR6 || x.eh.frag))
		return jool_untranslatable(inst, NFT_JOOL_STAT_GSO);

	/*
	 * RFC 7757 section 4: an IPv6 node wrote to another one's IPv4
	 * address in pool6 form. Its IPv4 packet would come straight back:
	 * translate it back to IPv6 at once.
	 */
	hairpin = !nat64 &&
		  cfg->eam_hairpin_mode == NFT_JOOL_HAIRPIN_INTRINSIC &&
		  dst_how == JOOL_ADDR_RFC6052 &&
		  jool_eamt_has4(cfg->eamt, x.daddr4);

	/* A router decrements; an expiring packet goes no further. */
	if (x.ttl <= 1) {
		jool_icmp6_own(inst, skb, ICMPV6_TIME_EXCEED,
			       ICMPV6_EXC_HOPLIMIT, 0);
		return jool_drop(inst, NFT_JOOL_STAT_TTL);
	}
	x.ttl--;

	if (nat64 && !state64(inst, cfg, net, skb, &x, nexthdr, &hairpin, &v))
		return v;

	if (HDR4 + x.payload > IP_MAX_MTU)
		return jool_drop(inst, NFT_JOOL_STAT_TOO_BIG);
	/*
	 * A fragment stays one: DF 0, so IPv4 routers may cut it further.
	 * So does a packet nf_defrag_ipv6 put together (a NAT64 keeps it on
	 * in its namespace): it came as fragments, and ip_output() cuts it
	 * again, as the stack does when it forwards one.
	 */
	x.df = !x.eh.frag && !IP6CB(skb)->frag_max_size &&
	       out_len(skb, &x) > DF_THRESHOLD;

	if (hairpin) {
		rt = NULL;
		goto rewrite;
	}
	rt = route(net, skb, &x, tos);
	if (IS_ERR(rt))
		return jool_drop(inst, NFT_JOOL_STAT_NO_ROUTE);
	/* The translator's own addresses and broadcasts are not for IPv6. */
	if (rt->rt_type != RTN_UNICAST) {
		ip_rt_put(rt);
		return jool_untranslatable(inst, NFT_JOOL_STAT_DST6);
	}
	/* Without DF, ip_output() fragments as it would for any router. */
	if (x.df && out_len(skb, &x) > dst_mtu(&rt->dst)) {
		jool_icmp6_own(inst, skb, ICMPV6_PKT_TOOBIG, 0,
			       jool_mtu_own_ptb(dst_mtu(&rt->dst)));
		ip_rt_put(rt);
		return jool_drop(inst, NFT_JOOL_STAT_TOO_BIG);
	}

rewrite:
	if (skb_ensure_writable(skb, x.l4off + x.l4hdr) ||
	    (nexthdr == IPPROTO_ICMPV6 && skb->ip_summed == CHECKSUM_PARTIAL &&
	     skb_checksum_help(skb))) {
		if (rt)
			ip_rt_put(rt);
		return jool_drop(inst, NFT_JOOL_STAT_ENOMEM);
	}
	if (first)
		update_l4(skb, &x, nexthdr);

	iph.version = 4;
	iph.ihl = HDR4 / 4;
	iph.tos = tos;
	iph.tot_len = htons(HDR4 + x.payload);
	iph.ttl = x.ttl;
	iph.protocol = x.proto4;
	iph.saddr = x.saddr4;
	iph.daddr = x.daddr4;
	if (x.eh.frag) {
		/* RFC 7915 section 5.1.1. */
		iph.id = htons(x.eh.id & 0xffff);
		frag_off = x.eh.offset;
		if (x.eh.mf)
			frag_off |= IP_MF;
		iph.frag_off = htons(frag_off);
	} else {
		iph.frag_off = x.df ? htons(IP_DF) : 0;
		/* RFC 6864: only non-atomic datagrams need a unique ID. */
		iph.id = 0;
		if (!x.df)
			__ip_select_ident(net, &iph, skb_is_gso(skb) ?
					  max_t(u16, skb_shinfo(skb)->gso_segs,
						1) : 1);
	}
	ip_send_check(&iph);

	memcpy(skb->data + x.l4off - HDR4, &iph, HDR4);
	__skb_pull(skb, x.l4off - HDR4);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, HDR4);
	skb->protocol = htons(ETH_P_IP);
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	if (skb_is_gso(skb))
		fix_gso(skb);
	jool_xlat_reset_meta(skb);

	if (hairpin) {
		jool_stats_inc(inst->stats, NFT_JOOL_STAT_HAIRPIN);
		return jool_xlat46(inst, cfg, net, skb, true);
	}
	return jool_xlat_send(inst, net, skb, &rt->dst,
			      NFT_JOOL_STAT_XLATED64);
}
