#!/bin/sh
# Debian's own nft (without the jool patches) is installed
[ -x /usr/sbin/nft ] && /usr/sbin/nft --version && [ "$(readlink -f /usr/sbin/nft)" != "$(readlink -f "$(command -v "${NFT##* }")")" ]
