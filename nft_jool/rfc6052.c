// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 6052 address mapping between an IPv6 prefix and IPv4 addresses.
 *
 * The IPv4 address follows the prefix octet by octet, except that octet 8
 * (bits 64 to 71, the "u" octet) is always skipped and left zero: it must stay
 * compatible with the modified EUI-64 interface identifier format. The suffix
 * after the IPv4 address is zero on output and ignored on input, as is the u
 * octet, so any address inside the prefix maps to exactly one IPv4 address.
 */

#include <linux/errno.h>
#include <linux/string.h>
#include "rfc6052.h"

#define U_OCTET 8

bool jool_rfc6052_len_valid(unsigned int len)
{
	switch (len) {
	case 32:
	case 40:
	case 48:
	case 56:
	case 64:
	case 96:
		return true;
	}
	return false;
}

int jool_rfc6052_6to4(const struct in6_addr *prefix, unsigned int len,
		      const struct in6_addr *addr6, __be32 *addr4)
{
	unsigned int pos = len / 8;
	u8 out[4];
	int i;

	if (!jool_rfc6052_len_valid(len))
		return -EINVAL;
	/* All valid lengths are whole octets, so a byte compare is exact. */
	if (memcmp(prefix->s6_addr, addr6->s6_addr, pos))
		return -ENOENT;

	for (i = 0; i < 4; i++) {
		if (pos == U_OCTET)
			pos++;
		out[i] = addr6->s6_addr[pos++];
	}
	memcpy(addr4, out, sizeof(out));
	return 0;
}

int jool_rfc6052_4to6(const struct in6_addr *prefix, unsigned int len,
		      __be32 addr4, struct in6_addr *addr6)
{
	unsigned int pos = len / 8;
	u8 in[4];
	int i;

	if (!jool_rfc6052_len_valid(len))
		return -EINVAL;

	memcpy(in, &addr4, sizeof(in));
	memset(addr6, 0, sizeof(*addr6));
	memcpy(addr6->s6_addr, prefix->s6_addr, pos);
	for (i = 0; i < 4; i++) {
		if (pos == U_OCTET)
			pos++;
		addr6->s6_addr[pos++] = in[i];
	}
	return 0;
}
