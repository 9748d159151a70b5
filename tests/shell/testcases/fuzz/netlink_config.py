# SPDX-License-Identifier: GPL-2.0
"""Raw-netlink fuzzer of the jool object and expression configuration.

nft checks what it sends, so most of the kernel's own checks are reached
only by hand-built messages. This script starts from valid messages (SIIT
and NAT64 instances with pool6 and every global, EAMT / denylist4 records,
part objects, rules with the jool expression, deletions), mutates them
with a fixed seed and sends them in batches of one to ten messages.

Checked for every batch:
  * the kernel answers every message (a timeout is a failure);
  * a refused batch changed nothing: the dumps of all tables, chains, rules
    and objects (jool counters left out) are the same as before, and so is
    the listing of libnftables (the patched nft's library, in process: an
    nft exec per batch would cost ~0.2 s under TCG) on every 10th refused
    batch (the dumps are what nft lists from, so they decide);
  * an accepted batch left objects that dump well-formed (every attribute
    of the uapi, right sizes, values in range, EAM records valid) and that
    the patched nft can list; then a valid update of the seed objects is
    accepted and dumps exactly as it did at the start; then the tables are
    reset to the starting state.

Environment: FUZZ_SEED (1), FUZZ_NETLINK_MSGS (mutated messages, 20000),
FUZZ_NETLINK_SECONDS (150: stop earlier, with a note, on a slow machine:
the test runner's time limit is 180 s per test),
FUZZ_NFT_EVERY (10: libnftables listing compared on every 10th refused
batch; 1: on all; 0: never), FUZZ_LIBNFTABLES (path of libnftables.so; else derived
from $NFT; without it the listing is done by running $NFT), FUZZ_VERBOSE.
Usage: netlink_config.py  (in an empty netns; creates tables "fz").
Exit status 0 when every check passed. Prints the counts at the end.
"""
import ctypes
import errno
import os
import random
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "../../../packet"))
import nftnl as N  # noqa: E402

SEED = int(os.environ.get("FUZZ_SEED", "1"))
TARGET = int(os.environ.get("FUZZ_NETLINK_MSGS", "20000"))
TIME_LIMIT = float(os.environ.get("FUZZ_NETLINK_SECONDS", "150"))
NFT_EVERY = int(os.environ.get("FUZZ_NFT_EVERY", "10"))
VERBOSE = os.environ.get("FUZZ_VERBOSE", "") not in ("", "0")
rng = random.Random(SEED)

TABLE = "fz"
JOOL = N.NFT_OBJECT_JOOL

# ---- attribute trees --------------------------------------------------------
# kinds: how a leaf's payload is mutated
U8, U32, BE16S, STR, BIN, EAMT, DENY, ADDR6, ADDR4, NEST = range(10)


class A:
    """A netlink attribute: nested (kids) or a leaf (data)."""
    __slots__ = ("t", "kind", "data", "kids", "nested_flag")

    def __init__(self, t, kind, data=b"", kids=None):
        self.t = t
        self.kind = kind
        self.data = data
        self.kids = kids
        self.nested_flag = kids is not None

    def copy(self):
        a = A(self.t, self.kind, self.data,
              [k.copy() for k in self.kids] if self.kids is not None else None)
        a.nested_flag = self.nested_flag
        return a


def a_u8(t, v):
    return A(t, U8, struct.pack("B", v))


def a_u32(t, v):
    return A(t, U32, struct.pack(">I", v & 0xffffffff))


def a_str(t, s):
    return A(t, STR, s.encode() + b"\0")


def a_nest(t, *kids):
    return A(t, NEST, kids=list(kids))


def ser(nodes, out, offs):
    """Serialise nodes into bytearray out, noting each header offset."""
    for a in nodes:
        offs.append(len(out))
        start = len(out)
        out += b"\0\0\0\0"
        if a.kids is not None:
            ser(a.kids, out, offs)
        else:
            out += a.data
        length = len(out) - start
        t = a.t | (N.NLA_F_NESTED if a.nested_flag else 0)
        struct.pack_into("=HH", out, start, length & 0xffff, t & 0xffff)
        out += b"\0" * (-length % 4)


def serialise(nodes):
    out = bytearray()
    offs = []
    ser(nodes, out, offs)
    return out, offs


# ---- seed configurations ---------------------------------------------------
def addr6(s):
    return socket.inet_pton(socket.AF_INET6, s)


def addr4(s):
    return socket.inet_pton(socket.AF_INET, s)


def prefix_nest(t, addr, plen, kind=ADDR6):
    return a_nest(t, A(N.PREFIX_ADDR, kind, addr), a_u8(N.PREFIX_LEN, plen))


E = [N.eam("2001:db8:6::", 120, "198.51.100.0", 24),
     N.eam("2001:db8:6::8", 125, "198.51.100.8", 29),
     N.eam("2001:db8:7::5", 128, "203.0.113.5", 32),
     N.eam("2001:db8:8::", 112, "10.1.0.0", 16),
     N.eam("::", 96, "0.0.0.0", 0),
     N.eam("2001:db8:9::", 64, "10.2.0.0", 16)]
D = [N.prefix4("192.0.2.128", 25), N.prefix4("10.9.9.9", 32),
     N.prefix4("0.0.0.0", 0), N.prefix4("172.16.0.0", 12)]
PLATEAUS = struct.pack(">6H", 65535, 9000, 1500, 1492, 1280, 68)


def common_globals():
    return [a_u8(1, 0),            # manually-enabled
            a_u32(2, 1500),        # lowest-ipv6-mtu
            a_u8(3, 1),            # zeroize-traffic-class
            a_u8(4, 1),            # override-tos
            a_u8(5, 0x28),         # tos
            A(6, BE16S, PLATEAUS)]  # mtu-plateaus


