// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 -> IPv6 (RFC 7915 section 4), in place: the L4 header stays where it
 * is and the 40-octet IPv6 header replaces the IPv4 one (and its options)
 * in front of it, using 20 octets of headroom for a plain IPv4 header (28
 * more with a Fragment Header). ICMP errors go to xlat_icmp.c.
 */

#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include "bib.h"
#include "nat64_tcp.h"
#include "csum.h"
#include "icmp_err.h"
#include "icmp.h"
#include "xlat_internal.h"

#define HDR6 sizeof(struct ipv6hdr)
#define HDR4 sizeof(struct iphdr)
#define FRAGHDR sizeof(struct frag_hdr)

/* What the decision phase learnt, for the rewrite phase. */
struct xlat46 {
	struct in6_addr saddr6, daddr6;
	__be32 saddr4, daddr4;
	unsigned int hlen;	/* IPv4 header length, options included */
	unsigned int hdr6;	/* IPv6 headers: 40, or 48 with a Fragment Header */
	unsigned int payload;	/* L4 length (of this fragment) */
	unsigned int l4hdr;	/* L4 header length; 0 in later fragments */
	u8 nexthdr;
	u8 hop_limit;
	u8 tos;
	bool frag;		/* an IPv4 fragment: Fragment Header */
	bool amend_csum;	/* UDP checksum 0, to be computed */
	struct jool_icmp_map icmp;
	/* Stateful NAT64: the flow. */
	bool nat64;
	struct jool_nat64_tuple t;
};

/*
 * RFC 7915 section 4.1: options are ignored, except that a packet with an
 * unexpired source route must not be translated (nor forwarded).
 */
static enum nft_jool_stat check_options(const u8 *opt, unsigned int len)
{
	unsigned int i = 0, optlen;

	while (i < len) {
		switch (opt[i]) {
		case IPOPT_END:
			return NFT_JOOL_STAT_UNSPEC;
		case IPOPT_NOOP:
			i++;
			continue;
		}
		if (i + 1 >= len)
			return NFT_JOOL_STAT_MALFORMED;
		optlen = opt[i + 1];
		if (optlen < 2 || i + optlen > len)
			return NFT_JOOL_STAT_MALFORMED;
		if (opt[i] == IPOPT_LSRR || opt[i] == IPOPT_SSRR) {
			/* RFC 791: the pointer is 1-based, past the end = done. */
			if (optlen < 3)
				return NFT_JOOL_STAT_MALFORMED;
			if (opt[i + 2] <= optlen)
				return NFT_JOOL_STAT_SRC_ROUTE;
		}
		i += optlen;
	}
	return NFT_JOOL_STAT_UNSPEC;
}

/* NFT_JOOL_STAT_UNSPEC when the L4 header is fine, else why not. */
static enum nft_jool_stat check_l4(struct sk_buff *skb, u8 protocol,
				   const struct jool_config *cfg,
				   struct xlat46 *x)
{
	const struct icmphdr *ih;
	const struct udphdr *uh;
	const struct tcphdr *th;

	switch (protocol) {
	case IPPROTO_TCP:
		if (!pskb_may_pull(skb, x->hlen + sizeof(*th)))
			return NFT_JOOL_STAT_TRUNCATED;
		th = (const struct tcphdr *)(skb->data + x->hlen);
		x->l4hdr = th->doff * 4;
		if (x->l4hdr < sizeof(*th) || x->l4hdr > x->payload)
			return NFT_JOOL_STAT_MALFORMED;
		if (!pskb_may_pull(skb, x->hlen + x->l4hdr))
			return NFT_JOOL_STAT_TRUNCATED;
		x->nexthdr = IPPROTO_TCP;
		return NFT_JOOL_STAT_UNSPEC;
	case IPPROTO_UDP:
		x->l4hdr = sizeof(*uh);
		if (x->payload < x->l4hdr ||
		    !pskb_may_pull(skb, x->hlen + x->l4hdr))
			return NFT_JOOL_STAT_TRUNCATED;
		uh = (const struct udphdr *)(skb->data + x->hlen);
		/*
		 * IPv6 requires the checksum that this sender left out
		 * (RFC 7915 section 4.5). It can only be computed over a
		 * whole datagram, and only if the admin wants it.
		 */
		if (!uh->check && skb->ip_summed != CHECKSUM_PARTIAL) {
			/* A NAT64 always computes it (as Jool). */
			if (x->frag ||
			    (!cfg->amend_udp_checksum_zero && !x->nat64))
				return NFT_JOOL_STAT_UDP_CSUM0;
			x->amend_csum = true;
		}
		x->nexthdr = IPPROTO_UDP;
		return NFT_JOOL_STAT_UNSPEC;
	case IPPROTO_ICMP:
		x->l4hdr = sizeof(*ih);
		if (x->payload < x->l4hdr ||
		    !pskb_may_pull(skb, x->hlen + x->l4hdr))
			return NFT_JOOL_STAT_TRUNCATED;
		ih = (const struct icmphdr *)(skb->data + x->hlen);
		if (jool_icmp4_is_error(ih->type))
			return NFT_JOOL_STAT_ICMP_ERROR;
		if (jool_icmp_map46(ih->type, ih->code, &x->icmp))
			return NFT_JOOL_STAT_ICMP4_TYPE;
		x->nexthdr = IPPROTO_ICMPV6;
		return NFT_JOOL_STAT_UNSPEC;
	case IPPROTO_ICMPV6:
		/* It would reach IPv6 as an ICMPv6 nobody translated. */
		return NFT_JOOL_STAT_UNKNOWN_L4;
	}
	/*
	 * RFC 7915 section 4.5: "translators MUST forward all transport
	 * protocols"; their headers and checksums are left as they are.
	 */
	x->l4hdr = 0;
	x->nexthdr = protocol;
	return NFT_JOOL_STAT_UNSPEC;
}

