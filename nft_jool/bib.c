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

/* Lookup keys of the session tables (hashed and compared through ->bib). */
struct jool_skey6 {
	const struct in6_addr *addr6;
	__be32 remote4;
	u16 port6;
	u16 rport;
	u8 proto;
};

struct jool_skey4 {
	__be32 addr4;
	__be32 remote4;
	u16 port4;
	u16 rport;
	u8 proto;
};

static u32 jool_shash6(const struct in6_addr *a, u16 port, __be32 remote4,
		       u16 rport, u8 proto, u32 seed)
{
	return jhash_3words((__force u32)remote4, ((u32)port << 16) | rport,
			    proto, jhash2(a->s6_addr32, 4, seed));
}

static u32 jool_shash4(__be32 addr4, u16 port, __be32 remote4, u16 rport,
		       u8 proto, u32 seed)
{
	return jhash_3words((__force u32)addr4, (__force u32)remote4,
			    ((u32)port << 16) | rport, seed ^ proto);
}

static u32 jool_sess6_hash(const void *data, u32 len, u32 seed)
{
	const struct jool_skey6 *k = data;

	return jool_shash6(k->addr6, k->port6, k->remote4, k->rport, k->proto,
			   seed);
}

static u32 jool_sess6_obj_hash(const void *data, u32 len, u32 seed)
{
	const struct jool_session *s = data;
	const struct jool_bib *b = s->bib;

	return jool_shash6(&b->addr6, b->port6, s->remote4, s->rport, b->proto,
			   seed);
}

static int jool_sess6_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct jool_skey6 *k = arg->key;
	const struct jool_session *s = obj;
	const struct jool_bib *b = s->bib;

	return !(s->remote4 == k->remote4 && s->rport == k->rport &&
		 b->port6 == k->port6 && b->proto == k->proto &&
		 ipv6_addr_equal(&b->addr6, k->addr6));
}

static u32 jool_sess4_hash(const void *data, u32 len, u32 seed)
{
	const struct jool_skey4 *k = data;

	return jool_shash4(k->addr4, k->port4, k->remote4, k->rport, k->proto,
			   seed);
}

static u32 jool_sess4_obj_hash(const void *data, u32 len, u32 seed)
{
	const struct jool_session *s = data;
	const struct jool_bib *b = s->bib;

	return jool_shash4(b->addr4, b->port4, s->remote4, s->rport, b->proto,
			   seed);
}

static int jool_sess4_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct jool_skey4 *k = arg->key;
	const struct jool_session *s = obj;
	const struct jool_bib *b = s->bib;

	return !(s->remote4 == k->remote4 && s->rport == k->rport &&
		 b->addr4 == k->addr4 && b->port4 == k->port4 &&
		 b->proto == k->proto);
}

static const struct rhashtable_params jool_bib6_params = {
	.head_offset = offsetof(struct jool_bib, node6),
	.key_offset = offsetof(struct jool_bib, addr6),
	.key_len = sizeof(struct jool_bkey6),
	.automatic_shrinking = true,
};

static const struct rhashtable_params jool_bib4_params = {
	.head_offset = offsetof(struct jool_bib, node4),
	.key_offset = offsetof(struct jool_bib, addr4),
	.key_len = JOOL_BKEY4_LEN,
	.automatic_shrinking = true,
};

static const struct rhashtable_params jool_sess6_params = {
	.head_offset = offsetof(struct jool_session, node6),
	.hashfn = jool_sess6_hash,
	.obj_hashfn = jool_sess6_obj_hash,
	.obj_cmpfn = jool_sess6_cmp,
	.automatic_shrinking = true,
};