def siit_globals():
    return a_nest(N.OBJ_GLOBALS, *common_globals(),
                  a_u8(7, 1), a_u8(8, 1), a_u8(9, 0),
                  prefix_nest(10, addr6("2001:db8:ff::"), 120),
                  prefix_nest(11, addr4("192.0.2.0"), 24, ADDR4))


def nat64_globals():
    return a_nest(N.OBJ_GLOBALS, *common_globals(),
                  a_u8(12, 1), a_u8(13, 1), a_u8(14, 1), a_u8(15, 0),
                  a_u8(16, 0xf), a_u8(17, 1),
                  a_u32(18, 7300), a_u32(19, 300), a_u32(20, 150),
                  a_u32(21, 30), a_u8(22, 1), a_u8(23, 1), a_u32(24, 20))


def d_siit_full(parts=2, eams=(0, 1), deny=(0,)):
    kids = [a_u32(N.OBJ_TYPE, N.TYPE_SIIT),
            prefix_nest(N.OBJ_POOL6, addr6("64:ff9b::"), 96),
            siit_globals(),
            A(N.OBJ_EAMT, EAMT, b"".join(E[i] for i in eams)),
            A(N.OBJ_DENYLIST4, DENY, b"".join(D[i] for i in deny))]
    if parts:
        kids.append(a_u32(N.OBJ_PARTS, parts))
    return kids


def d_siit_min():
    return [a_u32(N.OBJ_TYPE, N.TYPE_SIIT)]


def d_nat64_full():
    return [a_u32(N.OBJ_TYPE, N.TYPE_NAT64),
            prefix_nest(N.OBJ_POOL6, addr6("2001:db8:64::"), 96),
            nat64_globals()]


def d_part(of, index, eams=(), deny=()):
    kids = [a_u32(N.OBJ_TYPE, N.TYPE_PART), a_str(N.OBJ_PART_OF, of),
            a_u32(N.OBJ_PART_INDEX, index)]
    if eams:
        kids.append(A(N.OBJ_EAMT, EAMT, b"".join(E[i] for i in eams)))
    if deny:
        kids.append(A(N.OBJ_DENYLIST4, DENY, b"".join(D[i] for i in deny)))
    return kids


class Msg:
    """One nf_tables message: type, flags, family and attribute tree."""
    __slots__ = ("mtype", "flags", "family", "nodes", "focus", "raw")

    def __init__(self, mtype, flags, family, nodes, focus):
        self.mtype, self.flags, self.family = mtype, flags, family
        self.nodes = nodes
        self.focus = focus      # the node whose subtree is ours (obj/expr data)
        self.raw = None         # bytes once a byte-level mutation was applied

    def payload(self):
        if self.raw is not None:
            return bytes(self.raw)
        return bytes(serialise(self.nodes)[0])

    def tup(self):
        return (self.mtype, self.flags, self.family, self.payload())


def m_newobj(name, data, excl=False, family=1):
    d = A(N.NFTA_OBJ_DATA, NEST, kids=data)
    nodes = [a_str(N.NFTA_OBJ_TABLE, TABLE), a_str(N.NFTA_OBJ_NAME, name),
             a_u32(N.NFTA_OBJ_TYPE, JOOL), d]
    return Msg(N.NFT_MSG_NEWOBJ, N.NLM_F_CREATE | (N.NLM_F_EXCL if excl else 0),
               family, nodes, d)


def m_delobj(name, family=1):
    nodes = [a_str(N.NFTA_OBJ_TABLE, TABLE), a_str(N.NFTA_OBJ_NAME, name),
             a_u32(N.NFTA_OBJ_TYPE, JOOL)]
    return Msg(N.NFT_MSG_DELOBJ, 0, family, nodes, None)


def expr_elem(name, flags=None):
    data = [a_str(N.EXPR_NAME, name)]
    if flags is not None:
        data.append(a_u32(N.EXPR_FLAGS, flags))
    d = A(N.NFTA_EXPR_DATA, NEST, kids=data)
    return a_nest(N.NFTA_LIST_ELEM, a_str(N.NFTA_EXPR_NAME, "jool"), d), d


def m_rule(chain, *names, family=1, flags0=None):
    elems = []
    focus = None
    for i, n in enumerate(names):
        e, d = expr_elem(n, flags0 if i == 0 else None)
        elems.append(e)
        focus = focus or d
    nodes = [a_str(N.NFTA_RULE_TABLE, TABLE), a_str(N.NFTA_RULE_CHAIN, chain),
             A(N.NFTA_RULE_EXPRESSIONS, NEST, kids=elems)]
    return Msg(N.NFT_MSG_NEWRULE, N.NLM_F_CREATE | N.NLM_F_APPEND, family,
               nodes, focus)


# The starting state. inet: everything; ip, ip6: a small instance and rules;
# arp, netdev, bridge: a table with a regular chain (jool refuses them).
def seed_objects():
    """The objects of the valid follow-up update, in batch order."""
    return [m_newobj("s1#1", d_part("s1", 1, eams=(2,), deny=(1,))),
            m_newobj("s1#2", d_part("s1", 2, eams=(3,))),
            m_newobj("s1", d_siit_full()),
            m_newobj("n1", d_nat64_full()),
            m_newobj("s2", d_siit_min())]


# The families this kernel has (a kernel may lack arp or bridge tables).
FAMS = ["inet", "ip", "ip6", "arp", "netdev", "bridge"]


def baseline_msgs():
    out = []
    for fam in FAMS:
        f = N.ALL_FAMILIES[fam]
        out.append(N.newtable_any(f, TABLE))
        out.append(N.newchain(f, TABLE, "sub"))
        if fam in ("inet", "ip", "ip6"):
            out.append(N.newchain(f, TABLE, "pre", 0, -300))
            out.append(N.newchain(f, TABLE, "inp", 1, 0))
            out.append(N.newchain(f, TABLE, "early", 0, -400))
    out += [m.tup() for m in seed_objects()]
    for fam in (2, 10):
        out.append(m_newobj("s2", d_siit_min(), family=fam).tup())
        out.append(m_rule("pre", "s2", family=fam).tup())
    out.append(m_rule("pre", "s1", "n1", flags0=0).tup())
    out.append(m_rule("sub", "s2").tup())
    return out


