# SPDX-License-Identifier: GPL-2.0
"""Seed packets of the NAT64 packet fuzzer (0003nat64_packets_0), built byte
by byte with the helpers of packet_seeds.py.

nat64_seeds.py DIR POOL6: writes DIR/seeds6.hex (IPv6 packets the IPv6 node
H6 = 2001:db8:6::2 sends towards N4 = 192.0.2.2 in POOL6 form) and
DIR/seeds4.hex (IPv4 packets N4 sends to the masks of 198.51.100.1), one L3
packet per line in hex. The instance of the test has static BIB entries
udp [H6]:5001-5004 = 198.51.100.1:6001-6004, tcp [H6]:5002 = :6002,
icmp [H6]:5003 = :6003 and pool4 6001-6999 for all three, so that the
seeds4 packets reach the flows the seeds6 packets made (sent unchanged
first): the mutations then hit established sessions both ways. Also:
dynamic bindings (other H6 ports), TCP SYN/ACK/FIN/RST, ICMP errors about
the flows (with their inner packet), fragments, extension headers, IPv4
options, hop limit / TTL 1, a hairpin, big packets, and packets the
instance must leave alone (other protocols, addresses outside pool4).
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../packet"))
import rfc6052  # noqa: E402
from packet_seeds import ip6, ip4, l4, v6, v4, udp4, icmp4, icmp6  # noqa: E402

H6, N4, M4 = "2001:db8:6::2", "192.0.2.2", "198.51.100.1"


def udp6(src, dst, data=b"hello", sport=4000, dport=5000, **kw):
    s = l4(17, ip6(src), ip6(dst), struct.pack("!HHHH", sport, dport, 0, 0), data, 6, True)
    return v6(src, dst, 17, s, **kw)


def tcp6(src, dst, sport, dport, flags=0x02, data=b"", seq=1000, ack=0):
    h = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 0x80 if flags & 2 else 0x50, flags, 65535, 0, 0)
    if flags & 2:
        h += bytes([2, 4, 0x05, 0xa0, 1, 3, 3, 7, 4, 2, 0, 0])
    return v6(src, dst, 6, l4(6, ip6(src), ip6(dst), h, data, 16, True))


def tcp4(src, dst, sport, dport, flags=0x12, data=b"", seq=5000, ack=1001):
    h = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 0x60 if flags & 2 else 0x50, flags, 65535, 0, 0)
    if flags & 2:
        h += bytes([2, 4, 0x05, 0xb4])
    return v4(src, dst, 6, l4(6, ip4(src), ip4(dst), h, data, 16, False))


def seeds6(n4_6, m4_6):
    echo = struct.pack("!HH", 5003, 1)
    return [
        icmp6(H6, n4_6, 128, 0, echo, b"ping" * 8),
        icmp6(H6, n4_6, 128, 0, struct.pack("!HH", 0x4242, 1), b"dyn"),
        icmp6(H6, n4_6, 129, 0, echo, b"reply"),
        udp6(H6, n4_6, b"u" * 100, sport=5001, dport=9000),
        udp6(H6, n4_6, b"v" * 20, sport=5002, dport=9001),
        udp6(H6, n4_6, sport=4000, dport=5000),                 # dynamic
        udp6(H6, n4_6, b"L" * 1400, sport=5003, dport=9002),
        udp6(H6, n4_6, sport=0, dport=0),
        tcp6(H6, n4_6, 5002, 80),                               # SYN
        tcp6(H6, n4_6, 5002, 80, 0x10, seq=1001, ack=5001),     # ACK
        tcp6(H6, n4_6, 5002, 80, 0x18, b"GET / HTTP/1.0\r\n\r\n", 1001, 5001),
        tcp6(H6, n4_6, 40000, 80),                              # dynamic SYN
        tcp6(H6, n4_6, 40000, 80, 0x11, seq=1001, ack=5001),    # FIN
        tcp6(H6, n4_6, 40001, 81, 0x04),                        # RST, no session
        tcp6(H6, n4_6, 40002, 82, 0x03),                        # SYN+FIN
        # errors about what N4 sent to H6 over the flows, inner packet included
        icmp6(H6, n4_6, 1, 4, b"\0" * 4, udp6(n4_6, H6, b"x" * 32, sport=9000, dport=5001, hlim=30)),
        icmp6(H6, n4_6, 2, 0, struct.pack("!I", 1280), udp6(n4_6, H6, b"x" * 32, sport=9000, dport=5001)),
        icmp6(H6, n4_6, 3, 0, b"\0" * 4, icmp6(n4_6, H6, 129, 0, echo, b"in")),
        icmp6(H6, n4_6, 4, 0, struct.pack("!I", 7), tcp6(n4_6, H6, 80, 5002, 0x12)),
        icmp6(H6, n4_6, 1, 4, b"\0" * 4, udp6(n4_6, H6, sport=9000, dport=5999)),   # no BIB
        # fragments: first (M), middle, atomic
        v6(H6, n4_6, 17, udp6(H6, n4_6, b"f" * 64, sport=5001, dport=9000)[40:][:48],
           ext=struct.pack("!BBHI", 17, 0, 1, 0xabcd), ext_nh=44),
        v6(H6, n4_6, 17, b"m" * 48, ext=struct.pack("!BBHI", 17, 0, (48 << 3) | 1, 0xabcd), ext_nh=44),
        v6(H6, n4_6, 17, udp6(H6, n4_6, sport=5001, dport=9000)[40:], ext=struct.pack("!BBHI", 17, 0, 0, 7),
           ext_nh=44),
        v6(H6, n4_6, 17, udp6(H6, n4_6, sport=5001, dport=9000)[40:],
           ext=bytes([60, 0, 1, 4, 0, 0, 0, 0]) + bytes([17, 0, 1, 4, 0, 0, 0, 0]), ext_nh=0),
        udp6(H6, n4_6, sport=5001, dport=9000, hlim=1),
        udp6(H6, m4_6, b"hairpin", sport=5001, dport=6004),     # to our own mask
        v6(H6, n4_6, 132, b"s" * 24),                           # SCTP: not NAT64's
        icmp6(H6, n4_6, 135, 0, b"\0" * 4, ip6(n4_6)),
    ]


def seeds4():
    return [
        icmp4(N4, M4, 0, 0, struct.pack("!HH", 6003, 1), b"pong" * 8),
        icmp4(N4, M4, 8, 0, struct.pack("!HH", 6003, 2), b"ping"),
        udp4(N4, M4, b"u" * 100, sport=9000, dport=6001),
        udp4(N4, M4, b"v" * 20, sport=9001, dport=6002),
        udp4(N4, M4, sport=9002, dport=6003, zero_csum=True),
        udp4(N4, M4, sport=7777, dport=6004),
        udp4(N4, M4, sport=9000, dport=6500),                   # pool4, no BIB
        tcp4(N4, M4, 80, 6002),                                 # SYN+ACK
        tcp4(N4, M4, 80, 6002, 0x18, b"HTTP/1.0 200 OK\r\n\r\n", 5001, 1019),
        tcp4(N4, M4, 80, 6002, 0x11, seq=5020, ack=1019),       # FIN
        tcp4(N4, M4, 443, 6002, 0x02),                          # new SYN to the static entry
        tcp4(N4, M4, 443, 6600, 0x10),                          # ACK, no BIB
        icmp4(N4, M4, 3, 3, b"\0" * 4, udp4(M4, N4, b"y" * 32, sport=6001, dport=9000)),
        icmp4(N4, M4, 3, 4, struct.pack("!HH", 0, 1400), udp4(M4, N4, b"y" * 32, sport=6001, dport=9000)),
        icmp4(N4, M4, 11, 0, b"\0" * 4, icmp4(M4, N4, 8, 0, struct.pack("!HH", 6003, 1), b"in")),
        icmp4(N4, M4, 12, 0, b"\x14\0\0\0", udp4(M4, N4, b"y" * 32, sport=6001, dport=9000)),
        icmp4(N4, M4, 3, 1, b"\0" * 4, tcp4(M4, N4, 6002, 80, 0x02)[:28]),
        icmp4(N4, M4, 3, 3, b"\0" * 4, udp4(M4, N4, sport=6777, dport=9000)),   # no BIB
        v4(N4, M4, 17, udp4(N4, M4, b"f" * 64, sport=9000, dport=6001)[20:][:48], frag=0x2000),
        v4(N4, M4, 17, b"m" * 48, frag=0x2000 | 6),
        v4(N4, M4, 17, b"l" * 24, frag=12),
        udp4(N4, M4, sport=9000, dport=6001, opts=bytes([7, 7, 4, 0, 0, 0, 0, 0])),
        udp4(N4, M4, sport=9000, dport=6001, opts=bytes([131, 7, 4]) + ip4("192.0.2.9") + b"\0"),
        udp4(N4, M4, sport=9000, dport=6001, ttl=1),
        udp4(N4, M4, b"L" * 1452, sport=9000, dport=6001, frag=0x4000),
        udp4(N4, M4, b"L" * 1452, sport=9000, dport=6001, frag=0),
        udp4(N4, "198.51.100.250", sport=9000, dport=6001),     # not pool4
        v4(N4, M4, 132, b"s" * 24),
        icmp4(N4, M4, 13, 0, b"\0" * 4, b"\0" * 12),
    ]


def main():
    d, pool6 = sys.argv[1], sys.argv[2]
    n4_6, m4_6 = rfc6052.embed(pool6, N4), rfc6052.embed(pool6, M4)
    for name, pkts in (("seeds6.hex", seeds6(n4_6, m4_6)), ("seeds4.hex", seeds4())):
        with open(os.path.join(d, name), "w") as f:
            for p in pkts:
                f.write(p.hex() + "\n")


if __name__ == "__main__":
    main()