/* Length of the largest IPv6 packet this skb will become on the wire. */
static unsigned int out_len(const struct sk_buff *skb, const struct xlat46 *x)
{
	if (skb_is_gso(skb))
		return HDR6 + x->l4hdr + skb_shinfo(skb)->gso_size;
	return x->hdr6 + x->payload;
}

static struct dst_entry *route(struct net *net, const struct sk_buff *skb,
			       const struct xlat46 *x)
{
	struct flowi6 fl6 = {
		.daddr = x->daddr6,
		.saddr = x->saddr6,
		.flowlabel = ip6_make_flowinfo(x->tos, 0),
		.flowi6_mark = skb->mark,
		.flowi6_proto = x->nexthdr,
		/* The source is not ours: it is the translated sender's. */
		.flowi6_flags = FLOWI_FLAG_ANYSRC,
	};
	struct dst_entry *dst;

	dst = ip6_route_output(net, NULL, &fl6);
	if (dst->error) {
		dst_release(dst);
		return NULL;
	}
	return dst;
}

/* NAT64: the mask's port (identifier) becomes the IPv6 node's. */
static __wsum port_diff(__be16 old, const struct xlat46 *x)
{
	return jool_csum_u16_diff(old, htons(x->t.port6));
}

/* The port change of a complete UDP checksum, before the address part. */
static void x_udp_port(struct udphdr *uh, const struct xlat46 *x)
{
	uh->check = jool_csum_apply(uh->check, port_diff(uh->dest, x));
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
}

static void update_l4(struct sk_buff *skb, const struct xlat46 *x)
{
	void *l4 = skb->data + x->hlen;
	bool partial = skb->ip_summed == CHECKSUM_PARTIAL;
	struct icmphdr *ih;
	struct udphdr *uh;
	struct tcphdr *th;
	__wsum diff;

	switch (x->nexthdr) {
	case IPPROTO_TCP:
		th = l4;
		diff = jool_csum_l4_diff46(x->saddr4, x->daddr4, &x->saddr6,
					   &x->daddr6);
		if (partial) {
			th->check = jool_csum_apply_partial(th->check, diff);
		} else {
			if (x->nat64)
				diff = csum_add(diff, port_diff(th->dest, x));
			th->check = jool_csum_apply(th->check, diff);
		}
		if (x->nat64)
			th->dest = htons(x->t.port6);
		break;
	case IPPROTO_UDP:
		uh = l4;
		if (x->nat64) {
			if (!partial && !x->amend_csum)
				x_udp_port(uh, x);
			uh->dest = htons(x->t.port6);
		}
		if (x->amend_csum) {
			/* Whole datagram, linear or not; checksum field 0. */
			uh->check = csum_ipv6_magic(&x->saddr6, &x->daddr6,
						    x->payload, IPPROTO_UDP,
						    skb_checksum(skb, x->hlen,
								 x->payload,
								 0));
			if (!uh->check)
				uh->check = CSUM_MANGLED_0;
			break;
		}
		diff = jool_csum_l4_diff46(x->saddr4, x->daddr4, &x->saddr6,
					   &x->daddr6);
		if (partial) {
			uh->check = jool_csum_apply_partial(uh->check, diff);
		} else {
			uh->check = jool_csum_apply(uh->check, diff);
			if (!uh->check)
				uh->check = CSUM_MANGLED_0;
		}
		break;
	case IPPROTO_ICMPV6:
		/* Never CHECKSUM_PARTIAL here: resolved by the caller. */
		ih = l4;
		diff = jool_csum_icmp_diff46(&x->saddr6, &x->daddr6, x->payload,
					     ih->type, ih->code, x->icmp.type,
					     x->icmp.code);
		if (x->nat64) {
			/* RFC 6146 section 3.5.3: the identifier is the port. */
			diff = csum_add(diff, port_diff(ih->un.echo.id, x));
			ih->un.echo.id = htons(x->t.port6);
		}
		ih->checksum = jool_csum_apply(ih->checksum, diff);
		ih->type = x->icmp.type;
		ih->code = x->icmp.code;
		break;
	}
}

