// SPDX-License-Identifier: GPL-2.0
/* Output of nft-jool: the counter table and the plain and JSON printers. */
#include <inttypes.h>
#include <stdio.h>
#include <arpa/inet.h>

#include "nft_jool.h"
#include "show.h"
#include "util.h"

struct stat_desc {
	const char *name;
	const char *explain;
};

/*
 * The one place that names counters. Names are the lowercase enum suffix;
 * scripts read them, so they never change once released.
 */
static const struct stat_desc stats[] = {
	[NFT_JOOL_STAT_RECEIVED6] = { "received6",
		"IPv6 packets handed to the instance by a jool rule." },
	[NFT_JOOL_STAT_RECEIVED4] = { "received4",
		"IPv4 packets handed to the instance by a jool rule." },
	[NFT_JOOL_STAT_XLATED64] = { "xlated64",
		"IPv6 packets translated to IPv4 and sent." },
	[NFT_JOOL_STAT_XLATED46] = { "xlated46",
		"IPv4 packets translated to IPv6 and sent." },
	[NFT_JOOL_STAT_DISABLED] = { "disabled",
		"Left to the next rule: the instance is disabled (manually-enabled false)." },
	[NFT_JOOL_STAT_POOL6_UNSET] = { "pool6_unset",
		"Left to the next rule: no pool6 or other address mapping is configured." },
	[NFT_JOOL_STAT_SRC6] = { "src6",
		"Left to the next rule: the IPv6 source address has no IPv4 counterpart." },
	[NFT_JOOL_STAT_DST6] = { "dst6",
		"Left to the next rule: the IPv6 destination address has no IPv4 counterpart." },
	[NFT_JOOL_STAT_SRC4] = { "src4",
		"Left to the next rule: the IPv4 source address has no IPv6 counterpart." },
	[NFT_JOOL_STAT_DST4] = { "dst4",
		"Left to the next rule: the IPv4 destination address has no IPv6 counterpart." },
	[NFT_JOOL_STAT_UNKNOWN_L4] = { "unknown_l4",
		"Left to the next rule: the transport protocol is not one the translator handles." },
	[NFT_JOOL_STAT_ICMP6_TYPE] = { "icmp6_type",
		"Left to the next rule: ICMPv6 type with no ICMPv4 equivalent." },
	[NFT_JOOL_STAT_ICMP4_TYPE] = { "icmp4_type",
		"Left to the next rule: ICMPv4 type with no ICMPv6 equivalent." },
	[NFT_JOOL_STAT_FRAGMENT] = { "fragment",
		"Dropped: fragmented ICMP message (its checksum covers all fragments)." },
	[NFT_JOOL_STAT_EXTHDR] = { "exthdr",
		"Dropped: IPv6 extension header after a Fragment Header, or a second Fragment Header." },
	[NFT_JOOL_STAT_ICMP_ERROR] = { "icmp_error",
		"Dropped: ICMP error about an ICMP error." },
	[NFT_JOOL_STAT_TRUNCATED] = { "truncated",
		"Dropped: the headers are shorter than their length fields claim." },
	[NFT_JOOL_STAT_MALFORMED] = { "malformed",
		"Dropped: bad IP version, length or options." },
	[NFT_JOOL_STAT_TTL] = { "ttl",
		"Dropped: the TTL or hop limit expired." },
	[NFT_JOOL_STAT_TOO_BIG] = { "too_big",
		"Dropped: the translated packet does not fit the outgoing MTU." },
	[NFT_JOOL_STAT_ENOMEM] = { "enomem",
		"Dropped: out of memory while making room for the new headers." },
	[NFT_JOOL_STAT_NO_ROUTE] = { "no_route",
		"Dropped: no route for the translated packet." },
	[NFT_JOOL_STAT_OUTPUT] = { "output",
		"Dropped: the network stack refused to send the translated packet." },
	[NFT_JOOL_STAT_UDP_CSUM0] = { "udp_csum0",
		"Dropped: IPv4 UDP packet without a checksum (zero) that amend-udp-checksum-zero may not or cannot fix." },
	[NFT_JOOL_STAT_GSO] = { "gso",
		"Left to the next rule: segmentation offload (GSO) packet of a kind not handled." },
	[NFT_JOOL_STAT_SRC_ROUTE] = { "src_route",
		"Dropped: unexpired source route (IPv4 option, IPv6 Routing Header)." },
	[NFT_JOOL_STAT_ICMP_CSUM] = { "icmp_csum",
		"Dropped: ICMP error with a bad checksum." },
	[NFT_JOOL_STAT_ICMP_SENT] = { "icmp_sent",
		"ICMP errors the translator sent back itself (time exceeded, packet too big, parameter problem)." },
	[NFT_JOOL_STAT_HAIRPIN] = { "hairpin",
		"IPv6 packets for an EAM address, translated to IPv4 and back to IPv6 at once (RFC 7757 section 4)." },
};

