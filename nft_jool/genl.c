// SPDX-License-Identifier: GPL-2.0
/*
 * The "nft_jool" generic netlink family: the runtime state of NAT64
 * instances (BIB, sessions, counts) for nft-jool. Configuration never goes
 * through here; it belongs to the nf_tables object.
 *
 * Finding an instance. nf_tables keeps its tables in per-netns data that
 * modules cannot reach, so jool objects register here when they are
 * initialised (instances only, not parts). The registry only answers
 * "which table is (net, family, name)"; the object itself is then looked
 * up in that table by nf_tables, in the current generation, so only the
 * live committed object is found: never the throwaway of an update, one
 * still being added by a batch, or one whose deletion is committed.
 *
 * Lifetimes. A registry node exists from the object's init to its destroy,
 * and nf_tables destroys a table after its objects, so under
 * jool_genl_lock the table of every node is alive. The object found is
 * protected by RCU (nf_tables frees objects after a grace period), long
 * enough to take a reference on its NAT64 state: a dump keeps that
 * reference across callbacks and may outlive the instance.
 */

#include <linux/mutex.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netfilter/nf_tables.h>
#include "bib.h"
#include "genl.h"
#include "instance.h"
#include "rfc6052.h"

struct jool_genl_node {
	struct list_head list;
	struct nft_object *obj;
	struct nft_table *table;
	possible_net_t net;
};

static DEFINE_MUTEX(jool_genl_lock);
static LIST_HEAD(jool_genl_nodes);

int jool_genl_track(const struct nft_ctx *ctx, struct nft_object *obj)
{
	struct jool_genl_node *node;

	node = kzalloc(sizeof(*node), GFP_KERNEL);
	if (!node)
		return -ENOMEM;
	node->obj = obj;
	node->table = ctx->table;
	write_pnet(&node->net, ctx->net);

	mutex_lock(&jool_genl_lock);
	list_add_tail(&node->list, &jool_genl_nodes);
	mutex_unlock(&jool_genl_lock);
	return 0;
}

void jool_genl_untrack(struct nft_object *obj)
{
	struct jool_genl_node *node, *tmp;

	mutex_lock(&jool_genl_lock);
	list_for_each_entry_safe(node, tmp, &jool_genl_nodes, list) {
		if (node->obj == obj) {
			list_del(&node->list);
			kfree(node);
			break;
		}
	}
	mutex_unlock(&jool_genl_lock);
}

static const struct nla_policy jool_genl_policy[NFT_JOOL_A_MAX + 1] = {
	[NFT_JOOL_A_FAMILY]	= { .type = NLA_U32 },
	[NFT_JOOL_A_TABLE]	= { .type = NLA_NUL_STRING,
				    .len = NFT_TABLE_MAXNAMELEN - 1 },
	[NFT_JOOL_A_NAME]	= { .type = NLA_NUL_STRING,
				    .len = NFT_OBJ_MAXNAMELEN - 1 },
	[NFT_JOOL_A_PROTO]	= { .type = NLA_U8 },
	/* Replies only. */
	[NFT_JOOL_A_ENTRY]	= { .type = NLA_REJECT },
	[NFT_JOOL_A_STATE]	= { .type = NLA_REJECT },
};

/*
 * The NAT64 instance named by @tb, or an ERR_PTR with @extack set.
 * Caller holds jool_genl_lock and the RCU read lock; the result is valid
 * until it drops the latter.
 */
static struct jool_instance *jool_genl_find(struct net *net,
					    struct nlattr **tb,
					    struct netlink_ext_ack *extack)
{
	u8 genmask = nft_genmask_cur(net);
	struct jool_genl_node *node;
	struct jool_instance *inst;
	const struct jool_config *cfg;
	struct nft_object *obj;
	bool table_seen = false;
	u32 family;

