/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: IPPROTO_* from glibc (the uapi <linux/in.h> clashes with it). */
#ifndef _SHIM_LINUX_IN_H
#define _SHIM_LINUX_IN_H

#include <netinet/in.h>

#endif
