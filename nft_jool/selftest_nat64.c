// SPDX-License-Identifier: GPL-2.0
/*
 * Self-tests of the NAT64 state (bib.c, bib_expiry.c) at module load, in
 * test builds: a fake instance with a pool4, thousands of sessions made,
 * looked up and expired through the bib.h API (expiry through time_skew),
 * counts, address-dependent filtering, static BIB, pool4 exhaustion,
 * max_sessions, the TCP state machine with stored SYNs, BIB entries with
 * many sessions (the big-entry index), and the empty-pool4 dynamic domain.
 */

#include <linux/bitmap.h>
#include <linux/delay.h>
#include <linux/ip.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/net_namespace.h>
#include <net/netfilter/nf_tables.h>
#include "bib_internal.h"
#include "config.h"
#include "instance.h"
#include "nat64_tcp.h"
#include "pool4.h"
#include "rfc6056.h"
#include "selftest.h"

static unsigned int jool_stn_passed, jool_stn_failed;

#define STN_CHECK(cond, fmt, ...)					\
	do {								\
		if (cond) {						\
			jool_stn_passed++;				\
		} else {						\
			jool_stn_failed++;				\
			pr_err("nft_jool: selftest %s:%d: " fmt "\n",	\
			       __func__, __LINE__, ##__VA_ARGS__);	\
		}							\
	} while (0)

#define STN_SESSIONS	5000
#define STN_UDP_MIN	1000
#define STN_UDP_MAX	4999	/* on 192.0.2.0/31: 8,000 masks */

struct jool_stn {
	struct nft_object *obj;
	struct jool_instance *inst;
	struct jool_config *cfg;
	struct sk_buff *dummy;	/* mark only; never kept */
};

static __be32 stn_v4(u8 a, u8 b, u8 c, u8 d)
{
	return htonl((a << 24) | (b << 16) | (c << 8) | d);
}

static void stn_v6(struct in6_addr *a, u16 group3, u32 low)
{
	memset(a, 0, sizeof(*a));
	a->s6_addr16[0] = htons(0x2001);
	a->s6_addr16[1] = htons(0x0db8);
	a->s6_addr16[2] = htons(group3);
	a->s6_addr32[3] = htonl(low);
}

static void stn_cfg_free(struct jool_config *cfg)
{
	if (!cfg)
		return;
	if (cfg->pool4)
		jool_pool4_destroy(cfg->pool4);
	kfree(cfg->bib);
	kfree(cfg->bib4);
	kfree(cfg);
}

static struct jool_config *stn_cfg(bool empty_pool4)
{
	static const struct jool_pool4_entry p4[] = {
		{ .proto = IPPROTO_UDP, .addr = cpu_to_be32(0xc0000200),
		  .plen = 31, .port_min = STN_UDP_MIN,
		  .port_max = STN_UDP_MAX },
		{ .proto = IPPROTO_TCP, .addr = cpu_to_be32(0xc0000201),
		  .plen = 32, .port_min = 2000, .port_max = 2999 },
		{ .proto = IPPROTO_ICMP, .addr = cpu_to_be32(0xc0000201),
		  .plen = 32, .port_min = 100, .port_max = 199 },
		{ .proto = IPPROTO_ICMP, .mark = 7,
		  .addr = cpu_to_be32(0xc0000202), .plen = 32,
		  .port_min = 10, .port_max = 19 },
	};
	struct jool_pool4_error perr;
	struct jool_config *cfg;

	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return NULL;
	cfg->type = NFT_JOOL_TYPE_NAT64;
	cfg->manually_enabled = true;
	cfg->pool6_set = true;
	cfg->pool6.addr.s6_addr16[0] = htons(0x64);
	cfg->pool6.addr.s6_addr16[1] = htons(0xff9b);
	cfg->pool6.len = 96;
	cfg->nat64.f_args = JOOL_F_ARGS_DEFAULT;
	cfg->nat64.tcp_est_timeout = 7200;
	cfg->nat64.tcp_trans_timeout = 240;
	cfg->nat64.udp_timeout = 300;
	cfg->nat64.icmp_timeout = 60;
	cfg->nat64.maximum_simultaneous_opens = 10;
	if (jool_pool4_create(p4, empty_pool4 ? 0 : ARRAY_SIZE(p4),
			      GFP_KERNEL, &cfg->pool4, &perr))
		goto err;
	if (empty_pool4)
		return cfg;

	/* Static BIB, sorted both ways (TCP before UDP in both orders). */
	cfg->bib = kcalloc(2, sizeof(*cfg->bib), GFP_KERNEL);
	cfg->bib4 = kcalloc(2, sizeof(*cfg->bib4), GFP_KERNEL);
	if (!cfg->bib || !cfg->bib4)
		goto err;
	cfg->bib_n = 2;
	stn_v6((struct in6_addr *)cfg->bib[0].addr6, 0, 0x98);
	cfg->bib[0].port6 = htons(80);
	cfg->bib[0].addr4 = stn_v4(192, 0, 2, 1);
	cfg->bib[0].port4 = htons(2500);
	cfg->bib[0].proto = IPPROTO_TCP;
	stn_v6((struct in6_addr *)cfg->bib[1].addr6, 0, 0x99);
	cfg->bib[1].port6 = htons(5000);
	cfg->bib[1].addr4 = stn_v4(192, 0, 2, 1);
	cfg->bib[1].port4 = htons(1500);
	cfg->bib[1].proto = IPPROTO_UDP;
	memcpy(cfg->bib4, cfg->bib, 2 * sizeof(*cfg->bib));
	return cfg;
err:
	stn_cfg_free(cfg);
	return NULL;
}

static int stn_init(struct jool_stn *x, bool empty_pool4)
{
	memset(x, 0, sizeof(*x));
	x->obj = kzalloc(sizeof(*x->obj) + sizeof(*x->inst), GFP_KERNEL);
	x->cfg = stn_cfg(empty_pool4);
	x->dummy = alloc_skb(0, GFP_KERNEL);
	if (!x->obj || !x->cfg || !x->dummy)
		goto err;
	x->obj->key.name = "selftest";
	x->inst = nft_obj_data(x->obj);
	RCU_INIT_POINTER(x->inst->cfg, x->cfg);
	INIT_LIST_HEAD(&x->inst->part_node);
	x->inst->stats = jool_stats_alloc();
	if (!x->inst->stats)
		goto err;
	if (jool_nat64_create(x->inst, &init_net))
		goto err_stats;
	return 0;
err_stats:
	jool_stats_free(x->inst->stats);
err:
	kfree_skb(x->dummy);
	stn_cfg_free(x->cfg);
	kfree(x->obj);
	return -ENOMEM;
}

static void stn_fini(struct jool_stn *x)
{
	jool_nat64_destroy(x->inst);
	jool_stats_free(x->inst->stats);
	kfree_skb(x->dummy);
	stn_cfg_free(x->cfg);
	kfree(x->obj);
}

static u64 stn_stat(struct jool_stn *x, enum nft_jool_stat id)
{
	u64 c[__NFT_JOOL_STAT_MAX];

	jool_stats_fold(x->inst->stats, c);
	return c[id];
}

/* As the packet path calls them: RCU read side, BH off. */
static enum jool_nat64_verdict stn_64(struct jool_stn *x,
				      struct jool_nat64_tuple *t,
				      struct sk_buff *skb, u8 flags,
				      enum nft_jool_stat *why)
{
	enum jool_nat64_verdict v;

	*why = 0;
	rcu_read_lock();
	local_bh_disable();
	v = jool_nat64_6to4(x->inst, x->cfg, &init_net, skb ?: x->dummy, t,
			    flags, why);
	local_bh_enable();
	rcu_read_unlock();
	return v;
}

static enum jool_nat64_verdict stn_46(struct jool_stn *x,
				      struct jool_nat64_tuple *t,
				      struct sk_buff *skb, u8 flags,
				      enum nft_jool_stat *why)
{
	enum jool_nat64_verdict v;

	*why = 0;
	rcu_read_lock();
	local_bh_disable();
	v = jool_nat64_4to6(x->inst, x->cfg, &init_net, skb ?: x->dummy, t,
			    flags, why);
	local_bh_enable();
	rcu_read_unlock();
	return v;
}

static void stn_t6(struct jool_nat64_tuple *t, u8 proto, u16 g3, u32 low,
		   u16 port6, __be32 remote4, u16 rport)
{
	memset(t, 0, sizeof(*t));
	t->proto = proto;
	stn_v6(&t->addr6, g3, low);
	t->port6 = port6;
	t->remote4 = remote4;
	t->rport = rport;
}

static void stn_t4(struct jool_nat64_tuple *t, u8 proto, __be32 addr4,
		   u16 port4, __be32 remote4, u16 rport)
{
	memset(t, 0, sizeof(*t));
	t->proto = proto;
	t->addr4 = addr4;
	t->port4 = port4;
	t->remote4 = remote4;
	t->rport = rport;
}

static void stn_counts(struct jool_stn *x, struct jool_nat64_counts *c)
{
	jool_nat64_counts(x->inst, c);
}

static unsigned int stn_mask_index(const struct jool_nat64_tuple *t)
{
	u32 a = ntohl(t->addr4);

	if ((a & ~1U) != 0xc0000200 || t->port4 < STN_UDP_MIN ||
	    t->port4 > STN_UDP_MAX)
		return UINT_MAX;
	return (a & 1) * (STN_UDP_MAX - STN_UDP_MIN + 1) +
	       (t->port4 - STN_UDP_MIN);
}

/*
 * Walks everything of @proto: the number of distinct entries (a resize
 * during a walk may show some twice; dumps accept that). Entries are told
 * apart by their mask, or by @nstatic for static ones.
 */
static unsigned int stn_walk(struct jool_stn *x, bool sessions, u8 proto,
			     unsigned int *nstatic)
{
	const unsigned int space = 2 * (STN_UDP_MAX - STN_UDP_MIN + 1);
	unsigned int n = 0, i = 0, other = 0, idx;
	struct jool_nat64_walk *w;
	struct jool_nat64_entry e;
	unsigned long *seen;

	if (nstatic)
		*nstatic = 0;
	seen = bitmap_zalloc(space, GFP_KERNEL);
	w = jool_nat64_walk_start(x->inst, sessions, proto, GFP_KERNEL);
	if (!w || !seen) {
		bitmap_free(seen);
		jool_nat64_walk_end(w);
		return UINT_MAX;
	}
	jool_nat64_walk_resume(w);
	while (jool_nat64_walk_next(w, &e) > 0) {
		idx = e.t.proto == IPPROTO_UDP ? stn_mask_index(&e.t) :
						 UINT_MAX;
		if (e.is_static && nstatic)
			(*nstatic)++;
		if (idx == UINT_MAX || e.is_static)
			other++;
		else if (!test_and_set_bit(idx, seen))
			n++;
		/* Dumps pause when a message is full: do the same. */
		if (++i == 100) {
			i = 0;
			jool_nat64_walk_pause(w);
			cond_resched();
			jool_nat64_walk_resume(w);
		}
	}
	jool_nat64_walk_pause(w);
	jool_nat64_walk_end(w);
	bitmap_free(seen);
	return n + other;
}

/* TCP session state of the flow of (addr6, port6), or 0xff. */
static u8 stn_tcp_state(struct jool_stn *x, const struct in6_addr *a6,
			u16 port6)
{
	struct jool_nat64_walk *w;
	struct jool_nat64_entry e;
	u8 state = 0xff;

	w = jool_nat64_walk_start(x->inst, true, IPPROTO_TCP, GFP_KERNEL);
	if (!w)
		return state;
	jool_nat64_walk_resume(w);
	while (jool_nat64_walk_next(w, &e) > 0)
		if (ipv6_addr_equal(&e.t.addr6, a6) && e.t.port6 == port6)
			state = e.state;
	jool_nat64_walk_pause(w);
	jool_nat64_walk_end(w);
	return state;
}

static void stn_skew(unsigned int s)
{
	/* As writing the module parameter does: the workers wake up. */
	jool_nat64_set_time_skew(s);
}

/* The worker runs asynchronously: wait until @n sessions remain. */
static bool stn_wait_sessions(struct jool_stn *x, u64 n, u64 stored)
{
	struct jool_nat64_counts c;
	int i;

	for (i = 0; i < 400; i++) {
		stn_counts(x, &c);
		if (c.session[0] + c.session[1] + c.session[2] == n &&
		    c.stored_syns == stored)
			return true;
		msleep(25);
	}
	return false;
}

static struct sk_buff *stn_syn4(__be32 saddr, __be32 daddr, u16 sport,
				u16 dport)
{
	struct sk_buff *skb;
	struct tcphdr *th;
	struct iphdr *iph;

	skb = alloc_skb(LL_MAX_HEADER + sizeof(*iph) + sizeof(*th),
			GFP_KERNEL);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_MAX_HEADER);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, sizeof(*iph));
	skb_set_transport_header(skb, sizeof(*iph));
	th = skb_put_zero(skb, sizeof(*th));
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(sizeof(*iph) + sizeof(*th));
	iph->ttl = 64;
	iph->protocol = IPPROTO_TCP;
	iph->saddr = saddr;
	iph->daddr = daddr;
	ip_send_check(iph);
	th->source = htons(sport);
	th->dest = htons(dport);
	th->doff = 5;
	th->syn = 1;
	skb->protocol = htons(ETH_P_IP);
	skb->dev = init_net.loopback_dev;
	skb->skb_iif = init_net.loopback_dev->ifindex;
	return skb;
}

