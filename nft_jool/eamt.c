// SPDX-License-Identifier: GPL-2.0
/*
 * EAMT and denylist4 as path-compressed binary tries (RFC 7757 section 3).
 *
 * Every table is one allocation: a header, then the trie nodes, then (EAMT)
 * the entries. Tries are built once, when the configuration arrives, and
 * never change afterwards, so packet-path readers walk them under RCU
 * without any lock or reference; the owner frees a table only after a grace
 * period.
 *
 * Keys are 128-bit, most significant bit first, in host order: an IPv6
 * address as is, an IPv4 address in the top 32 bits. A node stands for the
 * prefix (key, len); its children extend it by at least one bit, and
 * child[b] is the one whose bit number len is b. Path compression (a node
 * is only made where a prefix or a fork is) bounds the nodes to 2n + 1 for
 * n prefixes, so the node array is sized up front. A lookup visits nodes of
 * strictly growing length, hence at most 129 of them, and stops at the first
 * node that does not contain the address: nothing below it can.
 */
#include <linux/bitops.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/byteorder.h>
#include "eamt.h"

struct jool_key {
	u64 hi;
	u64 lo;
};

struct jool_trie_node {
	struct jool_key key;	/* bits after len are zero */
	u32 child[2];		/* node indexes; 0 (the root) means none */
	u32 entry;		/* 1 + index of the record, or 0 */
	u8 len;
};

struct jool_trie {
	struct jool_trie_node *nodes;	/* nodes[0] is the /0 root */
	u32 used;
};

/* An EAM in host order, ready for the lookups' bit arithmetic. */
struct jool_eam_entry {
	struct jool_key prefix6;
	u32 prefix4;
	u8 len6;
	u8 len4;
};

struct jool_eamt {
	unsigned int count;
	struct jool_trie trie6;
	struct jool_trie trie4;
	struct jool_eam_entry *entries;
};

struct jool_denylist4 {
	unsigned int count;
	struct jool_trie trie;
};

static const char * const table_errors[] = {
	[JOOL_TABLE_OK] = "no error",
	[JOOL_TABLE_LEN6] = "IPv6 prefix length is above 128",
	[JOOL_TABLE_LEN4] = "IPv4 prefix length is above 32",
	[JOOL_TABLE_SUFFIX] = "IPv4 suffix longer than IPv6 suffix",
	[JOOL_TABLE_HOST6] = "IPv6 prefix has host bits set",
	[JOOL_TABLE_HOST4] = "IPv4 prefix has host bits set",
	[JOOL_TABLE_PAD] = "padding is not zero",
	[JOOL_TABLE_DUP6] = "duplicate IPv6 prefix",
	[JOOL_TABLE_DUP4] = "duplicate IPv4 prefix",
	[JOOL_TABLE_NOMEM] = "out of memory",
};

const char *jool_table_error_str(enum jool_table_error err)
{
	if ((unsigned int)err >= ARRAY_SIZE(table_errors))
		return "unknown error";
	return table_errors[err];
}

/* The top @len bits of a 64-bit word; @len is 0..64. */
static inline u64 mask64(unsigned int len)
{
	return len ? ~0ULL << (64 - len) : 0;
}

static inline u64 mask_hi(unsigned int len)
{
	return mask64(len > 64 ? 64 : len);
}

static inline u64 mask_lo(unsigned int len)
{
	return mask64(len > 64 ? len - 64 : 0);
}

/* Whether the first @len bits of @a and @b are equal. */
static inline bool key_match(const struct jool_key *a,
			     const struct jool_key *b, unsigned int len)
{
	return !(((a->hi ^ b->hi) & mask_hi(len)) |
		 ((a->lo ^ b->lo) & mask_lo(len)));
}

static inline unsigned int key_bit(const struct jool_key *k, unsigned int pos)
{
	if (pos < 64)
		return (k->hi >> (63 - pos)) & 1;
	return (k->lo >> (127 - pos)) & 1;
}

/* Number of leading bits @a and @b have in common (128 if equal). */
static unsigned int key_common(const struct jool_key *a,
			       const struct jool_key *b)
{
	u64 x = a->hi ^ b->hi;

	if (x)
		return 64 - fls64(x);
	x = a->lo ^ b->lo;
	if (x)
		return 128 - fls64(x);
	return 128;
}

