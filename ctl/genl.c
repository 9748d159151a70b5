// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink client of nft-jool: the "nft_jool" family of the module,
 * which carries the runtime state of NAT64 instances (BIB, sessions,
 * counts). Configuration and counters come from nf_tables instead (nl.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "genl.h"
#include "util.h"

struct jool_genl {
	struct mnl_socket *sk;
	uint32_t portid;
	uint32_t seq;
	uint16_t family_id;
	char errmsg[256];
	char buf[JOOL_GENL_BUFSIZ];
};

static struct nlmsghdr *put_genl(void *buf, uint32_t seq, uint16_t type,
				 uint8_t cmd, uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	g->reserved = 0;
	return nlh;
}

struct nlmsghdr *jool_genl_build(void *buf, uint32_t seq, uint16_t family_id,
				 uint8_t cmd, int family, const char *table,
				 const char *name, uint8_t proto)
{
	bool dump = cmd != NFT_JOOL_CMD_GET_STATE;
	struct nlmsghdr *nlh;

	/* A dump ends with NLMSG_DONE, anything else with the ack. */
	nlh = put_genl(buf, seq, family_id, cmd, NFT_JOOL_GENL_VERSION,
		       dump ? NLM_F_DUMP : NLM_F_ACK);
	mnl_attr_put_u32(nlh, NFT_JOOL_A_FAMILY, family);
	mnl_attr_put_strz(nlh, NFT_JOOL_A_TABLE, table);
	mnl_attr_put_strz(nlh, NFT_JOOL_A_NAME, name);
	if (dump && proto)
		mnl_attr_put_u8(nlh, NFT_JOOL_A_PROTO, proto);
	return nlh;
}

static int collect_cb(const struct nlattr *attr, void *data, int max)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	/* Newer attributes from a newer kernel are skipped. */
	if (type <= max)
		tb[type] = attr;
	return MNL_CB_OK;
}

static int top_attr_cb(const struct nlattr *attr, void *data)
{
	return collect_cb(attr, data, NFT_JOOL_A_MAX);
}

static int entry_attr_cb(const struct nlattr *attr, void *data)
{
	return collect_cb(attr, data, NFT_JOOL_E_MAX);
}

static int state_attr_cb(const struct nlattr *attr, void *data)
{
	return collect_cb(attr, data, NFT_JOOL_S_MAX);
}

static int get_bin(const struct nlattr *attr, void *dst, size_t len)
{
	if (mnl_attr_get_payload_len(attr) != len)
		return -EPROTO;
	memcpy(dst, mnl_attr_get_payload(attr), len);
	return 0;
}

static int get_u16(const struct nlattr *attr, uint16_t *v)
{
	if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
		return -EPROTO;
	*v = mnl_attr_get_u16(attr);
	return 0;
}

/* The payload of NFT_JOOL_A_<top>, or NULL. */
static const struct nlattr *get_nest(const struct nlmsghdr *nlh, int top)
{
	const struct nlattr *tb[NFT_JOOL_A_MAX + 1] = { NULL };

	if (nlh->nlmsg_len < mnl_nlmsg_size(GENL_HDRLEN))
		return NULL;
	if (mnl_attr_parse(nlh, GENL_HDRLEN, top_attr_cb, tb) < 0)
		return NULL;
	if (!tb[top] || mnl_attr_validate(tb[top], MNL_TYPE_NESTED) < 0)
		return NULL;
	return tb[top];
}

int jool_entry_parse(const struct nlmsghdr *nlh, bool is_session,
		     struct jool_entry *e)
{
	const struct nlattr *tb[NFT_JOOL_E_MAX + 1] = { NULL };
	const struct nlattr *nest = get_nest(nlh, NFT_JOOL_A_ENTRY);

	memset(e, 0, sizeof(*e));
	e->is_session = is_session;
	if (!nest || mnl_attr_parse_nested(nest, entry_attr_cb, tb) < 0)
		return -EPROTO;
	if (!tb[NFT_JOOL_E_PROTO] || !tb[NFT_JOOL_E_ADDR6] ||
	    !tb[NFT_JOOL_E_PORT6] || !tb[NFT_JOOL_E_ADDR4] ||
	    !tb[NFT_JOOL_E_PORT4])
		return -EPROTO;
	if (mnl_attr_validate(tb[NFT_JOOL_E_PROTO], MNL_TYPE_U8) < 0)
		return -EPROTO;
	e->proto = mnl_attr_get_u8(tb[NFT_JOOL_E_PROTO]);
	if (get_bin(tb[NFT_JOOL_E_ADDR6], e->addr6, 16) ||
	    get_u16(tb[NFT_JOOL_E_PORT6], &e->port6) ||
	    get_bin(tb[NFT_JOOL_E_ADDR4], e->addr4, 4) ||
	    get_u16(tb[NFT_JOOL_E_PORT4], &e->port4))
		return -EPROTO;

