// SPDX-License-Identifier: GPL-2.0
/*
 * pktfuzz IFACE DSTMAC SEEDS.hex COUNT SEED [BATCH]
 *
 * Sends COUNT mutated IPv4/IPv6 packets out of IFACE (AF_PACKET, one
 * Ethernet header to DSTMAC, PACKET_QDISC_BYPASS, sendmmsg() of BATCH
 * frames, default 64). Each packet is a seed of SEEDS.hex (one L3 packet
 * per line, hex; '#' starts a comment) with one to four mutations drawn
 * from a xorshift64* generator seeded with SEED, so a run is reproducible:
 * bit flips, interesting bytes, truncation, length and header-length
 * fields, IPv6 extension-header chains, IPv4 options, fragment fields,
 * protocol numbers, hop limits, the packet inside an ICMP error, and
 * appended bytes. Half of the packets get their IPv4 header checksum and
 * L4 checksum recomputed afterwards, so that they get past the first
 * checks of the stack and of the translator. The EtherType follows the
 * seed's IP version, not the mutated one.
 *
 * Prints "sent N frames, E send errors" and exits 0 (1 on setup errors).
 * PKTFUZZ_SECONDS=N stops after N seconds whatever COUNT says.
 * PKTFUZZ_PLAIN=1 sends the seeds unchanged, in order (a sanity check).
 * PKTFUZZ_DUMP=FILE also writes every frame's L3 bytes in hex (to replay a
 * finding; slow).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_SEEDS 256
#define MAX_L3 1500		/* the veth's MTU */
#define MAX_BATCH 256

static uint8_t *seeds[MAX_SEEDS];
static size_t seed_len[MAX_SEEDS];
static int nseeds;
static uint64_t rs;

static uint64_t rnd(void)
{
	/* xorshift64* (Vigna): fast, and the same sequence everywhere */
	rs ^= rs >> 12;
	rs ^= rs << 25;
	rs ^= rs >> 27;
	return rs * 0x2545F4914F6CDD1DULL;
}

static unsigned int below(unsigned int n)
{
	return n ? (unsigned int)(rnd() % n) : 0;
}

static void put16(uint8_t *p, unsigned int v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static unsigned int get16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void load(const char *path)
{
	static char line[2 * MAX_L3 + 64];
	FILE *f = fopen(path, "r");

	if (!f) {
		perror(path);
		exit(1);
	}
	while (nseeds < MAX_SEEDS && fgets(line, sizeof(line), f)) {
		size_t n = strcspn(line, "#\r\n"), i;
		uint8_t *p;

		while (n && line[n - 1] == ' ')
			n--;
		if (!n)
			continue;
		if (n % 2 || n / 2 > MAX_L3 || n < 40) {
			fprintf(stderr, "%s: bad seed %d\n", path, nseeds + 1);
			exit(1);
		}
		p = malloc(n / 2);
		for (i = 0; i < n / 2; i++) {
			int h = hexval(line[2 * i]), l = hexval(line[2 * i + 1]);

			if (h < 0 || l < 0) {
				fprintf(stderr, "%s: bad hex in seed %d\n", path, nseeds + 1);
				exit(1);
			}
			p[i] = h << 4 | l;
		}
		seeds[nseeds] = p;
		seed_len[nseeds++] = n / 2;
	}
	fclose(f);
	if (!nseeds) {
		fprintf(stderr, "%s: no seeds\n", path);
		exit(1);
	}
}

/* ---- checksums ---- */
static uint32_t sum16(const uint8_t *p, size_t n, uint32_t s)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += get16(p + i);
	if (n & 1)
		s += p[n - 1] << 8;
	return s;
}

static unsigned int fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s & 0xffff;
}

/* Offset of the L4 checksum field for protocol @proto, or -1. */
static int csum_field(unsigned int proto)
{
	switch (proto) {
	case 6: return 16;	/* TCP */
	case 17: return 6;	/* UDP */
	case 1:			/* ICMP */
	case 58: return 2;	/* ICMPv6 */
	}
	return -1;
}

