# SPDX-License-Identifier: GPL-2.0
"""A minimal nf_tables netlink client for jool objects, without nft.

nft checks what it sends, so the kernel's own checks of a jool object can
only be reached with hand-built messages: this module builds them (any
attribute, valid or not), sends them in one batch and returns the errno of
each message, and dumps objects back as attribute trees.
"""
import os
import socket
import struct

NETLINK_NETFILTER = 12
NFNL_SUBSYS_NFTABLES = 10
NFNL_MSG_BATCH_BEGIN = 0x10
NFNL_MSG_BATCH_END = 0x11
NFT_MSG_NEWTABLE = 0
NFT_MSG_NEWOBJ = 18
NFT_MSG_GETOBJ = 19
NFT_MSG_DELOBJ = 20
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLM_F_REQUEST = 0x1
NLM_F_MULTI = 0x2
NLM_F_ACK = 0x4
NLM_F_DUMP = 0x300
NLM_F_EXCL = 0x200
NLM_F_CREATE = 0x400
NLA_F_NESTED = 0x8000

NFTA_TABLE_NAME = 1
NFTA_OBJ_TABLE, NFTA_OBJ_NAME, NFTA_OBJ_TYPE, NFTA_OBJ_DATA = 1, 2, 3, 4
NFT_OBJECT_JOOL = 19023

# enum nft_jool_obj_attributes (nft_jool/uapi/nft_jool.h)
OBJ_TYPE, OBJ_POOL6, OBJ_GLOBALS, OBJ_STATS, OBJ_PAD = 1, 2, 3, 4, 5
OBJ_EAMT, OBJ_DENYLIST4, OBJ_PARTS, OBJ_PART_OF, OBJ_PART_INDEX = 6, 7, 8, 9, 10
TYPE_SIIT, TYPE_NAT64, TYPE_PART = 1, 2, 3
PREFIX_ADDR, PREFIX_LEN = 1, 2

FAMILIES = {"ip": socket.AF_INET, "ip6": socket.AF_INET6, "inet": 1}


def attr(atype, payload):
    """One netlink attribute, padded to 4 octets."""
    hdr = struct.pack("=HH", 4 + len(payload), atype)
    return hdr + payload + b"\0" * (-len(payload) % 4)


def nest(atype, *attrs):
    return attr(atype | NLA_F_NESTED, b"".join(attrs))


def u32(atype, v):
    return attr(atype, struct.pack(">I", v))


def u8(atype, v):
    return attr(atype, struct.pack("B", v))


def string(atype, s):
    return attr(atype, s.encode() + b"\0")


def eam(prefix6, len6, prefix4, len4, pad=b"\0\0"):
    """struct nft_jool_eam: prefix6[16], be32 prefix4, len6, len4, pad[2]."""
    return (socket.inet_pton(socket.AF_INET6, prefix6) +
            socket.inet_pton(socket.AF_INET, prefix4) +
            struct.pack("BB", len6, len4) + pad)


def prefix4(addr, plen, pad=b"\0\0\0"):
    """struct nft_jool_prefix4: be32 addr, len, pad[3]."""
    return socket.inet_pton(socket.AF_INET, addr) + struct.pack("B", plen) + pad


def pool6(addr, plen):
    return nest(OBJ_POOL6, attr(PREFIX_ADDR, socket.inet_pton(socket.AF_INET6, addr)),
                u8(PREFIX_LEN, plen))


def parse_attrs(data):
    """[(type without flags, payload)] of a sequence of attributes."""
    out = []
    off = 0
    while off + 4 <= len(data):
        alen, atype = struct.unpack_from("=HH", data, off)
        if alen < 4:
            break
        out.append((atype & 0x3fff, data[off + 4:off + alen]))
        off += (alen + 3) & ~3
    return out


