// SPDX-License-Identifier: GPL-2.0
/*
 * Table records (EAMT, denylist4) and the part objects that carry the
 * records of large tables (see the uapi header for the design).
 *
 * An instance reads its parts while its NEWOBJ is prepared. A part sent
 * in the same batch is then either a new object (not yet committed, but
 * active in the next generation) or the throwaway object of an update,
 * which nf_tables keeps out of every list. So parts register themselves
 * here when they are initialised, and the newest registration that is
 * alive in the next generation is the one an instance reads.
 */

#include <linux/in.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <net/netfilter/nf_tables.h>
#include <net/route.h>
#include "config.h"
#include "eamt.h"
#include "instance.h"
#include "pool4.h"

/*
 * Serialises the registry: objects are initialised under the nf_tables
 * commit mutex, but deleted ones are destroyed later from a work item.
 */
static DEFINE_MUTEX(jool_parts_lock);
static LIST_HEAD(jool_parts);
static u64 jool_parts_seq;

/* Netlink attribute and record size of each kind. */
static const struct {
	u16 attr;
	u16 size;
} jool_rec_kinds[JOOL_REC_KINDS] = {
	[JOOL_REC_EAM]	 = { NFTA_JOOL_OBJ_EAMT, sizeof(struct nft_jool_eam) },
	[JOOL_REC_DENY4] = { NFTA_JOOL_OBJ_DENYLIST4,
			     sizeof(struct nft_jool_prefix4) },
	[JOOL_REC_POOL4] = { NFTA_JOOL_OBJ_POOL4,
			     sizeof(struct nft_jool_pool4) },
	[JOOL_REC_BIB]	 = { NFTA_JOOL_OBJ_BIB, sizeof(struct nft_jool_bib) },
};

int jool_records_parse(const struct nlattr * const tb[], struct jool_records *r)
{
	const struct nlattr *attr;
	unsigned int k;
	int len;

	for (k = 0; k < JOOL_REC_KINDS; k++) {
		attr = tb[jool_rec_kinds[k].attr];
		if (!attr)
			continue;
		len = nla_len(attr);
		if (len % jool_rec_kinds[k].size)
			return -EINVAL;
		r->n[k] = len / jool_rec_kinds[k].size;
		if (!len)
			continue;
		r->rec[k] = kvmalloc(len, GFP_KERNEL_ACCOUNT);
		if (!r->rec[k])
			return -ENOMEM;
		memcpy(r->rec[k], nla_data(attr), len);
	}
	return 0;
}

int jool_records_dump(struct sk_buff *skb, const struct jool_records *r)
{
	unsigned int k;

	for (k = 0; k < JOOL_REC_KINDS; k++)
		if (r->n[k] &&
		    nla_put(skb, jool_rec_kinds[k].attr,
			    r->n[k] * jool_rec_kinds[k].size, r->rec[k]))
			return -EMSGSIZE;
	return 0;
}

void jool_records_free(struct jool_records *r)
{
	unsigned int k;

	for (k = 0; k < JOOL_REC_KINDS; k++) {
		kvfree(r->rec[k]);
		r->rec[k] = NULL;
		r->n[k] = 0;
	}
}

static bool jool_bib_record_ok(const struct nft_jool_bib *b)
{
	if (b->proto != IPPROTO_TCP && b->proto != IPPROTO_UDP &&
	    b->proto != IPPROTO_ICMP)
		return false;
	if (b->pad[0] || b->pad[1] || b->pad[2])
		return false;
	return b->proto == IPPROTO_ICMP || (b->port4 && b->port6);
}

static bool jool_pool4_record_to_entry(const struct nft_jool_pool4 *r,
				       struct jool_pool4_entry *e)
{
	e->mark = ntohl(r->mark);
	e->addr = r->prefix;
	e->port_min = ntohs(r->port_min);
	e->port_max = ntohs(r->port_max);
	e->max_iterations = ntohl(r->max_iterations);
	e->proto = r->proto;
	e->plen = r->len;
	return !r->pad[0] && !r->pad[1];
}

