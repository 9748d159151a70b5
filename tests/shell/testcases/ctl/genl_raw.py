#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Raw generic netlink requests to the nft_jool family, to check what
nft-jool cannot show: the kernel's extended ack messages, strict attribute
validation, and the reply's attributes.

genl_raw.py CMD FAMILY TABLE NAME [PROTO] [EXTRA_ATTR_TYPE]
  CMD: bib | session | state. Prints "errno=N msg=TEXT" on error, else
  "ok entries=N" (dumps) or "ok state=k:v,..." (state).
"""
import socket
import struct
import sys

NETLINK_GENERIC = 16
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_ACK_TLVS = 0x200
NETLINK_EXT_ACK, NETLINK_CAP_ACK, SOL_NETLINK = 11, 10, 270
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 16, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
NLMSGERR_ATTR_MSG = 1
CMDS = {"bib": 1, "session": 2, "state": 3}
A_FAMILY, A_TABLE, A_NAME, A_PROTO, A_ENTRY, A_STATE = 1, 2, 3, 4, 5, 6


def attr(t, payload):
    ln = 4 + len(payload)
    return struct.pack("=HH", ln, t) + payload + b"\0" * ((4 - ln % 4) % 4)


def attrs(buf):
    out = []
    while len(buf) >= 4:
        ln, t = struct.unpack_from("=HH", buf)
        if ln < 4:
            break
        out.append((t & 0x3fff, buf[4:ln]))
        buf = buf[(ln + 3) & ~3:]
    return out


def msg(mtype, flags, seq, cmd, body):
    hdr = struct.pack("=BBH", cmd, 1, 0) + body
    return struct.pack("=IHHII", 16 + len(hdr), mtype, flags, seq, 0) + hdr


def messages(data):
    while len(data) >= 16:
        ln, mtype, flags, seq, pid = struct.unpack_from("=IHHII", data)
        yield mtype, flags, data[16:ln]
        data = data[(ln + 3) & ~3:]


def error_text(flags, payload, off):
    if flags & NLM_F_ACK_TLVS:
        for t, v in attrs(payload[off:]):
            if t == NLMSGERR_ATTR_MSG:
                return v.rstrip(b"\0").decode()
    return ""


def main():
    cmd, fam, table, name = sys.argv[1:5]
    proto = int(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[5] != "-" else None
    extra = int(sys.argv[6]) if len(sys.argv) > 6 else None
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    s.bind((0, 0))
    s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    s.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
    s.send(msg(GENL_ID_CTRL, NLM_F_REQUEST, 1, CTRL_CMD_GETFAMILY,
               attr(CTRL_ATTR_FAMILY_NAME, b"nft_jool\0")))
    famid = None
    for mtype, flags, p in messages(s.recv(65536)):
        if mtype == GENL_ID_CTRL:
            for t, v in attrs(p[4:]):
                if t == CTRL_ATTR_FAMILY_ID:
                    famid = struct.unpack("=H", v[:2])[0]
    if famid is None:
        print("no family")
        return 1
    body = b""
    if fam != "-":
        body += attr(A_FAMILY, struct.pack("=I", int(fam)))
    if table != "-":
        body += attr(A_TABLE, table.encode() + b"\0")
    if name != "-":
        body += attr(A_NAME, name.encode() + b"\0")
    if proto is not None:
        body += attr(A_PROTO, struct.pack("=B", proto))
    if extra is not None:
        body += attr(extra, struct.pack("=I", 0))
    dump = cmd != "state"
    s.send(msg(famid, NLM_F_REQUEST | (NLM_F_DUMP if dump else NLM_F_ACK), 2,
               CMDS[cmd], body))
    entries, state = 0, None
    while True:
        for mtype, flags, p in messages(s.recv(1 << 16)):
            if mtype == NLMSG_ERROR:
                err = struct.unpack_from("=i", p)[0]
                if err:
                    # CAP_ACK: nlmsgerr = error + the request's header only
                    print("errno=%d msg=%s" % (-err, error_text(flags, p, 20)))
                    return 0
                print("ok state=" + state if state is not None else "ok")
                return 0
            if mtype == NLMSG_DONE:
                err = struct.unpack_from("=i", p)[0]
                if err:
                    print("errno=%d msg=%s" % (-err, error_text(flags, p, 4)))
                else:
                    print("ok entries=%d" % entries)
                return 0
            if mtype == famid:
                for t, v in attrs(p[4:]):
                    if t == A_ENTRY:
                        entries += 1
                    if t == A_STATE:
                        state = ",".join("%d:%d" % (k, struct.unpack("=Q", x)[0])
                                         for k, x in attrs(v) if len(x) == 8)


sys.exit(main())