/* Thousands of UDP flows: unique masks, lookups both ways, dumps. */
static void stn_udp_bulk(struct jool_stn *x, struct jool_taddr4 *masks)
{
	const unsigned int space = 2 * (STN_UDP_MAX - STN_UDP_MIN + 1);
	unsigned int i, idx, bad = 0, dups = 0, wrong = 0, nstatic;
	struct jool_nat64_counts c;
	struct jool_nat64_tuple t;
	enum nft_jool_stat why;
	unsigned long *used;

	used = bitmap_zalloc(space, GFP_KERNEL);
	if (!used) {
		STN_CHECK(false, "no memory");
		return;
	}
	for (i = 0; i < STN_SESSIONS; i++) {
		stn_t6(&t, IPPROTO_UDP, 1, i / 100 + 1, 10000 + i % 100,
		       stn_v4(203, 0, 113, i % 50 + 1), 53);
		if (stn_64(x, &t, NULL, 0, &why) != JOOL_NAT64_GO) {
			bad++;
			continue;
		}
		idx = stn_mask_index(&t);
		/* 192.0.2.1#1500 belongs to a static entry. */
		if (idx == UINT_MAX ||
		    (t.addr4 == stn_v4(192, 0, 2, 1) && t.port4 == 1500)) {
			wrong++;
			continue;
		}
		if (test_and_set_bit(idx, used))
			dups++;
		masks[i].addr = t.addr4;
		masks[i].port = t.port4;
	}
	bitmap_free(used);
	STN_CHECK(!bad && !wrong && !dups,
		  "UDP 6->4: %u refused, %u outside pool4/static, %u shared",
		  bad, wrong, dups);
	stn_counts(x, &c);
	STN_CHECK(c.session[JOOL_P_UDP] == STN_SESSIONS &&
		  c.bib[JOOL_P_UDP] == STN_SESSIONS,
		  "counts: %llu sessions, %llu BIB entries",
		  c.session[JOOL_P_UDP], c.bib[JOOL_P_UDP]);
	STN_CHECK(stn_stat(x, NFT_JOOL_STAT_SESSION_CREATED) == STN_SESSIONS &&
		  stn_stat(x, NFT_JOOL_STAT_BIB_CREATED) == STN_SESSIONS,
		  "created counters");

	/* The same flows again: same masks, nothing new. */
	for (i = 0, bad = 0; i < STN_SESSIONS; i++) {
		stn_t6(&t, IPPROTO_UDP, 1, i / 100 + 1, 10000 + i % 100,
		       stn_v4(203, 0, 113, i % 50 + 1), 53);
		if (stn_64(x, &t, NULL, 0, &why) != JOOL_NAT64_GO ||
		    t.addr4 != masks[i].addr || t.port4 != masks[i].port)
			bad++;
	}
	STN_CHECK(!bad, "6->4 lookups: %u differ", bad);

	/* The answers: 4->6 finds each IPv6 node. */
	for (i = 0, bad = 0; i < STN_SESSIONS; i++) {
		struct in6_addr want;

		stn_t4(&t, IPPROTO_UDP, masks[i].addr, masks[i].port,
		       stn_v4(203, 0, 113, i % 50 + 1), 53);
		stn_v6(&want, 1, i / 100 + 1);
		if (stn_46(x, &t, NULL, 0, &why) != JOOL_NAT64_GO ||
		    !ipv6_addr_equal(&t.addr6, &want) ||
		    t.port6 != 10000 + i % 100)
			bad++;
	}
	STN_CHECK(!bad, "4->6 lookups: %u wrong", bad);
	stn_counts(x, &c);
	STN_CHECK(c.session[JOOL_P_UDP] == STN_SESSIONS, "4->6 made sessions");

	/* ICMP errors' inner packets: lookups that make nothing. */
	stn_t6(&t, IPPROTO_UDP, 1, 1, 10000, 0, 0);
	rcu_read_lock();
	STN_CHECK(jool_nat64_bib_find6(x->inst, &t) &&
		  t.addr4 == masks[0].addr && t.port4 == masks[0].port,
		  "bib_find6");
	memset(&t.addr6, 0, sizeof(t.addr6));
	t.port6 = 0;
	STN_CHECK(jool_nat64_bib_find4(x->inst, &t) && t.port6 == 10000,
		  "bib_find4");
	t.port4 = 999;
	STN_CHECK(!jool_nat64_bib_find4(x->inst, &t), "bib_find4 miss");
	rcu_read_unlock();

	STN_CHECK(stn_walk(x, false, IPPROTO_UDP, &nstatic) == STN_SESSIONS &&
		  !nstatic, "BIB walk");
	STN_CHECK(stn_walk(x, true, 0, NULL) == STN_SESSIONS, "session walk");
	STN_CHECK(stn_walk(x, true, IPPROTO_TCP, NULL) == 0,
		  "session walk, TCP only");
}

