/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_ICMP_H
#define _NFT_JOOL_ICMP_H

#include <linux/types.h>

/*
 * ICMPv4 <-> ICMPv6 type and code mapping, RFC 7915 sections 4.2 (4 -> 6)
 * and 5.2 (6 -> 4). Pure tables: no skb.
 */

/* What else changes in the 4-octet field that follows the checksum. */
enum jool_icmp_rest {
	JOOL_ICMP_REST_KEEP,	/* identifier/sequence, or unused: copied */
	JOOL_ICMP_REST_MTU,	/* Frag Needed <-> Packet Too Big: new MTU */
	JOOL_ICMP_REST_PTR_MAP,	/* Parameter Problem: jool_icmp_ptr*() */
	JOOL_ICMP_REST_PTR_SET,	/* Parameter Problem: pointer = .pointer */
};

struct jool_icmp_map {
	u8 type;
	u8 code;
	bool error;		/* an error message: carries an inner packet */
	u8 rest;		/* enum jool_icmp_rest */
	u8 pointer;		/* for JOOL_ICMP_REST_PTR_SET */
};

/* True for the error types (as opposed to informational/query ones). */
bool jool_icmp4_is_error(u8 type);
bool jool_icmp6_is_error(u8 type);

/*
 * 0 and *@out filled, or -ENOENT: no equivalent, the RFC says to drop the
 * message silently.
 */
int jool_icmp_map46(u8 type, u8 code, struct jool_icmp_map *out);
int jool_icmp_map64(u8 type, u8 code, struct jool_icmp_map *out);

/* Parameter Problem pointers (RFC 7915 figures 3 and 6); -ENOENT = drop. */
int jool_icmp_ptr46(u8 ptr4, u8 *ptr6);
int jool_icmp_ptr64(u32 ptr6, u8 *ptr4);

#endif /* _NFT_JOOL_ICMP_H */
