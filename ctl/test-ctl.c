// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit test of nft-jool: request building, reply parsing (fed with
 * netlink messages built here), output formatting and argument parsing.
 * No kernel needed. Prints "ctl: N passed, N failed".
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/genetlink.h>
#include <netinet/in.h>

#include "nft_jool.h"
#include "ctl.h"
#include "genl.h"
#include "nat64.h"
#include "nl.h"
#include "show.h"

static unsigned int passed, failed;

#define CHECK(cond) check(!!(cond), #cond, __func__, __LINE__)

static void check(int ok, const char *what, const char *func, int line)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s:%d: %s\n", func, line, what);
}

static void check_str(const char *got, const char *want, const char *func,
		      int line)
{
	if (!strcmp(got, want)) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s:%d: output differs\n--- want\n%s--- got\n%s---\n",
	       func, line, want, got);
}

#define CHECK_STR(got, want) check_str(got, want, __func__, __LINE__)

static char msgbuf[JOOL_NL_BUFSIZ];
static struct jool_obj obj;

static void put_stat(struct nlmsghdr *nlh, uint16_t id, uint64_t v)
{
	mnl_attr_put_u64(nlh, id, htobe64(v));
}

static const uint8_t pool6[16] = {
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x64,	/* 2001:db8:64::/96 */
};

/* What a kernel would answer; variants break it in one place each. */
enum reply_bug {
	GOOD,
	NO_DATA,
	OTHER_OBJ_TYPE,
	SHORT_STAT,
	BAD_POOL6_ADDR,
	NO_POOL6,
	NO_STATS,
	UNKNOWN_ATTRS,
	WRONG_MSG,
};

static struct nlmsghdr *build_reply(enum reply_bug bug)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(msgbuf);
	struct nlattr *data, *nest;
	struct nfgenmsg *nfg;

	nlh->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) |
			  (bug == WRONG_MSG ? NFT_MSG_NEWTABLE : NFT_MSG_NEWOBJ);
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = NFPROTO_INET;
	nfg->version = NFNETLINK_V0;

	mnl_attr_put_strz(nlh, NFTA_OBJ_TABLE, "t");
	mnl_attr_put_strz(nlh, NFTA_OBJ_NAME, "alpha");
	mnl_attr_put_u32(nlh, NFTA_OBJ_TYPE,
			 htonl(bug == OTHER_OBJ_TYPE ? NFT_OBJECT_COUNTER :
						       NFT_OBJECT_JOOL));
	mnl_attr_put_u64(nlh, NFTA_OBJ_HANDLE, htobe64(3));
	mnl_attr_put_u32(nlh, NFTA_OBJ_USE, htonl(2));
	if (bug == UNKNOWN_ATTRS)
		mnl_attr_put_u32(nlh, NFTA_OBJ_MAX + 5, 42);
	if (bug == NO_DATA)
		return nlh;

	data = mnl_attr_nest_start(nlh, NFTA_OBJ_DATA);
	mnl_attr_put_u32(nlh, NFTA_JOOL_OBJ_TYPE, htonl(NFT_JOOL_TYPE_SIIT));
	if (bug != NO_POOL6) {
		nest = mnl_attr_nest_start(nlh, NFTA_JOOL_OBJ_POOL6);
		mnl_attr_put(nlh, NFTA_JOOL_PREFIX_ADDR,
			     bug == BAD_POOL6_ADDR ? 4 : 16, pool6);
		mnl_attr_put_u8(nlh, NFTA_JOOL_PREFIX_LEN, 96);
		mnl_attr_nest_end(nlh, nest);
	}
	nest = mnl_attr_nest_start(nlh, NFTA_JOOL_OBJ_GLOBALS);
	mnl_attr_put_u8(nlh, NFTA_JOOL_GLOBAL_MANUALLY_ENABLED, 1);
	mnl_attr_nest_end(nlh, nest);
	if (bug == UNKNOWN_ATTRS)
		mnl_attr_put_u32(nlh, NFTA_JOOL_OBJ_MAX + 3, 42);
	if (bug != NO_STATS) {
		nest = mnl_attr_nest_start(nlh, NFTA_JOOL_OBJ_STATS);
		mnl_attr_put(nlh, NFT_JOOL_STAT_PAD, 0, NULL);
		/* Out of order and with an id from the future on purpose. */
		put_stat(nlh, NFT_JOOL_STAT_XLATED64, 3);
		put_stat(nlh, NFT_JOOL_STAT_RECEIVED6, 4);
		put_stat(nlh, NFT_JOOL_STAT_RECEIVED4, 0);
		put_stat(nlh, 200, 7);
		put_stat(nlh, NFT_JOOL_STAT_DST6, 0x0102030405060708ULL);
		if (bug == SHORT_STAT)
			mnl_attr_put_u32(nlh, NFT_JOOL_STAT_TTL, 1);
		put_stat(nlh, NFT_JOOL_STAT_DISABLED, 0);
		mnl_attr_nest_end(nlh, nest);
	}
	mnl_attr_nest_end(nlh, data);
	return nlh;
}

static void test_families(void)
{
	CHECK(jool_nl_family("ip") == NFPROTO_IPV4);
	CHECK(jool_nl_family("ip6") == NFPROTO_IPV6);
	CHECK(jool_nl_family("inet") == NFPROTO_INET);
	CHECK(jool_nl_family("bridge") == -1);
	CHECK(jool_nl_family("INET") == -1);
	CHECK(!strcmp(jool_nl_family_name(NFPROTO_IPV6), "ip6"));
}

