/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_BIB_INTERNAL_H
#define _NFT_JOOL_BIB_INTERNAL_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/rhashtable.h>
#include <linux/siphash.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include "bib.h"

/*
 * Shared by bib.c (tables, packet path, dumps) and bib_expiry.c (lifetimes,
 * the expiry worker, stored SYNs, probes). Nothing else includes this.
 */

/* Timeout classes: one expiry list each (all entries of a list share it). */
enum jool_nat64_class {
	JOOL_CLASS_UDP,
	JOOL_CLASS_ICMP,
	JOOL_CLASS_TCP_EST,
	JOOL_CLASS_TCP_TRANS,
	JOOL_CLASS_TCP_SYN4,
	JOOL_CLASS_COUNT,
};

/* Protocol index of the per-protocol counters. */
enum {
	JOOL_P_TCP,
	JOOL_P_UDP,
	JOOL_P_ICMP,
	JOOL_P_COUNT,
};

/*
 * A BIB entry (56 bytes). The two hash keys are laid out as the rhashtable
 * parameters expect: @addr6..@proto (19 bytes; @is_static right after is
 * not part of it) and @addr4..@proto4 (7 bytes; @indexed is not part of
 * it). It has no rcu_head: it goes away with its last session, whose RCU
 * callback frees it too (@sessions of a dying entry stays NULL for the
 * readers that still hold it).
 */
struct jool_bib {
	struct rhash_head node6;
	struct rhash_head node4;
	/* RCU list of its sessions (jool_session.bib_node); always complete. */
	struct hlist_head sessions;
	struct in6_addr addr6;
	u16 port6;
	u8 proto;
	u8 is_static;
	__be32 addr4;
	u16 port4;
	u8 proto4;		/* == proto */
	/*
	 * Set (release) once every session of the entry is also in the
	 * instance's big-entry index (jool_nat64.sessx); never cleared while
	 * the entry lives. Readers that see it (acquire) use the index.
	 */
	u8 indexed;
	u32 nsessions;		/* under the lock; the entry dies with the last */
};

/*
 * A session (56 bytes). Its transport addresses on our side are its BIB
 * entry's, which outlives it; lock-free lookups find it on its BIB entry's
 * list (or in the big-entry index), compared on (remote4, rport).
 */
struct jool_session {
	/*
	 * On bib->sessions. RCU readers may still follow its next pointer
	 * after it is unlinked, until the grace period ends: nothing may
	 * overwrite it before then.
	 */
	struct hlist_node bib_node;
	struct jool_bib *bib;
	__be32 remote4;
	u16 rport;
	u8 state;		/* enum jool_tcp_state (TCP), under the lock */
	u8 class;		/* enum jool_nat64_class, under the lock */
	union {
		struct list_head expiry_node;	/* on an expiry list */
		struct rcu_head rcu;		/* once unlinked */
	};
	/*
	 * Seconds (jool_nat64_now()). @expires is written without the lock
	 * by the packet path; @deadline is what it was when the session was
	 * put at the tail of its expiry list (under the lock).
	 */
	u32 expires;
	u32 deadline;
};

/* jool_session.class of an unlinked session whose RCU callback frees ->bib. */
#define JOOL_CLASS_FREE_BIB	0xff

/*
 * Sessions a BIB entry may have before they are also indexed in
 * jool_nat64.sessx (below it, a lookup walks the entry's short list).
 */
#define JOOL_BIG_BIB		8

/*
 * A node of the big-entry index (allocated only for the sessions of BIB
 * entries past JOOL_BIG_BIB): keyed by (bib, remote4, rport) through @s.
 */
struct jool_sidx {
	struct rhash_head node;
	struct jool_session *s;
	struct rcu_head rcu;
};

/*
 * A stored V4 SYN. Type 1 (no BIB entry: simultaneous open) sits on
 * syn4_queue with the flow's IPv4 addresses and its own deadline; type 2
 * (address-dependent filtering) on syn4_held with @sess, whose expiry
 * decides its fate (such sessions are rare: they stay out of the session).
 */