	if (!is_session) {
		if (tb[NFT_JOOL_E_STATIC]) {
			if (mnl_attr_validate(tb[NFT_JOOL_E_STATIC],
					      MNL_TYPE_U8) < 0)
				return -EPROTO;
			e->is_static = mnl_attr_get_u8(tb[NFT_JOOL_E_STATIC]);
		}
		if (tb[NFT_JOOL_E_SESSIONS]) {
			if (mnl_attr_validate(tb[NFT_JOOL_E_SESSIONS],
					      MNL_TYPE_U32) < 0)
				return -EPROTO;
			e->sessions = mnl_attr_get_u32(tb[NFT_JOOL_E_SESSIONS]);
		}
		return 0;
	}

	if (!tb[NFT_JOOL_E_REMOTE4] ||
	    get_bin(tb[NFT_JOOL_E_REMOTE4], e->remote4, 4))
		return -EPROTO;
	if (tb[NFT_JOOL_E_REMOTE6]) {
		if (get_bin(tb[NFT_JOOL_E_REMOTE6], e->remote6, 16))
			return -EPROTO;
		e->has_remote6 = true;
	}
	if (tb[NFT_JOOL_E_RPORT]) {
		if (get_u16(tb[NFT_JOOL_E_RPORT], &e->rport))
			return -EPROTO;
		e->has_rport = true;
	}
	if (tb[NFT_JOOL_E_STATE]) {
		if (mnl_attr_validate(tb[NFT_JOOL_E_STATE], MNL_TYPE_U8) < 0)
			return -EPROTO;
		e->state = mnl_attr_get_u8(tb[NFT_JOOL_E_STATE]);
	}
	if (tb[NFT_JOOL_E_EXPIRES]) {
		if (mnl_attr_validate(tb[NFT_JOOL_E_EXPIRES], MNL_TYPE_U64) < 0)
			return -EPROTO;
		e->expires_ms = mnl_attr_get_u64(tb[NFT_JOOL_E_EXPIRES]);
	}
	return 0;
}

int jool_state_parse(const struct nlmsghdr *nlh, struct jool_state *s)
{
	const struct nlattr *tb[NFT_JOOL_S_MAX + 1] = { NULL };
	const struct nlattr *nest = get_nest(nlh, NFT_JOOL_A_STATE);
	int i;

	memset(s, 0, sizeof(*s));
	if (!nest || mnl_attr_parse_nested(nest, state_attr_cb, tb) < 0)
		return -EPROTO;
	for (i = NFT_JOOL_S_UNSPEC + 1; i <= NFT_JOOL_S_MAX; i++) {
		if (i == NFT_JOOL_S_PAD || !tb[i])
			continue;
		if (mnl_attr_validate(tb[i], MNL_TYPE_U64) < 0)
			return -EPROTO;
		s->v[i] = mnl_attr_get_u64(tb[i]);
	}
	return 0;
}

/* The NLMSGERR_ATTR_MSG from @off on, if the kernel put one there. */
static void keep_errmsg(struct jool_genl *g, const struct nlmsghdr *nlh,
			size_t off)
{
	const struct nlattr *attr;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    mnl_nlmsg_size(off) > nlh->nlmsg_len)
		return;
	mnl_attr_for_each(attr, nlh, off) {
		if (mnl_attr_get_type(attr) != NLMSGERR_ATTR_MSG ||
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			continue;
		snprintf(g->errmsg, sizeof(g->errmsg), "%s",
			 mnl_attr_get_str(attr));
	}
}

/*
 * Error and end-of-dump messages: keep the kernel's extended ack message
 * (why a request failed) and turn the error into errno.
 */
static int err_cb(const struct nlmsghdr *nlh, void *data)
{
	struct jool_genl *g = data;
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*err);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		errno = EPROTO;
		return MNL_CB_ERROR;
	}
	if (!err->error)
		return MNL_CB_STOP;
	/* With NETLINK_CAP_ACK the request is not echoed back. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(err->msg);
	keep_errmsg(g, nlh, off);
	errno = err->error < 0 ? -err->error : err->error;
	return MNL_CB_ERROR;
}

/* A dump that fails says so in NLMSG_DONE: an errno, then the message. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct jool_genl *g = data;
	const int *err = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(*err) && *err < 0) {
		keep_errmsg(g, nlh, MNL_ALIGN(sizeof(*err)));
		errno = -*err;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

/*
 * mnl_cb_run2 hands the control callbacks the data of the data callback:
 * both get this and take their part.
 */
struct talk_ctx {
	struct jool_genl *g;
	int (*fn)(const struct nlmsghdr *nlh, struct talk_ctx *ctx);
	void *data;
	uint8_t cmd;
	bool seen;
};

static int ctx_err_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk_ctx *ctx = data;

	return err_cb(nlh, ctx->g);
}

static int ctx_done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk_ctx *ctx = data;

	return done_cb(nlh, ctx->g);
}

static int ctx_data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk_ctx *ctx = data;

	return ctx->fn(nlh, ctx);
}

