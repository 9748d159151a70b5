# SPDX-License-Identifier: GPL-2.0
"""The malformed-packet corpus for a stateful NAT64 instance (0003nat64_0):
hand-made bad and borderline packets, each with the verdict RFC 6146 (with
RFC 7915 headers, RFC 768/793/792/4443/8200 sizes) calls for, and the
exact change of the instance's state counters.

Instance (see 0003nat64_0): pool6 P6, pool4 {tcp,udp,icmp} 198.51.100.1
6001-6100, static BIB  udp [H6]:5001 = M4:6001, tcp [H6]:5002 = M4:6002,
icmp [H6]:5003 = M4:6003. Byte-exact expectations for flows over the static
entries; dynamic bindings (any other H6 port) get a mask from 6001-6100
that is checked for range and checksum only. build(pool6) returns a list of
corpus.Case (the SIIT corpus' class) with two more attributes:
  .extra  further counter deltas (session_created / bib_created when the
          packet makes state: the builder keeps track of the sessions and
          BIB entries the corpus has made so far, so order matters)
  .pre    frames sent before .raw (fragments that reassembly holds)
and one more verdict class:
  held    nf_defrag (on while a NAT64 instance exists) keeps the packet
          waiting for its other fragments: no counter moves, nothing leaves
`python3 nat64_corpus.py POOL6` prints the corpus on the host."""
import ipaddress
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "../../../packet"))
from corpus import (Case, sum16, csum_update, field_is, ipv4_hdr_ok, icmp4_ok,  # noqa: E402
                    icmp6_ok, fix_icmp6, fix_icmp4, set_plen, set_tot)
import rfc6052  # noqa: E402
from scapy.all import (IP, ICMP, IPv6, TCP, UDP, Raw, ICMPv6EchoRequest,  # noqa: E402
                       ICMPv6EchoReply, IPv6ExtHdrFragment)

H6 = "2001:db8:6::2"        # the IPv6 node
N4 = "192.0.2.2"            # the IPv4 node
M4 = "198.51.100.1"         # pool4 address, masks 6001-6100
POOL4 = range(6001, 6101)
STATIC = {"udp": (5001, 6001), "tcp": (5002, 6002), "icmp": (5003, 6003)}
PROTO = {"udp": 17, "tcp": 6, "icmp": 1}


def pk(a):
    return ipaddress.ip_address(a).packed


def u16(b, off):
    return struct.unpack("!H", b[off:off + 2])[0]


class State:
    """the sessions / BIB entries the corpus has made (RFC 6146 3.5)"""
    def __init__(self):
        self.sess, self.bib = set(), set()

    def new(self, proto, port6, rport, dynamic):
        """deltas of a packet that makes (or refreshes) the session
        (proto, H6:port6, N4:rport)"""
        d = {}
        if dynamic and (proto, port6) not in self.bib:
            self.bib.add((proto, port6))
            d["jool:bib_created"] = 1
        if (proto, port6, rport) not in self.sess:
            self.sess.add((proto, port6, rport))
            d["jool:session_created"] = 1
        return d


