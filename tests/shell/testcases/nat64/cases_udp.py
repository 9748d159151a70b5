# SPDX-License-Identifier: GPL-2.0
# UDP through the NAT64 (RFC 6146 sections 3.5.1 and 3.7). Instance: pool4
# udp 198.51.100.1 6001-6002, static BIB [H6]:5001 <-> 198.51.100.1:6001, so
# the one dynamic binding can only get 198.51.100.1:6002.

# A static BIB entry reached from IPv4 first (endpoint-independent
# filtering, RFC 6146 section 3.5.1.2: the BIB entry alone lets it in).
udp46("static BIB from IPv4: N4:9100 -> 198.51.100.1:6001 arrives as N4_6:9100 -> [H6]:5001",
      N4, 9100, M4, 6001, H6, 5001)

# The IPv6 node through its static binding, and the answer.
udp64("static BIB from IPv6: [H6]:5001 -> N4_6:9000 leaves as 198.51.100.1:6001 -> N4:9000, "
      "TTL = hop limit - 1, TOS = traffic class", 5001, 9000, M4, 6001, hlim=40, tc=0x48)
udp46("reply N4:9000 -> 198.51.100.1:6001 arrives at [H6]:5001, hop limit = TTL - 1, TC = TOS",
      N4, 9000, M4, 6001, H6, 5001, ttl=33, tos=0x20)

# A dynamic binding: the only free mask of the pool4 entry.
udp64("dynamic BIB: [H6]:5555 -> N4_6:9001 leaves from the free mask 198.51.100.1:6002",
      5555, 9001, M4, 6002)
udp46("reply to the dynamic binding: N4:9001 -> 198.51.100.1:6002 arrives at [H6]:5555",
      N4, 9001, M4, 6002, H6, 5555)
# Same source transport address again, another destination: same BIB entry
# (endpoint-independent mapping, RFC 6146 section 3.5.1.1 / RFC 4787 REQ-1).
udp64("endpoint-independent mapping: [H6]:5555 -> N4_6:9002 keeps 198.51.100.1:6002",
      5555, 9002, M4, 6002)

# An odd length and a payload that makes the checksum wrap.
udp64("odd payload length (incremental checksum across the port change)", 5001, 9003, M4, 6001,
      payload=b"\xff" * 33)

# A UDP checksum of zero from IPv4: a NAT64 computes it (RFC 6146 3.7 with
# RFC 7915 4.5; Jool always does).
p4 = IP(src=N4, dst=M4, ttl=64, id=1) / UDP(sport=9000, dport=6001, chksum=0) / Raw(b"zero csum")
send(4, p4)
got = receive(6, lambda b: b[6] == 17 and dport6(b) == 5001)
if not got:
    fail("UDP checksum 0 from IPv4", "nothing translated arrived")
else:
    compare("UDP checksum 0 from IPv4: computed for IPv6", nat64_46(p4, H6, 5001), got[0])

# Not ours: a destination in 198.51.100.0/24 outside pool4 and without BIB.
send(4, IP(src=N4, dst="198.51.100.9") / UDP(sport=9000, dport=6001) / Raw(b"x"))
expect_nothing("IPv4 packet to an address outside pool4: not translated", 6,
               lambda b: b[6] == 17 and dport6(b) == 5001)

# The translator's own error (RFC 7915 section 5.1, as SIIT): a hop limit
# of 1 expires here; ICMPv6 time exceeded goes back and no state is made.
p6 = IPv6(src=H6, dst=N4_6, hlim=1) / UDP(sport=5001, dport=9004) / Raw(b"expiring")
send(6, p6)
got = receive(6, lambda b: b[6] == 58 and b[40] == 3)
if not got:
    fail("hop limit 1: ICMPv6 time exceeded from the translator", "nothing came back")
elif got[0][41] != 0 or got[0][48:48 + len(bytes(p6))] != bytes(p6):
    fail("hop limit 1: ICMPv6 time exceeded from the translator", f"got {got[0].hex()}")
else:
    ok("hop limit 1: ICMPv6 time exceeded (3/0) from the translator, quoting the packet")
