#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Writes the benchmark's Ethernet frames, for both generators.

frames.py OUTDIR  ->  OUTDIR/<set>-<size>.hex (one frame per line, hex; read
by bench/xsend.c) and OUTDIR/<set>-<size>.cfg (the same bytes as a trafgen
packet configuration). Every set holds FLOWS UDP frames that differ only in
the source port (1000, 1001, ...), with valid IP and UDP checksums, so the
generators send fixed bytes and do no per-packet work.

Sizes are Ethernet frames without FCS (veth has none): "small" is 84 B for
IPv6 and 64 B for IPv4 (RFC 8219's minimum translation pair, 20 B apart),
"large" is 1514 B for IPv6 (a 1500 B packet) and 1494 B for IPv4; both sizes
of a pair carry the same UDP payload. The addresses and MACs are the
topology's in bench/guest.sh.
"""
import os
import socket
import struct
import sys

FLOWS = 4
MAC_G0 = bytes.fromhex("020000000001")
MAC_X0 = bytes.fromhex("020000000002")
PAYLOAD = {"small": 84 - 14 - 40 - 8, "large": 1514 - 14 - 40 - 8}

# name: (family, source, destination)
SETS = {
    "v6fwd": (6, "2001:db8:6::2", "2001:db8:4::2"),       # plain IPv6 routing
    "v6siit": (6, "64:ff9b::c633:6402", "64:ff9b::c000:202"),  # SIIT 6->4, pool6 both ways
    "v6nat64": (6, "2001:db8:6::2", "64:ff9b::c000:202"),  # stateful NAT64 6->4
    "v4": (4, "198.51.100.2", "192.0.2.2"),               # plain IPv4 routing and SIIT 4->6
    "v4nat64": (4, "198.51.100.2", "203.0.113.1"),        # NAT64 4->6: static BIB 203.0.113.1#2000
}


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def udp(pseudo, sport, payload):
    hdr = struct.pack("!HHHH", sport, 2000, 8 + len(payload), 0)
    c = csum(pseudo + hdr + payload) or 0xFFFF
    return struct.pack("!HHHH", sport, 2000, 8 + len(payload), c) + payload


def frame(fam, src, dst, sport, plen):
    payload = bytes((i * 7) & 0xFF for i in range(plen))
    if fam == 6:
        s, d = socket.inet_pton(socket.AF_INET6, src), socket.inet_pton(socket.AF_INET6, dst)
        l4 = udp(s + d + struct.pack("!IxxxB", 8 + plen, 17), sport, payload)
        ip = struct.pack("!IHBB", 6 << 28, len(l4), 17, 64) + s + d
        return MAC_X0 + MAC_G0 + b"\x86\xdd" + ip + l4
    s, d = socket.inet_pton(socket.AF_INET, src), socket.inet_pton(socket.AF_INET, dst)
    l4 = udp(s + d + struct.pack("!xBH", 17, 8 + plen), sport, payload)
    # DF set: what Linux UDP sockets send (PMTUD); identification 0
    ip = struct.pack("!BBHHHBBH", 0x45, 0, 20 + len(l4), 0, 0x4000, 64, 17, 0) + s + d
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return MAC_X0 + MAC_G0 + b"\x08\x00" + ip + l4


def main(out):
    os.makedirs(out, exist_ok=True)
    for name, (fam, src, dst) in SETS.items():
        for size, plen in PAYLOAD.items():
            frames = [frame(fam, src, dst, 1000 + i, plen) for i in range(FLOWS)]
            base = os.path.join(out, "%s-%s" % (name, size))
            with open(base + ".hex", "w") as f:
                for fr in frames:
                    f.write(fr.hex() + "\n")
            with open(base + ".cfg", "w") as f:
                for fr in frames:
                    f.write("{ " + ", ".join("0x%02x" % b for b in fr) + " }\n")


if __name__ == "__main__":
    main(sys.argv[1])
