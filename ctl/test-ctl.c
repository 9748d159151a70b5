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

#include "nft_jool.h"
#include "ctl.h"
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

int main(void)
{
	test_families();
	test_request();
	test_parse();
	test_show();
	test_names();
	test_args();
	printf("ctl: %u passed, %u failed\n", passed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
