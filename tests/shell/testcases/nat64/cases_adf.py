# SPDX-License-Identifier: GPL-2.0
# Address-dependent filtering (RFC 6146 section 3.5.1.2 / RFC 4787 REQ-8):
# with it on, an IPv4 packet to a BIB entry needs a session with its source
# address. Instance: pool4 udp 198.51.100.1 6001, static BIB [H6]:5001 <->
# 198.51.100.1:6001; OPTS adf=1|0 says what the instance has now.
N4B = "192.0.2.3"           # another IPv4 node, never written to
ADF = OPTS["adf"] == "1"

if OPTS.get("first") == "1":
    udp64("[H6]:5001 -> N4:9000 (a session with N4)", 5001, 9000, M4, 6001)
udp46("N4:9000 answers: translated (it has a session)", N4, 9000, M4, 6001, H6, 5001)
if ADF:
    send(4, IP(src=N4B, dst=M4) / UDP(sport=9000, dport=6001) / Raw(b"unsolicited"))
    expect_nothing("address-dependent filtering on: 192.0.2.3 (no session) is dropped", 6,
                   lambda b: b[6] == 17 and dport6(b) == 5001)
else:
    udp46("address-dependent filtering off: 192.0.2.3 (no session) gets through the BIB entry",
          N4B, 9000, M4, 6001, H6, 5001, payload=b"unsolicited")
