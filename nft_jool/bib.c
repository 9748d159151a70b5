// SPDX-License-Identifier: GPL-2.0
/*
 * Stateful NAT64 runtime state (RFC 6146 section 3): BIB entries and
 * sessions in RCU hash tables, the mask choice, filtering and the TCP state
 * machine applied to them, and the dumps. Lifetimes, stored SYNs and probes
 * are in bib_expiry.c. See bib.h for the contract.
 */

#include <linux/in.h>
#include <linux/jhash.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/netfilter/nf_tables.h>
#include "bib_internal.h"
#include "config.h"
#include "instance.h"
#include "nat64_tcp.h"
#include "pool4.h"
#include "rfc6052.h"
#include "rfc6056.h"

static struct kmem_cache *jool_bib_cache;
static struct kmem_cache *jool_session_cache;

/* Lookup keys of the BIB tables: the same bytes as in struct jool_bib. */
struct jool_bkey6 {
	struct in6_addr addr6;
	u16 port6;
	u8 proto;
	u8 pad6;
};

struct jool_bkey4 {
	__be32 addr4;
	u16 port4;
	u8 proto;
};

#define JOOL_BKEY4_LEN	(offsetof(struct jool_bkey4, proto) + 1)

#define JOOL_BKEY6_LEN	(offsetof(struct jool_bkey6, proto) + 1)

/* Lookup key of the big-entry index (hashed and compared through ->s). */
struct jool_skey {
	const struct jool_bib *bib;
	__be32 remote4;
	u16 rport;
};

static u32 jool_skey_hash(const struct jool_bib *b, __be32 remote4, u16 rport,
			  u32 seed)
{
	unsigned long p = (unsigned long)b;

	return jhash_3words((u32)p ^ (u32)(p >> 31 >> 1), (__force u32)remote4,
			    rport, seed);
}

static u32 jool_sidx_hash(const void *data, u32 len, u32 seed)
{
	const struct jool_skey *k = data;

	return jool_skey_hash(k->bib, k->remote4, k->rport, seed);
}

static u32 jool_sidx_obj_hash(const void *data, u32 len, u32 seed)
{
	const struct jool_session *s = ((const struct jool_sidx *)data)->s;

	return jool_skey_hash(s->bib, s->remote4, s->rport, seed);
}

static int jool_sidx_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct jool_session *s = ((const struct jool_sidx *)obj)->s;
	const struct jool_skey *k = arg->key;

	return !(s->bib == k->bib && s->remote4 == k->remote4 &&
		 s->rport == k->rport);
}

/*
 * The BIB keys are hashed and compared a word at a time: rhashtable's
 * default for a 19-octet key is an out-of-line jhash() with a byte tail and
 * a memcmp(), which made up most of a new flow's extra cost (bench/README).
 * Both work on the key image, which starts 4-aligned in the entry and on the
 * stack alike.
 */
static inline u32 jool_bkey6_hash(const void *data, u32 len, u32 seed)
{
	const struct jool_bkey6 *k = data;
	const u32 *w = k->addr6.s6_addr32;
	u32 a, b, c;

	a = JHASH_INITVAL + JOOL_BKEY6_LEN + seed;
	b = a;
	c = a;
	a += (__force u32)w[0];
	b += (__force u32)w[1];
	c += (__force u32)w[2];
	__jhash_mix(a, b, c);
	a += (__force u32)w[3];
	b += (u32)k->port6 << 8 | k->proto;
	__jhash_final(a, b, c);
	return c;
}

static inline int jool_bkey6_cmp(struct rhashtable_compare_arg *arg,
				 const void *obj)
{
	const struct jool_bib *b = obj;
	const struct jool_bkey6 *k = arg->key;

	return !(ipv6_addr_equal(&b->addr6, &k->addr6) &&
		 b->port6 == k->port6 && b->proto == k->proto);
}

static inline u32 jool_bkey4_hash(const void *data, u32 len, u32 seed)
{
	const struct jool_bkey4 *k = data;

	return jhash_2words((__force u32)k->addr4,
			    (u32)k->port4 << 8 | k->proto, seed);
}

static inline int jool_bkey4_cmp(struct rhashtable_compare_arg *arg,
				 const void *obj)
{
	const struct jool_bib *b = obj;
	const struct jool_bkey4 *k = arg->key;

	return !(b->addr4 == k->addr4 && b->port4 == k->port4 &&
		 b->proto4 == k->proto);
}

static const struct rhashtable_params jool_bib6_params = {
	.head_offset = offsetof(struct jool_bib, node6),
	.key_offset = offsetof(struct jool_bib, addr6),
	.key_len = JOOL_BKEY6_LEN,
	.hashfn = jool_bkey6_hash,
	.obj_cmpfn = jool_bkey6_cmp,
	.automatic_shrinking = true,
};

static const struct rhashtable_params jool_bib4_params = {
	.head_offset = offsetof(struct jool_bib, node4),
	.key_offset = offsetof(struct jool_bib, addr4),
	.key_len = JOOL_BKEY4_LEN,
	.hashfn = jool_bkey4_hash,
	.obj_cmpfn = jool_bkey4_cmp,
	.automatic_shrinking = true,
};

static const struct rhashtable_params jool_sidx_params = {
	.head_offset = offsetof(struct jool_sidx, node),
	.hashfn = jool_sidx_hash,
	.obj_hashfn = jool_sidx_obj_hash,
	.obj_cmpfn = jool_sidx_cmp,
	.automatic_shrinking = true,
};

static void jool_bib_layout_check(void)
{
	/* The BIB lookup keys must be byte images of the entry's fields. */
	BUILD_BUG_ON(offsetof(struct jool_bib, port6) -
		     offsetof(struct jool_bib, addr6) !=
		     offsetof(struct jool_bkey6, port6));
	BUILD_BUG_ON(offsetof(struct jool_bib, proto) -
		     offsetof(struct jool_bib, addr6) !=
		     offsetof(struct jool_bkey6, proto));
	BUILD_BUG_ON(offsetof(struct jool_bib, port4) -
		     offsetof(struct jool_bib, addr4) !=
		     offsetof(struct jool_bkey4, port4));
	BUILD_BUG_ON(offsetof(struct jool_bib, proto4) -
		     offsetof(struct jool_bib, addr4) !=
		     offsetof(struct jool_bkey4, proto));
	/* The key hashes read 32-bit words. */
	BUILD_BUG_ON(offsetof(struct jool_bib, addr6) % 4);
	BUILD_BUG_ON(offsetof(struct jool_bib, addr4) % 4);
	/* Memory per flow (issue 7): these two make most of it. */
	BUILD_BUG_ON(sizeof(struct jool_bib) > 56);
	BUILD_BUG_ON(sizeof(struct jool_session) > 56);
	BUILD_BUG_ON(sizeof(struct jool_sidx) > 32);
	/* RCU readers follow bib_node after unlinking: rcu must miss it. */
	BUILD_BUG_ON(offsetof(struct jool_session, rcu) <
		     offsetof(struct jool_session, bib_node) +
		     sizeof(struct hlist_node));
}

static int jool_pidx(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return JOOL_P_TCP;
	case IPPROTO_UDP:
		return JOOL_P_UDP;
	default:
		return JOOL_P_ICMP;
	}
}

static const char *jool_proto_name(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "TCP";
	case IPPROTO_UDP:
		return "UDP";
	default:
		return "ICMP";
	}
}

bool jool_nat64_caches_ready(void)
{
	return jool_bib_cache && jool_session_cache;
}

