/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: the kernel's <linux/limits.h> also has INT_MAX and friends. */
#ifndef _SHIM_LINUX_LIMITS_H
#define _SHIM_LINUX_LIMITS_H

#include_next <linux/limits.h>
#include <limits.h>

#endif
