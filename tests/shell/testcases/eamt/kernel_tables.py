# SPDX-License-Identifier: GPL-2.0
"""The kernel's own checks of EAMT / denylist4 records and part objects.

nft validates what it sends, so these messages are built by hand
(tests/packet/nftnl.py). Every refused batch must leave the kernel's
objects exactly as they were. Usage: kernel_tables.py FAMILY TABLE
(the table must exist and hold no jool object).
"""
import errno
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../../packet"))
from nftnl import (Nftnl, OBJ_DENYLIST4, OBJ_EAMT, OBJ_PARTS, OBJ_PART_INDEX,  # noqa: E402
                   OBJ_PART_OF, OBJ_TYPE, TYPE_NAT64, TYPE_PART, TYPE_SIIT,
                   attr, eam, nest, pool6, prefix4, string, u32, OBJ_GLOBALS)

FAM, TABLE = sys.argv[1], sys.argv[2]
nl = Nftnl()
failures = 0
checks = 0


def check(what, cond):
    global failures, checks
    checks += 1
    if cond:
        print(f"PASS: {what}")
    else:
        failures += 1
        print(f"FAIL: {what}")


def instance(name, eams=(), deny=(), parts=0, typ=TYPE_SIIT, excl=False):
    data = u32(OBJ_TYPE, typ) + pool6("2001:db8:64::", 96)
    if eams:
        data += attr(OBJ_EAMT, b"".join(eams))
    if deny:
        data += attr(OBJ_DENYLIST4, b"".join(deny))
    if parts:
        data += u32(OBJ_PARTS, parts)
    return Nftnl.newobj(FAM, TABLE, name, data, excl)


def part(of, index, eams=(), deny=(), extra=b""):
    data = u32(OBJ_TYPE, TYPE_PART) + string(OBJ_PART_OF, of) + u32(OBJ_PART_INDEX, index)
    if eams:
        data += attr(OBJ_EAMT, b"".join(eams))
    if deny:
        data += attr(OBJ_DENYLIST4, b"".join(deny))
    return Nftnl.newobj(FAM, TABLE, f"{of}#{index}", data + extra)


def refused(what, msgs, want):
    """The batch fails with errno @want and changes nothing."""
    before = nl.dump(FAM, TABLE)
    res = nl.batch(msgs)
    after = nl.dump(FAM, TABLE)
    check(f"{what}: refused with {errno.errorcode.get(want, want)} (got {res})",
          want in res and all(e in (0, want) for e in res))
    check(f"{what}: nothing changed", strip_stats(before) == strip_stats(after))


def strip_stats(objs):
    return {n: {k: v for k, v in d.items() if k != 4} for n, d in objs.items()}


E1 = eam("2001:db8:6::", 120, "198.51.100.0", 24)
E2 = eam("2001:db8:6::8", 125, "198.51.100.8", 29)       # overlaps E1
E3 = eam("2001:db8:7::5", 128, "203.0.113.5", 32)
E4 = eam("2001:db8:8::", 112, "10.1.0.0", 16)
D1 = prefix4("192.0.2.128", 25)
D2 = prefix4("10.9.9.9", 32)

# --- valid configurations and their dumps -------------------------------
res = nl.batch([instance("a", [E1, E2], [D1])])
check(f"instance with eamt and denylist4 accepted ({res})", res == [0])
d = nl.dump(FAM, TABLE)["a"]
check("dump gives the eamt records back verbatim", d.get(OBJ_EAMT) == E1 + E2)
check("dump gives the denylist4 records back verbatim", d.get(OBJ_DENYLIST4) == D1)
check("no parts attribute without parts", OBJ_PARTS not in d)

res = nl.batch([part("b", 1, [E3], [D2]), part("b", 2, [E4]),
                instance("b", [E1], parts=2)])
check(f"instance with two parts in one batch ({res})", res == [0, 0, 0])
objs = nl.dump(FAM, TABLE)
check("instance dumps only its own records + the part count",
      objs["b"].get(OBJ_EAMT) == E1 and objs["b"].get(OBJ_PARTS) == u32(0, 2)[4:])
check("part 1 dumps its records, instance name and index",
      objs["b#1"].get(OBJ_EAMT) == E3 and objs["b#1"].get(OBJ_DENYLIST4) == D2 and
      objs["b#1"].get(OBJ_PART_OF) == b"b\0" and objs["b#1"].get(OBJ_PART_INDEX) == u32(0, 1)[4:])
check("a part has no counters", 4 not in objs["b#1"])

# an update of the instance alone re-reads the existing parts
res = nl.batch([instance("b", [E1], parts=2)])
check(f"update re-reading committed parts ({res})", res == [0])
# an update of a part together with its instance
res = nl.batch([part("b", 2, [E2]), instance("b", [E4], parts=2)])
check(f"part + instance updated together ({res})", res == [0, 0])
objs = nl.dump(FAM, TABLE)
check("the updated part lists its new records", objs["b#2"].get(OBJ_EAMT) == E2)
# a lone part update changes nothing (its instance would not see it)
res = nl.batch([part("b", 2, [E3])])
objs = nl.dump(FAM, TABLE)
check(f"lone part update keeps the old records ({res})",
      res == [0] and objs["b#2"].get(OBJ_EAMT) == E2)

