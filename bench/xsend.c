// SPDX-License-Identifier: GPL-2.0
/*
 * xsend IFACE FRAMES.hex [BATCH]   -- AF_PACKET, out of IFACE (a veth end)
 * xsend -t TAP FRAMES.hex          -- into the stack through the tap TAP
 * xsend -R PPS TAP FRAMES.hex      -- the same, paced, counting (control plane)
 *
 * Sends the frames of FRAMES.hex (one per line, hex, as written by
 * bench/frames.py) round robin, as fast as it can, until killed. Every frame
 * becomes a fresh, unshared skb (unlike pktgen's), and the generator does no
 * per-packet work in user space: the frames are built once, the kernel
 * copies them.
 *
 * AF_PACKET: PACKET_QDISC_BYPASS and sendmmsg() of BATCH frames (default
 * 64) per call. The skb has only LL_RESERVED_SPACE(veth) = 16 octets of
 * headroom, and veth hands that very skb to the peer: a translator that
 * grows the header (4->6) must reallocate, which a NIC's receive buffer
 * (NET_SKB_PAD = 64 octets and more) would not need.
 *
 * tap: one write() per frame into a persistent tap device (IFF_TAP |
 * IFF_NO_PI); tun_build_skb() gives the skb NET_SKB_PAD + NET_IP_ALIGN of
 * headroom, as NIC drivers do, and the frame enters as received on TAP.
 *
 * -f FLOWS[+START]: through the tap as -t, but every frame is a new flow: the
 * first frame of FRAMES.hex (an IPv6 UDP frame) is a template whose source
 * port and last source address word encode a flow number k (port 1024 +
 * k % 64000, address word + k / 64000), k = START, START+1, ... wrapping
 * after FLOWS flows (FLOWS 0: never). The UDP checksum is patched
 * incrementally (RFC 1624), a few instructions per frame. -n COUNT stops
 * after COUNT frames and prints "sent N". The NAT64 phase of bench/guest.sh
 * fills session tables with it (one frame per flow) and measures the new-
 * session rate (flows never repeat) and established traffic spread over
 * all sessions.
 *
 * -R PPS: through the tap as -t, but at a constant rate: a burst of PPS/1000
 * frames every millisecond of CLOCK_MONOTONIC (guest time in the bench VM),
 * missed ticks skipped rather than caught up (a catch-up burst could
 * overflow a backlog queue and look like a loss). On SIGTERM or SIGINT it
 * prints "sent N" (the writes that succeeded) and exits 0. The control-plane
 * phase of bench/guest.sh runs it across a reload and compares N with what
 * the sink received.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <sys/ioctl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FRAMES 64
#define MAX_LEN 2048
#define MAX_BATCH 1024

static unsigned char frames[MAX_FRAMES][MAX_LEN];
static size_t lens[MAX_FRAMES];

static int load(const char *path)
{
	char line[2 * MAX_LEN + 8];
	FILE *f = fopen(path, "r");
	int n = 0;

	if (!f) {
		perror(path);
		exit(1);
	}
	while (n < MAX_FRAMES && fgets(line, sizeof(line), f)) {
		size_t i, len = strcspn(line, "\r\n");

		if (!len)
			continue;
		if (len % 2 || len / 2 > MAX_LEN) {
			fprintf(stderr, "%s: bad frame on line %d\n", path, n + 1);
			exit(1);
		}
		for (i = 0; i < len / 2; i++) {
			unsigned int b;

			if (sscanf(line + 2 * i, "%2x", &b) != 1) {
				fprintf(stderr, "%s: bad hex on line %d\n", path, n + 1);
				exit(1);
			}
			frames[n][i] = b;
		}
		lens[n++] = len / 2;
	}
	fclose(f);
	return n;
}

static int tap_main(const char *name, const char *path)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	int fd, n, i;

	n = load(path);
	if (n < 1)
		return 2;
	fd = open("/dev/net/tun", O_RDWR);
	if (fd < 0) {
		perror("/dev/net/tun");
		return 1;
	}
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		perror("TUNSETIFF");
		return 1;
	}
	for (i = 0;; i = (i + 1) % n) {
		if (write(fd, frames[i], lens[i]) < 0 && errno != EAGAIN &&
		    errno != EINTR && errno != ENOBUFS) {
			perror("write");
			return 1;
		}
	}
}

static volatile sig_atomic_t stop;

static int tap_open(const char *name)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	int fd = open("/dev/net/tun", O_RDWR);

	if (fd < 0) {
		perror("/dev/net/tun");
		exit(1);
	}
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		perror("TUNSETIFF");
		exit(1);
	}
	return fd;
}

/* One's complement update of a checksum field for a 16-bit word change. */
static unsigned short csum_fix(unsigned short check, unsigned short old,
			       unsigned short new)
{
	unsigned int sum = (unsigned short)~check + (unsigned short)~old + new;

	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static unsigned short get16(const unsigned char *p)
{
	return p[0] << 8 | p[1];
}

static void put16(unsigned char *p, unsigned short v)
{
	p[0] = v >> 8;
	p[1] = v;
}

/* Ethernet + IPv6: source address word 7 at 14+8+14, UDP at 14+40. */
#define F_SADDR_W7	(14 + 8 + 14)
#define F_SPORT		(14 + 40)
#define F_UCHECK	(14 + 40 + 6)

static int flows_main(const char *spec, long long count, const char *name,
		      const char *path)
{
	unsigned long long flows, k, sent = 0;
	unsigned short w0, p0, c0, w, p, c;
	unsigned char *f = frames[0];
	char *end;
	int fd;

	flows = strtoull(spec, &end, 0);
	k = *end == '+' ? strtoull(end + 1, &end, 0) : 0;
	if (*end || load(path) < 1 || lens[0] < F_UCHECK + 2 ||
	    get16(f + 12) != 0x86dd || f[14 + 6] != 17) {
		fprintf(stderr, "xsend: -f needs FLOWS[+START] and an IPv6 UDP frame\n");
		return 2;
	}
	w0 = get16(f + F_SADDR_W7);
	c0 = get16(f + F_UCHECK);
	p0 = get16(f + F_SPORT);
	fd = tap_open(name);
	for (; count < 0 || (long long)sent < count; k++) {
		unsigned long long j = flows ? k % flows : k;

		p = 1024 + j % 64000;
		w = w0 + j / 64000;
		c = csum_fix(csum_fix(c0, p0, p), w0, w);
		put16(f + F_SPORT, p);
		put16(f + F_SADDR_W7, w);
		/* 0 would mean "no checksum"; IPv6 UDP needs one */
		put16(f + F_UCHECK, c ? c : 0xffff);
		if (write(fd, f, lens[0]) == (ssize_t)lens[0])
			sent++;
		else if (errno != EAGAIN && errno != EINTR && errno != ENOBUFS) {
			perror("write");
			return 1;
		}
	}
	printf("sent %llu\n", sent);
	return 0;
}

static void on_stop(int sig)
{
	stop = 1;
}

static int rate_main(long pps, const char *name, const char *path)
{
	struct sigaction sa = { .sa_handler = on_stop };
	const long period = 1000000;	/* ns */
	unsigned long long sent = 0;
	struct timespec next, now;
	long burst = pps / 1000;
	int fd, n, i = 0, k;

	n = load(path);
	if (n < 1 || burst < 1) {
		fprintf(stderr, "xsend: no frames or rate below 1000 pps\n");
		return 2;
	}
	fd = tap_open(name);
	/* no SA_RESTART: the signal must end clock_nanosleep() */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	clock_gettime(CLOCK_MONOTONIC, &next);
	while (!stop) {
		for (k = 0; k < burst && !stop; k++, i = (i + 1) % n) {
			if (write(fd, frames[i], lens[i]) == (ssize_t)lens[i])
				sent++;
		}
		next.tv_nsec += period;
		if (next.tv_nsec >= 1000000000) {
			next.tv_nsec -= 1000000000;
			next.tv_sec++;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		/* late by more than a tick: restart the schedule from now */
		if ((now.tv_sec - next.tv_sec) * 1000000000LL +
		    now.tv_nsec - next.tv_nsec > period)
			next = now;
		else
			clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}
	printf("sent %llu\n", sent);
	return 0;
}

int main(int argc, char **argv)
{
	static struct mmsghdr msgs[MAX_BATCH];
	static struct iovec iov[MAX_BATCH];
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	int fd, n, batch, i, one = 1;

	if (argc < 3) {
		fprintf(stderr, "usage: xsend IFACE FRAMES.hex [BATCH] | -t TAP FRAMES.hex | -R PPS TAP FRAMES.hex\n"
			"       xsend -f FLOWS[+START] [-n COUNT] TAP FRAMES.hex\n");
		return 2;
	}
	if (!strcmp(argv[1], "-f")) {
		if (argc == 5)
			return flows_main(argv[2], -1, argv[3], argv[4]);
		if (argc == 7 && !strcmp(argv[3], "-n"))
			return flows_main(argv[2], atoll(argv[4]), argv[5], argv[6]);
		return 2;
	}
	if (!strcmp(argv[1], "-t"))
		return argc == 4 ? tap_main(argv[2], argv[3]) : 2;
	if (!strcmp(argv[1], "-R"))
		return argc == 5 ? rate_main(atol(argv[2]), argv[3], argv[4]) : 2;
	n = load(argv[2]);
	batch = argc > 3 ? atoi(argv[3]) : 64;
	if (n < 1 || batch < 1 || batch > MAX_BATCH) {
		fprintf(stderr, "xsend: no frames or bad batch\n");
		return 2;
	}
	fd = socket(AF_PACKET, SOCK_RAW, 0);	/* protocol 0: never receives */
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	sll.sll_ifindex = if_nametoindex(argv[1]);
	if (!sll.sll_ifindex) {
		perror(argv[1]);
		return 1;
	}
	sll.sll_protocol = htons(ETH_P_ALL);
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		perror("bind");
		return 1;
	}
	/* Straight to the driver, as trafgen does: no qdisc in the cost. */
	if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one)))
		perror("PACKET_QDISC_BYPASS");
	for (i = 0; i < batch; i++) {
		iov[i].iov_base = frames[i % n];
		iov[i].iov_len = lens[i % n];
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	/* batch % n != 0 would skew the flow mix: round it down. */
	if (batch >= n)
		batch -= batch % n;
	for (;;) {
		if (sendmmsg(fd, msgs, batch, 0) < 0 && errno != ENOBUFS &&
		    errno != EAGAIN && errno != EINTR) {
			perror("sendmmsg");
			return 1;
		}
	}
}