/* Recompute what a well-meaning sender would have: header and L4 sums. */
static void fix_checksums(uint8_t *p, size_t len)
{
	unsigned int proto, off, f;
	uint32_t s;

	if (len < 20)
		return;
	if ((p[0] >> 4) == 4) {
		off = (p[0] & 15) * 4;
		if (off < 20 || off > len)
			return;
		put16(p + 10, 0);
		put16(p + 10, fold(sum16(p, off, 0)));
		if (get16(p + 6) & 0x1fff)	/* not the first fragment */
			return;
		proto = p[9];
		if (csum_field(proto) < 0 || off + csum_field(proto) + 2 > len)
			return;
		f = off + csum_field(proto);
		put16(p + f, 0);
		s = sum16(p + off, len - off, 0);
		if (proto != 1)
			s = sum16(p + 12, 8, s) + proto + (len - off);
		put16(p + f, fold(s));
		return;
	}
	if ((p[0] >> 4) != 6 || len < 40)
		return;
	proto = p[6];
	off = 40;
	/* hop-by-hop, routing, destination options, fragment */
	for (int i = 0; i < 8; i++) {
		if (proto == 0 || proto == 43 || proto == 60) {
			if (off + 2 > len)
				return;
			proto = p[off];
			off += (p[off + 1] + 1) * 8;
		} else if (proto == 44) {
			if (off + 8 > len || (get16(p + off + 2) & 0xfff8))
				return;
			proto = p[off];
			off += 8;
		} else {
			break;
		}
	}
	if (csum_field(proto) < 0 || proto == 1 || off + csum_field(proto) + 2 > len)
		return;
	f = off + csum_field(proto);
	put16(p + f, 0);
	s = sum16(p + off, len - off, 0);
	s = sum16(p + 8, 32, s) + proto + (uint32_t)(len - off);
	put16(p + f, fold(s));
}

/* ---- mutations ---- */
static const uint8_t interesting8[] = { 0, 1, 2, 0x7f, 0x80, 0xfe, 0xff, 4, 5, 6, 15, 16, 40, 64 };

static unsigned int boundary16(size_t len)
{
	static const unsigned int v[] = { 0, 1, 7, 8, 19, 20, 27, 28, 39, 40, 47, 48,
					  0x7fff, 0x8000, 0xfffe, 0xffff, 1280, 1500 };
	switch (below(4)) {
	case 0: return len + below(3) - 1;
	case 1: return len - below(48);
	default: return v[below(sizeof(v) / sizeof(v[0]))];
	}
}

/* Make room for @n bytes at @at (the tail beyond MAX_L3 is lost). */
static int insert(uint8_t *p, size_t *len, size_t at, size_t n)
{
	if (at > *len || *len + n > MAX_L3)
		return -1;
	memmove(p + at + n, p + at, *len - at);
	*len += n;
	return 0;
}

static void fill(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = below(4) ? 0 : rnd();
}

/* A chain of 1..6 IPv6 extension headers right after the fixed header. */
static void ext_chain(uint8_t *p, size_t *len)
{
	static const uint8_t kinds[] = { 0, 43, 44, 60, 51, 50, 59, 135, 139, 253 };
	unsigned int k = 1 + below(6), i;
	uint8_t first = p[6];

	for (i = 0; i < k; i++) {
		uint8_t kind = kinds[below(sizeof(kinds))];
		size_t hl = kind == 44 ? 8 : 8 * (1 + below(3));

		if (below(8) == 0)
			hl = 8 * below(40);	/* long, or no room at all */
		if (insert(p, len, 40, hl))
			return;
		fill(p + 40, hl);
		p[40] = first;			/* next header: what was first */
		if (kind != 44)
			p[41] = hl / 8 - 1;
		if (kind == 43 && below(2)) {	/* routing: type 0 or 2 */
			p[42] = below(2) ? 0 : 2;
			p[43] = below(3);	/* segments left */
		}
		if (kind == 44) {
			put16(p + 42, below(2) ? 0 : (rnd() & 0xfff9));
			if (below(2))
				p[43] |= 1;	/* M */
		}
		if (below(10) == 0)
			p[40] = rnd();		/* wrong next header */
		first = kind;
	}
	p[6] = first;
	put16(p + 4, *len - 40);
}

static void ipv4_options(uint8_t *p, size_t *len)
{
	size_t hl = (p[0] & 15) * 4, add = 4 * (1 + below(10));
	static const uint8_t types[] = { 0, 1, 7, 68, 130, 131, 136, 137, 148 };

	if (hl < 20 || hl > *len || hl + add > 60 || insert(p, len, hl, add))
		return;
	fill(p + hl, add);
	for (size_t o = hl; o + 1 < hl + add;) {
		size_t ol = 2 + below(12);

		p[o] = types[below(sizeof(types))];
		if (p[o] <= 1) {
			o++;
			continue;
		}
		p[o + 1] = below(8) ? ol : rnd();
		if (o + 2 < *len)
			p[o + 2] = 4 + 4 * below(3);	/* pointer */
		o += ol;
	}
	p[0] = 0x40 | ((hl + add) / 4);
	put16(p + 2, *len);
}

