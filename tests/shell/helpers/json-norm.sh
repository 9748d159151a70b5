#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# json-norm.sh [FILE] -- normalize `nft -j list ...` output for comparison:
# the nft version in "metainfo" and all "handle" values vary between runs and
# builds, so they get fixed values; the result is pretty-printed with a
# two-space indent, keys in nft's order. jq when present (starts in a
# fraction of the time python needs under TCG), else json-norm.py.
if command -v jq > /dev/null; then
	exec jq '.nftables |= map(if has("metainfo") then
			.metainfo.version = "VERSION" | .metainfo.release_name = "RELEASE_NAME"
		else . end)
		| walk(if type == "object" and (.handle | type) == "number" then .handle = 0 else . end)' "$@"
fi
exec /usr/bin/python3 "$(dirname "$0")/json-norm.py" "$@"
