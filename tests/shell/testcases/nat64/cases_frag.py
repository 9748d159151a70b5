# SPDX-License-Identifier: GPL-2.0
# Fragments and a NAT64: ports are only in the first fragment, so the
# instance has its namespace reassemble (nf_defrag); the whole datagram is
# translated and cut again for the other side. Instance: pool4 udp
# 198.51.100.1 6001, static BIB [H6]:5001 <-> 198.51.100.1:6001. Links MTU
# 1500. Expected: RFC 7915 on the whole datagram, then the other family's
# fragmentation (IPv4: RFC 791, DF 0 so the translator may cut it; IPv6:
# RFC 7915 section 4.1 / RFC 8200 4.5, pieces of at most 1280 octets with
# the IPv4 Identification in the Fragment Header).
from scapy.all import IPv6ExtHdrFragment  # noqa: E402

DATA = bytes(range(256)) * 8 + b"end"       # 2051 octets: odd; 2 IPv6 fragments


def cut6(p6, size):
    """RFC 8200 4.5: fragments of P6 (whole), at most SIZE octets each"""
    p = IPv6(p6)
    payload = bytes(p.payload)
    step = (size - 48) // 8 * 8
    out = []
    for off in range(0, len(payload), step):
        chunk = payload[off:off + step]
        more = off + step < len(payload)
        out.append(bytes(IPv6(src=p.src, dst=p.dst, hlim=p.hlim, tc=p.tc, fl=p.fl, plen=8 + len(chunk),
                              nh=44) /
                         IPv6ExtHdrFragment(nh=p.nh, offset=off // 8, m=int(more), id=0x1234) /
                         Raw(chunk)))
    return out


p6 = IPv6(src=H6, dst=N4_6, hlim=64) / UDP(sport=5001, dport=9000) / Raw(DATA)
if OPTS.get("send_only") == "1":
    # the same fragments, for a ruleset without a NAT64 (no reassembly)
    for f in cut6(bytes(p6), 1280):
        S6.send(bytes(Ether(src=MAC6, dst=MAC_X6, type=0x86dd) / Raw(f)))
    ok("the two IPv6 fragments sent")
    done()

# ---- 6 -> 4: IPv6 fragments (from the IPv6 node) ----
whole4 = nat64_64(p6, M4, 6001)             # DF 0: it came in pieces
drain(S4)
for f in cut6(bytes(p6), 1280):
    S6.send(bytes(Ether(src=MAC6, dst=MAC_X6, type=0x86dd) / Raw(f)))
got = receive(4, lambda b: b[9] == 17 and b[12:16] == bytes(IP(src=M4))[12:16], count=3,
              timeout=2.0)
# Where the pieces are cut is the stack's choice (it keeps the IPv6
# fragments' boundaries when they fit, as when it forwards a reassembled
# packet, else it cuts at the MTU): check every piece by RFC 791 and the
# datagram they make up byte by byte.
if len(got) < 2:
    fail("6->4 fragmented UDP", f"{len(got)} IPv4 pieces arrived, expected at least 2")
else:
    name = f"6->4: IPv6 fragments reassembled, translated (DF 0), {len(got)} IPv4 pieces"
    problems = []
    data = b""
    for i, g in enumerate(got):
        fo = struct.unpack("!H", g[6:8])[0]
        if len(g) > 1500 or inet_csum(g[:20]) != 0xffff or g[4:6] != got[0][4:6]:
            problems.append(f"piece {i}: length {len(g)}, header checksum or ID wrong")
        if fo & 0x4000 or (fo & 0x1fff) * 8 != len(data) or bool(fo & 0x2000) != (i + 1 < len(got)):
            problems.append(f"piece {i}: flags/offset {fo:#06x} at octet {len(data)}")
        if g[:4] != whole4[:2] + struct.pack("!H", len(g)) or g[8:10] != whole4[8:10] or \
                g[12:20] != whole4[12:20]:
            problems.append(f"piece {i}: header {g[:20].hex()}")
        data += g[20:]
    if problems:
        fail(name, "; ".join(problems))
    else:
        ok(name + ": pieces consistent (RFC 791)")
    compare("6->4: the datagram the pieces make up", whole4,
            whole4[:20] + data, MASK4)

# ---- 4 -> 6: IPv4 fragments (DF 0) from N4 ----
p4 = IP(src=N4, dst=M4, ttl=64, id=0x5151, flags=0) / UDP(sport=9000, dport=6001) / Raw(DATA)
raw4 = bytes(p4)
body = raw4[20:]
drain(S6)
for off in range(0, len(body), 1480):
    chunk = body[off:off + 1480]
    more = off + 1480 < len(body)
    S4.send(bytes(Ether(src=MAC4, dst=MAC_X4, type=0x0800) /
                  IP(src=N4, dst=M4, ttl=64, id=0x5151, flags="MF" if more else 0, frag=off // 8,
                     proto=17) / Raw(chunk)))
whole6 = nat64_46(raw4, H6, 5001)
exp = cut6(whole6, 1280)
# the Fragment Header carries the IPv4 Identification (RFC 7915 section 4.1)
exp = [e[:44] + struct.pack("!I", 0x5151) + e[48:] for e in exp]
got = receive(6, lambda b: b[6] == 44 and b[24:40] == bytes(IPv6(dst=H6))[24:40], count=len(exp))
if len(got) != len(exp):
    fail("4->6 fragmented UDP", f"{len(got)} IPv6 pieces arrived, expected {len(exp)}")
else:
    for i, (e, g) in enumerate(zip(exp, got)):
        compare(f"4->6: two IPv4 fragments reassembled, translated, cut at 1280 octets with a "
                f"Fragment Header (ID 0x5151): piece {i + 1} of {len(exp)}", e, g)
