"""Writes benches/RESULTS.md from one LogBench run."""

import os
import re
import statistics

NAMES = {"quarry": "Quarry", "quarry_warm": "Quarry warm", "duckdb": "DuckDB", "datafusion": "DataFusion", "chdb": "chDB"}
PEERS = ["duckdb", "datafusion", "chdb"]
FULL_SCANS = {"cloudtrail": "08", "alb": "11", "vpcflow": "12", "vpcflow_parquet": "15"}


def asks(path):
    m = re.search(r"^-- asks: (.*)$", open(path).read(), re.M)
    return m.group(1) if m else ""


def median(r):
    return statistics.median(r["times"]) if r and r.get("times") and not r.get("error") else None


def mb(r):
    return f"{r['peak_rss_kb'] / 1024:.0f}" if r and r.get("peak_rss_kb") and not r.get("error") else "–"


def secs(r):
    m = median(r)
    if m is not None:
        return f"{m:.3f}"
    if r and r.get("error"):
        return "not readable yet" if "not readable yet" in r["error"] else "error"
    return "–"


def ratio(q, p):
    mq, mp = median(q), median(p)
    return f"{mq / mp:.2f}" if mq and mp else "–"


def find(results, engine, name):
    return next((r for r in results.get(engine, []) if r["query"] == name), None)


def table(qpaths, run):
    res, verdicts = run["results"], run["verdicts"]
    engines = [e for e in ["quarry", "quarry_warm"] + PEERS if e in res]
    warm = "quarry_warm" in res and any(p in res for p in PEERS)
    head = ["query"] + [f"{NAMES[e]} s | {NAMES[e]} MB" for e in engines]
    head += [f"Quarry ÷ {NAMES[p]}" for p in PEERS if p in res and "quarry" in res]
    head += ["Quarry warm ÷ best peer"] * warm + ["answers"]
    lines = ["| " + " | ".join(head) + " |",
             "|" + "---|" * (1 + 2 * len(engines) + sum(1 for p in PEERS if p in res and "quarry" in res)
                             + warm + 1)]
    for q in qpaths:
        name = os.path.basename(q)
        cells = [name.removesuffix(".sql")]
        for e in engines:
            r = find(res, e, name)
            cells += [secs(r), mb(r)]
        if "quarry" in res:
            cells += [ratio(find(res, "quarry", name), find(res, p, name)) for p in PEERS if p in res]
        if warm:
            peers = [find(res, p, name) for p in PEERS if p in res]
            best = min((r for r in peers if median(r)), key=median, default=None)
            cells.append(ratio(find(res, "quarry_warm", name), best))
        v = verdicts.get(name, {})
        bad = [f"{NAMES[e]} {why}" for e, why in v.items() if why != "same"]
        cells.append("all agree" if v and not bad else ("; ".join(bad) if bad else "–"))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def errors(qpaths, run):
    out = []
    for e, rs in run["results"].items():
        for r in rs:
            if r.get("error"):
                # The runner's temporary script name says nothing to a reader.
                why = re.sub(r"(quarry: )?error in statement at \S+?:\d+: ", "", r["error"])
                out.append(f"- {NAMES[e]}, {r['query']}: {why}")
    return "\n".join(out)


def setups(qpaths, run):
    tables = {os.path.basename(q): (re.search(r"^-- table: (\w+)", open(q).read(), re.M) or [None, "?"])[1]
              for q in qpaths}
    lines = []
    for e in PEERS:
        for r in run["results"].get(e, []):
            if r.get("setup_s", 0) >= 0.005:
                lines.append(f"{NAMES[e]} {tables.get(r['query'], '?')} {r['setup_s']:.2f} s")
    return ", ".join(lines)


def floor_table(qpaths, run, floor):
    res = run["results"]
    lines = ["| data | uncompressed MB | floor | floor s | floor MB/s | Quarry full scan | Quarry s | Quarry ÷ floor |",
             "|---|---|---|---|---|---|---|---|"]
    for ds in ("cloudtrail", "alb", "vpcflow", "vpcflow_parquet"):
        f = floor.get(ds)
        if not f:
            continue
        q = next((os.path.basename(p) for p in qpaths if os.path.basename(p).startswith(FULL_SCANS[ds])), None)
        r = find(res, "quarry", q) if q else None
        m = median(r)
        if ds == "vpcflow_parquet":
            kind, s = f"pyarrow read_table ({f['rows']} rows)", f["decode_s"]
        else:
            kind, s = "gzip -dc, all cores", f["gzip_allcores_s"]
        lines.append(f"| {ds} | {f['bytes'] / 1e6:.1f} | {kind} | {s:.3f} | {f['bytes'] / 1e6 / s:.0f} | "
                     f"{(q or '–').removesuffix('.sql')} | {secs(r)} | {f'{m / s:.1f}' if m else '–'} |")
        if ds != "vpcflow_parquet":
            one = f["gzip_1core_s"]
            lines.append(f"| {ds} | | gzip -dc, one core | {one:.3f} | {f['bytes'] / 1e6 / one:.0f} | | | |")
    return "\n".join(lines)