static void stn_filtering(struct jool_stn *x, const struct jool_taddr4 *masks)
{
	struct jool_nat64_counts c0, c;
	struct jool_nat64_tuple t;
	enum nft_jool_stat why;
	enum jool_nat64_verdict v;
	bool found;
	u16 port;

	stn_counts(x, &c0);
	/* Endpoint-independent filtering: anyone may use a binding. */
	stn_t4(&t, IPPROTO_UDP, masks[0].addr, masks[0].port,
	       stn_v4(198, 51, 100, 1), 7);
	STN_CHECK(stn_46(x, &t, NULL, 0, &why) == JOOL_NAT64_GO,
		  "ADF off: new remote refused (%u)", why);
	x->cfg->nat64.address_dependent_filtering = true;
	stn_t4(&t, IPPROTO_UDP, masks[0].addr, masks[0].port,
	       stn_v4(198, 51, 100, 2), 7);
	v = stn_46(x, &t, NULL, 0, &why);
	STN_CHECK(v == JOOL_NAT64_DROP && why == NFT_JOOL_STAT_ADF,
		  "ADF on: unknown remote: verdict %d why %u", v, why);
	/* Address-dependent: a known address, another port, passes. */
	stn_t4(&t, IPPROTO_UDP, masks[0].addr, masks[0].port,
	       stn_v4(198, 51, 100, 1), 8);
	STN_CHECK(stn_46(x, &t, NULL, 0, &why) == JOOL_NAT64_GO,
		  "ADF on: known remote address refused (%u)", why);
	x->cfg->nat64.address_dependent_filtering = false;
	stn_counts(x, &c);
	STN_CHECK(c.session[JOOL_P_UDP] == c0.session[JOOL_P_UDP] + 2 &&
		  c.bib[JOOL_P_UDP] == c0.bib[JOOL_P_UDP],
		  "ADF sessions: %llu -> %llu", c0.session[JOOL_P_UDP],
		  c.session[JOOL_P_UDP]);

	/* A pool4 address without binding, and an address not in pool4. */
	for (port = STN_UDP_MIN; port <= STN_UDP_MAX; port++) {
		stn_t4(&t, IPPROTO_UDP, stn_v4(192, 0, 2, 1), port,
		       stn_v4(198, 51, 100, 1), 7);
		rcu_read_lock();
		found = jool_nat64_bib_find4(x->inst, &t);
		rcu_read_unlock();
		if (!found)
			break;
	}
	stn_t4(&t, IPPROTO_UDP, stn_v4(192, 0, 2, 1), port,
	       stn_v4(198, 51, 100, 1), 7);
	v = stn_46(x, &t, NULL, 0, &why);
	STN_CHECK(v == JOOL_NAT64_DROP && why == NFT_JOOL_STAT_NO_BIB,
		  "no BIB (port %u): verdict %d why %u", port, v, why);
	stn_t4(&t, IPPROTO_UDP, stn_v4(192, 0, 2, 9), 1000,
	       stn_v4(198, 51, 100, 1), 7);
	v = stn_46(x, &t, NULL, 0, &why);
	STN_CHECK(v == JOOL_NAT64_UNTRANSLATABLE && why == NFT_JOOL_STAT_DST4,
		  "not pool4: verdict %d why %u", v, why);
}