class Nftnl:
    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                  NETLINK_NETFILTER)
        self.sock.bind((0, 0))
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
        # a whole batch goes in one send(), as nft does: large tables need room
        SO_SNDBUFFORCE = 32
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, SO_SNDBUFFORCE, 1 << 24)
        except PermissionError:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 24)
        self.seq = int.from_bytes(os.urandom(2), "big") << 8

    def _msg(self, mtype, flags, family, payload, subsys=True):
        self.seq += 1
        if subsys:
            mtype |= NFNL_SUBSYS_NFTABLES << 8
        res_id = socket.htons(NFNL_SUBSYS_NFTABLES) if not subsys else 0
        nfgen = struct.pack("=BBH", family, 0, res_id)
        body = nfgen + payload
        return self.seq, struct.pack("=IHHII", 16 + len(body), mtype, flags,
                                     self.seq, 0) + body

    def batch(self, msgs):
        """Send [(msg type, flags, family, payload)] as one batch.

        Returns the errno (0 = ok) of each message, in order. Payloads may
        have any length: each message is padded to 4 octets after its
        nlmsg_len, as netlink wants (the kernel finds the next message at
        NLMSG_ALIGN(nlmsg_len)). With a socket timeout (NftnlTimed), a
        kernel that does not answer raises TimeoutError."""
        seqs = []
        parts = []
        _, begin = self._msg(NFNL_MSG_BATCH_BEGIN, NLM_F_REQUEST, 0, b"", False)
        parts.append(begin)
        for mtype, flags, family, payload in msgs:
            seq, m = self._msg(mtype, flags | NLM_F_REQUEST | NLM_F_ACK,
                               family, payload)
            seqs.append(seq)
            parts.append(m + b"\0" * (-len(m) % 4))
        _, end = self._msg(NFNL_MSG_BATCH_END, NLM_F_REQUEST, 0, b"", False)
        parts.append(end)
        self.sock.send(b"".join(parts))
        result = {}
        try:
            while len(result) < len(seqs):
                data = self.sock.recv(1 << 20)
                off = 0
                while off + 16 <= len(data):
                    mlen, mtype, _, seq, _ = struct.unpack_from("=IHHII", data, off)
                    if mtype == NLMSG_ERROR:
                        (err,) = struct.unpack_from("=i", data, off + 16)
                        result[seq] = -err
                    off += (mlen + 3) & ~3
        except socket.timeout:
            missing = [i for i, s in enumerate(seqs) if s not in result]
            raise TimeoutError("no answer from the kernel to messages %s of a batch" % missing)
        return [result[s] for s in seqs]

    @staticmethod
    def newtable(family, table):
        return (NFT_MSG_NEWTABLE, NLM_F_CREATE, FAMILIES[family],
                string(NFTA_TABLE_NAME, table))

    @staticmethod
    def newobj(family, table, name, data, excl=False, objtype=NFT_OBJECT_JOOL):
        payload = (string(NFTA_OBJ_TABLE, table) + string(NFTA_OBJ_NAME, name) +
                   u32(NFTA_OBJ_TYPE, objtype) + attr(NFTA_OBJ_DATA | NLA_F_NESTED, data))
        return (NFT_MSG_NEWOBJ, NLM_F_CREATE | (NLM_F_EXCL if excl else 0),
                FAMILIES[family], payload)

    @staticmethod
    def newobj_raw(family, payload, flags=NLM_F_CREATE):
        return (NFT_MSG_NEWOBJ, flags, FAMILIES[family], payload)

    @staticmethod
    def delobj(family, table, name):
        payload = (string(NFTA_OBJ_TABLE, table) + string(NFTA_OBJ_NAME, name) +
                   u32(NFTA_OBJ_TYPE, NFT_OBJECT_JOOL))
        return (NFT_MSG_DELOBJ, 0, FAMILIES[family], payload)

    def dump_raw(self, mtype, family=0, payload=b""):
        """(nfgen family, body without nfgenmsg) of every message of a dump."""
        seq, m = self._msg(mtype, NLM_F_REQUEST | NLM_F_DUMP, _family(family),
                           payload)
        self.sock.send(m)
        out = []
        try:
            while True:
                data = self.sock.recv(1 << 20)
                off = 0
                while off + 16 <= len(data):
                    mlen, mt, _, rseq, _ = struct.unpack_from("=IHHII", data, off)
                    body = data[off + 16:off + mlen]
                    off += (mlen + 3) & ~3
                    if rseq != seq:
                        continue
                    if mt == NLMSG_DONE:
                        return out
                    if mt == NLMSG_ERROR:
                        (err,) = struct.unpack_from("=i", body, 0)
                        if err:
                            raise OSError(-err, "dump")
                        continue
                    out.append((body[0], body[4:]))
        except socket.timeout:
            raise TimeoutError("no answer from the kernel to a dump")

    def dump(self, family, table):
        """{name: {attr type: payload}} of the jool objects in a table."""
        objs = {}
        for _, body in self.dump_raw(NFT_MSG_GETOBJ, family,
                                     string(NFTA_OBJ_TABLE, table) +
                                     u32(NFTA_OBJ_TYPE, NFT_OBJECT_JOOL)):
            top = dict(parse_attrs(body))
            name = top[NFTA_OBJ_NAME].rstrip(b"\0").decode()
            objs[name] = dict(parse_attrs(top.get(NFTA_OBJ_DATA, b"")))
        return objs


