// SPDX-License-Identifier: GPL-2.0
/*
 * nft-jool bib, session and state: the runtime state of a NAT64 instance,
 * read through the module's "nft_jool" generic netlink family.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/netfilter/nf_tables.h>

#include "ctl.h"
#include "nat64.h"
#include "nl.h"
#include "show.h"
#include "util.h"

static const char *cmd_word(uint8_t cmd)
{
	switch (cmd) {
	case NFT_JOOL_CMD_GET_BIB:
		return "bib";
	case NFT_JOOL_CMD_GET_SESSION:
		return "session";
	}
	return "state";
}

void nat64_usage(uint8_t cmd, FILE *f)
{
	if (cmd == NFT_JOOL_CMD_GET_STATE) {
		fprintf(f,
			"Usage: " PROG_NAME " state [OPTIONS] FAMILY TABLE NAME\n"
			"Show how many BIB entries and sessions the NAT64 instance NAME in table\n"
			"FAMILY TABLE holds, and their memory. FAMILY is ip, ip6 or inet.\n"
			"\n"
			"  -j, --json            print one JSON object\n"
			"  -h, --help            show this help\n");
		return;
	}
	fprintf(f,
		"Usage: " PROG_NAME " %s [OPTIONS] FAMILY TABLE NAME\n"
		"Show the %s of the NAT64 instance NAME in table FAMILY TABLE.\n"
		"FAMILY is ip, ip6 or inet.\n"
		"\n"
		"  -p, --proto PROTO     only tcp, udp or icmp\n"
		"  -a, --address PREFIX  only entries with an address in PREFIX (IPv4 or\n"
		"                        IPv6, e.g. 192.0.2.0/24, 2001:db8::1)\n"
		"  -n, --numeric         do not resolve addresses to host names\n"
		"  -c, --count           print only the number of matching entries\n"
		"  -j, --json            print one JSON object (addresses numeric)\n"
		"  -h, --help            show this help\n",
		cmd_word(cmd),
		cmd == NFT_JOOL_CMD_GET_BIB ? "BIB entries (bindings)" :
					      "sessions");
}

static const struct option entry_options[] = {
	{ "proto",   required_argument, NULL, 'p' },
	{ "address", required_argument, NULL, 'a' },
	{ "numeric", no_argument,       NULL, 'n' },
	{ "count",   no_argument,       NULL, 'c' },
	{ "json",    no_argument,       NULL, 'j' },
	{ "help",    no_argument,       NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static const struct option state_options[] = {
	{ "json",    no_argument,       NULL, 'j' },
	{ "help",    no_argument,       NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

__printf(2, 3)
static int usage_error(uint8_t cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, PROG_NAME " %s: ", cmd_word(cmd));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	nat64_usage(cmd, stderr);
	return EXIT_USAGE;
}

int jool_proto_parse(const char *s)
{
	if (!strcmp(s, "tcp"))
		return IPPROTO_TCP;
	if (!strcmp(s, "udp"))
		return IPPROTO_UDP;
	if (!strcmp(s, "icmp"))
		return IPPROTO_ICMP;
	return -1;
}

const char *jool_proto_name(uint8_t proto, char *buf, size_t size)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_ICMP:
		return "icmp";
	}
	snprintf(buf, size, "proto%u", proto);
	return buf;
}

/* The order of enum jool_tcp_state in the kernel's nat64_tcp.h. */
static const char *const tcp_states[] = {
	"CLOSED", "V4_INIT", "V6_INIT", "ESTABLISHED", "V4_FIN_RCV",
	"V6_FIN_RCV", "V4_FIN_V6_FIN_RCV", "TRANS",
};

const char *jool_tcp_state_name(uint8_t state, char *buf, size_t size)
{
	if (state < ARRAY_SIZE(tcp_states))
		return tcp_states[state];
	snprintf(buf, size, "state%u", state);
	return buf;
}

int jool_prefix_parse(const char *s, struct jool_filter *f)
{
	char addr[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	unsigned int max, i;
	char *end;

	if (!alen || alen >= sizeof(addr))
		return -1;
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	memset(f->addr, 0, sizeof(f->addr));
	if (inet_pton(AF_INET, addr, f->addr) == 1) {
		f->af = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, addr, f->addr) == 1) {
		f->af = AF_INET6;
		max = 128;
	} else {
		return -1;
	}
	f->len = max;
	if (slash) {
		unsigned long len;

		if (slash[1] < '0' || slash[1] > '9')
			return -1;
		errno = 0;
		len = strtoul(slash + 1, &end, 10);
		if (errno || *end || len > max)
			return -1;
		f->len = len;
	}
	/* Host bits must be zero, as nft requires of prefixes. */
	for (i = f->len; i < max; i++)
		if (f->addr[i / 8] & (0x80 >> (i % 8)))
			return -1;
	f->has_prefix = true;
	return 0;
}

