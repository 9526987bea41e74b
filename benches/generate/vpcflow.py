"""VPC flow logs, version 2 default fields, twice over the same records:
gzipped text with its header line under
`AWSLogs/<account>/vpcflowlogs/<region>/<yyyy>/<mm>/<dd>/`, and Parquet
partitioned `year=/month=/day=` (written by `to_parquet`, which needs
pyarrow; the text generator itself needs only the standard library).

The VPC has three subnets: web 10.0.1.0/24, app 10.0.2.0/24, db 10.0.3.0/24.
Internet clients reach web on 443, web calls app on 8080, app calls db on
5432; scanners probe common ports and are rejected; a few records are
NODATA/SKIPDATA with `-` fields, as in /work/shared/realdata/vpcflow.
"""

from common import ACCOUNT, HEX, public_ip, rand_str, slot_time, zipf_weights

REGION = "us-east-1"
FLOW_LOG_ID = "fl-0a1b2c3d4e5f67890"
HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"
COLUMNS = ["version", "account_id", "interface_id", "srcaddr", "dstaddr", "srcport", "dstport",
           "protocol", "packets", "bytes", "start", "end", "action", "log_status"]
SCAN_PORTS = [22, 23, 3389, 445, 80, 8080, 1433, 3306, 5900, 6379, 9200, 27017, 2375, 5432, 11211,
              8443, 21, 25, 53, 161]


class Vpc:
    def __init__(self, rng):
        self.hosts = {net: [f"10.0.{net}.{h}" for h in rng.sample(range(4, 250), 12)] for net in (1, 2, 3)}
        self.eni = {ip: "eni-0" + rand_str(rng, 16, HEX) for hosts in self.hosts.values() for ip in hosts}
        self.internet = [public_ip(rng) for _ in range(3000)]
        self.internet_w = zipf_weights(len(self.internet), 1.0)
        self.scanners = [public_ip(rng) for _ in range(200)]


def flow(rng, vpc, end_ts):
    """One record as a tuple of the 14 fields (None for `-`)."""
    start = end_ts - rng.randrange(1, 60)
    kind = rng.choices(["web", "app", "db", "scan", "egress", "nodata"], [34, 24, 14, 14, 12, 2])[0]
    if kind == "nodata":
        eni = vpc.eni[rng.choice(vpc.hosts[rng.choice((1, 2, 3))])]
        status = "SKIPDATA" if rng.random() < 0.05 else "NODATA"
        return (2, ACCOUNT, eni, None, None, None, None, None, None, None, start, end_ts, None, status)
    if kind == "web":
        src, dst = rng.choices(vpc.internet, vpc.internet_w)[0], rng.choice(vpc.hosts[1])
        sport, dport, proto, eni = rng.randrange(1024, 65535), 443, 6, vpc.eni[dst]
    elif kind == "app":
        src, dst = rng.choice(vpc.hosts[1]), rng.choice(vpc.hosts[2])
        sport, dport, proto, eni = rng.randrange(32768, 61000), 8080, 6, vpc.eni[rng.choice((src, dst))]
    elif kind == "db":
        src, dst = rng.choice(vpc.hosts[2]), rng.choice(vpc.hosts[3])
        sport, dport, proto, eni = rng.randrange(32768, 61000), 5432, 6, vpc.eni[rng.choice((src, dst))]
    elif kind == "scan":
        src, dst = rng.choice(vpc.scanners), rng.choice(vpc.hosts[rng.choice((1, 1, 2))])
        dport = rng.choices(SCAN_PORTS, zipf_weights(len(SCAN_PORTS), 0.9))[0]
        sport, proto, eni = rng.randrange(1024, 65535), 17 if dport in (53, 161) else 6, vpc.eni[dst]
    else:
        src, dst = rng.choice(vpc.hosts[rng.choice((1, 2))]), rng.choice(vpc.internet[:50])
        sport, dport, proto, eni = rng.randrange(32768, 61000), rng.choice([443, 443, 80, 123]), 6, vpc.eni[src]
        if dport == 123:
            proto = 17
    # Only scanner probes and a sliver of other traffic are refused.
    reject = kind == "scan" and dport != 80 or (kind != "scan" and rng.random() < 0.01)
    packets = rng.randint(1, 3) if reject else rng.randint(2, 400)
    size = packets * (rng.randrange(40, 60) if reject else rng.randrange(60, 1460))
    return (2, ACCOUNT, eni, src, dst, sport, dport, proto, packets, size, start, end_ts,
            "REJECT" if reject else "ACCEPT", "OK")


def text_line(rec):
    return " ".join("-" if v is None else str(v) for v in rec)


def records(rng, vpc, end, target):
    out, size = [], len(HEADER) + 1
    base = int(end.timestamp())
    while size < target:
        rec = flow(rng, vpc, base - rng.randrange(0, 600))
        out.append(rec)
        size += 113
    return out


def write_file(root, rng, vpc, index, count, target):
    """Returns (relative path, gzipped-text body, records, end time)."""
    end = slot_time(index, count, rng)
    recs = records(rng, vpc, end, target)
    body = (HEADER + "\n" + "\n".join(text_line(r) for r in recs) + "\n").encode()
    rel = (f"AWSLogs/{ACCOUNT}/vpcflowlogs/{REGION}/{end:%Y/%m/%d}/"
           f"{ACCOUNT}_vpcflowlogs_{REGION}_{FLOW_LOG_ID}_{end:%Y%m%dT%H%MZ}_{rand_str(rng, 8, HEX)}.log.gz")
    return rel, body, recs, end


def to_parquet(path, recs):
    """Writes records as AWS's Parquet delivery types them."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = [pa.int32(), pa.string(), pa.string(), pa.string(), pa.string(), pa.int32(), pa.int32(),
             pa.int32(), pa.int64(), pa.int64(), pa.int64(), pa.int64(), pa.string(), pa.string()]
    cols = list(zip(*recs)) if recs else [[] for _ in COLUMNS]
    table = pa.table({name: pa.array(list(col), type=t) for name, col, t in zip(COLUMNS, cols, types)})
    pq.write_table(table, path, compression="snappy", row_group_size=128 * 1024)


def parquet_rel(end, text_rel):
    name = text_rel.rsplit("/", 1)[1].replace(".log.gz", ".parquet")
    return f"year={end:%Y}/month={end:%m}/day={end:%d}/{name}"

