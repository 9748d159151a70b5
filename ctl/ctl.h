/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_CTL_H
#define _NFT_JOOL_CTL_H

#include <stdbool.h>
#include <stdio.h>

#define PROG_NAME "nft-jool"

/* Exit statuses: 0 ok, 1 runtime error, 2 bad command line. */
#define EXIT_RUNTIME	1
#define EXIT_USAGE	2
/* From an argument parser: help was printed, exit 0. */
#define ARGS_HELP	(-1)

struct stats_args {
	bool json;
	bool all;
	bool explain;
	bool reset;
	int family;
	const char *table;
	const char *name;
};

/* Returns 0, ARGS_HELP or EXIT_USAGE (after a message on stderr). */
int stats_parse_args(int argc, char **argv, struct stats_args *args);
void stats_usage(FILE *f);
int cmd_stats(int argc, char **argv);

#endif /* _NFT_JOOL_CTL_H */