int nat64_parse_args(uint8_t cmd, int argc, char **argv,
		     struct nat64_args *args)
{
	bool state = cmd == NFT_JOOL_CMD_GET_STATE;
	int c, proto;

	memset(args, 0, sizeof(*args));
	args->cmd = cmd;
	/* 0 rather than 1: makes glibc reinitialise, so we can parse twice. */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, state ? ":jh" : ":p:a:ncjh",
				state ? state_options : entry_options,
				NULL)) != -1) {
		switch (c) {
		case 'p':
			if (args->filter.proto)
				return usage_error(cmd, "--proto given twice");
			proto = jool_proto_parse(optarg);
			if (proto < 0)
				return usage_error(cmd, "unknown protocol '%s' (use tcp, udp or icmp)",
						   optarg);
			args->filter.proto = proto;
			break;
		case 'a':
			if (args->filter.has_prefix)
				return usage_error(cmd, "--address given twice");
			if (jool_prefix_parse(optarg, &args->filter))
				return usage_error(cmd, "bad address or prefix '%s'",
						   optarg);
			break;
		case 'n':
			args->numeric = true;
			break;
		case 'c':
			args->count = true;
			break;
		case 'j':
			args->json = true;
			break;
		case 'h':
			nat64_usage(cmd, stdout);
			return ARGS_HELP;
		case ':':
			return usage_error(cmd, "option '%s' needs an argument",
					   argv[optind - 1]);
		default: {
			const char *bad = argv[optind - 1];
			char opt[3] = { '-', (char)optopt, '\0' };

			/* optopt is the letter of a bad short option. */
			if (optopt && strncmp(bad, "--", 2))
				bad = opt;
			return usage_error(cmd, "bad option '%s'", bad);
		}
		}
	}
	if (argc - optind != 3)
		return usage_error(cmd, argc - optind < 3 ?
				   "missing FAMILY, TABLE or NAME" :
				   "too many arguments");
	args->family = jool_nl_family(argv[optind]);
	if (args->family < 0)
		return usage_error(cmd, "unknown family '%s' (use ip, ip6 or inet)",
				   argv[optind]);
	args->table = argv[optind + 1];
	args->name = argv[optind + 2];
	if (!*args->table || strlen(args->table) >= NFT_TABLE_MAXNAMELEN)
		return usage_error(cmd, "bad table name '%s'", args->table);
	if (!*args->name || strlen(args->name) >= NFT_OBJ_MAXNAMELEN)
		return usage_error(cmd, "bad instance name '%s'", args->name);
	return 0;
}

static bool in_prefix(const struct jool_filter *f, const uint8_t *addr)
{
	unsigned int full = f->len / 8, rest = f->len % 8;

	if (memcmp(addr, f->addr, full))
		return false;
	return !rest || !((addr[full] ^ f->addr[full]) & (0xff00 >> rest));
}

bool jool_filter_match(const struct jool_filter *f, const struct jool_entry *e)
{
	if (f->proto && f->proto != e->proto)
		return false;
	if (!f->has_prefix)
		return true;
	if (f->af == AF_INET6)
		return in_prefix(f, e->addr6) ||
		       (e->has_remote6 && in_prefix(f, e->remote6));
	return in_prefix(f, e->addr4) ||
	       (e->is_session && in_prefix(f, e->remote4));
}

/* TCP, UDP, ICMP: the order of the counts and of Jool's listings. */
static int proto_rank(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return 0;
	case IPPROTO_UDP:
		return 1;
	case IPPROTO_ICMP:
		return 2;
	}
	return 3 + proto;
}

static int cmp_u32(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b;
}

static int entry_cmp(const void *pa, const void *pb)
{
	const struct jool_entry *a = pa, *b = pb;
	int r;

	r = proto_rank(a->proto) - proto_rank(b->proto);
	if (r)
		return r;
	r = memcmp(a->addr6, b->addr6, 16);
	if (r)
		return r;
	r = cmp_u32(a->port6, b->port6);
	if (r)
		return r;
	r = memcmp(a->remote4, b->remote4, 4);
	if (r)
		return r;
	r = cmp_u32(a->rport, b->rport);
	if (r)
		return r;
	/* Only for entries the kernel should not send twice. */
	r = memcmp(a->addr4, b->addr4, 4);
	return r ? r : cmp_u32(a->port4, b->port4);
}

