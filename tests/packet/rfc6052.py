#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""RFC 6052 section 2.2 address mapping, written from the RFC for the tests
(independent of the kernel's implementation).

  embed(prefix, ipv4)  -> IPv4-embedded IPv6 address (str)
  extract(prefix, ipv6) -> the IPv4 address inside it (str)

Bits 64..71 (the "u" octet) are skipped and must be zero; the suffix after
the IPv4 bits is zero. Prefix lengths 32, 40, 48, 56, 64, 96.

usage: rfc6052.py PREFIX/LEN IPV4   -> prints the IPv6 address"""
import ipaddress
import sys

LENGTHS = (32, 40, 48, 56, 64, 96)


def _positions(plen):
    """byte positions, in order, of the four IPv4 octets"""
    if plen not in LENGTHS:
        raise ValueError(f"RFC 6052 prefix length must be one of {LENGTHS}, not {plen}")
    first = plen // 8
    return [p for p in range(first, 16) if p != 8][:4]


def embed(prefix, ipv4):
    net = ipaddress.IPv6Network(prefix)
    out = bytearray(net.network_address.packed)
    for pos, octet in zip(_positions(net.prefixlen), ipaddress.IPv4Address(ipv4).packed):
        out[pos] = octet
    return str(ipaddress.IPv6Address(bytes(out)))


def extract(prefix, ipv6):
    net = ipaddress.IPv6Network(prefix)
    raw = ipaddress.IPv6Address(ipv6).packed
    return str(ipaddress.IPv4Address(bytes(raw[p] for p in _positions(net.prefixlen))))


def _selftest():
    # RFC 6052 section 2.4, the examples table (192.0.2.33)
    table = {
        "2001:db8::/32": "2001:db8:c000:221::",
        "2001:db8:100::/40": "2001:db8:1c0:2:21::",
        "2001:db8:122::/48": "2001:db8:122:c000:2:2100::",
        "2001:db8:122:300::/56": "2001:db8:122:3c0:0:221::",
        "2001:db8:122:344::/64": "2001:db8:122:344:c0:2:2100:0",
        "2001:db8:122:344::/96": "2001:db8:122:344::192.0.2.33",
    }
    for pfx, want in table.items():
        got = embed(pfx, "192.0.2.33")
        assert ipaddress.IPv6Address(got) == ipaddress.IPv6Address(want), (pfx, got, want)
        assert extract(pfx, got) == "192.0.2.33"


_selftest()
if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(embed(sys.argv[1], sys.argv[2]))
