/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * nft_jool netlink ABI: the "jool" nf_tables stateful object (a translator
 * instance) and the "jool" expression (hands matched packets to an instance).
 *
 * This header is the single source of truth. The kernel module includes it;
 * the libnftnl and nftables patch series copy it verbatim into their bundled
 * include/linux/netfilter/ directory. Numbers are append-only.
 *
 * Integers are in network byte order, as everywhere in nf_tables.
 *
 * Object (NFT_MSG_NEWOBJ with NFTA_OBJ_TYPE = NFT_OBJECT_JOOL), NFTA_OBJ_DATA:
 *
 *   NFTA_JOOL_OBJ_TYPE      u32, required: NFT_JOOL_TYPE_SIIT or _NAT64
 *   NFTA_JOOL_OBJ_POOL6     nest, optional for SIIT, required for NAT64:
 *       NFTA_JOOL_PREFIX_ADDR   binary, 16 bytes, network order
 *       NFTA_JOOL_PREFIX_LEN    u8: 32, 40, 48, 56, 64 or 96 (RFC 6052)
 *   NFTA_JOOL_OBJ_GLOBALS   nest of NFTA_JOOL_GLOBAL_*; an omitted global
 *                           takes its default (NFT_JOOL_DEFAULT_*), exactly
 *                           as an omitted field does in Jool's atomic config
 *   NFTA_JOOL_OBJ_STATS     nest, dump only (ignored in requests): one u64
 *                           attribute per counter, attribute type = enum
 *                           nft_jool_stat; GETOBJ_RESET zeroes the counters
 *
 * An update (NEWOBJ without NLM_F_EXCL on an existing instance) replaces the
 * whole configuration atomically and keeps runtime state (counters, and for
 * NAT64 the BIB and sessions).
 *
 * Expression "jool", NFTA_EXPR_DATA:
 *
 *   NFTA_JOOL_EXPR_NAME     string, required: instance name in the same table
 *   NFTA_JOOL_EXPR_FLAGS    u32, optional, reserved: must be 0
 *
 * Verdicts: translated -> NF_STOLEN (the translated packet has been sent);
 * not for this instance / untranslatable -> NFT_BREAK (next rule);
 * corrupted -> NF_DROP. Allowed in ip, ip6 and inet tables, prerouting hook.
 */
#ifndef _UAPI_NFT_JOOL_H
#define _UAPI_NFT_JOOL_H

/*
 * Above NFT_OBJECT_MAX on purpose (0x4a4f, "JO"): never collides with an
 * upstream type. Must stay a decimal literal: MODULE_ALIAS_NFT_OBJ() pastes
 * the token into "nft-obj-<n>" and the kernel requests "nft-obj-%u".
 */
#define NFT_OBJECT_JOOL 19023

#define NFT_JOOL_NAME_MAXLEN 256	/* = NFT_OBJ_MAXNAMELEN, includes the NUL */

enum nft_jool_type {
	NFT_JOOL_TYPE_UNSPEC,
	NFT_JOOL_TYPE_SIIT,
	NFT_JOOL_TYPE_NAT64,
	__NFT_JOOL_TYPE_MAX
};
#define NFT_JOOL_TYPE_MAX (__NFT_JOOL_TYPE_MAX - 1)

enum nft_jool_expr_attributes {
	NFTA_JOOL_EXPR_UNSPEC,
	NFTA_JOOL_EXPR_NAME,
	NFTA_JOOL_EXPR_FLAGS,
	__NFTA_JOOL_EXPR_MAX
};
#define NFTA_JOOL_EXPR_MAX (__NFTA_JOOL_EXPR_MAX - 1)

enum nft_jool_obj_attributes {
	NFTA_JOOL_OBJ_UNSPEC,
	NFTA_JOOL_OBJ_TYPE,
	NFTA_JOOL_OBJ_POOL6,
	NFTA_JOOL_OBJ_GLOBALS,
	NFTA_JOOL_OBJ_STATS,
	NFTA_JOOL_OBJ_PAD,
	__NFTA_JOOL_OBJ_MAX
};
#define NFTA_JOOL_OBJ_MAX (__NFTA_JOOL_OBJ_MAX - 1)

enum nft_jool_prefix_attributes {
	NFTA_JOOL_PREFIX_UNSPEC,
	NFTA_JOOL_PREFIX_ADDR,
	NFTA_JOOL_PREFIX_LEN,
	__NFTA_JOOL_PREFIX_MAX
};
#define NFTA_JOOL_PREFIX_MAX (__NFTA_JOOL_PREFIX_MAX - 1)

/*
 * Globals, named as in Jool (nft syntax: the name in lower case with '-').
 * Booleans are u8 0/1.
 */