static void test_request(void)
{
	const struct nlattr *attr;
	struct nlmsghdr *nlh;
	struct nfgenmsg *nfg;
	int seen = 0;

	nlh = jool_nl_build_getobj(msgbuf, 77, NFPROTO_IPV6, "tbl", "inst",
				   false);
	CHECK(nlh->nlmsg_type == ((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETOBJ));
	CHECK(nlh->nlmsg_flags == (NLM_F_REQUEST | NLM_F_ACK));
	CHECK(nlh->nlmsg_seq == 77);
	nfg = mnl_nlmsg_get_payload(nlh);
	CHECK(nfg->nfgen_family == NFPROTO_IPV6);
	CHECK(nfg->version == NFNETLINK_V0);
	mnl_attr_for_each(attr, nlh, sizeof(*nfg)) {
		switch (mnl_attr_get_type(attr)) {
		case NFTA_OBJ_TABLE:
			CHECK(!strcmp(mnl_attr_get_str(attr), "tbl"));
			seen |= 1;
			break;
		case NFTA_OBJ_NAME:
			CHECK(!strcmp(mnl_attr_get_str(attr), "inst"));
			seen |= 2;
			break;
		case NFTA_OBJ_TYPE:
			CHECK(ntohl(mnl_attr_get_u32(attr)) == 19023);
			seen |= 4;
			break;
		default:
			CHECK(!"unexpected attribute");
		}
	}
	CHECK(seen == 7);

	nlh = jool_nl_build_getobj(msgbuf, 78, NFPROTO_INET, "t", "a", true);
	CHECK(nlh->nlmsg_type ==
	      ((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETOBJ_RESET));
}

static void test_parse(void)
{
	CHECK(jool_obj_parse(build_reply(GOOD), &obj) == 0);
	CHECK(!strcmp(obj.table, "t"));
	CHECK(!strcmp(obj.name, "alpha"));
	CHECK(obj.type == NFT_JOOL_TYPE_SIIT);
	CHECK(obj.pool6_set);
	CHECK(obj.pool6_len == 96);
	CHECK(!memcmp(obj.pool6_addr, pool6, 16));
	CHECK(obj.nstats == 6);
	/* Sorted by id, the pad skipped, big-endian decoded. */
	CHECK(obj.stats[0].id == NFT_JOOL_STAT_RECEIVED6 &&
	      obj.stats[0].value == 4);
	CHECK(obj.stats[1].id == NFT_JOOL_STAT_RECEIVED4 &&
	      obj.stats[1].value == 0);
	CHECK(obj.stats[2].id == NFT_JOOL_STAT_XLATED64 &&
	      obj.stats[2].value == 3);
	CHECK(obj.stats[3].id == NFT_JOOL_STAT_DISABLED);
	CHECK(obj.stats[4].id == NFT_JOOL_STAT_DST6 &&
	      obj.stats[4].value == 0x0102030405060708ULL);
	CHECK(obj.stats[5].id == 200 && obj.stats[5].value == 7);

	CHECK(jool_obj_parse(build_reply(UNKNOWN_ATTRS), &obj) == 0);
	CHECK(obj.nstats == 6);

	CHECK(jool_obj_parse(build_reply(NO_POOL6), &obj) == 0);
	CHECK(!obj.pool6_set);
	CHECK(jool_obj_parse(build_reply(NO_STATS), &obj) == 0);
	CHECK(obj.nstats == 0);

	CHECK(jool_obj_parse(build_reply(NO_DATA), &obj) == -EPROTO);
	CHECK(jool_obj_parse(build_reply(OTHER_OBJ_TYPE), &obj) == -EPROTO);
	CHECK(jool_obj_parse(build_reply(SHORT_STAT), &obj) == -EPROTO);
	CHECK(jool_obj_parse(build_reply(BAD_POOL6_ADDR), &obj) == -EPROTO);
	CHECK(jool_obj_parse(build_reply(WRONG_MSG), &obj) == -EPROTO);
}

/* Runs a printer into a string. */
static char *capture_plain(unsigned int flags)
{
	char *out = NULL;
	size_t len;
	FILE *f = open_memstream(&out, &len);

	jool_show_stats(f, NFPROTO_INET, &obj, flags);
	fclose(f);
	return out;
}

static char *capture_json(void)
{
	char *out = NULL;
	size_t len;
	FILE *f = open_memstream(&out, &len);

	jool_show_stats_json(f, NFPROTO_INET, &obj);
	fclose(f);
	return out;
}

static void test_show(void)
{
	char *s;

	jool_obj_parse(build_reply(GOOD), &obj);

	s = capture_plain(0);
	CHECK_STR(s,
		  "jool \"alpha\" in table inet t: siit, pool6 2001:db8:64::/96\n"
		  "received6: 4\n"
		  "xlated64: 3\n"
		  "dst6: 72623859790382856\n"
		  "stat200: 7\n");
	free(s);

	s = capture_plain(JOOL_SHOW_ALL);
	CHECK_STR(s,
		  "jool \"alpha\" in table inet t: siit, pool6 2001:db8:64::/96\n"
		  "received6: 4\n"
		  "received4: 0\n"
		  "xlated64: 3\n"
		  "disabled: 0\n"
		  "dst6: 72623859790382856\n"
		  "stat200: 7\n");
	free(s);

	s = capture_plain(JOOL_SHOW_EXPLAIN);
	CHECK_STR(s,
		  "jool \"alpha\" in table inet t: siit, pool6 2001:db8:64::/96\n"
		  "received6: 4\n"
		  "    IPv6 packets handed to the instance by a jool rule.\n"
		  "xlated64: 3\n"
		  "    IPv6 packets translated to IPv4 and sent.\n"
		  "dst6: 72623859790382856\n"
		  "    Left to the next rule: the IPv6 destination address has no IPv4 counterpart.\n"
		  "stat200: 7\n"
		  "    Counter unknown to this nft-jool (the kernel module is newer).\n");
	free(s);

	s = capture_json();
	CHECK_STR(s,
		  "{\"family\": \"inet\", \"table\": \"t\", \"name\": \"alpha\", "
		  "\"type\": \"siit\", \"pool6\": \"2001:db8:64::/96\", "
		  "\"stats\": {\"received6\": 4, \"received4\": 0, "
		  "\"xlated64\": 3, \"disabled\": 0, "
		  "\"dst6\": 72623859790382856, \"stat200\": 7}}\n");
	free(s);

	/* Names needing escapes; no pool6; unknown type; no counters. */
	jool_obj_parse(build_reply(NO_STATS), &obj);
	obj.pool6_set = false;
	obj.type = 9;
	strcpy(obj.name, "a\"b\\c\td");
	s = capture_json();
	CHECK_STR(s,
		  "{\"family\": \"inet\", \"table\": \"t\", "
		  "\"name\": \"a\\\"b\\\\c\\u0009d\", \"type\": \"type9\", "
		  "\"stats\": {}}\n");
	free(s);
	s = capture_plain(JOOL_SHOW_ALL);
	CHECK_STR(s, "jool \"a\"b\\c\td\" in table inet t: type9, pool6 unset\n");
	free(s);
}

static void test_names(void)
{
	char buf[32], want[32];
	unsigned int id;

	/* Every counter of the ABI has a distinct lowercase name. */
	for (id = NFT_JOOL_STAT_RECEIVED6; id <= NFT_JOOL_STAT_MAX; id++) {
		const char *n = jool_stat_name(id, buf, sizeof(buf));
		unsigned int j;

		CHECK(strncmp(n, "stat", 4));
		CHECK(strncmp(jool_stat_explain(id), "Counter unknown", 15));
		for (j = NFT_JOOL_STAT_RECEIVED6; j < id; j++)
			CHECK(strcmp(n, jool_stat_name(j, buf, sizeof(buf))));
	}
	CHECK(!strcmp(jool_stat_name(NFT_JOOL_STAT_POOL6_UNSET, buf,
				     sizeof(buf)), "pool6_unset"));
	/* The NAT64 counters, by the names the man page documents. */
	CHECK(!strcmp(jool_stat_name(NFT_JOOL_STAT_POOL4_EXHAUSTED, buf,
				     sizeof(buf)), "pool4_exhausted"));
	CHECK(!strcmp(jool_stat_name(NFT_JOOL_STAT_SO_STORED, buf,
				     sizeof(buf)), "so_stored"));
	CHECK(!strcmp(jool_stat_name(NFT_JOOL_STAT_TCP_PROBE, buf,
				     sizeof(buf)), "tcp_probe"));
	CHECK(!strcmp(jool_stat_explain(NFT_JOOL_STAT_ADF),
		      "Dropped: address-dependent filtering; the IPv6 node never talked to this IPv4 node."));
	snprintf(want, sizeof(want), "stat%u", NFT_JOOL_STAT_MAX + 1);
	CHECK(!strcmp(jool_stat_name(NFT_JOOL_STAT_MAX + 1, buf, sizeof(buf)),
		      want));
	CHECK(!strcmp(jool_type_name(NFT_JOOL_TYPE_NAT64, buf, sizeof(buf)),
		      "nat64"));
}

/* Argument parsing prints to stdout/stderr: keep the test log clean. */
static int parse(const char *line, struct stats_args *args)
{
	/* args points into it, so it outlives the call. */
	static char copy[1024];
	char *argv[16], *tok;
	int argc = 0, ret, out, err, null;

	snprintf(copy, sizeof(copy), "%s", line);

	for (tok = strtok(copy, " "); tok && argc < 15; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	argv[argc] = NULL;

	fflush(stdout);
	fflush(stderr);
	out = dup(1);
	err = dup(2);
	null = open("/dev/null", O_WRONLY);
	dup2(null, 1);
	dup2(null, 2);
	ret = stats_parse_args(argc, argv, args);
	fflush(stdout);
	fflush(stderr);
	dup2(out, 1);
	dup2(err, 2);
	close(out);
	close(err);
	close(null);
	return ret;
}

static void test_args(void)
{
	static char longname[16 + NFT_OBJ_MAXNAMELEN];
	struct stats_args a;

	CHECK(parse("stats inet t alpha", &a) == 0);
	CHECK(a.family == NFPROTO_INET && !strcmp(a.table, "t") &&
	      !strcmp(a.name, "alpha"));
	CHECK(!a.json && !a.all && !a.explain && !a.reset);

	CHECK(parse("stats --json ip6 t6 x --reset", &a) == 0);
	CHECK(a.json && a.reset && a.family == NFPROTO_IPV6 &&
	      !strcmp(a.table, "t6") && !strcmp(a.name, "x"));
	CHECK(parse("stats -ae ip t x", &a) == 0);
	CHECK(a.all && a.explain && !a.json && a.family == NFPROTO_IPV4);
	CHECK(parse("stats --json --all inet t x", &a) == 0);
	CHECK(parse("stats -- inet -t- -x", &a) == 0);
	CHECK(!strcmp(a.table, "-t-") && !strcmp(a.name, "-x"));

	CHECK(parse("stats --help", &a) == ARGS_HELP);
	CHECK(parse("stats", &a) == EXIT_USAGE);
	CHECK(parse("stats inet t", &a) == EXIT_USAGE);
	CHECK(parse("stats inet t a b", &a) == EXIT_USAGE);
	CHECK(parse("stats bridge t a", &a) == EXIT_USAGE);
	CHECK(parse("stats --bogus inet t a", &a) == EXIT_USAGE);
	CHECK(parse("stats -x inet t a", &a) == EXIT_USAGE);
	CHECK(parse("stats --json=1 inet t a", &a) == EXIT_USAGE);
	CHECK(parse("stats --json --explain inet t a", &a) == EXIT_USAGE);
	/* A name as long as NFT_OBJ_MAXNAMELEN leaves no room for the NUL. */
	strcpy(longname, "stats inet t ");
	memset(longname + 13, 'a', NFT_OBJ_MAXNAMELEN);
	CHECK(parse(longname, &a) == EXIT_USAGE);
	longname[13 + NFT_OBJ_MAXNAMELEN - 1] = '\0';
	CHECK(parse(longname, &a) == 0);
	/* Parsing twice in one process works (getopt state is reset). */
	CHECK(parse("stats -r inet t a", &a) == 0 && a.reset);
}

/* ---- NAT64 state: bib, session, state ---------------------------------- */

static void test_genl_request(void)
{
	const struct nlattr *attr;
	struct genlmsghdr *g;
	struct nlmsghdr *nlh;
	int seen = 0;

	nlh = jool_genl_build(msgbuf, 7, 0x1234, NFT_JOOL_CMD_GET_SESSION,
			      NFPROTO_INET, "t", "x", IPPROTO_UDP);
	CHECK(nlh->nlmsg_type == 0x1234 && nlh->nlmsg_seq == 7);
	CHECK(nlh->nlmsg_flags == (NLM_F_REQUEST | NLM_F_DUMP));
	g = mnl_nlmsg_get_payload(nlh);
	CHECK(g->cmd == NFT_JOOL_CMD_GET_SESSION &&
	      g->version == NFT_JOOL_GENL_VERSION && !g->reserved);
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(attr)) {
		case NFT_JOOL_A_FAMILY:
			/* genetlink: host byte order */
			CHECK(mnl_attr_get_u32(attr) == NFPROTO_INET);
			seen |= 1;
			break;
		case NFT_JOOL_A_TABLE:
			CHECK(!strcmp(mnl_attr_get_str(attr), "t"));
			seen |= 2;
			break;
		case NFT_JOOL_A_NAME:
			CHECK(!strcmp(mnl_attr_get_str(attr), "x"));
			seen |= 4;
			break;
		case NFT_JOOL_A_PROTO:
			CHECK(mnl_attr_get_u8(attr) == IPPROTO_UDP);
			seen |= 8;
			break;
		default:
			CHECK(!"unexpected attribute");
		}
	}
	CHECK(seen == 15);

	/* No filter: no PROTO attribute. State: a request with an ack. */
	nlh = jool_genl_build(msgbuf, 8, 0x1234, NFT_JOOL_CMD_GET_BIB,
			      NFPROTO_IPV4, "t", "x", 0);
	seen = 0;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == NFT_JOOL_A_PROTO)
			seen = 1;
	CHECK(!seen);
	nlh = jool_genl_build(msgbuf, 9, 0x1234, NFT_JOOL_CMD_GET_STATE,
			      NFPROTO_IPV6, "t", "x", IPPROTO_TCP);
	CHECK(nlh->nlmsg_flags == (NLM_F_REQUEST | NLM_F_ACK));
	seen = 0;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == NFT_JOOL_A_PROTO)
			seen = 1;
	CHECK(!seen);
}

