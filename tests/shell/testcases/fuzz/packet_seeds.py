# SPDX-License-Identifier: GPL-2.0
"""Seed packets of the packet fuzzer (pktfuzz.c), built byte by byte.

packet_seeds.py DIR: writes DIR/seeds6.hex (IPv6 packets that NS6 sends to
the translator) and DIR/seeds4.hex (IPv4 packets from NS4), one L3 packet
per line in hex. All are valid and translatable by the instance of
0002packets_0 (pool6 64:ff9b::/96, EAM 2001:db8:6::/120 = 203.0.113.0/24
and 2001:db8:77::5 = 198.51.100.77, denylist4 192.0.2.128/25): echo, UDP,
TCP, ICMP errors with a packet inside, fragments, extension headers and
IPv4 options, a routing header, hop limit 1, large packets; a few go to
addresses that the instance refuses (denylist4, no mapping).
"""
import os
import socket
import struct
import sys

A6 = "64:ff9b::c633:6402"      # NS6, = 198.51.100.2 (RFC 6052)
A6E = "2001:db8:6::2"          # NS6 again, = 203.0.113.2 (EAM)
N4_6 = "64:ff9b::c000:202"     # NS4 (192.0.2.2) seen from NS6
E77 = "2001:db8:77::5"         # EAM 198.51.100.77
DENY_6 = "64:ff9b::c000:2c8"   # 192.0.2.200: in denylist4
A4, A4E, N4 = "198.51.100.2", "203.0.113.2", "192.0.2.2"


def ip6(s):
    return socket.inet_pton(socket.AF_INET6, s)


def ip4(s):
    return socket.inet_pton(socket.AF_INET, s)


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def l4(proto, src, dst, hdr, payload, cs_off, v6):
    """An L4 segment with its checksum (pseudo header except ICMPv4)."""
    seg = bytearray(hdr + payload)
    if proto == 17:
        struct.pack_into("!H", seg, 4, len(seg))
    if v6:
        pseudo = src + dst + struct.pack("!IxxxB", len(seg), proto)
    elif proto == 1:
        pseudo = b""
    else:
        pseudo = src + dst + struct.pack("!xBH", proto, len(seg))
    struct.pack_into("!H", seg, cs_off, csum(pseudo + bytes(seg)))
    return bytes(seg)


def v6(src, dst, nh, payload, hlim=64, ext=b"", ext_nh=None):
    first = nh if ext_nh is None else ext_nh
    return struct.pack("!IHBB", 0x60000000 | 0x12345, len(ext) + len(payload),
                       first, hlim) + ip6(src) + ip6(dst) + ext + payload


def v4(src, dst, proto, payload, ttl=64, ident=0x1234, frag=0x4000, opts=b""):
    hl = 20 + len(opts)
    h = bytearray(struct.pack("!BBHHHBBH4s4s", 0x40 | hl // 4, 0, hl + len(payload),
                              ident, frag, ttl, proto, 0, ip4(src), ip4(dst)) + opts)
    struct.pack_into("!H", h, 10, csum(bytes(h)))
    return bytes(h) + payload


def udp6(src, dst, data=b"hello", sport=4000, dport=5000, **kw):
    s = l4(17, ip6(src), ip6(dst), struct.pack("!HHHH", sport, dport, 0, 0), data, 6, True)
    return v6(src, dst, 17, s, **kw)


def tcp6(src, dst, flags=0x02, data=b""):
    h = struct.pack("!HHIIBBHHH", 40000, 80, 1000, 0, 0x70, flags, 65535, 0, 0)
    h += bytes([2, 4, 0x05, 0xa0, 1, 3, 3, 7, 4, 2, 0, 0])    # MSS, WS, SACK ok
    return v6(src, dst, 6, l4(6, ip6(src), ip6(dst), h, data, 16, True))


def icmp6(src, dst, typ, code, rest, data, **kw):
    h = struct.pack("!BBH", typ, code, 0) + rest
    return v6(src, dst, 58, l4(58, ip6(src), ip6(dst), h, data, 2, True), **kw)


def udp4(src, dst, data=b"hello", sport=5000, dport=4000, zero_csum=False, **kw):
    s = bytearray(l4(17, ip4(src), ip4(dst), struct.pack("!HHHH", sport, dport, 0, 0),
                     data, 6, False))
    if zero_csum:
        s[6:8] = b"\0\0"
    return v4(src, dst, 17, bytes(s), **kw)


def tcp4(src, dst, flags=0x12, data=b""):
    h = struct.pack("!HHIIBBHHH", 80, 40000, 5000, 1001, 0x60, flags, 65535, 0, 0)
    h += bytes([2, 4, 0x05, 0xb4])
    return v4(src, dst, 6, l4(6, ip4(src), ip4(dst), h, data, 16, False))


def icmp4(src, dst, typ, code, rest, data, **kw):
    h = struct.pack("!BBH", typ, code, 0) + rest
    return v4(src, dst, 1, l4(1, ip4(src), ip4(dst), h, data, 2, False), **kw)


