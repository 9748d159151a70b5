// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP error translation, the parts without an skb: the packet in error
 * (RFC 7915 sections 4.3 and 5.3), the MTU fields, RFC 6791 addresses.
 * Headers are read and written octet by octet: the buffers come from the
 * payload of an ICMP message and need not be aligned.
 */

#include <linux/kernel.h>
#include <linux/string.h>
#include "csum.h"
#include "exthdr.h"
#include "icmp.h"
#include "icmp_err.h"

#define HDR6 40
#define HDR4 20
#define FRAG_HDR 8
#define NH_FRAGMENT 44
#define P_ICMP 1
#define P_TCP 6
#define P_UDP 17
#define P_ICMPV6 58
#define F_DF 0x4000
#define F_MF 0x2000
#define F_OFFSET 0x1fff
/* RFC 7915 section 5.1 with RFC 8021: no DF up to this size. */
#define DF_THRESHOLD 1260

static u16 get16(const u8 *p)
{
	return (u16)p[0] << 8 | p[1];
}

static void put16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static u32 least(u32 a, u32 b)
{
	return a < b ? a : b;
}

static u32 most(u32 a, u32 b)
{
	return a > b ? a : b;
}

/* Checksum field at @p (unaligned, network order) after @diff. */
static void csum_field(u8 *p, __wsum diff, bool udp)
{
	__sum16 check;

	memcpy(&check, p, sizeof(check));
	/* UDP over IPv4 may have no checksum; then there is nothing to fix. */
	if (udp && !check)
		return;
	check = jool_csum_apply(check, diff);
	if (udp && !check)
		check = CSUM_MANGLED_0;
	memcpy(p, &check, sizeof(check));
}

/*
 * The inner L4 header, @n octets of it present at @l4, of a packet whose
 * addresses changed from/to @a6 (IPv6 pair) and @s4/@d4. Returns a reason
 * when the inner packet must not be translated.
 */
static enum nft_jool_stat inner_l4(u8 *l4, unsigned int n, u8 proto6,
				   unsigned int l4len, const struct in6_addr *s6,
				   const struct in6_addr *d6, __be32 s4,
				   __be32 d4, bool to4)
{
	struct jool_icmp_map map;
	__wsum diff;
	u8 code;

	switch (proto6) {
	case P_TCP:
	case P_UDP:
		diff = to4 ? jool_csum_l4_diff64(s6, d6, s4, d4) :
			     jool_csum_l4_diff46(s4, d4, s6, d6);
		if (proto6 == P_TCP && n >= 18)
			csum_field(l4 + 16, diff, false);
		if (proto6 == P_UDP && n >= 8)
			csum_field(l4 + 6, diff, true);
		return NFT_JOOL_STAT_UNSPEC;
	case P_ICMPV6:
		if (!n)
			return NFT_JOOL_STAT_UNSPEC;
		code = n >= 2 ? l4[1] : 0;
		/* RFC 7915 sections 4.3 and 5.3: never an error in an error. */
		if (to4 ? jool_icmp6_is_error(l4[0]) :
			  jool_icmp4_is_error(l4[0]))
			return NFT_JOOL_STAT_ICMP_ERROR;
		if (to4 ? jool_icmp_map64(l4[0], code, &map) :
			  jool_icmp_map46(l4[0], code, &map))
			return to4 ? NFT_JOOL_STAT_ICMP6_TYPE :
				     NFT_JOOL_STAT_ICMP4_TYPE;
		if (n >= 4) {
			diff = to4 ? jool_csum_icmp_diff64(s6, d6, l4len, l4[0],
							   code, map.type,
							   map.code) :
				     jool_csum_icmp_diff46(s6, d6, l4len, l4[0],
							   code, map.type,
							   map.code);
			csum_field(l4 + 2, diff, false);
		}
		l4[0] = map.type;
		if (n >= 2)
			l4[1] = map.code;
		return NFT_JOOL_STAT_UNSPEC;
	}
	return NFT_JOOL_STAT_UNSPEC;
}