size_t jool_nat64_bib_size(void)
{
	return kmem_cache_size(jool_bib_cache);
}

size_t jool_nat64_session_size(void)
{
	return kmem_cache_size(jool_session_cache);
}

/* The nf_tables object's name (the instance lives in its data area). */
static const char *jool_nat64_name(const struct jool_nat64 *st)
{
	const struct nft_object *obj;

	if (!st->inst)
		return "?";
	obj = container_of((void *)st->inst, struct nft_object, data);
	return obj->key.name ?: "?";
}

/* RFC 6888 section 4 (logging): one line per binding and session event. */
static void jool_nat64_log_bib(struct jool_nat64 *st, const char *what,
			       const struct jool_bib *b)
{
	pr_info("nft_jool %s: %s BIB %s %pI6c#%u %pI4#%u%s\n",
		jool_nat64_name(st), what, jool_proto_name(b->proto),
		&b->addr6, b->port6, &b->addr4, b->port4,
		b->is_static ? " static" : "");
}

void jool_nat64_log_session(struct jool_nat64 *st, const char *what,
			    const struct jool_session *s)
{
	const struct jool_bib *b = s->bib;

	pr_info("nft_jool %s: %s session %s %pI6c#%u %pI4#%u %pI4#%u\n",
		jool_nat64_name(st), what, jool_proto_name(b->proto),
		&b->addr6, b->port6, &b->addr4, b->port4, &s->remote4,
		s->rport);
}

/*
 * A session, and its BIB entry when it was the last one (BIB entries have
 * no rcu_head of their own: see struct jool_bib).
 */
static void jool_session_free_rcu(struct rcu_head *rcu)
{
	struct jool_session *s = container_of(rcu, struct jool_session, rcu);

	if (s->class == JOOL_CLASS_FREE_BIB)
		kmem_cache_free(jool_bib_cache, s->bib);
	kmem_cache_free(jool_session_cache, s);
}

/* Lookups: RCU read side (the lock is not needed). */
static struct jool_bib *jool_bib_lookup6(struct jool_nat64 *st, u8 proto,
					 const struct in6_addr *addr6,
					 u16 port6)
{
	struct jool_bkey6 k = { .addr6 = *addr6, .port6 = port6,
				.proto = proto };

	return rhashtable_lookup(&st->bib6, &k, jool_bib6_params);
}

static struct jool_bib *jool_bib_lookup4(struct jool_nat64 *st, u8 proto,
					 __be32 addr4, u16 port4)
{
	struct jool_bkey4 k = { .addr4 = addr4, .port4 = port4,
				.proto = proto };

	return rhashtable_lookup(&st->bib4, &k, jool_bib4_params);
}

/*
 * The session of @b toward @remote4:@rport: within one BIB entry that pair
 * identifies a session on both sides. RCU read side or the lock.
 */
static struct jool_session *jool_sess_find(struct jool_nat64 *st,
					   const struct jool_bib *b,
					   __be32 remote4, u16 rport)
{
	struct jool_session *s;

	/* Pairs with the release in jool_bib_index(). */
	if (smp_load_acquire(&b->indexed)) {
		struct jool_skey k = { .bib = b, .remote4 = remote4,
				       .rport = rport };
		struct jool_sidx *x;

		x = rhashtable_lookup(&st->sessx, &k, jool_sidx_params);
		return x ? x->s : NULL;
	}
	hlist_for_each_entry_rcu(s, &b->sessions, bib_node,
				 lockdep_is_held(&st->lock))
		if (s->remote4 == remote4 && s->rport == rport)
			return s;
	return NULL;
}

/* The session of @t, and in *@bp its BIB entry (either may be NULL). */
static struct jool_session *jool_sess_lookup6(struct jool_nat64 *st,
					      const struct jool_nat64_tuple *t,
					      struct jool_bib **bp)
{
	struct jool_bib *b = jool_bib_lookup6(st, t->proto, &t->addr6,
					      t->port6);

	*bp = b;
	return b ? jool_sess_find(st, b, t->remote4, t->rport) : NULL;
}

/*
 * Under the lock, after every change to the set of BIB entries or to an
 * entry's session list. A 6->4 packet that looked its flow up without the
 * lock keeps that result once it holds the lock while @gen has not moved
 * (pairs with the acquire in jool_nat64_6to4()): a new flow is then looked
 * up once, not twice.
 */
static void jool_nat64_changed(struct jool_nat64 *st)
{
	/* The change must be visible to whoever sees the new @gen. */
	smp_store_release(&st->gen, st->gen + 1);
}

static struct jool_session *jool_sess_lookup4(struct jool_nat64 *st,
					      const struct jool_nat64_tuple *t)
{
	struct jool_bib *b = jool_bib_lookup4(st, t->proto, t->addr4,
					      t->port4);

	return b ? jool_sess_find(st, b, t->remote4, t->rport) : NULL;
}

static u8 jool_simple_class(u8 proto)
{
	return proto == IPPROTO_UDP ? JOOL_CLASS_UDP : JOOL_CLASS_ICMP;
}

/*
 * Lock-free refresh: one store, and none while the value would not change
 * (lifetimes count in seconds), so a busy flow does not keep dirtying the
 * cache line other CPUs read.
 */
static void jool_session_refresh(struct jool_session *s, u32 timeout)
{
	u32 e = jool_nat64_now() + timeout;

	if (READ_ONCE(s->expires) != e)
		WRITE_ONCE(s->expires, e);
}

static void jool_fill4(struct jool_nat64_tuple *t, const struct jool_bib *b)
{
	t->addr4 = b->addr4;
	t->port4 = b->port4;
}

static void jool_fill6(struct jool_nat64_tuple *t, const struct jool_bib *b)
{
	t->addr6 = b->addr6;
	t->port6 = b->port6;
}

/*
 * Under the lock: takes @b (without sessions) out of the tables. @carrier,
 * an unlinked session, frees it after the readers (its RCU callback).
 */
static void jool_bib_remove(struct jool_nat64 *st, struct jool_bib *b,
			    const struct jool_config *cfg,
			    struct jool_session *carrier)
{
	rhashtable_remove_fast(&st->bib6, &b->node6, jool_bib6_params);
	rhashtable_remove_fast(&st->bib4, &b->node4, jool_bib4_params);
	jool_nat64_changed(st);
	st->bib_count[jool_pidx(b->proto)]--;
	if (cfg && cfg->nat64.logging_bib)
		jool_nat64_log_bib(st, "removed", b);
	carrier->bib = b;
	carrier->class = JOOL_CLASS_FREE_BIB;
}

/*
 * Under the lock: a session for a new flow, not linked anywhere yet (the
 * limit is checked here, before any BIB entry is made for it). NULL with
 * *@why set.
 */
static struct jool_session *jool_session_alloc(struct jool_nat64 *st,
					       enum nft_jool_stat *why)
{
	struct jool_session *s;

	if (st->sessions >= READ_ONCE(jool_nat64_max_sessions)) {
		*why = NFT_JOOL_STAT_SESSION_LIMIT;
		return NULL;
	}
	s = kmem_cache_zalloc(jool_session_cache, GFP_ATOMIC);
	if (!s)
		*why = NFT_JOOL_STAT_SESSION_ENOMEM;
	return s;
}

/*
 * Under the lock: a new runtime BIB entry, or NULL with *@why set. @ns is
 * the session it is made for; on failure it is consumed too.
 */
