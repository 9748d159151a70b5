// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP type/code/pointer translation tables (RFC 7915 sections 4.2 and 5.2).
 * Anything not listed has no equivalent in the other family; the RFC's
 * answer for all of those is "silently drop".
 */

#include <linux/errno.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include "icmp.h"

/* RFC 1812 / RFC 7915 section 4.2: Alternate Host Address is an error. */
#define ICMP_ALTERNATE_HOST 6

bool jool_icmp4_is_error(u8 type)
{
	switch (type) {
	case ICMP_DEST_UNREACH:
	case ICMP_SOURCE_QUENCH:
	case ICMP_REDIRECT:
	case ICMP_ALTERNATE_HOST:
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAMETERPROB:
		return true;
	}
	return false;
}

bool jool_icmp6_is_error(u8 type)
{
	/* RFC 4443 section 2.1: the high-order bit tells errors apart. */
	return !(type & ICMPV6_INFOMSG_MASK);
}

static int set(struct jool_icmp_map *out, u8 type, u8 code, bool error,
	       enum jool_icmp_rest rest)
{
	out->type = type;
	out->code = code;
	out->error = error;
	out->rest = rest;
	out->pointer = 0;
	return 0;
}

static int unreach46(u8 code, struct jool_icmp_map *out)
{
	switch (code) {
	case ICMP_NET_UNREACH:
	case ICMP_HOST_UNREACH:
	case ICMP_SR_FAILED:
	case ICMP_NET_UNKNOWN:
	case ICMP_HOST_UNKNOWN:
	case ICMP_HOST_ISOLATED:
	case ICMP_NET_UNR_TOS:
	case ICMP_HOST_UNR_TOS:
		return set(out, ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE, true,
			   JOOL_ICMP_REST_KEEP);
	case ICMP_NET_ANO:
	case ICMP_HOST_ANO:
	case ICMP_PKT_FILTERED:
	case ICMP_PREC_CUTOFF:
		return set(out, ICMPV6_DEST_UNREACH, ICMPV6_ADM_PROHIBITED,
			   true, JOOL_ICMP_REST_KEEP);
	case ICMP_PORT_UNREACH:
		return set(out, ICMPV6_DEST_UNREACH, ICMPV6_PORT_UNREACH, true,
			   JOOL_ICMP_REST_KEEP);
	case ICMP_PROT_UNREACH:
		/* Points at the Next Header field of the IPv6 header. */
		set(out, ICMPV6_PARAMPROB, ICMPV6_UNK_NEXTHDR, true,
		    JOOL_ICMP_REST_PTR_SET);
		out->pointer = 6;
		return 0;
	case ICMP_FRAG_NEEDED:
		return set(out, ICMPV6_PKT_TOOBIG, 0, true, JOOL_ICMP_REST_MTU);
	}
	/* ICMP_PREC_VIOLATION and unknown codes. */
	return -ENOENT;
}

int jool_icmp_map46(u8 type, u8 code, struct jool_icmp_map *out)
{
	switch (type) {
	case ICMP_ECHO:
		return set(out, ICMPV6_ECHO_REQUEST, code, false,
			   JOOL_ICMP_REST_KEEP);
	case ICMP_ECHOREPLY:
		return set(out, ICMPV6_ECHO_REPLY, code, false,
			   JOOL_ICMP_REST_KEEP);
	case ICMP_DEST_UNREACH:
		return unreach46(code, out);
	case ICMP_TIME_EXCEEDED:
		return set(out, ICMPV6_TIME_EXCEED, code, true,
			   JOOL_ICMP_REST_KEEP);
	case ICMP_PARAMETERPROB:
		/* Code 1 (missing a required option) has no equivalent. */
		if (code != 0 && code != 2)
			return -ENOENT;
		return set(out, ICMPV6_PARAMPROB, ICMPV6_HDR_FIELD, true,
			   JOOL_ICMP_REST_PTR_MAP);
	}
	/*
	 * Information request/reply, timestamp, address mask, router
	 * advertisement/solicitation, redirect, source quench, alternate host
	 * address and anything unknown.
	 */
	return -ENOENT;
}