	if (!tb[NFT_JOOL_A_FAMILY] || !tb[NFT_JOOL_A_TABLE] ||
	    !tb[NFT_JOOL_A_NAME]) {
		NL_SET_ERR_MSG(extack, "family, table and instance name are required");
		return ERR_PTR(-EINVAL);
	}
	family = nla_get_u32(tb[NFT_JOOL_A_FAMILY]);
	if (family != NFPROTO_IPV4 && family != NFPROTO_IPV6 &&
	    family != NFPROTO_INET) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFT_JOOL_A_FAMILY],
				    "family must be ip, ip6 or inet");
		return ERR_PTR(-EINVAL);
	}

	list_for_each_entry(node, &jool_genl_nodes, list) {
		if (!net_eq(read_pnet(&node->net), net) ||
		    node->table->family != family ||
		    nla_strcmp(tb[NFT_JOOL_A_TABLE], node->table->name))
			continue;
		table_seen = true;
		/*
		 * A table deleted and re-created in one batch exists twice
		 * for a while: keep looking until one holds the live object.
		 */
		obj = nft_obj_lookup(net, node->table, tb[NFT_JOOL_A_NAME],
				     NFT_OBJECT_JOOL, genmask);
		if (!IS_ERR(obj))
			goto found;
	}
	if (!table_seen) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFT_JOOL_A_TABLE],
				    "no such table, or it holds no jool instance");
		return ERR_PTR(-ENOENT);
	}
	NL_SET_ERR_MSG_ATTR(extack, tb[NFT_JOOL_A_NAME],
			    "no jool instance of that name in the table");
	return ERR_PTR(-ENOENT);

found:
	inst = nft_obj_data(obj);
	cfg = rcu_dereference(inst->cfg);
	if (cfg->type == NFT_JOOL_TYPE_PART) {
		/* Parts are nft's business; users only see instances. */
		NL_SET_ERR_MSG_ATTR(extack, tb[NFT_JOOL_A_NAME],
				    "that object is a part of a jool instance");
		return ERR_PTR(-ENOENT);
	}
	if (cfg->type != NFT_JOOL_TYPE_NAT64 || !inst->nat64) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFT_JOOL_A_NAME],
				    "not a NAT64 instance: it has no BIB or sessions");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return inst;
}

/* Dump of BIB entries or sessions: one walk, paused between callbacks. */
struct jool_genl_dump {
	struct jool_nat64_walk *walk;
	/* pool6 when the dump started: sessions keep only remote4. */
	struct in6_addr pool6;
	u8 pool6_len;
	u8 cmd;
	bool done;
	/* The entry that did not fit last time: it goes first next time. */
	bool have_held;
	struct jool_nat64_entry held;
};

static int jool_genl_dump_start(struct netlink_callback *cb)
{
	const struct genlmsghdr *ghdr = nlmsg_data(cb->nlh);
	struct jool_genl_dump *d;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	d->cmd = ghdr->cmd;
	cb->args[0] = (long)d;
	return 0;
}

/*
 * First callback of a dump: find the instance and start the walk. Not in
 * .start, because some kernels (6.1) give .start no extended ack: from
 * here, an error reaches userspace in NLMSG_DONE with its message.
 */
static int jool_genl_dump_begin(struct netlink_callback *cb,
				struct jool_genl_dump *d)
{
	struct net *net = sock_net(cb->skb->sk);
	struct nlattr *tb[NFT_JOOL_A_MAX + 1];
	struct jool_instance *inst;
	const struct jool_config *cfg;
	u8 proto = 0;
	int err;

	/*
	 * The core validated the request already; parsing it again here
	 * keeps us away from struct genl_dumpit_info, which differs
	 * between kernels.
	 */
	err = nlmsg_parse(cb->nlh, GENL_HDRLEN, tb, NFT_JOOL_A_MAX,
			  jool_genl_policy, cb->extack);
	if (err)
		return err;
	if (tb[NFT_JOOL_A_PROTO]) {
		proto = nla_get_u8(tb[NFT_JOOL_A_PROTO]);
		if (proto != IPPROTO_TCP && proto != IPPROTO_UDP &&
		    proto != IPPROTO_ICMP) {
			NL_SET_ERR_MSG_ATTR(cb->extack, tb[NFT_JOOL_A_PROTO],
					    "protocol must be TCP, UDP or ICMP");
			return -EINVAL;
		}
	}