/*
 * Each record on its own. Parts need this when they are parsed: a part no
 * instance reads yet would otherwise keep (and list) records that nothing
 * ever checked. What needs the whole table (duplicates, overlaps, BIB in
 * pool4) is checked when the instance builds it.
 */
int jool_records_check(const struct jool_records *r)
{
	const struct nft_jool_eam *eam = r->rec[JOOL_REC_EAM];
	const struct nft_jool_prefix4 *deny = r->rec[JOOL_REC_DENY4];
	const struct nft_jool_pool4 *p4 = r->rec[JOOL_REC_POOL4];
	const struct nft_jool_bib *bib = r->rec[JOOL_REC_BIB];
	struct jool_pool4_error perr;
	struct jool_pool4_entry e;
	unsigned int i;

	for (i = 0; i < r->n[JOOL_REC_EAM]; i++)
		if (jool_eam_record_check(&eam[i]))
			return -EINVAL;
	for (i = 0; i < r->n[JOOL_REC_DENY4]; i++)
		if (jool_prefix4_record_check(&deny[i]))
			return -EINVAL;
	for (i = 0; i < r->n[JOOL_REC_POOL4]; i++)
		if (!jool_pool4_record_to_entry(&p4[i], &e) ||
		    jool_pool4_entry_validate(&e, &perr))
			return -EINVAL;
	for (i = 0; i < r->n[JOOL_REC_BIB]; i++)
		if (!jool_bib_record_ok(&bib[i]))
			return -EINVAL;
	return 0;
}

void jool_part_register(const struct nft_ctx *ctx, struct nft_object *obj)
{
	struct jool_instance *inst = nft_obj_data(obj);

	mutex_lock(&jool_parts_lock);
	inst->part_table = ctx->table;
	inst->part_seq = ++jool_parts_seq;
	list_add_tail(&inst->part_node, &jool_parts);
	mutex_unlock(&jool_parts_lock);
}

void jool_part_unregister(struct nft_object *obj)
{
	struct jool_instance *inst = nft_obj_data(obj);

	mutex_lock(&jool_parts_lock);
	list_del_init(&inst->part_node);
	mutex_unlock(&jool_parts_lock);
}

/* Caller holds jool_parts_lock. */
static struct jool_config *jool_part_find(const struct nft_ctx *ctx,
					  const struct nlattr *name, u32 index)
{
	struct jool_config *cfg, *best = NULL;
	struct jool_instance *inst;
	struct nft_object *obj;
	u64 seq = 0;

	list_for_each_entry(inst, &jool_parts, part_node) {
		if (inst->part_table != ctx->table || inst->part_seq < seq)
			continue;
		obj = container_of((void *)inst, struct nft_object, data);
		/* Deleted in this batch: gone for the next generation. */
		if (!nft_is_active_next(ctx->net, obj))
			continue;
		cfg = rcu_dereference_protected(inst->cfg, true);
		if (cfg->part_index != index || nla_strcmp(name, cfg->part_of))
			continue;
		best = cfg;
		seq = inst->part_seq;
	}
	return best;
}

/* Concatenates the instance's own records and those of its parts. */
static int jool_parts_gather(const struct nft_ctx *ctx,
			     const struct jool_config *cfg,
			     struct jool_records *all)
{
	const struct nlattr *name = ctx->nla ? ctx->nla[NFTA_OBJ_NAME] : NULL;
	const struct jool_records *src;
	struct jool_config **part = NULL;
	unsigned int k, size;
	int err = 0;
	u32 i;

	if (cfg->parts && !name)
		return -EINVAL;
	if (cfg->parts) {
		part = kvcalloc(cfg->parts, sizeof(*part), GFP_KERNEL);
		if (!part)
			return -ENOMEM;
	}

