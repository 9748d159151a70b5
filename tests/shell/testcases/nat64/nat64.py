#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Byte-exact stateful NAT64 cases (RFC 6146 with RFC 7915 headers) through
the translator: nat64.py AREA NS6 NS4 POOL6 [KEY=VALUE...]; the cases of an
area are in cases_AREA.py beside this file.

The expected packets are built here with scapy from the RFCs, never from
what the module sends: RFC 7915 for the headers (section 4.1 / 5.1), RFC
6146 section 3.7 for the transport addresses (the IPv6 node's becomes its
BIB entry's mask and back; the IPv4 node's is its pool6 form) and sections
3.4/3.6 for ICMP errors. Masks are deterministic: static BIB entries or
pool4 entries of one port (the setup of each test). Generated fields are
masked and checked on their own: the IPv4 Identification of packets without
DF (RFC 6864) and the checksums that cover it.

Topology (helpers/lib.sh topo_setup): NS6 v6n 2001:db8:6::2 (H6, the IPv6
node) -- translator -- v4x 192.0.2.1 | NS4 v4n 192.0.2.2 (N4). The masks
are 198.51.100.x, routed by NS4 to the translator. Prints one PASS/FAIL
line per case; exit 0 when all passed."""
import os
import select
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "../../../packet"))
import rfc6052  # noqa: E402
from pktsock import PACKET_OUTGOING, packet_socket  # noqa: E402

from scapy.all import (IP, ICMP, IPv6, TCP, UDP, Ether, Raw, conf,  # noqa: E402,F401
                       ICMPv6EchoRequest, ICMPv6EchoReply)
conf.verb = 0

AREA, NS6, NS4, POOL6 = sys.argv[1:5]
OPTS = dict(a.split("=", 1) for a in sys.argv[5:])
H6 = "2001:db8:6::2"        # the IPv6 node
N4 = "192.0.2.2"            # the IPv4 node
M4 = "198.51.100.1"         # the mask of the static BIB entries


def v6(a4):
    return rfc6052.embed(POOL6, a4)


N4_6 = v6(N4)

S6, MAC6 = packet_socket(NS6, "v6n")
S4, MAC4 = packet_socket(NS4, "v4n")
MAC_X6 = OPTS["mac_v6x"]
MAC_X4 = OPTS["mac_v4x"]


def inet_csum(data):
    """one's complement sum of DATA; 0xffff when a checksum inside is right"""
    data = bytes(data)
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return total


def csum16(data):
    return (~inet_csum(data)) & 0xffff


def pseudo6(p6, length, nh):
    return p6[8:40] + struct.pack("!IxxxB", length, nh)


def drain(s):
    while select.select([s], [], [], 0)[0]:
        s.recv(65535)


def frames(s, ethertype, timeout):
    end = time.time() + timeout
    while True:
        left = end - time.time()
        if left <= 0 or not select.select([s], [], [], left)[0]:
            return
        frame, addr = s.recvfrom(65535)
        if addr[2] == PACKET_OUTGOING or len(frame) < 14:
            continue
        if struct.unpack("!H", frame[12:14])[0] == ethertype:
            yield frame[14:]


def send(side, l3):
    """inject L3 bytes on NS6's (side 6) or NS4's (side 4) veth"""
    drain(S4)
    drain(S6)
    if side == 6:
        S6.send(bytes(Ether(src=MAC6, dst=MAC_X6, type=0x86dd) / Raw(bytes(l3))))
    else:
        S4.send(bytes(Ether(src=MAC4, dst=MAC_X4, type=0x0800) / Raw(bytes(l3))))


def is_nd(p6):
    return p6[6] == 58 and p6[40] in (133, 134, 135, 136, 143)


def receive(side, match, timeout=3.0, count=1):
    s, et = (S6, 0x86dd) if side == 6 else (S4, 0x0800)
    out = []
    for p in frames(s, et, timeout):
        if side == 6 and is_nd(p):
            continue
        if match(p):
            out.append(p)
            if len(out) == count:
                break
    return out


failed = 0
passed = 0


def fail(name, msg):
    global failed
    failed += 1
    print(f"FAIL: {name}: {msg}", flush=True)


def ok(name, msg=""):
    global passed
    passed += 1
    print(f"PASS: {name}{': ' + msg if msg else ''}", flush=True)


def hexdiff(exp, got, masked=()):
    lines = []
    for off in range(0, max(len(exp), len(got)), 16):
        e, g = exp[off:off + 16], got[off:off + 16]
        mark = "".join("  " if i + off in masked or (i < len(e) and i < len(g) and e[i] == g[i])
                       else "^^" for i in range(max(len(e), len(g))))
        if any(m != " " for m in mark):
            lines.append(f"  {off:04x} exp {e.hex()}\n       got {g.hex()}\n           {mark}")
    return "\n".join(lines)


def compare(name, exp, got, masked=(), checks=()):
    exp, got = bytes(exp), bytes(got)
    mask = lambda b: bytes(0 if i in masked else c for i, c in enumerate(b))  # noqa: E731
    problems = []
    if len(exp) != len(got) or mask(exp) != mask(got):
        problems.append(f"{len(got)} bytes, expected {len(exp)}; differences:\n" +
                        hexdiff(exp, got, set(masked)))
    for desc, fn in checks:
        if not fn(got):
            problems.append(desc)
    if problems:
        fail(name, "\n  " + "\n  ".join(problems) + f"\n  expected {exp.hex()}\n  got      {got.hex()}")
        return False
    ok(name, f"{len(got)} bytes as expected")
    return True