enum nft_jool_global_attributes {
	NFTA_JOOL_GLOBAL_UNSPEC,
	NFTA_JOOL_GLOBAL_MANUALLY_ENABLED,	/* u8, SIIT + NAT64 */
	NFTA_JOOL_GLOBAL_LOWEST_IPV6_MTU,	/* u32 >= 1280, SIIT + NAT64 */
	NFTA_JOOL_GLOBAL_ZEROIZE_TRAFFIC_CLASS,	/* u8, SIIT + NAT64 */
	NFTA_JOOL_GLOBAL_OVERRIDE_TOS,		/* u8, SIIT + NAT64 */
	NFTA_JOOL_GLOBAL_TOS,			/* u8, SIIT + NAT64 */
	NFTA_JOOL_GLOBAL_MTU_PLATEAUS,		/* binary: 1..64 be16, SIIT + NAT64 */
	NFTA_JOOL_GLOBAL_AMEND_UDP_CHECKSUM_ZERO, /* u8, SIIT */
	NFTA_JOOL_GLOBAL_EAM_HAIRPIN_MODE,	/* u8 enum nft_jool_hairpin, SIIT */
	NFTA_JOOL_GLOBAL_RANDOMIZE_RFC6791_ADDRESSES, /* u8, SIIT */
	NFTA_JOOL_GLOBAL_RFC6791V6_PREFIX,	/* nest NFTA_JOOL_PREFIX_*, SIIT */
	NFTA_JOOL_GLOBAL_RFC6791V4_PREFIX,	/* nest, ADDR is 4 bytes, SIIT */
	/* appended: the stateful NAT64 globals (NAT64 only) */
	NFTA_JOOL_GLOBAL_ADDRESS_DEPENDENT_FILTERING,	/* u8 */
	NFTA_JOOL_GLOBAL_DROP_EXTERNALLY_INITIATED_TCP,	/* u8 */
	NFTA_JOOL_GLOBAL_DROP_ICMPV6_INFO,		/* u8 */
	NFTA_JOOL_GLOBAL_SOURCE_ICMPV6_ERRORS_BETTER,	/* u8 */
	NFTA_JOOL_GLOBAL_F_ARGS,			/* u8, 0..15 */
	NFTA_JOOL_GLOBAL_HANDLE_RST_DURING_FIN_RCV,	/* u8 */
	NFTA_JOOL_GLOBAL_TCP_EST_TIMEOUT,		/* u32 seconds */
	NFTA_JOOL_GLOBAL_TCP_TRANS_TIMEOUT,		/* u32 seconds */
	NFTA_JOOL_GLOBAL_UDP_TIMEOUT,			/* u32 seconds */
	NFTA_JOOL_GLOBAL_ICMP_TIMEOUT,			/* u32 seconds */
	NFTA_JOOL_GLOBAL_LOGGING_BIB,			/* u8 */
	NFTA_JOOL_GLOBAL_LOGGING_SESSION,		/* u8 */
	NFTA_JOOL_GLOBAL_MAXIMUM_SIMULTANEOUS_OPENS,	/* u32 */
	__NFTA_JOOL_GLOBAL_MAX
};
#define NFTA_JOOL_GLOBAL_MAX (__NFTA_JOOL_GLOBAL_MAX - 1)

enum nft_jool_hairpin {
	NFT_JOOL_HAIRPIN_OFF,
	NFT_JOOL_HAIRPIN_SIMPLE,
	NFT_JOOL_HAIRPIN_INTRINSIC,
};

#define NFT_JOOL_DEFAULT_MANUALLY_ENABLED		1
#define NFT_JOOL_DEFAULT_LOWEST_IPV6_MTU		1280
#define NFT_JOOL_DEFAULT_ZEROIZE_TRAFFIC_CLASS		0
#define NFT_JOOL_DEFAULT_OVERRIDE_TOS			0
#define NFT_JOOL_DEFAULT_TOS				0
/* RFC 1191 section 7, as Jool: the table used when a Frag Needed says 0. */
#define NFT_JOOL_DEFAULT_MTU_PLATEAUS \
	65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68
#define NFT_JOOL_MTU_PLATEAUS_MAX			64
#define NFT_JOOL_DEFAULT_AMEND_UDP_CHECKSUM_ZERO	0
#define NFT_JOOL_DEFAULT_EAM_HAIRPIN_MODE		NFT_JOOL_HAIRPIN_INTRINSIC
#define NFT_JOOL_DEFAULT_RANDOMIZE_RFC6791_ADDRESSES	1
/* The RFC 6791 prefixes are unset by default (interface address fallback). */

/*
 * NAT64 globals. Session timeouts are whole seconds (nft's JSON prints
 * timeouts in seconds too); the minimums are Jool's, from RFC 6146 section
 * 4 (it asks 2h04m for TCP established, Jool accepts 2h; transitory 4m;
 * UDP 2m) and are not configurable. icmp-timeout has no minimum but must
 * not be 0.
 * f-args: RFC 6056 algorithm 3 hash inputs, bit 3 source address, bit 2
 * source port, bit 1 destination address, bit 0 destination port.
 */