# --- refused: each leaves everything as it was --------------------------
refused("duplicate IPv6 prefix", [instance("c", [E1, eam("2001:db8:6::", 120, "192.0.2.0", 24)])], errno.EINVAL)
refused("duplicate IPv4 prefix", [instance("c", [E1, eam("2001:db8:9::", 120, "198.51.100.0", 24)])], errno.EINVAL)
refused("duplicate across instance and part", [part("c", 1, [E1]), instance("c", [E1], parts=1)], errno.EINVAL)
refused("duplicate across two parts", [part("c", 1, [E3]), part("c", 2, [E3]), instance("c", parts=2)], errno.EINVAL)
refused("IPv6 host bits", [instance("c", [eam("2001:db8:6::1", 120, "198.51.100.0", 24)])], errno.EINVAL)
refused("IPv4 host bits", [instance("c", [eam("2001:db8:6::", 120, "198.51.100.1", 24)])], errno.EINVAL)
refused("len6 above 128", [instance("c", [eam("2001:db8:6::", 129, "198.51.100.0", 24)])], errno.EINVAL)
refused("len4 above 32", [instance("c", [eam("2001:db8:6::", 128, "198.51.100.0", 33)])], errno.EINVAL)
refused("IPv4 suffix longer than the IPv6 one", [instance("c", [eam("2001:db8:6::", 120, "198.51.0.0", 16)])], errno.EINVAL)
refused("eam padding not zero", [instance("c", [eam("2001:db8:6::", 120, "198.51.100.0", 24, b"\0\1")])], errno.EINVAL)
refused("eamt length not a multiple of 24", [Nftnl.newobj(FAM, TABLE, "c", u32(OBJ_TYPE, TYPE_SIIT) + attr(OBJ_EAMT, E1 + b"\0" * 4))], errno.EINVAL)
refused("denylist4 host bits", [instance("c", deny=[prefix4("192.0.2.1", 24)])], errno.EINVAL)
refused("denylist4 duplicate", [instance("c", deny=[D1, D1])], errno.EINVAL)
refused("denylist4 padding", [instance("c", deny=[prefix4("192.0.2.0", 24, b"\0\0\1")])], errno.EINVAL)
refused("eamt on a nat64", [instance("c", [E1], typ=TYPE_NAT64)], errno.EINVAL)
refused("denylist4 on a nat64 (in a part)", [part("c", 1, deny=[D1]), instance("c", parts=1, typ=TYPE_NAT64)], errno.EINVAL)
refused("missing part", [instance("c", [E1], parts=1)], errno.ENOENT)
refused("part of another instance does not count", [part("z", 1, [E3]), instance("c", parts=1)], errno.ENOENT)
refused("part deleted in the same batch", [Nftnl.delobj(FAM, TABLE, "b#1"), instance("b", [E1], parts=2)], errno.ENOENT)
# a part's records are checked when it arrives, not only when read
refused("part with a bad EAM record, no instance reads it", [part("q", 1, [eam("2001:db8:6::", 120, "198.51.100.0", 40)])], errno.EINVAL)
refused("part with a denylist4 record with host bits", [part("q", 1, deny=[prefix4("10.0.0.1", 24)])], errno.EINVAL)
refused("part index 0", [part("c", 0, [E1])], errno.EINVAL)
refused("part index above the maximum", [part("c", 4097, [E1])], errno.EINVAL)
refused("part without its instance's name", [Nftnl.newobj(FAM, TABLE, "c#1", u32(OBJ_TYPE, TYPE_PART) + u32(OBJ_PART_INDEX, 1))], errno.EINVAL)
refused("part with an empty instance name", [part("", 1, [E1])], errno.EINVAL)
refused("part with pool6", [part("c", 1, [E1], extra=pool6("2001:db8:64::", 96))], errno.EINVAL)
refused("part with globals", [part("c", 1, [E1], extra=nest(OBJ_GLOBALS))], errno.EINVAL)
refused("instance with a part's attribute",
        [Nftnl.newobj(FAM, TABLE, "c", u32(OBJ_TYPE, TYPE_SIIT) + string(OBJ_PART_OF, "x"))], errno.EINVAL)
refused("parts count above the maximum", [instance("c", parts=4097)], errno.EINVAL)
refused("an instance cannot become a part",
        [Nftnl.newobj(FAM, TABLE, "a", u32(OBJ_TYPE, TYPE_PART) + string(OBJ_PART_OF, "q") +
                      u32(OBJ_PART_INDEX, 1))], errno.EINVAL)
refused("a part cannot become an instance", [instance("b#1", [E3])], errno.EINVAL)
refused("unknown object type value", [instance("c", typ=9)], errno.EINVAL)

# --- a large table: 10,000 entries in 118 parts -------------------------
big = [eam("2001:db8:100::%x:%x" % (i >> 8, i & 0xff), 128,
           "10.%d.%d.%d" % (i >> 16, (i >> 8) & 0xff, i & 0xff), 32) for i in range(10000)]
per = 2048 // 24
chunks = [big[i:i + per] for i in range(0, len(big), per)]
msgs = [part("big", i + 1, c) for i, c in enumerate(chunks)] + [instance("big", parts=len(chunks))]
res = nl.batch(msgs)
check(f"10,000 EAM entries in {len(chunks)} parts load in one batch", all(e == 0 for e in res))
objs = nl.dump(FAM, TABLE)
got = b"".join(objs[f"big#{i + 1}"].get(OBJ_EAMT, b"") for i in range(len(chunks)))
check("and dump back entry for entry", got == b"".join(big))

print(f"{checks} checks, {failures} failed")
sys.exit(1 if failures else 0)
