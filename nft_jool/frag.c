// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6 fragmentation by the translator (RFC 7915 section 4.1): an IPv4
 * packet with DF 0, or an IPv4 fragment, whose IPv6 version does not fit
 * in min(next hop MTU, lowest-ipv6-mtu) leaves in several IPv6 fragments
 * that keep the IPv4 Identification. ip6_fragment() cannot do it: it picks
 * its own Identification and does not cut a packet that already is a
 * fragment.
 */

#include <linux/ipv6.h>
#include <net/dst.h>
#include <net/ipv6.h>
#include "xlat_internal.h"

#define HDRS (sizeof(struct ipv6hdr) + sizeof(struct frag_hdr))

static struct sk_buff *piece(const struct sk_buff *skb,
			     const struct dst_entry *dst, unsigned int off,
			     unsigned int len, u16 frag_off)
{
	unsigned int room = LL_RESERVED_SPACE(dst->dev);
	struct sk_buff *f;
	struct frag_hdr *fh;

	f = alloc_skb(room + HDRS + len + dst->dev->needed_tailroom,
		      GFP_ATOMIC);
	if (!f)
		return NULL;
	skb_reserve(f, room);
	skb_put(f, HDRS + len);
	skb_reset_network_header(f);
	skb_set_transport_header(f, HDRS);
	memcpy(f->data, skb->data, HDRS);
	if (skb_copy_bits(skb, HDRS + off, f->data + HDRS, len)) {
		kfree_skb(f);
		return NULL;
	}
	ipv6_hdr(f)->payload_len = htons(sizeof(*fh) + len);
	fh = (struct frag_hdr *)(f->data + sizeof(struct ipv6hdr));
	fh->frag_off = htons(frag_off);
	f->protocol = htons(ETH_P_IPV6);
	f->mark = skb->mark;
	f->priority = skb->priority;
	return f;
}

enum jool_verdict jool_frag6_send(struct jool_instance *inst, struct net *net,
				  struct sk_buff *skb, struct dst_entry *dst,
				  unsigned int mtu)
{
	const struct frag_hdr *fh;
	unsigned int len, chunk, off, n;
	struct sk_buff *f;
	bool more, failed = false;
	u16 base;
	int err;

	fh = (const struct frag_hdr *)(skb->data + sizeof(struct ipv6hdr));
	/* Octets, already a multiple of 8: the offset field is shifted. */
	base = ntohs(fh->frag_off) & IP6_OFFSET;
	more = fh->frag_off & htons(IP6_MF);
	len = skb->len - HDRS;
	/* RFC 8200 section 4.5: all but the last carry multiples of 8. */
	chunk = (mtu - HDRS) & ~7U;

	for (off = 0; off < len; off += chunk) {
		n = min(chunk, len - off);
		f = piece(skb, dst, off, n, (base + off) |
			  (off + n < len || more ? IP6_MF : 0));
		if (!f) {
			/* Without one piece the others are useless. */
			jool_stats_inc(inst->stats, NFT_JOOL_STAT_ENOMEM);
			failed = true;
			break;
		}
		skb_dst_set(f, dst_clone(dst));
		/* net_xmit_eval() is a macro that evaluates its argument twice. */
		err = dst_output(net, NULL, f);
		if (net_xmit_eval(err))
			failed = true;
	}

	dst_release(dst);
	consume_skb(skb);
	jool_stats_inc(inst->stats, failed ? NFT_JOOL_STAT_OUTPUT :
					     NFT_JOOL_STAT_XLATED46);
	return JOOL_STOLEN;
}