def losses(qpaths, runs, debug=False):
    lost, unread = [], []
    for where, run in runs.items():
        res = run["results"]
        for q in qpaths:
            name = os.path.basename(q)
            rq = find(res, "quarry", name)
            if rq and rq.get("error"):
                unread.append(name[:2])
                continue
            best = [median(find(res, p, name)) for p in PEERS if p in res]
            best = [b for b in best if b]
            if rq and best and median(rq) > min(best):
                warm = median(find(res, "quarry_warm", name))
                lost.append(f"{name.removesuffix('.sql')} ({where}, {median(rq) / min(best):.1f}× the best peer"
                            + (f"; warm {warm / min(best):.1f}×" if warm else "") + ")")
    text = []
    if unread:
        where = " and ".join(runs)
        text.append(f"Quarry could not answer queries {', '.join(sorted(set(unread)))} ({where}): "
                    "its CloudTrail, ALB and VPC flow text readers are not on main yet, so those "
                    "tables fail with \"format not readable yet\". Those rows show the peers only.")
    if lost:
        text.append("Quarry is slower than the best peer on " + ", ".join(lost) + ". Part of that is "
                    "method: each Quarry run is a fresh process (start-up, DDL, listing, Parquet footers "
                    "read cold), while each peer runs its repetitions in one warm process with table set-up "
                    "timed apart." + (" Above all, this Quarry is an unoptimised debug build, so these ratios say "
                    "nothing yet about the release build." if debug else "") +
                    " Where the time goes is below.")
    if not any("quarry" in run["results"] for run in runs.values()):
        return "Quarry was not run (--engines)."
    return "\n\n".join(text) or "Quarry is at least as fast as the best peer on every query it ran."


def markdown(facts, qpaths, runs, floor):
    m, v, man = facts["machine"], facts["versions"], facts["manifest"]
    ds = man["datasets"]
    out = [
        "# LogBench results", "",
        f"Produced by `{facts['command']}`; see benches/README.md. Median of {facts['reps']} runs; "
        "MB is peak resident memory.", "",
        f"- machine: {m['cpu']}, {m['cores']} cores, {m['mem_gb']} GB, {m['os']}, Python {m['python']}; "
        f"load average {facts.get('load_before', '?')} before the run, {m.get('load', '?')} after"
        + (" (above the core count: other work shared the machine and times are noisy)"
           if busy(facts) else ""),
        f"- engines: Quarry {v.get('quarry', '–').replace('(git', '(repository at git')} (`{facts.get('quarry_binary')}`), "
        f"DuckDB {v.get('duckdb', '–')}, DataFusion (Python) {v.get('datafusion', '–')}, "
        f"pyarrow {v.get('pyarrow', '–')}",
        f"- data: scale factor {facts['sf']:g}, seed {man['seed']}: " + ", ".join(
            f"{k} {d['files']} files / {d['records']} records / {d['bytes'] / 1e6:.1f} MB "
            f"({d['gzip_bytes'] / 1e6:.1f} MB gzipped)" for k, d in ds.items()), "",
        "Times: Quarry's is the whole `quarry -q --format csv -f` process (start-up, DDL, query, "
        "printing); a peer's is the query alone in a warm process, its table set-up (DataFusion's "
        "schema inference) reported apart. `Quarry warm` is measured the peers' way: one process runs "
        "the DDL and then the query once more than the repetitions, and the first run (cold caches) "
        "is dropped; its time is Quarry's own statement time (`--timing`). "
        "`Quarry ÷ peer` below 1 means Quarry is faster. "
        "`answers` compares every engine with the first peer after normalising "
        "(row order, NULL vs empty, timestamp spelling, float digits; query 10 allows 15% "
        "between approximate percentiles).", "",
    ]
    binary = facts.get("quarry_binary") or ""
    if "debug" in binary:
        out += ["**Quarry ran as a debug build** (`--quarry` pointing at a debug binary): its times are a "
                "smoke test of the runner, not a measurement. Rerun without `--quarry` for the "
                "release build.", ""]
    for where, run in runs.items():
        out += [f"## {'Local disk' if where == 'local' else 'S3 (moto_server on 127.0.0.1)'}", "",
                table(qpaths, run), ""]
        s = setups(qpaths, run)
        if s:
            out += [f"Set-up of a table before its first query (over 5 ms): {s}.", ""]
        e = errors(qpaths, run)
        if e:
            out += ["Failures:", "", e, ""]
    if "local" in runs:
        out += ["## The physical limit (local disk)", "",
                "`Quarry ÷ floor` is how many times the floor Quarry's full-scan query takes.", "",
                floor_table(qpaths, runs["local"], floor), ""]
    out += ["## Where Quarry loses, and why", "", losses(qpaths, runs, "debug" in binary), ""]
    # The profile is written by hand (perf over the release build) and kept
    # beside the runner, so a rerun keeps it with the new figures.
    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "PROFILE.md")
    if os.path.exists(notes):
        with open(notes) as f:
            out += [f.read().rstrip(), ""]
    return "\n".join(out)


def busy(facts):
    """Whether the 1-minute load average before or after the run exceeded the
    cores (the 5- and 15-minute figures still remember work that had ended
    before the run began)."""
    cores = facts["machine"].get("cores") or 1
    ones = [str(x).split()[0] for x in (facts.get("load_before"), facts["machine"].get("load")) if x]
    return any(float(x) > cores for x in ones if x.replace(".", "", 1).isdigit())
