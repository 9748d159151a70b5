# SPDX-License-Identifier: GPL-2.0
# Shared by the cases of the NAT64 state tests (0014 and up), exec'd by
# them inside nat64.py: the instance's state through nft-jool (OPTS ctl=),
# its counters, and the module parameter time_skew (seconds added to the
# clock of expiry decisions: a timeout "passes" without waiting for it).
import ctypes
import json
import re
import subprocess

CTL = OPTS["ctl"]
# nat64.py's packet sockets left this process in NS4: nft-jool runs in the
# translator's namespace (the test shell's, OPTS xns=/proc/PID/ns/net)
XNS = os.open(OPTS["xns"], os.O_RDONLY)
_libc = ctypes.CDLL(None, use_errno=True)


def _in_xns():
    if _libc.setns(XNS, 0x40000000) != 0:     # CLONE_NEWNET
        raise OSError(ctypes.get_errno(), "setns")
SKEW = "/sys/module/nft_jool/parameters/time_skew"


def ctl(*args):
    r = subprocess.run([CTL, *args], capture_output=True, text=True, preexec_fn=_in_xns,
                       pass_fds=(XNS,))
    if r.returncode:
        raise RuntimeError(f"nft-jool {' '.join(args)}: rc {r.returncode}: {r.stderr}")
    return r.stdout


def sessions(proto=None):
    """the instance's sessions (nft-jool session --json), a list of dicts"""
    args = ["session", "--json"] + (["-p", proto] if proto else []) + ["inet", "t", "x"]
    return json.loads(ctl(*args))["sessions"]


def bibs(proto=None):
    args = ["bib", "--json"] + (["-p", proto] if proto else []) + ["inet", "t", "x"]
    return json.loads(ctl(*args))["bib"]


def stat(name):
    m = re.search(f'"{name}": ([0-9]+)', ctl("stats", "--json", "inet", "t", "x"))
    return int(m.group(1)) if m else 0


def skew(seconds):
    """let SECONDS pass for the expiry clock (it wakes the expiry worker)"""
    with open(SKEW, "w") as f:
        f.write(f"{int(seconds)}\n")


def wait_until(cond, timeout=10.0):
    end = time.time() + timeout
    while True:
        v = cond()
        if v or time.time() > end:
            return v
        time.sleep(0.2)


def settle():
    """time for the worker that a time_skew change woke to run: used before
    checking that something did NOT expire"""
    time.sleep(1.0)


def find(proto, port6, rport=None):
    for s in sessions(proto):
        if s["port6"] == port6 and (rport is None or s.get("rport") == rport):
            return s
    return None


def check(name, cond, msg=""):
    if cond:
        ok(name, msg)
    else:
        fail(name, msg or "not so")
    return cond


def check_eq(name, want, got):
    return check(name, want == got, f"expected {want!r}, got {got!r}")


def present(name, proto, port6, state=None, rport=None):
    s = find(proto, port6, rport)
    if s is None:
        fail(name, f"no {proto} session of port {port6}: {sessions()}")
        return None
    if state is not None and s.get("state") != state:
        fail(name, f"state {s.get('state')}, expected {state}: {s}")
        return s
    ok(name, f"{s.get('state', proto)}, {s['expires_ms']} ms left")
    return s


def gone(name, proto, port6, rport=None, timeout=10.0):
    if wait_until(lambda: find(proto, port6, rport) is None, timeout):
        ok(name, "session removed")
        return True
    fail(name, f"still there: {find(proto, port6, rport)}")
    return False


def left_ok(name, s, timeout, slack=60):
    """the session's time left is its lifetime TIMEOUT (s) minus at most
    SLACK s (time since the packet that set it, under TCG)"""
    if s is None:
        return fail(name, "no session")
    ms = s["expires_ms"]
    check(name, (timeout - slack) * 1000 < ms <= timeout * 1000,
          f"{ms} ms left, expected ({(timeout - slack) * 1000}, {timeout * 1000}]")
