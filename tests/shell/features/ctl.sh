#!/bin/sh
# the nft-jool tool runs and reads an instance's counters
$NFT add table ip t && $NFT add jool ip t x '{ type siit; }' &&
	$NFT_JOOL_CTL stats --json ip t x | grep -q '"stats"'
