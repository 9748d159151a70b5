// SPDX-License-Identifier: GPL-2.0
/*
 * Stateful NAT64 lifetimes (RFC 6146 sections 3.5.1-3.5.3 and 4): the
 * per-instance expiry worker, stored V4 SYNs and their ICMP errors, the
 * probes of idle established TCP sessions, and the module parameters.
 *
 * Every session sits on the list of its timeout class, in the order it was
 * put there; all entries of a list got the same lifetime then, so the list
 * is sorted by deadline. The packet path only moves @expires forward
 * without the lock; the worker, finding such a session at the head, puts it
 * back at the tail with its new deadline instead of expiring it. A run thus
 * only looks at entries that are due or were refreshed, and stops at the
 * first one that is neither.
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/tcp.h>
#include <net/icmp.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/netfilter/nf_conntrack.h>
#include "bib_internal.h"
#include "config.h"
#include "instance.h"
#include "nat64_tcp.h"
#include "rfc6052.h"
#include "xlat_internal.h"

/* Entries one run may handle before it yields the CPU (and runs again). */
#define JOOL_EXPIRY_BUDGET	10000
/* Probes one run may send (they are sent after the lock is dropped). */
#define JOOL_EXPIRY_PROBES	16

static LIST_HEAD(jool_nat64_all);
static DEFINE_MUTEX(jool_nat64_all_lock);

/*
 * Seconds added to the clock by expiry decisions only: tests use it to let
 * hours pass at once. Each change wakes every instance's worker.
 */
unsigned int jool_nat64_time_skew;

void jool_nat64_set_time_skew(unsigned int skew)
{
	struct jool_nat64 *st;

	mutex_lock(&jool_nat64_all_lock);
	WRITE_ONCE(jool_nat64_time_skew, skew);
	list_for_each_entry(st, &jool_nat64_all, all_node)
		mod_delayed_work(system_power_efficient_wq, &st->work, 0);
	mutex_unlock(&jool_nat64_all_lock);
}

static int jool_time_skew_set(const char *val, const struct kernel_param *kp)
{
	unsigned int skew;
	int err;

	err = kstrtouint(val, 0, &skew);
	if (err)
		return err;
	jool_nat64_set_time_skew(skew);
	return 0;
}

static const struct kernel_param_ops jool_time_skew_ops = {
	.set = jool_time_skew_set,
	.get = param_get_uint,
};

module_param_cb(time_skew, &jool_time_skew_ops, &jool_nat64_time_skew, 0644);
MODULE_PARM_DESC(time_skew,
		 "seconds added to the clock of NAT64 session expiry (testing; default 0)");

/* Per instance; 0 = the default: RAM / 8 / 256 bytes, at least 65536. */
unsigned int jool_nat64_max_sessions;

static unsigned int jool_max_sessions_default(void)
{
	u64 n = ((u64)totalram_pages() << PAGE_SHIFT) / 8 / 256;

	return clamp_t(u64, n, 65536, UINT_MAX);
}

static int jool_max_sessions_set(const char *val,
				 const struct kernel_param *kp)
{
	unsigned int n;
	int err;

	err = kstrtouint(val, 0, &n);
	if (err)
		return err;
	WRITE_ONCE(jool_nat64_max_sessions,
		   n ?: jool_max_sessions_default());
	return 0;
}

static const struct kernel_param_ops jool_max_sessions_ops = {
	.set = jool_max_sessions_set,
	.get = param_get_uint,
};

module_param_cb(max_sessions, &jool_max_sessions_ops, &jool_nat64_max_sessions,
		0644);
MODULE_PARM_DESC(max_sessions,
		 "NAT64 sessions per instance; new flows past it are dropped (0 = RAM/8/256 bytes, at least 65536)");

void jool_nat64_params_init(void)
{
	if (!jool_nat64_max_sessions)
		jool_nat64_max_sessions = jool_max_sessions_default();
}

void jool_nat64_all_add(struct jool_nat64 *st)
{
	mutex_lock(&jool_nat64_all_lock);
	list_add(&st->all_node, &jool_nat64_all);
	mutex_unlock(&jool_nat64_all_lock);
}

void jool_nat64_all_del(struct jool_nat64 *st)
{
	mutex_lock(&jool_nat64_all_lock);
	list_del(&st->all_node);
	mutex_unlock(&jool_nat64_all_lock);
}

u32 jool_nat64_timeout(const struct jool_config *cfg, u8 class)
{
	switch (class) {
	case JOOL_CLASS_UDP:
		return cfg->nat64.udp_timeout;
	case JOOL_CLASS_ICMP:
		return cfg->nat64.icmp_timeout;
	case JOOL_CLASS_TCP_EST:
		return cfg->nat64.tcp_est_timeout;
	case JOOL_CLASS_TCP_TRANS:
		return cfg->nat64.tcp_trans_timeout;
	default:
		return JOOL_TCP_SYN4_TIMEOUT;
	}
}

