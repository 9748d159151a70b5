/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFT_JOOL_CTL_UTIL_H
#define _NFT_JOOL_CTL_UTIL_H

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __printf(a, b) __attribute__((format(printf, a, b)))

#endif /* _NFT_JOOL_CTL_UTIL_H */
