/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_BIB_H
#define _NFT_JOOL_BIB_H

#include <linux/types.h>
#include <linux/in6.h>
#include <linux/skbuff.h>
#include "uapi/nft_jool.h"

/*
 * Runtime state of one stateful NAT64 instance (RFC 6146 section 3.1): the
 * Binding Information Bases and session tables of TCP, UDP and ICMP. It
 * lives as long as the nf_tables object (struct jool_instance.nat64), so
 * configuration updates keep every binding and session.
 *
 * Concurrency:
 * - Lookups of established flows are lock-free: RCU hash tables
 *   (rhashtable) keyed by the IPv6-side and the IPv4-side tuple, no
 *   allocation, no lock; a packet only refreshes its session's expiry time
 *   (one store, skipped while it would change by less than a second).
 * - Creating or removing BIB entries and sessions, TCP state changes
 *   (packets with SYN, FIN or RST, or sessions not ESTABLISHED), stored
 *   SYNs and the expiry lists take the per-instance lock (BH-safe).
 * - Expiry: per-instance delayed work, one list per timeout class in
 *   queueing order; a session refreshed since it was queued is moved to
 *   the tail instead of expiring, so each run only looks at sessions that
 *   are due. Nothing on the packet path waits for it.
 *
 * Memory: max-sessions bounds the sessions of an instance (module parameter
 * max_sessions, default from RAM size); past it new flows are dropped with
 * NFT_JOOL_STAT_SESSION_LIMIT.
 */

struct jool_instance;
struct jool_config;
struct jool_nat64;
struct net;

/*
 * A flow as both sides see it. The IPv6 node (addr6, port6) is bound to
 * the mask (addr4, port4) from pool4; the IPv4 node is remote4:rport,
 * known on the IPv6 side as its pool6 address (RFC 6052) with the same
 * port. ICMP queries: port6/port4 are the identifiers on each side, rport
 * is unused (0). Ports in host order.
 */
struct jool_nat64_tuple {
	struct in6_addr addr6;
	__be32 addr4;
	__be32 remote4;
	u16 port6;
	u16 port4;
	u16 rport;
	u8 proto;		/* IPPROTO_TCP, IPPROTO_UDP or IPPROTO_ICMP */
};

enum jool_nat64_verdict {
	JOOL_NAT64_GO,		/* translate with the filled tuple */
	JOOL_NAT64_UNTRANSLATABLE,	/* not ours; counter in *why */
	JOOL_NAT64_DROP,	/* drop; counter in *why */
	JOOL_NAT64_STOLEN,	/* the skb was kept (stored SYN) */
	/* drop and send ICMP port unreachable about it (counter in *why) */
	JOOL_NAT64_ICMP_UNREACH,
};

/* Life cycle (object.c). create may sleep; destroy flushes everything. */
int jool_nat64_create(struct jool_instance *inst, struct net *net);
void jool_nat64_destroy(struct jool_instance *inst);

/*
 * IPv6 -> IPv4 (RFC 6146 sections 3.5.1-3.5.3): @t has addr6, port6,
 * remote4 (already extracted from the pool6 destination), rport and proto;
 * fills addr4/port4 from the BIB, creating the BIB entry and session when
 * the RFC says so (mask choice: RFC 6056 over the pool4 domain of
 * (proto, skb->mark); empty pool4: the address the route to remote4 would
 * use, ports 61001-65535). @tcp_flags: JOOL_TCP_SYN/FIN/RST of the packet
 * (0 for UDP/ICMP). Packet path: RCU read side, BH disabled.
 */
enum jool_nat64_verdict jool_nat64_6to4(struct jool_instance *inst,
					const struct jool_config *cfg,
					struct net *net, struct sk_buff *skb,
					struct jool_nat64_tuple *t,
					u8 tcp_flags, enum nft_jool_stat *why);

/*
 * IPv4 -> IPv6: @t has addr4, port4 (the destination: a pool4 transport
 * address), remote4, rport and proto; fills addr6/port6. Address-dependent
 * filtering, TCP V4 SYNs (stored: JOOL_NAT64_STOLEN) and
 * drop-externally-initiated-tcp are decided here. A destination that is
 * not in pool4 (or, with an empty pool4, not a local address with a port
 * >= 61001) is JOOL_NAT64_UNTRANSLATABLE with NFT_JOOL_STAT_DST4.
 */
enum jool_nat64_verdict jool_nat64_4to6(struct jool_instance *inst,
					const struct jool_config *cfg,
					struct net *net, struct sk_buff *skb,
					struct jool_nat64_tuple *t,
					u8 tcp_flags, enum nft_jool_stat *why);

/*
 * Packets quoted inside ICMP errors, and nothing else: BIB lookups that
 * neither create nor refresh anything. find6 fills addr4/port4 from
 * (proto, addr6, port6); find4 fills addr6/port6 from (proto, addr4, port4).
 */
bool jool_nat64_bib_find6(struct jool_instance *inst,
			  struct jool_nat64_tuple *t);
bool jool_nat64_bib_find4(struct jool_instance *inst,
			  struct jool_nat64_tuple *t);

/* Hairpin test (RFC 6146 section 3.8): is (proto, addr, port) a mask? */
bool jool_nat64_is_mask(const struct jool_config *cfg, struct net *net,
			u8 proto, __be32 addr, u16 port);

/* Counts and sizes for NFT_JOOL_CMD_GET_STATE. */
struct jool_nat64_counts {
	u64 bib[3];		/* TCP, UDP, ICMP */
	u64 session[3];
	u64 stored_syns;
	u64 max_sessions;
	u64 bib_bytes;
	u64 session_bytes;
};

void jool_nat64_counts(struct jool_instance *inst,
		       struct jool_nat64_counts *c);

/*
 * Dumps for ctl (genl.c). A dump holds a reference on the state, so it may
 * outlive the instance (then it sees the entries that remain). The walker
 * visits each entry once unless tables are resized meanwhile.
 */
struct jool_nat64_walk;

struct jool_nat64_entry {
	struct jool_nat64_tuple t;	/* session: all; BIB: no remote */
	bool is_session;
	bool is_static;			/* BIB */
	u32 sessions;			/* BIB: sessions using it */
	u8 state;			/* TCP sessions: enum jool_tcp_state */
	u64 expires_ms;			/* sessions: time left */
};

/*
 * @sessions: walk sessions (else BIB entries); @proto 0 = all protocols.
 * start takes a reference on @inst's state (NULL if it has none: SIIT).
 */
struct jool_nat64_walk *jool_nat64_walk_start(struct jool_instance *inst,
					      bool sessions, u8 proto,
					      gfp_t gfp);
/*
 * Next entry into @e: 1, or 0 at the end. Call between walk_resume() and
 * walk_pause() (RCU read side held in between; a dump pauses when its
 * message is full and resumes in the next callback).
 */
void jool_nat64_walk_resume(struct jool_nat64_walk *w);
int jool_nat64_walk_next(struct jool_nat64_walk *w,
			 struct jool_nat64_entry *e);
void jool_nat64_walk_pause(struct jool_nat64_walk *w);
void jool_nat64_walk_end(struct jool_nat64_walk *w);

/* Module init/exit of the slab caches (main.c). */
int jool_nat64_module_init(void);
void jool_nat64_module_exit(void);

#endif /* _NFT_JOOL_BIB_H */