enum entry_bug {
	E_GOOD,
	E_NO_NEST,
	E_NO_ADDR4,
	E_SHORT_ADDR6,
	E_U32_PORT,
	E_NO_REMOTE4,
	E_MINIMAL,	/* session without the optional attributes */
	E_FUTURE,	/* attributes from a newer kernel */
};

static const uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 5 };
static const uint8_t r6[16] = { 0x00, 0x64, 0xff, 0x9b, [12] = 203, 0, 113, 9 };
static const uint8_t a4[4] = { 192, 0, 2, 1 };
static const uint8_t r4[4] = { 203, 0, 113, 9 };

static struct nlmsghdr *build_entry(bool session, uint8_t proto,
				    enum entry_bug bug)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(msgbuf);
	struct genlmsghdr *g;
	struct nlattr *nest;

	nlh->nlmsg_type = 0x1234;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = session ? NFT_JOOL_CMD_GET_SESSION : NFT_JOOL_CMD_GET_BIB;
	if (bug == E_FUTURE)
		mnl_attr_put_u32(nlh, NFT_JOOL_A_MAX + 3, 1);
	if (bug == E_NO_NEST)
		return nlh;
	nest = mnl_attr_nest_start(nlh, NFT_JOOL_A_ENTRY);
	mnl_attr_put_u8(nlh, NFT_JOOL_E_PROTO, proto);
	mnl_attr_put(nlh, NFT_JOOL_E_ADDR6, bug == E_SHORT_ADDR6 ? 4 : 16, a6);
	if (bug == E_U32_PORT)
		mnl_attr_put_u32(nlh, NFT_JOOL_E_PORT6, 1234);
	else
		mnl_attr_put_u16(nlh, NFT_JOOL_E_PORT6, 1234);
	if (bug != E_NO_ADDR4)
		mnl_attr_put(nlh, NFT_JOOL_E_ADDR4, 4, a4);
	mnl_attr_put_u16(nlh, NFT_JOOL_E_PORT4, 61001);
	if (bug == E_FUTURE)
		mnl_attr_put_u64(nlh, NFT_JOOL_E_MAX + 1, 1);
	if (!session) {
		mnl_attr_put_u8(nlh, NFT_JOOL_E_STATIC, 1);
		mnl_attr_put_u32(nlh, NFT_JOOL_E_SESSIONS, 3);
	} else {
		if (bug != E_MINIMAL)
			mnl_attr_put(nlh, NFT_JOOL_E_REMOTE6, 16, r6);
		if (bug != E_NO_REMOTE4)
			mnl_attr_put(nlh, NFT_JOOL_E_REMOTE4, 4, r4);
		if (bug != E_MINIMAL) {
			if (proto != IPPROTO_ICMP)
				mnl_attr_put_u16(nlh, NFT_JOOL_E_RPORT, 80);
			mnl_attr_put_u8(nlh, NFT_JOOL_E_STATE,
					proto == IPPROTO_TCP ? 3 : 0);
			mnl_attr_put_u64(nlh, NFT_JOOL_E_EXPIRES, 7199999);
		}
	}
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static void test_entry_parse(void)
{
	struct jool_entry e;
	struct jool_state st;
	struct nlattr *nest;
	struct nlmsghdr *nlh;
	int i;

	CHECK(jool_entry_parse(build_entry(false, IPPROTO_TCP, E_GOOD), false,
			       &e) == 0);
	CHECK(!e.is_session && e.is_static && e.sessions == 3);
	CHECK(e.proto == IPPROTO_TCP && e.port6 == 1234 && e.port4 == 61001);
	CHECK(!memcmp(e.addr6, a6, 16) && !memcmp(e.addr4, a4, 4));

	CHECK(jool_entry_parse(build_entry(true, IPPROTO_TCP, E_GOOD), true,
			       &e) == 0);
	CHECK(e.is_session && e.has_remote6 && e.has_rport && e.rport == 80);
	CHECK(!memcmp(e.remote6, r6, 16) && !memcmp(e.remote4, r4, 4));
	CHECK(e.state == 3 && e.expires_ms == 7199999);

	CHECK(jool_entry_parse(build_entry(true, IPPROTO_ICMP, E_GOOD), true,
			       &e) == 0);
	CHECK(!e.has_rport && e.state == 0);
	CHECK(jool_entry_parse(build_entry(true, IPPROTO_UDP, E_MINIMAL), true,
			       &e) == 0);
	CHECK(!e.has_remote6 && !e.has_rport && !e.expires_ms);
	CHECK(jool_entry_parse(build_entry(true, IPPROTO_UDP, E_FUTURE), true,
			       &e) == 0);

	CHECK(jool_entry_parse(build_entry(false, 6, E_NO_NEST), false, &e) ==
	      -EPROTO);
	CHECK(jool_entry_parse(build_entry(false, 6, E_NO_ADDR4), false, &e) ==
	      -EPROTO);
	CHECK(jool_entry_parse(build_entry(false, 6, E_SHORT_ADDR6), false,
			       &e) == -EPROTO);
	CHECK(jool_entry_parse(build_entry(false, 6, E_U32_PORT), false, &e) ==
	      -EPROTO);
	CHECK(jool_entry_parse(build_entry(true, 6, E_NO_REMOTE4), true, &e) ==
	      -EPROTO);

	/* State: u64 in host order; missing ones are 0; pad skipped. */
	nlh = mnl_nlmsg_put_header(msgbuf);
	mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
	nest = mnl_attr_nest_start(nlh, NFT_JOOL_A_STATE);
	mnl_attr_put(nlh, NFT_JOOL_S_PAD, 0, NULL);
	for (i = NFT_JOOL_S_BIB_TCP; i <= NFT_JOOL_S_SESSION_BYTES; i++)
		if (i != NFT_JOOL_S_STORED_SYNS)
			mnl_attr_put_u64(nlh, i, 1000 + i);
	mnl_attr_put_u64(nlh, NFT_JOOL_S_MAX + 4, 5);
	mnl_attr_nest_end(nlh, nest);
	CHECK(jool_state_parse(nlh, &st) == 0);
	CHECK(st.v[NFT_JOOL_S_BIB_TCP] == 1000 + NFT_JOOL_S_BIB_TCP);
	CHECK(st.v[NFT_JOOL_S_SESSION_BYTES] ==
	      1000 + NFT_JOOL_S_SESSION_BYTES);
	CHECK(st.v[NFT_JOOL_S_STORED_SYNS] == 0);

	nlh = mnl_nlmsg_put_header(msgbuf);
	mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
	nest = mnl_attr_nest_start(nlh, NFT_JOOL_A_STATE);
	mnl_attr_put_u32(nlh, NFT_JOOL_S_BIB_UDP, 1);
	mnl_attr_nest_end(nlh, nest);
	CHECK(jool_state_parse(nlh, &st) == -EPROTO);
	nlh = mnl_nlmsg_put_header(msgbuf);
	mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
	CHECK(jool_state_parse(nlh, &st) == -EPROTO);
}

