#!/usr/bin/env python3
"""Runs LogBench queries in one peer engine, inside the bench venv.

    peers.py --engine duckdb|datafusion|chdb --root DIR_OR_S3_URL --reps N QUERY.sql...
             [--s3-endpoint http://127.0.0.1:PORT]

One process per engine: each table is set up the first time a query needs
it (that time is reported apart, as `setup_s`), then each query runs N
times. Prints one JSON object per query on standard output:
{"query", "setup_s", "times", "peak_rss_kb", "rows", "error"}.
Peak RSS is per query: the kernel's high-water mark is reset before each
query (/proc/self/clear_refs) and read after it.
"""

import argparse
import datetime
import decimal
import json
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
QUERIES = os.path.join(HERE, "queries")
S3_KEY, S3_SECRET, S3_REGION = "testing", "testing", "us-east-1"


def table_of(sql_text):
    m = re.search(r"^-- table: (\w+)", sql_text, re.M)
    if not m:
        raise ValueError("query file has no '-- table:' line")
    return m.group(1)


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def peak_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def plain(v):
    """A value JSON can carry, text where the type has no JSON form."""
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, (datetime.datetime, datetime.date)):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return float(v)
    return str(v)


class DuckDb:
    name = "duckdb"

    def __init__(self, root, endpoint):
        import duckdb
        self.con = duckdb.connect()
        self.root = root
        if endpoint:
            import duckdb_ext  # noqa: F401  (the PyPI package that ships httpfs)
            ext_dir = os.path.join(os.path.dirname(duckdb_ext.__path__[0] + "/"), "extensions")
            self.con.execute(f"SET extension_directory = '{ext_dir}'")
            self.con.execute("LOAD httpfs")
            host = endpoint.split("://", 1)[1]
            self.con.execute(
                f"CREATE SECRET bench (TYPE s3, KEY_ID '{S3_KEY}', SECRET '{S3_SECRET}', "
                f"REGION '{S3_REGION}', ENDPOINT '{host}', URL_STYLE 'path', USE_SSL false)")
        self.run_script(open(os.path.join(QUERIES, "setup", "duckdb", "macros.sql")).read())

    def run_script(self, text):
        self.con.execute(text)

    def setup(self, table):
        sql = open(os.path.join(QUERIES, "setup", "duckdb", f"{table}.sql")).read()
        self.run_script(sql.replace("{root}", self.root))

    def query(self, sql):
        return self.con.execute(sql).fetchall()


class DataFusion:
    name = "datafusion"

    def __init__(self, root, endpoint):
        from datafusion import SessionConfig, SessionContext
        # AWS writes yyyy/mm/dd/ folders under the table's location; DataFusion
        # ignores files in subfolders unless told otherwise.
        cfg = SessionConfig().set("datafusion.execution.listing_table_ignore_subdirectory", "false")
        self.ctx = SessionContext(cfg)
        self.root = root
        if endpoint:
            from datafusion.object_store import AmazonS3
            bucket = root.split("://", 1)[1].split("/", 1)[0]
            store = AmazonS3(bucket_name=bucket, region=S3_REGION, access_key_id=S3_KEY,
                             secret_access_key=S3_SECRET, endpoint=endpoint, allow_http=True)
            self.ctx.register_object_store("s3://", store, bucket)

    def setup(self, table):
        r = self.root
        if table == "cloudtrail":
            self.ctx.register_json("ct_raw", f"{r}/cloudtrail/", file_extension=".json.gz",
                                   file_compression_type="gzip", schema_infer_max_records=1_000_000)
        elif table == "alb":
            import pyarrow as pa
            names = ["type", "time", "elb", "client", "target", "request_processing_time",
                     "target_processing_time", "response_processing_time", "elb_status_code",
                     "target_status_code", "received_bytes", "sent_bytes", "request", "user_agent",
                     "ssl_cipher", "ssl_protocol", "target_group_arn", "trace_id", "domain_name",
                     "chosen_cert_arn", "matched_rule_priority", "request_creation_time",
                     "actions_executed", "redirect_url", "lambda_error_reason", "target_port_list",
                     "target_status_code_list", "classification", "classification_reason",
                     "conn_trace_id", "transformed_host", "transformed_uri", "request_transform_status"]
            schema = pa.schema([(n, pa.string()) for n in names])
            self.ctx.register_csv("alb_raw", f"{r}/alb/", schema=schema, has_header=False,
                                  delimiter=" ", file_extension=".log.gz", file_compression_type="gzip")
        elif table == "vpcflow":
            import pyarrow as pa
            names = ["version", "account_id", "interface_id", "srcaddr", "dstaddr", "srcport", "dstport",
                     "protocol", "packets", "bytes", "start", "end", "action", "log_status"]
            schema = pa.schema([(n, pa.string()) for n in names])
            self.ctx.register_csv("vpcflow_raw", f"{r}/vpcflow/", schema=schema, has_header=True,
                                  delimiter=" ", file_extension=".log.gz", file_compression_type="gzip")
        elif table == "vpcflow_parquet":
            import pyarrow as pa
            self.ctx.register_parquet("vpcflow_parquet", f"{r}/vpcflow-parquet/",
                                      table_partition_cols=[("year", pa.string()), ("month", pa.string()),
                                                            ("day", pa.string())])
        view = open(os.path.join(QUERIES, "setup", "datafusion", f"{table}.sql")).read()
        if "CREATE" in view:
            self.ctx.sql(view).collect()

    def query(self, sql):
        table = self.ctx.sql(sql).to_arrow_table()
        return [tuple(row.values()) for row in table.to_pylist()]


