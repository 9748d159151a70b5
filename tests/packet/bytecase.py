# SPDX-License-Identifier: GPL-2.0
"""What the byte-exact runners (tests/shell/testcases/siit/siit.py,
nat64/nat64.py) share: injecting L3 packets on the two ends of the
lib.sh topology and capturing what the translator sends, comparing bytes
with masked offsets, checksum checks, PASS/FAIL bookkeeping.

Usage: bytecase.init(NS6, NS4, OPTS) first (opens the AF_PACKET sockets on
v6n and v4n), then `from bytecase import *` so that the cases, exec'd in
the runner's namespace, see send(), receive(), compare(), ..."""
import select
import struct
import sys
import time

from pktsock import PACKET_OUTGOING, packet_socket

S6 = S4 = MAC6 = MAC4 = MAC_X6 = MAC_X4 = None
passed = 0
failed = 0


def init(ns6, ns4, opts):
    global S6, S4, MAC6, MAC4, MAC_X6, MAC_X4
    S6, MAC6 = packet_socket(ns6, "v6n")
    S4, MAC4 = packet_socket(ns4, "v4n")
    MAC_X6 = opts.get("mac_v6x")
    MAC_X4 = opts.get("mac_v4x")


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


def ether(dst, src, ethertype):
    return bytes.fromhex(dst.replace(":", "")) + bytes.fromhex(src.replace(":", "")) + \
        struct.pack("!H", ethertype)


def send(side, l3):
    """inject L3 bytes on NS6's (side 6) or NS4's (side 4) veth"""
    drain(S4)
    drain(S6)
    if side == 6:
        S6.send(ether(MAC_X6, MAC6, 0x86dd) + bytes(l3))
    else:
        S4.send(ether(MAC_X4, MAC4, 0x0800) + bytes(l3))


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