static void test_nat64_names(void)
{
	char buf[32];

	CHECK(jool_proto_parse("tcp") == IPPROTO_TCP);
	CHECK(jool_proto_parse("udp") == IPPROTO_UDP);
	CHECK(jool_proto_parse("icmp") == IPPROTO_ICMP);
	CHECK(jool_proto_parse("TCP") == -1);
	CHECK(jool_proto_parse("icmpv6") == -1);
	CHECK(jool_proto_parse("") == -1);
	CHECK(!strcmp(jool_proto_name(IPPROTO_ICMP, buf, sizeof(buf)), "icmp"));
	CHECK(!strcmp(jool_proto_name(132, buf, sizeof(buf)), "proto132"));
	CHECK(!strcmp(jool_tcp_state_name(0, buf, sizeof(buf)), "CLOSED"));
	CHECK(!strcmp(jool_tcp_state_name(3, buf, sizeof(buf)), "ESTABLISHED"));
	CHECK(!strcmp(jool_tcp_state_name(6, buf, sizeof(buf)),
		      "V4_FIN_V6_FIN_RCV"));
	CHECK(!strcmp(jool_tcp_state_name(7, buf, sizeof(buf)), "TRANS"));
	CHECK(!strcmp(jool_tcp_state_name(8, buf, sizeof(buf)), "state8"));

	jool_expiry_format(0, buf, sizeof(buf));
	CHECK(!strcmp(buf, "0:00:00"));
	jool_expiry_format(7199999, buf, sizeof(buf));
	CHECK(!strcmp(buf, "1:59:59"));
	jool_expiry_format(61000, buf, sizeof(buf));
	CHECK(!strcmp(buf, "0:01:01"));
	jool_expiry_format(100ULL * 3600 * 1000, buf, sizeof(buf));
	CHECK(!strcmp(buf, "100:00:00"));
}

