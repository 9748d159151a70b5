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
		"IPv6 packets translated to IPv4 and at once back to IPv6: for an EAM address (RFC 7757 section 4) or a NAT64 pool4 address (RFC 6146 section 3.8)." },
	[NFT_JOOL_STAT_POOL4_NONE] = { "pool4_none",
		"Left to the next rule: NAT64 has no pool4 entry for the packet's protocol and mark." },
	[NFT_JOOL_STAT_POOL4_EXHAUSTED] = { "pool4_exhausted",
		"Dropped: every pool4 transport address of the protocol and mark is taken (no new binding)." },
	[NFT_JOOL_STAT_NO_BIB] = { "no_bib",
		"Dropped: IPv4 packet to a pool4 address and port that no BIB entry binds." },
	[NFT_JOOL_STAT_ADF] = { "adf",
		"Dropped: address-dependent filtering; the IPv6 node never talked to this IPv4 node." },
	[NFT_JOOL_STAT_TCP_SYN_EXPECTED] = { "tcp_syn_expected",
		"Dropped: TCP segment of no session that is not a SYN." },
	[NFT_JOOL_STAT_TCP_EXTERNAL] = { "tcp_external",
		"Dropped: IPv4 SYN opening a connection from outside (drop-externally-initiated-tcp)." },
	[NFT_JOOL_STAT_SO_EXISTS] = { "so_exists",
		"Dropped: IPv4 SYN retry while an earlier SYN of it is stored (simultaneous open)." },
	[NFT_JOOL_STAT_SO_FULL] = { "so_full",
		"Dropped: IPv4 SYN that could not be stored, maximum-simultaneous-opens reached." },
	[NFT_JOOL_STAT_SO_STORED] = { "so_stored",
		"IPv4 SYNs stored for up to 6 s, waiting for the IPv6 side to open the same connection." },
	[NFT_JOOL_STAT_ICMP6_INFO] = { "icmp6_info",
		"Dropped: ICMPv6 echo request refused by drop-icmpv6-info." },
	[NFT_JOOL_STAT_SESSION_LIMIT] = { "session_limit",
		"Dropped: new flow while the instance holds max_sessions sessions (module parameter)." },
	[NFT_JOOL_STAT_SESSION_ENOMEM] = { "session_enomem",
		"Dropped: out of memory for a new BIB entry or session." },
	[NFT_JOOL_STAT_INNER_NO_BIB] = { "inner_no_bib",
		"Dropped: ICMP error about a packet that no BIB entry binds." },
	[NFT_JOOL_STAT_BIB_CREATED] = { "bib_created",
		"Dynamic BIB entries (bindings of an IPv6 transport address to a pool4 one) created." },
	[NFT_JOOL_STAT_SESSION_CREATED] = { "session_created",
		"NAT64 sessions created." },
	[NFT_JOOL_STAT_SESSION_EXPIRED] = { "session_expired",
		"NAT64 sessions removed because their timeout passed." },
	[NFT_JOOL_STAT_TCP_PROBE] = { "tcp_probe",
		"Probes (bare ACKs) sent to the IPv6 node of an idle established TCP session before it expires." },
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
void jool_json_str(FILE *f, const char *s)
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
	jool_json_str(f, jool_nl_family_name(family));
	fputs(", \"table\": ", f);
	jool_json_str(f, obj->table);
	fputs(", \"name\": ", f);
	jool_json_str(f, obj->name);
	fputs(", \"type\": ", f);
	jool_json_str(f, jool_type_name(obj->type, buf, sizeof(buf)));
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