enum nft_jool_stat jool_inner64(const u8 *in, unsigned int inlen, u8 *out,
				unsigned int outmax, struct jool_inner_cfg *cfg,
				unsigned int *outlen)
{
	struct in6_addr s6, d6;
	struct jool_exthdr eh;
	enum nft_jool_stat why;
	unsigned int total, l4len, n, need;
	__be32 s4, d4;
	__sum16 check;
	u16 fo;
	u8 tos;

	if (inlen < HDR6 || outmax < HDR4)
		return NFT_JOOL_STAT_TRUNCATED;
	if (in[0] >> 4 != 6)
		return NFT_JOOL_STAT_MALFORMED;
	total = HDR6 + get16(in + 4);
	why = jool_exthdr_walk(in, inlen, total, &eh, &need);
	if (why)
		return why;

	memcpy(&s6, in + 8, sizeof(s6));
	memcpy(&d6, in + 24, sizeof(d6));
	cfg->src_how = jool_addr_6to4(cfg->addr, &s6, &s4);
	if (!cfg->src_how)
		return NFT_JOOL_STAT_SRC6;
	if (!jool_addr_6to4(cfg->addr, &d6, &d4))
		return NFT_JOOL_STAT_DST6;

	l4len = total - eh.l4off;
	tos = cfg->override_tos ? cfg->tos : (in[0] << 4 | in[1] >> 4);

	out[0] = 0x45;
	out[1] = tos;
	put16(out + 2, HDR4 + l4len);
	if (eh.frag) {
		/* RFC 7915 section 5.1.1. */
		put16(out + 4, eh.id & 0xffff);
		fo = eh.offset | (eh.mf ? F_MF : 0);
	} else if (HDR4 + l4len > DF_THRESHOLD) {
		put16(out + 4, 0);
		fo = F_DF;
	} else {
		memcpy(out + 4, &cfg->id, 2);
		fo = 0;
	}
	put16(out + 6, fo);
	out[8] = in[7];
	out[9] = eh.proto == P_ICMPV6 ? P_ICMP : eh.proto;
	put16(out + 10, 0);
	memcpy(out + 12, &s4, 4);
	memcpy(out + 16, &d4, 4);
	check = csum_fold(csum_partial(out, HDR4, 0));
	memcpy(out + 10, &check, sizeof(check));

	n = least(inlen - eh.l4off, outmax - HDR4);
	memcpy(out + HDR4, in + eh.l4off, n);
	*outlen = HDR4 + n;
	if (eh.offset)
		return NFT_JOOL_STAT_UNSPEC;
	return inner_l4(out + HDR4, n, eh.proto, l4len, &s6, &d6, s4, d4,
			true);
}

enum nft_jool_stat jool_inner46(const u8 *in, unsigned int inlen, u8 *out,
				unsigned int outmax,
				const struct jool_inner_cfg *cfg,
				unsigned int *outlen)
{
	unsigned int hlen, tot, hdr6, l4len, n;
	struct in6_addr s6, d6;
	__be32 s4, d4;
	u16 fo;
	u8 tc, nh;
	bool frag;

	if (inlen < HDR4)
		return NFT_JOOL_STAT_TRUNCATED;
	if (in[0] >> 4 != 4 || (in[0] & 0xf) < 5)
		return NFT_JOOL_STAT_MALFORMED;
	hlen = (in[0] & 0xf) * 4;
	if (inlen < hlen)
		return NFT_JOOL_STAT_TRUNCATED;
	tot = get16(in + 2);
	if (tot < hlen)
		return NFT_JOOL_STAT_MALFORMED;
	fo = get16(in + 6);
	frag = fo & (F_MF | F_OFFSET);
	hdr6 = HDR6 + (frag ? FRAG_HDR : 0);
	if (outmax < hdr6)
		return NFT_JOOL_STAT_TRUNCATED;

	memcpy(&s4, in + 12, 4);
	memcpy(&d4, in + 16, 4);
	if (!jool_addr_4to6(cfg->addr, s4, true, &s6))
		return NFT_JOOL_STAT_SRC4;
	if (!jool_addr_4to6(cfg->addr, d4, !cfg->no_dst_eam, &d6))
		return NFT_JOOL_STAT_DST4;

	l4len = tot - hlen;
	nh = in[9] == P_ICMP ? P_ICMPV6 : in[9];
	tc = cfg->zeroize_traffic_class ? 0 : in[1];

	out[0] = 0x60 | tc >> 4;
	out[1] = tc << 4;
	out[2] = 0;
	out[3] = 0;
	put16(out + 4, l4len + hdr6 - HDR6);
	out[6] = frag ? NH_FRAGMENT : nh;
	out[7] = in[8];
	memcpy(out + 8, &s6, sizeof(s6));
	memcpy(out + 24, &d6, sizeof(d6));
	if (frag) {
		/* RFC 7915 section 4.1: the IPv4 ID in the low half. */
		out[40] = nh;
		out[41] = 0;
		put16(out + 42, (fo & F_OFFSET) << 3 | (fo & F_MF ? 1 : 0));
		out[44] = 0;
		out[45] = 0;
		out[46] = in[4];
		out[47] = in[5];
	}

	n = least(inlen - hlen, outmax - hdr6);
	memcpy(out + hdr6, in + hlen, n);
	*outlen = hdr6 + n;
	if (fo & F_OFFSET)
		return NFT_JOOL_STAT_UNSPEC;
	return inner_l4(out + hdr6, n, nh, l4len, &s6, &d6, s4, d4, false);
}