static void stn_static(struct jool_stn *x)
{
	struct jool_nat64_tuple t;
	enum nft_jool_stat why;
	unsigned int nstatic;
	struct in6_addr want;

	/* RFC 6888 logging lines (the dmesg of the test run shows them). */
	x->cfg->nat64.logging_bib = true;
	x->cfg->nat64.logging_session = true;
	/* From the IPv4 side first: the configured binding opens it. */
	stn_t4(&t, IPPROTO_UDP, stn_v4(192, 0, 2, 1), 1500,
	       stn_v4(203, 0, 113, 77), 99);
	stn_v6(&want, 0, 0x99);
	STN_CHECK(stn_46(x, &t, NULL, 0, &why) == JOOL_NAT64_GO &&
		  ipv6_addr_equal(&t.addr6, &want) && t.port6 == 5000,
		  "static BIB 4->6 (%u)", why);
	stn_t6(&t, IPPROTO_UDP, 0, 0x99, 5000, stn_v4(203, 0, 113, 78), 99);
	STN_CHECK(stn_64(x, &t, NULL, 0, &why) == JOOL_NAT64_GO &&
		  t.addr4 == stn_v4(192, 0, 2, 1) && t.port4 == 1500,
		  "static BIB 6->4 (%u)", why);
	x->cfg->nat64.logging_bib = false;
	x->cfg->nat64.logging_session = false;
	stn_walk(x, false, IPPROTO_UDP, &nstatic);
	STN_CHECK(nstatic == 1, "%u static runtime entries", nstatic);
}