/* Bits @start .. @start + @count - 1 of @k, as a number; @count is 0..32. */
static inline u32 key_bits(const struct jool_key *k, unsigned int start,
			   unsigned int count)
{
	u64 top;

	if (!count)
		return 0;
	if (start == 0)
		top = k->hi;
	else if (start < 64)
		top = (k->hi << start) | (k->lo >> (64 - start));
	else
		top = k->lo << (start - 64);
	return top >> (64 - count);
}

/* ORs the @count low bits of @v into @k so that they end at bit @end - 1. */
static inline void key_put(struct jool_key *k, u32 v, unsigned int end,
			   unsigned int count)
{
	unsigned int shift = 128 - end;	/* of v's lowest bit */
	u64 w;

	if (!count)
		return;
	w = v & (~0ULL >> (64 - count));
	if (shift >= 64) {
		k->hi |= w << (shift - 64);
	} else {
		k->lo |= w << shift;
		if (shift)
			k->hi |= w >> (64 - shift);
	}
}

static void key_from6(struct jool_key *k, const struct in6_addr *a)
{
	k->hi = (u64)be32_to_cpu(a->s6_addr32[0]) << 32 |
		be32_to_cpu(a->s6_addr32[1]);
	k->lo = (u64)be32_to_cpu(a->s6_addr32[2]) << 32 |
		be32_to_cpu(a->s6_addr32[3]);
}

static void key_to6(const struct jool_key *k, struct in6_addr *a)
{
	a->s6_addr32[0] = cpu_to_be32((u32)(k->hi >> 32));
	a->s6_addr32[1] = cpu_to_be32((u32)k->hi);
	a->s6_addr32[2] = cpu_to_be32((u32)(k->lo >> 32));
	a->s6_addr32[3] = cpu_to_be32((u32)k->lo);
}

/* Records are byte arrays: no alignment assumed. */
static void key_from_bytes(struct jool_key *k, const u8 *b)
{
	unsigned int i;

	k->hi = 0;
	k->lo = 0;
	for (i = 0; i < 8; i++) {
		k->hi = k->hi << 8 | b[i];
		k->lo = k->lo << 8 | b[i + 8];
	}
}

static void key_from4(struct jool_key *k, __be32 a)
{
	k->hi = (u64)be32_to_cpu(a) << 32;
	k->lo = 0;
}

static bool key_host_bits(const struct jool_key *k, unsigned int len)
{
	return (k->hi & ~mask_hi(len)) || (k->lo & ~mask_lo(len));
}

static void trie_init(struct jool_trie *t, struct jool_trie_node *nodes)
{
	t->nodes = nodes;
	t->used = 1;
	memset(&nodes[0], 0, sizeof(nodes[0]));
}

static u32 trie_new_node(struct jool_trie *t, const struct jool_key *key,
			 unsigned int len, u32 entry)
{
	struct jool_trie_node *n = &t->nodes[t->used];

	n->key.hi = key->hi & mask_hi(len);
	n->key.lo = key->lo & mask_lo(len);
	n->len = len;
	n->entry = entry;
	n->child[0] = 0;
	n->child[1] = 0;
	return t->used++;
}

/*
 * Adds prefix (@key, @len) with @entry. False if that exact prefix already
 * has an entry. Each call adds at most two nodes: the prefix's own and,
 * where it forks off an existing path, the fork.
 */
static bool trie_insert(struct jool_trie *t, const struct jool_key *key,
			unsigned int len, u32 entry)
{
	struct jool_trie_node *node = &t->nodes[0];
	struct jool_trie_node *child;
	unsigned int bit, common;
	u32 c, fork, leaf;

	for (;;) {
		/* Here node's prefix contains the new one. */
		if (node->len == len) {
			if (node->entry)
				return false;
			node->entry = entry;
			return true;
		}
		bit = key_bit(key, node->len);
		c = node->child[bit];
		if (!c) {
			node->child[bit] = trie_new_node(t, key, len, entry);
			return true;
		}
		child = &t->nodes[c];
		common = key_common(key, &child->key);
		if (common > len)
			common = len;
		if (common > child->len)
			common = child->len;
		if (common == child->len) {
			node = child;
			continue;
		}
		/* The new prefix ends, or forks off, above child. */
		if (common == len) {
			leaf = trie_new_node(t, key, len, entry);
			t->nodes[leaf].child[key_bit(&child->key, len)] = c;
			node->child[bit] = leaf;
			return true;
		}
		fork = trie_new_node(t, key, common, 0);
		leaf = trie_new_node(t, key, len, entry);
		t->nodes[fork].child[key_bit(&child->key, common)] = c;
		t->nodes[fork].child[key_bit(key, common)] = leaf;
		node->child[bit] = fork;
		return true;
	}
}