static struct jool_bib *jool_bib_add(struct jool_nat64 *st,
				     const struct jool_config *cfg, u8 proto,
				     const struct in6_addr *addr6, u16 port6,
				     __be32 addr4, u16 port4, bool is_static,
				     struct jool_session *ns,
				     enum nft_jool_stat *why)
{
	struct jool_bib *b;

	*why = NFT_JOOL_STAT_SESSION_ENOMEM;
	b = kmem_cache_zalloc(jool_bib_cache, GFP_ATOMIC);
	if (!b)
		goto err_ns;
	b->addr6 = *addr6;
	b->port6 = port6;
	b->proto = proto;
	b->addr4 = addr4;
	b->port4 = port4;
	b->proto4 = proto;
	b->is_static = is_static;

	if (rhashtable_insert_fast(&st->bib6, &b->node6, jool_bib6_params)) {
		kmem_cache_free(jool_bib_cache, b);
		goto err_ns;
	}
	if (rhashtable_insert_fast(&st->bib4, &b->node4, jool_bib4_params)) {
		/* Readers may have found it already: free it after them. */
		rhashtable_remove_fast(&st->bib6, &b->node6, jool_bib6_params);
		jool_nat64_changed(st);
		ns->bib = b;
		ns->class = JOOL_CLASS_FREE_BIB;
		call_rcu(&ns->rcu, jool_session_free_rcu);
		return NULL;
	}
	jool_nat64_changed(st);
	st->bib_count[jool_pidx(proto)]++;
	if (!is_static && st->inst)
		jool_stats_inc(st->inst->stats, NFT_JOOL_STAT_BIB_CREATED);
	if (cfg->nat64.logging_bib)
		jool_nat64_log_bib(st, "added", b);
	return b;

err_ns:
	kmem_cache_free(jool_session_cache, ns);
	return NULL;
}

/* Under the lock: puts @s in the big-entry index. */
static int jool_sidx_add(struct jool_nat64 *st, struct jool_session *s)
{
	struct jool_sidx *x;

	x = kmalloc(sizeof(*x), GFP_ATOMIC);
	if (!x)
		return -ENOMEM;
	x->s = s;
	if (rhashtable_insert_fast(&st->sessx, &x->node, jool_sidx_params)) {
		kfree(x);
		return -ENOMEM;
	}
	return 0;
}

/* Under the lock: takes @s out of the big-entry index. */
static void jool_sidx_del(struct jool_nat64 *st, struct jool_session *s)
{
	struct jool_skey k = { .bib = s->bib, .remote4 = s->remote4,
			       .rport = s->rport };
	struct jool_sidx *x;

	x = rhashtable_lookup_fast(&st->sessx, &k, jool_sidx_params);
	if (WARN_ON_ONCE(!x))
		return;
	rhashtable_remove_fast(&st->sessx, &x->node, jool_sidx_params);
	kfree_rcu(x, rcu);
}

/*
 * Under the lock: @b got past JOOL_BIG_BIB sessions; index them all, then
 * tell the readers. Without memory it stays a list (correct, slower) and
 * the next session tries again.
 */
static void jool_bib_index(struct jool_nat64 *st, struct jool_bib *b)
{
	struct jool_session *s, *u;

	hlist_for_each_entry(s, &b->sessions, bib_node) {
		if (jool_sidx_add(st, s))
			goto undo;
	}
	/* Pairs with the acquire in jool_sess_find(). */
	smp_store_release(&b->indexed, 1);
	return;

undo:
	hlist_for_each_entry(u, &b->sessions, bib_node) {
		if (u == s)
			break;
		jool_sidx_del(st, u);
	}
}

void jool_nat64_session_remove(struct jool_nat64 *st, struct jool_session *s,
			       const struct jool_config *cfg)
{
	struct jool_bib *b = s->bib;
	struct jool_syn4 *q;

	if (b->indexed)
		jool_sidx_del(st, s);
	/* Keeps s->bib_node.next for the readers still on it. */
	hlist_del_rcu(&s->bib_node);
	jool_nat64_changed(st);
	list_del(&s->expiry_node);
	q = jool_nat64_syn4_of(st, s);
	if (q) {
		list_del(&q->node);
		kfree_skb(q->skb);
		kfree(q);
		st->stored--;
	}
	st->sessions--;
	st->session_count[jool_pidx(b->proto)]--;
	if (cfg && cfg->nat64.logging_session)
		jool_nat64_log_session(st, "removed", s);
	b->nsessions--;
	/* BIB entries live as long as they have sessions. */
	if (!b->nsessions)
		jool_bib_remove(st, b, cfg, s);
	call_rcu(&s->rcu, jool_session_free_rcu);
}

/*
 * Under the lock: links @s (from jool_session_alloc()) to @b, toward
 * @remote4:@rport, in @class. It only fails (*@why set; @s is freed) for
 * an indexed @b, which has other sessions and stays.
 */
static struct jool_session *jool_session_add(struct jool_nat64 *st,
					     const struct jool_config *cfg,
					     struct jool_bib *b,
					     struct jool_session *s,
					     __be32 remote4, u16 rport,
					     u8 state, u8 class,
					     enum nft_jool_stat *why)
{
	u32 timeout = jool_nat64_timeout(cfg, class);

	s->bib = b;
	s->remote4 = remote4;
	s->rport = rport;
	s->state = state;
	s->class = class;
	/* The packet path reads these as soon as the session is visible. */
	s->expires = jool_nat64_now() + timeout;
	s->deadline = s->expires;
	INIT_LIST_HEAD(&s->expiry_node);

	if (b->indexed && jool_sidx_add(st, s)) {
		*why = NFT_JOOL_STAT_SESSION_ENOMEM;
		/* @b has sessions: it is indexed. */
		kmem_cache_free(jool_session_cache, s);
		return NULL;
	}
	hlist_add_head_rcu(&s->bib_node, &b->sessions);
	jool_nat64_changed(st);
	b->nsessions++;
	st->sessions++;
	st->session_count[jool_pidx(b->proto)]++;
	jool_nat64_queue(st, s, class, timeout);
	if (!b->indexed && b->nsessions > JOOL_BIG_BIB)
		jool_bib_index(st, b);
	if (st->inst)
		jool_stats_inc(st->inst->stats, NFT_JOOL_STAT_SESSION_CREATED);
	if (cfg->nat64.logging_session)
		jool_nat64_log_session(st, "added", s);
	return s;
}

/* Address-dependent filtering: has @b a session with @remote4? */
static bool jool_adf_allows(const struct jool_bib *b, __be32 remote4)
{
	const struct jool_session *s;

	hlist_for_each_entry(s, &b->sessions, bib_node)
		if (s->remote4 == remote4)
			return true;
	return false;
}

/* Under the lock. */
struct jool_syn4 *jool_nat64_syn4_of(struct jool_nat64 *st,
				     const struct jool_session *s)
{
	struct jool_syn4 *q;

	/* At most maximum-simultaneous-opens entries, usually none. */
	list_for_each_entry(q, &st->syn4_held, node)
		if (q->sess == s)
			return q;
	return NULL;
}

struct jool_mask_arg {
	struct jool_nat64 *st;
	const struct jool_config *cfg;
	u8 proto;
};

/* Free = no runtime BIB entry, and no static one that would own it. */
static bool jool_mask_free(const struct jool_taddr4 *taddr, void *arg)
{
	const struct jool_mask_arg *a = arg;

	return !jool_bib_lookup4(a->st, a->proto, taddr->addr, taddr->port) &&
	       !jool_static_bib_find4(a->cfg, a->proto, taddr->addr,
				      htons(taddr->port));
}

