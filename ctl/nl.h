/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_CTL_NL_H
#define _NFT_JOOL_CTL_NL_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/netfilter/nf_tables.h>

struct nlmsghdr;

/*
 * Room for every counter id a kernel may send. The ABI is append-only and
 * unknown ids are kept (and shown as stat<N>), so this is a sanity bound,
 * not the number of counters known today.
 */
#define JOOL_STATS_MAX 512

/* Large enough for a single-object reply and its ack. */
#define JOOL_NL_BUFSIZ 32768

struct jool_stat {
	uint16_t id;
	uint64_t value;
};

struct jool_obj {
	char table[NFT_TABLE_MAXNAMELEN];
	char name[NFT_OBJ_MAXNAMELEN];
	uint32_t type;			/* enum nft_jool_type */
	bool pool6_set;
	uint8_t pool6_addr[16];
	uint8_t pool6_len;
	unsigned int nstats;		/* sorted by id, no duplicates */
	struct jool_stat stats[JOOL_STATS_MAX];
};

/* "ip", "ip6", "inet" -> NFPROTO_*; -1 for anything else. */
int jool_nl_family(const char *name);
const char *jool_nl_family_name(int family);

/* Pure helpers, also used by the host unit test. */
struct nlmsghdr *jool_nl_build_getobj(void *buf, uint32_t seq, int family,
				      const char *table, const char *name,
				      bool reset);
int jool_obj_parse(const struct nlmsghdr *nlh, struct jool_obj *obj);

/* Talking to the kernel. Functions return 0 or a negative errno. */
struct jool_nl;

struct jool_nl *jool_nl_open(void);
void jool_nl_close(struct jool_nl *nl);
int jool_nl_get_obj(struct jool_nl *nl, int family, const char *table,
		    const char *name, bool reset, struct jool_obj *obj);
/* 1 if the table exists, 0 if not, or a negative errno. */
int jool_nl_table_exists(struct jool_nl *nl, int family, const char *table);

#endif /* _NFT_JOOL_CTL_NL_H */
