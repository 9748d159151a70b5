// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 6146 section 3.5.2.2, one row per sentence of the state machine text
 * (plus Jool's documented choices, marked "Jool"), for every state x packet
 * direction x {SYN, FIN, RST, other}; a coverage check makes sure the table
 * stays exhaustive, and invariants are checked over every possible input.
 */
#include <string.h>
#include <linux/kernel.h>
#include "unit.h"
#include "nat64_tcp.h"

#define V6 JOOL_TCP_FROM_V6
#define V4 JOOL_TCP_FROM_V4
#define SYN JOOL_TCP_SYN
#define FIN JOOL_TCP_FIN
#define RST JOOL_TCP_RST
#define OTHER 0

#define CLOSED JOOL_TCP_CLOSED
#define V4I JOOL_TCP_V4_INIT
#define V6I JOOL_TCP_V6_INIT
#define EST JOOL_TCP_ESTABLISHED
#define V4F JOOL_TCP_V4_FIN_RCV
#define V6F JOOL_TCP_V6_FIN_RCV
#define V46F JOOL_TCP_V4_FIN_V6_FIN_RCV
#define TRANS JOOL_TCP_TRANS

#define T_KEEP JOOL_TCP_TIMER_KEEP
#define T_EST JOOL_TCP_TIMER_EST
#define T_TRANS JOOL_TCP_TIMER_TRANS
#define T_SYN4 JOOL_TCP_TIMER_SYN4

#define XLAT JOOL_TCP_TRANSLATE
#define DROP JOOL_TCP_DROP
#define QUEUE JOOL_TCP_STORE_QUEUE
#define STSES JOOL_TCP_STORE_SESSION
#define ICMP JOOL_TCP_ICMP_UNREACH

#define OK JOOL_TCP_OK
#define SYNX JOOL_TCP_SYN_EXPECTED
#define EXT JOOL_TCP_EXTERNAL_SYN
#define SOX JOOL_TCP_SO_EXISTS
#define SOF JOOL_TCP_SO_FULL
#define SOS JOOL_TCP_SO_STORED

/* Situation: BIB entry exists, session holds a stored SYN, stored == max. */
#define BIB	(1 << 0)
#define STORED	(1 << 1)
#define FULL	(1 << 2)
/* Policy: drop-externally-initiated-tcp, ADF, handle-rst-during-fin-rcv. */
#define P_EXT	(1 << 3)
#define P_ADF	(1 << 4)
#define P_RST	(1 << 5)

#define MAX_STORED 10

struct row {
	const char *rfc;
	u8 state, dir, flags;
	unsigned int ctx;
	u8 want_state, want_timer, want_verdict, want_reason;
	bool want_free;
};

static const struct row rows[] = {
	/* CLOSED */
	{ "CLOSED: V6 SYN -> V6 INIT, lifetime TCP_TRANS, translate",
	  CLOSED, V6, SYN, 0,		V6I, T_TRANS, XLAT, OK },
	{ "CLOSED: V6 SYN, BIB entry reused -> V6 INIT",
	  CLOSED, V6, SYN, BIB,		V6I, T_TRANS, XLAT, OK },
	{ "CLOSED: V6 SYN is not subject to drop-externally-initiated",
	  CLOSED, V6, SYN, P_EXT | P_ADF, V6I, T_TRANS, XLAT, OK },
	{ "CLOSED: SYN wins over other flags (Jool)",
	  CLOSED, V6, SYN | FIN | RST, 0, V6I, T_TRANS, XLAT, OK },
	{ "CLOSED: other V6 packet, no BIB entry -> silently discarded",
	  CLOSED, V6, OTHER, 0,		CLOSED, T_KEEP, DROP, SYNX },
	{ "CLOSED: V6 FIN, no BIB entry -> discarded",
	  CLOSED, V6, FIN, 0,		CLOSED, T_KEEP, DROP, SYNX },
	{ "CLOSED: V6 RST, no BIB entry -> discarded",
	  CLOSED, V6, RST, 0,		CLOSED, T_KEEP, DROP, SYNX },
	{ "CLOSED: other V6 packet with BIB entry SHOULD be translated, state unchanged",
	  CLOSED, V6, OTHER, BIB,	CLOSED, T_KEEP, XLAT, OK },
	{ "CLOSED: V6 FIN with BIB entry translated, no session",
	  CLOSED, V6, FIN, BIB,		CLOSED, T_KEEP, XLAT, OK },
	{ "CLOSED: V6 RST with BIB entry translated, no session",
	  CLOSED, V6, RST, BIB,		CLOSED, T_KEEP, XLAT, OK },
	{ "CLOSED: V4 SYN, policy drops externally initiated -> silently discarded",
	  CLOSED, V4, SYN, P_EXT,	CLOSED, T_KEEP, DROP, EXT },
	{ "CLOSED: V4 SYN, policy drops externally initiated, BIB entry or not",
	  CLOSED, V4, SYN, P_EXT | BIB | P_ADF, CLOSED, T_KEEP, DROP, EXT },
	{ "CLOSED: V4 SYN, X,x not in BIB -> V4 INIT, stored for TCP_INCOMING_SYN (type 1)",
	  CLOSED, V4, SYN, 0,		V4I, T_SYN4, QUEUE, SOS },
	{ "CLOSED: V4 SYN not in BIB, ADF changes nothing (type 1)",
	  CLOSED, V4, SYN, P_ADF,	V4I, T_SYN4, QUEUE, SOS },
	{ "CLOSED: V4 SYN not in BIB, maximum-simultaneous-opens reached -> ICMP (Jool)",
	  CLOSED, V4, SYN, FULL,	CLOSED, T_KEEP, ICMP, SOF },
	{ "CLOSED: V4 SYN, X,x in BIB, address-independent filtering -> V4 INIT, TCP_TRANS, translate",
	  CLOSED, V4, SYN, BIB,		V4I, T_TRANS, XLAT, OK },
	{ "CLOSED: V4 SYN in BIB, no ADF: the stored-packet limit is irrelevant",
	  CLOSED, V4, SYN, BIB | FULL,	V4I, T_TRANS, XLAT, OK },
	{ "CLOSED: V4 SYN, X,x in BIB, ADF -> V4 INIT, stored for TCP_INCOMING_SYN (type 2)",
	  CLOSED, V4, SYN, BIB | P_ADF,	V4I, T_SYN4, STSES, SOS },
	{ "CLOSED: V4 SYN in BIB, ADF, maximum-simultaneous-opens reached -> ICMP (Jool)",
	  CLOSED, V4, SYN, BIB | P_ADF | FULL, CLOSED, T_KEEP, ICMP, SOF },
	{ "CLOSED: other V4 packet, no BIB entry -> silently discarded",
	  CLOSED, V4, OTHER, 0,		CLOSED, T_KEEP, DROP, SYNX },
	{ "CLOSED: V4 FIN, no BIB entry -> discarded",
	  CLOSED, V4, FIN, 0,		CLOSED, T_KEEP, DROP, SYNX },
	{ "CLOSED: V4 RST, no BIB entry -> discarded",
	  CLOSED, V4, RST, 0,		CLOSED, T_KEEP, DROP, SYNX },
	{ "CLOSED: other V4 packet with BIB entry SHOULD be translated",
	  CLOSED, V4, OTHER, BIB,	CLOSED, T_KEEP, XLAT, OK },
	{ "CLOSED: V4 FIN with BIB entry translated",
	  CLOSED, V4, FIN, BIB | P_EXT,	CLOSED, T_KEEP, XLAT, OK },
	{ "CLOSED: V4 RST with BIB entry translated",
	  CLOSED, V4, RST, BIB,		CLOSED, T_KEEP, XLAT, OK },

	/* V4 INIT */
	{ "V4 INIT: V6 SYN -> ESTABLISHED, TCP_EST, translate",
	  V4I, V6, SYN, 0,		EST, T_EST, XLAT, OK },
	{ "V4 INIT: V6 SYN completes the simultaneous open, stored SYN freed",
	  V4I, V6, SYN, STORED,		EST, T_EST, XLAT, OK, true },
	{ "V4 INIT: V6 SYN|ACK also counts as the V6 SYN",
	  V4I, V6, SYN | FIN, STORED | P_ADF, EST, T_EST, XLAT, OK, true },
	{ "V4 INIT: other V6 packet translated, state unchanged",
	  V4I, V6, OTHER, 0,		V4I, T_KEEP, XLAT, OK },
	{ "V4 INIT: V6 FIN translated, state unchanged",
	  V4I, V6, FIN, STORED,		V4I, T_KEEP, XLAT, OK },
	{ "V4 INIT: V6 RST translated, state unchanged",
	  V4I, V6, RST, 0,		V4I, T_KEEP, XLAT, OK },
	{ "V4 INIT: V4 SYN retransmission translated, state unchanged",
	  V4I, V4, SYN, 0,		V4I, T_KEEP, XLAT, OK },
	{ "V4 INIT: V4 SYN retry while one is stored -> dropped (Jool)",
	  V4I, V4, SYN, STORED,		V4I, T_KEEP, DROP, SOX },
	{ "V4 INIT: any V4 packet while a SYN is stored -> dropped (Jool)",
	  V4I, V4, OTHER, STORED,	V4I, T_KEEP, DROP, SOX },
	{ "V4 INIT: other V4 packet translated, state unchanged",
	  V4I, V4, OTHER, 0,		V4I, T_KEEP, XLAT, OK },
	{ "V4 INIT: V4 FIN translated, state unchanged",
	  V4I, V4, FIN, 0,		V4I, T_KEEP, XLAT, OK },
	{ "V4 INIT: V4 RST translated, state unchanged",
	  V4I, V4, RST, P_RST,		V4I, T_KEEP, XLAT, OK },

	/* V6 INIT */
	{ "V6 INIT: V4 SYN -> ESTABLISHED, TCP_EST, translate",
	  V6I, V4, SYN, 0,		EST, T_EST, XLAT, OK },
	{ "V6 INIT: V4 SYN ignores drop-externally-initiated (not a new connection)",
	  V6I, V4, SYN | RST, P_EXT,	EST, T_EST, XLAT, OK },
	{ "V6 INIT: V6 SYN -> state unchanged, lifetime TCP_TRANS",
	  V6I, V6, SYN, 0,		V6I, T_TRANS, XLAT, OK },
	{ "V6 INIT: other V6 packet translated, state unchanged",
	  V6I, V6, OTHER, 0,		V6I, T_KEEP, XLAT, OK },
	{ "V6 INIT: V6 FIN translated, state unchanged",
	  V6I, V6, FIN, 0,		V6I, T_KEEP, XLAT, OK },
	{ "V6 INIT: V6 RST translated, state unchanged",
	  V6I, V6, RST, 0,		V6I, T_KEEP, XLAT, OK },
	{ "V6 INIT: other V4 packet translated, state unchanged",
	  V6I, V4, OTHER, 0,		V6I, T_KEEP, XLAT, OK },
	{ "V6 INIT: V4 FIN translated, state unchanged",
	  V6I, V4, FIN, 0,		V6I, T_KEEP, XLAT, OK },
	{ "V6 INIT: V4 RST translated, state unchanged",
	  V6I, V4, RST, 0,		V6I, T_KEEP, XLAT, OK },

	/* ESTABLISHED */
	{ "ESTABLISHED: V4 FIN -> V4 FIN RCV, translate",
	  EST, V4, FIN, 0,		V4F, T_KEEP, XLAT, OK },
	{ "ESTABLISHED: V6 FIN -> V6 FIN RCV, translate",
	  EST, V6, FIN, 0,		V6F, T_KEEP, XLAT, OK },
	{ "ESTABLISHED: FIN wins over RST (Jool)",
	  EST, V4, FIN | RST, 0,	V4F, T_KEEP, XLAT, OK },
	{ "ESTABLISHED: V4 RST -> TRANS, lifetime TCP_TRANS",
	  EST, V4, RST, 0,		TRANS, T_TRANS, XLAT, OK },
	{ "ESTABLISHED: V6 RST -> TRANS, lifetime TCP_TRANS",
	  EST, V6, RST, P_RST,		TRANS, T_TRANS, XLAT, OK },
	{ "ESTABLISHED: other V4 packet -> lifetime TCP_EST",
	  EST, V4, OTHER, 0,		EST, T_EST, XLAT, OK },
	{ "ESTABLISHED: other V6 packet -> lifetime TCP_EST",
	  EST, V6, OTHER, 0,		EST, T_EST, XLAT, OK },
	{ "ESTABLISHED: V4 SYN is an other packet",
	  EST, V4, SYN, P_EXT,		EST, T_EST, XLAT, OK },
	{ "ESTABLISHED: V6 SYN is an other packet",
	  EST, V6, SYN, 0,		EST, T_EST, XLAT, OK },

	/* V4 FIN RCV */
	{ "V4 FIN RCV: V6 FIN -> V4 FIN + V6 FIN RCV, lifetime TCP_TRANS",
	  V4F, V6, FIN, 0,		V46F, T_TRANS, XLAT, OK },
	{ "V4 FIN RCV: V4 FIN is an other packet -> lifetime TCP_EST",
	  V4F, V4, FIN, 0,		V4F, T_EST, XLAT, OK },
	{ "V4 FIN RCV: other V4 packet -> lifetime TCP_EST",
	  V4F, V4, OTHER, 0,		V4F, T_EST, XLAT, OK },
	{ "V4 FIN RCV: other V6 packet -> lifetime TCP_EST",
	  V4F, V6, OTHER, 0,		V4F, T_EST, XLAT, OK },
	{ "V4 FIN RCV: V4 SYN -> lifetime TCP_EST",
	  V4F, V4, SYN, 0,		V4F, T_EST, XLAT, OK },
	{ "V4 FIN RCV: V6 SYN -> lifetime TCP_EST",
	  V4F, V6, SYN, 0,		V4F, T_EST, XLAT, OK },
	{ "V4 FIN RCV: V4 RST -> lifetime TCP_EST (RFC)",
	  V4F, V4, RST, 0,		V4F, T_EST, XLAT, OK },
	{ "V4 FIN RCV: V6 RST -> lifetime TCP_EST (RFC)",
	  V4F, V6, RST, 0,		V4F, T_EST, XLAT, OK },
	{ "V4 FIN RCV: V4 RST, handle-rst-during-fin-rcv -> TCP_TRANS (Jool #212)",
	  V4F, V4, RST, P_RST,		V4F, T_TRANS, XLAT, OK },
	{ "V4 FIN RCV: V6 RST, handle-rst-during-fin-rcv -> TCP_TRANS (Jool #212)",
	  V4F, V6, RST, P_RST,		V4F, T_TRANS, XLAT, OK },
	{ "V4 FIN RCV: V6 FIN|RST closes, handle-rst or not",
	  V4F, V6, FIN | RST, P_RST,	V46F, T_TRANS, XLAT, OK },

	/* V6 FIN RCV */
	{ "V6 FIN RCV: V4 FIN -> V4 FIN + V6 FIN RCV, lifetime TCP_TRANS",
	  V6F, V4, FIN, 0,		V46F, T_TRANS, XLAT, OK },
	{ "V6 FIN RCV: V6 FIN is an other packet -> lifetime TCP_EST",
	  V6F, V6, FIN, 0,		V6F, T_EST, XLAT, OK },
	{ "V6 FIN RCV: other V6 packet -> lifetime TCP_EST",
	  V6F, V6, OTHER, 0,		V6F, T_EST, XLAT, OK },
	{ "V6 FIN RCV: other V4 packet -> lifetime TCP_EST",
	  V6F, V4, OTHER, 0,		V6F, T_EST, XLAT, OK },
	{ "V6 FIN RCV: V4 SYN -> lifetime TCP_EST",
	  V6F, V4, SYN, 0,		V6F, T_EST, XLAT, OK },
	{ "V6 FIN RCV: V6 SYN -> lifetime TCP_EST",
	  V6F, V6, SYN, 0,		V6F, T_EST, XLAT, OK },
	{ "V6 FIN RCV: V4 RST -> lifetime TCP_EST (RFC)",
	  V6F, V4, RST, 0,		V6F, T_EST, XLAT, OK },
	{ "V6 FIN RCV: V6 RST -> lifetime TCP_EST (RFC)",
	  V6F, V6, RST, 0,		V6F, T_EST, XLAT, OK },
	{ "V6 FIN RCV: V4 RST, handle-rst-during-fin-rcv -> TCP_TRANS (Jool #212)",
	  V6F, V4, RST, P_RST,		V6F, T_TRANS, XLAT, OK },
	{ "V6 FIN RCV: V6 RST, handle-rst-during-fin-rcv -> TCP_TRANS (Jool #212)",
	  V6F, V6, RST, P_RST,		V6F, T_TRANS, XLAT, OK },

	/* V4 FIN + V6 FIN RCV */
	{ "V4 FIN + V6 FIN RCV: all packets translated, only the lifetime ends it",
	  V46F, V4, OTHER, 0,		V46F, T_KEEP, XLAT, OK },
	{ "V4 FIN + V6 FIN RCV: V6 other packet",
	  V46F, V6, OTHER, 0,		V46F, T_KEEP, XLAT, OK },
	{ "V4 FIN + V6 FIN RCV: V4 SYN",
	  V46F, V4, SYN, P_EXT,		V46F, T_KEEP, XLAT, OK },
	{ "V4 FIN + V6 FIN RCV: V6 SYN",
	  V46F, V6, SYN, 0,		V46F, T_KEEP, XLAT, OK },
	{ "V4 FIN + V6 FIN RCV: V4 FIN",
	  V46F, V4, FIN, 0,		V46F, T_KEEP, XLAT, OK },
	{ "V4 FIN + V6 FIN RCV: V6 FIN",
	  V46F, V6, FIN, 0,		V46F, T_KEEP, XLAT, OK },
	{ "V4 FIN + V6 FIN RCV: V4 RST",
	  V46F, V4, RST, P_RST,		V46F, T_KEEP, XLAT, OK },
	{ "V4 FIN + V6 FIN RCV: V6 RST",
	  V46F, V6, RST, 0,		V46F, T_KEEP, XLAT, OK },

	/* TRANS */
	{ "TRANS: V4 packet other than RST -> ESTABLISHED, lifetime TCP_EST",
	  TRANS, V4, OTHER, 0,		EST, T_EST, XLAT, OK },
	{ "TRANS: V6 packet other than RST -> ESTABLISHED, lifetime TCP_EST",
	  TRANS, V6, OTHER, 0,		EST, T_EST, XLAT, OK },
	{ "TRANS: V4 SYN -> ESTABLISHED",
	  TRANS, V4, SYN, P_EXT,	EST, T_EST, XLAT, OK },
	{ "TRANS: V6 SYN -> ESTABLISHED",
	  TRANS, V6, SYN, 0,		EST, T_EST, XLAT, OK },
	{ "TRANS: V4 FIN -> ESTABLISHED",
	  TRANS, V4, FIN, 0,		EST, T_EST, XLAT, OK },
	{ "TRANS: V6 FIN -> ESTABLISHED",
	  TRANS, V6, FIN, 0,		EST, T_EST, XLAT, OK },
	{ "TRANS: V4 RST translated, state and lifetime unchanged",
	  TRANS, V4, RST, 0,		TRANS, T_KEEP, XLAT, OK },
	{ "TRANS: V6 RST translated, state and lifetime unchanged",
	  TRANS, V6, RST, P_RST,	TRANS, T_KEEP, XLAT, OK },
	{ "TRANS: FIN|RST is a RST (Jool)",
	  TRANS, V4, FIN | RST, 0,	TRANS, T_KEEP, XLAT, OK },
};

static void make_input(u8 state, u8 dir, u8 flags, unsigned int ctx,
		       struct jool_tcp_input *in, struct jool_tcp_policy *pol)
{
	memset(in, 0, sizeof(*in));
	memset(pol, 0, sizeof(*pol));
	in->state = state;
	in->dir = dir;
	in->flags = flags;
	in->bib_exists = ctx & BIB;
	in->has_stored = ctx & STORED;
	in->stored_count = (ctx & FULL) ? MAX_STORED : MAX_STORED - 1;
	pol->drop_external = ctx & P_EXT;
	pol->adf = ctx & P_ADF;
	pol->rst_during_fin_rcv = ctx & P_RST;
	pol->max_stored = MAX_STORED;
}

static void table(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct row *r = &rows[i];
		struct jool_tcp_input in;
		struct jool_tcp_policy pol;
		struct jool_tcp_result out;

		make_input(r->state, r->dir, r->flags, r->ctx, &in, &pol);
		memset(&out, 0xa5, sizeof(out));
		jool_tcp_packet(&in, &pol, &out);
		CHECK(out.state == r->want_state && out.timer == r->want_timer &&
		      out.verdict == r->want_verdict &&
		      out.reason == r->want_reason &&
		      out.free_stored == r->want_free,
		      "RFC 6146 3.5.2.2 %s: got state %s timer %u verdict %u reason %u free %d",
		      r->rfc, jool_tcp_state_name(out.state), out.timer,
		      out.verdict, out.reason, out.free_stored);
	}
}