static const struct rhashtable_params jool_sess4_params = {
	.head_offset = offsetof(struct jool_session, node4),
	.hashfn = jool_sess4_hash,
	.obj_hashfn = jool_sess4_obj_hash,
	.obj_cmpfn = jool_sess4_cmp,
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
	BUILD_BUG_ON(offsetof(struct jool_bib, pad6) -
		     offsetof(struct jool_bib, addr6) !=
		     offsetof(struct jool_bkey6, pad6));
	BUILD_BUG_ON(offsetof(struct jool_bib, port4) -
		     offsetof(struct jool_bib, addr4) !=
		     offsetof(struct jool_bkey4, port4));
	BUILD_BUG_ON(offsetof(struct jool_bib, proto4) -
		     offsetof(struct jool_bib, addr4) !=
		     offsetof(struct jool_bkey4, proto));
	BUILD_BUG_ON(sizeof(struct jool_bib) > 64);
	BUILD_BUG_ON(sizeof(struct jool_session) > 80);
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

static void jool_bib_free_rcu(struct rcu_head *rcu)
{
	kmem_cache_free(jool_bib_cache, container_of(rcu, struct jool_bib, rcu));
}

static void jool_session_free_rcu(struct rcu_head *rcu)
{
	kmem_cache_free(jool_session_cache,
			container_of(rcu, struct jool_session, rcu));
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

static struct jool_session *jool_sess_lookup6(struct jool_nat64 *st,
					      const struct jool_nat64_tuple *t)
{
	struct jool_skey6 k = {
		.addr6 = &t->addr6, .remote4 = t->remote4, .port6 = t->port6,
		.rport = t->rport, .proto = t->proto,
	};

	return rhashtable_lookup(&st->sess6, &k, jool_sess6_params);
}

static struct jool_session *jool_sess_lookup4(struct jool_nat64 *st,
					      const struct jool_nat64_tuple *t)
{
	struct jool_skey4 k = {
		.addr4 = t->addr4, .remote4 = t->remote4, .port4 = t->port4,
		.rport = t->rport, .proto = t->proto,
	};

	return rhashtable_lookup(&st->sess4, &k, jool_sess4_params);
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

/* Under the lock. */
static void jool_bib_remove(struct jool_nat64 *st, struct jool_bib *b,
			    const struct jool_config *cfg)
{
	rhashtable_remove_fast(&st->bib6, &b->node6, jool_bib6_params);
	rhashtable_remove_fast(&st->bib4, &b->node4, jool_bib4_params);
	st->bib_count[jool_pidx(b->proto)]--;
	if (cfg && cfg->nat64.logging_bib)
		jool_nat64_log_bib(st, "removed", b);
	call_rcu(&b->rcu, jool_bib_free_rcu);
}

/* Under the lock: a new runtime BIB entry, or NULL with *@why set. */
static struct jool_bib *jool_bib_add(struct jool_nat64 *st,
				     const struct jool_config *cfg, u8 proto,
				     const struct in6_addr *addr6, u16 port6,
				     __be32 addr4, u16 port4, bool is_static,
				     enum nft_jool_stat *why)
{
	struct jool_bib *b;

	b = kmem_cache_zalloc(jool_bib_cache, GFP_ATOMIC);
	if (!b) {
		*why = NFT_JOOL_STAT_SESSION_ENOMEM;
		return NULL;
	}
	b->addr6 = *addr6;
	b->port6 = port6;
	b->proto = proto;
	b->addr4 = addr4;
	b->port4 = port4;
	b->proto4 = proto;
	b->is_static = is_static;
	INIT_LIST_HEAD(&b->sessions_list);

	if (rhashtable_insert_fast(&st->bib6, &b->node6, jool_bib6_params)) {
		kmem_cache_free(jool_bib_cache, b);
		*why = NFT_JOOL_STAT_SESSION_ENOMEM;
		return NULL;
	}
	if (rhashtable_insert_fast(&st->bib4, &b->node4, jool_bib4_params)) {
		/* Readers may have found it already: free it after them. */
		rhashtable_remove_fast(&st->bib6, &b->node6, jool_bib6_params);
		call_rcu(&b->rcu, jool_bib_free_rcu);
		*why = NFT_JOOL_STAT_SESSION_ENOMEM;
		return NULL;
	}
	st->bib_count[jool_pidx(proto)]++;
	if (!is_static && st->inst)
		jool_stats_inc(st->inst->stats, NFT_JOOL_STAT_BIB_CREATED);
	if (cfg->nat64.logging_bib)
		jool_nat64_log_bib(st, "added", b);
	return b;
}

/* Under the lock: BIB entries live as long as they have sessions. */
static void jool_bib_put_if_unused(struct jool_nat64 *st, struct jool_bib *b,
				   const struct jool_config *cfg)
{
	if (!b->sessions)
		jool_bib_remove(st, b, cfg);
}

void jool_nat64_session_remove(struct jool_nat64 *st, struct jool_session *s,
			       const struct jool_config *cfg)
{
	struct jool_bib *b = s->bib;

	rhashtable_remove_fast(&st->sess6, &s->node6, jool_sess6_params);
	rhashtable_remove_fast(&st->sess4, &s->node4, jool_sess4_params);
	list_del(&s->bib_node);
	list_del(&s->expiry_node);
	if (s->stored) {
		kfree_skb(s->stored);
		s->stored = NULL;
		st->stored--;
	}
	st->sessions--;
	st->session_count[jool_pidx(b->proto)]--;
	if (cfg && cfg->nat64.logging_session)
		jool_nat64_log_session(st, "removed", s);
	call_rcu(&s->rcu, jool_session_free_rcu);
	b->sessions--;
	jool_bib_put_if_unused(st, b, cfg);
}

/*
 * Under the lock: a new session of @b toward @remote4:@rport, in @class.
 * NULL with *@why set (@b is left to the caller).
 */
static struct jool_session *jool_session_add(struct jool_nat64 *st,
					     const struct jool_config *cfg,
					     struct jool_bib *b,
					     __be32 remote4, u16 rport,
					     u8 state, u8 class,
					     enum nft_jool_stat *why)
{
	u32 timeout = jool_nat64_timeout(cfg, class);
	struct jool_session *s;

	if (st->sessions >= READ_ONCE(jool_nat64_max_sessions)) {
		*why = NFT_JOOL_STAT_SESSION_LIMIT;
		return NULL;
	}
	s = kmem_cache_zalloc(jool_session_cache, GFP_ATOMIC);
	if (!s) {
		*why = NFT_JOOL_STAT_SESSION_ENOMEM;
		return NULL;
	}
	s->bib = b;
	s->remote4 = remote4;
	s->rport = rport;
	s->state = state;
	s->class = class;
	/* The packet path reads these as soon as the session is visible. */
	s->expires = jool_nat64_now() + timeout;
	s->deadline = s->expires;
	INIT_LIST_HEAD(&s->expiry_node);

	if (rhashtable_insert_fast(&st->sess6, &s->node6, jool_sess6_params)) {
		kmem_cache_free(jool_session_cache, s);
		*why = NFT_JOOL_STAT_SESSION_ENOMEM;
		return NULL;
	}
	if (rhashtable_insert_fast(&st->sess4, &s->node4, jool_sess4_params)) {
		rhashtable_remove_fast(&st->sess6, &s->node6,
				       jool_sess6_params);
		call_rcu(&s->rcu, jool_session_free_rcu);
		*why = NFT_JOOL_STAT_SESSION_ENOMEM;
		return NULL;
	}
	list_add_tail(&s->bib_node, &b->sessions_list);
	b->sessions++;
	st->sessions++;
	st->session_count[jool_pidx(b->proto)]++;
	jool_nat64_queue(st, s, class, timeout);
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

	list_for_each_entry(s, &b->sessions_list, bib_node)
		if (s->remote4 == remote4)
			return true;
	return false;
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
 * Under the lock, 6->4: the BIB entry of (proto, addr6, port6), made from
 * the static BIB or a new mask when there is none. NULL: *@v and *@why say
 * why.
 */
static struct jool_bib *jool_bib_get6(struct jool_nat64 *st,
				      const struct jool_config *cfg,
				      struct net *net, u32 mark,
				      const struct jool_nat64_tuple *t,
				      enum jool_nat64_verdict *v,
				      enum nft_jool_stat *why)
{
	const struct nft_jool_bib *sb;
	struct jool_taddr4 mask;
	struct jool_bib *b;

	b = jool_bib_lookup6(st, t->proto, &t->addr6, t->port6);
	if (b)
		return b;

	*v = JOOL_NAT64_DROP;
	if (st->sessions >= READ_ONCE(jool_nat64_max_sessions)) {
		*why = NFT_JOOL_STAT_SESSION_LIMIT;
		return NULL;
	}
	sb = jool_static_bib_find6(cfg, t->proto, &t->addr6, htons(t->port6));
	/*
	 * A static entry whose mask a dynamic one still holds (it was added
	 * by an update) waits for that one to expire.
	 */
	if (sb && !jool_bib_lookup4(st, t->proto, sb->addr4, ntohs(sb->port4)))
		return jool_bib_add(st, cfg, t->proto, &t->addr6, t->port6,
				    sb->addr4, ntohs(sb->port4), true, why);

	*v = jool_mask_choose(st, cfg, net, mark, t, &mask, why);
	if (*v != JOOL_NAT64_GO)
		return NULL;
	*v = JOOL_NAT64_DROP;
	return jool_bib_add(st, cfg, t->proto, &t->addr6, t->port6, mask.addr,
			    mask.port, false, why);
}

/* Under the lock, 4->6: a runtime entry for the static entry @sb. */
static struct jool_bib *jool_bib_from_static(struct jool_nat64 *st,
					     const struct jool_config *cfg,
					     const struct nft_jool_bib *sb,
					     enum nft_jool_stat *why)
{
	struct in6_addr a6;

	memcpy(&a6, sb->addr6, sizeof(a6));
	/* Its IPv6 side may still be bound dynamically (see above). */
	if (jool_bib_lookup6(st, sb->proto, &a6, ntohs(sb->port6))) {
		*why = NFT_JOOL_STAT_NO_BIB;
		return NULL;
	}
	return jool_bib_add(st, cfg, sb->proto, &a6, ntohs(sb->port6),
			    sb->addr4, ntohs(sb->port4), true, why);
}

/* UDP and ICMP, 6->4, under the lock. */
static enum jool_nat64_verdict
jool_6to4_simple(struct jool_nat64 *st, const struct jool_config *cfg,
		 struct net *net, u32 mark, struct jool_nat64_tuple *t,
		 enum nft_jool_stat *why)
{
	u8 class = jool_simple_class(t->proto);
	enum jool_nat64_verdict v;
	struct jool_session *s;
	struct jool_bib *b;

	s = jool_sess_lookup6(st, t);
	if (s) {
		jool_session_refresh(s, jool_nat64_timeout(cfg, class));
		jool_fill4(t, s->bib);
		return JOOL_NAT64_GO;
	}
	b = jool_bib_get6(st, cfg, net, mark, t, &v, why);
	if (!b)
		return v;
	if (!jool_session_add(st, cfg, b, t->remote4, t->rport, 0, class,
			      why)) {
		jool_bib_put_if_unused(st, b, cfg);
		return JOOL_NAT64_DROP;
	}
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
	struct jool_session *s;
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
	if (!b) {
		b = jool_bib_from_static(st, cfg, sb, why);
		if (!b)
			return JOOL_NAT64_DROP;
	}
	if (!jool_session_add(st, cfg, b, t->remote4, t->rport, 0, class,
			      why)) {
		jool_bib_put_if_unused(st, b, cfg);
		return JOOL_NAT64_DROP;
	}
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
	if (r->free_stored && s->stored) {
		kfree_skb(s->stored);
		s->stored = NULL;
		st->stored--;
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

/* TCP, 6->4, under the lock. */
static enum jool_nat64_verdict
jool_6to4_tcp(struct jool_nat64 *st, const struct jool_config *cfg,
	      struct net *net, u32 mark, struct jool_nat64_tuple *t,
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
	struct jool_session *s;
	struct jool_bib *b;

	s = jool_sess_lookup6(st, t);
	if (s) {
		b = s->bib;
		in.state = s->state;
		in.has_stored = !!s->stored;
		in.bib_exists = true;
	} else {
		in.state = JOOL_TCP_CLOSED;
		b = jool_bib_lookup6(st, t->proto, &t->addr6, t->port6);
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
	b = jool_bib_get6(st, cfg, net, mark, t, &v, why);
	if (!b)
		return v;
	s = jool_session_add(st, cfg, b, t->remote4, t->rport, r.state,
			     jool_timer_class(r.timer), why);
	if (!s) {
		jool_bib_put_if_unused(st, b, cfg);
		return JOOL_NAT64_DROP;
	}
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
	struct jool_tcp_result r;
	struct jool_session *s;
	struct jool_syn4 *q;
	struct jool_bib *b;

	s = jool_sess_lookup4(st, t);
	if (s) {
		b = s->bib;
		in.state = s->state;
		in.has_stored = !!s->stored;
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
		if (!b) {
			if (!sb) {
				*why = NFT_JOOL_STAT_NO_BIB;
				return JOOL_NAT64_DROP;
			}
			b = jool_bib_from_static(st, cfg, sb, why);
			if (!b)
				return JOOL_NAT64_DROP;
		}
		s = jool_session_add(st, cfg, b, t->remote4, t->rport,
				     JOOL_TCP_V4_INIT, JOOL_CLASS_TCP_SYN4,
				     why);
		if (!s) {
			jool_bib_put_if_unused(st, b, cfg);
			return JOOL_NAT64_DROP;
		}
		jool_nat64_skb_keep(skb);
		s->stored = skb;
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
	if (!b) {
		if (!sb) {
			*why = NFT_JOOL_STAT_NO_BIB;
			return JOOL_NAT64_DROP;
		}
		b = jool_bib_from_static(st, cfg, sb, why);
		if (!b)
			return JOOL_NAT64_DROP;
	}
	if (!jool_session_add(st, cfg, b, t->remote4, t->rport, r.state,
			      jool_timer_class(r.timer), why)) {
		jool_bib_put_if_unused(st, b, cfg);
		return JOOL_NAT64_DROP;
	}
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

	if (unlikely(!st)) {
		*why = NFT_JOOL_STAT_UNKNOWN_L4;
		return JOOL_NAT64_UNTRANSLATABLE;
	}
	/* Established flows: no lock, no allocation. */
	s = jool_sess_lookup6(st, t);
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
	if (t->proto == IPPROTO_TCP)
		v = jool_6to4_tcp(st, cfg, net, skb->mark, t, tcp_flags, why);
	else
		v = jool_6to4_simple(st, cfg, net, skb->mark, t, why);
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
	rhashtable_destroy(&st->sess4);
	rhashtable_destroy(&st->sess6);
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
	get_random_bytes(&st->key, sizeof(st->key));
	atomic64_set(&st->next_ephemeral, 0);
	INIT_DELAYED_WORK(&st->work, jool_nat64_expiry_work);

	err = rhashtable_init(&st->bib6, &jool_bib6_params);
	if (err)
		goto err_free;
	err = rhashtable_init(&st->bib4, &jool_bib4_params);
	if (err)
		goto err_bib6;
	err = rhashtable_init(&st->sess6, &jool_sess6_params);
	if (err)
		goto err_bib4;
	err = rhashtable_init(&st->sess4, &jool_sess4_params);
	if (err)
		goto err_sess6;

	jool_nat64_all_add(st);
	inst->nat64 = st;
	return 0;

err_sess6:
	rhashtable_destroy(&st->sess6);
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

struct jool_nat64_walk {
	struct jool_nat64 *st;
	struct rhashtable_iter iter;
	bool sessions;
	u8 proto;
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
	rhashtable_walk_enter(sessions ? &st->sess6 : &st->bib6, &w->iter);
	return w;
}

void jool_nat64_walk_resume(struct jool_nat64_walk *w)
{
	rhashtable_walk_start(&w->iter);
}

void jool_nat64_walk_pause(struct jool_nat64_walk *w)
{
	rhashtable_walk_stop(&w->iter);
}

static void jool_walk_fill(const struct jool_nat64_walk *w, void *obj,
			   struct jool_nat64_entry *e)
{
	const struct jool_session *s;
	const struct jool_bib *b;
	u32 now;
	s32 left;

	memset(e, 0, sizeof(*e));
	if (w->sessions) {
		s = obj;
		b = s->bib;
		e->is_session = true;
		e->t.remote4 = s->remote4;
		e->t.rport = s->rport;
		e->state = READ_ONCE(s->state);
		now = jool_nat64_now() + READ_ONCE(jool_nat64_time_skew);
		left = (s32)(READ_ONCE(s->expires) - now);
		e->expires_ms = left > 0 ? (u64)left * MSEC_PER_SEC : 0;
	} else {
		b = obj;
		e->sessions = READ_ONCE(b->sessions);
	}
	e->t.addr6 = b->addr6;
	e->t.port6 = b->port6;
	e->t.addr4 = b->addr4;
	e->t.port4 = b->port4;
	e->t.proto = b->proto;
	e->is_static = b->is_static;
}

int jool_nat64_walk_next(struct jool_nat64_walk *w,
			 struct jool_nat64_entry *e)
{
	void *obj;

	for (;;) {
		obj = rhashtable_walk_next(&w->iter);
		if (IS_ERR(obj)) {
			/* -EAGAIN: a resize; the walk goes on (maybe twice). */
			continue;
		}
		if (!obj)
			return 0;
		if (w->proto) {
			const struct jool_bib *b = w->sessions ?
				((const struct jool_session *)obj)->bib : obj;

			if (b->proto != w->proto)
				continue;
		}
		jool_walk_fill(w, obj, e);
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
