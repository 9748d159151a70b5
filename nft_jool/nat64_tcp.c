// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 6146 section 3.5.2.2, one function per state, in the RFC's order.
 * Every function starts from "translate, state and lifetime unchanged",
 * which is what the RFC says for the packets a state does not care about.
 */

#include "nat64_tcp.h"

static void set(struct jool_tcp_result *out, u8 state, u8 timer)
{
	out->state = state;
	out->timer = timer;
}

static void refuse(struct jool_tcp_result *out, u8 verdict, u8 reason)
{
	out->verdict = verdict;
	out->reason = reason;
}

/* A V4 SYN waits for its V6 counterpart, if there is room to keep it. */
static void store(const struct jool_tcp_input *in,
		  const struct jool_tcp_policy *policy,
		  struct jool_tcp_result *out, u8 verdict)
{
	if (in->stored_count >= policy->max_stored) {
		refuse(out, JOOL_TCP_ICMP_UNREACH, JOOL_TCP_SO_FULL);
		return;
	}
	set(out, JOOL_TCP_V4_INIT, JOOL_TCP_TIMER_SYN4);
	refuse(out, verdict, JOOL_TCP_SO_STORED);
}

static void closed(const struct jool_tcp_input *in,
		   const struct jool_tcp_policy *policy,
		   struct jool_tcp_result *out)
{
	if (!(in->flags & JOOL_TCP_SYN)) {
		/* Other packets only pass on an existing binding. */
		if (!in->bib_exists)
			refuse(out, JOOL_TCP_DROP, JOOL_TCP_SYN_EXPECTED);
		return;
	}

	if (in->dir == JOOL_TCP_FROM_V6) {
		set(out, JOOL_TCP_V6_INIT, JOOL_TCP_TIMER_TRANS);
		return;
	}

	if (policy->drop_external)
		refuse(out, JOOL_TCP_DROP, JOOL_TCP_EXTERNAL_SYN);
	else if (!in->bib_exists)
		store(in, policy, out, JOOL_TCP_STORE_QUEUE);
	else if (policy->adf)
		store(in, policy, out, JOOL_TCP_STORE_SESSION);
	else
		set(out, JOOL_TCP_V4_INIT, JOOL_TCP_TIMER_TRANS);
}

static void v4_init(const struct jool_tcp_input *in,
		    struct jool_tcp_result *out)
{
	if (in->dir == JOOL_TCP_FROM_V6) {
		if (in->flags & JOOL_TCP_SYN) {
			set(out, JOOL_TCP_ESTABLISHED, JOOL_TCP_TIMER_EST);
			out->free_stored = in->has_stored;
		}
		return;
	}
	/*
	 * A retry of a stored SYN must not ride on the session its first copy
	 * made: that would let it bypass address-dependent filtering.
	 */
	if (in->has_stored)
		refuse(out, JOOL_TCP_DROP, JOOL_TCP_SO_EXISTS);
}

static void v6_init(const struct jool_tcp_input *in,
		    struct jool_tcp_result *out)
{
	if (!(in->flags & JOOL_TCP_SYN))
		return;
	if (in->dir == JOOL_TCP_FROM_V4)
		set(out, JOOL_TCP_ESTABLISHED, JOOL_TCP_TIMER_EST);
	else
		out->timer = JOOL_TCP_TIMER_TRANS;
}

static void established(const struct jool_tcp_input *in,
			struct jool_tcp_result *out)
{
	if (in->flags & JOOL_TCP_FIN)
		out->state = in->dir == JOOL_TCP_FROM_V4 ?
			JOOL_TCP_V4_FIN_RCV : JOOL_TCP_V6_FIN_RCV;
	else if (in->flags & JOOL_TCP_RST)
		set(out, JOOL_TCP_TRANS, JOOL_TCP_TIMER_TRANS);
	else
		out->timer = JOOL_TCP_TIMER_EST;
}