void jool_entries_sort(struct jool_entry *e, size_t n)
{
	if (n > 1)
		qsort(e, n, sizeof(*e), entry_cmp);
}

void jool_expiry_format(uint64_t ms, char *buf, size_t size)
{
	uint64_t s = ms / 1000;

	snprintf(buf, size, "%" PRIu64 ":%02u:%02u", s / 3600,
		 (unsigned int)(s / 60 % 60), (unsigned int)(s % 60));
}

/* "[2001:db8::1]:80", "192.0.2.1:80", "host:80"; no port if @port < 0. */
static void transport(char *buf, size_t size, int af, const void *addr,
		      int port, jool_resolve_fn resolve)
{
	char a[INET6_ADDRSTRLEN];
	const char *name = resolve ? resolve(af, addr) : NULL;
	int n;

	if (name)
		n = snprintf(buf, size, "%s", name);
	else if (af == AF_INET6 && port >= 0)
		n = snprintf(buf, size, "[%s]",
			     inet_ntop(af, addr, a, sizeof(a)));
	else
		n = snprintf(buf, size, "%s",
			     inet_ntop(af, addr, a, sizeof(a)));
	if (port >= 0 && n >= 0 && (size_t)n < size)
		snprintf(buf + n, size - n, ":%d", port);
}

#define BIB_COLS	5
#define SESSION_COLS	7
#define CELL		(NI_MAXHOST + 16)

static const char *const bib_head[BIB_COLS] = {
	"PROTO", "IPV6 ADDRESS", "IPV4 ADDRESS", "SESSIONS", "TYPE",
};

static const char *const session_head[SESSION_COLS] = {
	"PROTO", "IPV6 ADDRESS", "IPV6 REMOTE", "IPV4 ADDRESS", "IPV4 REMOTE",
	"STATE", "EXPIRES",
};

static void cells(const struct jool_entry *e, bool sessions,
		  char cell[][CELL], jool_resolve_fn resolve)
{
	int rport = e->has_rport ? e->rport : -1;
	char buf[32];

	snprintf(cell[0], CELL, "%s", jool_proto_name(e->proto, buf,
						       sizeof(buf)));
	transport(cell[1], CELL, AF_INET6, e->addr6, e->port6, resolve);
	if (!sessions) {
		transport(cell[2], CELL, AF_INET, e->addr4, e->port4, resolve);
		snprintf(cell[3], CELL, "%" PRIu32, e->sessions);
		snprintf(cell[4], CELL, "%s", e->is_static ? "static" :
							      "dynamic");
		return;
	}
	if (e->has_remote6)
		transport(cell[2], CELL, AF_INET6, e->remote6, rport, resolve);
	else
		snprintf(cell[2], CELL, "-");
	transport(cell[3], CELL, AF_INET, e->addr4, e->port4, resolve);
	transport(cell[4], CELL, AF_INET, e->remote4, rport, resolve);
	snprintf(cell[5], CELL, "%s", e->proto == IPPROTO_TCP ?
		 jool_tcp_state_name(e->state, buf, sizeof(buf)) : "-");
	jool_expiry_format(e->expires_ms, cell[6], CELL);
}

static void put_row(FILE *f, char cell[][CELL], const size_t *width,
		    int ncols)
{
	int i;

	for (i = 0; i < ncols - 1; i++)
		fprintf(f, "%-*s  ", (int)width[i], cell[i]);
	fprintf(f, "%s\n", cell[ncols - 1]);
}

/*
 * A table with a header line, columns as wide as their widest cell. Two
 * passes over the entries: one to measure, one to print (resolved names
 * come from the caller's cache, so the second pass costs little).
 */
void jool_show_entries(FILE *f, bool sessions, const struct jool_entry *e,
		       size_t n, jool_resolve_fn resolve)
{
	int ncols = sessions ? SESSION_COLS : BIB_COLS;
	const char *const *head = sessions ? session_head : bib_head;
	char cell[SESSION_COLS][CELL];
	size_t width[SESSION_COLS];
	size_t i;
	int c;

	for (c = 0; c < ncols; c++) {
		snprintf(cell[c], CELL, "%s", head[c]);
		width[c] = strlen(head[c]);
	}
	for (i = 0; i < n; i++) {
		cells(&e[i], sessions, cell, resolve);
		for (c = 0; c < ncols; c++)
			if (strlen(cell[c]) > width[c])
				width[c] = strlen(cell[c]);
	}
	for (c = 0; c < ncols; c++)
		snprintf(cell[c], CELL, "%s", head[c]);
	put_row(f, cell, width, ncols);
	for (i = 0; i < n; i++) {
		cells(&e[i], sessions, cell, resolve);
		put_row(f, cell, width, ncols);
	}
}