	mutex_lock(&jool_parts_lock);
	for (k = 0; k < JOOL_REC_KINDS; k++)
		all->n[k] = cfg->own.n[k];
	for (i = 0; i < cfg->parts; i++) {
		part[i] = jool_part_find(ctx, name, i + 1);
		if (!part[i]) {
			err = -ENOENT;
			goto out;
		}
		for (k = 0; k < JOOL_REC_KINDS; k++)
			all->n[k] += part[i]->own.n[k];
	}

	for (k = 0; k < JOOL_REC_KINDS; k++) {
		size = jool_rec_kinds[k].size;
		if (!all->n[k])
			continue;
		all->rec[k] = kvmalloc_array(all->n[k], size, GFP_KERNEL);
		if (!all->rec[k]) {
			err = -ENOMEM;
			goto out;
		}
		all->n[k] = 0;
		for (i = 0; i <= cfg->parts; i++) {
			src = i ? &part[i - 1]->own : &cfg->own;
			memcpy(all->rec[k] + all->n[k] * size, src->rec[k],
			       src->n[k] * size);
			all->n[k] += src->n[k];
		}
	}
	for (i = 0; i < cfg->parts; i++)
		part[i]->consumed = true;
out:
	mutex_unlock(&jool_parts_lock);
	kvfree(part);
	return err;
}

static int jool_bib_cmp6(const void *a, const void *b)
{
	const struct nft_jool_bib *x = a, *y = b;

	if (x->proto != y->proto)
		return x->proto - y->proto;
	return memcmp(x->addr6, y->addr6, sizeof(x->addr6)) ?:
	       memcmp(&x->port6, &y->port6, sizeof(x->port6));
}

static int jool_bib_cmp4(const void *a, const void *b)
{
	const struct nft_jool_bib *x = a, *y = b;

	if (x->proto != y->proto)
		return x->proto - y->proto;
	return memcmp(&x->addr4, &y->addr4, sizeof(x->addr4)) ?:
	       memcmp(&x->port4, &y->port4, sizeof(x->port4));
}

static bool jool_bib_dups(struct nft_jool_bib *b, unsigned int n,
			  int (*cmp)(const void *, const void *))
{
	unsigned int i;

	sort(b, n, sizeof(*b), cmp, NULL);
	for (i = 1; i < n; i++)
		if (!cmp(&b[i - 1], &b[i]))
			return true;
	return false;
}

/*
 * Static BIB entries (RFC 6146 section 3.5.1): the IPv4 side must be one of
 * the instance's own transport addresses, or packets could never reach it.
 */
static int jool_bib_check(const struct nft_ctx *ctx, struct jool_config *cfg)
{
	struct nft_jool_bib *b = cfg->bib;
	bool empty = jool_pool4_is_empty(cfg->pool4);
	unsigned int i;
	u16 port4;

	for (i = 0; i < cfg->bib_n; i++) {
		port4 = ntohs(b[i].port4);
		if (!jool_bib_record_ok(&b[i]))
			return -EINVAL;
		if (empty ? !jool_pool4_dynamic_contains_port(port4) ||
			    inet_addr_type(ctx->net, b[i].addr4) != RTN_LOCAL :
			    !jool_pool4_contains(cfg->pool4, b[i].proto,
						 b[i].addr4, port4))
			return -EINVAL;
	}
	/* One binding per transport address, on each side. */
	if (jool_bib_dups(b, cfg->bib_n, jool_bib_cmp4))
		return -EINVAL;
	/* 4->6 lookups need the IPv4 order, 6->4 ones the IPv6 order. */
	if (cfg->bib_n) {
		cfg->bib4 = kvmalloc_array(cfg->bib_n, sizeof(*b), GFP_KERNEL);
		if (!cfg->bib4)
			return -ENOMEM;
		memcpy(cfg->bib4, b, cfg->bib_n * sizeof(*b));
	}
	if (jool_bib_dups(b, cfg->bib_n, jool_bib_cmp6))
		return -EINVAL;
	return 0;
}