static void stn_exhaustion(struct jool_stn *x)
{
	enum jool_nat64_verdict v = JOOL_NAT64_GO;
	struct jool_nat64_tuple t;
	enum nft_jool_stat why;
	u32 max, sessions;
	struct jool_nat64_counts c;
	unsigned int i, ok = 0;

	/* Mark 7: ICMP identifiers 10-19 of 192.0.2.2, ten masks. */
	x->dummy->mark = 7;
	for (i = 0; i < 11; i++) {
		stn_t6(&t, IPPROTO_ICMP, 2, i + 1, 1234,
		       stn_v4(203, 0, 113, 1), 0);
		v = stn_64(x, &t, NULL, 0, &why);
		if (v == JOOL_NAT64_GO && t.addr4 == stn_v4(192, 0, 2, 2) &&
		    t.port4 >= 10 && t.port4 <= 19)
			ok++;
	}
	STN_CHECK(ok == 10 && v == JOOL_NAT64_DROP &&
		  why == NFT_JOOL_STAT_POOL4_EXHAUSTED,
		  "exhaustion: %u masks, then verdict %d why %u", ok, v, why);
	x->dummy->mark = 8;
	v = stn_64(x, &t, NULL, 0, &why);
	STN_CHECK(v == JOOL_NAT64_UNTRANSLATABLE &&
		  why == NFT_JOOL_STAT_POOL4_NONE,
		  "no domain: verdict %d why %u", v, why);
	x->dummy->mark = 0;

	/* max_sessions. */
	stn_counts(x, &c);
	sessions = c.session[0] + c.session[1] + c.session[2];
	max = READ_ONCE(jool_nat64_max_sessions);
	WRITE_ONCE(jool_nat64_max_sessions, sessions);
	stn_t6(&t, IPPROTO_UDP, 3, 1, 1, stn_v4(203, 0, 113, 1), 1);
	v = stn_64(x, &t, NULL, 0, &why);
	STN_CHECK(v == JOOL_NAT64_DROP && why == NFT_JOOL_STAT_SESSION_LIMIT,
		  "max_sessions: verdict %d why %u", v, why);
	WRITE_ONCE(jool_nat64_max_sessions, max);
	STN_CHECK(stn_64(x, &t, NULL, 0, &why) == JOOL_NAT64_GO,
		  "below max_sessions (%u)", why);
}

static void stn_tcp(struct jool_stn *x)
{
	struct jool_nat64_tuple t, m;
	struct jool_nat64_counts c;
	enum jool_nat64_verdict v;
	enum nft_jool_stat why;
	struct sk_buff *skb;
	struct in6_addr a6;

	/* V6 SYN, V4 SYN: ESTABLISHED; then data both ways. */
	stn_t6(&t, IPPROTO_TCP, 4, 1, 40000, stn_v4(203, 0, 113, 9), 80);
	v = stn_64(x, &t, NULL, JOOL_TCP_SYN, &why);
	STN_CHECK(v == JOOL_NAT64_GO && t.addr4 == stn_v4(192, 0, 2, 1) &&
		  t.port4 >= 2000 && t.port4 <= 2999 && t.port4 != 2500,
		  "V6 SYN: verdict %d why %u", v, why);
	m = t;
	STN_CHECK(stn_tcp_state(x, &t.addr6, 40000) == JOOL_TCP_V6_INIT,
		  "V6 INIT");
	stn_t4(&t, IPPROTO_TCP, m.addr4, m.port4, m.remote4, 80);
	v = stn_46(x, &t, NULL, JOOL_TCP_SYN, &why);
	STN_CHECK(v == JOOL_NAT64_GO && t.port6 == 40000,
		  "V4 SYN: verdict %d why %u", v, why);
	STN_CHECK(stn_tcp_state(x, &m.addr6, 40000) == JOOL_TCP_ESTABLISHED,
		  "ESTABLISHED");
	t = m;
	STN_CHECK(stn_64(x, &t, NULL, 0, &why) == JOOL_NAT64_GO &&
		  t.port4 == m.port4, "data 6->4");

	/* A V4 packet nobody expects. */
	stn_t4(&t, IPPROTO_TCP, stn_v4(192, 0, 2, 1), 2998,
	       stn_v4(203, 0, 113, 10), 5555);
	v = stn_46(x, &t, NULL, 0, &why);
	STN_CHECK(v == JOOL_NAT64_DROP && why == NFT_JOOL_STAT_TCP_SYN_EXPECTED,
		  "V4 ACK without session: verdict %d why %u", v, why);

	/* Type 1: a V4 SYN without binding is kept, a retry dropped. */
	skb = stn_syn4(stn_v4(203, 0, 113, 10), stn_v4(192, 0, 2, 1), 5555,
		       2999);
	if (skb) {
		stn_t4(&t, IPPROTO_TCP, stn_v4(192, 0, 2, 1), 2999,
		       stn_v4(203, 0, 113, 10), 5555);
		v = stn_46(x, &t, skb, JOOL_TCP_SYN, &why);
		STN_CHECK(v == JOOL_NAT64_STOLEN &&
			  why == NFT_JOOL_STAT_SO_STORED,
			  "type 1 SYN: verdict %d why %u", v, why);
		if (v != JOOL_NAT64_STOLEN)
			kfree_skb(skb);
		v = stn_46(x, &t, x->dummy, JOOL_TCP_SYN, &why);
		STN_CHECK(v == JOOL_NAT64_DROP && why == NFT_JOOL_STAT_SO_EXISTS,
			  "type 1 retry: verdict %d why %u", v, why);
	}

	/* Type 2 (ADF, static binding): kept until the V6 SYN comes. */
	x->cfg->nat64.address_dependent_filtering = true;
	skb = stn_syn4(stn_v4(203, 0, 113, 11), stn_v4(192, 0, 2, 1), 6000,
		       2500);
	if (skb) {
		stn_t4(&t, IPPROTO_TCP, stn_v4(192, 0, 2, 1), 2500,
		       stn_v4(203, 0, 113, 11), 6000);
		v = stn_46(x, &t, skb, JOOL_TCP_SYN, &why);
		STN_CHECK(v == JOOL_NAT64_STOLEN,
			  "type 2 SYN: verdict %d why %u", v, why);
		if (v != JOOL_NAT64_STOLEN)
			kfree_skb(skb);
		stn_counts(x, &c);
		STN_CHECK(c.stored_syns == 2, "%llu stored", c.stored_syns);
		stn_v6(&a6, 0, 0x98);
		STN_CHECK(stn_tcp_state(x, &a6, 80) == JOOL_TCP_V4_INIT,
			  "V4 INIT");
		stn_t6(&t, IPPROTO_TCP, 0, 0x98, 80, stn_v4(203, 0, 113, 11),
		       6000);
		v = stn_64(x, &t, NULL, JOOL_TCP_SYN, &why);
		STN_CHECK(v == JOOL_NAT64_GO && t.port4 == 2500,
			  "V6 SYN after type 2: verdict %d why %u", v, why);
		STN_CHECK(stn_tcp_state(x, &a6, 80) == JOOL_TCP_ESTABLISHED,
			  "simultaneous open ESTABLISHED");
	}
	x->cfg->nat64.address_dependent_filtering = false;
	stn_counts(x, &c);
	STN_CHECK(c.stored_syns == 1 && c.session[JOOL_P_TCP] == 2 &&
		  c.bib[JOOL_P_TCP] == 2,
		  "TCP counts: %llu stored, %llu sessions, %llu BIB",
		  c.stored_syns, c.session[JOOL_P_TCP], c.bib[JOOL_P_TCP]);
}

