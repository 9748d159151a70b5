# SPDX-License-Identifier: GPL-2.0
"""An AF_PACKET socket on an interface of another network namespace.

The packet tests inject and capture raw frames on the veths around the
translator: raw IP sockets would rewrite IDs, lengths and checksums.
"""
import ctypes
import os
import socket

CLONE_NEWNET = 0x40000000
ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
_libc = ctypes.CDLL(None, use_errno=True)


def packet_socket(netns, ifname):
    """Socket bound to ifname in /run/netns/netns, and its MAC address.

    setns() moves the calling thread: callers open all their sockets first.
    """
    fd = os.open(f"/run/netns/{netns}", os.O_RDONLY)
    try:
        if _libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f"setns {netns}")
    finally:
        os.close(fd)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((ifname, 0))
    # (ifname, protocol, pkttype, hatype, address): /sys is another netns'
    mac = ":".join(f"{c:02x}" for c in s.getsockname()[4])
    return s, mac