/*
 * Stateful NAT64, 4->6 (RFC 6146 sections 3.4-3.5): the flow's tuple and
 * the IPv6 node it belongs to. Address-dependent filtering, stored SYNs and
 * drop-externally-initiated-tcp are the state's decisions. False and *@v
 * set when the packet goes no further.
 */
static bool state46(struct jool_instance *inst, const struct jool_config *cfg,
		    struct net *net, struct sk_buff *skb, struct xlat46 *x,
		    enum jool_verdict *v)
{
	const void *l4 = skb->data + x->hlen;
	struct jool_nat64_tuple *t = &x->t;
	enum nft_jool_stat why = NFT_JOOL_STAT_UNSPEC;
	const struct icmphdr *ih;
	const struct udphdr *uh;
	const struct tcphdr *th;
	u8 flags = 0;

	memset(t, 0, sizeof(*t));
	t->addr4 = x->daddr4;
	t->remote4 = x->saddr4;
	switch (x->nexthdr) {
	case IPPROTO_TCP:
		th = l4;
		t->proto = IPPROTO_TCP;
		t->port4 = ntohs(th->dest);
		t->rport = ntohs(th->source);
		flags = jool_tcp_flags(th);
		break;
	case IPPROTO_UDP:
		uh = l4;
		t->proto = IPPROTO_UDP;
		t->port4 = ntohs(uh->dest);
		t->rport = ntohs(uh->source);
		break;
	default:
		ih = l4;
		t->proto = IPPROTO_ICMP;
		t->port4 = ntohs(ih->un.echo.id);
		break;
	}

	switch (jool_nat64_4to6(inst, cfg, net, skb, t, flags, &why)) {
	case JOOL_NAT64_GO:
		break;
	case JOOL_NAT64_UNTRANSLATABLE:
		*v = jool_untranslatable(inst, why);
		return false;
	case JOOL_NAT64_STOLEN:
		/* A stored SYN (simultaneous open): the state holds it. */
		if (why)
			jool_stats_inc(inst->stats, why);
		*v = JOOL_STOLEN;
		return false;
	case JOOL_NAT64_ICMP_UNREACH:
		jool_icmp4_own(inst, skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH,
			       0);
		fallthrough;
	default:
		*v = jool_drop(inst, why);
		return false;
	}
	x->daddr6 = t->addr6;
	return true;
}

static void fix_gso(struct sk_buff *skb)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);

	if (shinfo->gso_type & SKB_GSO_TCPV4) {
		/* IPv6 has no ID to keep fixed. */
		shinfo->gso_type &= ~(SKB_GSO_TCPV4 | SKB_GSO_TCP_FIXEDID);
		shinfo->gso_type |= SKB_GSO_TCPV6;
	}
}

enum jool_verdict jool_xlat46(struct jool_instance *inst,
			      const struct jool_config *cfg, struct net *net,
			      struct sk_buff *skb, bool intrinsic)
{
	bool nat64 = jool_is_nat64(cfg);
	struct jool_addr_cfg ac;
	enum jool_verdict v;
	bool hairpin;
	const struct iphdr *iph;
	enum nft_jool_stat why;
	struct ipv6hdr ip6h;
	struct frag_hdr fh;
	struct dst_entry *dst;
	struct xlat46 x;
	unsigned int tot, mtu, limit;
	u16 frag_off;
	__be16 id;
	u8 protocol;
	bool df, src_ok, fragment_here = false;

