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
 *   NFTA_JOOL_OBJ_EAMT      binary, SIIT only: an array of struct nft_jool_eam
 *   NFTA_JOOL_OBJ_DENYLIST4 binary, SIIT only: an array of struct
 *                           nft_jool_prefix4
 *   NFTA_JOOL_OBJ_POOL4     binary, NAT64 only: an array of struct nft_jool_pool4
 *   NFTA_JOOL_OBJ_BIB       binary, NAT64 only: static BIB entries, an array
 *                           of struct nft_jool_bib
 *   NFTA_JOOL_OBJ_PARTS     u32, optional: the instance's tables continue in
 *                           this many part objects (indexes 1..n), see below
 *
 * Large tables and part objects. A table is carried as an array of
 * fixed-size records in one binary attribute, not as one nest per entry:
 * 24 octets per EAM entry instead of 48. Still, one object cannot hold
 * 10,000 entries: its NFTA_OBJ_DATA is one netlink attribute (< 64 KiB),
 * its dump must fit one dump buffer (32 KiB) and its NEWOBJ notification
 * one NLMSG_GOODSIZE buffer (about 3.7 KiB, else listeners get ENOBUFS).
 * So the records of an instance may continue in part objects of the same
 * object type:
 *
 *   NFTA_JOOL_OBJ_TYPE       NFT_JOOL_TYPE_PART
 *   NFTA_JOOL_OBJ_PART_OF    string: the instance's name
 *   NFTA_JOOL_OBJ_PART_INDEX u32, 1..NFT_JOOL_PARTS_MAX
 *   NFTA_JOOL_OBJ_EAMT, _DENYLIST4, _POOL4, _BIB: more records
 *
 * An instance with NFTA_JOOL_OBJ_PARTS = n reads parts 1..n of its table
 * when it is created or updated, i.e. they must come before it in the same
 * batch or exist already; the tables it uses are its own records followed
 * by those of its parts, in index order, and are checked as a whole. A part
 * changed in a batch that does not also update its instance keeps its old
 * records (a lone part update changes nothing). Parts with an index above
 * n are ignored. nft splits and merges parts by itself: users see one
 * instance. It puts at most NFT_JOOL_PART_RECORD_BYTES octets of records in
 * one object, so that every notification fits.
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

#include <linux/types.h>

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
	NFT_JOOL_TYPE_PART,	/* not an instance: table records of one */
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
	/* appended: tables, and the parts that carry large ones */
	NFTA_JOOL_OBJ_EAMT,
	NFTA_JOOL_OBJ_DENYLIST4,
	NFTA_JOOL_OBJ_PARTS,
	NFTA_JOOL_OBJ_PART_OF,
	NFTA_JOOL_OBJ_PART_INDEX,
	NFTA_JOOL_OBJ_POOL4,
	NFTA_JOOL_OBJ_BIB,
	__NFTA_JOOL_OBJ_MAX
};
#define NFTA_JOOL_OBJ_MAX (__NFTA_JOOL_OBJ_MAX - 1)

/* NFTA_JOOL_OBJ_EAMT record (RFC 7757 section 3.1). */
struct nft_jool_eam {
	__u8	prefix6[16];	/* host bits zero */
	__be32	prefix4;	/* host bits zero */
	__u8	len6;		/* 0..128 */
	__u8	len4;		/* 0..32, and 32 - len4 <= 128 - len6 */
	__u8	pad[2];		/* zero */
};

/* NFTA_JOOL_OBJ_DENYLIST4 record. */
struct nft_jool_prefix4 {
	__be32	addr;		/* host bits zero */
	__u8	len;		/* 0..32 */
	__u8	pad[3];		/* zero */
};

/*
 * NFTA_JOOL_OBJ_POOL4 record (RFC 6146 section 3.5.1.1, Jool's pool4): the
 * transport addresses a NAT64 may use, selected by packet mark. Entries of
 * one protocol must not overlap; the entries of one (protocol, mark) must
 * agree on max_iterations unless they leave it 0.
 */
struct nft_jool_pool4 {
	__be32	prefix;		/* host bits zero */
	__be32	mark;
	__be32	max_iterations;	/* 0: automatic, 0xffffffff: unlimited */
	__be16	port_min;	/* inclusive; ICMP: query identifiers */
	__be16	port_max;
	__u8	proto;		/* IPPROTO_TCP, IPPROTO_UDP or IPPROTO_ICMP */
	__u8	len;		/* 0..32 */
	__u8	pad[2];		/* zero */
};