# ---- additions for the fuzzers (tests/shell/testcases/fuzz) -------------
# Everything below is new; the functions above keep their behaviour.

NFT_MSG_GETTABLE, NFT_MSG_DELTABLE = 1, 2
NFT_MSG_NEWCHAIN, NFT_MSG_GETCHAIN, NFT_MSG_DELCHAIN = 3, 4, 5
NFT_MSG_NEWRULE, NFT_MSG_GETRULE, NFT_MSG_DELRULE = 6, 7, 8
NFT_MSG_GETGEN = 16
NLM_F_REPLACE = 0x100
NLM_F_APPEND = 0x800
NLA_F_NET_BYTEORDER = 0x4000
NFTA_CHAIN_TABLE, NFTA_CHAIN_NAME, NFTA_CHAIN_HOOK = 1, 3, 4
NFTA_CHAIN_POLICY, NFTA_CHAIN_TYPE = 5, 7
NFTA_HOOK_HOOKNUM, NFTA_HOOK_PRIORITY = 1, 2
NFTA_RULE_TABLE, NFTA_RULE_CHAIN, NFTA_RULE_HANDLE = 1, 2, 3
NFTA_RULE_EXPRESSIONS = 4
NFTA_LIST_ELEM = 1
NFTA_EXPR_NAME, NFTA_EXPR_DATA = 1, 2
NFTA_OBJ_USE, NFTA_OBJ_HANDLE = 5, 6
# enum nft_jool_expr_attributes
EXPR_NAME, EXPR_FLAGS = 1, 2
# every family number nf_tables knows (FAMILIES above has the jool ones)
ALL_FAMILIES = {"inet": 1, "ip": 2, "arp": 3, "netdev": 5, "bridge": 7,
                "ip6": 10}


def jool_expr(name, flags=None):
    """One NFTA_LIST_ELEM: the `jool name NAME` expression."""
    data = string(EXPR_NAME, name)
    if flags is not None:
        data += u32(EXPR_FLAGS, flags)
    return nest(NFTA_LIST_ELEM, string(NFTA_EXPR_NAME, "jool"),
                nest(NFTA_EXPR_DATA, data))


def _family(family):
    return ALL_FAMILIES[family] if isinstance(family, str) else family


def msg(mtype, flags, family, payload):
    """Any nf_tables message, for Nftnl.batch(); family by name or number."""
    return (mtype, flags, _family(family), payload)


def newtable_any(family, table):
    return msg(NFT_MSG_NEWTABLE, NLM_F_CREATE, family, string(NFTA_TABLE_NAME, table))


def deltable(family, table):
    return msg(NFT_MSG_DELTABLE, 0, family, string(NFTA_TABLE_NAME, table))


def newchain(family, table, chain, hooknum=None, priority=0, ctype="filter"):
    """A regular chain, or a base chain when hooknum is given."""
    p = string(NFTA_CHAIN_TABLE, table) + string(NFTA_CHAIN_NAME, chain)
    if hooknum is not None:
        p += nest(NFTA_CHAIN_HOOK, u32(NFTA_HOOK_HOOKNUM, hooknum),
                  u32(NFTA_HOOK_PRIORITY, priority & 0xffffffff))
        p += string(NFTA_CHAIN_TYPE, ctype)
    return msg(NFT_MSG_NEWCHAIN, NLM_F_CREATE, family, p)


def newrule(family, table, chain, *exprs, flags=NLM_F_CREATE | NLM_F_APPEND):
    """A rule appended to a chain; exprs are NFTA_LIST_ELEM attributes."""
    p = (string(NFTA_RULE_TABLE, table) + string(NFTA_RULE_CHAIN, chain) +
         nest(NFTA_RULE_EXPRESSIONS, *exprs))
    return msg(NFT_MSG_NEWRULE, flags, family, p)


def delobj_any(family, table, name, objtype=NFT_OBJECT_JOOL):
    p = (string(NFTA_OBJ_TABLE, table) + string(NFTA_OBJ_NAME, name) +
         u32(NFTA_OBJ_TYPE, objtype))
    return msg(NFT_MSG_DELOBJ, 0, family, p)


class NftnlTimed(Nftnl):
    """Nftnl whose batches and dumps give up after a timeout.

    A kernel that does not answer is a finding of the fuzzers, not a
    reason to hang the test: batch() then raises TimeoutError."""

    def __init__(self, timeout=10.0):
        super().__init__()
        self.sock.settimeout(timeout)