/*
 * Under the lock: choose a mask for @t (RFC 6056 algorithm 3 over the pool4
 * domain of (proto, mark); an empty pool4 uses the address the route to
 * remote4 would leave from, with ports 61001-65535).
 */
static enum jool_nat64_verdict
jool_mask_choose(struct jool_nat64 *st, const struct jool_config *cfg,
		 struct net *net, u32 mark, const struct jool_nat64_tuple *t,
		 struct jool_taddr4 *mask, enum nft_jool_stat *why)
{
	struct jool_mask_arg arg = { .st = st, .cfg = cfg, .proto = t->proto };
	struct jool_rfc6056_tuple ft = { .src = t->addr6 };
	struct jool_pool4_domain dom;
	struct jool_pool4_entry dyn;
	u64 offset, tries = 0;
	int err;

	if (jool_pool4_is_empty(cfg->pool4)) {
		struct flowi4 fl = {
			.daddr = t->remote4,
			.flowi4_mark = mark,
			.flowi4_proto = t->proto,
		};
		struct rtable *rt = ip_route_output_key(net, &fl);

		if (IS_ERR(rt)) {
			*why = NFT_JOOL_STAT_NO_ROUTE;
			return JOOL_NAT64_UNTRANSLATABLE;
		}
		ip_rt_put(rt);
		jool_pool4_domain_dynamic(&dom, &dyn, t->proto, fl.saddr);
	} else if (jool_pool4_domain_find(cfg->pool4, t->proto, mark, &dom)) {
		*why = NFT_JOOL_STAT_POOL4_NONE;
		return JOOL_NAT64_UNTRANSLATABLE;
	}

	if (cfg->pool6_set)
		jool_rfc6052_4to6(&cfg->pool6.addr, cfg->pool6.len, t->remote4,
				  &ft.dst);
	ft.src_port = htons(t->port6);
	ft.dst_port = t->proto == IPPROTO_ICMP ? ft.src_port : htons(t->rport);
	offset = jool_rfc6056_f(&st->key, cfg->nat64.f_args, &ft) +
		 (u64)atomic64_read(&st->next_ephemeral);
	err = jool_rfc6056_choose(&dom, offset, t->port6, 0, jool_mask_free,
				  &arg, mask, &tries);
	atomic64_add(tries, &st->next_ephemeral);
	if (err) {
		*why = NFT_JOOL_STAT_POOL4_EXHAUSTED;
		return JOOL_NAT64_DROP;
	}
	return JOOL_NAT64_GO;
}

/*
 * Under the lock, 6->4: the BIB entry of (proto, addr6, port6) for the new
 * session @ns: @b when the lookup found one, else made from the static BIB
 * or a new mask. NULL: *@v and *@why say why, and @ns is consumed.
 */
static struct jool_bib *jool_bib_get6(struct jool_nat64 *st,
				      const struct jool_config *cfg,
				      struct net *net, u32 mark,
				      const struct jool_nat64_tuple *t,
				      struct jool_bib *b,
				      struct jool_session *ns,
				      enum jool_nat64_verdict *v,
				      enum nft_jool_stat *why)
{
	const struct nft_jool_bib *sb;
	struct jool_taddr4 mask;

	if (b)
		return b;

	*v = JOOL_NAT64_DROP;
	sb = jool_static_bib_find6(cfg, t->proto, &t->addr6, htons(t->port6));
	/*
	 * A static entry whose mask a dynamic one still holds (it was added
	 * by an update) waits for that one to expire.
	 */
	if (sb && !jool_bib_lookup4(st, t->proto, sb->addr4, ntohs(sb->port4)))
		return jool_bib_add(st, cfg, t->proto, &t->addr6, t->port6,
				    sb->addr4, ntohs(sb->port4), true, ns,
				    why);

	*v = jool_mask_choose(st, cfg, net, mark, t, &mask, why);
	if (*v != JOOL_NAT64_GO) {
		kmem_cache_free(jool_session_cache, ns);
		return NULL;
	}
	*v = JOOL_NAT64_DROP;
	return jool_bib_add(st, cfg, t->proto, &t->addr6, t->port6, mask.addr,
			    mask.port, false, ns, why);
}

/*
 * Under the lock, 4->6: a runtime entry for the static entry @sb, for the
 * new session @ns (consumed on failure).
 */
static struct jool_bib *jool_bib_from_static(struct jool_nat64 *st,
					     const struct jool_config *cfg,
					     const struct nft_jool_bib *sb,
					     struct jool_session *ns,
					     enum nft_jool_stat *why)
{
	struct in6_addr a6;

	memcpy(&a6, sb->addr6, sizeof(a6));
	/* Its IPv6 side may still be bound dynamically (see above). */
	if (jool_bib_lookup6(st, sb->proto, &a6, ntohs(sb->port6))) {
		kmem_cache_free(jool_session_cache, ns);
		*why = NFT_JOOL_STAT_NO_BIB;
		return NULL;
	}
	return jool_bib_add(st, cfg, sb->proto, &a6, ntohs(sb->port6),
			    sb->addr4, ntohs(sb->port4), true, ns, why);
}

/*
 * UDP and ICMP, 6->4, under the lock, with @s and @b from
 * jool_sess_lookup6().
 */
static enum jool_nat64_verdict
jool_6to4_simple(struct jool_nat64 *st, const struct jool_config *cfg,
		 struct net *net, u32 mark, struct jool_nat64_tuple *t,
		 struct jool_session *s, struct jool_bib *b,
		 enum nft_jool_stat *why)
{
	u8 class = jool_simple_class(t->proto);
	enum jool_nat64_verdict v;
	struct jool_session *ns;

	if (s) {
		jool_session_refresh(s, jool_nat64_timeout(cfg, class));
		jool_fill4(t, s->bib);
		return JOOL_NAT64_GO;
	}
	ns = jool_session_alloc(st, why);
	if (!ns)
		return JOOL_NAT64_DROP;
	b = jool_bib_get6(st, cfg, net, mark, t, b, ns, &v, why);
	if (!b)
		return v;
	if (!jool_session_add(st, cfg, b, ns, t->remote4, t->rport, 0, class,
			      why))
		return JOOL_NAT64_DROP;
	jool_fill4(t, b);
	return JOOL_NAT64_GO;
}

/* UDP and ICMP, 4->6, under the lock (the destination is ours). */
static enum jool_nat64_verdict
jool_4to6_simple(struct jool_nat64 *st, const struct jool_config *cfg,
		 struct jool_nat64_tuple *t, enum nft_jool_stat *why)
{
	u8 class = jool_simple_class(t->proto);
	const struct nft_jool_bib *sb = NULL;
	struct jool_session *s, *ns;
	struct jool_bib *b;

