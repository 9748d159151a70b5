#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send a malformed-packet corpus through the translator and check every
verdict.

usage: run_corpus.py [--nat64] SIDES NS6 NS4 POOL6 MAC_V6X MAC_V4X CTL
  --nat64: nat64_corpus.py through the stateful instance "x" of 0003nat64_0
           (its cases add the state counters they move, session_created and
           bib_created, may send frames ahead, .pre, and have the verdict
           "held": reassembly keeps the fragment, nothing moves or leaves);
           without it, corpus.py through the SIIT instance
  SIDES: 6, 4 or 64 (which senders' cases to run)

Runs in the translator's netns (the test's). The AF_PACKET sockets in NS6 and
NS4 are opened by short-lived threads (setns moves only the calling thread),
so this thread keeps reading the translator's counters:
  - the jool instance "x" and the rule counters c6/c4/n6/n4 of table inet t,
    with one NFT_MSG_GETOBJ netlink dump (no process per packet);
  - the kernel's SNMP counters (/proc/net/snmp, netstat, snmp6).
After each packet every one of those jool and rule counters must have moved
by exactly what the case's verdict says, and nothing else; a translated
packet must arrive on the other side as derived in corpus.py. Prints one
line per case, the count of packets checked per verdict class, and compares
the instance's totals with `nft-jool stats --json` at the end."""
import json
import os
import select
import socket
import struct
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "../../../packet"))
from pktsock import PACKET_OUTGOING, packet_socket  # noqa: E402

NAT64 = sys.argv[1] == "--nat64"
if NAT64:
    del sys.argv[1]
    import nat64_corpus as corpus  # noqa: E402
else:
    import corpus  # noqa: E402
SIDES, NS6, NS4, POOL6, MAC_X6, MAC_X4, CTL = sys.argv[1:8]
UAPI = os.path.join(HERE, "../../../../nft_jool/uapi/nft_jool.h")


# ---------------------------------------------------------------- counters
def stat_names():
    """enum nft_jool_stat, in order: id -> lowercase suffix (nft-jool's names)"""
    names, inside = [], False
    for line in open(UAPI):
        if line.startswith("enum nft_jool_stat"):
            inside = True
        elif inside and line.startswith("}"):
            break
        elif inside and line.strip().startswith("NFT_JOOL_STAT_"):
            names.append(line.strip().split(",")[0][len("NFT_JOOL_STAT_"):].lower())
    return names


STATS = stat_names()
NL = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)   # NETLINK_NETFILTER
NL.bind((0, 0))
SEQ = [0]


def attrs(buf):
    off = 0
    while off + 4 <= len(buf):
        ln, typ = struct.unpack_from("=HH", buf, off)
        if ln < 4:
            break
        yield typ & 0x3fff, buf[off + 4:off + ln]
        off += (ln + 3) & ~3


def counters():
    """{"jool:<stat>": n, "rule:<counter>": packets} of table inet t"""
    SEQ[0] += 1
    body = struct.pack("=BBH", 1, 0, 0)                 # NFPROTO_INET, v0
    name = b"t\0"
    body += struct.pack("=HH", 4 + len(name), 1) + name + b"\0" * (-len(name) % 4)   # NFTA_OBJ_TABLE
    NL.send(struct.pack("=IHHII", 16 + len(body), 10 << 8 | 19, 0x301, SEQ[0], 0) + body)
    out, done = {}, False
    while not done:
        data = NL.recv(1 << 16)
        off = 0
        while off < len(data):
            ln, typ, _, seq, _ = struct.unpack_from("=IHHII", data, off)
            msg = data[off + 16:off + ln]
            off += (ln + 3) & ~3
            if typ == 3:            # NLMSG_DONE
                done = True
                break
            if typ == 2:
                raise OSError("netlink error " + str(struct.unpack_from("=i", msg)[0]))
            a = dict(attrs(msg[4:]))
            oname = a[2].rstrip(b"\0").decode()
            otype = struct.unpack("!I", a[3])[0]
            data_attrs = dict(attrs(a[4]))
            if otype == 1:          # counter
                out["rule:" + oname] = struct.unpack("!Q", data_attrs[2])[0]
            elif otype == 19023 and oname == "x":
                for sid, val in attrs(data_attrs[4]):
                    if sid < len(STATS):
                        out["jool:" + STATS[sid]] = struct.unpack("!Q", val)[0]
    return out