static void test_filter(void)
{
	struct jool_filter f;
	struct jool_entry e;

	memset(&f, 0, sizeof(f));
	CHECK(jool_prefix_parse("192.0.2.0/24", &f) == 0);
	CHECK(f.has_prefix && f.af == AF_INET && f.len == 24);
	CHECK(jool_prefix_parse("2001:db8::5", &f) == 0);
	CHECK(f.af == AF_INET6 && f.len == 128);
	CHECK(jool_prefix_parse("0.0.0.0/0", &f) == 0 && f.len == 0);
	CHECK(jool_prefix_parse("::/0", &f) == 0 && f.af == AF_INET6);
	CHECK(jool_prefix_parse("192.0.2.1/24", &f) == -1);	/* host bits */
	CHECK(jool_prefix_parse("192.0.2.0/33", &f) == -1);
	CHECK(jool_prefix_parse("2001:db8::/129", &f) == -1);
	CHECK(jool_prefix_parse("192.0.2.0/", &f) == -1);
	CHECK(jool_prefix_parse("192.0.2.0/-1", &f) == -1);
	CHECK(jool_prefix_parse("192.0.2.0/+8", &f) == -1);
	CHECK(jool_prefix_parse("192.0.2.0/8x", &f) == -1);
	CHECK(jool_prefix_parse("/8", &f) == -1);
	CHECK(jool_prefix_parse("host", &f) == -1);
	CHECK(jool_prefix_parse("300.0.0.0", &f) == -1);

	jool_entry_parse(build_entry(true, IPPROTO_TCP, E_GOOD), true, &e);
	memset(&f, 0, sizeof(f));
	CHECK(jool_filter_match(&f, &e));
	f.proto = IPPROTO_UDP;
	CHECK(!jool_filter_match(&f, &e));
	f.proto = IPPROTO_TCP;
	CHECK(jool_filter_match(&f, &e));
	/* Any of the four addresses. */
	jool_prefix_parse("2001:db8::/32", &f);
	CHECK(jool_filter_match(&f, &e));
	jool_prefix_parse("64:ff9b::/96", &f);
	CHECK(jool_filter_match(&f, &e));
	jool_prefix_parse("2001:db9::/32", &f);
	CHECK(!jool_filter_match(&f, &e));
	jool_prefix_parse("192.0.2.1", &f);
	CHECK(jool_filter_match(&f, &e));
	jool_prefix_parse("203.0.113.8/29", &f);
	CHECK(jool_filter_match(&f, &e));
	jool_prefix_parse("203.0.113.0/29", &f);
	CHECK(!jool_filter_match(&f, &e));
	jool_prefix_parse("203.0.113.9/32", &f);
	CHECK(jool_filter_match(&f, &e));
	jool_prefix_parse("203.0.113.10/31", &f);
	CHECK(!jool_filter_match(&f, &e));
	/* A BIB entry has no remote. */
	jool_entry_parse(build_entry(false, IPPROTO_TCP, E_GOOD), false, &e);
	jool_prefix_parse("203.0.113.9", &f);
	CHECK(!jool_filter_match(&f, &e));
	jool_prefix_parse("192.0.2.0/31", &f);
	CHECK(jool_filter_match(&f, &e));
}