static void json_addr(FILE *f, const char *key, int af, const void *addr)
{
	char a[INET6_ADDRSTRLEN];

	fprintf(f, ", \"%s\": \"%s\"", key, inet_ntop(af, addr, a, sizeof(a)));
}

static void json_head(FILE *f, int family, const char *table,
		      const char *name)
{
	fputs("{\"family\": ", f);
	jool_json_str(f, jool_nl_family_name(family));
	fputs(", \"table\": ", f);
	jool_json_str(f, table);
	fputs(", \"name\": ", f);
	jool_json_str(f, name);
}

void jool_show_entries_json(FILE *f, bool sessions, int family,
			    const char *table, const char *name,
			    const struct jool_entry *e, size_t n)
{
	char buf[32];
	size_t i;

	json_head(f, family, table, name);
	fprintf(f, ", \"%s\": [", sessions ? "sessions" : "bib");
	for (i = 0; i < n; i++) {
		fprintf(f, "%s{\"proto\": \"%s\"", i ? ", " : "",
			jool_proto_name(e[i].proto, buf, sizeof(buf)));
		json_addr(f, "addr6", AF_INET6, e[i].addr6);
		fprintf(f, ", \"port6\": %u", e[i].port6);
		if (sessions) {
			if (e[i].has_remote6)
				json_addr(f, "remote6", AF_INET6,
					  e[i].remote6);
		}
		json_addr(f, "addr4", AF_INET, e[i].addr4);
		fprintf(f, ", \"port4\": %u", e[i].port4);
		if (!sessions) {
			fprintf(f, ", \"static\": %s, \"sessions\": %" PRIu32 "}",
				e[i].is_static ? "true" : "false",
				e[i].sessions);
			continue;
		}
		json_addr(f, "remote4", AF_INET, e[i].remote4);
		if (e[i].has_rport)
			fprintf(f, ", \"rport\": %u", e[i].rport);
		if (e[i].proto == IPPROTO_TCP)
			fprintf(f, ", \"state\": \"%s\"",
				jool_tcp_state_name(e[i].state, buf,
						    sizeof(buf)));
		fprintf(f, ", \"expires_ms\": %" PRIu64 "}", e[i].expires_ms);
	}
	fputs("]}\n", f);
}

void jool_show_count(FILE *f, bool sessions, bool json, int family,
		     const char *table, const char *name, size_t n)
{
	if (!json) {
		fprintf(f, "%zu\n", n);
		return;
	}
	json_head(f, family, table, name);
	fprintf(f, ", \"%s\": %zu}\n", sessions ? "session_count" : "bib_count",
		n);
}

static uint64_t sum3(const struct jool_state *s, int first)
{
	return s->v[first] + s->v[first + 1] + s->v[first + 2];
}

void jool_show_state(FILE *f, int family, const char *table,
		     const char *name, const struct jool_state *s)
{
	const uint64_t *v = s->v;
	uint64_t bib = sum3(s, NFT_JOOL_S_BIB_TCP);
	uint64_t ses = sum3(s, NFT_JOOL_S_SESSION_TCP);

	fprintf(f, "jool \"%s\" in table %s %s: nat64\n", name,
		jool_nl_family_name(family), table);
	fprintf(f, "bib: %" PRIu64 " (tcp %" PRIu64 ", udp %" PRIu64
		", icmp %" PRIu64 ")\n", bib, v[NFT_JOOL_S_BIB_TCP],
		v[NFT_JOOL_S_BIB_UDP], v[NFT_JOOL_S_BIB_ICMP]);
	fprintf(f, "sessions: %" PRIu64 " (tcp %" PRIu64 ", udp %" PRIu64
		", icmp %" PRIu64 ")\n", ses, v[NFT_JOOL_S_SESSION_TCP],
		v[NFT_JOOL_S_SESSION_UDP], v[NFT_JOOL_S_SESSION_ICMP]);
	fprintf(f, "stored_syns: %" PRIu64 "\n", v[NFT_JOOL_S_STORED_SYNS]);
	fprintf(f, "max_sessions: %" PRIu64 "\n", v[NFT_JOOL_S_MAX_SESSIONS]);
	fprintf(f, "memory: %" PRIu64 " bytes (%" PRIu64
		" per BIB entry, %" PRIu64 " per session)\n",
		bib * v[NFT_JOOL_S_BIB_BYTES] +
		ses * v[NFT_JOOL_S_SESSION_BYTES],
		v[NFT_JOOL_S_BIB_BYTES], v[NFT_JOOL_S_SESSION_BYTES]);
}

