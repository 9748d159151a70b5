/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim for <linux/siphash.h>: SipHash-2-4 with the kernel's conventions
 * (key words used as given, message read as little-endian 64-bit words, the
 * length in the top byte of the last word). Written from the SipHash paper
 * (Aumasson, Bernstein 2012); test_rfc6056.c checks the paper's test vector.
 */
#ifndef _SHIM_LINUX_SIPHASH_H
#define _SHIM_LINUX_SIPHASH_H

#include <stddef.h>
#include <string.h>
#include <endian.h>
#include <linux/types.h>

typedef struct {
	u64 key[2];
} siphash_key_t;

#define SHIM_ROTL64(x, b) (((x) << (b)) | ((x) >> (64 - (b))))

static inline void shim_sipround(u64 v[4])
{
	v[0] += v[1]; v[1] = SHIM_ROTL64(v[1], 13); v[1] ^= v[0];
	v[0] = SHIM_ROTL64(v[0], 32);
	v[2] += v[3]; v[3] = SHIM_ROTL64(v[3], 16); v[3] ^= v[2];
	v[0] += v[3]; v[3] = SHIM_ROTL64(v[3], 21); v[3] ^= v[0];
	v[2] += v[1]; v[1] = SHIM_ROTL64(v[1], 17); v[1] ^= v[2];
	v[2] = SHIM_ROTL64(v[2], 32);
}

static inline u64 siphash(const void *data, size_t len,
			  const siphash_key_t *key)
{
	const unsigned char *p = data;
	u64 v[4] = {
		0x736f6d6570736575ULL ^ key->key[0],
		0x646f72616e646f6dULL ^ key->key[1],
		0x6c7967656e657261ULL ^ key->key[0],
		0x7465646279746573ULL ^ key->key[1],
	};
	unsigned char last[8] = { 0 };
	size_t left = len;
	u64 m;

	for (; left >= 8; left -= 8, p += 8) {
		memcpy(&m, p, 8);
		m = le64toh(m);
		v[3] ^= m;
		shim_sipround(v);
		shim_sipround(v);
		v[0] ^= m;
	}
	memcpy(last, p, left);
	memcpy(&m, last, 8);
	m = le64toh(m) | ((u64)len << 56);
	v[3] ^= m;
	shim_sipround(v);
	shim_sipround(v);
	v[0] ^= m;
	v[2] ^= 0xff;
	shim_sipround(v);
	shim_sipround(v);
	shim_sipround(v);
	shim_sipround(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

#endif