# Seeds of the mutated messages. Each returns a list of messages; the
# mutation hits one of them (groups: parts before their instance).
TEMPLATES = [
    (6, lambda: [m_newobj("s1", d_siit_full())]),
    (4, lambda: [m_newobj("x", d_siit_full(parts=0, eams=(0, 2, 3, 5), deny=(0, 1, 3)),
                          excl=rng.random() < 0.5)]),
    (4, lambda: [m_newobj("n1", d_nat64_full())]),
    (2, lambda: [m_newobj("y", d_nat64_full(), excl=True)]),
    (3, lambda: [m_newobj("s1#1", d_part("s1", 1, eams=(2,), deny=(1,)))]),
    (5, lambda: [m_newobj("s1#1", d_part("s1", 1, eams=(2,), deny=(1,))),
                 m_newobj("s1#2", d_part("s1", 2, eams=(3,))),
                 m_newobj("s1", d_siit_full())]),
    (4, lambda: [m_newobj("p#1", d_part("p", 1, eams=(4, 5), deny=(2, 3))),
                 m_newobj("p", d_siit_full(parts=1, eams=(0,), deny=()))]),
    (2, lambda: [m_newobj("s2", d_siit_min())]),
    (5, lambda: [m_rule("pre", "s1")]),
    (3, lambda: [m_rule(rng.choice(["sub", "inp", "early", "pre"]), "s2",
                        flags0=0 if rng.random() < 0.5 else None)]),
    (2, lambda: [m_rule("pre", "s1", "n1", "s2")]),
    (2, lambda: [m_newobj("z", d_siit_min()), m_rule("pre", "z")]),
    (1, lambda: [m_delobj(rng.choice(["s2", "x", "s1#2", "n1", "s1"]))]),
]
TPL_W = [w for w, _ in TEMPLATES]

# Minimised inputs of findings: sent first, through the same checks.
def regressions():
    # A part whose EAM record is invalid (IPv4 prefix length 40), with no
    # instance reading it in its batch: accepted and dumped back as is
    # (found with seed 1; the records of a part were checked only when an
    # instance consumed them).
    bad_len4 = bytearray(E[2])
    bad_len4[21] = 40
    yield [m_newobj("q#1", [a_u32(N.OBJ_TYPE, N.TYPE_PART), a_str(N.OBJ_PART_OF, "q"),
                            a_u32(N.OBJ_PART_INDEX, 1), A(N.OBJ_EAMT, EAMT, bytes(bad_len4))])]
    # The same with host bits set in a denylist4 record.
    yield [m_newobj("q#1", [a_u32(N.OBJ_TYPE, N.TYPE_PART), a_str(N.OBJ_PART_OF, "q"),
                            a_u32(N.OBJ_PART_INDEX, 1),
                            A(N.OBJ_DENYLIST4, DENY, N.prefix4("10.0.0.1", 24))])]


# ---- mutations ---------------------------------------------------------------
U8_VALS = [0, 1, 2, 3, 4, 15, 16, 31, 32, 33, 40, 48, 56, 64, 65, 95, 96, 97,
           120, 127, 128, 129, 200, 254, 255]
U32_VALS = [0, 1, 2, 3, 4, 67, 68, 119, 120, 239, 240, 1279, 1280, 1281, 4095,
            4096, 4097, 7199, 7200, 65535, 65536, 19023, 0x7fffffff,
            0x80000000, 0xfffffffe, 0xffffffff]
STR_VALS = [b"", b"\0", b"s1", b"s1\0", b"s1#1\0", b"s2\0", b"n1\0", b"x\0",
            b"p\0", b"s1#2\0", b"jool\0", b"\xff\xfe\0", b"s\0s\0",
            b"A" * 255 + b"\0", b"A" * 256 + b"\0", b"A" * 257, b"B" * 1000,
            b"C" * 4000 + b"\0", b"fz\0", b"pre\0"]
PLATEAU_VALS = [0, 1, 67, 68, 69, 576, 1280, 1500, 9000, 65534, 65535]
LEN6 = [0, 1, 8, 32, 64, 95, 96, 97, 112, 120, 127, 128, 129, 200, 255]
LEN4 = [0, 1, 8, 16, 24, 31, 32, 33, 64, 255]


def rand_bytes(n):
    return rng.randbytes(n)


def rand_addr6():
    c = rng.random()
    if c < 0.3:
        return addr6("2001:db8:%x::%x" % (rng.randrange(16), rng.randrange(65536)))
    if c < 0.5:
        return b"\0" * 16
    if c < 0.6:
        return b"\xff" * 16
    return rand_bytes(16)


def rand_eam():
    if rng.random() < 0.4:
        r = bytearray(rng.choice(E))
    else:
        r = bytearray(rand_addr6() + rand_bytes(4) + b"\0\0\0\0")
    if rng.random() < 0.5:
        r[20] = rng.choice(LEN6)
    if rng.random() < 0.5:
        r[21] = rng.choice(LEN4)
    if rng.random() < 0.4:
        # a prefix with clean host bits (likely valid)
        l6, l4 = rng.choice([(128, 32), (120, 24), (96, 0), (112, 16), (64, 16),
                             (0, 0), (127, 31), (1, 1)])
        r[20], r[21] = l6, l4
        p6 = int.from_bytes(r[:16], "big") & (((1 << 128) - 1) << (128 - l6)
                                             if l6 else 0)
        p4 = int.from_bytes(r[16:20], "big") & (((1 << 32) - 1) << (32 - l4)
                                               if l4 else 0)
        r[:16] = (p6 & ((1 << 128) - 1)).to_bytes(16, "big")
        r[16:20] = (p4 & 0xffffffff).to_bytes(4, "big")
    if rng.random() < 0.1:
        r[22 + rng.randrange(2)] = rng.randrange(1, 256)
    return bytes(r)


