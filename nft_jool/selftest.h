/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_SELFTEST_H
#define _NFT_JOOL_SELFTEST_H

/* Test builds (make NFT_JOOL_SELFTEST=1) check their pure logic at load. */
#ifdef NFT_JOOL_SELFTEST
int jool_selftest_run(void);
#else
static inline int jool_selftest_run(void)
{
	return 0;
}
#endif

#endif /* _NFT_JOOL_SELFTEST_H */
