// SPDX-License-Identifier: GPL-2.0
/*
 * nf_tables client for nft-jool. Instances are nf_tables objects, so there
 * is no private netlink family: we ask nf_tables itself for the object
 * (NFT_MSG_GETOBJ[_RESET]) and read the jool part of NFTA_OBJ_DATA.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>

#include "nft_jool.h"
#include "nl.h"
#include "util.h"

struct jool_nl {
	struct mnl_socket *sk;
	uint32_t portid;
	uint32_t seq;
	char buf[JOOL_NL_BUFSIZ];
};

static const struct {
	const char *name;
	int family;
} families[] = {
	{ "ip",   NFPROTO_IPV4 },
	{ "ip6",  NFPROTO_IPV6 },
	{ "inet", NFPROTO_INET },
};

int jool_nl_family(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(families); i++)
		if (!strcmp(name, families[i].name))
			return families[i].family;
	return -1;
}

const char *jool_nl_family_name(int family)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(families); i++)
		if (family == families[i].family)
			return families[i].name;
	return "unknown";
}

static struct nlmsghdr *put_request(void *buf, uint32_t seq, int msg,
				    int family)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *nfg;

	nlh->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | msg;
	/* Ack even on success: it is what ends the receive loop. */
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = family;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = 0;
	return nlh;
}

struct nlmsghdr *jool_nl_build_getobj(void *buf, uint32_t seq, int family,
				      const char *table, const char *name,
				      bool reset)
{
	struct nlmsghdr *nlh;

	nlh = put_request(buf, seq, reset ? NFT_MSG_GETOBJ_RESET :
					    NFT_MSG_GETOBJ, family);
	mnl_attr_put_strz(nlh, NFTA_OBJ_TABLE, table);
	mnl_attr_put_strz(nlh, NFTA_OBJ_NAME, name);
	mnl_attr_put_u32(nlh, NFTA_OBJ_TYPE, htonl(NFT_OBJECT_JOOL));
	return nlh;
}

/* Collects known attributes; newer ones from a newer kernel are skipped. */
static int collect_cb(const struct nlattr *attr, void *data, int max)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (type <= max)
		tb[type] = attr;
	return MNL_CB_OK;
}

static int obj_attr_cb(const struct nlattr *attr, void *data)
{
	return collect_cb(attr, data, NFTA_OBJ_MAX);
}

static int jool_attr_cb(const struct nlattr *attr, void *data)
{
	return collect_cb(attr, data, NFTA_JOOL_OBJ_MAX);
}

static int prefix_attr_cb(const struct nlattr *attr, void *data)
{
	return collect_cb(attr, data, NFTA_JOOL_PREFIX_MAX);
}

static int copy_str(char *dst, size_t size, const struct nlattr *attr)
{
	if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
		return -EPROTO;
	if (strlen(mnl_attr_get_str(attr)) >= size)
		return -EPROTO;
	strcpy(dst, mnl_attr_get_str(attr));
	return 0;
}

static int parse_pool6(const struct nlattr *nest, struct jool_obj *obj)
{
	const struct nlattr *tb[NFTA_JOOL_PREFIX_MAX + 1] = { NULL };

	if (mnl_attr_parse_nested(nest, prefix_attr_cb, tb) < 0)
		return -EPROTO;
	if (!tb[NFTA_JOOL_PREFIX_ADDR] || !tb[NFTA_JOOL_PREFIX_LEN])
		return -EPROTO;
	if (mnl_attr_get_payload_len(tb[NFTA_JOOL_PREFIX_ADDR]) != 16 ||
	    mnl_attr_validate(tb[NFTA_JOOL_PREFIX_LEN], MNL_TYPE_U8) < 0)
		return -EPROTO;
	memcpy(obj->pool6_addr, mnl_attr_get_payload(tb[NFTA_JOOL_PREFIX_ADDR]),
	       16);
	obj->pool6_len = mnl_attr_get_u8(tb[NFTA_JOOL_PREFIX_LEN]);
	if (obj->pool6_len > 128)
		return -EPROTO;
	obj->pool6_set = true;
	return 0;
}

/* Keeps obj->stats sorted by id; a repeated id replaces the earlier one. */
static int add_stat(struct jool_obj *obj, uint16_t id, uint64_t value)
{
	unsigned int i = obj->nstats;

	while (i > 0 && obj->stats[i - 1].id > id)
		i--;
	if (i > 0 && obj->stats[i - 1].id == id) {
		obj->stats[i - 1].value = value;
		return 0;
	}
	if (obj->nstats == JOOL_STATS_MAX)
		return -EPROTO;
	memmove(&obj->stats[i + 1], &obj->stats[i],
		(obj->nstats - i) * sizeof(obj->stats[0]));
	obj->stats[i].id = id;
	obj->stats[i].value = value;
	obj->nstats++;
	return 0;
}

static int parse_stats(const struct nlattr *nest, struct jool_obj *obj)
{
	const struct nlattr *attr;
	int err;

	mnl_attr_for_each_nested(attr, nest) {
		uint16_t id = mnl_attr_get_type(attr);

		/* Alignment padding the kernel may insert before a u64. */
		if (id == NFT_JOOL_STAT_UNSPEC || id == NFT_JOOL_STAT_PAD)
			continue;
		if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
			return -EPROTO;
		/* nf_tables puts every u64 in network byte order. */
		err = add_stat(obj, id, be64toh(mnl_attr_get_u64(attr)));
		if (err)
			return err;
	}
	return 0;
}