/* Lifetimes through time_skew: lazy re-queueing, probes, stored SYNs. */
static void stn_expiry(struct jool_stn *x)
{
	u64 probes0 = stn_stat(x, NFT_JOOL_STAT_TCP_PROBE) +
		      stn_stat(x, NFT_JOOL_STAT_NO_ROUTE) +
		      stn_stat(x, NFT_JOOL_STAT_OUTPUT);
	struct jool_nat64_counts c;
	struct jool_nat64_tuple t;
	enum nft_jool_stat why;
	u64 probes;

	/* Flow 0 is refreshed with a longer lifetime than the others. */
	x->cfg->nat64.udp_timeout = 1000;
	stn_t6(&t, IPPROTO_UDP, 1, 1, 10000, stn_v4(203, 0, 113, 1), 53);
	STN_CHECK(stn_64(x, &t, NULL, 0, &why) == JOOL_NAT64_GO, "refresh");
	x->cfg->nat64.udp_timeout = 300;

	/* 500 s: UDP (300 s), ICMP (60 s) and stored SYNs (6 s) are due. */
	stn_skew(500);
	STN_CHECK(stn_wait_sessions(x, 1 + 2, 0),
		  "500 s later: not only flow 0 and the 2 TCP sessions left");
	stn_counts(x, &c);
	STN_CHECK(c.session[JOOL_P_UDP] == 1 && c.bib[JOOL_P_UDP] == 1 &&
		  c.session[JOOL_P_ICMP] == 0 && c.bib[JOOL_P_ICMP] == 0 &&
		  c.session[JOOL_P_TCP] == 2,
		  "500 s: UDP %llu/%llu ICMP %llu/%llu TCP %llu",
		  c.session[JOOL_P_UDP], c.bib[JOOL_P_UDP],
		  c.session[JOOL_P_ICMP], c.bib[JOOL_P_ICMP],
		  c.session[JOOL_P_TCP]);

	/* 7300 s: the rest; established TCP is probed, then TRANS ends. */
	stn_skew(7300);
	STN_CHECK(stn_wait_sessions(x, 0, 0), "7300 s later: sessions left");
	stn_counts(x, &c);
	STN_CHECK(!c.bib[0] && !c.bib[1] && !c.bib[2],
		  "BIB entries left: %llu %llu %llu", c.bib[0], c.bib[1],
		  c.bib[2]);
	probes = stn_stat(x, NFT_JOOL_STAT_TCP_PROBE) +
		 stn_stat(x, NFT_JOOL_STAT_NO_ROUTE) +
		 stn_stat(x, NFT_JOOL_STAT_OUTPUT) - probes0;
	STN_CHECK(probes == 2, "%llu probes for 2 established sessions",
		  probes);
	STN_CHECK(stn_stat(x, NFT_JOOL_STAT_SESSION_EXPIRED) ==
		  stn_stat(x, NFT_JOOL_STAT_SESSION_CREATED),
		  "expired %llu of %llu sessions",
		  stn_stat(x, NFT_JOOL_STAT_SESSION_EXPIRED),
		  stn_stat(x, NFT_JOOL_STAT_SESSION_CREATED));
	stn_skew(0);
}

#define STN_BIG	1000	/* sessions of one BIB entry (past JOOL_BIG_BIB) */

static __be32 stn_big_remote(unsigned int i)
{
	return stn_v4(198, 18, i / 250, i % 250 + 1);
}

/*
 * Sessions of one BIB entry by (remote4, rport) of flow i (remote
 * stn_big_remote(i), port 1000 + i): how many the walk gave, distinct, and
 * which. Pauses every 7 entries, as dumps do, so the walk resumes inside
 * the big entry (through its index).
 */