/* Every state x direction x {SYN, FIN, RST, other} has at least one row. */
static void coverage(void)
{
	static const u8 events[] = { SYN, FIN, RST, OTHER };
	unsigned int s, d, e, i;

	for (s = 0; s < JOOL_TCP_STATE_COUNT; s++)
		for (d = V6; d <= V4; d++)
			for (e = 0; e < ARRAY_SIZE(events); e++) {
				bool found = false;

				for (i = 0; i < ARRAY_SIZE(rows); i++)
					if (rows[i].state == s &&
					    rows[i].dir == d &&
					    rows[i].flags == events[e])
						found = true;
				CHECK(found, "no row for %s dir %u flags %u",
				      jool_tcp_state_name(s), d, events[e]);
			}
}

/* Properties that hold for one input; returns the number violated. */
static unsigned int check_invariants(u8 s, u8 d, u8 f, unsigned int c)
{
	struct jool_tcp_input in;
	struct jool_tcp_policy pol;
	struct jool_tcp_result o;
	unsigned int bad = 0;
	bool store, refused;

	make_input(s, d, f, c, &in, &pol);
	jool_tcp_packet(&in, &pol, &o);
	store = o.verdict == QUEUE || o.verdict == STSES;
	refused = o.verdict == DROP || o.verdict == ICMP;

	/* A refused packet changes nothing. */
	if (refused && (o.state != s || o.timer != T_KEEP ||
			o.free_stored || o.reason == OK))
		bad++;
	/* Only V4 SYNs in CLOSED are stored, for 6 s, into V4 INIT. */
	if (store != (o.timer == T_SYN4))
		bad++;
	if (store && (s != CLOSED || d != V4 || !(f & SYN) || o.state != V4I))
		bad++;
	/* Only a V6 SYN in V4 INIT frees a stored SYN. */
	if (o.free_stored && !(in.has_stored && s == V4I && d == V6))
		bad++;
	/* Sessions are only born from SYNs and never die by packets. */
	if (s == CLOSED && o.state != CLOSED && !(f & SYN))
		bad++;
	if (s != CLOSED && o.state == CLOSED)
		bad++;
	/* ESTABLISHED always comes with the established lifetime. */
	if (o.state == EST && s != EST && o.timer != T_EST)
		bad++;
	/* Policy knobs only matter where the RFC/Jool says. */
	if (o.verdict == ICMP && !(c & FULL))
		bad++;
	if (o.reason == EXT && !(c & P_EXT))
		bad++;
	if (o.state >= JOOL_TCP_STATE_COUNT || o.timer > T_SYN4 ||
	    o.verdict > ICMP)
		bad++;
	return bad;
}