int jool_obj_parse(const struct nlmsghdr *nlh, struct jool_obj *obj)
{
	const struct nlattr *tb[NFTA_OBJ_MAX + 1] = { NULL };
	const struct nlattr *jb[NFTA_JOOL_OBJ_MAX + 1] = { NULL };
	int err;

	memset(obj, 0, sizeof(*obj));
	if (nlh->nlmsg_type != ((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWOBJ))
		return -EPROTO;
	if (mnl_attr_parse(nlh, sizeof(struct nfgenmsg), obj_attr_cb, tb) < 0)
		return -EPROTO;
	if (!tb[NFTA_OBJ_TABLE] || !tb[NFTA_OBJ_NAME] || !tb[NFTA_OBJ_TYPE] ||
	    !tb[NFTA_OBJ_DATA])
		return -EPROTO;
	if (mnl_attr_validate(tb[NFTA_OBJ_TYPE], MNL_TYPE_U32) < 0 ||
	    ntohl(mnl_attr_get_u32(tb[NFTA_OBJ_TYPE])) != NFT_OBJECT_JOOL)
		return -EPROTO;
	err = copy_str(obj->table, sizeof(obj->table), tb[NFTA_OBJ_TABLE]);
	if (err)
		return err;
	err = copy_str(obj->name, sizeof(obj->name), tb[NFTA_OBJ_NAME]);
	if (err)
		return err;

	if (mnl_attr_validate(tb[NFTA_OBJ_DATA], MNL_TYPE_NESTED) < 0 ||
	    mnl_attr_parse_nested(tb[NFTA_OBJ_DATA], jool_attr_cb, jb) < 0)
		return -EPROTO;
	if (!jb[NFTA_JOOL_OBJ_TYPE] ||
	    mnl_attr_validate(jb[NFTA_JOOL_OBJ_TYPE], MNL_TYPE_U32) < 0)
		return -EPROTO;
	obj->type = ntohl(mnl_attr_get_u32(jb[NFTA_JOOL_OBJ_TYPE]));

	if (jb[NFTA_JOOL_OBJ_POOL6]) {
		err = parse_pool6(jb[NFTA_JOOL_OBJ_POOL6], obj);
		if (err)
			return err;
	}
	if (jb[NFTA_JOOL_OBJ_STATS]) {
		if (mnl_attr_validate(jb[NFTA_JOOL_OBJ_STATS],
				      MNL_TYPE_NESTED) < 0)
			return -EPROTO;
		err = parse_stats(jb[NFTA_JOOL_OBJ_STATS], obj);
		if (err)
			return err;
	}
	return 0;
}

struct jool_nl *jool_nl_open(void)
{
	struct jool_nl *nl;
	int saved;

	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return NULL;
	nl->sk = mnl_socket_open(NETLINK_NETFILTER);
	if (!nl->sk)
		goto err;
	if (mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0)
		goto err_close;
	nl->portid = mnl_socket_get_portid(nl->sk);
	nl->seq = time(NULL);
	return nl;

err_close:
	saved = errno;
	mnl_socket_close(nl->sk);
	errno = saved;
err:
	saved = errno;
	free(nl);
	errno = saved;
	return NULL;
}

void jool_nl_close(struct jool_nl *nl)
{
	if (!nl)
		return;
	mnl_socket_close(nl->sk);
	free(nl);
}

/*
 * Sends the request in nl->buf and runs cb over the reply until the ack.
 * A callback reports its own failure through errno.
 */
static int talk(struct jool_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data)
{
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t len;
	int ret;

	if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		len = mnl_socket_recvfrom(nl->sk, nl->buf, sizeof(nl->buf));
		if (len < 0)
			return -errno;
		errno = 0;
		ret = mnl_cb_run(nl->buf, len, seq, nl->portid, cb, data);
	} while (ret > 0);

	if (ret < 0)
		return errno ? -errno : -EPROTO;
	return 0;
}

struct getobj_ctx {
	struct jool_obj *obj;
	bool seen;
};

static int getobj_cb(const struct nlmsghdr *nlh, void *data)
{
	struct getobj_ctx *ctx = data;
	int err;

	err = jool_obj_parse(nlh, ctx->obj);
	if (err) {
		errno = -err;
		return MNL_CB_ERROR;
	}
	ctx->seen = true;
	return MNL_CB_OK;
}

int jool_nl_get_obj(struct jool_nl *nl, int family, const char *table,
		    const char *name, bool reset, struct jool_obj *obj)
{
	struct getobj_ctx ctx = { .obj = obj };
	struct nlmsghdr *nlh;
	int err;

	nlh = jool_nl_build_getobj(nl->buf, ++nl->seq, family, table, name,
				   reset);
	err = talk(nl, nlh, getobj_cb, &ctx);
	if (err)
		return err;
	/* An ack without the object would be a kernel bug; do not print 0s. */
	return ctx.seen ? 0 : -EPROTO;
}

static int ignore_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

int jool_nl_table_exists(struct jool_nl *nl, int family, const char *table)
{
	struct nlmsghdr *nlh;
	int err;

	nlh = put_request(nl->buf, ++nl->seq, NFT_MSG_GETTABLE, family);
	mnl_attr_put_strz(nlh, NFTA_TABLE_NAME, table);
	err = talk(nl, nlh, ignore_cb, NULL);
	if (err == -ENOENT)
		return 0;
	return err ? err : 1;
}