	mutex_lock(&jool_genl_lock);
	rcu_read_lock();
	inst = jool_genl_find(net, tb, cb->extack);
	if (IS_ERR(inst)) {
		err = PTR_ERR(inst);
	} else {
		cfg = rcu_dereference(inst->cfg);
		d->pool6 = cfg->pool6.addr;
		d->pool6_len = cfg->pool6.len;
		d->walk = jool_nat64_walk_start(inst,
						d->cmd == NFT_JOOL_CMD_GET_SESSION,
						proto, GFP_ATOMIC);
		if (!d->walk)
			err = -ENOMEM;
	}
	rcu_read_unlock();
	mutex_unlock(&jool_genl_lock);
	return err;
}

static int jool_genl_dump_done(struct netlink_callback *cb)
{
	struct jool_genl_dump *d = (struct jool_genl_dump *)cb->args[0];

	if (d) {
		if (d->walk)
			jool_nat64_walk_end(d->walk);
		kfree(d);
		cb->args[0] = 0;
	}
	return 0;
}

static int jool_genl_put_entry(struct sk_buff *skb,
			       const struct jool_genl_dump *d,
			       const struct jool_nat64_entry *e)
{
	const struct jool_nat64_tuple *t = &e->t;
	struct in6_addr remote6;

	if (nla_put_u8(skb, NFT_JOOL_E_PROTO, t->proto) ||
	    nla_put_in6_addr(skb, NFT_JOOL_E_ADDR6, &t->addr6) ||
	    nla_put_u16(skb, NFT_JOOL_E_PORT6, t->port6) ||
	    nla_put_in_addr(skb, NFT_JOOL_E_ADDR4, t->addr4) ||
	    nla_put_u16(skb, NFT_JOOL_E_PORT4, t->port4))
		return -EMSGSIZE;

	if (!e->is_session) {
		if (nla_put_u8(skb, NFT_JOOL_E_STATIC, e->is_static) ||
		    nla_put_u32(skb, NFT_JOOL_E_SESSIONS, e->sessions))
			return -EMSGSIZE;
		return 0;
	}

	/* A NAT64 always has pool6; the test only guards a bad length. */
	if (!jool_rfc6052_4to6(&d->pool6, d->pool6_len, t->remote4, &remote6) &&
	    nla_put_in6_addr(skb, NFT_JOOL_E_REMOTE6, &remote6))
		return -EMSGSIZE;
	if (nla_put_in_addr(skb, NFT_JOOL_E_REMOTE4, t->remote4))
		return -EMSGSIZE;
	if (t->proto != IPPROTO_ICMP &&
	    nla_put_u16(skb, NFT_JOOL_E_RPORT, t->rport))
		return -EMSGSIZE;
	if (nla_put_u8(skb, NFT_JOOL_E_STATE,
		       t->proto == IPPROTO_TCP ? e->state : 0) ||
	    nla_put_u64_64bit(skb, NFT_JOOL_E_EXPIRES, e->expires_ms,
			      NFT_JOOL_E_PAD))
		return -EMSGSIZE;
	return 0;
}

static struct genl_family jool_genl_family;

/* One message per entry; -EMSGSIZE (and nothing added) if it does not fit. */
static int jool_genl_put_msg(struct sk_buff *skb, struct netlink_callback *cb,
			     const struct jool_genl_dump *d,
			     const struct jool_nat64_entry *e)
{
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &jool_genl_family, NLM_F_MULTI, d->cmd);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, NFT_JOOL_A_ENTRY);
	if (!nest || jool_genl_put_entry(skb, d, e)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
}

static int jool_genl_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct jool_genl_dump *d = (struct jool_genl_dump *)cb->args[0];
	int err = 0;

	if (d->done)
		return 0;
	if (!d->walk) {
		err = jool_genl_dump_begin(cb, d);
		if (err) {
			d->done = true;
			return err;
		}
	}

	jool_nat64_walk_resume(d->walk);
	if (d->have_held) {
		err = jool_genl_put_msg(skb, cb, d, &d->held);
		if (!err)
			d->have_held = false;
	}
	while (!err) {
		if (jool_nat64_walk_next(d->walk, &d->held) <= 0) {
			d->done = true;
			break;
		}
		err = jool_genl_put_msg(skb, cb, d, &d->held);
		if (err)
			d->have_held = true;
	}
	jool_nat64_walk_pause(d->walk);

	/* An entry that does not fit an empty buffer would never fit. */
	if (err && !skb->len)
		return -EMSGSIZE;
	return skb->len;
}