PROC = {n: open(f"/proc/self/net/{n}") for n in ("snmp", "netstat", "snmp6")}


def kernel_counters():
    out = {}
    for n, f in PROC.items():
        f.seek(0)
        lines = f.read().splitlines()
        if n == "snmp6":
            for ln in lines:
                k, v = ln.split()
                out[k] = int(v)
            continue
        for i in range(0, len(lines) - 1, 2):
            keys, vals = lines[i].split(), lines[i + 1].split()
            pre = keys[0].rstrip(":")
            for k, v in zip(keys[1:], vals[1:]):
                out[pre + k] = int(v)
    return out


# ---------------------------------------------------------------- sockets
def open_in_thread(ns, ifname):
    res = {}
    t = threading.Thread(target=lambda: res.update(s=packet_socket(ns, ifname)))
    t.start()
    t.join()
    return res["s"]


S6, MAC6 = open_in_thread(NS6, "v6n")
S4, MAC4 = open_in_thread(NS4, "v4n")


def drain(s):
    while select.select([s], [], [], 0)[0]:
        s.recv(65535)


def arrivals(side, timeout):
    """L3 packets arriving at SIDE within TIMEOUT (ND/ARP left out)"""
    s, et = (S6, 0x86dd) if side == 6 else (S4, 0x0800)
    end, out = time.time() + timeout, []
    while True:
        left = end - time.time()
        if left <= 0 or not select.select([s], [], [], left)[0]:
            return out
        frame, addr = s.recvfrom(65535)
        if addr[2] == PACKET_OUTGOING or len(frame) < 14 or struct.unpack("!H", frame[12:14])[0] != et:
            continue
        p = frame[14:]
        if side == 6 and len(p) > 40 and p[6] == 58 and p[40] in (133, 134, 135, 136, 143):
            continue
        out.append(p)
        return out


def eth(side, l3):
    if side == 6:
        return bytes.fromhex(MAC_X6.replace(":", "")) + bytes.fromhex(MAC6.replace(":", "")) + b"\x86\xdd" + l3
    return bytes.fromhex(MAC_X4.replace(":", "")) + bytes.fromhex(MAC4.replace(":", "")) + b"\x08\x00" + l3


# ---------------------------------------------------------------- checking
def expected_delta(c, verdict, stat):
    s = c.side
    d = {}
    if verdict in ("stack", "held"):
        return d
    d["jool:received%d" % s] = 1
    d["rule:c%d" % s] = 1
    if verdict == "xlat":
        # SIIT: one per fragment sent on; NAT64: one per packet in
        d["jool:xlated" + ("64" if s == 6 else "46")] = 1 if NAT64 else len(c.out)
        d.update(getattr(c, "extra", {}))
    else:
        d["jool:" + stat] = 1
        if verdict == "pass":
            d["rule:n%d" % s] = 1
        if c.icmp_sent:
            d["jool:icmp_sent"] = 1
    return d


def diff(before, after):
    return {k: after[k] - before.get(k, 0) for k in after if after[k] != before.get(k, 0)}


def compare(exp, got, masked, checks):
    problems = []
    mask = lambda b: bytes(0 if i in masked else x for i, x in enumerate(b))
    if len(exp) != len(got) or mask(exp) != mask(got):
        bad = [i for i in range(max(len(exp), len(got)))
               if i not in masked and (i >= len(exp) or i >= len(got) or exp[i] != got[i])]
        problems.append(f"{len(got)} octets, expected {len(exp)}; first differing offsets {bad[:8]}")
    for desc, fn in checks:
        try:
            ok = fn(got)
        except Exception as e:  # noqa: BLE001 -- a short packet is a failure, not a crash
            ok = False
            desc += f" ({e})"
        if not ok:
            problems.append(desc)
    return problems