def seeds6():
    echo = struct.pack("!HH", 0x4242, 1)
    inner_udp4to6 = udp6(N4_6, A6, b"x" * 32, sport=5000, dport=4000)
    inner_tcp = tcp6(A6, N4_6)
    out = [
        icmp6(A6, N4_6, 128, 0, echo, b"ping" * 8),
        icmp6(A6E, N4_6, 128, 0, echo, b"eam"),
        udp6(A6, N4_6, b"u" * 100),
        udp6(A6E, N4_6),
        udp6(A6, E77, b"to the EAM"),
        tcp6(A6, N4_6),
        tcp6(A6, N4_6, 0x18, b"GET / HTTP/1.0\r\n\r\n"),
        # errors about a packet NS4 sent to NS6, each with its inner packet
        icmp6(A6, N4_6, 1, 4, b"\0" * 4, inner_udp4to6),
        icmp6(A6, N4_6, 2, 0, struct.pack("!I", 1280), inner_udp4to6),
        icmp6(A6, N4_6, 3, 0, b"\0" * 4, icmp6(N4_6, A6, 128, 0, echo, b"in")),
        icmp6(A6, N4_6, 4, 0, struct.pack("!I", 7), inner_udp4to6),
        icmp6(A6, N4_6, 1, 0, b"\0" * 4, inner_tcp[:60]),
        # fragments: first (M), middle, atomic
        v6(A6, N4_6, 17, udp6(A6, N4_6, b"f" * 64)[40:][:48],
           ext=struct.pack("!BBHI", 17, 0, 1, 0xabcd), ext_nh=44),
        v6(A6, N4_6, 17, b"m" * 48, ext=struct.pack("!BBHI", 17, 0, (48 << 3) | 1, 0xabcd),
           ext_nh=44),
        v6(A6, N4_6, 17, udp6(A6, N4_6)[40:], ext=struct.pack("!BBHI", 17, 0, 0, 7), ext_nh=44),
        # hop-by-hop (PadN) + destination options, then UDP
        v6(A6, N4_6, 17, udp6(A6, N4_6)[40:],
           ext=bytes([60, 0, 1, 4, 0, 0, 0, 0]) + bytes([17, 0, 1, 4, 0, 0, 0, 0]), ext_nh=0),
        # routing header type 0 with segments left (a source route)
        v6(A6, N4_6, 17, udp6(A6, N4_6)[40:],
           ext=bytes([17, 2, 0, 1, 0, 0, 0, 0]) + ip6("2001:db8:6::99"), ext_nh=43),
        udp6(A6, N4_6, hlim=1),
        udp6(A6, N4_6, b"L" * 1400),
        udp6(A6, DENY_6),
        udp6("2001:db8:99::1", N4_6),           # source with no mapping
        icmp6(A6, N4_6, 135, 0, b"\0" * 4, ip6(N4_6)),   # no ICMPv4 equivalent
    ]
    return out


def seeds4():
    echo = struct.pack("!HH", 0x4343, 1)
    inner_udp6to4 = udp4(A4, N4, b"y" * 32, sport=4000, dport=5000)
    out = [
        icmp4(N4, A4, 8, 0, echo, b"ping" * 8),
        icmp4(N4, A4E, 8, 0, echo, b"eam"),
        udp4(N4, A4, b"u" * 100),
        udp4(N4, A4E),
        udp4(N4, "198.51.100.77"),
        udp4(N4, A4, zero_csum=True),
        tcp4(N4, A4),
        tcp4(N4, A4, 0x18, b"HTTP/1.0 200 OK\r\n\r\n"),
        icmp4(N4, A4, 3, 3, b"\0" * 4, inner_udp6to4),
        icmp4(N4, A4, 3, 4, struct.pack("!HH", 0, 1400), inner_udp6to4),
        icmp4(N4, A4, 11, 0, b"\0" * 4, icmp4(A4, N4, 8, 0, echo, b"in")),
        icmp4(N4, A4, 12, 0, b"\x14\0\0\0", inner_udp6to4),
        icmp4(N4, A4, 3, 1, b"\0" * 4, tcp4(A4, N4)[:28]),
        # fragments: first (MF), middle, last
        v4(N4, A4, 17, udp4(N4, A4, b"f" * 64)[20:][:48], frag=0x2000),
        v4(N4, A4, 17, b"m" * 48, frag=0x2000 | 6),
        v4(N4, A4, 17, b"l" * 24, frag=12),
        # options: record route; loose source route with a hop left
        udp4(N4, A4, opts=bytes([7, 7, 4, 0, 0, 0, 0, 0])),
        udp4(N4, A4, opts=bytes([131, 7, 4]) + ip4("192.0.2.9") + b"\0"),
        udp4(N4, A4, ttl=1),
        udp4(N4, A4, b"L" * 1452, frag=0x4000),     # DF, needs a fragment 6-side
        udp4(N4, A4, b"L" * 1452, frag=0),
        udp4("192.0.2.200", A4),                    # source in denylist4
        udp4(N4, "198.51.100.250"),
        icmp4(N4, A4, 13, 0, b"\0" * 4, b"\0" * 12),  # timestamp: no ICMPv6 type
    ]
    return out


def main():
    d = sys.argv[1]
    for name, pkts in (("seeds6.hex", seeds6()), ("seeds4.hex", seeds4())):
        with open(os.path.join(d, name), "w") as f:
            for p in pkts:
                f.write(p.hex() + "\n")


if __name__ == "__main__":
    main()
