/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_NAT64_TCP_H
#define _NFT_JOOL_NAT64_TCP_H

#include <linux/types.h>

/*
 * The TCP session state machine of RFC 6146 section 3.5.2.2, as a pure
 * transition function: (state, packet direction, SYN/FIN/RST, situation,
 * policy) -> (new state, lifetime to set, what to do with the packet). The
 * session/BIB code owns sessions, timers and stored packets and applies the
 * result under its own lock; nothing here allocates or sleeps.
 *
 * Behaviour follows Jool where the RFC leaves room:
 * - a packet carrying several flags is judged by the flag the state looks
 *   at first: SYN in CLOSED/V4 INIT/V6 INIT, FIN before RST in ESTABLISHED
 *   and the FIN RCV states, RST in TRANS;
 * - CLOSED + non-SYN with a BIB entry is translated without a session;
 * - V4 SYN in CLOSED, no BIB entry ("type 1", possible simultaneous open):
 *   the packet is stored in a queue, no BIB entry or session is made; with a
 *   BIB entry and address-dependent-filtering on ("type 2"): a V4 INIT
 *   session holding the packet is made. Both wait 6 s
 *   (JOOL_TCP_SYN4_TIMEOUT) for a V6 SYN, then an ICMP port unreachable is
 *   sent for the stored packet. maximum-simultaneous-opens limits the stored
 *   packets (both kinds together); past it the SYN gets the ICMP error at
 *   once.
 * - The caller presents a queued type 1 packet matching the incoming tuple
 *   as a V4 INIT session with @has_stored: a V4 retry is then dropped
 *   (simultaneous open already pending) and a V6 SYN completes it.
 * - V6 SYN in V4 INIT: ESTABLISHED; the stored V4 SYN is freed silently.
 * - handle-rst-during-fin-rcv (Jool #212): a RST in V4/V6 FIN RCV sets the
 *   transitory lifetime (state unchanged) instead of the established one.
 * - Expiry of an ESTABLISHED session: send a probe, move to TRANS.
 *
 * States are u8-sized so the session entry can store them compactly.
 */

enum jool_tcp_state {
	JOOL_TCP_CLOSED,		/* no session */
	JOOL_TCP_V4_INIT,
	JOOL_TCP_V6_INIT,
	JOOL_TCP_ESTABLISHED,
	JOOL_TCP_V4_FIN_RCV,
	JOOL_TCP_V6_FIN_RCV,
	JOOL_TCP_V4_FIN_V6_FIN_RCV,
	JOOL_TCP_TRANS,
	JOOL_TCP_STATE_COUNT,
};

/* Which side the packet came from. */
enum jool_tcp_dir {
	JOOL_TCP_FROM_V6,
	JOOL_TCP_FROM_V4,
};

/* Packet flags (only these three matter). */
#define JOOL_TCP_SYN	(1 << 0)
#define JOOL_TCP_FIN	(1 << 1)
#define JOOL_TCP_RST	(1 << 2)

/* RFC 6146 section 3.5.2.2: the lifetime of V4 INIT with a stored SYN. */
#define JOOL_TCP_SYN4_TIMEOUT	6	/* seconds, not configurable */

enum jool_tcp_timer {
	JOOL_TCP_TIMER_KEEP,	/* leave the session's lifetime alone */
	JOOL_TCP_TIMER_EST,	/* tcp-est-timeout */
	JOOL_TCP_TIMER_TRANS,	/* tcp-trans-timeout */
	JOOL_TCP_TIMER_SYN4,	/* JOOL_TCP_SYN4_TIMEOUT */
};

enum jool_tcp_verdict {
	JOOL_TCP_TRANSLATE,
	JOOL_TCP_DROP,
	/* Type 1: keep the skb in the simultaneous-open queue; no BIB/session. */
	JOOL_TCP_STORE_QUEUE,
	/* Type 2: create the V4 INIT session and attach the skb to it. */
	JOOL_TCP_STORE_SESSION,
	/* Drop, and answer ICMP port unreachable (type 3 code 3). */
	JOOL_TCP_ICMP_UNREACH,
};

/* Why a packet was not translated (for the counters). */
enum jool_tcp_reason {
	JOOL_TCP_OK,
	JOOL_TCP_SYN_EXPECTED,	/* no session nor BIB entry, and not a SYN */
	JOOL_TCP_EXTERNAL_SYN,	/* drop-externally-initiated-tcp */
	JOOL_TCP_SO_EXISTS,	/* a V4 SYN is already stored for this */
	JOOL_TCP_SO_FULL,	/* maximum-simultaneous-opens reached */
	JOOL_TCP_SO_STORED,	/* stored, waiting for a V6 SYN */
};

/* The packet and what the caller found for it. */
struct jool_tcp_input {
	u8 state;		/* enum jool_tcp_state of the session */
	u8 dir;			/* enum jool_tcp_dir */
	u8 flags;		/* JOOL_TCP_SYN | _FIN | _RST */
	bool bib_exists;	/* CLOSED: a BIB entry matches the packet */
	bool has_stored;	/* the session holds a stored V4 SYN */
	u32 stored_count;	/* packets stored by the instance right now */
};

/* The instance's globals the machine consults. */
struct jool_tcp_policy {
	bool drop_external;	/* drop-externally-initiated-tcp */
	bool adf;		/* address-dependent-filtering */
	bool rst_during_fin_rcv;	/* handle-rst-during-fin-rcv */
	u32 max_stored;		/* maximum-simultaneous-opens */
};

struct jool_tcp_result {
	u8 state;		/* new state; CLOSED = no session (kept/made) */
	u8 timer;		/* enum jool_tcp_timer */
	u8 verdict;		/* enum jool_tcp_verdict */
	u8 reason;		/* enum jool_tcp_reason */
	bool free_stored;	/* drop the stored V4 SYN without ICMP */
};

void jool_tcp_packet(const struct jool_tcp_input *in,
		     const struct jool_tcp_policy *policy,
		     struct jool_tcp_result *out);

enum jool_tcp_expiry_action {
	JOOL_TCP_EXPIRE_REMOVE,	/* delete the session */
	JOOL_TCP_EXPIRE_PROBE,	/* send a probe (RFC 6146 3.5.2.2), keep it */
	JOOL_TCP_EXPIRE_ICMP,	/* ICMP port unreachable for the stored SYN,
				 * then delete the session
				 */
};

struct jool_tcp_expiry {
	u8 action;		/* enum jool_tcp_expiry_action */
	u8 state;		/* new state when kept */
	u8 timer;		/* new lifetime when kept */
};

/* What to do when a session's lifetime runs out. */
void jool_tcp_expire(u8 state, bool has_stored, struct jool_tcp_expiry *out);

/* "V4_FIN_RCV" etc. ("?" if out of range): logs and session dumps. */
const char *jool_tcp_state_name(u8 state);

#endif /* _NFT_JOOL_NAT64_TCP_H */