/* Every state x direction x flag combination x situation and policy. */
static void invariants(void)
{
	unsigned int s, d, f, c, bad = 0;

	for (s = 0; s < JOOL_TCP_STATE_COUNT; s++)
		for (d = V6; d <= V4; d++)
			for (f = 0; f < 8; f++)
				for (c = 0; c < 64; c++)
					bad += check_invariants(s, d, f, c);
	CHECK(bad == 0, "%u invariant violations", bad);
}

static const struct {
	const char *rfc;
	u8 state;
	bool stored;
	u8 action, state_after, timer;
} expiries[] = {
	{ "V4 INIT: lifetime expires with a stored SYN -> ICMP port unreachable, session deleted",
	  V4I, true, JOOL_TCP_EXPIRE_ICMP, V4I, T_KEEP },
	{ "V4 INIT: lifetime expires -> session deleted",
	  V4I, false, JOOL_TCP_EXPIRE_REMOVE, V4I, T_KEEP },
	{ "V6 INIT: lifetime expires -> session deleted",
	  V6I, false, JOOL_TCP_EXPIRE_REMOVE, V6I, T_KEEP },
	{ "ESTABLISHED: lifetime expires -> probe, TRANS, TCP_TRANS",
	  EST, false, JOOL_TCP_EXPIRE_PROBE, TRANS, T_TRANS },
	{ "V4 FIN RCV: lifetime expires -> session deleted",
	  V4F, false, JOOL_TCP_EXPIRE_REMOVE, V4F, T_KEEP },
	{ "V6 FIN RCV: lifetime expires -> session deleted",
	  V6F, false, JOOL_TCP_EXPIRE_REMOVE, V6F, T_KEEP },
	{ "V4 FIN + V6 FIN RCV: lifetime expires -> session deleted",
	  V46F, false, JOOL_TCP_EXPIRE_REMOVE, V46F, T_KEEP },
	{ "TRANS: lifetime expires -> session deleted",
	  TRANS, false, JOOL_TCP_EXPIRE_REMOVE, TRANS, T_KEEP },
	{ "type 1 queue entry (presented as V4 INIT + stored) expires -> ICMP",
	  CLOSED, true, JOOL_TCP_EXPIRE_ICMP, CLOSED, T_KEEP },
};

