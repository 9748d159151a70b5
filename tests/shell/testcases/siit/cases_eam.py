# SPDX-License-Identifier: GPL-2.0
# RFC 7757 (EAM) inside RFC 7915 address translation (sections 4.1, 5.1 and
# the packets in error of 4.3 / 5.3), denylist4 and hairpinning (RFC 7757
# section 4). The shell test (0006eam_0) configures, besides pool6:
#   2001:db8:e::/121   <-> 198.51.100.128/25   (7 suffix bits each)
#   2001:db8:f::/124   <-> 198.51.100.192/28   (inside the /25: longest wins)
#   2001:db8:6::2/128  <-> 198.51.100.7/32
#   denylist4 198.51.100.64/26
# and routes 2001:db8:e::/47 to NS6. OPTS["mode"] is eam-hairpin-mode.
exec(open(os.path.join(os.path.dirname(os.path.abspath(sys.argv[0])), "cases_icmp_err.py")).read().split("Z = b")[0])
MODE = OPTS.get("mode", "intrinsic")
Z = b"\0\0\0\0"


def udp6(src, dst, sport, hlim=64, payload=b"eam"):
    return IPv6(src=src, dst=dst, hlim=hlim) / UDP(sport=sport, dport=9) / Raw(payload)


def udp4(src, dst, sport, ttl=64, payload=b"eam"):
    return IP(src=src, dst=dst, ttl=ttl, id=0x2222, flags="DF") / UDP(sport=sport, dport=9) / Raw(payload)


def m4(sport):
    return lambda b: b[9] == 17 and b[20:22] == struct.pack("!H", sport)


def m6(sport):
    return lambda b: b[6] == 17 and b[40:42] == struct.pack("!H", sport)


def v4out(src, dst, sport, ttl=63, payload=b"eam"):
    return bytes(IP(version=4, ihl=5, tos=0, id=0, flags=0, ttl=ttl, proto=17, src=src, dst=dst) /
                 UDP(sport=sport, dport=9) / Raw(payload))


def v6out(src, dst, sport, hlim=63, payload=b"eam"):
    return bytes(IPv6(version=6, tc=0, fl=0, nh=17, hlim=hlim, src=src, dst=dst) /
                 UDP(sport=sport, dport=9) / Raw(payload))


def case(name, side, pkt, exp, sport, masked=(), checks=()):
    send(side, bytes(pkt))
    got = receive(4 if side == 6 else 6, m4(sport) if side == 6 else m6(sport))
    if got:
        compare(name, exp, got[0], masked, checks)
    else:
        fail(name, "nothing translated arrived")


