// SPDX-License-Identifier: GPL-2.0
/*
 * Must always compile: proves that the probe build itself works, so that a
 * broken toolchain or missing headers cannot masquerade as "API absent".
 */
#include <linux/module.h>
#include <net/netfilter/nf_tables.h>

MODULE_LICENSE("GPL");
