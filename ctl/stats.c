// SPDX-License-Identifier: GPL-2.0
/* nft-jool stats: show (and optionally reset) an instance's counters. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter/nf_tables.h>

#include "ctl.h"
#include "nl.h"
#include "show.h"
#include "util.h"

void stats_usage(FILE *f)
{
	fprintf(f,
		"Usage: " PROG_NAME " stats [OPTIONS] FAMILY TABLE NAME\n"
		"Show the counters of the jool instance NAME in table FAMILY TABLE.\n"
		"FAMILY is ip, ip6 or inet.\n"
		"\n"
		"  -a, --all       also show counters that are zero\n"
		"  -e, --explain   explain each counter\n"
		"  -j, --json      print one JSON object holding every counter\n"
		"  -r, --reset     zero the counters after reading them\n"
		"  -h, --help      show this help\n");
}

static const struct option options[] = {
	{ "all",     no_argument, NULL, 'a' },
	{ "explain", no_argument, NULL, 'e' },
	{ "json",    no_argument, NULL, 'j' },
	{ "reset",   no_argument, NULL, 'r' },
	{ "help",    no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

__printf(1, 2)
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG_NAME " stats: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	stats_usage(stderr);
	return EXIT_USAGE;
}

int stats_parse_args(int argc, char **argv, struct stats_args *args)
{
	int c;

	memset(args, 0, sizeof(*args));
	/* 0 rather than 1: makes glibc reinitialise, so we can parse twice. */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "aejrh", options, NULL)) != -1) {
		switch (c) {
		case 'a':
			args->all = true;
			break;
		case 'e':
			args->explain = true;
			break;
		case 'j':
			args->json = true;
			break;
		case 'r':
			args->reset = true;
			break;
		case 'h':
			stats_usage(stdout);
			return ARGS_HELP;
		default: {
			const char *bad = argv[optind - 1];
			char opt[3] = { '-', (char)optopt, '\0' };

			/* optopt is the letter of a bad short option. */
			if (optopt && strncmp(bad, "--", 2))
				bad = opt;
			return usage_error("bad option '%s'", bad);
		}
		}
	}
	/* Options may follow the operands; "--" allows a table named "-x". */
	if (argc - optind != 3)
		return usage_error(argc - optind < 3 ?
				   "missing FAMILY, TABLE or NAME" :
				   "too many arguments");
	/* JSON always lists every counter, so --all is harmless there. */
	if (args->json && args->explain)
		return usage_error("--json and --explain cannot be combined");

	args->family = jool_nl_family(argv[optind]);
	if (args->family < 0)
		return usage_error("unknown family '%s' (use ip, ip6 or inet)",
				   argv[optind]);
	args->table = argv[optind + 1];
	args->name = argv[optind + 2];
	if (!*args->table || strlen(args->table) >= NFT_TABLE_MAXNAMELEN)
		return usage_error("bad table name '%s'", args->table);
	if (!*args->name || strlen(args->name) >= NFT_OBJ_MAXNAMELEN)
		return usage_error("bad instance name '%s'", args->name);
	return 0;
}

static void report(const struct stats_args *args, struct jool_nl *nl, int err)
{
	const char *family = jool_nl_family_name(args->family);

	switch (err) {
	case -ENOENT:
		/* nf_tables says ENOENT for both; a second question tells. */
		if (jool_nl_table_exists(nl, args->family, args->table) == 0)
			fprintf(stderr,
				PROG_NAME ": no jool instance \"%s\" in table %s %s (no such table)\n",
				args->name, family, args->table);
		else
			fprintf(stderr,
				PROG_NAME ": no jool instance \"%s\" in table %s %s\n",
				args->name, family, args->table);
		break;
	case -EPERM:
	case -EACCES:
		fprintf(stderr,
			PROG_NAME ": permission denied: reading jool instances needs CAP_NET_ADMIN (run as root)\n");
		break;
	case -EPROTO:
		fprintf(stderr,
			PROG_NAME ": unexpected reply from the kernel (nft_jool module of another version?)\n");
		break;
	default:
		fprintf(stderr, PROG_NAME ": cannot read jool instance \"%s\" in table %s %s: %s\n",
			args->name, family, args->table, strerror(-err));
		break;
	}
}

int cmd_stats(int argc, char **argv)
{
	struct stats_args args;
	struct jool_obj *obj;
	struct jool_nl *nl;
	unsigned int flags = 0;
	int ret, err;

	ret = stats_parse_args(argc, argv, &args);
	if (ret == ARGS_HELP)
		return EXIT_SUCCESS;
	if (ret)
		return ret;

	obj = malloc(sizeof(*obj));
	if (!obj) {
		fprintf(stderr, PROG_NAME ": out of memory\n");
		return EXIT_RUNTIME;
	}
	nl = jool_nl_open();
	if (!nl) {
		fprintf(stderr, PROG_NAME ": cannot open netlink socket: %s\n",
			strerror(errno));
		free(obj);
		return EXIT_RUNTIME;
	}

	err = jool_nl_get_obj(nl, args.family, args.table, args.name,
			      args.reset, obj);
	if (err) {
		report(&args, nl, err);
		ret = EXIT_RUNTIME;
		goto out;
	}

	if (args.json) {
		jool_show_stats_json(stdout, args.family, obj);
	} else {
		if (args.all)
			flags |= JOOL_SHOW_ALL;
		if (args.explain)
			flags |= JOOL_SHOW_EXPLAIN;
		jool_show_stats(stdout, args.family, obj, flags);
	}
	ret = EXIT_SUCCESS;
out:
	jool_nl_close(nl);
	free(obj);
	return ret;
}
