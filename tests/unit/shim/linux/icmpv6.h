/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: the kernel's <linux/icmpv6.h> adds only skb helpers to the uapi. */
#include <linux/types.h>
#include_next <linux/icmpv6.h>