#define NFT_JOOL_DEFAULT_ADDRESS_DEPENDENT_FILTERING	0
#define NFT_JOOL_DEFAULT_DROP_EXTERNALLY_INITIATED_TCP	0
#define NFT_JOOL_DEFAULT_DROP_ICMPV6_INFO		0
#define NFT_JOOL_DEFAULT_SOURCE_ICMPV6_ERRORS_BETTER	1
#define NFT_JOOL_DEFAULT_F_ARGS				0xb
#define NFT_JOOL_F_ARGS_MAX				0xf
#define NFT_JOOL_DEFAULT_HANDLE_RST_DURING_FIN_RCV	0
#define NFT_JOOL_DEFAULT_TCP_EST_TIMEOUT		7200
#define NFT_JOOL_MIN_TCP_EST_TIMEOUT			7200
#define NFT_JOOL_DEFAULT_TCP_TRANS_TIMEOUT		240
#define NFT_JOOL_MIN_TCP_TRANS_TIMEOUT			240
#define NFT_JOOL_DEFAULT_UDP_TIMEOUT			300
#define NFT_JOOL_MIN_UDP_TIMEOUT			120
#define NFT_JOOL_DEFAULT_ICMP_TIMEOUT			60
#define NFT_JOOL_MIN_ICMP_TIMEOUT			1
#define NFT_JOOL_DEFAULT_LOGGING_BIB			0
#define NFT_JOOL_DEFAULT_LOGGING_SESSION		0
#define NFT_JOOL_DEFAULT_MAXIMUM_SIMULTANEOUS_OPENS	10

/*
 * Per-instance counters (per-CPU in the kernel, folded on dump). The
 * attribute type inside NFTA_JOOL_OBJ_STATS is the counter id; values are
 * u64. Userspace must skip ids it does not know.
 */
enum nft_jool_stat {
	NFT_JOOL_STAT_UNSPEC,
	NFT_JOOL_STAT_PAD,
	/* packets handed to the instance */
	NFT_JOOL_STAT_RECEIVED6,
	NFT_JOOL_STAT_RECEIVED4,
	/* translated and sent */
	NFT_JOOL_STAT_XLATED64,
	NFT_JOOL_STAT_XLATED46,
	/* untranslatable: the packet went on to the next rule */
	NFT_JOOL_STAT_DISABLED,		/* manually-enabled is false */
	NFT_JOOL_STAT_POOL6_UNSET,	/* no address mapping configured */
	NFT_JOOL_STAT_SRC6,		/* IPv6 source has no IPv4 mapping */
	NFT_JOOL_STAT_DST6,		/* IPv6 destination has no IPv4 mapping */
	NFT_JOOL_STAT_SRC4,		/* IPv4 source has no IPv6 mapping */
	NFT_JOOL_STAT_DST4,		/* IPv4 destination has no IPv6 mapping */
	NFT_JOOL_STAT_UNKNOWN_L4,	/* transport protocol not translated */
	NFT_JOOL_STAT_ICMP6_TYPE,	/* ICMPv6 type with no ICMPv4 equivalent */
	NFT_JOOL_STAT_ICMP4_TYPE,	/* ICMPv4 type with no ICMPv6 equivalent */
	NFT_JOOL_STAT_FRAGMENT,		/* dropped: fragmented ICMP */
	NFT_JOOL_STAT_EXTHDR,		/* dropped: header after/second Fragment Header */
	NFT_JOOL_STAT_ICMP_ERROR,	/* dropped: ICMP error inside an ICMP error */
	/* dropped */
	NFT_JOOL_STAT_TRUNCATED,	/* headers shorter than they claim */
	NFT_JOOL_STAT_MALFORMED,	/* bad version, lengths or options */
	NFT_JOOL_STAT_TTL,		/* TTL / hop limit expired */
	NFT_JOOL_STAT_TOO_BIG,		/* does not fit the outgoing MTU */
	NFT_JOOL_STAT_ENOMEM,		/* could not make room for headers */
	NFT_JOOL_STAT_NO_ROUTE,		/* no route for the translated packet */
	NFT_JOOL_STAT_OUTPUT,		/* the stack refused the translated packet */
	/* appended: */
	NFT_JOOL_STAT_UDP_CSUM0,	/* dropped: IPv4 UDP without checksum */
	NFT_JOOL_STAT_GSO,		/* untranslatable: GSO kind not handled */
	NFT_JOOL_STAT_SRC_ROUTE,	/* dropped: unexpired source route (v4 or v6) */
	NFT_JOOL_STAT_ICMP_CSUM,	/* dropped: ICMP error with a bad checksum */
	NFT_JOOL_STAT_ICMP_SENT,	/* ICMP errors the translator sent back */
	__NFT_JOOL_STAT_MAX
};
#define NFT_JOOL_STAT_MAX (__NFT_JOOL_STAT_MAX - 1)

#endif /* _UAPI_NFT_JOOL_H */