static void expiry(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(expiries); i++) {
		struct jool_tcp_expiry out;

		memset(&out, 0xa5, sizeof(out));
		jool_tcp_expire(expiries[i].state, expiries[i].stored, &out);
		CHECK(out.action == expiries[i].action &&
		      out.state == expiries[i].state_after &&
		      out.timer == expiries[i].timer,
		      "RFC 6146 3.5.2.2 %s: got action %u state %s timer %u",
		      expiries[i].rfc, out.action,
		      jool_tcp_state_name(out.state), out.timer);
	}
}

/* A whole connection, v6-initiated, closed by FINs; then one by RST. */
static void sequences(void)
{
	static const struct {
		u8 dir, flags, state, timer;
	} fin_close[] = {
		{ V6, SYN, V6I, T_TRANS },
		{ V4, SYN, EST, T_EST },	/* SYN-ACK */
		{ V6, OTHER, EST, T_EST },	/* ACK */
		{ V6, FIN, V6F, T_KEEP },
		{ V4, OTHER, V6F, T_EST },	/* ACK of the FIN */
		{ V4, FIN, V46F, T_TRANS },
		{ V6, OTHER, V46F, T_KEEP },	/* last ACK */
	}, rst_close[] = {
		{ V4, SYN, V4I, T_TRANS },	/* BIB entry exists, no ADF */
		{ V6, SYN, EST, T_EST },
		{ V4, RST, TRANS, T_TRANS },
		{ V6, OTHER, EST, T_EST },	/* it was alive after all */
		{ V6, RST, TRANS, T_TRANS },
		{ V4, RST, TRANS, T_KEEP },
	};
	struct jool_tcp_policy pol = { .max_stored = MAX_STORED };
	struct jool_tcp_input in = { .state = CLOSED, .bib_exists = true };
	struct jool_tcp_result out;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fin_close); i++) {
		in.dir = fin_close[i].dir;
		in.flags = fin_close[i].flags;
		jool_tcp_packet(&in, &pol, &out);
		CHECK(out.state == fin_close[i].state &&
		      out.timer == fin_close[i].timer && out.verdict == XLAT,
		      "FIN close step %u: state %s timer %u", i,
		      jool_tcp_state_name(out.state), out.timer);
		in.state = out.state;
	}
	in.state = CLOSED;
	for (i = 0; i < ARRAY_SIZE(rst_close); i++) {
		in.dir = rst_close[i].dir;
		in.flags = rst_close[i].flags;
		jool_tcp_packet(&in, &pol, &out);
		CHECK(out.state == rst_close[i].state &&
		      out.timer == rst_close[i].timer && out.verdict == XLAT,
		      "RST close step %u: state %s timer %u", i,
		      jool_tcp_state_name(out.state), out.timer);
		in.state = out.state;
	}
}

