#!/usr/bin/env python3
"""Regenerates the demo catalog's data under testdata/demo/.

Deterministic: the same script writes the same bytes. Two datasets:

* applogs: newline-delimited JSON application logs, gzipped, Hive-partitioned
  by day (dt=YYYY-MM-DD/). One file per day is a two-member gzip file, as
  `cat a.gz b.gz` and some log shippers produce.
* vpcflow: VPC flow logs (default version 2 fields, AWS's Parquet column
  names), Hive-partitioned year=/month=/day=/ as AWS's Hive-compatible
  delivery writes them. The real sample in shared/realdata/vpcflow is included
  verbatim (its own day); the rest is generated. The Parquet files are written
  by quarry itself from space-separated staging text (see the SQL this script
  prints), so a quarry binary must exist: run from the repository root with
  `python3 testdata/generate_demo.py && cargo run -p quarry -- --no-demo -f target/demo-staging/convert.sql`.
"""
import gzip
import json
import os
import random
import shutil

ROOT = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.join(ROOT, "demo")
STAGING = os.path.join(ROOT, "..", "target", "demo-staging")
REAL_VPC = os.path.join(ROOT, "..", "..", "shared", "realdata", "vpcflow", "clo_vpcflow.log")
DAYS = ["2026-11-20", "2026-11-21", "2026-11-22"]

SERVICES = ["checkout", "auth", "search", "payments", "inventory"]
PATHS = {
    "checkout": ["/api/cart", "/api/checkout", "/api/cart/items"],
    "auth": ["/login", "/logout", "/api/token/refresh"],
    "search": ["/api/search", "/api/suggest"],
    "payments": ["/api/payments", "/api/refunds"],
    "inventory": ["/api/stock", "/api/stock/reserve"],
}
AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "curl/8.5.0",
    "python-requests/2.32.3",
]


def app_record(rng, day, seq):
    service = rng.choices(SERVICES, weights=[30, 25, 25, 10, 10])[0]
    status = rng.choices([200, 201, 204, 302, 400, 401, 403, 404, 500, 502, 503],
                         weights=[600, 40, 30, 20, 25, 20, 8, 30, 12, 5, 4])[0]
    level = "ERROR" if status >= 500 else "WARN" if status >= 400 else rng.choices(["INFO", "DEBUG"], [9, 1])[0]
    secs = rng.randrange(86400)
    ts = f"{day}T{secs // 3600:02d}:{secs // 60 % 60:02d}:{secs % 60:02d}.{rng.randrange(1000):03d}Z"
    path = rng.choice(PATHS[service])
    rec = {
        "timestamp": ts,
        "level": level,
        "service": service,
        "host": f"ip-10-0-{rng.randrange(4)}-{rng.randrange(2, 250)}",
        "request_id": f"{rng.getrandbits(64):016x}-{day.replace('-', '')}-{seq:05d}",
        "method": rng.choices(["GET", "POST", "PUT", "DELETE"], [60, 30, 7, 3])[0],
        "path": path,
        "status": status,
        "latency_ms": round(rng.lognormvariate(3.2, 0.8), 3),
        "user_id": None if rng.random() < 0.15 else f"u{rng.randrange(1, 400):04d}",
        "http": {
            "client_ip": f"{rng.choice([203, 198, 192])}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
            "user_agent": rng.choice(AGENTS),
        },
        "message": {
            "ERROR": "upstream failed: connection reset by peer",
            "WARN": f"client error {status} on {path}",
            "INFO": f"{service} handled request",
            "DEBUG": "cache lookup",
        }[level],
    }
    return rec


def write_applogs(rng):
    for day in DAYS:
        part = os.path.join(DEMO, "applogs", f"dt={day}")
        os.makedirs(part)
        records = sorted((app_record(rng, day, i) for i in range(1000)), key=lambda r: r["timestamp"])
        lines = [json.dumps(r, separators=(",", ":")) + "\n" for r in records]
        half = len(lines) // 2
        first = "".join(lines[:half]).encode()
        second = "".join(lines[half:]).encode()
        with open(os.path.join(part, "app-000.json.gz"), "wb") as f:
            f.write(gzip.compress(first, mtime=0))
        # Two gzip members in one file: readers must not stop at the first.
        with open(os.path.join(part, "app-001.json.gz"), "wb") as f:
            mid = len(second) // 2
            cut = second.index(b"\n", mid) + 1
            f.write(gzip.compress(second[:cut], mtime=0))
            f.write(gzip.compress(second[cut:], mtime=0))