def rng(a, n):
    return set(range(a, a + n))


def v4_hdr_mask(off=0):
    """Identification (generated) and header checksum (depends on it)"""
    return rng(off + 4, 2) | rng(off + 10, 2)


def v4_hdr_ok(off=0):
    return (f"bad IPv4 header checksum at {off}",
            lambda b: inet_csum(b[off:off + (b[off] & 0xf) * 4]) == 0xffff)


def icmp4_ok(off=20):
    return ("bad ICMPv4 checksum", lambda b: inet_csum(b[off:]) == 0xffff)


def icmp6_ok(off=40):
    return ("bad ICMPv6 checksum",
            lambda b: inet_csum(pseudo6(b, len(b) - off, 58) + b[off:]) == 0xffff)


def expect_nothing(name, side, match, timeout=1.5):
    got = receive(side, match, timeout)
    if got:
        fail(name, f"something arrived: {got[0].hex()}")
    else:
        ok(name, "nothing arrived, as expected")


# ---- the RFCs' translations, written from their text ----
def l4_copy(l4, sport=None, dport=None):
    """a fresh copy of a scapy L4 layer (checksum recomputed), ports changed"""
    data = bytes(l4.payload)
    if isinstance(l4, UDP):
        return UDP(sport=l4.sport if sport is None else sport,
                   dport=l4.dport if dport is None else dport) / Raw(data)
    if isinstance(l4, TCP):
        return TCP(sport=l4.sport if sport is None else sport,
                   dport=l4.dport if dport is None else dport, seq=l4.seq, ack=l4.ack,
                   flags=l4.flags, window=l4.window, urgptr=l4.urgptr,
                   options=l4.options) / Raw(data)
    raise ValueError("l4")


def nat64_64(p6, mask4, mport):
    """RFC 7915 section 5.1 + RFC 6146 section 3.7: the IPv6 packet P6 of the
    IPv6 node, from its mask MASK4:MPORT (ICMP: identifier MPORT)"""
    p = IPv6(bytes(p6))
    total = 20 + p.plen
    if p.nh == 58:
        e = p.payload
        l4 = ICMP(type={128: 8, 129: 0}[e.type], code=0, id=mport, seq=e.seq) / Raw(bytes(e.data))
    else:
        l4 = l4_copy(p.payload, sport=mport)
    return bytes(IP(version=4, ihl=5, tos=p.tc, len=total, id=0,
                    flags="DF" if total > 1260 else 0, frag=0, ttl=p.hlim - 1,
                    proto={58: 1}.get(p.nh, p.nh), src=mask4, dst=rfc6052.extract(POOL6, p.dst)) / l4)


def nat64_46(p4, addr6, port6, hops=1):
    """RFC 7915 section 4.1 + RFC 6146 section 3.7: the IPv4 packet P4 to a
    mask, for the IPv6 node ADDR6:PORT6 (ICMP: identifier PORT6)"""
    p = IP(bytes(p4))
    if p.proto == 1:
        e = p.payload
        l4 = {8: ICMPv6EchoRequest, 0: ICMPv6EchoReply}[e.type](id=port6, seq=e.seq,
                                                                 data=bytes(e.payload))
    else:
        l4 = l4_copy(p.payload, dport=port6)
    plen = p.len - p.ihl * 4
    return bytes(IPv6(version=6, tc=p.tos, fl=0, plen=plen, nh={1: 58}.get(p.proto, p.proto),
                      hlim=p.ttl - hops, src=v6(p.src), dst=addr6) / l4)


MASK4 = v4_hdr_mask(0)


def sport4(b):
    return struct.unpack("!H", b[20:22])[0] if len(b) >= 24 else -1


def dport6(b):
    return struct.unpack("!H", b[42:44])[0] if len(b) >= 44 else -1


def udp64(name, sport, dport, mask4, mport, payload=b"nat64 udp", hlim=64, tc=0):
    """H6:SPORT -> N4:DPORT over UDP must leave as MASK4:MPORT -> N4:DPORT"""
    p6 = IPv6(src=H6, dst=N4_6, hlim=hlim, tc=tc) / UDP(sport=sport, dport=dport) / Raw(payload)
    send(6, p6)
    got = receive(4, lambda b: b[9] == 17 and struct.unpack("!H", b[22:24])[0] == dport)
    if not got:
        fail(name, "nothing translated arrived")
        return None
    compare(name, nat64_64(p6, mask4, mport), got[0], MASK4, [v4_hdr_ok(0)])
    return got[0]


def udp46(name, src4, sport, mask4, mport, addr6, port6, payload=b"nat64 udp back", ttl=64, tos=0):
    p4 = IP(src=src4, dst=mask4, ttl=ttl, tos=tos, id=0x1234) / UDP(sport=sport, dport=mport) / Raw(payload)
    send(4, p4)
    got = receive(6, lambda b: b[6] == 17 and dport6(b) == port6)
    if not got:
        fail(name, "nothing translated arrived")
        return None
    compare(name, nat64_46(p4, addr6, port6), got[0])
    return got[0]


def done():
    print(f"{passed}/{passed + failed} cases passed", flush=True)
    sys.exit(1 if failed else 0)


exec(open(os.path.join(HERE, f"cases_{AREA}.py")).read())
done()