	s = jool_sess_lookup4(st, t);
	if (s) {
		jool_session_refresh(s, jool_nat64_timeout(cfg, class));
		jool_fill6(t, s->bib);
		return JOOL_NAT64_GO;
	}
	b = jool_bib_lookup4(st, t->proto, t->addr4, t->port4);
	if (!b) {
		sb = jool_static_bib_find4(cfg, t->proto, t->addr4,
					   htons(t->port4));
		if (!sb) {
			*why = NFT_JOOL_STAT_NO_BIB;
			return JOOL_NAT64_DROP;
		}
	}
	/* RFC 6146 section 3.5.1: only the remotes the IPv6 node talked to. */
	if (cfg->nat64.address_dependent_filtering &&
	    (!b || !jool_adf_allows(b, t->remote4))) {
		*why = NFT_JOOL_STAT_ADF;
		return JOOL_NAT64_DROP;
	}
	ns = jool_session_alloc(st, why);
	if (!ns)
		return JOOL_NAT64_DROP;
	if (!b) {
		b = jool_bib_from_static(st, cfg, sb, ns, why);
		if (!b)
			return JOOL_NAT64_DROP;
	}
	if (!jool_session_add(st, cfg, b, ns, t->remote4, t->rport, 0, class,
			      why))
		return JOOL_NAT64_DROP;
	jool_fill6(t, b);
	return JOOL_NAT64_GO;
}

static u8 jool_timer_class(u8 timer)
{
	switch (timer) {
	case JOOL_TCP_TIMER_EST:
		return JOOL_CLASS_TCP_EST;
	case JOOL_TCP_TIMER_SYN4:
		return JOOL_CLASS_TCP_SYN4;
	default:
		return JOOL_CLASS_TCP_TRANS;
	}
}

static enum nft_jool_stat jool_tcp_reason_stat(u8 reason)
{
	switch (reason) {
	case JOOL_TCP_SYN_EXPECTED:
		return NFT_JOOL_STAT_TCP_SYN_EXPECTED;
	case JOOL_TCP_EXTERNAL_SYN:
		return NFT_JOOL_STAT_TCP_EXTERNAL;
	case JOOL_TCP_SO_EXISTS:
		return NFT_JOOL_STAT_SO_EXISTS;
	case JOOL_TCP_SO_FULL:
		return NFT_JOOL_STAT_SO_FULL;
	case JOOL_TCP_SO_STORED:
		return NFT_JOOL_STAT_SO_STORED;
	default:
		return NFT_JOOL_STAT_MALFORMED;
	}
}

/* Type 1 stored SYN (no BIB entry) for this IPv4 flow, under the lock. */
static struct jool_syn4 *jool_syn4_find(struct jool_nat64 *st, __be32 addr4,
					u16 port4, __be32 remote4, u16 rport)
{
	struct jool_syn4 *q;

	/* At most maximum-simultaneous-opens entries. */
	list_for_each_entry(q, &st->syn4_queue, node)
		if (q->addr4 == addr4 && q->port4 == port4 &&
		    q->remote4 == remote4 && q->rport == rport)
			return q;
	return NULL;
}

static void jool_syn4_drop(struct jool_nat64 *st, struct jool_syn4 *q)
{
	list_del(&q->node);
	st->stored--;
	kfree_skb(q->skb);
	kfree(q);
}

static void jool_tcp_policy_init(struct jool_tcp_policy *pol,
				 const struct jool_config *cfg, bool adf)
{
	pol->drop_external = cfg->nat64.drop_externally_initiated_tcp;
	pol->adf = adf;
	pol->rst_during_fin_rcv = cfg->nat64.handle_rst_during_fin_rcv;
	pol->max_stored = cfg->nat64.maximum_simultaneous_opens;
}

/* An existing session after the state machine said TRANSLATE. */
static void jool_tcp_apply(struct jool_nat64 *st, const struct jool_config *cfg,
			   struct jool_session *s,
			   const struct jool_tcp_result *r)
{
	struct jool_syn4 *q;

	if (r->free_stored) {
		q = jool_nat64_syn4_of(st, s);
		if (q)
			jool_syn4_drop(st, q);
	}
	if (r->state == JOOL_TCP_CLOSED) {
		jool_nat64_session_remove(st, s, cfg);
		return;
	}
	s->state = r->state;
	if (r->timer != JOOL_TCP_TIMER_KEEP) {
		u8 class = jool_timer_class(r->timer);

		jool_nat64_queue(st, s, class, jool_nat64_timeout(cfg, class));
	}
}

/* TCP, 6->4, under the lock, with @s and @b from jool_sess_lookup6(). */
static enum jool_nat64_verdict
jool_6to4_tcp(struct jool_nat64 *st, const struct jool_config *cfg,
	      struct net *net, u32 mark, struct jool_nat64_tuple *t,
	      struct jool_session *s, struct jool_bib *b,
	      u8 flags, enum nft_jool_stat *why)
{
	struct jool_tcp_input in = {
		.dir = JOOL_TCP_FROM_V6, .flags = flags,
		.stored_count = st->stored,
	};
	const struct nft_jool_bib *sb = NULL;
	struct jool_syn4 *q = NULL;
	struct jool_tcp_policy pol;
	struct jool_tcp_result r;
	enum jool_nat64_verdict v;
	struct jool_session *ns;

	if (s) {
		in.state = s->state;
		in.has_stored = st->stored && jool_nat64_syn4_of(st, s);
		in.bib_exists = true;
	} else {
		in.state = JOOL_TCP_CLOSED;
		if (b)
			q = jool_syn4_find(st, b->addr4, b->port4, t->remote4,
					   t->rport);
		else
			sb = jool_static_bib_find6(cfg, t->proto, &t->addr6,
						   htons(t->port6));
		if (sb)
			q = jool_syn4_find(st, sb->addr4, ntohs(sb->port4),
					   t->remote4, t->rport);
		in.bib_exists = b || sb;
		/* A V4 SYN waits for this flow: simultaneous open. */
		if (q) {
			in.state = JOOL_TCP_V4_INIT;
			in.has_stored = true;
		}
	}
	jool_tcp_policy_init(&pol, cfg, cfg->nat64.address_dependent_filtering);
	jool_tcp_packet(&in, &pol, &r);

	if (r.verdict != JOOL_TCP_TRANSLATE) {
		*why = jool_tcp_reason_stat(r.reason);
		return r.verdict == JOOL_TCP_ICMP_UNREACH ?
			JOOL_NAT64_ICMP_UNREACH : JOOL_NAT64_DROP;
	}
	if (s) {
		jool_fill4(t, b);
		jool_tcp_apply(st, cfg, s, &r);
		return JOOL_NAT64_GO;
	}
	if (r.state == JOOL_TCP_CLOSED) {
		/* Translated on the binding alone, no session. */
		if (b) {
			jool_fill4(t, b);
		} else if (sb) {
			t->addr4 = sb->addr4;
			t->port4 = ntohs(sb->port4);
		} else {
			*why = NFT_JOOL_STAT_TCP_SYN_EXPECTED;
			return JOOL_NAT64_DROP;
		}
		return JOOL_NAT64_GO;
	}
	ns = jool_session_alloc(st, why);
	if (!ns)
		return JOOL_NAT64_DROP;
	b = jool_bib_get6(st, cfg, net, mark, t, b, ns, &v, why);
	if (!b)
		return v;
	/*
	 * Simultaneous open of a flow that had no binding yet: the V4 SYN was
	 * stored for the mask this binding just got (RFC 5382 REQ-4).
	 */
	if (!q && r.state == JOOL_TCP_V6_INIT) {
		q = jool_syn4_find(st, b->addr4, b->port4, t->remote4,
				   t->rport);
		if (q) {
			in.state = JOOL_TCP_V4_INIT;
			in.has_stored = true;
			jool_tcp_packet(&in, &pol, &r);
		}
	}
	if (!jool_session_add(st, cfg, b, ns, t->remote4, t->rport, r.state,
			      jool_timer_class(r.timer), why))
		return JOOL_NAT64_DROP;
	if (q && r.free_stored)
		jool_syn4_drop(st, q);
	jool_fill4(t, b);
	return JOOL_NAT64_GO;
}