void jool_show_state_json(FILE *f, int family, const char *table,
			  const char *name, const struct jool_state *s)
{
	const uint64_t *v = s->v;

	json_head(f, family, table, name);
	fprintf(f, ", \"bib\": {\"tcp\": %" PRIu64 ", \"udp\": %" PRIu64
		", \"icmp\": %" PRIu64 "}", v[NFT_JOOL_S_BIB_TCP],
		v[NFT_JOOL_S_BIB_UDP], v[NFT_JOOL_S_BIB_ICMP]);
	fprintf(f, ", \"sessions\": {\"tcp\": %" PRIu64 ", \"udp\": %" PRIu64
		", \"icmp\": %" PRIu64 "}", v[NFT_JOOL_S_SESSION_TCP],
		v[NFT_JOOL_S_SESSION_UDP], v[NFT_JOOL_S_SESSION_ICMP]);
	fprintf(f, ", \"stored_syns\": %" PRIu64 ", \"max_sessions\": %" PRIu64
		", \"bib_bytes\": %" PRIu64 ", \"session_bytes\": %" PRIu64
		"}\n", v[NFT_JOOL_S_STORED_SYNS], v[NFT_JOOL_S_MAX_SESSIONS],
		v[NFT_JOOL_S_BIB_BYTES], v[NFT_JOOL_S_SESSION_BYTES]);
}

/* --- talking to the kernel ------------------------------------------- */

/*
 * Reverse lookups are slow and the same few addresses (pool4, pool6 form
 * of busy servers) come back in every line: ask once per address.
 */
struct name_cache {
	struct name_cache *next;
	int af;
	uint8_t addr[16];
	char *name;		/* NULL: none, print the number */
};

static struct name_cache *names;

static const char *resolve(int af, const void *addr)
{
	size_t alen = af == AF_INET ? 4 : 16;
	char host[NI_MAXHOST];
	struct sockaddr_storage ss = { 0 };
	struct name_cache *c;
	socklen_t slen;

	for (c = names; c; c = c->next)
		if (c->af == af && !memcmp(c->addr, addr, alen))
			return c->name;

	if (af == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, addr, 4);
		slen = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, addr, 16);
		slen = sizeof(*sin6);
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->af = af;
	memcpy(c->addr, addr, alen);
	if (!getnameinfo((struct sockaddr *)&ss, slen, host, sizeof(host),
			 NULL, 0, NI_NAMEREQD))
		c->name = strdup(host);
	c->next = names;
	names = c;
	return c->name;
}

static void free_names(void)
{
	struct name_cache *c;

	while (names) {
		c = names;
		names = c->next;
		free(c->name);
		free(c);
	}
}

struct collect {
	const struct jool_filter *filter;
	struct jool_entry *e;
	size_t n, cap;
	bool count_only;
};

static int collect_entry(const struct jool_entry *e, void *data)
{
	struct collect *col = data;
	struct jool_entry *bigger;

	if (!jool_filter_match(col->filter, e))
		return 0;
	if (col->count_only) {
		col->n++;
		return 0;
	}
	if (col->n == col->cap) {
		col->cap = col->cap ? 2 * col->cap : 256;
		bigger = realloc(col->e, col->cap * sizeof(*col->e));
		if (!bigger)
			return -ENOMEM;
		col->e = bigger;
	}
	col->e[col->n++] = *e;
	return 0;
}

/* The type of the instance, from nf_tables, for an error message. */
static const char *instance_type(const struct nat64_args *args, char *buf,
				 size_t size)
{
	struct jool_obj *obj = malloc(sizeof(*obj));
	struct jool_nl *nl = jool_nl_open();
	const char *type = NULL;

	if (obj && nl && !jool_nl_get_obj(nl, args->family, args->table,
					  args->name, false, obj))
		type = jool_type_name(obj->type, buf, size);
	jool_nl_close(nl);
	free(obj);
	return type;
}