if MODE == "intrinsic":
    # 6 -> 4, source through the EAMT (RFC 7757 section 3.2): the IPv4 prefix
    # followed by the address's bits after the IPv6 prefix (7 bits: 5).
    case("RFC 7757 3.2: 6->4 source 2001:db8:e::5 (/121) -> 198.51.100.133 (/25)",
         6, udp6("2001:db8:e::5", N4_6, 48001), v4out("198.51.100.133", N4, 48001), 48001,
         v4_hdr_mask(), [v4_hdr_ok()])
    case("RFC 7757 3.2: overlapping entries, 6->4: 2001:db8:f::9 (/124) -> 198.51.100.201 (/28)",
         6, udp6("2001:db8:f::9", N4_6, 48002), v4out("198.51.100.201", N4, 48002), 48002,
         v4_hdr_mask(), [v4_hdr_ok()])
    case("RFC 7757 3.2: /128 <-> /32, 6->4: 2001:db8:6::2 -> 198.51.100.7",
         6, udp6("2001:db8:6::2", N4_6, 48003), v4out("198.51.100.7", N4, 48003), 48003,
         v4_hdr_mask(), [v4_hdr_ok()])
    # 4 -> 6, destination through the EAMT, longest IPv4 prefix wins.
    case("RFC 7757 3.2: 4->6 destination 198.51.100.133 (/25) -> 2001:db8:e::5",
         4, udp4(N4, "198.51.100.133", 48004), v6out(v6(N4), "2001:db8:e::5", 48004), 48004)
    case("RFC 7757 3.2: overlapping entries, 4->6: 198.51.100.201 in the /28 -> 2001:db8:f::9",
         4, udp4(N4, "198.51.100.201", 48005), v6out(v6(N4), "2001:db8:f::9", 48005), 48005)
    case("RFC 7757 3.2: /32 <-> /128, 4->6: 198.51.100.7 -> 2001:db8:6::2",
         4, udp4(N4, "198.51.100.7", 48006), v6out(v6(N4), "2001:db8:6::2", 48006), 48006)
    # an IPv4 source with an EAM entry: translated through it (not a hairpin)
    case("RFC 7757 3.2: 4->6 source 198.51.100.7 through its EAM -> 2001:db8:6::2",
         4, udp4("198.51.100.7", "198.51.100.133", 48007),
         v6out("2001:db8:6::2", "2001:db8:e::5", 48007), 48007)

    # denylist4: pool6 would translate 198.51.100.70, denylist4 refuses it
    send(4, bytes(udp4(N4, "198.51.100.70", 48008)))
    expect_nothing("denylist4: 4->6 destination 198.51.100.70 not translated", 6, m6(48008))
    send(6, bytes(udp6(A6, v6("198.51.100.70"), 48009)))
    expect_nothing("denylist4: 6->4 destination 64:ff9b-form of 198.51.100.70 not translated", 4, m4(48009))

    # Packets in error go through the same tables (RFC 7915 4.3 / 5.3).
    pin = bytes(udp4("198.51.100.133", N4, 48010, ttl=61))
    send(4, raw_icmp4(R4, "198.51.100.133", 3, 1, Z, pin))
    exp_inner = bytes(IPv6(version=6, tc=0, fl=0, plen=8 + 3, nh=17, hlim=61, src="2001:db8:e::5",
                           dst=v6(N4)) / UDP(sport=48010, dport=9) / Raw(b"eam"))
    exp = icmp6_err(v6(R4), "2001:db8:e::5", 0, 63, 1, 0, Z, exp_inner)
    got = receive(6, lambda b: b[6] == 58 and b[40] == 1 and len(b) >= 90 and b[88:90] == struct.pack("!H", 48010))
    if got:
        compare("4.3 + RFC 7757: ICMPv4 error about an EAM sender, inner source through the EAMT",
                exp, got[0], (), [icmp6_ok(40)])
    else:
        fail("4.3 + RFC 7757: error about an EAM sender", "nothing translated arrived")

    # Intrinsic hairpin (RFC 7757 section 4): 2001:db8:e::5 writes to
    # 198.51.100.201 in pool6 form; the packet comes back as IPv6 to
    # 2001:db8:f::9, its source in pool6 form, one hop limit less.
    send(6, bytes(udp6("2001:db8:e::5", v6("198.51.100.201"), 48011)))
    got = receive(6, lambda b: b[6] == 17 and b[40:42] == struct.pack("!H", 48011) and
                  b[24:40] == socket.inet_pton(socket.AF_INET6, "2001:db8:f::9"))
    exp = v6out(v6("198.51.100.133"), "2001:db8:f::9", 48011)
    if got:
        compare("RFC 7757 4: intrinsic hairpin, UDP: pool6-form source, EAM destination", exp, got[0])
    else:
        fail("RFC 7757 4: intrinsic hairpin, UDP", "nothing came back")
    send(6, bytes(IPv6(src="2001:db8:6::2", dst=v6("198.51.100.133"), hlim=64) /
                  ICMPv6EchoRequest(id=0x4801, seq=1, data=b"hairpin")))
    got = receive(6, lambda b: b[6] == 58 and b[40] == 128 and b[44:46] == b"\x48\x01")
    exp = bytes(IPv6(version=6, tc=0, fl=0, nh=58, hlim=63, src=v6("198.51.100.7"), dst="2001:db8:e::5") /
                ICMPv6EchoRequest(id=0x4801, seq=1, data=b"hairpin"))
    if got:
        compare("RFC 7757 4: intrinsic hairpin, echo request (ICMPv6 -> ICMPv4 -> ICMPv6)", exp, got[0])
    else:
        fail("RFC 7757 4: intrinsic hairpin, echo request", "nothing came back")
elif MODE == "simple":
    # Simple hairpinning: the IPv4 packet comes back through the routing, so
    # an IPv4 source with an EAM entry takes its pool6 form (RFC 7757 4).
    case("RFC 7757 4: simple mode, 4->6 source 198.51.100.7 in pool6 form, not its EAM",
         4, udp4("198.51.100.7", "198.51.100.133", 48020),
         v6out(v6("198.51.100.7"), "2001:db8:e::5", 48020), 48020)
    send(6, bytes(udp6("2001:db8:e::5", v6("198.51.100.201"), 48021)))
    got = receive(4, m4(48021))
    if got:
        compare("RFC 7757 4: simple mode, 6->4 for an EAM address is not turned around",
                v4out("198.51.100.133", "198.51.100.201", 48021), got[0], v4_hdr_mask(), [v4_hdr_ok()])
    else:
        fail("RFC 7757 4: simple mode 6->4", "nothing arrived on the IPv4 side")
else:
    case("RFC 7757 4: hairpinning off, 4->6 source 198.51.100.7 through its EAM",
         4, udp4("198.51.100.7", "198.51.100.133", 48030),
         v6out("2001:db8:6::2", "2001:db8:e::5", 48030), 48030)
    send(6, bytes(udp6("2001:db8:e::5", v6("198.51.100.201"), 48031)))
    expect_nothing("RFC 7757 4: hairpinning off, nothing comes back", 6,
                   lambda b: b[6] == 17 and b[40:42] == struct.pack("!H", 48031))
done()
