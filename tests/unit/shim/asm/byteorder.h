/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim: the uapi header (bitfield order macros) plus the kernel's short
 * byte order names, over <endian.h>.
 */
#ifndef _SHIM_ASM_BYTEORDER_H
#define _SHIM_ASM_BYTEORDER_H

#include_next <asm/byteorder.h>
#include <endian.h>
#include <linux/types.h>

#define be16_to_cpu(x) ((u16)be16toh((__force u16)(x)))
#define cpu_to_be16(x) ((__force __be16)htobe16(x))
#define be32_to_cpu(x) ((u32)be32toh((__force u32)(x)))
#define cpu_to_be32(x) ((__force __be32)htobe32(x))
#define le64_to_cpu(x) ((u64)le64toh((__force u64)(x)))

#endif