def run_case(c, before_k):
    """send C; wait (at most 3 s) until the counters show one of the outcomes
    the case allows, then 50 ms more so that an extra increment shows too"""
    other = 4 if c.side == 6 else 6
    xlated = "jool:xlated" + ("64" if c.side == 6 else "46")
    wants = [expected_delta(c, c.verdict, c.stat)]
    if c.deviation:
        wants.append(expected_delta(c, c.deviation[0], c.deviation[1]))
    drain(S4)
    drain(S6)
    before = counters()
    for f in getattr(c, "pre", ()):
        (S6 if c.side == 6 else S4).send(eth(c.side, f))
    (S6 if c.side == 6 else S4).send(eth(c.side, c.raw))
    end = time.time() + 3.0
    while time.time() < end:
        if c.verdict == "stack":
            if kernel_counters().get(c.stat, 0) != before_k.get(c.stat, 0):
                break
        elif diff(before, counters()) in wants:
            break
        time.sleep(0.005)
    time.sleep(0.3 if c.verdict == "held" else 0.05)
    d = diff(before, counters())
    # what the translator sent out is on the socket already or about to be
    got = arrivals(other, 3.0 if d.get(xlated) else 0.05)
    return d, got


def judge(c, d, got, kd):
    """problems with the RFC verdict"""
    problems = []
    want = expected_delta(c, c.verdict, c.stat)
    if d != want:
        problems.append(f"counters moved {d}, expected {want}")
    if c.verdict == "stack" and kd.get(c.stat, 0) != 1:
        problems.append(f"kernel counter {c.stat} moved by {kd.get(c.stat, 0)}, expected 1")
    if c.verdict == "xlat":
        if not got:
            problems.append("nothing translated arrived")
        elif c.out is None:
            problems += compare(got[0], got[0], set(), c.checks)
        else:
            problems += compare(c.out[0], got[0], c.masked, c.checks)
            if problems:
                problems.append(f"sent     {c.raw.hex()}\n    expected {c.out[0].hex()}"
                                f"\n    got      {got[0].hex()}")
    return problems


def main():
    cases = [c for c in corpus.build(POOL6) if str(c.side) in SIDES]
    counts, failed, deviations = {}, [], []
    t0 = time.time()
    expected_total = {}
    start = counters()
    for c in cases:
        k0 = kernel_counters()
        d, got = run_case(c, k0)
        kd = diff(k0, kernel_counters())
        problems = judge(c, d, got, kd)
        if problems and c.deviation:
            dv, dstat, note = c.deviation
            want = expected_delta(c, dv, dstat)
            if d == want and not got:
                deviations.append(c)
                print(f"DEVIATION: {c.name}: RFC {c.rfc} says {c.verdict}; module: {dv} ({dstat}, {note})", flush=True)
                counts["deviation"] = counts.get("deviation", 0) + 1
                for k, v in d.items():
                    expected_total[k] = expected_total.get(k, 0) + v
                continue
        for k, v in d.items():
            expected_total[k] = expected_total.get(k, 0) + v
        if problems:
            c.problems = problems
            failed.append(c)
            print(f"FAIL: [{c.verdict}{' ' + c.stat if c.stat else ''}] {c.name} (RFC {c.rfc})\n  " +
                  "\n  ".join(problems), flush=True)
        else:
            counts[c.verdict] = counts.get(c.verdict, 0) + 1
            print(f"PASS: [{c.verdict}{' ' + c.stat if c.stat else ''}] {c.name}", flush=True)
    elapsed = time.time() - t0

    # the instance's own view, through the ctl tool, must agree
    if CTL and os.access(CTL, os.X_OK):
        js = json.loads(subprocess.run([CTL, "stats", "--json", "inet", "t", "x"], check=True,
                                       capture_output=True, text=True).stdout)["stats"]
        for k, v in expected_total.items():
            if k.startswith("jool:"):
                name = k[5:]
                have = js.get(name, 0) - start.get(k, 0)
                if have != v:
                    failed.append(None)
                    print(f"FAIL: nft-jool stats: {name} moved {have}, the cases account for {v}")
        print("PASS: nft-jool stats --json agrees with the per-packet counters: " +
              ", ".join(f"{k[5:]} {v}" for k, v in sorted(expected_total.items()) if k.startswith("jool:")))
    for c in failed:
        if c:
            print(f"FAILED: {c.name}: " + "; ".join(c.problems)[:600])
    checked = sum(counts.values())
    print("packets checked per verdict class: " +
          ", ".join(f"{k} {counts.get(k, 0)}" for k in
                    ("xlat", "drop", "pass", "held" if NAT64 else "stack", "deviation")) +
          f"; {checked}/{len(cases)} as expected in {elapsed:.1f}s", flush=True)
    sys.exit(1 if failed else 0)


main()
