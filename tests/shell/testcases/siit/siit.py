#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Byte-exact RFC 7915 cases through the translator (scapy), one file of
cases per RFC area: siit.py AREA NS6 NS4 POOL6 [KEY=VALUE...]

The expected packets are built here from the RFC text with scapy, never from
what the module sends. Fields the RFC leaves to the implementation are masked
in the byte comparison and checked on their own (IPv4 Identification when
generated: masked; every checksum: masked, then verified by summing).

Topology (helpers/lib.sh topo_setup): NS6 v6n 2001:db8:6::2 and A6 (pool6 +
198.51.100.2) -- translator v6x 2001:db8:6::1 | v4x 192.0.2.1 -- NS4 v4n
192.0.2.2. Frames are injected and captured with AF_PACKET sockets on v6n
and v4n. Prints one PASS/FAIL line per case; exit 0 when all passed."""
import os
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../packet"))
import rfc6052  # noqa: E402

from scapy.all import (IP, ICMP, IPv6, TCP, UDP, Ether, Raw, conf,  # noqa: E402,F401
                       ICMPv6DestUnreach, ICMPv6PacketTooBig, ICMPv6TimeExceeded,
                       ICMPv6ParamProblem, ICMPv6EchoRequest, ICMPv6EchoReply,
                       IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting,
                       IPv6ExtHdrFragment)
conf.verb = 0

AREA, NS6, NS4, POOL6 = sys.argv[1:5]
OPTS = dict(a.split("=", 1) for a in sys.argv[5:])
N4 = "192.0.2.2"            # the IPv4 end
A4 = "198.51.100.2"         # the IPv6 end, as seen from IPv4
X4 = "192.0.2.1"            # the translator, IPv4 side
X6 = "2001:db8:6::1"        # the translator, IPv6 side
A6 = rfc6052.embed(POOL6, A4)
N4_6 = rfc6052.embed(POOL6, N4)


def v6(a4):
    return rfc6052.embed(POOL6, a4)


def v4(a6):
    return rfc6052.extract(POOL6, a6)


from pktsock import PACKET_OUTGOING, packet_socket  # noqa: E402


S6, MAC6 = packet_socket(NS6, "v6n")
S4, MAC4 = packet_socket(NS4, "v4n")
MAC_X6 = OPTS.get("mac_v6x")
MAC_X4 = OPTS.get("mac_v4x")


def inet_csum(data):
    """one's complement sum of DATA; 0xffff when a checksum inside is right"""
    data = bytes(data)
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return total


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
        S6.send(bytes(Ether(src=MAC6, dst=MAC_X6, type=0x86dd) / Raw(l3)))
    else:
        S4.send(bytes(Ether(src=MAC4, dst=MAC_X4, type=0x0800) / Raw(l3)))


def is_nd(p6):
    return p6[6] == 58 and p6[40] in (133, 134, 135, 136, 143)


def receive(side, match, timeout=3.0, count=1):
    """the first COUNT L3 packets arriving at SIDE for which match(bytes)"""
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
    """EXP and GOT equal but for the MASKED offsets; CHECKS: (desc, fn(got))"""
    exp, got = bytes(exp), bytes(got)
    mask = lambda b: bytes(0 if i in masked else c for i, c in enumerate(b))
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


# ---- masks and checks for IPv4 output ----
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


def done():
    print(f"{passed}/{passed + failed} cases passed", flush=True)
    sys.exit(1 if failed else 0)


exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), f"cases_{AREA}.py")).read())
done()
