// SPDX-License-Identifier: GPL-2.0
/* nft-jool: userspace companion of the nft_jool module. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "nat64.h"
#include "util.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "dev"
#endif

struct cmd {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

static const struct cmd cmds[] = {
	{ "stats", "show the counters of an instance", cmd_stats },
	{ "bib", "show the BIB (bindings) of a NAT64 instance", cmd_bib },
	{ "session", "show the sessions of a NAT64 instance", cmd_session },
	{ "state", "count the BIB entries and sessions of a NAT64 instance",
	  cmd_state },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: " PROG_NAME " COMMAND [OPTIONS] ARGS...\n"
		"       " PROG_NAME " --help | --version\n"
		"Inspect jool (SIIT/NAT64) instances of nf_tables.\n"
		"\n"
		"Commands:\n");
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\nRun '" PROG_NAME " COMMAND --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
	int ret;
	size_t i;

	if (argc < 2) {
		fprintf(stderr, PROG_NAME ": missing command\n");
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		ret = EXIT_SUCCESS;
		goto out;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf(PROG_NAME " " PACKAGE_VERSION "\n");
		ret = EXIT_SUCCESS;
		goto out;
	}

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		if (!strcmp(argv[1], cmds[i].name)) {
			ret = cmds[i].run(argc - 1, argv + 1);
			goto out;
		}
	}
	fprintf(stderr, PROG_NAME ": unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;

out:
	/* A full disk or closed pipe must not look like success. */
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, PROG_NAME ": write error on standard output\n");
		return EXIT_RUNTIME;
	}
	return ret;
}
