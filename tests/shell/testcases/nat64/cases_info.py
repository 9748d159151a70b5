# SPDX-License-Identifier: GPL-2.0
# drop-icmpv6-info (RFC 6146 section 3.5.3 leaves ICMPv6 informational
# filtering to policy; Jool drops every ICMPv6 informational message it
# would translate: echo requests and replies). Instance: pool4 icmp/udp
# 198.51.100.1 6001, static BIB icmp and udp [H6]#5001 <-> 198.51.100.1#6001.
send(6, IPv6(src=H6, dst=N4_6) / ICMPv6EchoRequest(id=5001, seq=1, data=b"ping6"))
expect_nothing("ICMPv6 echo request: dropped", 4, lambda b: b[9] == 1)
# a ping from IPv4 still gets in (only ICMPv6 is filtered) ...
p4 = IP(src=N4, dst=M4, ttl=64) / ICMP(type=8, id=6001, seq=2) / Raw(b"ping4")
send(4, p4)
got = receive(6, lambda b: b[6] == 58 and b[40] == 128)
if not got:
    fail("ICMPv4 echo request to the static binding: translated", "nothing arrived")
else:
    compare("ICMPv4 echo request to the static binding: translated", nat64_46(p4, H6, 5001),
            got[0], (), [icmp6_ok(40)])
# ... but the IPv6 node's reply does not get out
send(6, IPv6(src=H6, dst=N4_6) / ICMPv6EchoReply(id=5001, seq=2, data=b"ping4"))
expect_nothing("ICMPv6 echo reply: dropped too", 4, lambda b: b[9] == 1)
udp64("UDP is not affected", 5001, 9000, M4, 6001)