static unsigned int stn_big_walk(struct jool_stn *x, unsigned long *seen,
				 unsigned int *dups, u32 *bib_sessions)
{
	unsigned int n = 0, k = 0, i;
	struct jool_nat64_walk *w;
	struct jool_nat64_entry e;

	*dups = 0;
	bitmap_zero(seen, STN_BIG);
	w = jool_nat64_walk_start(x->inst, true, IPPROTO_UDP, GFP_KERNEL);
	if (!w)
		return UINT_MAX;
	jool_nat64_walk_resume(w);
	while (jool_nat64_walk_next(w, &e) > 0) {
		i = e.t.rport - 1000;
		if (i >= STN_BIG || e.t.remote4 != stn_big_remote(i))
			continue;
		if (test_and_set_bit(i, seen))
			(*dups)++;
		else
			n++;
		if (++k % 7 == 0) {
			jool_nat64_walk_pause(w);
			cond_resched();
			jool_nat64_walk_resume(w);
		}
	}
	jool_nat64_walk_pause(w);
	jool_nat64_walk_end(w);

	*bib_sessions = 0;
	w = jool_nat64_walk_start(x->inst, false, IPPROTO_UDP, GFP_KERNEL);
	if (!w)
		return UINT_MAX;
	jool_nat64_walk_resume(w);
	while (jool_nat64_walk_next(w, &e) > 0)
		*bib_sessions = max(*bib_sessions, e.sessions);
	jool_nat64_walk_pause(w);
	jool_nat64_walk_end(w);
	return n;
}

/*
 * Big BIB entries (their sessions are indexed): a static server reached by
 * STN_BIG IPv4 clients, looked up both ways, walked, half of it expired;
 * then one IPv6 client port talking to STN_BIG peers, left to the flush.
 */
static void stn_big(void)
{
	unsigned int i, bad, dups, n;
	struct jool_nat64_counts c;
	struct jool_nat64_tuple t;
	enum nft_jool_stat why;
	unsigned long *seen;
	struct in6_addr srv;
	struct jool_stn x;
	__be32 addr4;
	u32 bs;
	u16 port4;

	seen = bitmap_zalloc(STN_BIG, GFP_KERNEL);
	if (!seen || stn_init(&x, false)) {
		bitmap_free(seen);
		STN_CHECK(false, "no memory");
		return;
	}
	/* IPv4 clients of the static binding 2001:db8::99#5000. */
	stn_v6(&srv, 0, 0x99);
	for (i = 0, bad = 0; i < STN_BIG; i++) {
		stn_t4(&t, IPPROTO_UDP, stn_v4(192, 0, 2, 1), 1500,
		       stn_big_remote(i), 1000 + i);
		if (stn_46(&x, &t, NULL, 0, &why) != JOOL_NAT64_GO ||
		    !ipv6_addr_equal(&t.addr6, &srv) || t.port6 != 5000)
			bad++;
	}
	stn_counts(&x, &c);
	STN_CHECK(!bad && c.session[JOOL_P_UDP] == STN_BIG &&
		  c.bib[JOOL_P_UDP] == 1,
		  "big entry 4->6: %u bad, %llu sessions, %llu BIB", bad,
		  c.session[JOOL_P_UDP], c.bib[JOOL_P_UDP]);
	/* Both directions find the same sessions (nothing new). */
	for (i = 0, bad = 0; i < STN_BIG; i++) {
		stn_t6(&t, IPPROTO_UDP, 0, 0x99, 5000, stn_big_remote(i),
		       1000 + i);
		if (stn_64(&x, &t, NULL, 0, &why) != JOOL_NAT64_GO ||
		    t.addr4 != stn_v4(192, 0, 2, 1) || t.port4 != 1500)
			bad++;
		stn_t4(&t, IPPROTO_UDP, stn_v4(192, 0, 2, 1), 1500,
		       stn_big_remote(i), 1000 + i);
		if (stn_46(&x, &t, NULL, 0, &why) != JOOL_NAT64_GO ||
		    t.port6 != 5000)
			bad++;
	}
	stn_counts(&x, &c);
	STN_CHECK(!bad && c.session[JOOL_P_UDP] == STN_BIG,
		  "big entry lookups: %u bad, %llu sessions", bad,
		  c.session[JOOL_P_UDP]);
	n = stn_big_walk(&x, seen, &dups, &bs);
	STN_CHECK(n == STN_BIG && !dups && bs == STN_BIG,
		  "big entry walk: %u sessions, %u twice, BIB says %u", n, dups,
		  bs);

	/* Removals: the even flows live longer; the odd ones expire. */
	x.cfg->nat64.udp_timeout = 1000;
	for (i = 0; i < STN_BIG; i += 2) {
		stn_t6(&t, IPPROTO_UDP, 0, 0x99, 5000, stn_big_remote(i),
		       1000 + i);
		stn_64(&x, &t, NULL, 0, &why);
	}
	x.cfg->nat64.udp_timeout = 300;
	stn_skew(500);
	STN_CHECK(stn_wait_sessions(&x, STN_BIG / 2, 0),
		  "big entry: odd flows did not expire");
	n = stn_big_walk(&x, seen, &dups, &bs);
	for (i = 0, bad = 0; i < STN_BIG; i++)
		if (test_bit(i, seen) != !(i & 1))
			bad++;
	STN_CHECK(n == STN_BIG / 2 && !dups && !bad && bs == STN_BIG / 2,
		  "after expiry: walk %u, %u twice, %u wrong, BIB says %u", n,
		  dups, bad, bs);
	/* The survivors still answer both ways, through the index. */
	for (i = 0, bad = 0; i < STN_BIG; i += 2) {
		stn_t4(&t, IPPROTO_UDP, stn_v4(192, 0, 2, 1), 1500,
		       stn_big_remote(i), 1000 + i);
		if (stn_46(&x, &t, NULL, 0, &why) != JOOL_NAT64_GO ||
		    !ipv6_addr_equal(&t.addr6, &srv))
			bad++;
		stn_t6(&t, IPPROTO_UDP, 0, 0x99, 5000, stn_big_remote(i),
		       1000 + i);
		if (stn_64(&x, &t, NULL, 0, &why) != JOOL_NAT64_GO ||
		    t.port4 != 1500)
			bad++;
	}
	stn_counts(&x, &c);
	STN_CHECK(!bad && c.session[JOOL_P_UDP] == STN_BIG / 2,
		  "after expiry: %u bad, %llu sessions", bad,
		  c.session[JOOL_P_UDP]);
	/* An odd flow comes back: a new session on the same entry. */
	stn_t4(&t, IPPROTO_UDP, stn_v4(192, 0, 2, 1), 1500, stn_big_remote(1),
	       1001);
	STN_CHECK(stn_46(&x, &t, NULL, 0, &why) == JOOL_NAT64_GO,
		  "odd flow again (%u)", why);
	stn_counts(&x, &c);
	STN_CHECK(c.session[JOOL_P_UDP] == STN_BIG / 2 + 1 &&
		  c.bib[JOOL_P_UDP] == 1, "odd flow again: %llu sessions",
		  c.session[JOOL_P_UDP]);
	stn_skew(2000);
	STN_CHECK(stn_wait_sessions(&x, 0, 0), "big entry did not expire");
	stn_counts(&x, &c);
	STN_CHECK(!c.bib[JOOL_P_UDP], "%llu BIB entries after expiry",
		  c.bib[JOOL_P_UDP]);
	stn_skew(0);

	/* One IPv6 client port toward STN_BIG peers: one dynamic mask. */
	addr4 = 0;
	port4 = 0;
	for (i = 0, bad = 0; i < STN_BIG; i++) {
		stn_t6(&t, IPPROTO_UDP, 6, 1, 4444, stn_big_remote(i),
		       1000 + i);
		if (stn_64(&x, &t, NULL, 0, &why) != JOOL_NAT64_GO ||
		    (i && (t.addr4 != addr4 || t.port4 != port4)))
			bad++;
		addr4 = t.addr4;
		port4 = t.port4;
	}
	for (i = 0; i < STN_BIG; i++) {
		stn_t4(&t, IPPROTO_UDP, addr4, port4, stn_big_remote(i),
		       1000 + i);
		if (stn_46(&x, &t, NULL, 0, &why) != JOOL_NAT64_GO ||
		    t.port6 != 4444)
			bad++;
	}
	stn_counts(&x, &c);
	STN_CHECK(!bad && c.session[JOOL_P_UDP] == STN_BIG &&
		  c.bib[JOOL_P_UDP] == 1,
		  "client port: %u bad, %llu sessions, %llu BIB", bad,
		  c.session[JOOL_P_UDP], c.bib[JOOL_P_UDP]);
	/* Destroyed with the big entry alive: the flush path. */
	stn_fini(&x);
	bitmap_free(seen);
}

