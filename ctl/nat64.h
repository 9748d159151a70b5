/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_CTL_NAT64_H
#define _NFT_JOOL_CTL_NAT64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "genl.h"

/* What the entries must match to be shown. */
struct jool_filter {
	uint8_t proto;		/* IPPROTO_*; 0 = all */
	bool has_prefix;
	int af;			/* AF_INET or AF_INET6 */
	uint8_t addr[16];	/* host bits zero */
	unsigned int len;
};

/* nft-jool bib | session | state. */
struct nat64_args {
	uint8_t cmd;		/* NFT_JOOL_CMD_GET_* */
	bool json;
	bool numeric;
	bool count;
	struct jool_filter filter;
	int family;
	const char *table;
	const char *name;
};

/* Returns 0, ARGS_HELP or EXIT_USAGE (after a message on stderr). */
int nat64_parse_args(uint8_t cmd, int argc, char **argv,
		     struct nat64_args *args);
void nat64_usage(uint8_t cmd, FILE *f);
int cmd_bib(int argc, char **argv);
int cmd_session(int argc, char **argv);
int cmd_state(int argc, char **argv);

/* Pure helpers, also used by the host unit test. */
/* "tcp", "udp", "icmp" -> IPPROTO_*; -1 for anything else. */
int jool_proto_parse(const char *s);
const char *jool_proto_name(uint8_t proto, char *buf, size_t size);
/* enum jool_tcp_state of the kernel (nat64_tcp.h) -> "ESTABLISHED"... */
const char *jool_tcp_state_name(uint8_t state, char *buf, size_t size);
/* "192.0.2.0/24", "2001:db8::1" (a whole address without /LEN): 0 or -1. */
int jool_prefix_parse(const char *s, struct jool_filter *f);
bool jool_filter_match(const struct jool_filter *f, const struct jool_entry *e);
/* Protocol (TCP, UDP, ICMP), then the IPv6 side, then the IPv4 remote. */
void jool_entries_sort(struct jool_entry *e, size_t n);
/* "1:59:58": hours, minutes, seconds left (rounded down). */
void jool_expiry_format(uint64_t ms, char *buf, size_t size);

/*
 * Address -> host name, or NULL to print it numerically. @af is AF_INET
 * or AF_INET6, @addr in network order.
 */
typedef const char *(*jool_resolve_fn)(int af, const void *addr);

void jool_show_entries(FILE *f, bool sessions, const struct jool_entry *e,
		       size_t n, jool_resolve_fn resolve);
void jool_show_entries_json(FILE *f, bool sessions, int family,
			    const char *table, const char *name,
			    const struct jool_entry *e, size_t n);
void jool_show_count(FILE *f, bool sessions, bool json, int family,
		     const char *table, const char *name, size_t n);
void jool_show_state(FILE *f, int family, const char *table,
		     const char *name, const struct jool_state *s);
void jool_show_state_json(FILE *f, int family, const char *table,
			  const char *name, const struct jool_state *s);

#endif /* _NFT_JOOL_CTL_NAT64_H */
