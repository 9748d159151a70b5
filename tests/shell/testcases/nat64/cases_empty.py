# SPDX-License-Identifier: GPL-2.0
# Empty pool4 (Jool's default): the mask is the address the translator
# would use towards the IPv4 node (here 192.0.2.1, its v4x address) and a
# port of 61001-65535 (the range Linux leaves to NAT64, see pool4.h). The
# port is chosen by RFC 6056, so it is read from the first packet and then
# held to: the IPv4 packet is compared byte by byte with that port, the
# answer to it must reach the IPv6 node, and a second packet of the flow
# must keep it.
X4 = "192.0.2.1"
p6 = IPv6(src=H6, dst=N4_6, hlim=64) / UDP(sport=5001, dport=9000) / Raw(b"empty pool4")
send(6, p6)
got = receive(4, lambda b: b[9] == 17 and struct.unpack("!H", b[22:24])[0] == 9000)
if not got:
    fail("empty pool4: 6->4", "nothing translated arrived")
    done()
port = sport4(got[0])
if not 61001 <= port <= 65535:
    fail("empty pool4: port in 61001-65535", f"port {port}")
else:
    ok(f"empty pool4: port {port} in 61001-65535")
compare("empty pool4: [H6]:5001 -> N4_6:9000 leaves as 192.0.2.1:PORT -> N4:9000",
        nat64_64(p6, X4, port), got[0], MASK4, [v4_hdr_ok(0)])
udp46("empty pool4: the answer to 192.0.2.1:PORT reaches [H6]:5001", N4, 9000, X4, port, H6, 5001)
udp64("empty pool4: the flow keeps its mask", 5001, 9000, X4, port, payload=b"again")
# a local address below 61001 is the host's, not the NAT64's
send(4, IP(src=N4, dst=X4) / UDP(sport=9000, dport=6001) / Raw(b"host"))
expect_nothing("empty pool4: 192.0.2.1 port 6001 is not a mask: left alone", 6,
               lambda b: b[6] == 17)