/* Offset of the L4 header of a seed-shaped packet (no walking). */
static size_t l4off(const uint8_t *p, size_t len)
{
	if (len >= 20 && (p[0] >> 4) == 4)
		return (p[0] & 15) * 4;
	return 40;
}

static void mutate_at(uint8_t *p, size_t *len, size_t base);

static void mutate_one(uint8_t *p, size_t *len, int is6)
{
	size_t l4 = l4off(p, *len);

	switch (below(13)) {
	case 0:
	case 1:
		mutate_at(p, len, 0);
		break;
	case 2:			/* truncation, often at a header boundary */
		if (*len > 1) {
			static const size_t cuts[] = { 1, 8, 19, 20, 21, 27, 28, 39, 40, 41,
						       47, 48, 60, 68, 76, 88 };
			size_t c = below(2) ? cuts[below(sizeof(cuts) / sizeof(cuts[0]))] :
					      1 + below(*len - 1);
			if (c < *len)
				*len = c;
		}
		break;
	case 3:			/* length fields */
		if (is6 && *len >= 6) {
			put16(p + 4, boundary16(*len - 40));
		} else if (*len >= 4) {
			if (below(3))
				put16(p + 2, boundary16(*len));
			else
				p[0] = (p[0] & 0xf0) | below(16);
		}
		break;
	case 4:
		if (is6 && *len >= 40)
			ext_chain(p, len);
		else if (!is6)
			ipv4_options(p, len);
		break;
	case 5:			/* the packet inside an ICMP error */
		if (l4 + 8 < *len)
			mutate_at(p, len, l4 + 8);
		break;
	case 6:			/* fragment fields */
		if (is6 && *len >= 40 && !insert(p, len, 40, 8)) {
			p[40] = p[6];
			p[41] = 0;
			put16(p + 42, below(2) ? (below(2) ? 0 : 1) : (rnd() & 0xfff9));
			memcpy(p + 44, (uint32_t[]){ rnd() }, 4);
			p[6] = 44;
			put16(p + 4, *len - 40);
		} else if (!is6 && *len >= 8) {
			put16(p + 6, below(2) ? (rnd() & 0x3fff) : (below(2) ? 0x2000 : 0x0001));
		}
		break;
	case 7:			/* protocol / next header */
		if (*len >= 10)
			p[is6 ? 6 : 9] = below(2) ? rnd() : (uint8_t[]){ 1, 6, 17, 58, 0, 44, 43 }[below(7)];
		break;
	case 8:			/* appended bytes */
		{
			size_t n = 1 + below(64), o = *len;

			if (!insert(p, len, o, n))
				fill(p + o, n);
		}
		break;
	case 9:			/* TTL / hop limit */
		if (*len >= 9)
			p[is6 ? 7 : 8] = (uint8_t[]){ 0, 1, 2, 255 }[below(4)];
		break;
	case 10:		/* a 16-bit field somewhere in the L4 header */
		if (l4 + 2 <= *len) {
			size_t o = l4 + below(*len - l4 - 1 < 40 ? *len - l4 - 1 : 40);

			put16(p + o, boundary16(*len - l4));
		}
		break;
	case 11:		/* ICMP type / code */
		if (l4 + 2 <= *len) {
			p[l4] = below(2) ? rnd() : (uint8_t[]){ 0, 3, 4, 5, 8, 11, 12, 1, 2, 128, 129, 135 }[below(12)];
			p[l4 + 1] = below(2) ? rnd() : below(5);
		}
		break;
	default:		/* the IP version */
		if (*len)
			p[0] = (p[0] & 0x0f) | ((uint8_t[]){ 4, 6, 0, 5, 15 }[below(5)] << 4);
		break;
	}
}

/* Byte-level damage from @base on. */
static void mutate_at(uint8_t *p, size_t *len, size_t base)
{
	size_t span, o;

	if (base >= *len)
		return;
	span = *len - base;
	switch (below(4)) {
	case 0:
	case 1:
		for (int i = 1 + below(4); i; i--) {
			o = base + below(span > 64 ? 64 : span);
			p[o] ^= 1 << below(8);
		}
		break;
	case 2:
		o = base + below(span > 64 ? 64 : span);
		p[o] = interesting8[below(sizeof(interesting8))];
		break;
	default:
		if (span >= 2) {
			o = base + below(span - 1 > 48 ? 48 : span - 1);
			put16(p + o, boundary16(span));
		}
		break;
	}
}

