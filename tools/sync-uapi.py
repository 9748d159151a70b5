#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Keep the bundled copies of nft_jool/uapi/nft_jool.h in the patch series
identical to the real header.

Both the libnftnl and the nftables series carry the header as a new file
(include/linux/netfilter/nft_jool.h). This rewrites that hunk from the
header in the tree, or with --check only reports a difference (exit 1), so
a stale copy can never reach a build unnoticed.
"""
import hashlib
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
HEADER = ROOT / "nft_jool" / "uapi" / "nft_jool.h"
TARGET = "include/linux/netfilter/nft_jool.h"


def blob_id(data):
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()[:7]


def rewrite(text, header):
    lines = text.split("\n")
    start = None
    for i, line in enumerate(lines):
        if line == f"diff --git a/{TARGET} b/{TARGET}":
            start = i
            break
    if start is None:
        return None
    hunk = next(i for i in range(start, len(lines))
                if lines[i].startswith("@@ -0,0 "))
    end = hunk + 1
    while end < len(lines) and lines[end].startswith("+"):
        end += 1
    body = header.decode().rstrip("\n").split("\n")
    out = lines[:hunk] + [f"@@ -0,0 +1,{len(body)} @@"]
    out += ["+" + b for b in body] + lines[end:]
    for i in range(start, hunk):
        out[i] = re.sub(r"^index 0000000\.\.[0-9a-f]+$",
                        "index 0000000.." + blob_id(header), out[i])
    # The diffstat is informative only; keep its count honest anyway.
    stat = re.compile(r"^( include/linux/netfilter/nft_jool\.h\s+\| )\d+")
    return "\n".join(stat.sub(lambda m: m.group(1) + str(len(body)), l)
                     for l in out)


def main():
    check = "--check" in sys.argv[1:]
    header = HEADER.read_bytes()
    stale = []
    for series in ("libnftnl-patch", "nft-patch"):
        for patch in sorted((ROOT / series).glob("*.patch")):
            text = patch.read_text()
            new = rewrite(text, header)
            if new is None:
                continue
            if new != text:
                stale.append(patch)
                if not check:
                    patch.write_text(new)
    for p in stale:
        print(("stale: " if check else "updated: ") + str(p.relative_to(ROOT)))
    return 1 if (check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