/*
 * The entry of the longest prefix containing @a (0 if none), or with
 * @any, of the first one found.
 */
static u32 trie_lookup(const struct jool_trie *t, const struct jool_key *a,
		       bool any)
{
	const struct jool_trie_node *node = &t->nodes[0];
	u32 best = 0;
	u32 c;

	for (;;) {
		if (!key_match(&node->key, a, node->len))
			return best;
		if (node->entry) {
			best = node->entry;
			if (any)
				return best;
		}
		if (node->len == 128)
			return best;
		c = node->child[key_bit(a, node->len)];
		if (!c)
			return best;
		node = &t->nodes[c];
	}
}

static void *table_fail(unsigned int *bad, enum jool_table_error *err,
			unsigned int index, enum jool_table_error why)
{
	*bad = index;
	*err = why;
	return ERR_PTR(why == JOOL_TABLE_NOMEM ? -ENOMEM : -EINVAL);
}

/*
 * Size of a table of @n records with @tries tries and @extra octets per
 * record, or 0 if that is more than kvmalloc() accepts.
 */
static size_t table_size(size_t header, unsigned int n, unsigned int tries,
			 size_t extra)
{
	u64 size = header + (u64)tries * (2 * (u64)n + 1) *
		   sizeof(struct jool_trie_node) + (u64)n * extra;

	return size > INT_MAX ? 0 : size;
}

static enum jool_table_error eam_check(const struct nft_jool_eam *r,
				       struct jool_eam_entry *e)
{
	if (r->len6 > 128)
		return JOOL_TABLE_LEN6;
	if (r->len4 > 32)
		return JOOL_TABLE_LEN4;
	if (32 - r->len4 > 128 - r->len6)
		return JOOL_TABLE_SUFFIX;
	key_from_bytes(&e->prefix6, r->prefix6);
	if (key_host_bits(&e->prefix6, r->len6))
		return JOOL_TABLE_HOST6;
	e->prefix4 = be32_to_cpu(r->prefix4);
	if (e->prefix4 & ~(u32)(mask64(r->len4) >> 32))
		return JOOL_TABLE_HOST4;
	if (r->pad[0] || r->pad[1])
		return JOOL_TABLE_PAD;
	e->len6 = r->len6;
	e->len4 = r->len4;
	return JOOL_TABLE_OK;
}

enum jool_table_error jool_eam_record_check(const struct nft_jool_eam *r)
{
	struct jool_eam_entry e;

	return eam_check(r, &e);
}

static enum jool_table_error deny_check(const struct nft_jool_prefix4 *r,
					struct jool_key *k)
{
	key_from4(k, r->addr);
	if (r->len > 32)
		return JOOL_TABLE_LEN4;
	if (key_host_bits(k, r->len))
		return JOOL_TABLE_HOST4;
	if (r->pad[0] || r->pad[1] || r->pad[2])
		return JOOL_TABLE_PAD;
	return JOOL_TABLE_OK;
}

enum jool_table_error
jool_prefix4_record_check(const struct nft_jool_prefix4 *r)
{
	struct jool_key k;

	return deny_check(r, &k);
}

/*
 * Records are checked and inserted in order, so the error reported is the
 * first bad record's (a duplicate is found when its later copy comes), and
 * within a record the first failing check in enum jool_table_error order.
 */
struct jool_eamt *jool_eamt_build(const struct nft_jool_eam *recs,
				  unsigned int n, unsigned int *bad,
				  enum jool_table_error *err)
{
	struct jool_trie_node *nodes;
	struct jool_eam_entry *e;
	struct jool_eamt *t;
	struct jool_key k4;
	unsigned int i;
	size_t size;

	*err = JOOL_TABLE_OK;
	if (!n)
		return NULL;
	size = table_size(sizeof(*t), n, 2, sizeof(*e));
	t = size ? kvmalloc(size, GFP_KERNEL) : NULL;
	if (!t)
		return table_fail(bad, err, 0, JOOL_TABLE_NOMEM);