# ---------------------------------------------------------------- RFC 6146 3.7 + 7915
def xlat64(pool6, b, mport):
    """6->4 of the IPv6 packet B (no extension headers) of H6, whose BIB
    entry is M4:MPORT (None: dynamic, any port of POOL4). Returns (bytes,
    masked offsets, checks)."""
    b = bytes(b)
    plen = u16(b, 4)
    nh = b[6]
    tc = (b[0] & 0xf) << 4 | b[1] >> 4
    tot = 20 + plen
    masked, checks = set(), []
    if tot > 1260:
        ident, fo = 0, 0x4000
    else:
        ident, fo = 0, 0
        masked |= {4, 5, 10, 11}
        checks.append(ipv4_hdr_ok(0))
    d4 = pk(rfc6052.extract(pool6, str(ipaddress.IPv6Address(b[24:40]))))
    hdr = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, tc, tot, ident, fo, b[7] - 1,
                                1 if nh == 58 else nh, 0, pk(M4), d4))
    hdr[10:12] = struct.pack("!H", ~sum16(hdr) & 0xffff)
    l4 = bytearray(b[40:40 + plen])
    if mport is None:
        masked |= {20, 21} if nh != 58 else {24, 25}
        checks.append(("mask port outside pool4",
                       lambda g: u16(g, 20 if nh != 58 else 24) in POOL4))
    if nh in (6, 17):
        coff = 16 if nh == 6 else 6
        c = u16(l4, coff)
        old = b[8:40] + l4[0:2]
        l4[0:2] = struct.pack("!H", mport or 0)
        masked |= {20 + coff, 21 + coff}

        def ok(g, c=c, old=old, coff=coff):
            want = csum_update(c, old, pk(M4) + d4 + g[20:22])
            return field_is(20 + coff, want, udp4=nh == 17)[1](g)
        checks.append((f"L4 checksum at {20 + coff} is not the RFC 1624 update", ok))
    else:
        typ = {128: 8, 129: 0}[l4[0]]
        c = u16(l4, 2)
        pseudo = b[8:40] + struct.pack("!IxxxB", plen, 58)
        old = pseudo + bytes(l4[0:2]) + bytes(l4[4:6])
        l4[0] = typ
        l4[4:6] = struct.pack("!H", mport or 0)
        masked |= {22, 23}

        def ok(g, c=c, old=old, typ=typ, code=l4[1]):
            return field_is(22, csum_update(c, old, bytes([typ, code]) + g[24:26]))[1](g)
        checks.append(("ICMPv4 checksum is not the RFC 1624 update", ok))
    return bytes(hdr) + bytes(l4), masked, checks


def xlat46(pool6, b, port6):
    """4->6 of the IPv4 packet B (IHL 5, not a fragment) to a mask whose
    IPv6 node is H6:PORT6"""
    b = bytes(b)
    tot = u16(b, 2)
    proto = b[9]
    s6 = pk(rfc6052.embed(pool6, str(ipaddress.IPv4Address(b[12:16]))))
    plen = tot - 20
    nh = 58 if proto == 1 else proto
    hdr = struct.pack("!BBHHBB16s16s", 0x60 | b[1] >> 4, (b[1] & 0xf) << 4, 0, plen, nh,
                      b[8] - 1, s6, pk(H6))
    l4 = bytearray(b[20:tot])
    masked, checks = set(), []
    if proto in (6, 17):
        coff = 16 if proto == 6 else 6
        c = u16(l4, coff)
        old = b[12:20] + l4[2:4]
        l4[2:4] = struct.pack("!H", port6)
        masked |= {40 + coff, 41 + coff}
        if proto == 17 and c == 0:
            checks.append(("UDP checksum not computed",
                           lambda g: sum16(g[8:40] + struct.pack("!IxxxB", len(g) - 40, 17) + g[40:]) == 0xffff))
        else:
            checks.append(field_is(40 + coff, csum_update(c, old, s6 + pk(H6) + struct.pack("!H", port6))))
    else:
        typ = {8: 128, 0: 129}[l4[0]]
        c = u16(l4, 2)
        old = bytes(l4[0:2]) + bytes(l4[4:6])
        l4[0] = typ
        l4[4:6] = struct.pack("!H", port6)
        pseudo = s6 + pk(H6) + struct.pack("!IxxxB", plen, 58)
        masked |= {42, 43}
        checks.append(field_is(42, csum_update(c, old, pseudo + bytes([typ, l4[1]]) + l4[4:6])))
    return hdr + bytes(l4), masked, checks


# ---------------------------------------------------------------- the corpus