/* V4 FIN RCV waits for a V6 FIN, V6 FIN RCV for a V4 FIN. */
static void fin_rcv(const struct jool_tcp_input *in,
		    const struct jool_tcp_policy *policy,
		    struct jool_tcp_result *out, u8 closing_dir)
{
	if (in->dir == closing_dir && (in->flags & JOOL_TCP_FIN))
		set(out, JOOL_TCP_V4_FIN_V6_FIN_RCV, JOOL_TCP_TIMER_TRANS);
	else if ((in->flags & JOOL_TCP_RST) && policy->rst_during_fin_rcv)
		out->timer = JOOL_TCP_TIMER_TRANS;
	else
		out->timer = JOOL_TCP_TIMER_EST;
}

static void trans(const struct jool_tcp_input *in,
		  struct jool_tcp_result *out)
{
	if (!(in->flags & JOOL_TCP_RST))
		set(out, JOOL_TCP_ESTABLISHED, JOOL_TCP_TIMER_EST);
}

void jool_tcp_packet(const struct jool_tcp_input *in,
		     const struct jool_tcp_policy *policy,
		     struct jool_tcp_result *out)
{
	out->state = in->state;
	out->timer = JOOL_TCP_TIMER_KEEP;
	out->verdict = JOOL_TCP_TRANSLATE;
	out->reason = JOOL_TCP_OK;
	out->free_stored = false;

	switch (in->state) {
	case JOOL_TCP_CLOSED:
		closed(in, policy, out);
		break;
	case JOOL_TCP_V4_INIT:
		v4_init(in, out);
		break;
	case JOOL_TCP_V6_INIT:
		v6_init(in, out);
		break;
	case JOOL_TCP_ESTABLISHED:
		established(in, out);
		break;
	case JOOL_TCP_V4_FIN_RCV:
		fin_rcv(in, policy, out, JOOL_TCP_FROM_V6);
		break;
	case JOOL_TCP_V6_FIN_RCV:
		fin_rcv(in, policy, out, JOOL_TCP_FROM_V4);
		break;
	case JOOL_TCP_V4_FIN_V6_FIN_RCV:
		/* Only the lifetime ends this state. */
		break;
	case JOOL_TCP_TRANS:
		trans(in, out);
		break;
	default:
		/* A corrupt state must not keep a session alive. */
		set(out, JOOL_TCP_CLOSED, JOOL_TCP_TIMER_KEEP);
		refuse(out, JOOL_TCP_DROP, JOOL_TCP_OK);
		break;
	}
}

void jool_tcp_expire(u8 state, bool has_stored, struct jool_tcp_expiry *out)
{
	out->state = state;
	out->timer = JOOL_TCP_TIMER_KEEP;

	if (has_stored) {
		/* Nobody answered a stored V4 SYN within 6 s. */
		out->action = JOOL_TCP_EXPIRE_ICMP;
	} else if (state == JOOL_TCP_ESTABLISHED) {
		/*
		 * Idle, but maybe alive: the probe (an ACK with zero sequence
		 * numbers) makes a live endpoint answer, and any answer brings
		 * TRANS back to ESTABLISHED.
		 */
		out->action = JOOL_TCP_EXPIRE_PROBE;
		out->state = JOOL_TCP_TRANS;
		out->timer = JOOL_TCP_TIMER_TRANS;
	} else {
		out->action = JOOL_TCP_EXPIRE_REMOVE;
	}
}

static const char * const state_names[JOOL_TCP_STATE_COUNT] = {
	[JOOL_TCP_CLOSED] = "CLOSED",
	[JOOL_TCP_V4_INIT] = "V4_INIT",
	[JOOL_TCP_V6_INIT] = "V6_INIT",
	[JOOL_TCP_ESTABLISHED] = "ESTABLISHED",
	[JOOL_TCP_V4_FIN_RCV] = "V4_FIN_RCV",
	[JOOL_TCP_V6_FIN_RCV] = "V6_FIN_RCV",
	[JOOL_TCP_V4_FIN_V6_FIN_RCV] = "V4_FIN_V6_FIN_RCV",
	[JOOL_TCP_TRANS] = "TRANS",
};

const char *jool_tcp_state_name(u8 state)
{
	return state < JOOL_TCP_STATE_COUNT ? state_names[state] : "?";
}