static void report(const struct nat64_args *args, struct jool_genl *g,
		   int err)
{
	const char *family = jool_nl_family_name(args->family);
	const char *why = g ? jool_genl_errmsg(g) : "";
	struct jool_nl *nl;
	const char *type;
	char buf[32];

	switch (err) {
	case -ENOENT:
		/*
		 * No "nft_jool" netlink family (g is NULL): normally the
		 * module is not loaded, so there is no instance either; but
		 * a module from before the family would have instances.
		 */
		if (!g && instance_type(args, buf, sizeof(buf))) {
			fprintf(stderr,
				PROG_NAME ": the nft_jool module offers no BIB and session interface (older module?)\n");
			break;
		}
		/* Same words as "stats": the kernel's reason is not needed. */
		nl = jool_nl_open();
		if (nl && jool_nl_table_exists(nl, args->family,
					       args->table) == 0)
			fprintf(stderr,
				PROG_NAME ": no jool instance \"%s\" in table %s %s (no such table)\n",
				args->name, family, args->table);
		else
			fprintf(stderr,
				PROG_NAME ": no jool instance \"%s\" in table %s %s\n",
				args->name, family, args->table);
		jool_nl_close(nl);
		break;
	case -EOPNOTSUPP:
		type = instance_type(args, buf, sizeof(buf));
		fprintf(stderr,
			PROG_NAME ": jool instance \"%s\" in table %s %s is %s%s: only nat64 instances have a BIB and sessions\n",
			args->name, family, args->table,
			type ? "of type " : "not a NAT64 instance",
			type ? type : "");
		break;
	case -EPERM:
	case -EACCES:
		fprintf(stderr,
			PROG_NAME ": permission denied: reading NAT64 state needs CAP_NET_ADMIN (run as root)\n");
		break;
	case -EPROTO:
		fprintf(stderr,
			PROG_NAME ": unexpected reply from the kernel (nft_jool module of another version?)\n");
		break;
	default:
		fprintf(stderr,
			PROG_NAME ": cannot read %s of jool instance \"%s\" in table %s %s: %s%s%s\n",
			cmd_word(args->cmd), args->name, family, args->table,
			strerror(-err), *why ? ": " : "", why);
		break;
	}
}

static int run(uint8_t cmd, int argc, char **argv)
{
	bool sessions = cmd == NFT_JOOL_CMD_GET_SESSION;
	struct nat64_args args;
	struct collect col = { 0 };
	struct jool_state state;
	struct jool_genl *g;
	int ret, err;

	ret = nat64_parse_args(cmd, argc, argv, &args);
	if (ret == ARGS_HELP)
		return EXIT_SUCCESS;
	if (ret)
		return ret;

	/* No family: the module is not loaded, so there is no instance. */
	g = jool_genl_open(&err);
	if (!g) {
		report(&args, NULL, err);
		return EXIT_RUNTIME;
	}

	if (cmd == NFT_JOOL_CMD_GET_STATE) {
		err = jool_genl_get_state(g, args.family, args.table,
					  args.name, &state);
		if (!err) {
			if (args.json)
				jool_show_state_json(stdout, args.family,
						     args.table, args.name,
						     &state);
			else
				jool_show_state(stdout, args.family, args.table,
						args.name, &state);
		}
		goto out;
	}

	col.filter = &args.filter;
	col.count_only = args.count;
	err = jool_genl_dump(g, cmd, args.family, args.table, args.name,
			     args.filter.proto, collect_entry, &col);
	if (err)
		goto out;
	if (args.count) {
		jool_show_count(stdout, sessions, args.json, args.family,
				args.table, args.name, col.n);
		goto out;
	}
	/* Hash order changes from run to run; people and diffs like order. */
	jool_entries_sort(col.e, col.n);
	if (args.json)
		jool_show_entries_json(stdout, sessions, args.family,
				       args.table, args.name, col.e, col.n);
	else
		jool_show_entries(stdout, sessions, col.e, col.n,
				  args.numeric ? NULL : resolve);

out:
	if (err)
		report(&args, g, err);
	jool_genl_close(g);
	free(col.e);
	free_names();
	return err ? EXIT_RUNTIME : EXIT_SUCCESS;
}

int cmd_bib(int argc, char **argv)
{
	return run(NFT_JOOL_CMD_GET_BIB, argc, argv);
}

int cmd_session(int argc, char **argv)
{
	return run(NFT_JOOL_CMD_GET_SESSION, argc, argv);
}

int cmd_state(int argc, char **argv)
{
	return run(NFT_JOOL_CMD_GET_STATE, argc, argv);
}