/* Empty pool4: the route's source address, ports 61001-65535. */
static void stn_dynamic(void)
{
	struct jool_nat64_tuple t;
	enum jool_nat64_verdict v;
	enum nft_jool_stat why;
	struct jool_stn x;

	if (stn_init(&x, true)) {
		STN_CHECK(false, "no memory");
		return;
	}
	stn_t6(&t, IPPROTO_UDP, 5, 1, 999, stn_v4(127, 0, 0, 2), 53);
	v = stn_64(&x, &t, NULL, 0, &why);
	if (v == JOOL_NAT64_UNTRANSLATABLE && why == NFT_JOOL_STAT_NO_ROUTE) {
		pr_info("nft_jool: selftest: no route to 127.0.0.2, dynamic pool4 skipped\n");
	} else {
		STN_CHECK(v == JOOL_NAT64_GO && t.port4 >= 61001,
			  "empty pool4: verdict %d why %u port %u", v, why,
			  t.port4);
		STN_CHECK(jool_nat64_is_mask(x.cfg, &init_net, IPPROTO_UDP,
					     t.addr4, t.port4),
			  "empty pool4: %pI4#%u is not a mask", &t.addr4,
			  t.port4);
	}
	STN_CHECK(!jool_nat64_is_mask(x.cfg, &init_net, IPPROTO_UDP,
				      htonl(INADDR_LOOPBACK), 61000),
		  "port 61000 is a mask");
	/* Destroy with live sessions: the flush path. */
	stn_fini(&x);
}

void jool_selftest_nat64(unsigned int *passed, unsigned int *failed)
{
	bool own = !jool_nat64_caches_ready();
	struct jool_taddr4 *masks;
	struct jool_stn x;

	jool_stn_passed = 0;
	jool_stn_failed = 0;
	if (own && jool_nat64_module_init()) {
		(*failed)++;
		return;
	}
	masks = kcalloc(STN_SESSIONS, sizeof(*masks), GFP_KERNEL);
	if (!masks || stn_init(&x, false)) {
		STN_CHECK(false, "no memory");
		goto out;
	}
	stn_udp_bulk(&x, masks);
	stn_filtering(&x, masks);
	stn_static(&x);
	stn_exhaustion(&x);
	stn_tcp(&x);
	stn_expiry(&x);
	stn_fini(&x);
	stn_big();
	stn_dynamic();
	pr_info("nft_jool: selftest: NAT64 state: %u sessions, %u passed, %u failed (slab objects: BIB entry %zu B, session %zu B)\n",
		STN_SESSIONS, jool_stn_passed, jool_stn_failed,
		jool_nat64_bib_size(), jool_nat64_session_size());
out:
	kfree(masks);
	if (own)
		jool_nat64_module_exit();
	*passed += jool_stn_passed;
	*failed += jool_stn_failed;
}