/* Most pool4 records one instance may hold (with its parts). */
#define NFT_JOOL_POOL4_MAX_ENTRIES	65536
/*
 * An empty pool4 lends the instance an address of its namespace with ports
 * (ICMP: identifiers) from here to 65535: Linux leaves them alone with its
 * default ip_local_port_range (32768-60999).
 */
#define NFT_JOOL_POOL4_DYNAMIC_PORT_MIN	61001

/*
 * NFTA_JOOL_OBJ_BIB record: a static binding (RFC 6146 section 3.5.1).
 * The IPv4 transport address must belong to pool4; neither side may appear
 * twice for one protocol.
 */
struct nft_jool_bib {
	__u8	addr6[16];
	__be32	addr4;
	__be16	port6;		/* ICMP: query identifier */
	__be16	port4;
	__u8	proto;		/* IPPROTO_TCP, IPPROTO_UDP or IPPROTO_ICMP */
	__u8	pad[3];		/* zero */
};

#define NFT_JOOL_PARTS_MAX		4096
#define NFT_JOOL_PART_RECORD_BYTES	2048

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
	NFT_JOOL_STAT_HAIRPIN,		/* 6->4->6 in one go (intrinsic hairpin) */
	/* stateful NAT64 */
	NFT_JOOL_STAT_POOL4_NONE,	/* untranslatable: no pool4 entry for protocol/mark */
	NFT_JOOL_STAT_POOL4_EXHAUSTED,	/* dropped: no free pool4 transport address */
	NFT_JOOL_STAT_NO_BIB,		/* dropped: IPv4 packet to a pool4 address without BIB entry */
	NFT_JOOL_STAT_ADF,		/* dropped: address-dependent filtering */
	NFT_JOOL_STAT_TCP_SYN_EXPECTED,	/* dropped: TCP without session and not a SYN */
	NFT_JOOL_STAT_TCP_EXTERNAL,	/* dropped: drop-externally-initiated-tcp */
	NFT_JOOL_STAT_SO_EXISTS,	/* dropped: IPv4 SYN retry while one is stored */
	NFT_JOOL_STAT_SO_FULL,		/* dropped: maximum-simultaneous-opens reached */
	NFT_JOOL_STAT_SO_STORED,	/* IPv4 SYN stored, waiting for the IPv6 side */
	NFT_JOOL_STAT_ICMP6_INFO,	/* dropped: drop-icmpv6-info */
	NFT_JOOL_STAT_SESSION_LIMIT,	/* dropped: the instance holds max-sessions */
	NFT_JOOL_STAT_SESSION_ENOMEM,	/* dropped: no memory for a BIB entry/session */
	NFT_JOOL_STAT_INNER_NO_BIB,	/* dropped: ICMP error about a packet of no BIB entry */
	NFT_JOOL_STAT_BIB_CREATED,	/* dynamic BIB entries created */
	NFT_JOOL_STAT_SESSION_CREATED,	/* sessions created */
	NFT_JOOL_STAT_SESSION_EXPIRED,	/* sessions removed by their timeout */
	NFT_JOOL_STAT_TCP_PROBE,	/* probes sent for idle established TCP sessions */
	__NFT_JOOL_STAT_MAX
};
#define NFT_JOOL_STAT_MAX (__NFT_JOOL_STAT_MAX - 1)

/*
 * Generic netlink family for runtime state that does not belong in a
 * ruleset: the BIB and session tables of a NAT64 instance (they can hold
 * millions of entries, far more than an nf_tables object dump carries).
 * Configuration never travels here: it is the nf_tables object's.
 *
 * Requests name the instance as nft does: NFT_JOOL_A_FAMILY (NFPROTO_*),
 * NFT_JOOL_A_TABLE, NFT_JOOL_A_NAME. Every command needs CAP_NET_ADMIN in
 * the instance's network namespace (the socket's). Errors: ENOENT (no such
 * instance; extack says which part is missing), EOPNOTSUPP (not a NAT64
 * instance), EINVAL (bad attribute), EPERM.
 *
 * NFT_JOOL_CMD_GET_BIB / _GET_SESSION are dumps (NLM_F_DUMP): one message
 * per entry, attributes NFT_JOOL_E_*. NFT_JOOL_A_PROTO (IPPROTO_TCP, _UDP,
 * _ICMP; absent = all) filters in the kernel. Entries created or removed
 * while a dump runs may be missed or seen twice, as with any netlink dump.
 * NFT_JOOL_CMD_GET_STATE: one reply with NFT_JOOL_A_STATE (nested
 * NFT_JOOL_S_*): counts and memory.
 */
