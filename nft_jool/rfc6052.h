/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_RFC6052_H
#define _NFT_JOOL_RFC6052_H

#include <linux/types.h>
#include <linux/in6.h>

/*
 * IPv4-embedded IPv6 addresses (RFC 6052 section 2.2). Pure functions: no
 * skb, no allocation, usable from any context and from the host unit tests.
 * @len is the prefix length in bits: 32, 40, 48, 56, 64 or 96.
 */
bool jool_rfc6052_len_valid(unsigned int len);

/* 0 and *@addr4 set, or -EINVAL (bad @len) / -ENOENT (not in the prefix). */
int jool_rfc6052_6to4(const struct in6_addr *prefix, unsigned int len,
		      const struct in6_addr *addr6, __be32 *addr4);

/* 0 and *@addr6 set, or -EINVAL (bad @len). */
int jool_rfc6052_4to6(const struct in6_addr *prefix, unsigned int len,
		      __be32 addr4, struct in6_addr *addr6);

#endif /* _NFT_JOOL_RFC6052_H */
