# SPDX-License-Identifier: GPL-2.0
"""The malformed-packet corpus: hand-made bad and borderline packets for a
SIIT instance (pool6 only), each with the verdict the RFCs call for.

Written from RFC 791, 792, 768, 793, 8200, 4443, 7915 (and RFC 1624 for
incremental checksums); never from Jool's test data, never from what the
module sends. build(pool6) returns a list of Case; run_corpus.py sends them
through the translator and checks each verdict. `python3 corpus.py` prints
the corpus (host side, no namespaces needed).

Verdict classes:
  xlat   translated: the packet(s) in .out must arrive on the other side,
         byte for byte but for .masked offsets and .checks
  drop   the instance drops it: jool counter .stat + 1 (and icmp_sent + 1
         when the translator must answer with an ICMP error itself)
  pass   untranslatable (NFT_BREAK): jool counter .stat + 1 and the
         counting rule after the jool rule sees it; nothing translated
  stack  the kernel refuses it before the prerouting hook (ip_rcv_core /
         ipv6_rcv): kernel SNMP counter .stat + 1, the instance never sees
         it (RFC 791 / RFC 8200 header checks happen there)

A case may carry .deviation = (verdict, stat, note): the module's current
behaviour where it differs from the RFC verdict (reported, not a failure).
"""
import ipaddress
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../packet"))
import rfc6052  # noqa: E402
import logging  # noqa: E402
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)

from scapy.all import (IP, ICMP, IPv6, TCP, UDP, Raw, IPOption,  # noqa: E402
                       ICMPv6EchoRequest, ICMPv6ParamProblem,
                       IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting,
                       IPv6ExtHdrFragment, PadN, HBHOptUnknown)

N4 = "192.0.2.2"            # the IPv4 end (topology of helpers/lib.sh)
A4 = "198.51.100.2"         # the IPv6 end as seen from IPv4
NH_HOP, NH_ROUTING, NH_FRAG, NH_DEST = 0, 43, 44, 60


class Case:
    def __init__(self, name, side, raw, verdict, stat=None, icmp_sent=False,
                 out=None, masked=(), checks=(), deviation=None, rfc=""):
        self.name, self.side, self.raw = name, side, bytes(raw)
        self.verdict, self.stat, self.icmp_sent = verdict, stat, icmp_sent
        self.out, self.masked, self.checks = out, set(masked), list(checks)
        self.deviation, self.rfc = deviation, rfc


# ---------------------------------------------------------------- checksums
def sum16(data):
    """one's complement sum of DATA, folded to 16 bits"""
    data = bytes(data)
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def csum_update(field, old, new):
    """RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), m/m' the old/new data"""
    s = (~field & 0xffff) + (~sum16(old) & 0xffff) + sum16(new)
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def same_csum(a, b):
    """0x0000 and 0xffff are the same one's complement number"""
    return a == b or {a, b} == {0, 0xffff}


def ipv4_hdr_ok(off=0):
    return (f"IPv4 header checksum at {off} wrong",
            lambda g: sum16(g[off:off + (g[off] & 0xf) * 4]) == 0xffff)


def field_is(off, want, udp4=False):
    """the 16-bit field at OFF is WANT (one's complement: +0 == -0, but a
    translated IPv4 UDP checksum must not become 0 = "none")"""
    def ok(g):
        got = struct.unpack("!H", g[off:off + 2])[0]
        if udp4 and got == 0:
            return False
        return same_csum(got, want)
    return (f"checksum at {off} != {want:#06x} (RFC 1624 update of the original)", ok)


def icmp4_ok(off):
    return ("ICMPv4 checksum wrong", lambda g: sum16(g[off:]) == 0xffff)


def icmp6_ok(off=40):
    def ok(g):
        ln = len(g) - off
        return sum16(g[8:40] + struct.pack("!IxxxB", ln, 58) + g[off:]) == 0xffff
    return ("ICMPv6 checksum wrong", ok)


# ---------------------------------------------------------------- addresses
class Addr:
    def __init__(self, pool6):
        self.pool6 = pool6
        self.A6 = rfc6052.embed(pool6, A4)
        self.N4_6 = rfc6052.embed(pool6, N4)

    def v6(self, a4):
        return rfc6052.embed(self.pool6, a4)

    def to4(self, raw16):
        return ipaddress.IPv4Address(rfc6052.extract(self.pool6, str(ipaddress.IPv6Address(raw16)))).packed

    def to6(self, raw4):
        return ipaddress.IPv6Address(rfc6052.embed(self.pool6, str(ipaddress.IPv4Address(raw4)))).packed


# ---------------------------------------------------------------- RFC 7915 section 5 (6 -> 4)
def walk6(b, end):
    """skip HBH/DO/RH(segments left 0) and a Fragment Header (RFC 8200 4);
    returns (l4 offset, protocol, fragment (id, offset, mf) or None)"""
    nh, off, frag = b[6], 40, None
    while True:
        if nh in (NH_HOP, NH_DEST, NH_ROUTING) and frag is None:
            nh, off = b[off], off + (b[off + 1] + 1) * 8
        elif nh == NH_FRAG and frag is None:
            fo = struct.unpack("!H", b[off + 2:off + 4])[0]
            frag = (struct.unpack("!I", b[off + 4:off + 8])[0], fo >> 3, fo & 1)
            nh, off = b[off], off + 8
        else:
            return off, nh, frag


def xlat64(ad, b, inner=False, ident_masked=True):
    """RFC 7915 5.1/5.1.1/5.5 for the IPv6 packet B (whole, or the packet in
    error of an ICMP error when INNER: then truncated, TTL kept, lengths
    from the header). Returns (bytes, masked offsets, checks)."""
    b = bytes(b)
    total6 = 40 + struct.unpack("!H", b[4:6])[0]
    end = len(b) if inner else total6
    l4off, nh, frag = walk6(b, end)
    l4len = total6 - l4off
    tc = (b[0] & 0xf) << 4 | b[1] >> 4
    tot4 = 20 + l4len
    masked, checks = set(), []
    if frag:
        ident, fo = frag[0] & 0xffff, frag[1] | (0x2000 if frag[2] else 0)
    elif tot4 > 1260:
        ident, fo = 0, 0x4000          # DF, RFC 7915 5.1 (RFC 8021)
    else:
        ident, fo = 0, 0               # generated: masked
        masked |= {4, 5, 10, 11}
    ttl = b[7] if inner else b[7] - 1
    s4, d4 = ad.to4(b[8:24]), ad.to4(b[24:40])
    hdr = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, tc, tot4, ident, fo, ttl,
                                1 if nh == 58 else nh, 0, s4, d4))
    hdr[10:12] = struct.pack("!H", ~sum16(hdr) & 0xffff)
    if {10, 11} <= masked:
        checks.append(ipv4_hdr_ok(0))
    l4 = bytearray(b[l4off:end])
    first = not frag or frag[1] == 0
    old_addr, new_addr = b[8:40], s4 + d4
    if first and nh in (6, 17):
        coff = 16 if nh == 6 else 6
        if len(l4) >= coff + 2:
            c = struct.unpack("!H", l4[coff:coff + 2])[0]
            want = csum_update(c, old_addr, new_addr)
            if nh == 17 and want == 0:
                want = 0xffff
            masked |= {20 + coff, 21 + coff}
            checks.append(field_is(20 + coff, want, udp4=nh == 17))
    if first and nh == 58 and l4:
        typ = {128: 8, 129: 0}[l4[0]]
        code = l4[1] if len(l4) > 1 else 0
        if len(l4) >= 4:
            c = struct.unpack("!H", l4[2:4])[0]
            pseudo = b[8:40] + struct.pack("!IxxxB", l4len, 58)
            want = csum_update(c, pseudo + bytes([l4[0], code]), bytes([typ, code]))
            masked |= {22, 23}
            checks.append(field_is(22, want))
        l4[0] = typ
    return bytes(hdr) + bytes(l4), masked, checks


