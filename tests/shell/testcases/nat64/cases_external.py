# SPDX-License-Identifier: GPL-2.0
# drop-externally-initiated-tcp (RFC 6146 section 3.5.2.2): a SYN from IPv4
# to a static binding is dropped while it is on; off, the SYN gets through
# the BIB entry (endpoint-independent filtering: no session needed).
# Instance: pool4 tcp 198.51.100.1 6001, static BIB [H6]:5001 <->
# 198.51.100.1:6001; OPTS drop=1|0 says what the instance has now.
p4 = IP(src=N4, dst=M4, ttl=64, id=5) / TCP(sport=7777, dport=6001, flags="S", seq=100,
                                            window=1000)
send(4, p4)
if OPTS["drop"] == "1":
    expect_nothing("SYN from IPv4, drop-externally-initiated-tcp on: dropped", 6,
                   lambda b: b[6] == 6)
else:
    got = receive(6, lambda b: b[6] == 6 and dport6(b) == 5001)
    if not got:
        fail("SYN from IPv4, drop-externally-initiated-tcp off: translated", "nothing arrived")
    else:
        compare("SYN from IPv4, drop-externally-initiated-tcp off: translated to [H6]:5001",
                nat64_46(p4, H6, 5001), got[0])
