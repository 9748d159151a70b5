#!/bin/sh
# nft_jool.ko can be loaded on this kernel (depmod'ed: found by name). It is
# unloaded again so that the autoload test starts from a clean state.
modprobe nft_jool || exit 1
rmmod nft_jool 2>/dev/null
exit 0