class ChDb:
    """chDB (ClickHouse in process). Setup files name their sources as
    {source:GLOB:FORMAT:STRUCTURE}, made a file() or s3() table function here."""

    name = "chdb"
    SOURCE = re.compile(r"\{source:([^:}]*):([^:}]*):([^}]*)\}")

    def __init__(self, root, endpoint):
        from chdb import session
        self.sess = session.Session()
        self.root, self.endpoint = root, endpoint
        self.run_script(open(os.path.join(QUERIES, "setup", "chdb", "functions.sql")).read())

    def run_script(self, text):
        body = "\n".join(ln for ln in text.splitlines() if not ln.startswith("--"))
        for stmt in body.split(";"):
            if stmt.strip():
                self.sess.query(stmt, "CSV")

    def source(self, m):
        glob, fmt, structure = m.groups()
        extra = f", '{structure}'" if structure.strip() else ""
        if self.endpoint:
            bucket_path = self.root.split("://", 1)[1]
            return (f"s3('{self.endpoint}/{bucket_path}/{glob}', '{S3_KEY}', '{S3_SECRET}', "
                    f"'{fmt}'{extra})")
        return f"file('{self.root}/{glob}', '{fmt}'{extra})"

    def setup(self, table):
        text = open(os.path.join(QUERIES, "setup", "chdb", f"{table}.sql")).read()
        self.run_script(self.SOURCE.sub(self.source, text))

    def query(self, sql):
        import pyarrow as pa
        res = self.sess.query(sql, "Arrow")
        data = res.bytes() if hasattr(res, "bytes") else bytes(res)
        if not data:
            return []
        table = pa.ipc.open_file(pa.BufferReader(data)).read_all()
        return [tuple(row.values()) for row in table.to_pylist()]


ENGINES = {"duckdb": DuckDb, "datafusion": DataFusion, "chdb": ChDb}


def query_text(engine, path):
    """The engine's own spelling of a query when it has one, else the suite's."""
    own = os.path.join(QUERIES, engine, os.path.basename(path))
    return open(own if os.path.exists(own) else path).read()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--engine", required=True, choices=sorted(ENGINES))
    p.add_argument("--root", required=True)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--s3-endpoint")
    p.add_argument("queries", nargs="+")
    a = p.parse_args()
    try:
        engine = ENGINES[a.engine](a.root, a.s3_endpoint)
    except Exception as e:  # an engine that cannot start fails every query, each saying why
        for q in a.queries:
            print(json.dumps({"query": os.path.basename(q), "error": f"{a.engine}: {e}"}), flush=True)
        return
    ready = {}
    for q in a.queries:
        out = {"query": os.path.basename(q), "setup_s": 0.0, "times": [], "rows": None, "error": None}
        sql = query_text(a.engine, q)
        table = table_of(open(q).read())
        try:
            if table not in ready:
                t0 = time.perf_counter()
                engine.setup(table)
                ready[table] = time.perf_counter() - t0
                out["setup_s"] = ready[table]
            reset_peak()
            for _ in range(a.reps):
                t0 = time.perf_counter()
                rows = engine.query(sql)
                out["times"].append(time.perf_counter() - t0)
            out["peak_rss_kb"] = peak_kb()
            out["rows"] = [[plain(v) for v in row] for row in rows]
        except Exception as e:
            out["error"] = f"{a.engine}: {str(e).splitlines()[0] if str(e) else type(e).__name__}"
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    sys.exit(main())