def rand_deny():
    if rng.random() < 0.4:
        r = bytearray(rng.choice(D))
    else:
        r = bytearray(rand_bytes(4) + b"\0\0\0\0")
        r[4] = rng.choice(LEN4)
        if rng.random() < 0.6:
            p = int.from_bytes(r[:4], "big") & ((0xffffffff << (32 - min(r[4], 32))) &
                                                0xffffffff if r[4] else 0)
            r[:4] = p.to_bytes(4, "big")
    if rng.random() < 0.1:
        r[5 + rng.randrange(3)] = rng.randrange(1, 256)
    return bytes(r)


# 2800 distinct valid records of each table, sliced for the huge counts
BIG_EAMT = b"".join(addr6("2001:db8:a::")[:12] + struct.pack(">I", i) +
                    struct.pack(">I", 0x0a000000 + i) + bytes([128, 32, 0, 0])
                    for i in range(2800))
BIG_DENY = b"".join(struct.pack(">I", 0x0a000000 + i) + bytes([32, 0, 0, 0])
                    for i in range(8200))


def huge_count():
    return rng.choice([0, 1, 2, 63, 64, 65, 85, 86, 100, 500, 1000, 2000,
                       2700, 2730, 2800])


def mutate_records(a, size, gen):
    c = rng.random()
    recs = [a.data[i:i + size] for i in range(0, len(a.data) - size + 1, size)]
    if c < 0.25:
        # many records, mostly distinct and valid, or all the same
        n = huge_count() if size == 24 else rng.choice(
            [0, 1, 100, 1000, 4000, 8000, 8200])
        if rng.random() < 0.7:
            out = bytearray((BIG_EAMT if size == 24 else BIG_DENY)[:n * size])
            if n and rng.random() < 0.3:
                k = rng.randrange(n)
                out[k * size:(k + 1) * size] = gen()
            a.data = bytes(out)
        else:
            a.data = (recs[0] if recs else gen()) * n
    elif c < 0.5:
        i = rng.randrange(len(recs) + 1)
        recs.insert(i, gen())
        a.data = b"".join(recs)
    elif c < 0.65 and recs:
        # duplicate one record (same prefix on one side or both)
        r = bytearray(rng.choice(recs))
        if size == 24 and rng.random() < 0.5:
            side = rng.randrange(2)
            o = gen()
            if side:
                r[16:20] = o[16:20]
            else:
                r[:16] = o[:16]
        recs.insert(rng.randrange(len(recs) + 1), bytes(r))
        a.data = b"".join(recs)
    elif c < 0.8:
        a.data = b"".join(gen() for _ in range(rng.randrange(1, 8)))
    else:
        # length not a multiple of the record size
        a.data = a.data + rand_bytes(rng.randrange(1, size))


def mutate_value(a):
    k = a.kind
    if k == U8:
        a.data = struct.pack("B", rng.choice(U8_VALS))
    elif k == U32:
        a.data = struct.pack(">I", rng.choice(U32_VALS))
    elif k == STR:
        a.data = rng.choice(STR_VALS)
    elif k == BE16S:
        n = rng.choice([0, 1, 2, 11, 63, 64, 65, 100, 1000])
        a.data = struct.pack(">%dH" % n, *(rng.choice(PLATEAU_VALS) for _ in range(n)))
        if rng.random() < 0.1:
            a.data += b"\x05"
    elif k == EAMT:
        mutate_records(a, 24, rand_eam)
    elif k == DENY:
        mutate_records(a, 8, rand_deny)
    elif k == ADDR6:
        a.data = rand_addr6()
    elif k == ADDR4:
        a.data = rng.choice([b"\0" * 4, b"\xff" * 4, rand_bytes(4), addr4("192.0.2.0")])
    else:
        a.data = rand_bytes(rng.randrange(0, 40))
    # now and then the value with the wrong width
    if rng.random() < 0.15 and k in (U8, U32):
        v = int.from_bytes(a.data, "big")
        w = rng.choice([0, 1, 2, 3, 4, 5, 8])
        a.data = (v & ((1 << (8 * w)) - 1)).to_bytes(w, "big") if w else b""


def flatten(nodes, out, parent=None):
    for i, a in enumerate(nodes):
        out.append((nodes, i, a))
        if a.kids is not None:
            flatten(a.kids, out, a)
    return out


def rand_type(maxt):
    return rng.choice([0, maxt + 1, maxt + 2, 0x3fff, 0x7fff, 0xffff & ~0x8000,
                       rng.randrange(1, maxt + 1), rng.randrange(1, maxt + 1),
                       rng.randrange(0, 64)])


def rand_tree(depth):
    kids = []
    for _ in range(rng.randrange(0, 4)):
        if depth > 0 and rng.random() < 0.4:
            kids.append(rand_tree(depth - 1))
        else:
            kids.append(A(rng.randrange(0, 30), BIN, rand_bytes(rng.choice([0, 1, 2, 4, 8, 16, 17]))))
    return A(rng.randrange(0, 30), NEST, kids=kids)