	/* Decide. */
	if (!pskb_may_pull(skb, HDR4))
		return jool_drop(inst, NFT_JOOL_STAT_TRUNCATED);
	iph = ip_hdr(skb);
	if (iph->version != 4 || iph->ihl < 5)
		return jool_drop(inst, NFT_JOOL_STAT_MALFORMED);
	x.hlen = iph->ihl * 4;
	if (!pskb_may_pull(skb, x.hlen))
		return jool_drop(inst, NFT_JOOL_STAT_TRUNCATED);
	iph = ip_hdr(skb);
	if (ip_fast_csum(iph, iph->ihl))
		return jool_drop(inst, NFT_JOOL_STAT_MALFORMED);
	tot = ntohs(iph->tot_len);
	if (tot > skb->len)
		return jool_drop(inst, NFT_JOOL_STAT_TRUNCATED);
	/* ip_rcv_core() has trimmed link-layer padding already. */
	if (tot < x.hlen || tot < skb->len)
		return jool_drop(inst, NFT_JOOL_STAT_MALFORMED);
	x.payload = tot - x.hlen;

	x.saddr4 = iph->saddr;
	x.daddr4 = iph->daddr;
	x.nat64 = nat64;
	if (nat64) {
		/*
		 * The destination is a mask: the BIB knows its IPv6 node
		 * (state46(), or the packet in error's for ICMP errors).
		 * @intrinsic: a NAT64 hairpin (RFC 6146 section 3.8).
		 */
		jool_addr_cfg_nat64(&ac, cfg);
		hairpin = false;
	} else {
		jool_addr_cfg_init(&ac, cfg, net);
		/*
		 * RFC 7757 section 4: in simple mode every IPv4 packet may
		 * be a hairpin that went out and came back, so EAM sources
		 * are not used.
		 */
		hairpin = intrinsic ||
			  cfg->eam_hairpin_mode == NFT_JOOL_HAIRPIN_SIMPLE;
		if (!jool_addr_4to6(&ac, x.daddr4, true, &x.daddr6))
			return jool_untranslatable(inst, NFT_JOOL_STAT_DST4);
	}
	/*
	 * An ICMP error from an untranslatable source still goes (RFC 6791);
	 * errors decide about the EAMT themselves (jool_icmp_err46()).
	 */
	src_ok = jool_addr_4to6(&ac, x.saddr4, true, &x.saddr6);

	frag_off = ntohs(iph->frag_off);
	df = frag_off & IP_DF;
	x.frag = frag_off & (IP_MF | IP_OFFSET);
	x.hdr6 = x.frag ? HDR6 + FRAGHDR : HDR6;
	x.amend_csum = false;
	id = iph->id;
	why = check_options((const u8 *)(iph + 1), x.hlen - HDR4);
	/* RFC 7915 section 4.1: "Source Route Failed" back to the sender. */
	if (why == NFT_JOOL_STAT_SRC_ROUTE)
		jool_icmp4_own(inst, skb, ICMP_DEST_UNREACH, ICMP_SR_FAILED, 0);
	if (why)
		return jool_reject(inst, why);

	protocol = iph->protocol;
	if (nat64) {
		/* nf_defrag_ipv4 is on: a piece has no ports to map. */
		if (x.frag)
			return jool_drop(inst, NFT_JOOL_STAT_FRAGMENT);
		/* RFC 6146 section 1.1: TCP, UDP and ICMP only. */
		if (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP &&
		    protocol != IPPROTO_ICMP)
			return jool_untranslatable(inst,
						   NFT_JOOL_STAT_UNKNOWN_L4);
	}
	/* RFC 7915 section 4.1: TOS, unless told to zero it. */
	x.tos = cfg->zeroize_traffic_class ? 0 : iph->tos;
	x.hop_limit = iph->ttl;
	if (frag_off & IP_OFFSET) {
		/* RFC 7915 section 4.1: L3 only; no L4 header to look at. */
		switch (protocol) {
		case IPPROTO_ICMP:
			/* Its checksum would need the whole message. */
			return jool_drop(inst, NFT_JOOL_STAT_FRAGMENT);
		case IPPROTO_ICMPV6:
			return jool_untranslatable(inst,
						   NFT_JOOL_STAT_UNKNOWN_L4);
		}
		x.nexthdr = protocol;
		x.l4hdr = 0;
	} else {
		why = check_l4(skb, protocol, cfg, &x);
		if (why == NFT_JOOL_STAT_ICMP_ERROR && !x.frag) {
			if (!intrinsic && x.hop_limit <= 1)
				return jool_drop(inst, NFT_JOOL_STAT_TTL);
			return jool_icmp_err46(inst, cfg, net, skb, x.hlen,
					       src_ok, &x.saddr6,
					       nat64 ? NULL : &x.daddr6,
					       x.hop_limit - !intrinsic,
					       hairpin);
		}
		if (why == NFT_JOOL_STAT_ICMP_ERROR ||
		    (protocol == IPPROTO_ICMP && x.frag))
			return jool_drop(inst, NFT_JOOL_STAT_FRAGMENT);
		if (why)
			return jool_reject(inst, why);
	}
	if (hairpin)
		src_ok = jool_addr_4to6(&ac, x.saddr4, false, &x.saddr6);
	if (!src_ok)
		return jool_untranslatable(inst, NFT_JOOL_STAT_SRC4);