def vpc_line(rng, day_epoch):
    eni = f"eni-{rng.choice(['0a1b2c3d4e5f60718', '0f9e8d7c6b5a49382', '01234abcd5678ef90', '0badc0ffee0ddf00d'])}"
    start = day_epoch + rng.randrange(86400 - 120)
    end = start + rng.randrange(1, 60)
    if rng.random() < 0.05:
        return f"2 123456789012 {eni} - - - - - - - {start} {end} - NODATA"
    inbound = rng.random() < 0.5
    internal = f"10.0.{rng.randrange(4)}.{rng.randrange(2, 250)}"
    external = f"{rng.choice([52, 54, 162, 185, 203])}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    port = rng.choices([443, 80, 22, 3389, 5432, 6379, 53, 123], [50, 15, 8, 5, 6, 4, 8, 4])[0]
    protocol = 17 if port in (53, 123) else rng.choices([6, 1], [97, 3])[0]
    eph = rng.randrange(32768, 61000)
    src, dst, sport, dport = (external, internal, eph, port) if inbound else (internal, external, eph, port)
    action = "REJECT" if inbound and port in (22, 3389, 5432, 6379) and rng.random() < 0.8 else "ACCEPT"
    packets = rng.randrange(1, 200)
    nbytes = packets * rng.randrange(40, 1500)
    return f"2 123456789012 {eni} {src} {dst} {sport} {dport} {protocol} {packets} {nbytes} {start} {end} {action} OK"


def write_vpcflow_staging(rng):
    import calendar
    import datetime as dt
    os.makedirs(STAGING, exist_ok=True)
    header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"
    parts = []
    for day in DAYS:
        epoch = calendar.timegm(dt.date.fromisoformat(day).timetuple())
        lines = sorted((vpc_line(rng, epoch) for _ in range(1000)), key=lambda l: int(l.split()[10]))
        parts.append((day, [header] + lines))
    if os.path.exists(REAL_VPC):
        with open(REAL_VPC) as f:
            real = [l.rstrip("\n") for l in f if l.strip()]
        first_start = int(real[1].split()[10])
        parts.append((dt.datetime.fromtimestamp(first_start, dt.timezone.utc).date().isoformat(), real))
    sql = []
    header = parts[0][1][0]
    for day, lines in parts:
        path = os.path.join(STAGING, f"vpcflow-{day}.txt")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        y, m, d = day.split("-")
        out = os.path.join(DEMO, "vpcflow", f"year={y}", f"month={m}", f"day={d}", "flows.parquet")
        os.makedirs(os.path.dirname(out))
        cols = ", ".join(f'"{c}" VARCHAR' for c in header.split())
        def num(col, typ):
            return f"CAST(NULLIF(\"{col}\", '-') AS {typ})"
        def text(col):
            return f"NULLIF(\"{col}\", '-')"
        sql.append(f"""CREATE EXTERNAL TABLE staging_{y}{m}{d} ({cols}) STORED AS CSV
  OPTIONS ('format.delimiter' ' ', 'format.has_header' 'true')
  LOCATION '{path}';
COPY (SELECT {num('version', 'INT')} AS version, {text('account-id')} AS account_id,
             {text('interface-id')} AS interface_id, {text('srcaddr')} AS srcaddr,
             {text('dstaddr')} AS dstaddr, {num('srcport', 'INT')} AS srcport,
             {num('dstport', 'INT')} AS dstport, {num('protocol', 'INT')} AS protocol,
             {num('packets', 'BIGINT')} AS packets, {num('bytes', 'BIGINT')} AS bytes,
             {num('start', 'BIGINT')} AS start, {num('end', 'BIGINT')} AS "end",
             {text('action')} AS action, {text('log-status')} AS log_status
      FROM staging_{y}{m}{d})
  TO '{out}' STORED AS PARQUET;""")
    with open(os.path.join(STAGING, "convert.sql"), "w") as f:
        f.write("\n".join(sql) + "\n")


def main():
    rng = random.Random(20261122)
    shutil.rmtree(DEMO, ignore_errors=True)
    write_applogs(rng)
    write_vpcflow_staging(rng)
    print(os.path.join(STAGING, "convert.sql"))


if __name__ == "__main__":
    main()