struct jool_syn4 {
	struct list_head node;
	struct sk_buff *skb;
	struct jool_session *sess;	/* type 2, else NULL */
	__be32 addr4;
	__be32 remote4;
	u16 port4;
	u16 rport;
	u32 deadline;
};

struct jool_nat64 {
	struct kref kref;
	spinlock_t lock;	/* BH-safe; see bib.h */
	/* NULL once destroyed (walks may still hold the state). */
	struct jool_instance *inst;
	struct net *net;

	struct rhashtable bib6;
	struct rhashtable bib4;
	struct rhashtable sessx;	/* big-entry index: jool_sidx */

	/* Under the lock. */
	struct list_head expiry[JOOL_CLASS_COUNT];
	struct list_head syn4_queue;	/* type 1, in deadline order */
	struct list_head syn4_held;	/* type 2 */
	u32 bib_count[JOOL_P_COUNT];
	u32 session_count[JOOL_P_COUNT];
	u32 sessions;		/* all protocols */
	u32 stored;		/* type 1 + type 2 stored SYNs */
	u32 gen;		/* see jool_nat64_changed() */
	bool dying;
	bool work_armed;
	u32 work_due;		/* seconds, while @work_armed */

	siphash_key_t key;	/* RFC 6056 F() */
	atomic64_t next_ephemeral;
	struct delayed_work work;
	struct list_head all_node;	/* jool_nat64_all (time_skew changes) */
};

/* bib_expiry.c */
extern unsigned int jool_nat64_time_skew;
extern unsigned int jool_nat64_max_sessions;

/* Seconds of a monotonic clock (wraps: compare with jool_nat64_due()). */
static inline u32 jool_nat64_now(void)
{
	return (u32)ktime_get_seconds();
}

/* Has @when passed, for expiry decisions (which add time_skew)? */
static inline bool jool_nat64_due(u32 when, u32 now_skewed)
{
	return (s32)(now_skewed - when) >= 0;
}

void jool_nat64_params_init(void);
/* Sets time_skew and wakes every instance's worker. */
void jool_nat64_set_time_skew(unsigned int skew);
void jool_nat64_all_add(struct jool_nat64 *st);
void jool_nat64_all_del(struct jool_nat64 *st);
void jool_nat64_expiry_work(struct work_struct *work);
/* Under the lock: put @s at the tail of @class, expiring in @timeout s. */
void jool_nat64_queue(struct jool_nat64 *st, struct jool_session *s,
		      u8 class, u32 timeout);
/* Under the lock: make sure the worker runs once @deadline is due. */
void jool_nat64_arm(struct jool_nat64 *st, u32 deadline);
/* The lifetime of @class in @cfg, in seconds. */
u32 jool_nat64_timeout(const struct jool_config *cfg, u8 class);
/* Prepares a V4 SYN to be kept past its softirq (no dst, dev, conntrack). */
void jool_nat64_skb_keep(struct sk_buff *skb);
/* ICMP port unreachable about a kept V4 SYN, which is freed. */
void jool_nat64_syn4_reject(struct jool_nat64 *st, struct sk_buff *skb);

/* bib.c, for bib_expiry.c: under the lock. */
void jool_nat64_session_remove(struct jool_nat64 *st, struct jool_session *s,
			       const struct jool_config *cfg);
/* The type 2 stored SYN of @s, or NULL. */
struct jool_syn4 *jool_nat64_syn4_of(struct jool_nat64 *st,
				     const struct jool_session *s);
void jool_nat64_log_session(struct jool_nat64 *st, const char *what,
			    const struct jool_session *s);

/* For the self-tests, which may run before the module's init. */
bool jool_nat64_caches_ready(void);
size_t jool_nat64_bib_size(void);
size_t jool_nat64_session_size(void);
void jool_selftest_nat64(unsigned int *passed, unsigned int *failed);

#endif /* _NFT_JOOL_BIB_INTERNAL_H */