/* Entries for the printers, listed out of order on purpose. */
static size_t sample_entries(struct jool_entry *e, bool session)
{
	static const uint8_t protos[] = { IPPROTO_ICMP, IPPROTO_UDP,
					  IPPROTO_TCP, IPPROTO_TCP };
	size_t i;

	for (i = 0; i < 4; i++) {
		jool_entry_parse(build_entry(session, protos[i], E_GOOD),
				 session, &e[i]);
		e[i].is_static = i == 1;
		e[i].sessions = i;
	}
	/* Same protocol and IPv6 node: the port decides. */
	e[2].port6 = 2000;
	e[2].port4 = 61002;
	e[2].state = 7;
	e[2].expires_ms = 239000;
	return 4;
}

static const char *fake_resolve(int af, const void *addr)
{
	if (af == AF_INET && !memcmp(addr, a4, 4))
		return "pool4.example";
	if (af == AF_INET6 && !memcmp(addr, a6, 16))
		return "six.example";
	return NULL;
}

static char *capture_entries(bool session, int how, struct jool_entry *e,
			     size_t n)
{
	char *out = NULL;
	size_t len;
	FILE *f = open_memstream(&out, &len);

	if (how == 0)
		jool_show_entries(f, session, e, n, NULL);
	else if (how == 1)
		jool_show_entries(f, session, e, n, fake_resolve);
	else
		jool_show_entries_json(f, session, NFPROTO_INET, "t", "x", e,
				       n);
	fclose(f);
	return out;
}