int jool_icmp_map64(u8 type, u8 code, struct jool_icmp_map *out)
{
	switch (type) {
	case ICMPV6_ECHO_REQUEST:
		return set(out, ICMP_ECHO, code, false, JOOL_ICMP_REST_KEEP);
	case ICMPV6_ECHO_REPLY:
		return set(out, ICMP_ECHOREPLY, code, false,
			   JOOL_ICMP_REST_KEEP);
	case ICMPV6_DEST_UNREACH:
		switch (code) {
		case ICMPV6_NOROUTE:
		case ICMPV6_NOT_NEIGHBOUR:	/* beyond scope of source */
		case ICMPV6_ADDR_UNREACH:
			return set(out, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH,
				   true, JOOL_ICMP_REST_KEEP);
		case ICMPV6_ADM_PROHIBITED:
			return set(out, ICMP_DEST_UNREACH, ICMP_HOST_ANO, true,
				   JOOL_ICMP_REST_KEEP);
		case ICMPV6_PORT_UNREACH:
			return set(out, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH,
				   true, JOOL_ICMP_REST_KEEP);
		}
		return -ENOENT;
	case ICMPV6_PKT_TOOBIG:
		return set(out, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, true,
			   JOOL_ICMP_REST_MTU);
	case ICMPV6_TIME_EXCEED:
		return set(out, ICMP_TIME_EXCEEDED, code, true,
			   JOOL_ICMP_REST_KEEP);
	case ICMPV6_PARAMPROB:
		switch (code) {
		case ICMPV6_HDR_FIELD:
			return set(out, ICMP_PARAMETERPROB, 0, true,
				   JOOL_ICMP_REST_PTR_MAP);
		case ICMPV6_UNK_NEXTHDR:
			return set(out, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH,
				   true, JOOL_ICMP_REST_KEEP);
		}
		/* Unrecognized IPv6 option and unknown codes. */
		return -ENOENT;
	}
	/* MLD, neighbor discovery and anything unknown. */
	return -ENOENT;
}

int jool_icmp_ptr46(u8 ptr4, u8 *ptr6)
{
	/* RFC 7915 figure 3; -1: no IPv6 equivalent. */
	static const s8 map[20] = {
		0,		/* version/IHL */
		1,		/* type of service */
		4, 4,		/* total length -> payload length */
		-1, -1,		/* identification */
		-1, -1,		/* flags/fragment offset */
		7,		/* TTL -> hop limit */
		6,		/* protocol -> next header */
		-1, -1,		/* header checksum */
		8, 8, 8, 8,	/* source address */
		24, 24, 24, 24,	/* destination address */
	};

	if (ptr4 >= sizeof(map) || map[ptr4] < 0)
		return -ENOENT;
	*ptr6 = map[ptr4];
	return 0;
}

int jool_icmp_ptr64(u32 ptr6, u8 *ptr4)
{
	/* RFC 7915 figure 6. */
	if (ptr6 >= 40)
		return -ENOENT;
	if (ptr6 >= 24) {
		*ptr4 = 16;	/* destination address */
		return 0;
	}
	if (ptr6 >= 8) {
		*ptr4 = 12;	/* source address */
		return 0;
	}

	switch (ptr6) {
	case 0:		/* version/traffic class -> version/IHL */
	case 1:		/* traffic class/flow label -> type of service */
		*ptr4 = ptr6;
		return 0;
	case 4:
	case 5:		/* payload length -> total length */
		*ptr4 = 2;
		return 0;
	case 6:		/* next header -> protocol */
		*ptr4 = 9;
		return 0;
	case 7:		/* hop limit -> TTL */
		*ptr4 = 8;
		return 0;
	}
	/* 2 and 3: flow label, no IPv4 equivalent. */
	return -ENOENT;
}
