# SPDX-License-Identifier: GPL-2.0
"""Seed corpora of the libFuzzer targets: mkcorpus.py DIR.

Writes DIR/<target>/<name> files. The packets come from the packet
fuzzer's seed builder (../shell/testcases/fuzz/packet_seeds.py), so both
fuzzers start from the same valid traffic; the rest is built here.
"""
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "../shell/testcases/fuzz"))
import packet_seeds as S  # noqa: E402


def write(d, target, name, data):
    os.makedirs(os.path.join(d, target), exist_ok=True)
    with open(os.path.join(d, target, name), "wb") as f:
        f.write(data)


def eam(p6, l6, p4, l4):
    return socket.inet_pton(socket.AF_INET6, p6) + socket.inet_pton(socket.AF_INET, p4) + \
        bytes([l6, l4, 0, 0])


def deny(p4, l):
    return socket.inet_pton(socket.AF_INET, p4) + bytes([l, 0, 0, 0])


def main():
    d = sys.argv[1]
    s6, s4 = S.seeds6(), S.seeds4()
    # exthdr: everything readable (0), and a short head (the walk asks for more)
    for i, p in enumerate(s6):
        write(d, "fuzz_exthdr", "seed6_%02d" % i, b"\0" + p)
        write(d, "fuzz_exthdr", "short6_%02d" % i, b"\x07" + p)
    # inner: the packet inside each ICMP error seed, both directions, with
    # the room an ICMP error leaves and a small room
    for i, p in enumerate(s6):
        inner = p[48:] if p[6] == 58 and p[40] < 128 else p
        write(d, "fuzz_inner", "in64_%02d" % i, bytes([1, 0]) + struct.pack("!H", 1232) + inner)
        write(d, "fuzz_inner", "in64s_%02d" % i, bytes([9, 0x20]) + struct.pack("!H", 30) + inner)
    for i, p in enumerate(s4):
        hl = (p[0] & 15) * 4
        inner = p[hl + 8:] if p[9] == 1 and p[hl] in (3, 4, 5, 11, 12) else p
        write(d, "fuzz_inner", "in46_%02d" % i, bytes([0, 0]) + struct.pack("!H", 548) + inner)
        write(d, "fuzz_inner", "in46s_%02d" % i, bytes([6, 0]) + struct.pack("!H", 44) + inner)
    # eamt: RFC 7757-style tables, with overlaps, plus denylist4
    tables = [
        [eam("2001:db8:6::", 120, "198.51.100.0", 24), eam("2001:db8:6::8", 125, "198.51.100.8", 29)],
        [eam("2001:db8:7::5", 128, "203.0.113.5", 32), eam("2001:db8:8::", 112, "10.1.0.0", 16),
         eam("::", 96, "0.0.0.0", 0), eam("2001:db8:9::", 64, "10.2.0.0", 16)],
        [eam("2001:db8::", 32, "192.0.2.0", 24)],
        [eam("2001:db8:6::", 120, "198.51.100.0", 24), eam("2001:db8:6::", 120, "192.0.2.0", 24)],
        [],
    ]
    denies = [deny("192.0.2.128", 25), deny("10.9.9.9", 32), deny("0.0.0.0", 0), deny("172.16.0.0", 12)]
    for i, t in enumerate(tables):
        write(d, "fuzz_eamt", "t%d" % i, bytes([len(t)]) + b"".join(t) + b"".join(denies[:i]))
        write(d, "fuzz_eamt", "raw%d" % i, bytes([0x80 | len(t)]) + b"".join(t) + b"".join(denies[i:]))
    # icmp: every ICMPv4 and ICMPv6 type the RFC names, with codes
    groups = []
    for t, c in [(0, 0), (8, 0), (3, 0), (3, 1), (3, 3), (3, 4), (3, 13), (11, 0), (11, 1),
                 (12, 0), (12, 2), (13, 0), (128, 0), (129, 0), (1, 4), (2, 0), (3, 1), (4, 0),
                 (4, 1), (4, 2), (130, 0), (135, 0)]:
        groups.append(bytes([t, c, 6, 2]) + struct.pack("!HH", 1400, 1500))
    write(d, "fuzz_icmp", "types", b"".join(groups))
    write(d, "fuzz_icmp", "ptrs", b"".join(bytes([0, 0, p, p, 0, 0, 0, 0]) for p in range(0, 44, 3)))


if __name__ == "__main__":
    main()