static int jool_genl_put_state(struct sk_buff *skb,
			       const struct jool_nat64_counts *c)
{
	static const struct {
		u16 attr;
		size_t off;
	} fields[] = {
		{ NFT_JOOL_S_BIB_TCP, offsetof(struct jool_nat64_counts, bib[0]) },
		{ NFT_JOOL_S_BIB_UDP, offsetof(struct jool_nat64_counts, bib[1]) },
		{ NFT_JOOL_S_BIB_ICMP, offsetof(struct jool_nat64_counts, bib[2]) },
		{ NFT_JOOL_S_SESSION_TCP, offsetof(struct jool_nat64_counts, session[0]) },
		{ NFT_JOOL_S_SESSION_UDP, offsetof(struct jool_nat64_counts, session[1]) },
		{ NFT_JOOL_S_SESSION_ICMP, offsetof(struct jool_nat64_counts, session[2]) },
		{ NFT_JOOL_S_STORED_SYNS, offsetof(struct jool_nat64_counts, stored_syns) },
		{ NFT_JOOL_S_MAX_SESSIONS, offsetof(struct jool_nat64_counts, max_sessions) },
		{ NFT_JOOL_S_BIB_BYTES, offsetof(struct jool_nat64_counts, bib_bytes) },
		{ NFT_JOOL_S_SESSION_BYTES, offsetof(struct jool_nat64_counts, session_bytes) },
	};
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(skb, NFT_JOOL_A_STATE);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		const u64 *v = (const void *)c + fields[i].off;

		if (nla_put_u64_64bit(skb, fields[i].attr, *v, NFT_JOOL_S_PAD))
			return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int jool_genl_get_state(struct sk_buff *skb, struct genl_info *info)
{
	struct jool_nat64_counts c = { };
	struct jool_instance *inst;
	struct sk_buff *msg;
	void *hdr;
	int err = 0;

	mutex_lock(&jool_genl_lock);
	rcu_read_lock();
	inst = jool_genl_find(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(inst))
		err = PTR_ERR(inst);
	else
		jool_nat64_counts(inst, &c);
	rcu_read_unlock();
	mutex_unlock(&jool_genl_lock);
	if (err)
		return err;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &jool_genl_family, 0,
				NFT_JOOL_CMD_GET_STATE);
	if (!hdr || jool_genl_put_state(msg, &c)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * GENL_UNS_ADMIN_PERM: CAP_NET_ADMIN in the user namespace that owns the
 * socket's network namespace, which is the namespace whose instances the
 * request can see. The BIB tells who talks to whom: not for everyone.
 */
static const struct genl_ops jool_genl_ops[] = {
	{
		.cmd	= NFT_JOOL_CMD_GET_BIB,
		.start	= jool_genl_dump_start,
		.dumpit	= jool_genl_dumpit,
		.done	= jool_genl_dump_done,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= NFT_JOOL_CMD_GET_SESSION,
		.start	= jool_genl_dump_start,
		.dumpit	= jool_genl_dumpit,
		.done	= jool_genl_dump_done,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= NFT_JOOL_CMD_GET_STATE,
		.doit	= jool_genl_get_state,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family jool_genl_family = {
	.name		= NFT_JOOL_GENL_NAME,
	.version	= NFT_JOOL_GENL_VERSION,
	.maxattr	= NFT_JOOL_A_MAX,
	.policy		= jool_genl_policy,
	.netnsok	= true,
	/* Our own locks are enough; do not serialise on genl_mutex. */
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= jool_genl_ops,
	.n_ops		= ARRAY_SIZE(jool_genl_ops),
	/* Strict checks (reserved header fields, policies) for every op. */
	.resv_start_op	= NFT_JOOL_CMD_GET_STATE + 1,
};

int jool_genl_init(void)
{
	return genl_register_family(&jool_genl_family);
}

void jool_genl_exit(void)
{
	genl_unregister_family(&jool_genl_family);
	/* Objects hold a reference on the module: all were destroyed. */
	WARN_ON(!list_empty(&jool_genl_nodes));
}