	/* Layout: header, trie6 nodes, trie4 nodes, entries (all 8-aligned). */
	nodes = (struct jool_trie_node *)(t + 1);
	trie_init(&t->trie6, nodes);
	trie_init(&t->trie4, nodes + 2 * (size_t)n + 1);
	t->entries = (struct jool_eam_entry *)(nodes + 4 * (size_t)n + 2);
	t->count = n;

	for (i = 0; i < n; i++) {
		e = &t->entries[i];
		*err = eam_check(&recs[i], e);
		if (*err)
			goto fail;
		if (!trie_insert(&t->trie6, &e->prefix6, e->len6, i + 1)) {
			*err = JOOL_TABLE_DUP6;
			goto fail;
		}
		k4.hi = (u64)e->prefix4 << 32;
		k4.lo = 0;
		if (!trie_insert(&t->trie4, &k4, e->len4, i + 1)) {
			*err = JOOL_TABLE_DUP4;
			goto fail;
		}
	}
	return t;

fail:
	kvfree(t);
	return table_fail(bad, err, i, *err);
}

void jool_eamt_free(struct jool_eamt *t)
{
	kvfree(t);
}

unsigned int jool_eamt_count(const struct jool_eamt *t)
{
	return t ? t->count : 0;
}

bool jool_eamt_6to4(const struct jool_eamt *t, const struct in6_addr *a,
		    __be32 *out)
{
	const struct jool_eam_entry *e;
	struct jool_key k;
	u32 found;

	if (!t)
		return false;
	key_from6(&k, a);
	found = trie_lookup(&t->trie6, &k, false);
	if (!found)
		return false;
	e = &t->entries[found - 1];
	*out = cpu_to_be32(e->prefix4 | key_bits(&k, e->len6, 32 - e->len4));
	return true;
}

bool jool_eamt_4to6(const struct jool_eamt *t, __be32 a,
		    struct in6_addr *out)
{
	const struct jool_eam_entry *e;
	struct jool_key k;
	u32 found;

	if (!t)
		return false;
	key_from4(&k, a);
	found = trie_lookup(&t->trie4, &k, false);
	if (!found)
		return false;
	e = &t->entries[found - 1];
	/* The IPv4 suffix follows the IPv6 prefix; any bits after it stay 0. */
	k = e->prefix6;
	key_put(&k, be32_to_cpu(a), e->len6 + 32 - e->len4, 32 - e->len4);
	key_to6(&k, out);
	return true;
}

bool jool_eamt_has4(const struct jool_eamt *t, __be32 a)
{
	struct jool_key k;

	if (!t)
		return false;
	key_from4(&k, a);
	return trie_lookup(&t->trie4, &k, true);
}

struct jool_denylist4 *jool_denylist4_build(const struct nft_jool_prefix4 *recs,
					    unsigned int n, unsigned int *bad,
					    enum jool_table_error *err)
{
	const struct nft_jool_prefix4 *r;
	struct jool_denylist4 *d;
	struct jool_key k;
	unsigned int i;
	size_t size;

	*err = JOOL_TABLE_OK;
	if (!n)
		return NULL;
	size = table_size(sizeof(*d), n, 1, 0);
	d = size ? kvmalloc(size, GFP_KERNEL) : NULL;
	if (!d)
		return table_fail(bad, err, 0, JOOL_TABLE_NOMEM);
	trie_init(&d->trie, (struct jool_trie_node *)(d + 1));
	d->count = n;

	for (i = 0; i < n; i++) {
		r = &recs[i];
		*err = deny_check(r, &k);
		if (!*err && !trie_insert(&d->trie, &k, r->len, i + 1))
			*err = JOOL_TABLE_DUP4;
		if (*err) {
			kvfree(d);
			return table_fail(bad, err, i, *err);
		}
	}
	return d;
}

void jool_denylist4_free(struct jool_denylist4 *d)
{
	kvfree(d);
}

unsigned int jool_denylist4_count(const struct jool_denylist4 *d)
{
	return d ? d->count : 0;
}

bool jool_denylist4_has(const struct jool_denylist4 *d, __be32 a)
{
	struct jool_key k;

	if (!d)
		return false;
	key_from4(&k, a);
	return trie_lookup(&d->trie, &k, true);
}
