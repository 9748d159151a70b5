# SPDX-License-Identifier: GPL-2.0
# TCP simultaneous open and maximum-simultaneous-opens (RFC 6146 3.5.2.2,
# RFC 5382 REQ-4). An IPv4 SYN to a mask without BIB entry is stored, not
# answered, for 6 s (counter so_stored, nft-jool state stored_syns); a
# retry of it is dropped (so_exists); past maximum-simultaneous-opens a SYN
# is refused at once with an ICMP port unreachable (so_full); an IPv6 SYN
# of the same connection (same mask and remote) within the 6 s completes
# the open: the session is ESTABLISHED and the stored SYN is silently
# dropped (RFC 5382 REQ-4); a stored SYN nobody completes gets, after 6 s,
# an ICMP port unreachable (type 3 code 3) quoting it.
#
# Instance: pool4 tcp M4 6001-6003, maximum-simultaneous-opens 3. The mask
# of the IPv6 flow is the RFC 6056 choice among the three; so SYNs from N4:
# 7001 wait on all three masks, and the IPv6 SYN completes whichever one
# its binding got (read from the translated SYN).
exec(open(os.path.join(HERE, "state_lib.py")).read())

MASKS = (6001, 6002, 6003)
ICMP_SRC = OPTS.get("icmpsrc", "192.0.2.1")


def syn4(sport, mport, seq):
    return IP(src=N4, dst=M4, ttl=64, id=sport) / TCP(sport=sport, dport=mport, flags="S", seq=seq,
                                                      window=1000)


def unreach(p4):
    """RFC 792 / RFC 1812 4.3.2: ICMP port unreachable about P4 from the
    translator (precedence 6 = TOS 0xc0, RFC 1812 4.3.2.5), quoting it
    whole (it is far below 576 octets)"""
    q = bytes(p4)
    return bytes(IP(tos=0xc0, id=0, ttl=64, proto=1, src=ICMP_SRC, dst=N4) /
                 ICMP(type=3, code=3) / Raw(q))


def is_unreach(b):
    return b[9] == 1 and len(b) >= 48 and b[20] == 3


def quoted_dport(b):
    return struct.unpack("!H", b[28 + 22:28 + 24])[0]


def state_stored():
    return json.loads(ctl("state", "--json", "inet", "t", "x"))["stored_syns"]


stored = {m: syn4(7001, m, 100 + m) for m in MASKS}
t_store = time.time()
for m in MASKS:
    send(4, stored[m])
send(4, stored[6001])                       # a retry of a stored SYN
full = syn4(7002, 6001, 555)
send(4, full)
got = receive(4, is_unreach, timeout=3)
if not got:
    fail("past maximum-simultaneous-opens: ICMP port unreachable at once", "nothing arrived")
else:
    compare("past maximum-simultaneous-opens: ICMP port unreachable at once", unreach(full), got[0],
            MASK4, [v4_hdr_ok(0), icmp4_ok(20)])

p6 = IPv6(src=H6, dst=N4_6, hlim=64) / TCP(sport=5001, dport=7001, flags="S", seq=9000,
                                           window=64000)
send(6, p6)
got = receive(4, lambda b: b[9] == 6 and struct.unpack("!H", b[22:24])[0] == 7001)
mask = None
if not got:
    fail("IPv6 SYN of the connection translated", "nothing arrived")
else:
    mask = sport4(got[0])
    if mask not in MASKS:
        fail("IPv6 SYN of the connection translated", f"mask port {mask} not in pool4")
    else:
        compare(f"IPv6 SYN of the connection translated (mask {M4}:{mask})",
                nat64_64(p6, M4, mask), got[0], MASK4, [v4_hdr_ok(0)])
elapsed = time.time() - t_store
check(f"... within the 6 s ({elapsed:.1f} s)", elapsed < 5)
check_eq("so_stored", 3, stat("so_stored"))
check_eq("so_exists (the retry)", 1, stat("so_exists"))
check_eq("so_full", 1, stat("so_full"))
present("simultaneous open completed: ESTABLISHED", "tcp", 5001, "ESTABLISHED")
check_eq("stored_syns: the completed one is gone", 2, state_stored())
expect_nothing("nothing reached the IPv6 node (the stored SYN is dropped silently)", 6,
               lambda b: b[6] == 6, timeout=0.5)

# the two others: ICMP port unreachable once 6 s passed, not before
got = receive(4, is_unreach, timeout=15, count=3)
t_icmp = time.time() - t_store
check_eq("after 6 s: one ICMP error per uncompleted stored SYN", 2, len(got))
check(f"... not before 5 s (RFC 6146: 6 s; the clock counts whole seconds): {t_icmp:.1f} s",
      t_icmp >= 5)
for b in got:
    d = quoted_dport(b)
    if d not in MASKS or d == mask:
        fail("ICMP error about a stored SYN", f"about mask port {d} (completed: {mask})")
        continue
    compare(f"ICMP port unreachable quoting the stored SYN to {M4}:{d}", unreach(stored[d]), b,
            MASK4, [v4_hdr_ok(0), icmp4_ok(20)])
check_eq("stored_syns: none left", 0, state_stored())
check_eq("so_stored unchanged", 3, stat("so_stored"))
