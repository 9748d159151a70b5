/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: glibc's struct in6_addr has the same s6_addr{,16,32} names. */
#ifndef _SHIM_LINUX_IN6_H
#define _SHIM_LINUX_IN6_H

#include <netinet/in.h>

#endif