/* TCP, 4->6, under the lock (the destination is ours). */
static enum jool_nat64_verdict
jool_4to6_tcp(struct jool_nat64 *st, const struct jool_config *cfg,
	      struct sk_buff *skb, struct jool_nat64_tuple *t, u8 flags,
	      enum nft_jool_stat *why)
{
	struct jool_tcp_input in = {
		.dir = JOOL_TCP_FROM_V4, .flags = flags,
		.stored_count = st->stored,
	};
	bool adf = cfg->nat64.address_dependent_filtering;
	const struct nft_jool_bib *sb = NULL;
	struct jool_tcp_policy pol;
	struct jool_session *s, *ns;
	struct jool_tcp_result r;
	struct jool_syn4 *q;
	struct jool_bib *b;

	s = jool_sess_lookup4(st, t);
	if (s) {
		b = s->bib;
		in.state = s->state;
		in.has_stored = st->stored && jool_nat64_syn4_of(st, s);
		in.bib_exists = true;
	} else {
		b = jool_bib_lookup4(st, t->proto, t->addr4, t->port4);
		if (!b)
			sb = jool_static_bib_find4(cfg, t->proto, t->addr4,
						   htons(t->port4));
		in.bib_exists = b || sb;
		q = jool_syn4_find(st, t->addr4, t->port4, t->remote4,
				   t->rport);
		in.state = q ? JOOL_TCP_V4_INIT : JOOL_TCP_CLOSED;
		in.has_stored = !!q;
		adf = adf && !(b && jool_adf_allows(b, t->remote4));
	}
	jool_tcp_policy_init(&pol, cfg, adf);
	jool_tcp_packet(&in, &pol, &r);

	switch (r.verdict) {
	case JOOL_TCP_TRANSLATE:
		break;
	case JOOL_TCP_ICMP_UNREACH:
		*why = jool_tcp_reason_stat(r.reason);
		return JOOL_NAT64_ICMP_UNREACH;
	case JOOL_TCP_STORE_QUEUE:
		q = kmalloc(sizeof(*q), GFP_ATOMIC);
		if (!q) {
			*why = NFT_JOOL_STAT_SESSION_ENOMEM;
			return JOOL_NAT64_DROP;
		}
		jool_nat64_skb_keep(skb);
		q->skb = skb;
		q->sess = NULL;
		q->addr4 = t->addr4;
		q->port4 = t->port4;
		q->remote4 = t->remote4;
		q->rport = t->rport;
		q->deadline = jool_nat64_now() + JOOL_TCP_SYN4_TIMEOUT;
		list_add_tail(&q->node, &st->syn4_queue);
		st->stored++;
		jool_nat64_arm(st, q->deadline);
		*why = NFT_JOOL_STAT_SO_STORED;
		return JOOL_NAT64_STOLEN;
	case JOOL_TCP_STORE_SESSION:
		if (!b && !sb) {
			*why = NFT_JOOL_STAT_NO_BIB;
			return JOOL_NAT64_DROP;
		}
		/* Type 2: the SYN waits with its session, out of it. */
		q = kmalloc(sizeof(*q), GFP_ATOMIC);
		ns = q ? jool_session_alloc(st, why) : NULL;
		if (!ns) {
			if (!q)
				*why = NFT_JOOL_STAT_SESSION_ENOMEM;
			kfree(q);
			return JOOL_NAT64_DROP;
		}
		if (!b) {
			b = jool_bib_from_static(st, cfg, sb, ns, why);
			if (!b) {
				kfree(q);
				return JOOL_NAT64_DROP;
			}
		}
		s = jool_session_add(st, cfg, b, ns, t->remote4, t->rport,
				     JOOL_TCP_V4_INIT, JOOL_CLASS_TCP_SYN4,
				     why);
		if (!s) {
			kfree(q);
			return JOOL_NAT64_DROP;
		}
		jool_nat64_skb_keep(skb);
		memset(q, 0, sizeof(*q));
		q->skb = skb;
		q->sess = s;
		list_add_tail(&q->node, &st->syn4_held);
		st->stored++;
		*why = NFT_JOOL_STAT_SO_STORED;
		return JOOL_NAT64_STOLEN;
	default:
		*why = jool_tcp_reason_stat(r.reason);
		return JOOL_NAT64_DROP;
	}

	if (s) {
		jool_fill6(t, b);
		jool_tcp_apply(st, cfg, s, &r);
		return JOOL_NAT64_GO;
	}
	/* Anything but a SYN rides on the binding; filtering still applies. */
	if (adf) {
		*why = NFT_JOOL_STAT_ADF;
		return JOOL_NAT64_DROP;
	}
	if (r.state == JOOL_TCP_CLOSED) {
		if (b) {
			jool_fill6(t, b);
		} else if (sb) {
			memcpy(&t->addr6, sb->addr6, sizeof(t->addr6));
			t->port6 = ntohs(sb->port6);
		} else {
			*why = NFT_JOOL_STAT_NO_BIB;
			return JOOL_NAT64_DROP;
		}
		return JOOL_NAT64_GO;
	}
	if (!b && !sb) {
		*why = NFT_JOOL_STAT_NO_BIB;
		return JOOL_NAT64_DROP;
	}
	ns = jool_session_alloc(st, why);
	if (!ns)
		return JOOL_NAT64_DROP;
	if (!b) {
		b = jool_bib_from_static(st, cfg, sb, ns, why);
		if (!b)
			return JOOL_NAT64_DROP;
	}
	if (!jool_session_add(st, cfg, b, ns, t->remote4, t->rport, r.state,
			      jool_timer_class(r.timer), why))
		return JOOL_NAT64_DROP;
	jool_fill6(t, b);
	return JOOL_NAT64_GO;
}

enum jool_nat64_verdict jool_nat64_6to4(struct jool_instance *inst,
					const struct jool_config *cfg,
					struct net *net, struct sk_buff *skb,
					struct jool_nat64_tuple *t,
					u8 tcp_flags, enum nft_jool_stat *why)
{
	struct jool_nat64 *st = inst->nat64;
	enum jool_nat64_verdict v;
	struct jool_session *s;
	struct jool_bib *b;
	u32 gen;

	if (unlikely(!st)) {
		*why = NFT_JOOL_STAT_UNKNOWN_L4;
		return JOOL_NAT64_UNTRANSLATABLE;
	}
	/* Established flows: no lock, no allocation. */
	gen = smp_load_acquire(&st->gen);
	s = jool_sess_lookup6(st, t, &b);
	if (s) {
		if (t->proto != IPPROTO_TCP) {
			jool_session_refresh(s, jool_nat64_timeout(cfg,
					     jool_simple_class(t->proto)));
			jool_fill4(t, s->bib);
			return JOOL_NAT64_GO;
		}
		if (!tcp_flags && READ_ONCE(s->state) == JOOL_TCP_ESTABLISHED) {
			jool_session_refresh(s, cfg->nat64.tcp_est_timeout);
			jool_fill4(t, s->bib);
			return JOOL_NAT64_GO;
		}
	}

	spin_lock_bh(&st->lock);
	if (st->gen != gen)
		s = jool_sess_lookup6(st, t, &b);
	if (t->proto == IPPROTO_TCP)
		v = jool_6to4_tcp(st, cfg, net, skb->mark, t, s, b, tcp_flags,
				  why);
	else
		v = jool_6to4_simple(st, cfg, net, skb->mark, t, s, b, why);
	spin_unlock_bh(&st->lock);
	return v;
}