static int ctx_talk(struct talk_ctx *ctx, struct nlmsghdr *nlh)
{
	struct jool_genl *g = ctx->g;
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = { NULL };
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t len;
	int ret;

	ctl[NLMSG_ERROR] = ctx_err_cb;
	ctl[NLMSG_DONE] = ctx_done_cb;
	g->errmsg[0] = '\0';
	if (mnl_socket_sendto(g->sk, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		len = mnl_socket_recvfrom(g->sk, g->buf, sizeof(g->buf));
		if (len < 0)
			return -errno;
		errno = 0;
		ret = mnl_cb_run2(g->buf, len, seq, g->portid, ctx_data_cb,
				  ctx, ctl, NLMSG_MIN_TYPE);
		if (ret == MNL_CB_ERROR && !errno)
			errno = EPROTO;
	} while (ret > 0);

	if (ret < 0)
		return -errno;
	return 0;
}

static int family_fn(const struct nlmsghdr *nlh, struct talk_ctx *ctx)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1] = { NULL };
	struct jool_genl *g = ctx->g;
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) <= CTRL_ATTR_MAX)
			tb[mnl_attr_get_type(attr)] = attr;
	}
	if (!tb[CTRL_ATTR_FAMILY_ID] ||
	    mnl_attr_validate(tb[CTRL_ATTR_FAMILY_ID], MNL_TYPE_U16) < 0) {
		errno = EPROTO;
		return MNL_CB_ERROR;
	}
	g->family_id = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	return MNL_CB_OK;
}

struct jool_genl *jool_genl_open(int *err)
{
	struct talk_ctx ctx = { .fn = family_fn };
	struct nlmsghdr *nlh;
	struct jool_genl *g;
	int one = 1;

	g = calloc(1, sizeof(*g));
	if (!g) {
		*err = -ENOMEM;
		return NULL;
	}
	g->sk = mnl_socket_open(NETLINK_GENERIC);
	if (!g->sk)
		goto err;
	if (mnl_socket_bind(g->sk, 0, MNL_SOCKET_AUTOPID) < 0)
		goto err;
	g->portid = mnl_socket_get_portid(g->sk);
	g->seq = time(NULL);
	/* Both are best effort: old kernels just say less. */
	mnl_socket_setsockopt(g->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(g->sk, NETLINK_CAP_ACK, &one, sizeof(one));

	nlh = put_genl(g->buf, ++g->seq, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1,
		       NLM_F_ACK);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, NFT_JOOL_GENL_NAME);
	ctx.g = g;
	*err = ctx_talk(&ctx, nlh);
	if (*err)
		goto err_out;
	if (!g->family_id) {
		*err = -EPROTO;
		goto err_out;
	}
	return g;

err:
	*err = -errno;
err_out:
	jool_genl_close(g);
	return NULL;
}

void jool_genl_close(struct jool_genl *g)
{
	if (!g)
		return;
	if (g->sk)
		mnl_socket_close(g->sk);
	free(g);
}

const char *jool_genl_errmsg(const struct jool_genl *g)
{
	return g->errmsg;
}

struct dump_data {
	jool_entry_cb cb;
	void *data;
};

static int dump_fn(const struct nlmsghdr *nlh, struct talk_ctx *ctx)
{
	struct dump_data *dd = ctx->data;
	struct jool_entry e;
	int err;

	err = jool_entry_parse(nlh, ctx->cmd == NFT_JOOL_CMD_GET_SESSION, &e);
	if (!err)
		err = dd->cb(&e, dd->data);
	if (err) {
		errno = -err;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int jool_genl_dump(struct jool_genl *g, uint8_t cmd, int family,
		   const char *table, const char *name, uint8_t proto,
		   jool_entry_cb cb, void *data)
{
	struct dump_data dd = { .cb = cb, .data = data };
	struct talk_ctx ctx = { .g = g, .fn = dump_fn, .data = &dd,
				.cmd = cmd };
	struct nlmsghdr *nlh;

	nlh = jool_genl_build(g->buf, ++g->seq, g->family_id, cmd, family,
			      table, name, proto);
	return ctx_talk(&ctx, nlh);
}

static int state_fn(const struct nlmsghdr *nlh, struct talk_ctx *ctx)
{
	int err = jool_state_parse(nlh, ctx->data);

	if (err) {
		errno = -err;
		return MNL_CB_ERROR;
	}
	ctx->seen = true;
	return MNL_CB_OK;
}

int jool_genl_get_state(struct jool_genl *g, int family, const char *table,
			const char *name, struct jool_state *s)
{
	struct talk_ctx ctx = { .g = g, .fn = state_fn, .data = s };
	struct nlmsghdr *nlh;
	int err;

	nlh = jool_genl_build(g->buf, ++g->seq, g->family_id,
			      NFT_JOOL_CMD_GET_STATE, family, table, name, 0);
	err = ctx_talk(&ctx, nlh);
	if (err)
		return err;
	return ctx.seen ? 0 : -EPROTO;
}
