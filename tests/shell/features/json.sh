#!/bin/sh
# nft was built with JSON support (--with-json)
$NFT -j list ruleset