def tree_mutate(m):
    """One structural mutation, mostly inside the jool attributes."""
    if m.focus is not None and rng.random() < 0.85:
        pool = flatten(m.focus.kids, []) if m.focus.kids is not None else []
        if not pool or rng.random() < 0.1:
            pool = [(None, None, m.focus)]
    else:
        pool = flatten(m.nodes, [])
    if not pool:
        return
    lst, i, a = rng.choice(pool)
    op = rng.randrange(13)
    if op <= 3:
        if a.kids is None:
            mutate_value(a)
        else:
            a.kids = [rand_tree(2)] if rng.random() < 0.3 else a.kids[::-1]
    elif op == 4 and a.kids is None and a.data:
        # bit flips in the payload
        d = bytearray(a.data)
        for _ in range(rng.randrange(1, 4)):
            d[rng.randrange(len(d))] ^= 1 << rng.randrange(8)
        a.data = bytes(d)
    elif op == 5:
        a.t = rand_type(30)
    elif op == 6:
        a.nested_flag = not a.nested_flag
    elif op == 7 and lst is not None:
        lst.insert(rng.randrange(len(lst) + 1), a.copy())       # duplicate
    elif op == 8 and lst is not None:
        del lst[i]                                               # missing
    elif op == 9:
        tgt = a.kids if a.kids is not None else lst
        if tgt is not None:
            new = rand_tree(3) if rng.random() < 0.3 else A(
                rand_type(30), BIN, rand_bytes(rng.choice([0, 1, 2, 3, 4, 8, 16, 20, 300])))
            tgt.insert(rng.randrange(len(tgt) + 1), new)
    elif op == 10 and lst is not None:
        # random nesting depth: bury the attribute under k nests
        node = a
        for _ in range(rng.choice([1, 2, 3, 8, 16, 40])):
            node = A(rng.choice([a.t, rng.randrange(0, 30)]), NEST, kids=[node])
        lst[i] = node
    elif op == 11 and a.kids is None:
        # truncated or extended payload
        if a.data and rng.random() < 0.6:
            a.data = a.data[:rng.randrange(len(a.data))]
        else:
            a.data = a.data + rand_bytes(rng.choice([1, 2, 3, 4, 7, 100]))
    elif op == 12 and lst is not None and len(lst) > 1:
        j = rng.randrange(len(lst))
        lst[i], lst[j] = lst[j], lst[i]
    else:
        if a.kids is None:
            mutate_value(a)


def byte_mutate(m):
    """One mutation of the serialised attributes: the framing itself."""
    raw, offs = serialise(m.nodes) if m.raw is None else (m.raw, [])
    if not offs:
        offs = [0]
    op = rng.randrange(6)
    if op == 0 and raw:
        for _ in range(rng.randrange(1, 9)):
            raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
    elif op == 1 and raw:
        del raw[rng.randrange(len(raw)):]                       # truncation
    elif op in (2, 3):
        o = rng.choice(offs)
        if o + 4 <= len(raw):
            cur = struct.unpack_from("=H", raw, o)[0]
            v = rng.choice([0, 1, 2, 3, 4, 5, cur - 1, cur + 1, cur + 4,
                            cur + 100, 0xffff, len(raw) - o, len(raw) - o + 1,
                            len(raw) - o + 4])
            struct.pack_into("=H", raw, o, v & 0xffff)          # wrong nla_len
    elif op == 4:
        o = rng.choice(offs)
        if o + 4 <= len(raw):
            struct.pack_into("=H", raw, o + 2, rng.getrandbits(16))
    else:
        o = rng.choice(offs + [len(raw)])
        raw[o:o] = rand_bytes(rng.choice([1, 2, 3, 4, 5, 8]))   # misaligned
    m.raw = raw


def msg_mutate(m):
    if rng.random() < 0.5:
        m.family = rng.choice([0, 1, 2, 3, 5, 7, 10, 12, 13, 255])
    else:
        m.flags = rng.choice([0, N.NLM_F_EXCL, N.NLM_F_REPLACE, N.NLM_F_APPEND,
                              N.NLM_F_CREATE | N.NLM_F_EXCL,
                              N.NLM_F_CREATE | N.NLM_F_REPLACE, 0x7fff & ~0x1f])


def mutate(m):
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 5])):
        tree_mutate(m)
    r = rng.random()
    if r < 0.2:
        byte_mutate(m)
    elif r < 0.25:
        msg_mutate(m)


# ---- oracles -------------------------------------------------------------------
def parse(data):
    """[(type, nested flag, payload)], None when the framing is broken."""
    out = []
    off = 0
    while off < len(data):
        if off + 4 > len(data):
            return None
        alen, t = struct.unpack_from("=HH", data, off)
        if alen < 4 or off + alen > len(data):
            return None
        out.append((t & 0x3fff, bool(t & N.NLA_F_NESTED), bytes(data[off + 4:off + alen])))
        off += (alen + 3) & ~3
    return out


def canon_obj(body):
    """An object dump without the jool counters."""
    top = parse(body)
    if top is None:
        return ("unparsable", body)
    d = dict((t, v) for t, _, v in top)
    if d.get(N.NFTA_OBJ_TYPE) == struct.pack(">I", JOOL) and N.NFTA_OBJ_DATA in d:
        inner = parse(d[N.NFTA_OBJ_DATA]) or []
        d[N.NFTA_OBJ_DATA] = tuple((t, v) for t, _, v in inner if t != N.OBJ_STATS)
    return tuple(sorted(d.items()))


def snapshot():
    s = []
    for mt in (N.NFT_MSG_GETTABLE, N.NFT_MSG_GETCHAIN, N.NFT_MSG_GETRULE):
        s += [(mt, f, b) for f, b in nl.dump_raw(mt)]
    s += [(N.NFT_MSG_GETOBJ, f, canon_obj(b)) for f, b in nl.dump_raw(N.NFT_MSG_GETOBJ)]
    return s


def jool_objects():
    """{(family, table, name): {attr: payload}} of every jool object."""
    out = {}
    for f, b in nl.dump_raw(N.NFT_MSG_GETOBJ):
        top = parse(b)
        if top is None:
            raise ValueError("object dump with broken framing")
        d = dict((t, v) for t, _, v in top)
        if d.get(N.NFTA_OBJ_TYPE) != struct.pack(">I", JOOL):
            continue
        key = (f, d[N.NFTA_OBJ_TABLE].rstrip(b"\0").decode(errors="replace"),
               d[N.NFTA_OBJ_NAME])
        out[key] = d.get(N.NFTA_OBJ_DATA, b"")
    return out