void jool_nat64_arm(struct jool_nat64 *st, u32 deadline)
{
	u32 now = jool_nat64_now() + READ_ONCE(jool_nat64_time_skew);
	unsigned long delay = 0;

	if (st->dying)
		return;
	if (st->work_armed && (s32)(deadline - st->work_due) >= 0)
		return;
	if (!jool_nat64_due(deadline, now))
		delay = (unsigned long)(deadline - now) * HZ;
	mod_delayed_work(system_power_efficient_wq, &st->work, delay);
	st->work_armed = true;
	st->work_due = deadline;
}

void jool_nat64_queue(struct jool_nat64 *st, struct jool_session *s,
		      u8 class, u32 timeout)
{
	u32 e = jool_nat64_now() + timeout;

	s->class = class;
	WRITE_ONCE(s->expires, e);
	s->deadline = e;
	list_move_tail(&s->expiry_node, &st->expiry[class]);
	jool_nat64_arm(st, e);
}

void jool_nat64_skb_keep(struct sk_buff *skb)
{
	/*
	 * The SYN outlives the softirq that brought it: no noref route, no
	 * conntrack entry (its table may go first) and no device pointer,
	 * which could dangle; the device is found again by index.
	 */
	skb_dst_drop(skb);
	nf_reset_ct(skb);
	skb->dev = NULL;
}

/* RFC 6146 section 3.5.2.2: nobody answered within 6 s. RCU, BH off. */
void jool_nat64_syn4_reject(struct jool_nat64 *st, struct sk_buff *skb)
{
	struct net_device *dev;

	dev = dev_get_by_index_rcu(st->net, skb->skb_iif);
	if (dev && st->inst) {
		skb->dev = dev;
		jool_icmp4_own(st->inst, skb, ICMP_DEST_UNREACH,
			       ICMP_PORT_UNREACH, 0);
	}
	kfree_skb(skb);
}

/*
 * RFC 6146 section 3.5.2.2: an idle ESTABLISHED session is probed with a
 * bare ACK from the remote side (its pool6 address) to the IPv6 node; a
 * live endpoint answers (a duplicate ACK or a RST), and the answer takes
 * the session out of TRANS. RCU, BH off.
 */
static void jool_nat64_probe(struct jool_nat64 *st,
			     const struct jool_config *cfg,
			     const struct jool_nat64_tuple *t)
{
	struct flowi6 fl6 = { .flowi6_proto = IPPROTO_TCP };
	struct dst_entry *dst;
	struct sk_buff *skb;
	struct ipv6hdr *ip6;
	struct tcphdr *th;

	if (!cfg->pool6_set ||
	    jool_rfc6052_4to6(&cfg->pool6.addr, cfg->pool6.len, t->remote4,
			      &fl6.saddr))
		return;
	fl6.daddr = t->addr6;
	dst = ip6_route_output(st->net, NULL, &fl6);
	if (dst->error) {
		dst_release(dst);
		jool_stats_inc(st->inst->stats, NFT_JOOL_STAT_NO_ROUTE);
		return;
	}
	skb = alloc_skb(LL_MAX_HEADER + sizeof(*ip6) + sizeof(*th),
			GFP_ATOMIC);
	if (!skb) {
		dst_release(dst);
		return;
	}
	skb_reserve(skb, LL_MAX_HEADER);
	skb_reset_network_header(skb);
	ip6 = skb_put(skb, sizeof(*ip6));
	skb_set_transport_header(skb, sizeof(*ip6));
	th = skb_put_zero(skb, sizeof(*th));
	ip6_flow_hdr(ip6, 0, 0);
	ip6->payload_len = htons(sizeof(*th));
	ip6->nexthdr = IPPROTO_TCP;
	ip6->hop_limit = ip6_dst_hoplimit(dst);
	ip6->saddr = fl6.saddr;
	ip6->daddr = fl6.daddr;
	th->source = htons(t->rport);
	th->dest = htons(t->port6);
	th->doff = sizeof(*th) / 4;
	th->ack = 1;
	th->check = csum_ipv6_magic(&ip6->saddr, &ip6->daddr, sizeof(*th),
				    IPPROTO_TCP, csum_partial(th, sizeof(*th),
							      0));
	skb->protocol = htons(ETH_P_IPV6);
	skb->ip_summed = CHECKSUM_NONE;
	jool_xlat_send(st->inst, st->net, skb, dst, NFT_JOOL_STAT_TCP_PROBE);
}

struct jool_expiry_run {
	struct sk_buff_head rejects;
	struct jool_nat64_tuple probes[JOOL_EXPIRY_PROBES];
	unsigned int nprobes;
	unsigned int budget;
	u32 now;		/* skewed */
};

static void jool_expire_stats(struct jool_nat64 *st)
{
	if (st->inst)
		jool_stats_inc(st->inst->stats, NFT_JOOL_STAT_SESSION_EXPIRED);
}

