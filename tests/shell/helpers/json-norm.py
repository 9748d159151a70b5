#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Normalize `nft -j list ...` output for comparison: the nft version in
"metainfo" and all "handle" values vary between runs and builds, so they are
replaced by fixed values; the result is pretty-printed (key order kept).
usage: json-norm.py [FILE]   (stdin without FILE)"""
import json
import sys


def norm(node):
    if isinstance(node, dict):
        for k in list(node):
            if k == "handle" and isinstance(node[k], int):
                node[k] = 0
            elif k == "metainfo":
                meta = node[k]
                for key, val in (("version", "VERSION"), ("release_name", "RELEASE_NAME"),
                                 ("json_schema_version", 1)):
                    if key in meta:
                        meta[key] = val
            else:
                norm(node[k])
    elif isinstance(node, list):
        for item in node:
            norm(item)
    return node


src = open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin
print(json.dumps(norm(json.load(src)), indent=2))