int main(int argc, char **argv)
{
	static uint8_t frames[MAX_BATCH][ETH_HLEN + MAX_L3];
	static struct iovec iov[MAX_BATCH];
	static struct mmsghdr msgs[MAX_BATCH];
	unsigned long count, sent = 0, errors = 0;
	unsigned int batch = 64, dst[6];
	struct sockaddr_ll sll = { 0 };
	uint8_t src[6], dmac[6];
	struct ifreq ifr;
	FILE *dump = NULL;
	time_t deadline = 0;
	unsigned long rounds = 0;
	int fd, one = 1, plain = getenv("PKTFUZZ_PLAIN") != NULL;

	if (argc < 6) {
		fprintf(stderr, "usage: %s IFACE DSTMAC SEEDS.hex COUNT SEED [BATCH]\n", argv[0]);
		return 1;
	}
	if (sscanf(argv[2], "%x:%x:%x:%x:%x:%x", &dst[0], &dst[1], &dst[2], &dst[3],
		   &dst[4], &dst[5]) != 6) {
		fprintf(stderr, "bad MAC %s\n", argv[2]);
		return 1;
	}
	for (int i = 0; i < 6; i++)
		dmac[i] = dst[i];
	load(argv[3]);
	count = strtoul(argv[4], NULL, 0);
	rs = strtoull(argv[5], NULL, 0) * 0x9E3779B97F4A7C15ULL + 1;
	if (argc > 6)
		batch = atoi(argv[6]);
	if (batch < 1 || batch > MAX_BATCH)
		batch = 64;
	if (getenv("PKTFUZZ_DUMP"))
		dump = fopen(getenv("PKTFUZZ_DUMP"), "w");

	fd = socket(AF_PACKET, SOCK_RAW, 0);	/* protocol 0: send only */
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", argv[1]);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
		perror(argv[1]);
		return 1;
	}
	memcpy(src, ifr.ifr_hwaddr.sa_data, 6);
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = if_nametoindex(argv[1]);
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		perror("bind");
		return 1;
	}
	/* straight to the veth: the qdisc would only drop under load */
	setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one));

	if (getenv("PKTFUZZ_SECONDS"))
		deadline = time(NULL) + atol(getenv("PKTFUZZ_SECONDS"));
	while (sent + errors < count) {
		unsigned int n = count - sent - errors < batch ? count - sent - errors : batch;
		unsigned int i;
		int r;

		if (deadline && !(++rounds & 63) && time(NULL) >= deadline) {
			printf("time limit reached: ");
			break;
		}
		for (i = 0; i < n; i++) {
			uint8_t *f = frames[i], *p = f + ETH_HLEN;
			int s = plain ? (int)((sent + errors + i) % nseeds) : (int)below(nseeds);
			int is6 = (seeds[s][0] >> 4) == 6;
			size_t len = seed_len[s];
			unsigned int k = plain ? 0 : (uint8_t[]){ 1, 1, 1, 2, 2, 3, 4 }[below(7)];

			memcpy(f, dmac, 6);
			memcpy(f + 6, src, 6);
			put16(f + 12, is6 ? ETH_P_IPV6 : ETH_P_IP);
			memcpy(p, seeds[s], len);
			while (k--)
				mutate_one(p, &len, is6);
			if (!plain && below(2))
				fix_checksums(p, len);
			if (dump) {
				for (size_t j = 0; j < len; j++)
					fprintf(dump, "%02x", p[j]);
				fputc('\n', dump);
			}
			iov[i].iov_base = f;
			iov[i].iov_len = ETH_HLEN + len;
			msgs[i].msg_hdr = (struct msghdr){ .msg_iov = &iov[i], .msg_iovlen = 1 };
		}
		r = sendmmsg(fd, msgs, n, 0);
		if (r < 0) {
			if (errno != ENOBUFS && errno != EAGAIN && errno != EINVAL &&
			    errno != EMSGSIZE) {
				perror("sendmmsg");
				return 1;
			}
			/* the first frame was refused: count it, go on */
			errors++;
			continue;
		}
		sent += r;
		/* frames after a refused one are generated afresh next round */
		if ((unsigned int)r < n)
			errors++;
	}
	if (dump)
		fclose(dump);
	printf("sent %lu frames, %lu send errors\n", sent, errors);
	return 0;
}