# ---------------------------------------------------------------- RFC 7915 section 4 (4 -> 6)
def xlat46(ad, b, inner=False):
    b = bytes(b)
    hlen = (b[0] & 0xf) * 4
    tot = struct.unpack("!H", b[2:4])[0]
    end = len(b) if inner else tot
    fo = struct.unpack("!H", b[6:8])[0]
    frag = bool(fo & 0x2000 or fo & 0x1fff)
    proto = b[9]
    nh = 58 if proto == 1 else proto
    s6, d6 = ad.to6(b[12:16]), ad.to6(b[16:20])
    hlim = b[8] if inner else b[8] - 1
    plen = tot - hlen + (8 if frag else 0)
    hdr = struct.pack("!BBHHBB16s16s", 0x60 | b[1] >> 4, (b[1] & 0xf) << 4, 0, plen,
                      NH_FRAG if frag else nh, hlim, s6, d6)
    if frag:
        hdr += struct.pack("!BBHI", nh, 0, (fo & 0x1fff) << 3 | (1 if fo & 0x2000 else 0),
                           struct.unpack("!H", b[4:6])[0])
    h6 = len(hdr)
    masked, checks = set(), []
    l4 = bytearray(b[hlen:end])
    first = not fo & 0x1fff
    if first and proto in (6, 17):
        coff = 16 if proto == 6 else 6
        if len(l4) >= coff + 2:
            c = struct.unpack("!H", l4[coff:coff + 2])[0]
            if not (proto == 17 and c == 0):
                want = csum_update(c, b[12:20], s6 + d6)
                masked |= {h6 + coff, h6 + coff + 1}
                checks.append(field_is(h6 + coff, want))
    if first and proto == 1 and l4:
        typ = {8: 128, 0: 129}[l4[0]]
        code = l4[1] if len(l4) > 1 else 0
        if len(l4) >= 4:
            c = struct.unpack("!H", l4[2:4])[0]
            pseudo = s6 + d6 + struct.pack("!IxxxB", tot - hlen, 58)
            want = csum_update(c, bytes([l4[0], code]), pseudo + bytes([typ, code]))
            masked |= {h6 + 2, h6 + 3}
            checks.append(field_is(h6 + 2, want))
        l4[0] = typ
    return hdr + bytes(l4), masked, checks


# ---------------------------------------------------------------- ICMP errors
def err64(ad, b, typ4, code4):
    """RFC 7915 5.2/5.3: an ICMPv6 error (no extension headers) -> ICMPv4,
    packet in error translated (TTL kept) and cut to 576 octets"""
    b = bytes(b)
    inner, imask, ichecks = xlat64(ad, b[48:], inner=True)
    msg = bytes([typ4, code4, 0, 0, 0, 0, 0, 0]) + inner
    tot = min(20 + len(msg), 576)
    msg = msg[:tot - 20]
    tc = (b[0] & 0xf) << 4 | b[1] >> 4
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, tc, tot, 0, 0, b[7] - 1, 1, 0,
                      ad.to4(b[8:24]), ad.to4(b[24:40]))
    masked = {4, 5, 10, 11, 22, 23} | {28 + m for m in imask}
    checks = [ipv4_hdr_ok(0), icmp4_ok(20)]
    for desc, fn in ichecks:
        checks.append(("inner: " + desc, lambda g, fn=fn: fn(g[28:])))
    return hdr + msg, masked, checks


def err46(ad, b, typ6, code6):
    """RFC 7915 4.2/4.3: an ICMPv4 error (IHL 5) -> ICMPv6, packet in error
    translated (hop limit kept) and cut to 1280 octets"""
    b = bytes(b)
    inner, imask, ichecks = xlat46(ad, b[28:], inner=True)
    msg = bytes([typ6, code6, 0, 0, 0, 0, 0, 0]) + inner
    msg = msg[:1280 - 40]
    hdr = struct.pack("!BBHHBB16s16s", 0x60 | b[1] >> 4, (b[1] & 0xf) << 4, 0, len(msg), 58,
                      b[8] - 1, ad.to6(b[12:16]), ad.to6(b[16:20]))
    masked = {42, 43} | {48 + m for m in imask}
    checks = [icmp6_ok(40)]
    for desc, fn in ichecks:
        checks.append(("inner: " + desc, lambda g, fn=fn: fn(g[48:])))
    return hdr + msg, masked, checks


def fix_icmp6(b):
    """recompute the outer ICMPv6 checksum of raw packet B (no ext headers)"""
    b = bytearray(b)
    b[42:44] = b"\0\0"
    ln = len(b) - 40
    b[42:44] = struct.pack("!H", ~sum16(b[8:40] + struct.pack("!IxxxB", ln, 58) + b[40:]) & 0xffff)
    return bytes(b)


def fix_icmp4(b, off=20):
    b = bytearray(b)
    b[off + 2:off + 4] = b"\0\0"
    b[off + 2:off + 4] = struct.pack("!H", ~sum16(b[off:]) & 0xffff)
    return bytes(b)


def fix_ip4(b):
    b = bytearray(b)
    hl = (b[0] & 0xf) * 4
    b[10:12] = b"\0\0"
    b[10:12] = struct.pack("!H", ~sum16(b[:hl]) & 0xffff)
    return bytes(b)


def set_plen(b, plen):
    b = bytearray(b)
    b[4:6] = struct.pack("!H", plen)
    return bytes(b)


def set_tot(b, tot):
    b = bytearray(b)
    b[2:4] = struct.pack("!H", tot)
    return fix_ip4(b)


