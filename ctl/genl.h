/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_CTL_GENL_H
#define _NFT_JOOL_CTL_GENL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nft_jool.h"

struct nlmsghdr;

/* A dump reply buffer: the kernel fills up to 32 KiB per read. */
#define JOOL_GENL_BUFSIZ 65536

/* One BIB entry or session of a NAT64 instance, as the kernel sent it. */
struct jool_entry {
	bool is_session;
	bool is_static;		/* BIB */
	bool has_remote6;	/* sessions */
	bool has_rport;		/* sessions, not ICMP */
	uint8_t proto;
	uint8_t state;		/* TCP sessions */
	uint8_t addr6[16];
	uint8_t remote6[16];
	uint8_t addr4[4];	/* network order, as all addresses */
	uint8_t remote4[4];
	uint16_t port6;		/* host order; ICMP: query identifiers */
	uint16_t port4;
	uint16_t rport;
	uint32_t sessions;	/* BIB */
	uint64_t expires_ms;	/* sessions */
};

/* NFT_JOOL_CMD_GET_STATE: value of each NFT_JOOL_S_* (0 if not sent). */
struct jool_state {
	uint64_t v[NFT_JOOL_S_MAX + 1];
};

/* Pure helpers, also used by the host unit test. */
struct nlmsghdr *jool_genl_build(void *buf, uint32_t seq, uint16_t family_id,
				 uint8_t cmd, int family, const char *table,
				 const char *name, uint8_t proto);
/* 0, or -EPROTO for a message that is not a well-formed entry. */
int jool_entry_parse(const struct nlmsghdr *nlh, bool is_session,
		     struct jool_entry *e);
int jool_state_parse(const struct nlmsghdr *nlh, struct jool_state *s);

/* Talking to the kernel. Functions return 0 or a negative errno. */
struct jool_genl;

/*
 * NULL with *err = -ENOENT when the kernel has no "nft_jool" family (the
 * module is not loaded, so there is no instance either), else -errno.
 */
struct jool_genl *jool_genl_open(int *err);
void jool_genl_close(struct jool_genl *g);
/* The kernel's explanation of the last error ("" if none). */
const char *jool_genl_errmsg(const struct jool_genl *g);

typedef int (*jool_entry_cb)(const struct jool_entry *e, void *data);
/* @cmd: NFT_JOOL_CMD_GET_BIB or _GET_SESSION; @proto 0 = all. */
int jool_genl_dump(struct jool_genl *g, uint8_t cmd, int family,
		   const char *table, const char *name, uint8_t proto,
		   jool_entry_cb cb, void *data);
int jool_genl_get_state(struct jool_genl *g, int family, const char *table,
			const char *name, struct jool_state *s);

#endif /* _NFT_JOOL_CTL_GENL_H */