bool jool_nat64_is_mask(const struct jool_config *cfg, struct net *net,
			u8 proto, __be32 addr, u16 port)
{
	if (jool_pool4_is_empty(cfg->pool4))
		return jool_pool4_dynamic_contains_port(port) &&
		       inet_addr_type(net, addr) == RTN_LOCAL;
	return jool_pool4_contains(cfg->pool4, proto, addr, port);
}

enum jool_nat64_verdict jool_nat64_4to6(struct jool_instance *inst,
					const struct jool_config *cfg,
					struct net *net, struct sk_buff *skb,
					struct jool_nat64_tuple *t,
					u8 tcp_flags, enum nft_jool_stat *why)
{
	struct jool_nat64 *st = inst->nat64;
	enum jool_nat64_verdict v;
	struct jool_session *s;

	if (unlikely(!st)) {
		*why = NFT_JOOL_STAT_UNKNOWN_L4;
		return JOOL_NAT64_UNTRANSLATABLE;
	}
	/*
	 * Sessions first: a flow keeps working until it expires even when
	 * an update took its mask out of pool4.
	 */
	s = jool_sess_lookup4(st, t);
	if (s) {
		if (t->proto != IPPROTO_TCP) {
			jool_session_refresh(s, jool_nat64_timeout(cfg,
					     jool_simple_class(t->proto)));
			jool_fill6(t, s->bib);
			return JOOL_NAT64_GO;
		}
		if (!tcp_flags && READ_ONCE(s->state) == JOOL_TCP_ESTABLISHED) {
			jool_session_refresh(s, cfg->nat64.tcp_est_timeout);
			jool_fill6(t, s->bib);
			return JOOL_NAT64_GO;
		}
	} else if (!jool_nat64_is_mask(cfg, net, t->proto, t->addr4,
				       t->port4)) {
		*why = NFT_JOOL_STAT_DST4;
		return JOOL_NAT64_UNTRANSLATABLE;
	}

	spin_lock_bh(&st->lock);
	if (t->proto == IPPROTO_TCP)
		v = jool_4to6_tcp(st, cfg, skb, t, tcp_flags, why);
	else
		v = jool_4to6_simple(st, cfg, t, why);
	spin_unlock_bh(&st->lock);
	return v;
}

bool jool_nat64_bib_find6(struct jool_instance *inst,
			  struct jool_nat64_tuple *t)
{
	const struct jool_config *cfg = rcu_dereference(inst->cfg);
	const struct nft_jool_bib *sb;
	struct jool_bib *b;

	if (!inst->nat64)
		return false;
	b = jool_bib_lookup6(inst->nat64, t->proto, &t->addr6, t->port6);
	if (b) {
		jool_fill4(t, b);
		return true;
	}
	sb = jool_static_bib_find6(cfg, t->proto, &t->addr6, htons(t->port6));
	if (!sb)
		return false;
	t->addr4 = sb->addr4;
	t->port4 = ntohs(sb->port4);
	return true;
}

bool jool_nat64_bib_find4(struct jool_instance *inst,
			  struct jool_nat64_tuple *t)
{
	const struct jool_config *cfg = rcu_dereference(inst->cfg);
	const struct nft_jool_bib *sb;
	struct jool_bib *b;

	if (!inst->nat64)
		return false;
	b = jool_bib_lookup4(inst->nat64, t->proto, t->addr4, t->port4);
	if (b) {
		jool_fill6(t, b);
		return true;
	}
	sb = jool_static_bib_find4(cfg, t->proto, t->addr4, htons(t->port4));
	if (!sb)
		return false;
	memcpy(&t->addr6, sb->addr6, sizeof(t->addr6));
	t->port6 = ntohs(sb->port6);
	return true;
}

void jool_nat64_counts(struct jool_instance *inst,
		       struct jool_nat64_counts *c)
{
	struct jool_nat64 *st = inst->nat64;
	int i;

	memset(c, 0, sizeof(*c));
	c->max_sessions = READ_ONCE(jool_nat64_max_sessions);
	if (!st)
		return;
	spin_lock_bh(&st->lock);
	for (i = 0; i < JOOL_P_COUNT; i++) {
		c->bib[i] = st->bib_count[i];
		c->session[i] = st->session_count[i];
	}
	c->stored_syns = st->stored;
	spin_unlock_bh(&st->lock);
	/* Per entry, as the uapi says: userspace multiplies. */
	c->bib_bytes = kmem_cache_size(jool_bib_cache);
	c->session_bytes = kmem_cache_size(jool_session_cache);
}

/* Life cycle. */

static void jool_nat64_release(struct kref *kref)
{
	struct jool_nat64 *st = container_of(kref, struct jool_nat64, kref);

	/* Empty by now: destroy flushed them, and walks are over. */
	rhashtable_destroy(&st->sessx);
	rhashtable_destroy(&st->bib4);
	rhashtable_destroy(&st->bib6);
	kfree(st);
}

int jool_nat64_create(struct jool_instance *inst, struct net *net)
{
	struct jool_nat64 *st;
	int err, i;

	jool_bib_layout_check();
	/* In case the module's init did not run it (it is idempotent). */
	jool_nat64_params_init();
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	kref_init(&st->kref);
	spin_lock_init(&st->lock);
	st->inst = inst;
	st->net = net;
	for (i = 0; i < JOOL_CLASS_COUNT; i++)
		INIT_LIST_HEAD(&st->expiry[i]);
	INIT_LIST_HEAD(&st->syn4_queue);
	INIT_LIST_HEAD(&st->syn4_held);
	get_random_bytes(&st->key, sizeof(st->key));
	atomic64_set(&st->next_ephemeral, 0);
	INIT_DELAYED_WORK(&st->work, jool_nat64_expiry_work);

	err = rhashtable_init(&st->bib6, &jool_bib6_params);
	if (err)
		goto err_free;
	err = rhashtable_init(&st->bib4, &jool_bib4_params);
	if (err)
		goto err_bib6;
	err = rhashtable_init(&st->sessx, &jool_sidx_params);
	if (err)
		goto err_bib4;

	jool_nat64_all_add(st);
	inst->nat64 = st;
	return 0;

err_bib4:
	rhashtable_destroy(&st->bib4);
err_bib6:
	rhashtable_destroy(&st->bib6);
err_free:
	kfree(st);
	return err;
}

/* Removes everything, a batch at a time (BH is off while the lock is held). */
static void jool_nat64_flush(struct jool_nat64 *st,
			     const struct jool_config *cfg)
{
	struct jool_session *s;
	struct jool_syn4 *q;
	unsigned int n;
	int c;

	for (c = 0; c < JOOL_CLASS_COUNT; c++) {
		do {
			spin_lock_bh(&st->lock);
			for (n = 0; n < 1024 && !list_empty(&st->expiry[c]);
			     n++) {
				s = list_first_entry(&st->expiry[c],
						     struct jool_session,
						     expiry_node);
				jool_nat64_session_remove(st, s, cfg);
			}
			n = !list_empty(&st->expiry[c]);
			spin_unlock_bh(&st->lock);
			cond_resched();
		} while (n);
	}
	spin_lock_bh(&st->lock);
	while (!list_empty(&st->syn4_queue)) {
		q = list_first_entry(&st->syn4_queue, struct jool_syn4, node);
		jool_syn4_drop(st, q);
	}
	spin_unlock_bh(&st->lock);
}

