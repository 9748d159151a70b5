# SPDX-License-Identifier: GPL-2.0
"""The kernel's own checks of NAT64 pool4 and static BIB records.

Hand-built netlink (tests/packet/nftnl.py): nft would refuse the bad ones
itself. Every refused batch must leave the objects exactly as they were.
Usage: kernel_pool4_bib.py FAMILY TABLE (an empty table).
"""
import errno
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../../packet"))
from nftnl import (Nftnl, OBJ_PARTS, OBJ_PART_INDEX, OBJ_PART_OF, OBJ_TYPE,  # noqa: E402
                   TYPE_NAT64, TYPE_PART, TYPE_SIIT, attr, eam, pool6, string, u32)

OBJ_POOL4, OBJ_BIB = 11, 12
TCP, UDP, ICMP = 6, 17, 1
FAM, TABLE = sys.argv[1], sys.argv[2]
nl = Nftnl()
failures = checks = 0


def check(what, cond):
    global failures, checks
    checks += 1
    print(f"{'PASS' if cond else 'FAIL'}: {what}")
    failures += not cond


def p4(proto, prefix, plen, pmin, pmax, mark=0, iters=0, pad=b"\0\0"):
    """struct nft_jool_pool4"""
    return (socket.inet_pton(socket.AF_INET, prefix) +
            struct.pack(">IIHHBB", mark, iters, pmin, pmax, proto, plen) + pad)


def bib(proto, a6, port6, a4, port4, pad=b"\0\0\0"):
    """struct nft_jool_bib"""
    return (socket.inet_pton(socket.AF_INET6, a6) + socket.inet_pton(socket.AF_INET, a4) +
            struct.pack(">HHB", port6, port4, proto) + pad)


def nat64(name, pool=(), bibs=(), parts=0, typ=TYPE_NAT64, extra=b""):
    data = u32(OBJ_TYPE, typ) + pool6("64:ff9b::", 96)
    if pool:
        data += attr(OBJ_POOL4, b"".join(pool))
    if bibs:
        data += attr(OBJ_BIB, b"".join(bibs))
    if parts:
        data += u32(OBJ_PARTS, parts)
    return Nftnl.newobj(FAM, TABLE, name, data + extra)


def part(of, index, pool=(), bibs=()):
    data = u32(OBJ_TYPE, TYPE_PART) + string(OBJ_PART_OF, of) + u32(OBJ_PART_INDEX, index)
    if pool:
        data += attr(OBJ_POOL4, b"".join(pool))
    if bibs:
        data += attr(OBJ_BIB, b"".join(bibs))
    return Nftnl.newobj(FAM, TABLE, f"{of}#{index}", data)


def strip(objs):
    return {n: {k: v for k, v in d.items() if k != 4} for n, d in objs.items()}


def refused(what, msgs, want=errno.EINVAL):
    before = strip(nl.dump(FAM, TABLE))
    res = nl.batch(msgs)
    check(f"{what}: refused with {errno.errorcode.get(want)} (got {res})",
          want in res and all(e in (0, want) for e in res))
    check(f"{what}: nothing changed", before == strip(nl.dump(FAM, TABLE)))


P_TCP = p4(TCP, "192.0.2.0", 30, 1024, 2047)
P_UDP = p4(UDP, "192.0.2.0", 30, 1024, 2047, mark=7, iters=100)
P_ICMP = p4(ICMP, "192.0.2.4", 32, 0, 65535)
B1 = bib(TCP, "2001:db8::80", 80, "192.0.2.1", 1080)
B2 = bib(ICMP, "2001:db8::80", 5, "192.0.2.4", 9)

res = nl.batch([nat64("n", [P_TCP, P_UDP, P_ICMP], [B1, B2])])
check(f"nat64 with pool4 and static BIB accepted ({res})", res == [0])
d = nl.dump(FAM, TABLE)["n"]
check("pool4 records dumped back verbatim", d.get(OBJ_POOL4) == P_TCP + P_UDP + P_ICMP)
check("BIB records dumped back verbatim", d.get(OBJ_BIB) == B1 + B2)
res = nl.batch([part("m", 1, [P_UDP], [bib(UDP, "2001:db8::53", 53, "192.0.2.2", 1053)]),
                nat64("m", [P_TCP], parts=1)])
check(f"pool4 and BIB continued in a part ({res})", res == [0, 0])

refused("pool4 on a SIIT", [nat64("s", [P_TCP], typ=TYPE_SIIT)])
refused("BIB on a SIIT", [nat64("s", bibs=[B1], typ=TYPE_SIIT)])
refused("EAMT on a NAT64", [nat64("x", extra=attr(6, eam("2001:db8::", 128, "192.0.2.9", 32)))])
refused("pool4 protocol 47", [nat64("x", [p4(47, "192.0.2.0", 30, 1, 2)])])
refused("pool4 host bits", [nat64("x", [p4(TCP, "192.0.2.1", 30, 1, 2)])])
refused("pool4 prefix length 33", [nat64("x", [p4(TCP, "192.0.2.0", 33, 1, 2)])])
refused("pool4 ports reversed", [nat64("x", [p4(TCP, "192.0.2.0", 30, 2000, 1000)])])
refused("pool4 TCP port 0", [nat64("x", [p4(TCP, "192.0.2.0", 30, 0, 10)])])
refused("pool4 overlapping entries", [nat64("x", [P_TCP, p4(TCP, "192.0.2.2", 31, 2000, 3000)])])
refused("pool4 padding", [nat64("x", [p4(TCP, "192.0.2.0", 30, 1, 2, pad=b"\0\1")])])
refused("pool4 record size", [nat64("x", extra=attr(OBJ_POOL4, P_TCP + b"\0\0\0\0"))])
refused("BIB IPv4 side outside pool4", [nat64("x", [P_TCP], [bib(TCP, "2001:db8::1", 1, "192.0.2.1", 3000)])])
refused("BIB protocol with no pool4 entry", [nat64("x", [P_TCP], [bib(UDP, "2001:db8::1", 1, "192.0.2.1", 1080)])])
refused("BIB TCP port 0", [nat64("x", [P_TCP], [bib(TCP, "2001:db8::1", 0, "192.0.2.1", 1080)])])
refused("BIB same IPv4 side twice", [nat64("x", [P_TCP], [B1, bib(TCP, "2001:db8::2", 80, "192.0.2.1", 1080)])])
refused("BIB same IPv6 side twice", [nat64("x", [P_TCP], [B1, bib(TCP, "2001:db8::80", 80, "192.0.2.2", 1080)])])
refused("BIB duplicate across a part", [part("y", 1, bibs=[B1]), nat64("y", [P_TCP], [B1], parts=1)])
refused("BIB padding", [nat64("x", [P_TCP], [bib(TCP, "2001:db8::1", 1, "192.0.2.1", 1080, pad=b"\0\0\1")])])
refused("BIB with an empty pool4 and a foreign address", [nat64("x", bibs=[bib(TCP, "2001:db8::1", 1, "203.0.113.1", 61001)])])
print(f"{checks} checks, {failures} failed")
sys.exit(1 if failures else 0)
