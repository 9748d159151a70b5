# SPDX-License-Identifier: GPL-2.0
# pool4 domains by skb mark (Jool's pool4 --mark; RFC 7422 port blocks): the
# ruleset marks [H6]:5100 with 5 and [H6]:5200 with 9 before the jool rule.
# Instance: pool4 udp 198.51.100.1 6001 (mark 0), udp 198.51.100.3 7001
# mark 5; nothing for mark 9.
M4B = "198.51.100.3"
udp64("mark 0: [H6]:5000 -> N4:9000 leaves from 198.51.100.1:6001", 5000, 9000, M4, 6001)
udp64("mark 5: [H6]:5100 -> N4:9000 leaves from 198.51.100.3:7001", 5100, 9000, M4B, 7001)
udp46("the answer to 198.51.100.3:7001 (IPv4 side: marks do not matter) reaches [H6]:5100",
      N4, 9000, M4B, 7001, H6, 5100)
send(6, IPv6(src=H6, dst=N4_6) / UDP(sport=5200, dport=9000) / Raw(b"mark 9"))
expect_nothing("mark 9: no pool4 entry, untranslatable", 4, lambda b: b[9] == 17)