#define NFT_JOOL_GENL_NAME	"nft_jool"
#define NFT_JOOL_GENL_VERSION	1

enum nft_jool_genl_cmd {
	NFT_JOOL_CMD_UNSPEC,
	NFT_JOOL_CMD_GET_BIB,
	NFT_JOOL_CMD_GET_SESSION,
	NFT_JOOL_CMD_GET_STATE,
	__NFT_JOOL_CMD_MAX
};
#define NFT_JOOL_CMD_MAX (__NFT_JOOL_CMD_MAX - 1)

enum nft_jool_genl_attr {
	NFT_JOOL_A_UNSPEC,
	NFT_JOOL_A_FAMILY,	/* u32: NFPROTO_IPV4, _IPV6 or _INET */
	NFT_JOOL_A_TABLE,	/* string */
	NFT_JOOL_A_NAME,	/* string: the jool object */
	NFT_JOOL_A_PROTO,	/* u8: filter (dumps) */
	NFT_JOOL_A_ENTRY,	/* nested NFT_JOOL_E_*: one BIB entry or session */
	NFT_JOOL_A_STATE,	/* nested NFT_JOOL_S_* */
	NFT_JOOL_A_PAD,
	__NFT_JOOL_A_MAX
};
#define NFT_JOOL_A_MAX (__NFT_JOOL_A_MAX - 1)

/*
 * One BIB entry (E_PROTO, E_ADDR6, E_PORT6, E_ADDR4, E_PORT4, E_STATIC,
 * E_SESSIONS) or session (the same binding, plus E_REMOTE6, E_REMOTE4,
 * E_RPORT, E_STATE, E_EXPIRES). ICMP: ports are query identifiers and
 * sessions have no E_RPORT. Addresses in network order, ports host order.
 */
enum nft_jool_entry_attr {
	NFT_JOOL_E_UNSPEC,
	NFT_JOOL_E_PROTO,	/* u8 */
	NFT_JOOL_E_ADDR6,	/* binary, 16: the IPv6 node */
	NFT_JOOL_E_PORT6,	/* u16 */
	NFT_JOOL_E_ADDR4,	/* binary, 4: its pool4 transport address */
	NFT_JOOL_E_PORT4,	/* u16 */
	NFT_JOOL_E_STATIC,	/* u8: 1 = from the object's bib { } */
	NFT_JOOL_E_SESSIONS,	/* u32: sessions using this BIB entry */
	NFT_JOOL_E_REMOTE6,	/* binary, 16: the IPv4 node in pool6 form */
	NFT_JOOL_E_REMOTE4,	/* binary, 4: the IPv4 node */
	NFT_JOOL_E_RPORT,	/* u16: its port */
	NFT_JOOL_E_STATE,	/* u8: enum of nat64_tcp.h (TCP); 0 otherwise */
	NFT_JOOL_E_EXPIRES,	/* u64: milliseconds left */
	NFT_JOOL_E_PAD,
	__NFT_JOOL_E_MAX
};
#define NFT_JOOL_E_MAX (__NFT_JOOL_E_MAX - 1)

/* NFT_JOOL_S_*: u64 each. Per protocol where the name says so. */
enum nft_jool_state_attr {
	NFT_JOOL_S_UNSPEC,
	NFT_JOOL_S_BIB_TCP,
	NFT_JOOL_S_BIB_UDP,
	NFT_JOOL_S_BIB_ICMP,
	NFT_JOOL_S_SESSION_TCP,
	NFT_JOOL_S_SESSION_UDP,
	NFT_JOOL_S_SESSION_ICMP,
	NFT_JOOL_S_STORED_SYNS,		/* simultaneous-open packets held */
	NFT_JOOL_S_MAX_SESSIONS,	/* the bound (module parameter) */
	NFT_JOOL_S_BIB_BYTES,		/* slab object size of one BIB entry */
	NFT_JOOL_S_SESSION_BYTES,	/* slab object size of one session */
	NFT_JOOL_S_PAD,
	__NFT_JOOL_S_MAX
};
#define NFT_JOOL_S_MAX (__NFT_JOOL_S_MAX - 1)

#endif /* _UAPI_NFT_JOOL_H */