static void misc(void)
{
	struct jool_tcp_input in = { .state = 200, .dir = V6, .flags = SYN };
	struct jool_tcp_policy pol = { .max_stored = MAX_STORED };
	struct jool_tcp_result out;

	jool_tcp_packet(&in, &pol, &out);
	CHECK(out.state == CLOSED && out.verdict == DROP,
	      "corrupt state: state %u verdict %u", out.state, out.verdict);
	CHECK(!strcmp(jool_tcp_state_name(V46F), "V4_FIN_V6_FIN_RCV"),
	      "name %s", jool_tcp_state_name(V46F));
	CHECK(!strcmp(jool_tcp_state_name(JOOL_TCP_STATE_COUNT), "?"),
	      "name %s", jool_tcp_state_name(JOOL_TCP_STATE_COUNT));
	/* maximum-simultaneous-opens 0: nothing is ever stored. */
	pol.max_stored = 0;
	in.state = CLOSED;
	in.dir = V4;
	in.stored_count = 0;
	jool_tcp_packet(&in, &pol, &out);
	CHECK(out.verdict == ICMP && out.reason == SOF,
	      "max 0: verdict %u", out.verdict);
	CHECK(JOOL_TCP_SYN4_TIMEOUT == 6, "V4 INIT timeout %d",
	      JOOL_TCP_SYN4_TIMEOUT);
}

void test_nat64_tcp(void)
{
	table();
	coverage();
	invariants();
	expiry();
	sequences();
	misc();
}