def be32(v):
    return struct.unpack(">I", v)[0]


def host_bits_zero(addr, plen):
    v = int.from_bytes(addr, "big")
    bits = 8 * len(addr)
    return plen <= bits and (v & ((1 << (bits - plen)) - 1)) == 0


class Bad(Exception):
    pass


def need(cond, what):
    if not cond:
        raise Bad(what)


def check_prefix(v, alen, maxlen, rfc6052=False):
    kids = parse(v)
    need(kids is not None, "prefix nest framing")
    d = {t: p for t, _, p in kids}
    need(set(d) == {N.PREFIX_ADDR, N.PREFIX_LEN}, "prefix attributes %s" % sorted(d))
    need(len(d[N.PREFIX_ADDR]) == alen and len(d[N.PREFIX_LEN]) == 1, "prefix sizes")
    plen = d[N.PREFIX_LEN][0]
    need(plen <= maxlen, "prefix length %d" % plen)
    if rfc6052:
        need(plen in (32, 40, 48, 56, 64, 96), "pool6 length %d" % plen)
        need(plen <= 64 or d[N.PREFIX_ADDR][8] == 0, "pool6 u octet")
    need(host_bits_zero(d[N.PREFIX_ADDR], plen), "prefix host bits")


U8_MAX = {1: 1, 3: 1, 4: 1, 5: 255, 7: 1, 8: 2, 9: 1, 12: 1, 13: 1, 14: 1,
          15: 1, 16: 15, 17: 1, 22: 1, 23: 1}
U32_MIN = {2: 1280, 18: 7200, 19: 240, 20: 120, 21: 1, 24: 0}
COMMON_G = {1, 2, 3, 4, 5, 6}
SIIT_G = COMMON_G | {7, 8, 9}
NAT64_G = COMMON_G | set(range(12, 25))


def check_records(d):
    if N.OBJ_EAMT in d:
        e = d[N.OBJ_EAMT]
        need(len(e) % 24 == 0 and e, "eamt size %d" % len(e))
        seen6, seen4 = set(), set()
        for i in range(0, len(e), 24):
            r = e[i:i + 24]
            l6, l4 = r[20], r[21]
            need(l6 <= 128 and l4 <= 32 and 32 - l4 <= 128 - l6, "eam lengths %d %d" % (l6, l4))
            need(r[22:24] == b"\0\0", "eam pad")
            need(host_bits_zero(r[:16], l6) and host_bits_zero(r[16:20], l4), "eam host bits")
            need((r[:16], l6) not in seen6 and (r[16:20], l4) not in seen4, "duplicate eam")
            seen6.add((r[:16], l6))
            seen4.add((r[16:20], l4))
    if N.OBJ_DENYLIST4 in d:
        e = d[N.OBJ_DENYLIST4]
        need(len(e) % 8 == 0 and e, "denylist4 size")
        seen = set()
        for i in range(0, len(e), 8):
            r = e[i:i + 8]
            need(r[4] <= 32 and r[5:] == b"\0\0\0" and host_bits_zero(r[:4], r[4]),
                 "denylist4 record")
            need(r[:5] not in seen, "duplicate denylist4")
            seen.add(r[:5])


# Object attributes appended to the uapi after this checker was written
# (NAT64 pool4 / BIB records, ...): allowed in dumps, not judged here.
NEWER = set(range(N.OBJ_PART_INDEX + 1, 64))