/* One due session, under the lock. */
static void jool_expire_one(struct jool_nat64 *st,
			    const struct jool_config *cfg,
			    struct jool_session *s, struct jool_expiry_run *run)
{
	struct jool_nat64_tuple *t;
	struct jool_tcp_expiry x;
	struct jool_syn4 *q;

	if (s->bib->proto != IPPROTO_TCP) {
		jool_nat64_session_remove(st, s, cfg);
		jool_expire_stats(st);
		return;
	}
	q = st->stored ? jool_nat64_syn4_of(st, s) : NULL;
	jool_tcp_expire(s->state, !!q, &x);
	switch (x.action) {
	case JOOL_TCP_EXPIRE_PROBE:
		s->state = x.state;
		jool_nat64_queue(st, s, JOOL_CLASS_TCP_TRANS,
				 jool_nat64_timeout(cfg, JOOL_CLASS_TCP_TRANS));
		t = &run->probes[run->nprobes++];
		t->addr6 = s->bib->addr6;
		t->port6 = s->bib->port6;
		t->remote4 = s->remote4;
		t->rport = s->rport;
		t->proto = IPPROTO_TCP;
		return;
	case JOOL_TCP_EXPIRE_ICMP:
		if (q) {
			list_del(&q->node);
			__skb_queue_tail(&run->rejects, q->skb);
			kfree(q);
			st->stored--;
		}
		break;
	default:
		break;
	}
	jool_nat64_session_remove(st, s, cfg);
	jool_expire_stats(st);
}

/* One class list, under the lock. false: the run must stop (limits). */
static bool jool_expire_list(struct jool_nat64 *st,
			     const struct jool_config *cfg,
			     struct list_head *list,
			     struct jool_expiry_run *run)
{
	struct jool_session *s;
	u32 e;

	while (!list_empty(list)) {
		if (!run->budget || run->nprobes == JOOL_EXPIRY_PROBES)
			return false;
		s = list_first_entry(list, struct jool_session, expiry_node);
		e = READ_ONCE(s->expires);
		if (!jool_nat64_due(e, run->now)) {
			if (e == s->deadline)
				break;
			/* Refreshed since it was queued: back to the tail. */
			s->deadline = e;
			list_move_tail(&s->expiry_node, list);
			run->budget--;
			continue;
		}
		run->budget--;
		jool_expire_one(st, cfg, s, run);
	}
	return true;
}

/* Under the lock: when does the earliest remaining entry fall due? */
static void jool_expiry_rearm(struct jool_nat64 *st)
{
	struct jool_session *s;
	struct jool_syn4 *q;
	bool any = false;
	u32 due = 0;
	int c;

	for (c = 0; c < JOOL_CLASS_COUNT; c++) {
		if (list_empty(&st->expiry[c]))
			continue;
		s = list_first_entry(&st->expiry[c], struct jool_session,
				     expiry_node);
		if (!any || (s32)(s->deadline - due) < 0)
			due = s->deadline;
		any = true;
	}
	if (!list_empty(&st->syn4_queue)) {
		q = list_first_entry(&st->syn4_queue, struct jool_syn4, node);
		if (!any || (s32)(q->deadline - due) < 0)
			due = q->deadline;
		any = true;
	}
	if (any)
		jool_nat64_arm(st, due);
}

void jool_nat64_expiry_work(struct work_struct *work)
{
	struct jool_nat64 *st = container_of(to_delayed_work(work),
					     struct jool_nat64, work);
	struct jool_expiry_run run = { .budget = JOOL_EXPIRY_BUDGET };
	const struct jool_config *cfg;
	bool done = true;
	struct sk_buff *skb;
	struct jool_syn4 *q;
	unsigned int i;
	int c;

	__skb_queue_head_init(&run.rejects);
	rcu_read_lock();
	/* Destroy cancels this work before the instance goes away. */
	cfg = rcu_dereference(st->inst->cfg);

	spin_lock_bh(&st->lock);
	st->work_armed = false;
	run.now = jool_nat64_now() + READ_ONCE(jool_nat64_time_skew);
	for (c = 0; c < JOOL_CLASS_COUNT && done; c++)
		done = jool_expire_list(st, cfg, &st->expiry[c], &run);
	while (done && !list_empty(&st->syn4_queue)) {
		q = list_first_entry(&st->syn4_queue, struct jool_syn4, node);
		if (!jool_nat64_due(q->deadline, run.now))
			break;
		list_del(&q->node);
		st->stored--;
		__skb_queue_tail(&run.rejects, q->skb);
		kfree(q);
	}
	if (done)
		jool_expiry_rearm(st);
	else
		jool_nat64_arm(st, run.now - READ_ONCE(jool_nat64_time_skew));
	spin_unlock_bh(&st->lock);

	/* Packets go out without the lock, like the packet path's. */
	local_bh_disable();
	while ((skb = __skb_dequeue(&run.rejects)))
		jool_nat64_syn4_reject(st, skb);
	for (i = 0; i < run.nprobes; i++)
		jool_nat64_probe(st, cfg, &run.probes[i]);
	local_bh_enable();
	rcu_read_unlock();
}
