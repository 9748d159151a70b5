/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_CTL_SHOW_H
#define _NFT_JOOL_CTL_SHOW_H

#include <stddef.h>
#include <stdio.h>

#include "nl.h"

#define JOOL_SHOW_ALL		(1u << 0)	/* zero counters too */
#define JOOL_SHOW_EXPLAIN	(1u << 1)	/* one explanation per counter */

/* Counter id -> name: "received6", or "stat<N>" for an id we do not know. */
const char *jool_stat_name(unsigned int id, char *buf, size_t size);
/* Counter id -> one-line explanation (never NULL). */
const char *jool_stat_explain(unsigned int id);
/* Instance type -> "siit", "nat64", or "type<N>". */
const char *jool_type_name(unsigned int type, char *buf, size_t size);

/* A JSON string, quoted and escaped. */
void jool_json_str(FILE *f, const char *s);

void jool_show_stats(FILE *f, int family, const struct jool_obj *obj,
		     unsigned int flags);
void jool_show_stats_json(FILE *f, int family, const struct jool_obj *obj);

#endif /* _NFT_JOOL_CTL_SHOW_H */
