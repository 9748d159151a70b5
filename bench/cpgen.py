#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Writes the configurations of the benchmark's control-plane phase.

cpgen.py OUTDIR [EAMS [POOL4]]  (defaults 10000 and 1000) writes to OUTDIR:

  siit.nft       table inet cp with the SIIT instance "cp": pool6
                 64:ff9b::/96 and an eamt of EAMS entries (nft_jool)
  siit-mod.nft   the same with one entry changed
  siit-rules.nft the prerouting chain that sends 64:ff9b::/96 to "cp"
  siit.json      the same instance for Jool 4.1 (`jool_siit file handle`)
  siit-mod.json  the same with the same entry changed
  nat64.json     a Jool NAT64 instance "cpnat" with POOL4 pool4 entries
  nat64-mod.json the same with one entry changed (`jool file handle`)
  nat64.nft      table inet cpn with the same NAT64 instance "cpnat" (nft_jool)
  nat64-mod.nft  the same with the same entry changed
  nat64-rules.nft the prerouting chain that sends 64:ff9b::/96 to "cpnat"

EAM entry i (0 <= i < EAMS - 1) maps 2001:db8:e::<i>/128 to the i-th
address of 10.0.0.0/16 (/32); the last entry maps 2001:db8:6::2/128 to
198.51.100.2/32: the source of the "v6nat64" frames of frames.py (2001:db8:6::2
-> 64:ff9b::c000:202), so the traffic kept up across a reload depends on
the table (EAM for the source, pool6 for the destination). The changed entry
is the middle one (its IPv4 side becomes 10.200.0.1), never the traffic's.
Pool4 entry i is UDP 10.1.<i / 256>.<i % 256>/32, ports 1024-65535; the
changed one gets 10.201.0.1.
"""
import ipaddress
import json
import os
import sys

TRAFFIC_EAM = ("2001:db8:6::2/128", "198.51.100.2/32")


def eams(n, changed):
    base6 = int(ipaddress.IPv6Address("2001:db8:e::"))
    base4 = int(ipaddress.IPv4Address("10.0.0.0"))
    out = []
    for i in range(n - 1):
        v4 = "10.200.0.1" if i == changed else str(ipaddress.IPv4Address(base4 + i))
        out.append(("%s/128" % ipaddress.IPv6Address(base6 + i), v4 + "/32"))
    out.append(TRAFFIC_EAM)
    return out


def nft_file(entries):
    body = ",\n".join("\t\t\t%s : %s" % e for e in entries)
    return ("table inet cp {\n\tjool cp {\n\t\ttype siit\n\t\tpool6 64:ff9b::/96\n"
            "\t\teamt {\n%s\n\t\t}\n\t}\n}\n" % body)


RULES = """table inet cp {
	chain pre {
		type filter hook prerouting priority -75; policy accept;
		ip6 daddr 64:ff9b::/96 jool name "cp"
	}
}
"""


def siit_json(entries):
    return {"instance": "cp", "framework": "netfilter",
            "global": {"pool6": "64:ff9b::/96"},
            "eamt": [{"ipv6 prefix": a, "ipv4 prefix": b} for a, b in entries]}


def nat64_json(n, changed):
    pool4 = [{"protocol": "UDP", "prefix": p + "/32", "port range": "1024-65535"}
             for p in nat64_pool4(n, changed)]
    return {"instance": "cpnat", "framework": "netfilter",
            "global": {"pool6": "64:ff9b::/96"}, "pool4": pool4}


def nat64_pool4(n, changed):
    return ["10.201.0.1" if i == changed else "10.1.%d.%d" % (i // 256, i % 256)
            for i in range(n)]


def nat64_nft(n, changed):
    body = ",\n".join("\t\t\tudp %s 1024-65535" % a for a in nat64_pool4(n, changed))
    return ("table inet cpn {\n\tjool cpnat {\n\t\ttype nat64\n\t\tpool6 64:ff9b::/96\n"
            "\t\tpool4 {\n%s\n\t\t}\n\t}\n}\n" % body)


NAT64_RULES = RULES.replace("table inet cp ", "table inet cpn ").replace('"cp"', '"cpnat"')


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    n_eam = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    n_pool4 = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    os.makedirs(out, exist_ok=True)
    orig, mod = eams(n_eam, -1), eams(n_eam, n_eam // 2)
    write(os.path.join(out, "siit.nft"), nft_file(orig))
    write(os.path.join(out, "siit-mod.nft"), nft_file(mod))
    write(os.path.join(out, "siit-rules.nft"), RULES)
    write(os.path.join(out, "siit.json"), json.dumps(siit_json(orig), indent=1) + "\n")
    write(os.path.join(out, "siit-mod.json"), json.dumps(siit_json(mod), indent=1) + "\n")
    write(os.path.join(out, "nat64.json"),
          json.dumps(nat64_json(n_pool4, -1), indent=1) + "\n")
    write(os.path.join(out, "nat64-mod.json"),
          json.dumps(nat64_json(n_pool4, n_pool4 // 2), indent=1) + "\n")
    write(os.path.join(out, "nat64.nft"), nat64_nft(n_pool4, -1))
    write(os.path.join(out, "nat64-mod.nft"), nat64_nft(n_pool4, n_pool4 // 2))
    write(os.path.join(out, "nat64-rules.nft"), NAT64_RULES)


if __name__ == "__main__":
    main()