/* A counter added to the uapi header must be named here too. */
_Static_assert(ARRAY_SIZE(stats) == __NFT_JOOL_STAT_MAX,
	       "every enum nft_jool_stat value needs a name and explanation");

const char *jool_stat_name(unsigned int id, char *buf, size_t size)
{
	if (id < ARRAY_SIZE(stats) && stats[id].name)
		return stats[id].name;
	snprintf(buf, size, "stat%u", id);
	return buf;
}

const char *jool_stat_explain(unsigned int id)
{
	if (id < ARRAY_SIZE(stats) && stats[id].explain)
		return stats[id].explain;
	return "Counter unknown to this nft-jool (the kernel module is newer).";
}

const char *jool_type_name(unsigned int type, char *buf, size_t size)
{
	switch (type) {
	case NFT_JOOL_TYPE_SIIT:
		return "siit";
	case NFT_JOOL_TYPE_NAT64:
		return "nat64";
	}
	snprintf(buf, size, "type%u", type);
	return buf;
}

/* "2001:db8:64::/96" */
static void put_pool6(FILE *f, const struct jool_obj *obj)
{
	char addr[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, obj->pool6_addr, addr, sizeof(addr));
	fprintf(f, "%s/%u", addr, obj->pool6_len);
}

void jool_show_stats(FILE *f, int family, const struct jool_obj *obj,
		     unsigned int flags)
{
	char buf[32];
	unsigned int i;

	fprintf(f, "jool \"%s\" in table %s %s: %s, pool6 ", obj->name,
		jool_nl_family_name(family), obj->table,
		jool_type_name(obj->type, buf, sizeof(buf)));
	if (obj->pool6_set)
		put_pool6(f, obj);
	else
		fputs("unset", f);
	fputc('\n', f);

	for (i = 0; i < obj->nstats; i++) {
		const struct jool_stat *s = &obj->stats[i];

		if (!s->value && !(flags & JOOL_SHOW_ALL))
			continue;
		fprintf(f, "%s: %" PRIu64 "\n",
			jool_stat_name(s->id, buf, sizeof(buf)), s->value);
		if (flags & JOOL_SHOW_EXPLAIN)
			fprintf(f, "    %s\n", jool_stat_explain(s->id));
	}
}

/* Object names are arbitrary bytes for nf_tables; JSON needs escapes. */
static void put_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/*
 * Every counter the kernel sent, zero or not: a script should find the same
 * keys in every run.
 */
void jool_show_stats_json(FILE *f, int family, const struct jool_obj *obj)
{
	char buf[32];
	unsigned int i;

	fputs("{\"family\": ", f);
	put_json_str(f, jool_nl_family_name(family));
	fputs(", \"table\": ", f);
	put_json_str(f, obj->table);
	fputs(", \"name\": ", f);
	put_json_str(f, obj->name);
	fputs(", \"type\": ", f);
	put_json_str(f, jool_type_name(obj->type, buf, sizeof(buf)));
	if (obj->pool6_set) {
		fputs(", \"pool6\": \"", f);
		put_pool6(f, obj);
		fputc('"', f);
	}
	fputs(", \"stats\": {", f);
	for (i = 0; i < obj->nstats; i++) {
		const struct jool_stat *s = &obj->stats[i];

		fprintf(f, "%s\"%s\": %" PRIu64, i ? ", " : "",
			jool_stat_name(s->id, buf, sizeof(buf)), s->value);
	}
	fputs("}}\n", f);
}
