# SPDX-License-Identifier: GPL-2.0
"""Create or update a SIIT jool instance with raw netlink (no nft).

jool_obj.py FAMILY TABLE NAME [--pool6 P/L] [--eam V6/L=V4/L]...
            [--deny V4/L]... [--hairpin off|simple|intrinsic] [--part-size N]

Records beyond --part-size octets go to part objects NAME#1.., sent before
the instance in the same batch, as nft does. Exit status: 0, or the errno.
"""
import argparse
import socket
import sys
import os

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nftnl import (Nftnl, OBJ_DENYLIST4, OBJ_EAMT, OBJ_GLOBALS, OBJ_PARTS,  # noqa: E402
                   OBJ_PART_INDEX, OBJ_PART_OF, OBJ_TYPE, TYPE_PART, TYPE_SIIT,
                   attr, eam, nest, pool6, prefix4, string, u32, u8)

GLOBAL_EAM_HAIRPIN_MODE = 8
HAIRPIN = {"off": 0, "simple": 1, "intrinsic": 2}


def split(p, default):
    a, _, n = p.partition("/")
    return a, int(n) if n else default


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("family")
    ap.add_argument("table")
    ap.add_argument("name")
    ap.add_argument("--pool6")
    ap.add_argument("--eam", action="append", default=[])
    ap.add_argument("--deny", action="append", default=[])
    ap.add_argument("--hairpin", choices=HAIRPIN)
    ap.add_argument("--part-size", type=int, default=2048)
    a = ap.parse_args()

    recs_e = []
    for e in a.eam:
        v6, v4 = e.split("=")
        p6, l6 = split(v6, 128)
        p4, l4 = split(v4, 32)
        recs_e.append(eam(p6, l6, p4, l4))
    recs_d = [prefix4(*split(d, 32)) for d in a.deny]

    # fill objects in order: eamt records first, then denylist4 records
    items = [(OBJ_EAMT, r) for r in recs_e] + [(OBJ_DENYLIST4, r) for r in recs_d]
    chunks = [[]]
    used = 0
    for t, r in items:
        if used + len(r) > a.part_size:
            chunks.append([])
            used = 0
        chunks[-1].append((t, r))
        used += len(r)

    def records(chunk):
        out = b""
        for t in (OBJ_EAMT, OBJ_DENYLIST4):
            data = b"".join(r for tt, r in chunk if tt == t)
            if data:
                out += attr(t, data)
        return out

    msgs = []
    for i, chunk in enumerate(chunks[1:], 1):
        data = (u32(OBJ_TYPE, TYPE_PART) + string(OBJ_PART_OF, a.name) +
                u32(OBJ_PART_INDEX, i) + records(chunk))
        msgs.append(Nftnl.newobj(a.family, a.table, f"{a.name}#{i}", data))
    data = u32(OBJ_TYPE, TYPE_SIIT)
    if a.pool6:
        data += pool6(*split(a.pool6, 96))
    if a.hairpin:
        data += nest(OBJ_GLOBALS, u8(GLOBAL_EAM_HAIRPIN_MODE, HAIRPIN[a.hairpin]))
    if len(chunks) > 1:
        data += u32(OBJ_PARTS, len(chunks) - 1)
    data += records(chunks[0])
    msgs.append(Nftnl.newobj(a.family, a.table, a.name, data))
    res = Nftnl().batch(msgs)
    bad = [e for e in res if e]
    if bad:
        print(f"jool_obj: refused: {os.strerror(bad[0])} ({res})", file=sys.stderr)
        return bad[0]
    return 0


if __name__ == "__main__":
    sys.exit(main())
