# SPDX-License-Identifier: GPL-2.0
# f-args: which fields of the IPv6 tuple RFC 6056 algorithm 3 hashes
# (nft_jool/rfc6056.h): offset = F(hashed fields, secret) + next_ephemeral;
# the pool4 candidates are tried from offset on, in order; next_ephemeral
# grows by the candidates tried. In a pool4 of one address and a mostly
# free port range, a new binding takes the candidate at offset, so:
#  - fields not hashed do not matter: flows that differ only in them have
#    the same F, and consecutive bindings get consecutive masks;
#  - flows that differ in a hashed field have independent F values: their
#    masks are spread over the range (4 flows landing on consecutive ports
#    by chance: about (1/64512)^3).
# Nothing here depends on the secret. Instance: pool4 udp M4 1024-65535;
# OPTS fargs=0 (nothing hashed) or 8 (source address only).
LO, N = 1024, 65535 - 1024 + 1


def mask_of(src, sport, dport):
    p6 = IPv6(src=src, dst=N4_6) / UDP(sport=sport, dport=dport) / Raw(b"f-args")
    send(6, p6)
    got = receive(4, lambda b: b[9] == 17 and struct.unpack("!H", b[22:24])[0] == dport)
    if not got:
        fail(f"[{src}]:{sport} -> N4:{dport} translated", "nothing arrived")
        return None
    m = sport4(got[0])
    ok(f"[{src}]:{sport} -> N4:{dport} translated", f"mask port {m}")
    return m


def steps(masks):
    """distance from each mask to the next one, in candidate order"""
    return [((b - LO) - (a - LO)) % N for a, b in zip(masks, masks[1:])]


def consecutive(name, masks):
    if None in masks:
        return fail(name, "a flow was not translated")
    d = steps(masks)
    if d == [1] * len(d):
        ok(name, f"masks {masks}")
    else:
        fail(name, f"masks {masks}, steps {d}: expected steps of 1")


def spread(name, masks):
    if None in masks:
        return fail(name, "a flow was not translated")
    d = steps(masks)
    if d != [1] * len(d):
        ok(name, f"masks {masks}, steps {d}")
    else:
        fail(name, f"masks {masks}: consecutive, as if the field were not hashed")


if OPTS["fargs"] == "0":
    consecutive("f-args 0: four sources, ports and destinations: consecutive masks",
                [mask_of(f"2001:db8:6::{i}", 5000 + i, 9000 + i) for i in (2, 3, 4, 5)])
else:
    spread("f-args 8 (source address): four sources: masks spread",
           [mask_of(f"2001:db8:6::{i}", 5000, 9100 + i) for i in (0x10, 0x11, 0x12, 0x13)])
    consecutive("f-args 8: one source, other ports and destinations: consecutive masks",
                [mask_of("2001:db8:6::20", 5000 + i, 9200 + i) for i in range(4)])