	if (skb_is_gso(skb) &&
	    ((skb_shinfo(skb)->gso_type &
	      ~(SKB_GSO_TCPV4 | SKB_GSO_TCP_FIXEDID | JOOL_GSO_COMMON)) ||
	     x.frag))
		return jool_untranslatable(inst, NFT_JOOL_STAT_GSO);

	/*
	 * A router decrements; an expiring packet goes no further. A
	 * hairpin was decremented on its way in: one translator, one hop.
	 */
	if (!intrinsic) {
		if (x.hop_limit <= 1) {
			jool_icmp4_own(inst, skb, ICMP_TIME_EXCEEDED,
				       ICMP_EXC_TTL, 0);
			return jool_drop(inst, NFT_JOOL_STAT_TTL);
		}
		x.hop_limit--;
	}

	if (nat64 && !state46(inst, cfg, net, skb, &x, &v))
		return v;

	dst = route(net, skb, &x);
	if (!dst)
		return jool_drop(inst, NFT_JOOL_STAT_NO_ROUTE);
	mtu = dst_mtu(dst);
	/* RFC 7915 section 4.1 / 6: DF 0 packets fit every IPv6 path. */
	limit = min_t(unsigned int, mtu, cfg->lowest_ipv6_mtu ?: IPV6_MIN_MTU);
	if (df || skb_is_gso(skb)) {
		/* IPv6 routers do not fragment: tell a DF sender. */
		if (out_len(skb, &x) > mtu) {
			if (df)
				jool_icmp4_own(inst, skb, ICMP_DEST_UNREACH,
					       ICMP_FRAG_NEEDED,
					       jool_mtu_own_fn(mtu));
			dst_release(dst);
			return jool_drop(inst, NFT_JOOL_STAT_TOO_BIG);
		}
	} else if (out_len(skb, &x) > limit) {
		/* Cut here, behind a Fragment Header with the IPv4 ID. */
		if (!x.frag) {
			x.frag = true;
			x.hdr6 += FRAGHDR;
		}
		fragment_here = true;
	}

	/* Rewrite (the link-layer header will need room too). */
	if (skb_ensure_writable(skb, x.hlen + x.l4hdr) ||
	    (protocol == IPPROTO_ICMP && skb->ip_summed == CHECKSUM_PARTIAL &&
	     skb_checksum_help(skb)) ||
	    skb_cow_head(skb, max_t(int, x.hdr6 - x.hlen, 0) +
				LL_RESERVED_SPACE(dst->dev))) {
		dst_release(dst);
		return jool_drop(inst, NFT_JOOL_STAT_ENOMEM);
	}
	if (!(frag_off & IP_OFFSET))
		update_l4(skb, &x);

	ip6_flow_hdr(&ip6h, x.tos, 0);
	ip6h.payload_len = htons(x.payload + x.hdr6 - HDR6);
	ip6h.nexthdr = x.frag ? NEXTHDR_FRAGMENT : x.nexthdr;
	ip6h.hop_limit = x.hop_limit;
	ip6h.saddr = x.saddr6;
	ip6h.daddr = x.daddr6;
	if (x.frag) {
		/* RFC 7915 section 4.1: the IPv4 fields, ID in the low half. */
		fh.nexthdr = x.nexthdr;
		fh.reserved = 0;
		fh.frag_off = htons((frag_off & IP_OFFSET) << 3 |
				    (frag_off & IP_MF ? IP6_MF : 0));
		fh.identification = htonl(ntohs(id));
	}

	if (x.hlen < x.hdr6)
		__skb_push(skb, x.hdr6 - x.hlen);
	else
		__skb_pull(skb, x.hlen - x.hdr6);
	memcpy(skb->data, &ip6h, HDR6);
	if (x.frag)
		memcpy(skb->data + HDR6, &fh, FRAGHDR);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, x.hdr6);
	skb->protocol = htons(ETH_P_IPV6);
	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	if (skb_is_gso(skb))
		fix_gso(skb);
	jool_xlat_reset_meta(skb);

	if (fragment_here) {
		/* The pieces are copies: the checksum must be final now. */
		if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb)) {
			dst_release(dst);
			return jool_drop(inst, NFT_JOOL_STAT_ENOMEM);
		}
		return jool_frag6_send(inst, net, skb, dst, limit);
	}
	return jool_xlat_send(inst, net, skb, dst, NFT_JOOL_STAT_XLATED46);
}