unsigned int jool_icmp_rfc4884_len(u8 word, unsigned int unit,
				   unsigned int avail)
{
	unsigned int len = word * unit;

	/* A length beyond the message is not RFC 4884: take it all. */
	if (!word || len > avail)
		return avail;
	return len;
}

static const u16 default_plateaus[] = { NFT_JOOL_DEFAULT_MTU_PLATEAUS };

u32 jool_mtu_ptb(u16 mtu4, u16 tot_len, u32 out_mtu6, u32 in_mtu4,
		 const u16 *plateaus, unsigned int count)
{
	u32 mtu = mtu4;
	unsigned int i;

	if (!count) {
		plateaus = default_plateaus;
		count = ARRAY_SIZE(default_plateaus);
	}
	if (!mtu) {
		/* RFC 1191 section 5: the greatest plateau below the size. */
		for (i = 0; i < count; i++)
			if (plateaus[i] < tot_len)
				mtu = most(mtu, plateaus[i]);
	}
	mtu = least(least(mtu + 20, out_mtu6), in_mtu4 + 20);
	/* IPv6 nodes need not go below the minimum link MTU. */
	return most(mtu, 1280);
}

u16 jool_mtu_fn(u32 mtu6, bool inner_frag, u32 out_mtu4, u32 in_mtu6)
{
	u32 d = inner_frag ? HDR6 - HDR4 + FRAG_HDR : HDR6 - HDR4;
	u32 mtu;

	mtu = mtu6 > d ? mtu6 - d : 0;
	mtu = least(mtu, out_mtu4);
	mtu = least(mtu, in_mtu6 > HDR6 - HDR4 ? in_mtu6 - (HDR6 - HDR4) : 0);
	return least(mtu, 0xffff);
}

u32 jool_mtu_own_ptb(u32 mtu4)
{
	/* Below 1280 the IPv6 node sends 1280 and DF stays 0 (RFC 8021). */
	return most(mtu4 + HDR6 - HDR4, 1280);
}

u16 jool_mtu_own_fn(u32 mtu6)
{
	u32 mtu = mtu6 > HDR6 - HDR4 ? mtu6 - (HDR6 - HDR4) : 0;

	/* RFC 791: every IPv4 link carries 68 octets. */
	return least(most(mtu, 68), 0xffff);
}

u32 jool_rfc6791_addr4(u32 prefix, unsigned int len, u32 n)
{
	u32 host = len >= 32 ? 0 : 0xffffffffu >> len;

	return (prefix & ~host) | (n & host);
}

void jool_rfc6791_addr6(const struct in6_addr *prefix, unsigned int len,
			const u8 *rnd, struct in6_addr *out)
{
	unsigned int i, bits;
	u8 mask;

	for (i = 0; i < 16; i++) {
		bits = len > i * 8 ? least(len - i * 8, 8) : 0;
		mask = bits ? (u8)(0xff00 >> bits) : 0;
		out->s6_addr[i] = (prefix->s6_addr[i] & mask) | (rnd[i] & ~mask);
	}
}
