/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny test framework: CHECK() records one result, prints one line per
 * failure; unit_main() prints "unit: N passed, M failed".
 */
#ifndef _UNIT_H
#define _UNIT_H

#include <stdio.h>

extern unsigned int unit_passed, unit_failed;

#define CHECK(cond, fmt, ...)						\
	do {								\
		if (cond) {						\
			unit_passed++;					\
		} else {						\
			unit_failed++;					\
			printf("FAIL %s:%d: %s: " fmt "\n", __FILE__,	\
			       __LINE__, #cond, ##__VA_ARGS__);		\
		}							\
	} while (0)

void test_rfc6052(void);
void test_csum(void);
void test_icmp(void);
void test_nat64_tcp(void);
void test_pool4(void);
void test_rfc6056(void);
void test_exthdr(void);
void test_icmp_err(void);
void test_eamt(void);
void test_addr(void);

#endif