static const struct nft_jool_bib *
jool_static_bib_search(const struct nft_jool_bib *arr, unsigned int n,
		       const struct nft_jool_bib *key,
		       int (*cmp)(const void *, const void *))
{
	unsigned int lo = 0, hi = n;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		int c = cmp(key, &arr[mid]);

		if (!c)
			return &arr[mid];
		if (c > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct nft_jool_bib *jool_static_bib_find6(const struct jool_config *cfg,
						 u8 proto,
						 const struct in6_addr *addr6,
						 __be16 port6)
{
	struct nft_jool_bib key = { .proto = proto, .port6 = port6 };

	if (!cfg->bib_n)
		return NULL;
	memcpy(key.addr6, addr6, sizeof(key.addr6));
	return jool_static_bib_search(cfg->bib, cfg->bib_n, &key,
				      jool_bib_cmp6);
}

const struct nft_jool_bib *jool_static_bib_find4(const struct jool_config *cfg,
						 u8 proto, __be32 addr4,
						 __be16 port4)
{
	struct nft_jool_bib key = {
		.proto = proto, .addr4 = addr4, .port4 = port4,
	};

	if (!cfg->bib_n)
		return NULL;
	return jool_static_bib_search(cfg->bib4, cfg->bib_n, &key,
				      jool_bib_cmp4);
}

static int jool_pool4_build(const struct jool_records *all,
			    struct jool_config *cfg)
{
	const struct nft_jool_pool4 *r = all->rec[JOOL_REC_POOL4];
	unsigned int i, n = all->n[JOOL_REC_POOL4];
	struct jool_pool4_entry *e;
	struct jool_pool4_error perr;
	int err;

	e = kvcalloc(n ?: 1, sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		if (!jool_pool4_record_to_entry(&r[i], &e[i])) {
			kvfree(e);
			return -EINVAL;
		}
	}
	err = jool_pool4_create(e, n, GFP_KERNEL, &cfg->pool4, &perr);
	kvfree(e);
	return err;
}

int jool_tables_build(const struct nft_ctx *ctx, struct jool_config *cfg)
{
	struct jool_records all = { };
	enum jool_table_error why;
	unsigned int bad;
	int err;

	err = jool_parts_gather(ctx, cfg, &all);
	if (err)
		goto out;

	if (cfg->type != NFT_JOOL_TYPE_SIIT) {
		/* RFC 6146 translates with pool6 and pool4 only. */
		if (all.n[JOOL_REC_EAM] || all.n[JOOL_REC_DENY4]) {
			err = -EINVAL;
			goto out;
		}
		err = jool_pool4_build(&all, cfg);
		if (err)
			goto out;
		cfg->bib = all.rec[JOOL_REC_BIB];
		cfg->bib_n = all.n[JOOL_REC_BIB];
		all.rec[JOOL_REC_BIB] = NULL;
		err = jool_bib_check(ctx, cfg);
		goto out;
	}
	/* Stateless: no pool4, no BIB (RFC 7915). */
	if (all.n[JOOL_REC_POOL4] || all.n[JOOL_REC_BIB]) {
		err = -EINVAL;
		goto out;
	}

	cfg->eamt = jool_eamt_build(all.rec[JOOL_REC_EAM], all.n[JOOL_REC_EAM],
				    &bad, &why);
	if (IS_ERR(cfg->eamt)) {
		err = PTR_ERR(cfg->eamt);
		cfg->eamt = NULL;
		goto out;
	}
	cfg->denylist4 = jool_denylist4_build(all.rec[JOOL_REC_DENY4],
					      all.n[JOOL_REC_DENY4], &bad,
					      &why);
	if (IS_ERR(cfg->denylist4)) {
		err = PTR_ERR(cfg->denylist4);
		cfg->denylist4 = NULL;
	}
out:
	jool_records_free(&all);
	return err;
}

void jool_tables_free(struct jool_config *cfg)
{
	jool_eamt_free(cfg->eamt);
	jool_denylist4_free(cfg->denylist4);
	if (cfg->pool4)
		jool_pool4_destroy(cfg->pool4);
	kvfree(cfg->bib);
	kvfree(cfg->bib4);
	jool_records_free(&cfg->own);
	kfree(cfg->part_of);
}