void jool_nat64_destroy(struct jool_instance *inst)
{
	struct jool_nat64 *st = inst->nat64;
	const struct jool_config *cfg;

	if (!st)
		return;
	jool_nat64_all_del(st);
	spin_lock_bh(&st->lock);
	st->dying = true;
	spin_unlock_bh(&st->lock);
	cancel_delayed_work_sync(&st->work);

	/* The object is going away: its cfg cannot change meanwhile. */
	cfg = rcu_dereference_protected(inst->cfg, true);
	jool_nat64_flush(st, cfg);

	spin_lock_bh(&st->lock);
	st->inst = NULL;
	spin_unlock_bh(&st->lock);
	inst->nat64 = NULL;
	kref_put(&st->kref, jool_nat64_release);
}

/* Dumps. */

/*
 * BIB entries come from the bib6 table; sessions from the lists of its
 * entries. Between callbacks (no RCU) only the table iterator survives,
 * which revalidates the entry it stopped at; within an entry, the walk
 * remembers how many sessions it gave and the last one's remote side.
 */
struct jool_nat64_walk {
	struct jool_nat64 *st;
	struct rhashtable_iter iter;
	bool sessions;
	u8 proto;
	/* Valid between resume and pause only. */
	struct jool_bib *b;
	struct jool_session *next;
	/* Where a paused session walk stands in @paused (a stale pointer). */
	const struct jool_bib *paused;
	u32 done;
	__be32 last_remote4;
	u16 last_rport;
};

struct jool_nat64_walk *jool_nat64_walk_start(struct jool_instance *inst,
					      bool sessions, u8 proto,
					      gfp_t gfp)
{
	struct jool_nat64 *st = inst->nat64;
	struct jool_nat64_walk *w;

	if (!st)
		return NULL;
	w = kzalloc(sizeof(*w), gfp);
	if (!w)
		return NULL;
	if (!kref_get_unless_zero(&st->kref)) {
		kfree(w);
		return NULL;
	}
	w->st = st;
	w->sessions = sessions;
	w->proto = proto;
	rhashtable_walk_enter(&st->bib6, &w->iter);
	return w;
}

static struct jool_session *jool_walk_first(struct jool_bib *b)
{
	return hlist_entry_safe(rcu_dereference(hlist_first_rcu(&b->sessions)),
				struct jool_session, bib_node);
}

static struct jool_session *jool_walk_after(struct jool_session *s)
{
	return hlist_entry_safe(rcu_dereference(hlist_next_rcu(&s->bib_node)),
				struct jool_session, bib_node);
}

void jool_nat64_walk_resume(struct jool_nat64_walk *w)
{
	struct jool_session *s;
	struct jool_bib *b;
	u32 i;

	rhashtable_walk_start(&w->iter);
	w->b = NULL;
	/* BIB walks go on after the iterator's entry: nothing to redo. */
	if (!w->sessions || !w->paused)
		return;
	/*
	 * The entry the iterator stopped at, if it is still there (else the
	 * one after it, not given yet: it starts from its first session).
	 */
	b = rhashtable_walk_peek(&w->iter);
	if (IS_ERR_OR_NULL(b) || (w->proto && b->proto != w->proto))
		goto out;
	w->b = b;
	w->next = jool_walk_first(b);
	if (b != w->paused) {
		w->done = 0;
		goto out;
	}
	/* Big entries: on from the last session given, found in the index. */
	s = READ_ONCE(b->indexed) ?
		jool_sess_find(w->st, b, w->last_remote4, w->last_rport) :
		NULL;
	if (s) {
		w->next = jool_walk_after(s);
		goto out;
	}
	for (i = 0; i < w->done && w->next; i++)
		w->next = jool_walk_after(w->next);
out:
	w->paused = NULL;
}

void jool_nat64_walk_pause(struct jool_nat64_walk *w)
{
	w->paused = w->b;
	w->b = NULL;
	rhashtable_walk_stop(&w->iter);
}

static void jool_walk_fill(const struct jool_nat64_walk *w,
			   const struct jool_bib *b,
			   const struct jool_session *s,
			   struct jool_nat64_entry *e)
{
	u32 now;
	s32 left;

	memset(e, 0, sizeof(*e));
	if (s) {
		e->is_session = true;
		e->t.remote4 = s->remote4;
		e->t.rport = s->rport;
		e->state = READ_ONCE(s->state);
		now = jool_nat64_now() + READ_ONCE(jool_nat64_time_skew);
		left = (s32)(READ_ONCE(s->expires) - now);
		e->expires_ms = left > 0 ? (u64)left * MSEC_PER_SEC : 0;
	} else {
		e->sessions = READ_ONCE(b->nsessions);
	}
	e->t.addr6 = b->addr6;
	e->t.port6 = b->port6;
	e->t.addr4 = b->addr4;
	e->t.port4 = b->port4;
	e->t.proto = b->proto;
	e->is_static = b->is_static;
}

/* The next BIB entry of the walk's protocol, or NULL at the end. */
static struct jool_bib *jool_walk_next_bib(struct jool_nat64_walk *w)
{
	struct jool_bib *b;

	for (;;) {
		b = rhashtable_walk_next(&w->iter);
		if (IS_ERR(b)) {
			/* -EAGAIN: a resize; the walk goes on (maybe twice). */
			continue;
		}
		if (!b || !w->proto || b->proto == w->proto)
			return b;
	}
}

int jool_nat64_walk_next(struct jool_nat64_walk *w,
			 struct jool_nat64_entry *e)
{
	struct jool_session *s;

	if (!w->sessions) {
		w->b = jool_walk_next_bib(w);
		if (!w->b)
			return 0;
		jool_walk_fill(w, w->b, NULL, e);
		return 1;
	}
	for (;;) {
		if (!w->b) {
			w->b = jool_walk_next_bib(w);
			if (!w->b)
				return 0;
			w->next = jool_walk_first(w->b);
			w->done = 0;
		}
		s = w->next;
		if (!s) {
			w->b = NULL;
			continue;
		}
		w->next = jool_walk_after(s);
		w->done++;
		w->last_remote4 = s->remote4;
		w->last_rport = s->rport;
		jool_walk_fill(w, w->b, s, e);
		return 1;
	}
}

void jool_nat64_walk_end(struct jool_nat64_walk *w)
{
	if (!w)
		return;
	rhashtable_walk_exit(&w->iter);
	kref_put(&w->st->kref, jool_nat64_release);
	kfree(w);
}

/* Module. */

int jool_nat64_module_init(void)
{
	jool_nat64_params_init();
	jool_bib_cache = kmem_cache_create("nft_jool_bib",
					   sizeof(struct jool_bib), 0, 0,
					   NULL);
	if (!jool_bib_cache)
		return -ENOMEM;
	jool_session_cache = kmem_cache_create("nft_jool_session",
					       sizeof(struct jool_session), 0,
					       0, NULL);
	if (!jool_session_cache) {
		kmem_cache_destroy(jool_bib_cache);
		jool_bib_cache = NULL;
		return -ENOMEM;
	}
	return 0;
}

void jool_nat64_module_exit(void)
{
	/* Entries are freed by RCU callbacks into these caches. */
	rcu_barrier();
	kmem_cache_destroy(jool_session_cache);
	kmem_cache_destroy(jool_bib_cache);
	jool_session_cache = NULL;
	jool_bib_cache = NULL;
}