static void test_nat64_show(void)
{
	struct jool_entry e[4];
	struct jool_state st;
	char *s, *out = NULL;
	size_t n, len;
	FILE *f;
	int i;

	n = sample_entries(e, false);
	jool_entries_sort(e, n);
	CHECK(e[0].proto == IPPROTO_TCP && e[0].port6 == 1234);
	CHECK(e[1].proto == IPPROTO_TCP && e[1].port6 == 2000);
	CHECK(e[2].proto == IPPROTO_UDP && e[3].proto == IPPROTO_ICMP);

	s = capture_entries(false, 0, e, n);
	CHECK_STR(s,
		  "PROTO  IPV6 ADDRESS        IPV4 ADDRESS     SESSIONS  TYPE\n"
		  "tcp    [2001:db8::5]:1234  192.0.2.1:61001  3         dynamic\n"
		  "tcp    [2001:db8::5]:2000  192.0.2.1:61002  2         dynamic\n"
		  "udp    [2001:db8::5]:1234  192.0.2.1:61001  1         static\n"
		  "icmp   [2001:db8::5]:1234  192.0.2.1:61001  0         dynamic\n");
	free(s);
	s = capture_entries(false, 1, e, 1);
	CHECK_STR(s,
		  "PROTO  IPV6 ADDRESS      IPV4 ADDRESS         SESSIONS  TYPE\n"
		  "tcp    six.example:1234  pool4.example:61001  3         dynamic\n");
	free(s);
	s = capture_entries(false, 2, e, 2);
	CHECK_STR(s,
		  "{\"family\": \"inet\", \"table\": \"t\", \"name\": \"x\", \"bib\": ["
		  "{\"proto\": \"tcp\", \"addr6\": \"2001:db8::5\", \"port6\": 1234, "
		  "\"addr4\": \"192.0.2.1\", \"port4\": 61001, \"static\": false, \"sessions\": 3}, "
		  "{\"proto\": \"tcp\", \"addr6\": \"2001:db8::5\", \"port6\": 2000, "
		  "\"addr4\": \"192.0.2.1\", \"port4\": 61002, \"static\": false, \"sessions\": 2}]}\n");
	free(s);
	s = capture_entries(false, 0, e, 0);
	CHECK_STR(s, "PROTO  IPV6 ADDRESS  IPV4 ADDRESS  SESSIONS  TYPE\n");
	free(s);
	s = capture_entries(true, 2, e, 0);
	CHECK_STR(s, "{\"family\": \"inet\", \"table\": \"t\", \"name\": \"x\", \"sessions\": []}\n");
	free(s);

	n = sample_entries(e, true);
	jool_entries_sort(e, n);
	s = capture_entries(true, 0, e, n);
	CHECK_STR(s,
		  "PROTO  IPV6 ADDRESS        IPV6 REMOTE              IPV4 ADDRESS     IPV4 REMOTE     STATE        EXPIRES\n"
		  "tcp    [2001:db8::5]:1234  [64:ff9b::cb00:7109]:80  192.0.2.1:61001  203.0.113.9:80  ESTABLISHED  1:59:59\n"
		  "tcp    [2001:db8::5]:2000  [64:ff9b::cb00:7109]:80  192.0.2.1:61002  203.0.113.9:80  TRANS        0:03:59\n"
		  "udp    [2001:db8::5]:1234  [64:ff9b::cb00:7109]:80  192.0.2.1:61001  203.0.113.9:80  -            1:59:59\n"
		  "icmp   [2001:db8::5]:1234  64:ff9b::cb00:7109       192.0.2.1:61001  203.0.113.9     -            1:59:59\n");
	free(s);
	s = capture_entries(true, 1, &e[3], 1);
	CHECK_STR(s,
		  "PROTO  IPV6 ADDRESS      IPV6 REMOTE         IPV4 ADDRESS         IPV4 REMOTE  STATE  EXPIRES\n"
		  "icmp   six.example:1234  64:ff9b::cb00:7109  pool4.example:61001  203.0.113.9  -      1:59:59\n");
	free(s);
	s = capture_entries(true, 2, &e[2], 2);
	CHECK_STR(s,
		  "{\"family\": \"inet\", \"table\": \"t\", \"name\": \"x\", \"sessions\": ["
		  "{\"proto\": \"udp\", \"addr6\": \"2001:db8::5\", \"port6\": 1234, "
		  "\"remote6\": \"64:ff9b::cb00:7109\", \"addr4\": \"192.0.2.1\", \"port4\": 61001, "
		  "\"remote4\": \"203.0.113.9\", \"rport\": 80, \"expires_ms\": 7199999}, "
		  "{\"proto\": \"icmp\", \"addr6\": \"2001:db8::5\", \"port6\": 1234, "
		  "\"remote6\": \"64:ff9b::cb00:7109\", \"addr4\": \"192.0.2.1\", \"port4\": 61001, "
		  "\"remote4\": \"203.0.113.9\", \"expires_ms\": 7199999}]}\n");
	free(s);
	s = capture_entries(true, 2, &e[0], 1);
	CHECK(strstr(s, "\"rport\": 80, \"state\": \"ESTABLISHED\", \"expires_ms\": 7199999}]}\n") != NULL);
	free(s);

	f = open_memstream(&out, &len);
	jool_show_count(f, true, false, NFPROTO_IPV4, "t", "x", 42);
	jool_show_count(f, false, true, NFPROTO_IPV4, "t", "x\"", 7);
	fclose(f);
	CHECK_STR(out, "42\n{\"family\": \"ip\", \"table\": \"t\", \"name\": \"x\\\"\", \"bib_count\": 7}\n");
	free(out);

	memset(&st, 0, sizeof(st));
	for (i = NFT_JOOL_S_BIB_TCP; i <= NFT_JOOL_S_SESSION_ICMP; i++)
		st.v[i] = i;	/* bib 1+2+3, sessions 4+5+6 */
	st.v[NFT_JOOL_S_STORED_SYNS] = 2;
	st.v[NFT_JOOL_S_MAX_SESSIONS] = 65536;
	st.v[NFT_JOOL_S_BIB_BYTES] = 80;
	st.v[NFT_JOOL_S_SESSION_BYTES] = 96;
	out = NULL;
	f = open_memstream(&out, &len);
	jool_show_state(f, NFPROTO_INET, "t", "x", &st);
	jool_show_state_json(f, NFPROTO_INET, "t", "x", &st);
	fclose(f);
	CHECK_STR(out,
		  "jool \"x\" in table inet t: nat64\n"
		  "bib: 6 (tcp 1, udp 2, icmp 3)\n"
		  "sessions: 15 (tcp 4, udp 5, icmp 6)\n"
		  "stored_syns: 2\n"
		  "max_sessions: 65536\n"
		  "memory: 1920 bytes (80 per BIB entry, 96 per session)\n"
		  "{\"family\": \"inet\", \"table\": \"t\", \"name\": \"x\", "
		  "\"bib\": {\"tcp\": 1, \"udp\": 2, \"icmp\": 3}, "
		  "\"sessions\": {\"tcp\": 4, \"udp\": 5, \"icmp\": 6}, "
		  "\"stored_syns\": 2, \"max_sessions\": 65536, "
		  "\"bib_bytes\": 80, \"session_bytes\": 96}\n");
	free(out);
}