def check_jool_dump(data):
    """An accepted object must dump as the uapi header describes it."""
    kids = parse(data)
    need(kids is not None, "object data framing")
    types = [t for t, _, _ in kids]
    need(len(types) == len(set(types)), "duplicate attribute in a dump")
    d = {t: v for t, _, v in kids}
    need(N.OBJ_TYPE in d and len(d[N.OBJ_TYPE]) == 4, "type attribute")
    typ = be32(d[N.OBJ_TYPE])
    check_records(d)
    if typ == N.TYPE_PART:
        need(set(d) - NEWER <= {N.OBJ_TYPE, N.OBJ_PART_OF, N.OBJ_PART_INDEX, N.OBJ_EAMT,
                                N.OBJ_DENYLIST4}, "part attributes %s" % sorted(d))
        po = d.get(N.OBJ_PART_OF, b"")
        need(len(po) >= 2 and po.endswith(b"\0") and b"\0" not in po[:-1], "part-of string")
        need(len(d.get(N.OBJ_PART_INDEX, b"")) == 4 and
             1 <= be32(d[N.OBJ_PART_INDEX]) <= 4096, "part index")
        return
    need(typ in (N.TYPE_SIIT, N.TYPE_NAT64), "instance type %d" % typ)
    need(set(d) - NEWER <= {N.OBJ_TYPE, N.OBJ_POOL6, N.OBJ_GLOBALS, N.OBJ_STATS,
                            N.OBJ_EAMT, N.OBJ_DENYLIST4, N.OBJ_PARTS},
         "instance attributes %s" % sorted(d))
    if typ == N.TYPE_NAT64:
        need(N.OBJ_POOL6 in d and N.OBJ_EAMT not in d and N.OBJ_DENYLIST4 not in d,
             "nat64 pool6/tables")
    if N.OBJ_POOL6 in d:
        check_prefix(d[N.OBJ_POOL6], 16, 128, rfc6052=True)
    if N.OBJ_PARTS in d:
        need(len(d[N.OBJ_PARTS]) == 4 and 1 <= be32(d[N.OBJ_PARTS]) <= 4096, "parts count")
    g = parse(d.get(N.OBJ_GLOBALS, b""))
    need(g is not None, "globals framing")
    gd = {t: v for t, _, v in g}
    want = SIIT_G if typ == N.TYPE_SIIT else NAT64_G
    need(want <= set(gd) <= want | {10, 11}, "globals present %s" % sorted(gd))
    need(typ == N.TYPE_SIIT or not ({10, 11} & set(gd)), "rfc6791 on nat64")
    for t, v in gd.items():
        if t in U8_MAX:
            need(len(v) == 1 and v[0] <= U8_MAX[t], "global %d = %r" % (t, v))
        elif t in U32_MIN:
            need(len(v) == 4 and be32(v) >= U32_MIN[t], "global %d = %r" % (t, v))
            need(t != 2 or be32(v) <= 65535, "lowest-ipv6-mtu %d" % be32(v))
        elif t == 6:
            need(len(v) % 2 == 0 and 2 <= len(v) <= 128, "plateaus size")
            p = struct.unpack(">%dH" % (len(v) // 2), v)
            need(all(x >= 68 for x in p) and list(p) == sorted(set(p), reverse=True),
                 "plateaus %s" % (p,))
        elif t == 10:
            check_prefix(v, 16, 128)
        elif t == 11:
            check_prefix(v, 4, 32)
    if N.OBJ_STATS in d:
        s = parse(d[N.OBJ_STATS])
        need(s is not None and all(len(v) == 8 for _, _, v in s), "stats")


# ---- nft listing ----------------------------------------------------------------
class Lister:
    """`nft list ruleset` through libnftables in this process, or nft."""

    def __init__(self):
        self.lib = None
        path = os.environ.get("FUZZ_LIBNFTABLES", "")
        if path:
            d = os.path.dirname(path)
            try:
                ctypes.CDLL(os.path.join(d, "libnftnl.so.11"), mode=ctypes.RTLD_GLOBAL)
            except OSError:
                pass
            lib = ctypes.CDLL(path)
            lib.nft_ctx_new.restype = ctypes.c_void_p
            lib.nft_ctx_new.argtypes = [ctypes.c_uint32]
            lib.nft_run_cmd_from_buffer.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
            lib.nft_ctx_get_output_buffer.restype = ctypes.c_char_p
            lib.nft_ctx_get_output_buffer.argtypes = [ctypes.c_void_p]
            lib.nft_ctx_get_error_buffer.restype = ctypes.c_char_p
            lib.nft_ctx_get_error_buffer.argtypes = [ctypes.c_void_p]
            lib.nft_ctx_buffer_output.argtypes = [ctypes.c_void_p]
            lib.nft_ctx_buffer_error.argtypes = [ctypes.c_void_p]
            self.ctx = lib.nft_ctx_new(0)
            lib.nft_ctx_buffer_output(self.ctx)
            lib.nft_ctx_buffer_error(self.ctx)
            self.lib = lib
        self.nft = os.environ.get("NFT", "nft").split()

    def list(self):
        """(rc, stdout, stderr) of `list ruleset`."""
        if self.lib:
            rc = self.lib.nft_run_cmd_from_buffer(self.ctx, b"list ruleset")
            out = self.lib.nft_ctx_get_output_buffer(self.ctx) or b""
            err = self.lib.nft_ctx_get_error_buffer(self.ctx) or b""
            return rc, out.decode(errors="replace"), err.decode(errors="replace")
        p = subprocess.run(self.nft + ["list", "ruleset"], capture_output=True, text=True)
        return p.returncode, p.stdout, p.stderr


# ---- the run ----------------------------------------------------------------------
nl = N.NftnlTimed(timeout=20.0)
lister = Lister()
failures = []
stats = {"batches": 0, "accepted": 0, "refused": 0, "mutated": 0, "messages": 0,
         "listings": 0, "followups": 0, "followup_kind_changed": 0}
errnos = {}


def fail(what, batch=None):
    failures.append(what)
    print("FAIL: " + what, flush=True)
    if batch is not None:
        for i, (mt, fl, fam, p) in enumerate(batch):
            print("  msg %d type %d flags %#x family %d: %s" % (i, mt, fl, fam, p.hex()))
    if len(failures) >= 10:
        finish()


def probe_families():
    for fam in list(FAMS):
        f = N.ALL_FAMILIES[fam]
        nl.batch([N.deltable(f, TABLE)])
        if nl.batch([N.newtable_any(f, TABLE)]) != [0]:
            FAMS.remove(fam)
            print("note: no %s tables in this kernel" % fam)
        nl.batch([N.deltable(f, TABLE)])


def reset():
    msgs = [N.deltable(N.ALL_FAMILIES[f], TABLE) for f in FAMS] + baseline_msgs()
    res = nl.batch(msgs)
    if any(res):
        # the very first time, the tables do not exist yet
        for f in FAMS:
            nl.batch([N.deltable(N.ALL_FAMILIES[f], TABLE)])
        res = nl.batch(baseline_msgs())
    if any(res):
        print("baseline refused:", res)
        sys.exit(2)


def seed_dumps():
    objs = jool_objects()
    return {k: tuple(t for t in parse(v) if t[0] != N.OBJ_STATS) for k, v in objs.items()
            if k[0] == 1 and k[1] == TABLE and k[2].rstrip(b"\0") in
            (b"s1", b"s1#1", b"s1#2", b"n1", b"s2")}


def make_batch():
    """[(Msg, mutated)]. A refused batch costs at least ~20 ms under TCG
    (the abort path waits for an RCU grace period), a message a few more:
    most batches carry 16 to 32 mutated messages, each answered with its
    own errno. One in seven carries a single mutated message (with its
    valid companions), so that some batches are accepted."""
    if rng.random() < 0.15:
        group = rng.choices(TEMPLATES, TPL_W)[0][1]()
        hit = rng.randrange(len(group))
        mutate(group[hit])
        return [(m, i == hit) for i, m in enumerate(group)]
    out = []
    for _ in range(rng.randint(16, 32)):
        group = rng.choices(TEMPLATES, TPL_W)[0][1]()
        hit = rng.randrange(len(group))
        mutate(group[hit])
        if rng.random() < 0.3:
            out += [(m, i == hit) for i, m in enumerate(group)]
        else:
            out.append((group[hit], True))
    return out


def followup(batch_tuples):
    """After an accepted batch: a valid update of the seed objects works."""
    stats["followups"] += 1
    res = nl.batch([m.tup() for m in seed_objects()])
    if any(res):
        # explained if a seed name now belongs to an object of the other
        # kind (instance vs part): deleted and re-created in that batch
        objs = jool_objects()
        changed = False
        for m in seed_objects():
            name = m.nodes[1].data
            cur = objs.get((1, TABLE, name))
            if cur is not None:
                typ = be32(dict((t, v) for t, _, v in parse(cur))[N.OBJ_TYPE])
                if (typ == N.TYPE_PART) != (b"#" in name):
                    changed = True
        if changed:
            stats["followup_kind_changed"] += 1
        else:
            fail("valid follow-up update refused %s" % res, batch_tuples)
        return
    if seed_dumps() != BASE_SEED_DUMPS:
        fail("valid follow-up update does not dump as at the start", batch_tuples)


PROF = {}


def prof(k, t0):
    PROF[k] = PROF.get(k, 0.0) + time.time() - t0


def run():
    global BASE_SEED_DUMPS
    probe_families()
    reset()
    BASE_SEED_DUMPS = seed_dumps()
    if len(BASE_SEED_DUMPS) != 5:
        print("seed objects missing:", BASE_SEED_DUMPS.keys())
        sys.exit(2)
    before = snapshot()
    listing = None
    t0 = time.time()
    regs = list(regressions())
    while regs or (stats["mutated"] < TARGET and time.time() - t0 < TIME_LIMIT):
        tp = time.time()
        b = [(m, True) for m in regs.pop(0)] if regs else make_batch()
        tuples = [m.tup() for m, _ in b]
        prof("make", tp)
        stats["batches"] += 1
        stats["messages"] += len(tuples)
        stats["mutated"] += sum(1 for _, mut in b if mut)
        tp = time.time()
        try:
            res = nl.batch(tuples)
            prof("send", tp)
        except TimeoutError as e:
            fail(str(e), tuples)
            nl.__init__(timeout=20.0)
            reset()
            before = snapshot()
            listing = None
            continue
        for (m, mut), e in zip(b, res):
            if mut:
                errnos[e] = errnos.get(e, 0) + 1
        if any(res):
            stats["refused"] += 1
            tp = time.time()
            after = snapshot()
            prof("snapshot", tp)
            tp = time.time()
            if after != before:
                fail("refused batch %d (%s) changed the ruleset" % (stats["batches"], res), tuples)
                reset()
                before = snapshot()
                listing = None
                continue
            if NFT_EVERY and stats["refused"] % NFT_EVERY == 0:
                if listing is None:
                    # the state before this batch is the same (checked above)
                    listing = lister.list()
                else:
                    stats["listings"] += 1
                    now = lister.list()
                    if now != listing:
                        fail("refused batch %d changed `nft list ruleset`" % stats["batches"], tuples)
                        listing = now
            prof("listing", tp)
        else:
            stats["accepted"] += 1
            tp = time.time()
            try:
                for k, v in jool_objects().items():
                    try:
                        check_jool_dump(v)
                    except Bad as e:
                        fail("accepted batch %d: object %s dumps badly: %s" %
                             (stats["batches"], k, e), tuples)
            except ValueError as e:
                fail("accepted batch %d: %s" % (stats["batches"], e), tuples)
            rc, out, err = lister.list()
            stats["listings"] += 1
            # nf_tables keeps any NFTA_*_USERDATA; nft's complaint about a
            # mutated one is not about jool
            err = "\n".join(x for x in err.splitlines()
                            if x.strip() and "Cannot parse userdata" not in x)
            if rc != 0 or err:
                fail("accepted batch %d: nft list ruleset fails (rc %d): %s" %
                     (stats["batches"], rc, err.strip()[:300]), tuples)
            followup(tuples)
            reset()
            before = snapshot()
            listing = None
            prof("accepted", tp)
        if VERBOSE and stats["batches"] % 500 == 0:
            mem = [x for x in open("/proc/meminfo") if x.startswith(("MemFree", "Slab"))]
            print("  %d batches, %d mutated messages, %.0f s; %s; %s" %
                  (stats["batches"], stats["mutated"], time.time() - t0,
                   ", ".join("%s %.1f" % kv for kv in PROF.items()),
                   " ".join(x.split()[1] for x in mem)), flush=True)
    stats["seconds"] = round(time.time() - t0, 1)


def finish():
    print("seed %d: %d batches (%d messages, %d mutated), %d accepted, %d refused, "
          "%d listings compared, %d follow-up updates (%d explained by a kind change)" %
          (SEED, stats["batches"], stats["messages"], stats["mutated"], stats["accepted"],
           stats["refused"], stats["listings"], stats["followups"],
           stats["followup_kind_changed"]))
    print("mutated messages per errno: " + ", ".join(
        "%s %d" % ("ok" if e == 0 else errno.errorcode.get(e, str(e)), n)
        for e, n in sorted(errnos.items(), key=lambda x: -x[1])))
    if "seconds" in stats:
        print("time: %s s" % stats["seconds"])
        if stats["mutated"] < TARGET:
            print("NOTE: time limit (FUZZ_NETLINK_SECONDS=%g) reached before %d mutated "
                  "messages" % (TIME_LIMIT, TARGET))
    if VERBOSE:
        print("profile: " + ", ".join("%s %.1f s" % kv for kv in PROF.items()))
    print("%d failures" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    run()
    finish()
