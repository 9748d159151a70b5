#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""bench/analyze.py DIR -- statistics of bench/run.sh's DIR/results.txt.

Writes DIR/bench.json, DIR/bench.png (if matplotlib is there) and
DIR/table.txt, and prints the table (last).

Per case and frame size: median pps over the rounds, with min-max. From the
medians, per packet cost C = 1e9 / pps in guest ns (= guest instructions
under -icount shift=0), and for translators the added cost
A = C_xlat - C_fwd against plain forwarding of the same input frames (6->4
against IPv6 forwarding, 4->6 against IPv4 forwarding). The generator, veth
and sink costs cancel out of A. Targets (issue 7): A(nft_jool) <= 0.5 x
A(Jool), aim 0.4 x.

Control plane (the "CP" lines of bench/guest.sh's control-plane phase): load
and reload times of the 10,000-entry EAMT (nft_jool `nft -f` vs Jool
`jool_siit file handle`) and of Jool's 1,000-entry pool4, as guest-clock
milliseconds, with the ratio nft_jool / Jool, and the packets lost by the
traffic sent across the reloads.
"""
import argparse
import json
import os
import statistics
import sys

# case -> (label, forwarding case it is compared with, Jool case, direction)
CASES = {
    "fwd6": ("IPv6 forwarding", None, None, "6->6"),
    "fwd4": ("IPv4 forwarding", None, None, "4->4"),
    "fwd6-nftchain": ("IPv6 fwd + nft chain", "fwd6", None, "6->6"),
    "fwd4-nftchain": ("IPv4 fwd + nft chain", "fwd4", None, "4->4"),
    "jool-siit-64": ("Jool SIIT 6->4", "fwd6", None, "6->4"),
    "jool-siit-46": ("Jool SIIT 4->6", "fwd4", None, "4->6"),
    "jool-nat64-64": ("Jool NAT64 6->4", "fwd6", None, "6->4"),
    "jool-nat64-46": ("Jool NAT64 4->6", "fwd4", None, "4->6"),
    "nft-siit-64": ("nft_jool SIIT 6->4", "fwd6", "jool-siit-64", "6->4"),
    "nft-siit-46": ("nft_jool SIIT 4->6", "fwd4", "jool-siit-46", "4->6"),
    "nft-nat64-64": ("nft_jool NAT64 6->4", "fwd6", "jool-nat64-64", "6->4"),
    "nft-nat64-46": ("nft_jool NAT64 4->6", "fwd4", "jool-nat64-46", "4->6"),
}
EXPECT = {"6->6": "v6", "4->4": "v4", "6->4": "v4", "4->6": "v6"}
SIZES = {"small": "84/64 B", "large": "1514/1494 B"}


def parse(path):
    rows = []
    with open(path) as f:
        for line in f:
            if not line.startswith("RESULT "):
                continue
            kv = dict(x.split("=", 1) for x in line.split()[1:])
            rows.append(kv)
    return rows


CP_TOOLS = {"nft": "nft_jool", "jsiit": "Jool", "jnat": "Jool", "nnat": "nft_jool"}
CP_STEPS = [("first", "first load (instance created)"),
            ("reload", "reload, same file"),
            ("change1", "reload, 1 entry changed"),
            ("reload-under-traffic", "reload, same file, under traffic"),
            ("change1-under-traffic", "reload, 1 entry changed, under traffic")]


def parse_cp(path):
    """CP lines -> {(tool, what): {k: v}}, CPERR lines -> {(tool, what): msg}."""
    cp, err = {}, {}
    with open(path) as f:
        for line in f:
            if line.startswith("CP "):
                kv = dict(x.split("=", 1) for x in line.split()[1:] if "=" in x)
                cp[(kv.get("tool"), kv.get("what"))] = kv
            elif line.startswith("CPERR "):
                w = line.split(None, 3)
                err[(w[1][5:], w[2][5:])] = w[3].strip() if len(w) > 3 else ""
    return cp, err


def control_plane(cp, err, problems):
    """Rows of the control-plane table, its JSON record; adds to problems."""
    if not cp:
        return [], None

    def ms(tool, what):
        r = cp.get((tool, what))
        if not r or r.get("rc") != "0":
            return None
        return float(r["busy_ms"]), float(r["cpu_ms"]), float(r["real_ms"])

    def cell(tool, what):
        if (tool, what) in err:
            return "failed"
        v = ms(tool, what)
        return "%.0f (cpu %.0f)" % v[:2] if v else "-"

    rec = {"method": "per command, in ms: busy = guest clock during the command minus "
                     "the vCPU's idle time (/proc/schedstat rq_cpu_time), = guest "
                     "instructions / 1e6 under -icount shift=0,sleep=off: the quoted "
                     "figure; real = guest clock ($EPOCHREALTIME) around the command, "
                     "busy + idle, where idle is inflated by host load (sleep=off races "
                     "the clock while the guest waits for the host); cpu = the command's "
                     "own user+sys (10 ms ticks). Files in guest RAM, tools warmed up first",
           "siit_eamt": {}, "nat64_pool4": {},
           "errors": {"%s/%s" % k: v for k, v in err.items()}}
    for (tool, what), msg in err.items():
        problems.append("control plane %s %s failed: %s" % (CP_TOOLS.get(tool, tool), what, msg))
    for tool in ("nft", "jsiit", "jnat", "nnat"):
        for what in ("first-check", "change1-check"):
            r = cp.get((tool, what))
            if not r:
                continue
            if r.get("entries") != r.get("expect") or r.get("changed", "1") != "1":
                problems.append("control plane %s %s: %s entries listed, %s expected%s" % (
                    CP_TOOLS[tool], what, r.get("entries"), r.get("expect"),
                    ", changed entry seen %s times" % r["changed"] if "changed" in r else ""))
        t = cp.get((tool, "traffic"))
        if t and (int(t["lost"]) != 0 or int(t["sent"]) == 0):
            problems.append("control plane %s: %s of %s packets lost across the reloads" % (
                CP_TOOLS[tool], t["lost"], t["sent"]))

    n_eam = cp.get(("nft", "first-check"), cp.get(("jsiit", "first-check"), {})).get("expect", "?")
    n_pool4 = cp.get(("nnat", "first-check"), cp.get(("jnat", "first-check"), {})).get("expect", "?")
    rate = next((r["rate"] for (tl, w), r in cp.items() if w == "traffic"), "?")
    lines = ["", "control plane: busy ms = guest clock minus idle during the command "
             "(icount: 1 ms = 1e6 guest instructions); cpu = the command's user+sys",
             "%-48s %-20s %-20s %7s" % ("", "nft_jool", "Jool 4.1.9", "x Jool"),
             "SIIT, %s EAM entries (nft -f / jool_siit file handle)" % n_eam]
    for what, label in CP_STEPS:
        a, b = ms("nft", what), ms("jsiit", what)
        ratio = "%.2f" % (a[0] / b[0]) if a and b and b[0] > 0 else ""
        lines.append("  %-46s %-20s %-20s %7s" % (label, cell("nft", what), cell("jsiit", what), ratio))
        rec["siit_eamt"][what] = {"nft_jool_ms": a[0] if a else None,
                                  "nft_jool_cpu_ms": a[1] if a else None,
                                  "nft_jool_real_ms": a[2] if a else None,
                                  "jool_ms": b[0] if b else None,
                                  "jool_cpu_ms": b[1] if b else None,
                                  "jool_real_ms": b[2] if b else None,
                                  "ratio_nft_jool_to_jool": round(a[0] / b[0], 3)
                                  if a and b and b[0] > 0 else None}

    def traffic(tool):
        t = cp.get((tool, "traffic"))
        if not t:
            return "-", None
        u = int(t.get("untranslated", 0))
        return "%s lost of %s%s" % (t["lost"], t["sent"], " (%d untransl.)" % u if u else ""), t
    a, ta = traffic("nft")
    b, tb = traffic("jsiit")
    lines.append("  %-46s %-20s %-20s" % ("lost packets, both reloads (%s pps)" % rate, a, b))
    rec["siit_eamt"]["traffic"] = {"rate_pps": rate, "nft_jool": ta, "jool": tb}
    lines.append("NAT64, %s pool4 entries (nft -f / jool file handle)" % n_pool4)
    for what, label in CP_STEPS:
        a, b = ms("nnat", what), ms("jnat", what)
        ratio = "%.2f" % (a[0] / b[0]) if a and b and b[0] > 0 else ""
        lines.append("  %-46s %-20s %-20s %7s" % (label, cell("nnat", what), cell("jnat", what), ratio))
        rec["nat64_pool4"][what] = {"nft_jool_ms": a[0] if a else None,
                                    "nft_jool_cpu_ms": a[1] if a else None,
                                    "nft_jool_real_ms": a[2] if a else None,
                                    "jool_ms": b[0] if b else None,
                                    "jool_cpu_ms": b[1] if b else None,
                                    "jool_real_ms": b[2] if b else None,
                                    "ratio_nft_jool_to_jool": round(a[0] / b[0], 3)
                                    if a and b and b[0] > 0 else None}
    a, ta = traffic("nnat")
    b, tb = traffic("jnat")
    lines.append("  %-46s %-20s %-20s" % ("lost packets, both reloads (%s pps)" % rate, a, b))
    rec["nat64_pool4"]["traffic"] = {"rate_pps": rate, "nft_jool": ta, "jool": tb}
    lines.append("x Jool = nft_jool busy ms / Jool busy ms; under traffic the busy time "
                 "includes the packets'; target: load < 1 s, 0 lost")
    return lines, rec


def parse_st(path):
    """ST lines (stateful NAT64 phase) -> {(tool, what, sessions): {k: v}}."""
    st = {}
    with open(path) as f:
        for line in f:
            if line.startswith("ST "):
                kv = dict(x.split("=", 1) for x in line.split()[1:] if "=" in x)
                st[(kv.get("tool"), kv.get("what"), kv.get("sessions", ""))] = kv
    return st


ST_TOOLS = {"jnat": "Jool", "nnat": "nft_jool"}


def stateful(st, problems):
    """Rows of the stateful NAT64 table and its JSON record.

    Added cost of an established packet = 1e9/pps - 1e9/pps(forwarding of
    the same generator); memory per session = (SUnreclaim + VmallocUsed)
    delta / sessions; new-session rate = translated pps of never-repeating
    flows, in a fresh instance and in one that already holds sessions."""
    if not st:
        return [], None
    rec = {"est": [], "new": {}, "new_warm": {}}
    lines = ["", "stateful NAT64 (UDP 6->4, small frames, generator xsend -f: every "
             "packet a different flow of the table)",
             "%-10s %9s %10s %9s %8s %6s %9s %16s" % (
                 "tool", "sessions", "pps", "added ns", "x Jool", "x 1k", "B/session",
                 "translated")]
    sizes = sorted({int(k[2]) for k in st if k[1] == "est" and k[2]})

    def added(tool, n):
        x, f = st.get((tool, "est", str(n))), st.get(("fwd", "est", str(n)))
        if not x or not f or float(x["pps"]) <= 0 or float(f["pps"]) <= 0:
            return None
        return 1e9 / float(x["pps"]) - 1e9 / float(f["pps"])

    for tool in ("fwd", "jnat", "nnat"):
        for n in sizes:
            kv = st.get((tool, "est", str(n)))
            if not kv:
                continue
            r = {"tool": tool, "sessions": n, "pps": float(kv["pps"])}
            a, j, base = added(tool, n), added("jnat", n), added(tool, sizes[0])
            cols = ["", "", "", "", ""]
            if tool != "fwd":
                if a is not None:
                    r["added_ns"] = round(a, 1)
                    cols[0] = "%.0f" % a
                if a is not None and j and tool != "jnat":
                    r["added_vs_jool"] = round(a / j, 3)
                    cols[1] = "%.2f" % (a / j)
                if a is not None and base:
                    r["added_vs_first"] = round(a / base, 3)
                    cols[2] = "%.2f" % (a / base)
                if "mem_kb" in kv and n >= 100000:
                    r["bytes_per_session"] = round(int(kv["mem_kb"]) * 1024 / n, 1)
                    cols[3] = "%.0f" % r["bytes_per_session"]
                if "translated" in kv:
                    r["translated"] = int(kv["translated"])
                    cols[4] = "%s/%s" % (kv["translated"], kv.get("sent", "?"))
                    # a few fill frames may be dropped at the generator's queue
                    if int(kv["translated"]) < 0.999 * n:
                        problems.append("stateful %s %d: only %s of %d flows translated" %
                                        (tool, n, kv["translated"], n))
            rec["est"].append(r)
            lines.append("%-10s %9d %10.0f %9s %8s %6s %9s %16s" % (
                ST_TOOLS.get(tool, "forwarding"), n, r["pps"], *cols))
    warm = sorted({k[2] for k in st if k[1] == "new" and k[2]})
    for tool in ("jnat", "nnat"):
        kv = st.get((tool, "new", None)) or st.get((tool, "new", ""))
        if kv:
            rec["new"][tool] = float(kv["pps"])
        for w in warm:
            if (tool, "new", w) in st:
                rec["new_warm"][tool] = float(st[(tool, "new", w)]["pps"])
                rec["new_warm"]["sessions"] = int(w)
    for key, what in (("new", "in a fresh instance"),
                      ("new_warm", "with %s sessions present" % (warm[0] if warm else "?"))):
        if not rec[key]:
            continue
        j, n = rec[key].get("jnat"), rec[key].get("nnat")
        lines.append("new sessions per second %s (translated packets of flows never "
                     "seen): Jool %s, nft_jool %s%s" % (
                         what, "%.0f" % j if j else "?", "%.0f" % n if n else "?",
                         ", ratio %.2f" % (n / j) if j and n else ""))
        if j and n:
            rec[key]["ratio"] = round(n / j, 3)
    lines.append("x Jool = added ns / Jool's at the same size (target <= 0.5); x 1k = added "
                 "ns / its own at the smallest size (target <= 1.1 at 1 M); B/session: "
                 "target <= 150 (Jool ~203); new-session rate target >= 2x Jool")
    return lines, rec


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--wall", type=int, default=0)
    ap.add_argument("--kver", default="")
    ap.add_argument("--rounds", type=int, default=0)
    ap.add_argument("--window", default="")
    ap.add_argument("--gen", default="")
    a = ap.parse_args()

    rows = parse(os.path.join(a.dir, "results.txt"))
    cp, cperr = parse_cp(os.path.join(a.dir, "results.txt"))
    problems = []
    runs = {}
    for r in rows:
        case = r["case"]
        pps = float(r["pps"] or 0)
        base = case.split("@")[0]
        if base in CASES:
            want = EXPECT[CASES[base][3]]
            other = "v6" if want == "v4" else "v4"
            got, bad = int(r["sink_" + want]), int(r["sink_" + other])
            if pps <= 0 or got < 0.99 * (got + bad) or got < int(r["packets"]):
                problems.append("round %s %s %s: pps=%s sink %s=%d %s=%d" %
                                (r["round"], case, r["size"], r["pps"], want, got, other, bad))
        runs.setdefault((case, r["size"]), []).append(pps)

    stats = {}
    for (case, size), v in runs.items():
        stats[(case, size)] = {"median": statistics.median(v), "min": min(v),
                               "max": max(v), "n": len(v), "runs": v}

    def cost(case, size):
        s = stats.get((case, size))
        return 1e9 / s["median"] if s and s["median"] > 0 else None

    out = {"method": {
        "vm": "qemu TCG -icount shift=0,sleep=off,align=off, thread=single, 1 vCPU",
        "kernel": a.kver, "rounds": a.rounds, "window_guest_s": a.window,
        "generator": a.gen, "wall_s": a.wall,
        "pps": "sink rx_packets delta over a window of guest time / window; "
               "guest ns = guest instructions",
        "added_cost_ns": "1e9/pps_xlat - 1e9/pps_fwd (same input frames)",
        "hook": "Jool: netfilter prerouting, priority NF_IP_PRI_NAT_DST+25 = -75; "
                "nft_jool: inet prerouting base chain at priority -75"},
        "cases": [], "problems": problems}
    cp_lines, cp_rec = control_plane(cp, cperr, problems)
    if cp_rec:
        out["control_plane"] = cp_rec
    st_lines, st_rec = stateful(parse_st(os.path.join(a.dir, "results.txt")), problems)
    if st_rec:
        out["stateful"] = st_rec
    lines = []
    hdr = "%-20s %-11s %9s %17s %9s %8s %9s %8s" % (
        "case", "frames", "pps", "min-max", "ns/pkt", "x fwd", "added ns", "x Jool")
    lines.append(hdr)
    lines.append("-" * len(hdr))
    for size in SIZES:
        for case, (label, fwd, jool, d) in CASES.items():
            s = stats.get((case, size))
            if not s:
                continue
            c = cost(case, size)
            rec = {"case": case, "label": label, "direction": d, "size": size,
                   "frames": SIZES[size], "pps_median": round(s["median"]),
                   "pps_min": round(s["min"]), "pps_max": round(s["max"]),
                   "runs": [round(x) for x in s["runs"]], "ns_per_packet": round(c, 1)}
            vs_fwd = added = vs_jool = ""
            if fwd and stats.get((fwd, size)):
                rec["ratio_to_fwd"] = round(s["median"] / stats[(fwd, size)]["median"], 3)
                rec["added_ns"] = round(c - cost(fwd, size), 1)
                vs_fwd = "%.3f" % rec["ratio_to_fwd"]
                added = "%.0f" % rec["added_ns"]
            if jool and stats.get((jool, size)):
                rec["ratio_to_jool_pps"] = round(s["median"] / stats[(jool, size)]["median"], 3)
                ja = cost(jool, size) - cost(fwd, size)
                if ja > 0:
                    rec["added_cost_vs_jool"] = round(rec["added_ns"] / ja, 3)
                    vs_jool = "%.2f" % rec["added_cost_vs_jool"]
                # pps ratio shown in the label column of the JSON only
            out["cases"].append(rec)
            lines.append("%-20s %-11s %9.0f %17s %9.0f %8s %9s %8s" % (
                label, SIZES[size], s["median"],
                "%.0f-%.0f" % (s["min"], s["max"]), c, vs_fwd, added, vs_jool))
        lines.append("")
    extra = sorted(k for k in stats if "@" in k[0])
    for case, size in extra:
        s = stats[(case, size)]
        lines.append("%-20s %-11s %9.0f %17s %9.0f   (generator comparison)" % (
            case, SIZES.get(size, size), s["median"],
            "%.0f-%.0f" % (s["min"], s["max"]), 1e9 / s["median"]))
    if not stats:	# bench/run.sh -c only
        lines = []
    if stats:
        lines.append("pps: median of %s rounds (min-max), %s s windows of guest time; "
                     "ns/pkt = 1e9/pps (guest instructions per packet, whole path incl. "
                     "generator and sink)" % (a.rounds, a.window))
        lines.append("x fwd = pps / pps(plain forwarding, same input frames); added ns = "
                     "ns/pkt - ns/pkt(forwarding); x Jool = added ns / added ns of the same Jool case "
                     "(target <= 0.5, aim 0.4)")
    lines.extend(st_lines)
    lines.extend(cp_lines)
    if problems:
        lines.append("WARNING: %d suspicious windows: %s" % (len(problems), "; ".join(problems)))
    if a.wall:
        lines.append("wall time of the VM run: %d s" % a.wall)
    table = "\n".join(lines)
    out["table"] = table
    with open(os.path.join(a.dir, "bench.json"), "w") as f:
        json.dump(out, f, indent=1)
    with open(os.path.join(a.dir, "table.txt"), "w") as f:
        f.write(table + "\n")

    try:
        if not stats:
            raise ImportError("no pps")
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, axes = plt.subplots(1, 2, figsize=(13, 5))
        names = [c for c in CASES if any((c, s) in stats for s in SIZES)]
        for ax, size in zip(axes, SIZES):
            med = [stats[(c, size)]["median"] / 1e3 if (c, size) in stats else 0 for c in names]
            lo = [m - stats[(c, size)]["min"] / 1e3 if (c, size) in stats else 0
                  for c, m in zip(names, med)]
            hi = [stats[(c, size)]["max"] / 1e3 - m if (c, size) in stats else 0
                  for c, m in zip(names, med)]
            colors = ["#888888" if c.startswith("fwd") else
                      "#d08020" if c.startswith("jool") else "#2060c0" for c in names]
            ax.bar(range(len(names)), med, yerr=[lo, hi], color=colors, capsize=3)
            ax.set_xticks(range(len(names)))
            ax.set_xticklabels([CASES[c][0] for c in names], rotation=35, ha="right",
                               fontsize=8)
            ax.set_ylabel("kpps (guest time; 1 guest ns = 1 instruction)")
            ax.set_title("%s frames" % SIZES[size])
            for i, m in enumerate(med):
                if m:
                    ax.text(i, m, "%.1f" % m, ha="center", va="bottom", fontsize=7)
        fig.suptitle("nft_jool vs Jool 4.1.9 vs forwarding, QEMU TCG icount, 1 vCPU, "
                     "median of %s rounds (bars: min-max)" % a.rounds, fontsize=10)
        fig.tight_layout()
        fig.savefig(os.path.join(a.dir, "bench.png"), dpi=110)
    except ImportError:
        if stats:
            print("bench: no matplotlib (bench/setup.sh installs it): no PNG", file=sys.stderr)

    print(table)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