def build(pool6):
    N4_6 = rfc6052.embed(pool6, N4)
    cases = []
    st = State()
    port = [40000]
    fid = [0x5000]

    def nport():
        port[0] += 1
        return port[0]

    def add(name, side, raw, verdict, stat=None, extra=None, pre=(), **kw):
        c = Case(name, side, raw, verdict, stat, **kw)
        c.extra = extra or {}
        c.pre = [bytes(p) for p in pre]
        cases.append(c)

    def p6(**kw):
        return IPv6(src=kw.pop("src", H6), dst=kw.pop("dst", N4_6), hlim=kw.pop("hlim", 64), **kw)

    def p4(**kw):
        return IP(src=kw.pop("src", N4), dst=kw.pop("dst", M4), ttl=kw.pop("ttl", 64),
                  id=kw.pop("id", 0x4d4d), **kw)

    def l4_6(proto, sport, dport, n=16, flags="S"):
        if proto == "udp":
            return UDP(sport=sport, dport=dport) / Raw(b"u" * n)
        if proto == "tcp":
            return TCP(sport=sport, dport=dport, flags=flags, seq=1000, window=512,
                       options=[("MSS", 1400), ("NOP", None), ("WScale", 7)]) / Raw(b"t" * n)
        return ICMPv6EchoRequest(id=sport, seq=1, data=b"e" * n)

    def l4_4(proto, sport, dport, n=16, flags="S"):
        if proto == "udp":
            return UDP(sport=sport, dport=dport) / Raw(b"u" * n)
        if proto == "tcp":
            return TCP(sport=sport, dport=dport, flags=flags, seq=2000, window=512) / Raw(b"t" * n)
        return ICMP(type=8, id=dport, seq=1) / Raw(b"e" * n)

    def xl6(name, proto, raw, rport, dynamic=False, rfc="6146 3.5/3.7; 7915 5.1", flows=True, **kw):
        """translated 6->4; the flow (proto, its source port, rport) made or used"""
        raw = bytes(raw)
        sport = u16(raw, 44) if proto == "icmp" else u16(raw, 40)
        mport = None if dynamic else STATIC[proto][1]
        out, m, c = xlat64(pool6, raw, mport)
        extra = st.new(proto, sport, rport, dynamic) if flows else {}
        add(name, 6, raw, "xlat", out=[out], masked=m, checks=c, rfc=rfc, extra=extra, **kw)

    def xl4(name, proto, raw, rport, flows=True, rfc="6146 3.5/3.7; 7915 4.1", **kw):
        """translated 4->6 to a static BIB entry; the flow made or used"""
        port6 = STATIC[proto][0]
        out, m, c = xlat46(pool6, raw, port6)
        extra = st.new(proto, port6, rport, False) if flows else {}
        add(name, 4, raw, "xlat", out=[out], masked=m, checks=c, rfc=rfc, extra=extra, **kw)

    # ======== flows over the static BIB entries, both ways (the baseline) ==
    for proto in ("udp", "tcp", "icmp"):
        sp, mp = STATIC[proto]
        xl6(f"6 {proto}: [H6]:{sp} -> N4:9000 over the static BIB entry", proto,
            p6() / l4_6(proto, sp, 9000), 9000 if proto != "icmp" else 0)
    xl4("4 udp: reply N4:9000 -> M4:6001", "udp", p4() / UDP(sport=9000, dport=6001) / Raw(b"r" * 9), 9000)
    xl4("4 tcp: SYN+ACK N4:9000 -> M4:6002", "tcp", p4() / l4_4("tcp", 9000, 6002, flags="SA"), 9000)
    for n in (0, 1, 7, 100, 1200):
        xl6(f"6 udp over an existing session, {n} octets of data", "udp", p6() / UDP(sport=5001, dport=9000) /
            Raw(b"d" * n), 9000)
    xl4("4 udp checksum 0: a NAT64 computes it (RFC 6146 3.7 / 7915 4.5)", "udp",
        p4() / UDP(sport=9000, dport=6001, chksum=0) / Raw(b"zero"), 9000)

    # ======== 6 -> 4: truncated at every octet of the L4 header =========
    for proto, l4min in (("udp", 8), ("tcp", 20), ("icmpv6", 8)):
        pr = "icmp" if proto == "icmpv6" else proto
        whole = bytes(p6() / l4_6(pr, STATIC[pr][0], 9001, n=0, flags="S"))
        if proto == "tcp":
            whole = bytes(p6() / TCP(sport=5002, dport=9001, flags="S"))
        for k in range(0, l4min):
            add(f"6 {proto}: {k} of {l4min} header octets", 6, set_plen(whole[:40 + k], k), "drop", "truncated",
                rfc="768/793/4443 header sizes; 7915 5.1")
    # TCP: 12 octets of options announced (data offset 8), fewer present
    tcpo = bytes(p6() / TCP(sport=5002, dport=9001, flags="S",
                            options=[("MSS", 1400), ("NOP", None), ("WScale", 7), ("SAckOK", b""), ("NOP", None),
                                     ("NOP", None)]))
    for k in (20, 24, 28, 31):
        add(f"6 tcp: data offset 8, {k} octets of segment", 6, set_plen(tcpo[:40 + k], k), "drop", "malformed",
            rfc="793 3.1: the data offset lies beyond the segment")
    for doff in (0, 4):
        add(f"6 tcp: data offset {doff} (< 5)", 6, p6() / TCP(sport=5002, dport=9002, dataofs=doff) / Raw(b"x" * 8),
            "drop", "malformed", rfc="793 3.1")
    xl6("6 udp: length field 4 (< 8) on an existing flow", "udp",
        p6() / UDP(sport=5001, dport=9000, len=4) / Raw(b"x" * 8), 9000,
        rfc="7915 5.1 (as SIIT): only the IP header is translated; UDP length is the receiver's")

    # ======== 4 -> 6: truncated at every octet of the L4 header =========
    for proto, l4min in (("udp", 8), ("tcp", 20), ("icmp", 8)):
        if proto == "tcp":
            whole = bytes(p4() / TCP(sport=9000, dport=6002, flags="A"))
        elif proto == "udp":
            whole = bytes(p4() / UDP(sport=9000, dport=6001))
        else:
            whole = bytes(p4() / ICMP(type=0, id=6003, seq=1))
        for k in range(0, l4min):
            add(f"4 {proto}: {k} of {l4min} header octets", 4, set_tot(whole, 20 + k)[:20 + k], "drop", "truncated",
                rfc="768/793/792 header sizes; 7915 4.1")
    tcpo4 = bytes(p4() / TCP(sport=9000, dport=6002, flags="A",
                             options=[("MSS", 1400), ("NOP", None), ("WScale", 7), ("SAckOK", b""), ("NOP", None),
                                      ("NOP", None)]))
    for k in (20, 24, 28, 31):
        add(f"4 tcp: data offset 8, {k} octets of segment", 4, set_tot(tcpo4, 20 + k)[:20 + k], "drop", "malformed",
            rfc="793 3.1")
    for doff in (0, 4):
        add(f"4 tcp: data offset {doff} (< 5)", 4, p4() / TCP(sport=9000, dport=6002, dataofs=doff, flags="A") /
            Raw(b"x" * 8), "drop", "malformed", rfc="793 3.1")

    # ======== checksums ==================================================
    for delta in (1, 0x100, 0x7fff):
        for proto in ("udp", "tcp", "icmp"):
            sp = STATIC[proto][0]
            b = bytearray(bytes(p6() / l4_6(proto, sp, 9000, flags="A")))
            off = {"udp": 46, "tcp": 56, "icmp": 42}[proto]
            b[off:off + 2] = struct.pack("!H", (u16(b, off) + delta) & 0xffff)
            xl6(f"6 {proto}: checksum wrong (+{delta:#x}) on an existing flow: stays wrong", proto, b,
                9000 if proto != "icmp" else 0, rfc="6146 3.7 / 7915 5.5 / 1624: the checksum is updated, not checked")
        b = bytearray(bytes(p4() / UDP(sport=9000, dport=6001) / Raw(b"c" * 12)))
        b[26:28] = struct.pack("!H", (u16(b, 26) + delta) & 0xffff)
        xl4(f"4 udp: checksum wrong (+{delta:#x}): stays wrong", "udp", b, 9000,
            rfc="6146 3.7 / 7915 4.5 / 1624")

    # ======== TCP flag combinations ======================================
    # 6->4, over the static BIB entry (a binding exists), each a new flow
    for flags, made in (("SF", True), ("SR", True), ("SFRPAU", True), ("S", True), ("", False),
                        ("F", False), ("R", False), ("A", False), ("FPU", False)):
        rp = nport()
        nm = "+".join({"S": "SYN", "F": "FIN", "R": "RST", "P": "PSH", "A": "ACK", "U": "URG"}[f] for f in flags) or "no flags"
        raw = p6() / TCP(sport=5002, dport=rp, flags=flags, seq=77) / Raw(b"f")
        xl6(f"6 tcp {nm}, new flow over a BIB entry: " + ("SYN opens V6 INIT" if made else "translated without a session"),
            "tcp", raw, rp, flows=made, rfc="6146 3.5.2.2 (SYN decides in CLOSED)")
    # 6->4 without a binding: only a SYN makes one
    for flags in ("", "F", "R", "A", "FR"):
        nm = "+".join({"F": "FIN", "R": "RST", "A": "ACK"}[f] for f in flags) or "no flags"
        add(f"6 tcp {nm}, no BIB entry: SYN expected", 6, p6() / TCP(sport=nport(), dport=80, flags=flags) / Raw(b"f"),
            "drop", "tcp_syn_expected", rfc="6146 3.5.2.2")
    for flags in ("SF", "SR"):
        sp = nport()
        raw = p6() / TCP(sport=sp, dport=80, flags=flags, seq=5)
        xl6(f"6 tcp {flags}, no BIB entry: a SYN makes a dynamic binding", "tcp", raw, 80, dynamic=True,
            rfc="6146 3.5.2.2")
    # 4->6 to the static TCP entry (no ADF): SYN makes V4 INIT, others ride on it
    for flags, made in (("S", True), ("SF", True), ("SR", True), ("", False), ("A", False), ("R", False), ("F", False)):
        rp = nport()
        nm = "+".join({"S": "SYN", "F": "FIN", "R": "RST", "A": "ACK"}[f] for f in flags) or "no flags"
        xl4(f"4 tcp {nm} from a new remote to the static entry", "tcp",
            p4() / TCP(sport=rp, dport=6002, flags=flags, seq=9) / Raw(b"g"), rp, flows=made,
            rfc="6146 3.5.2.2 (endpoint-independent filtering)")
    for flags in ("", "A", "R", "F"):
        add(f"4 tcp {flags or 'no flags'} to a pool4 port without BIB entry: not a SYN", 4,
            p4() / TCP(sport=nport(), dport=6099, flags=flags) / Raw(b"g"), "drop", "tcp_syn_expected",
            rfc="6146 3.5.2.2: a V4 packet of no session that is not a SYN is silently discarded")

    # ======== port 0, identifier 0 =======================================
    xl6("6 udp source port 0: a dynamic binding", "udp", p6() / UDP(sport=0, dport=9000) / Raw(b"z"), 9000,
        dynamic=True, rfc="6146 3.5.1 (any transport address binds)")
    xl6("6 udp destination port 0", "udp", p6() / UDP(sport=5001, dport=0) / Raw(b"z"), 0)
    xl6("6 tcp SYN from port 0", "tcp", p6() / TCP(sport=0, dport=80, flags="S"), 80, dynamic=True)
    xl6("6 tcp SYN to port 0", "tcp", p6() / TCP(sport=5002, dport=0, flags="S"), 0)
    xl6("6 icmpv6 echo identifier 0: a dynamic binding", "icmp", p6() / ICMPv6EchoRequest(id=0, seq=3, data=b"z"), 0,
        dynamic=True)
    xl4("4 udp from port 0 to the static entry", "udp", p4() / UDP(sport=0, dport=6001) / Raw(b"z"), 0)
    add("4 udp to M4 port 0 (not in pool4)", 4, p4() / UDP(sport=9000, dport=0) / Raw(b"z"), "pass", "dst4",
        rfc="6146 3.5: not one of our transport addresses")
    add("4 tcp SYN to M4 port 0 (not in pool4)", 4, p4() / TCP(sport=9000, dport=0, flags="S"), "pass", "dst4")
    add("4 icmp echo identifier 0 to M4 (not in pool4)", 4, p4() / ICMP(type=8, id=0) / Raw(b"z"), "pass", "dst4")
    add("4 udp to a pool4 port without BIB entry", 4, p4() / UDP(sport=9000, dport=6098) / Raw(b"z"), "drop", "no_bib",
        rfc="6146 3.5.1.2")
    add("4 icmp echo to a pool4 identifier without BIB entry", 4, p4() / ICMP(type=8, id=6098) / Raw(b"z"), "drop",
        "no_bib")
    add("4 udp to 198.51.100.9 (not pool4)", 4, p4(dst="198.51.100.9") / UDP(sport=9000, dport=6001) / Raw(b"z"),
        "pass", "dst4")
    xl4("4 icmp echo request to the static ICMP entry", "icmp", p4() / ICMP(type=8, id=6003, seq=9) / Raw(b"q"), 0,
        rfc="6146 3.5.3 (static BIB)")

    # ======== other protocols, types, hop limits ========================
    for proto, nm in ((132, "sctp"), (47, "gre"), (0x3a + 0, None)):
        if nm is None:
            continue
        add(f"6 protocol {proto} ({nm})", 6, p6(nh=proto) / Raw(bytes(range(24))), "pass", "unknown_l4",
            rfc="6146 1.1: TCP, UDP and ICMP only")
        add(f"4 protocol {proto} ({nm}) to M4", 4, p4(proto=proto) / Raw(bytes(range(24))), "pass", "unknown_l4",
            rfc="6146 1.1")
    for t in (130, 200, 139):
        b = fix_icmp6(bytes(p6(nh=58) / Raw(bytes([t, 0, 0, 0, 0, 1, 0, 1]) + b"i" * 8)))
        add(f"6 icmpv6 type {t}", 6, b, "pass", "icmp6_type", rfc="7915 5.2: no ICMPv4 counterpart")
    for t in (13, 17, 42):
        add(f"4 icmp type {t} to M4", 4, fix_icmp4(bytes(p4() / ICMP(type=t, id=6003) / Raw(b"i" * 12))), "pass",
            "icmp4_type", rfc="7915 4.2")
    for h in (0, 1):
        add(f"6 udp hop limit {h}", 6, p6(hlim=h) / UDP(sport=5001, dport=9000) / Raw(b"h"), "drop", "ttl",
            icmp_sent=True, rfc="7915 5.1; 4443 3.3")
        add(f"4 udp TTL {h}", 4, p4(ttl=h) / UDP(sport=9000, dport=6001) / Raw(b"h"), "drop", "ttl",
            icmp_sent=True, rfc="7915 4.1; 792")
    xl6("6 udp hop limit 2", "udp", p6(hlim=2) / UDP(sport=5001, dport=9000) / Raw(b"h"), 9000)

    # ======== ICMP errors about flows (RFC 6146 3.4/3.6) ===============
    def e6(inner, t=1, c=4, hlim=64):
        return fix_icmp6(bytes(p6(nh=58, hlim=hlim) / Raw(bytes([t, c, 0, 0, 0, 0, 0, 0]) + bytes(inner))))

    def inner6(proto, port6, rport, n=8):
        """what H6 received: N4_6:rport -> H6:port6"""
        base = IPv6(src=N4_6, dst=H6, hlim=30)
        if proto == "udp":
            return bytes(base / UDP(sport=rport, dport=port6) / Raw(b"p" * n))
        if proto == "tcp":
            return bytes(base / TCP(sport=rport, dport=port6, flags="SA") / Raw(b"p" * n))
        return bytes(base / ICMPv6EchoReply(id=port6, seq=1, data=b"p" * n))

    def err6_checks(t4, c4, proto, rport, mport):
        poff = 50 if proto != "icmp" else 52     # inner destination port / identifier
        return [("ICMPv4 type/code", lambda g: (g[20], g[21]) == (t4, c4)),
                ("outer source is the mask, destination N4", lambda g: g[12:20] == pk(M4) + pk(N4)),
                ("inner source is N4, destination the mask", lambda g: g[40:48] == pk(N4) + pk(M4)),
                ("inner port/identifier is the mask's",
                 lambda g: u16(g, poff) == mport),
                ipv4_hdr_ok(0), icmp4_ok(20)]

    for proto in ("udp", "tcp", "icmp"):
        sp, mp = STATIC[proto]
        for t6, c6, t4, c4 in ((1, 4, 3, 3), (1, 0, 3, 1), (1, 1, 3, 10), (1, 3, 3, 1), (3, 0, 11, 0), (2, 0, 3, 4)):
            raw = e6(inner6(proto, sp, 9000)) if (t6, c6) == (1, 4) else \
                e6(inner6(proto, sp, 9000), t=t6, c=c6)
            if t6 == 2:
                raw = bytearray(raw)
                raw[44:48] = struct.pack("!I", 1400)
                raw = fix_icmp6(bytes(raw))
            add(f"6 icmpv6 error {t6}/{c6} about the {proto} flow over the static entry", 6, raw, "xlat",
                out=None, checks=err6_checks(t4, c4, proto, 9000, mp), rfc="6146 3.6; 7915 5.2")
        add(f"6 icmpv6 port unreachable about a {proto} flow without BIB entry", 6,
            e6(inner6(proto, 45000 + PROTO[proto], 9000)), "drop", "inner_no_bib", rfc="6146 3.5 (no BIB: drop)")
    for n in (0, 20, 39):
        add(f"6 port unreachable, inner packet of {n} octets", 6, e6(inner6("udp", 5001, 9000)[:n]), "drop",
            "truncated", rfc="4443 2.4(c)/7915 5.3")
    for t_out, t_in in ((1, 1), (1, 3), (3, 4)):
        inner = bytes(IPv6(src=N4_6, dst=H6, hlim=30, nh=58) /
                      Raw(bytes([t_in, 0, 0, 0, 0, 0, 0, 0]) + inner6("udp", 5001, 9000)))
        add(f"6 icmpv6 error {t_out} carrying error {t_in}", 6, e6(inner, t=t_out, c=0), "drop", "icmp_error",
            rfc="7915 5.3; 4443 2.4(e)")
    inner2 = bytes(IPv6(src=N4_6, dst=H6, hlim=30, nh=58) /
                   Raw(bytes([1, 4, 0, 0, 0, 0, 0, 0]) + bytes(IPv6(src=H6, dst=N4_6, nh=58) /
                                                                Raw(bytes([3, 0, 0, 0, 0, 0, 0, 0])))))
    add("6 error in an error in an error", 6, e6(inner2), "drop", "icmp_error", rfc="7915 5.3")
    b = bytearray(e6(inner6("udp", 5001, 9000)))
    b[42] ^= 0x5a
    add("6 port unreachable with a wrong ICMPv6 checksum", 6, b, "drop", "icmp_csum", rfc="4443 2.3 / 7915 5.2")
    add("6 port unreachable, hop limit 1", 6, e6(inner6("udp", 5001, 9000), hlim=1), "drop", "ttl",
        rfc="7915 5.1; 4443 2.4(e): no error about an error")

    def e4(inner, t=3, c=3, ttl=64, src=N4):
        return fix_icmp4(bytes(IP(src=src, dst=M4, ttl=ttl, id=0x5151, proto=1) /
                               Raw(bytes([t, c, 0, 0, 0, 0, 0, 0]) + bytes(inner))))

    def inner4(proto, mport, rport, n=8):
        """what N4 received: M4:mport -> N4:rport"""
        base = IP(src=M4, dst=N4, ttl=30, id=0x7777)
        if proto == "udp":
            return bytes(base / UDP(sport=mport, dport=rport) / Raw(b"p" * n))
        if proto == "tcp":
            return bytes(base / TCP(sport=mport, dport=rport, flags="S") / Raw(b"p" * n))
        return bytes(base / ICMP(type=8, id=mport) / Raw(b"p" * n))

    def err4_checks(t6, c6, proto, port6):
        poff = 88 if proto != "icmp" else 92
        return [("ICMPv6 type/code", lambda g: (g[40], g[41]) == (t6, c6)),
                ("outer destination is H6", lambda g: g[24:40] == pk(H6)),
                ("inner source is H6", lambda g: g[56:72] == pk(H6)),
                ("inner port/identifier is H6's", lambda g: u16(g, poff) == port6),
                icmp6_ok(40)]

    for proto in ("udp", "tcp", "icmp"):
        sp, mp = STATIC[proto]
        for t4, c4, t6, c6 in ((3, 3, 1, 4), (3, 1, 1, 0), (3, 0, 1, 0), (3, 13, 1, 1), (11, 0, 3, 0),
                               (3, 4, 2, 0)):
            raw = bytearray(e4(inner4(proto, mp, 9000), t=t4, c=c4))
            if (t4, c4) == (3, 4):
                raw[26:28] = struct.pack("!H", 1400)
                raw = fix_icmp4(bytes(raw))
            add(f"4 icmp error {t4}/{c4} about the {proto} flow over the static entry", 4, bytes(raw), "xlat",
                out=None, checks=err4_checks(t6, c6, proto, sp), rfc="6146 3.6; 7915 4.2")
        add(f"4 icmp port unreachable about a {proto} flow without BIB entry", 4,
            e4(inner4(proto, 6097, 9000)), "drop", "inner_no_bib", rfc="6146 3.5")
    for n in (0, 12, 19):
        add(f"4 port unreachable, inner packet of {n} octets", 4, e4(inner4("udp", 6001, 9000)[:n]), "drop",
            "truncated", rfc="792 / 7915 4.3")
    for t_out, t_in in ((3, 3), (11, 3), (3, 11)):
        inner = bytes(IP(src=M4, dst=N4, ttl=30, proto=1) / Raw(bytes([t_in, 3, 0, 0, 0, 0, 0, 0]) +
                                                             inner4("udp", 6001, 9000)))
        add(f"4 icmp error {t_out} carrying error {t_in}", 4, e4(inner, t=t_out, c=0 if t_out != 3 else 3), "drop",
            "icmp_error", rfc="7915 4.3; 1122 3.2.2")
    b = bytearray(e4(inner4("udp", 6001, 9000)))
    b[22] ^= 0x5a
    add("4 port unreachable with a wrong ICMP checksum", 4, bytes(b), "drop", "icmp_csum", rfc="792 / 7915 4.2")
    add("4 port unreachable, TTL 1", 4, e4(inner4("udp", 6001, 9000), ttl=1), "drop", "ttl", rfc="7915 4.1")

    # ======== fragments (nf_defrag while a NAT64 instance exists) ========
    def frag6(payload, off, m, nh=17, ident=None):
        fid[0] += 1
        return bytes(p6() / IPv6ExtHdrFragment(nh=nh, offset=off, m=m, id=ident or fid[0]) / Raw(payload))

    def frag4(payload, off, mf, proto=17, ident=None):
        fid[0] += 1
        return bytes(p4(proto=proto, flags=1 if mf else 0, frag=off, id=(ident or fid[0]) & 0xffff) / Raw(payload))

    u6 = bytes(IPv6(src=H6, dst=N4_6) / UDP(sport=5001, dport=9100) / Raw(b"F" * 64))[40:]
    add("6 first fragment alone: held by reassembly", 6, frag6(u6[:16], 0, 1), "held")
    add("6 middle fragment alone: held", 6, frag6(u6[16:32], 2, 1), "held")
    add("6 last fragment alone: held", 6, frag6(u6[32:], 4, 0), "held")
    add("6 icmpv6 first fragment alone: held", 6, frag6(bytes(ICMPv6EchoRequest(id=5003, data=b"i" * 16))[:16], 0, 1,
                                                        nh=58), "held")
    ident = 0x7a7a01
    first = frag6(u6[:32], 0, 1, ident=ident)
    add("6 udp in two fragments: reassembled, translated as one packet", 6, frag6(u6[32:], 4, 0, ident=ident),
        "xlat", out=None, pre=[first], rfc="6146 3.1 (reassembly) + 3.7",
        checks=[("ports", lambda g: u16(g, 20) == 6001 and u16(g, 22) == 9100),
                ("length", lambda g: u16(g, 2) == 20 + 72), ipv4_hdr_ok(0)],
        extra=st.new("udp", 5001, 9100, False))
    # an atomic fragment of an existing flow (its UDP checksum over the
    # pseudo header without the Fragment Header, RFC 8200 8.1)
    a6 = bytes(IPv6(src=H6, dst=N4_6) / UDP(sport=5001, dport=9000) / Raw(b"a" * 8))[40:]
    add("6 atomic fragment (offset 0, MF 0)", 6, frag6(a6, 0, 0), "xlat", out=None, rfc="8200 4.5 / 6946",
        checks=[("ports", lambda g: u16(g, 20) == 6001 and u16(g, 22) == 9000)])
    u4 = bytes(IP(src=N4, dst=M4) / UDP(sport=9100, dport=6001) / Raw(b"F" * 64))[20:]
    add("4 first fragment alone: held", 4, frag4(u4[:16], 0, 1), "held")
    add("4 middle fragment alone: held", 4, frag4(u4[16:32], 2, 1), "held")
    add("4 last fragment alone: held", 4, frag4(u4[32:], 4, 0), "held")
    ident = 0x3c3c
    first = frag4(u4[:32], 0, 1, ident=ident)
    add("4 udp in two fragments: reassembled, translated as one packet", 4, frag4(u4[32:], 4, 0, ident=ident),
        "xlat", out=None, pre=[first], rfc="6146 3.1 + 3.7",
        checks=[("ports", lambda g: u16(g, 40) == 9100 and u16(g, 42) == 5001),
                ("length", lambda g: u16(g, 4) == 72)],
        extra=st.new("udp", 5001, 9100, False))

    # ======== finally: the established flows still work ==================
    xl6("6 udp: still translated at the end", "udp", p6() / UDP(sport=5001, dport=9000) / Raw(b"end"), 9000)
    xl4("4 udp: still translated at the end", "udp", p4() / UDP(sport=9000, dport=6001) / Raw(b"end"), 9000)
    return cases


if __name__ == "__main__":
    cs = build(sys.argv[1] if len(sys.argv) > 1 else "64:ff9b::/96")
    for c in cs:
        print(c.side, c.verdict, c.stat or "", c.extra, c.name)
    print(len(cs), "cases")