/* Like parse(), for bib/session/state. */
static int parse_nat64(uint8_t cmd, const char *line, struct nat64_args *args)
{
	static char copy[1024];
	char *argv[16], *tok;
	int argc = 0, ret, out, err, null;

	snprintf(copy, sizeof(copy), "%s", line);
	for (tok = strtok(copy, " "); tok && argc < 15; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	argv[argc] = NULL;

	fflush(stdout);
	fflush(stderr);
	out = dup(1);
	err = dup(2);
	null = open("/dev/null", O_WRONLY);
	dup2(null, 1);
	dup2(null, 2);
	ret = nat64_parse_args(cmd, argc, argv, args);
	fflush(stdout);
	fflush(stderr);
	dup2(out, 1);
	dup2(err, 2);
	close(out);
	close(err);
	close(null);
	return ret;
}

static void test_nat64_args(void)
{
	const uint8_t B = NFT_JOOL_CMD_GET_BIB, S = NFT_JOOL_CMD_GET_SESSION,
		      T = NFT_JOOL_CMD_GET_STATE;
	struct nat64_args a;

	CHECK(parse_nat64(B, "bib inet t x", &a) == 0);
	CHECK(a.cmd == B && a.family == NFPROTO_INET && !strcmp(a.table, "t") &&
	      !strcmp(a.name, "x"));
	CHECK(!a.json && !a.numeric && !a.count && !a.filter.proto &&
	      !a.filter.has_prefix);
	CHECK(parse_nat64(S, "session -n -p udp --address 192.0.2.0/24 ip6 t x --json",
			  &a) == 0);
	CHECK(a.numeric && a.json && a.filter.proto == IPPROTO_UDP &&
	      a.filter.has_prefix && a.filter.af == AF_INET &&
	      a.filter.len == 24 && a.family == NFPROTO_IPV6);
	CHECK(parse_nat64(B, "bib -cnj -picmp -a2001:db8::/32 ip t x", &a) == 0);
	CHECK(a.count && a.numeric && a.json &&
	      a.filter.proto == IPPROTO_ICMP && a.filter.af == AF_INET6);
	CHECK(parse_nat64(B, "bib --proto=tcp -- inet -t- -x", &a) == 0);
	CHECK(a.filter.proto == IPPROTO_TCP && !strcmp(a.table, "-t-"));
	CHECK(parse_nat64(T, "state -j inet t x", &a) == 0 && a.json);

	CHECK(parse_nat64(B, "bib --help", &a) == ARGS_HELP);
	CHECK(parse_nat64(T, "state -h", &a) == ARGS_HELP);
	CHECK(parse_nat64(B, "bib", &a) == EXIT_USAGE);
	CHECK(parse_nat64(B, "bib inet t", &a) == EXIT_USAGE);
	CHECK(parse_nat64(S, "session inet t x y", &a) == EXIT_USAGE);
	CHECK(parse_nat64(S, "session arp t x", &a) == EXIT_USAGE);
	CHECK(parse_nat64(B, "bib -p sctp inet t x", &a) == EXIT_USAGE);
	CHECK(parse_nat64(B, "bib -p tcp -p udp inet t x", &a) == EXIT_USAGE);
	CHECK(parse_nat64(B, "bib -a 10.0.0.0/8 -a ::/0 inet t x", &a) ==
	      EXIT_USAGE);
	CHECK(parse_nat64(B, "bib -a 10.0.0.1/8 inet t x", &a) == EXIT_USAGE);
	CHECK(parse_nat64(B, "bib inet t x -p", &a) == EXIT_USAGE);
	CHECK(parse_nat64(B, "bib --address", &a) == EXIT_USAGE);
	CHECK(parse_nat64(B, "bib --bogus inet t x", &a) == EXIT_USAGE);
	CHECK(parse_nat64(B, "bib --json=1 inet t x", &a) == EXIT_USAGE);
	/* state takes no filter, no --numeric, no --count */
	CHECK(parse_nat64(T, "state -p tcp inet t x", &a) == EXIT_USAGE);
	CHECK(parse_nat64(T, "state -n inet t x", &a) == EXIT_USAGE);
	CHECK(parse_nat64(T, "state --count inet t x", &a) == EXIT_USAGE);
	/* parsing again in the same process starts afresh */
	CHECK(parse_nat64(B, "bib -p udp inet t x", &a) == 0 &&
	      a.filter.proto == IPPROTO_UDP);
}

int main(void)
{
	test_families();
	test_request();
	test_parse();
	test_show();
	test_names();
	test_args();
	test_genl_request();
	test_entry_parse();
	test_nat64_names();
	test_filter();
	test_nat64_show();
	test_nat64_args();
	printf("ctl: %u passed, %u failed\n", passed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