# ---------------------------------------------------------------- the corpus
def build(pool6):
    ad = Addr(pool6)
    A6, N4_6 = ad.A6, ad.N4_6
    cases = []
    port = [20000]

    def nport():
        port[0] += 1
        return port[0]

    def p6(**kw):
        return IPv6(src=kw.pop("src", A6), dst=kw.pop("dst", N4_6), hlim=kw.pop("hlim", 64), **kw)

    def p4(**kw):
        return IP(src=kw.pop("src", N4), dst=kw.pop("dst", A4), ttl=kw.pop("ttl", 64),
                  id=kw.pop("id", 0x4d4d), **kw)

    def add(*a, **kw):
        cases.append(Case(*a, **kw))

    def xl6(name, raw, rfc="7915 5.1", **kw):
        out, m, c = xlat64(ad, raw)
        add(name, 6, raw, "xlat", out=[out], masked=m, checks=c, rfc=rfc, **kw)

    def xl4(name, raw, rfc="7915 4.1", **kw):
        out, m, c = xlat46(ad, raw)
        add(name, 4, raw, "xlat", out=[out], masked=m, checks=c, rfc=rfc, **kw)

    def udp6(n=16, **kw):
        return p6(**kw) / UDP(sport=nport(), dport=9) / Raw(b"u" * n)

    def tcp6(**kw):
        return p6(**kw) / TCP(sport=nport(), dport=80, flags="S", seq=1000,
                              options=[("MSS", 1400), ("NOP", None), ("WScale", 7)])

    def icmp6(n=16, **kw):
        return p6(**kw) / ICMPv6EchoRequest(id=nport(), seq=1, data=b"e" * n)

    def udp4(n=16, **kw):
        return p4(**kw) / UDP(sport=nport(), dport=9) / Raw(b"u" * n)

    def tcp4(**kw):
        return p4(**kw) / TCP(sport=nport(), dport=80, flags="S", seq=1000,
                              options=[("MSS", 1400), ("NOP", None), ("WScale", 7)])

    def icmp4(n=16, **kw):
        return p4(**kw) / ICMP(type=8, id=nport(), seq=1) / Raw(b"e" * n)

    chain = lambda: IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() / IPv6ExtHdrRouting(type=0, segleft=0)

    # ======== 6 -> 4: truncation at (and around) every header boundary ====
    # The frame ends early but the Payload Length says so too (else ipv6_rcv
    # drops it, see the "stack" cases): the headers claim more than there is.
    for l4name, mk, l4min in (("udp", lambda: p6() / chain() / UDP(sport=nport(), dport=9) / Raw(b"x" * 8), 8),
                              ("tcp", lambda: p6() / chain() / TCP(sport=nport(), dport=80, flags="S",
                                                                   options=[("NOP", None)] * 8), 28),
                              ("icmpv6", lambda: p6() / chain() / ICMPv6EchoRequest(id=nport(), data=b"x" * 8), 8)):
        pk = bytes(mk())
        # chain: HBH 40..48, DO 48..56, RH 56..64, L4 from 64
        for cut, where in ((40, "after the IPv6 header"), (41, "1 octet into hop-by-hop"),
                           (47, "7 octets into hop-by-hop"), (48, "after hop-by-hop"),
                           (50, "inside destination options"), (56, "after destination options"),
                           (60, "inside the routing header"), (64, "after the routing header")):
            if l4name != "udp" and cut < 60:
                continue        # the same octets as the udp case
            raw = set_plen(pk[:cut], cut - 40)
            if cut < 48:
                # the hop-by-hop header is ipv6_rcv's own (RFC 8200 4.3)
                add(f"6 {l4name}: cut {where} ({cut} octets)", 6, raw, "stack", "Ip6InHdrErrors",
                    rfc="8200 4.3: hop-by-hop examined on arrival, before the hook")
                continue
            add(f"6 {l4name}: cut {where} ({cut} octets)", 6, raw, "drop", "truncated",
                rfc="8200 4 (header length beyond the packet); 7915 5.1")
        # inside the L4 header
        for k in sorted({1, 4, 7, l4min - 1} | ({19, 20, 27} if l4name == "tcp" else set())):
            raw = set_plen(pk[:64 + k], 24 + k)
            stat = "truncated"
            if l4name == "tcp" and k >= 20:
                stat = "malformed"  # data offset (28 octets) beyond the segment
            add(f"6 {l4name}: cut {k} octets into the {l4name} header", 6, raw, "drop", stat,
                rfc="768/793/4443 header sizes; 7915 5.1")
        # L4 header complete, payload cut: the header is whole -> translated
        raw = set_plen(pk[:64 + l4min], 24 + l4min)
        xl6(f"6 {l4name}: header complete, no payload", raw)
    # the IPv6 header itself cut short: ipv6_rcv refuses it
    base = bytes(udp6())
    for cut in (1, 20, 39):
        add(f"6 frame of {cut} octets (IPv6 header cut)", 6, base[:cut], "stack", "Ip6InHdrErrors",
            rfc="8200 3")

    # ======== 6 -> 4: lengths =============================================
    base = bytes(udp6(32))
    for extra in (1, 8, 100, 65535 - 40 - len(base) + 40):
        plen = len(base) - 40 + extra
        if plen > 0xffff:
            plen = 0xffff
        add(f"6 payload length {plen} > frame ({len(base) - 40})", 6, set_plen(base, plen), "stack",
            "Ip6InTruncatedPkts", rfc="8200 3")
    for junk in (1, 7, 64):
        raw = bytes(udp6(20)) + b"\xee" * junk
        out, m, c = xlat64(ad, raw[:len(raw) - junk])
        add(f"6 payload length {len(raw) - 40 - junk} < frame by {junk} (trailing octets are padding)",
            6, raw, "xlat", out=[out], masked=m, checks=c, rfc="8200 3 (payload length); 7915 5.1")
    pk = bytes(udp6(40))
    raw = set_plen(pk, 8 + 10)      # UDP length still says 48
    out, m, c = xlat64(ad, raw[:58])
    add("6 payload length cuts into the UDP data (UDP length larger)", 6, raw, "xlat", out=[out],
        masked=m, checks=c, rfc="7915 5.1: only the IP header is translated; UDP length is the receiver's")
    add("6 payload length 0, UDP", 6, set_plen(bytes(udp6()), 0), "drop", "truncated", rfc="8200 3")
    add("6 payload length 0 with hop-by-hop but no Jumbo option", 6,
        set_plen(bytes(p6() / IPv6ExtHdrHopByHop() / UDP(sport=nport(), dport=9) / Raw(b"j" * 8)), 0),
        "drop", "malformed", rfc="RFC 2675 3: payload length 0 only with a Jumbo Payload option")
    for ver in (0, 4, 7, 15):
        b = bytearray(bytes(udp6()))
        b[0] = ver << 4 | (b[0] & 0xf)
        add(f"6 version nibble {ver} in an IPv6 frame", 6, b, "stack", "Ip6InHdrErrors", rfc="8200 3")

    # ======== 6 -> 4: extension header chains =============================
    xl6("6 hop-by-hop (Pad1 x6)", p6() / IPv6ExtHdrHopByHop(options=[]) / UDP(sport=nport(), dport=9) / Raw(b"h"))
    xl6("6 destination options, PadN 12", p6() / IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\0" * 10)]) /
        UDP(sport=nport(), dport=9) / Raw(b"d"))
    xl6("6 routing type 0, segments left 0", p6() / IPv6ExtHdrRouting(type=0, segleft=0, addresses=["2001:db8::1"]) /
        UDP(sport=nport(), dport=9) / Raw(b"r"))
    xl6("6 routing type 2, segments left 0", p6() / IPv6ExtHdrRouting(type=2, segleft=0, addresses=["2001:db8::2"]) /
        TCP(sport=nport(), dport=80, flags="S"))
    xl6("6 routing type 4 (SRH), segments left 0", p6() / IPv6ExtHdrRouting(type=4, segleft=0, addresses=["2001:db8::3"]) /
        ICMPv6EchoRequest(id=nport(), data=b"s"))
    xl6("6 hbh + dest + routing + dest before ICMPv6", p6() / chain() / IPv6ExtHdrDestOpt() /
        ICMPv6EchoRequest(id=nport(), data=b"c" * 5))
    for n in (8, 30, 120):
        ch = IPv6ExtHdrDestOpt()
        for _ in range(n - 1):
            ch = ch / IPv6ExtHdrDestOpt()
        xl6(f"6 chain of {n} destination options headers", p6() / ch / UDP(sport=nport(), dport=9) / Raw(b"L" * 4),
            rfc="8200 4 (no limit on the chain); 7915 5.1")
    for nm, hdrs in (("destination options, then hop-by-hop", IPv6ExtHdrDestOpt() / IPv6ExtHdrHopByHop()),
                     ("hop-by-hop twice", IPv6ExtHdrHopByHop() / IPv6ExtHdrHopByHop()),
                     ("routing, then hop-by-hop", IPv6ExtHdrRouting(segleft=0) / IPv6ExtHdrHopByHop()),
                     ("fragment, then hop-by-hop", IPv6ExtHdrFragment(id=1) / IPv6ExtHdrHopByHop())):
        add(f"6 {nm}", 6, p6() / hdrs / UDP(sport=nport(), dport=9) / Raw(b"n"), "drop", "malformed",
            rfc="8200 4.1: hop-by-hop only immediately after the IPv6 header")
    for t in (0, 2, 4):
        add(f"6 routing type {t}, segments left 1", 6,
            p6() / IPv6ExtHdrRouting(type=t, segleft=1, addresses=["2001:db8::9"]) / UDP(sport=nport(), dport=9),
            "drop", "src_route", icmp_sent=True,
            rfc="7915 5.1: non-zero Segments Left: not translated, parameter problem 4/0")
    add("6 routing, segments left 255", 6,
        p6() / IPv6ExtHdrDestOpt() / IPv6ExtHdrRouting(type=0, segleft=255, addresses=["2001:db8::9"]) /
        TCP(sport=nport(), dport=80), "drop", "src_route", icmp_sent=True, rfc="7915 5.1")
    for nm, hdrs in (("fragment header twice", IPv6ExtHdrFragment(id=2) / IPv6ExtHdrFragment(id=2)),
                     ("destination options after the fragment header", IPv6ExtHdrFragment(id=3) / IPv6ExtHdrDestOpt()),
                     ("routing after the fragment header", IPv6ExtHdrFragment(id=4) / IPv6ExtHdrRouting(segleft=0)),
                     ("fragment, dest, fragment", IPv6ExtHdrFragment(id=5) / IPv6ExtHdrDestOpt() / IPv6ExtHdrFragment(id=5))):
        add(f"6 {nm}", 6, p6() / hdrs / UDP(sport=nport(), dport=9) / Raw(b"f" * 8), "drop", "exthdr",
            rfc="8200 4.5: headers after the Fragment Header are fragmentable; 7915 5.1 has no IPv4 place")
    # header length running past the end of the packet
    for nm, hb in (("destination options length 255", bytes([17, 255]) + b"\x01\x04" + b"\0" * 4),
                   ("routing length 4, 16 octets present", bytes([17, 4, 0, 0]) + b"\0" * 12)):
        nh = {"d": NH_DEST, "h": NH_HOP, "r": NH_ROUTING}[nm[0]]
        raw = bytes(IPv6(src=A6, dst=N4_6, hlim=64, nh=nh)) + hb
        raw = set_plen(raw, len(hb))
        add(f"6 {nm}: runs past the end", 6, raw, "drop", "truncated", rfc="8200 4")
    # a hop-by-hop header right after the IPv6 header is parsed by ipv6_rcv
    # itself (RFC 8200 4.3), before any hook: its errors never reach jool
    hb = bytes([17, 1]) + b"\x01\x04" + b"\0" * 4
    add("6 hop-by-hop length 1, 8 octets present: runs past the end", 6,
        set_plen(bytes(IPv6(src=A6, dst=N4_6, hlim=64, nh=NH_HOP)) + hb, 8), "stack", "Ip6InHdrErrors", rfc="8200 4.3")
    for opt, act in ((0x43, "01: discard"), (0xc3, "11: discard, ICMP unless multicast")):
        add(f"6 hop-by-hop unknown option {opt:#x} (action {act})", 6,
            p6() / IPv6ExtHdrHopByHop(options=[HBHOptUnknown(otype=opt, optdata=b"\0\0\0\0")]) /
            UDP(sport=nport(), dport=9), "stack", "Ip6InHdrErrors", rfc="8200 4.2 option actions")
    xl6("6 hop-by-hop unknown option 0x3 (action 00: skip)",
        p6() / IPv6ExtHdrHopByHop(options=[HBHOptUnknown(otype=3, optdata=b"\0\0\0\0")]) /
        UDP(sport=nport(), dport=9) / Raw(b"k"), rfc="8200 4.2; 7915 5.1")
    # unknown / other protocols: RFC 7915 5.5 "translators MUST forward all
    # transport protocols as described in the 'Protocol' step of Section 5.1"
    for proto, nm in ((59, "no next header"), (47, "GRE"), (132, "SCTP"), (50, "ESP"), (253, "experimental 253"),
                      (254, "experimental 254")):
        raw = bytes(IPv6(src=A6, dst=N4_6, hlim=64, nh=proto) / Raw(bytes(range(24))))
        if proto == 59:
            raw = bytes(IPv6(src=A6, dst=N4_6, hlim=64, nh=NH_DEST) / Raw(bytes([59, 0]) + b"\1\4\0\0\0\0"))
        xl6(f"6 protocol {proto} ({nm})", raw, rfc="7915 5.1 Protocol, 5.5 MUST forward all protocols",
            deviation=("pass", "unknown_l4", "not translated: NFT_BREAK"))

    # ======== 6 -> 4: TCP header fields ===================================
    for doff in (0, 1, 4):
        add(f"6 tcp data offset {doff} (< 5)", 6, p6() / TCP(sport=nport(), dport=80, dataofs=doff) / Raw(b"t" * 8),
            "drop", "malformed", rfc="793 3.1: data offset counts the header, at least 5 words")
    add("6 tcp data offset 15, 20-octet segment", 6, p6() / TCP(sport=nport(), dport=80, dataofs=15),
        "drop", "malformed", rfc="793 3.1")
    xl6("6 tcp 40 octets of options (data offset 15)", p6() / TCP(sport=nport(), dport=80, flags="S",
                                                                    options=[("NOP", None)] * 40),
        rfc="793 3.1; 7915 5.5")

    # ======== 6 -> 4: hop limit, checksums, ICMP types, addresses =========
    for mk, nm in ((udp6, "udp"), (tcp6, "tcp"), (icmp6, "icmpv6 echo")):
        for h in (0, 1):
            add(f"6 {nm} hop limit {h}", 6, mk(hlim=h), "drop", "ttl", icmp_sent=True,
                rfc="7915 5.1 + 4443 3.3: time exceeded from the translator")
        xl6(f"6 {nm} hop limit 2", mk(hlim=2), rfc="7915 5.1: TTL = hop limit - 1")
    for mk, nm, off in ((udp6, "udp", 46), (tcp6, "tcp", 56), (icmp6, "icmpv6 echo", 42)):
        for delta in (1, 0x8000):
            b = bytearray(bytes(mk()))
            c = struct.unpack("!H", b[off:off + 2])[0]
            b[off:off + 2] = struct.pack("!H", (c + delta) & 0xffff or 1)
            xl6(f"6 {nm} checksum wrong (+{delta:#x})", b,
                rfc="7915 5.5 / 1624: incremental update keeps a wrong checksum wrong")
    b = bytearray(bytes(udp6()))
    b[46:48] = b"\0\0"
    xl6("6 udp checksum 0 (forbidden in IPv6)", b, rfc="8200 8.1: the receiver drops it; a router forwards it, "
        "7915 5.5 incremental update")
    for t in (1, 2, 3, 4, 127):
        add(f"6 icmpv6 type {t}, 4 octets only", 6, bytes(IPv6(src=A6, dst=N4_6, hlim=64, nh=58) / Raw(bytes([t, 0, 0, 0]))),
            "drop", "truncated", rfc="4443 2.1: 8-octet header")
    for t, nm in ((130, "MLD query"), (133, "router solicitation"), (139, "node information"), (200, "private 200"),
                  (255, "reserved 255")):
        b = bytes(p6() / ICMPv6EchoRequest(id=nport(), data=b"q" * 8))
        b = bytearray(b)
        b[40] = t
        add(f"6 icmpv6 type {t} ({nm})", 6, fix_icmp6(b), "pass", "icmp6_type",
            rfc="7915 5.2: other informational types are silently dropped (not translated)")
    for dst4 in ("127.0.0.1", "224.0.0.1", "0.0.0.1", "255.255.255.255", "169.254.0.1", "0.0.0.0"):
        add(f"6 destination embeds {dst4}", 6, udp6(dst=ad.v6(dst4)), "pass", "dst6",
            rfc="1122 3.2.1.3 / 6890: not forwardable; RFC 6052 3.1",
            deviation=("drop", "no_route", "0.0.0.0/8 is not treated as 'this network' (ipv4_is_zeronet() "
                       "is addr == 0 since Linux 5.x), so the route lookup fails instead")
            if dst4 == "0.0.0.1" else None)
    add("6 source outside pool6", 6, udp6(src="2001:db8:6::2"), "pass", "src6", rfc="7915 5.1 (RFC 6052)")
    add("6 source embeds 127.0.0.1", 6, udp6(src=ad.v6("127.0.0.1")), "pass", "src6", rfc="RFC 6052 3.1")

    # ======== 6 -> 4: fragments ===========================================
    fid = [0x10000]

    def frag6(payload, off, m, nh=17, ident=None):
        fid[0] += 1
        return p6() / IPv6ExtHdrFragment(nh=nh, offset=off, m=m, id=ident or fid[0]) / Raw(payload)

    whole = bytes(UDP(sport=nport(), dport=9, len=8 + 64, chksum=0x1234) / Raw(b"F" * 64))
    xl6("6 first fragment of 16 octets (header + 8)", frag6(whole[:16], 0, 1), rfc="7915 5.1.1")
    xl6("6 fragment of 8 octets at 8", frag6(whole[8:16], 1, 1), rfc="7915 5.1.1")
    xl6("6 overlapping fragment (offset 8, 24 octets) of the same id", frag6(whole[8:32], 1, 1, ident=0x10001),
        rfc="8200 4.5/5722: overlaps are the reassembler's business; 7915 5.1.1 stateless")
    xl6("6 fragment MF 1, zero data, offset 16", frag6(b"", 2, 1), rfc="7915 5.1.1")
    xl6("6 last fragment, zero data, offset 16", frag6(b"", 2, 0), rfc="7915 5.1.1")
    xl6("6 fragment MF 1, 5 octets (not a multiple of 8)", frag6(b"12345", 3, 1),
        rfc="8200 4.5: the destination discards it; 7915 5.1.1 translates")
    xl6("6 fragment offset 65528 + 16 octets > 65535", frag6(b"Z" * 16, 8191, 0),
        rfc="8200 4.5: the destination discards it; the translator is stateless")
    xl6("6 tcp later fragment", frag6(b"T" * 24, 5, 1, nh=6), rfc="7915 5.1.1")
    add("6 first fragment, 4 octets of UDP", 6, frag6(whole[:4], 0, 1), "drop", "truncated",
        rfc="8200 4.5 / RFC 7112: the first fragment must hold the whole header chain")
    add("6 first fragment, no L4 octets", 6, frag6(b"", 0, 1), "drop", "truncated", rfc="RFC 7112")
    add("6 first fragment, 12 octets of TCP", 6, frag6(b"\1" * 12, 0, 1, nh=6), "drop", "truncated", rfc="RFC 7112")
    add("6 icmpv6 echo, first fragment", 6, frag6(bytes(ICMPv6EchoRequest(id=nport(), data=b"i" * 16)), 0, 1, nh=58),
        "drop", "fragment", rfc="7915 5.1: the ICMPv4 checksum needs the whole message")
    add("6 icmpv6, later fragment", 6, frag6(b"i" * 16, 4, 0, nh=58), "drop", "fragment", rfc="7915 5.1")
    add("6 fragment with hop limit 1", 6, p6(hlim=1) / IPv6ExtHdrFragment(nh=17, offset=3, m=0, id=7) / Raw(b"h" * 8),
        "drop", "ttl", icmp_sent=True, rfc="7915 5.1")
    xl6("6 later fragment of protocol 132", frag6(b"S" * 16, 2, 0, nh=132),
        rfc="7915 5.1.1 + 5.5 MUST forward all protocols", deviation=("pass", "unknown_l4", "not translated"))
    xl6("6 atomic fragment (offset 0, MF 0)", frag6(bytes(UDP(sport=nport(), dport=9) / Raw(b"a" * 8)), 0, 0),
        rfc="7915 5.1.1 (RFC 8021: still translated, ID from the header)")

    # ======== 6 -> 4: ICMP errors =========================================
    def inner4to6(n=24, proto="udp"):
        """a packet N4 -> A4 as it was translated to IPv6 (N4_6 -> A6)"""
        if proto == "udp":
            return bytes(IPv6(src=N4_6, dst=A6, hlim=30) / UDP(sport=nport(), dport=5353) / Raw(b"p" * n))
        if proto == "tcp":
            return bytes(IPv6(src=N4_6, dst=A6, hlim=30) / TCP(sport=nport(), dport=22, flags="S") / Raw(b"p" * n))
        return bytes(IPv6(src=N4_6, dst=A6, hlim=30) / ICMPv6EchoRequest(id=nport(), data=b"p" * n))

    def e6(inner, t=1, c=4, hlim=64, src=None):
        return fix_icmp6(bytes(IPv6(src=src or A6, dst=N4_6, hlim=hlim, nh=58) / Raw(bytes([t, c, 0, 0, 0, 0, 0, 0]) + inner)))

    def xe6(name, raw, t4, c4, rfc="7915 5.2/5.3"):
        out, m, c = err64(ad, raw, t4, c4)
        add(name, 6, raw, "xlat", out=[out], masked=m, checks=c, rfc=rfc)

    for proto in ("udp", "tcp", "icmp"):
        inner = inner4to6(24, proto)
        for n, nm in ((40, "IPv6 header only"), (44, "4 octets of L4"), (48, "8 octets of L4"),
                      (len(inner), "whole packet")):
            xe6(f"6 port unreachable, inner {proto}: {nm}", e6(inner[:n]), 3, 3)
        xe6(f"6 time exceeded, inner {proto}: 17 octets of L4", e6(inner[:57], t=3, c=0), 11, 0)
    for n in (0, 1, 20, 39):
        add(f"6 port unreachable, inner packet of {n} octets", 6, e6(inner4to6()[:n]), "drop", "truncated",
            rfc="4443 2.4(c)/7915 5.3: no IPv6 header to translate")
    inner = bytes(IPv6(src=N4_6, dst=A6, hlim=30) / IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\0" * 20)]) /
                  UDP(sport=nport(), dport=53))
    add("6 port unreachable, inner destination options cut", 6, e6(inner[:50]), "drop", "truncated", rfc="8200 4")
    xe6("6 port unreachable, inner with destination options", e6(inner), 3, 3)
    innerf = bytes(IPv6(src=N4_6, dst=A6, hlim=30) / IPv6ExtHdrFragment(nh=17, offset=0, m=1, id=0xabcd1234) /
                   UDP(sport=nport(), dport=53, len=200, chksum=0x4242) / Raw(b"g" * 16))
    xe6("6 port unreachable, inner first fragment", e6(innerf), 3, 3)
    for nm, inner, stat in (("version 4 nibble", b"\x45" + inner4to6()[1:], "malformed"),
                            ("all 0xff", b"\xff" * 64, "malformed"),
                            ("all zero but version 6 (next header 0, nothing of it)", b"\x60" + b"\0" * 63, "truncated"),
                            ("source outside pool6", bytes(IPv6(src="2001:db8:99::1", dst=A6) / UDP(sport=1, dport=2)), "src6"),
                            ("destination outside pool6", bytes(IPv6(src=N4_6, dst="2001:db8:99::1") / UDP(sport=1, dport=2)), "dst6"),
                            ("icmpv6 type 200 inside", bytes(IPv6(src=N4_6, dst=A6, nh=58) / Raw(bytes([200, 0, 0, 0, 0, 0, 0, 0]))), "icmp6_type")):
        verdict = "drop" if stat in ("malformed", "truncated") else "pass"
        add(f"6 port unreachable, garbage inner: {nm}", 6, e6(inner), verdict, stat,
            rfc="7915 5.3: the packet in error is translated like a packet; if it cannot be, neither can the error")
    # errors in errors (RFC 7915 5.3 / 4443 2.4(e): no error about an error)
    for t_out, t_in in ((1, 1), (1, 3), (3, 4), (4, 2), (2, 1)):
        inner = bytes(IPv6(src=N4_6, dst=A6, hlim=30, nh=58) / Raw(bytes([t_in, 0, 0, 0, 0, 0, 0, 0]) + inner4to6()[:48]))
        add(f"6 icmpv6 error {t_out} carrying error {t_in}", 6, e6(inner, t=t_out, c=0), "drop", "icmp_error",
            rfc="7915 5.3 (and 4443 2.4(e))")
    inner2 = bytes(IPv6(src=N4_6, dst=A6, hlim=30, nh=58) / Raw(bytes([1, 4, 0, 0, 0, 0, 0, 0]) +
                                                               bytes(IPv6(src=A6, dst=N4_6, nh=58) / Raw(bytes([3, 0, 0, 0, 0, 0, 0, 0])))))
    add("6 error in an error in an error", 6, e6(inner2), "drop", "icmp_error", rfc="7915 5.3")
    # outer problems
    b = bytearray(e6(inner4to6()))
    b[42] ^= 0x5a
    add("6 port unreachable with a wrong ICMPv6 checksum", 6, b, "drop", "icmp_csum",
        rfc="4443 2.3 / the translator must recompute it: a corrupted error is discarded")
    add("6 port unreachable, hop limit 1", 6, e6(inner4to6(), hlim=1), "drop", "ttl",
        rfc="7915 5.1; 4443 2.4(e): no time exceeded about an error")
    add("6 port unreachable, hop limit 0", 6, e6(inner4to6(), hlim=0), "drop", "ttl", rfc="7915 5.1; 4443 2.4(e)")
    add("6 port unreachable in a first fragment", 6,
        p6() / IPv6ExtHdrFragment(nh=58, offset=0, m=1, id=77) / Raw(bytes([1, 4, 0, 0, 0, 0, 0, 0]) + inner4to6()[:48]),
        "drop", "fragment", rfc="7915 5.1: fragmented ICMP cannot be checked/translated")
    add("6 port unreachable, 7 octets", 6, set_plen(e6(b"")[:47], 7), "drop", "truncated", rfc="4443 2.1")
    ptb = fix_icmp6(bytes(IPv6(src=A6, dst=N4_6, hlim=64) / ICMPv6ParamProblem(code=0, ptr=40) / Raw(inner4to6()[:44])))
    add("6 parameter problem, pointer 40", 6, ptb, "pass", "icmp6_type",
        rfc="7915 5.2 figure 6: a pointer not listed: silently drop (not translated)")

    # ======== 4 -> 6: the IPv4 header =====================================
    base = bytes(udp4(32))
    for cut in (1, 12, 19):
        add(f"4 frame of {cut} octets (IPv4 header cut)", 4, base[:cut], "stack", "IpInHdrErrors", rfc="791 3.1")
    for ihl in (0, 1, 4):
        b = bytearray(base)
        b[0] = 0x40 | ihl
        add(f"4 IHL {ihl} (< 5)", 4, bytes(b), "stack", "IpInHdrErrors",
            rfc="791 3.1: IHL minimum 5")
    for ihl, n in ((15, 20), (6, 20), (15, 56)):
        b = bytearray(base[:n])
        b[0] = 0x40 | ihl
        b[2:4] = struct.pack("!H", n)
        add(f"4 IHL {ihl}, {n} octets (header beyond the packet)", 4, bytes(b), "stack", "IpInHdrErrors", rfc="791 3.1")
    for ver in (0, 6, 15):
        b = bytearray(base)
        b[0] = ver << 4 | 5
        add(f"4 version nibble {ver} in an IPv4 frame", 4, fix_ip4(b), "stack", "IpInHdrErrors", rfc="791 3.1")
    for bad in (1, 0x100, 0xffff):
        b = bytearray(base)
        c = struct.unpack("!H", b[10:12])[0]
        b[10:12] = struct.pack("!H", (c + bad) & 0xffff)
        if sum16(b[:20]) == 0xffff:
            continue
        add(f"4 header checksum wrong (+{bad:#x})", 4, b, "stack", "IpExtInCsumErrors", rfc="791 3.1")
    for extra in (1, 100, 65535 - len(base)):
        add(f"4 total length {len(base) + extra} > frame ({len(base)})", 4, set_tot(base, len(base) + extra), "stack",
            "IpExtInTruncatedPkts", rfc="791 3.1")
    for tot in (0, 19):
        add(f"4 total length {tot} < header", 4, set_tot(base, tot), "stack", "IpInHdrErrors", rfc="791 3.1")
    for junk in (1, 9, 64):
        raw = bytes(udp4(20))
        out, m, c = xlat46(ad, raw)
        add(f"4 total length < frame by {junk} (trailing octets are padding)", 4, raw + b"\xee" * junk, "xlat",
            out=[out], masked=m, checks=c, rfc="791 3.1; 7915 4.1")
    add("4 total length 20 (no payload), UDP", 4, set_tot(bytes(udp4()), 20)[:20], "drop", "truncated",
        rfc="768: 8-octet header")
    raw = set_tot(bytes(udp4(40)), 20 + 18)
    out, m, c = xlat46(ad, raw[:38])
    add("4 total length cuts into the UDP data (UDP length larger)", 4, raw, "xlat", out=[out], masked=m, checks=c,
        rfc="7915 4.1: only the IP header is translated")

    # ---- truncation at every header boundary (total length consistent) ----
    for l4name, mk, l4min in (("udp", lambda: p4(options=[IPOption(b"\x01" * 4)]) / UDP(sport=nport(), dport=9) / Raw(b"x" * 8), 8),
                              ("tcp", lambda: p4(options=[IPOption(b"\x01" * 4)]) / TCP(sport=nport(), dport=80, flags="S",
                                                                                        options=[("NOP", None)] * 8), 28),
                              ("icmp", lambda: p4(options=[IPOption(b"\x01" * 4)]) / ICMP(type=8, id=nport()) / Raw(b"x" * 8), 8)):
        pk = bytes(mk())          # IHL 6: options 20..24, L4 from 24
        add(f"4 {l4name}: cut inside the options (22 octets)", 4, set_tot(pk, 22)[:22], "stack", "IpInHdrErrors",
            rfc="791 3.1")
        add(f"4 {l4name}: cut after the options", 4, set_tot(pk, 24)[:24], "drop", "truncated", rfc="768/793/792")
        for k in sorted({1, 4, 7, l4min - 1} | ({19, 20, 27} if l4name == "tcp" else set())):
            stat = "malformed" if l4name == "tcp" and k >= 20 else "truncated"
            add(f"4 {l4name}: cut {k} octets into the {l4name} header", 4, set_tot(pk, 24 + k)[:24 + k], "drop", stat,
                rfc="768/793/792 header sizes")
        xl4(f"4 {l4name}: header complete, no payload", set_tot(pk, 24 + l4min)[:24 + l4min])

    # ---- options at their limits (RFC 791 3.1; RFC 7915 4.1: ignored) ----
    def opt4(optbytes, **kw):
        return bytes(p4(options=[IPOption(optbytes)], **kw) / UDP(sport=nport(), dport=9) / Raw(b"o" * 8))

    for nm, ob in (("40 octets of NOP", b"\x01" * 40),
                   ("39 NOP + EOL", b"\x01" * 39 + b"\x00"),
                   ("EOL then garbage", b"\x00" + b"\xff" * 39),
                   ("record route, 39 octets, empty", bytes([7, 39, 4]) + b"\0" * 36 + b"\x00"),
                   ("record route, full", bytes([7, 39, 40]) + bytes(range(36)) + b"\x00"),
                   ("timestamp, 40 octets", bytes([68, 40, 5, 0]) + b"\0" * 36),
                   ("router alert", bytes([148, 4, 0, 0])),
                   ("unknown option 0x9e, length 4", bytes([0x9e, 4, 1, 2])),
                   ("security, 11 octets", bytes([130, 11]) + b"\0" * 9 + b"\x00"),
                   ("loose source route, exhausted (pointer 8 > length 7)", bytes([131, 7, 8, 192, 0, 2, 9, 0])),
                   ("strict source route, exhausted (pointer 12 > length 11)", bytes([137, 11, 12]) + b"\xc0\0\2\x09" * 2 + b"\x00")):
        xl4(f"4 option: {nm}", opt4(ob), rfc="7915 4.1: options are ignored")
    for nm, ob in (("length 0", bytes([7, 0, 4, 0])),
                   ("length 1", bytes([7, 1, 4, 0])),
                   ("length beyond the header", bytes([68, 12, 5, 0])),
                   ("length beyond the 40-octet maximum", b"\x01" * 36 + bytes([7, 8, 4, 0])),
                   ("type without a length octet at the end", b"\x01" * 3 + b"\x07"),
                   ("loose source route of length 2", bytes([131, 2, 1, 1]))):
        add(f"4 option {nm}", 4, opt4(ob), "drop", "malformed",
            rfc="791 3.1 option format (a router would answer parameter problem)")
    for nm, ob in (("loose source route, pointer 4 of 7", bytes([131, 7, 4, 192, 0, 2, 9, 0])),
                   ("strict source route, pointer 4 of 11", bytes([137, 11, 4]) + b"\xc0\0\2\x09" * 2 + b"\x00"),
                   ("loose source route, pointer 8 of 11", bytes([131, 11, 8]) + b"\xc0\0\2\x09" * 2 + b"\x00"),
                   ("NOPs then strict source route", b"\x01" * 5 + bytes([137, 7, 4, 10, 0, 0, 1]))):
        add(f"4 unexpired {nm}", 4, opt4(ob), "drop", "src_route", icmp_sent=True,
            rfc="7915 4.1: unexpired source route: discard, ICMPv4 3/5")

    # ---- TTL, checksums, types, addresses ----
    for mk, nm in ((udp4, "udp"), (tcp4, "tcp"), (icmp4, "icmp echo")):
        for t in (0, 1):
            add(f"4 {nm} TTL {t}", 4, mk(ttl=t), "drop", "ttl", icmp_sent=True,
                rfc="7915 4.1 + 792: time exceeded from the translator")
        xl4(f"4 {nm} TTL 2", mk(ttl=2), rfc="7915 4.1: hop limit = TTL - 1")
    for mk, nm, off in ((udp4, "udp", 26), (tcp4, "tcp", 36), (icmp4, "icmp echo", 22)):
        for delta in (1, 0x8000):
            b = bytearray(bytes(mk()))
            c = struct.unpack("!H", b[off:off + 2])[0]
            b[off:off + 2] = struct.pack("!H", (c + delta) & 0xffff or 1)
            xl4(f"4 {nm} checksum wrong (+{delta:#x})", b, rfc="7915 4.5 / 1624: a wrong checksum stays wrong")
    b = bytearray(bytes(udp4()))
    b[26:28] = b"\0\0"
    add("4 udp checksum 0", 4, b, "drop", "udp_csum0",
        rfc="7915 4.5: zero-checksum UDP dropped unless configured otherwise (default)")
    b = bytearray(bytes(p4(flags="MF") / UDP(sport=nport(), dport=9, len=100) / Raw(b"z" * 16)))
    b[26:28] = b"\0\0"
    add("4 udp checksum 0, first fragment", 4, fix_ip4(b), "drop", "udp_csum0",
        rfc="7915 4.5: cannot be computed from a fragment")
    for t, nm in ((13, "timestamp"), (15, "information request"), (17, "address mask"), (9, "router advertisement"),
                  (42, "extended echo"), (253, "experimental")):
        b = bytearray(bytes(icmp4()))
        b[20] = t
        add(f"4 icmp type {t} ({nm})", 4, fix_icmp4(b), "pass", "icmp4_type",
            rfc="7915 4.2: other informational types are silently dropped (not translated)")
    for src4 in ("127.0.0.1", "224.0.0.5", "0.0.0.0", "169.254.3.3", "255.255.255.255"):
        add(f"4 source {src4}", 4, udp4(src=src4), "pass", "src4", rfc="RFC 6052 3.1 (non-global IPv4)")
    for proto, nm in ((47, "GRE"), (132, "SCTP"), (50, "ESP"), (253, "experimental 253"), (255, "reserved 255")):
        xl4(f"4 protocol {proto} ({nm})", bytes(p4(proto=proto) / Raw(bytes(range(24)))),
            rfc="7915 4.1 Next Header, 4.5 MUST forward all protocols",
            deviation=("pass", "unknown_l4", "not translated: NFT_BREAK"))

    # ---- fragments ----
    whole = bytes(UDP(sport=nport(), dport=9, len=8 + 64, chksum=0x2345) / Raw(b"F" * 64))

    def frag4(payload, off, mf, proto=17, ident=None, df=False, ttl=64):
        fid[0] += 1
        flags = (2 if df else 0) | (1 if mf else 0)
        return bytes(p4(proto=proto, flags=flags, frag=off, id=(ident or fid[0]) & 0xffff, ttl=ttl) / Raw(payload))

    xl4("4 first fragment of 16 octets", frag4(whole[:16], 0, 1), rfc="7915 4.1 fragment header")
    xl4("4 fragment of 8 octets at 8", frag4(whole[8:16], 1, 1), rfc="7915 4.1")
    xl4("4 overlapping fragment (offset 8, 24 octets)", frag4(whole[8:32], 1, 1, ident=fid[0]),
        rfc="791: overlaps are the reassembler's business; 7915 stateless")
    xl4("4 fragment MF 1, zero data, offset 16", frag4(b"", 2, 1), rfc="7915 4.1")
    xl4("4 fragment MF 1, 5 octets", frag4(b"12345", 3, 1), rfc="7915 4.1")
    xl4("4 fragment offset 65528 + 16 octets > 65535", frag4(b"Z" * 16, 8191, 0),
        rfc="791: the destination discards it; the translator is stateless")
    xl4("4 fragment with DF and MF both set", frag4(whole[:24], 0, 1, df=True), rfc="791 3.1; 7915 4.1")
    xl4("4 tcp later fragment", frag4(b"T" * 24, 5, 1, proto=6), rfc="7915 4.1")
    add("4 first fragment, 4 octets of UDP", 4, frag4(whole[:4], 0, 1), "drop", "truncated", rfc="RFC 7112 by analogy; 768")
    add("4 first fragment, no L4 octets", 4, frag4(b"", 0, 1), "drop", "truncated", rfc="768")
    add("4 first fragment, 12 octets of TCP", 4, frag4(b"\1" * 12, 0, 1, proto=6), "drop", "truncated", rfc="793")
    add("4 icmp echo, first fragment", 4, frag4(bytes(ICMP(type=8, id=nport()) / Raw(b"i" * 16)), 0, 1, proto=1),
        "drop", "fragment", rfc="7915 4.1: the ICMPv6 checksum needs the whole message")
    add("4 icmp, later fragment", 4, frag4(b"i" * 16, 4, 0, proto=1), "drop", "fragment", rfc="7915 4.1")
    add("4 fragment with TTL 1", 4, frag4(b"h" * 8, 3, 0, ttl=1), "drop", "ttl", icmp_sent=True, rfc="7915 4.1")
    xl4("4 later fragment of protocol 132", frag4(b"S" * 16, 2, 0, proto=132),
        rfc="7915 4.1 + 4.5 MUST forward all protocols", deviation=("pass", "unknown_l4", "not translated"))

    # ---- ICMP errors ----
    def inner6to4(n=24, proto="udp", **kw):
        """a packet A4 -> N4 (it was A6 -> N4_6 before translation)"""
        base = IP(src=A4, dst=N4, ttl=30, id=0x7777, **kw)
        if proto == "udp":
            return bytes(base / UDP(sport=nport(), dport=5353) / Raw(b"p" * n))
        if proto == "tcp":
            return bytes(base / TCP(sport=nport(), dport=22, flags="S") / Raw(b"p" * n))
        return bytes(base / ICMP(type=8, id=nport()) / Raw(b"p" * n))

    def e4(inner, t=3, c=3, ttl=64, src=N4):
        return fix_icmp4(bytes(IP(src=src, dst=A4, ttl=ttl, id=0x5151, proto=1) /
                               Raw(bytes([t, c, 0, 0, 0, 0, 0, 0]) + inner)))

    def xe4(name, raw, t6, c6, rfc="7915 4.2/4.3"):
        out, m, c = err46(ad, raw, t6, c6)
        add(name, 4, raw, "xlat", out=[out], masked=m, checks=c, rfc=rfc)

    for proto in ("udp", "tcp", "icmp"):
        inner = inner6to4(24, proto)
        for n, nm in ((20, "IPv4 header only"), (24, "4 octets of L4"), (28, "8 octets of L4 (RFC 792 minimum)"),
                      (len(inner), "whole packet")):
            xe4(f"4 port unreachable, inner {proto}: {nm}", e4(inner[:n]), 1, 4)
        xe4(f"4 time exceeded, inner {proto}: 17 octets of L4", e4(inner[:37], t=11, c=0), 3, 0)
    for n in (0, 1, 12, 19):
        add(f"4 port unreachable, inner packet of {n} octets", 4, e4(inner6to4()[:n]), "drop", "truncated",
            rfc="792: the internet header + 64 bits; nothing to translate")
    innero = inner6to4(16, options=[IPOption(b"\x01" * 8)])
    add("4 port unreachable, inner options cut", 4, e4(innero[:24]), "drop", "truncated", rfc="791 3.1")
    xe4("4 port unreachable, inner with 8 octets of options", e4(innero), 1, 4)
    innerf = bytes(IP(src=A4, dst=N4, ttl=30, id=0x1357, flags="MF") / UDP(sport=nport(), dport=53, len=300, chksum=0x4343) / Raw(b"g" * 16))
    xe4("4 port unreachable, inner first fragment", e4(innerf), 1, 4)
    for nm, inner, stat in (("version 6 nibble", b"\x65" + inner6to4()[1:], "malformed"),
                            ("IHL 3", b"\x43" + inner6to4()[1:], "malformed"),
                            ("total length 10 < IHL", inner6to4()[:2] + b"\x00\x0a" + inner6to4()[4:], "malformed"),
                            ("all 0xff", b"\xff" * 48, "malformed"),
                            ("all zero but version/IHL (total length 0)", b"\x45" + b"\0" * 47, "malformed"),
                            ("icmp type 13 inside", bytes(IP(src=A4, dst=N4) / ICMP(type=13)), "icmp4_type")):
        verdict = "drop" if stat == "malformed" else "pass"
        add(f"4 port unreachable, garbage inner: {nm}", 4, e4(inner), verdict, stat,
            rfc="7915 4.3: the packet in error is translated like a packet; if it cannot be, neither can the error")
    for t_out, t_in in ((3, 3), (3, 11), (11, 3), (12, 12), (3, 5), (11, 4)):
        inner = bytes(IP(src=A4, dst=N4, ttl=30, proto=1) / Raw(bytes([t_in, 0, 0, 0, 0, 0, 0, 0]) + inner6to4()[:28]))
        add(f"4 icmp error {t_out} carrying error {t_in}", 4, e4(inner, t=t_out, c=0 if t_out != 3 else 3), "drop",
            "icmp_error", rfc="7915 4.3 (and 1122 3.2.2: no error about an error)")
    inner2 = bytes(IP(src=A4, dst=N4, proto=1) / Raw(bytes([3, 3, 0, 0, 0, 0, 0, 0]) +
                                                    bytes(IP(src=N4, dst=A4, proto=1) / Raw(bytes([11, 0, 0, 0, 0, 0, 0, 0])))))
    add("4 error in an error in an error", 4, e4(inner2), "drop", "icmp_error", rfc="7915 4.3")
    b = bytearray(e4(inner6to4()))
    b[22] ^= 0x5a
    add("4 port unreachable with a wrong ICMP checksum", 4, b, "drop", "icmp_csum",
        rfc="792 / the translator must recompute it: a corrupted error is discarded")
    add("4 port unreachable, TTL 1", 4, e4(inner6to4(), ttl=1), "drop", "ttl", rfc="7915 4.1; 1122: no error about an error")
    add("4 port unreachable, TTL 0", 4, e4(inner6to4(), ttl=0), "drop", "ttl", rfc="7915 4.1")
    add("4 port unreachable, 7 octets", 4, set_tot(bytes(IP(src=N4, dst=A4, ttl=64, proto=1) / Raw(b"\3\3\0\0\0\0\0")), 27),
        "drop", "truncated", rfc="792: 8-octet header")
    add("4 port unreachable in a first fragment", 4,
        frag4(bytes([3, 3, 0, 0, 0, 0, 0, 0]) + inner6to4()[:28], 0, 1, proto=1), "drop", "fragment",
        rfc="7915 4.1: fragmented ICMP")
    add("4 source quench", 4, e4(inner6to4(), t=4, c=0), "pass", "icmp4_type", rfc="7915 4.2: source quench dropped")
    add("4 parameter problem code 1 (missing option)", 4, e4(inner6to4(), t=12, c=1), "pass", "icmp4_type",
        rfc="7915 4.2: code 1 dropped")

    # ======== a good packet each way, last: the module still works ========
    xl6("6 good udp after the corpus", udp6(16), rfc="7915 5.1")
    xl4("4 good udp after the corpus", udp4(16), rfc="7915 4.1")
    return cases


def summary(cases):
    by = {}
    for c in cases:
        by[c.verdict] = by.get(c.verdict, 0) + 1
    return by


if __name__ == "__main__":
    cs = build(sys.argv[1] if len(sys.argv) > 1 else "64:ff9b::/96")
    raws = [c.raw for c in cs]
    names = [c.name for c in cs]
    for c in cs:
        print(f"{c.side} {c.verdict:5} {c.stat or '-':20} {len(c.raw):5}  {c.name}")
    print(f"{len(cs)} cases, {len(set(raws))} distinct packets, {len(set(names))} distinct names; "
          + ", ".join(f"{k} {v}" for k, v in sorted(summary(cs).items())))
    dup = [n for n in set(names) if names.count(n) > 1]
    if dup or len(set(raws)) != len(raws):
        print("duplicates:", dup)
        sys.exit(1)
